/**
 * Compiles validated rules into predicates, once per config load: each `when` becomes a list of
 * small closures over precomputed bounds and sets, so that evaluating a request walks the rules
 * without parsing, allocating or building strings. Checks (check-rules.ts) have already run: a
 * regular expression here is known to compile.
 */
import type { Account } from '../account/account.ts';
import type { Score } from '../detection/score.ts';
import type { RequestFacts } from '../signals/request-facts.ts';
import { hashString } from '../signals/hash.ts';
import { decoyCount } from '../degrade/decoy-config.ts';
import type { Decision } from './decision.ts';
import type { RangeConfig, RuleConfig, WhenConfig } from './rule-schema.ts';

export type Predicate = (account: Account, facts: RequestFacts, score: Score) => boolean;

export interface CompiledRule {
  readonly id: string;
  /** The frozen decision the rule makes (shared by every request it matches). */
  readonly decision: Decision;
  /** `mode: shadow`: never enforced, only recorded as what would have happened. */
  readonly shadowOnly: boolean;
  /** Percent of accounts the rule enforces on (stable per account); 100 = all. */
  readonly rollout: number;
  /** Mixed with the account's hash to place the account in or out of the rollout. */
  readonly seed: number;
  readonly test: Predicate;
}

/** A closed or open interval; the empty-range check uses the same representation. */
export interface Interval {
  readonly min: number;
  readonly minOpen: boolean;
  readonly max: number;
  readonly maxOpen: boolean;
}

export function toInterval(range: RangeConfig): Interval {
  let min = -Infinity;
  let minOpen = false;
  let max = Infinity;
  let maxOpen = false;
  if (range.gte !== undefined) min = range.gte;
  if (range.gt !== undefined && range.gt >= min) {
    min = range.gt;
    minOpen = true;
  }
  if (range.lte !== undefined) max = range.lte;
  if (range.lt !== undefined && range.lt <= max) {
    max = range.lt;
    maxOpen = true;
  }
  return { min, minOpen, max, maxOpen };
}

export function inInterval(value: number, i: Interval): boolean {
  return (
    (i.minOpen ? value > i.min : value >= i.min) && (i.maxOpen ? value < i.max : value <= i.max)
  );
}

function intervalTest(range: RangeConfig): (value: number) => boolean {
  const i = toInterval(range);
  const { min, max } = i;
  if (!i.minOpen && !i.maxOpen) return (value) => value >= min && value <= max;
  return (value) => inInterval(value, i);
}

export function compileRule(rule: RuleConfig): CompiledRule {
  return Object.freeze({
    id: rule.id,
    decision: decisionOf(rule),
    shadowOnly: rule.mode === 'shadow',
    rollout: rule.rollout,
    seed: hashString(rule.id),
    test: compileWhen(rule.when),
  });
}

/** Where a rule's `tier_budget` is kept: per account unless its `tier_budget_scope` says. */
export function budgetScope(rule: {
  readonly tier_budget_scope?: readonly ('account' | 'cluster')[] | undefined;
}): readonly ('account' | 'cluster')[] {
  return rule.tier_budget_scope ?? ACCOUNT_ONLY;
}

const ACCOUNT_ONLY = Object.freeze(['account'] as const);

function decisionOf(rule: RuleConfig): Decision {
  const reason = rule.reason ?? 'policy_rule';
  if (rule.action === 'throttle') {
    const scope = budgetScope(rule);
    return Object.freeze({
      action: 'throttle',
      rule: rule.id,
      reason,
      limits: Object.freeze([...(rule.limits ?? [])]),
      tierBudget: scope.includes('account') ? (rule.tier_budget ?? 0) : 0,
      clusterBudget: scope.includes('cluster') ? (rule.tier_budget ?? 0) : 0,
      delayMs: rule.delay ?? 0,
      paceTokensPerSecond: rule.pace ?? 0,
    });
  }
  if (rule.action === 'degrade') {
    const degrade = rule.degrade;
    return Object.freeze({
      action: 'degrade',
      rule: rule.id,
      reason,
      degrade: Object.freeze({
        stripReasoning: degrade?.strip_reasoning ?? false,
        thinkingBudget: degrade?.thinking_budget,
        maxTokens: degrade?.max_tokens,
        singleChoice: degrade?.single_choice ?? false,
        model: degrade?.model,
        decoyTools: decoyCount(degrade?.decoy_tools),
      }),
    });
  }
  if (rule.action === 'block' && rule.remember !== undefined) {
    return Object.freeze({
      action: 'block',
      rule: rule.id,
      reason,
      remember: Object.freeze({
        account: rule.remember.account ?? 0,
        endUser: rule.remember.end_user ?? 0,
        cluster: rule.remember.cluster ?? 0,
        content: rule.remember.content ?? 0,
      }),
    });
  }
  return Object.freeze({ action: rule.action, rule: rule.id, reason });
}

/** A `when` compiled to one predicate (also used by limits). */
export function compileWhen(when: WhenConfig): Predicate {
  return conjunction(predicates(when));
}

