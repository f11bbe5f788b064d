/**
 * Stream pacing (a throttle rule's `pace`): the stream is held to about `pace` output tokens a
 * second — a soft throttle — and both SDKs still read it to its end with its usage.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimateTokens, textTokens } from '../../src/upstream/stream-pacer.ts';
import { startHarness, type Harness } from '../helpers/harness.ts';

const PACE = 40;

describe('stream pacing through the proxy', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({
      mock: { words: 60 },
      config: {
        policy: {
          rules: [{ id: 'paced', when: { model: ['mock-paced'] }, action: 'throttle', pace: PACE }],
        },
      },
    });
  });
  afterAll(async () => h.close());

  it('holds an OpenAI stream to the pace; the SDK reads it whole, usage included', async () => {
    const openai = new OpenAI({ apiKey: h.keys.alice, baseURL: `${h.url}/v1`, maxRetries: 0 });
    const started = Date.now();
    const stream = await openai.chat.completions.create({
      model: 'mock-paced',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'hi' }],
    });
    let words = 0;
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) words++;
      if (chunk.usage) usage = chunk.usage;
    }
    const elapsed = Date.now() - started;
    expect(words).toBe(60);
    expect(usage?.completion_tokens).toBeGreaterThan(0);
    // ≥ 63 events of at least one token each; one second's worth goes at once, the rest at PACE/s.
    expect(elapsed).toBeGreaterThanOrEqual(((63 - PACE) / PACE) * 1000 * 0.9);
    const records = await h.waitForRecords(1);
    expect(records[0]).toMatchObject({ action: 'throttle', rule: 'paced', outcome: 'completed' });
  });

  it('paces an Anthropic stream the SDK reads to its final message', async () => {
    const anthropic = new Anthropic({ apiKey: h.keys.bob, baseURL: h.url, maxRetries: 0 });
    const started = Date.now();
    const message = await anthropic.messages
      .stream({ model: 'mock-paced', max_tokens: 500, messages: [{ role: 'user', content: 'hi' }] })
      .finalMessage();
    expect(message.content.map((block) => block.type)).toEqual(['text']);
    expect(message.usage.output_tokens).toBeGreaterThan(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(((66 - PACE) / PACE) * 1000 * 0.9);
  });

  it('estimates tokens from the text events carry, at least one per event', () => {
    expect(estimateTokens('data: {"delta":{"content":"hi"}}\n\n')).toBe(1);
    const long = 'x'.repeat(400);
    expect(estimateTokens(`data: {"delta":{"type":"text_delta","text":"${long}"}}\n\n`)).toBe(100);
    expect(estimateTokens(': comment only\n\n')).toBe(0);
  });

  it('counts CJK text about a token a character, Cyrillic two, ASCII four', () => {
    const event = (text: string): string =>
      `data: {"delta":{"type":"text_delta","text":"${text}"}}\n\n`;
    expect(textTokens('你好世界，这是一个测试。')).toBe(12);
    expect(textTokens('Привет, мир')).toBe(5); // 9 Cyrillic letters ÷ 2 + ", " ÷ 4
    expect(textTokens('hello world!')).toBe(3);
    expect(estimateTokens(event('这是一个很长的中文回答'))).toBe(11);
  });

  it('counts a Responses answer once: its done and completed events repeat the deltas', () => {
    const sse = (type: string, body: string): string =>
      `event: ${type}\ndata: {"type":"${type}",${body}}\n\n`;
    const answer = 'x'.repeat(400); // 100 tokens
    const deltas = [answer.slice(0, 200), answer.slice(200)].map((delta) =>
      sse('response.output_text.delta', `"item_id":"m1","output_index":0,"delta":"${delta}"`),
    );
    const part = `{"type":"output_text","text":"${answer}","annotations":[]}`;
    const repeats = [
      sse('response.output_text.done', `"item_id":"m1","output_index":0,"text":"${answer}"`),
      sse('response.content_part.done', `"item_id":"m1","output_index":0,"part":${part}`),
      sse(
        'response.output_item.done',
        `"output_index":0,"item":{"type":"message","id":"m1","content":[${part}]}`,
      ),
      sse(
        'response.completed',
        `"response":{"id":"r1","output":[{"type":"message","content":[${part}]}]}`,
      ),
    ];
    expect(estimateTokens(deltas.join(''))).toBe(100);
    // Cut after the repeats, before any usage: the answer once, and one token an event.
    expect(estimateTokens([...deltas, ...repeats].join(''))).toBe(104);
  });

  it("counts a tool call's streamed arguments as text, not one token an event", () => {
    const piece = '{\\"city\\": \\"Paris\\", \\"x\\"'; // 27 characters as sent
    const chunk = `data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"${piece}"}}]}}]}\n\n`;
    expect(estimateTokens(chunk)).toBe(7);
  });

  it('takes "data:" for an event only at the start of a line', () => {
    expect(estimateTokens('data: {"delta":{"content":"see data: here, data:x"}}\n\n')).toBe(6);
    expect(estimateTokens('data: {"a":1}\r\n\r\ndata: {"b":2}\r\n\r\n')).toBe(2);
  });

  it('gives the same figure however the network cut the events into runs', () => {
    const events = ['one', 'two words', 'x'.repeat(37), '', '三个字'].map(
      (text) =>
        `event: content_block_delta\ndata: {"delta":{"type":"text_delta","text":"${text}"}}\n\n`,
    );
    const ping = 'event: ping\ndata: {"type":"ping"}\n\n';
    const all = [...events, ping];
    const whole = estimateTokens(all.join(''));
    expect(whole).toBe(all.reduce((sum, one) => sum + estimateTokens(one), 0));
    expect(estimateTokens(all.slice(0, 2).join('')) + estimateTokens(all.slice(2).join(''))).toBe(
      whole,
    );
    // 1 + 3 + 10 + 1 (an empty delta still an event) + 3 + 1 (the ping: an event with data)
    expect(whole).toBe(19);
  });
});
