/**
 * Upstream faults through the proxy, seen by the official SDKs and by raw clients (RELIABILITY
 * status contract; items 10–11): upstream down or reset before the response → 502, silent past
 * `first_byte_timeout` → 504, reset or stalled after the SSE headers → the dialect's `event: error`
 * frame (raised by the SDK as an APIError while iterating), and upstream 429 / 529 / 503 passed
 * through unchanged with their Retry-After. Each request yields exactly one decision record.
 */
import { once } from 'node:events';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anthropic as anthropicDialect } from '../../src/dialects/anthropic.ts';
import { openai as openaiDialect } from '../../src/dialects/openai.ts';
import type { MockFault, RecordedRequest } from '../../src/mock-upstream/mock-upstream.ts';
import { startHarness, type Harness } from '../helpers/harness.ts';
import { refusingPort } from '../helpers/refusing-port.ts';
import { caught, recordFor, waitFor } from '../helpers/wait.ts';

const FIRST_BYTE_TIMEOUT_MS = 500;
const IDLE_STREAM_TIMEOUT_MS = 500;
/** Generous slack over a contract bound on a shared 2-core machine. */
const SLACK_MS = 4_000;

// ---------------------------------------------------------------------------------------------
// helpers

/** Iterates a stream to its end or its error; returns what arrived and the error raised. */
async function drain<T>(stream: AsyncIterable<T>): Promise<{ items: T[]; error: unknown }> {
  const items: T[] = [];
  try {
    for await (const item of stream) items.push(item);
  } catch (error) {
    return { items, error };
  }
  return { items, error: undefined };
}

/** A TCP port nothing listens on (bound once, then released). */

function anthropicClient(h: Harness, maxRetries = 0): Anthropic {
  return new Anthropic({ apiKey: h.keys.alice, baseURL: h.url, maxRetries });
}

function openaiClient(h: Harness, maxRetries = 0): OpenAI {
  return new OpenAI({ apiKey: h.keys.alice, baseURL: `${h.url}/v1`, maxRetries });
}

const userMessage = [{ role: 'user' as const, content: 'hello' }];

/** SSE frames in a raw body (each ends with a blank line). */
function framesOf(text: string): string[] {
  return text
    .split('\n\n')
    .filter((frame) => frame !== '')
    .map((frame) => `${frame}\n\n`);
}

async function rawPost(
  h: Harness,
  path: string,
  body: Record<string, unknown>,
): Promise<{ status: number; headers: Headers; text: string; elapsedMs: number }> {
  const anthropicRoute = path.startsWith('/v1/messages');
  const started = performance.now();
  const res = await fetch(`${h.url}${path}`, {
    method: 'POST',
    headers: anthropicRoute
      ? {
          'x-api-key': h.keys.alice,
          'anthropic-version': '2023-06-01',
          'content-type': 'application/json',
        }
      : { authorization: `Bearer ${h.keys.alice}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, elapsedMs: performance.now() - started };
}

// ---------------------------------------------------------------------------------------------

describe('upstream down (connection refused) → 502', () => {
  let h: Harness;
  beforeAll(async () => {
    const port = await refusingPort();
    h = await startHarness({ config: { upstream: { url: `http://127.0.0.1:${port}` } } });
  });
  afterAll(async () => {
    await h.close();
  });

  it('Anthropic: InternalServerError 502 in the Anthropic shape, recorded as upstream_error', async () => {
    for (const stream of [false, true]) {
      const error = await caught(
        anthropicClient(h).messages.create({
          model: 'claude-mock',
          max_tokens: 16,
          messages: userMessage,
          stream,
        }),
      );
      expect(error).toBeInstanceOf(Anthropic.InternalServerError);
      const e = error as InstanceType<typeof Anthropic.InternalServerError>;
      expect(e.status).toBe(502);
      expect(e.error).toEqual({
        type: 'error',
        error: {
          type: 'api_error',
          message: 'The inference service could not be reached.',
          code: 'DG_ERR_UPSTREAM_UNAVAILABLE',
        },
        request_id: e.requestID,
      });
      const record = await recordFor(h, e.requestID);
      expect(record).toMatchObject({
        account: 'acct_alice',
        route: 'anthropic.messages',
        action: 'allow',
        stream,
        status: 502,
        error: 'DG_ERR_UPSTREAM_UNAVAILABLE',
        detail: 'econnrefused',
        outcome: 'upstream_error',
        tokens_in: null,
        tokens_out: null,
      });
      expect(record.latency_ms.upstream_ttfb).toBeNull();
    }
  });

  it('OpenAI: InternalServerError 502 in the OpenAI shape, recorded as upstream_error', async () => {
    const error = await caught(
      openaiClient(h).chat.completions.create({
        model: 'gpt-mock',
        messages: userMessage,
        stream: true,
      }),
    );
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    const e = error as InstanceType<typeof OpenAI.InternalServerError>;
    expect(e.status).toBe(502);
    expect(e.error).toEqual({
      message: 'The inference service could not be reached.',
      type: 'server_error',
      param: null,
      code: 'DG_ERR_UPSTREAM_UNAVAILABLE',
    });
    expect(await recordFor(h, e.requestID)).toMatchObject({
      route: 'openai.chat_completions',
      status: 502,
      error: 'DG_ERR_UPSTREAM_UNAVAILABLE',
      detail: 'econnrefused',
      outcome: 'upstream_error',
    });
  });
});

