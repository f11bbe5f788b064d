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
}

/** One remembered thing (what a shared store replicates). */
export interface RememberedEntry {
  readonly kind: RememberedKind;
  readonly key: string;
  readonly rule: string;
  readonly until: number;
}

interface Entry {
  readonly rule: string;
  readonly until: number;
  readonly remembered: Remembered;
}

export class MemoryBlockMemory implements BlockMemory {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;

  constructor(maxEntries: number) {
    this.maxEntries = maxEntries;
  }

  remember(kind: RememberedKind, key: string, rule: string, until: number): void {
    const id = `${kind}:${key}`;
    const existing = this.entries.get(id);
    if (existing !== undefined && existing.until >= until) return;
    this.entries.delete(id);
    this.entries.set(id, { rule, until, remembered: Object.freeze({ kind, rule }) });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  match(
    account: string,
    endUser: string | undefined,
    cluster: string | undefined,
    content: readonly number[],
    now: number,
  ): Remembered | undefined {
    if (this.entries.size === 0) return undefined;
    const found =
      this.lookup(`account:${account}`, now) ??
      (endUser === undefined ? undefined : this.lookup(`end_user:${endUser}`, now)) ??
      (cluster === undefined ? undefined : this.lookup(`cluster:${cluster}`, now));
    if (found !== undefined) return found;
    for (const key of content) {
      if (key === 0) continue;
      const hit = this.lookup(`content:${key}`, now);
      if (hit !== undefined) return hit;
    }
    return undefined;
  }

  size(): number {
    return this.entries.size;
  }

  /** What is remembered beyond `now`. */
  *remembered(now: number): IterableIterator<RememberedEntry> {
    for (const [id, entry] of this.entries) {
      if (entry.until <= now) continue;
      const kind = entry.remembered.kind;
      yield { kind, key: id.slice(kind.length + 1), rule: entry.rule, until: entry.until };
    }
  }

  private lookup(id: string, now: number): Remembered | undefined {
    const entry = this.entries.get(id);
    if (entry === undefined) return undefined;
    if (entry.until > now) return entry.remembered;
    this.entries.delete(id);
    return undefined;
  }
}

/** The fingerprint a cluster was formed by, from its logged id (`cl_<hex>`); 0 if malformed. */
export function clusterKey(clusterId: string): number {
  if (!clusterId.startsWith('cl_')) return 0;
  const key = Number.parseInt(clusterId.slice(3), 16);
  return Number.isSafeInteger(key) ? key : 0;
}
