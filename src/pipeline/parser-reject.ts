/**
 * Requests Node's HTTP parser refuses (smuggling-class framing, oversized headers, header or body
 * timeouts) never reach the pipeline. This answers them on the raw socket in a dialect's error
 * shape — guessed from the request line, since no route was matched — and builds their decision
 * record, so even these requests are logged exactly once.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { anthropic } from '../dialects/anthropic.ts';
import { openai } from '../dialects/openai.ts';
import { DECISION_RECORD_VERSION, type DecisionRecord } from '../decision-log/record.ts';
import { ipPrefix, normalizeIp } from '../net/ip.ts';
import { ERRORS, type ErrorCode } from './error-codes.ts';

export interface ParserError extends Error {
  code?: string;
  rawPacket?: Buffer;
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
  const dialect = rawPacket?.includes('/v1/messages') ? anthropic : openai;
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
  code: ErrorCode,
  detail: string,
): DecisionRecord {
  return {
    v: DECISION_RECORD_VERSION,
    ts: new Date(startedAt).toISOString(),
    request_id: requestId,
    account: null,
    org: null,
    tier: null,
    key_id: null,
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
    bytes_in: 0,
    action: 'reject',
    mode: 'enforce',
    rule: null,
    reason: code,
    shadow: null,
    policy_version: null,
    score: 0,
    factors: [],
    families: [],
    status: ERRORS[code].status,
    error: code,
    detail,
    outcome: 'rejected',
    tokens_in: null,
    tokens_out: null,
    bytes_out: 0,
    latency_ms: { total: 0, proxy: 0, upstream: 0, upstream_ttfb: null },
  };
}
