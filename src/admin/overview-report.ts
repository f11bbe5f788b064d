/**
 * GET /admin/overview — the review page's front: the riskiest accounts of the recent decisions
 * held in memory (with their live score from the detector), the riskiest clusters, and decisions
 * per action per minute over the last hours.
 */
import type { AdminDeps } from './admin-deps.ts';
import { clusterJson, iso } from './report-format.ts';
import { ACTIONS, type ActionName } from './recent-activity.ts';
import type { OverviewReport } from './report-types.ts';

interface AccountSummary {
  account: string;
  requests: number;
  max_score: number;
  last_score: number;
  last_seen: number;
  last_action: ActionName;
  last_rule: string | null;
  actions: Record<ActionName, number>;
  clusters: Set<string>;
  tier: string | null;
}

export function overviewReport(deps: AdminDeps, limit: number): OverviewReport {
  const now = deps.clock.now();
  const entries = deps.activity.entries();
  const byAccount = new Map<string, AccountSummary>();
  // Newest first: the first entry of an account is its latest decision.
  for (const entry of entries) {
    let summary = byAccount.get(entry.account);
    if (summary === undefined) {
      summary = {
        account: entry.account,
        requests: 0,
        max_score: 0,
        last_score: entry.score,
        last_seen: entry.at,
        last_action: entry.action,
        last_rule: entry.rule,
        actions: Object.fromEntries(ACTIONS.map((action) => [action, 0])) as Record<
          ActionName,
          number
        >,
        clusters: new Set(),
        tier: entry.facts.tier,
      };
      byAccount.set(entry.account, summary);
    }
    summary.requests++;
    summary.max_score = Math.max(summary.max_score, entry.score);
    summary.actions[entry.action]++;
    if (entry.cluster !== null) summary.clusters.add(entry.cluster);
  }
  const actioned = (s: AccountSummary): number => s.requests - s.actions.allow - s.actions.observe;
  const top = [...byAccount.values()]
    .sort(
      (a, b) => b.max_score - a.max_score || actioned(b) - actioned(a) || b.requests - a.requests,
    )
    .slice(0, limit);
  const buckets = deps.activity.actionsOverTime(now);
  const totals = Object.fromEntries(
    ACTIONS.map((action) => [action, buckets.reduce((sum, b) => sum + b.counts[action], 0)]),
  ) as Record<ActionName, number>;
  return {
    generated_at: iso(now),
    decisions_held: entries.length,
    decisions_capacity: deps.activity.capacity,
    top_accounts: top.map((summary) => ({
      account: summary.account,
      tier: summary.tier,
      requests: summary.requests,
      actioned: actioned(summary),
      max_score: summary.max_score,
      last_score: summary.last_score,
      score_now: deps.detector?.accountView(summary.account, now)?.score.value ?? null,
      last_action: summary.last_action,
      last_rule: summary.last_rule,
      last_seen: iso(summary.last_seen),
      actions: summary.actions,
      clusters: [...summary.clusters],
    })),
    top_clusters: (deps.detector?.topClusters(now, limit) ?? []).map(clusterJson),
    actions_over_time: {
      bucket_seconds: deps.activity.bucketMs / 1000,
      actions: ACTIONS,
      buckets: buckets.map((bucket) => ({
        start: iso(bucket.start),
        counts: bucket.counts,
        shadow: bucket.shadow,
      })),
      totals,
    },
  };
}
