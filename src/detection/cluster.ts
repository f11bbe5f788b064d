/**
 * A cluster: the accounts behind one fingerprint (a template, a near duplicate, a system prompt, a
 * client build, an IP prefix, a timing signature…), with its pooled window and its risk. What
 * kind of link it is decides what its risk lends a member's score (LinkKind); its link risk is
 * held while it is flagged. The ClusterBook (cluster-book.ts) forms and scores them; the detector
 * (engine.ts) reads them on each request.
 */
import type { Family } from './detection-schema.ts';
import { endUserFactorName } from './end-user-scope.ts';
import { heldRisk, reachesWhole } from './risky-links.ts';
import { clusterName, type Factor } from './score.ts';
import { linearCount } from './sketch.ts';
import { newWindow, SKETCH, W } from './window-state.ts';
import { MINHASH_BANDS, PRINT, PRINT_KIND_NAMES } from '../signals/request-signals.ts';
import { hashString, kindOf } from '../signals/hash.ts';
import { round3 } from '../util/round3.ts';

/** A cluster at or above this risk has its fingerprints flagged. */
export const FLAG_RISK = 0.6;

/** What a cluster formed by one kind of fingerprint is, derived once when it forms. */
interface LinkKind {
  /** The kind's name, in logs (`cluster.link`, `cluster.risk.<name>`). */
  readonly name: string;
  /** How much of a content link's risk a link of this kind carries. */
  readonly weight: number;
  /**
   * Specific to one campaign: its templates' exact skeletons. Not MinHash bands (similar text
   * collides by design), system prompts or tool sets (shared by every user of an app), harvest
   * shapes (a customer using the same model at its maximum output shares one), frames, clients or
   * IP prefixes.
   */
  readonly specific: boolean;
  /**
   * Infrastructure (a shared client build or IP prefix): a weak link that never brings the
   * cluster's pooled families — sharing a NAT or an SDK with a hydra says little about an account.
   */
  readonly infra: boolean;
  /**
   * Its pooled families lend only those the request itself shows (compose), as at the end-user
   * scope: an app's system prompt or tool set, which every user of the app sends alike (its pooled
   * window is all the app's users'), and timing links, which say that accounts act together, not
   * what each of them asks (clock-aligned jobs — cron, uptime checks — share ticks with whatever
   * else runs on the same schedule).
   */
  readonly shownOnly: boolean;
  /** An app's system prompt or tool set, shared by every user of the app: never flagged (flagIfRisky). */
  readonly app: boolean;
  /**
   * The link judges an end user's own content (the turn, its near duplicates, its frames, the
   * harvest shape): not the system prompt or tool set (the app's, shared by all its users) nor
   * infrastructure (the platform's own backends and SDK).
   */
  readonly endUser: boolean;
  /** A harvest shape: made of the request's harvesting parameters (end-user-scope requestShows). */
  readonly shape: boolean;
  /**
   * Made of the turn's own text (exact skeleton, head, tail, near duplicate, function-word
   * frames): the cluster's top template and resent prompts are then the link itself, not
   * behaviour (behaviourFactors).
   */
  readonly text: boolean;
}

/** The kind of link a cluster formed by a fingerprint of `kind` (PRINT) is. */
function linkKind(kind: number): LinkKind {
  const infra = kind === PRINT.client || kind === PRINT.ipPrefix;
  const frame = kind === PRINT.frameHead || kind === PRINT.frameTail;
  const app = kind === PRINT.system || kind === PRINT.tools;
  const timing = kind === PRINT.timing;
  return {
    name: PRINT_KIND_NAMES[kind] ?? 'unknown',
    // Frames: natural prose shares some. Shapes: specific to a tool, but a customer may match.
    // Timing: above infrastructure (THREATS S8), but chance meets some accounts too.
    weight: infra ? 0.35 : frame || timing ? 0.7 : kind === PRINT.shape ? 0.8 : 1,
    specific: kind === PRINT.skeleton || kind === PRINT.head || kind === PRINT.tail,
    infra,
    shownOnly: app || timing,
    app,
    endUser: !infra && !app && !timing,
    shape: kind === PRINT.shape,
    text:
      kind === PRINT.skeleton ||
      kind === PRINT.head ||
      kind === PRINT.tail ||
      frame ||
      (kind >= PRINT.band && kind < PRINT.band + MINHASH_BANDS),
  };
}

