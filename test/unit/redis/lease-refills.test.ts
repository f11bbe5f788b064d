import { describe, expect, it } from 'vitest';
import { LeaseRefills } from '../../../src/redis/lease-refills.ts';

describe('LeaseRefills', () => {
  it('registers a refill for the keys that have none, until it settles', async () => {
    const refills = new LeaseRefills();
    const first = refills.start(['a', 'b']);
    const second = refills.start(['b', 'c']); // b already has one: only c is its
    const forB = refills.find(['b']);
    const forC = refills.find(['x', 'c']);
    expect(refills.size).toBe(3);
    expect(refills.find(['x'])).toBeUndefined();
    first(false);
    first(true); // the first settlement counts
    expect(await forB).toBe(false);
    expect(refills.has('a') || refills.has('b')).toBe(false);
    expect(refills.has('c')).toBe(true);
    second(true);
    expect(await forC).toBe(true);
    expect(refills.size).toBe(0);
  });
});
