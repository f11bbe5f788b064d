/**
 * Per-account summaries for review: requests, actions, peak and mean score, tokens served, the
 * rules that acted and the factor that weighed most in each action, the riskiest cluster link.
 * What is not a sum follows the order of log-place.ts (time, then place in the input), so it is
 * the same however the logs were cut in parts: the facts (org, tier, verified, declared use,
 * programme) are the latest record's, the cluster is the riskiest, the earliest seen on ties.
 * Bounded (BoundedTable): past the capacity, the accounts that matter least — allowed only, low
 * scores — are dropped first and counted.
 */
import type { LoggedRecord } from '../decision-log/logged-record.ts';
import {
  addCountsInto,
  BoundedTable,
  countInto,
  topCounts,
  type Interner,
} from '../util/bounded-table.ts';
import { addCounts, emptyCounts, isPolicyAction, type ActionCounts } from './action-counts.ts';
import { placedAfter } from './log-place.ts';
import { round3 } from '../util/round3.ts';

/** Rules and factors remembered per account (the few that explain it). */
const PER_ACCOUNT_NAMES = 8;

export interface AccountSummary {
  readonly account: string;
  readonly org: string | null;
  readonly tier: string | null;
  readonly verified: boolean | null;
  readonly declared_use: string | null;
  readonly programme: string | null;
  readonly requests: number;
  readonly actions: ActionCounts;
  /** Requests a shadowed rule would have acted on. */
  readonly shadowed: number;
  readonly max_score: number;
  readonly mean_score: number;
  readonly first_seen: string;
  readonly last_seen: string;
  readonly tokens_out: number;
  /** Rules behind its policy actions, most frequent first. */
  readonly rules: readonly { readonly name: string; readonly count: number }[];
  /** The factor that contributed most to each policy action, most frequent first. */
  readonly factors: readonly { readonly name: string; readonly count: number }[];
  /** Its riskiest cluster link. */
  readonly cluster: { readonly id: string; readonly risk: number } | null;
  /** Tracking of this account started after others were dropped: counts may be partial. */
  readonly partial: boolean;
}

interface Entry {
  partial: boolean;
  readonly account: string;
  org: string | null;
  tier: string | null;
  verified: boolean | null;
  declaredUse: string | null;
  programme: string | null;
  requests: number;
  allowed: number;
  /** Counts by action other than allow, once there is one (most accounts are only allowed). */
  others: ActionCounts | null;
  shadowed: number;
  maxScore: number;
  /** In thousandths (scores are logged to 3 decimals): an exact sum, in any order. */
  scoreSum: number;
  first: number;
  last: number;
  tokensOut: number;
  /** Rules and top factors of its policy actions, once there is one. */
  explained: { readonly rules: Map<string, number>; readonly factors: Map<string, number> } | null;
  clusterId: string | null;
  clusterRisk: number;
  /** When and where the facts above (org … programme) were read: the latest (log-place.ts). */
  factsTime: number;
  factsPlace: number;
  /** When and where the cluster was first seen at its risk. */
  clusterTime: number;
  clusterPlace: number;
}

/** What a parallel reader hands over (structured-cloneable). */
export interface AccountState {
  readonly entries: [string, Entry][];
  readonly dropped: number;
}

export class AccountSummaries {
  private readonly table: BoundedTable<Entry>;
  private readonly names: Interner;

  constructor(capacity: number, names: Interner) {
    this.names = names;
    this.table = new BoundedTable<Entry>(capacity, newEntry, rankForKeeping);
  }

  get tracked(): number {
    return this.table.size;
  }

  get dropped(): number {
    return this.table.dropped;
  }

  /** A record and its place in the logs (log-place.ts). */
  add(record: LoggedRecord, place: number): void {
    if (record.account === null) return;
    const entry = this.table.get(record.account);
    const names = this.names;
    const time = record.time;
    // The latest facts; looked up in the interner only when they change (rarely).
    if (placedAfter(time, place, entry.factsTime, entry.factsPlace)) {
      if (record.org !== entry.org) entry.org = names.get(record.org);
      if (record.tier !== entry.tier) entry.tier = names.get(record.tier);
      entry.verified = record.verified;
      if (record.declared_use !== entry.declaredUse)
        entry.declaredUse = names.get(record.declared_use);
      if (record.programme !== entry.programme) entry.programme = names.get(record.programme);
      entry.factsTime = time;
      entry.factsPlace = place;
    }
    entry.requests++;
    if (record.action === 'allow') entry.allowed++;
    else (entry.others ??= emptyCounts())[record.action]++;
    if (record.shadow !== null) entry.shadowed++;
    if (record.score > entry.maxScore) entry.maxScore = record.score;
    entry.scoreSum += Math.round(record.score * 1000);
    if (time < entry.first) entry.first = time;
    if (time > entry.last) entry.last = time;
    entry.tokensOut += record.tokens_out ?? 0;
    if (isPolicyAction(record.action) && record.rule !== null) {
      const explained = (entry.explained ??= { rules: new Map(), factors: new Map() });
      countInto(explained.rules, names.get(record.rule), PER_ACCOUNT_NAMES);
      const top = topFactor(record);
      if (top !== null) countInto(explained.factors, names.get(top), PER_ACCOUNT_NAMES);
    }
    const cluster = record.cluster;
    if (cluster !== null && riskier(cluster.risk, time, place, entry)) {
      if (cluster.id !== entry.clusterId) entry.clusterId = names.get(cluster.id);
      entry.clusterRisk = cluster.risk;
      entry.clusterTime = time;
      entry.clusterPlace = place;
    }
  }

