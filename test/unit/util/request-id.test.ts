/**
 * Request ids name a request and say where it arrived among its process's requests: the backtest
 * orders requests of one millisecond by that counter.
 */
import { describe, expect, it } from 'vitest';
import { arrivalIn, arrivalOf, createRequestIds } from '../../../src/util/request-id.ts';

describe('request ids', () => {
  it('are unique across processes and give back the order they were made in', () => {
    const one = createRequestIds();
    const two = createRequestIds();
    const ids = Array.from({ length: 2000 }, () => one());
    expect(new Set([...ids, two()]).size).toBe(2001);
    expect(ids.map(arrivalOf)).toEqual(Array.from({ length: 2000 }, (_, i) => i));
  });

  it('read as arrival 0 when they are of another shape', () => {
    for (const id of ['', 'req_', 'req_abcdefghijkl', 'abc_abcdefghijkl12', 'req_abcdefghijklZZ'])
      expect(arrivalOf(id)).toBe(0);
    // Eleven base-36 digits would not be exact in a double.
    expect(arrivalOf(`req_abcdefghijkl${'z'.repeat(11)}`)).toBe(0);
    expect(arrivalOf(`req_abcdefghijkl${'z'.repeat(10)}`)).toBe(36 ** 10 - 1);
  });

  it('are read in place from a line', () => {
    const line = '{"request_id":"req_abcdefghijkl1z"}';
    const start = line.indexOf('req_');
    expect(arrivalIn(line, start, line.indexOf('"', start))).toBe(36 + 35);
  });
});
