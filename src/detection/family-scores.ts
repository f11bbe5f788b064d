/**
 * The factors and family activations of one window's scoring (families.ts, provenance.ts add to
 * them): each factor is (signal, value, contribution), its family's activation the strongest
 * factor's; factor objects are shared by value across accounts (SharedFactors), so that an
 * account's kept factors cost the same whichever fire.
 */
import { FAMILIES, FAMILY_INDEX, type Family } from './family-names.ts';
import type { Factor } from './score.ts';

/** Collects factors and the per-family activation. */
export class FamilyScores {
  readonly activation = new Float64Array(FAMILIES.length);
  factors: Factor[] = [];
  /** The factors it hands out, shared by value (SharedFactors). */
  readonly shared = new SharedFactors();
  private weights: Float64Array = new Float64Array(FAMILIES.length);
  private keep = true;

  /**
   * Starts a new set of factors, weighted by `weights` (indexed like FAMILIES). `keepFactors`
   * false: only the activations are wanted (a cluster's pooled risk, refreshed for every cluster
   * and on `observe` for young ones), so no factor is looked up or made.
   */
  reset(weights: Float64Array, keepFactors = true): void {
    this.activation.fill(0);
    this.factors = [];
    this.weights = weights;
    this.keep = keepFactors;
  }

  add(family: Family, signal: string, value: number, activation: number): void {
    if (activation <= 0) return;
    const index = FAMILY_INDEX[family];
    if (activation > (this.activation[index] ?? 0)) this.activation[index] = activation;
    if (this.keep)
      this.factors.push(
        this.shared.of(signal, round(value), round(activation * (this.weights[index] ?? 0))),
      );
  }
}

/**
 * Factors shared by value. An account keeps the factors of its window's last computation (its
 * next request's score), so with 100,000 accounts each factor that fires for most of them would
 * cost ~5 MB as objects of their own (the object and its two boxed numbers, ~80 B). Values are
 * rounded to thousandths, and a share's or a contribution's few hundred values recur from account
 * to account: one object per (signal, value, contribution) serves them all, and an account's state
 * stays nearly the same size whichever families fire. Factors are never changed in place
 * (readonly, and logged as they are), so sharing one is invisible. Each detector holds its own
 * table (FamilyScores), bounded: when full it starts afresh (objects already handed out stay
 * valid; they are only no longer shared with later ones). A value that is not a non-negative
 * count of thousandths below 2^36 (no factor makes one, but a factor is no place to assume it),
 * and a signal beyond the first 128 seen, get objects of their own.
 */
export class SharedFactors {
  private readonly ids = new Map<string, number>();
  private table = new Map<number, Factor>();
  private readonly limit: number;

  constructor(limit = SHARED_FACTORS) {
    this.limit = limit;
  }

  /** The factor `{signal, value, contribution}`: a shared object when one is held. */
  of(signal: string, value: number, contribution: number): Factor {
    const key = this.keyOf(signal, value, contribution);
    if (key < 0) return { signal, value, contribution };
    let factor = this.table.get(key);
    if (factor === undefined) {
      if (this.table.size >= this.limit) this.table = new Map();
      factor = { signal, value, contribution };
      this.table.set(key, factor);
    }
    return factor;
  }

  /** Factors held (at most the limit). */
  get size(): number {
    return this.table.size;
  }

  /** One number for (signal, value, contribution), or -1 when they do not fit one exactly. */
  private keyOf(signal: string, value: number, contribution: number): number {
    let id = this.ids.get(signal);
    if (id === undefined) {
      if (this.ids.size >= SIGNAL_IDS) return -1; // the vocabulary is closed (factor-names.ts): ~90
      id = this.ids.size;
      this.ids.set(signal, id);
    }
    const thousandths = Math.round(value * 1000);
    const share = Math.round(contribution * 1000);
    if (
      !(thousandths >= 0 && thousandths < 2 ** 36 && thousandths / 1000 === value) ||
      !(share >= 0 && share <= 1000 && share / 1000 === contribution)
    )
      return -1;
    // 36 + 10 + 7 bits: below 2^53, so exact, and one key per triple.
    return (thousandths * 1024 + share) * SIGNAL_IDS + id;
  }
}

const SHARED_FACTORS = 16_384;
const SIGNAL_IDS = 128;

function round(value: number): number {
  return Number.isFinite(value) ? Math.round(value * 1000) / 1000 : 0;
}
