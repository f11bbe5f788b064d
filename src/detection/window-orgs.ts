/**
 * The orgs of a cluster's pooled window (window-state.ts): which org's accounts send its requests
 * — a 2-entry Space-Saving summary over the requests of accounts that are not established
 * customers, and a majority counter over established customers' — and what the cohort and
 * one-org rules read of them (provenance.ts oneOrg, cluster-cohort.ts): shares an org surely sent,
 * the org that leads, and whether it reaches a cohort's share.
 */
import { ORG_K, spaceSavingAdd, W } from './window-state.ts';

/**
 * Counts a cluster request's org (its hash, nonzero) in a 2-entry Space-Saving summary that also
 * keeps what each entry inherited (its error): read with topOrgShare. Only requests of accounts
 * that are not established customers are counted (the caller counts the others in ESTABLISHED,
 * and their org with establishedOrgAdd); requests from accounts in no org are not counted either
 * (they lower that share).
 */
export function orgAdd(s: Float64Array, org: number): void {
  const taken = spaceSavingAdd(s, W.ORG_COUNT, W.ORG_KEY, ORG_K, org);
  if (taken >= 0) s[W.ORG_ERROR + taken] = (s[W.ORG_COUNT + taken] ?? 0) - 1;
}

/**
 * Counts an established customer's request by its org (its hash; 0: in no org) in a majority
 * counter (Boyer–Moore over decayed counts): the held org gains one, any other org's request, or
 * one from no org, takes one away, and an org takes the counter over when less than one request
 * is left on it. So the count is a lower bound of the held org's requests in the window, exact
 * when only its accounts send (a team behind its NAT), and a heavy app beside a class holds it
 * without touching the class's summary (orgAdd).
 */
export function establishedOrgAdd(s: Float64Array, org: number): void {
  const count = s[W.EST_ORG_COUNT] ?? 0;
  if (org !== 0 && s[W.EST_ORG_KEY] === org) s[W.EST_ORG_COUNT] = count + 1;
  else if (count >= 1) s[W.EST_ORG_COUNT] = count - 1;
  else if (org !== 0) {
    s[W.EST_ORG_KEY] = org;
    s[W.EST_ORG_COUNT] = 1;
  } else s[W.EST_ORG_COUNT] = 0;
}

/**
 * The share of the window's requests from accounts that are not established customers (old, and
 * verified or in an org) that one org surely sent: the largest of the summary's guaranteed counts
 * (count − inherited) over those requests. Exact for an org that held its entry all along (a
 * class's); near 0 when orgs keep replacing each other (a crowd of one-account orgs fills both
 * entries with inherited counts, and neither is any org's). What oneOrg reads for the rules that
 * reach a whole cluster (its coordination's damping, joining no campaign component).
 *
 * Why established customers' requests are left out: they are no made-up accounts, and whether a
 * crowd of young accounts is one org's cohort (a class) is a question about those accounts. A
 * verified tutoring app or router sending the same public exercises as a class — at a hundred
 * requests a minute, half the cluster's requests from three accounts — made the class a minority
 * of its own cluster by request count, and the cluster a coordinated crowd of strangers
 * (loadtest/DETECTION.md, 2026-12-06). What established customers send is read where it matters
 * (clusterCoordination's generic damping, commonPhrase), and an org's own count toward its
 * cohort (cohortOrgKey).
 */
export function topOrgShare(s: Float64Array): number {
  // Below a hundredth of a request (all of it established customers', up to rounding): none.
  return orgShareOver(s, youngRequests(s), 0.01);
}

/** The share of all the window's requests, established customers' too, that topOrgShare's org surely sent. */
export function topOrgShareOfAll(s: Float64Array): number {
  return orgShareOver(s, s[W.N] ?? 0, 0);
}

/** What the leading org surely sent over `n` requests (0 when `n` is at most `least`, or no org leads). */
function orgShareOver(s: Float64Array, n: number, least: number): number {
  const k = topOrgEntry(s);
  return k < 0 ? 0 : shareOf(orgSure(s, k), n, least);
}

/** `sure` over `base`, at most 1; 0 when `base` is at most `least`. */
function shareOf(sure: number, base: number, least: number): number {
  return base <= least ? 0 : Math.min(1, sure / base);
}

/** The org topOrgShare reads (its hash), or 0 when no org has a guaranteed request in the window. */
export function topOrgKey(s: Float64Array): number {
  const k = topOrgEntry(s);
  return k < 0 ? 0 : (s[W.ORG_KEY + k] ?? 0);
}

