/**
 * A shared expiry set (remembered blocks, challenges) whose Redis restarted empty right after this
 * replica's write landed, before the replica saw that write's pub/sub message: the version check
 * must still see that Redis lost a write it had taken, and write it back. Messages are switched
 * off on the connection and the periodic check is an hour, so the order is the test's, not the
 * timer's; "restarted empty" is the set and its version deleted.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { SharedExpirySet } from '../../src/redis/shared-expiry-set.ts';
import { closeConnections, openConnection } from '../helpers/redis-connections.ts';
import { SHARED_REDIS_URL, testPrefix } from '../helpers/redis-servers.ts';
import { waitFor } from '../helpers/wait.ts';

afterAll(() => closeConnections());

describe('a shared expiry set, Redis emptied before its own message arrived', () => {
  it('writes back the write Redis had taken and lost', async () => {
    const prefix = testPrefix();
    const connection = await openConnection(
      { url: SHARED_REDIS_URL, key_prefix: prefix },
      { syncIntervalMs: 3_600_000 },
    );
    // This replica never sees a message (not even its own write's): only its writes' replies.
    connection.onMessage = () => undefined;
    const names = { set: `${prefix}writeback:set`, version: `${prefix}writeback:version` };
    const mirror = new Map<string, number>();
    const set = new SharedExpirySet(
      connection,
      names,
      'b',
      100,
      {
        apply(member, until) {
          mirror.set(member, Math.max(until, mirror.get(member) ?? 0));
          return true;
        },
        *members(at) {
          for (const [member, until] of mirror) if (until > at) yield [member, until];
        },
      },
      Date.now,
    );
    await set.sync();
    const redis = connection.client;
    set.add('acct\nrule\nkey', Date.now() + 60_000);
    // The write landed (its reply comes back before this one on the same connection).
    expect(await redis.zcard(names.set)).toBe(1);
    await redis.del(names.set, names.version);
    await set.sync();
    expect(
      await waitFor(async () => (await redis.zscore(names.set, 'acct\nrule\nkey')) !== null, 3000),
    ).toBe(true);
    await redis.del(names.set, names.version);
  });
});
