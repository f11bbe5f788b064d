/**
 * The detector: per-account windows in a bounded recency map, the cross-account fingerprint index and the
 * clusters it forms, and the score of each request. The decision path only reads process memory:
 * `score` takes the account's factors cached when its previous request was folded in, and the
 * risk of the clusters the request's fingerprints belong to. `observe`, once the decision is
 * carried out, updates the account's and its clusters' windows in O(1). `refresh`, on a timer
 * off the request path, does the heavy work in one batch — scoring every active cluster, flagging
 * the fingerprints of high-risk ones (they stay flagged for `flag_ttl` after the accounts that
 * sent them are gone) and compacting the index. Time is always passed in.
 */
import type { Account } from '../account/account.ts';
import type { TierBaseline } from '../account/accounts-schema.ts';
import type { Usage } from '../dialects/dialect.ts';
import {
  MINHASH_BANDS,
  PRINT,
  PRINT_KIND_NAMES,
  type RequestSignals,
} from '../signals/request-signals.ts';
import { hashString, kindOf } from '../signals/hash.ts';
import type { RequestFacts } from '../signals/request-facts.ts';
import { FAMILIES, type Family } from './detection-schema.ts';
import type { DetectionSettings } from './detection-settings.ts';
import {
  ABUSED_PROGRAMMES,
  accountProvenance,
  AGE_FACTOR,
  ageActivation,
  behaviourFactors,
  platformApp,
  clusterCoordination,
  combine,
  familiesOf,
  FAMILY_INDEX,
  FamilyScores,
  GENERIC_FROM,
  GENERIC_FULL,
  oneOrg,
  ORG_FLOOR,
  ramp,
  showsHarvesting,
  YOUNG_DAYS,
  type Combined,
  type WindowContext,
} from './families.ts';
import type { ClusterEvidence } from './cluster-evidence.ts';
import { Slab } from './slab.ts';
import { WindowSlab } from './window-slab.ts';
import { Components } from './components.ts';
import {
  END_USER_SCORE,
  endUserFactorName,
  endUserWindowKey,
  KEY_CLUSTER_END_USERS,
  KEY_END_USERS_FACTOR,
  KeyClusterEndUsers,
  PLATFORM_END_USERS,
  REQUEST_FAMILY_FACTORS,
  requestShows,
  shownFamilies,
} from './end-user-scope.ts';
import { AccountHints } from './account-hints.ts';
import { FingerprintIndex, GROUP_MIN_ACCOUNTS, MAX_LOAD } from './fingerprint-index.ts';
import { KeyFilter } from './key-filter.ts';
import { NO_TICK, timingKey } from './timing.ts';
import { mergeWindows } from './merge-windows.ts';
import { RecencyMap, type RecencyLinks } from './recency-map.ts';
import {
  heldRisk,
  LENDS_ALL,
  LENDS_NONE,
  LENDS_SHOWN,
  LINK_END_USER,
  LINK_SHAPE,
  LINK_SHOWN_ONLY,
  LINK_SPECIFIC,
  reachesWhole,
  RiskyLinks,
} from './risky-links.ts';
import {
  ZERO_SCORE,
  clusterName,
  type Activation,
  type Factor,
  type Observed,
  type Score,
  type Scorer,
} from './score.ts';
import {
  ACCOUNT_SIZE,
  addRequestGap,
  advance,
  cohortOrgKey,
  cohortShare,
  establishedOrgAdd,
  leadingOrgKey,
  linearCount,
  markActive,
  newWindow,
  orgAdd,
  requestsAt,
  scaleDecayed,
  seenRecently,
  SKETCH,
  sketchAdd,
  sketchCount,
  topAdd,
  W,
} from './window-state.ts';
import { round3 } from '../util/round3.ts';

/** Without two families firing, a score stays at or below this (THREATS.md guardrail). */
export const SINGLE_FAMILY_CAP = 0.45;
/** A cluster at or above this risk has its fingerprints flagged. */
export const FLAG_RISK = 0.6;
/**
 * An established account — old, and verified or part of an org — that shares a fingerprint with
 * a cluster of made-up accounts takes this much of the cluster's risk on that request: sharing a
 * phrase with a hydra is weaker evidence against it than against a week-old anonymous account.
 * Age alone is no standing: 0.8 for accounts 90 days old, unverified and in no org, was measured
 * and dropped (loadtest/DETECTION.md, stop 44). A campaign's flagged exact template reaches every
 * account whole (linksOf).
 */
const ESTABLISHED_TRANSFER = 0.6;
const ESTABLISHED_DAYS = 90;
/** Accounts of one org inside a cluster, lately, that make it the org's cohort (cohortOf). */
const COHORT_ACCOUNTS = 3;
const MAX_GROUPS = 16_384;
/**
 * Below this many members a cluster is rescored as each account joins (scoreProvisionally): the
 * coordination ramp saturates at 8 members (families.ts), so past it the batch's pace is enough.
 */
const PROVISIONAL_MEMBERS = 8;
/** Bits of the filter of risky clusters' fingerprints (16 KiB; at most MAX_GROUPS keys). */
const RISKY_FILTER_BITS = 1 << 17;
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

const PIVOT = FAMILY_INDEX.pivot;
const CLUSTER = FAMILY_INDEX.cluster;
const PROVENANCE = FAMILY_INDEX.provenance;

const NO_FACTORS: readonly Factor[] = Object.freeze([]);

/** Slots of an account's state (`Tracked.states` from `Tracked.at`) after its own family activations (indexed like FAMILIES). */
const RISK = FAMILIES.length;
const RISK_AT = RISK + 1;
const SHARE = RISK + 2;
/**
 * Then its synchronised-timing state (timing.ts), unboxed with the rest: the ticks of its last
 * three bursts (oldest first; NO_TICK), their signature (0: none), and the timing cluster it
 * joined (the fingerprint its requests carry once its signature formed one; 0: none).
 */
const TICK1 = SHARE + 1;
const TICK2 = SHARE + 2;
const TICK3 = SHARE + 3;
const TIMING_KEY = SHARE + 4;
const TIMING_GROUP = SHARE + 5;
/**
 * Then numbers that would each be a heap number of their own as a field (~16 B, with a pointer
 * to it: doubles and 32-bit hashes do not fit V8's small integers): when the factors were last
 * computed, the account's hash, its org's hash.
 */
const COMPUTED_AT = SHARE + 6;
const HASH = SHARE + 7;
const ORG = SHARE + 8;
const STATE_SIZE = ORG + 1;

/**
 * An account's detection state. A class, so every instance has one shape, and what scoring reads
 * is held in its own fields: `score` touches this object and nothing else of the account (the
 * window's typed array lives in a separate allocation — one more cache miss per request).
 */
class Tracked implements RecencyLinks<string | number, Tracked> {
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

  /** The cluster risk its next request inherits at `now`: its clusters' decayed, by its share. */
  inheritedRisk(now: number, window: number): number {
    if (!this.inherits) return 0;
    const states = this.states;
    const at = this.at;
    return (
      (states[at + RISK] ?? 0) *
      Math.exp(-(now - (states[at + RISK_AT] ?? now)) / window) *
      (states[at + SHARE] ?? 0)
    );
  }
}

/**
 * A score composed ahead for a request that links to `cluster` at `risk`, with what compose read
 * to make it: it holds for a later request while each of those is the same. Cluster objects are
 * replaced, never reused, when an id is freed; their families and accounts factor are replaced
 * whenever they change (familiesOf's lists are shared per set), never changed in place.
 */
class LinkedScore {
  readonly score: Score;
  private readonly version: number;
  private readonly weights: Float64Array;
  private readonly cluster: Cluster | undefined;
  private readonly risk: number;
  private readonly families: readonly Family[] | undefined;
  private readonly accountsFactor: Factor | undefined;
  private readonly cohortFactor: Factor | undefined;
  private readonly members: number;
  private readonly flagged: boolean;
  private readonly specific: boolean;
  /** The families the request showed (compose's `shown`), read only through a `shownOnly` link. */
  private readonly shown: number;

  constructor(
    score: Score,
    tracked: Tracked,
    cluster: Cluster | undefined,
    risk: number,
    flagged: boolean,
    weights: Float64Array,
    shown: number,
  ) {
    this.score = score;
    this.version = tracked.version;
    this.weights = weights;
    this.cluster = cluster;
    this.risk = risk;
    this.families = cluster?.families;
    this.accountsFactor = cluster?.accountsFactor;
    this.cohortFactor = cluster?.cohortFactor;
    this.members = cluster?.members ?? 0;
    this.flagged = cluster !== undefined && flagged;
    this.specific = cluster?.specific === true;
    this.shown = shown;
  }

  /**
   * Whether compose would make this score for `tracked`'s request linking to `cluster`, flagged
   * or not at the request's time (`flagged`).
   */
  holds(
    tracked: Tracked,
    cluster: Cluster | undefined,
    risk: number,
    flagged: boolean,
    weights: Float64Array,
    shown: number,
  ): boolean {
    return (
      this.risk === risk &&
      this.cluster === cluster &&
      this.version === tracked.version &&
      this.weights === weights &&
      (cluster === undefined ||
        (this.families === cluster.families &&
          this.accountsFactor === cluster.accountsFactor &&
          this.cohortFactor === cluster.cohortFactor &&
          this.members === cluster.members &&
          this.flagged === flagged &&
          this.specific === cluster.specific &&
          (!cluster.link.shownOnly || this.shown === shown)))
    );
  }
}

/** What linksOf found of a request's links to risky clusters (one scratch object). */
interface RequestLinks {
  /** The strongest link of each lending class (risky-links.ts LENDS_*): risk, cluster id (-1). */
  readonly lendRisk: Float64Array;
  readonly lendId: Int32Array;
  /** The tie-break between equally risky links of a class: exact template first, then members. */
  readonly lendRank: Float64Array;
  /** Whether that link's cluster is flagged (1) at the request's time (RiskyLinks.flagged). */
  readonly lendFlagged: Uint8Array;
  /** The riskiest link that judges an end user's content: risk (whole), cluster id (-1). */
  userRisk: number;
  userId: number;
  /** The riskiest such link that is not a harvest shape (the same as above when that is one). */
  userTextRisk: number;
  userTextId: number;
  /** The class of link composeLinked chose (LENDS_*; -1: none). */
  chosen: number;
  /** The families the request shows itself (shownFamilies), when a shown-only link may read them. */
  shown: number;
}