export interface Cluster {
  readonly id: number;
  /** The fingerprint that formed it (its only key in the index). */
  readonly key: number;
  /** Stable, logged id: the forming fingerprint in hex. */
  readonly name: string;
  /** Its name's hash (keys per-account state about it without reusing a freed id). */
  readonly hash: number;
  readonly link: LinkKind;
  /** The factor name of a link to it, precomputed (no string building per request). */
  readonly signal: string;
  /** The same at the end-user scope (`end_user.cluster.risk.<link>`). */
  readonly endUserSignal: string;
  readonly window: Float64Array;
  /** Bitmap (lo, hi) of the accounts that used its fingerprint before it formed (index sketch). */
  readonly before: readonly [number, number];
  /** An established customer was among them: no cold start (provenance.ts, coldStartSize). */
  readonly establishedBefore: boolean;
  /**
   * Its link risk: its own, or for an exact template the larger of its own and its campaign
   * component's (times its link weight; applyComponent).
   */
  risk: number;
  /** Families behind `risk`: its pooled window's (beyond 'cluster' itself) or its component's. */
  families: readonly Family[];
  /** What its own pooled window scores, and the families that fired there. */
  ownRisk: number;
  ownFamilies: readonly Family[];
  /** The risk and families of the campaign component it is part of (0, none: in none). */
  componentRisk: number;
  componentFamilies: readonly Family[];
  /**
   * Formed by the turn's own text, under GENERIC_FROM of its members established customers
   * and not one org's cohort: it may join a component (components.ts). Set when it is scored.
   */
  joinable: boolean;
  /**
   * A campaign's exact template (its link is specific) that is not common phrasing (commonPhrase):
   * a flagged cluster's risk reaches an account whole, lends its provenance, and a block rule may
   * remember it. Set when it is scored.
   */
  specific: boolean;
  /**
   * Up to SAMPLE_SIZE of its members (text links only), by account key, with their hashes: who
   * may bridge it to other clusters. Keys, not the accounts' state: a cluster must not keep an
   * evicted account's windows alive.
   */
  sample: (string | number | undefined)[] | undefined;
  sampleHashes: number[] | undefined;
  /**
   * The org whose cohort it is (cohortOf; its hash, 0: none) as of its last refresh, and the
   * factor that logs that org's share of its requests (its accounts take the rest:
   * cohortRemainder); undefined when it is no org's cohort.
   */
  cohortOrg: number;
  cohortFactor: Factor | undefined;
  /** The leading org's distinct accounts in it so far (countCohortMember), on this replica. */
  cohortLead: number;
  cohortFirst: number;
  cohortSecond: number;
  cohortSeen: number;
  /** Distinct accounts (estimate, as of the last refresh) and its factor, shared by scores. */
  members: number;
  accountsFactor: Factor;
  /** Risk held while flagged, and until when (ms since epoch; 0: not flagged). */
  flaggedRisk: number;
  flaggedUntil: number;
  touched: boolean;
}

export interface ClusterView {
  readonly id: string;
  readonly link: string;
  readonly accounts: number;
  readonly requests: number;
  readonly risk: number;
  readonly flagged: boolean;
  /** Until when its fingerprints stay flagged (ms since epoch), or null. */
  readonly flaggedUntil: number | null;
  /** Linked by a campaign's exact template (see ClusterRef.specific). */
  readonly specific: boolean;
  readonly families: readonly Family[];
  /** What its own pooled window scores (before any flag's hold). */
  readonly ownRisk: number;
  /** The risk of the campaign component it is part of (components.ts), or null: in none. */
  readonly componentRisk: number | null;
  /**
   * The share of its requests from the org whose cohort it is (its accounts take only the rest:
   * cohortRemainder), or null: no org's cohort.
   */
  readonly cohortShare: number | null;
}

