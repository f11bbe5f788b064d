/**
 * A request's score from its family activations (score-composer.ts composes them; the backtest
 * recombines logged activations under a candidate's weights): the noisy-OR of activation ×
 * weight, held to the THREATS.md guardrail that one family alone never scores high; which
 * families fired (a contribution of at least FIRED; the cluster family CLUSTER_FIRED) and their
 * shared lists; whether a harvesting family fired; and the activations as the record logs them.
 */
import { FAMILIES, FAMILY_INDEX, type Family } from './family-names.ts';
import type { Activation } from './score.ts';
import { round3 } from '../util/round3.ts';

/** A family counts as fired when it contributes at least this much. */
const FIRED = 0.08;
/**
 * The cluster family fires only from a substantial cluster risk: a weak link (say, sharing the
 * most common SDK's header order with many others) must not supply the second family.
 */
const CLUSTER_FIRED = 0.25;
const CLUSTER_INDEX = FAMILIES.indexOf('cluster');

function firedAt(index: number): number {
  return index === CLUSTER_INDEX ? CLUSTER_FIRED : FIRED;
}

/** Families that show harvesting itself (not templates, focus or volume, which customers share). */
const HARVESTING_FAMILIES: readonly Family[] = ['harvest', 'elicitation', 'grading', 'agentic'];

/** True when one of the harvesting families fired in `activation` under `weights`. */
export function showsHarvesting(activation: Float64Array, weights: Float64Array): boolean {
  for (const family of HARVESTING_FAMILIES) {
    const index = FAMILY_INDEX[family];
    if ((activation[index] ?? 0) * (weights[index] ?? 0) >= FIRED) return true;
  }
  return false;
}

/** What `combine` found: the noisy-OR value, how many families fired and which (a bitmask). */
export interface Combined {
  value: number;
  fired: number;
  mask: number;
}

/**
 * Noisy-OR of the family contributions, and the families that fired (`corroboratingOnly` — pivot
 * — contributes but never counts). Writes into `out` (reused by callers: no allocation).
 */
export function combine(
  activation: Float64Array,
  weights: Float64Array,
  corroboratingOnly: number,
  out: Combined,
): Combined {
  let keep = 1;
  let fired = 0;
  let mask = 0;
  for (let index = 0; index < activation.length; index++) {
    const contribution = (activation[index] ?? 0) * (weights[index] ?? 0);
    keep *= 1 - contribution;
    if (contribution >= firedAt(index) && index !== corroboratingOnly) {
      fired++;
      mask |= 1 << index;
    }
  }
  out.value = 1 - keep;
  out.fired = fired;
  out.mask = mask;
  return out;
}

/** Family lists by bitmask, shared: a score's families never allocate after the first. */
const familyLists = new Map<number, readonly Family[]>();

export function familiesOf(mask: number): readonly Family[] {
  let list = familyLists.get(mask);
  if (!list) {
    list = Object.freeze(FAMILIES.filter((_, index) => (mask & (1 << index)) !== 0));
    familyLists.set(mask, list);
  }
  return list;
}

/** Pivot corroborates, never counts as a family of its own (combine). */
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
 * The record's `activation`: one field a family, in FAMILIES' order, undefined where its
 * activation is 0 (JSON and the log's writer leave it out: the record reads as the non-zero
 * activations by family name). One fixed shape, filled by plain stores; the object it replaces,
 * built key by key from the names (a shape per set of non-zero families, each store a lookup by
 * name), cost the composed score enough to show in the scoring p99: 4.61 → 4.32 µs with this,
 * same process, same traffic (detection-bench --ab-base, 2026-12-07). Its price: the undefined
 * fields of the scores an account keeps, +48 B an account when most fire four more families
 * (detection-bench's harvesting mix: 179.1 → 183.7 MB for 100,000 accounts).
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
    this.volume = positive(a[0]);
    this.templates = positive(a[1]);
    this.focus = positive(a[2]);
    this.elicitation = positive(a[3]);
    this.grading = positive(a[4]);
    this.agentic = positive(a[5]);
    this.harvest = positive(a[6]);
    this.provenance = positive(a[7]);
    this.pivot = positive(a[8]);
    this.cluster = positive(a[9]);
  }
}

function positive(value: number | undefined): number | undefined {
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
