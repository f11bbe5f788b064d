/**
 * The stores of shared state, built from `store`: in memory (one replica), or on Redis (every
 * replica shares them). The composition root takes what this returns and never needs to know
 * which: the pipeline and the admin API get the same instances. The Redis side (ioredis and its
 * stores: ~30 MB of resident memory) is loaded only when `store.type` is redis.
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
import type { ClusterEvidence } from '../detection/cluster-evidence.ts';
import type { RedisKeyStore } from './redis-key-store.ts';

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

export async function createStores(config: RuntimeConfig, deps: StoreDeps): Promise<Stores> {
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
  const { createRedisStores } = await import('./create-redis-stores.ts');
  return createRedisStores(config, deps);
}
