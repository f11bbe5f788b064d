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
import { retryAfterSeconds, sendError } from '../pipeline/local-reply.ts';
import type { OpenStreams } from '../pipeline/open-streams.ts';
import type { BufferBudget } from '../pipeline/read-body.ts';
import type { RequestContext } from '../pipeline/request-context.ts';
import { clientResponseHeaders } from './header-hygiene.ts';
import { SseAligner } from './sse-aligner.ts';
import { estimateTokens, StreamPacer } from './stream-pacer.ts';
import type { StreamBudget } from '../limits/stream-budget.ts';
import { vaultStandIns, type StandIns, type ThinkingVault } from '../degrade/thinking-vault.ts';
import {
  SseReasoningStripper,
  stripJsonBody,
  type StripStats,
} from '../degrade/strip-reasoning.ts';
import { createUsageTap, isEventStream, type UsageTap } from './usage-tap.ts';
import { interceptDecoyJson } from '../degrade/intercept-decoy-json.ts';
import { SseDecoyInterceptor } from '../degrade/sse-decoy-interceptor.ts';
import type { InFlightRecheck } from '../pipeline/recheck-in-flight.ts';
import { WITHHELD_IN_FLIGHT } from '../decision-log/record.ts';

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

/** What the forward stage works with beyond the exchange itself. */
export interface ForwardExtras {
  /** Where an opened stream is registered, so a later block of its account can cut it. */
  readonly streams?: OpenStreams;
  /** Output beyond a default reservation, charged as the stream runs (see stream-budget.ts). */
  readonly budget?: StreamBudget | undefined;
  /** The process-wide buffer budget a held (degraded) JSON body counts against. */
  readonly buffers?: BufferBudget;
  /** Where strip_reasoning keeps the Anthropic thinking blocks it replaces with stand-ins. */
  readonly vault: ThinkingVault;
  /** Looks at the request again when its answer arrives, if anything escalated meanwhile. */
  readonly recheck?: InFlightRecheck;
}

