/**
 * The clusters the fingerprint index forms, and what is done to them: formed when a fingerprint
 * reaches enough accounts and a young one scored provisionally, as the detector's `observe` folds
 * requests in; scored on a pooled window (coordination × behaviour), flagged so that a risky
 * one's fingerprints outlive the accounts that sent them, and freed when compaction drops them,
 * by the batch step (cluster-refresh.ts, off the request path). Keeps the table of risky links
 * that scoring reads on every request (risky-links.ts). The detector (engine.ts) folds requests
 * into the clusters' windows and reads their risk; everything that changes a cluster's risk or
 * flag is here.
 */
import { commonPhrase, ORG_COHORT_JOINS } from './cluster-cohort.ts';
import {
  FLAG_RISK,
  linkRisk,
  membersSinceBefore,
  newCluster,
  viewOf,
  type Cluster,
  type ClusterView,
} from './cluster.ts';
import type { ClusterEvidence } from './cluster-evidence.ts';
import type { Family } from './detection-schema.ts';
import { PIVOT, combine, familiesOf, showsHarvesting, type Combined } from './combine-score.ts';
import { applyComponent } from './components.ts';
import { windowContext, type DetectionSettings, type LiveSettings } from './detection-settings.ts';
import { behaviourFactors, ramp, type WindowContext } from './families.ts';
import { clusterCoordination, GENERIC_FROM, oneOrg } from './provenance.ts';
import { FamilyScores } from './family-scores.ts';
import { FingerprintIndex } from './fingerprint-index.ts';
import { KeyFilter } from './key-filter.ts';
import {
  LINK_END_USER,
  LINK_SHAPE,
  LINK_SHOWN_ONLY,
  LINK_SPECIFIC,
  RiskyLinks,
} from './risky-links.ts';
import { SKETCH, sketchCount } from './window-state.ts';

/** Clusters tracked at once (cluster ids; the table of risky links is sized for as many). */
const MAX_GROUPS = 16_384;
/**
 * Below this many members a cluster is rescored as each account joins (scoreProvisionally): the
 * coordination ramp saturates at 8 members (provenance.ts), so past it the batch's pace is enough.
 */
const PROVISIONAL_MEMBERS = 8;
/** Bits of the filter of risky clusters' fingerprints (16 KiB; at most MAX_GROUPS keys). */
const RISKY_FILTER_BITS = 1 << 17;

export class ClusterBook {
  private readonly live: LiveSettings;
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
  private readonly seedScratch = new Float64Array(4);
  /** The detector's: shared, so that every window's factors come from one pool (SharedFactors). */
  private readonly scores: FamilyScores;
  /** pooledRisk's scratch: the families its behaviour combined (mask). */
  private readonly combined: Combined = { value: 0, fired: 0, mask: 0 };
  /**
   * Times a cluster's risk reached FLAG_RISK from below (provisionally or in the batch) or a
   * cluster was newly flagged: only grows. A request decided before such a moment may score
   * higher now — the requests in flight compare it to decide whether to look again
   * (Scorer.escalations, pipeline/recheck-in-flight.ts).
   */
  escalations = 0;

  /** The detection settings in force (a reload replaces them for every part at once). */
  get settings(): DetectionSettings {
    return this.live.current;
  }

  constructor(live: LiveSettings, scores: FamilyScores) {
    this.live = live;
    this.scores = scores;
    this.index = new FingerprintIndex(live.current.maxFingerprints);
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
    } else if (risk < FLAG_RISK && cluster.risk >= FLAG_RISK) this.escalations++;
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
  scoreCluster(cluster: Cluster, window: Float64Array, ctx: WindowContext): void {
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
  flagIfRisky(cluster: Cluster, now: number): void {
    if (cluster.risk < FLAG_RISK || cluster.link.app) return;
    if (cluster.flaggedUntil <= now) this.escalations++;
    cluster.flaggedRisk = Math.max(cluster.flaggedRisk, cluster.risk);
    cluster.flaggedUntil = now + this.settings.flagTtl;
  }

  /**
   * Keeps a cluster that may carry risk until the next refresh in the filter scoring reads, and
   * its entry in the table of risky links as it is now (called after every change of its risk or
   * flag); a cluster that carries none leaves the table.
   */
  keepRisky(cluster: Cluster): void {
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

  /** Frees a cluster whose fingerprints compaction dropped (its id is reused by a new one). */
  release(id: number): void {
    const cluster = this.clusters[id];
    if (cluster !== undefined) this.commonKeys.delete(cluster.key);
    this.clusters[id] = undefined;
    this.freeClusters.push(id);
  }

  /** A campaign component's merged window scored as a text-linked cluster's (no cold start). */
  scoreComponentWindow(
    window: Float64Array,
    ctx: WindowContext,
  ): { readonly risk: number; readonly families: readonly Family[] } {
    const risk = this.pooledRisk(window, ctx, true, 0);
    return { risk, families: familiesOf(this.combined.mask) };
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
