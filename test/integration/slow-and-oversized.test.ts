/**
 * The status contract's size, time and load rows (RELIABILITY.md: "header block too large → 431",
 * "slow or incomplete request → 408, then close", "proxy overloaded → 503 + Retry-After"; items 13
 * and 15). Raw sockets against the real proxy and the mock upstream as the oracle: each rejection
 * is one response in the dialect's shape, one decision record, and nothing reaches the upstream.
 * Timeouts are shortened in config so the tests are quick; no assertion is on elapsed time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.ts';
import { waitFor } from '../helpers/wait.ts';
import {
  chatBody,
  chatRequest,
  type DialectShape,
  exchange,
  expectErrorShape,
  expectRejectedAndClosed,
  headerValues,
  jsonBody,
  messagesBody,
  newRecords,
  RawConnection,
  sleep,
} from '../helpers/raw-http.ts';

function openaiHead(key: string, contentLength: number): string {
  return (
    `POST /v1/chat/completions HTTP/1.1\r\nHost: proxy.test\r\nAuthorization: Bearer ${key}\r\n` +
    `Content-Type: application/json\r\nContent-Length: ${contentLength}\r\n\r\n`
  );
}

function anthropicHead(key: string, contentLength: number): string {
  return (
    `POST /v1/messages HTTP/1.1\r\nHost: proxy.test\r\nx-api-key: ${key}\r\n` +
    `anthropic-version: 2023-06-01\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${contentLength}\r\n\r\n`
  );
}

/**
 * Writes `piece` every `everyMs` until the server closes the connection (a slowloris client),
 * giving up after `maxPieces`. Returns whether the server closed it.
 */
async function dribbleUntilClosed(
  connection: RawConnection,
  piece: string,
  everyMs: number,
  maxPieces: number,
): Promise<boolean> {
  for (let i = 0; i < maxPieces && !connection.closed; i++) {
    await connection.write(piece);
    await sleep(everyMs);
  }
  return connection.waitClosed(3_000);
}

async function served(h: Harness, key: string): Promise<number> {
  const result = await exchange(h.url, chatRequest(key, 'still served'));
  return result.response.statusCode;
}

/** The connection was closed after exactly one 408 in `dialect`'s shape; returns its request id. */
function expectTimedOut(connection: RawConnection, closed: boolean, dialect: DialectShape): string {
  expect(closed).toBe(true);
  expect(connection.responses.map((r) => r.statusCode)).toEqual([408]);
  return expectErrorShape(connection.responses[0]!, dialect, 'DG_ERR_REQUEST_TIMEOUT');
}

describe('oversized header block → 431', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ config: { limits: { max_header_bytes: '8KiB' } } });
  });
  afterAll(async () => {
    await h.close();
  });

  it('OpenAI route: 431 in the OpenAI shape, closed, one anonymous record, upstream untouched', async () => {
    const payload = chatBody();
    const record = await expectRejectedAndClosed(
      h,
      openaiHead(h.keys.alice, Buffer.byteLength(payload)).replace(
        '\r\n\r\n',
        `\r\nX-Padding: ${'a'.repeat(16_384)}\r\n\r\n`,
      ) + payload,
      { status: 431, code: 'DG_ERR_HEADERS_TOO_LARGE', dialect: 'openai', anonymous: true },
    );
    expect(record.detail).toBe('header_overflow');
  });

  it('Anthropic route: 431 in the Anthropic shape (many small headers add up too)', async () => {
    const payload = messagesBody();
    const many = Array.from({ length: 400 }, (_, i) => `X-H${i}: ${'b'.repeat(24)}\r\n`).join('');
    await expectRejectedAndClosed(
      h,
      anthropicHead(h.keys.alice, Buffer.byteLength(payload)).replace(
        '\r\n\r\n',
        `\r\n${many}\r\n`,
      ) + payload,
      { status: 431, code: 'DG_ERR_HEADERS_TOO_LARGE', dialect: 'anthropic', anonymous: true },
    );
  });

  it('a header block just under the cap is served', async () => {
    const result = await exchange(
      h.url,
      chatRequest(h.keys.alice, undefined, [['X-Padding', 'a'.repeat(6_000)]]),
    );
    expect(result.response.statusCode).toBe(200);
  });
});

