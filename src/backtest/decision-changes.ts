/**
 * How decisions change between the baseline and the candidate: counts by action before and after,
 * each transition (from → to) with its requests and tokens, the same by tier, the rules that gain
 * or lose decisions, what shadowed rules and shadow limits would have done beside the enforced
 * decision (requests and would-be 429s per rule), and the output tokens the candidate would
 * withhold. Tokens withheld are the
 * logged `tokens_out` of requests served before and refused now (block, challenge, a limit's 429);
 * of those, the tokens of streams that did not reach their end are the proxy's estimate from the
 * events the upstream sent (`tokens_out_estimated`, v7), counted apart as well.
 * A degrade is served, so it withholds nothing outright: its tokens are counted apart, with what a
 * `max_tokens` cap would have cut (logged tokens above the cap) as an estimate; what stripping
 * reasoning removes is not in the log.
 */
import type { ReplayRecord } from './replay-record.ts';
import { emptyCounts, type ActionCounts } from '../review/action-counts.ts';
import type { Interner } from '../util/bounded-table.ts';
import { isLimitRefusal, sameRefusal } from '../policy/decision.ts';
import type { ShadowDecision } from '../policy/decision.ts';
import type { Replayed } from './policy-replay.ts';

/** Distinct tiers and rules tracked (both are config-defined: a handful). */
const MAX_NAMES = 1_000;

type Counted = { -readonly [K in keyof ShadowCounts]: number };

export interface Transition {
  readonly from: string;
  readonly to: string;
  readonly requests: number;
  /** Logged output tokens of these requests. */
  readonly tokens_out: number;
}

export interface TierChange {
  readonly tier: string;
  readonly requests: number;
  readonly changed: number;
  readonly before: ActionCounts;
  readonly after: ActionCounts;
}

export interface RuleChange {
  readonly rule: string;
  /** Changed requests it decides now / decided before. */
  readonly gained: number;
  readonly lost: number;
}

export interface ShadowCounts {
  /** Requests it would have acted on (the record's `shadow` names it). */
  readonly shadowed: number;
  /** Of those, answered 429 had it been enforced: its limit or tier budget refused. */
  readonly shadow_refusals: number;
}

export interface ShadowRule {
  /** A shadowed rule's id, or `limit:<id>` for a shadow limit's own refusal. */
  readonly rule: string;
  readonly before: ShadowCounts;
  readonly after: ShadowCounts;
}

export interface TokenChanges {
  /** Output tokens of requests served before and refused now. */
  readonly withheld: number;
  readonly withheld_requests: number;
  /** Of `withheld`, estimated: streams that did not reach their end (`tokens_out_estimated`). */
  readonly withheld_estimated: number;
  /** Requests refused now, served before, whose usage was not logged. */
  readonly withheld_unknown_requests: number;
  /** Requests refused before and served now (their output is not in the log). */
  readonly released_requests: number;
  /** At most this many output tokens for them (max_tokens × n, where logged). */
  readonly released_tokens_at_most: number;
  readonly newly_degraded_requests: number;
  /** Logged output tokens of the newly degraded requests (served, reduced). */
  readonly newly_degraded_tokens: number;
  /** Of those, above the degradation's max_tokens cap: what the cap would have cut. */
  readonly degrade_cap_withheld: number;
}

export class DecisionChanges {
  readonly before = emptyCounts();
  readonly after = emptyCounts();
  changed = 0;
  /** Same action, decided by another rule. */
  ruleChanged = 0;
  private readonly transitions = new Map<string, { requests: number; tokens: number }>();
  private readonly tiers = new Map<string, TierChange & { requests: number; changed: number }>();
  private readonly rules = new Map<string, { gained: number; lost: number }>();
  private readonly shadows = new Map<string, { before: Counted; after: Counted }>();
  private readonly names: Interner;
  private readonly tokens = {
    withheld: 0,
    withheld_requests: 0,
    withheld_estimated: 0,
    withheld_unknown_requests: 0,
    released_requests: 0,
    released_tokens_at_most: 0,
    newly_degraded_requests: 0,
    newly_degraded_tokens: 0,
    degrade_cap_withheld: 0,
  };

  constructor(names: Interner) {
    this.names = names;
  }

