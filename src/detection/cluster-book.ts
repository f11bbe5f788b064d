/**
 * The clusters the fingerprint index forms: forming one when a fingerprint reaches enough accounts
 * and scoring a young one provisionally, as the detector's `observe` folds requests in; the rest
 * off the request path, in the detector's batch step (`refresh`, in slices by refresh-timer.ts) —
 * scoring each cluster on its pooled window (coordination × behaviour), flagging the risky ones'
 * fingerprints so that they outlive the accounts that sent them, joining a campaign's clusters
 * into components, compacting the index. Keeps the table of risky links that scoring reads on
 * every request (risky-links.ts). The detector (engine.ts) folds requests into the clusters'
 * windows and reads their risk; everything that changes a cluster's risk or flag is here.
 */
import { commonPhrase, cohortOf, ORG_COHORT_JOINS } from './cluster-cohort.ts';
import {
  FLAG_RISK,
  idle,
  linkRisk,
  membersSinceBefore,
  newCluster,
  viewOf,
  type Cluster,
  type ClusterView,
} from './cluster.ts';
import type { ClusterEvidence } from './cluster-evidence.ts';
import { PIVOT } from './combine-score.ts';
import { applyComponent, bridgeTo, Components, countOnce } from './components.ts';
import { windowContext, type DetectionSettings } from './detection-settings.ts';
import {
  behaviourFactors,
  clusterCoordination,
  combine,
  familiesOf,
  FamilyScores,
  GENERIC_FROM,
  oneOrg,
  ramp,
  showsHarvesting,
  type Combined,
  type WindowContext,
} from './families.ts';
import { FingerprintIndex, MAX_LOAD } from './fingerprint-index.ts';
import { KeyFilter } from './key-filter.ts';
import { mergeWindows } from './merge-windows.ts';
import {
  LINK_END_USER,
  LINK_SHAPE,
  LINK_SHOWN_ONLY,
  LINK_SPECIFIC,
  RiskyLinks,
} from './risky-links.ts';
import type { Tracked } from './tracked.ts';
import { advance, SKETCH, sketchCount, W } from './window-state.ts';

/** Clusters tracked at once (cluster ids; the table of risky links is sized for as many). */
const MAX_GROUPS = 16_384;
/**
 * Below this many members a cluster is rescored as each account joins (scoreProvisionally): the
 * coordination ramp saturates at 8 members (families.ts), so past it the batch's pace is enough.
 */
const PROVISIONAL_MEMBERS = 8;
/** Bits of the filter of risky clusters' fingerprints (16 KiB; at most MAX_GROUPS keys). */
const RISKY_FILTER_BITS = 1 << 17;

/** A refresh under way (see ClusterBook.startRefresh); opaque to its callers. */
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

/** Clusters scored between two questions to `pause` (each takes ~1–20 µs). */
const CLUSTERS_PER_PAUSE_CHECK = 32;
/** Components scored between two questions to `pause` (each merges its clusters' windows). */
const COMPONENTS_PER_PAUSE_CHECK = 4;
/** Index slots moved per compaction step (each takes well under a microsecond). */
const COMPACT_SLOTS = 2_048;

