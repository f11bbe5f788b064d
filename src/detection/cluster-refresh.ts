/**
 * The detector's batch step over its clusters (`refresh`, off the request path; in slices of
 * ~2 ms by refresh-timer.ts): score every cluster touched since the last run on its pooled window
 * (every replica's share of it, store: redis) and flag or unflag its fingerprints, join campaign
 * components and score each on its clusters' windows together, and compact the fingerprint index
 * when it fills up. What is done to a cluster is the ClusterBook's (cluster-book.ts); this is the
 * order, the pauses, and the components' state between runs.
 */
import type { ClusterBook } from './cluster-book.ts';
import { cohortOf } from './cluster-cohort.ts';
import { idle, type Cluster } from './cluster.ts';
import { applyComponent, bridgeTo, Components, countOnce } from './components.ts';
import { windowContext } from './detection-settings.ts';
import type { WindowContext } from './families.ts';
import { MAX_LOAD } from './fingerprint-index.ts';
import { mergeWindows } from './merge-windows.ts';
import type { Tracked } from './tracked.ts';
import { advance, SKETCH, sketchCount, W } from './window-state.ts';

/** A refresh under way (see ClusterRefresh.startRefresh); opaque to its callers. */
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

export class ClusterRefresh {
  private readonly book: ClusterBook;
  /** A tracked account by key (a cluster's sampled members bridge it: bridgeSamples). */
  private readonly peekAccount: (key: string | number) => Tracked | undefined;
  private readonly components = new Components();
  /** The clusters the last components step placed in a component. */
  private joined = new Set<Cluster>();
  private lastCompact = 0;
  /** Scratch for merging windows (every replica's share of a cluster; a component's clusters). */
  private readonly pooled = new Float64Array(W.SIZE);
  private readonly scratch = new Float64Array(W.SIZE);

  constructor(book: ClusterBook, peekAccount: (key: string | number) => Tracked | undefined) {
    this.book = book;
    this.peekAccount = peekAccount;
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
    this.book.riskyKeys.restart();
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
      this.book.riskyKeys.finish();
      if (run.shared.length > 0) this.book.evidence?.publish(run.shared, now);
      run.shared = [];
      // Off, with nothing left in a component (a reload may have just turned them off): no step.
      run.phase =
        this.book.settings.campaignComponents || this.joined.size > 0
          ? 'components'
          : 'compact-check';
      run.cursor = 0;
      if (this.book.settings.campaignComponents) this.components.reset(this.book.clusters.length);
    }
    if (run.phase === 'components' && !this.joinComponents(run, now, pause)) return false;
    if (run.phase === 'components' || run.phase === 'compact-check')
      run.phase = this.startCompaction(now) ? 'compact' : 'done';
    while (run.phase === 'compact') {
      if (pause()) return false;
      const released = this.book.index.compactStep(COMPACT_SLOTS);
      if (released === undefined) continue;
      run.released =
        run.released === undefined ? released : new Set([...run.released, ...released]);
      // Still crowded (a flood of unique prompts): drop every unshared key, however recent.
      if (!run.crowded && this.book.index.size > this.book.index.capacity * MAX_LOAD * 0.6) {
        run.crowded = true;
        const window = this.book.settings.window;
        this.book.index.beginCompact(now - 2 * window, now + 1, this.pinned(now));
        continue;
      }
      for (const id of run.released) this.book.release(id);
      run.phase = 'done';
    }
    return true;
  }

  /** Scores touched clusters from the run's cursor on; true when all have been. */
  private scoreClusters(run: RefreshRun, now: number, pause: () => boolean): boolean {
    const ctx = windowContext(this.book.settings, now);
    const evidence = this.book.evidence;
    const clusters = this.book.clusters;
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
        this.book.keepRisky(cluster);
        continue;
      }
      cluster.touched = false;
      advance(cluster.window, now, this.book.settings.window);
      // With other replicas: the cluster is judged on every replica's share of its traffic.
      const others = evidence?.others(cluster.name);
      const window =
        others === undefined || others.length === 0
          ? cluster.window
          : mergeWindows(
              cluster.window,
              others,
              now,
              this.book.settings.window,
              this.pooled,
              this.scratch,
            );
      if (evidence !== undefined && touched) run.shared.push([cluster.name, cluster.window]);
      this.book.scoreCluster(cluster, window, ctx);
      // Whose cohort it is: read here, over every replica's traffic, not on a provisional rescore
      // of this replica's window alone.
      cohortOf(cluster, window);
      const members = Math.round(sketchCount(window, SKETCH.member));
      if (members !== cluster.members) {
        cluster.members = members;
        cluster.accountsFactor = { signal: 'cluster.accounts', value: members, contribution: 0 };
      }
      this.book.flagIfRisky(cluster, now);
      this.book.keepRisky(cluster);
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
    const clusters = this.book.clusters;
    const ctx = windowContext(this.book.settings, now);
    if (run.groups === undefined) {
      run.joined = new Set();
      // Turned off by a reload: no components; the last step's members fall back below.
      if (!this.book.settings.campaignComponents) run.groups = [];
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
    const clusters = this.book.clusters;
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
    const { risk, families } = this.book.scoreComponentWindow(window, ctx);
    for (const cluster of members) {
      cluster.componentRisk = risk;
      cluster.componentFamilies = families;
    }
  }

  /** Applies a cluster's component risk (applyComponent), flags it if risky, and republishes it. */
  private applyComponent(cluster: Cluster, now: number): void {
    applyComponent(cluster);
    this.book.flagIfRisky(cluster, now);
    this.book.keepRisky(cluster);
  }

  /**
   * Starts compacting the index when it nears its load limit (or every few windows, to drop
   * stale keys); false when it is not time to.
   */
  private startCompaction(now: number): boolean {
    const window = this.book.settings.window;
    const filling = this.book.index.size > this.book.index.capacity * MAX_LOAD * 0.8;
    if (this.book.index.compacting || !(filling || now - this.lastCompact > window * 4))
      return false;
    this.lastCompact = now;
    this.book.index.beginCompact(now - 2 * window, now - window / 4, this.pinned(now));
    return true;
  }

  /** Clusters whose fingerprints stay indexed whatever their age: those flagged at `now`. */
  private pinned(now: number): (id: number) => boolean {
    return (id: number): boolean => {
      const cluster = this.book.clusters[id];
      return cluster !== undefined && cluster.flaggedUntil > now;
    };
  }
}
