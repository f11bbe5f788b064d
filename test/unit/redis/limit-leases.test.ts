import { describe, expect, it } from 'vitest';
import { LeaseTable } from '../../../src/redis/limit-leases.ts';

const rate = { limit: 100, periodMs: 1000, burst: 100 };
const spend = (key: string, cost: number) => ({ key, rate, cost });

describe('LeaseTable', () => {
  it('admits from leases only when every bucket is covered (all or nothing)', () => {
    const leases = new LeaseTable(2000, 100);
    leases.grant('a', rate, 5, 0, 40, 500);
    leases.grant('b', rate, 1, 0);
    expect(leases.take([spend('a', 2), spend('b', 2)], 10)).toBeUndefined();
    expect(leases.get('a', 10)?.units).toBe(5); // untouched
    expect(leases.take([spend('a', 2), spend('b', 1)], 10)).toEqual({
      remaining: [43, 0],
      resetMs: [490, 0],
    });
    expect(leases.take([spend('c', 1)], 10)).toBeUndefined();
  });

  it('expires after its ttl; a surrender empties it; grants are capped at the burst', () => {
    const leases = new LeaseTable(2000, 100);
    leases.grant('a', rate, 500, 0);
    expect(leases.get('a', 0)?.units).toBe(100);
    expect(leases.surrender('a', 10)).toBe(100);
    expect(leases.get('a', 10)?.units).toBe(0);
    leases.grant('a', rate, 7, 10);
    expect(leases.take([spend('a', 1)], 2011)).toBeUndefined();
    const given: [string, number][] = [];
    leases.sweep(2011, (key, _rate, units) => given.push([key, units]));
    expect(given).toEqual([['a', 7]]);
    expect(leases.size).toBe(0);
  });

  it('absorbs settlements: refunds kept (up to the burst), overage taken, the rest returned', () => {
    const leases = new LeaseTable(2000, 100);
    expect(leases.absorb('a', -5, 0)).toBe(-5); // no lease: all of it goes to Redis
    leases.grant('a', rate, 90, 0);
    expect(leases.absorb('a', -20, 0)).toBe(-10);
    expect(leases.get('a', 0)?.units).toBe(100);
    expect(leases.absorb('a', 130, 0)).toBe(30);
    expect(leases.get('a', 0)?.units).toBe(0);
  });

  it('gives leases back past its key bound, oldest first, and all of them on drain', () => {
    const leases = new LeaseTable(2000, 2);
    for (const key of ['a', 'b', 'c']) leases.grant(key, rate, 1, 0);
    const given: string[] = [];
    leases.sweep(0, (key) => given.push(key));
    expect(given).toEqual(['a']);
    leases.drain((key) => given.push(key));
    expect(given).toEqual(['a', 'b', 'c']);
  });
});