describe('slow or incomplete requests → 408, then close', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      config: { limits: { headers_timeout: '1s', request_timeout: '2s' } },
    });
  });
  afterAll(async () => {
    await h.close();
  });

  it('a slowloris header block (one header line at a time, never finished) is cut with 408', async () => {
    const recordsBefore = (await h.records()).length;
    const upstreamBefore = h.mock.requests.length;
    const connection = await RawConnection.open(h.url);
    try {
      await connection.write(
        `POST /v1/chat/completions HTTP/1.1\r\nHost: proxy.test\r\n` +
          `Authorization: Bearer ${h.keys.alice}\r\n`,
      );
      const dribbling = dribbleUntilClosed(connection, 'X-Slow: x\r\n', 100, 100);
      // Normal traffic keeps being served while the slow client holds its connection.
      expect(await served(h, h.keys.bob)).toBe(200);
      expect(connection.closed).toBe(false);
      const closed = await dribbling;
      const requestId = expectTimedOut(connection, closed, 'openai');
      // The slow client's record, and the served request's.
      const records = await newRecords(h, recordsBefore, 2);
      expect(records).toHaveLength(2);
      const rejected = records.filter((r) => r.request_id === requestId);
      expect(rejected).toHaveLength(1);
      expect(rejected[0]).toMatchObject({
        status: 408,
        error: 'DG_ERR_REQUEST_TIMEOUT',
        outcome: 'rejected',
        account: null,
      });
      // Only the normal request reached the upstream.
      expect(h.mock.requests.slice(upstreamBefore)).toHaveLength(1);
    } finally {
      connection.destroy();
    }
  });

  it('a slowloris on the Anthropic route is cut with 408 too, with a request id and a record', async () => {
    // Known gap: the body is in the OpenAI shape here. Node's parser reads the socket in C++
    // (consume mode) and hands JS neither the raw packet nor the partial request line on a
    // header timeout, so the route, hence the dialect, is unknown. Only the code is pinned.
    const recordsBefore = (await h.records()).length;
    const connection = await RawConnection.open(h.url);
    try {
      await connection.write(
        `POST /v1/messages HTTP/1.1\r\nHost: proxy.test\r\nx-api-key: ${h.keys.alice}\r\n`,
      );
      expect(await dribbleUntilClosed(connection, 'X-Slow: y\r\n', 100, 100)).toBe(true);
      expect(connection.responses.map((r) => r.statusCode)).toEqual([408]);
      const response = connection.responses[0]!;
      const ids = headerValues(response, 'x-request-id');
      expect(ids).toHaveLength(1);
      expect(JSON.stringify(jsonBody(response))).toContain('"code":"DG_ERR_REQUEST_TIMEOUT"');
      const records = await newRecords(h, recordsBefore);
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({ request_id: ids[0], status: 408 });
    } finally {
      connection.destroy();
    }
  });

  it('a body that trickles past request_timeout is cut with 408 in the dialect shape; one record', async () => {
    const recordsBefore = (await h.records()).length;
    const upstreamBefore = h.mock.requests.length;
    const payload = messagesBody('x'.repeat(2_000));
    const connection = await RawConnection.open(h.url);
    try {
      await connection.write(anthropicHead(h.keys.alice, Buffer.byteLength(payload)));
      let offset = 0;
      const closed = await (async () => {
        // Ten bytes at a time: the whole body would take far longer than request_timeout.
        for (let i = 0; i < 150 && !connection.closed && offset < payload.length - 10; i++) {
          await connection.write(payload.slice(offset, offset + 10));
          offset += 10;
          await sleep(100);
        }
        return connection.waitClosed(3_000);
      })();
      expect(offset).toBeLessThan(payload.length - 10); // cut before the body was complete
      const requestId = expectTimedOut(connection, closed, 'anthropic');
      const records = await newRecords(h, recordsBefore, 1, 1_500);
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({
        request_id: requestId,
        status: 408,
        error: 'DG_ERR_REQUEST_TIMEOUT',
        account: 'acct_alice',
      });
      expect(h.mock.requests.slice(upstreamBefore)).toEqual([]);
    } finally {
      connection.destroy();
    }
  });
});

