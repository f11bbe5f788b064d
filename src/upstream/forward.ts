/**
 * The forward stage: sends the request upstream through undici's pooled dispatcher and streams the
 * response straight into the client socket — headers as soon as they arrive, each body chunk as it
 * arrives (SSE event by event, never buffered), with backpressure both ways (a slow client pauses
 * the upstream read). Failures map to the status contract: unreachable or reset before a response
 * → 502, no headers in time → 504; after the headers, a stream ends with the dialect's error event
 * and any other body is cut. A client that goes away aborts the upstream exchange.
 */
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { ErrorCode } from '../pipeline/error-codes.ts';
import { sendError } from '../pipeline/local-reply.ts';
import type { RequestContext } from '../pipeline/request-context.ts';
import { clientResponseHeaders } from './header-hygiene.ts';
import { SseAligner } from './sse-aligner.ts';
import { createUsageTap, isEventStream, type UsageTap } from './usage-tap.ts';

/** Why the proxy itself aborted an upstream exchange (never reported as an upstream failure). */
export class ProxyAbort extends Error {
  readonly outcome: 'client_aborted' | 'cut';
  constructor(outcome: 'client_aborted' | 'cut') {
    super(outcome);
    this.outcome = outcome;
  }
}

/** Raised by a streamed request body that grows past `max_body_bytes`. */
export class BodyTooLarge extends Error {}

export interface ForwardRequest {
  readonly path: string;
  readonly method: Dispatcher.HttpMethod;
  readonly headers: string[];
  readonly body: Buffer | Readable | null;
}

export function forward(
  ctx: RequestContext,
  dispatcher: Dispatcher,
  request: ForwardRequest,
  now: () => number,
): void {
  const handler = new ForwardHandler(ctx, now);
  ctx.upstreamStart = now();
  try {
    dispatcher.dispatch(
      {
        path: request.path,
        method: request.method,
        headers: request.headers,
        body: request.body,
        // first_byte_timeout and idle_stream_timeout are the pool's own timeouts (set where
        // the pool is built): per-request copies would only make undici re-arm its timers.
      },
      handler,
    );
  } catch (error) {
    // undici validates synchronously (e.g. a header value it will not send).
    ctx.upstreamEnd = now();
    ctx.outcome = 'upstream_error';
    sendError(ctx, 'DG_ERR_UPSTREAM_UNAVAILABLE', `dispatch_${errorCode(error)}`);
  }
}

/**
 * Ends an open SSE response with the dialect's error event (upstream failure mid-stream, the drain
 * deadline). The response's close then aborts the upstream exchange. Everything written so far
 * ends on an event boundary (see SseAligner), so the error event follows a whole event. Returns
 * false when there is no open stream to cut.
 */
export function cutStream(ctx: RequestContext, code: ErrorCode): boolean {
  const res = ctx.res;
  if (!ctx.sseOpen || res.writableEnded || res.destroyed) return false;
  ctx.sseOpen = false;
  ctx.error ??= code;
  res.end(ctx.dialect.sseErrorFrame(code, ctx.id, ctx.route?.id ?? ''));
  return true;
}

/**
 * Relays one upstream exchange into the client response. Nothing per-request from undici (the
 * controller, this handler) is ever stored on the RequestContext: a context that happened to be
 * promoted to the old generation would pin that graph through young collections, which measured
 * as the dominant GC cost under load. The links live here and on `res` only, and end with it.
 */
class ForwardHandler implements Dispatcher.DispatchHandler {
  private readonly ctx: RequestContext;
  private readonly now: () => number;
  private tap: UsageTap | undefined = undefined;
  /** Set for SSE bodies we can read (not compressed): keeps writes on event boundaries. */
  private aligner: SseAligner | undefined = undefined;
  /** The upstream exchange has ended (completed or failed). */
  private settled = false;

  constructor(ctx: RequestContext, now: () => number) {
    this.ctx = ctx;
    this.now = now;
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    const ctx = this.ctx;
    const res = ctx.res;
    if (res.destroyed) {
      controller.abort(new ProxyAbort('client_aborted'));
      return;
    }
    // The response closing while the exchange is open — the client went away, or the proxy ended
    // it (a cut stream, a 503 at the drain deadline) — aborts the upstream request.
    res.on('close', () => {
      if (!this.settled)
        controller.abort(new ProxyAbort(ctx.outcome === 'cut' ? 'cut' : 'client_aborted'));
    });
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    if (statusCode < 200) return; // 1xx interim responses are not relayed
    const ctx = this.ctx;
    const res = ctx.res;
    ctx.upstreamHeaders = this.now();
    if (res.headersSent || res.destroyed) {
      // The proxy already answered (e.g. a 503 at the drain deadline): this answer is not wanted.
      controller.abort(new ProxyAbort(ctx.outcome === 'cut' ? 'cut' : 'client_aborted'));
      return;
    }
    const sse = isEventStream(headers['content-type']);
    const encoding = headers['content-encoding'];
    const readable = encoding === undefined || encoding === 'identity';
    if (statusCode >= 200 && statusCode < 300 && (readable || !sse)) {
      this.tap = createUsageTap(
        ctx.dialect,
        sse,
        ctx.usage,
        readable ? undefined : String(encoding),
      );
    }
    res.writeHead(statusCode, clientResponseHeaders(headers, ctx.id));
    if (sse) {
      if (readable) this.aligner = new SseAligner();
      res.flushHeaders();
      ctx.sseOpen = true;
    }
    res.on('drain', () => controller.resume());
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    const ctx = this.ctx;
    const res = ctx.res;
    if (res.writableEnded) return; // cut by the proxy; the abort is on its way
    const ready = this.aligner ? this.aligner.push(chunk) : chunk;
    if (ready) {
      ctx.bytesOut += ready.length;
      if (!res.write(ready)) controller.pause();
    }
    this.tap?.push(chunk);
  }

  onResponseEnd(): void {
    const ctx = this.ctx;
    this.settled = true;
    ctx.upstreamEnd = this.now();
    ctx.sseOpen = false;
    this.tap?.end();
    if (ctx.res.writableEnded) return;
    // The upstream ended cleanly: a trailing partial event is delivered as it was sent.
    const tail = this.aligner?.flush();
    if (tail) ctx.bytesOut += tail.length;
    ctx.res.end(tail);
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    const ctx = this.ctx;
    this.settled = true;
    ctx.upstreamEnd = this.now();
    if (error instanceof ProxyAbort) {
      ctx.outcome ??= error.outcome;
      return;
    }
    if (error instanceof BodyTooLarge) {
      ctx.outcome = 'rejected';
      sendError(ctx, 'DG_ERR_BODY_TOO_LARGE', 'body_length', { close: true });
      return;
    }
    const code = errorCode(error);
    ctx.outcome = 'upstream_error';
    if (ctx.res.headersSent) {
      // Mid-body: a stream gets the dialect's error event; a JSON body can only be cut.
      sendError(
        ctx,
        'DG_ERR_UPSTREAM_STREAM',
        code === 'UND_ERR_BODY_TIMEOUT' ? 'idle_timeout' : lower(code),
      );
      return;
    }
    const timeout = code === 'UND_ERR_HEADERS_TIMEOUT';
    sendError(
      ctx,
      timeout ? 'DG_ERR_UPSTREAM_TIMEOUT' : 'DG_ERR_UPSTREAM_UNAVAILABLE',
      lower(code),
    );
  }
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'unknown';
}

function lower(code: string): string {
  return code.toLowerCase();
}