interface Cluster {
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
  /** An established customer was among them: no cold start (families.ts, coldStartSize). */
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

/** An account's detection state, for the admin API (read-only, off the request path). */
export interface AccountRiskView {
  /** Requests in its window (a decayed count). */
  readonly requests: number;
  /** The score its next request would start from: own families plus inherited cluster risk. */
  readonly score: Score;
  /** When its own factors were last computed (ms since epoch). */
  readonly computedAt: number;
  /** Share of its traffic linked to clusters (ramped), and their strongest risk, decayed to now. */
  readonly clusterShare: number;
  readonly clusterRisk: number;
  /** Clusters its requests linked to lately (still tracked), newest first. */
  readonly clusters: readonly ClusterView[];
}

/** A refresh under way (see Detector.startRefresh); opaque to its callers. */
export interface RefreshRun {
  /** The next cluster id to look at. */
  cursor: number;
  /** Windows of the clusters scored, published to the other replicas at the end of scoring. */
  shared: [string, Float64Array][];
  phase: 'clusters' | 'components' | 'compact-check' | 'compact' | 'done';
  /** Clusters whose keys compaction dropped, freed when it ends. */
  released: Set<number> | undefined;
  /** The second, harder compaction (index still crowded) has been started. */
  crowded: boolean;
  /** The components step's groups of cluster ids, and the clusters placed so far. */
  groups?: number[][] | undefined;
  joined?: Set<Cluster> | undefined;
}

const NEVER_PAUSE = (): boolean => false;
/** Clusters scored between two questions to `pause` (each takes ~1–20 µs). */
const CLUSTERS_PER_PAUSE_CHECK = 32;
/** Components scored between two questions to `pause` (each merges its clusters' windows). */
const COMPONENTS_PER_PAUSE_CHECK = 4;
/** Index slots moved per compaction step (each takes well under a microsecond). */
const COMPACT_SLOTS = 2_048;

/** Clusters remembered per account for the admin API. */
const LINKS_KEPT = 4;

export interface DetectorStats {
  readonly accounts: number;
  readonly fingerprints: number;
  readonly refusedFingerprints: number;
  readonly clusters: number;
  readonly flaggedClusters: number;
  /** (Platform account, end user) windows tracked. */
  readonly endUsers: number;
  /** Accounts' windows carved (held by tracked accounts, or given back by evicted ones). */
  readonly accountWindows: number;
  /** Accounts' state places carved (slab.ts; held, or given back by evicted accounts). */
  readonly accountStates: number;
  /** Factor objects shared by value (families.ts SharedFactors). */
  readonly sharedFactors: number;
}

export class Detector implements Scorer {
  private settings: DetectionSettings;
  private baselines: Readonly<Record<string, TierBaseline>>;
  private readonly accounts: RecencyMap<string | number, Tracked>;
  /** The accounts' state by handle, as their last requests left it (a checked hint). */
  private readonly hints = new AccountHints<Tracked>();
  /** Where accounts' windows are carved from (window-slab.ts); end users' and clusters' are not. */
  private readonly windows = new WindowSlab();
  /** Where accounts' scoring state is carved from (slab.ts). */
  private readonly states = new Slab(STATE_SIZE);
  /** The same for end users' (their own slab, created with the first). */
  private endUserStates: Slab | undefined;
  /** Windows per (platform account, end user), created with a platform's first end user. */
  private endUsers: RecencyMap<string | number, Tracked> | undefined;
  /** End users of each platform account linked to each flagged cluster. */
  private keyClusters: KeyClusterEndUsers | undefined;
  private readonly index: FingerprintIndex;
  private readonly clusters: (Cluster | undefined)[] = [];
  private readonly freeClusters: number[] = [];
  /**
   * The fingerprints of clusters whose link risk may be above 0, rebuilt by each refresh (only
   * a refresh changes a cluster's risk): scoring skips the others without looking them up.
   */
  private readonly riskyKeys = new KeyFilter(RISKY_FILTER_BITS);
  /**
   * What scoring reads of those clusters, by fingerprint: id, risk and flag, one cache line each
   * (risky-links.ts). Exact, unlike the filter: written whenever a cluster's risk or flag changes.
   */
  private readonly riskyLinks = new RiskyLinks(MAX_GROUPS);
  private readonly scores = new FamilyScores();
  private readonly slots = new Int32Array(16);
  private readonly keys = new Float64Array(16);
  /** Scratch: the family activations of the request being scored. */
  private readonly activation = new Float64Array(FAMILIES.length);
  private readonly combined: Combined = { value: 0, fired: 0, mask: 0 };
  /** activateEndUser's scratch: the key's end users linked to the cluster behind the risk. */
  private keyUsers = 0;
  /** activateEndUser's scratch: that cluster's families the request shows (bits, FAMILIES). */
  private shownByRequest = 0;
  private readonly found: RequestLinks = {
    lendRisk: new Float64Array(LENDS_ALL + 1),
    lendId: new Int32Array(LENDS_ALL + 1),
    lendRank: new Float64Array(LENDS_ALL + 1),
    lendFlagged: new Uint8Array(LENDS_ALL + 1),
    userRisk: 0,
    userId: -1,
    userTextRisk: 0,
    userTextId: -1,
    chosen: -1,
    shown: 0,
  };
  private lastCompact = 0;
  /**
   * The forming fingerprints of clusters that a campaign's exact template formed but that are
   * common phrasing now (commonPhrase): a content block remembered of one while it looked like the
   * campaign's own no longer applies (isCommonPhrase). At most one per tracked cluster.
   */
  private readonly commonKeys = new Set<number>();
  /** Other replicas' cluster windows (store: redis), pooled with ours when clusters are scored. */
  private evidence: ClusterEvidence | undefined;
  private readonly pooled = new Float64Array(W.SIZE);
  private readonly scratch = new Float64Array(W.SIZE);
  private readonly seedScratch = new Float64Array(4);
  private readonly components = new Components();
  /** The clusters the last components step placed in a component. */
  private joined = new Set<Cluster>();

  constructor(settings: DetectionSettings, baselines: Readonly<Record<string, TierBaseline>>) {
    this.settings = settings;
    this.baselines = baselines;
    this.accounts = new RecencyMap(settings.maxAccounts);
    this.index = new FingerprintIndex(settings.maxFingerprints);
    this.index.onDropGroup = (group) => {
      const cluster = this.clusters[group];
      if (cluster !== undefined) this.unlinkRisky(cluster);
    };
  }

  /**
   * The account's state, found through its handle's hint when that holds (the entry held under
   * the handle is the account's), else by its id.
   */
  private trackedOf(account: Account): Tracked | undefined {
    const handle = account.handle;
    if (handle !== undefined) {
      const hinted = this.hints.get(handle);
      if (hinted !== undefined && hinted.key === account.id) return hinted;
    }
    return this.accounts.peek(account.id);
  }

  /** Shares cluster evidence with the other replicas (store: redis). */
  shareEvidence(evidence: ClusterEvidence): void {
    this.evidence = evidence;
  }

  /** A reloaded config: windows and weights change in place; tracked state is kept. */
  reconfigure(
    settings: DetectionSettings,
    baselines: Readonly<Record<string, TierBaseline>>,
  ): void {
    this.settings = settings;
    this.baselines = baselines;
  }

  /**
   * Whether an exact-template fingerprint formed a cluster that is common phrasing now (see
   * GENERIC_FULL): what a block rule remembered of it as a campaign's content no longer
   * decides (remember-blocks.ts). One Set lookup; false for any fingerprint not tracked.
   */
  isCommonPhrase(key: number): boolean {
    return this.commonKeys.size !== 0 && this.commonKeys.has(key);
  }

  score(account: Account, facts: RequestFacts, now: number): Score {
    const settings = this.settings;
    const signals = facts.signals;
    if (!settings.enabled || signals === undefined) return ZERO_SCORE;
    const window = settings.window;
    // Read only: the account's cached factors (from its last request) and the request's links.
    const tracked = this.trackedOf(account); // recency is kept by observe

    const transfer = linkTransfer(account);
    // A platform's request naming an end user is scored at that end user's scope too.
    const forEndUser = tracked !== undefined && tracked.platform && signals.endUser !== 0;
    const timing = this.timingOf(tracked, now);
    const org = tracked !== undefined ? tracked.org : orgHashOf(account);
    const found = this.linksOf(signals, transfer, forEndUser, now, timing, org);

    // The account inherits its clusters' risk in proportion to how much of its traffic they are.
    const inherited = tracked === undefined ? 0 : tracked.inheritedRisk(now, window);
    const score =
      tracked !== undefined &&
      !(inherited > 0) &&
      !linkedAtAll(found) &&
      tracked.ownWeights === settings.weights
        ? tracked.ownScore // what compose would return: no cluster factor
        : this.composeLinked(tracked, account, signals, found, inherited);
    if (!forEndUser) return score;
    return this.withEndUser(score, tracked, signals, now, found);
  }

  /**
   * The request's strongest link to a risky cluster of each lending class (`lendRisk`, `lendId`),
   * from the table of risky links: as it reaches the account (`transfer`), and, `forEndUser`,
   * whole through a link that judges an end user's content (`userRisk`, `userId`; the riskiest
   * that is no harvest shape: `userTextRisk`, `userTextId`). Written into
   * one scratch object.
   */
  private linksOf(
    signals: RequestSignals,
    transfer: number,
    forEndUser: boolean,
    now: number,
    timing: number,
    org: number,
  ): RequestLinks {
    const found = this.found;
    const lendRisk = found.lendRisk;
    const lendId = found.lendId;
    const lendRank = found.lendRank;
    const lendFlagged = found.lendFlagged;
    for (let lends = LENDS_NONE; lends <= LENDS_ALL; lends++) {
      lendRisk[lends] = 0;
      lendId[lends] = -1;
      lendRank[lends] = 0;
      lendFlagged[lends] = 0;
    }
    // The end user is an unknown sender: a linked cluster's risk reaches it whole (no transfer).
    let userRisk = 0;
    let userLinkedId = -1;
    let userTextRisk = 0;
    let userTextId = -1;
    const keys = this.keys;
    const links = this.riskyLinks;
    const count = collectKeys(signals, keys, timing);
    for (let k = 0; k < count; k++) {
      const key = keys[k] ?? 0;
      // A cluster of no risk changes neither risk below (both start at 0 and must be exceeded).
      if (key === 0 || !this.riskyKeys.has(key)) continue;
      // Only the table's line is read here; the winner's cluster object once, after the loop.
      const at = links.find(key);
      if (at < 0) continue;
      const full = links.linkRisk(at, now);
      const risk =
        (links.specificFlagged(at, now) ? full : full * transfer) * links.outsideOrg(at, org);
      // Equally risky links of one class (a campaign's flagged templates): a campaign's exact
      // template first (it lends its provenance too), then the larger cluster — the stronger
      // evidence, and the same from one request to the next, where the turn's own skeleton
      // changes with its fill-ins (the prepared score then holds: prepareLinkedScore).
      // A link none of whose risk reaches the account (its own org's cohort) is none: scored
      // through, it would only add a cluster at risk 0 to the record (and a compose per request
      // to every member of an org behind its NAT).
      const lends = links.lends(at);
      const held = lendRisk[lends] ?? 0;
      const rank = (links.specific(at) ? SPECIFIC_RANK : 0) + links.members(at);
      if (risk > held || (risk > 0 && risk === held && rank > (lendRank[lends] ?? 0))) {
        lendRisk[lends] = risk;
        lendId[lends] = links.clusterId(at);
        lendRank[lends] = rank;
        lendFlagged[lends] = links.flagged(at, now) ? 1 : 0;
      }
      if (forEndUser && links.endUser(at)) {
        if (full > userRisk) {
          userRisk = full;
          userLinkedId = links.clusterId(at);
        }
        if (full > userTextRisk && !links.shape(at)) {
          userTextRisk = full;
          userTextId = links.clusterId(at);
        }
      }
    }
    found.userRisk = userRisk;
    found.userId = userLinkedId;
    found.userTextRisk = userTextRisk;
    found.userTextId = userTextId;
    return found;
  }

