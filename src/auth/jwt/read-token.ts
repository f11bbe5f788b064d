/**
 * Reads a compact JWS before any cryptography: three base64url segments, a JSON object header
 * with a string `alg` (and a string `kid`, if any), and a JSON object payload. Nothing read here
 * is trusted: `iss` only chooses which configured issuer to try (jose checks it again after the
 * signature), and `jku`, `jwk`, `x5u` and `x5c` are never read at all — keys come from
 * configuration only (RFC 8725 §3.10). Pure and total: any string in, a value out, no throw.
 */

/** The unverified facts needed to pick an issuer and a key. */
export interface UnverifiedToken {
  readonly alg: string;
  readonly kid: string | undefined;
  /** The unverified `iss` claim, when it is a string. */
  readonly iss: string | undefined;
}

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export function readToken(token: string): UnverifiedToken | undefined {
  // The alphabet check matters: Buffer's base64url decoder silently skips foreign characters.
  if (!COMPACT_JWS.test(token)) return undefined;
  const firstDot = token.indexOf('.');
  const secondDot = token.indexOf('.', firstDot + 1);
  const header = decodeSegment(token.slice(0, firstDot));
  if (!header) return undefined;
  const { alg, kid } = header;
  if (typeof alg !== 'string' || (kid !== undefined && typeof kid !== 'string')) return undefined;
  const payload = decodeSegment(token.slice(firstDot + 1, secondDot));
  if (!payload) return undefined;
  return { alg, kid, iss: typeof payload.iss === 'string' ? payload.iss : undefined };
}

function decodeSegment(segment: string): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
