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
 * take part (engine.ts, scoreCluster). Off unless `detection.campaign_components`.
 */

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
