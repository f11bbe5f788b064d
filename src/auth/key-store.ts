/**
 * Where API keys live. The hot path needs one thing — a synchronous lookup by key digest with no
 * I/O — so every implementation keeps the set in memory (a KeyTable) and differs only in where it
 * comes from and how changes reach it: the key file (loaded and hot-reloaded whole), or, with
 * `store: redis` (the scale-out release), Redis with changes pushed to every replica.
 */
import type { KeyRecord } from './key-table.ts';

export interface KeyStore {
  readonly size: number;
  /** The record for the SHA-256 digest of a presented key (hot path: synchronous, O(1)). */
  lookup(digest: Uint8Array): KeyRecord | undefined;
  /** The record with this key id (CLI and admin: revoke, list). */
  byId(keyId: string): KeyRecord | undefined;
  entries(): IterableIterator<KeyRecord>;
}
