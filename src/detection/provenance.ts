/**
 * Who sends, from a window (window-state.ts): an account's provenance — its age, verification and
 * onboarding programme, its IP prefixes and clients — and a cluster's coordination — how many
 * accounts, how made-up they look, whether they are one org's or established customers' (common
 * phrasing), and a campaign's cold start. Pure functions of the aggregates and the account's facts.
 */
import type { FamilyScores } from './family-scores.ts';
import { ramp, type WindowContext } from './families.ts';
import { sketchCount, SKETCH, W } from './window-state.ts';
import { topOrgShare, topOrgShareOfAll } from './window-orgs.ts';

/** Programmes the public reports name as abused onboarding paths. */
export const ABUSED_PROGRAMMES: ReadonlySet<string> = new Set([
  'education',
  'research',
  'startup',
  'student',
  'academic',
  'trial',
  'credits',
]);
export const YOUNG_DAYS = 30;

export interface AccountFacts {
  readonly ageDays: number | undefined;
  readonly verified: boolean;
  readonly programme: string | undefined;
}

/** The factor of an account's age (with its verification and onboarding programme). */
export const AGE_FACTOR = 'provenance.account_age_days';

/** How young and unvouched-for an account of `ageDays` is: its age factor's activation. */
export function ageActivation(ageDays: number, facts: AccountFacts): number {
  const young = ramp(ageDays, YOUNG_DAYS, 1);
  const abused = facts.programme !== undefined && ABUSED_PROGRAMMES.has(facts.programme);
  return young * (facts.verified ? 0.3 : 1) * (abused ? 1 : 0.75);
}

/** Provenance of one account: age, verification, onboarding programme, IP and client rotation. */
export function accountProvenance(
  s: Float64Array,
  facts: AccountFacts,
  ctx: WindowContext,
  out: FamilyScores,
): void {
  if (facts.ageDays !== undefined)
    out.add('provenance', AGE_FACTOR, facts.ageDays, ageActivation(facts.ageDays, facts));
  const n = s[W.N] ?? 0;
  const evidence = ramp(n, 1, ctx.minRequests);
  const prefixes = sketchCount(s, SKETCH.ipPrefix);
  out.add('provenance', 'provenance.ip_prefixes', prefixes, ramp(prefixes, 2, 6) * evidence);
  const clients = sketchCount(s, SKETCH.client);
  out.add('provenance', 'provenance.clients', clients, ramp(clients, 2, 4) * evidence);
}

/**
 * Provenance and coordination of a cluster's pooled window: how many accounts, how young and
 * unverified, how many arrive through abused programmes, IP prefixes and clients per member.
 * Returns the coordination strength in [0, 1] (size × the share of accounts that look made-up);
 * one organisation's accounts coordinating is what organisations do, so a single-org cluster is
 * damped. `coldStartMembers` (0: none) are the members a cold start counts (coldStartSize).
 */
export function clusterCoordination(
  s: Float64Array,
  ctx: WindowContext,
  out: FamilyScores,
  coldStartMembers = 0,
): number {
  const n = s[W.N] ?? 0;
  if (n <= 0) return 0;
  const members = sketchCount(s, SKETCH.member);
  const young = (s[W.YOUNG] ?? 0) / n;
  const unverified = (s[W.UNVERIFIED] ?? 0) / n;
  const size = Math.max(
    ramp(members, 2.5, 8),
    coldStartMembers > 0 ? coldStartSize(s, ctx, coldStartMembers, young * unverified) : 0,
  );
  const programme = (s[W.PROGRAMME] ?? 0) / n;
  const prefixesPerMember = sketchCount(s, SKETCH.ipPrefix) / Math.max(1, members);
  const rotation = ramp(prefixesPerMember, 1.2, 3);
  out.add('provenance', 'provenance.young_share', young, young * unverified);
  out.add('provenance', 'provenance.programme_share', programme, programme * young);
  out.add('provenance', 'provenance.ip_prefixes_per_member', prefixesPerMember, rotation);
  const singleOrg = oneOrg(s, ORG_COHORT_DAMPED);
  const madeUp = Math.max(young * unverified, rotation, programme * young);
  // A key that established customers use too is generic (an SDK's default system prompt, a
  // common phrasing), however much a hydra also sends it: its risk must not reach them.
  const established = sketchCount(s, SKETCH.established) / Math.max(1, members);
  const generic = ramp(established, GENERIC_FROM, GENERIC_FULL);
  return size * (0.35 + 0.65 * madeUp) * (singleOrg ? 0.35 : 1) * (1 - 0.7 * generic);
}

/**
 * The share of a cluster's members that are established customers from which its key is generic
 * (clusterCoordination's damping starts; cluster-book.ts: it joins no campaign component), and at which
 * it is fully so (the damping is full; cluster-cohort.ts: common phrasing, no campaign's exact template).
 */
export const GENERIC_FROM = 0.05;
export const GENERIC_FULL = 0.2;

/**
 * The pooled window is one organisation's (a class, a team): at least `share` of its requests
 * from accounts that are not established customers come from one org's accounts (topOrgShare),
 * and at least ORG_FLOOR × `share` of all its requests. A share, not "no other org": a public
 * exercise that a class shares is also sent by a stranger now and then, and one such request
 * from another org must not turn a class into strangers coordinating. The floor: established
 * customers' traffic beside a class (a tutoring app's) does not make it strangers, but a young
 * org's accounts sending a small part of a cluster whose bulk comes through aged keys are no
 * class's cohort either. An org's own established accounts are not counted here: they count
 * toward its cohort where only its own accounts' risk is at stake (window-orgs.ts cohortOrgKey),
 * while what reaches the whole cluster (this damping, joining no campaign component) is read
 * among the accounts that are not established — so a campaign's aged keys in one org, however
 * much they send, damp nothing for its young accounts.
 */
export function oneOrg(s: Float64Array, share: number): boolean {
  return topOrgShare(s) >= share && topOrgShareOfAll(s) >= ORG_FLOOR * share;
}

/** How far established customers' requests may dilute an org's share of all a cluster's (oneOrg). */
export const ORG_FLOOR = 0.5;

/** The share of a cluster's requests from one org (oneOrg) at which its coordination is damped. */
const ORG_COHORT_DAMPED = 0.8;

/**
 * A campaign's cold start: its workers come up together, on fresh accounts. A cluster whose
 * pooled requests come from young, unverified accounts (`fresh`, the young × unverified share)
 * and which formed within a tenth of the window counts as full-size from COLD_START_MEMBERS
 * `members` — counted from the first account that used its fingerprint, before the cluster
 * formed — where the ordinary ramp wants 8 members of its pooled window (which counts from the
 * third). It brings forward what that ramp decides a few members later; what it newly exposes is
 * a small, fresh, fast-forming group. The caller applies it only when the pooled behaviour shows
 * a harvesting family (harvest, elicitation, grading or agentic — not a crowd merely sharing a
 * template) and no established customer used the fingerprint before the cluster formed. Fades
 * out between a tenth and a fifth of the window after forming, by when the ordinary ramp counts.
 */
export function coldStartSize(
  s: Float64Array,
  ctx: WindowContext,
  members: number,
  fresh: number,
): number {
  const span = ctx.now - (s[W.FIRST] ?? ctx.now);
  const burst = ramp(span, ctx.window / 5, ctx.window / 10);
  return ramp(members, 2.5, COLD_START_MEMBERS) * ramp(fresh, 0.7, 0.9) * burst;
}

/** Members from which a fresh, fast-forming harvesting cluster counts as full-size. */
export const COLD_START_MEMBERS = 5;
