import { describe, expect, it } from 'vitest';
import { clusterKey, MemoryBlockMemory } from '../../../src/block/block-memory.ts';
import { fingerprint } from '../../../src/signals/hash.ts';

describe('MemoryBlockMemory', () => {
  it('matches a remembered account, cluster or template until it expires', () => {
    const memory = new MemoryBlockMemory(1000);
    const template = fingerprint(3, 0xdeadbeef);
    memory.remember('account', 'acct_1', 'r1', 1000);
    memory.remember('cluster', 'cl_abc', 'r2', 2000);
    memory.remember('content', String(template), 'r3', 3000);
    expect(memory.match('acct_1', undefined, undefined, [], 0)).toEqual({
      kind: 'account',
      rule: 'r1',
    });
    expect(memory.match('acct_2', undefined, 'cl_abc', [], 0)).toEqual({
      kind: 'cluster',
      rule: 'r2',
    });
    // A rotated account with no history, re-sending the template:
    expect(memory.match('acct_new', undefined, undefined, [0, template, 7], 0)).toEqual({
      kind: 'content',
      rule: 'r3',
    });
    expect(memory.match('acct_1', undefined, undefined, [], 1000)).toBeUndefined();
    expect(memory.match('acct_2', undefined, 'cl_abc', [], 2500)).toBeUndefined();
    expect(memory.match('acct_new', undefined, undefined, [template], 2999)).toBeDefined();
    expect(memory.match('acct_new', undefined, undefined, [template], 3000)).toBeUndefined();
  });

  it('matches an end user within its account only', () => {
    const memory = new MemoryBlockMemory(1000);
    memory.remember('end_user', 'acct_reseller\u000042', 'r', 1000);
    expect(memory.match('acct_reseller', 'acct_reseller\u000042', undefined, [], 0)).toEqual({
      kind: 'end_user',
      rule: 'r',
    });
    expect(
      memory.match('acct_reseller', 'acct_reseller\u000043', undefined, [], 0),
    ).toBeUndefined();
    expect(memory.match('acct_reseller', undefined, undefined, [], 0)).toBeUndefined();
  });

  it('counts additions: a new entry and a later expiry count, an earlier one does not', () => {
    const memory = new MemoryBlockMemory(2);
    expect(memory.additions()).toBe(0);
    memory.remember('account', 'acct_1', 'r', 1000);
    memory.remember('account', 'acct_1', 'r', 500); // already remembered longer: nothing new
    expect(memory.additions()).toBe(1);
    memory.remember('account', 'acct_1', 'r', 2000);
    memory.remember('account', 'acct_2', 'r', 1000);
    memory.remember('account', 'acct_3', 'r', 1000); // past the bound: one evicted, still counted
    expect(memory.additions()).toBe(4);
    expect(memory.size()).toBe(2);
  });

  it('keeps the later expiry when remembered twice, and stays bounded', () => {
    const memory = new MemoryBlockMemory(1000);
    memory.remember('account', 'a', 'long', 5000);
    memory.remember('account', 'a', 'short', 100);
    expect(memory.match('a', undefined, undefined, [], 200)).toEqual({
      kind: 'account',
      rule: 'long',
    });
    for (let i = 0; i < 5000; i++) memory.remember('account', `acct_${i}`, 'r', 10_000);
    expect(memory.size()).toBeLessThanOrEqual(1000);
    expect(memory.match('acct_4999', undefined, undefined, [], 0)).toBeDefined();
  });

  it('reads the fingerprint back from a cluster id as the detector writes it', () => {
    const key = fingerprint(4, 0x12345678);
    expect(clusterKey(`cl_${key.toString(16)}`)).toBe(key);
    expect(clusterKey('cl_zz')).toBe(0);
    expect(clusterKey('nope')).toBe(0);
  });
});
