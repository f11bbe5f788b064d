/**
 * Raw HTTP/1.1 over `node:net` for the framing, smuggling and header tests: hand-crafted request
 * bytes go out exactly as written (no client library normalising or refusing them), and the
 * responses are parsed here (status line, headers in order, body by Content-Length, chunked or
 * until close), so a test can see every response the proxy sent on a connection and whether the
 * proxy closed it.
 */
import { connect, type Socket } from 'node:net';
import { expect } from 'vitest';
import type { DecisionRecord } from '../../src/decision-log/record.ts';
import type { Harness } from './harness.ts';

export interface RawResponse {
  readonly httpVersion: string;
  readonly statusCode: number;
  readonly statusText: string;
  /** Header lines in order, names as sent. */
  readonly rawHeaders: readonly (readonly [string, string])[];
  /** Lower-cased names; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  readonly text: string;
}

/** Every value of one header (case-insensitive). */
export function headerValues(response: RawResponse, name: string): string[] {
  const wanted = name.toLowerCase();
  return response.rawHeaders.filter(([n]) => n.toLowerCase() === wanted).map(([, v]) => v);
}

/** Parses the JSON body of a response (throws with the raw text when it is not JSON). */
export function jsonBody(response: RawResponse): unknown {
  try {
    return JSON.parse(response.text) as unknown;
  } catch {
    throw new Error(`response body is not JSON: ${JSON.stringify(response.text.slice(0, 200))}`);
  }
}

/**
 * Parses one complete response at the start of `data`. Returns undefined when more bytes are
 * needed (`closed` says the peer closed, which completes a body delimited by the close).
 */
export function parseResponse(
  data: Buffer,
  closed: boolean,
): { response: RawResponse; consumed: number } | undefined {
  const headEnd = data.indexOf('\r\n\r\n');
  if (headEnd === -1) return undefined;
  const head = data.subarray(0, headEnd).toString('latin1');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const match = /^HTTP\/(\d\.\d) (\d{3}) ?(.*)$/.exec(statusLine);
  if (!match) throw new Error(`not an HTTP status line: ${JSON.stringify(statusLine)}`);
  const rawHeaders: [string, string][] = [];
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`malformed response header line: ${JSON.stringify(line)}`);
    const name = line.slice(0, colon);
    const value = line.slice(colon + 1).trim();
    rawHeaders.push([name, value]);
    const key = name.toLowerCase();
    headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`;
  }
  const statusCode = Number(match[2]);
  const bodyStart = headEnd + 4;
  let body: Buffer;
  let consumed: number;
  const noBody = statusCode < 200 || statusCode === 204 || statusCode === 304;
  if (noBody) {
    body = Buffer.alloc(0);
    consumed = bodyStart;
  } else if (/\bchunked\b/i.test(headers['transfer-encoding'] ?? '')) {
    const decoded = decodeChunked(data, bodyStart);
    if (!decoded) return undefined;
    body = decoded.body;
    consumed = decoded.end;
  } else if (headers['content-length'] !== undefined) {
    const length = Number(headers['content-length']);
    if (data.length < bodyStart + length) return undefined;
    body = data.subarray(bodyStart, bodyStart + length);
    consumed = bodyStart + length;
  } else {
    if (!closed) return undefined;
    body = data.subarray(bodyStart);
    consumed = data.length;
  }
  const response: RawResponse = {
    httpVersion: match[1] ?? '',
    statusCode,
    statusText: match[3] ?? '',
    rawHeaders,
    headers,
    body: Buffer.from(body),
    text: body.toString('utf8'),
  };
  return { response, consumed };
}

function decodeChunked(data: Buffer, start: number): { body: Buffer; end: number } | undefined {
  const parts: Buffer[] = [];
  let at = start;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd === -1) return undefined;
    const size = parseInt(data.subarray(at, lineEnd).toString('latin1').split(';')[0] ?? '', 16);
    if (Number.isNaN(size)) throw new Error('malformed chunk size in response');
    at = lineEnd + 2;
    if (size === 0) {
      // Trailers (if any) end with an empty line.
      const end = data.indexOf('\r\n\r\n', at - 2);
      if (end === -1) return undefined;
      return { body: Buffer.concat(parts), end: end + 4 };
    }
    if (data.length < at + size + 2) return undefined;
    parts.push(data.subarray(at, at + size));
    at += size + 2;
  }
}

/** A raw client connection: write bytes, read parsed responses, observe the server closing. */
export class RawConnection {
  readonly socket: Socket;
  private buffer = Buffer.alloc(0);
  private readonly parsed: RawResponse[] = [];
  private delivered = 0;
  private ended = false;
  private socketError: Error | undefined = undefined;
  private waiters: (() => void)[] = [];

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.parseAvailable();
      this.wake();
    });
    socket.on('error', (error) => {
      this.socketError = error;
      this.wake();
    });
    socket.on('close', () => {
      this.ended = true;
      this.parseAvailable();
      this.wake();
    });
  }

  static async open(baseUrl: string): Promise<RawConnection> {
    const url = new URL(baseUrl);
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    socket.setNoDelay(true);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new RawConnection(socket);
  }

  /** True once the server closed (or reset) the connection. */
  get closed(): boolean {
    return this.ended;
  }

  /** The socket error seen, if any (e.g. ECONNRESET: the reply was not readable). */
  get error(): Error | undefined {
    return this.socketError;
  }

  /** Every byte received so far. */
  get received(): Buffer {
    return this.buffer;
  }

  /** Every complete response received so far. */
  get responses(): readonly RawResponse[] {
    return this.parsed;
  }

  /** Writes bytes; resolves when handed to the kernel, false when the socket is gone. */
  write(data: string | Buffer): Promise<boolean> {
    if (this.socket.destroyed || !this.socket.writable) return Promise.resolve(false);
    return new Promise((resolve) => {
      this.socket.write(data, (error) => resolve(error == null));
    });
  }

  /** The next response not yet returned by this method; rejects after `timeoutMs`. */
  async nextResponse(timeoutMs = 5_000): Promise<RawResponse> {
    await this.until(() => this.parsed.length > this.delivered || this.ended, timeoutMs);
    const response = this.parsed[this.delivered];
    if (!response) {
      throw new Error(
        `no complete response (closed=${this.ended}, error=${this.socketError?.message ?? 'none'}, ` +
          `received=${JSON.stringify(this.buffer.toString('latin1').slice(0, 300))})`,
      );
    }
    this.delivered++;
    return response;
  }

  /** Resolves true when the server closes the connection within `timeoutMs`, else false. */
  async waitClosed(timeoutMs = 3_000): Promise<boolean> {
    try {
      await this.until(() => this.ended, timeoutMs);
    } catch {
      return false;
    }
    return true;
  }

  destroy(): void {
    this.socket.destroy();
  }

  private parseAvailable(): void {
    for (;;) {
      const result = parseResponse(this.buffer, this.ended);
      if (!result) return;
      this.parsed.push(result.response);
      this.buffer = this.buffer.subarray(result.consumed);
      if (this.buffer.length === 0) return;
    }
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  private until(condition: () => boolean, timeoutMs: number): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      const check = (): void => {
        if (condition()) {
          clearTimeout(timer);
          resolve();
        } else {
          this.waiters.push(check);
        }
      };
      this.waiters.push(check);
    });
  }
}

export interface Exchange {
  /** Complete responses received, in order. */
  readonly responses: readonly RawResponse[];
  /** The first response (throws in the test if there was none). */
  readonly response: RawResponse;
  /** The server closed the connection within the wait. */
  readonly closed: boolean;
  /** Bytes received that did not form a complete response. */
  readonly leftover: string;
}

/**
 * Sends `data` on a fresh connection, then waits for the server to close it (up to `timeoutMs`)
 * and returns every response received. Use for requests the proxy must answer and then close.
 */
export async function exchangeUntilClose(
  baseUrl: string,
  data: string | Buffer,
  timeoutMs = 3_000,
): Promise<Exchange> {
  const connection = await RawConnection.open(baseUrl);
  try {
    await connection.write(data);
    const closed = await connection.waitClosed(timeoutMs);
    return exchangeOf(connection, closed);
  } finally {
    connection.destroy();
  }
}

/**
 * Sends `data` on a fresh connection and returns once `count` responses arrived (the connection
 * may stay open; `closed` then says whether it had closed by then).
 */
export async function exchange(
  baseUrl: string,
  data: string | Buffer,
  count = 1,
  timeoutMs = 5_000,
): Promise<Exchange> {
  const connection = await RawConnection.open(baseUrl);
  try {
    await connection.write(data);
    for (let i = 0; i < count; i++) await connection.nextResponse(timeoutMs);
    return exchangeOf(connection, connection.closed);
  } finally {
    connection.destroy();
  }
}

function exchangeOf(connection: RawConnection, closed: boolean): Exchange {
  const responses = [...connection.responses];
  return {
    responses,
    get response(): RawResponse {
      const first = responses[0];
      if (!first) {
        throw new Error(
          `no response received (closed=${closed}, error=${connection.error?.message ?? 'none'}, ` +
            `bytes=${JSON.stringify(connection.received.toString('latin1').slice(0, 300))})`,
        );
      }
      return first;
    },
    closed,
    leftover: connection.received.toString('latin1'),
  };
}

export interface RequestSpec {
  readonly method?: string;
  readonly target: string;
  readonly version?: string;
  /** Header lines in order; no Host is added when one is given here. */
  readonly headers?: readonly (readonly [string, string])[];
  /** Body bytes; Content-Length is added unless `headers` frame the body themselves. */
  readonly body?: string | Buffer;
}

/** Serialises a (well-formed) request: Host first unless given, Content-Length for a body. */
export function buildRequest(spec: RequestSpec): Buffer {
  const headers = [...(spec.headers ?? [])];
  const names = headers.map(([name]) => name.toLowerCase());
  if (!names.includes('host')) headers.unshift(['Host', 'proxy.test']);
  const body = spec.body === undefined ? undefined : Buffer.from(spec.body);
  if (
    body !== undefined &&
    !names.includes('content-length') &&
    !names.includes('transfer-encoding')
  ) {
    headers.push(['Content-Length', String(body.length)]);
  }
  const head =
    `${spec.method ?? 'POST'} ${spec.target} HTTP/${spec.version ?? '1.1'}\r\n` +
    headers.map(([name, value]) => `${name}: ${value}\r\n`).join('') +
    '\r\n';
  return body === undefined
    ? Buffer.from(head, 'latin1')
    : Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

/** A small valid OpenAI chat body (optionally carrying a canary in the prompt). */
export function chatBody(prompt = 'hello'): string {
  return JSON.stringify({
    model: 'mock-large',
    max_tokens: 16,
    messages: [{ role: 'user', content: prompt }],
  });
}

/** A complete, valid OpenAI chat request authenticated with `key` (one the proxy serves). */
export function chatRequest(
  key: string,
  prompt?: string,
  extraHeaders: readonly (readonly [string, string])[] = [],
): Buffer {
  return buildRequest({
    target: '/v1/chat/completions',
    headers: [
      ['Authorization', `Bearer ${key}`],
      ['Content-Type', 'application/json'],
      ...extraHeaders,
    ],
    body: chatBody(prompt),
  });
}

/** A small valid Anthropic messages body (optionally carrying a canary in the prompt). */
export function messagesBody(prompt = 'hello'): string {
  return JSON.stringify({
    model: 'mock-large',
    max_tokens: 16,
    messages: [{ role: 'user', content: prompt }],
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Waits until the decision log holds more than `before` records, lets stragglers arrive, and
 * returns the new ones. Tests assert `toHaveLength(1)` on it: one record per request.
 */
export async function newRecords(
  h: Harness,
  before: number,
  expected = 1,
  settleMs = 150,
): Promise<DecisionRecord[]> {
  await h.waitForRecords(before + expected);
  await sleep(settleMs);
  const all = await h.records();
  return all.slice(before);
}

export type DialectShape = 'openai' | 'anthropic';

/**
 * Asserts the body is the dialect's own error shape carrying `code`, and that the response has
 * exactly one x-request-id. Returns that request id.
 */
export function expectErrorShape(
  response: RawResponse,
  dialect: DialectShape,
  code: string,
): string {
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  const ids = headerValues(response, 'x-request-id');
  expect(ids).toHaveLength(1);
  const requestId = ids[0]!;
  expect(requestId).toMatch(/^req_[A-Za-z0-9_-]{13,}$/);
  const body = jsonBody(response) as Record<string, unknown>;
  if (dialect === 'openai') {
    expect(body).toEqual({
      error: {
        message: expect.any(String) as unknown,
        type: expect.any(String) as unknown,
        param: null,
        code,
      },
    });
  } else {
    expect(body).toMatchObject({
      type: 'error',
      error: { type: expect.any(String) as unknown, message: expect.any(String) as unknown, code },
    });
    expect(Object.keys(body).sort()).toEqual(
      'request_id' in body ? ['error', 'request_id', 'type'] : ['error', 'type'],
    );
    if ('request_id' in body) expect(body['request_id']).toBe(requestId);
  }
  return requestId;
}

export interface ExpectedRejection {
  readonly status: number;
  readonly code: string;
  readonly dialect: DialectShape;
  /** The record's `detail`, when the test pins it. */
  readonly detail?: string | RegExp;
  /** Rejected before authentication: the record names no account or key. */
  readonly anonymous?: boolean;
}

/**
 * Sends `data` on a fresh connection and asserts the full "reject and close" contract: exactly
 * one response with the expected status, code and dialect shape, the connection closed, exactly
 * one decision record (matching request id, status, code, outcome `rejected`), and no request
 * reached the upstream. Returns the record.
 */
export async function expectRejectedAndClosed(
  h: Harness,
  data: string | Buffer,
  expected: ExpectedRejection,
): Promise<DecisionRecord> {
  const recordsBefore = (await h.records()).length;
  const upstreamBefore = h.mock.requests.length;
  const result = await exchangeUntilClose(h.url, data);
  expect(result.responses.map((r) => r.statusCode)).toEqual([expected.status]);
  expect(result.closed).toBe(true);
  const requestId = expectErrorShape(result.response, expected.dialect, expected.code);
  const records = await newRecords(h, recordsBefore);
  expect(records).toHaveLength(1);
  const record = records[0]!;
  expect(record).toMatchObject({
    request_id: requestId,
    status: expected.status,
    error: expected.code,
    outcome: 'rejected',
    action: 'reject',
  });
  if (expected.anonymous === true) expect(record).toMatchObject({ account: null, key_id: null });
  if (expected.detail !== undefined) expect(record.detail).toMatch(expected.detail);
  expect(h.mock.requests.slice(upstreamBefore)).toEqual([]);
  return record;
}

/** Every header name the upstream received on one request, lower-cased. */
export function upstreamHeaderNames(rawHeaders: readonly string[]): string[] {
  return rawHeaders.filter((_, i) => i % 2 === 0).map((name) => name.toLowerCase());
}

/** Every value of one header the upstream received (case-insensitive name). */
export function upstreamHeaderValues(rawHeaders: readonly string[], name: string): string[] {
  const wanted = name.toLowerCase();
  const values: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2)
    if (rawHeaders[i]?.toLowerCase() === wanted) values.push(rawHeaders[i + 1] ?? '');
  return values;
}
