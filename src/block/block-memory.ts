/**
 * What block rules remember (`remember` on a block rule): accounts, end users behind an account
 * (the API's `user` / `metadata.user_id`: one abusive user of a reseller, not the reseller),
 * clusters and content fingerprints, each until an expiry. A later request from a remembered account, linked to a
 * remembered cluster, or carrying a remembered template — from any account, so a rotated
 * replacement re-sending a blocked template is blocked too — is blocked before the rules run.
 * Content is remembered only as a flagged cluster's exact template (its linking fingerprint),
 * never as whatever text a blocked request happened to contain: a generic prompt never gets
 * remembered. One interface: this bounded in-process store, and the Redis one every replica shares
 * (src/redis/redis-block-memory.ts).
 */

export type RememberedKind = 'account' | 'end_user' | 'cluster' | 'content';

export interface Remembered {
  readonly kind: RememberedKind;
  /** The block rule that remembered it. */
  readonly rule: string;
}

export interface BlockMemory {
  remember(kind: RememberedKind, key: string, rule: string, until: number): void;
  /** The first remembered match among the request's account, cluster and content keys. */
  match(
    account: string,
    endUser: string | undefined,
    cluster: string | undefined,
    content: readonly number[],
    now: number,
  ): Remembered | undefined;
  size(): number;
  /**
   * How many times an entry was added or extended (locally or replicated from another replica):
   * a count that only grows, so a request in flight can tell in one comparison that something
   * was blocked since it was decided (pipeline/recheck-in-flight.ts).
   */
  additions(): number;
}

/** One remembered thing (what a shared store replicates). */
export interface RememberedEntry {
  readonly kind: RememberedKind;
  readonly key: string;
  readonly rule: string;
  readonly until: number;
}

interface Entry {
  readonly until: number;
  readonly remembered: Remembered;
}

/**
 * One Map per kind, so a lookup builds no key string (content keys are the fingerprints
 * themselves): the check runs before the rules on every request once anything is remembered.
 */
export class MemoryBlockMemory implements BlockMemory {
  private readonly byKind: Record<RememberedKind, Map<string | number, Entry>> = {
    account: new Map(),
    end_user: new Map(),
    cluster: new Map(),
    content: new Map(),
  };
  private readonly maxEntries: number;
  private entries = 0;
  private added = 0;

  constructor(maxEntries: number) {
    this.maxEntries = maxEntries;
  }

  remember(kind: RememberedKind, key: string, rule: string, until: number): void {
    const map = this.byKind[kind];
    const id = kind === 'content' ? Number(key) : key;
    const existing = map.get(id);
    if (existing !== undefined && existing.until >= until) return;
    if (existing !== undefined) this.entries--;
    map.delete(id);
    map.set(id, { until, remembered: Object.freeze({ kind, rule }) });
    this.entries++;
    this.added++;
    // Past the bound, the oldest entry of the largest kind goes first.
    if (this.entries > this.maxEntries) this.evictOldest();
  }

  match(
    account: string,
    endUser: string | undefined,
    cluster: string | undefined,
    content: readonly number[],
    now: number,
  ): Remembered | undefined {
    if (this.entries === 0) return undefined;
    const kinds = this.byKind;
    const found =
      this.lookup(kinds.account, account, now) ??
      (endUser === undefined ? undefined : this.lookup(kinds.end_user, endUser, now)) ??
      (cluster === undefined ? undefined : this.lookup(kinds.cluster, cluster, now));
    if (found !== undefined || kinds.content.size === 0) return found;
    for (const key of content) {
      if (key === 0) continue;
      const hit = this.lookup(kinds.content, key, now);
      if (hit !== undefined) return hit;
    }
    return undefined;
  }

  size(): number {
    return this.entries;
  }

  additions(): number {
    return this.added;
  }

  /** What is remembered beyond `now` (what a shared store writes back after Redis lost it). */
  *remembered(now: number): IterableIterator<RememberedEntry> {
    for (const kind of Object.keys(this.byKind) as RememberedKind[]) {
      for (const [id, entry] of this.byKind[kind]) {
        if (entry.until > now)
          yield { kind, key: String(id), rule: entry.remembered.rule, until: entry.until };
      }
    }
  }

  private lookup(
    map: Map<string | number, Entry>,
    id: string | number,
    now: number,
  ): Remembered | undefined {
    if (map.size === 0) return undefined;
    const entry = map.get(id);
    if (entry === undefined) return undefined;
    if (entry.until > now) return entry.remembered;
    map.delete(id);
    this.entries--;
    return undefined;
  }

  private evictOldest(): void {
    const largest = Object.values(this.byKind).reduce((a, b) => (b.size > a.size ? b : a));
    const oldest = largest.keys().next();
    if (oldest.done === true) return;
    largest.delete(oldest.value);
    this.entries--;
  }
}

/** The fingerprint a cluster was formed by, from its logged id (`cl_<hex>`); 0 if malformed. */
export function clusterKey(clusterId: string): number {
  if (!clusterId.startsWith('cl_')) return 0;
  const key = Number.parseInt(clusterId.slice(3), 16);
  return Number.isSafeInteger(key) ? key : 0;
}
