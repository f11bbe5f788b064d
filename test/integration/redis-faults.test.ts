/**
 * The proxy on a Redis that fails (RELIABILITY.md item 5), each test on a redis-server of its own:
 * refused at start (the proxy starts in fallback and says so in /readyz, then connects), stopped
 * with SIGSTOP under load (latency bounded by the command timeout against a fault-free baseline
 * of the same run, every request served in failure mode open, one decision record each; SIGCONT
 * → shared state used again within 2 s), killed mid-load, keys in Redis unreachable at start
 * (503, never 401, until they load), and failure mode closed (503).
 * Every request here spends from a limit with leases off, so each one is a Redis round trip.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startApp } from '../../src/app.ts';
import { generateApiKey, generateKeyId, hashApiKey } from '../../src/auth/api-key.ts';
import { startMockUpstream } from '../../src/mock-upstream/mock-upstream.ts';
import { createKeyRecord } from '../../src/redis/redis-key-admin.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { baseConfig, TEST_ENV, UPSTREAM_SECRET, type Harness } from '../helpers/harness.ts';
import { storeStatus } from '../helpers/admin-client.ts';
import { msUntil } from '../helpers/wait.ts';
import { buildRequest, exchangeUntilClose, headerValues, jsonBody } from '../helpers/raw-http.ts';
import { openConnection } from '../helpers/redis-connections.ts';
import { COMMAND_TIMEOUT_MS, redisFaultProxies } from '../helpers/redis-fault-proxies.ts';
import { freePort, startRedisServer, type RedisServer } from '../helpers/redis-servers.ts';

const proxies = redisFaultProxies();
const agent = proxies.agent;

function proxyOn(url: string, failureMode: 'open' | 'closed' = 'open'): Promise<Harness> {
  return proxies.start(
    url,
    { failure_mode: { limits: failureMode }, lease: { requests: 0, tokens: 0 } },
    {
      config: {
        policy: {
          rules: [],
          limits: [{ id: 'every', scope: 'account', requests: { limit: 1_000_000, per: '1h' } }],
        },
      },
    },
  );
}

async function chat(h: Harness): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const response = await request(`${h.url}/v1/chat/completions`, {
    method: 'POST',
    dispatcher: agent,
    headers: { authorization: `Bearer ${h.keys.alice}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'mock',
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: 5,
    }),
  });
  await response.body.dump();
  return { status: response.statusCode, ms: performance.now() - started };
}

/** `count` requests, `lanes` at a time. */
async function load(
  h: Harness,
  count: number,
  lanes = 4,
): Promise<{ status: number; ms: number }[]> {
  const results: { status: number; ms: number }[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next++ < count) results.push(await chat(h));
    }),
  );
  return results;
}

const store = (h: Harness): Promise<Record<string, unknown>> => storeStatus(h.app.adminUrl ?? '');

const until = msUntil;

const p99 = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0;
};
const fallbacks = (status: Record<string, unknown>): number =>
  (status['failures'] as Record<string, number>)['limits_fallback'] ?? 0;

