import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readToken } from '../../../../src/auth/jwt/read-token.ts';
import { segment } from './jwt-fixtures.ts';

describe('readToken', () => {
  it('reads alg, kid and the unverified iss', () => {
    const token = `${segment({ alg: 'ES256', kid: 'k1' })}.${segment({ iss: 'https://i/' })}.sig`;
    expect(readToken(token)).toEqual({ alg: 'ES256', kid: 'k1', iss: 'https://i/' });
    const bare = `${segment({ alg: 'EdDSA' })}.${segment({ iss: 7 })}.`;
    expect(readToken(bare)).toEqual({ alg: 'EdDSA', kid: undefined, iss: undefined });
  });

  it('ignores key-carrying headers entirely', () => {
    const header = segment({ alg: 'ES256', jku: 'https://evil/', jwk: { kty: 'EC' }, x5u: 'x' });
    expect(readToken(`${header}.${segment({})}.s`)).toEqual({
      alg: 'ES256',
      kid: undefined,
      iss: undefined,
    });
  });

  it('refuses characters outside base64url that a lenient decoder would skip', () => {
    const header = segment({ alg: 'ES256' });
    expect(readToken(`${header}.${segment({})}.s`)).toBeDefined();
    expect(readToken(`${header} .${segment({})}.s`)).toBeUndefined();
    expect(readToken(`${header}=.${segment({})}.s`)).toBeUndefined();
    expect(readToken(`${header}.${segment({})}.s/`)).toBeUndefined();
  });

  it('never throws, whatever the input (property)', () => {
    const part = fc.oneof(
      fc.string(),
      fc.jsonValue().map((v) => segment(v)),
      fc.base64String().map((s) => s.replace(/=+$/, '')),
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 5 }), fc.constantFrom('.', '', '..'), (parts, j) => {
        const result = readToken(parts.join(j));
        return result === undefined || typeof result.alg === 'string';
      }),
      { numRuns: 2_000 },
    );
  });
});