describe('upstream faults injected by the mock', () => {
  let h: Harness;

  /** The fault is chosen by the request's model name: fault-<kind>[-<n>]. */
  function faultFor(request: RecordedRequest): MockFault | undefined {
    let model: unknown;
    try {
      model = (JSON.parse(request.body.toString('utf8')) as { model?: unknown }).model;
    } catch {
      return undefined;
    }
    if (typeof model !== 'string' || !model.startsWith('fault-')) return undefined;
    const [, kind, n] = model.split('-');
    const count = Number(n);
    switch (kind) {
      case 'hang':
        return { kind: 'hang' };
      case 'refuse':
        return { kind: 'refuse' };
      case 'reset':
        return { kind: 'reset_mid_stream', afterEvents: count };
      case 'stall':
        return { kind: 'stall_mid_stream', afterEvents: count };
      case 'retry':
        return {
          kind: 'status',
          status: 529,
          headers: { 'retry-after': '30', 'retry-after-ms': '20' },
          body: STATUS_BODIES[529]!,
        };
      case 'status':
        return {
          kind: 'status',
          status: count,
          headers: STATUS_HEADERS[count] ?? {},
          body: STATUS_BODIES[count] ?? '{}',
        };
      default:
        return undefined;
    }
  }

  const STATUS_HEADERS: Record<number, Record<string, string>> = {
    429: { 'retry-after': '7', 'x-ratelimit-remaining-requests': '0' },
    529: { 'retry-after': '3' },
    503: { 'retry-after': '5' },
  };
  const STATUS_BODIES: Record<number, string> = {
    429: '{"type":"error","error":{"type":"rate_limit_error","message":"upstream: slow down"}}',
    529: '{"type":"error","error":{"type":"overloaded_error","message":"upstream: overloaded"}}',
    503: '{"error":{"message":"upstream: unavailable","type":"server_error","code":"unavailable"}}',
  };

  beforeAll(async () => {
    h = await startHarness({
      config: {
        upstream: {
          first_byte_timeout: `${FIRST_BYTE_TIMEOUT_MS}ms`,
          idle_stream_timeout: `${IDLE_STREAM_TIMEOUT_MS}ms`,
        },
      },
      mock: { eventDelayMs: 2, words: 16, fault: faultFor },
    });
  });
  afterAll(async () => {
    await h.close();
  });

  it('a healthy request still works under the short timeouts (baseline)', async () => {
    const message = await anthropicClient(h).messages.create({
      model: 'claude-mock',
      max_tokens: 64,
      messages: userMessage,
    });
    expect(message.content[0]).toMatchObject({ type: 'text' });
  });

  describe('upstream reset before the response → 502', () => {
    it('Anthropic and OpenAI SDKs raise InternalServerError 502; one record each', async () => {
      const a = await caught(
        anthropicClient(h).messages.create({
          model: 'fault-refuse',
          max_tokens: 16,
          messages: userMessage,
        }),
      );
      expect(a).toBeInstanceOf(Anthropic.InternalServerError);
      const ae = a as InstanceType<typeof Anthropic.InternalServerError>;
      expect(ae.status).toBe(502);
      expect(ae.type).toBe('api_error');
      const aRecord = await recordFor(h, ae.requestID);
      expect(aRecord).toMatchObject({
        status: 502,
        error: 'DG_ERR_UPSTREAM_UNAVAILABLE',
        outcome: 'upstream_error',
        model: 'fault-refuse',
      });
      expect(aRecord.detail).toMatch(/^und_err_socket|^econnreset/);

      const o = await caught(
        openaiClient(h).responses.create({ model: 'fault-refuse', input: 'hi', stream: true }),
      );
      expect(o).toBeInstanceOf(OpenAI.InternalServerError);
      const oe = o as InstanceType<typeof OpenAI.InternalServerError>;
      expect(oe.status).toBe(502);
      expect(oe.code).toBe('DG_ERR_UPSTREAM_UNAVAILABLE');
      expect(await recordFor(h, oe.requestID)).toMatchObject({
        route: 'openai.responses',
        status: 502,
        error: 'DG_ERR_UPSTREAM_UNAVAILABLE',
        outcome: 'upstream_error',
      });
    });
  });

  describe('upstream silent → 504 after first_byte_timeout', () => {
    it('Anthropic: GatewayTimeoutError 504; the hung upstream request is aborted', async () => {
      const abortedBefore = h.mock.aborted();
      const started = performance.now();
      const error = await caught(
        anthropicClient(h).messages.create({
          model: 'fault-hang',
          max_tokens: 16,
          messages: userMessage,
          stream: true,
        }),
      );
      const elapsed = performance.now() - started;
      expect(error).toBeInstanceOf(Anthropic.GatewayTimeoutError);
      const e = error as InstanceType<typeof Anthropic.GatewayTimeoutError>;
      expect(e.status).toBe(504);
      expect(e.error).toEqual({
        type: 'error',
        error: {
          type: 'timeout_error',
          message: 'The inference service did not answer in time.',
          code: 'DG_ERR_UPSTREAM_TIMEOUT',
        },
        request_id: e.requestID,
      });
      expect(elapsed).toBeGreaterThanOrEqual(FIRST_BYTE_TIMEOUT_MS - 50);
      expect(elapsed).toBeLessThan(FIRST_BYTE_TIMEOUT_MS + SLACK_MS);
      const record = await recordFor(h, e.requestID);
      expect(record).toMatchObject({
        stream: true,
        status: 504,
        error: 'DG_ERR_UPSTREAM_TIMEOUT',
        detail: 'und_err_headers_timeout',
        outcome: 'upstream_error',
        bytes_out: 0,
      });
      expect(record.latency_ms.upstream_ttfb).toBeNull();
      // No orphan: the proxy closed its side of the hung exchange.
      expect(await waitFor(() => h.mock.aborted() > abortedBefore, 2_000)).toBe(true);
    });

    it('OpenAI: InternalServerError 504 in the OpenAI shape', async () => {
      const error = await caught(
        openaiClient(h).chat.completions.create({ model: 'fault-hang', messages: userMessage }),
      );
      expect(error).toBeInstanceOf(OpenAI.InternalServerError);
      const e = error as InstanceType<typeof OpenAI.InternalServerError>;
      expect(e.status).toBe(504);
      expect(e.error).toEqual({
        message: 'The inference service did not answer in time.',
        type: 'timeout_error',
        param: null,
        code: 'DG_ERR_UPSTREAM_TIMEOUT',
      });
      expect(await recordFor(h, e.requestID)).toMatchObject({
        status: 504,
        error: 'DG_ERR_UPSTREAM_TIMEOUT',
        outcome: 'upstream_error',
      });
    });
  });

  describe('upstream reset mid-stream → the dialect error event', () => {
    it('Anthropic raw: the events before the reset, then exactly the error frame', async () => {
      const abortedBefore = h.mock.aborted();
      const res = await rawPost(h, '/v1/messages', {
        model: 'fault-reset-4',
        max_tokens: 64,
        stream: true,
        messages: userMessage,
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const requestId = res.headers.get('x-request-id')!;
      const frames = framesOf(res.text);
      // message_start, content_block_start, ping, one delta — then the proxy's error frame.
      expect(frames).toHaveLength(5);
      expect(frames[0]).toMatch(/^event: message_start\n/);
      expect(frames[3]).toMatch(/^event: content_block_delta\n/);
      expect(frames[4]).toBe(
        anthropicDialect.sseErrorFrame('DG_ERR_UPSTREAM_STREAM', requestId, 'anthropic.messages'),
      );
      const record = await recordFor(h, requestId);
      expect(record).toMatchObject({
        stream: true,
        status: 200,
        error: 'DG_ERR_UPSTREAM_STREAM',
        outcome: 'upstream_error',
      });
      expect(record.detail).toMatch(/^und_err_socket|^econnreset/);
      expect(record.bytes_out).toBe(Buffer.byteLength(frames.slice(0, 4).join('')));
      expect(record.tokens_in).toBeGreaterThan(0);
      expect(h.mock.aborted()).toBeGreaterThan(abortedBefore);
    });

    it('Anthropic SDK: create({stream}) and messages.stream raise an APIError while iterating', async () => {
      const { data: stream, response } = await anthropicClient(h)
        .messages.create({
          model: 'fault-reset-6',
          max_tokens: 64,
          stream: true,
          messages: userMessage,
        })
        .withResponse();
      const { items, error } = await drain(stream);
      expect(items.map((event) => event.type)).toEqual([
        'message_start',
        'content_block_start',
        'content_block_delta',
        'content_block_delta',
        'content_block_delta',
      ]);
      expect(error).toBeInstanceOf(Anthropic.APIError);
      const e = error as InstanceType<typeof Anthropic.APIError>;
      const requestId = response.headers.get('x-request-id');
      expect(e.type).toBe('api_error');
      expect(e.error).toEqual({
        type: 'error',
        error: {
          type: 'api_error',
          message: 'The response stream from the inference service failed.',
          code: 'DG_ERR_UPSTREAM_STREAM',
        },
        request_id: requestId,
      });
      expect(await recordFor(h, requestId)).toMatchObject({
        status: 200,
        error: 'DG_ERR_UPSTREAM_STREAM',
        outcome: 'upstream_error',
      });

      const helper = anthropicClient(h).messages.stream({
        model: 'fault-reset-5',
        max_tokens: 64,
        messages: userMessage,
      });
      const failure = await caught(helper.finalMessage());
      expect(failure).toBeInstanceOf(Anthropic.APIError);
      expect((failure as InstanceType<typeof Anthropic.APIError>).type).toBe('api_error');
    });

    it('OpenAI SDK: chat and responses streams raise an APIError while iterating', async () => {
      const { data: chat, request_id } = await openaiClient(h)
        .chat.completions.create({
          model: 'fault-reset-3',
          stream: true,
          stream_options: { include_usage: true },
          messages: userMessage,
        })
        .withResponse();
      const chatResult = await drain(chat);
      expect(chatResult.items).toHaveLength(3);
      expect(chatResult.error).toBeInstanceOf(OpenAI.APIError);
      const ce = chatResult.error as InstanceType<typeof OpenAI.APIError>;
      expect(ce.code).toBe('DG_ERR_UPSTREAM_STREAM');
      expect(ce.type).toBe('server_error');
      expect(ce.requestID).toBe(request_id);
      expect(await recordFor(h, request_id)).toMatchObject({
        route: 'openai.chat_completions',
        status: 200,
        error: 'DG_ERR_UPSTREAM_STREAM',
        outcome: 'upstream_error',
        tokens_in: null,
      });

      const { data: responses, request_id: responsesId } = await openaiClient(h)
        .responses.create({ model: 'fault-reset-4', input: 'hi', stream: true })
        .withResponse();
      const responsesResult = await drain(responses);
      expect(responsesResult.items.map((event) => event.type)).toEqual([
        'response.created',
        'response.output_item.added',
        'response.content_part.added',
        'response.output_text.delta',
      ]);
      expect(responsesResult.error).toBeInstanceOf(OpenAI.APIError);
      const re = responsesResult.error as InstanceType<typeof OpenAI.APIError>;
      expect(re.code).toBe('DG_ERR_UPSTREAM_STREAM');
      expect(re.requestID).toBe(responsesId);
      expect(await recordFor(h, responsesId)).toMatchObject({
        route: 'openai.responses',
        status: 200,
        error: 'DG_ERR_UPSTREAM_STREAM',
        outcome: 'upstream_error',
      });
    });

    it('OpenAI raw: chat and responses error frames have their documented shapes', async () => {
      const chat = await rawPost(h, '/v1/chat/completions', {
        model: 'fault-reset-2',
        stream: true,
        messages: userMessage,
      });
      const chatId = chat.headers.get('x-request-id')!;
      const chatFrames = framesOf(chat.text);
      expect(chatFrames).toHaveLength(3);
      expect(chatFrames[2]).toBe(
        openaiDialect.sseErrorFrame('DG_ERR_UPSTREAM_STREAM', chatId, 'openai.chat_completions'),
      );
      expect(JSON.parse(chatFrames[2]!.split('data: ')[1]!)).toEqual({
        error: {
          message: 'The response stream from the inference service failed.',
          type: 'server_error',
          param: null,
          code: 'DG_ERR_UPSTREAM_STREAM',
        },
      });
      await recordFor(h, chatId);

      const responses = await rawPost(h, '/v1/responses', {
        model: 'fault-reset-2',
        stream: true,
        input: 'hi',
      });
      const responsesFrames = framesOf(responses.text);
      expect(responsesFrames).toHaveLength(3);
      expect(JSON.parse(responsesFrames[2]!.split('data: ')[1]!)).toMatchObject({
        type: 'error',
        code: 'DG_ERR_UPSTREAM_STREAM',
        message: 'The response stream from the inference service failed.',
        error: { code: 'DG_ERR_UPSTREAM_STREAM', type: 'server_error' },
      });
      await recordFor(h, responses.headers.get('x-request-id'));
    });
  });

  describe('upstream stalls mid-stream → idle timeout, then the dialect error event', () => {
    it('Anthropic SDK raises an APIError after idle_stream_timeout; the upstream is aborted', async () => {
      const abortedBefore = h.mock.aborted();
      const { data: stream, response } = await anthropicClient(h)
        .messages.create({
          model: 'fault-stall-4',
          max_tokens: 64,
          stream: true,
          messages: userMessage,
        })
        .withResponse();
      const arrivals: number[] = [];
      const items: unknown[] = [];
      let error: unknown;
      try {
        for await (const event of stream) {
          arrivals.push(performance.now());
          items.push(event);
        }
      } catch (e) {
        error = e;
      }
      const failedAt = performance.now();
      expect(items).toHaveLength(3); // message_start, content_block_start, one delta (ping skipped)
      expect(error).toBeInstanceOf(Anthropic.APIError);
      const e = error as InstanceType<typeof Anthropic.APIError>;
      expect(e.type).toBe('api_error');
      const stalledFor = failedAt - arrivals.at(-1)!;
      expect(stalledFor).toBeGreaterThanOrEqual(IDLE_STREAM_TIMEOUT_MS - 50);
      expect(stalledFor).toBeLessThan(IDLE_STREAM_TIMEOUT_MS + SLACK_MS);
      const requestId = response.headers.get('x-request-id');
      expect(e.error).toMatchObject({ request_id: requestId });
      expect(await recordFor(h, requestId)).toMatchObject({
        status: 200,
        error: 'DG_ERR_UPSTREAM_STREAM',
        detail: 'idle_timeout',
        outcome: 'upstream_error',
      });
      expect(await waitFor(() => h.mock.aborted() > abortedBefore, 2_000)).toBe(true);
    });

    it('OpenAI SDK (chat stream) raises an APIError with the stream error code', async () => {
      const { data: stream, request_id } = await openaiClient(h)
        .chat.completions.create({ model: 'fault-stall-3', stream: true, messages: userMessage })
        .withResponse();
      const { items, error } = await drain(stream);
      expect(items).toHaveLength(3);
      expect(error).toBeInstanceOf(OpenAI.APIError);
      expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe('DG_ERR_UPSTREAM_STREAM');
      expect(await recordFor(h, request_id)).toMatchObject({
        status: 200,
        error: 'DG_ERR_UPSTREAM_STREAM',
        detail: 'idle_timeout',
        outcome: 'upstream_error',
      });
    });
  });

  describe('upstream 429 / 529 / 503 are passed through unchanged', () => {
    it.each([429, 529, 503])(
      'raw %i: status, Retry-After and body byte-identical',
      async (status) => {
        const res = await rawPost(h, '/v1/messages', {
          model: `fault-status-${status}`,
          max_tokens: 16,
          messages: userMessage,
        });
        expect(res.status).toBe(status);
        expect(res.headers.get('retry-after')).toBe(STATUS_HEADERS[status]!['retry-after']);
        expect(res.text).toBe(STATUS_BODIES[status]);
        if (status === 429) expect(res.headers.get('x-ratelimit-remaining-requests')).toBe('0');
        const record = await recordFor(h, res.headers.get('x-request-id'));
        expect(record).toMatchObject({
          action: 'allow',
          status,
          error: null,
          detail: null,
          outcome: 'completed',
          tokens_in: null,
          tokens_out: null,
        });
        expect(record.latency_ms.upstream_ttfb).not.toBeNull();
      },
    );

    it('Anthropic SDK raises RateLimitError / OverloadedError / ServiceUnavailableError with them', async () => {
      const expected = [
        [429, Anthropic.RateLimitError],
        [529, Anthropic.OverloadedError],
        [503, Anthropic.ServiceUnavailableError],
      ] as const;
      for (const [status, ErrorClass] of expected) {
        const error = await caught(
          anthropicClient(h).messages.create({
            model: `fault-status-${status}`,
            max_tokens: 16,
            messages: userMessage,
            stream: status === 429,
          }),
        );
        expect(error).toBeInstanceOf(ErrorClass);
        const e = error as InstanceType<typeof Anthropic.APIError>;
        expect(e.status).toBe(status);
        expect(e.headers?.get('retry-after')).toBe(STATUS_HEADERS[status]!['retry-after']);
        expect(e.error).toEqual(JSON.parse(STATUS_BODIES[status]!));
        const record = await recordFor(h, e.headers?.get('x-request-id'));
        expect(record).toMatchObject({ status, stream: status === 429, outcome: 'completed' });
      }
    });

    it('OpenAI SDK raises RateLimitError / InternalServerError with them', async () => {
      for (const status of [429, 529, 503]) {
        const error = await caught(
          openaiClient(h).chat.completions.create({
            model: `fault-status-${status}`,
            messages: userMessage,
          }),
        );
        expect(error).toBeInstanceOf(
          status === 429 ? OpenAI.RateLimitError : OpenAI.InternalServerError,
        );
        const e = error as InstanceType<typeof OpenAI.APIError>;
        expect(e.status).toBe(status);
        expect(e.headers?.get('retry-after')).toBe(STATUS_HEADERS[status]!['retry-after']);
        expect(await recordFor(h, e.requestID)).toMatchObject({ status });
      }
    });

    it('SDK retries follow the passed-through retry-after-ms: one upstream call and record per attempt', async () => {
      const raw = await rawPost(h, '/v1/messages', {
        model: 'fault-retry',
        max_tokens: 16,
        messages: userMessage,
      });
      expect(raw.status).toBe(529);
      expect(raw.headers.get('retry-after-ms')).toBe('20');
      expect(raw.headers.get('retry-after')).toBe('30');
      await recordFor(h, raw.headers.get('x-request-id'));

      const before = h.mock.requests.length;
      const recordsBefore = (await h.records()).length;
      const started = performance.now();
      const error = await caught(
        new Anthropic({ apiKey: h.keys.bob, baseURL: h.url, maxRetries: 2 }).messages.create({
          model: 'fault-retry',
          max_tokens: 16,
          messages: userMessage,
        }),
      );
      const elapsed = performance.now() - started;
      expect(error).toBeInstanceOf(Anthropic.OverloadedError);
      // 1 attempt + 2 retries; had retry-after-ms been dropped the SDK would wait 2 × 30 s.
      expect(h.mock.requests.length - before).toBe(3);
      expect(elapsed).toBeLessThan(30_000);
      const lastId = (error as InstanceType<typeof Anthropic.APIError>).headers?.get(
        'x-request-id',
      );
      await recordFor(h, lastId);
      const records = (await h.records()).slice(recordsBefore);
      expect(records).toHaveLength(3);
      expect(new Set(records.map((r) => r.request_id)).size).toBe(3);
      for (const record of records)
        expect(record).toMatchObject({ account: 'acct_bob', status: 529, outcome: 'completed' });
    });
  });
});

describe('upstream fails in the middle of an event (a TCP segment ends mid-event)', () => {
  const IDLE_MS = 500;
  const anthropicFrames = [
    'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"mock","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":12,"output_tokens":1}}}\n\n',
    'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n',
    'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}\n\n',
  ];
  const chatFrames = [
    'data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"mock","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}\n\n',
    'data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"mock","choices":[{"index":0,"delta":{"content":"Hello"},"finish_reason":null}]}\n\n',
  ];
  let upstream: Server;
  let h: Harness;

  beforeAll(async () => {
    // Writes two whole events and half of the next one, then resets (model "reset") or goes
    // silent (model "stall").
    upstream = createHttpServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { model: string };
        if (body.model === 'json-reset') {
          // A JSON response (chunked, no length) cut half-way through.
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"id":"msg_1","type":"message","role":"assistant","content":[{"type":"te');
          setTimeout(() => res.socket?.destroy(), 100);
          return;
        }
        const frames = req.url === '/v1/messages' ? anthropicFrames : chatFrames;
        const whole = frames.slice(0, -1).join('');
        const last = frames.at(-1)!;
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(whole + last.slice(0, Math.floor(last.length / 2)));
        if (body.model === 'reset') setTimeout(() => res.socket?.destroy(), 100);
      });
    });
    upstream.listen(0, '127.0.0.1');
    await once(upstream, 'listening');
    const { port } = upstream.address() as AddressInfo;
    h = await startHarness({
      config: {
        upstream: { url: `http://127.0.0.1:${port}`, idle_stream_timeout: `${IDLE_MS}ms` },
      },
    });
  });
  afterAll(async () => {
    await h.close();
    upstream.closeAllConnections();
    upstream.close();
  });

  /** Every event the client receives must be well-formed; the last one is the error event. */
  function expectWellFormedEndingInError(
    text: string,
    requestId: string,
    dialect: 'anthropic' | 'openai',
  ): void {
    expect(text.endsWith('\n\n')).toBe(true);
    const events = framesOf(text).map((frame) => {
      let event: string | undefined;
      const data: string[] = [];
      for (const line of frame.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
      }
      return { event, data: data.join('\n') };
    });
    for (const { data } of events) expect(() => JSON.parse(data) as unknown).not.toThrow();
    const last = events.at(-1)!;
    expect(last.event).toBe('error');
    if (dialect === 'anthropic')
      expect(JSON.parse(last.data)).toMatchObject({
        type: 'error',
        error: { type: 'api_error', code: 'DG_ERR_UPSTREAM_STREAM' },
        request_id: requestId,
      });
    else expect(JSON.parse(last.data)).toMatchObject({ error: { code: 'DG_ERR_UPSTREAM_STREAM' } });
  }

  it.each(['reset', 'stall'])(
    'Anthropic raw (%s): the client still gets well-formed events ending in the error event',
    async (model) => {
      const res = await rawPost(h, '/v1/messages', {
        model,
        max_tokens: 16,
        stream: true,
        messages: userMessage,
      });
      expect(res.status).toBe(200);
      const requestId = res.headers.get('x-request-id')!;
      expectWellFormedEndingInError(res.text, requestId, 'anthropic');
      expect(await recordFor(h, requestId)).toMatchObject({
        status: 200,
        error: 'DG_ERR_UPSTREAM_STREAM',
        outcome: 'upstream_error',
      });
    },
  );

  it.each(['reset', 'stall'])(
    'OpenAI raw (%s): the client still gets well-formed events ending in the error event',
    async (model) => {
      const res = await rawPost(h, '/v1/chat/completions', {
        model,
        stream: true,
        messages: userMessage,
      });
      expect(res.status).toBe(200);
      const requestId = res.headers.get('x-request-id')!;
      expectWellFormedEndingInError(res.text, requestId, 'openai');
      await recordFor(h, requestId);
    },
  );

  it('a JSON body cut half-way is cut for the client too (never presented as complete)', async () => {
    const res = await fetch(`${h.url}/v1/messages`, {
      method: 'POST',
      headers: {
        'x-api-key': h.keys.alice,
        'anthropic-version': '2023-06-01',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ model: 'json-reset', max_tokens: 16, messages: userMessage }),
    });
    expect(res.status).toBe(200);
    const requestId = res.headers.get('x-request-id');
    await expect(res.text()).rejects.toThrow();
    expect(await recordFor(h, requestId)).toMatchObject({
      status: 200,
      error: 'DG_ERR_UPSTREAM_STREAM',
      outcome: 'upstream_error',
      tokens_in: null,
    });
  });

  it('the SDKs raise an APIError (not a JSON SyntaxError) after the events that were whole', async () => {
    const anthropicStream = await new Anthropic({
      apiKey: h.keys.alice,
      baseURL: h.url,
      maxRetries: 0,
      logLevel: 'off',
    }).messages.create({
      model: 'reset',
      max_tokens: 16,
      stream: true,
      messages: userMessage,
    });
    const a = await drain(anthropicStream);
    expect(a.items.map((event) => event.type)).toEqual(['message_start', 'content_block_start']);
    expect(a.error).toBeInstanceOf(Anthropic.APIError);

    const openaiStream = await new OpenAI({
      apiKey: h.keys.alice,
      baseURL: `${h.url}/v1`,
      maxRetries: 0,
      logLevel: 'off',
    }).chat.completions.create({
      model: 'reset',
      stream: true,
      messages: userMessage,
    });
    const o = await drain(openaiStream);
    expect(o.items).toHaveLength(1);
    expect(o.error).toBeInstanceOf(OpenAI.APIError);
    expect((o.error as InstanceType<typeof OpenAI.APIError>).code).toBe('DG_ERR_UPSTREAM_STREAM');
  });
});
