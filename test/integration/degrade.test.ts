/**
 * Degrade rules end to end through the real proxy with both official SDKs: reasoning stripped
 * from JSON and SSE (the SDKs parse the result to completion, final usage included), output capped,
 * one choice forced, Anthropic thinking withheld behind stand-ins and put back when the client
 * returns them (the mock upstream checks returned thinking as the real API does), a weaker model
 * substituted — each named in the notice header and the decision record — and malformed upstream
 * bodies passed through unchanged.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, UPSTREAM_SECRET, type Harness } from '../helpers/harness.ts';

const NOTICE = 'reduced for review; appeal: trust@example.com';
const BROKEN_JSON = '{"id":"x","choices":[{"message":{"reasoning_content":"leak';
const BROKEN_SSE = 'data: {"choices":[{"delta":{"reasoning_content":"leak"\n\ndata: [DONE]\n\n';
/** A stream whose last event lacks its blank line (delivered at the end as it was sent). */
const UNTERMINATED_SSE =
  'data: {"choices":[{"index":0,"delta":{"content":"ok"}}]}\n\n' +
  'data: {"choices":[{"index":0,"delta":{"reasoning_content":"tail leak"}}]}\n';

describe('degrade through the proxy', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({
      mock: {
        verifyThinking: true,
        fault: (req) => {
          const body = req.body.toString('utf8');
          if (body.includes('mock-reasoner-broken-json'))
            return {
              kind: 'status',
              status: 200,
              headers: { 'content-type': 'application/json' },
              body: BROKEN_JSON,
            };
          if (body.includes('mock-reasoner-unterminated'))
            return {
              kind: 'status',
              status: 200,
              headers: { 'content-type': 'text/event-stream' },
              body: UNTERMINATED_SSE,
            };
          if (body.includes('mock-reasoner-broken-sse'))
            return {
              kind: 'status',
              status: 200,
              headers: { 'content-type': 'text/event-stream' },
              body: BROKEN_SSE,
            };
          return undefined;
        },
      },
      config: {
        policy: {
          degrade_notice: { text: NOTICE },
          rules: [
            {
              id: 'no-reasoning',
              when: { model_match: '^mock-reasoner' },
              action: 'degrade',
              degrade: { strip_reasoning: true, max_tokens: 64, single_choice: true },
            },
            {
              id: 'withhold-thinking',
              when: { model: ['mock-thinker'] },
              action: 'degrade',
              degrade: { strip_reasoning: true },
            },
            {
              id: 'fallback',
              when: { model: ['mock-frontier'] },
              action: 'degrade',
              degrade: { model: 'mock-small' },
            },
          ],
        },
      },
    });
  });
  afterAll(async () => h.close());

  const lastUpstreamBody = (): Record<string, unknown> =>
    JSON.parse(h.mock.requests.at(-1)?.body.toString('utf8') ?? '{}') as Record<string, unknown>;

  it('strips reasoning from a JSON answer, caps output and forces one choice, visibly', async () => {
    const openai = new OpenAI({ apiKey: h.keys.alice, baseURL: `${h.url}/v1`, maxRetries: 0 });
    const { data, response } = await openai.chat.completions
      .create({
        model: 'mock-reasoner',
        reasoning_effort: 'high',
        n: 3,
        max_completion_tokens: 4000,
        messages: [{ role: 'user', content: 'why?' }],
      })
      .withResponse();
    expect(data.choices[0]?.message.content).toBeTruthy();
    expect(data.choices[0]?.message).not.toHaveProperty('reasoning_content');
    expect(data.usage?.completion_tokens).toBeGreaterThan(0);
    expect(response.headers.get('x-distillguard-degraded')).toBe(
      `max_tokens,single_choice,strip_reasoning; ${NOTICE}`,
    );
    expect(lastUpstreamBody()).toMatchObject({ max_completion_tokens: 64, n: 1 });
    // Control: a request no rule degrades gets the reasoning the upstream sent.
    const plain = await openai.chat.completions.create({
      model: 'mock-plain',
      reasoning_effort: 'high',
      messages: [{ role: 'user', content: 'why?' }],
    });
    expect(plain.choices[0]?.message).toHaveProperty('reasoning_content');
  });

  it('strips reasoning deltas from a stream the SDK reads to its final usage', async () => {
    const openai = new OpenAI({ apiKey: h.keys.alice, baseURL: `${h.url}/v1`, maxRetries: 0 });
    const stream = await openai.chat.completions.create({
      model: 'mock-reasoner',
      reasoning_effort: 'high',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'why?' }],
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      expect(chunk.choices[0]?.delta ?? {}).not.toHaveProperty('reasoning_content');
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text.length).toBeGreaterThan(0);
    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('withholds Anthropic thinking behind a stand-in the SDK streams, and puts it back on the next turn', async () => {
    const anthropic = new Anthropic({ apiKey: h.keys.bob, baseURL: h.url, maxRetries: 0 });
    const question = { role: 'user' as const, content: 'why?' };
    const first = await anthropic.messages
      .stream({
        model: 'mock-thinker',
        max_tokens: 8000,
        thinking: { type: 'enabled', budget_tokens: 4000 },
        messages: [question],
      })
      .finalMessage();
    // Thinking stayed on upstream (the answer keeps its quality); the client got a stand-in.
    expect(lastUpstreamBody()['thinking']).toEqual({ type: 'enabled', budget_tokens: 4000 });
    expect(first.content.map((block) => block.type)).toEqual(['redacted_thinking', 'text']);
    expect(JSON.stringify(first.content)).not.toContain('"thinking"');
    expect(first.usage.output_tokens).toBeGreaterThan(0);
    const standIn = first.content[0] as { data: string };
    expect(standIn.data).toMatch(/^dgth1_/);

    // The oracle: the mock refuses the stand-in as the real API would refuse unknown data.
    const history = [question, { role: 'assistant' as const, content: first.content }];
    const next = { role: 'user' as const, content: 'and then?' };
    const direct = await request(`${h.mock.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': UPSTREAM_SECRET },
      body: JSON.stringify({ model: 'mock-plain', max_tokens: 50, messages: [...history, next] }),
    });
    expect(direct.statusCode).toBe(400);
    await direct.body.dump();

    // Through the proxy, the original block goes back upstream: signature valid, 200.
    const second = await anthropic.messages.create({
      model: 'mock-thinker',
      max_tokens: 8000,
      thinking: { type: 'enabled', budget_tokens: 4000 },
      messages: [...history, next],
    });
    expect(second.content.map((block) => block.type)).toEqual(['redacted_thinking', 'text']);
    const returned = (
      lastUpstreamBody()['messages'] as { content: Record<string, unknown>[] }[]
    )[1];
    expect(returned?.content[0]?.['type']).toBe('thinking');
    expect(String(returned?.content[0]?.['thinking']).length).toBeGreaterThan(0);

    // Another account presenting the same stand-in gets nothing back: the block is removed.
    const mallory = new Anthropic({ apiKey: h.keys.alice, baseURL: h.url, maxRetries: 0 });
    await mallory.messages.create({
      model: 'mock-plain',
      max_tokens: 50,
      messages: [...history, next],
    });
    const stolen = (lastUpstreamBody()['messages'] as { content: { type: string }[] }[])[1];
    expect(stolen?.content.map((block) => block.type)).toEqual(['text']);
  });

  it('falls back to a weaker model and records every degradation', async () => {
    const res = await request(`${h.url}/v1/messages`, {
      method: 'POST',
      headers: {
        'x-api-key': h.keys.bob,
        'anthropic-version': '2023-06-01',
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        model: 'mock-frontier',
        max_tokens: 100,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });
    const body = (await res.body.json()) as { model: string };
    expect(res.statusCode).toBe(200);
    expect(body.model).toBe('mock-small');
    expect(res.headers['x-distillguard-degraded']).toBe(`model; ${NOTICE}`);
    const records = await h.waitForRecords(5);
    const record = records.find((r) => r.model === 'mock-frontier');
    expect(record).toMatchObject({ action: 'degrade', rule: 'fallback', degraded: ['model'] });
    expect(records.filter((r) => r.rule === 'no-reasoning').map((r) => r.degraded)).toContainEqual([
      'max_tokens',
      'single_choice',
      'strip_reasoning',
    ]);
  });

  it('passes a malformed upstream body through unchanged and keeps serving', async () => {
    for (const [model, expected] of [
      ['mock-reasoner-broken-json', BROKEN_JSON],
      ['mock-reasoner-broken-sse', BROKEN_SSE],
    ] as const) {
      const res = await request(`${h.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${h.keys.alice}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(res.statusCode).toBe(200);
      expect(await res.body.text()).toBe(expected);
    }
    // A last event without its blank line is still stripped when it is delivered at the end.
    const tail = await request(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.keys.alice}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'mock-reasoner-unterminated',
        stream: true,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });
    const tailText = await tail.body.text();
    expect(tailText).toContain('"content":"ok"');
    expect(tailText).not.toContain('tail leak');
    const openai = new OpenAI({ apiKey: h.keys.alice, baseURL: `${h.url}/v1`, maxRetries: 0 });
    const after = await openai.chat.completions.create({
      model: 'mock-reasoner',
      messages: [{ role: 'user', content: 'still there?' }],
    });
    expect(after.choices[0]?.message.content).toBeTruthy();
  });
});

