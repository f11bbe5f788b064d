/**
 * The review report and the state a review hands between parallel readers: typed JSON, the same
 * for the CLI (`--json`) and the admin page.
 */
import type { ReadSummary } from '../decision-log/read-logs.ts';
import type { AccountState, AccountSummary } from './account-summaries.ts';
import type { AccountTimeline, TimelineState } from './account-timeline.ts';
import type { ActionCounts } from './action-counts.ts';
import type { ClusterState, ClusterSummary } from './cluster-summaries.ts';
import type { FactorState, FactorSummary, RuleSummary } from './factor-summaries.ts';
import type { TimeSeries, TimeState } from './time-buckets.ts';

/** What was read, as the report states it. */
export type ReviewInput = Omit<ReadSummary, 'records'> & {
  readonly records: number;
  /** Records that passed the filter. */
  readonly matched: number;
};

export interface ReviewReport {
  readonly kind: 'distillguard.review';
  readonly version: 1;
  readonly generated_at: string;
  readonly filter: {
    readonly since: string | null;
    readonly until: string | null;
    readonly account: string | null;
    readonly cluster: string | null;
    readonly actions: readonly string[] | null;
    readonly rule: string | null;
  };
  readonly input: ReviewInput;
  /** First and last request time among the matched records. */
  readonly span: { readonly first: string | null; readonly last: string | null };
  readonly totals: {
    readonly requests: number;
    readonly actions: ActionCounts;
    readonly shadowed: number;
    /** Answers withheld or streams ended by the in-flight re-check (README: Block). */
    readonly stopped_in_flight: number;
    readonly tokens_out: number;
  };
  readonly accounts: readonly AccountSummary[];
  readonly clusters: readonly ClusterSummary[];
  readonly series: TimeSeries;
  /** Policy actions (observe … block) the factors below explain. */
  readonly decisions: number;
  readonly factors: readonly FactorSummary[];
  readonly families: readonly { readonly family: string; readonly decisions: number }[];
  readonly rules: readonly RuleSummary[];
  /** Present with an account filter. */
  readonly timeline: AccountTimeline | null;
  readonly bounds: {
    readonly accounts_tracked: number;
    readonly accounts_dropped: number;
    readonly clusters_tracked: number;
    readonly clusters_dropped: number;
  };
}

export interface ReviewState {
  readonly totals: Totals;
  readonly accounts: AccountState;
  readonly clusters: ClusterState;
  readonly series: TimeState;
  readonly factors: FactorState;
  readonly timeline: TimelineState | null;
}

export interface Totals {
  requests: number;
  actions: ActionCounts;
  shadowed: number;
  stoppedInFlight: number;
  tokensOut: number;
  first: number;
  last: number;
}
