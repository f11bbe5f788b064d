/**
 * Campaign components: clusters joined through the accounts they share. A cluster is the accounts
 * behind one fingerprint, so a campaign whose accounts each word the task their own way splits
 * into many small clusters (loadtest/DETECTION.md, "Red team"); the accounts that link to two of
 * them say they are one campaign. Built in the refresh, off the request path, from each joinable
 * cluster's sample of members and the clusters each of those linked to lately.
 *
 * Chaining is the danger: one person who happens to share a phrase with a campaign would join
 * everything else that person wrote to it. So two clusters join only when at least `MIN_BRIDGES`
 * sightings of shared accounts connect them (a bridge is counted from each side that samples it:
 * one account alone reaches two), and the engine lets only unestablished accounts bridge and only
 * clusters formed by the turn's own text, under 5 % established members and not one org's cohort,
 * take part (cluster-book.ts, scoreCluster). Off unless `detection.campaign_components`.
 *
 * Also here, the components' side of a cluster: the sample of members it keeps as requests are
 * observed (sampleMember, O(1) a request), the bridges they make (bridgeTo), a component's
 * merged window counted once (countOnce), and the risk a cluster takes from its component
 * (applyComponent).
 */

import type { Cluster } from './cluster.ts';
import type { Family } from './detection-schema.ts';
import { FAMILY_INDEX } from './family-names.ts';
import { familiesOf } from './combine-score.ts';
import type { WindowContext } from './families.ts';
import type { Tracked } from './tracked.ts';
import { requestsAt, scaleDecayed, W } from './window-state.ts';

/** Sightings of shared accounts before two clusters join (two per account seen from both). */
export const MIN_BRIDGES = 3;

/** Union-find over cluster ids with bridge counting; reused between refreshes. */
export class Components {
  private parent = new Int32Array(0);
  private readonly bridges = new Map<number, number>();
  private stride = 0;

  /** Starts a new pass over `size` cluster ids, each its own component. */
  reset(size: number): void {
    if (this.parent.length < size) this.parent = new Int32Array(Math.max(size, 64));
    for (let i = 0; i < size; i++) this.parent[i] = i;
    this.stride = size;
    this.bridges.clear();
  }

  /** One sighting of an account linking clusters `a` and `b`; joins them at MIN_BRIDGES. */
  bridge(a: number, b: number): void {
    if (a === b || a < 0 || b < 0 || a >= this.stride || b >= this.stride) return;
    const key = a < b ? a * this.stride + b : b * this.stride + a;
    const count = (this.bridges.get(key) ?? 0) + 1;
    this.bridges.set(key, count);
    if (count === MIN_BRIDGES) this.union(a, b);
  }

  find(x: number): number {
    const parent = this.parent;
    let root = x;
    while ((parent[root] ?? root) !== root) root = parent[root] ?? root;
    // Path compression: every node on the way points at the root.
    while (x !== root) {
      const next = parent[x] ?? root;
      parent[x] = root;
      x = next;
    }
    return root;
  }

  /** The components of two or more of `ids`, each a list of ids (in `ids` order). */
  groups(ids: readonly number[]): number[][] {
    const byRoot = new Map<number, number[]>();
    for (const id of ids) {
      const root = this.find(id);
      const group = byRoot.get(root);
      if (group === undefined) byRoot.set(root, [id]);
      else group.push(id);
    }
    return [...byRoot.values()].filter((group) => group.length >= 2);
  }

  private union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    // The smaller id becomes the root: components come out the same whatever the bridge order.
    if (ra < rb) this.parent[rb] = ra;
    else this.parent[ra] = rb;
  }
}

/** Members a cluster keeps as its sample (who may bridge it to other clusters). */
const SAMPLE_SIZE = 8;

/**
 * Keeps `tracked` in the cluster's sample: one slot per hash bucket, holding the member with the
 * lowest hash seen for it — a stable sample whatever the order members arrive in, O(1) a request.
 */
export function sampleMember(cluster: Cluster, tracked: Tracked): void {
  const sample = (cluster.sample ??= []);
  const hashes = (cluster.sampleHashes ??= []);
  const slot = tracked.hash & (SAMPLE_SIZE - 1);
  const held = hashes[slot];
  if (held !== undefined && held <= tracked.hash) return;
  sample[slot] = tracked.key;
  hashes[slot] = tracked.hash;
}

/** One sighting of a member linking `cluster` to `other`, if `other` is live and joinable. */
export function bridgeTo(
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
export function countOnce(
  window: Float64Array,
  members: readonly Cluster[],
  ctx: WindowContext,
): void {
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
