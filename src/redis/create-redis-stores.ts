/**
 * The Redis side of createStores (create-stores.ts): one connection shared by every store, each
 * store's Redis implementation, and the gate that refuses requests while a store in failure mode
 * `closed` cannot be used. Loaded only when `store.type` is redis.
 */
import type { RuntimeConfig } from '../config/load-config.ts';
import { MemoryThinkingVault } from '../degrade/thinking-vault.ts';
import type { StoreDeps, StoreGate, Stores } from './create-stores.ts';
import { RedisBlockMemory } from './redis-block-memory.ts';
import { RedisChallengeStore } from './redis-challenge-store.ts';
import { RedisClusterEvidence } from './redis-cluster-evidence.ts';
import { createRedisConnection } from './redis-connection.ts';
import { RedisKeyStore } from './redis-key-store.ts';
import { RedisLimitStore } from './redis-limit-store.ts';
import { RedisOverrideStore } from './redis-override-store.ts';
import { RedisThinkingVault } from './redis-thinking-vault.ts';

export function createRedisStores(config: RuntimeConfig, deps: StoreDeps): Stores {
  const store = config.store;
  const policy = config.policy;
  if (store.type !== 'redis') throw new Error('createRedisStores: store.type is not redis');
  const settings = store.redis;
  const connection = createRedisConnection(settings, deps);
  const now = deps.clock.now;
  const limits = new RedisLimitStore(connection, {
    maxKeys: policy.limits.maxKeys,
    clock: deps.clock,
  });
  const blocks = new RedisBlockMemory(connection, policy.maxRememberedBlocks, now);
  const challenges = new RedisChallengeStore(connection, policy.challenge.maxAccounts, now);
  const overrides = new RedisOverrideStore(connection, config.admin.max_overrides, now);
  const vault = settings.thinking_vault.enabled
    ? new RedisThinkingVault(connection, policy.thinkingVault.maxBytes, now)
    : new MemoryThinkingVault(policy.thinkingVault.maxBytes);
  const keys = settings.keys === 'redis' ? new RedisKeyStore(connection, deps.logger) : undefined;
  const modes = settings.failure_mode;
  const gate: StoreGate | undefined =
    modes.blocks === 'closed' || modes.challenges === 'closed'
      ? {
          refusing() {
            if (modes.blocks === 'closed' && !blocks.current) return 'blocks';
            if (modes.challenges === 'closed' && !challenges.current) return 'challenges';
            return undefined;
          },
        }
      : undefined;
  const evidence = settings.evidence.enabled
    ? new RedisClusterEvidence(
        connection,
        settings.evidence.max_clusters,
        () => config.detection.window,
      )
    : undefined;
  return {
    limits,
    blocks,
    challenges,
    overrides,
    vault,
    keys,
    gate,
    evidence,
    async ready() {
      const ok = await connection.ready();
      if (!ok)
        deps.logger.log('warn', 'redis not reachable at start; serving in fallback', {
          mode: connection.mode,
          failure_mode: modes,
        });
      return ok;
    },
    status: () => ({
      ...connection.status(),
      failure_mode: modes,
      stores: {
        keys: keys === undefined ? 'file' : keys.health,
        blocks: blocks.current ? 'current' : 'local',
        challenges: challenges.current ? 'current' : 'local',
        overrides: overrides.current ? 'current' : 'local',
        overrides_unsent: overrides.unsent,
        thinking_vault: settings.thinking_vault.enabled ? 'shared' : 'local',
        limits: limits.stats(),
      },
    }),
    async close() {
      await limits.close();
      await connection.close();
    },
  };
}
