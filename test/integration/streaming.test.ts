/**
 * Streaming properties of the proxy (RELIABILITY items 10 and 12): SSE passes through event by
 * event, never buffered; a client that goes away mid-stream aborts the upstream request within
 * 1 s and still gets exactly one record (client_aborted, status 200, partial bytes_out); 1,000
 * such disconnects leak nothing (in-flight count, upstream requests, sockets, records); and a
 * client that stops reading pauses the upstream instead of the proxy buffering the stream.
 */
import { once } from 'node:events';
import {
  Agent,
  createServer,
  request as httpRequest,
  type ClientRequest,
  type IncomingMessage,
  type Server,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { anthropicEvents } from '../../src/mock-upstream/anthropic-mock.ts';
import { mockAnswer } from '../../src/mock-upstream/mock-answer.ts';
import type { Logger } from '../../src/util/logger.ts';
import { ADMIN_TOKEN, startHarness, type Harness } from '../helpers/harness.ts';
import { recordFor, waitFor } from '../helpers/wait.ts';

// ---------------------------------------------------------------------------------------------
// helpers

/** Collects error-level log lines: the proxy must log no internal error in these tests. */
function capturingLogger(): Logger & { errors: string[] } {
  const errors: string[] = [];
  return {
    errors,
    log(level, message) {
      if (level === 'error') errors.push(message);
    },
    throttled(_key, _ms, level, message) {
      if (level === 'error') errors.push(message);
    },
  };
}

async function inflight(h: Harness): Promise<number> {
  const res = await fetch(`${h.app.adminUrl!}/readyz`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { inflight: number }).inflight;
}

function inferenceHeaders(h: Harness, path: string): Record<string, string> {
  return path.startsWith('/v1/messages')
    ? {
        'x-api-key': h.keys.alice,
        'anthropic-version': '2023-06-01',
        'content-type': 'application/json',
      }
    : { authorization: `Bearer ${h.keys.alice}`, 'content-type': 'application/json' };
}

/** Starts a streaming POST through the proxy with node:http; resolves on the response head. */
function openStream(
  h: Harness,
  path: string,
  body: Record<string, unknown>,
  agent?: Agent,
): Promise<{ req: ClientRequest; res: IncomingMessage }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${h.url}${path}`, {
      method: 'POST',
      headers: inferenceHeaders(h, path),
      ...(agent ? { agent } : {}),
    });
    req.on('response', (res) => resolve({ req, res }));
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** Reads an SSE response to its end, noting when each complete event arrived. */
async function readEvents(res: IncomingMessage): Promise<{ event: string; at: number }[]> {
  const events: { event: string; at: number }[] = [];
  let buffer = '';
  res.setEncoding('utf8');
  for await (const chunk of res as AsyncIterable<string>) {
    const at = performance.now();
    buffer += chunk;
    let boundary: number;
    while ((boundary = buffer.indexOf('\n\n')) !== -1) {
      events.push({ event: buffer.slice(0, boundary), at });
      buffer = buffer.slice(boundary + 2);
    }
  }
  return events;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Socket handles open in this process (clients, proxy and mock all live here). */
function openSockets(): number {
  return process.getActiveResourcesInfo().filter((name) => name === 'TCPSocketWrap').length;
}

// ---------------------------------------------------------------------------------------------

describe('SSE passes through event by event', () => {
  const DELAY_MS = 50;
  const WORDS = 12;
  let h: Harness;
  const logger = capturingLogger();
  beforeAll(async () => {
    h = await startHarness({ mock: { eventDelayMs: DELAY_MS, words: WORDS }, logger });
  });
  afterAll(async () => {
    await h.close();
    expect(logger.errors).toEqual([]);
  });

  it.each([
    ['/v1/messages', { model: 'claude-mock', max_tokens: 64, stream: true }],
    ['/v1/chat/completions', { model: 'gpt-mock', stream: true }],
    ['/v1/responses', { model: 'gpt-mock', stream: true, input: 'hi' }],
  ] as const)('%s: events arrive spread out as the upstream sends them', async (path, params) => {
    const started = performance.now();
    const { res } = await openStream(h, path, {
      ...params,
      messages: [{ role: 'user', content: 'hi' }],
    });
    const headersAt = performance.now();
    const events = await readEvents(res);
    expect(res.statusCode).toBe(200);
    expect(events.length).toBeGreaterThanOrEqual(WORDS + 2);
    const gaps = events.slice(1).map((e, i) => e.at - events[i]!.at);
    const span = events.at(-1)!.at - events[0]!.at;
    // The upstream writes one event every DELAY_MS. Buffered, they would arrive together
    // (gaps ≈ 0); relayed, the client sees them at the upstream's pace.
    expect(median(gaps)).toBeGreaterThanOrEqual(DELAY_MS / 2);
    expect(span).toBeGreaterThanOrEqual(((events.length - 1) * DELAY_MS) / 2);
    // Headers are flushed before the first event; the first event long before the last.
    expect(headersAt - started).toBeLessThan(span);
    expect(events[0]!.at - headersAt).toBeLessThan(span / 2);
    const record = await recordFor(h, res.headers['x-request-id'] as string);
    expect(record).toMatchObject({ stream: true, status: 200, outcome: 'completed' });
  });
});

describe('client disconnect mid-stream', () => {
  const DELAY_MS = 50;
  const WORDS = 40; // ≈ 2 s of stream: the client always leaves long before the end
  let h: Harness;
  const logger = capturingLogger();
  beforeAll(async () => {
    h = await startHarness({
      mock: {
        eventDelayMs: DELAY_MS,
        words: WORDS,
        // model "hang": the upstream accepts the request and never answers.
        fault: (request) =>
          request.body.includes('"model":"hang"') ? { kind: 'hang' } : undefined,
      },
      logger,
    });
  });
  afterAll(async () => {
    await h.close();
    expect(logger.errors).toEqual([]);
  });
  afterEach(async () => {
    expect(await waitFor(async () => (await inflight(h)) === 0, 2_000)).toBe(true);
  });

  /** The full size of the mock's Anthropic stream for WORDS words (ids vary by a few bytes). */
  const fullAnthropicBytes = Buffer.byteLength(
    anthropicEvents(
      mockAnswer({
        model: 'claude-mock',
        requestBytes: 80,
        words: WORDS,
        thinking: false,
        maxTokens: undefined,
      }),
    ).join(''),
  );

  it('Anthropic SDK breaks out of the stream: upstream aborted within 1 s, record client_aborted', async () => {
    const abortedBefore = h.mock.aborted();
    const client = new Anthropic({ apiKey: h.keys.alice, baseURL: h.url, maxRetries: 0 });
    const { data: stream, response } = await client.messages
      .create({
        model: 'claude-mock',
        max_tokens: 1024,
        stream: true,
        messages: [{ role: 'user', content: 'Tell me a long story.' }],
      })
      .withResponse();
    let seen = 0;
    let inputTokens = 0;
    for await (const event of stream) {
      if (event.type === 'message_start') inputTokens = event.message.usage.input_tokens;
      if (++seen === 4) break; // the SDK aborts its request on break
    }
    const leftAt = performance.now();
    expect(await waitFor(() => h.mock.aborted() > abortedBefore, 1_000)).toBe(true);
    expect(performance.now() - leftAt).toBeLessThanOrEqual(1_000);

    const record = await recordFor(h, response.headers.get('x-request-id'));
    expect(record).toMatchObject({
      route: 'anthropic.messages',
      stream: true,
      status: 200,
      outcome: 'client_aborted',
      error: null,
      tokens_in: inputTokens,
    });
    expect(record.bytes_out).toBeGreaterThan(0);
    expect(record.bytes_out).toBeLessThan(fullAnthropicBytes / 2);
  });

  it('OpenAI SDK aborts its stream controller: upstream aborted within 1 s, record client_aborted', async () => {
    const abortedBefore = h.mock.aborted();
    const client = new OpenAI({ apiKey: h.keys.alice, baseURL: `${h.url}/v1`, maxRetries: 0 });
    const { data: stream, request_id } = await client.chat.completions
      .create({
        model: 'gpt-mock',
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: 'Tell me a long story.' }],
      })
      .withResponse();
    let seen = 0;
    for await (const _chunk of stream) {
      if (++seen === 3) {
        stream.controller.abort();
      }
    }
    const leftAt = performance.now();
    expect(seen).toBeLessThan(WORDS);
    expect(await waitFor(() => h.mock.aborted() > abortedBefore, 1_000)).toBe(true);
    expect(performance.now() - leftAt).toBeLessThanOrEqual(1_000);
    const record = await recordFor(h, request_id);
    expect(record).toMatchObject({
      route: 'openai.chat_completions',
      status: 200,
      outcome: 'client_aborted',
      tokens_in: null, // the usage chunk comes last and never arrived
      // ... so the output is the estimate the limits settle, flagged: what the events carried
      // (a word a delta: a token each), not their bytes ÷ 4.
      tokens_out_estimated: true,
    });
    expect(record.bytes_out).toBeGreaterThan(0);
    expect(record.tokens_out).toBeGreaterThanOrEqual(seen);
    expect(record.tokens_out).toBeLessThan(WORDS);
    expect(record.tokens_out).toBeLessThan(Math.ceil(record.bytes_out / 4) / 5);
  });

  it('a raw socket destroyed right after the headers: same outcome, upstream aborted', async () => {
    const abortedBefore = h.mock.aborted();
    const { req, res } = await openStream(h, '/v1/responses', {
      model: 'gpt-mock',
      stream: true,
      input: 'hi',
    });
    const requestId = res.headers['x-request-id'] as string;
    req.destroy();
    expect(await waitFor(() => h.mock.aborted() > abortedBefore, 1_000)).toBe(true);
    const record = await recordFor(h, requestId);
    expect(record).toMatchObject({
      status: 200,
      outcome: 'client_aborted',
      route: 'openai.responses',
    });
  });

  it('a client gone before the upstream answered: upstream aborted, recorded as 499', async () => {
    const abortedBefore = h.mock.aborted();
    const requestsBefore = h.mock.requests.length;
    const recordsBefore = (await h.records()).length;
    const req = httpRequest(`${h.url}/v1/messages`, {
      method: 'POST',
      headers: inferenceHeaders(h, '/v1/messages'),
    });
    req.on('error', () => {});
    req.end(JSON.stringify({ model: 'hang', max_tokens: 64, stream: true, messages: [] }));
    expect(await waitFor(() => h.mock.requests.length > requestsBefore, 2_000)).toBe(true);
    req.destroy();
    const leftAt = performance.now();
    expect(await waitFor(() => h.mock.aborted() > abortedBefore, 1_000)).toBe(true);
    expect(performance.now() - leftAt).toBeLessThanOrEqual(1_000);
    const records = (await h.waitForRecords(recordsBefore + 1)).slice(recordsBefore);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      route: 'anthropic.messages',
      model: 'hang',
      status: 499,
      outcome: 'client_aborted',
      bytes_out: 0,
      error: null,
    });
    expect(records[0]!.latency_ms.upstream_ttfb).toBeNull();
  });
});

describe('1,000 client disconnects leak nothing', () => {
  const REPETITIONS = 1_000;
  const CONCURRENCY = 20;
  let h: Harness;
  const logger = capturingLogger();
  beforeAll(async () => {
    // ≈ 2 s per stream if nobody left: every client leaves after its first bytes.
    h = await startHarness({ mock: { eventDelayMs: 2, words: 1_000 }, logger });
  });
  afterAll(async () => {
    await h.close();
    expect(logger.errors).toEqual([]);
  });

  it('in-flight returns to 0, every upstream request is aborted, one record per request', async () => {
    const agent = new Agent({ keepAlive: false });
    const paths = ['/v1/messages', '/v1/chat/completions', '/v1/responses'] as const;
    const bodies = {
      '/v1/messages': { model: 'claude-mock', max_tokens: 4096, stream: true, messages: [] },
      '/v1/chat/completions': { model: 'gpt-mock', stream: true, messages: [] },
      '/v1/responses': { model: 'gpt-mock', stream: true, input: 'hi' },
    };
    const socketsBefore = openSockets();
    const abortedBefore = h.mock.aborted();
    const requestsBefore = h.mock.requests.length;
    const recordsBefore = (await h.records()).length;
    const ids: string[] = [];

    async function disconnectOnce(i: number): Promise<void> {
      const path = paths[i % paths.length]!;
      const { req, res } = await openStream(h, path, bodies[path], agent);
      ids.push(res.headers['x-request-id'] as string);
      expect(res.statusCode).toBe(200);
      res.on('error', () => {});
      req.on('error', () => {});
      if (i % 4 !== 0) await once(res, 'data'); // most leave mid-body, some right after headers
      req.destroy();
    }

    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < REPETITIONS) await disconnectOnce(next++);
      }),
    );
    agent.destroy();

    expect(await waitFor(async () => (await inflight(h)) === 0, 5_000)).toBe(true);
    // Every upstream request ended because the proxy aborted it (none ran to completion).
    expect(await waitFor(() => h.mock.aborted() - abortedBefore === REPETITIONS, 5_000)).toBe(true);
    expect(h.mock.requests.length - requestsBefore).toBe(REPETITIONS);

    const records = (await h.waitForRecords(recordsBefore + REPETITIONS)).slice(recordsBefore);
    expect(records).toHaveLength(REPETITIONS);
    expect(new Set(records.map((r) => r.request_id))).toEqual(new Set(ids));
    for (const record of records)
      expect(record).toMatchObject({ status: 200, outcome: 'client_aborted', action: 'allow' });

    // Sockets: client, proxy and upstream sides all closed (allow the few the harness keeps).
    expect(await waitFor(() => openSockets() <= socketsBefore + 2, 5_000)).toBe(true);
    // Nothing more arrives later (a late duplicate record would show here).
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await h.records()).length - recordsBefore).toBe(REPETITIONS);
  }, 60_000);
});

describe('backpressure: a client that stops reading pauses the upstream', () => {
  const IDLE_STREAM_TIMEOUT_MS = 500;
  const EVENT = Buffer.from(
    `data: ${JSON.stringify({ object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: 'x'.repeat(960) } }] })}\n\n`,
  );
  const CHUNK = Buffer.concat(Array<Buffer>(64).fill(EVENT)); // ≈ 64 KiB of whole events
  const TOTAL_CHUNKS = 4_096; // ≈ 256 MiB
  const TOTAL = CHUNK.length * TOTAL_CHUNKS;

  /** What the upstream managed to hand to its socket, per request. */
  interface UpstreamStream {
    written: number;
    finished: boolean;
    closedEarly: boolean;
  }
  const streams: UpstreamStream[] = [];
  let upstream: Server;
  let h: Harness;
  const logger = capturingLogger();

  beforeAll(async () => {
    // An upstream that streams TOTAL bytes of SSE as fast as its socket accepts them (it honours
    // its own backpressure, so `written` is what actually left it).
    upstream = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const stream: UpstreamStream = { written: 0, finished: false, closedEarly: false };
        streams.push(stream);
        res.on('close', () => {
          if (!res.writableFinished) stream.closedEarly = true;
        });
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        let sent = 0;
        const pump = (): void => {
          while (sent < TOTAL_CHUNKS) {
            if (res.destroyed) return;
            sent++;
            stream.written += CHUNK.length;
            if (!res.write(CHUNK)) return void res.once('drain', pump);
          }
          stream.finished = true;
          res.end();
        };
        pump();
      });
    });
    upstream.listen(0, '127.0.0.1');
    await once(upstream, 'listening');
    const { port } = upstream.address() as AddressInfo;
    h = await startHarness({
      config: {
        upstream: {
          url: `http://127.0.0.1:${port}`,
          idle_stream_timeout: `${IDLE_STREAM_TIMEOUT_MS}ms`,
        },
      },
      logger,
    });
  });
  afterAll(async () => {
    await h.close();
    upstream.closeAllConnections();
    upstream.close();
    expect(logger.errors).toEqual([]);
  });

  /** Opens a stream, reads its first MiB, pauses, and waits until the upstream is blocked. */
  async function openAndPause(): Promise<{
    req: ClientRequest;
    res: IncomingMessage;
    stream: UpstreamStream;
    received: number;
    pausedMs: number;
    memoryGrowth: number;
  }> {
    const count = streams.length;
    const { req, res } = await openStream(h, '/v1/chat/completions', {
      model: 'gpt-mock',
      stream: true,
      messages: [],
    });
    expect(res.statusCode).toBe(200);
    const stream = streams[count]!;
    let received = 0;
    await new Promise<void>((resolve) => {
      const onData = (chunk: Buffer): void => {
        received += chunk.length;
        if (received >= 1024 * 1024) {
          res.pause();
          res.off('data', onData);
          resolve();
        }
      };
      res.on('data', onData);
    });
    const pausedAt = performance.now();
    const memoryBefore = process.memoryUsage().arrayBuffers;
    // Wait until the upstream can write no more: unchanged for longer than the idle timeout
    // (so a paused reader is also shown not to trip it), however long that takes.
    let last = -1;
    let stableSince = performance.now();
    await waitFor(() => {
      if (stream.written !== last) {
        last = stream.written;
        stableSince = performance.now();
      }
      return performance.now() - stableSince >= 3 * IDLE_STREAM_TIMEOUT_MS;
    }, 30_000);
    return {
      req,
      res,
      stream,
      received,
      pausedMs: performance.now() - pausedAt,
      memoryGrowth: process.memoryUsage().arrayBuffers - memoryBefore,
    };
  }

  it('while the client is paused the upstream writes far less than the stream; then it all arrives', async () => {
    const paused = await openAndPause();
    const { res, stream } = paused;
    const requestId = res.headers['x-request-id'] as string;

    expect(stream.finished).toBe(false);
    expect(stream.closedEarly).toBe(false);
    // Only socket and kernel buffers fill up (a few MiB per hop on loopback), not the stream.
    expect(stream.written).toBeLessThan(TOTAL / 4);
    expect(paused.memoryGrowth).toBeLessThan(TOTAL / 4);
    expect(await inflight(h)).toBe(1);
    // Paused for longer than idle_stream_timeout: a slow reader is not an idle upstream.
    expect(paused.pausedMs).toBeGreaterThan(IDLE_STREAM_TIMEOUT_MS);

    // Resume: the rest flows and arrives intact.
    let received = paused.received;
    let tail = Buffer.alloc(0);
    res.on('data', (chunk: Buffer) => {
      received += chunk.length;
      tail = Buffer.concat([tail, chunk]).subarray(-EVENT.length);
    });
    res.resume();
    await once(res, 'end');
    expect(received).toBe(TOTAL);
    expect(tail.equals(EVENT)).toBe(true);
    expect(stream.finished).toBe(true);
    const record = await recordFor(h, requestId);
    expect(record).toMatchObject({
      status: 200,
      outcome: 'completed',
      error: null,
      bytes_out: TOTAL,
    });
  }, 60_000);

  it('a paused client that goes away aborts the paused upstream within 1 s', async () => {
    const { req, res, stream } = await openAndPause();
    const requestId = res.headers['x-request-id'] as string;
    expect(stream.closedEarly).toBe(false);
    req.destroy();
    const leftAt = performance.now();
    expect(await waitFor(() => stream.closedEarly, 1_000)).toBe(true);
    expect(performance.now() - leftAt).toBeLessThanOrEqual(1_000);
    const record = await recordFor(h, requestId);
    expect(record).toMatchObject({ status: 200, outcome: 'client_aborted' });
    expect(record.bytes_out).toBeGreaterThan(0);
    expect(record.bytes_out).toBeLessThan(TOTAL / 4);
    expect(await waitFor(async () => (await inflight(h)) === 0, 2_000)).toBe(true);
  }, 60_000);
});
