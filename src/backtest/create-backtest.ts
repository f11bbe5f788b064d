/**
 * A backtest as a streaming aggregate: every logged request is replayed through the candidate
 * config (policy-replay.ts) and compared with the baseline — the decision as logged, or, given a
 * baseline config, the same replay under it (like with like: the replay's approximations cancel
 * out, and comparing the baseline's replay with the log measures them). Pure and importable: the
 * CLI and the admin page build the same typed report. Memory is bounded by the capacities.
 */
import type { RuntimeConfig } from '../config/load-config.ts';
import type { LoggedRecord } from '../decision-log/logged-record.ts';
import type { ReadSummary } from '../decision-log/read-logs.ts';
import { Interner } from '../util/bounded-table.ts';
import { AffectedKeys } from './affected-accounts.ts';
import { approximations } from './approximations.ts';
import type { BacktestReport, FidelityDifference } from './backtest-report.ts';
import { DecisionChanges } from './decision-changes.ts';
import { PolicyReplay, type Replayed } from './policy-replay.ts';

export interface BacktestConfig {
  readonly file: string;
  readonly config: RuntimeConfig;
}

export interface BacktestOptions {
  readonly candidate: BacktestConfig;
  /** Replayed as the baseline; absent: the decisions as logged are the baseline. */
  readonly baseline?: BacktestConfig;
  /** Accounts and clusters listed (default 20). */
  readonly top?: number;
  readonly accountCapacity?: number;
  readonly clusterCapacity?: number;
}

export interface Backtest {
  add(record: LoggedRecord): void;
  report(input: ReadSummary, now: number): BacktestReport;
}

const REFUSED_OUTCOMES: ReadonlySet<string> = new Set(['blocked', 'throttled', 'challenged']);

/** The logged decision, as a replay result. */
export function loggedDecision(record: LoggedRecord): Replayed {
  return {
    action: record.action,
    rule: record.rule,
    reason: record.reason,
    refused: REFUSED_OUTCOMES.has(record.outcome),
    degrade: undefined,
    score: record.score,
  };
}

export function createBacktest(options: BacktestOptions): Backtest {
  const names = new Interner();
  const candidate = new PolicyReplay(options.candidate.config);
  const baseline = options.baseline && new PolicyReplay(options.baseline.config);
  const changes = new DecisionChanges(names);
  const accounts = new AffectedKeys(options.accountCapacity ?? 200_000, names);
  const clusters = new AffectedKeys(options.clusterCapacity ?? 50_000, names);
  const fidelity = new Map<string, number>();
  let compared = 0;
  let sameAction = 0;
  let rejects = 0;
  let replayed = 0;
  let loggedScores = 0;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;

  return {
    add(record) {
      if (record.time < first) first = record.time;
      if (record.time > last) last = record.time;
      // Refused before policy ran (framing, authentication, body): nothing to replay.
      if (record.action === 'reject') {
        rejects++;
        return;
      }
      replayed++;
      // Before v5 no activations were logged; a v5 record without them scored nothing at all.
      if (record.v < 5) loggedScores++;
      const after = candidate.replay(record);
      let before: Replayed;
      if (baseline === undefined) before = loggedDecision(record);
      else {
        before = baseline.replay(record);
        compared++;
        if (before.action === record.action) sameAction++;
        else {
          const key = `${record.action}>${before.action}`;
          fidelity.set(key, (fidelity.get(key) ?? 0) + 1);
        }
      }
      const withheld = changes.add(record, before, after);
      accounts.add(record.account, record, before, after, withheld);
      clusters.add(record.cluster?.id ?? null, record, before, after, withheld);
    },
    report(input, now) {
      const top = options.top ?? 20;
      const describe = (side: BacktestConfig) => ({
        file: side.file,
        config_version: side.config.version,
        policy_version: side.config.policy.version,
      });
      return {
        kind: 'distillguard.backtest',
        version: 1,
        generated_at: new Date(now).toISOString(),
        candidate: describe(options.candidate),
        baseline:
          options.baseline === undefined
            ? { source: 'log' }
            : { source: 'config', ...describe(options.baseline) },
        input,
        span: {
          first: replayed + rejects === 0 ? null : new Date(first).toISOString(),
          last: replayed + rejects === 0 ? null : new Date(last).toISOString(),
        },
        requests: {
          replayed,
          rejects,
          rescored: replayed - loggedScores,
          logged_scores: loggedScores,
        },
        changed: changes.changed,
        rule_changed: changes.ruleChanged,
        actions: { before: { ...changes.before }, after: { ...changes.after } },
        transitions: changes.transitionReport(),
        tiers: changes.tierReport(),
        rules: changes.ruleReport(),
        accounts: accounts.report(top),
        clusters: clusters.report(top),
        likely_false_positives: accounts.likelyFalsePositives(top),
        tokens: changes.tokenReport(),
        fidelity:
          baseline === undefined
            ? null
            : { compared, same_action: sameAction, differences: fidelityList(fidelity) },
        approximations: approximations(options, loggedScores),
      };
    },
  };
}

/** Logged action → the baseline replay's action, where they differ. */
function fidelityList(map: ReadonlyMap<string, number>): FidelityDifference[] {
  return [...map]
    .map(([key, requests]) => {
      const [logged = '', replayed = ''] = key.split('>');
      return { logged, replayed, requests };
    })
    .sort((a, b) => b.requests - a.requests);
}
