/**
 * Cluster evidence through Redis, on one server and on a Cluster of 3 masters: each replica reads
 * back the other replicas' windows of a cluster (never its own), and a field that is not a window
 * is ignored and counted.
 */
import { describe, expect, it } from 'vitest';
import { newWindow, W } from '../../src/detection/window-state.ts';
import { RedisClusterEvidence } from '../../src/redis/redis-cluster-evidence.ts';
import { within } from '../contract/shared-state.contract.ts';
import { countingMetrics, openConnection, redisBackends } from '../helpers/redis-connections.ts';

const backends = redisBackends();

describe.each(Object.entries(backends))('cluster evidence (%s)', (_name, section) => {
  it('gives each replica the other replicas’ windows of a cluster', async () => {
    const metrics = countingMetrics();
    const a = await openConnection(section(), { metrics });
    const b = await openConnection({ ...section(), key_prefix: a.settings.key_prefix });
    const evidenceA = new RedisClusterEvidence(a, 16, () => 60_000);
    const evidenceB = new RedisClusterEvidence(b, 16, () => 60_000);
    const now = Date.now();
    const windowA = newWindow(now);
    windowA[W.N] = 5;
    const windowB = newWindow(now);
    windowB[W.N] = 7;
    evidenceA.publish([['cl_abc', windowA]], now);
    while ((await a.client.hlen(a.keyspace.evidence('cl_abc'))) === 0)
      await new Promise((resolve) => setTimeout(resolve, 10));
    evidenceB.publish([['cl_abc', windowB]], now);
    expect(await within(1000, () => evidenceB.others('cl_abc')?.length === 1)).toBe(true);
    expect(evidenceB.others('cl_abc')?.[0]?.[W.N]).toBe(5);
    await a.client.hset(a.keyspace.evidence('cl_abc'), 'bogus', 'not a window');
    evidenceA.publish([['cl_abc', windowA]], now);
    expect(await within(1000, () => evidenceA.others('cl_abc')?.length === 1)).toBe(true);
    expect(evidenceA.others('cl_abc')?.[0]?.[W.N]).toBe(7);
    expect(metrics.failures.get('redis:corrupt_value')).toBe(1);
    expect(await a.client.pttl(a.keyspace.evidence('cl_abc'))).toBeGreaterThan(100_000);
  });
});
