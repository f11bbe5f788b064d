/**
 * Everything bounded (RELIABILITY.md items 13–14, issue 2 item 4): header block size (431),
 * slow headers and slow bodies (408, then close, while other traffic is served), body caps (413,
 * decided on Content-Length before reading, chunked bodies cut at the cap, readable by a client
 * still sending), unknown routes (404), wrong methods (405), the concurrency limit (503 +
 * Retry-After), and deeply nested or huge JSON. Every case yields exactly one decision record and
 * the log never holds a key or prompt text.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockFault, RecordedRequest } from '../../src/mock-upstream/mock-upstream.ts';
import { canary, startHarness, type Harness } from '../helpers/harness.ts';
import {
  buildRequest,
  chatBody,
  exchange,
  expectErrorShape,
  expectRejectedAndClosed,
  headerValues,
  messagesBody,
  newRecords,
  RawConnection,
  sleep,
  upstreamHeaderValues,
} from '../helpers/raw-http.ts';

const MAX_BODY = 256 * 1024;
/** Prompt canaries: forwarded upstream, never in the decision log. */
const prompts: string[] = [];
function prompt(): string {
  const value = canary();
  prompts.push(value);
  return value;
}

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(10);
  }
}

async function expectLogClean(h: Harness): Promise<void> {
  await h.records();
  const text = await readFile(h.decisionLogFile, 'utf8');
  expect(text.length).toBeGreaterThan(0);
  for (const key of Object.values(h.keys)) expect(text).not.toContain(key);
  for (const value of prompts) expect(text).not.toContain(value);
}