function conjunction(list: readonly Predicate[]): Predicate {
  if (list.length === 0) return () => true;
  if (list.length === 1) return list[0] as Predicate;
  if (list.length === 2) {
    const [a, b] = list as [Predicate, Predicate];
    return (account, facts, score) => a(account, facts, score) && b(account, facts, score);
  }
  return (account, facts, score) => {
    for (const test of list) if (!test(account, facts, score)) return false;
    return true;
  };
}

/** The request's own conditions first: they are the cheapest and the most selective. */
function predicates(when: WhenConfig): Predicate[] {
  const out: Predicate[] = [];
  if (when.route !== undefined) {
    const routes = new Set(when.route);
    out.push((_a, facts) => routes.has(facts.route));
  }
  if (when.dialect !== undefined) {
    const dialects = new Set<string>(when.dialect);
    out.push((_a, facts) => dialects.has(facts.dialect));
  }
  if (when.stream !== undefined) {
    const stream = when.stream;
    out.push((_a, facts) => facts.stream === stream);
  }
  if (when.model !== undefined) {
    const models = new Set(when.model);
    out.push((_a, facts) => facts.model !== undefined && models.has(facts.model));
  }
  if (when.model_match !== undefined) {
    const pattern = new RegExp(when.model_match, 'u');
    out.push((_a, facts) => facts.model !== undefined && pattern.test(facts.model));
  }
  if (when.score !== undefined) {
    const test = intervalTest(when.score);
    out.push((_a, _f, score) => test(score.value));
  }
  if (when.families !== undefined) out.push(...familyPredicates(when.families));
  if (when.factors !== undefined) {
    for (const [signal, range] of Object.entries(when.factors)) {
      const test = intervalTest(range);
      out.push((_a, _f, score) => {
        for (const factor of score.factors) if (factor.signal === signal) return test(factor.value);
        return false;
      });
    }
  }
  if (when.account !== undefined) out.push(...accountPredicates(when.account));
  if (when.cluster !== undefined) out.push(...clusterPredicates(when.cluster));
  return out;
}

function familyPredicates(when: NonNullable<WhenConfig['families']>): Predicate[] {
  const out: Predicate[] = [];
  const { min, any, all } = when;
  if (min !== undefined) out.push((_a, _f, score) => score.families.length >= min);
  if (any !== undefined) {
    const set = new Set<string>(any);
    out.push((_a, _f, score) => score.families.some((family) => set.has(family)));
  }
  if (all !== undefined) {
    out.push((_a, _f, score) => all.every((family) => score.families.includes(family)));
  }
  return out;
}

function accountPredicates(when: NonNullable<WhenConfig['account']>): Predicate[] {
  const out: Predicate[] = [];
  if (when.tier !== undefined) {
    const tiers = new Set(when.tier);
    out.push((account) => tiers.has(account.tier));
  }
  if (when.verified !== undefined) {
    const verified = when.verified;
    out.push((account) => account.verified === verified);
  }
  const declared = when.declared_use;
  if (typeof declared === 'boolean') {
    out.push((account) => (account.declaredUse !== undefined) === declared);
  } else if (declared !== undefined) {
    const uses = new Set(declared);
    out.push((account) => account.declaredUse !== undefined && uses.has(account.declaredUse));
  }
  const labels = when.labels;
  if (labels?.any !== undefined) {
    const any = new Set(labels.any);
    out.push((account) => account.labels.some((label) => any.has(label)));
  }
  if (labels?.none !== undefined) {
    const none = new Set(labels.none);
    out.push((account) => !account.labels.some((label) => none.has(label)));
  }
  if (when.age_days !== undefined) {
    const test = intervalTest(when.age_days);
    out.push((account) => account.ageDays !== undefined && test(account.ageDays));
  }
  if (when.programme !== undefined) {
    const programmes = new Set(when.programme);
    out.push((account) => account.programme !== undefined && programmes.has(account.programme));
  }
  return out;
}

function clusterPredicates(when: NonNullable<WhenConfig['cluster']>): Predicate[] {
  // Any cluster condition needs a cluster: a request linked to none never matches.
  const out: Predicate[] = [(_a, _f, score) => score.cluster !== null];
  if (when.flagged !== undefined) {
    const flagged = when.flagged;
    out.push((_a, _f, score) => score.cluster?.flagged === flagged);
  }
  if (when.specific !== undefined) {
    const specific = when.specific;
    out.push((_a, _f, score) => score.cluster?.specific === specific);
  }
  if (when.accounts !== undefined) {
    const test = intervalTest(when.accounts);
    out.push((_a, _f, score) => score.cluster !== null && test(score.cluster.accounts));
  }
  if (when.risk !== undefined) {
    const test = intervalTest(when.risk);
    out.push((_a, _f, score) => score.cluster !== null && test(score.cluster.risk));
  }
  if (when.link !== undefined) {
    const links = new Set(when.link);
    out.push((_a, _f, score) => score.cluster !== null && links.has(score.cluster.link));
  }
  return out;
}
