/**
 * The official SDKs (`@anthropic-ai/sdk`, `openai`) pointed at the proxy: every inference route,
 * JSON and SSE, arrives intact and yields one decision record whose facts and token counts match
 * what the SDK saw; every local rejection (401, 403, 413, 400) is raised by the SDK as its typed
 * error, in the dialect's own shape, carrying the request id of the decision record.
 */
import { once } from 'node:events';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateApiKey } from '../../src/auth/api-key.ts';
import type { DecisionRecord } from '../../src/decision-log/record.ts';
import { mockAnswer } from '../../src/mock-upstream/mock-answer.ts';
import type { RecordedRequest } from '../../src/mock-upstream/mock-upstream.ts';
import { startHarness, type Harness } from '../helpers/harness.ts';
import { caught, recordFor } from '../helpers/wait.ts';

const MAX_BODY = 64 * 1024;
const WORDS = 24;

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    config: { limits: { max_body_bytes: '64KiB' } },
    mock: { words: WORDS },
  });
});
afterAll(async () => {
  await h.close();
});

// ---------------------------------------------------------------------------------------------
// helpers

type FetchFn = typeof fetch;

function anthropicClient(
  key: string,
  options: { maxRetries?: number; fetch?: FetchFn } = {},
): Anthropic {
  return new Anthropic({
    apiKey: key,
    baseURL: h.url,
    maxRetries: options.maxRetries ?? 0,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

function openaiClient(key: string, options: { maxRetries?: number; fetch?: FetchFn } = {}): OpenAI {
  return new OpenAI({
    apiKey: key,
    baseURL: `${h.url}/v1`,
    maxRetries: options.maxRetries ?? 0,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

/** A fetch that removes every credential header (the SDKs refuse to send none themselves). */
const withoutCredential: FetchFn = (input, init) => {
  const headers = new Headers(init?.headers);
  headers.delete('authorization');
  headers.delete('x-api-key');
  return fetch(input, { ...init, headers });
};

/** A fetch that replaces the SDK's (valid) JSON body with a truncated one. */
const withMalformedJson: FetchFn = (input, init) => {
  const headers = new Headers(init?.headers);
  headers.delete('content-length');
  return fetch(input, { ...init, headers, body: '{"model": "mock-large", "messages": [' });
};

/** The text the mock upstream answers with (deterministic apart from ids and signatures). */
function expectedText(words = WORDS): string {
  return mockAnswer({
    model: 'm',
    requestBytes: 1,
    words,
    thinking: false,
    maxTokens: undefined,
  }).words.join('');
}

function expectedThinking(): string {
  return mockAnswer({ model: 'm', requestBytes: 1, words: 1, thinking: true, maxTokens: undefined })
    .thinking!;
}

function headerOf(seen: RecordedRequest, name: string): string | undefined {
  for (let i = 0; i < seen.rawHeaders.length; i += 2)
    if (seen.rawHeaders[i]!.toLowerCase() === name) return seen.rawHeaders[i + 1];
  return undefined;
}

/** The upstream request the proxy sent for a client request (it carries the proxy's id). */
function upstreamRequest(requestId: string): RecordedRequest {
  const seen = h.mock.requests.filter((r) => headerOf(r, 'x-request-id') === requestId);
  expect(seen).toHaveLength(1);
  return seen[0]!;
}

function upstreamBody(requestId: string): unknown {
  return JSON.parse(upstreamRequest(requestId).body.toString('utf8'));
}

/** Drops the per-request id from an Anthropic error body so bodies can be compared. */
function withoutRequestId(body: unknown): unknown {
  if (body === null || typeof body !== 'object') return body;
  const { request_id: _ignored, ...rest } = body as Record<string, unknown>;
  return rest;
}

// ---------------------------------------------------------------------------------------------

describe('Anthropic SDK through the proxy', () => {
  it('messages.create (JSON) arrives intact and is recorded with the usage the SDK saw', async () => {
    const client = anthropicClient(h.keys.alice);
    const params = {
      model: 'claude-mock-json',
      max_tokens: 256,
      messages: [
        { role: 'user' as const, content: 'Say something.' },
        { role: 'assistant' as const, content: 'Something.' },
        { role: 'user' as const, content: 'More.' },
      ],
    };
    const { data: message, response } = await client.messages.create(params).withResponse();
    const requestId = response.headers.get('x-request-id');

    expect(message.type).toBe('message');
    expect(message.model).toBe('claude-mock-json');
    expect(message.content).toEqual([{ type: 'text', text: expectedText() }]);
    expect(upstreamBody(requestId!)).toEqual(params);

    const record = await recordFor(h, requestId);
    expect(record).toMatchObject({
      account: 'acct_alice',
      org: 'org_acme',
      route: 'anthropic.messages',
      dialect: 'anthropic',
      model: 'claude-mock-json',
      stream: false,
      thinking: false,
      max_tokens: 256,
      messages: 3,
      tools: 0,
      action: 'allow',
      status: 200,
      error: null,
      outcome: 'completed',
      tokens_in: message.usage.input_tokens,
      tokens_out: message.usage.output_tokens,
    });
    expect(record.bytes_in).toBe(upstreamRequest(requestId!).body.length);
    expect(record.bytes_out).toBe(Number(response.headers.get('content-length')));
  });

  it('messages.stream with thinking: thinking and text blocks arrive intact, usage recorded', async () => {
    const client = anthropicClient(h.keys.alice);
    const stream = client.messages.stream({
      model: 'claude-mock-thinking',
      max_tokens: 2048,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: [{ role: 'user', content: 'Think, then answer.' }],
    });
    let streamedText = '';
    stream.on('text', (delta) => {
      streamedText += delta;
    });
    const final = await stream.finalMessage();
    const { response } = await stream.withResponse();
    const requestId = response.headers.get('x-request-id');

    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(final.content).toHaveLength(2);
    const [thinking, text] = final.content;
    expect(thinking).toMatchObject({ type: 'thinking', thinking: expectedThinking() });
    expect((thinking as { signature: string }).signature).toMatch(/^[A-Za-z0-9+/=]{40,}$/);
    expect(text).toMatchObject({ type: 'text', text: expectedText() });
    expect(streamedText).toBe(expectedText());
    expect(final.stop_reason).toBe('end_turn');

    const record = await recordFor(h, requestId);
    expect(record).toMatchObject({
      route: 'anthropic.messages',
      dialect: 'anthropic',
      model: 'claude-mock-thinking',
      stream: true,
      thinking: true,
      max_tokens: 2048,
      status: 200,
      outcome: 'completed',
      error: null,
      tokens_in: final.usage.input_tokens,
      tokens_out: final.usage.output_tokens,
    });
    expect(record.tokens_out).toBe(WORDS + 16);
  });

  it('messages.create({stream: true}) yields every event in order and the usage is recorded', async () => {
    const client = anthropicClient(h.keys.bob);
    const { data: stream, response } = await client.messages
      .create({
        model: 'claude-mock-sse',
        max_tokens: 512,
        stream: true,
        messages: [{ role: 'user', content: 'Stream it.' }],
      })
      .withResponse();
    const types: string[] = [];
    let text = '';
    let inputTokens: number | undefined;
    let outputTokens: number | undefined;
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'message_start') inputTokens = event.message.usage.input_tokens;
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta')
        text += event.delta.text;
      if (event.type === 'message_delta') outputTokens = event.usage.output_tokens;
    }
    expect(types).toEqual([
      'message_start',
      'content_block_start',
      ...Array<string>(WORDS).fill('content_block_delta'),
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(text).toBe(expectedText());

    const record = await recordFor(h, response.headers.get('x-request-id'));
    expect(record).toMatchObject({
      account: 'acct_bob',
      route: 'anthropic.messages',
      stream: true,
      thinking: false,
      status: 200,
      outcome: 'completed',
      tokens_in: inputTokens,
      tokens_out: outputTokens,
    });
  });

  it('messages.countTokens answers the count and records it as tokens_in', async () => {
    const client = anthropicClient(h.keys.alice);
    const { data, response } = await client.messages
      .countTokens({
        model: 'claude-mock-count',
        messages: [{ role: 'user', content: 'How many tokens is this?' }],
      })
      .withResponse();
    expect(data.input_tokens).toBeGreaterThan(0);
    const record = await recordFor(h, response.headers.get('x-request-id'));
    expect(record).toMatchObject({
      route: 'anthropic.count_tokens',
      dialect: 'anthropic',
      model: 'claude-mock-count',
      stream: false,
      status: 200,
      outcome: 'completed',
      tokens_in: data.input_tokens,
      tokens_out: null,
    });
  });
});

describe('OpenAI SDK through the proxy', () => {
  it('chat.completions.create (JSON) arrives intact and is recorded with its usage', async () => {
    const client = openaiClient(h.keys.alice);
    const params = {
      model: 'gpt-mock-json',
      max_completion_tokens: 300,
      reasoning_effort: 'high' as const,
      messages: [
        { role: 'system' as const, content: 'Be brief.' },
        { role: 'user' as const, content: 'Hello.' },
      ],
    };
    const { data: completion, request_id } = await client.chat.completions
      .create(params)
      .withResponse();
    expect(completion.choices[0]!.message.content).toBe(expectedText());
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    expect(upstreamBody(request_id!)).toEqual(params);

    const record = await recordFor(h, request_id);
    expect(record).toMatchObject({
      route: 'openai.chat_completions',
      dialect: 'openai',
      model: 'gpt-mock-json',
      stream: false,
      thinking: true,
      max_tokens: 300,
      messages: 2,
      status: 200,
      outcome: 'completed',
      tokens_in: completion.usage!.prompt_tokens,
      tokens_out: completion.usage!.completion_tokens,
    });
  });

  it('chat.completions streaming with include_usage: chunks intact, usage recorded', async () => {
    const client = openaiClient(h.keys.alice);
    const { data: stream, request_id } = await client.chat.completions
      .create({
        model: 'gpt-mock-sse',
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: 'Stream it.' }],
      })
      .withResponse();
    let text = '';
    let chunks = 0;
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      chunks++;
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    // role chunk + one per word + finish chunk + usage chunk
    expect(chunks).toBe(WORDS + 3);
    expect(text).toBe(expectedText());
    expect(usage).toBeDefined();

    const record = await recordFor(h, request_id);
    expect(record).toMatchObject({
      route: 'openai.chat_completions',
      stream: true,
      thinking: false,
      status: 200,
      outcome: 'completed',
      tokens_in: usage!.prompt_tokens,
      tokens_out: usage!.completion_tokens,
    });
  });

  it('chat.completions streaming without include_usage records no token counts', async () => {
    const client = openaiClient(h.keys.alice);
    const { data: stream, request_id } = await client.chat.completions
      .create({
        model: 'gpt-mock-sse',
        stream: true,
        messages: [{ role: 'user', content: 'Stream it.' }],
      })
      .withResponse();
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe(expectedText());
    const record = await recordFor(h, request_id);
    expect(record).toMatchObject({
      stream: true,
      outcome: 'completed',
      tokens_in: null,
      tokens_out: null,
    });
  });

  it('responses.create (JSON) arrives intact and is recorded with its usage', async () => {
    const client = openaiClient(h.keys.bob);
    const { data: response, request_id } = await client.responses
      .create({
        model: 'gpt-mock-responses',
        input: [
          { role: 'user', content: 'One.' },
          { role: 'user', content: 'Two.' },
        ],
        max_output_tokens: 400,
        reasoning: { effort: 'low' },
      })
      .withResponse();
    expect(response.status).toBe('completed');
    expect(response.output_text).toBe(expectedText());
    const record = await recordFor(h, request_id);
    expect(record).toMatchObject({
      account: 'acct_bob',
      route: 'openai.responses',
      dialect: 'openai',
      model: 'gpt-mock-responses',
      stream: false,
      thinking: true,
      max_tokens: 400,
      messages: 2,
      status: 200,
      outcome: 'completed',
      tokens_in: response.usage!.input_tokens,
      tokens_out: response.usage!.output_tokens,
    });
  });

  it('responses.create streaming: typed events intact, usage from response.completed recorded', async () => {
    const client = openaiClient(h.keys.alice);
    const { data: stream, request_id } = await client.responses
      .create({ model: 'gpt-mock-responses-sse', input: 'Stream it.', stream: true })
      .withResponse();
    const types: string[] = [];
    let text = '';
    let completed: OpenAI.Responses.Response | undefined;
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.output_text.delta') text += event.delta;
      if (event.type === 'response.completed') completed = event.response;
    }
    expect(types[0]).toBe('response.created');
    expect(types.at(-1)).toBe('response.completed');
    expect(types.filter((t) => t === 'response.output_text.delta')).toHaveLength(WORDS);
    expect(text).toBe(expectedText());
    expect(completed?.usage).toBeDefined();

    const record = await recordFor(h, request_id);
    expect(record).toMatchObject({
      route: 'openai.responses',
      stream: true,
      thinking: false,
      messages: 1,
      status: 200,
      outcome: 'completed',
      tokens_in: completed!.usage!.input_tokens,
      tokens_out: completed!.usage!.output_tokens,
    });
  });

  it('completions.create (legacy, JSON and streaming) arrives intact with usage recorded', async () => {
    const client = openaiClient(h.keys.alice);
    const { data: completion, request_id } = await client.completions
      .create({ model: 'gpt-mock-legacy', prompt: ['a', 'b'], max_tokens: 50 })
      .withResponse();
    expect(completion.choices[0]!.text).toBe(expectedText());
    expect(await recordFor(h, request_id)).toMatchObject({
      route: 'openai.completions',
      dialect: 'openai',
      model: 'gpt-mock-legacy',
      stream: false,
      max_tokens: 50,
      messages: 2,
      outcome: 'completed',
      tokens_in: completion.usage!.prompt_tokens,
      tokens_out: completion.usage!.completion_tokens,
    });

    const { data: stream, request_id: streamId } = await client.completions
      .create({
        model: 'gpt-mock-legacy',
        prompt: 'a',
        stream: true,
        stream_options: { include_usage: true },
      })
      .withResponse();
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.text ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe(expectedText());
    expect(await recordFor(h, streamId)).toMatchObject({
      route: 'openai.completions',
      stream: true,
      outcome: 'completed',
      tokens_in: usage!.prompt_tokens,
      tokens_out: usage!.completion_tokens,
    });
  });
});

// ---------------------------------------------------------------------------------------------

describe('typed errors: 401 for a missing, malformed or unknown key', () => {
  const cases = [
    { name: 'missing', detail: 'missing_credential' },
    { name: 'malformed', detail: 'malformed_key' },
    { name: 'unknown', detail: 'unknown_key' },
  ] as const;

  function keyFor(name: (typeof cases)[number]['name']): string {
    if (name === 'malformed') return 'sk-this-is-not-a-distillguard-key';
    if (name === 'unknown') return generateApiKey();
    return 'placeholder-removed-by-fetch';
  }

  it('Anthropic: AuthenticationError, one body for every reason, the reason only in the log', async () => {
    const upstreamBefore = h.mock.requests.length;
    const bodies: unknown[] = [];
    const messages: string[] = [];
    for (const { name, detail } of cases) {
      const client = anthropicClient(
        keyFor(name),
        name === 'missing' ? { fetch: withoutCredential } : {},
      );
      const error = await caught(
        client.messages.create({
          model: 'claude-mock',
          max_tokens: 16,
          messages: [{ role: 'user', content: 'hi' }],
        }),
      );
      expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
      const e = error as InstanceType<typeof Anthropic.AuthenticationError>;
      expect(e.status).toBe(401);
      expect(e.type).toBe('authentication_error');
      expect(e.error).toMatchObject({
        type: 'error',
        error: { type: 'authentication_error', code: 'DG_ERR_UNAUTHENTICATED' },
        request_id: e.requestID,
      });
      expect(e.headers.get('x-request-id')).toBe(e.requestID);
      bodies.push(withoutRequestId(e.error));
      messages.push(e.apiMessage ?? '');
      const record = await recordFor(h, e.requestID);
      expect(record).toMatchObject({
        route: 'anthropic.messages',
        dialect: 'anthropic',
        account: null,
        key_id: null,
        action: 'reject',
        status: 401,
        error: 'DG_ERR_UNAUTHENTICATED',
        detail,
        outcome: 'rejected',
      });
    }
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    expect(new Set(messages).size).toBe(1);
    expect(h.mock.requests.length).toBe(upstreamBefore);
  });

  it('OpenAI: AuthenticationError, one body for every reason, the reason only in the log', async () => {
    const upstreamBefore = h.mock.requests.length;
    const bodies: string[] = [];
    for (const { name, detail } of cases) {
      const client = openaiClient(
        keyFor(name),
        name === 'missing' ? { fetch: withoutCredential } : {},
      );
      const error = await caught(
        client.chat.completions.create({
          model: 'gpt-mock',
          messages: [{ role: 'user', content: 'hi' }],
        }),
      );
      expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
      const e = error as InstanceType<typeof OpenAI.AuthenticationError>;
      expect(e.status).toBe(401);
      expect(e.error).toEqual({
        message: 'Invalid or missing API key.',
        type: 'authentication_error',
        param: null,
        code: 'DG_ERR_UNAUTHENTICATED',
      });
      expect(e.code).toBe('DG_ERR_UNAUTHENTICATED');
      bodies.push(JSON.stringify(e.error));
      const record = await recordFor(h, e.requestID);
      expect(record).toMatchObject({
        route: 'openai.chat_completions',
        dialect: 'openai',
        account: null,
        status: 401,
        error: 'DG_ERR_UNAUTHENTICATED',
        detail,
        outcome: 'rejected',
      });
    }
    expect(new Set(bodies).size).toBe(1);
    expect(h.mock.requests.length).toBe(upstreamBefore);
  });

  it('the raw 401 responses are byte-identical apart from the request id', async () => {
    const raw: string[] = [];
    for (const { name } of cases) {
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'anthropic-version': '2023-06-01',
      };
      if (name !== 'missing') headers['x-api-key'] = keyFor(name);
      const res = await fetch(`${h.url}/v1/messages`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ model: 'm', max_tokens: 1, messages: [] }),
      });
      const requestId = res.headers.get('x-request-id')!;
      const text = await res.text();
      expect(res.status).toBe(401);
      expect(text).toContain(requestId);
      raw.push(`${res.headers.get('content-length')} ${text.replaceAll(requestId, 'ID')}`);
    }
    expect(new Set(raw).size).toBe(1);
  });
});

