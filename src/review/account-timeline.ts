/**
 * One account's timeline: every request that was not simply allowed — policy actions, limit
 * refusals, rejects (a 401 is what a complaining customer often means), and allowed requests a
 * shadowed rule would have acted on — with the rule, the reason, the score and the factors behind
 * it, largest contribution first. The most recent `limit` events are kept, oldest first; older ones
 * are counted. "Most recent" and the order follow log-place.ts — time, then place in the input (file
 * as given, then line) — not the order the records were read in, so the timeline is the same for
 * logs given newest first or out of time order, however they were cut in parts.
 */
import type { Activation, ClusterRef, Factor } from '../detection/score.ts';
import type { LoggedRecord } from '../decision-log/logged-record.ts';
import { ownString, type Interner } from '../util/bounded-table.ts';
import { placedAfter } from './log-place.ts';

export interface TimelineEvent {
  readonly ts: string;
  readonly request_id: string;
  readonly action: string;
  readonly mode: string;
  readonly rule: string | null;
  readonly reason: string;
  readonly shadow: LoggedRecord['shadow'];
  readonly score: number;
  readonly families: readonly string[];
  /** Largest contribution first. */
  readonly factors: readonly Factor[];
  readonly activation: Activation | null;
  readonly cluster: ClusterRef | null;
  readonly degraded: readonly string[] | null;
  readonly route: string | null;
  readonly model: string | null;
  readonly status: number;
  readonly outcome: string;
  readonly tokens_out: number | null;
  /** `tokens_out` is the proxy's estimate for a stream cut short (v7; null in older records). */
  readonly tokens_out_estimated: boolean | null;
}

export interface AccountTimeline {
  readonly account: string;
  readonly requests: number;
  readonly allowed: number;
  readonly events: readonly TimelineEvent[];
  /** Older events not listed (beyond the limit). */
  readonly omitted: number;
}

/** An event and where its record is in the logs (log-place.ts). */
export interface PlacedEvent {
  readonly event: TimelineEvent;
  readonly time: number;
  readonly place: number;
}

/** What a parallel reader hands over (structured-cloneable). */
export interface TimelineState {
  /** Oldest first (log-place.ts). */
  readonly events: readonly PlacedEvent[];
  readonly omitted: number;
  readonly requests: number;
  readonly allowed: number;
}

export class AccountTimelineBuilder {
  private readonly account: string;
  private readonly limit: number;
  private readonly names: Interner;
  /**
   * The events kept, unordered: up to twice the limit, then sorted and cut to the most recent
   * `limit` (O(log limit) a record, amortised, whatever the order the records come in).
   */
  private kept: PlacedEvent[] = [];
  /** After a cut: the oldest event kept; a record not after it would not be kept. */
  private oldest: PlacedEvent | undefined;
  private omitted = 0;
  private requests = 0;
  private allowed = 0;

  constructor(account: string, limit: number, names: Interner) {
    this.account = account;
    this.limit = limit;
    this.names = names;
  }

  /** A record and its place in the logs (log-place.ts). */
  add(record: LoggedRecord, place: number): void {
    if (record.account !== this.account) return;
    this.requests++;
    if (record.action === 'allow' && record.shadow === null) {
      this.allowed++;
      return;
    }
    const time = record.time;
    const oldest = this.oldest;
    if (
      this.limit === 0 ||
      (oldest !== undefined && !placedAfter(time, place, oldest.time, oldest.place))
    ) {
      this.omitted++;
      return;
    }
    this.kept.push({ event: this.eventOf(record), time, place });
    if (this.kept.length >= 2 * this.limit) this.cut();
  }

  state(): TimelineState {
    const events = this.ordered(); // before `omitted`: it counts what the cut drops
    return {
      events,
      omitted: this.omitted,
      requests: this.requests,
      allowed: this.allowed,
    };
  }

  /** Another part's events: the most recent `limit` of both are kept. */
  absorb(state: TimelineState): void {
    this.kept = this.kept.concat(state.events);
    this.cut();
    this.omitted += state.omitted;
    this.requests += state.requests;
    this.allowed += state.allowed;
  }

  report(): AccountTimeline {
    const events = this.ordered().map((placed) => placed.event); // before `omitted`, as above
    return {
      account: this.account,
      requests: this.requests,
      allowed: this.allowed,
      events,
      omitted: this.omitted,
    };
  }

  /** The kept events, oldest first. */
  private ordered(): PlacedEvent[] {
    this.cut();
    return [...this.kept];
  }

  /** Sorts the kept events, oldest first, and keeps the most recent `limit`; the rest counted. */
  private cut(): void {
    const kept = this.kept.sort(byPlace);
    const over = kept.length - this.limit;
    if (over <= 0) return;
    this.kept = kept.slice(over);
    this.omitted += over;
    this.oldest = this.kept[0];
  }

  /** A copy that owns its strings (the record's are slices of its log line). */
  private eventOf(record: LoggedRecord): TimelineEvent {
    const names = this.names;
    const factors = record.factors
      .map((factor) => ({ ...factor, signal: names.get(factor.signal) }))
      .sort((a, b) => b.contribution - a.contribution);
    const cluster = record.cluster;
    return {
      ts: ownString(record.ts),
      request_id: ownString(record.request_id),
      action: names.get(record.action),
      mode: names.get(record.mode),
      rule: names.get(record.rule),
      reason: names.get(record.reason),
      shadow:
        record.shadow === null
          ? null
          : {
              action: names.get(record.shadow.action) as NonNullable<
                LoggedRecord['shadow']
              >['action'],
              rule: names.get(record.shadow.rule),
              reason: names.get(record.shadow.reason),
            },
      score: record.score,
      families: record.families.map((family) => names.get(family)),
      factors,
      activation: record.activation,
      cluster:
        cluster === null
          ? null
          : { ...cluster, id: names.get(cluster.id), link: names.get(cluster.link) },
      degraded: record.degraded?.map((item) => names.get(item)) ?? null,
      route: names.get(record.route),
      model: names.get(record.model),
      status: record.status,
      outcome: names.get(record.outcome),
      tokens_out: record.tokens_out,
      tokens_out_estimated: record.tokens_out_estimated,
    };
  }
}

/** Oldest first in log-place.ts order (two records never share a place). */
function byPlace(a: PlacedEvent, b: PlacedEvent): number {
  return a.time - b.time || a.place - b.place;
}