describe('degrade within the buffer budget', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({
      config: {
        // Room for a request body, not for a held answer as well.
        limits: { max_buffered_bytes: 2048 },
        policy: {
          rules: [{ id: 'strip', when: {}, action: 'degrade', degrade: { strip_reasoning: true } }],
        },
      },
      mock: { words: 300 },
    });
  });
  afterAll(async () => h.close());

  it('refuses an answer it cannot hold within the budget (never passes it on unstripped)', async () => {
    const res = await request(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.keys.alice}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'mock-reasoner',
        reasoning_effort: 'high',
        messages: [{ role: 'user', content: 'why?' }],
      }),
    });
    const text = await res.body.text();
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBeDefined();
    expect(text).not.toContain('reasoning_content');
    expect((JSON.parse(text) as { error: { code: string } }).error.code).toBe('DG_ERR_OVERLOADED');
    const records = await h.waitForRecords(1);
    expect(records[0]).toMatchObject({
      status: 503,
      error: 'DG_ERR_OVERLOADED',
      detail: 'degraded_body_over_budget',
      outcome: 'rejected',
    });
    // Every reservation was given back: the next request's body is read within the budget and
    // its stream (stripped event by event, never held) is served.
    const again = await request(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.keys.alice}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'mock-reasoner',
        stream: true,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });
    await again.body.dump();
    expect(again.statusCode).toBe(200);
  });
});
