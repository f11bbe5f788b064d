import { describe, expect, it } from 'vitest';
import { createClaimMapper } from '../../../../src/auth/jwt/map-claims.ts';
import { issuerInput, parseConfig } from './jwt-fixtures.ts';

const claims = parseConfig({ issuers: [issuerInput({ keys: undefined, jwks_url: 'https://x/' })] })
  .issuers[0]!.claims;
const map = createClaimMapper('corp', claims);

describe('claim mapping', () => {
  it('maps every configured claim', () => {
    expect(
      map({
        sub: 'acct_1',
        org_id: 'org_1',
        tier: 'pro',
        account_created_at: 1_700_000_000,
        email_verified: true,
        programme: 'research',
        labels: ['a', 'b'],
        declared_use: 'eval',
      }),
    ).toEqual({
      issuer: 'corp',
      account: 'acct_1',
      org: 'org_1',
      tier: 'pro',
      accountCreatedAt: 1_700_000_000_000,
      verified: true,
      programme: 'research',
      labels: ['a', 'b'],
      declaredUse: 'eval',
    });
  });

  it('uses the configured claim names', () => {
    const custom = createClaimMapper('x', { ...claims, account: 'uid', org: 'https://ns/org' });
    expect(custom({ uid: 42, 'https://ns/org': 'o', sub: 'ignored' })).toMatchObject({
      account: '42',
      org: 'o',
    });
    expect(custom({ sub: 'acct' })).toBe('jwt_missing_claim');
  });

  it('accepts the common alternative encodings', () => {
    expect(map({ sub: 'a', account_created_at: '2024-05-01T00:00:00Z' })).toMatchObject({
      accountCreatedAt: Date.UTC(2024, 4, 1),
    });
    expect(map({ sub: 'a', email_verified: 'true' })).toMatchObject({ verified: true });
    expect(map({ sub: 'a', email_verified: 'false' })).toMatchObject({ verified: false });
    expect(map({ sub: 'a', labels: 'solo' })).toMatchObject({ labels: ['solo'] });
    expect(map({ sub: 'a', tier: null })).toMatchObject({ tier: undefined });
  });

  it('refuses wrong types and oversized values', () => {
    for (const bad of [
      { sub: '' },
      { sub: 'x'.repeat(257) },
      { sub: 1.5 },
      { sub: true },
      { sub: 'a', tier: 3 },
      { sub: 'a', org_id: ['o'] },
      { sub: 'a', account_created_at: 'yesterday' },
      { sub: 'a', account_created_at: -5 },
      { sub: 'a', email_verified: 1 },
      { sub: 'a', labels: [1] },
      { sub: 'a', labels: Array.from({ length: 65 }, (_, i) => `l${i}`) },
      { sub: 'a', labels: ['x'.repeat(129)] },
      { sub: 'a', declared_use: {} },
    ]) {
      expect(map(bad), JSON.stringify(bad).slice(0, 80)).toBe('jwt_invalid_claim');
    }
  });

  it('returns a frozen identity', () => {
    const identity = map({ sub: 'a', labels: ['x'] });
    expect(Object.isFrozen(identity)).toBe(true);
    expect(typeof identity !== 'string' && Object.isFrozen(identity.labels)).toBe(true);
  });
});
