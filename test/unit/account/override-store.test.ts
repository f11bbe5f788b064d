/**
 * Runtime overrides: the memory store (set, replace, delete, expiry, bound) and their precedence in
 * the account stage — runtime over the config's account-level over its org-level, field by field,
 * labels of all of them.
 */
import { describe, expect, it } from 'vitest';
import { resolveAccount } from '../../../src/account/account.ts';
import { compileOverrides } from '../../../src/account/overrides.ts';
import { MemoryOverrideStore, type RuntimeOverride } from '../../../src/account/override-store.ts';
import type { KeyRecord } from '../../../src/auth/key-table.ts';

const NOW = Date.parse('2026-11-22T12:00:00Z');
const HOUR = 3_600_000;

const key: KeyRecord = {
  keyId: 'key_1',
  account: 'acct_1',
  org: 'org_1',
  tier: 'free',
  createdAt: undefined,
  expiresAt: undefined,
  revokedAt: undefined,
  verified: false,
  labels: ['from_key'],
  accountCreatedAt: undefined,
  programme: undefined,
  declaredUse: undefined,
};

function entry(fields: Partial<RuntimeOverride>): RuntimeOverride {
  return {
    account: 'acct_1',
    kind: 'override',
    action: undefined,
    verified: undefined,
    declaredUse: undefined,
    labels: [],
    reason: 'runtime reason',
    actor: 'ops',
    setAt: NOW,
    expiresAt: NOW + HOUR,
    ...fields,
  };
}

const settings = compileOverrides([
  {
    org: 'org_1',
    action: 'deny',
    reason: 'org deny',
    labels: ['org_label'],
    declared_use: 'batch',
  },
  { account: 'acct_1', verified: false, reason: 'account facts', labels: ['account_label'] },
]);
const accounts = { defaultTier: 'free', tiers: new Set(['free']), overrides: settings };

describe('MemoryOverrideStore', () => {
  it('finds nothing without allocating when empty, and an entry once set', () => {
    const store = new MemoryOverrideStore(100);
    expect(store.find('acct_1', NOW)).toBe(store.find('acct_2', NOW));
    expect(store.set(entry({ action: 'allow' }))).toBeUndefined();
    expect(store.size).toBe(1);
    expect(store.find('acct_1', NOW)).toMatchObject([{ scope: 'account', action: 'allow' }]);
    expect(store.list('acct_1', NOW)).toMatchObject([{ kind: 'override', actor: 'ops' }]);
  });

  it('replaces per kind, deletes, and stops applying at expiry', () => {
    const store = new MemoryOverrideStore(100);
    store.set(entry({ action: 'allow' }));
    const previous = store.set(entry({ action: 'deny', expiresAt: NOW + 2 * HOUR }));
    expect(previous?.action).toBe('allow');
    store.set(entry({ kind: 'labels', labels: ['a'], expiresAt: NOW + HOUR }));
    expect(store.find('acct_1', NOW)).toHaveLength(2);
    // One hour on: the labels expired, the override has another hour.
    expect(store.find('acct_1', NOW + HOUR)).toMatchObject([{ action: 'deny' }]);
    expect(store.list('acct_1', NOW + HOUR)).toHaveLength(1);
    expect(store.delete('acct_1', 'override')?.action).toBe('deny');
    expect(store.delete('acct_1', 'override')).toBeUndefined();
    store.delete('acct_1', 'labels');
    expect(store.size).toBe(0);
  });

  it('is bounded: the account changed longest ago goes first', () => {
    const store = new MemoryOverrideStore(2);
    for (const account of ['a', 'b', 'c']) store.set(entry({ account, action: 'deny' }));
    expect(store.size).toBe(2);
    expect(store.find('a', NOW)).toHaveLength(0);
    expect(store.find('c', NOW)).toHaveLength(1);
  });
});

describe('override precedence in the account stage', () => {
  it('applies config overrides alone as before', () => {
    const account = resolveAccount(
      { kind: 'api_key', key },
      accounts,
      NOW,
      new MemoryOverrideStore(10),
    );
    expect(account.override).toEqual({ action: 'deny', reason: 'org deny', scope: 'org' });
    expect(account.declaredUse).toBe('batch');
    expect(account.labels).toEqual(['from_key', 'account_label', 'org_label']);
  });

  it('puts runtime entries first, field by field, with every label', () => {
    const store = new MemoryOverrideStore(10);
    store.set(entry({ action: 'allow', verified: true, reason: 'appeal granted' }));
    store.set(entry({ kind: 'labels', labels: ['kyc-passed'] }));
    const account = resolveAccount({ kind: 'api_key', key }, accounts, NOW, store);
    expect(account.override).toEqual({
      action: 'allow',
      reason: 'appeal granted',
      scope: 'account',
    });
    expect(account.verified).toBe(true); // over the account-level config's false
    expect(account.declaredUse).toBe('batch'); // not set at runtime: the org's still applies
    expect(account.labels).toEqual(['from_key', 'kyc-passed', 'account_label', 'org_label']);
    // Expired, the config decides again.
    const later = resolveAccount({ kind: 'api_key', key }, accounts, NOW + 2 * HOUR, store);
    expect(later.override?.action).toBe('deny');
    expect(later.verified).toBe(false);
  });
});
