/**
 * Which buckets a request spends (admit-limits.ts): the limits and tier budgets a throttle rule
 * switches on (and a shadowed one stages, in twin buckets), and the scope value each bucket is
 * keyed by — key, account, org, IP prefix or cluster (a tier budget per cluster: the request's
 * harvest shape's cluster first).
 */
import { clusterName } from '../detection/score.ts';
import {
  clusterBudgetScope,
  tierBudgetFor,
  type CompiledLimit,
  type CompiledLimits,
} from './compile-limits.ts';
import type { LimitRequest } from './admit-limits.ts';

/**
 * What a throttle rule switches on (a throttle decision is one): the `applies: throttled` limits
 * it names, and the tier budgets it holds a request to — multiples of the tier's baseline, per
 * account and per the cluster the request links through (0: none). One value, so the limits and
 * the budgets always come from the same rule.
 */
export interface ThrottleLimits {
  readonly limits: readonly string[];
  readonly tierBudget: number;
  readonly clusterBudget?: number;
}

/** Pushes onto `out` the limits a throttle switches on that hold for this request. */
export function throttleLimits(
  limits: CompiledLimits,
  request: LimitRequest,
  throttle: ThrottleLimits,
  out: CompiledLimit[],
): void {
  const { account, facts, score } = request;
  for (const id of throttle.limits) {
    const limit = limits.byId.get(id);
    if (limit?.throttledOnly && limit.test(account, facts, score)) out.push(limit);
  }
  if (throttle.tierBudget > 0) {
    const budget = tierBudgetFor(limits, throttle.tierBudget, account.tier);
    if (budget !== undefined) out.push(budget);
  }
  // A request linking through no cluster has no cluster bucket to spend (scopeValue).
  const perCluster = throttle.clusterBudget ?? 0;
  if (perCluster > 0) {
    const budget = tierBudgetFor(limits, perCluster, account.tier, true);
    if (budget !== undefined) out.push(budget);
  }
}

/**
 * What the staged (shadowed) throttle switches on. A shadow limit that already applies is left
 * out (its buckets are the same); an enforced one is not — its staged copy spends the twin buckets
 * (stagedBucketId), which must see every request the staged rule would hold, this one included.
 */
export function stageLimits(
  limits: CompiledLimits,
  request: LimitRequest,
  staged: ThrottleLimits,
  applicable: readonly CompiledLimit[],
): CompiledLimit[] {
  const out: CompiledLimit[] = [];
  throttleLimits(limits, request, staged, out);
  return out.filter((limit) => !limit.shadow || !applicable.includes(limit));
}

/** Bucket keys: the limit, the scope's value and the dimension (r, i, o; s for stream slots). */
export function bucketKey(
  limit: string,
  scopeKey: string,
  dimension: 'r' | 'i' | 'o' | 's',
): string {
  return `${limit}\u0000${scopeKey}\u0000${dimension}`;
}

export function scopeValue(limit: CompiledLimit, request: LimitRequest): string | undefined {
  switch (limit.scope) {
    case 'key':
      return request.account.keyId;
    case 'account':
      return request.account.id;
    case 'org':
      return request.account.org;
    case 'cluster': {
      if (limit.byTier === undefined) return request.score.cluster?.id;
      const cluster = budgetCluster(request);
      return cluster === undefined ? undefined : clusterBudgetScope(cluster, limit.byTier);
    }
    case 'ip_prefix':
      return request.ipPrefix;
  }
}

/**
 * The cluster whose bucket a tier budget held per cluster spends: that of the request's harvest
 * shape (signals.shape: route, model, max_tokens, n, thinking budget and capability tags, present
 * only on a request with a harvesting parameter) when it has one, otherwise the cluster it links
 * through; none when it links through no cluster. Why the shape first: a campaign whose accounts
 * word their prompts each their own way links through a different content cluster on nearly
 * every request — `default`'s largest hydra spent 38 clusters' buckets in one run, a fresh
 * bucket each — while its harvesting tool sends the same generation settings from every account
 * (loadtest/DETECTION.md, 2026-12-07). The shape's bucket is named as the cluster that shape
 * forms in the detector (clusterName): where it has formed one the account is in, the admin API's
 * account report finds the bucket among the account's clusters. A configured limit with
 * `scope: cluster` keeps the linked cluster.
 */
function budgetCluster(request: LimitRequest): string | undefined {
  const linked = request.score.cluster;
  if (linked === null) return undefined;
  const shape = request.facts.signals?.shape ?? request.harvestShape ?? 0;
  return shape === 0 ? linked.id : clusterName(shape);
}

/**
 * The buckets a staged limit spends from when an enforcing rule names it too: its own twins
 * (`~` is never in a configured id), so staging a rule never spends what is enforced. A limit
 * only shadowed rules name keeps its buckets (the admin API reads them).
 */
export function stagedBucketId(limitId: string): string {
  return `${limitId}~staged`;
}
