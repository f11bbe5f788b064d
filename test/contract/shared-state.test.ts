/**
 * Runs the BlockMemory, ChallengeStore, KeyStore, OverrideStore and ThinkingVault contracts against
 * memory, Redis on the shared server, and a Redis Cluster of 3 masters started for this file.
 */
import { MemoryOverrideStore } from '../../src/account/override-store.ts';
import type { KeyFileInput } from '../../src/auth/key-file.ts';
import { KeyTable, type KeyEntry } from '../../src/auth/key-table.ts';
import { MemoryBlockMemory } from '../../src/block/block-memory.ts';
import { MemoryChallengeStore } from '../../src/challenge/challenge-store.ts';
import { MemoryThinkingVault } from '../../src/degrade/thinking-vault.ts';
import { RedisBlockMemory } from '../../src/redis/redis-block-memory.ts';
import { RedisChallengeStore } from '../../src/redis/redis-challenge-store.ts';
import type { RedisConnection } from '../../src/redis/redis-connection.ts';
import { createKeyRecord, revokeKeyRecord } from '../../src/redis/redis-key-admin.ts';
import { RedisKeyStore } from '../../src/redis/redis-key-store.ts';
import { RedisOverrideStore } from '../../src/redis/redis-override-store.ts';
import { RedisThinkingVault } from '../../src/redis/redis-thinking-vault.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { openConnection, redisBackends } from '../helpers/redis-connections.ts';
import {
  blockMemoryContract,
  challengeStoreContract,
  keyStoreContract,
  type ManagedKeys,
  type StoreFactory,
} from './shared-state.contract.ts';
import { overrideStoreContract, thinkingVaultContract } from './runtime-state.contract.ts';

const backends = redisBackends();

/** Stores built on connections; `replica` opens another connection on the same key prefix. */
function onRedis<T>(
  section: () => Record<string, unknown>,
  build: (c: RedisConnection) => Promise<T>,
): StoreFactory<T> {
  let prefix: string | undefined;
  return {
    async create() {
      const connection = await openConnection(section());
      prefix = connection.settings.key_prefix;
      return build(connection);
    },
    async replica() {
      return build(await openConnection({ ...section(), key_prefix: prefix }));
    },
  };
}

const now = (): number => Date.now();

blockMemoryContract('memory', { create: () => Promise.resolve(new MemoryBlockMemory(1000)) });
challengeStoreContract('memory', { create: () => Promise.resolve(new MemoryChallengeStore(1000)) });
keyStoreContract('memory', {
  create() {
    const table = new KeyTable();
    return Promise.resolve({
      store: table,
      add: (entry) => Promise.resolve(void table.add(entry)),
      revoke: (keyId, at) => Promise.resolve(void table.revoke(keyId, at)),
    });
  },
});

overrideStoreContract('memory', { create: () => Promise.resolve(new MemoryOverrideStore(1000)) });
thinkingVaultContract('memory', {
  create: () => Promise.resolve(new MemoryThinkingVault(1 << 20)),
});

for (const [name, section] of Object.entries(backends)) {
  blockMemoryContract(
    name,
    onRedis(section, (c) => Promise.resolve(new RedisBlockMemory(c, 1000, now))),
  );
  challengeStoreContract(
    name,
    onRedis(section, (c) => Promise.resolve(new RedisChallengeStore(c, 1000, now))),
  );
  overrideStoreContract(
    name,
    onRedis(section, async (c) => {
      const store = new RedisOverrideStore(c, 1000, now);
      await store.sync();
      return store;
    }),
  );
  thinkingVaultContract(
    name,
    onRedis(section, (c) => Promise.resolve(new RedisThinkingVault(c, 1 << 20, now))),
  );
  keyStoreContract(
    name,
    onRedis(section, async (c): Promise<ManagedKeys> => {
      const store = new RedisKeyStore(c, silentLogger);
      await store.sync();
      return {
        store,
        async add(entry) {
          if (!(await createKeyRecord(c, fileEntry(entry)))) throw new Error('key id exists');
        },
        async revoke(keyId, at) {
          if (!(await revokeKeyRecord(c, keyId, new Date(at), 'test'))) throw new Error('no key');
        },
      };
    }),
  );
}

function fileEntry(entry: KeyEntry): KeyFileInput {
  return {
    id: entry.keyId,
    sha256: Buffer.from(entry.digest).toString('hex'),
    account: entry.account,
    ...(entry.org === undefined ? {} : { org: entry.org }),
    tier: entry.tier,
    ...(entry.createdAt === undefined
      ? {}
      : { created_at: new Date(entry.createdAt).toISOString() }),
  };
}
