/**
 * The lists a Redis limit-store test file fills as it goes — stores, delay proxies, key prefixes —
 * and the hooks that empty them: stores closed (leases given back) and proxies stopped after each
 * test, connections closed and the prefixes' keys deleted on the shared server after the file.
 */
import { afterAll, afterEach } from 'vitest';
import type { RedisLimitStore } from '../../src/redis/redis-limit-store.ts';
import type { DelayProxy } from './redis-delay-proxy.ts';
import { closeConnections } from './redis-connections.ts';
import { deletePrefix, SHARED_REDIS_URL } from './redis-servers.ts';

export function limitStoreCleanup(): {
  readonly stores: RedisLimitStore[];
  readonly proxies: DelayProxy[];
  readonly prefixes: string[];
} {
  const stores: RedisLimitStore[] = [];
  const proxies: DelayProxy[] = [];
  const prefixes: string[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
  });
  afterAll(async () => {
    await closeConnections();
    await Promise.all(prefixes.map((prefix) => deletePrefix(SHARED_REDIS_URL, prefix)));
  });
  return { stores, proxies, prefixes };
}
