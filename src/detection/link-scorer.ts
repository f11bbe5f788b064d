/**
 * A request's links to risky clusters and the score through them, for the detector's `score`
 * (engine.ts): the strongest link of each lending class from the table of risky links (linksOf),
 * the one the score is composed through (chooseLink: the riskiest, or a content link that lends
 * more beside an app's or a timing link), and that score — the one composed ahead when every input
 * of it is unchanged (linked-score.ts), else composed on the call (score-composer.ts). After
 * `observe`, the score a member's next request gets is composed ahead (prepareLinkedScore).
 */
import type { Account } from '../account/account.ts';
import type { RequestSignals } from '../signals/request-signals.ts';
import type { Cluster } from './cluster.ts';
import type { DetectionSettings, LiveSettings } from './detection-settings.ts';
import { shownFamilies } from './end-user-scope.ts';
import type { KeyFilter } from './key-filter.ts';
import { LinkedScore } from './linked-score.ts';
import {
  chosenCluster,
  chosenFlagged,
  chosenRisk,
  collectKeys,
  newRequestLinks,
  SPECIFIC_RANK,
  type RequestLinks,
} from './request-links.ts';
import { LENDS_ALL, LENDS_NONE, LENDS_SHOWN, type RiskyLinks } from './risky-links.ts';
import type { Score } from './score.ts';
import type { ScoreComposer } from './score-composer.ts';
import type { Tracked } from './tracked.ts';

export class LinkScorer {
  private readonly live: LiveSettings;
  /** The cluster book's (cluster-book.ts): read here, never written. */
  private readonly riskyKeys: KeyFilter;
  private readonly riskyLinks: RiskyLinks;
  private readonly clusters: readonly (Cluster | undefined)[];
  private readonly composer: ScoreComposer;
  /** Scratch: the request's fingerprints (collectKeys), and what linksOf found of them. */
  private readonly keys = new Float64Array(16);
  private readonly found: RequestLinks = newRequestLinks();

  /** The detection settings in force (a reload replaces them for every part at once). */
  get settings(): DetectionSettings {
    return this.live.current;
  }

  constructor(
    live: LiveSettings,
    book: {
      readonly riskyKeys: KeyFilter;
      readonly riskyLinks: RiskyLinks;
      readonly clusters: readonly (Cluster | undefined)[];
    },
    composer: ScoreComposer,
  ) {
    this.live = live;
    this.riskyKeys = book.riskyKeys;
    this.riskyLinks = book.riskyLinks;
    this.clusters = book.clusters;
    this.composer = composer;
  }

  /**
   * The request's strongest link to a risky cluster of each lending class (`lendRisk`, `lendId`),
   * from the table of risky links: as it reaches the account (`transfer`), and, `forEndUser`,
   * whole through a link that judges an end user's content (`userRisk`, `userId`; the riskiest
   * that is no harvest shape: `userTextRisk`, `userTextId`). Written into
   * one scratch object.
   */
  linksOf(
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
  composeLinked(
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
   * decays with time, was the stronger (no later score equals it). `timing`: the timing
   * fingerprint its next request would carry (account-timing.ts timingOf).
   */
  prepareLinkedScore(
    tracked: Tracked,
    account: Account,
    signals: RequestSignals,
    transfer: number,
    now: number,
    timing: number,
  ): void {
    const weights = this.settings.weights;
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
}
