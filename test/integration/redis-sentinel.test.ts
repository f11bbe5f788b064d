/**
 * store.redis.sentinel: the connection finds the master through a real Sentinel (started for this
 * file with its master), and the stores work through it — a limit shared by two replicas, a block
 * replicated between them.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { RedisBlockMemory } from '../../src/redis/redis-block-memory.ts';
import { RedisLimitStore } from '../../src/redis/redis-limit-store.ts';
import { systemClock } from '../../src/util/clock.ts';
import { within } from '../contract/shared-state.contract.ts';
import { closeConnections, openConnection } from '../helpers/redis-connections.ts';
import { startRedisSentinel, startRedisServer, stopAll } from '../helpers/redis-servers.ts';

const stores: RedisLimitStore[] = [];
afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
  await closeConnections();
  await stopAll();
});

describe('Redis through Sentinel', () => {
  it('finds the master and shares limits and blocks between replicas', async () => {
    const master = await startRedisServer();
    const sentinel = await startRedisSentinel(master);
    const section = { sentinel: { name: 'main', nodes: [sentinel.address] } };
    const a = await openConnection(section);
    const b = await openConnection({ ...section, key_prefix: a.settings.key_prefix });
    expect(a.status()).toMatchObject({ mode: 'sentinel', state: 'connected' });
    const limitsA = new RedisLimitStore(a, { maxKeys: 100, clock: systemClock });
    const limitsB = new RedisLimitStore(b, { maxKeys: 100, clock: systemClock });
    stores.push(limitsA, limitsB);
    const spend = {
      key: 'lim\u0000acct_s\u0000r',
      rate: { limit: 10, periodMs: 3_600_000, burst: 10 },
      cost: 1,
    };
    let admitted = 0;
    for (let i = 0; i < 30; i++) {
      const store = i % 2 === 0 ? limitsA : limitsB;
      if ((await store.spendAll([spend], Date.now())).allowed) admitted++;
    }
    expect(admitted).toBe(10);
    const blocksA = new RedisBlockMemory(a, 100, Date.now);
    const blocksB = new RedisBlockMemory(b, 100, Date.now);
    blocksA.remember('account', 'acct_s', 'rule', Date.now() + 60_000);
    expect(
      await within(
        1000,
        () => blocksB.match('acct_s', undefined, undefined, [], Date.now()) !== undefined,
      ),
    ).toBe(true);
  });
});