  /** Adds one replayed request; returns the tokens the candidate withholds from it. */
  add(record: ReplayRecord, before: Replayed, after: Replayed): number {
    this.before[before.action]++;
    this.after[after.action]++;
    const changed = before.action !== after.action;
    this.addTier(record.tier ?? '(none)', before, after, changed);
    if (before.shadow !== null) this.addShadow(before.shadow, 'before');
    if (after.shadow !== null) this.addShadow(after.shadow, 'after');
    if (!changed) {
      // A log written before record v8 names a throttle rule's own 429 `limit:<id>`: the same refusal.
      if (before.rule !== after.rule && !sameRefusal(before, after)) this.ruleChanged++;
      // The same action refused on one side only: a throttle whose limits or tier budgets admitted
      // the request under one policy and answered 429 under the other (or a challenge issued on one
      // side, the account already pending and served at the challenge tier on the other).
      return before.refused === after.refused ? 0 : this.addRefusalChange(record, before, after);
    }
    this.changed++;
    const key = `${before.action}>${after.action}`;
    const transition = this.transitions.get(key) ?? { requests: 0, tokens: 0 };
    transition.requests++;
    transition.tokens += record.tokens_out ?? 0;
    this.transitions.set(key, transition);
    this.addRule(after.rule, 'gained');
    this.addRule(before.rule, 'lost');
    return this.addTokens(record, before, after);
  }

  transitionReport(): Transition[] {
    return [...this.transitions]
      .map(([key, t]) => {
        const [from = '', to = ''] = key.split('>');
        return { from, to, requests: t.requests, tokens_out: t.tokens };
      })
      .sort((a, b) => b.requests - a.requests || (a.from + a.to < b.from + b.to ? -1 : 1));
  }

  tierReport(): TierChange[] {
    return [...this.tiers.values()].sort(
      (a, b) => b.changed - a.changed || b.requests - a.requests,
    );
  }

  ruleReport(): RuleChange[] {
    return [...this.rules]
      .map(([rule, change]) => ({ rule, ...change }))
      .sort((a, b) => b.gained + b.lost - (a.gained + a.lost) || (a.rule < b.rule ? -1 : 1));
  }

  shadowReport(): ShadowRule[] {
    return [...this.shadows]
      .map(([rule, { before, after }]) => ({ rule, before: { ...before }, after: { ...after } }))
      .sort(
        (a, b) =>
          b.after.shadowed + b.before.shadowed - (a.after.shadowed + a.before.shadowed) ||
          (a.rule < b.rule ? -1 : 1),
      );
  }

  tokenReport(): TokenChanges {
    return { ...this.tokens };
  }

  private addTier(tier: string, before: Replayed, after: Replayed, changed: boolean): void {
    let entry = this.tiers.get(tier);
    if (entry === undefined) {
      if (this.tiers.size >= MAX_NAMES) return;
      const name = this.names.get(tier);
      entry = { tier: name, requests: 0, changed: 0, before: emptyCounts(), after: emptyCounts() };
      this.tiers.set(name, entry);
    }
    entry.requests++;
    if (changed) entry.changed++;
    entry.before[before.action]++;
    entry.after[after.action]++;
  }

  private addShadow(shadow: ShadowDecision, side: 'before' | 'after'): void {
    // The proxy always names what it shadowed; a hand-made record without a rule is left out,
    // as `review` leaves it out.
    const name = shadow.rule;
    if (name === null) return;
    let entry = this.shadows.get(name);
    if (entry === undefined) {
      if (this.shadows.size >= MAX_NAMES) return;
      const none = (): Counted => ({ shadowed: 0, shadow_refusals: 0 });
      entry = { before: none(), after: none() };
      this.shadows.set(this.names.get(name), entry);
    }
    const counts = entry[side];
    counts.shadowed++;
    if (isLimitRefusal(shadow)) counts.shadow_refusals++;
  }

  private addRule(rule: string | null, side: 'gained' | 'lost'): void {
    const name = rule ?? '(no rule: allowed by default)';
    let entry = this.rules.get(name);
    if (entry === undefined) {
      if (this.rules.size >= MAX_NAMES) return;
      entry = { gained: 0, lost: 0 };
      this.rules.set(this.names.get(name), entry);
    }
    entry[side]++;
  }

  private addTokens(record: ReplayRecord, before: Replayed, after: Replayed): number {
    const t = this.tokens;
    const out = record.tokens_out;
    const withheld = this.addRefusalChange(record, before, after);
    if (after.action === 'degrade' && !after.refused && out !== null) {
      t.newly_degraded_requests++;
      t.newly_degraded_tokens += out;
      const cap = after.degrade?.maxTokens;
      if (cap !== undefined && out > cap) t.degrade_cap_withheld += out - cap;
    }
    return withheld;
  }

  /** Served under one policy, refused under the other: the output withheld (returned) or released. */
  private addRefusalChange(record: ReplayRecord, before: Replayed, after: Replayed): number {
    const t = this.tokens;
    const out = record.tokens_out;
    if (!before.refused && after.refused) {
      if (out === null) t.withheld_unknown_requests++;
      else {
        t.withheld += out;
        t.withheld_requests++;
        if (record.tokens_out_estimated === true) t.withheld_estimated += out;
      }
      return out ?? 0;
    }
    if (before.refused && !after.refused) {
      t.released_requests++;
      if (record.max_tokens !== null)
        t.released_tokens_at_most += record.max_tokens * (record.choices ?? 1);
    }
    return 0;
  }
}
