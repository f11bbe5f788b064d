/**
 * A request's score from its family activations (score-composer.ts composes them; the backtest
 * recombines logged activations under a candidate's weights): the noisy-OR of activation ×
 * weight, held to the THREATS.md guardrail that one family alone never scores high.
 */
import { FAMILIES, type Family } from './detection-schema.ts';
import { combine, FAMILY_INDEX, type Combined } from './families.ts';
import type { Activation } from './score.ts';
import { round3 } from '../util/round3.ts';

/** Pivot corroborates, never counts as a family of its own (families.ts combine). */
export const PIVOT = FAMILY_INDEX.pivot;

/** Without two families firing, a score stays at or below this (THREATS.md guardrail). */
export const SINGLE_FAMILY_CAP = 0.45;

/**
 * A request's score from its family activations: the noisy-OR of activation × weight, capped
 * unless two families fired, to 3 decimals. `value` of `out` is that score. Shared with the
 * backtest, which recombines logged activations under a candidate's weights.
 */
export function scoreOf(activation: Float64Array, weights: Float64Array, out: Combined): Combined {
  const { value, fired } = combine(activation, weights, PIVOT, out);
  out.value = round3(fired >= 2 ? value : Math.min(value, SINGLE_FAMILY_CAP));
  return out;
}

/** The non-zero activations by family name (the record's `activation`). */
export function activationOf(activation: Float64Array): Activation {
  const out: Partial<Record<Family, number>> = {};
  for (let f = 0; f < activation.length; f++) {
    const value = activation[f] ?? 0;
    if (value > 0) out[FAMILIES[f] as Family] = value;
  }
  return out;
}
