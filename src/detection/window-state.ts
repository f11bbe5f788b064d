/**
 * Sliding-window aggregates in one Float64Array, shared by accounts and by clusters (a cluster's
 * window pools the requests of all its members; an account's is the first ACCOUNT_SIZE fields of
 * the layout, a cluster's has its own after them). Updated in O(1) per request with bounded memory
 * whatever the traffic:
 *  - counters decay exponentially with the window as time constant (an EWMA count of a steady
 *    rate r is r × window), so "requests in the window" needs no per-request history;
 *  - distinct counts (tool sets, IP prefixes, clients, end users, members) are
 *    64-bit linear-counting bitmaps in two tumbling epochs of one window, read as their union;
 *  - the largest template share is a 4-entry Space-Saving summary, the largest org's share of a
 *    cluster's requests from accounts that are not established customers a 2-entry one, and the
 *    org that leads its established customers' requests a majority counter;
 *  - resent prompts are found in a ring of the last 8 exact prompt hashes;
 *  - hours active is a 32-slot bitmap over the window.
 * The distinct counts are sketch.ts's; reading and counting a cluster's orgs, window-orgs.ts.
 */
import { addToSketch, countSketch, popcount, rollSketch } from './sketch.ts';

export const W = Object.freeze({
  LAST: 0,
  N: 1,
  IN_TOKENS: 2,
  OUT_TOKENS: 3,
  ELICIT: 4,
  GRADE: 5,
  MAX_TOKENS: 6,
  MULTI: 7,
  RESENT: 8,
  NEW_MODEL: 9,
  CAP: 10, // 10..15, one per capability tag
  TOOL_REQUESTS: 16,
  GAP_N: 17,
  GAP_SUM: 18,
  GAP_SQ: 19,
  FLAGGED: 20,
  OUT_REQUESTS: 21,
  TOP_COUNT: 22, // 22..25
  // not decayed from here to YOUNG
  TOP_KEY: 26, // 26..29
  RING: 30, // 30..37
  RING_POS: 38,
  SLOT_BASE: 39,
  SLOTS: 40,
  EPOCH: 41,
  FIRST: 42,
  // The last request's time: what the next request's gap is measured from. Not LAST, which any
  // advance moves (a response's output tokens, a cluster's refresh) — gaps between requests.
  REQUEST_AT: 43,
  CLUSTER_RISK: 44,
  CLUSTER_AT: 45,
  SKETCH: 46, // 6 sketches × (cur lo, cur hi, prev lo, prev hi): 46..69; an account's, 46..61
  // A cluster's only, from its last two sketches on (ACCOUNT_SIZE): its members' provenance and
  // orgs; decayed again from YOUNG to ORG_KEY (CLUSTER_DECAYED, CLUSTER_DECAYED_END).
  YOUNG: 70,
  UNVERIFIED: 71,
  PROGRAMME: 72,
  ESTABLISHED: 73, // its requests from established customers (topOrgShare)
  ORG_COUNT: 74, // 74..75 (its requests per org, orgAdd)
  ORG_ERROR: 76, // 76..77 (what each org entry inherited when it took its slot)
  EST_ORG_COUNT: 78, // the established customers' leading org's count (establishedOrgAdd)
  // not decayed below
  ORG_KEY: 79, // 79..80
  EST_ORG_KEY: 81,
  SIZE: 82,
});

/**
 * The layout of W, versioned: windows are shared between replicas (cluster evidence through
 * Redis, keyed by it), and replicas on different layouts must not read each other's windows.
 * 2: the org sketch and the no-org count replaced by an org summary (ORG_COUNT, ORG_ERROR,
 * ORG_KEY).
 * 3: ESTABLISHED, and the org summary counts only the requests of accounts that are not
 * established customers (topOrgShare).
 * 4: the established customers' leading org (EST_ORG_COUNT, EST_ORG_KEY), so that an org's
 * own established accounts count toward its cohort (cohortOrgKey).
 * 5: a cluster's own fields (members' provenance, orgs, member sketches) moved after the
 * fields an account's window has too (ACCOUNT_SIZE), so that accounts do not carry them.
 * 6: the distinct-skeletons sketch dropped (no factor read it; the largest template's share is
 * what the templates family reads).
 * 7: REQUEST_AT, the last request's time: gaps are measured between requests, not from the
 * window's last advance (which a response's settle and a cluster's refresh move too).
 */
export const WINDOW_LAYOUT = 7;

