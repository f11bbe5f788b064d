/**
 * The backtest report: typed JSON, the same for the CLI (`--json`), a report directory
 * (`--out-dir`, for the admin page's "recent backtests") and any other caller of createBacktest.
 */
import type { ReadSummary } from '../decision-log/read-logs.ts';
import type { ActionCounts } from '../review/action-counts.ts';
import type { AffectedKey, AffectedReport } from './affected-accounts.ts';
import type {
  RuleChange,
  ShadowRule,
  TierChange,
  TokenChanges,
  Transition,
} from './decision-changes.ts';

export interface ConfigDescription {
  readonly file: string;
  readonly config_version: string;
  readonly policy_version: string;
}

/**
 * A logged outcome the baseline's replay did not reproduce: an action, or a throttle's
 * `throttle (429)` (refused by a limit) or `throttle (503)` (a shared limit store's outage).
 */
export interface FidelityDifference {
  readonly logged: string;
  readonly replayed: string;
  readonly requests: number;
}

export interface BacktestReport {
  readonly kind: 'distillguard.backtest';
  readonly version: 1;
  readonly generated_at: string;
  readonly candidate: ConfigDescription;
  /** What the candidate is compared with: the decisions as logged, or a replayed config. */
  readonly baseline:
    { readonly source: 'log' } | ({ readonly source: 'config' } & ConfigDescription);
  readonly input: ReadSummary;
  readonly span: { readonly first: string | null; readonly last: string | null };
  readonly requests: {
    readonly replayed: number;
    /** Refused before policy ran (framing, authentication, body): not replayed. */
    readonly rejects: number;
    /** Scores recombined under the candidate's weights (records of version 5; one that scored nothing stays 0). */
    readonly rescored: number;
    /** Scores used as logged (records before version 5 carry no activations). */
    readonly logged_scores: number;
  };
  /** Replayed requests whose action changes. */
  readonly changed: number;
  /** Same action, another rule. */
  readonly rule_changed: number;
  readonly actions: { readonly before: ActionCounts; readonly after: ActionCounts };
  readonly transitions: readonly Transition[];
  readonly tiers: readonly TierChange[];
  readonly rules: readonly RuleChange[];
  /**
   * Per shadowed rule or shadow limit, the requests it would have acted on beside the enforced
   * decision, before and after: what a candidate staging a rule in shadow will log in its trial.
   */
  readonly shadow: readonly ShadowRule[];
  readonly accounts: AffectedReport;
  readonly clusters: AffectedReport;
  /** Verified, allow-listed or declared-use accounts the candidate acts on more. */
  readonly likely_false_positives: { readonly count: number; readonly top: readonly AffectedKey[] };
  readonly tokens: TokenChanges;
  /**
   * With a baseline config: how often its replay reproduces the logged action — a throttle's 429
   * and a served throttle told apart (FidelityDifference) — the measure of the replay's own
   * approximations on this log.
   */
  readonly fidelity: {
    readonly compared: number;
    readonly same_action: number;
    /** Of those, the baseline's replay logs the same `shadow` (action, rule and reason). */
    readonly same_shadow: number;
    readonly differences: readonly FidelityDifference[];
  } | null;
  /** What this replay could not know, in plain words (always stated). */
  readonly approximations: readonly string[];
}
