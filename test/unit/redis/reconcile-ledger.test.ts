import { describe, expect, it } from 'vitest';
import { ReconcileLedger } from '../../../src/redis/reconcile-ledger.ts';

const rate = { limit: 10, periodMs: 1000, burst: 10 };

describe('ReconcileLedger', () => {
  it('sums deltas per bucket and seals them with ids kept for every retry', () => {
    const ledger = new ReconcileLedger('r1', 100);
    ledger.add('a', rate, 3);
    ledger.add('a', rate, -1);
    ledger.add('b', rate, 5);
    ledger.add('c', rate, 0);
    const first = ledger.seal();
    expect(first.map((e) => [e.key, e.delta])).toEqual([
      ['a', 2],
      ['b', 5],
    ]);
    const ids = first.map((e) => e.id);
    expect(new Set(ids).size).toBe(2);
    // 'a' applied, 'b' failed: the retry sends 'b' again with the same id; new deltas get a new one.
    ledger.settled(first[0]!);
    ledger.add('b', rate, 1);
    const second = ledger.seal();
    expect(second.map((e) => [e.key, e.delta, e.id])).toEqual([
      ['b', 5, ids[1]],
      ['b', 1, second[1]?.id],
    ]);
    expect(second[1]?.id).not.toBe(ids[1]);
  });

  it('stays bounded: entries past the bound are dropped and counted', () => {
    const ledger = new ReconcileLedger('r1', 2);
    ledger.add('a', rate, 1);
    ledger.add('b', rate, 1);
    ledger.add('c', rate, 1);
    ledger.add('a', rate, 1); // an existing entry still sums
    expect(ledger.size).toBe(2);
    expect(ledger.dropped).toBe(1);
    expect(ledger.seal().map((e) => e.delta)).toEqual([2, 1]);
  });
});