/**
 * The org whose cohort the window may be (its hash; 0: none): the org that leads the requests of
 * accounts that are not established customers (topOrgKey) if at least `share` of them and of its
 * own established customers' are its, and ORG_FLOOR × `share` of all the requests (cohortShare,
 * cohortShareOfAll); else the org that leads established customers' requests if it reaches the
 * same; else 0. A class first (with its teacher's requests), and a team of established
 * colleagues where no class is: a verified app beside a class holds the established counter, not
 * the class's place.
 */
export function cohortOrgKey(s: Float64Array, share: number, floor: number): number {
  return cohortCandidate(s, share, floor, false);
}

/**
 * The org whose accounts a cluster counts toward its cohort (cluster-cohort.ts countCohortMember): the one
 * cohortOrgKey reads, else the org that leads the young accounts' requests, else the one that
 * holds the established counter — the org becoming its cohort, counted before it reaches `share`.
 */
export function leadingOrgKey(s: Float64Array, share: number, floor: number): number {
  return cohortCandidate(s, share, floor, true);
}

/** cohortOrgKey, and with `leading` leadingOrgKey's fallback: the young leader read once. */
function cohortCandidate(s: Float64Array, share: number, floor: number, leading: boolean): number {
  const young = topOrgKey(s);
  if (young !== 0 && reaches(s, young, share, floor)) return young;
  const held = (s[W.EST_ORG_COUNT] ?? 0) > 0 ? (s[W.EST_ORG_KEY] ?? 0) : 0;
  if (held !== young && held !== 0 && reaches(s, held, share, floor)) return held;
  return !leading ? 0 : young !== 0 ? young : (s[W.EST_ORG_KEY] ?? 0);
}

/** cohortShare ≥ `share` and cohortShareOfAll ≥ `floor` × `share`, `org`'s counts read once. */
function reaches(s: Float64Array, org: number, share: number, floor: number): boolean {
  const own = ownEstablished(s, org);
  const sure = youngSure(s, org) + own;
  return (
    shareOf(sure, youngRequests(s) + own, 0.01) >= share &&
    shareOf(sure, s[W.N] ?? 0, 0) >= floor * share
  );
}

/**
 * `org`'s share of the window's requests, established customers of other orgs left out: what it
 * surely sent (its guaranteed counts among accounts that are not established customers and among
 * those that are) over the requests of accounts that are not established customers and its own
 * established ones. An org's own established accounts are its cohort as much as its young ones
 * (a team behind its NAT); another org's say nothing of whether a crowd is one org's.
 */
export function cohortShare(s: Float64Array, org: number): number {
  const own = ownEstablished(s, org);
  return shareOf(youngSure(s, org) + own, youngRequests(s) + own, 0.01);
}

/** `org`'s guaranteed share of all the window's requests (cohortShare's floor). */
export function cohortShareOfAll(s: Float64Array, org: number): number {
  return shareOf(youngSure(s, org) + ownEstablished(s, org), s[W.N] ?? 0, 0);
}

/** Requests of accounts that are not established customers (never below 0 after rounding). */
function youngRequests(s: Float64Array): number {
  return Math.max(0, (s[W.N] ?? 0) - (s[W.ESTABLISHED] ?? 0));
}

/** What `org` surely sent among accounts that are not established customers (0: not held). */
function youngSure(s: Float64Array, org: number): number {
  for (let k = 0; k < ORG_K; k++) if (s[W.ORG_KEY + k] === org) return Math.max(0, orgSure(s, k));
  return 0;
}

/** What `org`'s established customers surely sent (0: it does not hold the counter). */
function ownEstablished(s: Float64Array, org: number): number {
  return org !== 0 && s[W.EST_ORG_KEY] === org ? Math.max(0, s[W.EST_ORG_COUNT] ?? 0) : 0;
}

/** What entry `k` of the org summary surely counted: its count less what it inherited. */
function orgSure(s: Float64Array, k: number): number {
  return (s[W.ORG_COUNT + k] ?? 0) - (s[W.ORG_ERROR + k] ?? 0);
}

/** The org summary's entry of the largest guaranteed count (the first on a tie), -1: none above 0. */
function topOrgEntry(s: Float64Array): number {
  let top = 0;
  let at = -1;
  for (let k = 0; k < ORG_K; k++) {
    const sure = orgSure(s, k);
    if (sure > top) {
      top = sure;
      at = k;
    }
  }
  return at;
}
