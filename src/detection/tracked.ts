/**
 * An account's detection state as the detector (engine.ts) keeps it in its bounded recency map:
 * its window, what scoring reads of it (its own family activations, the cluster risk it inherits,
 * its scores composed ahead), unboxed in a slab, and its short list of recent cluster links. An
 * end user behind a platform's key has one too (end-user-scorer.ts).
 */
import type { Cluster } from './cluster.ts';
import { FLAG_RISK } from './cluster.ts';
import { FAMILIES } from './detection-schema.ts';
import { ramp } from './families.ts';
import type { LinkedScore } from './linked-score.ts';
import type { RecencyLinks } from './recency-map.ts';
import { ZERO_SCORE, type Factor, type Score } from './score.ts';
import type { Slab } from './slab.ts';
import { NO_TICK } from './timing.ts';
import { W } from './window-state.ts';

/** An account without factors (shared: most accounts' list until their window shows one). */
export const NO_FACTORS: readonly Factor[] = Object.freeze([]);

/** Slots of an account's state (`Tracked.states` from `Tracked.at`) after its own family activations (indexed like FAMILIES). */
const RISK = FAMILIES.length;
const RISK_AT = RISK + 1;
const SHARE = RISK + 2;
/**
 * Then its synchronised-timing state (timing.ts), unboxed with the rest: the ticks of its last
 * three bursts (oldest first; NO_TICK), their signature (0: none), and the timing cluster it
 * joined (the fingerprint its requests carry once its signature formed one; 0: none).
 */
export const TICK1 = SHARE + 1;
export const TICK2 = SHARE + 2;
export const TICK3 = SHARE + 3;
export const TIMING_KEY = SHARE + 4;
export const TIMING_GROUP = SHARE + 5;
/**
 * Then numbers that would each be a heap number of their own as a field (~16 B, with a pointer
 * to it: doubles and 32-bit hashes do not fit V8's small integers): when the factors were last
 * computed, the account's hash, its org's hash.
 */
const COMPUTED_AT = SHARE + 6;
const HASH = SHARE + 7;
const ORG = SHARE + 8;
export const STATE_SIZE = ORG + 1;

/**
 * An account's detection state. A class, so every instance has one shape, and what scoring reads
 * is held in its own fields: `score` touches this object and nothing else of the account (the
 * window's typed array lives in a separate allocation — one more cache miss per request).
 */
export class Tracked implements RecencyLinks<string | number, Tracked> {
  // What `score` reads comes first: V8 lays fields out in declaration order, and a request that
  // links to no risky cluster touches only these (the first cache line of the object).
  /**
   * The account names several end users (a platform or reseller, S9): its requests that name one
   * are also scored at the end user's scope (end-user-scope.ts).
   */
  platform = false;
  /** Its SHARE slot > 0: tells scoring whether to read the inherited risk at all (held in the object). */
  inherits = false;
  /**
   * The score of a request that links to no risky cluster and inherits no cluster risk, composed
   * with the factors (an account's only, not an end user's) under `ownWeights`: most requests'.
   */
  ownScore: Score = ZERO_SCORE;
  ownWeights: Float64Array | undefined = undefined;
  /** The score of a request linking to a risky cluster, composed ahead (prepareLinkedScore). */
  linkedScore: LinkedScore | undefined = undefined;
  /** Counts the recomputations of `factors` and the own activations (LinkedScore.holds). */
  version = 0;
  /**
   * What scoring reads of the account, computed when its last request was folded in (observe),
   * so that scoring the next one only adds the request's cluster links: its own family
   * activations (slots 0 to FAMILIES.length - 1), then the inherited cluster risk's inputs — the
   * strongest risk (RISK, decayed from RISK_AT) and the ramp of the share of traffic clusters
   * carried (SHARE), a ratio of two counters that decay alike, so it holds between requests.
   * STATE_SIZE unboxed doubles from `at` in `states`, a chunk of the detector's state slab
   * (slab.ts): a double held in an object field is a heap number of its own, and an array
   * of its own two more cache misses (the array, its elements) before the first one read.
   */
  readonly states: Float64Array;
  readonly at: number;
  /** Its place in the slab (given back when it is evicted). */
  readonly place: number;
  factors: readonly Factor[] = NO_FACTORS;
  /** Its key in its cache: the account id, or an end user's window key (endUserWindowKey). */
  readonly key: string | number;
  older: Tracked | undefined = undefined;
  newer: Tracked | undefined = undefined;
  /** The account handle it is hinted under (AccountHints), or -1. */
  handle = -1;
  /** Established (isEstablished) as of its latest request: it never bridges clusters. */
  established = false;
  readonly window: Float64Array;
  /** Requests folded in since the factors were computed (when: computedAt). */
  pending = 0;
  /** The clusters its requests linked to lately, newest first (allocated at the first link). */
  clusters: Cluster[] | undefined = undefined;

