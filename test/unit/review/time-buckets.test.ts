/**
 * Actions over time: buckets widen up a ladder to stay few, every request is counted exactly once
 * whatever the widening (property), gaps come out as zeros, and a fixed width is kept.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimeBuckets } from '../../../src/review/time-buckets.ts';
import { loggedRecord } from '../../helpers/record-arbitrary.ts';

const T0 = Date.parse('2026-12-01T00:00:00.000Z');
const at = (ms: number, action: 'allow' | 'block' = 'allow') =>
  loggedRecord({ ts: new Date(T0 + ms).toISOString(), action });

describe('TimeBuckets', () => {
  it('counts every request once, at any span, in at most the rows asked for (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 30 * 86_400_000 }), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 1, max: 60 }),
        (offsets, rows) => {
          const buckets = new TimeBuckets(undefined);
          for (const offset of offsets) buckets.add(at(offset));
          const series = buckets.report(rows);
          expect(series.buckets.reduce((sum, b) => sum + b.requests, 0)).toBe(offsets.length);
          // The widest bucket is a week: 30 days take at most 6, whatever the rows asked for.
          expect(series.buckets.length).toBeLessThanOrEqual(Math.max(rows, 6));
          for (const b of series.buckets) expect(Date.parse(b.start) % series.bucket_ms).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('lists empty buckets between busy ones as zeros, by action', () => {
    const buckets = new TimeBuckets(undefined);
    buckets.add(at(0));
    buckets.add(at(500, 'block'));
    buckets.add(at(3_200));
    const series = buckets.report(48);
    expect(series.bucket_ms).toBe(1000);
    expect(series.buckets.map((b) => [b.requests, b.actions.block])).toEqual([
      [2, 1],
      [0, 0],
      [0, 0],
      [1, 0],
    ]);
  });

  it('keeps a fixed width', () => {
    const buckets = new TimeBuckets(3_600_000);
    for (let minute = 0; minute < 180; minute++) buckets.add(at(minute * 60_000));
    const series = buckets.report(2);
    expect(series.bucket_ms).toBe(3_600_000);
    expect(series.buckets.map((b) => b.requests)).toEqual([60, 60, 60]);
  });
});
