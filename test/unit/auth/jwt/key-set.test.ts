import { generateKeyPairSync } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildKeySet,
  importJwk,
  MAX_KIDLESS_CANDIDATES,
} from '../../../../src/auth/jwt/key-set.ts';
import { makeSigner, type Signer } from './jwt-fixtures.ts';

let es: Signer;
let ed: Signer;
let rs: Signer;

beforeAll(async () => {
  [es, ed, rs] = await Promise.all([
    makeSigner('ES256', 'es'),
    makeSigner('EdDSA', 'ed'),
    makeSigner('RS256', 'rs'),
  ]);
});

const strip = ({ alg: _alg, ...jwk }: Record<string, unknown>) => jwk;

describe('importJwk', () => {
  it('imports a key once per allowed algorithm it fits', () => {
    const rsa = importJwk(strip(rs.publicJwk), ['RS256', 'PS256', 'ES256']);
    expect(rsa.ok && [...rsa.keys.keys()]).toEqual(['RS256', 'PS256']);
    const pinned = importJwk(rs.publicJwk, ['RS256', 'PS256']);
    expect(pinned.ok && [...pinned.keys.keys()]).toEqual(['RS256']);
    const eddsa = importJwk(strip(ed.publicJwk), ['EdDSA', 'Ed25519', 'ES256']);
    expect(eddsa.ok && [...eddsa.keys.keys()]).toEqual(['EdDSA', 'Ed25519']);
    const ec = importJwk(es.publicJwk, ['ES256', 'ES384']);
    expect(ec.ok && [...ec.keys.keys()]).toEqual(['ES256']);
  });

  it('says why a key is skipped', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({
      format: 'jwk',
    });
    const cases: [unknown, string][] = [
      ['text', 'not_an_object'],
      [[es.publicJwk], 'not_an_object'],
      [await exportJWK(privateKey), 'private_key'],
      [{ kty: 'oct', k: 'c2VjcmV0' }, 'private_key'],
      [{ ...es.publicJwk, use: 'enc' }, 'not_for_signing'],
      [{ ...es.publicJwk, key_ops: ['encrypt'] }, 'not_for_signing'],
      [{ ...es.publicJwk, kid: 5 }, 'invalid_kid'],
      [{ kty: 'AKP', alg: 'ML-DSA-44', pub: 'x' }, 'unsupported_key_type'],
      [es.publicJwk, 'no_allowed_algorithm'],
      [{ ...es.publicJwk, x: 'AAAA' }, 'invalid_key'],
      [{ ...small, alg: undefined }, 'rsa_key_too_small'],
    ];
    for (const [jwk, reason] of cases) {
      const allowed = jwk === es.publicJwk ? (['RS256'] as const) : (['ES256', 'RS256'] as const);
      expect(importJwk(jwk, allowed), reason).toEqual({ ok: false, reason });
    }
  });
});

describe('buildKeySet', () => {
  it('selects by alg and kid, in Maps', () => {
    const { set, skipped } = buildKeySet(
      [es.publicJwk, ed.publicJwk, { kty: 'oct', k: 'AA' }],
      ['ES256', 'EdDSA'],
    );
    expect(set.size).toBe(2);
    expect(skipped).toEqual([{ index: 2, reason: 'private_key' }]);
    expect(set.select('ES256', 'es')).toHaveLength(1);
    expect(set.select('EdDSA', 'es')).toHaveLength(0);
    expect(set.select('ES256', '__proto__')).toHaveLength(0);
    expect(set.select('ES256', undefined)).toHaveLength(1);
  });

  it(`tries at most ${MAX_KIDLESS_CANDIDATES} keys for a token without kid`, async () => {
    const signers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => makeSigner('ES256', `k${i}`)),
    );
    const { set } = buildKeySet(
      signers.map((s) => s.publicJwk),
      ['ES256'],
    );
    expect(set.size).toBe(6);
    expect(set.select('ES256', undefined)).toHaveLength(MAX_KIDLESS_CANDIDATES);
    expect(set.select('ES256', 'k5')).toHaveLength(1);
  });
});
