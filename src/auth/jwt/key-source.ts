/**
 * Where an issuer's verification keys come from: a static set (imported once at creation) or a
 * JWKS endpoint (see jwks-source.ts). A lookup is synchronous whenever the answer is known, and a
 * promise only while a fetch it depends on is under way.
 */
import type { KeySet, VerifyKey } from './key-set.ts';

/** Keys to try, or why there are none: the token's fault (401) or the dependency's (503). */
export type KeyLookup = readonly VerifyKey[] | 'unknown_kid' | 'unavailable';

export interface KeySourceStatus {
  /** Usable keys held (0 when the only set held is older than max_stale). */
  readonly keys: number;
  /** Time since the last successful fetch; null for static keys and before the first fetch. */
  readonly ageMs: number | null;
  readonly lastError: string | null;
}

export interface KeySource {
  keysFor(alg: string, kid: string | undefined): KeyLookup | Promise<KeyLookup>;
  status(): KeySourceStatus;
  close(): void;
}

export function createStaticKeySource(set: KeySet): KeySource {
  const status: KeySourceStatus = Object.freeze({ keys: set.size, ageMs: null, lastError: null });
  return {
    keysFor(alg, kid) {
      const keys = set.select(alg, kid);
      return keys.length > 0 ? keys : 'unknown_kid';
    },
    status: () => status,
    close() {},
  };
}
