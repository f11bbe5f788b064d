/**
 * Challenges shared by every replica (store: redis): an account challenged through one replica is
 * at the challenge tier on all of them within milliseconds (pub/sub; a second after a lost message).
 * Requests read the local mirror, synchronously. Redis keeps one sorted set (member = account,
 * score = until) bounded by `policy.challenge.max_accounts`, expiring with its latest member.
 */
import { MemoryChallengeStore, type ChallengeStore } from '../challenge/challenge-store.ts';
import type { RedisConnection } from './redis-connection.ts';
import { SharedExpirySet } from './shared-expiry-set.ts';

export class RedisChallengeStore implements ChallengeStore {
  private readonly local: MemoryChallengeStore;
  private readonly shared: SharedExpirySet;

  constructor(connection: RedisConnection, maxAccounts: number, now: () => number) {
    const local = new MemoryChallengeStore(maxAccounts);
    this.local = local;
    this.shared = new SharedExpirySet(
      connection,
      connection.keyspace.challenges,
      'c',
      maxAccounts,
      {
        apply(member, until) {
          if (member === '') return false;
          // The mirror keeps the later expiry, as the shared set does.
          if (!local.isChallenged(member, until)) local.challenge(member, until);
          return true;
        },
        members: (at) => local.challenged(at),
      },
      now,
    );
  }

  get current(): boolean {
    return this.shared.current;
  }

  isChallenged(account: string, now: number): boolean {
    return this.local.isChallenged(account, now);
  }

  challenge(account: string, until: number): void {
    this.shared.add(account, until);
  }

  size(): number {
    return this.local.size();
  }
}
