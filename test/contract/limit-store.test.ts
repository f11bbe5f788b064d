/**
 * Runs the LimitStore contract against every implementation: memory; Redis on the shared server
 * (with leases, and exact: no lease); and a Redis Cluster of 3 masters started for this file.
 */
import { afterAll, beforeAll } from 'vitest';
import { MemoryLimitStore } from '../../src/limits/limit-store.ts';
import type { RedisConnection } from '../../src/redis/redis-connection.ts';
import { RedisLimitStore } from '../../src/redis/redis-limit-store.ts';
import { systemClock } from '../../src/util/clock.ts';
import { closeConnections, openConnection } from '../helpers/redis-connections.ts';
import { startRedisCluster, stopAll, type RedisCluster } from '../helpers/redis-servers.ts';
import { limitStoreContract } from './limit-store.contract.ts';

let cluster: RedisCluster | undefined;
const stores: RedisLimitStore[] = [];

beforeAll(async () => {
  cluster = await startRedisCluster();
});

afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
  await closeConnections();
  await stopAll();
});

/** A factory of Redis stores over `section`; `replica` shares the last store's key prefix. */
function redisFactory(section: () => Record<string, unknown>) {
  let last: RedisConnection | undefined;
  const storeOn = (connection: RedisConnection): RedisLimitStore => {
    const store = new RedisLimitStore(connection, { maxKeys: 10_000, clock: systemClock });
    stores.push(store);
    return store;
  };
  return {
    async create() {
      last = await openConnection(section());
      return storeOn(last);
    },
    async replica() {
      if (last === undefined) throw new Error('create a store first');
      const prefix = last.settings.key_prefix;
      return storeOn(await openConnection({ ...section(), key_prefix: prefix }));
    },
  };
}

const shared = { url: 'redis://127.0.0.1:6379' };

limitStoreContract('memory', {
  create: () => Promise.resolve(new MemoryLimitStore(10_000)),
});
limitStoreContract(
  'redis (one server, leases)',
  redisFactory(() => shared),
);
limitStoreContract(
  'redis (one server, exact: no lease)',
  redisFactory(() => ({ ...shared, lease: { requests: 0, tokens: 0 } })),
);
limitStoreContract(
  'redis (cluster of 3 masters)',
  redisFactory(() => ({ cluster: { nodes: cluster?.nodes ?? [] } })),
);
