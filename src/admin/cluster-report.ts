/**
 * GET /admin/clusters and /admin/clusters/:id — the detector's clusters by risk (accounts estimate,
 * flagged, link kind, families), each with what block rules remember of it and, for one cluster,
 * the accounts whose recent decisions linked to it.
 */
import type { ClusterView } from '../detection/cluster.ts';
import type { AdminDeps } from './admin-deps.ts';
import { clusterJson, iso } from './report-format.ts';
import type { ClusterListReport, ClusterReport } from './report-types.ts';

export const MAX_CLUSTERS = 1000;

export function clusterList(deps: AdminDeps, limit: number): ClusterListReport {
  const now = deps.clock.now();
  const clusters = deps.detector?.topClusters(now, limit) ?? [];
  return {
    generated_at: iso(now),
    detection: deps.detector === undefined ? 'custom_scorer' : 'enabled',
    clusters: clusters.map((cluster) => withMemory(deps, cluster, now)),
  };
}

export function clusterReport(deps: AdminDeps, id: string): ClusterReport | undefined {
  const now = deps.clock.now();
  const cluster = deps.detector?.cluster(id, now);
  if (cluster === undefined) return undefined;
  const linked = new Map<string, { requests: number; max_score: number; last_seen: number }>();
  for (const entry of deps.activity.entries((_, linkedTo) => linkedTo === id)) {
    const seen = linked.get(entry.account);
    if (seen === undefined)
      linked.set(entry.account, { requests: 1, max_score: entry.score, last_seen: entry.at });
    else {
      seen.requests++;
      seen.max_score = Math.max(seen.max_score, entry.score);
    }
  }
  return {
    generated_at: iso(now),
    cluster: withMemory(deps, cluster, now),
    recent_accounts: [...linked].map(([account, seen]) => ({
      account,
      requests: seen.requests,
      max_score: seen.max_score,
      last_seen: iso(seen.last_seen),
    })),
  };
}

function withMemory(
  deps: AdminDeps,
  cluster: ClusterView,
  now: number,
): ClusterListReport['clusters'][number] {
  const remembered = deps.blocks.match('', undefined, cluster.id, [], now);
  return { ...clusterJson(cluster), remembered_block: remembered ?? null };
}
