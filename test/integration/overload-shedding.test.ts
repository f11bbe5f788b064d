/**
 * Overload shedding on event-loop delay (RELIABILITY.md item 15), through the real proxy and its
 * real guard (overload-guard.ts reads the event loop's own delay histogram): while the loop is
 * held busy beyond `limits.max_event_loop_delay`, new requests get 503 DG_ERR_OVERLOADED with
 * Retry-After, in the route's dialect, and a decision record; once the loop is free it serves again.
 *
 * The proxy runs in this process, so blocking the test's loop blocks the proxy's: a real delay for
 * the histogram to see. The blocker keeps blocking for as long as the test needs shedding, so every
 * interval of the guard sees a delay far above the threshold — no race on when a request lands.
 */
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.ts';

/** Holds the event loop busy for `ms` (a real block, not a simulated one). */
function busy(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // spin
  }
}

/** Blocks the loop for 150 ms every 100 ms until stopped: each 500 ms interval sees ≥ 150 ms. */
function startBlocker(): () => void {
  const timer = setInterval(() => busy(150), 100);
  return () => clearInterval(timer);
}

describe('overload shedding on event-loop delay', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({
      config: { limits: { max_event_loop_delay: '50ms', retry_after: '3s' } },
    });
  });
  afterAll(async () => h.close());

  const ask = (route: 'openai' | 'anthropic') =>
    request(`${h.url}${route === 'openai' ? '/v1/chat/completions' : '/v1/messages'}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${h.keys.alice}`,
        'anthropic-version': '2023-06-01',
      },
      body: JSON.stringify({
        model: `mock-${route}`,
        max_tokens: 20,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });

  async function statusOf(route: 'openai' | 'anthropic'): Promise<number> {
    const res = await ask(route);
    await res.body.dump();
    return res.statusCode;
  }

  it('answers 503 with Retry-After in the dialect and records it, then serves again', async () => {
    expect(await statusOf('openai')).toBe(200);
    const stop = startBlocker();
    try {
      await expect.poll(() => statusOf('openai'), { timeout: 15_000, interval: 50 }).toBe(503);

      const before = (await h.records()).length;
      const forwarded = h.mock.requests.length;
      const openai = await ask('openai');
      const openaiBody = (await openai.body.json()) as { error: { code: string; type: string } };
      const anthropic = await ask('anthropic');
      const anthropicBody = (await anthropic.body.json()) as {
        type: string;
        error: { type: string };
      };

      expect(openai.statusCode).toBe(503);
      expect(openai.headers['retry-after']).toBe('3');
      expect(openaiBody.error.code).toBe('DG_ERR_OVERLOADED');
      expect(anthropic.statusCode).toBe(503);
      expect(anthropic.headers['retry-after']).toBe('3');
      expect(anthropicBody).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
      expect(h.mock.requests.length).toBe(forwarded); // a shed request never goes upstream

      const shed = (await h.waitForRecords(before + 2)).slice(before);
      expect(shed).toHaveLength(2);
      for (const record of shed) {
        expect(record).toMatchObject({
          status: 503,
          error: 'DG_ERR_OVERLOADED',
          detail: 'event_loop_delay',
          outcome: 'rejected',
        });
      }
    } finally {
      stop();
    }
    // The loop is free: the next interval of the guard sees normal delays and admits again.
    await expect.poll(() => statusOf('anthropic'), { timeout: 15_000, interval: 100 }).toBe(200);
    expect(await statusOf('openai')).toBe(200);
  });
});
