/**
 * One organisation's cohort inside a cluster (a class, a team sharing one worksheet or prompt):
 * which org's cohort a cluster is, what of its risk reaches that org's accounts, and when a
 * cluster's text is common phrasing — something many established customers write — rather than a
 * campaign's own. cohortOf is read by the batch step (cluster-refresh.ts), commonPhrase when a
 * cluster is scored (cluster-book.ts), countCohortMember as `observe` folds a request in, and
 * cohortRemainder when a request is scored and observed.
 */
import type { Cluster } from './cluster.ts';
import { GENERIC_FULL, ORG_FLOOR } from './provenance.ts';
import { cohortOrgKey, cohortShare } from './window-orgs.ts';

/** Accounts of one org inside a cluster, lately, that make it the org's cohort (cohortOf). */
const COHORT_ACCOUNTS = 3;

/**
 * What of a cluster's risk reaches an account of `org` (its hash; 0: in no org): when the cluster
 * is that org's cohort (cohortOf), the share of its requests from outside the org (established
 * customers of other orgs left out: cohortShare); else all of it. A class pasting its worksheet
 * explains why its members' text matches; what the cluster can hold against them is the
 * evidence from outside their org (a campaign harvesting the same public exercises), whose
 * accounts — in no org, or each in an org of its own — take the whole risk.
 */
export function cohortRemainder(cluster: Cluster, org: number): number {
  const cohort = cluster.cohortFactor;
  return cohort !== undefined && org !== 0 && cluster.cohortOrg === org ? 1 - cohort.value : 1;
}

/**
 * Counts `account` among the accounts of `org`, the cluster's leading org, that sent it requests:
 * up to COHORT_ACCOUNTS distinct ones (the first two kept to tell them apart), started afresh
 * when another org leads. No decay: a cluster a class formed stays its cohort while the class
 * leads it (the share decays with the window).
 */
export function countCohortMember(cluster: Cluster, org: number, account: number): void {
  if (cluster.cohortLead !== org) {
    cluster.cohortLead = org;
    cluster.cohortFirst = account;
    cluster.cohortSecond = 0;
    cluster.cohortSeen = 1;
    return;
  }
  if (cluster.cohortSeen >= COHORT_ACCOUNTS || account === cluster.cohortFirst) return;
  if (cluster.cohortSeen === 1) {
    cluster.cohortSecond = account;
    cluster.cohortSeen = 2;
  } else if (account !== cluster.cohortSecond) cluster.cohortSeen = 3;
}

/**
 * `cluster.org_share`: the share of the linked cluster's requests from the account's own org,
 * whose cohort the cluster is, established customers of other orgs left out (cohortRemainder,
 * cohortShare). Logged, contributing nothing.
 */
const COHORT_FACTOR = 'cluster.org_share';

/**
 * Common phrasing: a cluster whose members are at least GENERIC_FULL established customers (where
 * clusterCoordination's damping is full), and at least COMMON_ESTABLISHED_MEMBERS of them. Its
 * text is something many unrelated people write (a closing line, a tool loop's stock turn), not a
 * campaign's own content, however many made-up accounts also send it: it is no exact template of
 * a campaign (Cluster.specific) and holds no flag. Counted in members, not traffic, so one
 * established key carrying a campaign's stream (a reseller the campaign blends into) cannot make
 * the campaign's templates common; a campaign would need a fifth of its senders to be aged,
 * verified or organisation accounts.
 */
const COMMON_ESTABLISHED_MEMBERS = 2;

/** Whether `established` of `members` make a cluster's text common phrasing (GENERIC_FULL). */
export function commonPhrase(established: number, members: number): boolean {
  return (
    established >= COMMON_ESTABLISHED_MEMBERS - 0.5 &&
    established >= GENERIC_FULL * Math.max(1, members)
  );
}

/** A cluster with at least this share of its requests from one org (oneOrg) is a cohort (joins nothing). */
export const ORG_COHORT_JOINS = 0.5;

/**
 * Whether the cluster is one org's cohort, into `cohortOrg` and `cohortFactor`:
 * at least ORG_COHORT_JOINS of its requests, established customers of other orgs left out,
 * surely that org's (its guaranteed counts among the accounts that are not established
 * customers and among those that are, pooled over the replicas; cohortOrgKey, with ORG_FLOOR's
 * floor over all requests) from at least COHORT_ACCOUNTS of the org's accounts in
 * it (countCohortMember, on this replica) — a class, not one heavy account in an org of its own,
 * nor a campaign that puts a minority of its accounts in one org. Its accounts take 1 − share of its
 * risk (cohortRemainder). No floor: a cluster that is over ORG_COHORT_DAMPED one org's is
 * damped as a whole already (and so never newly flagged), so a floor would only keep a flagged
 * campaign's risk on a class that is most of its cluster (measured on redteam5: the cohort's
 * accounts actioned 1 → 10 and 14 of 60 with a floor of 0.35).
 */
export function cohortOf(cluster: Cluster, window: Float64Array): void {
  const org = cohortOrgKey(window, ORG_COHORT_JOINS, ORG_FLOOR);
  if (org === 0 || cluster.cohortLead !== org || cluster.cohortSeen < COHORT_ACCOUNTS) {
    cluster.cohortOrg = 0;
    cluster.cohortFactor = undefined;
    return;
  }
  cluster.cohortOrg = org;
  const share = cohortShare(window, org);
  // In thousandths, as the table of risky links holds it (scoring and observe read the same).
  const rounded = Math.round(share * 1000) / 1000;
  if (cluster.cohortFactor?.value !== rounded)
    cluster.cohortFactor = { signal: COHORT_FACTOR, value: rounded, contribution: 0 };
}
