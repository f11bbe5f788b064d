/**
 * jose's errors → the JwtFailure reason codes of the decision log. jose signals every problem of a
 * token by throwing an error with a stable `code` (and, for claim checks, the `claim` and `reason`);
 * this is the one place that reads them. Anything else is not a token problem: undefined.
 */
import type { JwtFailure } from './jwt-verifier.ts';

export function mapJoseError(error: unknown): JwtFailure | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const { code, claim, reason } = error as { code?: unknown; claim?: unknown; reason?: unknown };
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return 'jwt_expired';
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return 'jwt_bad_signature';
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return 'jwt_alg_not_allowed';
    case 'ERR_JWS_INVALID': // includes an unrecognised `crit` extension (RFC 7515 §4.1.11)
    case 'ERR_JWT_INVALID':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return 'jwt_malformed';
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      // jose checks presence first (reason "missing"), then values ("check_failed"), and a
      // NumericDate of the wrong type is "invalid".
      if (claim === 'iss') return 'jwt_wrong_issuer';
      if (claim === 'aud') return 'jwt_wrong_audience';
      if (reason === 'missing') return 'jwt_missing_claim';
      if (claim === 'nbf' && reason === 'check_failed') return 'jwt_not_yet_valid';
      return 'jwt_invalid_claim';
    default:
      return undefined;
  }
}
