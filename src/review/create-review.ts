/**
 * The review of a decision log, as a streaming aggregate: records go in one at a time (already
 * filtered), a typed JSON report comes out. Pure and importable — the CLI (src/cli/review.ts) and
 * the admin review page build the same report. Memory is bounded by the capacities, whatever the
 * log's size; the report says when a bound was reached. What is not a sum — an account's latest
 * facts and riskiest cluster, a cluster's link, a timeline's most recent events and their order —
 * follows each record's time, then its place in the input (log-place.ts), never the order the
 * records were added in: a review read in parts on several threads is the one a single thread
 * writes, whatever the order of the logs.
 */
import type { LoggedRecord } from '../decision-log/logged-record.ts';
import { stoppedInFlight } from '../decision-log/record.ts';
import type { ReadSummary } from '../decision-log/read-logs.ts';
import { Interner } from '../util/bounded-table.ts';
import { AccountSummaries } from './account-summaries.ts';
import { AccountTimelineBuilder } from './account-timeline.ts';
import { addCounts, emptyCounts } from './action-counts.ts';
import { ClusterSummaries } from './cluster-summaries.ts';
import { FactorSummaries } from './factor-summaries.ts';
import type { ReviewFilter } from './review-filter.ts';
import type { ReviewReport, ReviewState, Totals } from './review-report.ts';
import { TimeBuckets } from './time-buckets.ts';

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

export interface Review {
  /**
   * A record, and its place in the logs (log-place.ts: its file's, plus its part's first byte,
   * plus its line in the part). Without one (hand-made records), records are placed in the order
   * they are added.
   */
  add(record: LoggedRecord, place?: number): void;
  /** Everything counted so far, structured-cloneable (a parallel reader's part). */
  state(): ReviewState;
  /** Adds another part's counts, as if its records had been added here. */
  absorb(state: ReviewState): void;
  report(input: ReadSummary, now: number): ReviewReport;
}

export function createReview(options: ReviewOptions): Review {
  return new ReviewRun(options);
}

class ReviewRun implements Review {
  private readonly options: ReviewOptions;
  private readonly accounts: AccountSummaries;
  private readonly clusters: ClusterSummaries;
  private readonly series: TimeBuckets;
  private readonly factors: FactorSummaries;
  private readonly timeline: AccountTimelineBuilder | undefined;
  private readonly t: Totals = {
    requests: 0,
    actions: emptyCounts(),
    shadowed: 0,
    stoppedInFlight: 0,
    tokensOut: 0,
    first: Number.POSITIVE_INFINITY,
    last: Number.NEGATIVE_INFINITY,
  };
  /** Records added without a place: their place is their order. */
  private unplaced = 0;

  constructor(options: ReviewOptions) {
    const names = new Interner();
    const account = options.filter.account;
    this.options = options;
    this.accounts = new AccountSummaries(
      options.accountCapacity ?? REVIEW_DEFAULTS.accountCapacity,
      names,
    );
    this.clusters = new ClusterSummaries(
      options.clusterCapacity ?? REVIEW_DEFAULTS.clusterCapacity,
      names,
    );
    this.series = new TimeBuckets(options.bucketMs);
    this.factors = new FactorSummaries(names);
    this.timeline =
      account === undefined
        ? undefined
        : new AccountTimelineBuilder(
            account,
            options.timelineLimit ?? REVIEW_DEFAULTS.timelineLimit,
            names,
          );
  }

  add(record: LoggedRecord, place = ++this.unplaced): void {
    const t = this.t;
    t.requests++;
    t.actions[record.action]++;
    if (record.shadow !== null) t.shadowed++;
    if (stoppedInFlight(record.detail)) t.stoppedInFlight++;
    t.tokensOut += record.tokens_out ?? 0;
    if (record.time < t.first) t.first = record.time;
    if (record.time > t.last) t.last = record.time;
    this.accounts.add(record, place);
    this.clusters.add(record, place);
    this.series.add(record);
    this.factors.add(record);
    this.timeline?.add(record, place);
  }

  state(): ReviewState {
    return {
      totals: { ...this.t, actions: { ...this.t.actions } },
      accounts: this.accounts.state(),
      clusters: this.clusters.state(),
      series: this.series.state(),
      factors: this.factors.state(),
      timeline: this.timeline?.state() ?? null,
    };
  }

  absorb(state: ReviewState): void {
    const t = this.t;
    const o = state.totals;
    t.requests += o.requests;
    addCounts(t.actions, o.actions);
    t.shadowed += o.shadowed;
    t.stoppedInFlight += o.stoppedInFlight;
    t.tokensOut += o.tokensOut;
    t.first = Math.min(t.first, o.first);
    t.last = Math.max(t.last, o.last);
    this.accounts.absorb(state.accounts);
    this.clusters.absorb(state.clusters);
    this.series.absorb(state.series);
    this.factors.absorb(state.factors);
    if (state.timeline !== null) this.timeline?.absorb(state.timeline);
  }

  report(input: ReadSummary, now: number): ReviewReport {
    const { options, t } = this;
    const filter = options.filter;
    const top = options.top ?? REVIEW_DEFAULTS.top;
    const iso = (ms: number | undefined): string | null =>
      ms === undefined ? null : new Date(ms).toISOString();
    return {
      kind: 'distillguard.review',
      version: 1,
      generated_at: new Date(now).toISOString(),
      filter: {
        since: iso(filter.since),
        until: iso(filter.until),
        account: filter.account ?? null,
        cluster: filter.cluster ?? null,
        actions: filter.actions ?? null,
        rule: filter.rule ?? null,
      },
      input: { ...input, matched: t.requests },
      span: {
        first: t.requests === 0 ? null : iso(t.first),
        last: t.requests === 0 ? null : iso(t.last),
      },
      totals: {
        requests: t.requests,
        actions: { ...t.actions },
        shadowed: t.shadowed,
        stopped_in_flight: t.stoppedInFlight,
        tokens_out: t.tokensOut,
      },
      accounts: this.accounts.top(top),
      clusters: this.clusters.top(top),
      series: this.series.report(options.rows ?? REVIEW_DEFAULTS.rows),
      decisions: this.factors.decisions,
      factors: this.factors.factorReport(),
      families: this.factors.familyReport(),
      rules: this.factors.ruleReport(),
      timeline: this.timeline?.report() ?? null,
      bounds: {
        accounts_tracked: this.accounts.tracked,
        accounts_dropped: this.accounts.dropped,
        clusters_tracked: this.clusters.tracked,
        clusters_dropped: this.clusters.dropped,
      },
    };
  }
}
