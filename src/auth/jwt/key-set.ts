/**
 * A verification key set: public JWKs imported once, when the set is built (at start for static
 * keys, after each fetch for a JWKS), into WebCrypto keys — one per allowed algorithm the key
 * fits, because a CryptoKey is bound to one algorithm and hash. Verification then only selects by
 * `alg` and `kid` in Maps (a `kid` like `../../etc/passwd` or `' OR 1=1` is just a key that is not
 * there) and never imports, fetches or trusts key material carried by the token itself.
 */
import { createPublicKey, type webcrypto } from 'node:crypto';
import { ALGORITHMS, type JwtAlgorithm } from './algorithms.ts';

export type VerifyKey = webcrypto.CryptoKey;

export interface KeySet {
  /** Number of JWKs imported. */
  readonly size: number;
  /** Keys that can verify `alg` (for `kid`, when the token names one); empty when none fits. */
  select(alg: string, kid: string | undefined): readonly VerifyKey[];
}

/** Why a JWK was not imported. The first four mean "not meant for us"; the rest are defects. */
export type SkipReason =
  | 'not_for_signing'
  | 'unsupported_key_type'
  | 'no_allowed_algorithm'
  | 'not_an_object'
  | 'private_key'
  | 'invalid_kid'
  | 'invalid_key'
  | 'rsa_key_too_small';

export const HARMLESS_SKIPS: ReadonlySet<SkipReason> = new Set<SkipReason>([
  'not_for_signing',
  'unsupported_key_type',
  'no_allowed_algorithm',
]);

/**
 * A token without `kid` is tried against at most this many keys that fit its `alg`: each try is
 * a signature verification, so an unbounded list would let one token cost N verifications.
 * Issuers that publish more keys must send `kid` (they all do).
 */
export const MAX_KIDLESS_CANDIDATES = 3;

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k', 'priv'];
/** RFC 7518 §3.3 and §3.5: 2048 bits is the minimum for RS* and PS*. */
const MIN_RSA_BITS = 2048;

export type ImportResult =
  | {
      readonly ok: true;
      readonly kid: string | undefined;
      readonly keys: Map<JwtAlgorithm, VerifyKey>;
    }
  | { readonly ok: false; readonly reason: SkipReason };

/** Imports one JWK for every algorithm in `allowed` that it can verify. */
export function importJwk(jwk: unknown, allowed: readonly JwtAlgorithm[]): ImportResult {
  if (jwk === null || typeof jwk !== 'object' || Array.isArray(jwk)) {
    return { ok: false, reason: 'not_an_object' };
  }
  const fields = jwk as Record<string, unknown>;
  if (PRIVATE_MEMBERS.some((member) => Object.hasOwn(fields, member)))
    return { ok: false, reason: 'private_key' };
  if (fields.kid !== undefined && typeof fields.kid !== 'string') {
    return { ok: false, reason: 'invalid_kid' };
  }
  if (!usableForVerify(fields)) return { ok: false, reason: 'not_for_signing' };
  if (fields.kty !== 'RSA' && fields.kty !== 'EC' && fields.kty !== 'OKP') {
    return { ok: false, reason: 'unsupported_key_type' };
  }
  const fits = allowed.filter((alg) => {
    const entry = ALGORITHMS[alg];
    return (
      entry.kty === fields.kty &&
      (entry.crv === undefined || entry.crv === fields.crv) &&
      (fields.alg === undefined || fields.alg === alg)
    );
  });
  if (fits.length === 0) return { ok: false, reason: 'no_allowed_algorithm' };
  let keyObject;
  try {
    keyObject = createPublicKey({ key: fields, format: 'jwk' });
  } catch {
    return { ok: false, reason: 'invalid_key' };
  }
  const bits = keyObject.asymmetricKeyDetails?.modulusLength;
  if (fields.kty === 'RSA' && (bits === undefined || bits < MIN_RSA_BITS)) {
    return { ok: false, reason: 'rsa_key_too_small' };
  }
  const keys = new Map<JwtAlgorithm, VerifyKey>();
  try {
    for (const alg of fits) {
      keys.set(alg, keyObject.toCryptoKey(ALGORITHMS[alg].importParams, false, ['verify']));
    }
  } catch {
    return { ok: false, reason: 'invalid_key' };
  }
  return { ok: true, kid: fields.kid, keys };
}

/** `use` and `key_ops`, when present, must allow signature verification (RFC 7517 §4.2–4.3). */
function usableForVerify(fields: Record<string, unknown>): boolean {
  if (fields.use !== undefined && fields.use !== 'sig') return false;
  const ops = fields.key_ops;
  if (ops === undefined) return true;
  return Array.isArray(ops) && ops.includes('verify');
}

export interface KeySetBuild {
  readonly set: KeySet;
  /** One entry per JWK that was not imported, by index. */
  readonly skipped: readonly { readonly index: number; readonly reason: SkipReason }[];
}

/** Builds a key set from JWKs; keys that cannot be used are skipped and reported. */
export function buildKeySet(
  jwks: readonly unknown[],
  allowed: readonly JwtAlgorithm[],
): KeySetBuild {
  const byKid = new Map<string, Map<string, VerifyKey[]>>();
  const kidless = new Map<string, VerifyKey[]>();
  const skipped: { index: number; reason: SkipReason }[] = [];
  let size = 0;
  jwks.forEach((jwk, index) => {
    const imported = importJwk(jwk, allowed);
    if (!imported.ok) {
      skipped.push({ index, reason: imported.reason });
      return;
    }
    size++;
    for (const [alg, key] of imported.keys) {
      if (imported.kid !== undefined) {
        let byAlg = byKid.get(imported.kid);
        if (!byAlg) byKid.set(imported.kid, (byAlg = new Map<string, VerifyKey[]>()));
        append(byAlg, alg, key, Infinity);
      }
      append(kidless, alg, key, MAX_KIDLESS_CANDIDATES);
    }
  });
  const none: readonly VerifyKey[] = [];
  return {
    set: {
      size,
      select: (alg, kid) =>
        (kid === undefined ? kidless.get(alg) : byKid.get(kid)?.get(alg)) ?? none,
    },
    skipped,
  };
}

function append(map: Map<string, VerifyKey[]>, alg: string, key: VerifyKey, cap: number): void {
  const list = map.get(alg);
  if (!list) map.set(alg, [key]);
  else if (list.length < cap) list.push(key);
}
