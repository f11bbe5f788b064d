/**
 * Lease refills are single flight (src/redis/lease-refills.ts), on the shared Redis: requests that
 * miss a bucket's lease together send one spend and take their units from the lease it brings;
 * when it brings fewer units than there are waiters the limit stays exact; when it fails, the
 * waiters follow the failure mode. Spend calls are counted on the connection, not timed. Time is
 * passed forward (`now`) where a lease must expire.
 */
import { describe, expect, it } from 'vitest';
import type { BucketSpend, SpendOutcome } from '../../src/limits/limit-store.ts';
import { RedisLimitStore } from '../../src/redis/redis-limit-store.ts';
import type { RedisConnection } from '../../src/redis/redis-connection.ts';
import { systemClock } from '../../src/util/clock.ts';
import { openConnection } from '../helpers/redis-connections.ts';
import { startDelayProxy } from '../helpers/redis-delay-proxy.ts';
import { SHARED_REDIS_URL, testPrefix } from '../helpers/redis-servers.ts';
import { limitStoreCleanup } from '../helpers/limit-store-cleanup.ts';
import { waitFor } from '../helpers/wait.ts';

const { stores, proxies, prefixes } = limitStoreCleanup();

const perDay = (limit: number) => ({ limit, periodMs: 86_400_000, burst: limit });
const key = (dim: string) => `lim\u0000acct_refill\u0000${dim}`;
const TTL = 2000; // store.redis.lease.ttl's default

/** A store whose spend calls (sent to Redis) are counted. */
async function counted(section: Record<string, unknown> = {}) {
  const prefix = testPrefix();
  prefixes.push(prefix);
  const connection: RedisConnection = await openConnection({
    url: SHARED_REDIS_URL,
    ...section,
    key_prefix: prefix,
  });
  const sent = { spends: 0 };
  const run = connection.run.bind(connection);
  connection.run = (op, send) => {
    const pending = run(op, send);
    if (op === 'spend' && pending !== undefined) sent.spends++;
    return pending;
  };
  const store = new RedisLimitStore(connection, { maxKeys: 1000, clock: systemClock });
  stores.push(store);
  return { store, sent };
}

const all = (outcomes: (SpendOutcome | Promise<SpendOutcome>)[]) =>
  Promise.all(outcomes.map((outcome) => Promise.resolve(outcome)));

