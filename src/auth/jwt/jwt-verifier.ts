/**
 * The contract between the authenticate stage and JWT verification (implemented in this folder).
 *
 * A bearer credential that looks like a JWT (three base64url segments) is handed to a
 * JwtVerifier. A token seen before (and not yet expired) is answered synchronously from a cache
 * keyed by the token's SHA-256; a token seen for the first time is verified with jose against
 * the issuer's keys (static, or a JWKS fetched and cached with stale-if-error) and answered with
 * a promise. A failure of the token is a 401 with a precise reason for the decision log; a failure
 * of a dependency (no usable key because the JWKS endpoint is down) is `unavailable` → 503, never
 * a 401.
 */

/** Who a verified token says the caller is, after claim mapping. */
export interface TokenIdentity {
  /** The issuer's configured name (stable, short; used in the decision log as the key id). */
  readonly issuer: string;
  readonly account: string;
  readonly org: string | undefined;
  readonly tier: string | undefined;
  /** Account creation time, ms since epoch. */
  readonly accountCreatedAt: number | undefined;
  readonly verified: boolean;
  readonly programme: string | undefined;
  readonly labels: readonly string[];
  readonly declaredUse: string | undefined;
}

export type JwtFailure =
  | 'jwt_too_large'
  | 'jwt_malformed'
  | 'jwt_unknown_issuer'
  | 'jwt_alg_not_allowed'
  | 'jwt_unknown_kid'
  | 'jwt_bad_signature'
  | 'jwt_expired'
  | 'jwt_not_yet_valid'
  | 'jwt_wrong_issuer'
  | 'jwt_wrong_audience'
  | 'jwt_missing_claim'
  | 'jwt_invalid_claim';

export type JwtOutcome =
  | {
      readonly ok: true;
      readonly identity: TokenIdentity;
      /** ms since epoch */ readonly expiresAt: number;
    }
  | { readonly ok: false; readonly failure: JwtFailure }
  /** No usable verification key because a dependency (the JWKS endpoint) failed: answer 503. */
  | { readonly ok: false; readonly failure: 'jwks_unavailable'; readonly unavailable: true };

export interface JwtVerifier {
  /** Synchronous when the token is cached (or rejected before any crypto), a promise otherwise. */
  verify(token: string, now: number): JwtOutcome | Promise<JwtOutcome>;
  /** Health for /readyz: per issuer, whether usable keys are held and how old they are. */
  status(): Readonly<
    Record<string, { keys: number; ageMs: number | null; lastError: string | null }>
  >;
  close(): void;
}

/** True when a credential has the shape of a compact JWS (so it is not tried as an API key). */
export function looksLikeJwt(credential: string): boolean {
  const first = credential.indexOf('.');
  if (first <= 0) return false;
  const second = credential.indexOf('.', first + 1);
  return second > first + 1 && credential.indexOf('.', second + 1) === -1;
}
