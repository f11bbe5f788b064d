/**
 * Redis connections for store tests: each opened with test settings (a fresh key prefix unless
 * given), waited for, and closed — keys deleted on the shared server — by `closeConnections()`.
 */
import { createRedisConnection, type RedisConnection } from '../../src/redis/redis-connection.ts';
import { noopMetrics, type Metrics } from '../../src/telemetry/metrics.ts';
import { systemClock, type Clock } from '../../src/util/clock.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { afterAll, beforeAll } from 'vitest';
import {
  deletePrefix,
  redisSettings,
  SHARED_REDIS_URL,
  startRedisCluster,
  stopAll,
  type RedisCluster,
} from './redis-servers.ts';

const open = new Set<RedisConnection>();

export interface OpenOptions {
  readonly metrics?: Metrics;
  readonly syncIntervalMs?: number;
  /** The connection's clock (default: the system's). */
  readonly clock?: Clock;
  /** Wait for the first connection (default true). */
  readonly wait?: boolean;
}

/** A connection with `section` as store.redis (default: the shared server, a fresh prefix). */
export async function openConnection(
  section: Record<string, unknown> = { url: SHARED_REDIS_URL },
  options: OpenOptions = {},
): Promise<RedisConnection> {
  const connection = createRedisConnection(redisSettings(section), {
    logger: silentLogger,
    metrics: options.metrics ?? noopMetrics,
    clock: options.clock ?? systemClock,
    syncIntervalMs: options.syncIntervalMs ?? 200,
  });
  open.add(connection);
  if (options.wait !== false && !(await connection.ready()))
    throw new Error('redis connection did not become ready');
  return connection;
}

export async function closeConnections(): Promise<void> {
  const closing = [...open];
  open.clear();
  await Promise.all(
    closing.map(async (connection) => {
      await connection.close();
      if (connection.settings.url === SHARED_REDIS_URL)
        await deletePrefix(SHARED_REDIS_URL, connection.settings.key_prefix);
    }),
  );
}

/** A metrics sink that counts failures by kind and detail (assertions on fallback use). */
export function countingMetrics(): Metrics & { readonly failures: Map<string, number> } {
  const failures = new Map<string, number>();
  return {
    failures,
    request() {},
    reload() {},
    recheck() {},
    stage() {},
    storeError() {},
    failure(kind, detail, count = 1) {
      const name = `${kind}:${detail}`;
      failures.set(name, (failures.get(name) ?? 0) + count);
    },
  };
}

/**
 * The Redis deployments a store test file runs against, as store.redis sections: the shared server,
 * and a Cluster of 3 masters started for the file. Registers the hooks that start the Cluster and,
 * at the end, close every connection and stop every server the file started.
 */
export function redisBackends(): Record<string, () => Record<string, unknown>> {
  let cluster: RedisCluster | undefined;
  beforeAll(async () => {
    cluster = await startRedisCluster();
  });
  afterAll(async () => {
    await closeConnections();
    await stopAll();
  });
  return {
    'redis (one server)': () => ({ url: SHARED_REDIS_URL }),
    'redis (cluster of 3 masters)': () => ({ cluster: { nodes: cluster?.nodes ?? [] } }),
  };
}