/** Distinct members of a cluster's window together with the accounts from before it formed. */
export function membersSinceBefore(cluster: Cluster, window: Float64Array): number {
  const base = W.SKETCH + SKETCH.member * 4;
  return linearCount(
    ((window[base] ?? 0) | (window[base + 2] ?? 0) | cluster.before[0]) >>> 0,
    ((window[base + 1] ?? 0) | (window[base + 3] ?? 0) | cluster.before[1]) >>> 0,
  );
}

/** A cluster as reviewers and the admin API see it. */
export function viewOf(cluster: Cluster, now: number): ClusterView {
  const flagged = cluster.flaggedUntil > now;
  return {
    id: cluster.name,
    link: cluster.link.name,
    accounts: cluster.members,
    requests: Math.round(cluster.window[W.N] ?? 0),
    risk: round3(linkRisk(cluster, now)),
    flagged,
    flaggedUntil: flagged ? cluster.flaggedUntil : null,
    specific: cluster.specific,
    families: cluster.families,
    ownRisk: round3(cluster.ownRisk),
    componentRisk: cluster.componentRisk > 0 ? round3(cluster.componentRisk) : null,
    cohortShare: cluster.cohortFactor?.value ?? null,
  };
}

/** Windows without a request after which a cluster is idle (scoreClusters rescores it). */
const IDLE_WINDOWS = 2;

/**
 * Whether no request has reached a cluster for IDLE_WINDOWS windows: its window's last request
 * (W.REQUEST_AT, from its forming on), not its last advance, which a response's settling moves too.
 */
export function idle(cluster: Cluster, now: number, span: number): boolean {
  return now - (cluster.window[W.REQUEST_AT] ?? now) >= IDLE_WINDOWS * span;
}

/** A cluster's current link risk (heldRisk, as the table of risky links computes it). */
export function linkRisk(cluster: Cluster, now: number): number {
  return heldRisk(cluster.risk, cluster.flaggedRisk, cluster.flaggedUntil, now);
}

/** `full` (the cluster's link risk) as it reaches an account: whole or its `transfer` share. */
export function transferredRisk(
  cluster: Cluster,
  now: number,
  full: number,
  transfer: number,
): number {
  return reachesWhole(cluster.specific, cluster.flaggedUntil, now) ? full : full * transfer;
}
/**
 * A cluster newly formed by the fingerprint `key`: not yet scored (the first scoring, provisional
 * or batch, counts its members). `before`: the index's sketch of the accounts that used the key
 * before it formed (two epochs of two words each); `establishedBefore`: whether any of them was
 * an established customer.
 */
export function newCluster(
  id: number,
  key: number,
  now: number,
  before: Float64Array,
  establishedBefore: boolean,
): Cluster {
  const name = clusterName(key);
  const link = linkKind(kindOf(key));
  return {
    id,
    key,
    name,
    hash: hashString(name),
    link,
    signal: `cluster.risk.${link.name}`,
    endUserSignal: endUserFactorName(`cluster.risk.${link.name}`),
    window: newWindow(now),
    before: [
      ((before[0] ?? 0) | (before[2] ?? 0)) >>> 0,
      ((before[1] ?? 0) | (before[3] ?? 0)) >>> 0,
    ],
    establishedBefore,
    risk: 0,
    members: 0,
    accountsFactor: { signal: 'cluster.accounts', value: 0, contribution: 0 },
    families: [],
    ownRisk: 0,
    ownFamilies: [],
    componentRisk: 0,
    componentFamilies: [],
    joinable: false,
    cohortOrg: 0,
    cohortFactor: undefined,
    cohortLead: 0,
    cohortFirst: 0,
    cohortSecond: 0,
    cohortSeen: 0,
    specific: link.specific,
    sample: undefined,
    sampleHashes: undefined,
    flaggedRisk: 0,
    flaggedUntil: 0,
    touched: true,
  };
}