  /**
   * The score of a request through its links to risky clusters (`found`) and the account's
   * inherited risk: through its riskiest link — except that a link lends a score only what its
   * kind allows (risky-links.ts LENDS_*), and an app's prompt or tools and a timing link lend only
   * the families the request shows. So when the riskiest link is one of those, a content link at a
   * little less risk, which lends all its cluster's pooled families, can be the stronger evidence
   * (a campaign's task template behind the app prompt it also copies): the score is then the
   * higher of the two. An infrastructure link, which lends nothing, keeps the riskiest rule: it
   * is the riskiest only when every content link is weaker than a link weighted 0.35, and its
   * best link changes with each request of an IP-rotating crowd (nothing could be kept for the
   * next request).
   */
  private composeLinked(
    tracked: Tracked | undefined,
    account: Account,
    signals: RequestSignals,
    found: RequestLinks,
    inherited: number,
  ): Score {
    this.chooseLink(tracked, account, signals, found, inherited);
    return this.composeChosen(tracked, account, found, inherited);
  }

  /**
   * The link composeLinked scores through, into `found.chosen` and `found.shown`: the riskiest (on
   * a tie, the one that lends more); when it is an app's or a timing link and a content link also
   * links, both are weighed by value (no score built).
   */
  private chooseLink(
    tracked: Tracked | undefined,
    account: Account,
    signals: RequestSignals,
    found: RequestLinks,
    inherited: number,
  ): void {
    let chosen = -1;
    for (let lends = LENDS_NONE; lends <= LENDS_ALL; lends++)
      if (
        (found.lendId[lends] ?? -1) >= 0 &&
        (chosen < 0 || (found.lendRisk[lends] ?? 0) >= (found.lendRisk[chosen] ?? 0))
      )
        chosen = lends;
    const requestShown = chosen === LENDS_SHOWN ? shownFamilies(signals) : 0;
    if (
      chosen === LENDS_SHOWN &&
      found.lendId[LENDS_ALL] !== -1 &&
      this.candidateValue(tracked, account, found, LENDS_ALL, inherited, 0) >
        this.candidateValue(tracked, account, found, LENDS_SHOWN, inherited, requestShown)
    )
      chosen = LENDS_ALL;
    found.chosen = chosen;
    found.shown = chosen === LENDS_SHOWN ? requestShown : 0;
  }

  /** The score through the link chooseLink chose: the prepared one when it holds, else composed. */
  private composeChosen(
    tracked: Tracked | undefined,
    account: Account,
    found: RequestLinks,
    inherited: number,
  ): Score {
    const linked = chosenCluster(found, this.clusters);
    const clusterRisk = Math.max(chosenRisk(found), inherited);
    const flagged = chosenFlagged(found);
    const memo = tracked?.linkedScore;
    return tracked !== undefined &&
      memo !== undefined &&
      clusterRisk > 0 &&
      memo.holds(tracked, linked, clusterRisk, flagged, this.settings.weights, found.shown)
      ? memo.score // what compose would return: composed from the same inputs
      : this.compose(tracked, clusterRisk, linked, account, found.shown, flagged);
  }

  /** The value of the score composed through the strongest link of class `lends`. */
  private candidateValue(
    tracked: Tracked | undefined,
    account: Account,
    found: RequestLinks,
    lends: number,
    inherited: number,
    requestShown: number,
  ): number {
    const linked = this.clusters[found.lendId[lends] ?? -1];
    if (linked === undefined) return -1;
    const clusterRisk = Math.max(found.lendRisk[lends] ?? 0, inherited);
    return this.valueThrough(tracked, clusterRisk, linked, account, requestShown);
  }

  /**
   * Composes, off the decision path, the score the account's next request gets if it links to
   * the same cluster as this one did, with the same risk (a cluster member's next request, from
   * the same template): scoring then returns it when every input of compose is unchanged
   * (LinkedScore.holds). Only through a flagged cluster: its link risk is held by the flag, so
   * the score holds across refreshes; an unflagged cluster's risk moves whenever a refresh
   * rescores it (the proxy's runs every second), so its score would seldom be used again and each
   * would cost memory (~400 B). Forgotten otherwise, and when the account's inherited risk, which
   * decays with time, was the stronger (no later score equals it).
   */
  private prepareLinkedScore(
    tracked: Tracked,
    account: Account,
    signals: RequestSignals,
    transfer: number,
    now: number,
  ): void {
    const weights = this.settings.weights;
    const timing = this.timingOf(tracked, now);
    const found = this.linksOf(signals, transfer, false, now, timing, tracked.org);
    const inherited = tracked.inheritedRisk(now, this.settings.window);
    // Which link the next request would score through decides whether its score is kept: only
    // then is it composed (not for every request linked to an unflagged cluster).
    this.chooseLink(tracked, account, signals, found, inherited);
    const linked = chosenCluster(found, this.clusters);
    const risk = chosenRisk(found);
    if (linked === undefined || !chosenFlagged(found) || !(risk > 0) || inherited > risk) {
      tracked.linkedScore = undefined;
      return;
    }
    const score = this.composeChosen(tracked, account, found, inherited);
    if (tracked.linkedScore?.score === score) return; // it holds
    tracked.linkedScore = new LinkedScore(score, tracked, linked, risk, true, weights, found.shown);
  }

  /**
   * Adds the request's score at its end user's scope (end-user-scope.ts) to an account's score,
   * as `end_user.*` factors: the account's own score, families and cluster are unchanged. Judged
   * through the riskiest link that judges the end user's content — except that a harvest shape,
   * which cannot count the request's own harvesting parameters (requestShows), is weighed against
   * the riskiest content link beside it, and the one scoring higher is taken (as composeLinked
   * weighs an app's link against a content link at the account's scope).
   */
  private withEndUser(
    score: Score,
    tracked: Tracked,
    signals: RequestSignals,
    now: number,
    found: RequestLinks,
  ): Score {
    const user = this.endUsers?.peek(endUserWindowKey(tracked.hash, signals.endUser));
    const inherited = user === undefined ? 0 : user.inheritedRisk(now, this.settings.window);
    let requestRisk = found.userRisk;
    let linked = found.userId < 0 ? undefined : this.clusters[found.userId];
    if (found.userTextId >= 0 && found.userTextId !== found.userId) {
      const content = this.clusters[found.userTextId];
      if (
        content !== undefined &&
        this.endUserValue(user, tracked, signals, now, found.userTextRisk, content, inherited) >
          this.endUserValue(user, tracked, signals, now, requestRisk, linked, inherited)
      ) {
        requestRisk = found.userTextRisk;
        linked = content;
      }
    }
    if (user === undefined && requestRisk === 0) return score;
    const behind = this.activateEndUser(
      user,
      tracked,
      signals,
      now,
      requestRisk,
      linked,
      inherited,
    );

    const weights = this.settings.weights;
    const factors: Factor[] = [...score.factors];
    const scoreAt = factors.length;
    if (user !== undefined) factors.push(...user.factors);
    const clusterRisk = Math.max(requestRisk, inherited);
    if (clusterRisk > 0)
      factors.push({
        signal:
          linked !== undefined && requestRisk >= inherited
            ? linked.endUserSignal
            : 'end_user.cluster.risk.inherited',
        value: round3(clusterRisk),
        contribution: round3(clusterRisk * (weights[CLUSTER] ?? 0)),
      });
    if (behind !== undefined) {
      const keyUsers = this.keyUsers;
      if (keyUsers >= KEY_CLUSTER_END_USERS - 0.5)
        factors.push({ signal: KEY_END_USERS_FACTOR, value: round3(keyUsers), contribution: 0 });
      for (const family of behind.families) {
        const index = FAMILY_INDEX[family];
        if ((this.shownByRequest & (1 << index)) !== 0)
          factors.push({
            signal: REQUEST_FAMILY_FACTORS[index] ?? END_USER_SCORE,
            value: 1,
            contribution: round3(clusterRisk * (weights[index] ?? 0)),
          });
      }
    }
    if (factors.length === scoreAt) return score; // nothing at this scope: log nothing
    const value = scoreOf(this.activation, weights, this.combined).value;
    factors.splice(scoreAt, 0, { signal: END_USER_SCORE, value, contribution: 0 });
    return { ...score, factors };
  }

  /** What the end-user scope's score through `linked` at `requestRisk` would be worth. */
  private endUserValue(
    user: Tracked | undefined,
    tracked: Tracked,
    signals: RequestSignals,
    now: number,
    requestRisk: number,
    linked: Cluster | undefined,
    inherited: number,
  ): number {
    this.activateEndUser(user, tracked, signals, now, requestRisk, linked, inherited);
    return scoreOf(this.activation, this.settings.weights, this.combined).value;
  }

  /**
   * Fills `this.activation` as the end-user scope's score is combined from (rounded as logged):
   * the end user's own families, the cluster family at the larger of the request's link risk and
   * the end user's inherited risk, and the families of the cluster behind that risk which the
   * request shows itself — all of them once several end users of this key sent its content (a
   * cluster inside the key). Returns that cluster; leaves the key's count of such end users in
   * `keyUsers` and the families the request showed in `shownByRequest`.
   */
  private activateEndUser(
    user: Tracked | undefined,
    tracked: Tracked,
    signals: RequestSignals,
    now: number,
    requestRisk: number,
    linked: Cluster | undefined,
    inherited: number,
  ): Cluster | undefined {
    // The request is compared with the families of the cluster its risk comes from: the one it
    // links to, or the one its end user's earlier requests did (while that is still tracked).
    const earlier = user?.clusters?.[0];
    const behind =
      requestRisk >= inherited
        ? linked
        : earlier !== undefined && this.clusters[earlier.id] === earlier
          ? earlier
          : undefined;
    const activation = this.activation;
    for (let f = 0; f < activation.length; f++) activation[f] = user?.activation(f) ?? 0;
    const clusterRisk = Math.max(requestRisk, inherited);
    if (clusterRisk > 0 && clusterRisk > (activation[CLUSTER] ?? 0))
      activation[CLUSTER] = clusterRisk;
    this.keyUsers = 0;
    this.shownByRequest = 0;
    if (behind !== undefined) {
      // Several end users of this key sent the cluster's content: this one is a member of a
      // cluster inside the key, and the cluster's pooled families count, as for a member account.
      const shape = behind.link.shape;
      const keyUsers =
        this.keyClusters?.count(tracked.hash, behind.hash, now, this.settings.window, shape) ?? 0;
      this.keyUsers = keyUsers;
      const member = keyUsers >= KEY_CLUSTER_END_USERS - 0.5;
      for (const family of behind.families) {
        const shows = requestShows(family, signals, shape);
        if (!shows && !member) continue;
        const index = FAMILY_INDEX[family];
        if (clusterRisk > (activation[index] ?? 0)) activation[index] = clusterRisk;
        if (shows) this.shownByRequest |= 1 << index;
      }
    }
    for (let f = 0; f < activation.length; f++) activation[f] = round3(activation[f] ?? 0);
    return behind;
  }

