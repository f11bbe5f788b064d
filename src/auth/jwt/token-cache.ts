/**
 * Outcomes remembered per token, keyed by the token's SHA-256 (the token itself is never kept):
 * a verified token until its `exp` (plus the clock tolerance jose would grant), so a repeat
 * request costs a hash and a Map lookup; a token that failed verification for a reason that
 * cannot change (bad signature, expired, wrong audience…) for a few seconds, so a flood of one
 * bad token costs one signature check per FAILURE_TTL_MS instead of one per request. The two
 * live in separate LRUs so garbage can never evict a good entry. Expiry is checked against the
 * caller's `now`: no timers, and tests control time.
 */
import { hash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { JwtOutcome } from './jwt-verifier.ts';

export const FAILURE_TTL_MS = 5_000;
export const FAILURE_MAX_ENTRIES = 10_000;

interface Entry {
  readonly outcome: JwtOutcome;
  /** ms since epoch; the entry is used while now < until. */
  readonly until: number;
}

export interface TokenCache {
  get(digest: string, now: number): JwtOutcome | undefined;
  remember(digest: string, outcome: JwtOutcome, until: number): void;
  readonly size: number;
}

/** The cache key of a token: base64 SHA-256 (44 characters, whatever the token's length). */
export function tokenDigest(token: string): string {
  return hash('sha256', token, 'base64');
}

export function createTokenCache(maxEntries: number): TokenCache {
  const verified = new LRUCache<string, Entry>({ max: maxEntries });
  const failed = new LRUCache<string, Entry>({ max: Math.min(maxEntries, FAILURE_MAX_ENTRIES) });
  const lookup = (cache: LRUCache<string, Entry>, digest: string, now: number) => {
    const entry = cache.get(digest);
    if (entry === undefined) return undefined;
    if (now < entry.until) return entry.outcome;
    cache.delete(digest);
    return undefined;
  };
  return {
    get: (digest, now) => lookup(verified, digest, now) ?? lookup(failed, digest, now),
    remember(digest, outcome, until) {
      (outcome.ok ? verified : failed).set(digest, { outcome, until });
    },
    get size() {
      return verified.size + failed.size;
    },
  };
}
