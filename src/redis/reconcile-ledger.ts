/**
 * What this replica owes the shared limit buckets: units spent or settled while Redis could not be
 * used (fallback spends, settlements and lease refunds that failed), summed per bucket, and the
 * spends whose replies never came — applied to or resolved in Redis once it answers again.
 *
 * Every unit counts exactly once, whichever way a race goes:
 *
 * - A delta is sealed with an id before it is sent, and the adjust script applies an id at most
 *   once (a marker key, SET NX) — a retry after a lost reply finds the marker and changes nothing.
 *   A settlement that timed out is kept under the id it was first sent with (`addSent`): if it ran
 *   after all, its marker makes the retry a no-op; if not, the retry applies it.
 * - A deadline does not settle the question by itself: it stops a command that reaches Redis too
 *   late (SIGSTOP), not one that ran in time and whose reply was lost or late. A spend in that
 *   state is kept here (`addUnresolved`) and resolved by operation id (resolve.lua): undone if it
 *   ran, voided if not — while the fallback's own spend of the same request is an ordinary delta.
 * - Markers live `MARKER_TTL_MS`. What is still unresolved near then (a longer outage) is given
 *   up in the direction that never admits more than the limit: refunds and unresolved spends are
 *   dropped (counted), charges applied.
 */
import type { Rate } from '../limits/gcra.ts';

/** How long an operation's marker lives in Redis (its resolution must come before). */
export const MARKER_TTL_MS = 120_000;
/** Resolution is attempted only this long after a send: the marker is known to be there. */
const TRUSTED_MS = MARKER_TTL_MS - 10_000;

export interface LedgerEntry {
  readonly key: string;
  readonly rate: Rate;
  delta: number;
  /** Set when the entry is sent; kept for every retry of it. */
  id: string | undefined;
  /** When it was first sent (monotonic ms), for an id carried over from a settlement. */
  sentAt?: number;
}

/** A spend whose reply never came, with what resolve.lua needs to undo it. */
export interface UnresolvedSpend {
  /** The spend's marker key (its operation id, hash-tagged with its buckets). */
  readonly marker: string;
  /** Redis keys of its buckets, then of its slot sets. */
  readonly keys: readonly string[];
  readonly buckets: number;
  /** interval, charged, credit per bucket, then the slot members. */
  readonly args: readonly (string | number)[];
  /** When it was sent (monotonic ms). */
  readonly sentAt: number;
}

export class ReconcileLedger {
  private readonly open = new Map<string, LedgerEntry>();
  private readonly sealed: LedgerEntry[] = [];
  private readonly unresolved: UnresolvedSpend[] = [];
  private readonly replica: string;
  private sequence = 0;
  private readonly maxEntries: number;
  /** Entries dropped past the bound (counted: their units are lost, never doubled). */
  dropped = 0;
  /** Refunds and unresolved spends given up after `TRUSTED_MS` (never doubled either). */
  expired = 0;

  constructor(replica: string, maxEntries: number) {
    this.replica = replica;
    this.maxEntries = maxEntries;
  }

  get size(): number {
    return this.open.size + this.sealed.length + this.unresolved.length;
  }

  add(key: string, rate: Rate, delta: number): void {
    if (delta === 0) return;
    const entry = this.open.get(key);
    if (entry !== undefined) {
      entry.delta += delta;
      return;
    }
    if (this.full()) return;
    this.open.set(key, { key, rate, delta, id: undefined });
  }

  /** A settlement sent as `id` whose reply never came: retried under that id. */
  addSent(key: string, rate: Rate, delta: number, id: string, sentAt: number): void {
    if (delta !== 0 && !this.full()) this.sealed.push({ key, rate, delta, id, sentAt });
  }

  /** A spend whose reply never came (it may have run): to be resolved before anything else. */
  addUnresolved(spend: UnresolvedSpend): void {
    if (!this.full()) this.unresolved.push(spend);
  }

  /**
   * The unresolved spends to send now; those too old to trust their marker are dropped (what
   * they may have taken stays taken: never admitted twice).
   */
  toResolve(mono: number): readonly UnresolvedSpend[] {
    for (let i = this.unresolved.length - 1; i >= 0; i--) {
      if (mono - (this.unresolved[i] as UnresolvedSpend).sentAt <= TRUSTED_MS) continue;
      this.unresolved.splice(i, 1);
      this.expired++;
    }
    return [...this.unresolved];
  }

  resolved(spend: UnresolvedSpend): void {
    const at = this.unresolved.indexOf(spend);
    if (at !== -1) this.unresolved.splice(at, 1);
  }

  /**
   * Seals every open entry with an id and returns every entry to send (earlier failures too).
   * A settlement too old to trust its marker is dropped when it is a refund (it could be applied
   * twice) and sent once more under a new id when it is a charge (at worst counted twice).
   */
  seal(mono = 0): readonly LedgerEntry[] {
    for (let i = this.sealed.length - 1; i >= 0; i--) {
      const entry = this.sealed[i] as LedgerEntry;
      if (entry.sentAt === undefined || mono - entry.sentAt <= TRUSTED_MS) continue;
      if (entry.delta < 0) {
        this.sealed.splice(i, 1);
        this.expired++;
      } else {
        entry.id = this.nextId();
        delete entry.sentAt;
      }
    }
    for (const entry of this.open.values()) {
      if (entry.delta === 0) continue;
      entry.id = this.nextId();
      this.sealed.push(entry);
    }
    this.open.clear();
    return [...this.sealed];
  }

  /** A fresh operation id (settlements and spends use the same sequence). */
  nextId(): string {
    return `${this.replica}.${(this.sequence++).toString(36)}`;
  }

  /** A sealed entry was applied (or found already applied): forget it. */
  settled(entry: LedgerEntry): void {
    const at = this.sealed.indexOf(entry);
    if (at !== -1) this.sealed.splice(at, 1);
  }

  private full(): boolean {
    if (this.size < this.maxEntries) return false;
    this.dropped++;
    return true;
  }
}