  /** `place`: its place in `slab`, whose previous holder's state it overwrites whole. */
  constructor(
    key: string | number,
    window: Float64Array,
    slab: Slab,
    place: number,
    hash: number,
    now: number,
  ) {
    this.key = key;
    this.window = window;
    this.place = place;
    const states = slab.chunkOf(place);
    const at = slab.offsetOf(place);
    this.states = states;
    this.at = at;
    states.fill(0, at, at + STATE_SIZE);
    states[at + HASH] = hash;
    states[at + COMPUTED_AT] = now;
    states[at + RISK_AT] = now;
    states[at + TICK1] = NO_TICK;
    states[at + TICK2] = NO_TICK;
    states[at + TICK3] = NO_TICK;
  }

  /** Its key's hash (an end user's: its window key), as clusters count their members. */
  get hash(): number {
    return this.states[this.at + HASH] ?? 0;
  }

  /** When its factors were last computed (ms since epoch). */
  get computedAt(): number {
    return this.states[this.at + COMPUTED_AT] ?? 0;
  }

  set computedAt(at: number) {
    this.states[this.at + COMPUTED_AT] = at;
  }

  /** Its org's hash (0: in no org), as of its last observed request (cohortRemainder). */
  get org(): number {
    return this.states[this.at + ORG] ?? 0;
  }

  set org(hash: number) {
    this.states[this.at + ORG] = hash;
  }

  /** Its own activation of family `f` (FAMILIES' order), as its last request left it. */
  activation(f: number): number {
    return this.states[this.at + f] ?? 0;
  }

  /** The ramped share of its traffic that risky clusters carried (what its risk is inherited by). */
  get clusterShare(): number {
    return this.states[this.at + SHARE] ?? 0;
  }

  /** Its clusters' strongest risk, decayed to `now` (before its share: inheritedRisk). */
  clusterRisk(now: number, window: number): number {
    const states = this.states;
    const at = this.at;
    return (states[at + RISK] ?? 0) * Math.exp(-(now - (states[at + RISK_AT] ?? now)) / window);
  }

  /** The cluster risk its next request inherits at `now`: its clusters' decayed, by its share. */
  inheritedRisk(now: number, window: number): number {
    return this.inherits ? this.clusterRisk(now, window) * this.clusterShare : 0;
  }
}

/** Clusters remembered per account for the admin API. */
const LINKS_KEPT = 4;

/**
 * Moves the cluster to the front of the account's short list of recent links, in place (observe
 * runs for every request: no allocation once the list holds LINKS_KEPT). While it is shorter, a
 * new cluster makes a copy one longer, of exactly that length: `push` would give every linked
 * account's list room for 17 (~130 B more an account, 13 MB at 100,000).
 */
export function rememberLink(tracked: Tracked, cluster: Cluster): void {
  const links = tracked.clusters;
  if (links === undefined) {
    tracked.clusters = [cluster];
    return;
  }
  if (links[0] === cluster) return;
  let at = links.indexOf(cluster);
  if (at < 0) {
    if (links.length < LINKS_KEPT) {
      const longer = new Array<Cluster>(links.length + 1);
      longer[0] = cluster;
      for (let i = 0; i < links.length; i++) longer[i + 1] = links[i] as Cluster;
      tracked.clusters = longer;
      return;
    }
    at = links.length - 1;
  }
  for (let i = at; i > 0; i--) links[i] = links[i - 1] as Cluster;
  links[0] = cluster;
}

/**
 * How much of an account's (or end user's) traffic flagged clusters are, and their strongest
 * risk: what its later requests inherit.
 */
export function foldClusterRisk(
  tracked: Tracked,
  requestRisk: number,
  now: number,
  window: number,
): void {
  const s = tracked.window;
  if (requestRisk >= FLAG_RISK / 2) s[W.FLAGGED] = (s[W.FLAGGED] ?? 0) + 1;
  s[W.CLUSTER_RISK] = Math.max(decayedClusterRisk(s, now, window), requestRisk);
  s[W.CLUSTER_AT] = now;
  const states = tracked.states;
  const at = tracked.at;
  states[at + RISK] = s[W.CLUSTER_RISK] ?? 0;
  states[at + RISK_AT] = now;
  const share = ramp((s[W.FLAGGED] ?? 0) / Math.max(1, s[W.N] ?? 0), 0.25, 0.6);
  states[at + SHARE] = share;
  tracked.inherits = share > 0;
}

/** The strongest cluster risk an account's requests carried, decayed to `now`. */
export function decayedClusterRisk(s: Float64Array, now: number, window: number): number {
  return (s[W.CLUSTER_RISK] ?? 0) * Math.exp(-(now - (s[W.CLUSTER_AT] ?? now)) / window);
}