export const DECAYED_END: number = W.TOP_KEY;
/** A cluster's own decayed counters: [CLUSTER_DECAYED, CLUSTER_DECAYED_END). */
export const CLUSTER_DECAYED: number = W.YOUNG;
export const CLUSTER_DECAYED_END: number = W.ORG_KEY;
export const TOP_K = 4;
export const ORG_K = 2;
export const RING_SIZE = 8;
const SLOT_COUNT = 32;

export const SKETCH = Object.freeze({
  toolSet: 0,
  ipPrefix: 1,
  client: 2,
  endUser: 3,
  /** A cluster's members (a cluster's window only, as the next). */
  member: 4,
  /** Cluster members that are established customers (old, and verified or in an org). */
  established: 5,
});

export const SKETCH_COUNT = 6;
/** The sketches an account's window has (the first four; a cluster's has all SKETCH_COUNT). */
const ACCOUNT_SKETCHES = 4;

/**
 * Doubles of an account's (or end user's) window: the fields before a cluster's own, which its
 * two last sketches (members, established members) start. 62 of a cluster's 82: an account's
 * window is 496 bytes, not 656 (16 MB at 100,000 accounts).
 */
export const ACCOUNT_SIZE: number = W.SKETCH + ACCOUNT_SKETCHES * 4;

/** A cluster's window (W.SIZE doubles), or with `size` ACCOUNT_SIZE an account's. */
export function newWindow(now: number, size: number = W.SIZE): Float64Array {
  return resetWindow(new Float64Array(size), now);
}

/** Whether `s` is a cluster's window, with a cluster's own fields (not an account's). */
export function isClusterWindow(s: Float64Array): boolean {
  return s.length >= W.SIZE;
}

/** Empties `s` (a window of either size) into one that starts at `now`, as newWindow makes one. */
export function resetWindow(s: Float64Array, now: number): Float64Array {
  s.fill(0);
  s[W.LAST] = now;
  s[W.FIRST] = now;
  s[W.REQUEST_AT] = now; // no gap is counted before its first request (addRequestGap)
  s[W.SLOT_BASE] = -1;
  s[W.EPOCH] = -1;
  return s;
}

/**
 * Multiplies every decayed counter of `s` by `factor` — the shared ones, and a cluster's own when
 * `s` is a cluster's window: what decay does, and what a merged window's rescaling does.
 */
export function scaleDecayed(s: Float64Array, factor: number): void {
  for (let i = W.N; i < DECAYED_END; i++) s[i] = (s[i] ?? 0) * factor;
  if (isClusterWindow(s))
    for (let i = CLUSTER_DECAYED; i < CLUSTER_DECAYED_END; i++) s[i] = (s[i] ?? 0) * factor;
}

/** Brings the window to `now`: decays the counters and rolls the epochs and the active slots. */
export function advance(s: Float64Array, now: number, window: number): void {
  const last = s[W.LAST] ?? now;
  if (now > last) {
    scaleDecayed(s, Math.exp(-(now - last) / window));
    s[W.LAST] = now;
  }
  const epoch = Math.floor(now / window);
  const current = s[W.EPOCH] ?? -1;
  if (epoch !== current) {
    const sketches = isClusterWindow(s) ? SKETCH_COUNT : ACCOUNT_SKETCHES;
    for (let k = 0; k < sketches; k++) rollSketch(s, W.SKETCH + k * 4, epoch === current + 1);
    s[W.EPOCH] = epoch;
  }
}

/** The window's request count as `advance` would leave it at `now`, without advancing it. */
export function requestsAt(s: Float64Array, now: number, window: number): number {
  const n = s[W.N] ?? 0;
  const last = s[W.LAST] ?? now;
  return now > last ? n * Math.exp(-(now - last) / window) : n;
}

/** Marks the current slot (window / 32) active, shifting older slots out. */
export function markActive(s: Float64Array, now: number, window: number): void {
  const slot = Math.floor(now / (window / SLOT_COUNT));
  const base = s[W.SLOT_BASE] ?? -1;
  const bits = s[W.SLOTS] ?? 0;
  const shift = base < 0 ? SLOT_COUNT : slot - base;
  const shifted = shift >= SLOT_COUNT ? 0 : shift <= 0 ? bits : (bits << shift) >>> 0;
  s[W.SLOTS] = (shifted | 1) >>> 0;
  if (shift > 0) s[W.SLOT_BASE] = slot;
}

