/**
 * One account's timeline: every request that was not simply allowed — policy actions, limit
 * refusals, rejects (a 401 is what a complaining customer often means), and allowed requests a
 * shadowed rule would have acted on — with the rule, the reason, the score and the factors behind
 * it, largest contribution first. The most recent `limit` events are kept; older ones are counted.
 */
import type { Activation, ClusterRef, Factor } from '../detection/score.ts';
import type { LoggedRecord } from '../decision-log/logged-record.ts';
import { ownString, type Interner } from '../util/bounded-table.ts';

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

/** What a parallel reader hands over (structured-cloneable). */
export interface TimelineState {
  readonly events: readonly TimelineEvent[];
  readonly omitted: number;
  readonly requests: number;
  readonly allowed: number;
}

export class AccountTimelineBuilder {
  private readonly account: string;
  private readonly limit: number;
  private readonly names: Interner;
  private readonly ring: TimelineEvent[] = [];
  private next = 0;
  private omitted = 0;
  private requests = 0;
  private allowed = 0;

  constructor(account: string, limit: number, names: Interner) {
    this.account = account;
    this.limit = limit;
    this.names = names;
  }

  add(record: LoggedRecord): void {
    if (record.account !== this.account) return;
    this.requests++;
    if (record.action === 'allow' && record.shadow === null) {
      this.allowed++;
      return;
    }
    if (this.limit === 0) {
      this.omitted++;
      return;
    }
    const event = this.eventOf(record);
    if (this.ring.length < this.limit) this.ring.push(event);
    else {
      this.ring[this.next] = event;
      this.next = (this.next + 1) % this.limit;
      this.omitted++;
    }
  }

  state(): TimelineState {
    return {
      events: this.ordered(),
      omitted: this.omitted,
      requests: this.requests,
      allowed: this.allowed,
    };
  }

  /** Another part's events: the most recent `limit` of both are kept, oldest first. */
  absorb(state: TimelineState): void {
    const events = [...this.ordered(), ...state.events].sort(byTime);
    const kept = events.slice(Math.max(0, events.length - this.limit));
    this.ring.splice(0, this.ring.length, ...kept);
    this.next = 0;
    this.omitted += state.omitted + events.length - kept.length;
    this.requests += state.requests;
    this.allowed += state.allowed;
  }

  report(): AccountTimeline {
    return {
      account: this.account,
      requests: this.requests,
      allowed: this.allowed,
      events: this.ordered().sort(byTime),
      omitted: this.omitted,
    };
  }

  /** The kept events, oldest kept first. */
  private ordered(): TimelineEvent[] {
    return [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
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

function byTime(a: TimelineEvent, b: TimelineEvent): number {
  return a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0;
}
