import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoTime } from '../../../src/pipeline/record-decision.ts';

describe('isoTime', () => {
  it('is toISOString, whatever order the timestamps come in (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.integer({ min: 0, max: 8.64e15 }),
            fc.integer({ min: 1_764_000_000_000, max: 1_764_000_003_000 }),
            fc.double({ min: 0, max: 4e12, noNaN: true }),
          ),
          { minLength: 1, maxLength: 20 },
        ),
        (times) => {
          for (const ms of times) expect(isoTime(ms)).toBe(new Date(ms).toISOString());
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('keeps the milliseconds of timestamps that alternate within a second and across one', () => {
    const base = Date.parse('2026-12-03T14:50:34.000Z');
    for (const ms of [base + 5, base + 999, base + 1000, base + 50, base + 1007, base - 1])
      expect(isoTime(ms)).toBe(new Date(ms).toISOString());
  });
});
