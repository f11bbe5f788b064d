/**
 * What the admin API and the review page know of recent traffic without reading the decision log:
 * a ring of the last N decisions that named an account (kept as columns of references and typed
 * arrays, so holding them allocates nothing per request), and per-minute counts of every decision
 * by action for the last few hours. Fed where the decision record is written (app.ts tees the
 * log), O(1) per record; every query scans the ring off the request path.
 */
import type { DecisionRecord } from '../decision-log/record.ts';
import type { Factor } from '../detection/score.ts';
import { RECORD_ACTIONS, type RecordAction } from '../policy/decision.ts';

export const ACTIONS = RECORD_ACTIONS;
export type ActionName = RecordAction;
const ACTION_INDEX = new Map<string, number>(ACTIONS.map((action, index) => [action, index]));

/** An account's facts as its latest decision recorded them, shared by its ring entries. */
export interface SeenFacts {
  readonly tier: string | null;
  readonly org: string | null;
  readonly keyId: string | null;
  readonly credential: string | null;
  readonly verified: boolean | null;
  readonly declaredUse: string | null;
  readonly programme: string | null;
  readonly labels: readonly string[];
}

export interface RingEntry {
  readonly at: number;
  readonly requestId: string;
  readonly account: string;
  readonly facts: SeenFacts;
  readonly action: ActionName;
  readonly shadow: boolean;
  readonly rule: string | null;
  readonly reason: string;
  readonly score: number;
  readonly factors: readonly Factor[];
  readonly families: readonly string[];
  readonly cluster: string | null;
  readonly status: number;
  readonly outcome: string;
}

export interface ActionBucket {
  readonly start: number;
  readonly counts: Readonly<Record<ActionName, number>>;
  /** Decisions a shadowed rule would have changed. */
  readonly shadow: number;
}

export class RecentActivity {
  readonly capacity: number;
  readonly bucketMs: number;
  private next = 0;
  private filled = 0;
  private readonly at: Float64Array;
  private readonly score: Float32Array;
  private readonly status: Uint16Array;
  private readonly action: Uint8Array;
  private readonly shadow: Uint8Array;
  private readonly refs: {
    requestId: string[];
    account: string[];
    facts: SeenFacts[];
    rule: (string | null)[];
    reason: string[];
    factors: (readonly Factor[])[];
    families: (readonly string[])[];
    cluster: (string | null)[];
    outcome: string[];
  };
  private readonly latestFacts = new Map<string, SeenFacts>();
  private readonly buckets: Uint32Array;
  private readonly bucketShadow: Uint32Array;
  private readonly bucketStart: Float64Array;

  constructor(capacity: number, bucketMs = 60_000, bucketCount = 240) {
    this.capacity = capacity;
    this.bucketMs = bucketMs;
    this.at = new Float64Array(capacity);
    this.score = new Float32Array(capacity);
    this.status = new Uint16Array(capacity);
    this.action = new Uint8Array(capacity);
    this.shadow = new Uint8Array(capacity);
    this.refs = {
      requestId: [],
      account: [],
      facts: [],
      rule: [],
      reason: [],
      factors: [],
      families: [],
      cluster: [],
      outcome: [],
    };
    this.buckets = new Uint32Array(bucketCount * ACTIONS.length);
    this.bucketShadow = new Uint32Array(bucketCount);
    this.bucketStart = new Float64Array(bucketCount).fill(-1);
  }

  /** Folds one decision in (called for every record written). */
  add(record: DecisionRecord): void {
    const at = Date.parse(record.ts);
    const action = ACTION_INDEX.get(record.action) ?? ACTION_INDEX.get('reject') ?? 0;
    const shadow = record.shadow !== null;
    this.count(at, action, shadow);
    if (record.account === null) return;
    const slot = this.next;
    this.next = (slot + 1) % this.capacity;
    if (this.filled < this.capacity) this.filled++;
    this.at[slot] = at;
    this.score[slot] = record.score;
    this.status[slot] = record.status;
    this.action[slot] = action;
    this.shadow[slot] = shadow ? 1 : 0;
    const refs = this.refs;
    refs.requestId[slot] = record.request_id;
    refs.account[slot] = record.account;
    refs.facts[slot] = this.factsOf(record.account, record);
    refs.rule[slot] = record.rule;
    refs.reason[slot] = record.reason;
    refs.factors[slot] = record.factors;
    refs.families[slot] = record.families;
    refs.cluster[slot] = record.cluster?.id ?? null;
    refs.outcome[slot] = record.outcome;
  }

