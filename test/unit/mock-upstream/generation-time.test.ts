/**
 * The mock model's answer time (`generationMsPerToken`): a JSON answer's headers come only once the
 * whole answer is written (as the real APIs answer), a stream's events are spread over it; without
 * it, answers come at once. Only lower bounds on time are asserted (timers never fire early by
 * more than a millisecond; a busy machine only makes things later) — and orderings.
 */
import { performance } from 'node:perf_hooks';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockUpstream, type MockUpstream } from '../../../src/mock-upstream/mock-upstream.ts';

/** 600 output tokens at 2 ms each: 1.2 s to write; 12 words, one delta event each. */
const TOKENS = 600;
const MS_PER_TOKEN = 2;
const WRITING_MS = TOKENS * MS_PER_TOKEN;
const WORDS = 12;

interface Timing {
  readonly headersMs: number;
  /** From the first body chunk to the end. */
  readonly bodyMs: number;
}

async function timed(mock: MockUpstream, stream: boolean, path = '/v1/messages'): Promise<Timing> {
  const started = performance.now();
  const res = await request(`${mock.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'mock-ok',
      max_tokens: 1000,
      stream,
      messages: [{ role: 'user', content: 'hi' }],
    }),
  });
  const headersMs = performance.now() - started;
  let first: number | undefined;
  for await (const _chunk of res.body) first ??= performance.now();
  return { headersMs, bodyMs: performance.now() - (first ?? performance.now()) };
}

describe('the mock model’s answer time', () => {
  let timedMock: MockUpstream;
  let instant: MockUpstream;

  beforeAll(async () => {
    const outputTokens = (): number => TOKENS;
    timedMock = await startMockUpstream({
      words: WORDS,
      outputTokens,
      generationMsPerToken: MS_PER_TOKEN,
    });
    instant = await startMockUpstream({ words: WORDS, outputTokens });
  });
  afterAll(async () => {
    await timedMock.close();
    await instant.close();
  });

  it('sends a JSON answer’s headers once the whole answer is written', async () => {
    const written = await timed(timedMock, false);
    expect(written.headersMs).toBeGreaterThanOrEqual(WRITING_MS - 2);
    expect((await timed(instant, false)).headersMs).toBeLessThan(written.headersMs);
    // Counting tokens writes no answer: no writing time.
    const counted = await timed(timedMock, false, '/v1/messages/count_tokens');
    expect(counted.headersMs).toBeLessThan(written.headersMs);
  });

  it('spreads a stream’s events over the writing time', async () => {
    // Each of the stream's events (more than WORDS of them) waits WRITING_MS / WORDS after the last.
    const spread = await timed(timedMock, true);
    expect(spread.bodyMs).toBeGreaterThanOrEqual(WRITING_MS - WRITING_MS / WORDS - 2);
    expect((await timed(instant, true)).bodyMs).toBeLessThan(spread.bodyMs);
  });
});