/** Share of the window's slots with activity (needs the window to have elapsed to mean much). */
export function activeShare(s: Float64Array, now: number, window: number): number {
  const slot = Math.floor(now / (window / SLOT_COUNT));
  const shift = slot - (s[W.SLOT_BASE] ?? -1);
  if (shift >= SLOT_COUNT) return 0;
  const bits = shift <= 0 ? (s[W.SLOTS] ?? 0) : ((s[W.SLOTS] ?? 0) << shift) >>> 0;
  return popcount(bits) / SLOT_COUNT;
}

/**
 * Counts a request at `now`: the gap since the window's previous request (none for its first, or
 * one decayed out of every counter) joins the gap statistics, and `now` becomes the last request.
 */
export function addRequestGap(s: Float64Array, now: number, window: number): void {
  const previous = s[W.REQUEST_AT] ?? now;
  if ((s[W.N] ?? 0) > 0) addGap(s, now - previous, window);
  if (now > previous) s[W.REQUEST_AT] = now;
}

export function addGap(s: Float64Array, gap: number, window: number): void {
  if (!Number.isFinite(gap) || gap < 0) return;
  const g = Math.min(gap, window) / 1000;
  s[W.GAP_N] = (s[W.GAP_N] ?? 0) + 1;
  s[W.GAP_SUM] = (s[W.GAP_SUM] ?? 0) + g;
  s[W.GAP_SQ] = (s[W.GAP_SQ] ?? 0) + g * g;
}

/** Coefficient of variation of the gaps between requests (NaN with too few). */
export function gapCv(s: Float64Array): number {
  const n = s[W.GAP_N] ?? 0;
  if (n < 4) return Number.NaN;
  const mean = (s[W.GAP_SUM] ?? 0) / n;
  if (mean <= 0) return 0;
  const variance = Math.max(0, (s[W.GAP_SQ] ?? 0) / n - mean * mean);
  return Math.sqrt(variance) / mean;
}

/** Adds a 32-bit hash to one of a window's sketches (SKETCH). */
export function sketchAdd(s: Float64Array, sketch: number, hash: number): void {
  addToSketch(s, W.SKETCH + sketch * 4, hash);
}

export function sketchCount(s: Float64Array, sketch: number): number {
  return countSketch(s, W.SKETCH + sketch * 4);
}

/** Space-Saving: counts `key` among the top templates; returns nothing (read with topShare). */
export function topAdd(s: Float64Array, key: number): void {
  spaceSavingAdd(s, W.TOP_COUNT, W.TOP_KEY, TOP_K, key);
}

/**
 * Space-Saving over `k` (count, key) entries at `counts` and `keys`. Returns the entry `key`
 * took over from another (its count then includes what it inherited), or -1.
 */
export function spaceSavingAdd(
  s: Float64Array,
  counts: number,
  keys: number,
  k: number,
  key: number,
): number {
  let smallest = counts;
  for (let i = 0; i < k; i++) {
    if (s[keys + i] === key) {
      s[counts + i] = (s[counts + i] ?? 0) + 1;
      return -1;
    }
    if ((s[counts + i] ?? 0) < (s[smallest] ?? 0)) smallest = counts + i;
  }
  // Replace the smallest entry, inheriting its count (Space-Saving's overestimate bound).
  s[smallest] = (s[smallest] ?? 0) + 1;
  s[keys + (smallest - counts)] = key;
  return smallest - counts;
}

/** Largest template's share of the window's requests. */
export function topShare(s: Float64Array): number {
  const n = s[W.N] ?? 0;
  if (n <= 0) return 0;
  let top = 0;
  for (let k = 0; k < TOP_K; k++) top = Math.max(top, s[W.TOP_COUNT + k] ?? 0);
  // Space-Saving overestimates by at most the smallest count: subtract it for a safe share.
  let least = Infinity;
  for (let k = 0; k < TOP_K; k++) least = Math.min(least, s[W.TOP_COUNT + k] ?? 0);
  return Math.max(0, Math.min(1, (top - least) / n));
}

/** True when `exact` is among the last RING_SIZE prompts; records it either way. */
export function seenRecently(s: Float64Array, exact: number): boolean {
  for (let k = 0; k < RING_SIZE; k++) if (s[W.RING + k] === exact) return true;
  const pos = s[W.RING_POS] ?? 0;
  s[W.RING + pos] = exact;
  s[W.RING_POS] = (pos + 1) % RING_SIZE;
  return false;
}