  /**
   * Folds a decided request into the account's window, the fingerprint index and its clusters'
   * pooled windows. Called right after the decision is carried out (the request forwarded or
   * refused), so it costs the decision nothing; O(1) per fingerprint.
   */
  observe(account: Account, facts: RequestFacts, now: number): Cluster[] | undefined {
    const settings = this.settings;
    const signals = facts.signals;
    if (!settings.enabled || signals === undefined) return undefined;
    const window = settings.window;
    let tracked = this.trackedOf(account);
    if (tracked !== undefined) this.accounts.touch(tracked);
    else {
      const states = this.states;
      tracked = new Tracked(
        account.id,
        this.windows.take(now),
        states,
        states.take(),
        hashString(account.id),
        now,
      );
      const evicted = this.accounts.add(tracked);
      if (evicted !== undefined) {
        this.hints.forget(evicted);
        // Reached only through the LRU and the hints, both of which have let go of it.
        this.windows.release(evicted.window);
        states.release(evicted.place);
      }
    }
    if (account.handle !== undefined) this.hints.remember(account.handle, tracked);
    const s = tracked.window;
    advance(s, now, window);
    observeRequest(s, signals, facts, account, now, window, settings);

    const epoch = Math.floor(now / window);
    const orgHash = orgHashOf(account);
    const established = isEstablished(account);
    tracked.established = established;
    tracked.org = orgHash;
    const transfer = linkTransfer(account);
    let requestRisk = 0;
    let fullRisk = 0;
    let fullLinked: Cluster | undefined;
    // The riskiest end-user link that is no harvest shape (withEndUser may score through it).
    let textRisk = 0;
    let textLinked: Cluster | undefined;
    let settleInto: Cluster[] | undefined;
    const timing = this.advanceTiming(tracked, now);
    const count = this.collectSlots(signals, timing);
    for (let k = 0; k < count; k++) {
      const slot = this.slots[k] ?? -1;
      if (slot < 0) continue;
      const accounts = this.index.touch(slot, tracked.hash, now, epoch, established);
      let id = this.index.groupOf(slot);
      if (id < 0 && accounts >= GROUP_MIN_ACCOUNTS) id = this.formCluster(slot, now);
      const cluster = id < 0 ? undefined : this.clusters[id];
      if (!cluster) continue;
      const pooled = cluster.window;
      advance(pooled, now, window);
      observeRequest(pooled, signals, facts, account, now, window, settings);
      observeMember(pooled, account, tracked.hash, orgHash, established);
      // The leading org's accounts in the cluster: whether it is that org's cohort (cohortOf).
      if (orgHash !== 0 && leadingOrgKey(pooled, ORG_COHORT_JOINS, ORG_FLOOR) === orgHash)
        countCohortMember(cluster, orgHash, tracked.hash);
      cluster.touched = true;
      if (cluster.link.text && settings.campaignComponents) sampleMember(cluster, tracked);
      this.scoreProvisionally(cluster, now);
      rememberLink(tracked, cluster);
      if (!cluster.link.infra) (settleInto ??= []).push(cluster);
      const link = linkRisk(cluster, now);
      requestRisk = Math.max(
        requestRisk,
        transferredRisk(cluster, now, link, transfer) * cohortRemainder(cluster, orgHash),
      );
      const full = cluster.link.endUser ? link : 0;
      if (full > fullRisk) {
        fullRisk = full;
        fullLinked = cluster;
      }
      if (full > textRisk && !cluster.link.shape) {
        textRisk = full;
        textLinked = cluster;
      }
    }
    // Its signature may have formed a cluster with this request: its later ones join it.
    if (timing !== 0) this.joinTimingCluster(tracked);

    foldClusterRisk(tracked, requestRisk, now, window);
    this.refreshOwn(tracked, account, now);
    // Only for an account whose requests link to risky clusters (a hint: a score never depends
    // on whether one was prepared).
    if (requestRisk > 0 || tracked.linkedScore !== undefined)
      this.prepareLinkedScore(tracked, account, signals, transfer, now);

    if (signals.endUser !== 0 && settings.maxEndUsers > 0) {
      if (!tracked.platform && sketchCount(s, SKETCH.endUser) >= PLATFORM_END_USERS)
        tracked.platform = true;
      if (tracked.platform)
        this.observeEndUser(
          tracked,
          account,
          facts,
          signals,
          now,
          fullRisk,
          fullLinked,
          textRisk,
          textLinked,
        );
    }
    return settleInto;
  }

  /**
   * Scores a young cluster at once when an account joins it, rather than at the next refresh: a
   * campaign's first accounts arrive within moments of each other, and each one the batch has not
   * yet seen is served. Bounded: only while the cluster is below PROVISIONAL_MEMBERS and not
   * flagged, once per new member. Provisional — it only raises the risk (the batch, which pools
   * the other replicas' evidence, confirms or lowers it) and never flags: flagging stays with the
   * batch.
   */
  private scoreProvisionally(cluster: Cluster, now: number): void {
    if (cluster.flaggedUntil > now) return;
    const members = Math.round(sketchCount(cluster.window, SKETCH.member));
    if (members <= cluster.members || members >= PROVISIONAL_MEMBERS) return;
    const { risk, families } = cluster;
    this.scoreCluster(cluster, cluster.window, this.context(now));
    if (cluster.risk < risk) {
      cluster.risk = risk;
      cluster.families = families;
    }
    cluster.members = members;
    cluster.accountsFactor = { signal: 'cluster.accounts', value: members, contribution: 0 };
    // Its risk changed outside a refresh: scoring must look its fingerprint up from now on.
    this.keepRisky(cluster);
  }

  /** Folds a platform's request into its end user's window (end-user-scope.ts). */
  private observeEndUser(
    tracked: Tracked,
    account: Account,
    facts: RequestFacts,
    signals: RequestSignals,
    now: number,
    clusterRisk: number,
    linked: Cluster | undefined,
    textRisk: number,
    textLinked: Cluster | undefined,
  ): void {
    const settings = this.settings;
    const users = (this.endUsers ??= new RecencyMap(settings.maxEndUsers));
    const key = endUserWindowKey(tracked.hash, signals.endUser);
    let user = users.get(key);
    if (user === undefined) {
      const states = (this.endUserStates ??= new Slab(STATE_SIZE));
      user = new Tracked(key, newWindow(now, ACCOUNT_SIZE), states, states.take(), key, now);
      // Reached only through its LRU, which has let go of it.
      const evicted = users.add(user);
      if (evicted !== undefined) states.release(evicted.place);
    }
    const s = user.window;
    advance(s, now, settings.window);
    observeRequest(s, signals, facts, account, now, settings.window, settings);
    // The cluster behind the risk it inherits: its later requests are compared with its families.
    if (linked !== undefined && clusterRisk >= decayedClusterRisk(s, now, settings.window))
      user.clusters = [linked];
    if (linked !== undefined && clusterRisk >= FLAG_RISK / 2)
      this.countKeyEndUser(tracked, linked, signals.endUser, now);
    // The content link beside a riskier harvest shape too: the scope weighs both (withEndUser).
    if (textLinked !== undefined && textLinked !== linked && textRisk >= FLAG_RISK / 2)
      this.countKeyEndUser(tracked, textLinked, signals.endUser, now);
    foldClusterRisk(user, clusterRisk, now, settings.window);
    this.refreshOwn(user, undefined, now);
  }

  /** Counts the end user among those of `tracked`'s key linked to `cluster` (KeyClusterEndUsers). */
  private countKeyEndUser(tracked: Tracked, cluster: Cluster, endUser: number, now: number): void {
    const settings = this.settings;
    (this.keyClusters ??= new KeyClusterEndUsers(settings.maxEndUsers)).add(
      tracked.hash,
      cluster.hash,
      endUser,
      now,
      settings.window,
      cluster.link.shape,
    );
  }

  /**
   * The families of an account's (or, without `account`, an end user's) own window, for its next
   * request's score — recomputed on every request of a quiet one, but for a busy one only when
   * its window has moved: after a sixteenth more requests or a thirty-second of the window (its
   * shares cannot change faster than that). An end user has no tier (no volume baseline) and no
   * provenance of its own; its factors are logged as `end_user.<name>`.
   */
  private refreshOwn(tracked: Tracked, account: Account | undefined, now: number): void {
    const settings = this.settings;
    const s = tracked.window;
    tracked.pending++;
    const n = s[W.N] ?? 0;
    if (tracked.pending < Math.max(1, n / 16) && now - tracked.computedAt < settings.window / 32)
      return;
    tracked.pending = 0;
    tracked.computedAt = now;
    tracked.version++;
    const scores = this.scores;
    scores.reset(settings.weights);
    const ctx = this.context(now);
    if (account !== undefined) {
      const app = platformApp(s, account.verified);
      behaviourFactors(s, ctx, this.baselines[account.tier], scores, undefined, app);
      accountProvenance(s, account, ctx, scores);
    } else {
      behaviourFactors(s, ctx, undefined, scores);
    }
    const states = tracked.states;
    for (let f = 0; f < FAMILIES.length; f++) states[tracked.at + f] = scores.activation[f] ?? 0;
    const factors = scores.factors;
    // Kept until the next computation: a copy of exactly its length (`slice`), not the list
    // `push` grew (room for 17 whatever the count: ~50 B more an account).
    tracked.factors =
      factors.length === 0
        ? NO_FACTORS
        : account !== undefined
          ? factors.slice()
          : factors.map((factor) =>
              scores.shared.of(endUserFactorName(factor.signal), factor.value, factor.contribution),
            );
    if (account === undefined) return;
    // Composed here, off the decision path, for the requests that link to no risky cluster.
    tracked.ownScore = this.compose(tracked, 0, undefined);
    tracked.ownWeights = settings.weights;
  }

  /**
   * Output tokens are known when the response ends: settled into the account's window and into
   * the pooled windows of the clusters its latest request linked to. A cluster's output is its
   * campaign's yield — what it exists to harvest: without it a hydra whose members each send a
   * handful of long-answer requests shows its harvest to no window (each account's is too small
   * for the output ratio). `observed`: what `observe` returned for this request — the content
   * clusters it linked to (not infrastructure: a NAT's or an SDK's crowd is no campaign), held by
   * the request in flight rather than by every account.
   */
  settle(account: Account, usage: Usage, now: number, observed?: Observed): void {
    const tracked = this.trackedOf(account);
    if (!tracked || usage.outputTokens === undefined) return;
    this.accounts.touch(tracked);
    const window = this.settings.window;
    addOutput(tracked.window, usage.outputTokens, now, window);
    if (!Array.isArray(observed)) return;
    for (const cluster of observed as Cluster[]) {
      addOutput(cluster.window, usage.outputTokens, now, window);
      cluster.touched = true;
    }
  }

  /**
   * The batch step, off the hot path: scores every cluster touched since the last refresh,
   * flags or unflags fingerprints, and compacts the index when it fills up — here in one go (the
   * simulator, tests and benchmarks); the proxy runs it in slices (`startRefresh`, refresh-timer.ts).
   */
  refresh(now: number): void {
    const run = this.startRefresh();
    while (!this.continueRefresh(run, now, NEVER_PAUSE));
  }

