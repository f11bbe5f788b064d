/**
 * The bounded table behind review and backtest summaries: it never holds more than its capacity,
 * drops the lowest-ranked first and counts them, marks entries made after a drop as partial, and
 * keeps none of the memory of the strings it was given.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BoundedTable,
  countInto,
  firstInOrder,
  Interner,
  ownString,
  topCounts,
} from '../../../src/util/bounded-table.ts';

interface Entry {
  partial: boolean;
  readonly key: string;
  rank: number;
}

describe('BoundedTable', () => {
  it('stays within capacity, dropping the lowest-ranked half, and says so', () => {
    const table = new BoundedTable<Entry>(
      10,
      (key) => ({ partial: false, key, rank: 0 }),
      (e) => e.rank,
    );
    for (let i = 0; i < 10; i++) table.get(`k${i}`).rank = i;
    expect(table.dropped).toBe(0);
    const late = table.get('late');
    expect(table.size).toBe(6);
    expect(table.dropped).toBe(5);
    expect(late.partial).toBe(true);
    expect(table.peek('k0')).toBeUndefined();
    expect(table.peek('k9')?.partial).toBe(false);
    for (let i = 0; i < 1000; i++) table.get(`more${i}`);
    expect(table.size).toBeLessThanOrEqual(10);
  });

  it('copies strings it keeps, and interns and counts small vocabularies', () => {
    const line = `{"account":"acct_${'x'.repeat(40)}"}`;
    const slice = line.slice(12, 62);
    expect(ownString(slice)).toBe(slice);
    const names = new Interner(2);
    expect(names.get('a')).toBe('a');
    expect(names.get(null)).toBeNull();
    const counts = new Map<string, number>();
    for (const key of ['a', 'b', 'a', 'c', 'a', 'b']) countInto(counts, key, 2);
    expect(topCounts(counts, 5)).toEqual([
      { name: 'a', count: 3 },
      { name: 'b', count: 2 },
    ]);
  });
});

describe('firstInOrder', () => {
  it('is the head of a stable sort (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ k: fc.integer({ min: 0, max: 20 }), i: fc.nat() })),
        fc.nat(30),
        (items, count) => {
          const compare = (a: { k: number }, b: { k: number }): number => b.k - a.k;
          expect(firstInOrder(items, count, compare)).toEqual(
            [...items].sort(compare).slice(0, count),
          );
        },
      ),
    );
  });
});
