/**
 * Per-cluster summaries for review: the link kind, requests and the accounts behind them (counted
 * exactly up to a cap, and the proxy's own estimate from `cluster.accounts`), peak risk, whether it
 * was flagged, actions, tokens served. Bounded like the account table. The link kind (and
 * `specific`) is the latest record's in the order of log-place.ts (time, then place in the
 * input), the same however the logs were cut in parts.
 */
import type { LoggedRecord } from '../decision-log/logged-record.ts';
import { BoundedTable, ownString, type Interner } from '../util/bounded-table.ts';
import { addCounts, emptyCounts, type ActionCounts } from './action-counts.ts';
import { placedAfter } from './log-place.ts';

/** Distinct accounts counted exactly per cluster; beyond, `accounts_capped` says so. */
const EXACT_ACCOUNTS = 256;

export interface ClusterSummary {
  readonly id: string;
  readonly link: string;
  readonly specific: boolean;
  readonly flagged: boolean;
  readonly max_risk: number;
  readonly requests: number;
  /** Distinct accounts seen in the log (at most the cap, see accounts_capped). */
  readonly accounts: number;
  readonly accounts_capped: boolean;
  /** The proxy's own largest estimate of its members (`cluster.accounts`). */
  readonly accounts_estimate: number;
  readonly actions: ActionCounts;
  readonly tokens_out: number;
  readonly first_seen: string;
  readonly last_seen: string;
  readonly partial: boolean;
}

interface Entry {
  partial: boolean;
  readonly id: string;
  link: string;
  specific: boolean;
  flagged: boolean;
  maxRisk: number;
  requests: number;
  readonly accounts: Set<string>;
  capped: boolean;
  estimate: number;
  readonly actions: ActionCounts;
  tokensOut: number;
  first: number;
  last: number;
  /** When and where link and specific were read: the latest (log-place.ts). */
  linkTime: number;
  linkPlace: number;
}

/** What a parallel reader hands over (structured-cloneable). */
export interface ClusterState {
  readonly entries: [string, Entry][];
  readonly dropped: number;
}

export class ClusterSummaries {
  private readonly table: BoundedTable<Entry>;
  private readonly names: Interner;

  constructor(capacity: number, names: Interner) {
    this.names = names;
    this.table = new BoundedTable<Entry>(capacity, newEntry, (entry) => entry.maxRisk);
  }

  get tracked(): number {
    return this.table.size;
  }

  get dropped(): number {
    return this.table.dropped;
  }

  /** A record and its place in the logs (log-place.ts). */
  add(record: LoggedRecord, place: number): void {
    const cluster = record.cluster;
    if (cluster === null) return;
    const entry = this.table.get(cluster.id);
    const time = record.time;
    if (placedAfter(time, place, entry.linkTime, entry.linkPlace)) {
      if (cluster.link !== entry.link) entry.link = this.names.get(cluster.link);
      entry.specific = cluster.specific;
      entry.linkTime = time;
      entry.linkPlace = place;
    }
    entry.flagged ||= cluster.flagged;
    if (cluster.risk > entry.maxRisk) entry.maxRisk = cluster.risk;
    if (cluster.accounts > entry.estimate) entry.estimate = cluster.accounts;
    entry.requests++;
    const account = record.account;
    if (account !== null && !entry.accounts.has(account)) {
      if (entry.accounts.size < EXACT_ACCOUNTS) entry.accounts.add(ownString(account));
      else entry.capped = true;
    }
    entry.actions[record.action]++;
    entry.tokensOut += record.tokens_out ?? 0;
    if (time < entry.first) entry.first = time;
    if (time > entry.last) entry.last = time;
  }

  state(): ClusterState {
    return { entries: [...this.table.entries()], dropped: this.table.dropped };
  }

  absorb(state: ClusterState): void {
    this.table.absorb(state.entries, state.dropped, mergeEntry);
  }

  /** The riskiest clusters: peak risk, then accounts, then requests. */
  top(count: number): ClusterSummary[] {
    return this.table
      .top(
        count,
        (a, b) =>
          b.maxRisk - a.maxRisk ||
          b.accounts.size - a.accounts.size ||
          b.requests - a.requests ||
          (a.id < b.id ? -1 : 1),
      )
      .map(summaryOf);
  }
}

function newEntry(id: string): Entry {
  return {
    partial: false,
    id,
    link: '',
    specific: false,
    flagged: false,
    maxRisk: 0,
    requests: 0,
    accounts: new Set(),
    capped: false,
    estimate: 0,
    actions: emptyCounts(),
    tokensOut: 0,
    first: Number.POSITIVE_INFINITY,
    last: Number.NEGATIVE_INFINITY,
    linkTime: Number.NEGATIVE_INFINITY,
    linkPlace: -1,
  };
}

/** Two counts of one cluster, from two parts of the logs. */
function mergeEntry(into: Entry, from: Entry): void {
  into.partial ||= from.partial;
  if (placedAfter(from.linkTime, from.linkPlace, into.linkTime, into.linkPlace)) {
    into.link = from.link;
    into.specific = from.specific;
    into.linkTime = from.linkTime;
    into.linkPlace = from.linkPlace;
  }
  into.flagged ||= from.flagged;
  into.maxRisk = Math.max(into.maxRisk, from.maxRisk);
  into.estimate = Math.max(into.estimate, from.estimate);
  into.requests += from.requests;
  into.capped ||= from.capped;
  for (const account of from.accounts) {
    if (into.accounts.has(account)) continue;
    if (into.accounts.size < EXACT_ACCOUNTS) into.accounts.add(account);
    else into.capped = true;
  }
  addCounts(into.actions, from.actions);
  into.tokensOut += from.tokensOut;
  into.first = Math.min(into.first, from.first);
  into.last = Math.max(into.last, from.last);
}

function summaryOf(entry: Entry): ClusterSummary {
  return {
    id: entry.id,
    link: entry.link,
    specific: entry.specific,
    flagged: entry.flagged,
    max_risk: entry.maxRisk,
    requests: entry.requests,
    accounts: entry.accounts.size,
    accounts_capped: entry.capped,
    accounts_estimate: entry.estimate,
    actions: { ...entry.actions },
    tokens_out: entry.tokensOut,
    first_seen: new Date(entry.first).toISOString(),
    last_seen: new Date(entry.last).toISOString(),
    partial: entry.partial,
  };
}
