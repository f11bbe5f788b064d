/**
 * The review of a decision log, as a streaming aggregate: records go in one at a time (already
 * filtered), a typed JSON report comes out. Pure and importable — the CLI (src/cli/review.ts) and
 * the admin review page build the same report. Memory is bounded by the capacities, whatever the
 * log's size; the report says when a bound was reached.
 */
import type { LoggedRecord } from '../decision-log/logged-record.ts';
import type { ReadSummary } from '../decision-log/read-logs.ts';
import { Interner } from '../util/bounded-table.ts';
import { AccountSummaries, type AccountSummary } from './account-summaries.ts';
import { AccountTimelineBuilder, type AccountTimeline } from './account-timeline.ts';
import { emptyCounts, type ActionCounts } from './action-counts.ts';
import { ClusterSummaries, type ClusterSummary } from './cluster-summaries.ts';
import { FactorSummaries, type FactorSummary, type RuleSummary } from './factor-summaries.ts';
import type { ReviewFilter } from './review-filter.ts';
import { TimeBuckets, type TimeSeries } from './time-buckets.ts';

export interface ReviewOptions {
  readonly filter: ReviewFilter;
  /** Accounts and clusters listed (default 20). */
  readonly top?: number;
  /** Fixed bucket width in ms; default: chosen from the data, at most `rows` buckets. */
  readonly bucketMs?: number;
  readonly rows?: number;
  /** Timeline events kept for `filter.account` (default 1000, the most recent). */
  readonly timelineLimit?: number;
  readonly accountCapacity?: number;
  readonly clusterCapacity?: number;
}

export const REVIEW_DEFAULTS = {
  top: 20,
  rows: 48,
  timelineLimit: 1000,
  accountCapacity: 100_000,
  clusterCapacity: 20_000,
} as const;

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

export interface Review {
  add(record: LoggedRecord): void;
  report(input: ReadSummary, now: number): ReviewReport;
}

export function createReview(options: ReviewOptions): Review {
  const names = new Interner();
  const filter = options.filter;
  const accounts = new AccountSummaries(
    options.accountCapacity ?? REVIEW_DEFAULTS.accountCapacity,
    names,
  );
  const clusters = new ClusterSummaries(
    options.clusterCapacity ?? REVIEW_DEFAULTS.clusterCapacity,
    names,
  );
  const series = new TimeBuckets(options.bucketMs);
  const factors = new FactorSummaries(names);
  const timeline =
    filter.account === undefined
      ? undefined
      : new AccountTimelineBuilder(
          filter.account,
          options.timelineLimit ?? REVIEW_DEFAULTS.timelineLimit,
          names,
        );
  const actions = emptyCounts();
  let requests = 0;
  let shadowed = 0;
  let tokensOut = 0;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;

  return {
    add(record) {
      requests++;
      actions[record.action]++;
      if (record.shadow !== null) shadowed++;
      tokensOut += record.tokens_out ?? 0;
      if (record.time < first) first = record.time;
      if (record.time > last) last = record.time;
      accounts.add(record);
      clusters.add(record);
      series.add(record);
      factors.add(record);
      timeline?.add(record);
    },
    report(input, now) {
      const top = options.top ?? REVIEW_DEFAULTS.top;
      return {
        kind: 'distillguard.review',
        version: 1,
        generated_at: new Date(now).toISOString(),
        filter: {
          since: filter.since === undefined ? null : new Date(filter.since).toISOString(),
          until: filter.until === undefined ? null : new Date(filter.until).toISOString(),
          account: filter.account ?? null,
          cluster: filter.cluster ?? null,
          actions: filter.actions ?? null,
          rule: filter.rule ?? null,
        },
        input: { ...input, matched: requests },
        span: {
          first: requests === 0 ? null : new Date(first).toISOString(),
          last: requests === 0 ? null : new Date(last).toISOString(),
        },
        totals: { requests, actions: { ...actions }, shadowed, tokens_out: tokensOut },
        accounts: accounts.top(top),
        clusters: clusters.top(top),
        series: series.report(options.rows ?? REVIEW_DEFAULTS.rows),
        decisions: factors.decisions,
        factors: factors.factorReport(),
        families: factors.familyReport(),
        rules: factors.ruleReport(),
        timeline: timeline?.report() ?? null,
        bounds: {
          accounts_tracked: accounts.tracked,
          accounts_dropped: accounts.dropped,
          clusters_tracked: clusters.tracked,
          clusters_dropped: clusters.dropped,
        },
      };
    },
  };
}
