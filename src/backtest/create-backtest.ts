/**
 * A backtest as a streaming aggregate: every logged request is replayed through the candidate
 * config (policy-replay.ts) and compared with the baseline — the decision as logged, or, given a
 * baseline config, the same replay under it (like with like: the replay's approximations cancel
 * out, and comparing the baseline's replay with the log measures them). Pure and importable: the
 * CLI and the admin page build the same typed report. Memory is bounded by the capacities.
 */
import type { RuntimeConfig } from '../config/load-config.ts';
import { stoppedInFlight } from '../decision-log/record.ts';
import type { ReplayRecord } from './replay-record.ts';
import type { ReadSummary } from '../decision-log/read-logs.ts';
import { Interner } from '../util/bounded-table.ts';
import { AffectedKeys } from './affected-accounts.ts';
import { approximations } from './approximations.ts';
import type { BacktestReport, ConfigDescription, FidelityDifference } from './backtest-report.ts';
import { DecisionChanges } from './decision-changes.ts';
import { isWebsocketRouteId } from '../dialects/routes.ts';
import type { ShadowDecision } from '../policy/decision.ts';
import { PolicyReplay, type Replayed } from './policy-replay.ts';
import { StartOrder, type RecordOrder } from './start-order.ts';

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
  add(record: ReplayRecord): void;
  report(input: ReadSummary, now: number): BacktestReport;
}

const REFUSED_OUTCOMES: ReadonlySet<string> = new Set(['blocked', 'throttled', 'challenged']);

/** The logged decision, as a replay result. */
export function loggedDecision(record: ReplayRecord): Replayed {
  return {
    action: record.action,
    rule: record.rule,
    reason: record.reason,
    shadow: record.shadow,
    refused: REFUSED_OUTCOMES.has(record.outcome),
    degrade: undefined,
    score: record.score,
  };
}

/** `order` puts records in start order. */
export function createBacktest(
  options: BacktestOptions,
  order: RecordOrder = new StartOrder(),
): Backtest {
  return new BacktestRun(options, order);
}

/**
 * How often the baseline's replay reproduces the logged action, and where it does not; and how
 * often it reproduces the logged `shadow` (what shadowed rules and limits would have done). A
 * throttle refused by a limit (429) and one served are different outcomes of one action: told
 * apart (`throttle (429)`), or a replay spending a budget in another order than the proxy did
 * would look faithful. Two exceptions, where the log holds what a replay cannot reproduce: a
 * throttle a shared limit store's outage refused (503) is `throttle (503)` (the replay's store is
 * always there); a WebSocket session compares its action only (its record carries a turn's
 * decision, whose limits the proxy spent turn by turn and the replay spends at the upgrade).
 */
class Fidelity {
  compared = 0;
  same = 0;
  sameShadow = 0;
  private readonly differences = new Map<string, number>();

  add(logged: ReplayRecord, replayed: Replayed): void {
    this.compared++;
    if (sameShadow(logged.shadow, replayed.shadow)) this.sameShadow++;
    let was: string = logged.action;
    let now: string = replayed.action;
    if (!isWebsocketRouteId(logged.route)) {
      const storeDown = logged.outcome === 'rejected' && logged.status === 503;
      was = outcomeOf(logged.action, REFUSED_OUTCOMES.has(logged.outcome), storeDown);
      now = outcomeOf(replayed.action, replayed.refused, false);
    }
    if (was === now) this.same++;
    else {
      const key = `${was}>${now}`;
      this.differences.set(key, (this.differences.get(key) ?? 0) + 1);
    }
  }

  report(): NonNullable<BacktestReport['fidelity']> {
    return {
      compared: this.compared,
      same_action: this.same,
      same_shadow: this.sameShadow,
      differences: fidelityList(this.differences),
    };
  }
}

