/**
 * Reading a record line back: the fast scanner and the JSON.parse fallback give the same record
 * for every line the serializer can write (property), the fast path takes every line without
 * escapes, older versions read with their missing fields as null, and a damaged line is a named
 * problem — never an exception, never the line's content.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIELDS, type LoggedRecord } from '../../../src/decision-log/logged-record.ts';
import { parseTime } from '../../../src/decision-log/parse-time.ts';
import { parseRecordLine, parseValues } from '../../../src/decision-log/parse-record.ts';
import type { DecisionRecord } from '../../../src/decision-log/record.ts';
import { scanRecord } from '../../../src/decision-log/scan-record.ts';
import { serializeDecisionRecord } from '../../../src/decision-log/serialize-record.ts';
import { arrivalOf } from '../../../src/util/request-id.ts';
import {
  plainText,
  recordArbitrary,
  recordArbitraryOf,
  withProxyIds,
} from '../../helpers/record-arbitrary.ts';

/** What a line must read back as: JSON's own reading of it, plus the parsed time and arrival. */
function expected(line: string): unknown {
  const parsed = JSON.parse(line) as DecisionRecord;
  return { ...parsed, time: Date.parse(parsed.ts), arrival: arrivalOf(parsed.request_id) };
}

function read(line: string): LoggedRecord {
  const parsed = parseRecordLine(line);
  if (typeof parsed === 'string') throw new Error(`unreadable: ${parsed}`);
  return parsed;
}

const sample = (): DecisionRecord =>
  fc.sample(recordArbitraryOf(plainText), { numRuns: 1, seed: 42 })[0] as DecisionRecord;

