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
import { watchScriptKeys } from '../helpers/script-keys.ts';
import { describe, expect, it } from 'vitest';
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

/**
 * Past admin.max_overrides accounts the soonest to expire are dropped — from the index and with
 * their hashes — and every script call touches only the keys it declared (on a Cluster an
 * undeclared key is one the client could not route; tested by watching the scripts run).
 */
for (const [name, section] of Object.entries(backends)) {
  describe(`override store past its cap: ${name}`, () => {
    it('drops the soonest to expire, hashes too, with every key a script touches declared', async () => {
      const connection = await openConnection(section());
      const { base, index } = connection.keyspace.overrides;
      const watch = await watchScriptKeys(connection);
      const store = new RedisOverrideStore(connection, 3, now);
      await store.sync();
      const t0 = Date.now();
      for (let i = 1; i <= 6; i++)
        store.set({
          account: `acct_${i}`,
          kind: 'override',
          action: 'deny',
          verified: undefined,
          declaredUse: undefined,
          labels: [],
          reason: 'cap',
          actor: 'ops@test',
          setAt: t0,
          expiresAt: t0 + i * 60_000,
        });
      const hashes = (): Promise<number> =>
        Promise.all(
          Array.from({ length: 6 }, (_, i) => connection.client.exists(`${base}acct_${i + 1}`)),
        ).then((found) => found.reduce((sum, one) => sum + one, 0));
      const deadline = Date.now() + 2000;
      while ((await hashes()) > 3 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await connection.client.zrange(index, '0', '-1')).toEqual([
        'acct_4',
        'acct_5',
        'acct_6',
      ]);
      expect(await hashes()).toBe(3);
      expect(await connection.client.exists(`${base}acct_6`)).toBe(1);
      expect(await watch.stop()).toEqual([]);
    });
  });
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