export function forward(
  ctx: RequestContext,
  dispatcher: Dispatcher,
  request: ForwardRequest,
  now: () => number,
  extras: ForwardExtras,
): void {
  const handler = new ForwardHandler(ctx, now, extras);
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
  /** strip_reasoning on an SSE response: rewrites each aligned run of events. */
  private stripper: SseReasoningStripper | undefined = undefined;
  /**
   * strip_reasoning or decoy interception on a JSON response: the body, held until it ends
   * (bounded), and the status and headers, sent with it (so a body that cannot be held is refused
   * with a proper 503 rather than passed on unstripped).
   */
  private held: Buffer[] | undefined = undefined;
  private heldHead: { readonly status: number; readonly headers: string[] } | undefined = undefined;
  private heldBytes = 0;
  /** A throttle rule's pacing of an SSE response. */
  private pacer: StreamPacer | undefined = undefined;
  /** decoy_tools on an SSE response: removes calls to a decoy (JSON: held like a strip). */
  private decoys: SseDecoyInterceptor | undefined = undefined;

  private readonly streams: OpenStreams | undefined;
  private readonly budget: StreamBudget | undefined;
  private readonly buffers: BufferBudget | undefined;
  private readonly vault: ThinkingVault;
  private readonly recheck: InFlightRecheck | undefined;

  constructor(ctx: RequestContext, now: () => number, extras: ForwardExtras) {
    this.ctx = ctx;
    this.now = now;
    this.streams = extras.streams;
    this.budget = extras.budget;
    this.buffers = extras.buffers;
    this.vault = extras.vault;
    this.recheck = extras.recheck;
  }

  /** Stand-ins for this response's withheld thinking blocks, kept for the account that asked. */
  private standIns(): StandIns {
    const ctx = this.ctx;
    const ttl = ctx.config.policy.thinkingVault.ttlMs;
    return vaultStandIns(this.vault, ctx.account?.id ?? '', ctx.startedAt + ttl);
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
    // An answer (a JSON one is whole by now) for a request blocked since it was decided is
    // withheld: none of it is sent (recheck-in-flight.ts). Errors pass: nothing to withhold.
    if (statusCode < 300 && this.recheck?.blocks(ctx, false) === true) {
      sendError(ctx, 'DG_ERR_BLOCKED', WITHHELD_IN_FLIGHT);
      controller.abort(new ProxyAbort('client_aborted'));
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
    const out = clientResponseHeaders(headers, ctx.id);
    const limits = ctx.rateLimitHeaders;
    if (limits !== null) out.push('ratelimit-policy', limits.policy, 'ratelimit', limits.remaining);
    if (ctx.degraded !== null) {
      const policy = ctx.config.policy;
      out.push(policy.degradeHeader, `${ctx.degraded.join(',')}; ${policy.degradeText}`);
      if (ctx.stripReasoning && statusCode < 300 && readable && ctx.route !== undefined) {
        if (sse)
          this.stripper = new SseReasoningStripper(ctx.route.id, stripStats, this.standIns());
        else this.held = [];
      }
      if (ctx.decoys !== null && statusCode < 300 && readable && ctx.route !== undefined) {
        if (sse) this.decoys = new SseDecoyInterceptor(ctx.route.id, ctx.decoys);
        else this.held ??= [];
      }
    }
    if (this.held !== undefined) {
      // The rewritten body's length is known only at its end: status and headers go with it.
      dropHeader(out, 'content-length');
      this.heldHead = { status: statusCode, headers: out };
      return;
    }
    res.writeHead(statusCode, out);
    if (sse) {
      if (readable) this.aligner = new SseAligner();
      if (readable && ctx.paceTokensPerSecond > 0) this.pacer = this.newPacer(controller);
      res.flushHeaders();
      ctx.sseOpen = true;
      // Only a stream whose events are read can be estimated; a compressed one (the upstream
      // ignored `accept-encoding: identity`) settles as any response without usage.
      ctx.streamUnfinished = readable;
      this.streams?.add(ctx);
    }
    // A paced stream's upstream stays paused while the pacer holds runs back.
    res.on('drain', () => {
      if (this.pacer?.holding !== true) controller.resume();
    });
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    const ctx = this.ctx;
    const res = ctx.res;
    if (res.writableEnded) return; // cut by the proxy; the abort is on its way
    // A stream whose request is blocked since it was decided ends here (recheck-in-flight.ts):
    // the block cuts it as one of the account's open streams, or this does.
    if (ctx.sseOpen && this.recheck?.blocks(ctx, true) === true) {
      cutStream(ctx, 'DG_ERR_BLOCKED'); // false when the block cut it already
      return;
    }
    if (this.held !== undefined) {
      this.tap?.push(chunk);
      this.hold(controller, chunk);
      return;
    }
    let ready = this.aligner ? this.aligner.push(chunk) : chunk;
    if (ready && this.aligner) {
      // The output an unfinished stream is charged and logged (settleLimits), and what a budget
      // charges past its reservation: one estimate from the events as they arrive from the
      // upstream (~0.5 µs an event), since their usage comes only at the end.
      const tokens = estimateTokens(ready.toString('utf8'));
      ctx.streamedTokens += tokens;
      if (this.budget && !this.budget.add(tokens)) {
        // The output went past what its buckets hold: the stream ends with the error event.
        ctx.outcome = 'cut';
        sendError(ctx, 'DG_ERR_RATE_LIMITED', 'output_tokens_mid_stream');
        return;
      }
    }
    if (ready && this.stripper) ready = this.stripper.pushBuffer(ready);
    if (ready && this.decoys) ready = this.decoys.pushBuffer(ready);
    if (ready && ready.length > 0) {
      if (this.pacer) {
        this.pacer.push(ready);
      } else {
        ctx.bytesOut += ready.length;
        if (!res.write(ready)) controller.pause();
      }
    }
    this.tap?.push(chunk);
  }

  private newPacer(controller: Dispatcher.DispatchController): StreamPacer {
    const ctx = this.ctx;
    const res = ctx.res;
    const pacer = new StreamPacer(ctx.paceTokensPerSecond, this.now, {
      write: (chunk) => {
        if (res.writableEnded) return;
        ctx.bytesOut += chunk.length;
        res.write(chunk);
      },
      pause: () => controller.pause(),
      resume: () => {
        if (!res.writableNeedDrain) controller.resume();
      },
      end: () => {
        ctx.sseOpen = false;
        if (!res.writableEnded) res.end();
      },
    });
    res.on('close', () => pacer.stop());
    return pacer;
  }

  /**
   * Holds a JSON body to rewrite. Held bytes count against the process-wide buffer budget
   * (released when the request is recorded). A body past the budget or the cap is refused with
   * 503 and the exchange aborted — fail closed: passing it on would hand a degraded account the
   * reasoning or decoy calls the rule withholds, and filling the budget is within its reach.
   */
  private hold(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    const held = this.held as Buffer[];
    held.push(chunk);
    this.heldBytes += chunk.length;
    const reserved = this.buffers?.tryReserve(chunk.length) ?? true;
    if (reserved && this.buffers) this.ctx.reservedBytes += chunk.length;
    if (reserved && this.heldBytes <= MAX_STRIPPED_BODY_BYTES) return;
    stripStats.refusedOverBudget++;
    this.held = undefined;
    this.heldHead = undefined;
    const ctx = this.ctx;
    ctx.outcome = 'rejected';
    sendError(ctx, 'DG_ERR_OVERLOADED', 'degraded_body_over_budget', {
      retryAfterSeconds: retryAfterSeconds(ctx),
    });
    controller.abort(new ProxyAbort('client_aborted'));
  }

  onResponseEnd(): void {
    const ctx = this.ctx;
    this.settled = true;
    ctx.upstreamEnd = this.now();
    // A paced stream is still open until its pacer has written the last run (it closes it then).
    if (this.pacer === undefined) ctx.sseOpen = false;
    // The upstream sent the whole stream: the usage the tap read is the answer's.
    ctx.streamUnfinished = false;
    this.tap?.end();
    if (ctx.res.writableEnded) return;
    if (this.held !== undefined) {
      const raw = Buffer.concat(this.held);
      this.held = undefined;
      const body = this.rewriteHeld(raw);
      const head = this.heldHead;
      if (head !== undefined)
        ctx.res.writeHead(head.status, [...head.headers, 'content-length', String(body.length)]);
      ctx.bytesOut += body.length;
      ctx.res.end(body);
      return;
    }
    // The upstream ended cleanly: a trailing partial event is delivered as it was sent.
    if (this.pacer) {
      const rest = this.flushTail();
      if (rest) this.pacer.push(rest);
      this.pacer.finish();
      return;
    }
    const tail = this.flushTail();
    if (tail) ctx.bytesOut += tail.length;
    ctx.res.end(tail);
  }

  /** The held JSON body with reasoning stripped and decoy calls removed, as each applies. */
  private rewriteHeld(raw: Buffer): Buffer {
    const ctx = this.ctx;
    if (ctx.route === undefined) return raw;
    let body = raw;
    if (ctx.stripReasoning) {
      const stripped = stripJsonBody(
        ctx.route.id,
        raw.toString('utf8'),
        stripStats,
        this.standIns(),
      );
      if (stripped !== undefined) body = Buffer.from(stripped);
    }
    if (ctx.decoys !== null) body = interceptDecoyJson(ctx.route.id, body, ctx.decoys) ?? body;
    return body;
  }

  /** A trailing partial event (delivered as sent) — still stripped, and without a decoy call. */
  private flushTail(): Buffer | undefined {
    let tail = this.aligner?.flush();
    if (tail && this.stripper) tail = this.stripper.pushBuffer(tail);
    return tail && this.decoys ? this.decoys.pushBuffer(tail) : tail;
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

/** Largest JSON body held back to strip its reasoning; a larger one passes unchanged. */
const MAX_STRIPPED_BODY_BYTES = 8 * 1024 * 1024;

/** Process-wide counts of what strip_reasoning met. */
export const stripStats: StripStats & { refusedOverBudget: number } = {
  unparsed: 0,
  stripped: 0,
  /** JSON bodies too large (or over the buffer budget) to hold: sent on unchanged. */
  refusedOverBudget: 0,
};

function dropHeader(headers: string[], name: string): void {
  for (let i = headers.length - 2; i >= 0; i -= 2) {
    if (headers[i]?.toLowerCase() === name) headers.splice(i, 2);
  }
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'unknown';
}

function lower(code: string): string {
  return code.toLowerCase();
}
