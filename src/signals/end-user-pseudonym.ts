/**
 * The pseudonym of a downstream end user (OpenAI `user` / `safety_identifier`, Anthropic
 * `metadata.user_id`): what the decision log records as `end_user` and what `remember.end_user`
 * blocks by. Clients often send an email or an internal id there, so a plain hash would be
 * reversed by anyone holding a list of candidates; this is HMAC-SHA-256 under a per-deployment
 * key, cut to 64 bits (16 hex characters: among a million end users of one account the chance of
 * any two colliding is about 3 in 10^8, where the 32-bit hash logged before gave ~116 pairs).
 *
 * The key, in order:
 * - `decision_log.end_user_key_env` (default DISTILLGUARD_END_USER_KEY), at least 32 characters;
 * - else derived from the upstream credential (credential.mode replace), which every replica of a
 *   deployment shares — pseudonyms then change when that credential is rotated;
 * - else a random key made once per process: pseudonyms (and end users remembered in Redis) do not
 *   match across restarts or replicas. The proxy warns at start.
 */
import { createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';

/** A configured key shorter than this is refused (it is an HMAC key). */
export const MIN_END_USER_KEY_LENGTH = 32;

/** The pseudonym of an end-user id: 16 lowercase hex characters. */
export type EndUserPseudonym = (id: string) => string;

export type EndUserKeySource = 'configured' | 'upstream_credential' | 'per_process';

/** Ids are hashed up to this many characters (a longer one is still one user). */
const MAX_ID_CHARS = 256;

let processKey: KeyObject | undefined;

/** The key pseudonyms are made with, and where it came from. */
export function endUserKey(
  configured: string | undefined,
  upstreamCredential: string | undefined,
): { key: KeyObject; source: EndUserKeySource } {
  if (configured !== undefined)
    return { key: createSecretKey(Buffer.from(configured, 'utf8')), source: 'configured' };
  if (upstreamCredential !== undefined) {
    // A key of its own, derived one way: a pseudonym tells nothing of the credential.
    const derived = createHmac('sha256', upstreamCredential)
      .update('distillguard end_user pseudonym v1')
      .digest();
    return { key: createSecretKey(derived), source: 'upstream_credential' };
  }
  processKey ??= createSecretKey(randomBytes(32));
  return { key: processKey, source: 'per_process' };
}

export function endUserPseudonym(key: KeyObject): EndUserPseudonym {
  return (id) =>
    createHmac('sha256', key)
      .update(id.length > MAX_ID_CHARS ? id.slice(0, MAX_ID_CHARS) : id)
      .digest('hex')
      .slice(0, 16);
}
