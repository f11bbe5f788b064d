/**
 * The contracts of the replicated stores — BlockMemory, ChallengeStore and KeyStore — run against
 * every implementation by shared-state.test.ts. Reads are synchronous in every implementation
 * (the hot path); writes to a shared store reach the other replicas through Redis, so a replica's
 * view is polled for up to a second, the bound the README promises.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { digestApiKey } from '../../src/auth/api-key.ts';
import type { KeyStore } from '../../src/auth/key-store.ts';
import type { KeyEntry } from '../../src/auth/key-table.ts';
import type { BlockMemory } from '../../src/block/block-memory.ts';
import type { ChallengeStore } from '../../src/challenge/challenge-store.ts';
import { generateApiKey, generateKeyId } from '../../src/auth/api-key.ts';
import { fingerprint } from '../../src/signals/hash.ts';
import { testKeyEntry } from '../helpers/request-fixtures.ts';

export interface StoreFactory<T> {
  create(): Promise<T>;
  /** Another replica on the same shared state as the last store created (shared stores only). */
  replica?(): Promise<T>;
}

/** Polls `check` until it holds or `ms` pass (propagation between replicas). */
export async function within(ms: number, check: () => boolean): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}

export function blockMemoryContract(name: string, factory: StoreFactory<BlockMemory>): void {
  describe(`BlockMemory contract: ${name}`, () => {
    it('matches a remembered account, end user, cluster or template until it expires', async () => {
      const memory = await factory.create();
      const t0 = Date.now();
      const template = fingerprint(3, 0xdeadbeef);
      memory.remember('account', 'acct_1', 'r1', t0 + 60_000);
      memory.remember('cluster', 'cl_abc', 'r2', t0 + 120_000);
      memory.remember('content', String(template), 'r3', t0 + 180_000);
      memory.remember('end_user', 'acct_reseller\u000042', 'r4', t0 + 60_000);
      expect(memory.match('acct_1', undefined, undefined, [], t0)).toEqual({
        kind: 'account',
        rule: 'r1',
      });
      expect(memory.match('acct_2', undefined, 'cl_abc', [], t0)).toEqual({
        kind: 'cluster',
        rule: 'r2',
      });
      expect(memory.match('acct_new', undefined, undefined, [0, template], t0)).toEqual({
        kind: 'content',
        rule: 'r3',
      });
      expect(memory.match('acct_reseller', 'acct_reseller\u000042', undefined, [], t0)).toEqual({
        kind: 'end_user',
        rule: 'r4',
      });
      expect(
        memory.match('acct_reseller', 'acct_reseller\u000043', undefined, [], t0),
      ).toBeUndefined();
      expect(memory.match('acct_1', undefined, undefined, [], t0 + 60_000)).toBeUndefined();
      expect(
        memory.match('acct_new', undefined, undefined, [template], t0 + 179_999),
      ).toBeDefined();
    });

    it('keeps the later expiry when remembered twice', async () => {
      const memory = await factory.create();
      const t0 = Date.now();
      memory.remember('account', 'a', 'long', t0 + 50_000);
      memory.remember('account', 'a', 'short', t0 + 100);
      expect(memory.match('a', undefined, undefined, [], t0 + 200)).toEqual({
        kind: 'account',
        rule: 'long',
      });
      expect(memory.size()).toBe(1);
    });

    if (factory.replica !== undefined) {
      const replica = factory.replica.bind(factory);
      it('reaches every replica within a second, whatever the key contains', async () => {
        const a = await factory.create();
        const b = await replica();
        const t0 = Date.now();
        const odd = 'acct with spaces\nand a newline {tag}';
        a.remember('account', odd, 'rule-1', t0 + 60_000);
        a.remember('cluster', 'cl_ff', 'rule-2', t0 + 60_000);
        // Each within the second: on a Redis cluster the two keys may live on different masters,
        // whose notifications arrive independently.
        expect(
          await within(
            1000,
            () =>
              b.match(odd, undefined, undefined, [], Date.now()) !== undefined &&
              b.match('x', undefined, 'cl_ff', [], Date.now()) !== undefined,
          ),
        ).toBe(true);
        expect(b.match('x', undefined, 'cl_ff', [], Date.now())).toEqual({
          kind: 'cluster',
          rule: 'rule-2',
        });
        // A replica started later loads what is remembered.
        const c = await replica();
        expect(
          await within(
            1000,
            () => c.match(odd, undefined, undefined, [], Date.now()) !== undefined,
          ),
        ).toBe(true);
      });
    }
  });
}

