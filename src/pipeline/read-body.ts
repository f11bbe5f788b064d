/**
 * Reads an inference request body into memory, bounded twice: per request (`max_body_bytes`,
 * decided on Content-Length before reading, and enforced while reading chunked bodies) and across
 * all requests (`max_buffered_bytes`, so many large bodies at once shed load with a 503 instead of
 * exhausting the heap). A client that goes away mid-body yields `aborted`, not an error reply.
 */
import type { IncomingMessage } from 'node:http';
import type { ErrorCode } from './error-codes.ts';

export type BodyResult =
  | { kind: 'ok'; body: Buffer }
  | { kind: 'rejected'; code: ErrorCode; detail: string }
  | { kind: 'aborted' };

/** The process-wide budget of request bytes held in memory. */
export class BufferBudget {
  private used = 0;
  readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
  }

  tryReserve(bytes: number): boolean {
    if (this.used + bytes > this.limit) return false;
    this.used += bytes;
    return true;
  }

  release(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }

  get inUse(): number {
    return this.used;
  }
}

/**
 * Resolves with the whole body, a rejection, or `aborted`. Bytes reserved in `budget` are
 * reported through `reserved` so the caller releases exactly that amount when the request ends.
 */
export function readBody(
  req: IncomingMessage,
  maxBytes: number,
  budget: BufferBudget,
  reserved: (bytes: number) => void,
): Promise<BodyResult> {
  // A client gone before its body is read (it left while its credential was being verified): its
  // 'close' has fired, so nothing would ever release what is reserved now.
  if (req.destroyed) return Promise.resolve({ kind: 'aborted' });
  const declared = req.headers['content-length'];
  if (declared !== undefined) {
    const length = Number(declared);
    if (length > maxBytes)
      return Promise.resolve(rejected('DG_ERR_BODY_TOO_LARGE', 'declared_length'));
    if (!budget.tryReserve(length))
      return Promise.resolve(rejected('DG_ERR_OVERLOADED', 'buffer_budget'));
    reserved(length);
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const finish = (result: BodyResult): void => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      // Rejected: discard the rest of the body (Node would not, as we began consuming it).
      if (result.kind === 'rejected') req.resume();
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > maxBytes) return finish(rejected('DG_ERR_BODY_TOO_LARGE', 'body_length'));
      if (declared === undefined) {
        if (!budget.tryReserve(chunk.length))
          return finish(rejected('DG_ERR_OVERLOADED', 'buffer_budget'));
        reserved(chunk.length);
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      finish({
        kind: 'ok',
        body: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, received),
      });
    };
    const onClose = (): void => {
      if (!req.complete) finish({ kind: 'aborted' });
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('close', onClose);
  });
}

function rejected(code: ErrorCode, detail: string): BodyResult {
  return { kind: 'rejected', code, detail };
}
