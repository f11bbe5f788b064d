import { errors } from 'jose';
import { describe, expect, it } from 'vitest';
import { mapJoseError } from '../../../../src/auth/jwt/map-jose-error.ts';

const claimError = (claim: string, reason: string) =>
  new errors.JWTClaimValidationFailed('x', {}, claim, reason);

describe('mapJoseError', () => {
  it('maps each jose code to a reason', () => {
    expect(mapJoseError(new errors.JWTExpired('x', {}))).toBe('jwt_expired');
    expect(mapJoseError(new errors.JWSSignatureVerificationFailed())).toBe('jwt_bad_signature');
    expect(mapJoseError(new errors.JOSEAlgNotAllowed('x'))).toBe('jwt_alg_not_allowed');
    expect(mapJoseError(new errors.JWSInvalid('x'))).toBe('jwt_malformed');
    expect(mapJoseError(new errors.JWTInvalid('x'))).toBe('jwt_malformed');
    expect(mapJoseError(claimError('iss', 'check_failed'))).toBe('jwt_wrong_issuer');
    expect(mapJoseError(claimError('aud', 'missing'))).toBe('jwt_wrong_audience');
    expect(mapJoseError(claimError('nbf', 'check_failed'))).toBe('jwt_not_yet_valid');
    expect(mapJoseError(claimError('nbf', 'invalid'))).toBe('jwt_invalid_claim');
    expect(mapJoseError(claimError('sub', 'missing'))).toBe('jwt_missing_claim');
  });

  it('does not claim errors that are not about the token', () => {
    expect(mapJoseError(new TypeError('bug'))).toBeUndefined();
    expect(mapJoseError(new errors.JWKSTimeout())).toBeUndefined();
    expect(mapJoseError('string')).toBeUndefined();
    expect(mapJoseError(null)).toBeUndefined();
  });
});
