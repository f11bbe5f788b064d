import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_NUMBER_BYTES, writeNumber } from '../../../src/decision-log/format-number.ts';
import { roundMs } from '../../../src/decision-log/record.ts';

/** What writeNumber writes at an offset, between bytes it must leave alone. */
function formatNumber(value: number): string {
  const bytes = Buffer.alloc(3 + MAX_NUMBER_BYTES + 3, 0x7e);
  const end = writeNumber(bytes, 3, value);
  if (bytes.toString('latin1', 0, 3) !== '~~~' || bytes.subarray(end).some((b) => b !== 0x7e))
    throw new Error(`${String(value)}: written outside its bytes`);
  return bytes.toString('latin1', 3, end);
}

describe('writeNumber', () => {
  it('is String() for every millisecond value of the first hour, rounded to microseconds', () => {
    for (let k = 0; k <= 3_600_000; k += 7) {
      const value = k / 1000;
      if (formatNumber(value) !== String(value)) expect(formatNumber(value)).toBe(String(value));
    }
  });

  it('is String() for rounded latencies, scores, fingerprints and any double (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double({ min: 0, max: 1e9, noNaN: true }).map(roundMs),
          fc.double({ min: 0, max: 1, noNaN: true }).map((x) => Math.round(x * 1000) / 1000),
          fc.integer({ min: 0, max: 2 ** 40 }).map((x) => x * 8191),
          fc.maxSafeInteger(),
          fc.integer({ min: 0, max: 100_000 }),
          fc.integer({ min: 0, max: 1e6 }).map((x) => Number.MAX_SAFE_INTEGER - x),
          fc.integer({ min: 1, max: 9_007_199 }).map((x) => x * 1e9 - 1),
          fc.double({ noNaN: true, noDefaultInfinity: true }),
        ),
        (value) => {
          expect(formatNumber(value)).toBe(String(value));
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('is String() at the edges of its fast paths', () => {
    for (const value of [
      0,
      -0,
      1,
      9,
      10,
      99,
      100,
      200,
      1e15,
      1e15 - 1,
      Number.MAX_SAFE_INTEGER - 1,
      -1,
      -42,
      0.1,
      0.01,
      0.011,
      0.999,
      1.5,
      10.05,
      100.101,
      1e-7,
      0.001,
      0.0005,
      1e8 - 1,
      1e8,
      999_999_999.999,
      1e9,
      1e9 + 0.5,
      -0.25,
      Number.MAX_SAFE_INTEGER,
      2 ** 53,
      2 ** 53 + 2,
      1e21,
      5e-324,
      0.1 + 0.2,
    ])
      expect(formatNumber(value)).toBe(String(value));
  });
});
