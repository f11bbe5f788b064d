/**
 * The built-in mock inference API: a real HTTP server speaking the Anthropic and OpenAI shapes
 * (JSON and SSE, with realistic usage), a /v1/models listing and a /v1/realtime WebSocket echo.
 * `distillguard demo` runs the proxy in front of it; tests use it as the upstream and as the
 * oracle of what crossed the proxy (every request it received is recorded, headers and body);
 * the load tests use it as the upstream under load. Faults (error statuses, refused connections,
 * hangs, streams that stall or reset midway) are injected per request by tests.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { anthropicEvents, anthropicMessage, checkReturnedThinking } from './anthropic-mock.ts';
import { mockAnswer } from './mock-answer.ts';
import { openaiEvents, openaiJson } from './openai-mock.ts';
import { acceptWebSocket } from './websocket-echo.ts';

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  /** Raw header list as received: [name, value, name, value, …]. */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
}

export type MockFault =
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string }
  | { kind: 'refuse' }
  | { kind: 'hang' }
  /** The answer waits until `open` resolves: a generation exactly as long as a test needs. */
  | { kind: 'gate'; open: Promise<void> }
  | { kind: 'stall_mid_stream'; afterEvents: number }
  /** `afterEvents` below 0 counts from the end: -1 resets before the last event. */
  | { kind: 'reset_mid_stream'; afterEvents: number };

export interface MockUpstreamOptions {
  /** Delay between SSE events (ms); 0 writes them back to back. */
  readonly eventDelayMs?: number;
  /**
   * How long the model takes to write one output token (ms; 0 or absent: no time at all). A JSON
   * answer's headers come when all of it is written, as the real APIs answer; a stream's events
   * are spread over it. The simulator uses it to give answers the time that proxy-side checks of
   * requests in flight act within.
   */
  readonly generationMsPerToken?: number;
  /** Words in each answer (each is one SSE delta). */
  readonly words?: number;
  /** Keep every received request for inspection (off under load). */
  readonly record?: boolean;
  /** When set, requests without this upstream credential get a 401. */
  readonly expectedCredential?: string;
  /**
   * Output tokens to report for a parsed request body (the answer text stays `words` long): the
   * simulator makes usage realistic without sending megabytes of mock text. Must be deterministic.
   */
  readonly outputTokens?: (body: Record<string, unknown>) => number | undefined;
  /** The tools the mock model calls for a parsed request body (none when absent). */
  readonly toolCalls?: (body: Record<string, unknown>) => readonly string[] | undefined;
  /** Per-request fault injection. */
  readonly fault?: (request: RecordedRequest) => MockFault | undefined;
  /**
   * Check returned assistant turns as the real API does (thinking signatures, redacted_thinking
   * data) and answer 400 on a mismatch. Off by default: simulated clients send made-up blocks.
   */
  readonly verifyThinking?: boolean;
}

export interface MockUpstream {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Requests whose client (the proxy) went away before the response ended. */
  readonly aborted: () => number;
  close(): Promise<void>;
}

