/**
 * The contracts of the state the admin API and strip_reasoning keep — OverrideStore (runtime
 * overrides and labels) and ThinkingVault (withheld thinking blocks) — run against every
 * implementation by shared-state.test.ts. Override reads are synchronous in every implementation
 * (the account stage); a vault may answer with a promise, so every answer here is awaited. A
 * shared store's change reaches the other replicas through Redis: their view is polled for up to
 * a second, the bound the README promises.
 */
import { describe, expect, it } from 'vitest';
import type { OverrideStore, RuntimeOverride } from '../../src/account/override-store.ts';
import type { ThinkingVault } from '../../src/degrade/thinking-vault.ts';
import { within, type StoreFactory } from './shared-state.contract.ts';

const MINUTE = 60_000;

function entry(
  fields: Partial<RuntimeOverride> & Pick<RuntimeOverride, 'account'>,
): RuntimeOverride {
  return {
    kind: 'override',
    action: 'deny',
    verified: undefined,
    declaredUse: undefined,
    labels: [],
    reason: 'contract',
    actor: 'ops@test',
    setAt: Date.now(),
    expiresAt: Date.now() + 10 * MINUTE,
    ...fields,
  };
}

const kinds = (store: OverrideStore, account: string, now = Date.now()): string[] =>
  store
    .list(account, now)
    .map((item) => `${item.kind}:${item.action ?? item.labels.join(',')}`)
    .sort();

export function overrideStoreContract(name: string, factory: StoreFactory<OverrideStore>): void {
  describe(`OverrideStore contract: ${name}`, () => {
    it('sets, replaces (a shorter expiry too) and removes entries, each in force until it expires', async () => {
      const store = await factory.create();
      const t0 = Date.now();
      expect(store.writable()).toBe(true);
      expect(store.find('acct_1', t0)).toEqual([]);
      expect(store.set(entry({ account: 'acct_1', expiresAt: t0 + 2 * MINUTE }))).toBeUndefined();
      store.set(
        entry({ account: 'acct_1', kind: 'labels', action: undefined, labels: ['kyc-passed'] }),
      );
      expect(store.size).toBe(1);
      expect(kinds(store, 'acct_1', t0)).toEqual(['labels:kyc-passed', 'override:deny']);
      expect(store.find('acct_1', t0).map((item) => item.action)).toContain('deny');
      const replaced = store.set(
        entry({ account: 'acct_1', action: 'allow', expiresAt: t0 + 1000 }),
      );
      expect(replaced?.action).toBe('deny');
      expect(kinds(store, 'acct_1', t0)).toEqual(['labels:kyc-passed', 'override:allow']);
      // The shorter expiry holds: the replaced entry's longer one does not linger.
      expect(kinds(store, 'acct_1', t0 + 1000)).toEqual(['labels:kyc-passed']);
      expect(store.delete('acct_1', 'labels')?.labels).toEqual(['kyc-passed']);
      expect(store.delete('acct_1', 'labels')).toBeUndefined();
      expect(store.delete('acct_2', 'override')).toBeUndefined();
      expect(store.delete('acct_1', 'override')?.action).toBe('allow');
      expect(store.find('acct_1', t0)).toEqual([]);
      expect(store.size).toBe(0);
    });

    if (factory.replica !== undefined) {
      const replica = factory.replica.bind(factory);
      it('reaches every replica within a second: set, replaced with a shorter expiry, removed', async () => {
        const a = await factory.create();
        const b = await replica();
        const odd = 'acct with spaces {tag} é';
        a.set(entry({ account: odd }));
        expect(await within(1000, () => kinds(b, odd).join() === 'override:deny')).toBe(true);
        const soon = Date.now() + MINUTE;
        b.set(entry({ account: odd, action: 'allow', expiresAt: soon }));
        expect(await within(1000, () => a.list(odd, Date.now())[0]?.expiresAt === soon)).toBe(true);
        expect(kinds(a, odd)).toEqual(['override:allow']);
        a.set(entry({ account: 'acct_kept', kind: 'labels', action: undefined, labels: ['x'] }));
        b.delete(odd, 'override');
        expect(await within(1000, () => a.find(odd, Date.now()).length === 0)).toBe(true);
        expect(await within(1000, () => b.list('acct_kept', Date.now()).length === 1)).toBe(true);
        // A replica started later loads what is in force, and nothing that was removed.
        const c = await replica();
        expect(await within(1000, () => kinds(c, 'acct_kept').join() === 'labels:x')).toBe(true);
        expect(c.list(odd, Date.now())).toEqual([]);
      });
    }
  });
}

const block = (text: string): string =>
  JSON.stringify({ type: 'thinking', thinking: text, signature: `sig-${text}` });

/** Polls an answer that may be a promise until it is defined, for up to `ms`. */
async function eventually(ms: number, read: () => ReturnType<ThinkingVault['get']>) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function thinkingVaultContract(name: string, factory: StoreFactory<ThinkingVault>): void {
  describe(`ThinkingVault contract: ${name}`, () => {
    it('gives a kept block back only to its account, until it expires', async () => {
      const vault = await factory.create();
      const token = vault.newToken();
      expect(token).toMatch(/^dgth1_[A-Za-z0-9_-]{22}$/);
      const t0 = Date.now();
      vault.put(token, 'acct_a', block('a'), t0 + MINUTE);
      expect(await vault.get(token, 'acct_a', t0)).toBe(block('a'));
      expect(await vault.get(token, 'acct_b', t0)).toBeUndefined();
      expect(await vault.get(vault.newToken(), 'acct_a', t0)).toBeUndefined();
      expect(await vault.get(token, 'acct_a', t0 + MINUTE)).toBeUndefined();
    });

    if (factory.replica !== undefined) {
      const replica = factory.replica.bind(factory);
      it('restores on another replica a block one kept, for its account only, then at once', async () => {
        const a = await factory.create();
        const b = await replica();
        const token = a.newToken();
        a.put(token, 'acct with spaces é', block('shared'), Date.now() + MINUTE);
        expect(await eventually(1000, () => b.get(token, 'acct with spaces é', Date.now()))).toBe(
          block('shared'),
        );
        expect(await b.get(token, 'acct_other', Date.now())).toBeUndefined();
        // Fetched once, the block is answered from the replica's own cache: no round trip.
        expect(b.get(token, 'acct with spaces é', Date.now())).toBe(block('shared'));
      });

      it('restores several stand-ins at once, in order, misses included', async () => {
        const a = await factory.create();
        const b = await replica();
        const tokens = [a.newToken(), a.newToken(), a.newToken()];
        tokens.forEach((token, i) =>
          a.put(token, 'acct_many', block(`m${i}`), Date.now() + MINUTE),
        );
        const [first, second, third] = tokens as [string, string, string];
        expect(await eventually(1000, () => b.get(third, 'acct_many', Date.now()))).toBe(
          block('m2'),
        );
        // One held locally now (`third`), the others fetched; an unknown token is a miss.
        const asked = [first, a.newToken(), third, second];
        expect(await b.getMany(asked, 'acct_many', Date.now())).toEqual([
          block('m0'),
          undefined,
          block('m2'),
          block('m1'),
        ]);
        expect(await b.getMany(asked, 'acct_other', Date.now())).toEqual([
          undefined,
          undefined,
          undefined,
          undefined,
        ]);
      });
    }
  });
}
