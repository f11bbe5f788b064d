import fc from 'fast-check';
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
    expect(leases.grant('a', rate, 500, 0)).toBe(400); // to be refunded: never dropped
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

  it('admits nothing from units leased at another rate (a tier change); the next grant takes it', () => {
    const leases = new LeaseTable(2000, 100);
    leases.grant('a', rate, 60, 0);
    // A reload compiles equal rates anew: still the same rate.
    expect(leases.take([{ key: 'a', rate: { ...rate }, cost: 1 }], 10)).toBeDefined();
    const downgraded = { limit: 10, periodMs: 1000, burst: 10 };
    const after = { key: 'a', rate: downgraded, cost: 1 };
    expect(leases.take([after], 10)).toBeUndefined();
    expect(leases.lacking([after], 10)).toEqual(['a']);
    // The round trip grants at the new rate: the lease keeps its burst (10) and gives back the
    // 49 it held beyond it plus the 5 just granted, all to be refunded in Redis.
    expect(leases.grant('a', downgraded, 5, 20)).toBe(54);
    expect(leases.get('a', 20)).toMatchObject({ units: 10, rate: downgraded });
    expect(leases.take([after], 20)).toBeDefined();
    // Settlements are clamped to the new burst too.
    expect(leases.absorb('a', -50, 20)).toBe(-49);
    // An expired lease not yet swept keeps its units and its rate until a grant clamps them.
    leases.grant('b', rate, 60, 0);
    expect(leases.grant('b', downgraded, 1, 5000)).toBe(51);
    expect(leases.get('b', 5000)).toMatchObject({ units: 10, rate: downgraded });
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

  it('property: units taken in Redis = units used + units refunded, whatever the order', () => {
    type Op =
      | { op: 'grant'; key: string; units: number }
      | { op: 'take'; key: string; cost: number }
      | { op: 'surrender'; key: string; units: number }
      | { op: 'refundSettle'; key: string; units: number }
      | { op: 'tick'; ms: number };
    const key = fc.constantFrom('a', 'b', 'c');
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({
        op: fc.constant('grant' as const),
        key,
        units: fc.integer({ min: 0, max: 150 }),
      }),
      fc.record({ op: fc.constant('take' as const), key, cost: fc.integer({ min: 1, max: 40 }) }),
      fc.record({ op: fc.constant('surrender' as const), key, units: fc.constant(0) }),
      fc.record({
        op: fc.constant('refundSettle' as const),
        key,
        units: fc.integer({ min: 1, max: 60 }),
      }),
      fc.record({ op: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 1500 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const leases = new LeaseTable(2000, 2);
        let now = 0;
        let taken = 0; // spent in Redis and handed to a lease (grants, refunds kept)
        let used = 0; // admitted from a lease, or surrendered to a round trip
        let refunded = 0; // given back to Redis: clamp overflow, sweeps, drain
        const giveBack = (_key: string, _rate: unknown, units: number) => void (refunded += units);
        for (const step of ops) {
          if (step.op === 'grant') {
            taken += step.units;
            refunded += leases.grant(step.key, rate, step.units, now);
          } else if (step.op === 'take') {
            if (leases.take([spend(step.key, step.cost)], now) !== undefined) used += step.cost;
          } else if (step.op === 'surrender') {
            used += leases.surrender(step.key, now);
          } else if (step.op === 'refundSettle') {
            // A settlement's refund kept in the lease comes from Redis's side of the ledger.
            const rest = leases.absorb(step.key, -step.units, now);
            taken += step.units + rest;
          } else {
            now += step.ms;
            leases.sweep(now, giveBack);
          }
        }
        leases.drain(giveBack);
        expect(taken).toBe(used + refunded);
      }),
    );
  });

  it('names the buckets a request lacks and the leases due for renewal', () => {
    const leases = new LeaseTable(2000, 100);
    leases.grant('a', rate, 5, 0);
    leases.grant('b', rate, 1, 1000);
    expect(leases.lacking([spend('a', 2), spend('b', 2), spend('c', 1)], 10)).toEqual(['b', 'c']);
    expect(leases.lacking([spend('a', 5), spend('b', 1)], 10)).toEqual([]);
    const due = leases.expiring([spend('a', 1), spend('b', 1), spend('c', 1)], 1600, 2100);
    expect(due.map((s) => s.key)).toEqual(['a']);
    expect(leases.expiring([spend('a', 1)], 2000, 2500)).toEqual([]); // expired: a miss, not due
  });
});
