/**
 * Pools windows of the same cluster kept by several replicas (cluster evidence shared through
 * Redis): what one replica would have seen had it received every replica's share of the traffic.
 * Each window is first brought to `now` (decay, epoch roll), then decayed counters add, distinct
 * count sketches and active-slot bitmaps OR, the top templates and orgs merge by key, and the
 * established customers' leading org by its majority counter. The resent-prompt
 * ring and the cluster-risk fields stay the local window's (per-account notions). Pure.
 */
import { advance, CLUSTER_DECAYED, ORG_K, SKETCH_COUNT, TOP_K, W } from './window-state.ts';

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
  out.set(clusterWindow(local));
  advance(out, now, window);
  for (const other of others) {
    scratch.set(clusterWindow(other));
    advance(scratch, now, window);
    addRange(out, scratch, W.N, W.TOP_COUNT);
    addRange(out, scratch, CLUSTER_DECAYED, W.ORG_COUNT);
    mergeTop(out, scratch, W.TOP_COUNT, W.TOP_KEY, TOP_K, -1);
    mergeTop(out, scratch, W.ORG_COUNT, W.ORG_KEY, ORG_K, W.ORG_ERROR);
    mergeMajority(out, scratch);
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

/**
 * A Space-Saving summary of both (top templates, orgs: `size` entries of count at `countAt` and
 * key at `keyAt`, and for orgs what each inherited at `errorAt`, -1: none), by summed count, the
 * largest kept. Errors add too, so count − error stays a lower bound of a key's requests (a key
 * one side does not hold may have sent it some: ignoring them only lowers the bound).
 */
function mergeTop(
  out: Float64Array,
  other: Float64Array,
  countAt: number,
  keyAt: number,
  size: number,
  errorAt: number,
): void {
  const counts = new Map<number, [count: number, error: number]>();
  for (const s of [out, other]) {
    for (let k = 0; k < size; k++) {
      const count = s[countAt + k] ?? 0;
      if (count <= 0) continue;
      const key = s[keyAt + k] ?? 0;
      const error = errorAt < 0 ? 0 : (s[errorAt + k] ?? 0);
      const held = counts.get(key);
      counts.set(key, held === undefined ? [count, error] : [held[0] + count, held[1] + error]);
    }
  }
  const top = [...counts].sort((a, b) => b[1][0] - a[1][0]).slice(0, size);
  for (let k = 0; k < size; k++) {
    out[keyAt + k] = top[k]?.[0] ?? 0;
    out[countAt + k] = top[k]?.[1][0] ?? 0;
    if (errorAt >= 0) out[errorAt + k] = top[k]?.[1][1] ?? 0;
  }
}

/**
 * The established customers' majority counters (window-orgs.ts establishedOrgAdd): the same org's
 * add; two orgs' cancel, the larger keeping what is left (as if one counter had seen both
 * streams, the later's requests cancelling the earlier's), so the count stays a lower bound.
 */
function mergeMajority(out: Float64Array, other: Float64Array): void {
  const mine = out[W.EST_ORG_COUNT] ?? 0;
  const theirs = other[W.EST_ORG_COUNT] ?? 0;
  if (out[W.EST_ORG_KEY] === other[W.EST_ORG_KEY]) out[W.EST_ORG_COUNT] = mine + theirs;
  else if (mine >= theirs) out[W.EST_ORG_COUNT] = mine - theirs;
  else {
    out[W.EST_ORG_COUNT] = theirs - mine;
    out[W.EST_ORG_KEY] = other[W.EST_ORG_KEY] ?? 0;
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

/**
 * `s`, refused unless it is a cluster's window: a shorter one (an account's) would leave the last
 * cluster's own fields in `out`.
 */
function clusterWindow(s: Float64Array): Float64Array {
  if (s.length !== W.SIZE) throw new RangeError('mergeWindows: a cluster window is W.SIZE long');
  return s;
}
