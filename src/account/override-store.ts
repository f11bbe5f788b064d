/**
 * Runtime overrides: what operators set through the admin API — allow or deny, verified, declared
 * use, labels — per account, each with a reason, an actor and a required expiry. The account stage
 * reads them on every request, so the read is synchronous and allocation-free when nothing is set
 * (the Redis implementation, src/redis/redis-override-store.ts, reads a local mirror of this kind
 * kept current by change notifications). They are merged with the config's overrides in
 * account.ts: runtime first (see README, "Precedence of overrides").
 */
import type { Override } from './overrides.ts';

/** The two things an operator sets apart: the override (action and facts) and the labels. */
export type RuntimeOverrideKind = 'override' | 'labels';

export interface RuntimeOverride {
  readonly account: string;
  readonly kind: RuntimeOverrideKind;
  readonly action: 'allow' | 'deny' | undefined;
  readonly verified: boolean | undefined;
  readonly declaredUse: string | undefined;
  readonly labels: readonly string[];
  readonly reason: string;
  readonly actor: string;
  /** ms since epoch. */
  readonly setAt: number;
  readonly expiresAt: number;
}

export interface OverrideStore {
  /** Accounts with at least one entry (0: the account stage skips the lookup). */
  readonly size: number;
  /** The runtime overrides in force for an account, as the account stage merges them (hot path). */
  find(account: string, now: number): readonly Override[];
  /** The entries in force for an account, for the admin API. */
  list(account: string, now: number): readonly RuntimeOverride[];
  /**
   * Whether a change can be made now: false while a shared store in failure mode closed cannot
   * reach Redis (the admin API then answers 503 before anything is audited or changed).
   */
  writable(): boolean;
  /** Sets one entry; returns the one it replaced. */
  set(entry: RuntimeOverride): RuntimeOverride | undefined;
  /** Removes one entry; returns it. */
  delete(account: string, kind: RuntimeOverrideKind): RuntimeOverride | undefined;
}

const NONE: readonly Override[] = Object.freeze([]);

interface Slot {
  override: RuntimeOverride | undefined;
  labels: RuntimeOverride | undefined;
  /** The compiled form the account stage reads, rebuilt on change (never per request). */
  compiled: readonly Override[];
}

/** In-process overrides, bounded: past `maxAccounts` the entry set longest ago is dropped. */
export class MemoryOverrideStore implements OverrideStore {
  private readonly slots = new Map<string, Slot>();
  private readonly maxAccounts: number;

  constructor(maxAccounts: number) {
    this.maxAccounts = maxAccounts;
  }

  get size(): number {
    return this.slots.size;
  }

  writable(): boolean {
    return true;
  }

  find(account: string, now: number): readonly Override[] {
    if (this.slots.size === 0) return NONE;
    const slot = this.slots.get(account);
    if (slot === undefined) return NONE;
    const compiled = slot.compiled;
    for (const entry of compiled)
      if (entry.expiresAt !== undefined && entry.expiresAt <= now) {
        return compiled.filter((item) => item.expiresAt === undefined || item.expiresAt > now);
      }
    return compiled;
  }

  list(account: string, now: number): readonly RuntimeOverride[] {
    const slot = this.slots.get(account);
    if (slot === undefined) return [];
    return [slot.override, slot.labels].filter(
      (entry): entry is RuntimeOverride => entry !== undefined && entry.expiresAt > now,
    );
  }

  set(entry: RuntimeOverride): RuntimeOverride | undefined {
    const slot = this.slots.get(entry.account) ?? {
      override: undefined,
      labels: undefined,
      compiled: NONE,
    };
    const previous = slot[entry.kind];
    slot[entry.kind] = Object.freeze({ ...entry, labels: Object.freeze([...entry.labels]) });
    slot.compiled = compile(slot);
    // Re-inserted last: the Map's first key is the account whose entries changed longest ago.
    this.slots.delete(entry.account);
    this.slots.set(entry.account, slot);
    if (this.slots.size > this.maxAccounts) {
      const oldest = this.slots.keys().next().value;
      if (oldest !== undefined) this.slots.delete(oldest);
    }
    return previous;
  }

  delete(account: string, kind: RuntimeOverrideKind): RuntimeOverride | undefined {
    const slot = this.slots.get(account);
    const previous = slot?.[kind];
    if (slot === undefined || previous === undefined) return undefined;
    slot[kind] = undefined;
    slot.compiled = compile(slot);
    if (slot.override === undefined && slot.labels === undefined) this.slots.delete(account);
    return previous;
  }
}

/** The account stage's view of a runtime entry: an account-level override like the config's. */
export function toOverride(entry: RuntimeOverride): Override {
  return Object.freeze({
    scope: 'account',
    action: entry.action,
    reason: entry.reason,
    expiresAt: entry.expiresAt,
    labels: entry.labels,
    verified: entry.verified,
    programme: undefined,
    declaredUse: entry.declaredUse,
    tier: undefined,
  });
}

function compile(slot: Slot): readonly Override[] {
  const entries = [slot.override, slot.labels].filter(
    (entry): entry is RuntimeOverride => entry !== undefined,
  );
  return Object.freeze(entries.map(toOverride));
}
