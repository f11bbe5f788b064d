/**
 * The load-test upstream: a deliberately cheap node:http server standing in for the inference API.
 * It shares CPU 1 with the load generator, so it must never be the bottleneck: every body and
 * header block is precomputed, the request body is only searched for `"stream":true` (no parsing)
 * and nothing is allocated per request beyond what node:http needs.
 *
 * POST /v1/chat/completions → a ~1 KB chat.completion with usage; with `"stream": true` → 20 SSE
 * events of ~50 B, 10 ms apart (the first one with the headers), ending with `data: [DONE]`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import {
  ANSWER_BODY,
  CHAT_PATH,
  SSE_EVENT_INTERVAL_MS,
  SSE_EVENTS,
  STREAM_MARKER,
} from './fixtures.ts';
import { listenOnLoopback, type RunningServer } from './listen.ts';

const JSON_HEADERS = {
  'content-type': 'application/json',
  'content-length': String(ANSWER_BODY.length),
  'x-request-id': 'req_upstream_loadtest',
};
const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  'x-request-id': 'req_upstream_loadtest',
};
const NOT_FOUND = Buffer.from('{"error":{"message":"not found","type":"invalid_request_error"}}');

export function startUpstream(): Promise<RunningServer> {
  // Long keep-alive: the pools in front of it must never pay for reconnects mid-run.
  const server = createServer({ keepAliveTimeout: 120_000, noDelay: true }, onRequest);
  return listenOnLoopback(server, () => Promise.resolve());
}

function onRequest(req: IncomingMessage, res: ServerResponse): void {
  let streamed = false;
  // A 2 KB body nearly always arrives in one chunk; the marker is near the end, so search each.
  req.on('data', (chunk: Buffer) => {
    if (!streamed && chunk.includes(STREAM_MARKER)) streamed = true;
  });
  req.on('end', () => {
    if (req.method !== 'POST' || req.url !== CHAT_PATH) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(NOT_FOUND);
    } else if (streamed) {
      sendStream(res);
    } else {
      res.writeHead(200, JSON_HEADERS);
      res.end(ANSWER_BODY);
    }
  });
}

function sendStream(res: ServerResponse): void {
  let timer: NodeJS.Timeout | undefined;
  res.on('close', () => clearTimeout(timer));
  res.writeHead(200, SSE_HEADERS);
  const send = (index: number): void => {
    const event = SSE_EVENTS[index];
    if (event === undefined || res.destroyed) return;
    if (index === SSE_EVENTS.length - 1) {
      res.end(event);
      return;
    }
    res.write(event);
    timer = setTimeout(send, SSE_EVENT_INTERVAL_MS, index + 1);
  };
  send(0);
}