describe('Redis faults', () => {
  it('refused at start: starts in fallback, serves, says so in /readyz, connects when Redis appears', async () => {
    const port = await freePort();
    const h = await proxyOn(`redis://127.0.0.1:${port}`);
    expect(await store(h)).toMatchObject({ type: 'redis', state: 'fallback', synced: false });
    const served = await load(h, 20);
    expect(served.every((r) => r.status === 200)).toBe(true);
    expect(fallbacks(await store(h))).toBeGreaterThanOrEqual(20);
    await startRedisServer([], port);
    const connectedAfter = await until(5000, async () => (await store(h))['state'] === 'connected');
    expect(connectedAfter).toBeLessThan(5000);
    const before = fallbacks(await store(h));
    expect((await load(h, 10)).every((r) => r.status === 200)).toBe(true);
    // Shared state is used again (a stray timeout on a busy machine may still fall back once).
    expect(fallbacks(await store(h)) - before).toBeLessThanOrEqual(1);
    expect(await h.waitForRecords(30)).toHaveLength(30);
  });

  it('SIGSTOP under load: latency bounded by the command timeout, everything served, SIGCONT resumes within 2 s', async () => {
    const redis = await startRedisServer();
    const h = await proxyOn(redis.url);
    const baseline = await load(h, 80);
    expect(baseline.every((r) => r.status === 200)).toBe(true);
    redis.pause();
    let during: { status: number; ms: number }[];
    try {
      during = await load(h, 80);
    } finally {
      redis.resume();
    }
    expect(during.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    // RELIABILITY: p99 ≤ baseline p99 + command timeout + 10 ms; generous here (a shared machine).
    const bound = p99(baseline.map((r) => r.ms)) + COMMAND_TIMEOUT_MS + 100;
    expect(p99(during.map((r) => r.ms))).toBeLessThan(bound);
    expect(Math.max(...during.map((r) => r.ms))).toBeLessThan(bound + 400);
    const status = await store(h);
    expect(status['breaker_opened']).toBeGreaterThanOrEqual(1);
    expect(fallbacks(status)).toBeGreaterThan(0);
    // SIGCONT: the probe closes the breaker and requests use Redis again.
    const resumedAfter = await until(2000, async () => (await store(h))['state'] === 'connected');
    expect(resumedAfter).toBeLessThan(2000);
    const before = fallbacks(await store(h));
    await load(h, 10);
    // Shared state is used again (a stray timeout on a busy machine may still fall back once).
    expect(fallbacks(await store(h)) - before).toBeLessThanOrEqual(1);
    expect(await h.waitForRecords(170)).toHaveLength(170);
  });

  it('killed mid-load: every request served, every request recorded; a restarted server is used again', async () => {
    const redis = await startRedisServer();
    const h = await proxyOn(redis.url);
    const running = load(h, 200);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await redis.kill();
    const results = await running;
    expect(results.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    expect(await store(h)).toMatchObject({ state: 'fallback' });
    await redis.restart();
    expect(await until(5000, async () => (await store(h))['state'] === 'connected')).toBeLessThan(
      5000,
    );
    expect(await h.waitForRecords(200)).toHaveLength(200);
  });

  it('keys in Redis, Redis refused at start: 503 DG_ERR_AUTH_UNAVAILABLE (never 401) until they load', async () => {
    const port = await freePort();
    const dir = await mkdtemp(join(tmpdir(), 'dg-redis-keys-'));
    const mock = await startMockUpstream({ expectedCredential: UPSTREAM_SECRET });
    const config = baseConfig(dir, mock.url);
    config['auth'] = {};
    config['store'] = {
      type: 'redis',
      redis: {
        url: `redis://127.0.0.1:${port}`,
        connect_timeout: '500ms',
        breaker: { probe_interval: '100ms' },
      },
    };
    const configFile = join(dir, 'distillguard.yaml');
    await writeFile(configFile, stringify(config));
    const app = await startApp({ configFile, env: TEST_ENV, watch: false, logger: silentLogger });
    try {
      const key = generateApiKey();
      const send = async (): Promise<{ status: number; code: string | undefined }> => {
        const response = await request(`${app.url}/v1/chat/completions`, {
          method: 'POST',
          dispatcher: agent,
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'mock', messages: [{ role: 'user', content: 'hi' }] }),
        });
        const body = (await response.body.json()) as { error?: { code?: string } };
        return { status: response.statusCode, code: body.error?.code };
      };
      expect(await send()).toEqual({ status: 503, code: 'DG_ERR_AUTH_UNAVAILABLE' });
      const redis = await startRedisServer([], port);
      const connection = await openConnection({ url: redis.url, key_prefix: 'dg' });
      await createKeyRecord(connection, {
        id: generateKeyId(),
        sha256: hashApiKey(key),
        account: 'acct_k',
        tier: 'standard',
      });
      expect(await until(5000, async () => (await send()).status === 200)).toBeLessThan(5000);
      const records = await readFile(join(dir, 'decisions.ndjson'), 'utf8').catch(() => '');
      expect(records).toContain('"detail":"keys_unavailable"');
    } finally {
      await app.shutdown();
      await mock.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('failure mode closed: 503 DG_ERR_STORE_UNAVAILABLE with Retry-After while Redis is out', async () => {
    const redis: RedisServer = await startRedisServer();
    const h = await proxyOn(redis.url, 'closed');
    expect((await chat(h)).status).toBe(200);
    await redis.kill();
    await until(2000, async () => (await store(h))['state'] === 'fallback');
    const response = await request(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      dispatcher: agent,
      headers: { authorization: `Bearer ${h.keys.alice}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'mock', messages: [{ role: 'user', content: 'hi' }] }),
    });
    const body = (await response.body.json()) as { error: { code: string } };
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('1');
    expect(body.error.code).toBe('DG_ERR_STORE_UNAVAILABLE');
    const records = await h.waitForRecords(2);
    expect(records.at(-1)).toMatchObject({ status: 503, detail: 'limits_unavailable' });
    // A WebSocket upgrade spends the same limits: refused alike, never handed to the upstream.
    const upgrade = await exchangeUntilClose(
      h.url,
      buildRequest({
        method: 'GET',
        target: '/v1/realtime',
        headers: [
          ['Host', new URL(h.url).host],
          ['Connection', 'Upgrade'],
          ['Upgrade', 'websocket'],
          ['Sec-WebSocket-Version', '13'],
          ['Sec-WebSocket-Key', randomBytes(16).toString('base64')],
          ['Authorization', `Bearer ${h.keys.alice}`],
        ],
      }),
      2_000,
    );
    expect(upgrade.response.statusCode).toBe(503);
    expect(headerValues(upgrade.response, 'retry-after')).toEqual(['1']);
    expect(jsonBody(upgrade.response)).toMatchObject({
      error: { code: 'DG_ERR_STORE_UNAVAILABLE' },
    });
    const all = await h.waitForRecords(3);
    expect(all.at(-1)).toMatchObject({
      route: 'websocket:/v1/realtime',
      status: 503,
      stream: true,
      detail: 'limits_unavailable',
    });
  });
});