export function challengeStoreContract(name: string, factory: StoreFactory<ChallengeStore>): void {
  describe(`ChallengeStore contract: ${name}`, () => {
    it('puts an account under a challenge until it expires, keeping the later end', async () => {
      const store = await factory.create();
      const t0 = Date.now();
      expect(store.isChallenged('acct_1', t0)).toBe(false);
      store.challenge('acct_1', t0 + 60_000);
      store.challenge('acct_1', t0 + 1_000);
      expect(store.isChallenged('acct_1', t0)).toBe(true);
      expect(store.isChallenged('acct_1', t0 + 30_000)).toBe(true);
      expect(store.isChallenged('acct_2', t0)).toBe(false);
      expect(store.size()).toBe(1);
      expect(store.isChallenged('acct_1', t0 + 60_000)).toBe(false);
    });

    if (factory.replica !== undefined) {
      const replica = factory.replica.bind(factory);
      it('reaches every replica within a second', async () => {
        const a = await factory.create();
        const b = await replica();
        a.challenge('acct_shared', Date.now() + 60_000);
        expect(await within(1000, () => b.isChallenged('acct_shared', Date.now()))).toBe(true);
      });
    }
  });
}

/** A key store with the operations `distillguard keys` performs on it. */
export interface ManagedKeys {
  readonly store: KeyStore;
  add(entry: KeyEntry): Promise<void>;
  revoke(keyId: string, at: number): Promise<void>;
}

export function keyStoreContract(name: string, factory: StoreFactory<ManagedKeys>): void {
  describe(`KeyStore contract: ${name}`, () => {
    it('finds a key by digest and by id, and sees it revoked', async () => {
      const keys = await factory.create();
      const { key, entry } = newKey('acct_k');
      await keys.add(entry);
      expect(await within(1000, () => keys.store.lookup(digestApiKey(key)) !== undefined)).toBe(
        true,
      );
      expect(keys.store.lookup(digestApiKey(key))).toMatchObject({
        keyId: entry.keyId,
        account: 'acct_k',
        tier: 'standard',
      });
      expect(keys.store.byId(entry.keyId)?.account).toBe('acct_k');
      expect(keys.store.lookup(digestApiKey(generateApiKey()))).toBeUndefined();
      expect([...keys.store.entries()].map((record) => record.keyId)).toContain(entry.keyId);
      const at = Math.floor(Date.now() / 1000) * 1000;
      await keys.revoke(entry.keyId, at);
      expect(await within(1000, () => keys.store.byId(entry.keyId)?.revokedAt === at)).toBe(true);
      expect(keys.store.health ?? 'ok').toBe('ok');
    });

    if (factory.replica !== undefined) {
      const replica = factory.replica.bind(factory);
      it('reaches every replica: a key revoked through one is revoked on all within a second', async () => {
        const a = await factory.create();
        const b = await replica();
        const { key, entry } = newKey('acct_r');
        await a.add(entry);
        expect(await within(1000, () => b.store.lookup(digestApiKey(key)) !== undefined)).toBe(
          true,
        );
        const at = Math.floor(Date.now() / 1000) * 1000;
        await a.revoke(entry.keyId, at);
        const started = Date.now();
        expect(await within(1000, () => b.store.lookup(digestApiKey(key))?.revokedAt === at)).toBe(
          true,
        );
        expect(Date.now() - started).toBeLessThan(1000);
      });
    }
  });
}

export function newKey(account: string): { key: string; entry: KeyEntry } {
  const key = generateApiKey();
  const entry = testKeyEntry(key, {
    keyId: generateKeyId(),
    account,
    org: `org_${randomBytes(3).toString('hex')}`,
    tier: 'standard',
    createdAt: Math.floor(Date.now() / 1000) * 1000,
  });
  return { key, entry };
}
