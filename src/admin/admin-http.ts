/**
 * The admin listener's HTTP vocabulary: replies as values (a handler returns one, the server
 * writes it), the JSON error shape shared by every admin answer, and a capped JSON body reader.
 * Error messages are fixed strings or name fields — never an echo of what the client sent, which
 * may be a pasted secret.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface AdminReply {
  readonly status: number;
  /** JSON-serialised unless `text` is given. */
  readonly body?: unknown;
  readonly text?: string;
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface AdminRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly params: Readonly<Record<string, string>>;
  readonly requestId: string;
  /** The peer address (audit log). */
  readonly remote: string;
  readonly raw: IncomingMessage;
}

export type ErrorType =
  | 'authentication_error'
  | 'invalid_request_error'
  | 'not_found_error'
  | 'method_not_allowed'
  | 'unavailable_error'
  | 'internal_error';

export interface Issue {
  readonly path: string;
  readonly message: string;
}

export function errorReply(
  status: number,
  type: ErrorType,
  message: string,
  extra?: { readonly issues?: readonly Issue[]; readonly headers?: Record<string, string> },
): AdminReply {
  const error = extra?.issues ? { type, message, issues: extra.issues } : { type, message };
  return { status, body: { error }, ...(extra?.headers ? { headers: extra.headers } : {}) };
}

export const NOT_FOUND = errorReply(404, 'not_found_error', 'Unknown admin route.');
export const UNAUTHORIZED = errorReply(401, 'authentication_error', 'Admin token required.');

export function writeReply(res: ServerResponse, reply: AdminReply, head: boolean): void {
  const text = reply.text ?? JSON.stringify(reply.body ?? null);
  res.writeHead(reply.status, {
    'content-type': reply.contentType ?? 'application/json',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...reply.headers,
  });
  res.end(head ? undefined : text);
}

export const MAX_BODY_BYTES = 16_384;

/** Reads a JSON body (at most MAX_BODY_BYTES); a reply when it is not one. */
export async function readJsonBody(
  req: IncomingMessage,
): Promise<{ readonly json: unknown } | AdminReply> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    return errorReply(400, 'invalid_request_error', 'Expected content-type: application/json.');
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) return tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return tooLarge();
    chunks.push(chunk);
  }
  try {
    return { json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown };
  } catch {
    // The parser's message quotes the input: never returned.
    return errorReply(400, 'invalid_request_error', 'The body is not valid JSON.');
  }
}

function tooLarge(): AdminReply {
  return errorReply(413, 'invalid_request_error', `The body is over ${MAX_BODY_BYTES} bytes.`);
}
