/**
 * Runtime overrides and the thinking vault when Redis loses or garbles their state: a removal made
 * while Redis was out survives Redis restarting empty — a stale replica writing back the entry it
 * still holds cannot resurrect it — and what Redis lost is written back; hostile or corrupted
 * override records, keys and messages, and vault values, are ignored and counted
 * (`corrupt_value`), never a crash, and the stores keep working.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { RuntimeOverride } from '../../src/account/override-store.ts';
import { Redis } from 'ioredis';
import { restoreThinking } from '../../src/degrade/restore-thinking.ts';
import { dropAccounts } from '../../src/redis/override-commands.ts';
import { RedisOverrideStore } from '../../src/redis/redis-override-store.ts';
import { RedisThinkingVault } from '../../src/redis/redis-thinking-vault.ts';
import { within } from '../contract/shared-state.contract.ts';
import { closeConnections, countingMetrics, openConnection } from '../helpers/redis-connections.ts';
import { startRedisServer, stopAll } from '../helpers/redis-servers.ts';

afterAll(async () => {
  await closeConnections();
  await stopAll();
});

const HOUR = 3_600_000;

function entry(account: string, fields: Partial<RuntimeOverride> = {}): RuntimeOverride {
  return {
    account,
    kind: 'override',
    action: 'deny',
    verified: undefined,
    declaredUse: undefined,
    labels: [],
    reason: 'test',
    actor: 'ops@test',
    setAt: Date.now(),
    expiresAt: Date.now() + HOUR,
    ...fields,
  };
}

const denied = (store: RedisOverrideStore, account: string): boolean =>
  store.find(account, Date.now()).some((item) => item.action === 'deny');

describe('runtime overrides when Redis restarts empty', () => {
  it('a removal made while Redis was out is not undone by a replica that missed it; the rest is written back', async () => {
    const redis = await startRedisServer();
    const metrics = countingMetrics();
    const section = { url: redis.url, breaker: { failures: 1, probe_interval: '100ms' } };
    const connectionA = await openConnection(section, { metrics });
    const prefix = connectionA.settings.key_prefix;
    const a = new RedisOverrideStore(connectionA, 1000, Date.now);
    const b = new RedisOverrideStore(
      await openConnection({ ...section, key_prefix: prefix }),
      1000,
      Date.now,
    );
    await Promise.all([a.sync(), b.sync()]);
    a.set(entry('acct_removed'));
    a.set(entry('acct_kept', { kind: 'labels', action: undefined, labels: ['kyc-passed'] }));
    expect(await within(1000, () => denied(b, 'acct_removed') && b.size === 2)).toBe(true);

    // Redis goes away; A removes the override meanwhile (failure mode open: in force on A at
    // once, kept to be written); B never hears of it and still holds the entry.
    await redis.kill();
    expect(await within(2000, () => connectionA.breaker.isOpen)).toBe(true);
    expect(a.delete('acct_removed', 'override')?.action).toBe('deny');
    expect(denied(a, 'acct_removed')).toBe(false);
    expect(a.unsent).toBe(1);
    expect(metrics.failures.get('redis:overrides_fallback')).toBe(1);
    expect(denied(b, 'acct_removed')).toBe(true);

    // Redis comes back empty. Both write back what they know: B the entry, A its tombstone —
    // newer, so it wins in Redis and on B, whichever lands first.
    await redis.restart();
    expect(await within(5000, () => !denied(b, 'acct_removed') && a.unsent === 0)).toBe(true);
    const c = new RedisOverrideStore(
      await openConnection({ ...section, key_prefix: prefix }),
      1000,
      Date.now,
    );
    await c.sync();
    expect(
      await within(2000, () => c.list('acct_kept', Date.now())[0]?.labels[0] === 'kyc-passed'),
    ).toBe(true);
    expect(c.list('acct_removed', Date.now())).toEqual([]);
    // Settled: another round of syncs changes nothing.
    await Promise.all([a.sync(), b.sync(), c.sync()]);
    for (const store of [a, b, c]) expect(denied(store, 'acct_removed')).toBe(false);
  });
});

describe('hostile or corrupted override state', () => {
  it('is ignored and counted; the store keeps working', async () => {
    const metrics = countingMetrics();
    const connection = await openConnection(undefined, { metrics });
    const redis = connection.client;
    const names = connection.keyspace.overrides;
    const corrupt = (): number => metrics.failures.get('redis:corrupt_value') ?? 0;
    const far = Date.now() + HOUR;
    // A record that is not one, a record under another account's key, an unknown field, an
    // account key of the wrong type, and a version that is not a counter.
    await redis.hset(names.base + 'acct_bad', 'override', 'not a record');
    await redis.hset(
      names.base + 'acct_bad',
      'labels',
      `1 ${far} ${JSON.stringify({ account: 'acct_other', removed: true })}`,
    );
    await redis.hset(names.base + 'acct_bad', 'extra', `1 ${far} {}`);
    await redis.set(names.base + 'acct_string', 'a string');
    await redis.zadd(names.index, far, 'acct_bad', far, 'acct_string');
    await redis.set(names.version, 'not-a-version');
    const store = new RedisOverrideStore(connection, 1000, Date.now);
    await store.sync();
    expect(store.size).toBe(0);
    expect(corrupt()).toBe(4);
    // Messages that do not parse.
    await redis.publish(connection.keyspace.channel, 'o x acct_bad');
    await redis.publish(connection.keyspace.channel, 'o 1 has spaces');
    expect(await within(1000, () => corrupt() >= 6)).toBe(true);
    // An index of the wrong type: the next write replaces it (counted with the bad version).
    await redis.set(names.index, 'not-a-sorted-set');
    store.set(entry('acct_ok'));
    expect(await within(1000, () => corrupt() >= 8)).toBe(true);
    const other = new RedisOverrideStore(
      await openConnection({
        url: connection.settings.url,
        key_prefix: connection.settings.key_prefix,
      }),
      1000,
      Date.now,
    );
    await other.sync();
    expect(await within(1000, () => denied(other, 'acct_ok'))).toBe(true);
    expect(other.size).toBe(1);
  });
});

describe('dropping accounts past the override cap (override-drop.lua)', () => {
  it('deletes the hashes of accounts not in the index, keeps one written again meanwhile', async () => {
    const connection = await openConnection();
    const redis = connection.client;
    const { base, index } = connection.keyspace.overrides;
    const far = Date.now() + HOUR;
    for (const tag of ['acct_gone', 'acct_back']) await redis.hset(base + tag, 'override', 'x');
    await redis.zadd(index, far, 'acct_back');
    expect(await dropAccounts(connection, ['acct_gone', 'acct_back'])).toBe(1);
    expect(await redis.exists(base + 'acct_gone', base + 'acct_back')).toBe(1);
    // An index of the wrong type (a hostile write): nothing is deleted.
    await redis.del(index);
    await redis.set(index, 'not a sorted set');
    expect(await dropAccounts(connection, ['acct_back'])).toBe(0);
    expect(await redis.exists(base + 'acct_back')).toBe(1);
  });
});

describe('a request returning many thinking stand-ins', () => {
  it('costs one MGET of the last 64; unknown tokens are misses, never breaker failures', async () => {
    const redis = await startRedisServer();
    const metrics = countingMetrics();
    const connection = await openConnection(
      { url: redis.url, breaker: { failures: 1, probe_interval: '100ms' } },
      { metrics },
    );
    const issuer = new RedisThinkingVault(connection, 1 << 20, Date.now);
    const known = [issuer.newToken(), issuer.newToken(), issuer.newToken()];
    const block = (i: number) =>
      JSON.stringify({ type: 'thinking', thinking: `t${i}`, signature: 'sig' });
    known.forEach((token, i) => issuer.put(token, 'acct_1', block(i), Date.now() + HOUR));
    const held = () =>
      Promise.all(
        known.map((t) => connection.client.exists(connection.keyspace.thinking('acct_1', t))),
      );
    for (let i = 0; i < 100 && (await held()).includes(0); i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    // Another replica's vault (nothing held locally); 197 forged stand-ins, the known ones last.
    const vault = new RedisThinkingVault(connection, 1 << 20, Date.now);
    const tokens = [...Array.from({ length: 197 }, (_, i) => `dgth1_forged${i}`), ...known];
    const body = {
      messages: tokens.map((data) => ({
        role: 'assistant',
        content: [{ type: 'redacted_thinking', data }],
      })),
    };
    const admin = new Redis(redis.port, '127.0.0.1');
    await admin.config('RESETSTAT');
    for (let round = 0; round < 5; round++) {
      const result = await restoreThinking(body, 'acct_1', vault, Date.now());
      expect(result).toMatchObject({ restored: 3, missing: 61, beyondCap: 136 });
    }
    const stats = await admin.info('commandstats');
    admin.disconnect();
    // One round trip per request (the forged tokens are asked again: nothing holds them).
    expect(/cmdstat_mget:calls=(\d+)/.exec(stats)?.[1]).toBe('5');
    expect(stats).not.toContain('cmdstat_get:');
    expect(connection.breaker.isOpen).toBe(false);
    expect([...metrics.failures.keys()].filter((name) => name.includes('thinking'))).toEqual([]);
  });
});

describe('hostile or corrupted thinking vault values', () => {
  it('are misses, counted; a kept block is restored for its account only', async () => {
    const metrics = countingMetrics();
    const connection = await openConnection(undefined, { metrics });
    const vault = new RedisThinkingVault(connection, 1 << 20, Date.now);
    const corrupt = (): number => metrics.failures.get('redis:corrupt_value') ?? 0;
    const far = Date.now() + HOUR;
    const keep = (token: string, value: string) =>
      connection.client.set(connection.keyspace.thinking('acct_1', token), value);
    const block = JSON.stringify({ type: 'thinking', thinking: 'why', signature: 'sig' });
    const hostile = {
      dgth1_a: 'garbage',
      dgth1_b: `${far} 99 acct_1${block}`, // the account's length runs past the value
      dgth1_c: `${far} 6 acct_1{"type":"text","text":"not thinking"}`,
      dgth1_d: `${far} 6 acct_1{not json`,
      dgth1_e: `soon 6 acct_1${block}`,
    };
    for (const [token, value] of Object.entries(hostile)) await keep(token, value);
    for (const token of Object.keys(hostile))
      expect(await vault.get(token, 'acct_1', Date.now())).toBeUndefined();
    expect(corrupt()).toBe(5);
    await keep('dgth1_f', `${far} 6 acct_1${block}`);
    expect(await vault.get('dgth1_f', 'acct_2', Date.now())).toBeUndefined();
    expect(await vault.get('dgth1_f', 'acct_1', Date.now())).toBe(block);
    expect(corrupt()).toBe(5);
  });
});