describe('a lease refill', () => {
  it('is one spend call for N concurrent requests on an expired lease', async () => {
    const { store, sent } = await counted();
    const spends: BucketSpend[] = [
      { key: key('r'), rate: perDay(100_000), cost: 1 },
      { key: key('i'), rate: perDay(10_000_000), cost: 50 },
    ];
    const t0 = Date.now();
    expect((await store.spendAll(spends, t0)).allowed).toBe(true);
    expect(sent.spends).toBe(1);
    // Past the lease's ttl: all 50 miss it at once.
    const outcomes = await all(Array.from({ length: 50 }, () => store.spendAll(spends, t0 + TTL)));
    expect(outcomes.every((outcome) => outcome.allowed)).toBe(true);
    expect(sent.spends).toBe(2);
  });

  it('is sent ahead of expiry for a lease in use, which then never misses', async () => {
    const { store, sent } = await counted();
    const spends: BucketSpend[] = [{ key: key('r'), rate: perDay(100_000), cost: 1 }];
    const t0 = Date.now();
    expect((await store.spendAll(spends, t0)).allowed).toBe(true);
    // Within the last quarter of the ttl: admitted from the lease, and the renewal goes out.
    const late = store.spendAll(spends, t0 + TTL * 0.8);
    expect(late).not.toBeInstanceOf(Promise);
    expect(sent.spends).toBe(2);
    expect(store.stats()['refills']).toBe(1);
    expect(await waitFor(() => store.stats()['refills'] === 0, 2000)).toBe(true);
    // Past the first lease's expiry: still admitted without a round trip.
    const after = store.spendAll(spends, t0 + TTL + 100);
    expect(after).not.toBeInstanceOf(Promise);
    expect((after as SpendOutcome).allowed).toBe(true);
    expect(sent.spends).toBe(2);
  });

  it('that brings fewer units than waiters keeps the limit exact', async () => {
    const L = 20;
    const { store, sent } = await counted({ lease: { requests: 0.5, tokens: 0.5 } });
    const spends: BucketSpend[] = [{ key: key('r'), rate: perDay(L), cost: 1 }];
    const outcomes = await all(
      Array.from({ length: 60 }, () => store.spendAll(spends, Date.now())),
    );
    expect(outcomes.filter((outcome) => outcome.allowed)).toHaveLength(L);
    expect(outcomes.some((outcome) => outcome.unavailable === true)).toBe(false);
    // The first refills served their waiters from leases: fewer calls than requests.
    expect(sent.spends).toBeLessThan(60);
    const later = await store.spendAll(spends, Date.now());
    expect(later.allowed).toBe(false);
  });

  it('Redis refused refuses its waiters that ask as much, with no call of their own', async () => {
    const L = 5;
    const { store, sent } = await counted();
    const spends: BucketSpend[] = [{ key: key('r'), rate: perDay(L), cost: 1 }];
    const first = await all(Array.from({ length: L }, () => store.spendAll(spends, Date.now())));
    expect(first.every((outcome) => outcome.allowed)).toBe(true);
    const before = sent.spends;
    // The bucket is empty: 40 requests miss the lease at once; the first asks Redis, is refused,
    // and so are the 39 waiting on it (they used to retry, each then sending a spend of its own).
    const outcomes = await all(
      Array.from({ length: 40 }, () => store.spendAll(spends, Date.now())),
    );
    expect(outcomes.every((outcome) => !outcome.allowed && outcome.unavailable !== true)).toBe(
      true,
    );
    expect(outcomes.every((outcome) => outcome.waitMs > 0)).toBe(true);
    expect(sent.spends - before).toBe(1);
    expect(store.stats()['shared_refusals']).toBe(39);
  });

  it('a refusal of a large cost leaves a smaller one to Redis', async () => {
    const { store, sent } = await counted();
    const tokens = key('t');
    const big: BucketSpend[] = [{ key: tokens, rate: perDay(100), cost: 90 }];
    expect((await store.spendAll(big, Date.now())).allowed).toBe(true);
    const before = sent.spends;
    // 10 units left: the 90 is refused, the 5 that waited on it asks Redis and fits.
    const [refused, small] = await all([
      store.spendAll(big, Date.now()),
      store.spendAll([{ key: tokens, rate: perDay(100), cost: 5 }], Date.now()),
    ]);
    expect(refused?.allowed).toBe(false);
    expect(small?.allowed).toBe(true);
    expect(sent.spends - before).toBe(2);
    expect(store.stats()['shared_refusals']).toBe(0);
  });

  for (const mode of ['open', 'closed'] as const) {
    it(`that times out leaves its waiters to the failure mode (${mode})`, async () => {
      const proxy = await startDelayProxy();
      proxies.push(proxy);
      const { store, sent } = await counted({
        url: proxy.url,
        command_timeout: '100ms',
        breaker: { failures: 1000, probe_interval: '200ms' },
        failure_mode: { limits: mode },
      });
      const spends: BucketSpend[] = [{ key: key('r'), rate: perDay(1000), cost: 1 }];
      const t0 = Date.now();
      expect((await store.spendAll(spends, t0)).allowed).toBe(true);
      proxy.delayReplies(300);
      const outcomes = await all(
        Array.from({ length: 20 }, () => store.spendAll(spends, t0 + TTL)),
      );
      expect(sent.spends).toBe(2);
      // Open: every request served from the local buckets; closed: every one refused (503).
      expect(outcomes.every((outcome) => outcome.allowed === (mode === 'open'))).toBe(true);
      expect(
        outcomes.every((outcome) => (outcome.unavailable === true) === (mode === 'closed')),
      ).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 350));
      proxy.delayReplies(0);
      expect(await waitFor(() => store.stats()['unreconciled'] === 0, 5_000)).toBe(true);
    });
  }
});
