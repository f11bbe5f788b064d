/**
 * One simulated request over real HTTP: the actor's headers in the order it chose (they shape
 * the client fingerprint the proxy sees), then the content type, the dialect's credential and the
 * simulated client address in X-Forwarded-For. Reads the answer whole and takes the output tokens
 * from its usage (JSON, or the last usage of an SSE stream).
 */
import type { Pool } from 'undici';
import type { SimRequest, SimResponse } from './actor.ts';

const PATHS = { anthropic: '/v1/messages', openai: '/v1/chat/completions' } as const;

/** The request's header list, flat ([name, value, …]) so undici keeps the order. */
export function requestHeaders(request: SimRequest, apiKey: string): string[] {
  const headers = ['user-agent', request.userAgent];
  for (const [name, value] of request.headers ?? []) headers.push(name, value);
  headers.push('content-type', 'application/json');
  if (request.dialect === 'anthropic')
    headers.push('x-api-key', apiKey, 'anthropic-version', '2023-06-01');
  else headers.push('authorization', `Bearer ${apiKey}`);
  headers.push('x-forwarded-for', request.clientIp);
  return headers;
}

/**
 * `body`: the request's body as it was when the actor sent it (the runner serialises it then:
 * an actor goes on building its conversation in the objects it sent, while this request may
 * still wait for a connection).
 */
export async function sendRequest(
  pool: Pool,
  request: SimRequest,
  apiKey: string,
  body: string,
): Promise<SimResponse> {
  try {
    const response = await pool.request({
      path: PATHS[request.dialect],
      method: 'POST',
      headers: requestHeaders(request, apiKey),
      body,
    });
    const text = await response.body.text();
    const id = response.headers['x-request-id'];
    const contentType = String(response.headers['content-type'] ?? '');
    return {
      status: response.statusCode,
      outputTokens:
        response.statusCode === 200 ? outputTokens(text, contentType.includes('event-stream')) : 0,
      requestId: typeof id === 'string' ? id : undefined,
      retryAfterMs: retryAfter(response.headers['retry-after']),
    };
  } catch {
    return { status: 0, outputTokens: 0, requestId: undefined, retryAfterMs: undefined };
  }
}

/** Output tokens from a JSON answer or from the last usage an SSE stream carried. */
export function outputTokens(text: string, stream: boolean): number {
  if (!stream) return usageTokens(parse(text));
  let tokens = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith('data:')) continue;
    const found = usageTokens(parse(line.slice(5).trim()));
    if (found > 0) tokens = found;
  }
  return tokens;
}

function usageTokens(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  const usage = (value as { usage?: unknown }).usage;
  if (typeof usage !== 'object' || usage === null) return 0;
  const { output_tokens: anthropic, completion_tokens: openai } = usage as Record<string, unknown>;
  if (typeof anthropic === 'number') return anthropic;
  if (typeof openai === 'number') return openai;
  return 0;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function retryAfter(value: string | string[] | undefined): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined) return undefined;
  const seconds = Number(text);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}
