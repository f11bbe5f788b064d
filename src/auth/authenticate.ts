/**
 * The authenticate stage: the credential found by header inspection → a key record. A key with a
 * wrong prefix, length or checksum is refused before any lookup; a well-formed key is looked up by
 * its SHA-256, so no comparison ever runs over the secret itself. Every failure gets the same 401
 * body; the precise reason is returned for the decision log only.
 */
import type { HeaderInspection } from '../upstream/header-hygiene.ts';
import { hashApiKey, hasValidKeyShape } from './api-key.ts';
import type { KeyRecord, KeyRegistry } from './key-file.ts';

export type AuthFailure =
  'missing_credential' | 'unsupported_scheme' | 'malformed_key' | 'unknown_key';

export type AuthResult = { ok: true; key: KeyRecord } | { ok: false; failure: AuthFailure };

export function authenticate(headers: HeaderInspection, keys: KeyRegistry): AuthResult {
  const presented = headers.credential;
  if (presented === undefined) {
    return {
      ok: false,
      failure: headers.unsupportedScheme ? 'unsupported_scheme' : 'missing_credential',
    };
  }
  if (!hasValidKeyShape(presented)) return { ok: false, failure: 'malformed_key' };
  const key = keys.get(hashApiKey(presented));
  return key ? { ok: true, key } : { ok: false, failure: 'unknown_key' };
}
