/**
 * Pools windows of the same cluster kept by several replicas (cluster evidence shared through
 * Redis): what one replica would have seen had it received every replica's share of the traffic.
 * Each window is first brought to `now` (decay, epoch roll), then decayed counters add, distinct
 * count sketches and active-slot bitmaps OR, and the top templates merge by key. The resent-prompt
 * ring and the cluster-risk fields stay the local window's (per-account notions). Pure.
 */
import { advance, ORG_K, SKETCH_COUNT, TOP_K, W } from './window-state.ts';

const SKETCH_WORDS = SKETCH_COUNT * 4;
const SLOT_COUNT = 32;

/**
 * Writes into `out` the pool of `local` and `others` at `now`. Neither input is changed; `scratch`
 * is reused for each of the others (both are W.SIZE long).
 */
export function mergeWindows(
  local: Float64Array,
  others: readonly Float64Array[],
  now: number,
  window: number,
  out: Float64Array,
  scratch: Float64Array,
): Float64Array {
  out.set(local);
  advance(out, now, window);
  for (const other of others) {
    scratch.set(other);
    advance(scratch, now, window);
    addRange(out, scratch, W.N, W.TOP_COUNT);
    mergeTop(out, scratch, W.TOP_COUNT, W.TOP_KEY, TOP_K, NO_EXTRAS);
    mergeTop(out, scratch, W.ORG_COUNT, W.ORG_KEY, ORG_K, ORG_EXTRAS);
    for (let i = W.SKETCH; i < W.SKETCH + SKETCH_WORDS; i++)
      out[i] = ((out[i] ?? 0) | (scratch[i] ?? 0)) >>> 0;
    mergeSlots(out, scratch);
    out[W.FIRST] = Math.min(out[W.FIRST] ?? now, scratch[W.FIRST] ?? now);
  }
  return out;
}

/** Decayed counters add. */
function addRange(out: Float64Array, other: Float64Array, from: number, to: number): void {
  for (let i = from; i < to; i++) out[i] = (out[i] ?? 0) + (other[i] ?? 0);
}

const NO_EXTRAS: readonly number[] = [];
/** What each org entry inherited, and its established customers' requests (window-state orgAdd). */
const ORG_EXTRAS: readonly number[] = [W.ORG_ERROR, W.ORG_ESTABLISHED];

/**
 * A Space-Saving summary of both (top templates, orgs: `size` entries of count at `countAt` and
 * key at `keyAt`, and per entry the fields at `extras`, each `size` long), by summed count, the
 * largest kept. The extras add too: so for orgs count − error stays a lower bound of a key's
 * requests (a key one side does not hold may have sent it some: ignoring them only lowers the
 * bound), and so do its established customers' requests.
 */
function mergeTop(
  out: Float64Array,
  other: Float64Array,
  countAt: number,
  keyAt: number,
  size: number,
  extras: readonly number[],
): void {
  const counts = new Map<number, number[]>();
  for (const s of [out, other]) {
    for (let k = 0; k < size; k++) {
      const count = s[countAt + k] ?? 0;
      if (count <= 0) continue;
      const key = s[keyAt + k] ?? 0;
      const held = counts.get(key) ?? new Array<number>(1 + extras.length).fill(0);
      held[0] = (held[0] ?? 0) + count;
      extras.forEach((at, e) => (held[1 + e] = (held[1 + e] ?? 0) + (s[at + k] ?? 0)));
      counts.set(key, held);
    }
  }
  const top = [...counts].sort((a, b) => (b[1][0] ?? 0) - (a[1][0] ?? 0)).slice(0, size);
  for (let k = 0; k < size; k++) {
    out[keyAt + k] = top[k]?.[0] ?? 0;
    out[countAt + k] = top[k]?.[1][0] ?? 0;
    extras.forEach((at, e) => (out[at + k] = top[k]?.[1][1 + e] ?? 0));
  }
}

/** Active-slot bitmaps aligned on the later base (bit k = k slots before it), then ORed. */
function mergeSlots(out: Float64Array, other: Float64Array): void {
  const otherBase = other[W.SLOT_BASE] ?? -1;
  if (otherBase < 0) return;
  const outBase = out[W.SLOT_BASE] ?? -1;
  const base = Math.max(outBase, otherBase);
  const shifted = (bits: number, from: number): number => {
    const shift = base - from;
    return from < 0 || shift >= SLOT_COUNT ? 0 : (bits << shift) >>> 0;
  };
  out[W.SLOTS] =
    (shifted(out[W.SLOTS] ?? 0, outBase) | shifted(other[W.SLOTS] ?? 0, otherBase)) >>> 0;
  out[W.SLOT_BASE] = base;
}