describe('limits', () => {
  let h: Harness;
  let key: string;

  beforeAll(async () => {
    h = await startHarness({
      config: {
        limits: {
          max_body_bytes: '256KiB',
          max_header_bytes: '8KiB',
          headers_timeout: '1s',
          request_timeout: '2s',
        },
      },
    });
    key = h.keys.alice;
  });
  afterAll(async () => {
    await h.close();
  });

  function chatRequest(body: string | Buffer, extra: [string, string][] = []): Buffer {
    return buildRequest({
      target: '/v1/chat/completions',
      headers: [['Authorization', `Bearer ${key}`], ['Content-Type', 'application/json'], ...extra],
      body,
    });
  }

  describe('header block', () => {
    it('one oversized header → 431 and close, one record', async () => {
      await expectRejectedAndClosed(h, chatRequest(chatBody(), [['X-Big', 'a'.repeat(16_000)]]), {
        status: 431,
        code: 'DG_ERR_HEADERS_TOO_LARGE',
        dialect: 'openai',
        anonymous: true,
      });
    });

    it('many small headers over the limit → 431 on the Anthropic route in its shape', async () => {
      const many = Array.from({ length: 400 }, (_, i): [string, string] => [
        `X-Filler-${i}`,
        'x'.repeat(24),
      ]);
      await expectRejectedAndClosed(
        h,
        buildRequest({
          target: '/v1/messages',
          headers: [['x-api-key', key], ['anthropic-version', '2023-06-01'], ...many],
          body: messagesBody(),
        }),
        { status: 431, code: 'DG_ERR_HEADERS_TOO_LARGE', dialect: 'anthropic', anonymous: true },
      );
    });

    it('a header block just under the limit is served', async () => {
      const result = await exchange(h.url, chatRequest(chatBody(), [['X-Big', 'a'.repeat(6_000)]]));
      expect(result.response.statusCode).toBe(200);
    });
  });

  describe('slow requests', () => {
    it('slowloris: incomplete header blocks get 408 and close; normal traffic is served meanwhile', async () => {
      const recordsBefore = (await h.records()).length;
      const upstreamBefore = h.mock.requests.length;
      const slow = await Promise.all(Array.from({ length: 8 }, () => RawConnection.open(h.url)));
      for (const connection of slow)
        await connection.write('POST /v1/chat/completions HTTP/1.1\r\nHost: proxy.test\r\n');
      // Keep every connection "alive" by trickling a header line now and then.
      const state = { trickling: true };
      const trickle = (async () => {
        for (let i = 0; state.trickling; i++) {
          await sleep(150);
          for (const connection of slow)
            if (!connection.closed && connection.responses.length === 0)
              void connection.write(`X-Slow-${i}: 1\r\n`);
        }
      })();
      try {
        await sleep(300);
        const normal = await exchange(h.url, chatRequest(chatBody(prompt())));
        expect(normal.response.statusCode).toBe(200);
        // headers_timeout is 1 s; 408 must arrive well within a generous bound.
        const responses = await Promise.all(slow.map((c) => c.nextResponse(10_000)));
        const ids: string[] = [];
        for (const response of responses) {
          expect(response.statusCode).toBe(408);
          ids.push(expectErrorShape(response, 'openai', 'DG_ERR_REQUEST_TIMEOUT'));
        }
        for (const connection of slow) expect(await connection.waitClosed(3_000)).toBe(true);
        const records = await newRecords(h, recordsBefore, slow.length + 1);
        expect(records).toHaveLength(slow.length + 1);
        for (const id of ids) {
          expect(records.find((r) => r.request_id === id)).toMatchObject({
            status: 408,
            error: 'DG_ERR_REQUEST_TIMEOUT',
            outcome: 'rejected',
          });
        }
        expect(h.mock.requests.slice(upstreamBefore)).toHaveLength(1);
      } finally {
        state.trickling = false;
        await trickle;
        for (const connection of slow) connection.destroy();
      }
    });

    it('a header block that never completes (no trickle) also gets 408 and close', async () => {
      const recordsBefore = (await h.records()).length;
      const connection = await RawConnection.open(h.url);
      try {
        await connection.write('GET /v1/models HTTP/1.1\r\nHost: proxy.test\r\nAuthoriz');
        const response = await connection.nextResponse(10_000);
        expect(response.statusCode).toBe(408);
        const id = expectErrorShape(response, 'openai', 'DG_ERR_REQUEST_TIMEOUT');
        expect(await connection.waitClosed(3_000)).toBe(true);
        const records = await newRecords(h, recordsBefore);
        expect(records).toHaveLength(1);
        expect(records[0]).toMatchObject({ request_id: id, status: 408 });
      } finally {
        connection.destroy();
      }
    });

    it('a client that goes away mid-body yields one record, marked client_aborted', async () => {
      const recordsBefore = (await h.records()).length;
      const upstreamBefore = h.mock.requests.length;
      const connection = await RawConnection.open(h.url);
      await connection.write(
        'POST /v1/chat/completions HTTP/1.1\r\nHost: proxy.test\r\n' +
          `Authorization: Bearer ${key}\r\nContent-Length: 1000\r\n\r\n{"model":"mock-large",`,
      );
      await sleep(100);
      connection.destroy();
      const records = await newRecords(h, recordsBefore, 1, 300);
      expect(records).toHaveLength(1);
      // Nobody received a response: not a 400 the client never saw.
      expect(records[0]).toMatchObject({ outcome: 'client_aborted', status: 499 });
      expect(h.mock.requests.slice(upstreamBefore)).toEqual([]);
    });

    it('a client that closes after an early 401, body unsent, yields one record', async () => {
      const recordsBefore = (await h.records()).length;
      const connection = await RawConnection.open(h.url);
      try {
        await connection.write(
          'POST /v1/chat/completions HTTP/1.1\r\nHost: proxy.test\r\n' +
            'Content-Length: 1000\r\n\r\n{"model":',
        );
        const response = await connection.nextResponse();
        expect(response.statusCode).toBe(401);
        connection.socket.end();
        await sleep(300);
        const records = (await h.records()).slice(recordsBefore);
        expect(records.map((r) => `${r.status} ${r.error ?? ''}`)).toEqual([
          '401 DG_ERR_UNAUTHENTICATED',
        ]);
      } finally {
        connection.destroy();
      }
    });

    /** Sends complete headers, then trickles the body until the proxy answers. */
    async function slowBody(head: string, body: string): Promise<void> {
      const recordsBefore = (await h.records()).length;
      const upstreamBefore = h.mock.requests.length;
      const connection = await RawConnection.open(h.url);
      try {
        await connection.write(head);
        const trickle = (async () => {
          for (const char of body) {
            if (connection.closed || connection.responses.length > 0) return;
            await connection.write(char);
            await sleep(100);
          }
        })();
        // request_timeout is 2 s; the whole body would take far longer.
        const response = await connection.nextResponse(10_000);
        await trickle;
        expect(response.statusCode).toBe(408);
        const dialect = head.includes('/v1/messages') ? 'anthropic' : 'openai';
        const id = expectErrorShape(response, dialect, 'DG_ERR_REQUEST_TIMEOUT');
        expect(await connection.waitClosed(3_000)).toBe(true);
        const records = await newRecords(h, recordsBefore);
        expect(records).toHaveLength(1);
        expect(records[0]).toMatchObject({
          request_id: id,
          status: 408,
          error: 'DG_ERR_REQUEST_TIMEOUT',
          outcome: 'rejected',
          account: 'acct_alice',
        });
        // No complete request reached the upstream.
        expect(h.mock.requests.slice(upstreamBefore)).toEqual([]);
      } finally {
        connection.destroy();
      }
    }

    it('slow body on an inference route → 408 with a record', async () => {
      const body = chatBody(prompt());
      await slowBody(
        'POST /v1/chat/completions HTTP/1.1\r\nHost: proxy.test\r\n' +
          `Authorization: Bearer ${key}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`,
        body,
      );
    });

    it('slow chunked body on the Anthropic route → 408 in the Anthropic shape', async () => {
      const body = messagesBody(prompt());
      await slowBody(
        'POST /v1/messages HTTP/1.1\r\nHost: proxy.test\r\n' +
          `x-api-key: ${key}\r\nanthropic-version: 2023-06-01\r\n` +
          'Transfer-Encoding: chunked\r\n\r\n',
        `${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n0\r\n\r\n`,
      );
    });

    it('slow body on a pass-through route (streamed upstream) → 408 with a record', async () => {
      const body = `file bytes ${'x'.repeat(200)}`;
      await slowBody(
        'POST /v1/files/upload HTTP/1.1\r\nHost: proxy.test\r\n' +
          `Authorization: Bearer ${key}\r\nContent-Length: ${body.length}\r\n\r\n`,
        body,
      );
    });
  });

  describe('body caps', () => {
    it('Content-Length over the cap → 413 before the body is read, upstream not called', async () => {
      const recordsBefore = (await h.records()).length;
      const upstreamBefore = h.mock.requests.length;
      const connection = await RawConnection.open(h.url);
      try {
        // Headers only: the answer must not wait for a body.
        await connection.write(
          'POST /v1/chat/completions HTTP/1.1\r\nHost: proxy.test\r\n' +
            `Authorization: Bearer ${key}\r\nContent-Length: ${MAX_BODY + 1}\r\n\r\n`,
        );
        const response = await connection.nextResponse(5_000);
        expect(response.statusCode).toBe(413);
        const id = expectErrorShape(response, 'openai', 'DG_ERR_BODY_TOO_LARGE');
        expect(headerValues(response, 'x-should-retry')).toEqual(['false']);
        const records = await newRecords(h, recordsBefore);
        expect(records).toHaveLength(1);
        expect(records[0]).toMatchObject({
          request_id: id,
          status: 413,
          error: 'DG_ERR_BODY_TOO_LARGE',
          detail: 'declared_length',
          outcome: 'rejected',
        });
        expect(h.mock.requests.slice(upstreamBefore)).toEqual([]);
        // The client, told 413, gives up on the body it never sent: still one record.
        connection.destroy();
        await sleep(300);
        expect((await h.records()).slice(recordsBefore).map((r) => r.error)).toEqual([
          'DG_ERR_BODY_TOO_LARGE',
        ]);
      } finally {
        connection.destroy();
      }
    });

    it('an absurd Content-Length (1 TB) → 413 and close', async () => {
      await expectRejectedAndClosed(
        h,
        'POST /v1/messages HTTP/1.1\r\nHost: proxy.test\r\n' +
          `x-api-key: ${key}\r\nanthropic-version: 2023-06-01\r\n` +
          'Content-Length: 1000000000000\r\n\r\n{"model":',
        {
          status: 413,
          code: 'DG_ERR_BODY_TOO_LARGE',
          dialect: 'anthropic',
          detail: 'declared_length',
        },
      );
    });

    it('Content-Length over the cap on a pass-through route → 413, upstream not called', async () => {
      const recordsBefore = (await h.records()).length;
      const upstreamBefore = h.mock.requests.length;
      const connection = await RawConnection.open(h.url);
      try {
        await connection.write(
          'POST /v1/files/upload HTTP/1.1\r\nHost: proxy.test\r\n' +
            `Authorization: Bearer ${key}\r\nContent-Length: ${MAX_BODY * 2}\r\n\r\n`,
        );
        const response = await connection.nextResponse(5_000);
        expect(response.statusCode).toBe(413);
        expectErrorShape(response, 'openai', 'DG_ERR_BODY_TOO_LARGE');
        expect(await newRecords(h, recordsBefore)).toHaveLength(1);
        await sleep(100);
        expect(h.mock.requests.slice(upstreamBefore)).toEqual([]);
        connection.destroy();
        await sleep(300);
        expect((await h.records()).slice(recordsBefore).map((r) => r.error)).toEqual([
          'DG_ERR_BODY_TOO_LARGE',
        ]);
      } finally {
        connection.destroy();
      }
    });

    /** Writes the head, then `total` body bytes in pieces (chunked when asked), reading replies. */
    async function sendLargeBody(
      head: string,
      total: number,
      chunked: boolean,
    ): Promise<RawConnection> {
      const connection = await RawConnection.open(h.url);
      await connection.write(head);
      const piece = Buffer.alloc(16 * 1024, 'a');
      for (let sent = 0; sent < total; sent += piece.length) {
        const data = chunked
          ? Buffer.concat([
              Buffer.from(`${piece.length.toString(16)}\r\n`),
              piece,
              Buffer.from('\r\n'),
            ])
          : piece;
        if (!(await connection.write(data))) break;
      }
      if (chunked) await connection.write('0\r\n\r\n');
      return connection;
    }

    it('a chunked body growing past the cap → 413 (inference route), upstream not called', async () => {
      const recordsBefore = (await h.records()).length;
      const upstreamBefore = h.mock.requests.length;
      const connection = await sendLargeBody(
        'POST /v1/chat/completions HTTP/1.1\r\nHost: proxy.test\r\n' +
          `Authorization: Bearer ${key}\r\nTransfer-Encoding: chunked\r\n\r\n`,
        MAX_BODY + 64 * 1024,
        true,
      );
      try {
        const response = await connection.nextResponse(5_000);
        expect(response.statusCode).toBe(413);
        const id = expectErrorShape(response, 'openai', 'DG_ERR_BODY_TOO_LARGE');
        expect(connection.error).toBeUndefined();
        const records = await newRecords(h, recordsBefore);
        expect(records).toHaveLength(1);
        expect(records[0]).toMatchObject({ request_id: id, status: 413, detail: 'body_length' });
        expect(h.mock.requests.slice(upstreamBefore)).toEqual([]);
      } finally {
        connection.destroy();
      }
    });

    it('a chunked body growing past the cap on a pass-through route → 413, cut at the cap', async () => {
      const recordsBefore = (await h.records()).length;
      const upstreamBefore = h.mock.requests.length;
      const connection = await sendLargeBody(
        'POST /v1/files/upload HTTP/1.1\r\nHost: proxy.test\r\n' +
          `Authorization: Bearer ${key}\r\nTransfer-Encoding: chunked\r\n\r\n`,
        MAX_BODY + 64 * 1024,
        true,
      );
      try {
        const response = await connection.nextResponse(5_000);
        expect(response.statusCode).toBe(413);
        const id = expectErrorShape(response, 'openai', 'DG_ERR_BODY_TOO_LARGE');
        const records = await newRecords(h, recordsBefore);
        expect(records).toHaveLength(1);
        expect(records[0]).toMatchObject({ request_id: id, status: 413 });
        // The upstream never received the request as complete (the mock records only those).
        expect(h.mock.requests.slice(upstreamBefore)).toEqual([]);
      } finally {
        connection.destroy();
      }
    });

    it('a 413 is readable by a client still sending a moderately oversized body (no reset)', async () => {
      const recordsBefore = (await h.records()).length;
      const total = MAX_BODY * 2;
      const connection = await sendLargeBody(
        'POST /v1/chat/completions HTTP/1.1\r\nHost: proxy.test\r\n' +
          `Authorization: Bearer ${key}\r\nContent-Length: ${total}\r\n\r\n`,
        total,
        false,
      );
      try {
        const response = await connection.nextResponse(5_000);
        expect(response.statusCode).toBe(413);
        expectErrorShape(response, 'openai', 'DG_ERR_BODY_TOO_LARGE');
        expect(connection.error).toBeUndefined();
        expect(await newRecords(h, recordsBefore)).toHaveLength(1);
      } finally {
        connection.destroy();
      }
    });

    it('a body just under the cap is forwarded intact', async () => {
      const text = prompt();
      const padding = 'p'.repeat(MAX_BODY - 1_024);
      const body = chatBody(`${text} ${padding}`);
      expect(Buffer.byteLength(body)).toBeLessThan(MAX_BODY);
      const upstreamBefore = h.mock.requests.length;
      const result = await exchange(h.url, chatRequest(body));
      expect(result.response.statusCode).toBe(200);
      const seen = h.mock.requests.slice(upstreamBefore);
      expect(seen).toHaveLength(1);
      expect(seen[0]!.body.toString('utf8')).toBe(body);
      expect(upstreamHeaderValues(seen[0]!.rawHeaders, 'content-length')).toEqual([
        String(Buffer.byteLength(body)),
      ]);
    });
  });

  describe('routes and methods', () => {
    const unknown: [string, string][] = [
      ['GET', '/v1/unknown'],
      ['POST', '/v2/chat/completions'],
      ['POST', '/v1/chat/completions/'],
      ['POST', '/V1/chat/completions'],
      ['GET', '/v1/files'],
      ['GET', '/'],
    ];
    for (const [method, target] of unknown) {
      it(`${method} ${target} → 404 with one record`, async () => {
        const recordsBefore = (await h.records()).length;
        const upstreamBefore = h.mock.requests.length;
        const result = await exchange(
          h.url,
          buildRequest({
            method,
            target,
            headers: [['Authorization', `Bearer ${key}`]],
            ...(method === 'POST' ? { body: chatBody() } : {}),
          }),
        );
        expect(result.response.statusCode).toBe(404);
        const id = expectErrorShape(result.response, 'openai', 'DG_ERR_ROUTE_NOT_FOUND');
        const records = await newRecords(h, recordsBefore);
        expect(records).toHaveLength(1);
        expect(records[0]).toMatchObject({
          request_id: id,
          status: 404,
          route: null,
          error: 'DG_ERR_ROUTE_NOT_FOUND',
          outcome: 'rejected',
        });
        expect(h.mock.requests.slice(upstreamBefore)).toEqual([]);
      });
    }

    const wrongMethods: [string, string, 'openai' | 'anthropic'][] = [
      ['GET', '/v1/chat/completions', 'openai'],
      ['PUT', '/v1/responses', 'openai'],
      ['DELETE', '/v1/models', 'openai'],
      ['GET', '/v1/messages', 'anthropic'],
    ];
    for (const [method, target, dialect] of wrongMethods) {
      it(`${method} ${target} → 405 in the ${dialect} shape with one record`, async () => {
        const recordsBefore = (await h.records()).length;
        const upstreamBefore = h.mock.requests.length;
        const result = await exchange(
          h.url,
          buildRequest({
            method,
            target,
            headers: [
              ['Authorization', `Bearer ${key}`],
              ...(dialect === 'anthropic'
                ? ([['anthropic-version', '2023-06-01']] as [string, string][])
                : []),
            ],
          }),
        );
        expect(result.response.statusCode).toBe(405);
        const id = expectErrorShape(result.response, dialect, 'DG_ERR_METHOD_NOT_ALLOWED');
        const records = await newRecords(h, recordsBefore);
        expect(records).toHaveLength(1);
        expect(records[0]).toMatchObject({
          request_id: id,
          status: 405,
          error: 'DG_ERR_METHOD_NOT_ALLOWED',
          outcome: 'rejected',
        });
        expect(h.mock.requests.slice(upstreamBefore)).toEqual([]);
      });
    }
  });

  describe('hostile JSON', () => {
    async function expectStatus(body: string, status: number, code?: string): Promise<void> {
      const recordsBefore = (await h.records()).length;
      const result = await exchange(h.url, chatRequest(body), 1, 10_000);
      expect(result.response.statusCode).toBe(status);
      if (code !== undefined) expectErrorShape(result.response, 'openai', code);
      const records = await newRecords(h, recordsBefore);
      expect(records).toHaveLength(1);
      expect(records[0]!.status).toBe(status);
    }

    it('100k unclosed "[" → 400 invalid JSON, no crash', async () => {
      await expectStatus('['.repeat(100_000), 400, 'DG_ERR_INVALID_JSON');
    });

    it('100k nested arrays (valid JSON, not an object) → 400 invalid body', async () => {
      await expectStatus('['.repeat(100_000) + ']'.repeat(100_000), 400, 'DG_ERR_INVALID_BODY');
    });

    it('40k unclosed objects → 400 invalid JSON', async () => {
      await expectStatus('{"a":'.repeat(40_000), 400, 'DG_ERR_INVALID_JSON');
    });

    it('a valid request with a 30k-deep nested field is forwarded intact', async () => {
      const depth = 30_000;
      const nested = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
      const body = `{"model":"mock-large","max_tokens":16,"messages":[{"role":"user","content":"${prompt()}"}],"metadata":${nested}}`;
      expect(Buffer.byteLength(body)).toBeLessThan(MAX_BODY);
      const upstreamBefore = h.mock.requests.length;
      await expectStatus(body, 200);
      expect(h.mock.requests.slice(upstreamBefore)[0]?.body.toString('utf8')).toBe(body);
    });

    it('5,000 messages are counted and forwarded', async () => {
      const messages = Array.from({ length: 5_000 }, () => ({ role: 'user', content: 'x' }));
      const body = JSON.stringify({ model: 'mock-large', max_tokens: 16, messages });
      expect(Buffer.byteLength(body)).toBeLessThan(MAX_BODY);
      const recordsBefore = (await h.records()).length;
      const result = await exchange(h.url, chatRequest(body), 1, 10_000);
      expect(result.response.statusCode).toBe(200);
      const records = await newRecords(h, recordsBefore);
      expect(records[0]).toMatchObject({ status: 200, messages: 5_000 });
    });

    it('a 100k-character model name is capped in the record', async () => {
      const model = `m${'x'.repeat(100_000)}`;
      const body = JSON.stringify({ model, max_tokens: 16, messages: [] });
      const recordsBefore = (await h.records()).length;
      const result = await exchange(h.url, chatRequest(body), 1, 10_000);
      expect(result.response.statusCode).toBe(200);
      const records = await newRecords(h, recordsBefore);
      expect(records[0]!.model!.length).toBeLessThanOrEqual(129);
    });

    it('__proto__ and constructor keys are plain data', async () => {
      await expectStatus(
        '{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}},' +
          '"model":"mock-large","messages":[{"role":"user","content":"hi"}]}',
        200,
      );
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    });

    it('the proxy still serves normally afterwards', async () => {
      const result = await exchange(h.url, chatRequest(chatBody()));
      expect(result.response.statusCode).toBe(200);
    });
  });

  it('the decision log holds no key and no prompt text', async () => {
    await expectLogClean(h);
  });
});

