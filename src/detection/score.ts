/**
 * The score stage's contract. A score is a value in [0, 1] with the factors that produced it
 * (signal, value, contribution) and the signal families that fired, so every decision can be
 * explained. This release ships the null scorer; the detection release plugs real scorers in
 * behind the same interface, reading cached account and cluster risk (no I/O on the hot path).
 */
import type { Account } from '../account/account.ts';
import type { RequestFacts } from '../signals/request-facts.ts';

export interface Factor {
  readonly signal: string;
  readonly value: number;
  readonly contribution: number;
}

export interface Score {
  readonly value: number;
  readonly factors: readonly Factor[];
  readonly families: readonly string[];
}

export interface Scorer {
  /** Pure: the same inputs and `now` (ms since epoch) give the same score. */
  score(account: Account, facts: RequestFacts, now: number): Score;
}

export const ZERO_SCORE: Score = Object.freeze({
  value: 0,
  factors: Object.freeze([]),
  families: Object.freeze([]),
});

/** Scores every request 0: the baseline until detection is configured. */
export const nullScorer: Scorer = { score: () => ZERO_SCORE };