  /**
   * A refresh to be carried out a slice at a time by `continueRefresh`, yielding the event loop
   * in between (with 100,000 accounts, a refresh in one go blocks it for tens of milliseconds).
   *
   * Why requests scored between slices see a consistent state: the hot path reads, per cluster,
   * its risk, families, members and flag, and, per fingerprint, its cluster id. A slice updates
   * each cluster it scores whole, inside one synchronous call, so each cluster a request reads is
   * either as of the last refresh or as of this one, never half of each — as it was with the
   * one-go refresh, where a request could come just before or just after it. The touched flag is
   * cleared when the cluster is scored, so a request folded in between still gets scored (by
   * this refresh if the cursor has not reached its cluster yet, else by the next). The index
   * compaction moves keys one at a time into the new arrays (fingerprint-index.ts): each key's
   * entry is whole in one place or the other. Clusters whose keys were all dropped are freed
   * only when the compaction ends, so an id read from a not-yet-moved key still names its cluster.
   * With no requests in between, the slices do exactly what the one-go refresh does.
   */
  startRefresh(): RefreshRun {
    this.riskyKeys.restart();
    return { cursor: 0, shared: [], phase: 'clusters', released: undefined, crowded: false };
  }

  /**
   * Does the refresh's work until `pause()` says to yield (asked every few clusters or slots of
   * the index, so a slice overruns its budget by a few microseconds at most); returns true when
   * it is done. `now` is the time of this slice.
   */
  continueRefresh(run: RefreshRun, now: number, pause: () => boolean): boolean {
    if (run.phase === 'clusters') {
      if (!this.scoreClusters(run, now, pause)) return false;
      this.riskyKeys.finish();
      if (run.shared.length > 0) this.evidence?.publish(run.shared, now);
      run.shared = [];
      // Off, with nothing left in a component (a reload may have just turned them off): no step.
      run.phase =
        this.settings.campaignComponents || this.joined.size > 0 ? 'components' : 'compact-check';
      run.cursor = 0;
      if (this.settings.campaignComponents) this.components.reset(this.clusters.length);
    }
    if (run.phase === 'components' && !this.joinComponents(run, now, pause)) return false;
    if (run.phase === 'components' || run.phase === 'compact-check')
      run.phase = this.startCompaction(now) ? 'compact' : 'done';
    while (run.phase === 'compact') {
      if (pause()) return false;
      const released = this.index.compactStep(COMPACT_SLOTS);
      if (released === undefined) continue;
      run.released =
        run.released === undefined ? released : new Set([...run.released, ...released]);
      // Still crowded (a flood of unique prompts): drop every unshared key, however recent.
      if (!run.crowded && this.index.size > this.index.capacity * MAX_LOAD * 0.6) {
        run.crowded = true;
        const window = this.settings.window;
        this.index.beginCompact(now - 2 * window, now + 1, this.pinned(now));
        continue;
      }
      for (const id of run.released) {
        const cluster = this.clusters[id];
        if (cluster !== undefined) this.commonKeys.delete(cluster.key);
        this.clusters[id] = undefined;
        this.freeClusters.push(id);
      }
      run.phase = 'done';
    }
    return true;
  }

  /** Scores touched clusters from the run's cursor on; true when all have been. */
  private scoreClusters(run: RefreshRun, now: number, pause: () => boolean): boolean {
    const ctx = this.context(now);
    const evidence = this.evidence;
    const clusters = this.clusters;
    for (; run.cursor < clusters.length; run.cursor++) {
      if (run.cursor % CLUSTERS_PER_PAUSE_CHECK === 0 && pause()) return false;
      const cluster = clusters[run.cursor];
      if (!cluster) continue;
      if (cluster.flaggedUntil !== 0 && cluster.flaggedUntil < now) {
        cluster.flaggedUntil = 0;
        cluster.flaggedRisk = 0;
      }
      // A cluster nobody has sent to for IDLE_WINDOWS is rescored: its distinct counts have rolled
      // out of its window, so its own risk falls to what other replicas still see of it (on one
      // replica, 0: no member), and what holds a campaign's risk after that is its flag. Left as it
      // was, an idle cluster kept its last risk until its keys were compacted away, and the first
      // request after a quiet spell folded that in. Its empty window is not published.
      const touched = cluster.touched;
      if (!touched && !(cluster.ownRisk > 0 && idle(cluster, now, ctx.window))) {
        this.keepRisky(cluster);
        continue;
      }
      cluster.touched = false;
      advance(cluster.window, now, this.settings.window);
      // With other replicas: the cluster is judged on every replica's share of its traffic.
      const others = evidence?.others(cluster.name);
      const window =
        others === undefined || others.length === 0
          ? cluster.window
          : mergeWindows(
              cluster.window,
              others,
              now,
              this.settings.window,
              this.pooled,
              this.scratch,
            );
      if (evidence !== undefined && touched) run.shared.push([cluster.name, cluster.window]);
      this.scoreCluster(cluster, window, ctx);
      // Whose cohort it is: read here, over every replica's traffic, not on a provisional rescore
      // of this replica's window alone.
      this.cohortOf(cluster, window);
      const members = Math.round(sketchCount(window, SKETCH.member));
      if (members !== cluster.members) {
        cluster.members = members;
        cluster.accountsFactor = { signal: 'cluster.accounts', value: members, contribution: 0 };
      }
      this.flagIfRisky(cluster, now);
      this.keepRisky(cluster);
    }
    return true;
  }

  /** Scores one component on its clusters' pooled windows together; sets its members' share. */
  private scoreComponent(members: readonly Cluster[], ctx: WindowContext): void {
    // Read, never advanced: a cluster's own window is brought to now only by its own traffic and
    // its own rescoring. Advancing every member at each refresh once moved the time its next
    // request's gap was measured from (then W.LAST), so a member read other gaps than it would
    // alone — on holdout, basalt's template was flagged later and 5–10 points more of its output
    // served.
    const [first, ...rest] = members.map((cluster) => cluster.window);
    if (first === undefined) return;
    const window = mergeWindows(first, rest, ctx.now, ctx.window, this.pooled, this.scratch);
    countOnce(window, members, ctx);
    const risk = this.pooledRisk(window, ctx, true, 0);
    const families = familiesOf(this.combined.mask);
    for (const cluster of members) {
      cluster.componentRisk = risk;
      cluster.componentFamilies = families;
    }
  }

  /** Applies a cluster's component risk (applyComponent), flags it if risky, and republishes it. */
  private applyComponent(cluster: Cluster, now: number): void {
    applyComponent(cluster);
    this.flagIfRisky(cluster, now);
    this.keepRisky(cluster);
  }

  /**
   * Flags a cluster's fingerprints for `flag_ttl` while its risk is at FLAG_RISK or above — not an
   * app's system prompt or tool set. A flag holds a campaign's risk on its content after its
   * accounts rotate; on an app's prompt it would hold it on every user of the app. A campaign
   * copying a popular agent's public prompt and tools (redteam3's `r3-forge`) had them flagged in
   * its cold start, and the agent's real users were refused for as long as the flag held, the
   * campaign long gone (DETECTION.md, 2026-12-06). The campaign's own turns are flagged as ever.
   */
  private flagIfRisky(cluster: Cluster, now: number): void {
    if (cluster.risk < FLAG_RISK || cluster.link.app) return;
    cluster.flaggedRisk = Math.max(cluster.flaggedRisk, cluster.risk);
    cluster.flaggedUntil = now + this.settings.flagTtl;
  }

  /**
   * The refresh's components step (components.ts): bridges joinable clusters through their
   * sampled members' latest links, a few clusters at a time, then scores each component on its
   * clusters' pooled windows together, a few components at a time, and gives each member its
   * risk (applyComponent: exact templates take the larger of their own and the component's). A
   * cluster that left every component falls back to its own.
   */
  private joinComponents(run: RefreshRun, now: number, pause: () => boolean): boolean {
    const clusters = this.clusters;
    const ctx = this.context(now);
    if (run.groups === undefined) {
      run.joined = new Set();
      // Turned off by a reload: no components; the last step's members fall back below.
      if (!this.settings.campaignComponents) run.groups = [];
      else {
        if (!this.bridgeSamples(run, pause)) return false;
        const joinable: number[] = [];
        for (const cluster of clusters) if (cluster?.joinable === true) joinable.push(cluster.id);
        run.groups = this.components.groups(joinable);
      }
      run.cursor = 0;
    }
    // Then scored a component at a time (each updated whole, between pauses: a request sees each
    // cluster's risk as of the last components step or this one).
    const joined = run.joined ?? new Set<Cluster>();
    for (; run.cursor < run.groups.length; run.cursor++) {
      if (run.cursor % COMPONENTS_PER_PAUSE_CHECK === 0 && pause()) return false;
      const members: Cluster[] = [];
      for (const id of run.groups[run.cursor] ?? []) {
        const cluster = clusters[id];
        if (cluster !== undefined) members.push(cluster);
      }
      this.scoreComponent(members, ctx);
      for (const cluster of members) {
        joined.add(cluster);
        this.applyComponent(cluster, now);
      }
    }
    // Those that left every component fall back to their own risk.
    for (const cluster of this.joined)
      if (!joined.has(cluster)) {
        cluster.componentRisk = 0;
        cluster.componentFamilies = [];
        if (clusters[cluster.id] === cluster) this.applyComponent(cluster, now);
      }
    this.joined = joined;
    run.groups = undefined;
    run.joined = undefined;
    return true;
  }

  /**
   * Bridges each joinable cluster, from the run's cursor on, to the clusters its sampled members'
   * recent requests linked to (only unestablished members bridge); true when all have been.
   */
  private bridgeSamples(run: RefreshRun, pause: () => boolean): boolean {
    const clusters = this.clusters;
    for (; run.cursor < clusters.length; run.cursor++) {
      if (run.cursor % CLUSTERS_PER_PAUSE_CHECK === 0 && pause()) return false;
      const cluster = clusters[run.cursor];
      if (cluster === undefined || !cluster.joinable || cluster.sample === undefined) continue;
      for (const key of cluster.sample) {
        // Buckets not yet filled are holes (undefined).
        const member = key === undefined ? undefined : this.accounts.peek(key);
        if (member === undefined || member.established) continue;
        for (const other of member.clusters ?? [])
          bridgeTo(this.components, clusters, cluster, other);
      }
    }
    return true;
  }

  /**
   * Keeps a cluster that may carry risk until the next refresh in the filter scoring reads, and
   * its entry in the table of risky links as it is now (called after every change of its risk or
   * flag); a cluster that carries none leaves the table.
   */
  private keepRisky(cluster: Cluster): void {
    if (!(cluster.risk > 0 || cluster.flaggedRisk > 0)) {
      this.unlinkRisky(cluster);
      return;
    }
    this.riskyKeys.add(cluster.key);
    const links = this.riskyLinks;
    const at = links.find(cluster.key);
    // A fingerprint links to the cluster the index names for it: to none once compaction has
    // dropped it (onDropGroup removed the entry then), to a cluster formed from it anew since.
    const owns =
      at >= 0
        ? links.clusterId(at) === cluster.id
        : this.index.groupOfKey(cluster.key) === cluster.id;
    if (!owns) return;
    const flags =
      (cluster.specific ? LINK_SPECIFIC : 0) |
      (cluster.link.endUser ? LINK_END_USER : 0) |
      (cluster.link.shownOnly ? LINK_SHOWN_ONLY : 0) |
      (cluster.link.shape ? LINK_SHAPE : 0);
    links.set(
      cluster.key,
      cluster.id,
      cluster.risk,
      cluster.flaggedRisk,
      cluster.flaggedUntil,
      flags,
      cluster.members,
      cluster.cohortOrg,
      cluster.cohortFactor?.value ?? 0,
    );
  }

