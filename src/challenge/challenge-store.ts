/**
 * Accounts under a verification challenge: after a challenge rule answered one of its requests
 * with 403 and the verification URL, the account continues at the challenge tier until it is
 * verified (the configured label, or `verified`) or the challenge expires. One interface, so a
 * Redis store shares challenges between replicas (src/redis/redis-challenge-store.ts); this one
 * lives in the process, bounded.
 */
import type { Account } from '../account/account.ts';

export interface ChallengeStore {
  /** Whether the account is under a challenge at `now`. */
  isChallenged(account: string, now: number): boolean;
  /** Puts the account under a challenge until `until` (a challenge lasting longer is kept). */
  challenge(account: string, until: number): void;
  size(): number;
}

export class MemoryChallengeStore implements ChallengeStore {
  private readonly until = new Map<string, number>();
  private readonly maxAccounts: number;

  constructor(maxAccounts: number) {
    this.maxAccounts = maxAccounts;
  }

  isChallenged(account: string, now: number): boolean {
    if (this.until.size === 0) return false;
    const until = this.until.get(account);
    if (until === undefined) return false;
    if (until > now) return true;
    this.until.delete(account);
    return false;
  }

  /** Puts the account under a challenge until `until` (a challenge lasting longer is kept). */
  challenge(account: string, until: number): void {
    if ((this.until.get(account) ?? 0) >= until) return;
    this.until.delete(account);
    this.until.set(account, until);
    // Past the bound the oldest challenge goes first: its account is back at its own tier.
    if (this.until.size > this.maxAccounts) {
      const oldest = this.until.keys().next().value;
      if (oldest !== undefined) this.until.delete(oldest);
    }
  }

  size(): number {
    return this.until.size;
  }

  /** Accounts under a challenge beyond `now`, with its end. */
  *challenged(now: number): IterableIterator<[account: string, until: number]> {
    for (const entry of this.until) if (entry[1] > now) yield entry;
  }
}

/** Verified for a challenge: the account's own flag, or the label an operator sets. */
export function isVerified(
  account: Account,
  challenge: { readonly verifiedLabel: string },
): boolean {
  return account.verified || account.labels.includes(challenge.verifiedLabel);
}