describe('max_concurrent_requests', () => {
  const SCENARIO = 'x-mock-scenario';
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({
      config: { limits: { max_concurrent_requests: 2, retry_after: '3s' } },
      mock: {
        fault: (request: RecordedRequest): MockFault | undefined =>
          upstreamHeaderValues(request.rawHeaders, SCENARIO)[0] === 'hang'
            ? { kind: 'hang' }
            : undefined,
      },
    });
  });
  afterAll(async () => {
    await h.close();
  });

  it('over the limit → 503 + Retry-After, no upstream call; capacity returns when requests end', async () => {
    const key = h.keys.alice;
    const hanging = await Promise.all([0, 1].map(() => RawConnection.open(h.url)));
    try {
      for (const connection of hanging) {
        await connection.write(
          buildRequest({
            target: '/v1/chat/completions',
            headers: [
              ['Authorization', `Bearer ${key}`],
              [SCENARIO, 'hang'],
            ],
            body: chatBody(prompt()),
          }),
        );
      }
      await waitFor(() => h.mock.requests.length === 2);

      const recordsBefore = (await h.records()).length;
      const openai = await exchange(
        h.url,
        buildRequest({
          target: '/v1/chat/completions',
          headers: [['Authorization', `Bearer ${key}`]],
          body: chatBody(prompt()),
        }),
      );
      expect(openai.response.statusCode).toBe(503);
      expectErrorShape(openai.response, 'openai', 'DG_ERR_OVERLOADED');
      expect(headerValues(openai.response, 'retry-after')).toEqual(['3']);
      const records = await newRecords(h, recordsBefore);
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({
        status: 503,
        error: 'DG_ERR_OVERLOADED',
        outcome: 'rejected',
      });
      expect(h.mock.requests).toHaveLength(2);
    } finally {
      for (const connection of hanging) connection.destroy();
    }
    // The clients went away: both records written (499), both upstream requests aborted.
    await waitFor(() => h.mock.aborted() === 2);
    const after = await h.waitForRecords(3);
    expect(after.filter((r) => r.status === 499)).toHaveLength(2);

    const served = await exchange(
      h.url,
      buildRequest({
        target: '/v1/chat/completions',
        headers: [['Authorization', `Bearer ${key}`]],
        body: chatBody(),
      }),
    );
    expect(served.response.statusCode).toBe(200);
  });

  it('a 503 on the Anthropic route is in the Anthropic shape', async () => {
    const key = h.keys.alice;
    const hanging = await Promise.all([0, 1].map(() => RawConnection.open(h.url)));
    const upstreamBefore = h.mock.requests.length;
    try {
      for (const connection of hanging) {
        await connection.write(
          buildRequest({
            target: '/v1/messages',
            headers: [
              ['x-api-key', key],
              ['anthropic-version', '2023-06-01'],
              [SCENARIO, 'hang'],
            ],
            body: messagesBody(),
          }),
        );
      }
      await waitFor(() => h.mock.requests.length === upstreamBefore + 2);
      const result = await exchange(
        h.url,
        buildRequest({
          target: '/v1/messages',
          headers: [
            ['x-api-key', key],
            ['anthropic-version', '2023-06-01'],
          ],
          body: messagesBody(),
        }),
      );
      expect(result.response.statusCode).toBe(503);
      expect(headerValues(result.response, 'retry-after')).toEqual(['3']);
      expectErrorShape(result.response, 'anthropic', 'DG_ERR_OVERLOADED');
    } finally {
      for (const connection of hanging) connection.destroy();
    }
  });

  it('the decision log holds no key and no prompt text', async () => {
    await expectLogClean(h);
  });
});

