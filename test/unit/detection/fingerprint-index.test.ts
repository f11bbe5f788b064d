import { describe, expect, it } from 'vitest';
import { FingerprintIndex, MAX_LOAD } from '../../../src/detection/fingerprint-index.ts';
import { fingerprint } from '../../../src/signals/hash.ts';

const key = (n: number): number => fingerprint(3, Math.imul(n, 0x9e3779b1) >>> 0 || 1);

describe('FingerprintIndex', () => {
  it('finds what it inserted and nothing else', () => {
    const index = new FingerprintIndex(1024);
    const slot = index.slotOf(key(1));
    expect(slot).toBeGreaterThanOrEqual(0);
    expect(index.slotOf(key(1))).toBe(slot);
    expect(index.find(key(1))).toBe(slot);
    expect(index.find(key(2))).toBe(-1);
    expect(index.size).toBe(1);
  });

  it('counts distinct accounts per key, not requests', () => {
    const index = new FingerprintIndex(1024);
    const slot = index.slotOf(key(7));
    let estimate = 0;
    for (let request = 0; request < 50; request++) estimate = index.touch(slot, 1234, 0, 0);
    expect(estimate).toBeLessThan(1.5);
    for (let account = 0; account < 10; account++)
      estimate = index.touch(slot, 0x1000 + account * 977, 0, 0);
    expect(estimate).toBeGreaterThan(8);
    expect(estimate).toBeLessThan(14);
  });

  it('answers groupOfKey for clustered keys only, through compaction', () => {
    const index = new FingerprintIndex(1024);
    const clustered = index.slotOf(key(1));
    index.slotOf(key(2));
    expect(index.groupOfKey(key(1))).toBe(-1);
    index.setGroup(clustered, 5);
    expect(index.groupOfKey(key(1))).toBe(5);
    expect(index.groupOfKey(key(2))).toBe(-1);
    expect(index.groupOfKey(key(3))).toBe(-1);

    // Kept by its cluster: still answered after the rehash.
    index.touch(index.find(key(1)), 1, 10, 0);
    expect(index.compact(0, 0, (group) => group === 5).size).toBe(0);
    expect(index.groupOfKey(key(1))).toBe(5);

    // Stale and no longer kept: dropped, its cluster released, the filter forgets it.
    const released = index.compact(100, 100, () => false);
    expect([...released]).toEqual([5]);
    expect(index.groupOfKey(key(1))).toBe(-1);
    expect(index.find(key(1))).toBe(-1);
  });

  it('refuses keys beyond its load limit and counts them', () => {
    const index = new FingerprintIndex(1024);
    const limit = index.capacity * MAX_LOAD;
    for (let n = 1; n <= limit + 10; n++) index.slotOf(key(n));
    expect(index.size).toBe(limit);
    expect(index.refused).toBe(10);
    expect(index.slotOf(key(1))).toBeGreaterThanOrEqual(0); // a known key is still found
  });
});
