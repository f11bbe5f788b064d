/**
 * Runtime overrides and the shared thinking vault on a Redis that fails, two in-process replicas
 * on a redis-server of their own (RELIABILITY.md item 5): with Redis stopped (SIGSTOP) requests
 * keep their overrides from the mirror, an admin change applies on its replica (failure mode open)
 * and reaches the other once Redis is back; in failure mode closed the admin API refuses changes
 * (503, nothing audited) while requests are served; a stand-in another replica issued costs at
 * most the command timeout and is removed (counted) while Redis is stopped, and is restored
 * across replicas again after SIGCONT.
 */
import Anthropic from '@anthropic-ai/sdk';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/harness.ts';
import { adminClient, storeStatus } from '../helpers/admin-client.ts';
import { msUntil } from '../helpers/wait.ts';
import { COMMAND_TIMEOUT_MS, redisFaultProxies } from '../helpers/redis-fault-proxies.ts';
import { startRedisServer } from '../helpers/redis-servers.ts';

const proxies = redisFaultProxies();
const agent = proxies.agent;

function proxyOn(url: string, overrides: 'open' | 'closed' = 'open'): Promise<Harness> {
  const withholdThinking = {
    id: 'withhold-thinking',
    when: { model: ['mock-thinker'] },
    action: 'degrade',
    degrade: { strip_reasoning: true },
  };
  return proxies.start(
    url,
    { failure_mode: { overrides } },
    { mock: { verifyThinking: true }, config: { policy: { rules: [withholdThinking] } } },
  );
}

