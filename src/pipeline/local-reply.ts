/**
 * Local replies: every response distillguard answers itself instead of the upstream. The body is
 * the dialect's own error shape (so the official SDKs raise their typed errors), with the request
 * id in the body and headers, Retry-After where a retry can succeed, `x-should-retry: false` where
 * it cannot. An unread request body is discarded by Node after the reply (bounded by
 * `request_timeout`), which keeps the connection usable and lets a client that is still sending
 * read its 413 instead of a reset; only suspect framing closes the connection.
 */
import type { ServerResponse } from 'node:http';
import type { Dialect } from '../dialects/dialect.ts';
import { cutStream } from '../upstream/forward.ts';
import { ERRORS, type ErrorCode } from './error-codes.ts';
import type { RequestContext } from './request-context.ts';

export interface ReplyOptions {
  /** Seconds for Retry-After (429/503). */
  readonly retryAfterSeconds?: number;
  /** Close the connection after the reply; later requests pipelined on it are not processed. */
  readonly close?: boolean;
  /** Extra headers, flat: [name, value, …] (e.g. Allow on a 405). */
  readonly headers?: readonly string[];
  /** A verification challenge: the URL the client is sent to. */
  readonly verificationUrl?: string;
}

/** Retry-After, in whole seconds, for a refusal that a moment's wait may resolve (limits.retry_after). */
export function retryAfterSeconds(ctx: RequestContext): number {
  return Math.ceil(ctx.config.limits.retry_after / 1000);
}

/** Sockets answered with `Connection: close`: nothing more read from them is interpreted. */
const closingSockets = new WeakSet<object>();

export function isClosing(socket: object): boolean {
  return closingSockets.has(socket);
}

/** Ends the request with a dialect-shaped error. Safe to call at any point of the exchange. */
export function sendError(
  ctx: RequestContext,
  code: ErrorCode,
  detail: string,
  options: ReplyOptions = {},
): void {
  ctx.error ??= code;
  ctx.detail ??= detail;
  const res = ctx.res;
  if (res.headersSent) {
    // The response has begun: a stream gets the dialect's error event, anything else is cut.
    if (!cutStream(ctx, code)) res.destroy();
    return;
  }
  if (res.destroyed) return;
  writeError(
    res,
    ctx.dialect,
    code,
    ctx.id,
    options.close === true,
    options.retryAfterSeconds,
    options.headers,
    options.verificationUrl,
  );
}

/** Writes the error response itself; also used where no RequestContext exists (parser errors). */
export function writeError(
  res: ServerResponse,
  dialect: Dialect,
  code: ErrorCode,
  requestId: string,
  close: boolean,
  retryAfterSeconds?: number,
  extraHeaders?: readonly string[],
  verificationUrl?: string,
): void {
  const spec = ERRORS[code];
  const body = dialect.errorBody(code, requestId, verificationUrl);
  const headers: string[] = [
    'content-type',
    'application/json',
    'content-length',
    String(Buffer.byteLength(body)),
    'x-request-id',
    requestId,
  ];
  // The Anthropic SDK reads `request-id`; the OpenAI SDK reads `x-request-id`.
  if (dialect.name === 'anthropic') headers.push('request-id', requestId);
  if (retryAfterSeconds !== undefined) headers.push('retry-after', String(retryAfterSeconds));
  if (spec.status === 403 || spec.status === 400 || spec.status === 413 || spec.status === 404) {
    // Retrying cannot change the answer; tell the SDKs not to (they honour x-should-retry).
    headers.push('x-should-retry', 'false');
  }
  if (extraHeaders) headers.push(...extraHeaders);
  if (close) {
    headers.push('connection', 'close');
    if (res.socket) closingSockets.add(res.socket);
  }
  res.shouldKeepAlive = res.shouldKeepAlive && !close;
  res.writeHead(spec.status, headers);
  res.end(body);
}
