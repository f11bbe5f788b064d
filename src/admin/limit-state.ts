/**
 * What remains in an account's limit buckets, read without spending (the admin API): every
 * configured limit whose scope the account determines — its id, its keys, its org, the clusters it
 * linked to lately — peeked in the limit store, and the budgets of its tier that `tier_budget`
 * throttle rules name (per account, and per cluster in its clusters' buckets of its tier), each
 * followed by its staged twin where a shadowed rule stages it while an enforcing one names it
 * (mode shadow). A limit's `when` is not evaluated (it depends on the request), nor is a rule's,
 * so a bucket listed here may not apply to every request.
 */
import { bucketKey, stagedBucketId } from '../limits/limit-scopes.ts';
import {
  clusterBudgetScope,
  tierBudgetFor,
  type CompiledLimit,
  type CompiledLimits,
} from '../limits/compile-limits.ts';
import type { Rate } from '../limits/gcra.ts';
import type { LimitStore } from '../limits/limit-store.ts';

export interface LimitScopes {
  readonly account: string;
  readonly keys: readonly string[];
  readonly org: string | undefined;
  readonly clusters: readonly string[];
  /** The account's tier, whose baseline budget is listed too (undefined: not known). */
  readonly tier?: string | undefined;
}

export interface BucketView {
  readonly limit: string;
  readonly scope: CompiledLimit['scope'];
  readonly scope_value: string;
  readonly applies: 'always' | 'throttled';
  readonly mode: 'enforce' | 'shadow';
  readonly dimension: 'requests' | 'input_tokens' | 'output_tokens' | 'concurrent_streams';
  /** Units per period (for streams: the slots). */
  readonly quota: number;
  readonly per_ms: number | null;
  readonly remaining: number;
  /** ms until the bucket is whole again (null for stream slots). */
  readonly reset_ms: number | null;
}

function scopeValues(limit: CompiledLimit, scopes: LimitScopes): readonly string[] {
  switch (limit.scope) {
    case 'account':
      return [scopes.account];
    case 'key':
      return scopes.keys;
    case 'org':
      return scopes.org === undefined ? [] : [scopes.org];
    case 'cluster': {
      const tier = limit.byTier;
      return tier === undefined
        ? scopes.clusters
        : scopes.clusters.map((c) => clusterBudgetScope(c, tier));
    }
    case 'ip_prefix':
      return []; // a property of each request, not of the account
  }
}

const RATES = [
  ['requests', 'r', 'requests'],
  ['input_tokens', 'i', 'inputTokens'],
  ['output_tokens', 'o', 'outputTokens'],
] as const;

export async function limitState(
  limits: CompiledLimits,
  store: LimitStore,
  scopes: LimitScopes,
  now: number,
): Promise<BucketView[]> {
  const out: BucketView[] = [];
  const listed = [...limits.byId.values()];
  // The tier budgets the policy's rules name, for the account's tier (as admission picks them).
  if (scopes.tier !== undefined) {
    for (const multiple of limits.tierBudgets.keys()) {
      const budget = tierBudgetFor(limits, multiple, scopes.tier);
      if (budget !== undefined) listed.push(budget);
    }
    // … and those they hold per cluster, in the account's clusters' buckets of its tier.
    for (const multiple of limits.clusterBudgets.keys()) {
      const budget = tierBudgetFor(limits, multiple, scopes.tier, true);
      if (budget !== undefined) listed.push(budget);
    }
  }
  for (const limit of listed) {
    // A limit staged by a shadowed rule while an enforcing one names it: its twin, after it.
    const ids = limits.twinned.has(limit.id) ? [limit.id, stagedBucketId(limit.id)] : [limit.id];
    for (const value of scopeValues(limit, scopes))
      for (const id of ids) await listBuckets(out, store, limit, id, value, now);
  }
  return out;
}

/** One limit's buckets for one scope value; `id` another than its own: its staged twin's. */
async function listBuckets(
  out: BucketView[],
  store: LimitStore,
  limit: CompiledLimit,
  id: string,
  value: string,
  now: number,
): Promise<void> {
  // A twin is listed in shadow, with rates only (stream slots are the limit's own set).
  const twin = id !== limit.id;
  const base = {
    limit: id,
    scope: limit.scope,
    scope_value: value,
    applies: limit.throttledOnly ? 'throttled' : 'always',
    mode: limit.shadow || twin ? 'shadow' : 'enforce',
  } as const;
  for (const [dimension, suffix, field] of RATES) {
    const rate: Rate | undefined = limit[field];
    if (rate === undefined) continue;
    const state = await store.peek(bucketKey(id, value, suffix), rate, now);
    out.push({
      ...base,
      dimension,
      quota: rate.limit,
      per_ms: rate.periodMs,
      remaining: state.remaining,
      reset_ms: state.resetMs,
    });
  }
  if (limit.concurrentStreams !== undefined && !twin) {
    const slots = await store.peekSlots(bucketKey(limit.id, value, 's'));
    out.push({
      ...base,
      dimension: 'concurrent_streams',
      quota: limit.concurrentStreams,
      per_ms: null,
      remaining: Math.max(0, limit.concurrentStreams - slots.taken),
      reset_ms: null,
    });
  }
}