  state(): AccountState {
    return { entries: [...this.table.entries()], dropped: this.table.dropped };
  }

  absorb(state: AccountState): void {
    this.table.absorb(state.entries, state.dropped, mergeEntry);
  }

  /** The riskiest accounts: peak score, then policy actions, then requests. */
  top(count: number): AccountSummary[] {
    return this.table.top(count, compareRisk).map(summaryOf);
  }

  one(account: string): AccountSummary | undefined {
    const entry = this.table.peek(account);
    return entry === undefined ? undefined : summaryOf(entry);
  }
}

function newEntry(account: string): Entry {
  return {
    partial: false,
    account,
    org: null,
    tier: null,
    verified: null,
    declaredUse: null,
    programme: null,
    requests: 0,
    allowed: 0,
    others: null,
    shadowed: 0,
    maxScore: 0,
    scoreSum: 0,
    first: Number.POSITIVE_INFINITY,
    last: Number.NEGATIVE_INFINITY,
    tokensOut: 0,
    explained: null,
    clusterId: null,
    clusterRisk: 0,
    factsTime: Number.NEGATIVE_INFINITY,
    factsPlace: -1,
    clusterTime: Number.POSITIVE_INFINITY,
    clusterPlace: -1,
  };
}

/** A cluster seen at `risk` replaces the account's: riskier, or as risky and seen earlier. */
function riskier(risk: number, time: number, place: number, entry: Entry): boolean {
  if (entry.clusterId === null || risk > entry.clusterRisk) return true;
  return (
    risk === entry.clusterRisk && placedAfter(entry.clusterTime, entry.clusterPlace, time, place)
  );
}

/** Two counts of one account, from two parts of the logs. */
function mergeEntry(into: Entry, from: Entry): void {
  into.partial ||= from.partial;
  if (placedAfter(from.factsTime, from.factsPlace, into.factsTime, into.factsPlace)) {
    into.org = from.org;
    into.tier = from.tier;
    into.verified = from.verified;
    into.declaredUse = from.declaredUse;
    into.programme = from.programme;
    into.factsTime = from.factsTime;
    into.factsPlace = from.factsPlace;
  }
  into.requests += from.requests;
  into.allowed += from.allowed;
  if (from.others !== null) addCounts((into.others ??= emptyCounts()), from.others);
  into.shadowed += from.shadowed;
  into.maxScore = Math.max(into.maxScore, from.maxScore);
  into.scoreSum += from.scoreSum;
  into.first = Math.min(into.first, from.first);
  into.last = Math.max(into.last, from.last);
  into.tokensOut += from.tokensOut;
  if (from.explained !== null) {
    const explained = (into.explained ??= { rules: new Map(), factors: new Map() });
    addCountsInto(explained.rules, from.explained.rules, PER_ACCOUNT_NAMES);
    addCountsInto(explained.factors, from.explained.factors, PER_ACCOUNT_NAMES);
  }
  if (
    from.clusterId !== null &&
    riskier(from.clusterRisk, from.clusterTime, from.clusterPlace, into)
  ) {
    into.clusterId = from.clusterId;
    into.clusterRisk = from.clusterRisk;
    into.clusterTime = from.clusterTime;
    into.clusterPlace = from.clusterPlace;
  }
}

function policyActions(entry: Entry): number {
  const a = entry.others;
  return a === null ? 0 : a.observe + a.throttle + a.degrade + a.challenge + a.block;
}

function visibleActions(entry: Entry): number {
  const a = entry.others;
  return a === null ? 0 : a.throttle + a.degrade + a.challenge + a.block;
}

/** Dropped first when the table is full: allowed-only accounts with low scores. */
function rankForKeeping(entry: Entry): number {
  return entry.maxScore + (policyActions(entry) > 0 ? 1 : 0) + (visibleActions(entry) > 0 ? 2 : 0);
}

function compareRisk(a: Entry, b: Entry): number {
  return (
    b.maxScore - a.maxScore ||
    policyActions(b) - policyActions(a) ||
    b.requests - a.requests ||
    (a.account < b.account ? -1 : 1)
  );
}

/** The factor with the largest contribution in a record, or null. */
export function topFactor(record: LoggedRecord): string | null {
  let best: string | null = null;
  let most = -1;
  for (const factor of record.factors) {
    if (factor.contribution > most) {
      most = factor.contribution;
      best = factor.signal;
    }
  }
  return best;
}

function summaryOf(entry: Entry): AccountSummary {
  return {
    account: entry.account,
    org: entry.org,
    tier: entry.tier,
    verified: entry.verified,
    declared_use: entry.declaredUse,
    programme: entry.programme,
    requests: entry.requests,
    actions: { ...(entry.others ?? emptyCounts()), allow: entry.allowed },
    shadowed: entry.shadowed,
    max_score: entry.maxScore,
    mean_score: entry.requests === 0 ? 0 : round3(entry.scoreSum / 1000 / entry.requests),
    first_seen: new Date(entry.first).toISOString(),
    last_seen: new Date(entry.last).toISOString(),
    tokens_out: entry.tokensOut,
    rules: entry.explained === null ? [] : topCounts(entry.explained.rules, 3),
    factors: entry.explained === null ? [] : topCounts(entry.explained.factors, 3),
    cluster: entry.clusterId === null ? null : { id: entry.clusterId, risk: entry.clusterRisk },
    partial: entry.partial,
  };
}
