/**
 * The authenticate stage: the credential found by header inspection → a principal.
 *
 * API keys: a key with a wrong prefix, length or checksum is refused before any lookup; a
 * well-formed key is looked up by its SHA-256 digest (no comparison ever runs over the secret),
 * then checked for revocation and expiry. JWTs (three base64url segments) go to the JwtVerifier.
 * Every credential failure gets the same 401 body; the precise reason is returned for the decision
 * log only. A dependency failure (no JWKS; a shared key store not loaded, or out of sync under
 * failure mode closed) is not a credential failure: it is `unavailable` → 503.
 *
 * Synchronous for API keys and cached tokens (the hot path); a promise only for a token's first
 * sight, which needs signature verification.
 *
 * A keep-alive connection nearly always presents the same key on every request: its digest is
 * remembered per connection (a KeyMemo) and reused when the next key is the same string, compared
 * in constant time against that connection's own previous key only — so no timing reveals anything
 * about another client's key, and no table of secrets is kept. Only the pure part is remembered
 * (shape check and SHA-256, ~1 µs); the lookup, revocation and expiry run on every request.
 */
import type { Principal } from '../account/account.ts';
import type { HeaderInspection } from '../upstream/header-hygiene.ts';
import { digestApiKey, hasValidKeyShape } from './api-key.ts';
import {
  looksLikeJwt,
  type JwtFailure,
  type JwtOutcome,
  type JwtVerifier,
} from './jwt/jwt-verifier.ts';
import type { KeyStore } from './key-store.ts';

export type AuthFailure =
  | 'missing_credential'
  | 'unsupported_scheme'
  | 'malformed_key'
  | 'unknown_key'
  | 'revoked_key'
  | 'expired_key'
  | 'jwt_not_accepted'
  | JwtFailure;

export type AuthResult =
  | { readonly ok: true; readonly principal: Principal }
  | { readonly ok: false; readonly failure: AuthFailure; readonly unavailable?: false }
  | {
      readonly ok: false;
      readonly failure: 'jwks_unavailable' | 'keys_unavailable';
      readonly unavailable: true;
    };

/** The last well-formed API key one connection presented, and its digest. */
export interface KeyMemo {
  presented: string;
  digest: Buffer;
}

const KEYS_UNAVAILABLE: AuthResult = Object.freeze({
  ok: false,
  failure: 'keys_unavailable',
  unavailable: true,
});

export function authenticate(
  headers: HeaderInspection,
  keys: KeyStore,
  jwt: JwtVerifier | undefined,
  now: number,
  memo?: KeyMemo,
): AuthResult | Promise<AuthResult> {
  const presented = headers.credential;
  if (presented === undefined) {
    return {
      ok: false,
      failure: headers.unsupportedScheme ? 'unsupported_scheme' : 'missing_credential',
    };
  }
  if (looksLikeJwt(presented)) {
    if (!jwt) return { ok: false, failure: 'jwt_not_accepted' };
    const outcome = jwt.verify(presented, now);
    return outcome instanceof Promise ? outcome.then(fromJwt) : fromJwt(outcome);
  }
  const remembered = memo !== undefined && sameSecret(memo.presented, presented);
  if (!remembered && !hasValidKeyShape(presented)) return { ok: false, failure: 'malformed_key' };
  // A shared key store that cannot give verdicts answers 503, never 401 (RELIABILITY.md).
  const health = keys.health;
  if (health === 'closed') return KEYS_UNAVAILABLE;
  let digest: Buffer;
  if (remembered) digest = memo.digest;
  else {
    digest = digestApiKey(presented);
    if (memo !== undefined) {
      memo.presented = presented;
      memo.digest = digest;
    }
  }
  const key = keys.lookup(digest);
  if (!key) return health === 'unloaded' ? KEYS_UNAVAILABLE : { ok: false, failure: 'unknown_key' };
  if (key.revokedAt !== undefined) return { ok: false, failure: 'revoked_key' };
  if (key.expiresAt !== undefined && key.expiresAt <= now)
    return { ok: false, failure: 'expired_key' };
  return { ok: true, principal: { kind: 'api_key', key } };
}

/** Equal strings, compared without an early exit (the length of a well-formed key is public). */
function sameSecret(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

function fromJwt(outcome: JwtOutcome): AuthResult {
  if (outcome.ok) return { ok: true, principal: { kind: 'jwt', identity: outcome.identity } };
  return outcome;
}
