/**
 * Where API keys live. The hot path needs one thing — a synchronous lookup by key digest with no
 * I/O — so every implementation keeps the set in memory (a KeyTable) and differs only in where it
 * comes from and how changes reach it: the key file (loaded and hot-reloaded whole), or, with
 * `store: redis` (the scale-out release), Redis with changes pushed to every replica.
 */
import type { KeyRecord } from './key-table.ts';

/**
 * Whether lookups are verdicts: `ok`; `unloaded` (a shared store not loaded yet: a miss means
 * "cannot tell", 503, never 401); `closed` (out of sync under failure mode closed: nothing is a
 * verdict). A store without the property is always `ok`.
 */
export type KeyHealth = 'ok' | 'unloaded' | 'closed';

export interface KeyStore {
  readonly size: number;
  readonly health?: KeyHealth;
  /** The record for the SHA-256 digest of a presented key (hot path: synchronous, O(1)). */
  lookup(digest: Uint8Array): KeyRecord | undefined;
  /** The record with this key id (CLI and admin: revoke, list). */
  byId(keyId: string): KeyRecord | undefined;
  entries(): IterableIterator<KeyRecord>;
}
