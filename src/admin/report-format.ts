/** JSON shapes shared by the admin API's reports: times as ISO 8601, snake_case keys. */
import type { RuntimeOverride } from '../account/override-store.ts';
import type { ClusterView } from '../detection/cluster.ts';
import type { RingEntry } from './recent-activity.ts';
import type { ClusterJson, RuntimeOverrideJson, TimelineEntryJson } from './report-types.ts';

/** ISO 8601, or null for an absent time. */
export function iso(ms: number | undefined | null): string | null {
  return ms === undefined || ms === null ? null : new Date(ms).toISOString();
}

export function clusterJson(cluster: ClusterView): ClusterJson {
  return {
    id: cluster.id,
    link: cluster.link,
    specific: cluster.specific,
    accounts: cluster.accounts,
    requests: cluster.requests,
    risk: cluster.risk,
    flagged: cluster.flagged,
    flagged_until: iso(cluster.flaggedUntil),
    families: cluster.families,
    own_risk: cluster.ownRisk,
    component_risk: cluster.componentRisk,
    cohort_share: cluster.cohortShare,
  };
}

/** One decision of an account's timeline: what was decided, by which rule, from which factors. */
export function timelineEntry(entry: RingEntry): TimelineEntryJson {
  return {
    ts: iso(entry.at),
    request_id: entry.requestId,
    action: entry.action,
    mode: entry.shadow ? 'shadow' : 'enforce',
    rule: entry.rule,
    reason: entry.reason,
    score: entry.score,
    families: entry.families,
    factors: entry.factors,
    cluster: entry.cluster,
    status: entry.status,
    outcome: entry.outcome,
  };
}

/** A runtime entry as the API and the audit log show it (fields not set are left out). */
export function entryJson(entry: RuntimeOverride | undefined): RuntimeOverrideJson | null {
  return entry === undefined ? null : runtimeJson(entry);
}

export function runtimeJson(entry: RuntimeOverride): RuntimeOverrideJson {
  return {
    kind: entry.kind,
    ...(entry.action === undefined ? {} : { action: entry.action }),
    ...(entry.verified === undefined ? {} : { verified: entry.verified }),
    ...(entry.declaredUse === undefined ? {} : { declared_use: entry.declaredUse }),
    ...(entry.kind === 'labels' ? { labels: entry.labels } : {}),
    reason: entry.reason,
    actor: entry.actor,
    set_at: iso(entry.setAt),
    expires: iso(entry.expiresAt),
  };
}
