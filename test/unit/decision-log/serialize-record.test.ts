import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DecisionRecord } from '../../../src/decision-log/record.ts';
import { activationOf } from '../../../src/detection/combine-score.ts';
import { FAMILIES } from '../../../src/detection/family-names.ts';
import {
  encodeDecisionRecord,
  serializeDecisionRecord,
} from '../../../src/decision-log/serialize-record.ts';
import {
  decisionRecord,
  recordArbitrary,
  recordArbitraryOf,
} from '../../helpers/record-arbitrary.ts';

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

/** A record with some fields (top level and nested) made undefined, as JSON.stringify leaves out. */
const withUndefined = fc
  .tuple(recordArbitrary, fc.array(fc.nat(), { maxLength: 12 }))
  .map(([record, picks]) => {
    const copy = structuredClone(record) as unknown as Record<string, unknown>;
    const keys = Object.keys(copy);
    for (const pick of picks) {
      const key = keys[pick % keys.length]!;
      const value = copy[key];
      // Half the picks reach into a nested object (shadow, cluster, decoys, latency_ms, a factor).
      if (pick % 2 === 0 && value !== null && typeof value === 'object' && !Array.isArray(value)) {
        const inner = value as Record<string, unknown>;
        const innerKeys = Object.keys(inner);
        if (innerKeys.length > 0) inner[innerKeys[pick % innerKeys.length]!] = undefined;
      } else if (pick % 3 === 0 && Array.isArray(value) && value.length > 0) {
        const item: unknown = value[0];
        if (item !== null && typeof item === 'object')
          (item as { value?: unknown }).value = undefined;
        else value[0] = undefined;
      } else copy[key] = undefined;
    }
    return copy as unknown as DecisionRecord;
  });

describe('encodeDecisionRecord', () => {
  const bytesOf = (record: DecisionRecord) => Buffer.from(encodeDecisionRecord(record));

  it("is byte for byte JSON.stringify's line as UTF-8, for binary strings (property)", () => {
    fc.assert(
      fc.property(recordArbitrary, (record) => {
        expect(bytesOf(record).equals(Buffer.from(JSON.stringify(record)))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('is byte for byte JSON.stringify for any unicode: astral, combining, RTL (property)', () => {
    const unicode = recordArbitraryOf(fc.string({ unit: 'grapheme', maxLength: 30 }));
    fc.assert(
      fc.property(unicode, (record) => {
        expect(bytesOf(record).equals(Buffer.from(JSON.stringify(record)))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves out undefined fields as JSON.stringify does, at the top and nested (property)', () => {
    fc.assert(
      fc.property(withUndefined, (record) => {
        expect(bytesOf(record).toString('utf8')).toBe(JSON.stringify(record));
      }),
      { numRuns: 500 },
    );
  });

  it('grows past its buffer for a record of hostile long strings, and keeps working', () => {
    const long = 'é"\\\u0001\ud800'.repeat(20_000);
    const record = decisionRecord({ reason: long, labels: [long, 'x'], detail: long });
    expect(bytesOf(record).equals(Buffer.from(JSON.stringify(record)))).toBe(true);
    const plain = decisionRecord();
    expect(bytesOf(plain).toString('utf8')).toBe(JSON.stringify(plain));
  });

  it('writes an activation key it does not know (any text) as JSON does', () => {
    const activation = { volume: 0.5, 'é"\n🙂': 0.25 } as unknown as DecisionRecord['activation'];
    const record = decisionRecord({ activation });
    expect(bytesOf(record).toString('utf8')).toBe(JSON.stringify(record));
  });

  it("writes a score's activation (a field a family, undefined at 0) as its non-zero families", () => {
    const vector = new Float64Array(FAMILIES.length);
    vector[FAMILIES.indexOf('elicitation')] = 0.5;
    vector[FAMILIES.indexOf('cluster')] = 0.875;
    const activation = activationOf(vector);
    const record = decisionRecord({ activation });
    const line = bytesOf(record).toString('utf8');
    expect(line).toBe(JSON.stringify(record));
    expect((JSON.parse(line) as DecisionRecord).activation).toStrictEqual({
      elicitation: 0.5,
      cluster: 0.875,
    });
    expect(JSON.stringify(activationOf(new Float64Array(FAMILIES.length)))).toBe('{}');
  });

  it('returns a view the next call overwrites (callers copy it first)', () => {
    const first = encodeDecisionRecord(decisionRecord({ request_id: 'req_first' }));
    const copy = Buffer.from(first);
    encodeDecisionRecord(decisionRecord({ request_id: 'req_other' }));
    expect(JSON.parse(copy.toString('utf8'))).toMatchObject({ request_id: 'req_first' });
  });
});
