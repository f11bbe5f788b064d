/**
 * The detector's end-user scope (end-user-scope.ts): a platform's key (a reseller, a tutoring app:
 * S9) names the end user behind each request, and each end user has a window of its own, scored
 * beside the key's own score as `end_user.*` factors — so a campaign hiding among a reseller's
 * customers meets its own evidence, never the key's. Holds the end users' windows (bounded, in
 * their own recency map and slab) and, per key and flagged cluster, how many of its end users
 * sent the cluster's content.
 */
import type { Account } from '../account/account.ts';
import type { RequestFacts } from '../signals/request-facts.ts';
import type { RequestSignals } from '../signals/request-signals.ts';
import { round3 } from '../util/round3.ts';
import { FLAG_RISK, type Cluster } from './cluster.ts';
import { scoreOf, type Combined } from './combine-score.ts';
import { FAMILIES } from './detection-schema.ts';
import type { DetectionSettings, LiveSettings } from './detection-settings.ts';
import {
  END_USER_SCORE,
  endUserWindowKey,
  KEY_CLUSTER_END_USERS,
  KEY_END_USERS_FACTOR,
  KeyClusterEndUsers,
  REQUEST_FAMILY_FACTORS,
  requestShows,
} from './end-user-scope.ts';
import { FAMILY_INDEX } from './family-names.ts';
import { observeRequest } from './observe-request.ts';
import { RecencyMap } from './recency-map.ts';
import type { RequestLinks } from './request-links.ts';
import type { Factor, Score } from './score.ts';
import { Slab } from './slab.ts';
import { decayedClusterRisk, foldClusterRisk, STATE_SIZE, Tracked } from './tracked.ts';
import { ACCOUNT_SIZE, advance, newWindow } from './window-state.ts';

const CLUSTER = FAMILY_INDEX.cluster;

export class EndUserScorer {
  private readonly live: LiveSettings;
  /** Windows per (platform account, end user), created with a platform's first end user. */
  private endUsers: RecencyMap<string | number, Tracked> | undefined;
  /** Their scoring state's slab (created with the first). */
  private endUserStates: Slab | undefined;
  /** End users of each platform account linked to each flagged cluster. */
  private keyClusters: KeyClusterEndUsers | undefined;
  /** The detector's clusters by id (read only here). */
  private readonly clusters: readonly (Cluster | undefined)[];
  /** Recomputes an end user's own factors after a request is folded into its window. */
  private readonly refreshOwn: (user: Tracked, now: number) => void;
  /** Scratch: the family activations of the end-user scope's score (activateEndUser). */
  private readonly activation = new Float64Array(FAMILIES.length);
  private readonly combined: Combined = { value: 0, fired: 0, mask: 0 };
  /** activateEndUser's scratch: the key's end users linked to the cluster behind the risk. */
  private keyUsers = 0;
  /** activateEndUser's scratch: that cluster's families the request shows (bits, FAMILIES). */
  private shownByRequest = 0;

  /** The detection settings in force (a reload replaces them for every part at once). */
  get settings(): DetectionSettings {
    return this.live.current;
  }

  constructor(
    live: LiveSettings,
    clusters: readonly (Cluster | undefined)[],
    refreshOwn: (user: Tracked, now: number) => void,
  ) {
    this.live = live;
    this.clusters = clusters;
    this.refreshOwn = refreshOwn;
  }

  /** (Platform account, end user) windows tracked. */
  get size(): number {
    return this.endUsers?.size ?? 0;
  }

  /**
   * Adds the request's score at its end user's scope (end-user-scope.ts) to an account's score,
   * as `end_user.*` factors: the account's own score, families and cluster are unchanged. Judged
   * through the riskiest link that judges the end user's content — except that a harvest shape,
   * which cannot count the request's own harvesting parameters (requestShows), is weighed against
   * the riskiest content link beside it, and the one scoring higher is taken (as composeLinked
   * weighs an app's link against a content link at the account's scope).
   */
  withEndUser(
    score: Score,
    tracked: Tracked,
    signals: RequestSignals,
    now: number,
    found: Pick<RequestLinks, 'userRisk' | 'userId' | 'userTextRisk' | 'userTextId'>,
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

  /** Folds a platform's request into its end user's window (end-user-scope.ts). */
  observeEndUser(
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
    this.refreshOwn(user, now);
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
}
