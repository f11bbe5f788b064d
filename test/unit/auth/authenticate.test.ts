import { describe, expect, it } from 'vitest';
import { digestApiKey, generateApiKey } from '../../../src/auth/api-key.ts';
import { authenticate, type KeyMemo } from '../../../src/auth/authenticate.ts';
import type { JwtVerifier } from '../../../src/auth/jwt/jwt-verifier.ts';
import { KeyTable } from '../../../src/auth/key-table.ts';
import type { HeaderInspection } from '../../../src/upstream/header-hygiene.ts';
import { testKeyEntry } from '../../helpers/request-fixtures.ts';

const NOW = Date.parse('2026-11-22T12:00:00Z');

const entry = testKeyEntry;

const active = generateApiKey();
const revoked = generateApiKey();
const expired = generateApiKey();
const notYetExpired = generateApiKey();
const table = new KeyTable();
table.add(entry(active));
table.add(entry(revoked, { revokedAt: NOW - 1000 }));
table.add(entry(expired, { expiresAt: NOW }));
table.add(entry(notYetExpired, { expiresAt: NOW + 1000 }));

const headers = (credential: string | undefined, unsupportedScheme = false): HeaderInspection => ({
  credential,
  unsupportedScheme,
  anthropicVersion: false,
  connectionTokens: [],
  xForwardedFor: undefined,
  lowerNames: [],
});

describe('authenticate (API keys)', () => {
  it('resolves a known, active key to its record (synchronously)', () => {
    const result = authenticate(headers(active), table, undefined, NOW);
    expect(result).not.toBeInstanceOf(Promise);
    expect(result).toMatchObject({
      ok: true,
      principal: { kind: 'api_key', key: { account: 'acct_a' } },
    });
    expect(authenticate(headers(notYetExpired), table, undefined, NOW)).toMatchObject({ ok: true });
  });

  it("reuses a connection's remembered digest for the same key, and still checks revocation", () => {
    const memo: KeyMemo = { presented: '', digest: Buffer.alloc(0) };
    const key = generateApiKey();
    const local = new KeyTable();
    local.add(entry(key));
    expect(authenticate(headers(key), local, undefined, NOW, memo)).toMatchObject({ ok: true });
    expect(memo.presented).toBe(key);
    expect(memo.digest.equals(digestApiKey(key))).toBe(true);
    const remembered = memo.digest;
    expect(authenticate(headers(key), local, undefined, NOW, memo)).toMatchObject({ ok: true });
    expect(memo.digest).toBe(remembered);
    // Revoked between two requests on the same connection: refused at once.
    local.revoke(entry(key).keyId, NOW - 1);
    expect(authenticate(headers(key), local, undefined, NOW, memo)).toMatchObject({
      ok: false,
      failure: 'revoked_key',
    });
    // Another key on the connection replaces the memo; a malformed one never enters it.
    expect(authenticate(headers(active), local, undefined, NOW, memo)).toMatchObject({
      ok: false,
      failure: 'unknown_key',
    });
    expect(memo.presented).toBe(active);
    const malformed = `${active.slice(0, -1)}${active.endsWith('A') ? 'B' : 'A'}`;
    expect(authenticate(headers(malformed), local, undefined, NOW, memo)).toMatchObject({
      ok: false,
      failure: 'malformed_key',
    });
    expect(memo.presented).toBe(active);
  });

  it('names each failure for the log', () => {
    const failure = (credential: string | undefined, unsupported = false) =>
      (
        authenticate(headers(credential, unsupported), table, undefined, NOW) as {
          failure?: string;
        }
      ).failure;
    expect(failure(undefined)).toBe('missing_credential');
    expect(failure(undefined, true)).toBe('unsupported_scheme');
    expect(failure('sk-foreign-key')).toBe('malformed_key');
    expect(failure(generateApiKey())).toBe('unknown_key');
    expect(failure(revoked)).toBe('revoked_key');
    expect(failure(expired)).toBe('expired_key');
    expect(failure('eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln')).toBe('jwt_not_accepted');
  });

  it('hands tokens to the JWT verifier and maps dependency failures to unavailable', async () => {
    const token = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';
    const down: JwtVerifier = {
      verify: () => Promise.resolve({ ok: false, failure: 'jwks_unavailable', unavailable: true }),
      status: () => ({}),
      close: () => {},
    };
    await expect(authenticate(headers(token), table, down, NOW)).resolves.toEqual({
      ok: false,
      failure: 'jwks_unavailable',
      unavailable: true,
    });
    const cached: JwtVerifier = {
      verify: () => ({
        ok: true,
        expiresAt: NOW + 60_000,
        identity: {
          issuer: 'corp',
          account: 'acct_t',
          org: undefined,
          tier: undefined,
          accountCreatedAt: undefined,
          verified: true,
          programme: undefined,
          labels: [],
          declaredUse: undefined,
        },
      }),
      status: () => ({}),
      close: () => {},
    };
    expect(authenticate(headers(token), table, cached, NOW)).toMatchObject({
      ok: true,
      principal: { kind: 'jwt', identity: { account: 'acct_t' } },
    });
  });
});