  /** Removes the cluster's entry from the table of risky links, if it has one. */
  private unlinkRisky(cluster: Cluster): void {
    const at = this.riskyLinks.find(cluster.key);
    if (at >= 0 && this.riskyLinks.clusterId(at) === cluster.id)
      this.riskyLinks.delete(cluster.key);
  }

  /**
   * Starts compacting the index when it nears its load limit (or every few windows, to drop
   * stale keys); false when it is not time to.
   */
  private startCompaction(now: number): boolean {
    const window = this.settings.window;
    const filling = this.index.size > this.index.capacity * MAX_LOAD * 0.8;
    if (this.index.compacting || !(filling || now - this.lastCompact > window * 4)) return false;
    this.lastCompact = now;
    this.index.beginCompact(now - 2 * window, now - window / 4, this.pinned(now));
    return true;
  }

  /** Clusters whose fingerprints stay indexed whatever their age: those flagged at `now`. */
  private pinned(now: number): (id: number) => boolean {
    return (id: number): boolean => {
      const cluster = this.clusters[id];
      return cluster !== undefined && cluster.flaggedUntil > now;
    };
  }

  stats(now: number): DetectorStats {
    let clusters = 0;
    let flagged = 0;
    for (const cluster of this.clusters) {
      if (!cluster) continue;
      clusters++;
      if (cluster.flaggedUntil > now) flagged++;
    }
    return {
      accounts: this.accounts.size,
      fingerprints: this.index.size,
      refusedFingerprints: this.index.refused,
      clusters,
      flaggedClusters: flagged,
      endUsers: this.endUsers?.size ?? 0,
      accountWindows: this.windows.size,
      accountStates: this.states.places,
      sharedFactors: this.scores.shared.size,
    };
  }

  /** Clusters by risk, for reviewers and the admin API. */
  topClusters(now: number, limit: number): ClusterView[] {
    return this.clusters
      .filter((cluster): cluster is Cluster => cluster !== undefined && cluster.risk > 0)
      .sort((a, b) => linkRisk(b, now) - linkRisk(a, now))
      .slice(0, limit)
      .map((cluster) => viewOf(cluster, now));
  }

  /** One tracked cluster by its logged id (`cl_…`). */
  cluster(id: string, now: number): ClusterView | undefined {
    const found = this.clusters.find((cluster) => cluster?.name === id);
    return found === undefined ? undefined : viewOf(found, now);
  }

  /** An account's detection state, or undefined when it is not tracked (never seen or evicted). */
  accountView(accountId: string, now: number): AccountRiskView | undefined {
    const tracked = this.accounts.peek(accountId);
    if (tracked === undefined) return undefined;
    const states = tracked.states;
    const at = tracked.at;
    const decay = Math.exp(-(now - (states[at + RISK_AT] ?? now)) / this.settings.window);
    const inherited = tracked.inheritedRisk(now, this.settings.window);
    const score = this.compose(tracked, inherited, undefined);
    const live = (tracked.clusters ?? []).filter(
      (cluster) => this.clusters[cluster.id] === cluster,
    );
    return {
      requests: round3(requestsAt(tracked.window, now, this.settings.window)),
      score: { ...score, factors: [...score.factors], families: [...score.families] },
      computedAt: tracked.computedAt,
      clusterShare: round3(states[at + SHARE] ?? 0),
      clusterRisk: round3((states[at + RISK] ?? 0) * decay),
      clusters: live.map((cluster) => viewOf(cluster, now)),
    };
  }

  /** The timing fingerprint a request of `tracked` at `now` carries, read only (timingStep). */
  private timingOf(tracked: Tracked | undefined, now: number): number {
    return tracked === undefined ? 0 : this.timingStep(tracked, now, false);
  }

  /** Moves `tracked`'s timing state to `now`; the fingerprint its request carries (timingStep). */
  private advanceTiming(tracked: Tracked, now: number): number {
    return this.timingStep(tracked, now, true);
  }

  /**
   * The timing fingerprint (timing.ts) a request at `now` carries, and, when `apply`, the state
   * moved to it — one function for scoring (read only) and observing, so that both carry the same.
   *  - A burst in a new tick shifts the ticks and signs them. Once a signature the account carried
   *    has formed a cluster, the account joins that cluster (its requests carry that key) while it
   *    stays active: a controller's next wave signs anew, and a cluster per wave would never pool
   *    the evidence of more than one.
   *  - Idle longer than a window: its group and signature lapse before the new burst.
   *  - A request a little behind the latest tick (observed after a throttle's delay or a store's
   *    round trip) belongs to the current burst and changes nothing. Time more than a window
   *    behind (a reload to another tick, a clock step) starts the account over.
   */
  private timingStep(tracked: Tracked, now: number, apply: boolean): number {
    const tickMs = this.settings.timingTick;
    if (!(tickMs > 0)) return 0;
    const span = Math.floor(this.settings.window / tickMs);
    const at = Math.floor(now / tickMs);
    const states = tracked.states;
    const base = tracked.at;
    let last = states[base + TICK3] ?? NO_TICK;
    let group = states[base + TIMING_GROUP] ?? 0;
    let key = states[base + TIMING_KEY] ?? 0;
    let second = states[base + TICK2] ?? NO_TICK;
    if (last !== NO_TICK && last - at > span) {
      last = second = NO_TICK;
      group = key = 0;
    } else if (at <= last) return group || key;
    if (last !== NO_TICK && at - last > span) group = key = 0;
    group = this.timingGroup(group, key);
    const signature = timingKey(second, last, at, span);
    if (apply) {
      states[base + TICK1] = second;
      states[base + TICK2] = last;
      states[base + TICK3] = at;
      states[base + TIMING_KEY] = signature;
      states[base + TIMING_GROUP] = group;
    }
    return group || signature;
  }

  /** Joins the cluster its current signature formed (by its request or others' since), if any. */
  private joinTimingCluster(tracked: Tracked): void {
    const states = tracked.states;
    const base = tracked.at;
    states[base + TIMING_GROUP] = this.timingGroup(
      states[base + TIMING_GROUP] ?? 0,
      states[base + TIMING_KEY] ?? 0,
    );
  }

  /** The timing cluster an account is in: `group`, else `signature`'s once it formed a cluster. */
  private timingGroup(group: number, signature: number): number {
    return group === 0 && signature !== 0 && this.index.groupOfKey(signature) >= 0
      ? signature
      : group;
  }

  /** The index slots of the request's fingerprints, inserting those not yet indexed. */
  private collectSlots(signals: RequestSignals, timing: number): number {
    const keys = this.keys;
    const count = collectKeys(signals, keys, timing);
    const index = this.index;
    const slots = this.slots;
    let found = 0;
    for (let k = 0; k < count; k++) {
      const key = keys[k] ?? 0;
      if (key === 0) continue;
      slots[found++] = index.slotOf(key);
    }
    return found;
  }