describe('event-loop overload shedding', () => {
  it('answers 503 + Retry-After while the event loop is overloaded, and serves again after', async () => {
    const { startHarness } = await import('../helpers/harness.ts');
    const h = await startHarness({
      config: { limits: { max_event_loop_delay: '40ms', retry_after: '2s' } },
    });
    const send = () =>
      fetch(`${h.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${h.keys.alice}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'mock-large', messages: [{ role: 'user', content: 'hi' }] }),
      });
    try {
      expect((await send()).status).toBe(200);
      let shed: Response | undefined;
      for (let i = 0; i < 10 && !shed; i++) {
        const end = Date.now() + 200;
        while (Date.now() < end) {
          // block the proxy's event loop (it runs in this process)
        }
        await new Promise((resolve) => setTimeout(resolve, 600));
        const res = await send();
        if (res.status === 503) shed = res;
        else await res.arrayBuffer();
      }
      expect(shed?.status).toBe(503);
      expect(shed?.headers.get('retry-after')).toBe('2');
      expect(await shed?.json()).toMatchObject({ error: { code: 'DG_ERR_OVERLOADED' } });
      await expect
        .poll(async () => (await send()).status, { timeout: 10_000, interval: 200 })
        .toBe(200);
      const records = await h.records();
      expect(
        records.some((r) => r.error === 'DG_ERR_OVERLOADED' && r.detail === 'event_loop_delay'),
      ).toBe(true);
    } finally {
      await h.close();
    }
  });
});
