/**
 * The detector's account state by account handle (account.ts: a small integer the key table gives
 * each of its records). Scoring finds an account's state here by one array read instead of
 * hashing the account id into a 100,000-entry Map, whose buckets, entries and key strings are
 * cache misses on the decision path (issue 4, score p99: the Map lookup was about a third of an
 * ordinary request's score).
 *
 * A hint, never an answer: a handle names another account after the keys are reloaded, so the
 * caller checks the entry's key and falls back to the Map. Each entry is held under one handle at
 * most (the one its account's last request came with: an account whose requests alternate
 * between two keys is found through the Map for one of them), and is dropped when its detector
 * forgets it — so nothing here keeps an evicted account's state alive. Bounded: one reference
 * per handle below MAX_HANDLE, grown as handles appear; larger handles are not remembered.
 */

/** Handles at or above this are not remembered (a 16 MiB array at most: 4 million keys). */
export const MAX_HANDLE = 1 << 22;

/** What an entry knows of its hint: the handle it is held under, or -1. */
export interface Hinted {
  handle: number;
}

export class AccountHints<T extends Hinted> {
  /** Entries by handle; packed (grown by push), so reads stay on V8's fast path. */
  private readonly entries: (T | undefined)[] = [];

  /** The entry held under `handle`, if any. */
  get(handle: number): T | undefined {
    return this.entries[handle];
  }

  /** Holds `entry` under `handle` (a no-op for a handle that is not a small integer). */
  remember(handle: number, entry: T): void {
    if (entry.handle === handle) return; // held under it already (invariant below)
    if (!(handle >= 0 && handle < MAX_HANDLE) || !Number.isInteger(handle)) return;
    const entries = this.entries;
    while (entries.length <= handle) entries.push(undefined);
    // Invariant: entries[h] === e implies e.handle === h; each entry under one handle at most.
    this.forget(entry);
    const previous = entries[handle];
    if (previous !== undefined) previous.handle = -1;
    entries[handle] = entry;
    entry.handle = handle;
  }

  /** Drops `entry`'s hint (its detector no longer holds it). */
  forget(entry: T): void {
    if (entry.handle >= 0 && this.entries[entry.handle] === entry)
      this.entries[entry.handle] = undefined;
    entry.handle = -1;
  }

  /** Handles the array has room for (tests: it grows with the handles seen, within its bound). */
  get capacity(): number {
    return this.entries.length;
  }
}