describe('proxy overloaded → 503 + Retry-After, before the upstream', () => {
  let h: Harness;
  const HOLD = 'hold-this-request-at-the-upstream';
  beforeAll(async () => {
    h = await startHarness({
      config: {
        limits: { max_concurrent_requests: 2, max_buffered_bytes: '64KiB', retry_after: '3s' },
      },
      mock: {
        fault: (request) => (request.body.includes(HOLD) ? { kind: 'hang' } : undefined),
      },
    });
  });
  afterAll(async () => {
    await h.close();
  });

  it('past max_concurrent_requests: 503 DG_ERR_OVERLOADED with Retry-After; served again once slots free', async () => {
    const upstreamBefore = h.mock.requests.length;
    const held = await Promise.all([RawConnection.open(h.url), RawConnection.open(h.url)]);
    try {
      const payload = chatBody(HOLD);
      for (const connection of held)
        await connection.write(openaiHead(h.keys.alice, Buffer.byteLength(payload)) + payload);
      // Both are in flight once the upstream has them (it never answers them).
      expect(await waitFor(() => h.mock.requests.length >= upstreamBefore + 2, 5_000)).toBe(true);

      const recordsBefore = (await h.records()).length;
      const anthropic = messagesBody();
      const result = await exchange(
        h.url,
        anthropicHead(h.keys.bob, Buffer.byteLength(anthropic)) + anthropic,
      );
      expect(result.response.statusCode).toBe(503);
      expect(headerValues(result.response, 'retry-after')).toEqual(['3']);
      const requestId = expectErrorShape(result.response, 'anthropic', 'DG_ERR_OVERLOADED');
      const records = await newRecords(h, recordsBefore);
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({
        request_id: requestId,
        status: 503,
        error: 'DG_ERR_OVERLOADED',
      });
      expect(h.mock.requests.length).toBe(upstreamBefore + 2);
    } finally {
      for (const connection of held) connection.destroy();
    }
    // The held clients left: their slots come back (each is recorded as it ends).
    const freed = await waitFor(() => h.mock.aborted() >= 2, 5_000);
    expect(freed).toBe(true);
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = await served(h, h.keys.bob);
      if (status !== 200) await sleep(20);
    }
    expect(status).toBe(200);
  });

  it('past max_buffered_bytes: 503 with Retry-After while the budget is held; freed after', async () => {
    const upstreamBefore = h.mock.requests.length;
    // One request declares 60 KiB and sends half: its reservation holds most of the 64 KiB budget.
    const big = JSON.stringify({
      model: 'mock-large',
      max_tokens: 16,
      messages: [{ role: 'user', content: 'z'.repeat(60_000) }],
    });
    const holder = await RawConnection.open(h.url);
    try {
      await holder.write(openaiHead(h.keys.alice, Buffer.byteLength(big)) + big.slice(0, 30_000));
      // Until the holder's headers are processed the second may still fit: retry until refused.
      // Each attempt carries its own marker, so the refused one can be looked for upstream.
      const attempt = async (i: number) => {
        const second = chatBody(`refused-${i}-${'y'.repeat(8_000)}`);
        return exchange(h.url, openaiHead(h.keys.bob, Buffer.byteLength(second)) + second);
      };
      let i = 0;
      let result = await attempt(i);
      while (result.response.statusCode === 200 && i < 50) {
        await sleep(20);
        result = await attempt(++i);
      }
      expect(result.response.statusCode).toBe(503);
      expect(headerValues(result.response, 'retry-after')).toEqual(['3']);
      expectErrorShape(result.response, 'openai', 'DG_ERR_OVERLOADED');

      // The holder finishes its body: it is served, and its reservation is released.
      await holder.write(big.slice(30_000));
      const response = await holder.nextResponse();
      expect(response.statusCode).toBe(200);
      expect(await served(h, h.keys.bob)).toBe(200);
      const forwarded = h.mock.requests.slice(upstreamBefore).map((r) => r.body.toString());
      expect(forwarded).toContain(big);
      expect(forwarded.filter((body) => body.includes(`refused-${i}-`))).toEqual([]);
    } finally {
      holder.destroy();
    }
  });
});
