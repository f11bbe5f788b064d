/**
 * The JWS algorithms an issuer may allow, and which public keys each one can use. The list is
 * closed and asymmetric only: `none` and the HMAC family (HS*) cannot be configured at all, so the
 * classic "alg: none" and "HS256 signed with the RSA public key as the secret" confusions have no
 * configuration in which they could succeed (RFC 8725 §2.1, §3.1).
 */
import type { webcrypto } from 'node:crypto';

export const JWT_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
] as const;

export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

interface AlgorithmEntry {
  /** JWK key type the algorithm verifies with. */
  readonly kty: 'RSA' | 'EC' | 'OKP';
  /** Required JWK curve (EC and OKP); RSA keys have none. */
  readonly crv: string | undefined;
  /** WebCrypto import parameters: a CryptoKey is bound to one algorithm (and hash). */
  readonly importParams:
    webcrypto.RsaHashedImportParams | webcrypto.EcKeyImportParams | webcrypto.Algorithm;
}

const rsa = (name: string, bits: number): AlgorithmEntry => ({
  kty: 'RSA',
  crv: undefined,
  importParams: { name, hash: `SHA-${bits}` },
});
const ec = (crv: string): AlgorithmEntry => ({
  kty: 'EC',
  crv,
  importParams: { name: 'ECDSA', namedCurve: crv },
});
const ed25519: AlgorithmEntry = { kty: 'OKP', crv: 'Ed25519', importParams: { name: 'Ed25519' } };

export const ALGORITHMS: Readonly<Record<JwtAlgorithm, AlgorithmEntry>> = {
  RS256: rsa('RSASSA-PKCS1-v1_5', 256),
  RS384: rsa('RSASSA-PKCS1-v1_5', 384),
  RS512: rsa('RSASSA-PKCS1-v1_5', 512),
  PS256: rsa('RSA-PSS', 256),
  PS384: rsa('RSA-PSS', 384),
  PS512: rsa('RSA-PSS', 512),
  ES256: ec('P-256'),
  ES384: ec('P-384'),
  ES512: ec('P-521'),
  EdDSA: ed25519,
  Ed25519: ed25519,
};

const ALGORITHM_NAMES: ReadonlySet<string> = new Set(JWT_ALGORITHMS);

export function isJwtAlgorithm(alg: string): alg is JwtAlgorithm {
  return ALGORITHM_NAMES.has(alg);
}
