/**
 * One JWKS fetch with undici, bounded in time and size: a single deadline covers connect, headers
 * and the whole body (a server that accepts and never answers, or trickles, is cut at it), and the
 * body is counted while it streams, so a 10 MB answer is abandoned at `maxBytes` instead of being
 * buffered. No redirects are followed. Every failure is a JwksFetchError with a short code for
 * `status().lastError` and the operational log.
 */
import { request, type Dispatcher } from 'undici';

export type JwksFetchFailure =
  'jwks_timeout' | 'jwks_http_status' | 'jwks_too_large' | 'jwks_unreachable' | 'jwks_closed';

export class JwksFetchError extends Error {
  readonly code: JwksFetchFailure;
  constructor(code: JwksFetchFailure, detail?: string) {
    super(detail === undefined ? code : `${code}: ${detail}`);
    this.code = code;
  }
}

export interface FetchJwksOptions {
  readonly dispatcher: Dispatcher;
  readonly timeoutMs: number;
  readonly maxBytes: number;
  /** Aborted when the verifier closes. */
  readonly signal: AbortSignal;
}

/** The body of a 200 answer, as text. */
export async function fetchJwks(url: string, options: FetchJwksOptions): Promise<string> {
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const signal = AbortSignal.any([options.signal, deadline]);
  let response: Dispatcher.ResponseData;
  try {
    response = await request(url, {
      dispatcher: options.dispatcher,
      signal,
      headers: { accept: 'application/jwk-set+json, application/json' },
    });
  } catch (error) {
    throw failure(error, deadline, options.signal);
  }
  const { statusCode, headers, body } = response;
  // Destroying an unfinished undici body emits an AbortError; unheard, it would crash the process.
  body.on('error', ignore);
  try {
    if (statusCode !== 200) throw new JwksFetchError('jwks_http_status', String(statusCode));
    const declared = Number(headers['content-length']);
    if (declared > options.maxBytes) throw new JwksFetchError('jwks_too_large');
    const chunks: Buffer[] = [];
    let received = 0;
    for await (const chunk of body as AsyncIterable<Buffer>) {
      received += chunk.length;
      if (received > options.maxBytes) throw new JwksFetchError('jwks_too_large');
      chunks.push(chunk);
    }
    return Buffer.concat(chunks, received).toString('utf8');
  } catch (error) {
    // Releases the socket at once on every early exit (status, size, deadline).
    body.destroy();
    throw failure(error, deadline, options.signal);
  }
}

function failure(error: unknown, deadline: AbortSignal, closed: AbortSignal): JwksFetchError {
  if (error instanceof JwksFetchError) return error;
  if (closed.aborted) return new JwksFetchError('jwks_closed');
  if (deadline.aborted) return new JwksFetchError('jwks_timeout');
  const code = (error as { code?: unknown } | null)?.code;
  return new JwksFetchError('jwks_unreachable', typeof code === 'string' ? code : undefined);
}

function ignore(): void {}
