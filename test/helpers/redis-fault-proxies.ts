/**
 * In-process proxies on a Redis a fault test owns: the store section every fault test starts from
 * (a 100 ms command timeout, a breaker that opens after 3 failures and probes every 200 ms, keys
 * in the key file), merged with the test's own. Registers the hooks that close the proxies after
 * each test and, at the end of the file, the client agent, the connections and the servers.
 */
import { Agent } from 'undici';
import { afterAll, afterEach } from 'vitest';
import { deepMerge } from '../../src/config/load-config.ts';
import { startHarness, type Harness, type HarnessOptions } from './harness.ts';
import { closeConnections } from './redis-connections.ts';
import { stopAll } from './redis-servers.ts';

export const COMMAND_TIMEOUT_MS = 100;

export interface FaultProxies {
  readonly agent: Agent;
  /** A proxy with store.redis = the fault-test section on `url`, merged with `redis`. */
  start(url: string, redis: Record<string, unknown>, options?: HarnessOptions): Promise<Harness>;
}

export function redisFaultProxies(): FaultProxies {
  const agent = new Agent({ connections: 16 });
  const harnesses: Harness[] = [];
  afterEach(async () => {
    await Promise.all(harnesses.splice(0).map((h) => h.close()));
  });
  afterAll(async () => {
    await agent.close();
    await closeConnections();
    await stopAll();
  });
  return {
    agent,
    async start(url, redis, options = {}) {
      const section = {
        url,
        keys: 'file',
        command_timeout: `${COMMAND_TIMEOUT_MS}ms`,
        connect_timeout: '500ms',
        breaker: { failures: 3, probe_interval: '200ms' },
      };
      const store = { type: 'redis', redis: deepMerge(section, redis) };
      const h = await startHarness({
        ...options,
        config: { ...options.config, store },
      });
      harnesses.push(h);
      return h;
    },
  };
}
