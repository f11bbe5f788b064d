/**
 * Errors Node's HTTP parser reports on a connection (smuggling-class framing, oversized headers,
 * header or body timeouts, a client that hangs up mid-message). An error belongs to the latest
 * request on its socket while that request's body is still arriving — it is answered through the
 * pipeline if nothing was sent yet, and never gets a second response or record otherwise. Any
 * other error is a new request the parser refused: it is answered on the raw socket in a
 * dialect's error shape (guessed from the request line) and gets its own decision record.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { guessDialect } from '../dialects/dialects.ts';
import { DECISION_RECORD_VERSION, type DecisionRecord } from '../decision-log/record.ts';
import { ipPrefix, normalizeIp } from '../net/ip.ts';
import { CLIENT_CLOSED_REQUEST } from './record-decision.ts';
import type { Outcome } from '../decision-log/record.ts';
import { ERRORS, type ErrorCode } from './error-codes.ts';
import { contextOnSocket } from './handle-request.ts';
import type { PipelineDeps } from './pipeline-deps.ts';
import { sendError } from './local-reply.ts';

export interface ParserError extends Error {
  code?: string;
  rawPacket?: Buffer;
}

/** The parser's report that the peer closed or reset the connection mid-message. */
function isClientGone(error: ParserError): boolean {
  return (
    error.code === 'ECONNRESET' || error.code === 'EPIPE' || error.code === 'HPE_INVALID_EOF_STATE'
  );
}

export function handleClientError(error: ParserError, socket: Socket, deps: PipelineDeps): void {
  const ctx = contextOnSocket(socket);
  const midRequest = ctx !== undefined && !ctx.req.complete;
  if (isClientGone(error) || !socket.writable) {
    // A request in flight sees its own abort (and records it); a partial request that was never
    // parsed is recorded here as abandoned by the client.
    if (!midRequest && error.code === 'HPE_INVALID_EOF_STATE') {
      deps.decisionLog.write(
        parserRejectRecord(
          deps.newRequestId(),
          deps.clock.now(),
          socket.remoteAddress,
          deps.config().detection,
          undefined,
          'incomplete_request',
        ),
      );
    }
    socket.destroy();
    return;
  }
  const { code, detail } = classifyParserError(error);
  if (midRequest) {
    // The error is in the body of a request already being handled: answer it once, if not yet.
    if (!ctx.res.headersSent) {
      ctx.outcome ??= 'rejected';
      sendError(ctx, code, detail, { close: true });
      setTimeout(() => socket.destroy(), 1_000).unref();
    } else {
      socket.destroy();
    }
    return;
  }
  const requestId = deps.newRequestId();
  writeRawError(socket, code, requestId, error.rawPacket);
  deps.decisionLog.write(
    parserRejectRecord(
      requestId,
      deps.clock.now(),
      socket.remoteAddress,
      deps.config().detection,
      code,
      detail,
    ),
  );
}

export function classifyParserError(error: ParserError): { code: ErrorCode; detail: string } {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return { code: 'DG_ERR_HEADERS_TOO_LARGE', detail: 'header_overflow' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { code: 'DG_ERR_REQUEST_TIMEOUT', detail: 'request_timeout' };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { code: 'DG_ERR_BODY_TOO_LARGE', detail: 'chunk_extensions_overflow' };
    default:
      return { code: 'DG_ERR_BAD_FRAMING', detail: (error.code ?? 'parse_error').toLowerCase() };
  }
}

/** Writes a complete error response to the socket and closes it once flushed. */
export function writeRawError(
  socket: Socket,
  code: ErrorCode,
  requestId: string,
  rawPacket?: Buffer,
): void {
  const dialect = guessDialect(rawPacket?.toString('latin1', 0, 512) ?? '');
  const status = ERRORS[code].status;
  const body = dialect.errorBody(code, requestId);
  const head =
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
    `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
    `x-request-id: ${requestId}\r\nx-should-retry: false\r\nconnection: close\r\n\r\n`;
  if (socket.writable) socket.end(head + body);
  socket.destroySoon();
}

export function parserRejectRecord(
  requestId: string,
  startedAt: number,
  peerAddress: string | undefined,
  prefixBits: { readonly client_ip_prefix_v4: number; readonly client_ip_prefix_v6: number },
  /** The error answered; undefined when the client left before anything could be answered. */
  code: ErrorCode | undefined,
  detail: string,
): DecisionRecord {
  const outcome: Outcome = code === undefined ? 'client_aborted' : 'rejected';
  return {
    v: DECISION_RECORD_VERSION,
    ts: new Date(startedAt).toISOString(),
    request_id: requestId,
    account: null,
    org: null,
    tier: null,
    key_id: null,
    credential: null,
    account_age_days: null,
    verified: null,
    programme: null,
    declared_use: null,
    labels: [],
    client_ip_prefix: ipPrefix(
      normalizeIp(peerAddress ?? ''),
      prefixBits.client_ip_prefix_v4,
      prefixBits.client_ip_prefix_v6,
    ),
    method: 'UNKNOWN',
    route: null,
    dialect: null,
    model: null,
    stream: null,
    max_tokens: null,
    messages: null,
    tools: null,
    thinking: null,
    choices: null,
    end_user: null,
    templates: null,
    harvest_shape: null,
    bytes_in: 0,
    action: 'reject',
    mode: 'enforce',
    rule: null,
    reason: code ?? outcome,
    shadow: null,
    policy_version: null,
    score: 0,
    factors: [],
    families: [],
    activation: null,
    cluster: null,
    degraded: null,
    decoys: null,
    status: code === undefined ? CLIENT_CLOSED_REQUEST : ERRORS[code].status,
    error: code ?? null,
    detail,
    outcome,
    tokens_in: null,
    tokens_out: null,
    tokens_out_estimated: false,
    bytes_out: 0,
    latency_ms: { total: 0, proxy: 0, upstream: 0, upstream_ttfb: null },
  };
}
