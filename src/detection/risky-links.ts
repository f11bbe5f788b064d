/**
 * The scoring path's table of risky clusters (issue 4, score p99): for the forming fingerprint of
 * every cluster whose link risk may be above 0, the cluster's id and what a request's link risk
 * is computed from — its risk, flagged risk and flag expiry, and whether its link is specific
 * (an exact template) or judges an end user's content. One entry is one 64-byte cache line.
 *
 * Why: a cluster member's request links to several of its campaign's clusters (skeleton, head,
 * tail, frames, bands…). Looked up through the fingerprint index, each link cost a probe of the
 * multi-megabyte key table, its group array, the cluster object and the link-kind object — cache
 * misses on the decision path. Here each link is one line of a table that holds only risky
 * clusters (a few hundred entries where the index holds ~100,000 keys), so the lines members
 * touch stay hot; only the winning cluster's object is read, to compose the score.
 *
 * The entries are copies: the detector writes a cluster's entry whenever its risk or flag changes
 * and removes it when the cluster stops carrying risk or its fingerprint leaves the index, so a
 * lookup sees exactly what the cluster object holds. Open addressing with linear probing, removal
 * by backward shift (no tombstones: probe lengths stay short however many clusters come and go).
 * Grows by doubling, up to room for `maxEntries` (each cluster has one forming fingerprint, so
 * the detector's cluster limit bounds it).
 */

/**
 * Float64 slots per entry: key, cluster id, risk, flagged risk, flagged until, link flags, members,
 * cohort (the org whose cohort the cluster is and that org's share of its requests, in
 * thousandths, packed: org + thousandths × 2³²; exact in a double).
 */
const STRIDE = 8;
const KEY = 0;
const ID = 1;
const RISK = 2;
const FLAGGED_RISK = 3;
const FLAGGED_UNTIL = 4;
const FLAGS = 5;
const MEMBERS = 6;
const COHORT = 7;
const TWO_32 = 4_294_967_296;
/** Slots before the first growth. */
const INITIAL_SLOTS = 64;

/** The link is an exact template's (a flagged cluster's risk reaches an account whole). */
export const LINK_SPECIFIC = 1;
/** The link judges an end user's own content (the end-user scope, end-user-scope.ts). */
export const LINK_END_USER = 2;
/** The link lends only the families the request shows (an app's prompt or tools, timing). */
export const LINK_SHOWN_ONLY = 4;
/**
 * The link is a harvest shape (made of the request's harvesting parameters): at the end-user
 * scope it cannot count the request's own harvest (end-user-scope.ts requestShows).
 */
export const LINK_SHAPE = 8;

/** What a link lends, in increasing order (RiskyLinks.lends). */
export const LENDS_NONE = 0;
export const LENDS_SHOWN = 1;
export const LENDS_ALL = 2;
export type Lending = typeof LENDS_NONE | typeof LENDS_SHOWN | typeof LENDS_ALL;

export class RiskyLinks {
  private readonly maxSlots: number;
  private table = new Float64Array(INITIAL_SLOTS * STRIDE);
  private mask = INITIAL_SLOTS - 1;
  private count = 0;

  /** `maxEntries`: at most this many keys are ever held at once (a bug otherwise). */
  constructor(maxEntries: number) {
    if (!(maxEntries >= 1))
      throw new RangeError(`risky links hold at least 1 entry (got ${maxEntries})`);
    let slots = INITIAL_SLOTS;
    while (slots < maxEntries * 2) slots *= 2;
    this.maxSlots = slots;
  }

  get size(): number {
    return this.count;
  }

  /** Slots allocated (tests: the table grows with its entries, within its bound). */
  get slots(): number {
    return this.mask + 1;
  }

  /** The entry of `key` (an offset for the readers below), or -1 when it has none. */
  find(key: number): number {
    const table = this.table;
    const mask = this.mask;
    let slot = (key ^ (key / 4_294_967_296)) & mask;
    for (;;) {
      const at = slot * STRIDE;
      const found = table[at + KEY] ?? 0;
      if (found === key) return at;
      if (found === 0) return -1;
      slot = (slot + 1) & mask;
    }
  }

  /** The cluster id of the entry at `at`. */
  clusterId(at: number): number {
    return this.table[at + ID] ?? -1;
  }

  /** The cluster's current link risk (heldRisk). */
  linkRisk(at: number, now: number): number {
    const table = this.table;
    return heldRisk(
      table[at + RISK] ?? 0,
      table[at + FLAGGED_RISK] ?? 0,
      table[at + FLAGGED_UNTIL] ?? 0,
      now,
    );
  }

  /** Whether the link's risk reaches an account whole (reachesWhole). */
  specificFlagged(at: number, now: number): boolean {
    const table = this.table;
    return reachesWhole(
      ((table[at + FLAGS] ?? 0) & LINK_SPECIFIC) !== 0,
      table[at + FLAGGED_UNTIL] ?? 0,
      now,
    );
  }

  /**
   * Whether the cluster is flagged at `now`: the table's copy of its flag, which
   * ClusterBook.keepRisky (cluster-book.ts) rewrites in the same step as every change of it — so
   * scoring reads it from the line it has just read, not from the cluster object (a double there
   * is a box of its own: two cache misses on a cluster the decision path rarely sees).
   */
  flagged(at: number, now: number): boolean {
    return (this.table[at + FLAGGED_UNTIL] ?? 0) > now;
  }