  /** Ring entries, newest first, that `keep` accepts (all when absent), at most `limit`. */
  entries(
    keep?: (account: string, cluster: string | null) => boolean,
    limit = Infinity,
  ): RingEntry[] {
    const out: RingEntry[] = [];
    for (let n = 0; n < this.filled && out.length < limit; n++) {
      const slot = (this.next - 1 - n + this.capacity) % this.capacity;
      const account = this.refs.account[slot] as string;
      if (keep !== undefined && !keep(account, this.refs.cluster[slot] ?? null)) continue;
      out.push(this.entryAt(slot));
    }
    return out;
  }

  /** The latest facts recorded for an account (tier, verification… of token-only accounts). */
  facts(account: string): SeenFacts | undefined {
    return this.latestFacts.get(account);
  }

  /** Decisions per action in each time bucket of the last hours, oldest first. */
  actionsOverTime(now: number): ActionBucket[] {
    const count = this.bucketStart.length;
    const current = Math.floor(now / this.bucketMs);
    const out: ActionBucket[] = [];
    for (let bucket = current - count + 1; bucket <= current; bucket++) {
      const index = bucket % count;
      const start = bucket * this.bucketMs;
      const live = this.bucketStart[index] === start;
      const counts = Object.fromEntries(
        ACTIONS.map((action, a) => [
          action,
          live ? (this.buckets[index * ACTIONS.length + a] ?? 0) : 0,
        ]),
      ) as Record<ActionName, number>;
      out.push({ start, counts, shadow: live ? (this.bucketShadow[index] ?? 0) : 0 });
    }
    return out;
  }

  private count(at: number, action: number, shadow: boolean): void {
    const count = this.bucketStart.length;
    const bucket = Math.floor(at / this.bucketMs);
    const index = bucket % count;
    const start = bucket * this.bucketMs;
    if (this.bucketStart[index] !== start) {
      // A bucket older than the window (or a clock jump): restart it.
      if ((this.bucketStart[index] ?? -1) > start) return;
      this.bucketStart[index] = start;
      this.buckets.fill(0, index * ACTIONS.length, (index + 1) * ACTIONS.length);
      this.bucketShadow[index] = 0;
    }
    const cell = index * ACTIONS.length + action;
    this.buckets[cell] = (this.buckets[cell] ?? 0) + 1;
    if (shadow) this.bucketShadow[index] = (this.bucketShadow[index] ?? 0) + 1;
  }

  /** The account's facts object, reused while they do not change (no allocation per request). */
  private factsOf(account: string, record: DecisionRecord): SeenFacts {
    const known = this.latestFacts.get(account);
    if (
      known !== undefined &&
      known.tier === record.tier &&
      known.org === record.org &&
      known.keyId === record.key_id &&
      known.verified === record.verified &&
      known.declaredUse === record.declared_use &&
      known.programme === record.programme &&
      known.labels === record.labels
    )
      return known;
    const facts: SeenFacts = Object.freeze({
      tier: record.tier,
      org: record.org,
      keyId: record.key_id,
      credential: record.credential,
      verified: record.verified,
      declaredUse: record.declared_use,
      programme: record.programme,
      labels: record.labels,
    });
    this.latestFacts.delete(account);
    this.latestFacts.set(account, facts);
    if (this.latestFacts.size > this.capacity) {
      const oldest = this.latestFacts.keys().next().value;
      if (oldest !== undefined) this.latestFacts.delete(oldest);
    }
    return facts;
  }

  private entryAt(slot: number): RingEntry {
    const refs = this.refs;
    return {
      at: this.at[slot] ?? 0,
      requestId: refs.requestId[slot] as string,
      account: refs.account[slot] as string,
      facts: refs.facts[slot] as SeenFacts,
      action: ACTIONS[this.action[slot] ?? 0] ?? 'reject',
      shadow: this.shadow[slot] === 1,
      rule: refs.rule[slot] ?? null,
      reason: refs.reason[slot] as string,
      score: Math.round((this.score[slot] ?? 0) * 1000) / 1000,
      factors: refs.factors[slot] ?? [],
      families: refs.families[slot] ?? [],
      cluster: refs.cluster[slot] ?? null,
      status: this.status[slot] ?? 0,
      outcome: refs.outcome[slot] as string,
    };
  }
}
