/**
 * The verifier's answers that carry no per-token data, built once and frozen: every refusal of a
 * given reason is the same object, so refusing allocates nothing.
 */
import type { JwtFailure, JwtOutcome } from './jwt-verifier.ts';

/** Every reason, as a Record so a reason added to the contract must be added here too. */
const REASONS: Record<JwtFailure, true> = {
  jwt_too_large: true,
  jwt_malformed: true,
  jwt_unknown_issuer: true,
  jwt_alg_not_allowed: true,
  jwt_unknown_kid: true,
  jwt_bad_signature: true,
  jwt_expired: true,
  jwt_not_yet_valid: true,
  jwt_wrong_issuer: true,
  jwt_wrong_audience: true,
  jwt_missing_claim: true,
  jwt_invalid_claim: true,
};

export const FAILURES = Object.fromEntries(
  Object.keys(REASONS).map((failure) => [failure, Object.freeze({ ok: false, failure })]),
) as Record<JwtFailure, JwtOutcome>;

export const UNAVAILABLE: JwtOutcome = Object.freeze({
  ok: false,
  failure: 'jwks_unavailable',
  unavailable: true,
});