class BacktestRun implements Backtest {
  private readonly options: BacktestOptions;
  private readonly candidate: PolicyReplay;
  private readonly baseline: PolicyReplay | undefined;
  private readonly changes: DecisionChanges;
  private readonly accounts: AffectedKeys;
  private readonly clusters: AffectedKeys;
  private readonly fidelity = new Fidelity();
  private readonly order: RecordOrder;
  private readonly replayOne = (record: ReplayRecord): void => this.replay(record);
  private rejects = 0;
  private replayed = 0;
  private loggedScores = 0;
  /** Blocks the in-flight re-check made as the answer arrived (pipeline/recheck-in-flight.ts). */
  private stoppedInFlight = 0;
  private first = Number.POSITIVE_INFINITY;
  private last = Number.NEGATIVE_INFINITY;

  constructor(options: BacktestOptions, order: RecordOrder) {
    const names = new Interner();
    this.options = options;
    this.order = order;
    this.candidate = new PolicyReplay(options.candidate.config);
    this.baseline = options.baseline && new PolicyReplay(options.baseline.config);
    this.changes = new DecisionChanges(names);
    this.accounts = new AffectedKeys(options.accountCapacity ?? 200_000, names);
    this.clusters = new AffectedKeys(options.clusterCapacity ?? 50_000, names);
  }

  add(record: ReplayRecord): void {
    if (record.time < this.first) this.first = record.time;
    if (record.time > this.last) this.last = record.time;
    // Refused before policy ran (framing, authentication, body): nothing to replay.
    if (record.action === 'reject') this.rejects++;
    else this.order.push(record, this.replayOne);
  }

  report(input: ReadSummary, now: number): BacktestReport {
    this.order.flush(this.replayOne);
    const { options, changes } = this;
    const top = options.top ?? 20;
    const seen = this.replayed + this.rejects > 0;
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
        first: seen ? new Date(this.first).toISOString() : null,
        last: seen ? new Date(this.last).toISOString() : null,
      },
      requests: {
        replayed: this.replayed,
        rejects: this.rejects,
        rescored: this.replayed - this.loggedScores,
        logged_scores: this.loggedScores,
      },
      changed: changes.changed,
      rule_changed: changes.ruleChanged,
      actions: { before: { ...changes.before }, after: { ...changes.after } },
      transitions: changes.transitionReport(),
      tiers: changes.tierReport(),
      rules: changes.ruleReport(),
      shadow: changes.shadowReport(),
      accounts: this.accounts.report(top),
      clusters: this.clusters.report(top),
      likely_false_positives: this.accounts.likelyFalsePositives(top),
      tokens: changes.tokenReport(),
      fidelity: this.baseline === undefined ? null : this.fidelity.report(),
      approximations: approximations(
        options,
        this.loggedScores,
        this.order.late,
        this.stoppedInFlight,
      ),
    };
  }

  /** One request, in start order: both decisions, compared. */
  private replay(record: ReplayRecord): void {
    this.replayed++;
    // Before v5 no activations were logged; a v5 record without them scored nothing at all.
    if (record.v < 5) this.loggedScores++;
    if (stoppedInFlight(record.detail)) this.stoppedInFlight++;
    const after = this.candidate.replay(record);
    let before: Replayed;
    if (this.baseline === undefined) before = loggedDecision(record);
    else {
      before = this.baseline.replay(record);
      this.fidelity.add(record, before);
    }
    const withheld = this.changes.add(record, before, after);
    this.accounts.add(record.account, record, before, after, withheld);
    this.clusters.add(record.cluster?.id ?? null, record, before, after, withheld);
  }
}

/**
 * An action as Fidelity compares it: a throttle refused by a limit (429), or by a shared limit
 * store's outage (503, only ever logged), told apart from a served one. `refused` is read as
 * loggedDecision reads it on the logged side.
 */
function outcomeOf(action: string, refused: boolean, storeDown: boolean): string {
  if (action !== 'throttle') return action;
  return refused ? 'throttle (429)' : storeDown ? 'throttle (503)' : 'throttle';
}

function sameShadow(a: ShadowDecision | null, b: ShadowDecision | null): boolean {
  if (a === null || b === null) return a === b;
  return a.action === b.action && a.rule === b.rule && a.reason === b.reason;
}

function describe(side: BacktestConfig): ConfigDescription {
  return {
    file: side.file,
    config_version: side.config.version,
    policy_version: side.config.policy.version,
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
