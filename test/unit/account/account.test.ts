import { describe, expect, it } from 'vitest';
import { resolveAccount, type AccountSettings } from '../../../src/account/account.ts';
import { compileOverrides } from '../../../src/account/overrides.ts';
import type { KeyRecord } from '../../../src/auth/key-table.ts';

const NOW = Date.parse('2026-11-22T12:00:00Z');
const DAY = 86_400_000;

const key: KeyRecord = {
  keyId: 'key_1',
  account: 'acct_1',
  org: 'org_1',
  tier: 'free',
  createdAt: NOW - 3 * DAY,
  expiresAt: undefined,
  revokedAt: undefined,
  verified: false,
  labels: ['from_key'],
  accountCreatedAt: NOW - 10.5 * DAY,
  programme: 'education',
  declaredUse: undefined,
};

function settings(overrides: Parameters<typeof compileOverrides>[0] = []): AccountSettings {
  return {
    defaultTier: 'free',
    tiers: new Set(['free', 'standard', 'enterprise']),
    overrides: compileOverrides(overrides),
  };
}

describe('resolveAccount', () => {
  it('takes the key record, with the account age in whole days at request time', () => {
    expect(resolveAccount({ kind: 'api_key', key }, settings(), NOW)).toEqual({
      id: 'acct_1',
      org: 'org_1',
      tier: 'free',
      credential: 'api_key',
      keyId: 'key_1',
      createdAt: NOW - 10.5 * DAY,
      ageDays: 10,
      verified: false,
      programme: 'education',
      labels: ['from_key'],
      declaredUse: undefined,
      override: undefined,
    });
  });

  it("carries the key record's handle, through overrides too (the detector's hint)", () => {
    const handled: KeyRecord = { ...key, handle: 41 };
    expect(resolveAccount({ kind: 'api_key', key: handled }, settings(), NOW).handle).toBe(41);
    const overridden = settings([
      { account: 'acct_1', action: 'allow', reason: 'test', labels: [] },
    ]);
    const resolved = resolveAccount({ kind: 'api_key', key: handled }, overridden, NOW);
    expect(resolved.override?.action).toBe('allow');
    expect(resolved.handle).toBe(41);
  });

  it('applies overrides: account over org, newest first, labels merged, tier only if defined', () => {
    const account = resolveAccount(
      { kind: 'api_key', key },
      settings([
        {
          org: 'org_1',
          action: 'deny',
          reason: 'org flagged',
          labels: ['org_label'],
          verified: false,
          tier: 'standard',
        },
        { account: 'acct_1', reason: 'older', labels: [], declared_use: 'batch' },
        {
          account: 'acct_1',
          action: 'allow',
          reason: 'eval partner',
          labels: ['partner'],
          verified: true,
          declared_use: 'eval',
        },
      ]),
      NOW,
    );
    expect(account.override).toEqual({ action: 'allow', reason: 'eval partner', scope: 'account' });
    expect(account.verified).toBe(true);
    expect(account.declaredUse).toBe('eval');
    expect(account.tier).toBe('standard');
    expect([...account.labels].sort()).toEqual(['from_key', 'org_label', 'partner']);
  });

  it('ignores expired overrides (expiry is checked at request time)', () => {
    const overrides = [
      {
        account: 'acct_1',
        action: 'deny' as const,
        reason: 'temporary',
        labels: [],
        expires: new Date(NOW + 1000).toISOString(),
      },
    ];
    expect(
      resolveAccount({ kind: 'api_key', key }, settings(overrides), NOW).override?.action,
    ).toBe('deny');
    expect(
      resolveAccount({ kind: 'api_key', key }, settings(overrides), NOW + 1000).override,
    ).toBeUndefined();
  });

  it('maps a token identity, falling back to the default tier for an unknown tier claim', () => {
    const identity = {
      issuer: 'corp',
      account: 'user_7',
      org: undefined,
      tier: 'platinum',
      accountCreatedAt: undefined,
      verified: true,
      programme: undefined,
      labels: [],
      declaredUse: 'batch',
    };
    expect(resolveAccount({ kind: 'jwt', identity }, settings(), NOW)).toMatchObject({
      id: 'user_7',
      tier: 'free',
      credential: 'jwt',
      keyId: 'jwt:corp',
      ageDays: undefined,
      verified: true,
      declaredUse: 'batch',
    });
  });
});