describe('typed errors: 403 for a deny-listed account or org', () => {
  const blocked = [
    { who: 'mallory', account: 'acct_mallory', org: 'org_shadow' },
    { who: 'erin', account: 'acct_erin', org: 'org_blocked' },
  ] as const;

  it('Anthropic: PermissionDeniedError with x-should-retry: false, recorded as blocked', async () => {
    const upstreamBefore = h.mock.requests.length;
    for (const { who, account, org } of blocked) {
      const error = await caught(
        anthropicClient(h.keys[who]).messages.create({
          model: 'claude-mock',
          max_tokens: 16,
          messages: [{ role: 'user', content: 'hi' }],
        }),
      );
      expect(error).toBeInstanceOf(Anthropic.PermissionDeniedError);
      const e = error as InstanceType<typeof Anthropic.PermissionDeniedError>;
      expect(e.status).toBe(403);
      expect(e.headers.get('x-should-retry')).toBe('false');
      expect(e.error).toMatchObject({
        type: 'error',
        error: { type: 'permission_error', code: 'DG_ERR_BLOCKED' },
        request_id: e.requestID,
      });
      const record = await recordFor(h, e.requestID);
      expect(record).toMatchObject({
        account,
        org,
        route: 'anthropic.messages',
        action: 'block',
        status: 403,
        error: 'DG_ERR_BLOCKED',
        outcome: 'blocked',
        model: 'claude-mock',
      });
    }
    expect(h.mock.requests.length).toBe(upstreamBefore);
  });

  it('OpenAI: PermissionDeniedError with x-should-retry: false, recorded as blocked', async () => {
    for (const { who, account } of blocked) {
      const error = await caught(
        openaiClient(h.keys[who]).responses.create({ model: 'gpt-mock', input: 'hi' }),
      );
      expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
      const e = error as InstanceType<typeof OpenAI.PermissionDeniedError>;
      expect(e.status).toBe(403);
      expect(e.headers.get('x-should-retry')).toBe('false');
      expect(e.error).toMatchObject({ type: 'permission_error', code: 'DG_ERR_BLOCKED' });
      const record = await recordFor(h, e.requestID);
      expect(record).toMatchObject({
        account,
        route: 'openai.responses',
        action: 'block',
        status: 403,
        error: 'DG_ERR_BLOCKED',
        outcome: 'blocked',
      });
    }
  });

  it('SDKs with default retries do not retry a 403 (x-should-retry: false): one request, one record', async () => {
    const before = (await h.records()).filter((r) => r.account === 'acct_mallory').length;
    const a = await caught(
      anthropicClient(h.keys.mallory, { maxRetries: 2 }).messages.create({
        model: 'claude-mock',
        max_tokens: 16,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    );
    expect(a).toBeInstanceOf(Anthropic.PermissionDeniedError);
    const o = await caught(
      openaiClient(h.keys.mallory, { maxRetries: 2 }).chat.completions.create({
        model: 'gpt-mock',
        messages: [{ role: 'user', content: 'hi' }],
      }),
    );
    expect(o).toBeInstanceOf(OpenAI.PermissionDeniedError);
    await recordFor(h, (a as InstanceType<typeof Anthropic.APIError>).requestID);
    await recordFor(h, (o as InstanceType<typeof OpenAI.APIError>).requestID);
    const after = (await h.records()).filter((r) => r.account === 'acct_mallory').length;
    expect(after - before).toBe(2);
  });
});

describe('typed errors: 413 for a body over max_body_bytes', () => {
  const big = 'x'.repeat(MAX_BODY + 1024);

  it('Anthropic: ContentTooLargeError in the Anthropic shape; the upstream never sees it', async () => {
    const upstreamBefore = h.mock.requests.length;
    const error = await caught(
      anthropicClient(h.keys.alice).messages.create({
        model: 'claude-mock',
        max_tokens: 16,
        messages: [{ role: 'user', content: big }],
      }),
    );
    expect(error).toBeInstanceOf(Anthropic.ContentTooLargeError);
    const e = error as InstanceType<typeof Anthropic.ContentTooLargeError>;
    expect(e.status).toBe(413);
    expect(e.error).toEqual({
      type: 'error',
      error: {
        type: 'request_too_large',
        message: 'The request body is too large.',
        code: 'DG_ERR_BODY_TOO_LARGE',
      },
      request_id: e.requestID,
    });
    const record = await recordFor(h, e.requestID);
    expect(record).toMatchObject({
      account: 'acct_alice',
      route: 'anthropic.messages',
      status: 413,
      error: 'DG_ERR_BODY_TOO_LARGE',
      detail: 'declared_length',
      outcome: 'rejected',
    });
    expect(h.mock.requests.length).toBe(upstreamBefore);
  });

  it('OpenAI: APIError 413 in the OpenAI shape', async () => {
    const error = await caught(
      openaiClient(h.keys.alice).chat.completions.create({
        model: 'gpt-mock',
        messages: [{ role: 'user', content: big }],
      }),
    );
    expect(error).toBeInstanceOf(OpenAI.APIError);
    const e = error as InstanceType<typeof OpenAI.APIError>;
    expect(e.status).toBe(413);
    expect(e.error).toEqual({
      message: 'The request body is too large.',
      type: 'invalid_request_error',
      param: null,
      code: 'DG_ERR_BODY_TOO_LARGE',
    });
    expect(await recordFor(h, e.requestID)).toMatchObject({
      route: 'openai.chat_completions',
      status: 413,
      error: 'DG_ERR_BODY_TOO_LARGE',
      detail: 'declared_length',
      outcome: 'rejected',
    });
  });

  it('a chunked body (no Content-Length) is cut at the cap with the same 413', async () => {
    const upstreamBefore = h.mock.requests.length;
    const { status, headers, body } = await new Promise<{
      status: number;
      headers: Record<string, string | string[] | undefined>;
      body: string;
    }>((resolve, reject) => {
      const req = httpRequest(`${h.url}/v1/chat/completions`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${h.keys.alice}`,
          'content-type': 'application/json',
          'transfer-encoding': 'chunked',
        },
      });
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
        );
        res.on('error', reject);
      });
      req.on('error', reject);
      // Write chunks past the cap; the proxy answers once it has seen too much.
      const chunk = Buffer.alloc(8 * 1024, 'y');
      req.write('{"model":"gpt-mock","messages":[{"role":"user","content":"');
      for (let sent = 0; sent < MAX_BODY * 2; sent += chunk.length) req.write(chunk);
      req.end('"}]}');
    });
    expect(status).toBe(413);
    const requestId = headers['x-request-id'] as string;
    expect(JSON.parse(body)).toMatchObject({ error: { code: 'DG_ERR_BODY_TOO_LARGE' } });
    expect(await recordFor(h, requestId)).toMatchObject({
      status: 413,
      error: 'DG_ERR_BODY_TOO_LARGE',
      detail: 'body_length',
      outcome: 'rejected',
    });
    expect(h.mock.requests.length).toBe(upstreamBefore);
  });
});

describe('typed errors: 400 for malformed JSON', () => {
  it('Anthropic (raw): 400 invalid_request_error in the Anthropic shape with the request id', async () => {
    const res = await fetch(`${h.url}/v1/messages`, {
      method: 'POST',
      headers: {
        'x-api-key': h.keys.alice,
        'anthropic-version': '2023-06-01',
        'content-type': 'application/json',
      },
      body: '{"model": "claude-mock", "max_tokens": 1, "messages": [',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('x-should-retry')).toBe('false');
    const requestId = res.headers.get('x-request-id');
    expect(res.headers.get('request-id')).toBe(requestId);
    expect(await res.json()).toEqual({
      type: 'error',
      error: {
        type: 'invalid_request_error',
        message: 'The request body is not valid JSON.',
        code: 'DG_ERR_INVALID_JSON',
      },
      request_id: requestId,
    });
    expect(await recordFor(h, requestId)).toMatchObject({
      account: 'acct_alice',
      route: 'anthropic.messages',
      dialect: 'anthropic',
      status: 400,
      error: 'DG_ERR_INVALID_JSON',
      detail: 'json',
      outcome: 'rejected',
    });
  });

  it('OpenAI (raw): 400 invalid_request_error in the OpenAI shape with the request id', async () => {
    const res = await fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.keys.alice}`, 'content-type': 'application/json' },
      body: '{"model": "gpt-mock", "messages": [}',
    });
    expect(res.status).toBe(400);
    const requestId = res.headers.get('x-request-id');
    expect(await res.json()).toEqual({
      error: {
        message: 'The request body is not valid JSON.',
        type: 'invalid_request_error',
        param: null,
        code: 'DG_ERR_INVALID_JSON',
      },
    });
    expect(await recordFor(h, requestId)).toMatchObject({
      route: 'openai.chat_completions',
      dialect: 'openai',
      status: 400,
      error: 'DG_ERR_INVALID_JSON',
      detail: 'json',
      outcome: 'rejected',
    });
  });

  it('a JSON body that is not an object is a 400 too', async () => {
    const res = await fetch(`${h.url}/v1/responses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.keys.alice}`, 'content-type': 'application/json' },
      body: '["not", "an", "object"]',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'DG_ERR_INVALID_BODY' } });
    expect(await recordFor(h, res.headers.get('x-request-id'))).toMatchObject({
      status: 400,
      error: 'DG_ERR_INVALID_BODY',
      detail: 'not_object',
    });
  });

  it('the SDKs raise BadRequestError for it (body corrupted on the wire)', async () => {
    const anthropicError = await caught(
      anthropicClient(h.keys.alice, { fetch: withMalformedJson }).messages.create({
        model: 'claude-mock',
        max_tokens: 16,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    );
    expect(anthropicError).toBeInstanceOf(Anthropic.BadRequestError);
    const a = anthropicError as InstanceType<typeof Anthropic.BadRequestError>;
    expect(a.type).toBe('invalid_request_error');
    expect((await recordFor(h, a.requestID)).error).toBe('DG_ERR_INVALID_JSON');

    const openaiError = await caught(
      openaiClient(h.keys.alice, { fetch: withMalformedJson }).chat.completions.create({
        model: 'gpt-mock',
        messages: [{ role: 'user', content: 'hi' }],
      }),
    );
    expect(openaiError).toBeInstanceOf(OpenAI.BadRequestError);
    const o = openaiError as InstanceType<typeof OpenAI.BadRequestError>;
    expect(o.code).toBe('DG_ERR_INVALID_JSON');
    expect((await recordFor(h, o.requestID)).error).toBe('DG_ERR_INVALID_JSON');
  });
});

describe('an upstream that compresses its JSON responses (as the real APIs do on Accept-Encoding)', () => {
  // The SDKs send `accept-encoding: gzip, deflate`; the proxy forwards it, so a real upstream
  // answers gzip. The SDK decompresses; the proxy must still see the usage it records.
  let upstream: Server;
  let gz: Harness;
  const usage = {
    anthropic: { input_tokens: 321, output_tokens: 45 },
    openai: { prompt_tokens: 321, completion_tokens: 45, total_tokens: 366 },
  };

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const body =
          req.url === '/v1/messages'
            ? {
                id: 'msg_gz',
                type: 'message',
                role: 'assistant',
                model: 'claude-mock-gzip',
                content: [{ type: 'text', text: 'compressed hello' }],
                stop_reason: 'end_turn',
                stop_sequence: null,
                usage: usage.anthropic,
              }
            : {
                id: 'chatcmpl_gz',
                object: 'chat.completion',
                created: 1,
                model: 'gpt-mock-gzip',
                choices: [
                  {
                    index: 0,
                    message: { role: 'assistant', content: 'compressed hello', refusal: null },
                    logprobs: null,
                    finish_reason: 'stop',
                  },
                ],
                usage: usage.openai,
              };
        const text = Buffer.from(JSON.stringify(body));
        const gzip = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
        const payload = gzip ? gzipSync(text) : text;
        res.writeHead(200, {
          'content-type': 'application/json',
          'content-length': payload.length,
          vary: 'accept-encoding',
          ...(gzip ? { 'content-encoding': 'gzip' } : {}),
        });
        res.end(payload);
      });
    });
    upstream.listen(0, '127.0.0.1');
    await once(upstream, 'listening');
    const { port } = upstream.address() as AddressInfo;
    gz = await startHarness({ config: { upstream: { url: `http://127.0.0.1:${port}` } } });
  });
  afterAll(async () => {
    await gz.close();
    upstream.closeAllConnections();
    upstream.close();
  });

  async function gzRecord(requestId: string | null): Promise<DecisionRecord> {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const found = (await gz.records()).filter((r) => r.request_id === requestId);
      if (found.length > 0 || Date.now() > deadline) {
        expect(found).toHaveLength(1);
        return found[0]!;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('Anthropic messages.create: the record has the tokens the SDK saw', async () => {
    const client = new Anthropic({ apiKey: gz.keys.alice, baseURL: gz.url, maxRetries: 0 });
    const { data, response } = await client.messages
      .create({
        model: 'claude-mock-gzip',
        max_tokens: 64,
        messages: [{ role: 'user', content: 'hi' }],
      })
      .withResponse();
    expect(data.content).toMatchObject([{ type: 'text', text: 'compressed hello' }]);
    expect(data.usage).toMatchObject(usage.anthropic);
    const record = await gzRecord(response.headers.get('x-request-id'));
    expect(record).toMatchObject({ status: 200, outcome: 'completed' });
    expect({ tokens_in: record.tokens_in, tokens_out: record.tokens_out }).toEqual({
      tokens_in: data.usage.input_tokens,
      tokens_out: data.usage.output_tokens,
    });
  });

  it('OpenAI chat.completions.create: the record has the tokens the SDK saw', async () => {
    const client = new OpenAI({ apiKey: gz.keys.alice, baseURL: `${gz.url}/v1`, maxRetries: 0 });
    const { data, request_id } = await client.chat.completions
      .create({ model: 'gpt-mock-gzip', messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    expect(data.choices[0]!.message.content).toBe('compressed hello');
    const record = await gzRecord(request_id);
    expect({ tokens_in: record.tokens_in, tokens_out: record.tokens_out }).toEqual({
      tokens_in: data.usage!.prompt_tokens,
      tokens_out: data.usage!.completion_tokens,
    });
  });
});
