/**
 * Writes a shared expiry set (remembered blocks, challenges) could not send while Redis was out are
 * kept to retry — at most the set's cap of them, however long the outage or large the flood: past
 * it the one kept longest is dropped and counted, and what is kept is written when Redis returns.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { SharedExpirySet, type Mirror } from '../../src/redis/shared-expiry-set.ts';
import { within } from '../contract/shared-state.contract.ts';
import { closeConnections, countingMetrics, openConnection } from '../helpers/redis-connections.ts';
import { startRedisServer, stopAll } from '../helpers/redis-servers.ts';

afterAll(async () => {
  await closeConnections();
  await stopAll();
});

/** A mirror that keeps the later expiry of each member (as the memory stores do). */
function mapMirror(): Mirror & { readonly held: Map<string, number> } {
  const held = new Map<string, number>();
  return {
    held,
    apply(member, until) {
      held.set(member, Math.max(held.get(member) ?? 0, until));
      return true;
    },
    *members(now) {
      for (const [member, until] of held) if (until > now) yield [member, until];
    },
  };
}

describe('writes kept while Redis is out', () => {
  it('are bounded by the cap, the oldest dropped and counted; the rest written on return', async () => {
    const redis = await startRedisServer();
    const metrics = countingMetrics();
    const connection = await openConnection(
      {
        url: redis.url,
        command_timeout: '100ms',
        breaker: { failures: 1, probe_interval: '100ms' },
      },
      { metrics },
    );
    const cap = 5;
    const set = new SharedExpirySet(
      connection,
      connection.keyspace.blocks,
      'b',
      cap,
      mapMirror(),
      Date.now,
    );
    await set.sync();
    redis.pause(); // hung: writes time out, then the breaker opens and nothing is sent
    const until = Date.now() + 3_600_000;
    for (let i = 0; i < 40; i++) set.add(`account\nrule\nacct_${i}`, until);
    const dropped = (): number => metrics.failures.get('redis:blocks_pending_dropped') ?? 0;
    // Every write timed out (each kept to retry), or found the breaker open.
    expect(await within(5000, () => dropped() === 40 - cap)).toBe(true);
    expect(connection.breaker.isOpen).toBe(true);
    expect(set.unsent).toBe(cap);
    for (let i = 40; i < 60; i++) set.add(`account\nrule\nacct_${i}`, until);
    expect(set.unsent).toBe(cap);
    expect(dropped()).toBe(60 - cap);

    // Redis answers again (with its data): what was kept — the latest writes — goes in.
    redis.resume();
    expect(await within(5000, () => !connection.breaker.isOpen && set.unsent === 0)).toBe(true);
    const members = await connection.client.zrange(connection.keyspace.blocks.set, '0', '-1');
    expect(members.sort()).toEqual(
      Array.from({ length: cap }, (_, i) => `account\nrule\nacct_${55 + i}`).sort(),
    );
  });
});
