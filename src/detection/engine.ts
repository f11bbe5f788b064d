/**
 * The detector (THREATS S1–S13 as families of factors), on the request path: `score` reads only
 * process memory — the account's factors cached when its previous request was folded in
 * (tracked.ts), and the risk of the clusters its fingerprints link to from the table of risky
 * links — and composes the request's score (score-composer.ts; a platform's end user is scored
 * beside it: end-user-scorer.ts). `observe`, once the decision is carried out, folds the request
 * into the account's window and its clusters' pooled windows in O(1) per fingerprint
 * (observe-request.ts), forming a cluster when a fingerprint reaches enough accounts and scoring
 * a young one provisionally; `settle` adds the response's output tokens. The clusters themselves
 * are the ClusterBook's (cluster-book.ts): scoring, flagging, joining components and compacting
 * the index are its batch step, run by `refresh` off the request path. Time is always passed in.
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
import { linkRisk, transferredRisk, viewOf, type Cluster, type ClusterView } from './cluster.ts';
import { cohortRemainder, countCohortMember, ORG_COHORT_JOINS } from './cluster-cohort.ts';
import { ClusterBook, type RefreshRun } from './cluster-book.ts';
import type { ClusterEvidence } from './cluster-evidence.ts';
import { sampleMember } from './components.ts';
import { FAMILIES } from './detection-schema.ts';
import { windowContext, type DetectionSettings } from './detection-settings.ts';
import { endUserFactorName, PLATFORM_END_USERS, shownFamilies } from './end-user-scope.ts';
import { EndUserScorer } from './end-user-scorer.ts';
import {
  accountProvenance,
  behaviourFactors,
  platformApp,
  FamilyScores,
  ORG_FLOOR,
} from './families.ts';
import { GROUP_MIN_ACCOUNTS, type FingerprintIndex } from './fingerprint-index.ts';
import { KeyFilter } from './key-filter.ts';
import { LinkedScore } from './linked-score.ts';
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
import { LENDS_ALL, LENDS_NONE, LENDS_SHOWN, RiskyLinks } from './risky-links.ts';
import { ZERO_SCORE, type Observed, type Score, type Scorer } from './score.ts';
import { ScoreComposer } from './score-composer.ts';
import { Slab } from './slab.ts';
import { foldClusterRisk, NO_FACTORS, rememberLink, STATE_SIZE, Tracked } from './tracked.ts';
import { WindowSlab } from './window-slab.ts';
import { advance, leadingOrgKey, requestsAt, SKETCH, sketchCount, W } from './window-state.ts';

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

const NEVER_PAUSE = (): boolean => false;

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
  /** The clusters, their risk and the table scoring reads of it (cluster-book.ts). */
  private readonly book: ClusterBook;
  /** The book's, read on every request (one load less than through the book). */
  private readonly index: FingerprintIndex;
  private readonly clusters: readonly (Cluster | undefined)[];
  private readonly riskyKeys: KeyFilter;
  private readonly riskyLinks: RiskyLinks;
  private readonly scores = new FamilyScores();
  private readonly slots = new Int32Array(16);
  private readonly keys = new Float64Array(16);
  /** Composes scores (score-composer.ts): the account's and the cluster's families together. */
  private readonly composer: ScoreComposer;
  /** The end-user scope: platforms' end users' windows and scores (end-user-scorer.ts). */
  private readonly endUserScorer: EndUserScorer;
  private readonly found: RequestLinks = newRequestLinks();

  constructor(settings: DetectionSettings, baselines: Readonly<Record<string, TierBaseline>>) {
    this.settings = settings;
    this.baselines = baselines;
    this.composer = new ScoreComposer(settings);
    this.accounts = new RecencyMap(settings.maxAccounts);
    const book = new ClusterBook(settings, this.scores, (key) => this.accounts.peek(key));
    this.book = book;
    this.index = book.index;
    this.clusters = book.clusters;
    this.riskyKeys = book.riskyKeys;
    this.riskyLinks = book.riskyLinks;
    this.endUserScorer = new EndUserScorer(settings, this.clusters, (user, now) =>
      this.refreshOwn(user, undefined, now),
    );
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
    this.book.evidence = evidence;
  }

  /**
   * A reloaded config: windows and weights change in place; tracked state is kept. Every holder
   * of the settings — the composer, the end-user scorer, the cluster book — gets the new ones.
   */
  reconfigure(
    settings: DetectionSettings,
    baselines: Readonly<Record<string, TierBaseline>>,
  ): void {
    this.settings = settings;
    this.baselines = baselines;
    this.composer.settings = settings;
    this.endUserScorer.settings = settings;
    this.book.settings = settings;
  }

  /**
   * Whether an exact-template fingerprint formed a cluster that is common phrasing now (see
   * GENERIC_FULL): what a block rule remembered of it as a campaign's content no longer
   * decides (remember-blocks.ts). One Set lookup; false for any fingerprint not tracked.
   */
  isCommonPhrase(key: number): boolean {
    return this.book.isCommonPhrase(key);
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
      if (id < 0 && accounts >= GROUP_MIN_ACCOUNTS) id = this.book.formCluster(slot, now);
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
      this.book.scoreProvisionally(cluster, now);
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
    const ctx = windowContext(this.settings, now);
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
   * in between (ClusterBook.startRefresh: why requests scored between slices see a consistent
   * state).
   */
  startRefresh(): RefreshRun {
    return this.book.startRefresh();
  }

  /** Does the refresh's work until `pause()` says to yield; true when it is done. */
  continueRefresh(run: RefreshRun, now: number, pause: () => boolean): boolean {
    return this.book.continueRefresh(run, now, pause);
  }

  /** Clusters by risk, for reviewers and the admin API. */
  topClusters(now: number, limit: number): ClusterView[] {
    return this.book.topClusters(now, limit);
  }

  /** One tracked cluster by its logged id (`cl_…`). */
  cluster(id: string, now: number): ClusterView | undefined {
    return this.book.cluster(id, now);
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

  /** An account's detection state, or undefined when it is not tracked (never seen or evicted). */
  accountView(accountId: string, now: number): AccountRiskView | undefined {
    const tracked = this.accounts.peek(accountId);
    if (tracked === undefined) return undefined;
    const inherited = tracked.inheritedRisk(now, this.settings.window);
    const score = this.composer.compose(tracked, inherited, undefined);
    const live = (tracked.clusters ?? []).filter(
      (cluster) => this.clusters[cluster.id] === cluster,
    );
    return {
      requests: round3(requestsAt(tracked.window, now, this.settings.window)),
      score: { ...score, factors: [...score.factors], families: [...score.families] },
      computedAt: tracked.computedAt,
      clusterShare: round3(tracked.clusterShare),
      clusterRisk: round3(tracked.clusterRisk(now, this.settings.window)),
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
}
