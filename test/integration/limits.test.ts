/**
 * Limits and throttle rules end to end through the real proxy, with raw HTTP and both official
 * SDKs: a request limit admits exactly L of N concurrent requests and refuses the rest with 429
 * and rate-limit headers before any upstream call; the SDKs surface the 429 as RateLimitError and
 * their retry waits for Retry-After; token reservations settle from usage; concurrent streams
 * are counted; a throttle rule delays; a block is final (x-should-retry: false).
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountReport } from '../../src/admin/report-types.ts';
import { backtestLogs } from '../../src/backtest/backtest-logs.ts';
import { adminClient } from '../helpers/admin-client.ts';
import { startHarness, type Harness } from '../helpers/harness.ts';

const L = 20;
const N = 50;

describe('limits through the proxy', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({
      mock: { outputTokens: () => 20, eventDelayMs: 15, words: 20 },
      config: {
        policy: {
          limits: [
            {
              id: 'burst-test',
              scope: 'account',
              when: { model: ['mock-exact'] },
              requests: { limit: L, per: '1h' },
            },
            {
              id: 'slow',
              scope: 'account',
              when: { model: ['mock-slow-limit'] },
              requests: { limit: 1, per: '2s' },
            },
            {
              id: 'tokens',
              scope: 'key',
              when: { model: ['mock-tokens'] },
              output_tokens: { limit: 1000, per: '1h' },
            },
            {
              id: 'streams',
              scope: 'account',
              when: { model: ['mock-streams'] },
              concurrent_streams: 1,
            },
            {
              id: 'suspects',
              scope: 'account',
              applies: 'throttled',
              requests: { limit: 2, per: '1h' },
            },
          ],
          reserve_output_tokens: 500,
          rules: [
            { id: 'legacy-off', when: { model: ['mock-blocked'] }, action: 'block' },
            {
              id: 'slow-down',
              when: { model: ['mock-delay'] },
              action: 'throttle',
              delay: '300ms',
            },
            {
              id: 'suspect-limit',
              when: { model: ['mock-suspect'] },
              action: 'throttle',
              limits: ['suspects'],
            },
          ],
        },
      },
    });
  });
  afterAll(async () => h.close());

  function chat(key: string, model: string, extra: Record<string, unknown> = {}) {
    return request(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }], ...extra }),
    });
  }

  it(`admits exactly ${L} of ${N} concurrent requests and refuses the rest before the upstream`, async () => {
    const before = h.mock.requests.length;
    const responses = await Promise.all(
      Array.from({ length: N }, async () => {
        const res = await chat(h.keys.alice, 'mock-exact');
        const body = (await res.body.json()) as Record<string, unknown>;
        return { status: res.statusCode, headers: res.headers, body };
      }),
    );
    const admitted = responses.filter((r) => r.status === 200);
    expect(admitted).toHaveLength(L);
    // Admitted answers say what is left: each of 0 … L−1 exactly once.
    for (const r of admitted)
      expect(r.headers['ratelimit-policy']).toBe(
        `"burst-test.requests";q=${L};w=3600;qu="request"`,
      );
    const left = admitted.map((r) =>
      Number(/;r=(\d+);/.exec(String(r.headers['ratelimit']))?.[1] ?? -1),
    );
    expect([...left].sort((a, b) => a - b)).toEqual(Array.from({ length: L }, (_, i) => i));
    const refused = responses.filter((r) => r.status === 429);
    expect(refused).toHaveLength(N - L);
    expect(h.mock.requests.length - before).toBe(L);
    const first = refused[0];
    expect(first?.headers['retry-after']).toMatch(/^\d+$/);
    expect(Number(first?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(first?.headers['ratelimit-policy']).toBe(
      `"burst-test.requests";q=${L};w=3600;qu="request"`,
    );
    expect(first?.headers['ratelimit']).toMatch(/^"burst-test\.requests";r=0;t=\d+$/);
    expect(first?.body).toMatchObject({ error: { code: 'DG_ERR_RATE_LIMITED' } });

    const records = await h.waitForRecords(N);
    const throttled = records.filter((r) => r.outcome === 'throttled');
    expect(throttled).toHaveLength(N - L);
    for (const record of throttled) {
      expect(record).toMatchObject({
        action: 'throttle',
        rule: 'limit:burst-test',
        reason: 'requests',
        status: 429,
      });
    }
  });

  it('surfaces a 429 as RateLimitError in both SDKs, streaming or not', async () => {
    const openai = new OpenAI({ apiKey: h.keys.alice, baseURL: `${h.url}/v1`, maxRetries: 0 });
    const anthropic = new Anthropic({ apiKey: h.keys.bob, baseURL: h.url, maxRetries: 0 });
    const ask = {
      model: 'mock-slow-limit',
      messages: [{ role: 'user' as const, content: 'hi' }],
    };
    await openai.chat.completions.create(ask);
    await expect(openai.chat.completions.create(ask)).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    await expect(openai.chat.completions.create({ ...ask, stream: true })).rejects.toBeInstanceOf(
      OpenAI.RateLimitError,
    );
    await anthropic.messages.create({ ...ask, max_tokens: 50 });
    await expect(anthropic.messages.create({ ...ask, max_tokens: 50 })).rejects.toBeInstanceOf(
      Anthropic.RateLimitError,
    );
    await expect(
      anthropic.messages.create({ ...ask, max_tokens: 50, stream: true }),
    ).rejects.toBeInstanceOf(Anthropic.RateLimitError);
  });

  it('lets the SDKs retry after Retry-After and succeed', async () => {
    // Both buckets were spent by the previous test; a retrying client gets through after ~2 s.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const openai = new OpenAI({ apiKey: h.keys.alice, baseURL: `${h.url}/v1`, maxRetries: 1 });
    const anthropic = new Anthropic({ apiKey: h.keys.bob, baseURL: h.url, maxRetries: 1 });
    const ask = { model: 'mock-slow-limit', messages: [{ role: 'user' as const, content: 'hi' }] };
    await openai.chat.completions.create(ask);
    let started = Date.now();
    const answer = await openai.chat.completions.create(ask);
    expect(answer.choices[0]?.message.content).toBeTruthy();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);

    await anthropic.messages.create({ ...ask, max_tokens: 50 });
    started = Date.now();
    const message = await anthropic.messages.create({ ...ask, max_tokens: 50 });
    expect(message.content.length).toBeGreaterThan(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
  });

  it('reserves output tokens at admission and settles them from usage', async () => {
    // Each answer reports 20 output tokens. 600 reserved, 580 refunded: the next 600 fits.
    for (let i = 0; i < 3; i++) {
      const res = await chat(h.keys.alice, 'mock-tokens', {
        max_tokens: 600,
      });
      await res.body.dump();
      expect(res.statusCode).toBe(200);
    }
    // 60 settled + 500 reserved (no max_tokens) fits in 1,000; 60 + 950 does not.
    const without = await chat(h.keys.alice, 'mock-tokens');
    await without.body.dump();
    expect(without.statusCode).toBe(200);
    const tooMuch = await chat(h.keys.alice, 'mock-tokens', { max_tokens: 950 });
    await tooMuch.body.dump();
    expect(tooMuch.statusCode).toBe(429);
    expect(tooMuch.headers['ratelimit-policy']).toBe('"tokens.output_tokens";q=1000;w=3600');
  });

  it('counts concurrent streams and frees a slot when a stream ends', async () => {
    const openai = new OpenAI({ apiKey: h.keys.bob, baseURL: `${h.url}/v1`, maxRetries: 0 });
    const ask = {
      model: 'mock-streams',
      stream: true as const,
      messages: [{ role: 'user' as const, content: 'hi' }],
    };
    const open = await openai.chat.completions.create(ask);
    await expect(openai.chat.completions.create(ask)).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    let text = '';
    for await (const chunk of open) text += chunk.choices[0]?.delta.content ?? '';
    expect(text.length).toBeGreaterThan(0);
    // The first stream's record releases its slot.
    await h.waitForRecords((await h.records()).length);
    const again = await openai.chat.completions.create(ask);
    let chunks = 0;
    for await (const chunk of again) chunks += chunk.choices.length;
    expect(chunks).toBeGreaterThan(0);
  });

  it('applies a throttle rule: its delay, and the limits it switches on', async () => {
    const started = Date.now();
    const delayed = await chat(h.keys.alice, 'mock-delay');
    await delayed.body.dump();
    expect(delayed.statusCode).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);

    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await chat(h.keys.alice, 'mock-suspect');
      await res.body.dump();
      statuses.push(res.statusCode);
    }
    // The `suspects` limit (2 an hour) applies only through the rule; other models are untouched.
    expect(statuses).toEqual([200, 200, 429]);
    const other = await chat(h.keys.alice, 'mock-other');
    await other.body.dump();
    expect(other.statusCode).toBe(200);

    const records = await h.records();
    const slow = records.find((r) => r.model === 'mock-delay');
    expect(slow).toMatchObject({ action: 'throttle', rule: 'slow-down', status: 200 });
    const suspects = records.filter((r) => r.model === 'mock-suspect');
    // The third is the rule's 429: its rule kept, the limit that refused in its reason.
    expect(suspects.map((r) => [r.rule, r.reason, r.status])).toEqual([
      ['suspect-limit', 'policy_rule', 200],
      ['suspect-limit', 'policy_rule', 200],
      ['suspect-limit', 'limit:suspects.requests', 429],
    ]);
  });

  it('blocks with a final 403 the SDKs do not retry', async () => {
    const res = await chat(h.keys.alice, 'mock-blocked');
    await res.body.dump();
    expect(res.statusCode).toBe(403);
    expect(res.headers['x-should-retry']).toBe('false');
    const before = h.mock.requests.length;
    const openai = new OpenAI({ apiKey: h.keys.alice, baseURL: `${h.url}/v1`, maxRetries: 2 });
    await expect(
      openai.chat.completions.create({
        model: 'mock-blocked',
        messages: [{ role: 'user', content: 'hi' }],
      }),
    ).rejects.toBeInstanceOf(OpenAI.PermissionDeniedError);
    const anthropic = new Anthropic({ apiKey: h.keys.alice, baseURL: h.url, maxRetries: 2 });
    await expect(
      anthropic.messages.create({
        model: 'mock-blocked',
        max_tokens: 10,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    ).rejects.toBeInstanceOf(Anthropic.PermissionDeniedError);
    expect(h.mock.requests.length).toBe(before);
  });
});

describe('a tier_budget throttle through the proxy', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({
      // Streams take ~400 ms (20 events 20 ms apart): long enough to hold a reservation.
      mock: { outputTokens: () => 20, eventDelayMs: 20, words: 20 },
      config: {
        // The harness's `standard` tier (alice, bob), made small: a unit refills every 10 s for
        // requests and every 30 ms for output, so nothing refills during the test's bursts.
        accounts: {
          tiers: {
            standard: {
              requests_per_minute: 6,
              input_tokens_per_minute: 400_000,
              output_tokens_per_minute: 2_000,
            },
          },
        },
        policy: {
          rules: [
            {
              id: 'hold-to-tier',
              when: { model: ['mock-tier'] },
              action: 'throttle',
              tier_budget: 1,
            },
            {
              id: 'stage-tier',
              when: { model: ['mock-staged'] },
              action: 'throttle',
              mode: 'shadow',
              reason: 'staged_budget',
              tier_budget: 2,
            },
          ],
        },
      },
    });
  });
  afterAll(async () => h.close());

  /** The backtest of the log so far, with the proxy's own config as candidate and baseline. */
  const replayOwnLog = async () => {
    const outcome = await backtestLogs({
      candidate: h.configFile,
      baseline: h.configFile,
      logs: [h.decisionLogFile],
      threads: 1,
    });
    if (!outcome.ok) throw new Error(outcome.kind);
    return outcome.report;
  };

  const chat = async (key: string, model: string, maxTokens: number, stream = false) => {
    const res = await request(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model,
        stream,
        max_tokens: maxTokens,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });
    await res.body.dump();
    return { status: res.statusCode, headers: res.headers };
  };

  it("holds the rule's requests to the tier's baseline, account by account", async () => {
    const burst = await Promise.all(
      Array.from({ length: 10 }, () => chat(h.keys.alice, 'mock-tier', 100)),
    );
    expect(burst.filter((r) => r.status === 200)).toHaveLength(6);
    const refused = burst.filter((r) => r.status === 429);
    expect(refused).toHaveLength(4);
    expect(refused[0]?.headers['ratelimit-policy']).toBe(
      '"tier:1x.requests";q=6;w=60;qu="request"',
    );
    // Outside the rule, nothing of the budget applies.
    expect((await chat(h.keys.alice, 'mock-other', 100)).status).toBe(200);
    // Another account of the tier has a budget of its own. A request asking for more output
    // than a minute's worth reserves the whole minute (clamped, then settled from usage): a
    // second while the first streams is refused on output tokens.
    const whole = await Promise.all([0, 1].map(() => chat(h.keys.bob, 'mock-tier', 100_000, true)));
    expect(whole.map((r) => r.status).sort()).toEqual([200, 429]);

    const records = (await h.waitForRecords(13)).filter((r) => r.model === 'mock-tier');
    const refusals = records.filter((r) => r.status === 429);
    // A 429 of the budget is the rule's own: the rule named, the budget that refused in its reason.
    for (const record of refusals)
      expect(record).toMatchObject({ action: 'throttle', rule: 'hold-to-tier' });
    expect(refusals.map((r) => r.reason).sort()).toEqual([
      'limit:tier:1x.output_tokens',
      ...Array<string>(4).fill('limit:tier:1x.requests'),
    ]);
    expect(records.filter((r) => r.status === 200).map((r) => r.rule)).toEqual(
      Array<string>(7).fill('hold-to-tier'),
    );

    // The backtest replays the bursts in the order they started, not the order they were logged
    // (a 429 ends, and is logged, before requests admitted beside it): its config as baseline
    // reproduces every logged decision — which requests of a burst were refused included, as
    // fidelity tells a throttle's 429 from a served throttle (replayed in log order, 4 of each
    // would differ).
    const { fidelity } = await replayOwnLog();
    expect(fidelity?.differences).toEqual([]);
    expect(fidelity?.same_action).toBe(13);
  });

  it("logs the 429s a shadowed rule's budget would have made, and serves every request", async () => {
    // alice's tier here is 6 requests a minute: the staged budget is 12, a unit every 5 s.
    const before = (await h.records()).length;
    const statuses: number[] = [];
    for (let i = 0; i < 15; i++)
      statuses.push((await chat(h.keys.alice, 'mock-staged', 10)).status);
    expect(statuses).toEqual(Array<number>(15).fill(200));
    const records = (await h.waitForRecords(before + 15)).filter((r) => r.model === 'mock-staged');
    for (const record of records) expect(record).toMatchObject({ action: 'allow', mode: 'shadow' });
    const shadows = records.map(
      (r) => r.shadow as { action: string; rule: string; reason: string },
    );
    for (const shadow of shadows)
      expect(shadow).toMatchObject({ action: 'throttle', rule: 'stage-tier' });
    // The budget's 12 requests are spent: what follows would have been refused (a slow machine
    // may see one unit refill before the end) — the rule's 429, its limit in the reason.
    const refused = shadows.filter((s) => s.reason === 'limit:tier:2x.requests');
    expect(refused.length).toBeGreaterThanOrEqual(2);
    expect(refused.length).toBeLessThanOrEqual(3);
    expect(shadows.slice(0, 12).every((s) => s.reason === 'staged_budget')).toBe(true);
    // The admin API says which budgets only a shadowed rule names.
    const report = (await adminClient(h)<AccountReport>('/admin/accounts/acct_alice')).json;
    const modes = new Map(report.limits.map((b) => [b.limit, b.mode]));
    expect(Object.fromEntries(modes)).toEqual({ 'tier:1x': 'enforce', 'tier:2x': 'shadow' });

    // The backtest replays the trial: its config as baseline reproduces every logged shadow,
    // and the staged rule's would-be 429s are the log's.
    const { fidelity, shadow } = await replayOwnLog();
    expect(fidelity).not.toBeNull();
    expect(fidelity?.same_shadow).toBe(fidelity?.compared);
    expect(shadow.find((rule) => rule.rule === 'stage-tier')?.after).toEqual({
      shadowed: 15,
      shadow_refusals: refused.length,
    });
  });
});
