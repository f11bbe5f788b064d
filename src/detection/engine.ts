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
import type { RequestSignals } from '../signals/request-signals.ts';
import { hashString } from '../signals/hash.ts';
import type { RequestFacts } from '../signals/request-facts.ts';
import { round3 } from '../util/round3.ts';
import { isEstablished, linkTransfer, orgHashOf } from './account-standing.ts';
import { AccountHints } from './account-hints.ts';
import { advanceTiming, joinTimingCluster, timingOf } from './account-timing.ts';
import {
  FLAG_RISK,
  idle,
  linkRisk,
  membersSinceBefore,
  newCluster,
  transferredRisk,
  viewOf,
  type Cluster,
  type ClusterView,
} from './cluster.ts';
import {
  cohortOf,
  cohortRemainder,
  commonPhrase,
  countCohortMember,
  ORG_COHORT_JOINS,
} from './cluster-cohort.ts';
import type { ClusterEvidence } from './cluster-evidence.ts';
import { PIVOT } from './combine-score.ts';
import { applyComponent, bridgeTo, Components, countOnce, sampleMember } from './components.ts';
import { FAMILIES } from './detection-schema.ts';
import type { DetectionSettings } from './detection-settings.ts';
import { endUserFactorName, PLATFORM_END_USERS, shownFamilies } from './end-user-scope.ts';
import {
  accountProvenance,
  behaviourFactors,
  platformApp,
  clusterCoordination,
  combine,
  familiesOf,
  FamilyScores,
  GENERIC_FROM,
  oneOrg,
  ORG_FLOOR,
  ramp,
  showsHarvesting,
  type Combined,
  type WindowContext,
} from './families.ts';
import { FingerprintIndex, GROUP_MIN_ACCOUNTS, MAX_LOAD } from './fingerprint-index.ts';
import { KeyFilter } from './key-filter.ts';
import { LinkedScore } from './linked-score.ts';
import { mergeWindows } from './merge-windows.ts';
import { addOutput, observeMember, observeRequest } from './observe-request.ts';
import { RecencyMap } from './recency-map.ts';
import {
  chosenCluster,
  chosenFlagged,
  chosenRisk,
  collectKeys,
  linkedAtAll,
  newRequestLinks,
  SPECIFIC_RANK,
  type RequestLinks,
} from './request-links.ts';
import {
  LENDS_ALL,
  LENDS_NONE,
  LENDS_SHOWN,
  LINK_END_USER,
  LINK_SHAPE,
  LINK_SHOWN_ONLY,
  LINK_SPECIFIC,
  RiskyLinks,
} from './risky-links.ts';
import { ZERO_SCORE, type Observed, type Score, type Scorer } from './score.ts';
import { ScoreComposer } from './score-composer.ts';
import { EndUserScorer } from './end-user-scorer.ts';
import { Slab } from './slab.ts';
import {
  foldClusterRisk,
  NO_FACTORS,
  rememberLink,
  RISK,
  RISK_AT,
  SHARE,
  STATE_SIZE,
  Tracked,
} from './tracked.ts';
import { WindowSlab } from './window-slab.ts';
import { advance, leadingOrgKey, requestsAt, SKETCH, sketchCount, W } from './window-state.ts';

const MAX_GROUPS = 16_384;
/**
 * Below this many members a cluster is rescored as each account joins (scoreProvisionally): the
 * coordination ramp saturates at 8 members (families.ts), so past it the batch's pace is enough.
 */
const PROVISIONAL_MEMBERS = 8;
/** Bits of the filter of risky clusters' fingerprints (16 KiB; at most MAX_GROUPS keys). */
const RISKY_FILTER_BITS = 1 << 17;

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
  /** Composes scores (score-composer.ts): the account's and the cluster's families together. */
  private readonly composer: ScoreComposer;
  /** The end-user scope: platforms' end users' windows and scores (end-user-scorer.ts). */
  private readonly endUserScorer: EndUserScorer;
  /** pooledRisk's scratch: the families its behaviour combined (mask). */
  private readonly combined: Combined = { value: 0, fired: 0, mask: 0 };
  private readonly found: RequestLinks = newRequestLinks();
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
    this.composer = new ScoreComposer(settings.weights);
    this.accounts = new RecencyMap(settings.maxAccounts);
    this.index = new FingerprintIndex(settings.maxFingerprints);
    this.endUserScorer = new EndUserScorer(settings, this.clusters, (user, now) =>
      this.refreshOwn(user, undefined, now),
    );
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
    this.composer.weights = settings.weights;
    this.endUserScorer.settings = settings;
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
    const timing = timingOf(tracked, now, this.settings, this.index);
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
    return this.endUserScorer.withEndUser(score, tracked, signals, now, found);
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
      : this.composer.compose(tracked, clusterRisk, linked, account, found.shown, flagged);
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
    return this.composer.valueThrough(tracked, clusterRisk, linked, account, requestShown);
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
    const timing = timingOf(tracked, now, this.settings, this.index);
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
    const timing = advanceTiming(tracked, now, this.settings, this.index);
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
    if (timing !== 0) joinTimingCluster(tracked, this.index);

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
        this.endUserScorer.observeEndUser(
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
    tracked.ownScore = this.composer.compose(tracked, 0, undefined);
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
      cohortOf(cluster, window);
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
      endUsers: this.endUserScorer.size,
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
    const score = this.composer.compose(tracked, inherited, undefined);
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
    // The accounts that used the key before it formed: its pooled window counts members from
    // the forming request on (what the size ramp is calibrated on), the cold start from the first.
    const before = this.seedScratch;
    this.index.copyAccounts(slot, Math.floor(now / this.settings.window), before, 0);
    // Which of those were established customers is not known, only whether any was.
    const establishedBefore = this.index.usedByEstablished(slot);
    this.clusters[id] = newCluster(id, this.index.keyAt(slot), now, before, establishedBefore);
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
}