describe('parseRecordLine', () => {
  it('reads back every record the serializer writes, as JSON.parse would (property)', () => {
    fc.assert(
      fc.property(withProxyIds(recordArbitrary), (record) => {
        const line = serializeDecisionRecord(record);
        expect(read(line)).toEqual(expected(line));
      }),
      { numRuns: 400 },
    );
  });

  it('takes the fast path for every line without escapes, with the same result (property)', () => {
    fc.assert(
      fc.property(withProxyIds(recordArbitraryOf(plainText)), (record) => {
        const line = serializeDecisionRecord(record);
        const fast = scanRecord(line);
        expect(fast).toBeDefined();
        expect(fast).toEqual(expected(line));
      }),
      { numRuns: 400 },
    );
  });

  it('reads a line in another layout (spaces, key order) through the fallback', () => {
    const record = sample();
    const reordered = JSON.stringify(
      Object.fromEntries(Object.entries(record).reverse()),
      null,
      1,
    ).replace(/\n/g, ' ');
    expect(scanRecord(reordered)).toBeUndefined();
    expect(read(reordered)).toEqual(expected(serializeDecisionRecord(record)));
  });

  it('reads versions 2 to 6 with the fields they lack as null, and refuses others', () => {
    const record = sample();
    const without = (version: number, ...fields: string[]): string =>
      JSON.stringify(
        Object.fromEntries(
          Object.entries({ ...record, v: version }).filter(([key]) => !fields.includes(key)),
        ),
      );
    const v6 = read(without(6, 'tokens_out_estimated'));
    expect([v6.v, v6.tokens_out_estimated, v6.tokens_out]).toEqual([6, null, record.tokens_out]);
    const v4 = read(without(4, 'end_user', 'templates', 'activation', 'tokens_out_estimated'));
    expect([v4.v, v4.end_user, v4.templates, v4.activation]).toEqual([4, null, null, null]);
    expect(v4.tokens_out_estimated).toBeNull();
    expect(v4.score).toBe(record.score);
    const v3 = read(without(3, 'end_user', 'templates', 'activation', 'degraded'));
    expect(v3.degraded).toBeNull();
    const v2 = read(without(2, 'end_user', 'templates', 'activation', 'degraded', 'cluster'));
    expect([v2.cluster, v2.account]).toEqual([null, record.account]);
    expect(parseRecordLine(without(1))).toBe('unsupported record version 1');
    expect(parseRecordLine(without(10))).toBe('unsupported record version 10');
  });

  it('reads a v5 end_user (a 32-bit number) as its decimal string, on both paths, mixed with v6', () => {
    const v6 = serializeDecisionRecord({ ...sample(), end_user: '00ff00ff00ff00ff' })
      .replace('{"v":9,', '{"v":6,')
      .replace(/,"tokens_out_estimated":(true|false)/, '');
    const v5 = v6
      .replace('{"v":6,', '{"v":5,')
      .replace('"end_user":"00ff00ff00ff00ff"', '"end_user":77');
    expect(v5).not.toBe(v6);
    expect(scanRecord(v5)?.end_user).toBe('77');
    expect(scanRecord(v6)?.end_user).toBe('00ff00ff00ff00ff');
    const fallback = JSON.stringify(
      Object.fromEntries(Object.entries(JSON.parse(v5) as object).reverse()),
    );
    expect(scanRecord(fallback)).toBeUndefined();
    expect(read(fallback)).toMatchObject({ v: 5, end_user: '77' });
    expect(read(v5)).toEqual(read(fallback));
    expect(parseRecordLine(v6.replace('"end_user":"00ff00ff00ff00ff"', '"end_user":true'))).toBe(
      'end_user: malformed',
    );
  });

  it('reads tokens_out_estimated (v7 on) on both paths, and a v6 line without it as null', () => {
    const v8 = serializeDecisionRecord({
      ...sample(),
      tokens_out: 1234,
      tokens_out_estimated: true,
    });
    expect(v8).toContain('"tokens_out":1234,"tokens_out_estimated":true,"bytes_out":');
    const v7 = v8.replace('{"v":9,', '{"v":7,');
    const v6 = v8.replace('{"v":9,', '{"v":6,').replace(',"tokens_out_estimated":true', '');
    const reordered = (line: string): string =>
      JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(line) as object).reverse()));
    for (const [line, v, estimated] of [
      [v8, 9, true],
      [v8.replace('"tokens_out_estimated":true', '"tokens_out_estimated":false'), 9, false],
      [v7, 7, true],
      [v6, 6, null],
    ] as const) {
      expect(scanRecord(line), line).toMatchObject({ v, tokens_out: 1234 });
      expect(scanRecord(line)?.tokens_out_estimated).toBe(estimated);
      expect(scanRecord(reordered(line))).toBeUndefined();
      expect(read(reordered(line))).toEqual(read(line));
    }
    expect(
      parseRecordLine(v8.replace('"tokens_out_estimated":true', '"tokens_out_estimated":1')),
    ).toBe('tokens_out_estimated: malformed');
  });

  it('names what is wrong with a damaged line, and never quotes it', () => {
    const line = serializeDecisionRecord({ ...sample(), request_id: 'req_secretish' });
    const cases: [string, string][] = [
      [line.slice(0, 200), 'not JSON (truncated or damaged)'],
      ['garbage req_secretish', 'not JSON'],
      ['[1,2]', 'not a JSON object'],
      ['{"hello":1}', 'v: missing (not a decision record)'],
      [
        line
          .replace('"score":', '"score":"high",')
          .replace(/"score":"high",[^,]*,/, '"score":"high",'),
        'score: malformed',
      ],
      [line.replace(/"action":"[a-z]+"/, '"action":"explode"'), 'action: unknown action'],
      [line.replace(/"ts":"[^"]+"/, '"ts":"yesterday"'), 'ts: not an ISO 8601 time'],
    ];
    for (const [text, problem] of cases) {
      const parsed = parseRecordLine(text);
      expect(parsed, text.slice(0, 40)).toBe(problem);
      expect(parsed).not.toContain('secretish');
    }
    expect(parseValues(line.replace(/,"tier":[^,]*/, ''))).toBe('tier: missing');
  });

  it('never throws on a truncated or corrupted line (property)', () => {
    const line = serializeDecisionRecord(sample());
    fc.assert(
      fc.property(
        fc.nat({ max: line.length - 1 }),
        fc.integer({ min: 0, max: 255 }),
        fc.boolean(),
        (at, byte, truncate) => {
          const damaged = truncate
            ? line.slice(0, at)
            : line.slice(0, at) + String.fromCharCode(byte) + line.slice(at + 1);
          const parsed = parseRecordLine(damaged);
          if (truncate) expect(typeof parsed).toBe('string');
          // A damaged version digit can make a readable older record ("v":2 … "v":6).
          else if (typeof parsed !== 'string') expect([2, 3, 4, 5, 6, 7, 8, 9]).toContain(parsed.v);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('reads numbers exactly, exponents and long fractions included', () => {
    const record = sample();
    for (const score of [0, 1, 0.1, 0.805, 1e-7, 0.30000000000000004, 5e-324]) {
      const line = serializeDecisionRecord({ ...record, score });
      expect(read(line).score).toBe(score);
      expect(scanRecord(line)?.score).toBe(score);
    }
  });
});

describe('parseTime', () => {
  it('reads ISO times exactly as Date.parse does, and anything else through it (property)', () => {
    fc.assert(
      fc.property(
        fc.date({
          noInvalidDate: true,
          min: new Date(0),
          max: new Date('9999-12-31T23:59:59.999Z'),
        }),
        fc.string({ maxLength: 3 }),
        fc.nat({ max: 23 }),
        (date, noise, at) => {
          const iso = date.toISOString();
          expect(parseTime(iso)).toBe(date.getTime());
          const damaged = iso.slice(0, at) + noise + iso.slice(at + noise.length);
          expect(parseTime(damaged)).toEqual(Date.parse(damaged));
        },
      ),
      { numRuns: 1000 },
    );
    expect(parseTime('2026-02-31T00:00:00.000Z')).toEqual(Date.parse('2026-02-31T00:00:00.000Z'));
  });
});

describe('the fast scanner’s key check', () => {
  it('tells apart every pair of keys that can meet at one place (an optional field and those after it)', () => {
    const key = (name: string): string => `,"${name}":`;
    const sign = (name: string): string => `${key(name).length}:${name[0] ?? ''}`;
    for (const [i, spec] of FIELDS.entries()) {
      if (!spec.optional) continue;
      const meet = [spec.name];
      for (const next of FIELDS.slice(i + 1)) {
        meet.push(next.name);
        if (!next.optional) break;
      }
      expect(new Set(meet.map(sign)).size, meet.join(' ')).toBe(meet.length);
    }
  });
});
