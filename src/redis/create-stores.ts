/**
 * The stores of shared state, built from `store`: in memory (one replica), or on Redis (every
 * replica shares them). The composition root takes what this returns and never needs to know
 * which: the pipeline and the admin API get the same instances.
 */
import { MemoryOverrideStore, type OverrideStore } from '../account/override-store.ts';
import { MemoryBlockMemory, type BlockMemory } from '../block/block-memory.ts';
import { MemoryChallengeStore, type ChallengeStore } from '../challenge/challenge-store.ts';
import type { RuntimeConfig } from '../config/load-config.ts';
import { MemoryThinkingVault, type ThinkingVault } from '../degrade/thinking-vault.ts';
import { MemoryLimitStore, type LimitStore } from '../limits/limit-store.ts';
import type { Metrics } from '../telemetry/metrics.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';
import { RedisBlockMemory } from './redis-block-memory.ts';
import { RedisChallengeStore } from './redis-challenge-store.ts';
import type { ClusterEvidence } from '../detection/cluster-evidence.ts';
import { RedisClusterEvidence } from './redis-cluster-evidence.ts';
import { createRedisConnection } from './redis-connection.ts';
import { RedisKeyStore } from './redis-key-store.ts';
import { RedisLimitStore } from './redis-limit-store.ts';
import { RedisOverrideStore } from './redis-override-store.ts';
import { RedisThinkingVault } from './redis-thinking-vault.ts';

/** Which store refuses requests now (failure mode closed while Redis is out), if any. */
export interface StoreGate {
  refusing(): 'blocks' | 'challenges' | undefined;
}

export interface Stores {
  readonly limits: LimitStore;
  readonly blocks: BlockMemory;
  readonly challenges: ChallengeStore;
  /** Runtime overrides and labels (the admin API writes, the account stage reads). */
  readonly overrides: OverrideStore;
  /** strip_reasoning's withheld thinking blocks. */
  readonly vault: ThinkingVault;
  /** The shared key store, when keys live in Redis (else the key file's table serves). */
  readonly keys: RedisKeyStore | undefined;
  readonly gate: StoreGate | undefined;
  /** Cluster evidence shared with the other replicas (store.redis.evidence), for the detector. */
  readonly evidence: ClusterEvidence | undefined;
  /** Waits for the first connection and load (bounded by connect_timeout): false = fallback. */
  ready(): Promise<boolean>;
  /** For /readyz. */
  status(): Record<string, unknown>;
  close(): Promise<void>;
}

export interface StoreDeps {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly clock: Clock;
}

export function createStores(config: RuntimeConfig, deps: StoreDeps): Stores {
  const store = config.store;
  const policy = config.policy;
  if (store.type === 'memory') {
    return {
      limits: new MemoryLimitStore(policy.limits.maxKeys),
      blocks: new MemoryBlockMemory(policy.maxRememberedBlocks),
      challenges: new MemoryChallengeStore(policy.challenge.maxAccounts),
      overrides: new MemoryOverrideStore(config.admin.max_overrides),
      vault: new MemoryThinkingVault(policy.thinkingVault.maxBytes),
      keys: undefined,
      gate: undefined,
      evidence: undefined,
      ready: () => Promise.resolve(true),
      status: () => ({ type: 'memory' }),
      close: () => Promise.resolve(),
    };
  }
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
