/**
 * What this replica owes the shared limit buckets: units spent or settled while Redis could not be
 * used (fallback spends, settlements and lease refunds that failed), summed per bucket, applied to
 * Redis once it answers again.
 *
 * Never counted twice: an entry is sealed with an id before it is sent, and the adjust script
 * applies an id at most once (a marker key, SET NX, 10 minutes) — a retry after a lost reply
 * finds the marker and changes nothing. Deltas that arrive while an entry is in flight start a
 * new entry. A command that timed out carried a deadline, so Redis never applies it late:
 * "failed" means "not applied", and the units land here exactly once.
 */
import type { Rate } from '../limits/gcra.ts';

export interface LedgerEntry {
  readonly key: string;
  readonly rate: Rate;
  delta: number;
  /** Set when the entry is sent; kept for every retry of it. */
  id: string | undefined;
}

export class ReconcileLedger {
  private readonly open = new Map<string, LedgerEntry>();
  private readonly sealed: LedgerEntry[] = [];
  private readonly replica: string;
  private sequence = 0;
  private readonly maxEntries: number;
  /** Entries dropped past the bound (counted: their units are lost, never doubled). */
  dropped = 0;

  constructor(replica: string, maxEntries: number) {
    this.replica = replica;
    this.maxEntries = maxEntries;
  }

  get size(): number {
    return this.open.size + this.sealed.length;
  }

  add(key: string, rate: Rate, delta: number): void {
    if (delta === 0) return;
    const entry = this.open.get(key);
    if (entry !== undefined) {
      entry.delta += delta;
      return;
    }
    if (this.size >= this.maxEntries) {
      this.dropped++;
      return;
    }
    this.open.set(key, { key, rate, delta, id: undefined });
  }

  /** Seals every open entry with an id and returns every entry to send (earlier failures too). */
  seal(): readonly LedgerEntry[] {
    for (const entry of this.open.values()) {
      if (entry.delta === 0) continue;
      entry.id = `${this.replica}.${(this.sequence++).toString(36)}`;
      this.sealed.push(entry);
    }
    this.open.clear();
    return [...this.sealed];
  }

  /** A sealed entry was applied (or found already applied): forget it. */
  settled(entry: LedgerEntry): void {
    const at = this.sealed.indexOf(entry);
    if (at !== -1) this.sealed.splice(at, 1);
  }
}