  /** The link judges an end user's own content. */
  endUser(at: number): boolean {
    return ((this.table[at + FLAGS] ?? 0) & LINK_END_USER) !== 0;
  }

  /** The link is a harvest shape (LINK_SHAPE). */
  shape(at: number): boolean {
    return ((this.table[at + FLAGS] ?? 0) & LINK_SHAPE) !== 0;
  }

  /**
   * What the link lends a score (compose): LENDS_NONE (infrastructure), LENDS_SHOWN (the families
   * the request shows) or LENDS_ALL (the cluster's pooled families).
   */
  lends(at: number): Lending {
    const flags = this.table[at + FLAGS] ?? 0;
    return (flags & LINK_END_USER) !== 0
      ? LENDS_ALL
      : (flags & LINK_SHOWN_ONLY) !== 0
        ? LENDS_SHOWN
        : LENDS_NONE;
  }

  /** The link is a campaign's exact template (it lends the cluster's provenance too). */
  specific(at: number): boolean {
    return ((this.table[at + FLAGS] ?? 0) & LINK_SPECIFIC) !== 0;
  }

  /** The cluster's distinct accounts as of its last scoring (a tie between equally risky links). */
  members(at: number): number {
    return this.table[at + MEMBERS] ?? 0;
  }

  /**
   * What of the cluster's risk reaches an account of `org` (its hash; 0: in no org): for the org
   * whose cohort the cluster is, the share of its requests from outside that org; for any other,
   * all of it (cluster-cohort.ts cohortRemainder).
   */
  outsideOrg(at: number, org: number): number {
    if (org === 0) return 1;
    const packed = this.table[at + COHORT] ?? 0;
    const thousandths = Math.floor(packed / TWO_32);
    return packed - thousandths * TWO_32 === org ? 1 - thousandths / 1000 : 1;
  }

  /** Adds or overwrites the entry of `key` (nonzero). */
  set(
    key: number,
    id: number,
    risk: number,
    flaggedRisk: number,
    flaggedUntil: number,
    flags: number,
    members: number,
    cohortOrg = 0,
    cohortShare = 0,
  ): void {
    let at = this.find(key);
    if (at < 0) {
      if ((this.count + 1) * 2 > this.slots) this.grow();
      at = this.emptyFor(key);
      this.count++;
    }
    const table = this.table;
    table[at + KEY] = key;
    table[at + ID] = id;
    table[at + RISK] = risk;
    table[at + FLAGGED_RISK] = flaggedRisk;
    table[at + FLAGGED_UNTIL] = flaggedUntil;
    table[at + FLAGS] = flags;
    table[at + MEMBERS] = members;
    table[at + COHORT] = cohortOrg === 0 ? 0 : cohortOrg + Math.round(cohortShare * 1000) * TWO_32;
  }

  /** Removes the entry of `key`, if it has one. */
  delete(key: number): void {
    const at = this.find(key);
    if (at < 0) return;
    const table = this.table;
    const mask = this.mask;
    // Backward shift: later entries of the probe run move up into the hole when their home slot
    // does not lie (cyclically) between the hole and themselves.
    let hole = at / STRIDE;
    let slot = hole;
    for (;;) {
      slot = (slot + 1) & mask;
      const key = table[slot * STRIDE + KEY] ?? 0;
      if (key === 0) break;
      const home = (key ^ (key / 4_294_967_296)) & mask;
      const stays = hole <= slot ? hole < home && home <= slot : hole < home || home <= slot;
      if (stays) continue;
      table.copyWithin(hole * STRIDE, slot * STRIDE, slot * STRIDE + STRIDE);
      hole = slot;
    }
    table.fill(0, hole * STRIDE, hole * STRIDE + STRIDE);
    this.count--;
  }

  /** The empty slot where `key` (not held) goes. */
  private emptyFor(key: number): number {
    const table = this.table;
    const mask = this.mask;
    let slot = (key ^ (key / 4_294_967_296)) & mask;
    while ((table[slot * STRIDE + KEY] ?? 0) !== 0) slot = (slot + 1) & mask;
    return slot * STRIDE;
  }

  private grow(): void {
    const slots = this.slots * 2;
    if (slots > this.maxSlots) throw new Error('risky links: more entries than clusters');
    const old = this.table;
    this.table = new Float64Array(slots * STRIDE);
    this.mask = slots - 1;
    for (let at = 0; at < old.length; at += STRIDE) {
      const key = old[at + KEY] ?? 0;
      if (key === 0) continue;
      this.table.set(old.subarray(at, at + STRIDE), this.emptyFor(key));
    }
  }
}

/**
 * A cluster's link risk: its risk, held up by its flag while it lasts. The one formula for the
 * cluster objects (cluster.ts) and this table's lines.
 */
export function heldRisk(
  risk: number,
  flaggedRisk: number,
  flaggedUntil: number,
  now: number,
): number {
  return flaggedUntil > now ? Math.max(risk, flaggedRisk) : risk;
}

/**
 * Whether a link's risk reaches an account whole rather than its `transfer` share: the link is a
 * flagged cluster's exact template, which judges the request's content, not its sender.
 */
export function reachesWhole(specific: boolean, flaggedUntil: number, now: number): boolean {
  return specific && flaggedUntil > now;
}
