import { describe, expect, it } from 'vitest';
import {
  LeaseRefills,
  NOT_REACHED,
  REACHED,
  refusedIndex,
} from '../../../src/redis/lease-refills.ts';

const rate = { limit: 10, periodMs: 1000, burst: 10 };

describe('LeaseRefills', () => {
  it('registers a refill for the keys that have none, until it settles', async () => {
    const refills = new LeaseRefills();
    const first = refills.start(['a', 'b']);
    const second = refills.start(['b', 'c']); // b already has one: only c is its
    const forB = refills.find(['b']);
    const forC = refills.find(['x', 'c']);
    expect(refills.size).toBe(3);
    expect(refills.find(['x'])).toBeUndefined();
    first(NOT_REACHED);
    first(REACHED); // the first settlement counts
    expect(await forB).toBe(NOT_REACHED);
    expect(refills.has('a') || refills.has('b')).toBe(false);
    expect(refills.has('c')).toBe(true);
    const refused = { reached: true, refused: { key: 'c', cost: 5, waitMs: 40 } };
    second(refused);
    expect(await forC).toBe(refused);
    expect(refills.size).toBe(0);
  });
});

describe('refusedIndex', () => {
  const refused = { key: 'tokens', cost: 50, waitMs: 100 };
  it('refuses a waiter asking at least the refused cost of the refused bucket', () => {
    const spends = [
      { key: 'requests', rate, cost: 1 },
      { key: 'tokens', rate, cost: 50 },
    ];
    expect(refusedIndex(refused, spends)).toBe(1);
    expect(refusedIndex(refused, [{ key: 'tokens', rate, cost: 80 }])).toBe(0);
  });

  it('leaves a smaller cost, another bucket or no refusal to Redis', () => {
    expect(refusedIndex(refused, [{ key: 'tokens', rate, cost: 49 }])).toBe(-1);
    expect(refusedIndex(refused, [{ key: 'requests', rate, cost: 50 }])).toBe(-1);
    expect(refusedIndex(undefined, [{ key: 'tokens', rate, cost: 50 }])).toBe(-1);
  });
});
