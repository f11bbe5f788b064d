/**
 * A stream without max_tokens is admitted on the default output reservation; what it writes
 * beyond that is charged to its buckets as it streams, and when they refuse, the stream is cut
 * with the dialect's error event (the SDK raises it instead of hanging).
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.ts';

describe('output budget of a running stream', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({
      mock: { words: 400 },
      config: {
        policy: {
          reserve_output_tokens: 100,
          limits: [
            {
              id: 'output',
              scope: 'account',
              when: { model: ['mock-long'] },
              output_tokens: { limit: 1000, per: '1h' },
            },
          ],
          rules: [],
        },
      },
    });
  });
  afterAll(async () => h.close());

  async function readStream(openai: OpenAI): Promise<{ text: string; error: unknown }> {
    let text = '';
    try {
      const stream = await openai.chat.completions.create({
        model: 'mock-long',
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: 'write a lot' }],
      });
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      return { text, error: undefined };
    } catch (error) {
      return { text, error };
    }
  }

  it('charges the overage as it streams and cuts the stream its buckets cannot hold', async () => {
    const openai = new OpenAI({ apiKey: h.keys.alice, baseURL: `${h.url}/v1`, maxRetries: 0 });
    const first = await readStream(openai);
    expect(first.error).toBeUndefined();
    expect(first.text.length).toBeGreaterThan(1000);

    const second = await readStream(openai);
    expect(second.error).toBeInstanceOf(OpenAI.APIError);
    expect((second.error as Error).message).toContain('Rate limit reached');
    expect(second.text.length).toBeGreaterThan(0);
    expect(second.text.length).toBeLessThan(first.text.length);

    const records = await h.waitForRecords(2);
    expect(records[0]).toMatchObject({ outcome: 'completed', status: 200 });
    expect(records[1]).toMatchObject({
      outcome: 'cut',
      error: 'DG_ERR_RATE_LIMITED',
      detail: 'output_tokens_mid_stream',
    });
  });

  it('never cuts a stream that reserved its max_tokens', async () => {
    const openai = new OpenAI({ apiKey: h.keys.bob, baseURL: `${h.url}/v1`, maxRetries: 0 });
    const stream = await openai.chat.completions.create({
      model: 'mock-long',
      stream: true,
      max_completion_tokens: 900,
      messages: [{ role: 'user', content: 'write a lot' }],
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text.length).toBeGreaterThan(1000);
  });
});
