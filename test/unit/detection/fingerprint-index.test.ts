import { describe, expect, it } from 'vitest';
import { FingerprintIndex, MAX_LOAD } from '../../../src/detection/fingerprint-index.ts';
import { countSketch } from '../../../src/detection/sketch.ts';
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

  it('hands a forming cluster its accounts so far and whether an established one was among them', () => {
    const index = new FingerprintIndex(1024);
    const slot = index.slotOf(key(9));
    const plain = index.slotOf(key(10));
    for (let account = 0; account < 3; account++) index.touch(slot, 0x2000 + account * 977, 0, 4);
    index.touch(slot, 0x9009, 0, 4, true);
    index.touch(plain, 0x2000, 0, 4);
    const into = new Float64Array(6);
    index.copyAccounts(slot, 4, into, 2);
    expect(countSketch(into, 2)).toBeGreaterThan(3.5);
    expect(countSketch(into, 2)).toBeLessThan(5);
    // In the next epoch the accounts so far are the previous epoch's.
    index.copyAccounts(slot, 5, into, 2);
    expect(into[2]).toBe(0);
    expect(countSketch(into, 2)).toBeGreaterThan(3.5);
    // Two epochs on, nothing is left.
    index.copyAccounts(slot, 6, into, 2);
    expect(countSketch(into, 2)).toBe(0);
    expect(index.usedByEstablished(slot)).toBe(true);
    expect(index.usedByEstablished(plain)).toBe(false);
    // Kept through compaction (both keys shared or recent enough), the mark moves with its key.
    index.compact(-1, -1, () => false);
    expect(index.usedByEstablished(index.find(key(9)))).toBe(true);
    expect(index.usedByEstablished(index.find(key(10)))).toBe(false);
  });

  it('refuses keys beyond its load limit and counts them', () => {
    const index = new FingerprintIndex(1024);
    const limit = index.capacity * MAX_LOAD;
    for (let n = 1; n <= limit + 10; n++) index.slotOf(key(n));
    expect(index.size).toBe(limit);
    expect(index.refused).toBe(10);
    expect(index.slotOf(key(1))).toBeGreaterThanOrEqual(0); // a known key is still found
  });

  it('stays usable between the steps of a compaction, and ends as one in one go would', () => {
    const fill = (index: FingerprintIndex): void => {
      for (let n = 1; n <= 400; n++) {
        const slot = index.slotOf(key(n));
        // Keys 1–100 shared (kept), seen late; the rest seen by one account, early (dropped).
        index.touch(slot, 1, n <= 100 ? 50 : 10, 0);
        if (n <= 100) index.touch(slot, 2, 50, 0);
        if (n % 10 === 0) index.setGroup(slot, n);
      }
    };
    const oneGo = new FingerprintIndex(2048);
    const sliced = new FingerprintIndex(2048);
    fill(oneGo);
    fill(sliced);
    const expected = oneGo.compact(0, 40, () => false);
    sliced.beginCompact(0, 40, () => false);
    expect(sliced.compacting).toBe(true);
    let released: Set<number> | undefined;
    let steps = 0;
    while (released === undefined) {
      // Between steps, every clustered key still answers for its group, moved or not.
      for (let n = 10; n <= 100; n += 10) expect(sliced.groupOfKey(key(n))).toBe(n);
      released = sliced.compactStep(64);
      steps++;
    }
    expect(steps).toBeGreaterThan(10);
    expect(sliced.compacting).toBe(false);
    expect([...released].sort((a, b) => a - b)).toEqual([...expected].sort((a, b) => a - b));
    expect(sliced.size).toBe(oneGo.size);
    for (let n = 1; n <= 400; n++) {
      expect(sliced.find(key(n))).toBe(oneGo.find(key(n)));
      expect(sliced.groupOfKey(key(n))).toBe(oneGo.groupOfKey(key(n)));
    }
  });

  it('moves a key touched mid-compaction first, under the same rule, and loses no touch', () => {
    const index = new FingerprintIndex(2048);
    for (let n = 1; n <= 200; n++) {
      const slot = index.slotOf(key(n));
      index.touch(slot, 1, 50, 0);
      index.touch(slot, 2, 50, 0);
    }
    index.setGroup(index.slotOf(key(7)), 3);
    index.beginCompact(0, 0, () => false);
    // Not moved yet: touching it moves it now, with what it had, then counts the new account.
    const slot = index.slotOf(key(7));
    expect(index.groupOf(slot)).toBe(3);
    expect(index.touch(slot, 3, 60, 0)).toBeGreaterThan(2.5);
    // A new key mid-compaction is inserted in the new arrays and kept.
    const fresh = index.slotOf(key(999));
    index.touch(fresh, 9, 60, 0);
    let released: Set<number> | undefined;
    while (released === undefined) released = index.compactStep(128);
    expect(released.size).toBe(0);
    expect(index.size).toBe(201);
    expect(index.groupOfKey(key(7))).toBe(3);
    expect(index.find(key(999))).toBeGreaterThanOrEqual(0);
    expect(index.touch(index.slotOf(key(7)), 3, 61, 0)).toBeGreaterThan(2.5);
  });
});
