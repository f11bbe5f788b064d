/**
 * The admin API's JSON answers, as types: what the report builders return and what clients (the
 * review page, the tests) read. Times are ISO 8601 strings; keys are snake_case.
 */
import type { Factor } from '../detection/score.ts';
import type { BucketView } from './limit-state.ts';
import type { ActionName } from './recent-activity.ts';

export interface AdminErrorJson {
  readonly error: {
    readonly type: string;
    readonly message: string;
    readonly issues?: readonly { readonly path: string; readonly message: string }[];
  };
}

export interface TimelineEntryJson {
  readonly ts: string | null;
  readonly request_id: string;
  readonly action: ActionName;
  readonly mode: 'enforce' | 'shadow';
  readonly rule: string | null;
  readonly reason: string;
  readonly score: number;
  readonly families: readonly string[];
  readonly factors: readonly Factor[];
  readonly cluster: string | null;
  readonly status: number;
  readonly outcome: string;
}

export interface ClusterJson {
  readonly id: string;
  readonly link: string;
  readonly specific: boolean;
  readonly accounts: number;
  readonly requests: number;
  readonly risk: number;
  readonly flagged: boolean;
  readonly flagged_until: string | null;
  readonly families: readonly string[];
  readonly own_risk: number;
  readonly component_risk: number | null;
  /** The share of its requests from the org whose cohort it is, or null (README: Detection). */
  readonly cohort_share: number | null;
}

export interface RuntimeOverrideJson {
  readonly kind: 'override' | 'labels';
  readonly action?: 'allow' | 'deny';
  readonly verified?: boolean;
  readonly declared_use?: string;
  readonly labels?: readonly string[];
  readonly reason: string;
  readonly actor: string;
  readonly set_at: string | null;
  readonly expires: string | null;
}

export interface ConfigOverrideJson {
  readonly scope: 'account' | 'org';
  readonly action: 'allow' | 'deny' | null;
  readonly reason: string;
  readonly expires: string | null;
  readonly labels: readonly string[];
  readonly verified: boolean | null;
  readonly programme: string | null;
  readonly declared_use: string | null;
  readonly tier: string | null;
}

export interface ResolvedAccountJson {
  readonly org: string | null;
  readonly tier: string;
  readonly credential: 'api_key' | 'jwt';
  readonly age_days: number | null;
  readonly verified: boolean;
  readonly programme: string | null;
  readonly declared_use: string | null;
  readonly labels: readonly string[];
  readonly override: {
    readonly action: 'allow' | 'deny';
    readonly reason: string;
    readonly scope: 'account' | 'org';
  } | null;
}

export interface KeyJson {
  readonly key_id: string;
  readonly status: 'active' | 'revoked' | 'expired';
  readonly tier: string;
  readonly org: string | null;
  readonly created_at: string | null;
  readonly expires_at: string | null;
  readonly revoked_at: string | null;
}

export interface AccountReport {
  readonly account: string;
  readonly generated_at: string | null;
  readonly resolved: ResolvedAccountJson | null;
  readonly resolved_from: 'key_file' | 'last_request' | null;
  readonly keys: readonly KeyJson[];
  readonly overrides: {
    readonly runtime: readonly RuntimeOverrideJson[];
    readonly config: readonly ConfigOverrideJson[];
  };
  readonly risk: {
    readonly score: number;
    readonly families: readonly string[];
    readonly factors: readonly Factor[];
    readonly requests_in_window: number;
    readonly cluster_share: number;
    readonly cluster_risk: number;
    readonly computed_at: string | null;
  } | null;
  readonly clusters: readonly ClusterJson[];
  readonly limits: readonly BucketView[];
  readonly challenge: { readonly challenged: boolean; readonly verified: boolean | null };
  readonly remembered_block: { readonly kind: string; readonly rule: string } | null;
  readonly timeline: readonly TimelineEntryJson[];
  readonly timeline_window: { readonly decisions_held: number; readonly shown: number };
}

export interface OverrideChangeJson {
  readonly account: string;
  readonly known_account?: boolean;
  readonly before: RuntimeOverrideJson | null;
  readonly after: RuntimeOverrideJson | null;
}

export interface ClusterListReport {
  readonly generated_at: string | null;
  readonly detection: 'enabled' | 'custom_scorer';
  readonly clusters: readonly (ClusterJson & { readonly remembered_block: unknown })[];
}

export interface ClusterReport {
  readonly generated_at: string | null;
  readonly cluster: ClusterJson & { readonly remembered_block: unknown };
  readonly recent_accounts: readonly {
    readonly account: string;
    readonly requests: number;
    readonly max_score: number;
    readonly last_seen: string | null;
  }[];
}

export interface PolicyReport {
  readonly version: string;
  readonly config_version: string;
  readonly source_file: string;
  readonly mode: 'enforce' | 'shadow';
  readonly last_reload: {
    readonly at: string | null;
    readonly ok: boolean;
    readonly source: string;
    readonly version: string;
    readonly errors: readonly string[];
  };
  readonly rules: readonly {
    readonly id: string;
    readonly action: string;
    readonly reason: string;
    readonly mode: 'enforce' | 'shadow';
    readonly rollout: number;
    /** A throttle's multiple of the account's tier baseline it holds accounts to (null: none). */
    readonly tier_budget: number | null;
    /** The multiple it holds the request's cluster to, one budget for its accounts (null: none). */
    readonly cluster_budget: number | null;
  }[];
  readonly limits: readonly {
    readonly id: string;
    readonly scope: string;
    readonly applies: 'always' | 'throttled';
    readonly mode: 'enforce' | 'shadow';
  }[];
}

export interface AccountSummaryJson {
  readonly account: string;
  readonly tier: string | null;
  readonly requests: number;
  readonly actioned: number;
  readonly max_score: number;
  readonly last_score: number;
  readonly score_now: number | null;
  readonly last_action: ActionName;
  readonly last_rule: string | null;
  readonly last_seen: string | null;
  readonly actions: Readonly<Record<ActionName, number>>;
  readonly clusters: readonly string[];
}

export interface OverviewReport {
  readonly generated_at: string | null;
  readonly decisions_held: number;
  readonly decisions_capacity: number;
  readonly top_accounts: readonly AccountSummaryJson[];
  readonly top_clusters: readonly ClusterJson[];
  readonly actions_over_time: {
    readonly bucket_seconds: number;
    readonly actions: readonly ActionName[];
    readonly buckets: readonly {
      readonly start: string | null;
      readonly counts: Readonly<Record<ActionName, number>>;
      readonly shadow: number;
    }[];
    readonly totals: Readonly<Record<ActionName, number>>;
  };
}
