/**
 * The score stage's contract. A score is a value in [0, 1] with the factors that produced it
 * (signal, value, contribution) and the signal families that fired, so every decision can be
 * explained. This release ships the null scorer; the detection release plugs real scorers in
 * behind the same interface, reading cached account and cluster risk (no I/O on the hot path).
 */
import type { Account } from '../account/account.ts';
import type { Usage } from '../dialects/dialect.ts';
import type { RequestFacts } from '../signals/request-facts.ts';
import type { Family } from './detection-schema.ts';

export interface Factor {
  readonly signal: string;
  readonly value: number;
  readonly contribution: number;
}

/** The id of the cluster a fingerprint forms (`cl_<kind><hash>` in hex: the same on every replica). */
export function clusterName(fingerprint: number): string {
  return `cl_${fingerprint.toString(16)}`;
}

/** The cluster a request was linked to, as logged. */
export interface ClusterRef {
  /** Stable id derived from the fingerprint that formed it (`cl_<kind><hash>`, same on every replica). */
  readonly id: string;
  /** How the request is linked: `skeleton`, `template_head`, `near_duplicate`, `client`… */
  readonly link: string;
  /** Distinct accounts in the cluster's window (estimate). */
  readonly accounts: number;
  readonly risk: number;
  /** The cluster's fingerprints are flagged (a high-risk cluster, kept after its accounts rotate). */
  readonly flagged: boolean;
  /**
   * The link is specific to a campaign — an exact template skeleton — not a near-duplicate band,
   * a shared system prompt or tool set, a harvest shape, a frame, a client or an IP prefix.
   */
  readonly specific: boolean;
}

/**
 * The activation in [0, 1] of each family the score combined (families at 0 are absent, or
 * undefined in a score: combine-score.ts), rounded to 3 decimals before combining: `value` is
 * exactly the noisy-OR of `activation × weight`, so a backtest can recombine a logged score under
 * other weights without the request (record v5).
 */
export type Activation = Readonly<{ [F in Family]?: number | undefined }>;

export interface Score {
  readonly value: number;
  readonly factors: readonly Factor[];
  readonly families: readonly string[];
  /** Absent when nothing was scored (the zero score). */
  readonly activation?: Activation;
  /** The request's strongest cluster link; null when none. */
  readonly cluster: ClusterRef | null;
}

/** What a scorer's `observe` keeps of one request for its `settle` (opaque to callers). */
export type Observed = object | undefined;

export interface Scorer {
  /**
   * Scores a request against the cached account and cluster state, without changing it: the
   * decision path only reads. Deterministic given the state and `now` (ms since epoch).
   */
  score(account: Account, facts: RequestFacts, now: number): Score;
  /**
   * Folds the decided request into that state (called once the decision is carried out). What it
   * returns (opaque, possibly undefined) is handed back to `settle` for the same request.
   */
  observe?(account: Account, facts: RequestFacts, now: number): Observed;
  /** Folds the response's token usage in, when the response ends. */
  settle?(account: Account, usage: Usage, now: number, observed?: Observed): void;
  /**
   * Whether an exact-template fingerprint is common phrasing now (many established customers
   * send it): a content block remembered of it no longer applies. Absent: never.
   */
  isCommonPhrase?(key: number): boolean;
  /**
   * A count that grows whenever the state changed so that a request decided earlier could now
   * score into a stricter action — a cluster's risk reaching the flag's level, a cluster newly
   * flagged. Read on every answer's arrival (one call), so it must cost nothing. Absent: never.
   */
  escalations?(): number;
}

export const ZERO_SCORE: Score = Object.freeze({
  value: 0,
  factors: Object.freeze([]),
  families: Object.freeze([]),
  cluster: null,
});

/** Scores every request 0: the baseline until detection is configured. */
export const nullScorer: Scorer = { score: () => ZERO_SCORE };
