/**
 * The shared stores when Redis loses or garbles their state: restarted empty (blocks and
 * challenges written back by the replicas that remember them, keys kept serving and the loss
 * counted, limits usable at once), hostile or corrupted values in every kind of key (never a
 * crash: treated as absent, counted as `corrupt_value`), and a Cluster master failed over.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { digestApiKey } from '../../src/auth/api-key.ts';
import { RedisBlockMemory } from '../../src/redis/redis-block-memory.ts';
import { RedisChallengeStore } from '../../src/redis/redis-challenge-store.ts';
import type { RedisConnection } from '../../src/redis/redis-connection.ts';
import { createKeyRecord } from '../../src/redis/redis-key-admin.ts';
import { RedisKeyStore } from '../../src/redis/redis-key-store.ts';
import { RedisLimitStore } from '../../src/redis/redis-limit-store.ts';
import { systemClock } from '../../src/util/clock.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { newKey, within } from '../contract/shared-state.contract.ts';
import { closeConnections, countingMetrics, openConnection } from '../helpers/redis-connections.ts';
import {
  SHARED_REDIS_URL,
  startRedisCluster,
  startRedisServer,
  stopAll,
} from '../helpers/redis-servers.ts';

const limitStores: RedisLimitStore[] = [];
afterAll(async () => {
  await Promise.all(limitStores.map((store) => store.close()));
  await closeConnections();
  await stopAll();
});

const rate = { limit: 10, periodMs: 3_600_000, burst: 10 };
const bucket = (scope: string, dim = 'r'): string => `lim\u0000${scope}\u0000${dim}`;

function limitsOn(connection: RedisConnection): RedisLimitStore {
  const store = new RedisLimitStore(connection, { maxKeys: 1000, clock: systemClock });
  limitStores.push(store);
  return store;
}

function fileEntry(entry: ReturnType<typeof newKey>['entry']) {
  return {
    id: entry.keyId,
    sha256: Buffer.from(entry.digest).toString('hex'),
    account: entry.account,
    tier: entry.tier,
  };
}

describe('Redis restarted empty', () => {
  it(
    'blocks and challenges are written back, keys keep serving, limits work at once',
    { timeout: 60_000 },
    async () => {
      const redis = await startRedisServer();
      const metrics = countingMetrics();
      const a = await openConnection({ url: redis.url }, { metrics });
      const prefix = a.settings.key_prefix;
      const blocks = new RedisBlockMemory(a, 1000, Date.now);
      const challenges = new RedisChallengeStore(a, 1000, Date.now);
      const keys = new RedisKeyStore(a, silentLogger);
      const limits = limitsOn(a);
      const { key, entry } = newKey('acct_kept');
      await createKeyRecord(a, fileEntry(entry));
      await keys.sync();
      expect(keys.lookup(digestApiKey(key))).toBeDefined();
      blocks.remember('account', 'acct_blocked', 'rule', Date.now() + 60_000);
      challenges.challenge('acct_challenged', Date.now() + 60_000);
      expect(await within(1000, () => blocks.size() === 1)).toBe(true);

      await redis.restart();
      expect(await within(5000, () => !a.breaker.isOpen)).toBe(true);
      // A replica started now sees what the first one remembered (written back on its sync) — also
      // when the first one had not yet seen its own write's message before the restart (its version
      // check then saw nothing go backwards, and the block never came back: 1 run in 3 failed here).
      // What is tested is that it comes back, not how fast: the write-back waits for the first one's
      // version check (every second; it may fail while Redis is still starting), so the bound is
      // generous for a loaded machine.
      const b = await openConnection({ url: redis.url, key_prefix: prefix });
      const blocksB = new RedisBlockMemory(b, 1000, Date.now);
      const challengesB = new RedisChallengeStore(b, 1000, Date.now);
      expect(
        await within(
          15_000,
          () => blocksB.match('acct_blocked', undefined, undefined, [], Date.now()) !== undefined,
        ),
      ).toBe(true);
      expect(
        await within(15_000, () => challengesB.isChallenged('acct_challenged', Date.now())),
      ).toBe(true);
      // Keys: kept serving, the loss counted.
      await keys.sync();
      expect(keys.lookup(digestApiKey(key))).toBeDefined();
      expect(keys.health).toBe('ok');
      expect(metrics.failures.get('redis:keys_lost')).toBeGreaterThanOrEqual(1);
      // Limits: the buckets start over (their state is gone) and work at once.
      expect(
        (await limits.spendAll([{ key: bucket('acct_x'), rate, cost: 1 }], Date.now())).allowed,
      ).toBe(true);
    },
  );
});

describe('hostile or corrupted values', () => {
  it('never crash a store: each is treated as absent and counted', async () => {
    const metrics = countingMetrics();
    const connection = await openConnection(undefined, { metrics });
    const redis = connection.client;
    const keyspace = connection.keyspace;
    const limits = limitsOn(connection);
    const now = Date.now();
    const corrupt = (): number => metrics.failures.get('redis:corrupt_value') ?? 0;

    // Limit buckets: not a number, absurdly large, the wrong type; a slot set of the wrong type.
    await redis.set(keyspace.limit(bucket('acct_a')), 'not-a-number');
    await redis.set(keyspace.limit(bucket('acct_b')), '1e300');
    await redis.hset(keyspace.limit(bucket('acct_c')), 'x', '1');
    await redis.set(keyspace.limit(bucket('acct_d', 's')), 'garbage');
    for (const scope of ['acct_a', 'acct_b', 'acct_c']) {
      const outcome = await limits.spendAll([{ key: bucket(scope), rate, cost: 1 }], now);
      expect(outcome).toMatchObject({ allowed: true, remaining: [9] });
    }
    const slot = { key: bucket('acct_d', 's'), max: 1, hold: true };
    expect((await limits.spendAll([], now, [slot])).allowed).toBe(true);
    expect(corrupt()).toBe(4);

    // Keys: a record that is not JSON, one that is not a key entry, one under another id.
    const { key, entry } = newKey('acct_good');
    await createKeyRecord(connection, fileEntry(entry));
    await redis.hset(keyspace.keys.hash, 'key_garbage1', '{not json');
    await redis.hset(
      keyspace.keys.hash,
      'key_garbage2',
      JSON.stringify({ id: 'key_garbage2', sha256: 'zz' }),
    );
    await redis.hset(
      keyspace.keys.hash,
      'key_garbage3',
      JSON.stringify(fileEntry(newKey('x').entry)),
    );
    await redis.set(keyspace.keys.version, 'not-a-version');
    const keys = new RedisKeyStore(connection, silentLogger);
    await keys.sync();
    expect(keys.lookup(digestApiKey(key))?.account).toBe('acct_good');
    expect(keys.size).toBe(1);
    expect(corrupt()).toBe(7);

    // Blocks: the set of the wrong type; a member that is not "kind\nrule\nkey"; a bad message.
    await redis.set(keyspace.blocks.set, 'not-a-sorted-set');
    const blocks = new RedisBlockMemory(connection, 1000, Date.now);
    await (blocks as unknown as { shared: { sync(): Promise<void> } }).shared.sync();
    blocks.remember('account', 'acct_after', 'rule', Date.now() + 60_000);
    expect(await within(1000, () => corrupt() >= 8)).toBe(true);
    await redis.zadd(keyspace.blocks.set, Date.now() + 60_000, 'no-separators');
    await redis.incr(keyspace.blocks.version);
    await redis.publish(keyspace.channel, 'b x y');
    await redis.publish(keyspace.channel, 'c 1 never');
    expect(await within(2000, () => corrupt() >= 10)).toBe(true);
    const fresh = new RedisBlockMemory(
      await openConnection({ url: SHARED_REDIS_URL, key_prefix: connection.settings.key_prefix }),
      1000,
      Date.now,
    );
    expect(
      await within(
        2000,
        () => fresh.match('acct_after', undefined, undefined, [], Date.now()) !== undefined,
      ),
    ).toBe(true);
  });
});

describe('Redis Cluster master failover', () => {
  it('keeps serving through the failover and uses the promoted replica after it', async () => {
    const cluster = await startRedisCluster(1);
    const metrics = countingMetrics();
    const connection = await openConnection(
      {
        cluster: { nodes: cluster.nodes },
        command_timeout: '200ms',
        breaker: { probe_interval: '100ms' },
      },
      { metrics },
    );
    const limits = limitsOn(connection);
    const scopes = Array.from({ length: 12 }, (_, i) => `acct_${i}`);
    const spendAll = async (): Promise<boolean[]> =>
      Promise.all(
        scopes.map(async (scope) => {
          const outcome = await limits.spendAll(
            [{ key: bucket(scope), rate: { ...rate, limit: 1e6, burst: 1e6 }, cost: 1 }],
            Date.now(),
          );
          return outcome.allowed;
        }),
      );
    expect((await spendAll()).every(Boolean)).toBe(true);
    await cluster.masters[0]!.kill();
    // Through the failover: every spend is answered (from Redis or the fallback), none hangs.
    const started = Date.now();
    let shared = false;
    while (Date.now() - started < 15_000) {
      const round = Date.now();
      expect((await spendAll()).every(Boolean)).toBe(true);
      expect(Date.now() - round).toBeLessThan(2000);
      const before = metrics.failures.get('redis:limits_fallback') ?? 0;
      await spendAll();
      if (
        !connection.breaker.isOpen &&
        (metrics.failures.get('redis:limits_fallback') ?? 0) === before
      ) {
        shared = true;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(shared).toBe(true);
  });
});
