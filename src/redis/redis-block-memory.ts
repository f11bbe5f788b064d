/**
 * Remembered blocks shared by every replica (store: redis): a block one replica remembers is
 * enforced by all of them within milliseconds (pub/sub), at most a second after a lost message
 * (version check). Requests are checked against the local mirror, synchronously, as with the
 * memory store. Redis keeps one sorted set (member "kind\nrule\nkey", score = until) bounded by
 * `policy.max_remembered_blocks`, expiring with its latest member.
 */
import {
  MemoryBlockMemory,
  type BlockMemory,
  type Remembered,
  type RememberedKind,
} from '../block/block-memory.ts';
import type { RedisConnection } from './redis-connection.ts';
import { SharedExpirySet } from './shared-expiry-set.ts';

const KINDS: ReadonlySet<string> = new Set<RememberedKind>([
  'account',
  'end_user',
  'cluster',
  'content',
]);

export class RedisBlockMemory implements BlockMemory {
  private readonly local: MemoryBlockMemory;
  private readonly shared: SharedExpirySet;

  constructor(connection: RedisConnection, maxEntries: number, now: () => number) {
    const local = new MemoryBlockMemory(maxEntries);
    this.local = local;
    this.shared = new SharedExpirySet(
      connection,
      connection.keyspace.blocks,
      'b',
      maxEntries,
      {
        apply(member, until) {
          const first = member.indexOf('\n');
          const second = member.indexOf('\n', first + 1);
          const kind = member.slice(0, first);
          if (first < 0 || second < 0 || !KINDS.has(kind)) return false;
          local.remember(
            kind as RememberedKind,
            member.slice(second + 1),
            member.slice(first + 1, second),
            until,
          );
          return true;
        },
        *members(at) {
          for (const entry of local.remembered(at))
            yield [`${entry.kind}\n${entry.rule}\n${entry.key}`, entry.until];
        },
      },
      now,
    );
  }

  /** Whether the mirror reflects Redis (for failure mode closed). */
  get current(): boolean {
    return this.shared.current;
  }

  remember(kind: RememberedKind, key: string, rule: string, until: number): void {
    this.shared.add(`${kind}\n${rule}\n${key}`, until);
  }

  match(
    account: string,
    endUser: string | undefined,
    cluster: string | undefined,
    content: readonly number[],
    now: number,
  ): Remembered | undefined {
    return this.local.match(account, endUser, cluster, content, now);
  }

  size(): number {
    return this.local.size();
  }

  additions(): number {
    return this.local.additions();
  }
}