  private formCluster(slot: number, now: number): number {
    const id =
      this.freeClusters.pop() ?? (this.clusters.length < MAX_GROUPS ? this.clusters.length : -1);
    if (id < 0) return -1;
    const key = this.index.keyAt(slot);
    const name = clusterName(key);
    const link = linkKind(kindOf(key));
    // The accounts that used the key before it formed: its pooled window counts members from
    // the forming request on (what the size ramp is calibrated on), the cold start from the first.
    const before = this.seedScratch;
    this.index.copyAccounts(slot, Math.floor(now / this.settings.window), before, 0);
    this.clusters[id] = {
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
      // Which of those were established customers is not known, only whether any was.
      establishedBefore: this.index.usedByEstablished(slot),
      risk: 0,
      // Not yet scored: the first scoring (provisional or batch) counts its members.
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
    this.index.setGroup(slot, id);
    return id;
  }

  private context(now: number): WindowContext {
    return {
      now,
      window: this.settings.window,
      minRequests: this.settings.minRequests,
      weights: this.settings.weights,
    };
  }

  /**
   * Whether the cluster is one org's cohort, into `cohortOrg` and `cohortFactor`:
   * at least ORG_COHORT_JOINS of its requests, established customers of other orgs left out,
   * surely that org's (its guaranteed counts among the accounts that are not established
   * customers and among those that are, pooled over the replicas; cohortOrgKey, with ORG_FLOOR's
   * floor over all requests) from at least COHORT_ACCOUNTS of the org's accounts in
   * it (countCohortMember, on this replica) — a class, not one heavy account in an org of its own,
   * nor a campaign that puts a minority of its accounts in one org. Its accounts take 1 − share of its
   * risk (cohortRemainder). No floor: a cluster that is over ORG_COHORT_DAMPED one org's is
   * damped as a whole already (and so never newly flagged), so a floor would only keep a flagged
   * campaign's risk on a class that is most of its cluster (measured on redteam5: the cohort's
   * accounts actioned 1 → 10 and 14 of 60 with a floor of 0.35).
   */
  private cohortOf(cluster: Cluster, window: Float64Array): void {
    const org = cohortOrgKey(window, ORG_COHORT_JOINS, ORG_FLOOR);
    if (org === 0 || cluster.cohortLead !== org || cluster.cohortSeen < COHORT_ACCOUNTS) {
      cluster.cohortOrg = 0;
      cluster.cohortFactor = undefined;
      return;
    }
    cluster.cohortOrg = org;
    const share = cohortShare(window, org);
    // In thousandths, as the table of risky links holds it (scoring and observe read the same).
    const rounded = Math.round(share * 1000) / 1000;
    if (cluster.cohortFactor?.value !== rounded)
      cluster.cohortFactor = { signal: COHORT_FACTOR, value: rounded, contribution: 0 };
  }

  /**
   * A cluster's risk: coordination (size, made-up accounts, IP rotation) times its pooled
   * behaviour — itself needing two families — so that many accounts merely sharing a generic
   * system prompt, or one company's keys behind its NAT, score low.
   */
  private scoreCluster(cluster: Cluster, window: Float64Array, ctx: WindowContext): void {
    // A cold start counts every account that used the fingerprint, from before it formed too.
    const coldStart = cluster.establishedBefore ? -1 : membersSinceBefore(cluster, window);
    const risk = this.pooledRisk(window, ctx, cluster.link.text, coldStart);
    cluster.ownRisk = Math.min(1, risk * cluster.link.weight);
    cluster.ownFamilies = familiesOf(this.combined.mask);
    const members = sketchCount(window, SKETCH.member);
    const established = sketchCount(window, SKETCH.established);
    // One organisation's cohort (a class, a team) sharing text is what organisations do: its
    // cluster joins no campaign (clusterCoordination damps its own risk for the same reason).
    cluster.joinable =
      cluster.link.text &&
      !oneOrg(window, ORG_COHORT_JOINS) &&
      established / Math.max(1, members) < GENERIC_FROM;
    const common = commonPhrase(established, members);
    cluster.specific = cluster.link.specific && !common;
    if (cluster.link.specific) {
      if (common) this.commonKeys.add(cluster.key);
      else this.commonKeys.delete(cluster.key);
    }
    // A flag holds a campaign's risk after its accounts rotate; held on a phrase that established
    // customers turn out to send too, it would block everyone else who writes it for the flag's
    // whole life (clusterCoordination already damps the cluster's own risk below a flag's).
    if (common && cluster.flaggedUntil !== 0) {
      cluster.flaggedUntil = 0;
      cluster.flaggedRisk = 0;
    }
    applyComponent(cluster);
  }

  /**
   * The risk of a pooled window (a cluster's, or a component's clusters' together) before its link
   * weight: coordination × behaviour, which itself needs two families. The families of its
   * behaviour are left in `this.combined.mask` (no object a call: this runs on `observe`'s path
   * for young clusters, scoreProvisionally). `coldStartMembers`: the accounts a cold start would
   * count (-1: no cold start), used only when the behaviour shows a harvesting family.
   */
  private pooledRisk(
    window: Float64Array,
    ctx: WindowContext,
    text: boolean,
    coldStartMembers: number,
  ): number {
    const scores = this.scores;
    scores.reset(ctx.weights, false);
    behaviourFactors(window, ctx, undefined, scores, text ? 'text' : 'other');
    const coldStart =
      coldStartMembers > 0 && showsHarvesting(scores.activation, ctx.weights)
        ? coldStartMembers
        : 0;
    const coordination = clusterCoordination(window, ctx, scores, coldStart);
    const behaviour = combine(scores.activation, ctx.weights, PIVOT, this.combined);
    const capped = behaviour.fired >= 2 ? behaviour.value : Math.min(behaviour.value, 0.3);
    return Math.min(1, coordination * ramp(capped, 0.15, 0.45));
  }

  /**
   * The request's score: the account's own families plus the cluster family. `account`: the
   * sender, whose age alone is its own provenance while it has no window yet (its first request).
   * `shown`: the families the request shows itself (shownFamilies), read through a `shownOnly`
   * link. `flagged`: whether `linked` is flagged at `now` (RequestLinks.lendFlagged).
   */
  private compose(
    tracked: Tracked | undefined,
    clusterRisk: number,
    linked: Cluster | undefined,
    account?: Account,
    shown = 0,
    flagged = false,
  ): Score {
    let factors = tracked ? tracked.factors : NO_FACTORS;
    if (factors.length === 0 && !(clusterRisk > 0)) return ZERO_SCORE;
    const weights = this.settings.weights;
    const young = this.activate(tracked, clusterRisk, linked, account, shown);
    if (young > 0) {
      factors = [
        {
          signal: AGE_FACTOR,
          value: account?.ageDays ?? 0,
          contribution: round3(young * (weights[PROVENANCE] ?? 0)),
        },
      ];
    }
    if (clusterRisk > 0) {
      const risk: Factor = {
        signal: linked ? linked.signal : 'cluster.risk.inherited',
        value: round3(clusterRisk),
        contribution: round3(clusterRisk * (weights[CLUSTER] ?? 0)),
      };
      if (linked === undefined) factors = [...factors, risk];
      else {
        // The account's org is read (hashed, before its first observe) only for a cohort's link.
        const cohort = linked.cohortFactor;
        const own =
          cohort !== undefined &&
          cohortRemainder(
            linked,
            tracked !== undefined ? tracked.org : account === undefined ? 0 : orgHashOf(account),
          ) < 1;
        factors = own
          ? [...factors, risk, linked.accountsFactor, cohort]
          : [...factors, risk, linked.accountsFactor];
      }
    }
    if (factors.length === 0) return ZERO_SCORE;
    const combined = scoreOf(this.activation, weights, this.combined);
    return {
      value: combined.value,
      factors,
      families: familiesOf(combined.mask),
      activation: activationOf(this.activation),
      cluster:
        linked === undefined
          ? null
          : {
              id: linked.name,
              link: linked.link.name,
              accounts: linked.members,
              risk: round3(clusterRisk),
              flagged,
              specific: linked.specific,
            },
    };
  }

  /**
   * What compose's score would be worth, without building it (composeLinked weighs its
   * candidates with it): the same activations, combined the same way. Only for a request that
   * links to a cluster (`clusterRisk` > 0), whose score compose never returns as ZERO_SCORE.
   */
  private valueThrough(
    tracked: Tracked | undefined,
    clusterRisk: number,
    linked: Cluster,
    account: Account,
    shown: number,
  ): number {
    this.activate(tracked, clusterRisk, linked, account, shown);
    return scoreOf(this.activation, this.settings.weights, this.combined).value;
  }

  /**
   * Fills `this.activation` as the score is combined from: the account's families (its state, or
   * on its first request its age alone), the cluster family at `clusterRisk`, and the pooled
   * families its link lends — rounded to 3 decimals as logged, so that a replay recombines them
   * exactly. Returns the first request's age activation (0 once the account has a window).
   */
  private activate(
    tracked: Tracked | undefined,
    clusterRisk: number,
    linked: Cluster | undefined,
    account: Account | undefined,
    shown: number,
  ): number {
    const activation = this.activation;
    let young = 0;
    if (tracked) for (let f = 0; f < activation.length; f++) activation[f] = tracked.activation(f);
    else {
      activation.fill(0);
      // A first request: the account's facts are all that is known of it (what accountProvenance
      // would find in its window once it has one).
      const age = account?.ageDays;
      young = account === undefined || age === undefined ? 0 : ageActivation(age, account);
      if (young > 0) activation[PROVENANCE] = young;
    }
    if (clusterRisk > 0) {
      if (clusterRisk > (activation[CLUSTER] ?? 0)) activation[CLUSTER] = clusterRisk;
      // The cluster's pooled families corroborate (it already needed two of them), except
      // through an infrastructure link. Its provenance (its accounts look made-up) only through
      // a campaign's exact template, where the request is that campaign's content: through a
      // looser link (near duplicates, frames, a system prompt, a harvest shape) the account's
      // own age, verification and programme are known and speak for it — copied, a young
      // crowd's provenance made a second family for every member of a cohort (a class pasting
      // the same homework) out of the one link. Through an app's system prompt or tool set,
      // only the families the request shows itself (`shown`): the app's pooled window is all its
      // users', so copied by a campaign it lent the campaign's families to every user of the app
      // (and through a timing link: acting together says nothing of what each account asks).
      if (linked !== undefined && !linked.link.infra) {
        const specific = linked.specific;
        const shownOnly = linked.link.shownOnly;
        for (const family of linked.families) {
          const index = FAMILY_INDEX[family];
          if (index === PROVENANCE && !specific) continue;
          if (shownOnly && (shown & (1 << index)) === 0) continue;
          if (clusterRisk > (activation[index] ?? 0)) activation[index] = clusterRisk;
        }
      }
    }
    for (let f = 0; f < activation.length; f++) activation[f] = round3(activation[f] ?? 0);
    return young;
  }
}

/** The cluster of the link composeLinked chose, if any. */
function chosenCluster(
  found: RequestLinks,
  clusters: readonly (Cluster | undefined)[],
): Cluster | undefined {
  return found.chosen < 0 ? undefined : clusters[found.lendId[found.chosen] ?? -1];
}

/** Whether the cluster of the link composeLinked chose is flagged (false: none). */
function chosenFlagged(found: RequestLinks): boolean {
  return found.chosen >= 0 && found.lendFlagged[found.chosen] === 1;
}

/** The link risk of the link composeLinked chose (0: none). */
function chosenRisk(found: RequestLinks): number {
  return found.chosen < 0 ? 0 : (found.lendRisk[found.chosen] ?? 0);
}

/** Ranks an exact template's link above any cluster size (linksOf's tie-break). */
const SPECIFIC_RANK = 2 ** 40;

/** The request links to some risky cluster. */
function linkedAtAll(found: RequestLinks): boolean {
  for (let lends = LENDS_NONE; lends <= LENDS_ALL; lends++)
    if ((found.lendId[lends] ?? -1) >= 0) return true;
  return false;
}

/**
 * The request's fingerprints and its account's timing fingerprint (`timing`) into `keys` (0 =
 * absent); returns how many were written.
 */
function collectKeys(signals: RequestSignals, keys: Float64Array, timing: number): number {
  let count = 0;
  keys[count++] = signals.system;
  keys[count++] = signals.tools;
  keys[count++] = signals.skeleton;
  keys[count++] = signals.head;
  keys[count++] = signals.tail;
  keys[count++] = signals.frameHead;
  keys[count++] = signals.frameTail;
  keys[count++] = signals.shape;
  keys[count++] = signals.client;
  keys[count++] = signals.ipPrefix;
  keys[count++] = timing;
  for (const band of signals.bands) if (count < keys.length) keys[count++] = band;
  return count;
}

/** Distinct members of a cluster's window together with the accounts from before it formed. */
function membersSinceBefore(cluster: Cluster, window: Float64Array): number {
  const base = W.SKETCH + SKETCH.member * 4;
  return linearCount(
    ((window[base] ?? 0) | (window[base + 2] ?? 0) | cluster.before[0]) >>> 0,
    ((window[base + 1] ?? 0) | (window[base + 3] ?? 0) | cluster.before[1]) >>> 0,
  );
}

function viewOf(cluster: Cluster, now: number): ClusterView {
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

/**
 * Moves the cluster to the front of the account's short list of recent links, in place (observe
 * runs for every request: no allocation once the list holds LINKS_KEPT). While it is shorter, a
 * new cluster makes a copy one longer, of exactly that length: `push` would give every linked
 * account's list room for 17 (~130 B more an account, 13 MB at 100,000).
 */
function rememberLink(tracked: Tracked, cluster: Cluster): void {
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
function activationOf(activation: Float64Array): Activation {
  const out: Partial<Record<Family, number>> = {};
  for (let f = 0; f < activation.length; f++) {
    const value = activation[f] ?? 0;
    if (value > 0) out[FAMILIES[f] as Family] = value;
  }
  return out;
}

/** The hash of the account's org (0: in no org), as the clusters' org summaries count it. */
function orgHashOf(account: Account): number {
  return account.org === undefined ? 0 : hashString(account.org);
}

/**
 * What of a cluster's risk reaches an account of `org` (its hash; 0: in no org): when the cluster
 * is that org's cohort (cohortOf), the share of its requests from outside the org (established
 * customers of other orgs left out: cohortShare); else all of it. A class pasting its worksheet
 * explains why its members' text matches; what the cluster can hold against them is the
 * evidence from outside their org (a campaign harvesting the same public exercises), whose
 * accounts — in no org, or each in an org of its own — take the whole risk.
 */
function cohortRemainder(cluster: Cluster, org: number): number {
  const cohort = cluster.cohortFactor;
  return cohort !== undefined && org !== 0 && cluster.cohortOrg === org ? 1 - cohort.value : 1;
}

/**
 * Counts `account` among the accounts of `org`, the cluster's leading org, that sent it requests:
 * up to COHORT_ACCOUNTS distinct ones (the first two kept to tell them apart), started afresh
 * when another org leads. No decay: a cluster a class formed stays its cohort while the class
 * leads it (the share decays with the window).
 */
function countCohortMember(cluster: Cluster, org: number, account: number): void {
  if (cluster.cohortLead !== org) {
    cluster.cohortLead = org;
    cluster.cohortFirst = account;
    cluster.cohortSecond = 0;
    cluster.cohortSeen = 1;
    return;
  }
  if (cluster.cohortSeen >= COHORT_ACCOUNTS || account === cluster.cohortFirst) return;
  if (cluster.cohortSeen === 1) {
    cluster.cohortSecond = account;
    cluster.cohortSeen = 2;
  } else if (account !== cluster.cohortSecond) cluster.cohortSeen = 3;
}

/**
 * `cluster.org_share`: the share of the linked cluster's requests from the account's own org,
 * whose cohort the cluster is, established customers of other orgs left out (cohortRemainder,
 * cohortShare). Logged, contributing nothing.
 */
export const COHORT_FACTOR = 'cluster.org_share';

function isEstablished(account: Account): boolean {
  return (
    account.ageDays !== undefined &&
    account.ageDays >= ESTABLISHED_DAYS &&
    (account.verified || account.org !== undefined)
  );
}

/** How much of a linked cluster's risk reaches `account` (ESTABLISHED_TRANSFER). */
export function linkTransfer(account: Account): number {
  return isEstablished(account) ? ESTABLISHED_TRANSFER : 1;
}

/** Windows without a request after which a cluster is idle (scoreClusters rescores it). */
const IDLE_WINDOWS = 2;

/**
 * Whether no request has reached a cluster for IDLE_WINDOWS windows: its window's last request
 * (W.REQUEST_AT, from its forming on), not its last advance, which a response's settling moves too.
 */
function idle(cluster: Cluster, now: number, span: number): boolean {
  return now - (cluster.window[W.REQUEST_AT] ?? now) >= IDLE_WINDOWS * span;
}

/** A cluster's current link risk (heldRisk, as the table of risky links computes it). */
function linkRisk(cluster: Cluster, now: number): number {
  return heldRisk(cluster.risk, cluster.flaggedRisk, cluster.flaggedUntil, now);
}

/** `full` (the cluster's link risk) as it reaches an account: whole or its `transfer` share. */
function transferredRisk(cluster: Cluster, now: number, full: number, transfer: number): number {
  return reachesWhole(cluster.specific, cluster.flaggedUntil, now) ? full : full * transfer;
}

/**
 * How much of an account's (or end user's) traffic flagged clusters are, and their strongest
 * risk: what its later requests inherit.
 */
function foldClusterRisk(tracked: Tracked, requestRisk: number, now: number, window: number): void {
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
function decayedClusterRisk(s: Float64Array, now: number, window: number): number {
  return (s[W.CLUSTER_RISK] ?? 0) * Math.exp(-(now - (s[W.CLUSTER_AT] ?? now)) / window);
}

/** Adds a response's output tokens to a window (an account's or a cluster's). */
function addOutput(s: Float64Array, tokens: number, now: number, window: number): void {
  advance(s, now, window);
  s[W.OUT_TOKENS] = (s[W.OUT_TOKENS] ?? 0) + tokens;
  s[W.OUT_REQUESTS] = (s[W.OUT_REQUESTS] ?? 0) + 1;
}

/** Folds one request into a window (an account's or a cluster's). */
function observeRequest(
  s: Float64Array,
  signals: RequestSignals,
  facts: RequestFacts,
  account: Account,
  now: number,
  window: number,
  settings: DetectionSettings,
): void {
  addRequestGap(s, now, window);
  s[W.N] = (s[W.N] ?? 0) + 1;
  markActive(s, now, window);
  // The request's size in tokens, estimated from its body (bytes ÷ 4, images and tool schemas
  // included): the output ratio's denominator. The upstream's input count is not folded in at
  // settle — the factor's ramps were set on this estimate (README, output_input_ratio).
  s[W.IN_TOKENS] = (s[W.IN_TOKENS] ?? 0) + facts.bytes / 4;
  if (signals.elicitation) s[W.ELICIT] = (s[W.ELICIT] ?? 0) + 1;
  if (signals.grading) s[W.GRADE] = (s[W.GRADE] ?? 0) + (signals.grading === 2 ? 1 : 0.5);
  if (signals.harvest & 1) s[W.MAX_TOKENS] = (s[W.MAX_TOKENS] ?? 0) + 1;
  if (signals.harvest & 2) s[W.MULTI] = (s[W.MULTI] ?? 0) + 1;
  if (signals.exact !== 0 && !signals.continuation && seenRecently(s, signals.exact))
    s[W.RESENT] = (s[W.RESENT] ?? 0) + 1;
  const released = signals.modelReleasedAt;
  if (
    released !== undefined &&
    now - released >= 0 &&
    now - released <= settings.newModelPeriod &&
    (s[W.FIRST] ?? now) < released
  )
    s[W.NEW_MODEL] = (s[W.NEW_MODEL] ?? 0) + 1;
  const caps = signals.capabilities;
  for (let tag = 0; tag < 6; tag++)
    if (caps & (1 << tag)) s[W.CAP + tag] = (s[W.CAP + tag] ?? 0) + 1;
  if (signals.toolCount > 0) {
    s[W.TOOL_REQUESTS] = (s[W.TOOL_REQUESTS] ?? 0) + 1;
    sketchAdd(s, SKETCH.toolSet, signals.tools);
  }
  if (!signals.continuation) topAdd(s, signals.template);
  if (signals.ipPrefix !== 0) sketchAdd(s, SKETCH.ipPrefix, signals.ipPrefix);
  sketchAdd(s, SKETCH.client, signals.client);
  if (signals.endUser !== 0) sketchAdd(s, SKETCH.endUser, signals.endUser);
}

/**
 * Counts a cluster request's sender in the cluster's own fields: who its members are, and their
 * org (`org`, its hash; 0: none) in the org summary or the established customers' counter.
 */
function observeMember(
  pooled: Float64Array,
  account: Account,
  hash: number,
  org: number,
  established: boolean,
): void {
  sketchAdd(pooled, SKETCH.member, hash);
  const age = account.ageDays;
  if (age !== undefined && age <= YOUNG_DAYS) pooled[W.YOUNG] = (pooled[W.YOUNG] ?? 0) + 1;
  if (!account.verified) pooled[W.UNVERIFIED] = (pooled[W.UNVERIFIED] ?? 0) + 1;
  if (account.programme !== undefined && ABUSED_PROGRAMMES.has(account.programme))
    pooled[W.PROGRAMME] = (pooled[W.PROGRAMME] ?? 0) + 1;
  if (established) {
    // Apart from the org summary, whose share is of the accounts that are not (topOrgShare).
    pooled[W.ESTABLISHED] = (pooled[W.ESTABLISHED] ?? 0) + 1;
    sketchAdd(pooled, SKETCH.established, hash);
    establishedOrgAdd(pooled, org);
  } else if (org !== 0) orgAdd(pooled, org);
}

/** Members a cluster keeps as its sample (who may bridge it to other clusters). */
const SAMPLE_SIZE = 8;
/**
 * Common phrasing: a cluster whose members are at least GENERIC_FULL established customers (where
 * clusterCoordination's damping is full), and at least COMMON_ESTABLISHED_MEMBERS of them. Its
 * text is something many unrelated people write (a closing line, a tool loop's stock turn), not a
 * campaign's own content, however many made-up accounts also send it: it is no exact template of
 * a campaign (Cluster.specific) and holds no flag. Counted in members, not traffic, so one
 * established key carrying a campaign's stream (a reseller the campaign blends into) cannot make
 * the campaign's templates common; a campaign would need a fifth of its senders to be aged,
 * verified or organisation accounts.
 */
const COMMON_ESTABLISHED_MEMBERS = 2;

/** Whether `established` of `members` make a cluster's text common phrasing (GENERIC_FULL). */
function commonPhrase(established: number, members: number): boolean {
  return (
    established >= COMMON_ESTABLISHED_MEMBERS - 0.5 &&
    established >= GENERIC_FULL * Math.max(1, members)
  );
}
/** A cluster with at least this share of its requests from one org (oneOrg) is a cohort (joins nothing). */
const ORG_COHORT_JOINS = 0.5;

/**
 * Keeps `tracked` in the cluster's sample: one slot per hash bucket, holding the member with the
 * lowest hash seen for it — a stable sample whatever the order members arrive in, O(1) a request.
 */
function sampleMember(cluster: Cluster, tracked: Tracked): void {
  const sample = (cluster.sample ??= []);
  const hashes = (cluster.sampleHashes ??= []);
  const slot = tracked.hash & (SAMPLE_SIZE - 1);
  const held = hashes[slot];
  if (held !== undefined && held <= tracked.hash) return;
  sample[slot] = tracked.key;
  hashes[slot] = tracked.hash;
}

/** One sighting of a member linking `cluster` to `other`, if `other` is live and joinable. */
function bridgeTo(
  components: Components,
  clusters: readonly (Cluster | undefined)[],
  cluster: Cluster,
  other: Cluster | undefined,
): void {
  if (other === undefined || other === cluster || !other.joinable) return;
  if (clusters[other.id] !== other) return;
  components.bridge(cluster.id, other.id);
}

/**
 * The clusters of a component hold the same requests many times over (one request links to its
 * skeleton's, its head's, its near duplicates' clusters…), so their merged counters overcount by
 * up to the number of clusters — and more requests behind a share is more evidence, more pooled
 * gaps pass the bar for machine pacing. The merged counters are scaled down to the busiest
 * cluster's request count: a component has at least the evidence of its busiest cluster and is
 * credited no more (its members and IP prefixes are sketches, which a merge does not overcount;
 * its shares, the org summary's included, do not change).
 */
function countOnce(window: Float64Array, members: readonly Cluster[], ctx: WindowContext): void {
  let busiest = 0;
  for (const cluster of members)
    busiest = Math.max(busiest, requestsAt(cluster.window, ctx.now, ctx.window));
  const total = window[W.N] ?? 0;
  if (!(total > busiest) || busiest <= 0) return;
  const scale = busiest / total;
  scaleDecayed(window, scale);
}

/** The families in either list (familiesOf's shared list for the pair). */
function unionFamilies(a: readonly Family[], b: readonly Family[]): readonly Family[] {
  let mask = 0;
  for (const family of a) mask |= 1 << FAMILY_INDEX[family];
  for (const family of b) mask |= 1 << FAMILY_INDEX[family];
  return familiesOf(mask);
}

/**
 * A cluster's link risk and families: its own, or its component's where that is higher — only for
 * a campaign's exact templates (skeleton, head, tail), where a request is the campaign's own
 * content. A near duplicate or a frame is text that unrelated people also write (a tutoring app's
 * students ask for steps much as a chain-of-thought campaign does): such clusters bridge a
 * component together but take no risk from it — the rule by which a cluster's provenance reaches
 * its members only through specific links (compose).
 */
export function applyComponent(
  cluster: Pick<
    Cluster,
    | 'specific'
    | 'componentRisk'
    | 'ownRisk'
    | 'risk'
    | 'families'
    | 'ownFamilies'
    | 'componentFamilies'
  > & { readonly link: Pick<Cluster['link'], 'weight'> },
): void {
  const joined = cluster.specific ? Math.min(1, cluster.componentRisk * cluster.link.weight) : 0;
  if (joined > cluster.ownRisk) {
    cluster.risk = joined;
    // Its own families and the component's: a request through the cluster is lent its risk on
    // each family it lends (compose), so the component's families alone — a merged window scaled
    // to its busiest cluster can show fewer than the cluster's own — lowered the score of the
    // campaign's own requests where the component should only raise it.
    cluster.families = unionFamilies(cluster.ownFamilies, cluster.componentFamilies);
  } else {
    cluster.risk = cluster.ownRisk;
    cluster.families = cluster.ownFamilies;
  }
}
