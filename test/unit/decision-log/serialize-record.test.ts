import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DecisionRecord } from '../../../src/decision-log/record.ts';
import { serializeDecisionRecord } from '../../../src/decision-log/serialize-record.ts';
import { recordArbitrary } from '../../helpers/record-arbitrary.ts';

describe('serializeDecisionRecord', () => {
  it('is a single line of JSON that parses back to the same record (property)', () => {
    fc.assert(
      fc.property(recordArbitrary, (record) => {
        const line = serializeDecisionRecord(record);
        expect(line).not.toMatch(/[\n\r]/);
        expect(JSON.parse(line)).toEqual(JSON.parse(JSON.stringify(record)));
      }),
      { numRuns: 500 },
    );
  });

  it("is byte for byte JSON.stringify's line (property; the arbitrary keeps the record's key order)", () => {
    fc.assert(
      fc.property(recordArbitrary, (record) => {
        expect(serializeDecisionRecord(record)).toBe(JSON.stringify(record));
      }),
      { numRuns: 500 },
    );
  });

  it('writes non-finite numbers as null, as JSON.stringify would', () => {
    const [record] = fc.sample(recordArbitrary, { numRuns: 1, seed: 7 });
    const hostile = {
      ...record!,
      bytes_in: Number.NaN,
      latency_ms: { ...record!.latency_ms, total: Number.POSITIVE_INFINITY },
    };
    const parsed = JSON.parse(serializeDecisionRecord(hostile)) as DecisionRecord;
    expect(parsed.bytes_in).toBeNull();
    expect(parsed.latency_ms.total).toBeNull();
  });
});
