/**
 * A request's score from its family activations (score-composer.ts composes them; the backtest
 * recombines logged activations under a candidate's weights): the noisy-OR of activation ×
 * weight, held to the THREATS.md guardrail that one family alone never scores high.
 */
import { FAMILIES } from './detection-schema.ts';
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

/**
 * The record's `activation`: one field a family, in FAMILIES' order, undefined where the family
 * did not fire (JSON and the log's writer leave it out: the record reads as the non-zero
 * activations by family name). One fixed shape, filled by plain stores; the object it replaces,
 * built key by key from the names (a shape per set of families fired, each store a lookup by
 * name), cost the composed score enough to show in the scoring p99: 4.61 → 4.32 µs with this,
 * same process, same traffic (detection-bench --ab-base, 2026-12-07).
 */
class FamilyActivation {
  readonly volume: number | undefined;
  readonly templates: number | undefined;
  readonly focus: number | undefined;
  readonly elicitation: number | undefined;
  readonly grading: number | undefined;
  readonly agentic: number | undefined;
  readonly harvest: number | undefined;
  readonly provenance: number | undefined;
  readonly pivot: number | undefined;
  readonly cluster: number | undefined;

  constructor(a: Float64Array) {
    this.volume = fired(a[0]);
    this.templates = fired(a[1]);
    this.focus = fired(a[2]);
    this.elicitation = fired(a[3]);
    this.grading = fired(a[4]);
    this.agentic = fired(a[5]);
    this.harvest = fired(a[6]);
    this.provenance = fired(a[7]);
    this.pivot = fired(a[8]);
    this.cluster = fired(a[9]);
  }
}

function fired(value: number | undefined): number | undefined {
  return value !== undefined && value > 0 ? value : undefined;
}

// The fields above are FAMILIES by index: a family added, removed or moved there fails here, at
// load, not as activations logged under the wrong names.
{
  const probe = new Float64Array(FAMILIES.length).map((_, f) => f + 1);
  const built = new FamilyActivation(probe) as unknown as Record<string, number>;
  const names = Object.keys(built);
  if (
    names.length !== FAMILIES.length ||
    FAMILIES.some((f, i) => names[i] !== f || built[f] !== i + 1)
  )
    throw new Error('FamilyActivation does not list FAMILIES in order');
}

/** The non-zero activations by family name (the record's `activation`). */
export function activationOf(activation: Float64Array): Activation {
  return new FamilyActivation(activation);
}
