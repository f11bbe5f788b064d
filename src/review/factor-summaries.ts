/**
 * What explains the policy's actions: for every record whose enforced action is a policy action
 * (observe, throttle, degrade, challenge, block), its factors (how often each was present, how
 * often it contributed most, its mean contribution) and its families; and for every rule, what it
 * decided and for how many accounts, and what it would have decided in shadow. Factor and family
 * names are a closed vocabulary and rules are few, so these tables are small; a rule's accounts
 * are counted exactly up to a cap.
 */
import type { LoggedRecord } from '../decision-log/logged-record.ts';
import { isLimitRefusal } from '../policy/decision.ts';
import { ownString, type Interner } from '../util/bounded-table.ts';
import {
  addCounts,
  emptyCounts,
  isPolicyAction,
  type ActionCounts,
  type ActionName,
} from './action-counts.ts';
import { round3 } from '../util/round3.ts';
import { topFactor } from './account-summaries.ts';

const EXACT_ACCOUNTS = 10_000;
/** Distinct rule ids kept (a log with more is not one policy's). */
const MAX_RULES = 1_000;

export interface FactorSummary {
  readonly signal: string;
  readonly family: string;
  /** Policy actions whose score carried this factor. */
  readonly decisions: number;
  /** Policy actions in which it contributed most. */
  readonly top: number;
  readonly mean_contribution: number;
}

export interface RuleSummary {
  readonly rule: string;
  /** Enforced decisions by action. */
  readonly actions: ActionCounts;
  /** Of its enforced throttles, the ones answered 429: a limit or tier budget refused. */
  readonly refusals: number;
  /** Requests for which a shadowed copy of the rule would have decided. */
  readonly shadowed: number;
  /**
   * Of those, the ones it would have answered 429: its limit or tier budget would have refused
   * (a staged throttle's `reason: limit:…`, a shadow limit's `rule: limit:…`).
   */
  readonly shadow_refusals: number;
  readonly accounts: number;
  readonly accounts_capped: boolean;
  readonly reasons: readonly string[];
}

interface FactorAcc {
  decisions: number;
  top: number;
  contribution: number;
}

interface RuleAcc {
  readonly actions: ActionCounts;
  refusals: number;
  shadowed: number;
  shadowRefusals: number;
  readonly accounts: Set<string>;
  capped: boolean;
  readonly reasons: Set<string>;
}

/** What a parallel reader hands over (structured-cloneable). */
export interface FactorState {
  readonly decisions: number;
  readonly factors: [string, FactorAcc][];
  readonly families: [string, number][];
  readonly rules: [string, RuleAcc][];
}

export class FactorSummaries {
  private readonly factors = new Map<string, FactorAcc>();
  private readonly families = new Map<string, number>();
  private readonly rules = new Map<string, RuleAcc>();
  private readonly names: Interner;
  /** Policy actions seen (the denominator of the factor shares). */
  decisions = 0;

  constructor(names: Interner) {
    this.names = names;
  }

  add(record: LoggedRecord): void {
    if (record.rule !== null) this.addRule(record.rule, record, false);
    if (record.shadow?.rule != null) this.addRule(record.shadow.rule, record, true);
    if (!isPolicyAction(record.action)) return;
    this.decisions++;
    const top = topFactor(record);
    for (const factor of record.factors) {
      let acc = this.factors.get(factor.signal);
      if (acc === undefined) {
        acc = { decisions: 0, top: 0, contribution: 0 };
        this.factors.set(this.names.get(factor.signal), acc);
      }
      acc.decisions++;
      // In thousandths (contributions are logged to 3 decimals): exact in any order.
      acc.contribution += Math.round(factor.contribution * 1000);
      if (factor.signal === top) acc.top++;
    }
    for (const family of record.families)
      this.families.set(this.names.get(family), (this.families.get(family) ?? 0) + 1);
  }

  state(): FactorState {
    return {
      decisions: this.decisions,
      factors: [...this.factors],
      families: [...this.families],
      rules: [...this.rules],
    };
  }

  absorb(state: FactorState): void {
    this.decisions += state.decisions;
    for (const [signal, acc] of state.factors) {
      const into = this.factors.get(signal);
      if (into === undefined) this.factors.set(signal, acc);
      else {
        into.decisions += acc.decisions;
        into.top += acc.top;
        into.contribution += acc.contribution;
      }
    }
    for (const [family, n] of state.families)
      this.families.set(family, (this.families.get(family) ?? 0) + n);
    for (const [rule, acc] of state.rules) {
      const into = this.rules.get(rule);
      if (into === undefined) {
        if (this.rules.size < MAX_RULES) this.rules.set(rule, acc);
        continue;
      }
      addCounts(into.actions, acc.actions);
      into.refusals += acc.refusals;
      into.shadowed += acc.shadowed;
      into.shadowRefusals += acc.shadowRefusals;
      into.capped ||= acc.capped;
      for (const account of acc.accounts) {
        if (into.accounts.size < EXACT_ACCOUNTS) into.accounts.add(account);
        else if (!into.accounts.has(account)) into.capped = true;
      }
      for (const reason of acc.reasons) if (into.reasons.size < 16) into.reasons.add(reason);
    }
  }

  factorReport(): FactorSummary[] {
    return [...this.factors]
      .map(([signal, acc]) => ({
        signal,
        family: signal.split('.')[0] ?? signal,
        decisions: acc.decisions,
        top: acc.top,
        mean_contribution: round3(acc.contribution / 1000 / acc.decisions),
      }))
      .sort((a, b) => b.top - a.top || b.decisions - a.decisions || (a.signal < b.signal ? -1 : 1));
  }

  familyReport(): { readonly family: string; readonly decisions: number }[] {
    return [...this.families]
      .map(([family, decisions]) => ({ family, decisions }))
      .sort((a, b) => b.decisions - a.decisions || (a.family < b.family ? -1 : 1));
  }

  ruleReport(): RuleSummary[] {
    return [...this.rules]
      .map(([rule, acc]) => ({
        rule,
        actions: { ...acc.actions },
        refusals: acc.refusals,
        shadowed: acc.shadowed,
        shadow_refusals: acc.shadowRefusals,
        accounts: acc.accounts.size,
        accounts_capped: acc.capped,
        reasons: [...acc.reasons].sort(),
      }))
      .sort((a, b) => total(b) - total(a) || (a.rule < b.rule ? -1 : 1));
  }

  private addRule(rule: string, record: LoggedRecord, shadow: boolean): void {
    let acc = this.rules.get(rule);
    if (acc === undefined) {
      if (this.rules.size >= MAX_RULES) return;
      acc = {
        actions: emptyCounts(),
        refusals: 0,
        shadowed: 0,
        shadowRefusals: 0,
        accounts: new Set(),
        capped: false,
        reasons: new Set(),
      };
      this.rules.set(this.names.get(rule), acc);
    }
    if (shadow) {
      acc.shadowed++;
      if (record.shadow !== null && isLimitRefusal(record.shadow)) acc.shadowRefusals++;
    } else {
      acc.actions[record.action]++;
      if (isLimitRefusal(record)) acc.refusals++;
      if (acc.reasons.size < 16) acc.reasons.add(this.names.get(record.reason));
    }
    const account = record.account;
    if (account === null || acc.accounts.has(account)) return;
    if (acc.accounts.size < EXACT_ACCOUNTS) acc.accounts.add(ownString(account));
    else acc.capped = true;
  }
}

function total(rule: RuleSummary): number {
  let sum = rule.shadowed;
  for (const name of Object.keys(rule.actions) as ActionName[]) sum += rule.actions[name];
  return sum;
}
