/**
 * An account's standing as the detector reads it from the account's own facts: whether it is an
 * established customer (old, and verified or in an org), how much of a linked cluster's risk
 * reaches it, and its org's hash as clusters count orgs. Pure; read on every request.
 */
import type { Account } from '../account/account.ts';
import { hashString } from '../signals/hash.ts';

/**
 * An established account — old, and verified or part of an org — that shares a fingerprint with
 * a cluster of made-up accounts takes this much of the cluster's risk on that request: sharing a
 * phrase with a hydra is weaker evidence against it than against a week-old anonymous account.
 * Age alone is no standing: 0.8 for accounts 90 days old, unverified and in no org, was measured
 * and dropped (loadtest/DETECTION.md, stop 44). A campaign's flagged exact template reaches every
 * account whole (linksOf).
 */
const ESTABLISHED_TRANSFER = 0.6;
const ESTABLISHED_DAYS = 90;

/** The hash of the account's org (0: in no org), as the clusters' org summaries count it. */
export function orgHashOf(account: Account): number {
  return account.org === undefined ? 0 : hashString(account.org);
}

/** An established customer: at least ESTABLISHED_DAYS old, and verified or in an org. */
export function isEstablished(account: Account): boolean {
  return (
    account.ageDays !== undefined &&
    account.ageDays >= ESTABLISHED_DAYS &&
    (account.verified || account.org !== undefined)
  );
}

/** How much of a linked cluster's risk reaches `account` (ESTABLISHED_TRANSFER). */
export function linkTransfer(account: Account): number {
  return isEstablished(account) ? ESTABLISHED_TRANSFER : 1;
}
