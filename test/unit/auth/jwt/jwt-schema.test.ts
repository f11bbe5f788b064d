import { z } from 'zod';
import { beforeAll, describe, expect, it } from 'vitest';
import { jwtSchema } from '../../../../src/config/jwt-schema.ts';
import { issuerInput, makeSigner, type Signer } from './jwt-fixtures.ts';

let es: Signer;
beforeAll(async () => {
  es = await makeSigner('ES256', 'es');
});

const remote = (overrides: Record<string, unknown> = {}) =>
  issuerInput({ jwks_url: 'https://auth.example.test/jwks.json', ...overrides });

function problems(input: unknown): string[] {
  const result = jwtSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('auth.jwt schema', () => {
  it('fills defaults (durations in ms, sizes in bytes, audience as a list)', () => {
    const config = jwtSchema.parse({ issuers: [remote()] });
    expect(config.max_token_bytes).toBe(8_192);
    expect(config.cache_max_entries).toBe(100_000);
    expect(config.issuers[0]).toMatchObject({
      audience: ['distillguard'],
      clock_tolerance: 30_000,
      jwks: {
        timeout: 2_000,
        max_bytes: 262_144,
        refresh_interval: 600_000,
        cooldown: 30_000,
        max_stale: 3_600_000,
      },
      claims: { account: 'sub', org: 'org_id', verified: 'email_verified' },
      required_claims: [],
    });
  });

  it('accepts static keys that fit the algorithms', () => {
    expect(problems({ issuers: [issuerInput({ keys: [es.publicJwk] })] })).toEqual([]);
  });

  it('refuses none, HS* and unknown algorithms, and an empty list', () => {
    for (const alg of ['none', 'HS256', 'HS512', 'ES256K', 'RSA-OAEP']) {
      expect(problems({ issuers: [remote({ algorithms: [alg] })] })[0]).toMatch(
        /^issuers\.0\.algorithms\.0: unsupported algorithm/,
      );
    }
    expect(problems({ issuers: [remote({ algorithms: [] })] })).toHaveLength(1);
  });

  it('requires exactly one of jwks_url and keys', () => {
    expect(problems({ issuers: [issuerInput()] })).toEqual([
      'issuers.0: give exactly one of jwks_url and keys',
    ]);
    expect(problems({ issuers: [remote({ keys: [es.publicJwk] })] })).toEqual([
      'issuers.0: give exactly one of jwks_url and keys',
    ]);
  });

  it('refuses plain http except to loopback', () => {
    expect(problems({ issuers: [remote({ jwks_url: 'http://auth.example.test/j' })] })).toEqual([
      'issuers.0.jwks_url: must be https (plain http only to a loopback address): a JWKS read in clear can be replaced',
    ]);
    expect(problems({ issuers: [remote({ jwks_url: 'http://127.0.0.1:9/j' })] })).toEqual([]);
    expect(problems({ issuers: [remote({ jwks_url: 'ftp://x/j' })] })).toHaveLength(1);
  });

  it('refuses unusable static keys with their path', () => {
    expect(
      problems({ issuers: [issuerInput({ algorithms: ['RS256'], keys: [es.publicJwk] })] }),
    ).toEqual(['issuers.0.keys.0: unusable key (no allowed algorithm)']);
    expect(
      problems({ issuers: [issuerInput({ keys: [{ ...es.publicJwk, d: 'secret' }] })] }),
    ).toEqual(['issuers.0.keys.0: unusable key (private key)']);
  });

  it('refuses duplicate names and issuers', () => {
    expect(
      problems({
        issuers: [remote(), remote({ issuer: 'https://other/' }), remote({ name: 'b' })],
      }),
    ).toEqual([
      'issuers.1.name: duplicate name',
      'issuers.2.issuer: duplicate issuer (the `iss` claim chooses the entry)',
    ]);
  });

  it('refuses JWKS timings that break the promises', () => {
    expect(
      problems({
        issuers: [
          remote({
            jwks: { timeout: '0ms', cooldown: '100ms', refresh_interval: '1s', max_stale: '0s' },
          }),
        ],
      }),
    ).toEqual([
      'issuers.0.jwks.timeout: must be at least 1ms',
      'issuers.0.jwks.cooldown: must be at least 1s',
      'issuers.0.jwks.max_stale: must be ≥ refresh_interval (keys would go stale between refreshes)',
    ]);
    expect(
      problems({ issuers: [remote({ jwks: { refresh_interval: '10s', max_stale: '5s' } })] }),
    ).toEqual([
      'issuers.0.jwks.refresh_interval: must be ≥ cooldown',
      'issuers.0.jwks.max_stale: must be ≥ refresh_interval (keys would go stale between refreshes)',
    ]);
  });

  it('refuses unknown keys and requires an audience', () => {
    expect(problems({ issuers: [remote({ audiance: 'x' })] })).toHaveLength(1);
    expect(problems({ issuers: [remote({ audience: undefined })] })).toHaveLength(1);
    expect(problems({ issuers: [remote({ audience: [] })] })).toHaveLength(1);
    expect(problems({ issuers: [] })).toHaveLength(1);
  });

  it('generates a JSON Schema for editors', () => {
    const schema = z.toJSONSchema(jwtSchema, { io: 'input', unrepresentable: 'any' });
    expect(JSON.stringify(schema)).toContain('jwks_url');
  });
});
