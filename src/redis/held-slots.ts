/**
 * The concurrent-stream slots this replica holds in Redis: one sorted-set member per open stream,
 * scored with its expiry. Held members are renewed every third of `slot_ttl`, so a slot lives as
 * long as its stream — and no longer than `slot_ttl` after its replica died. Slots taken from the
 * local fallback during an outage are held under the LOCAL marker and released locally.
 */
import type { RedisConnection } from './redis-connection.ts';

export const LOCAL = '';

export class HeldSlots {
  private readonly members = new Map<string, string[]>();
  private readonly connection: RedisConnection;
  private readonly ttl: number;
  private readonly timer: NodeJS.Timeout;

  constructor(connection: RedisConnection, ttl: number) {
    this.connection = connection;
    this.ttl = ttl;
    this.timer = setInterval(() => this.renew(), Math.max(100, Math.floor(ttl / 3)));
    this.timer.unref();
  }

  get size(): number {
    return this.members.size;
  }

  /** `redisKey` is the slot set's key (unused for LOCAL members). */
  hold(key: string, member: string): void {
    const list = this.members.get(key);
    if (list === undefined) this.members.set(key, [member]);
    else list.push(member);
  }

  /** The member freed by one release of `key` (undefined: nothing held). */
  release(key: string): string | undefined {
    const list = this.members.get(key);
    const member = list?.pop();
    if (list?.length === 0) this.members.delete(key);
    return member;
  }

  /** Every member still held (shutdown). */
  *all(): IterableIterator<[string, string]> {
    for (const [key, list] of this.members) for (const member of list) yield [key, member];
  }

  private renew(): void {
    const expiry = this.connection.serverNow() + this.ttl;
    for (const [key, list] of this.members) {
      const remote = list.filter((member) => member !== LOCAL);
      if (remote.length === 0) continue;
      const redisKey = this.connection.keyspace.limit(key);
      const args = remote.flatMap((member) => [expiry, member]);
      void this.connection
        .run('slot_renew', (c) =>
          c.zadd(redisKey, 'XX', ...args).then(() => c.pexpire(redisKey, this.ttl)),
        )
        ?.catch(() => undefined);
    }
  }

  close(): void {
    clearInterval(this.timer);
  }
}