export class ClusterBook {
  /** Detection settings, replaced whole on a reload. */
  settings: DetectionSettings;
  readonly index: FingerprintIndex;
  /** Clusters by id (a freed id is reused by a new cluster object, never the old one). */
  readonly clusters: (Cluster | undefined)[] = [];
  private readonly freeClusters: number[] = [];
  /**
   * The fingerprints of clusters whose link risk may be above 0, rebuilt by each refresh (only
   * a refresh changes a cluster's risk): scoring skips the others without looking them up.
   */
  readonly riskyKeys = new KeyFilter(RISKY_FILTER_BITS);
  /**
   * What scoring reads of those clusters, by fingerprint: id, risk and flag, one cache line each
   * (risky-links.ts). Exact, unlike the filter: written whenever a cluster's risk or flag changes.
   */
  readonly riskyLinks = new RiskyLinks(MAX_GROUPS);
  /**
   * The forming fingerprints of clusters that a campaign's exact template formed but that are
   * common phrasing now (commonPhrase): a content block remembered of one while it looked like the
   * campaign's own no longer applies (isCommonPhrase). At most one per tracked cluster.
   */
  private readonly commonKeys = new Set<number>();
  /** Other replicas' cluster windows (store: redis), pooled with ours when clusters are scored. */
  evidence: ClusterEvidence | undefined;
  private readonly pooled = new Float64Array(W.SIZE);
  private readonly scratch = new Float64Array(W.SIZE);
  private readonly seedScratch = new Float64Array(4);
  private readonly components = new Components();
  /** The clusters the last components step placed in a component. */
  private joined = new Set<Cluster>();
  /** The detector's: shared, so that every window's factors come from one pool (SharedFactors). */
  private readonly scores: FamilyScores;
  /** pooledRisk's scratch: the families its behaviour combined (mask). */
  private readonly combined: Combined = { value: 0, fired: 0, mask: 0 };
  private lastCompact = 0;
  /** A tracked account by key (a cluster's sampled members bridge it: bridgeSamples). */
  private readonly peekAccount: (key: string | number) => Tracked | undefined;

  constructor(
    settings: DetectionSettings,
    scores: FamilyScores,
    peekAccount: (key: string | number) => Tracked | undefined,
  ) {
    this.settings = settings;
    this.scores = scores;
    this.peekAccount = peekAccount;
    this.index = new FingerprintIndex(settings.maxFingerprints);
    this.index.onDropGroup = (group) => {
      const cluster = this.clusters[group];
      if (cluster !== undefined) this.unlinkRisky(cluster);
    };
  }

  /**
   * Whether an exact-template fingerprint formed a cluster that is common phrasing now (see
   * GENERIC_FULL). One Set lookup; false for any fingerprint not tracked.
   */
  isCommonPhrase(key: number): boolean {
    return this.commonKeys.size !== 0 && this.commonKeys.has(key);
  }

  /**
   * Forms a cluster for the fingerprint at index `slot` (it has reached GROUP_MIN_ACCOUNTS):
   * its id, or -1 when MAX_GROUPS clusters are tracked already.
   */
  formCluster(slot: number, now: number): number {
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

  /**
   * Scores a young cluster at once when an account joins it, rather than at the next refresh: a
   * campaign's first accounts arrive within moments of each other, and each one the batch has not
   * yet seen is served. Bounded: only while the cluster is below PROVISIONAL_MEMBERS and not
   * flagged, once per new member. Provisional — it only raises the risk (the batch, which pools
   * the other replicas' evidence, confirms or lowers it) and never flags: flagging stays with the
   * batch.
   */
  scoreProvisionally(cluster: Cluster, now: number): void {
    if (cluster.flaggedUntil > now) return;
    const members = Math.round(sketchCount(cluster.window, SKETCH.member));
    if (members <= cluster.members || members >= PROVISIONAL_MEMBERS) return;
    const { risk, families } = cluster;
    this.scoreCluster(cluster, cluster.window, windowContext(this.settings, now));
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
    const ctx = windowContext(this.settings, now);
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

  /**
   * The refresh's components step (components.ts): bridges joinable clusters through their
   * sampled members' latest links, a few clusters at a time, then scores each component on its
   * clusters' pooled windows together, a few components at a time, and gives each member its
   * risk (applyComponent: exact templates take the larger of their own and the component's). A
   * cluster that left every component falls back to its own.
   */
  private joinComponents(run: RefreshRun, now: number, pause: () => boolean): boolean {
    const clusters = this.clusters;
    const ctx = windowContext(this.settings, now);
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
        const member = key === undefined ? undefined : this.peekAccount(key);
        if (member === undefined || member.established) continue;
        for (const other of member.clusters ?? [])
          bridgeTo(this.components, clusters, cluster, other);
      }
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
}