export async function startMockUpstream(
  options: MockUpstreamOptions = {},
  port = 0,
): Promise<MockUpstream> {
  const requests: RecordedRequest[] = [];
  let aborted = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        rawHeaders: req.rawHeaders,
        body: Buffer.concat(chunks),
      };
      if (options.record) requests.push(request);
      res.on('close', () => {
        if (!res.writableFinished) aborted++;
      });
      respond(request, req, res, options);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (req: IncomingMessage, socket: Socket) => {
    if (options.record)
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        rawHeaders: req.rawHeaders,
        body: Buffer.alloc(0),
      });
    if (!credentialOk(req.rawHeaders, options.expectedCredential)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
      return;
    }
    acceptWebSocket(req, socket);
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    requests,
    aborted: () => aborted,
    async close() {
      const closed = once(server, 'close');
      server.close();
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

/** Where an answer is given later (a gate), its fault (already met) is not drawn again. */
const noFault = (): undefined => undefined;

function respond(
  request: RecordedRequest,
  req: IncomingMessage,
  res: ServerResponse,
  options: MockUpstreamOptions,
): void {
  const fault = options.fault?.(request);
  if (fault?.kind === 'refuse') return void req.socket.destroy();
  if (fault?.kind === 'hang') return;
  if (fault?.kind === 'gate') {
    const answerLater = { ...options, fault: noFault };
    return void fault.open.then(() => !res.destroyed && respond(request, req, res, answerLater));
  }
  if (fault?.kind === 'status') {
    res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
    return void res.end(
      fault.body ??
        JSON.stringify({ type: 'error', error: { type: 'api_error', message: 'mock fault' } }),
    );
  }
  if (!credentialOk(request.rawHeaders, options.expectedCredential)) {
    return json(res, 401, {
      type: 'error',
      error: { type: 'authentication_error', message: 'mock upstream: wrong upstream credential' },
    });
  }
  const path = request.url.split('?')[0] ?? '';
  if (request.method === 'GET' && path === '/v1/models') {
    return json(res, 200, {
      object: 'list',
      data: [
        { id: 'mock-large', object: 'model', created: 0, owned_by: 'mock' },
        { id: 'mock-small', object: 'model', created: 0, owned_by: 'mock' },
      ],
    });
  }
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(request.body.toString('utf8') || '{}') as Record<string, unknown>;
  } catch {
    return json(res, 400, {
      type: 'error',
      error: { type: 'invalid_request_error', message: 'mock upstream: invalid JSON' },
    });
  }
  const invalid =
    options.verifyThinking === true && path === '/v1/messages'
      ? checkReturnedThinking(body)
      : undefined;
  if (invalid !== undefined) {
    return json(res, 400, {
      type: 'error',
      error: { type: 'invalid_request_error', message: invalid },
    });
  }
  const model = typeof body['model'] === 'string' ? body['model'] : 'mock-large';
  // Each API names its output cap its own way (Responses, newer Chat Completions, the rest).
  const cap = body['max_output_tokens'] ?? body['max_completion_tokens'] ?? body['max_tokens'];
  const maxTokens = typeof cap === 'number' ? cap : undefined;
  const thinking =
    (body['thinking'] as { type?: string } | undefined)?.type === 'enabled' ||
    (path === '/v1/chat/completions' && typeof body['reasoning_effort'] === 'string');
  const answer = mockAnswer({
    model,
    requestBytes: request.body.length,
    words: options.words ?? 24,
    thinking,
    maxTokens,
    outputTokens: options.outputTokens?.(body),
    toolCalls: options.toolCalls?.(body),
  });
  const stream = body['stream'] === true;
  // The time the model takes to write the answer: a JSON answer is sent once written, a
  // stream's events are spread over it.
  const generationMs = (options.generationMsPerToken ?? 0) * answer.outputTokens;
  const eventDelayMs = Math.max(
    options.eventDelayMs ?? 0,
    generationMs / Math.max(1, options.words ?? 24),
  );

  switch (path) {
    case '/v1/messages/count_tokens':
      return json(res, 200, { input_tokens: answer.inputTokens });
    case '/v1/messages':
      if (!stream) return written(res, anthropicMessage(answer), generationMs);
      return sse(res, anthropicEvents(answer), eventDelayMs, fault);
    case '/v1/chat/completions':
    case '/v1/completions':
    case '/v1/responses': {
      if (!stream) return written(res, openaiJson(path, answer), generationMs);
      const includeUsage =
        (body['stream_options'] as { include_usage?: boolean } | undefined)?.include_usage === true;
      return sse(res, openaiEvents(path, answer, includeUsage), eventDelayMs, fault);
    }
    default:
      return json(res, 404, {
        error: { message: `mock upstream: no route ${path}`, type: 'invalid_request_error' },
      });
  }
}

function sse(
  res: ServerResponse,
  frames: readonly string[],
  delayMs: number,
  fault: MockFault | undefined,
): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-request-id': 'upstream-req-1',
  });
  const after =
    fault?.kind === 'stall_mid_stream' || fault?.kind === 'reset_mid_stream'
      ? fault.afterEvents
      : Infinity;
  const stopAt = after < 0 ? frames.length + after : after;
  let index = 0;
  const next = (): void => {
    if (res.destroyed) return;
    if (index >= stopAt) {
      if (fault?.kind === 'reset_mid_stream') res.socket?.destroy();
      return; // stall: keep the connection open, send nothing more
    }
    if (index >= frames.length) return void res.end();
    res.write(frames[index++]);
    if (delayMs > 0) setTimeout(next, delayMs);
    else next();
  };
  next();
}

/** A JSON answer, sent once the model has written it (`afterMs`; 0: at once). */
function written(res: ServerResponse, body: unknown, afterMs: number): void {
  if (afterMs > 0) setTimeout(() => !res.destroyed && json(res, 200, body), afterMs);
  else json(res, 200, body);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-request-id': 'upstream-req-1',
  });
  res.end(text);
}

function credentialOk(rawHeaders: readonly string[], expected: string | undefined): boolean {
  if (expected === undefined) return true;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]?.toLowerCase();
    const value = rawHeaders[i + 1];
    if (name === 'x-api-key' && value === expected) return true;
    if (name === 'authorization' && value === `Bearer ${expected}`) return true;
  }
  return false;
}