async function chat(h: Harness): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const response = await request(`${h.url}/v1/chat/completions`, {
    method: 'POST',
    dispatcher: agent,
    headers: { authorization: `Bearer ${h.keys.bob}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'mock', messages: [{ role: 'user', content: 'hi' }] }),
  });
  await response.body.dump();
  return { status: response.statusCode, ms: performance.now() - started };
}

const store = (h: Harness): Promise<Record<string, unknown>> => storeStatus(h.app.adminUrl ?? '');

const until = msUntil;

const deny = { action: 'deny', reason: 'ticket 7', actor: 'alice@ops', expires: '1h' };
const lift = { reason: 'appeal', actor: 'alice@ops' };
const PATH = '/admin/accounts/acct_bob/override';

describe('runtime overrides on a failing Redis', () => {
  it('SIGSTOP: requests keep their overrides, a change applies where it is made and reaches the other replica after SIGCONT', async () => {
    const redis = await startRedisServer();
    const [a, b] = await Promise.all([proxyOn(redis.url), proxyOn(redis.url)]);
    expect((await adminClient(a)(PATH, { method: 'PUT', body: deny })).status).toBe(200);
    expect(await until(1000, async () => (await chat(b)).status === 403)).toBeLessThan(1000);
    const baseline = await Promise.all(Array.from({ length: 10 }, () => chat(b)));
    redis.pause();
    try {
      const during = await Promise.all(Array.from({ length: 10 }, () => chat(b)));
      expect(during.map((r) => r.status)).toEqual(during.map(() => 403));
      const slowest = (results: { ms: number }[]): number => Math.max(...results.map((r) => r.ms));
      expect(slowest(during)).toBeLessThan(slowest(baseline) + COMMAND_TIMEOUT_MS + 200);
      // The version checks time out and open A's breaker. Failure mode open: a removal made now
      // applies on A at once, kept to be written; B cannot know of it yet.
      const opened = await until(3000, async () => (await store(a))['state'] === 'fallback');
      expect(opened).toBeLessThan(3000);
      expect((await adminClient(a)(PATH, { method: 'DELETE', body: lift })).status).toBe(200);
      expect((await chat(a)).status).toBe(200);
      expect((await chat(b)).status).toBe(403);
    } finally {
      redis.resume();
    }
    expect(await until(3000, async () => (await chat(b)).status === 200)).toBeLessThan(3000);
    const status = await store(a);
    expect(status['stores']).toMatchObject({ overrides: 'current', overrides_unsent: 0 });
    expect((status['failures'] as Record<string, number>)['overrides_fallback']).toBe(1);
  });

  it('failure mode closed: changes are refused (503, nothing audited) while Redis is out; requests keep them', async () => {
    const redis = await startRedisServer();
    const h = await proxyOn(redis.url, 'closed');
    const admin = adminClient(h);
    expect((await admin(PATH, { method: 'PUT', body: deny })).status).toBe(200);
    await redis.kill();
    expect(await until(2000, async () => (await store(h))['state'] === 'fallback')).toBeLessThan(
      2000,
    );
    const refused = await admin<{ error: { type: string } }>(PATH, {
      method: 'DELETE',
      body: lift,
    });
    expect(refused.status).toBe(503);
    expect(refused.json.error.type).toBe('unavailable_error');
    expect(refused.headers['retry-after']).toBe('1');
    expect(
      (
        await admin(PATH.replace('override', 'labels'), {
          method: 'PUT',
          body: { labels: ['x'], reason: 'r', actor: 'a', expires: '1h' },
        })
      ).status,
    ).toBe(503);
    const audit = await readFile(join(h.dir, 'logs/admin-audit.ndjson'), 'utf8');
    expect(audit.trim().split('\n')).toHaveLength(1);
    expect((await chat(h)).status).toBe(403);
    // Back (empty): the override this replica knows is written back, and changes are taken again.
    await redis.restart();
    expect(
      await until(
        3000,
        async () => (await admin(PATH, { method: 'DELETE', body: lift })).status === 200,
      ),
    ).toBeLessThan(3000);
    expect((await chat(h)).status).toBe(200);
  });
});

describe('the shared thinking vault on a failing Redis', () => {
  const question = { role: 'user' as const, content: 'why?' };
  const thinking = { type: 'enabled' as const, budget_tokens: 4000 };

  /** A degraded answer from `h`: its content, with a stand-in for the thinking block. */
  async function issue(h: Harness): Promise<Anthropic.ContentBlock[]> {
    const client = new Anthropic({ apiKey: h.keys.bob, baseURL: h.url, maxRetries: 0 });
    const answer = await client.messages
      .stream({ model: 'mock-thinker', max_tokens: 8000, thinking, messages: [question] })
      .finalMessage();
    expect(answer.content[0]?.type).toBe('redacted_thinking');
    return answer.content;
  }

  /** The next turn through `h`: how long it took and what the upstream got back of the thinking. */
  async function nextTurn(h: Harness, content: Anthropic.ContentBlock[]) {
    const client = new Anthropic({ apiKey: h.keys.bob, baseURL: h.url, maxRetries: 0 });
    const started = performance.now();
    await client.messages.create({
      model: 'mock-thinker',
      max_tokens: 8000,
      thinking,
      messages: [question, { role: 'assistant', content }, { role: 'user', content: 'next?' }],
    });
    const ms = performance.now() - started;
    const body = JSON.parse(h.mock.requests.at(-1)?.body.toString('utf8') ?? '{}') as {
      messages: { content: { type: string }[] }[];
    };
    return { ms, returned: body.messages[1]?.content.map((block) => block.type) };
  }

  it('SIGSTOP: a stand-in from the other replica costs at most the command timeout and is removed; after SIGCONT it is restored again', async () => {
    const redis = await startRedisServer();
    const [a, b] = await Promise.all([proxyOn(redis.url), proxyOn(redis.url)]);
    const baseline: number[] = [];
    for (let i = 0; i < 3; i++) {
      const turn = await nextTurn(b, await issue(a));
      expect(turn.returned).toEqual(['thinking', 'text']);
      baseline.push(turn.ms);
    }
    redis.pause();
    try {
      const content = await issue(a);
      const turn = await nextTurn(b, content);
      expect(turn.returned).toEqual(['text']);
      expect(turn.ms).toBeLessThan(Math.max(...baseline) + COMMAND_TIMEOUT_MS + 200);
      // The issuing replica still restores its own stand-in, from its local cache.
      expect((await nextTurn(a, content)).returned).toEqual(['thinking', 'text']);
    } finally {
      redis.resume();
    }
    const failures = (await store(b))['failures'] as Record<string, number>;
    expect(
      (failures['thinking_get:timeout'] ?? 0) + (failures['thinking_vault_fallback'] ?? 0),
    ).toBeGreaterThan(0);
    expect(await until(2000, async () => (await store(b))['state'] === 'connected')).toBeLessThan(
      2000,
    );
    expect(await until(2000, async () => (await store(a))['state'] === 'connected')).toBeLessThan(
      2000,
    );
    expect((await nextTurn(b, await issue(a))).returned).toEqual(['thinking', 'text']);
  });
});
