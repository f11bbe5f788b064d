/**
 * The detector (THREATS S1–S13 as families of factors), on the request path: `score` reads only
 * process memory — the account's factors cached when its previous request was folded in
 * (tracked.ts), and the risk of the clusters its fingerprints link to from the table of risky
 * links — and composes the request's score through the link it chooses (link-scorer.ts,
 * score-composer.ts; a platform's end user is scored beside it: end-user-scorer.ts). `observe`,
 * once the decision is carried out, folds the request into the account's window and its
 * clusters' pooled windows in O(1) per fingerprint (observe-request.ts), forming a cluster when a
 * fingerprint reaches enough accounts and scoring a young one provisionally; `settle` adds the
 * response's output tokens. The clusters themselves are the ClusterBook's (cluster-book.ts);
 * scoring, flagging, joining components and compacting the index are the batch step
 * (cluster-refresh.ts), run by `refresh` off the request path. Time is always passed in.
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
import { ClusterBook } from './cluster-book.ts';
import { ClusterRefresh, type RefreshRun } from './cluster-refresh.ts';
import type { ClusterEvidence } from './cluster-evidence.ts';
import { sampleMember } from './components.ts';
import { FAMILIES } from './detection-schema.ts';
import { windowContext, type DetectionSettings, type LiveSettings } from './detection-settings.ts';
import { endUserFactorName, PLATFORM_END_USERS } from './end-user-scope.ts';
import { EndUserScorer } from './end-user-scorer.ts';
import { accountProvenance, ORG_FLOOR } from './provenance.ts';
import { behaviourFactors, platformApp } from './families.ts';
import { FamilyScores } from './family-scores.ts';
import { GROUP_MIN_ACCOUNTS, type FingerprintIndex } from './fingerprint-index.ts';
import { LinkScorer } from './link-scorer.ts';
import { addOutput, observeMember, observeRequest } from './observe-request.ts';
import { RecencyMap } from './recency-map.ts';
import { collectKeys, linkedAtAll } from './request-links.ts';
import { ZERO_SCORE, type Observed, type Score, type Scorer } from './score.ts';
import { ScoreComposer } from './score-composer.ts';
import { Slab } from './slab.ts';
import { foldClusterRisk, NO_FACTORS, rememberLink, STATE_SIZE, Tracked } from './tracked.ts';
import { WindowSlab } from './window-slab.ts';
import { advance, requestsAt, SKETCH, sketchCount, W } from './window-state.ts';
import { leadingOrgKey } from './window-orgs.ts';

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
  /** Factor objects shared by value (family-scores.ts SharedFactors). */
  readonly sharedFactors: number;
}

export class Detector implements Scorer {
  /** The detection settings in force, shared with every part (a reload replaces `current`). */
  private readonly live: LiveSettings;
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
  /** The clusters' batch step (cluster-refresh.ts), run by refresh and refresh-timer.ts. */
  private readonly batch: ClusterRefresh;
  /** The book's index and clusters, read on every observed request (not through the book). */
  private readonly index: FingerprintIndex;
  private readonly clusters: readonly (Cluster | undefined)[];
  private readonly scores = new FamilyScores();
  private readonly slots = new Int32Array(16);
  private readonly keys = new Float64Array(16);
  /** Composes scores (score-composer.ts): the account's and the cluster's families together. */
  private readonly composer: ScoreComposer;
  /** A request's links to risky clusters and the score through them (link-scorer.ts). */
  private readonly links: LinkScorer;
  /** The end-user scope: platforms' end users' windows and scores (end-user-scorer.ts). */
  private readonly endUserScorer: EndUserScorer;

  private get settings(): DetectionSettings {
    return this.live.current;
  }

  constructor(settings: DetectionSettings, baselines: Readonly<Record<string, TierBaseline>>) {
    const live: LiveSettings = { current: settings };
    this.live = live;
    this.baselines = baselines;
    this.composer = new ScoreComposer(live);
    this.accounts = new RecencyMap(settings.maxAccounts);
    const book = new ClusterBook(live, this.scores);
    this.book = book;
    this.batch = new ClusterRefresh(book, (key) => this.accounts.peek(key));
    this.index = book.index;
    this.clusters = book.clusters;
    this.links = new LinkScorer(live, book, this.composer);
    this.endUserScorer = new EndUserScorer(live, this.clusters, (user, now) =>
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
   * A reloaded config: windows and weights change in place; tracked state is kept. The settings
   * are replaced once, for the detector and every part of it (LiveSettings).
   */
  reconfigure(
    settings: DetectionSettings,
    baselines: Readonly<Record<string, TierBaseline>>,
  ): void {
    this.live.current = settings;
    this.baselines = baselines;
  }

  /**
   * Whether an exact-template fingerprint formed a cluster that is common phrasing now (see
   * GENERIC_FULL): what a block rule remembered of it as a campaign's content no longer
   * decides (remember-blocks.ts). One Set lookup; false for any fingerprint not tracked.
   */
  isCommonPhrase(key: number): boolean {
    return this.book.isCommonPhrase(key);
  }

  escalations(): number {
    return this.book.escalations;
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
    const found = this.links.linksOf(signals, transfer, forEndUser, now, timing, org);

    // The account inherits its clusters' risk in proportion to how much of its traffic they are.
    const inherited = tracked === undefined ? 0 : tracked.inheritedRisk(now, window);
    const score =
      tracked !== undefined &&
      !(inherited > 0) &&
      !linkedAtAll(found) &&
      tracked.ownWeights === settings.weights
        ? tracked.ownScore // what compose would return: no cluster factor
        : this.links.composeLinked(tracked, account, signals, found, inherited);
    if (!forEndUser) return score;
    return this.endUserScorer.withEndUser(score, tracked, signals, now, found);
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
      this.links.prepareLinkedScore(
        tracked,
        account,
        signals,
        transfer,
        now,
        timingOf(tracked, now, this.settings, this.index),
      );

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
   * in between (ClusterRefresh.startRefresh: why requests scored between slices see a consistent
   * state).
   */
  startRefresh(): RefreshRun {
    return this.batch.startRefresh();
  }

  /** Does the refresh's work until `pause()` says to yield; true when it is done. */
  continueRefresh(run: RefreshRun, now: number, pause: () => boolean): boolean {
    return this.batch.continueRefresh(run, now, pause);
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
