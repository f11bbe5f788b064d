/**
 * HTTP framing and request smuggling (RELIABILITY.md "tests that matter most" item 1, issue 2
 * "Bad input"). Hand-crafted bytes go over raw sockets; the mock upstream is the oracle: a
 * smuggling-class request is answered 400 in the dialect's shape and the connection is closed,
 * and the upstream never sees it, nor the second request hidden behind it. Every case yields
 * exactly one decision record.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canary, startHarness, type Harness } from '../helpers/harness.ts';
import {
  buildRequest,
  chatBody,
  chatRequest,
  exchange,
  exchangeUntilClose,
  expectErrorShape,
  expectRejectedAndClosed,
  messagesBody,
  newRecords,
  type DialectShape,
} from '../helpers/raw-http.ts';

/** A request hidden behind a smuggling vector; the upstream must never receive it. */
const SMUGGLED_PATH = '/v1/files/smuggled';

describe('framing and request smuggling', () => {
  let h: Harness;
  let key: string;
  /** A prompt canary that must never reach the decision log. */
  const prompt = canary();

  beforeAll(async () => {
    h = await startHarness();
    key = h.keys.alice;
    await warmUpstreamPool();
  });
  afterAll(async () => {
    await h.close();
  });

  /** Leaves an idle upstream connection, so a request that slips through is forwarded at once. */
  async function warmUpstreamPool(): Promise<void> {
    const warm = await exchange(
      h.url,
      buildRequest({
        method: 'GET',
        target: '/v1/models',
        headers: [['Authorization', `Bearer ${key}`]],
      }),
    );
    expect(warm.response.statusCode).toBe(200);
  }

  /** A valid request the upstream would record if it were ever parsed as a request. */
  function smuggled(): string {
    return (
      `GET ${SMUGGLED_PATH} HTTP/1.1\r\nHost: proxy.test\r\n` +
      `Authorization: Bearer ${key}\r\n\r\n`
    );
  }

  /** Chunk-encodes `data` as one chunk plus the terminator. */
  function chunk(data: string): string {
    return `${Buffer.byteLength(data).toString(16)}\r\n${data}\r\n0\r\n\r\n`;
  }

  function head(route: 'openai' | 'anthropic', version = '1.1'): string {
    return route === 'openai'
      ? `POST /v1/chat/completions HTTP/${version}\r\nHost: proxy.test\r\n` +
          `Authorization: Bearer ${key}\r\nContent-Type: application/json\r\n`
      : `POST /v1/messages HTTP/${version}\r\nHost: proxy.test\r\nx-api-key: ${key}\r\n` +
          `anthropic-version: 2023-06-01\r\nContent-Type: application/json\r\n`;
  }

  function body(route: 'openai' | 'anthropic'): string {
    return route === 'openai' ? chatBody(prompt) : messagesBody(prompt);
  }

  interface Vector {
    readonly name: string;
    readonly build: () => string;
    readonly status?: number;
    readonly code?: string;
    readonly dialect?: DialectShape;
    readonly detail?: string | RegExp;
  }

  /** Vectors Node's parser refuses: 400, DG_ERR_BAD_FRAMING, closed, one record. */
  const parserVectors: Vector[] = [
    {
      name: 'CL.TE: Content-Length and Transfer-Encoding, smuggled request after the 0 chunk',
      build: () => {
        const payload = `0\r\n\r\n${smuggled()}`;
        return (
          head('openai') +
          `Content-Length: ${Buffer.byteLength(payload)}\r\nTransfer-Encoding: chunked\r\n\r\n` +
          payload
        );
      },
    },
    {
      name: 'TE.CL: Transfer-Encoding and a short Content-Length, smuggled request in a chunk',
      build: () =>
        head('openai') +
        'Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n' +
        chunk(smuggled()),
    },
    {
      name: 'CL.TE on the Anthropic route (error in the Anthropic shape)',
      dialect: 'anthropic',
      build: () => {
        const payload = `0\r\n\r\n${smuggled()}`;
        return (
          head('anthropic') +
          `Content-Length: ${Buffer.byteLength(payload)}\r\nTransfer-Encoding: chunked\r\n\r\n` +
          payload
        );
      },
    },
    {
      name: 'TE.CL on the Anthropic route (error in the Anthropic shape)',
      dialect: 'anthropic',
      build: () =>
        head('anthropic') +
        'Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n' +
        chunk(smuggled()),
    },
    {
      name: 'TE obfuscation: Transfer-Encoding: xchunked',
      build: () =>
        head('openai') + 'Transfer-Encoding: xchunked\r\n\r\n' + chunk(body('openai')) + smuggled(),
    },
    {
      name: 'TE obfuscation: xchunked next to Content-Length',
      build: () => {
        const payload = body('openai');
        return (
          head('openai') +
          `Content-Length: ${Buffer.byteLength(payload)}\r\nTransfer-Encoding: xchunked\r\n\r\n` +
          payload +
          smuggled()
        );
      },
    },
    {
      name: 'TE obfuscation: "chunked, identity" (chunked not last)',
      build: () =>
        head('openai') +
        'Transfer-Encoding: chunked, identity\r\n\r\n' +
        chunk(body('openai')) +
        smuggled(),
    },
    {
      name: 'TE obfuscation: space before the colon',
      build: () =>
        head('openai') + 'Transfer-Encoding : chunked\r\n\r\n' + chunk(body('openai')) + smuggled(),
    },
    {
      name: 'TE obfuscation: tab before the colon',
      build: () =>
        head('openai') +
        'Transfer-Encoding\t: chunked\r\n\r\n' +
        chunk(body('openai')) +
        smuggled(),
    },
    {
      name: 'TE obfuscation: tab-separated value next to Content-Length',
      build: () => {
        const payload = `0\r\n\r\n${smuggled()}`;
        return (
          head('openai') +
          `Content-Length: ${Buffer.byteLength(payload)}\r\nTransfer-Encoding:\tchunked\r\n\r\n` +
          payload
        );
      },
    },
    {
      name: 'TE obfuscation: leading space on the header line (obs-fold of the first header)',
      build: () =>
        `POST /v1/chat/completions HTTP/1.1\r\n Transfer-Encoding: chunked\r\n` +
        `Host: proxy.test\r\nAuthorization: Bearer ${key}\r\n` +
        `Content-Length: 4\r\n\r\n` +
        chunk(smuggled()),
    },
    {
      name: 'TE obfuscation: vertical tab before chunked',
      build: () =>
        head('openai') +
        'Transfer-Encoding: \x0bchunked\r\n\r\n' +
        chunk(body('openai')) +
        smuggled(),
    },
    {
      name: 'TE obfuscation: Transfer-Encoding sent twice',
      build: () =>
        head('openai') +
        'Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n' +
        chunk(body('openai')) +
        smuggled(),
    },
    {
      name: 'duplicate Content-Length, equal values',
      build: () => {
        const payload = body('openai');
        const length = Buffer.byteLength(payload);
        return (
          head('openai') +
          `Content-Length: ${length}\r\nContent-Length: ${length}\r\n\r\n` +
          payload +
          smuggled()
        );
      },
    },
    {
      name: 'duplicate Content-Length, different values',
      build: () => {
        const payload = body('openai') + smuggled();
        return (
          head('openai') +
          `Content-Length: ${Buffer.byteLength(body('openai'))}\r\n` +
          `Content-Length: ${Buffer.byteLength(payload)}\r\n\r\n` +
          payload
        );
      },
    },
    {
      name: 'Content-Length as a list ("n, n")',
      build: () => {
        const payload = body('openai');
        const length = Buffer.byteLength(payload);
        return head('openai') + `Content-Length: ${length}, ${length}\r\n\r\n` + payload;
      },
    },
    {
      name: 'Content-Length with a sign',
      build: () => {
        const payload = body('openai');
        return head('openai') + `Content-Length: +${Buffer.byteLength(payload)}\r\n\r\n` + payload;
      },
    },
    {
      name: 'Content-Length that is not a number',
      build: () => head('openai') + 'Content-Length: 0x10\r\n\r\n' + body('openai'),
    },
    {
      name: 'chunk syntax: chunk size that is not hex',
      build: () =>
        head('openai') + 'Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n' + smuggled(),
    },
    {
      name: 'chunk syntax: chunk size with a 0x prefix',
      build: () =>
        head('openai') + 'Transfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n0\r\n\r\n' + smuggled(),
    },
    {
      name: 'chunk syntax: chunk size overflowing 64 bits',
      build: () =>
        head('openai') +
        'Transfer-Encoding: chunked\r\n\r\n10000000000000005\r\nhello\r\n0\r\n\r\n' +
        smuggled(),
    },
    {
      name: 'chunk syntax: missing CRLF after the chunk data',
      build: () =>
        head('openai') + 'Transfer-Encoding: chunked\r\n\r\n5\r\nhelloX0\r\n\r\n' + smuggled(),
    },
    {
      name: 'chunk syntax: bare LF after the chunk size',
      build: () =>
        head('openai') + 'Transfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n' + smuggled(),
    },
    {
      name: 'chunk syntax: chunk data longer than its size (smuggled request in the excess)',
      build: () =>
        head('openai') + `Transfer-Encoding: chunked\r\n\r\n1\r\n{${smuggled()}\r\n0\r\n\r\n`,
    },
    {
      name: 'chunk extension abuse: NUL inside the extension',
      build: () =>
        head('openai') +
        'Transfer-Encoding: chunked\r\n\r\n5;ext\x00=1\r\nhello\r\n0\r\n\r\n' +
        smuggled(),
    },
    {
      name: 'chunk extension abuse: bare LF ending the extension',
      build: () =>
        head('openai') +
        'Transfer-Encoding: chunked\r\n\r\n5;ext=1\nhello\r\n0\r\n\r\n' +
        smuggled(),
    },
    {
      name: 'chunk extension abuse: unterminated quoted value swallowing the chunk',
      build: () =>
        head('openai') +
        'Transfer-Encoding: chunked\r\n\r\n5;ext="x\r\nhello\r\n0\r\n\r\n' +
        smuggled(),
    },
    {
      name: 'obs-fold: a header continued on the next line',
      build: () =>
        head('openai') +
        `X-Folded: a\r\n  Transfer-Encoding: chunked\r\n` +
        `Content-Length: ${Buffer.byteLength(body('openai'))}\r\n\r\n` +
        body('openai'),
    },
    {
      name: 'bare CR inside the header block',
      build: () =>
        head('openai') +
        `X-Bare: a\rTransfer-Encoding: chunked\r\n` +
        `Content-Length: ${Buffer.byteLength(body('openai'))}\r\n\r\n` +
        body('openai'),
    },
    {
      name: 'bare LF ending a header line',
      build: () =>
        head('openai') +
        `X-Bare: a\nTransfer-Encoding: chunked\r\n` +
        `Content-Length: ${Buffer.byteLength(body('openai'))}\r\n\r\n` +
        body('openai'),
    },
    {
      name: 'bare LF line endings throughout',
      build: () =>
        `POST /v1/chat/completions HTTP/1.1\nHost: proxy.test\nAuthorization: Bearer ${key}\n` +
        `Content-Length: ${Buffer.byteLength(body('openai'))}\n\n` +
        body('openai'),
    },
    {
      name: 'NUL in a header value',
      build: () =>
        head('openai') +
        `X-Nul: a\x00b\r\nContent-Length: ${Buffer.byteLength(body('openai'))}\r\n\r\n` +
        body('openai'),
    },
    {
      name: 'space inside a header name',
      build: () =>
        head('openai') +
        `Content Length: 5\r\nContent-Length: ${Buffer.byteLength(body('openai'))}\r\n\r\n` +
        body('openai'),
    },
  ];

  for (const vector of parserVectors) {
    it(`${vector.name} → 400 and close, upstream untouched, one record`, async () => {
      const record = await expectRejectedAndClosed(h, vector.build(), {
        status: vector.status ?? 400,
        code: vector.code ?? 'DG_ERR_BAD_FRAMING',
        dialect: vector.dialect ?? 'openai',
        ...(vector.detail === undefined ? {} : { detail: vector.detail }),
      });
      expect(record.bytes_in).toBe(0);
    });
  }

  it('chunk extension overflow (20 KB of extensions) is refused, closed, one record', async () => {
    // Node caps chunk extensions (CVE-2024-22019); the proxy maps that to 413. Either refusal
    // status honours the contract as long as the body never reaches the upstream.
    const data =
      head('openai') +
      `Transfer-Encoding: chunked\r\n\r\n5;a=${'x'.repeat(20_000)}\r\nhello\r\n0\r\n\r\n` +
      smuggled();
    const recordsBefore = (await h.records()).length;
    const upstreamBefore = h.mock.requests.length;
    const result = await exchangeUntilClose(h.url, data);
    expect(result.responses).toHaveLength(1);
    expect(result.closed).toBe(true);
    const status = result.response.statusCode;
    expect([400, 413]).toContain(status);
    const code = status === 400 ? 'DG_ERR_BAD_FRAMING' : 'DG_ERR_BODY_TOO_LARGE';
    const requestId = expectErrorShape(result.response, 'openai', code);
    const records = await newRecords(h, recordsBefore);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ request_id: requestId, status, error: code });
    expect(h.mock.requests.slice(upstreamBefore)).toEqual([]);
  });

  describe('checks the proxy makes itself (Node lets these through)', () => {
    it('Transfer-Encoding on HTTP/1.0 → 400 and close', async () => {
      await expectRejectedAndClosed(
        h,
        head('openai', '1.0') +
          'Connection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n' +
          chunk(body('openai')),
        { status: 400, code: 'DG_ERR_BAD_FRAMING', dialect: 'openai', detail: 'te_on_http10' },
      );
    });

    it('Transfer-Encoding on HTTP/1.0 to the Anthropic route → 400 in the Anthropic shape', async () => {
      await expectRejectedAndClosed(
        h,
        head('anthropic', '1.0') +
          'Connection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n' +
          chunk(body('anthropic')),
        { status: 400, code: 'DG_ERR_BAD_FRAMING', dialect: 'anthropic', detail: 'te_on_http10' },
      );
    });

    it('Transfer-Encoding on HTTP/1.0 to a pass-through route (streamed body) → 400 and close', async () => {
      await expectRejectedAndClosed(
        h,
        `POST /v1/files/upload HTTP/1.0\r\nHost: proxy.test\r\nAuthorization: Bearer ${key}\r\n` +
          'Connection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n' +
          chunk('file contents'),
        { status: 400, code: 'DG_ERR_BAD_FRAMING', dialect: 'openai', detail: 'te_on_http10' },
      );
    });

    it('Transfer-Encoding on HTTP/1.0 to an unknown route still → 400 and close (RFC 9112 §6.1)', async () => {
      // The framing is faulty whatever the route: the connection must not be reused.
      await expectRejectedAndClosed(
        h,
        `POST /v1/unknown HTTP/1.0\r\nHost: proxy.test\r\nConnection: keep-alive\r\n` +
          'Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
        { status: 400, code: 'DG_ERR_BAD_FRAMING', dialect: 'openai', detail: 'te_on_http10' },
      );
    });

    it('two Host headers → 400 and close', async () => {
      const payload = body('openai');
      await expectRejectedAndClosed(
        h,
        head('openai') +
          `Host: internal.upstream\r\nContent-Length: ${Buffer.byteLength(payload)}\r\n\r\n` +
          payload,
        { status: 400, code: 'DG_ERR_BAD_FRAMING', dialect: 'openai', detail: 'duplicate_host' },
      );
    });

    it('two Host headers on the Anthropic route → 400 in the Anthropic shape', async () => {
      const payload = body('anthropic');
      await expectRejectedAndClosed(
        h,
        head('anthropic') +
          `Host: internal.upstream\r\nContent-Length: ${Buffer.byteLength(payload)}\r\n\r\n` +
          payload,
        { status: 400, code: 'DG_ERR_BAD_FRAMING', dialect: 'anthropic', detail: 'duplicate_host' },
      );
    });

    it('two Host headers on an unknown route still → 400 and close', async () => {
      await expectRejectedAndClosed(
        h,
        'GET /v1/unknown HTTP/1.1\r\nHost: proxy.test\r\nHost: internal.upstream\r\n\r\n',
        { status: 400, code: 'DG_ERR_BAD_FRAMING', dialect: 'openai', detail: 'duplicate_host' },
      );
    });

    it('no Host header on HTTP/1.1 → 400 in the dialect shape with a request id and a record', async () => {
      const payload = body('openai');
      await expectRejectedAndClosed(
        h,
        `POST /v1/chat/completions HTTP/1.1\r\nAuthorization: Bearer ${key}\r\n` +
          `Content-Length: ${Buffer.byteLength(payload)}\r\n\r\n${payload}`,
        { status: 400, code: 'DG_ERR_BAD_FRAMING', dialect: 'openai' },
      );
    });
  });

  describe('request targets', () => {
    const targets: [string, string, string?][] = [
      ['absolute-form', 'http://upstream.internal/v1/chat/completions'],
      ['absolute-form with a port', 'http://127.0.0.1:1/v1/chat/completions'],
      // Node's parser itself refuses authority-form outside CONNECT.
      ['authority-form', 'upstream.internal:443', 'DG_ERR_BAD_FRAMING'],
      ['asterisk-form', '*'],
      ['dot-dot segment', '/v1/files/../admin'],
      ['dot-dot at the end', '/v1/files/..'],
      ['dot segment', '/v1/files/./x'],
      ['doubled slash', '//v1/chat/completions'],
      ['doubled slash inside', '/v1//chat/completions'],
      ['encoded dot-dot', '/v1/files/%2e%2e/admin'],
      ['encoded dot-dot, upper case', '/v1/files/%2E%2E/admin'],
      ['encoded slash', '/v1/files/a%2fb'],
      ['encoded slash, upper case', '/v1/files/..%2F..%2Fadmin'],
      ['backslash', '/v1/files/..\\admin'],
      ['encoded backslash', '/v1/files/..%5cadmin'],
      ['encoded NUL', '/v1/files/a%00b'],
    ];
    for (const [name, target, code = 'DG_ERR_BAD_PATH'] of targets) {
      it(`${name} (${target}) → 400 ${code} and close`, async () => {
        const payload = body('openai');
        const record = await expectRejectedAndClosed(
          h,
          `POST ${target} HTTP/1.1\r\nHost: proxy.test\r\nAuthorization: Bearer ${key}\r\n` +
            `Content-Length: ${Buffer.byteLength(payload)}\r\n\r\n${payload}`,
          { status: 400, code, dialect: 'openai', anonymous: true },
        );
        expect(record.route).toBeNull();
      });
    }

    it('dot segments in the query string are not path segments (request is served)', async () => {
      const result = await exchange(
        h.url,
        buildRequest({
          method: 'GET',
          target: '/v1/models?next=../../admin',
          headers: [['Authorization', `Bearer ${key}`]],
        }),
      );
      expect(result.response.statusCode).toBe(200);
      const seen = h.mock.requests.at(-1)!;
      expect(seen.url).toBe('/v1/models?next=../../admin');
    });
  });

  describe('a request pipelined behind a "400 and close" is never processed', () => {
    // The bytes after a rejected request are not trustworthy framing: they must be dropped with
    // the connection, never parsed into a request that reaches the pipeline or the upstream.
    const cases: [string, () => string, string][] = [
      [
        'CL.TE (refused by the parser)',
        () => {
          const payload = `0\r\n\r\n${smuggled()}`;
          return (
            head('openai') +
            `Content-Length: ${Buffer.byteLength(payload)}\r\nTransfer-Encoding: chunked\r\n\r\n` +
            payload
          );
        },
        'DG_ERR_BAD_FRAMING',
      ],
      [
        'non-canonical path',
        () =>
          `GET /v1/files/../admin HTTP/1.1\r\nHost: proxy.test\r\nAuthorization: Bearer ${key}\r\n\r\n` +
          smuggled(),
        'DG_ERR_BAD_PATH',
      ],
      [
        'absolute-form target',
        () =>
          'GET http://upstream.internal/v1/models HTTP/1.1\r\nHost: proxy.test\r\n' +
          `Authorization: Bearer ${key}\r\n\r\n` +
          smuggled(),
        'DG_ERR_BAD_PATH',
      ],
      [
        'two Host headers',
        () =>
          'GET /v1/models HTTP/1.1\r\nHost: proxy.test\r\nHost: internal.upstream\r\n' +
          `Authorization: Bearer ${key}\r\n\r\n` +
          smuggled(),
        'DG_ERR_BAD_FRAMING',
      ],
      [
        'Transfer-Encoding on HTTP/1.0 (body framed as chunked by Node)',
        () =>
          head('openai', '1.0') +
          'Connection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n' +
          chunk(body('openai')) +
          smuggled(),
        'DG_ERR_BAD_FRAMING',
      ],
      [
        'Transfer-Encoding on HTTP/1.0 with a Content-Length',
        () => {
          const payload = body('openai');
          return (
            head('openai', '1.0') +
            `Connection: keep-alive\r\nTransfer-Encoding: chunked\r\n` +
            `Content-Length: ${Buffer.byteLength(payload)}\r\n\r\n` +
            payload +
            smuggled()
          );
        },
        'DG_ERR_BAD_FRAMING',
      ],
    ];
    for (const [name, build, code] of cases) {
      it(`${name}: one 400, closed, one record, the pipelined request never reaches the upstream`, async () => {
        await warmUpstreamPool();
        const recordsBefore = (await h.records()).length;
        const upstreamBefore = h.mock.requests.length;
        const result = await exchangeUntilClose(h.url, build());
        expect(result.responses.map((r) => r.statusCode)).toEqual([400]);
        expect(result.closed).toBe(true);
        const requestId = expectErrorShape(result.response, 'openai', code);
        // Let a wrongly dispatched upstream request land before looking.
        const records = await newRecords(h, recordsBefore, 1, 300);
        expect(h.mock.requests.slice(upstreamBefore).map((r) => `${r.method} ${r.url}`)).toEqual(
          [],
        );
        expect(
          records.map((r) => `${r.method} ${r.route ?? '-'} ${r.status} ${r.outcome}`),
        ).toHaveLength(1);
        expect(records[0]!.request_id).toBe(requestId);
      });
    }
  });

  describe('a framing error discovered after an early reply', () => {
    // Without a valid key the pipeline answers 401 from the headers alone; the bad chunk is only
    // found when Node discards the body. The client must still get exactly one response for its
    // one request, the connection must close, and there must be exactly one record.
    const cases: [string, (k: string) => string][] = [
      [
        'bad chunk size after a 401',
        () =>
          'POST /v1/chat/completions HTTP/1.1\r\nHost: proxy.test\r\n' +
          'Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n',
      ],
      [
        'Transfer-Encoding: xchunked after a 401',
        () =>
          'POST /v1/chat/completions HTTP/1.1\r\nHost: proxy.test\r\n' +
          'Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n',
      ],
      [
        'missing CRLF after chunk data after a 404',
        () =>
          'POST /v1/unknown HTTP/1.1\r\nHost: proxy.test\r\n' +
          'Transfer-Encoding: chunked\r\n\r\n5\r\nhelloX0\r\n\r\n',
      ],
      [
        'bad chunk size after a 405',
        (k) =>
          `DELETE /v1/files/x HTTP/1.1\r\nHost: proxy.test\r\nAuthorization: Bearer ${k}\r\n` +
          'Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n',
      ],
    ];
    for (const [name, build] of cases) {
      it(`${name}: one response, closed, one record, nothing upstream`, async () => {
        const recordsBefore = (await h.records()).length;
        const upstreamBefore = h.mock.requests.length;
        const result = await exchangeUntilClose(h.url, build(key));
        expect(result.closed).toBe(true);
        expect(result.responses.map((r) => r.statusCode)).toHaveLength(1);
        expect(result.response.statusCode).toBeGreaterThanOrEqual(400);
        const records = await newRecords(h, recordsBefore);
        expect(records.map((r) => `${r.status} ${r.error ?? ''}`)).toHaveLength(1);
        expect(records[0]!.request_id).toBe(result.response.headers['x-request-id']);
        expect(h.mock.requests.slice(upstreamBefore)).toEqual([]);
      });
    }
  });

  describe('accepted framings are re-framed, never smuggled', () => {
    it('a chunked body that contains a request reaches the upstream as the body of one request', async () => {
      const hidden = `0\r\n\r\n${smuggled()}`;
      const recordsBefore = (await h.records()).length;
      const upstreamBefore = h.mock.requests.length;
      const result = await exchange(
        h.url,
        `POST /v1/files/upload HTTP/1.1\r\nHost: proxy.test\r\nAuthorization: Bearer ${key}\r\n` +
          `Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n${chunk(hidden)}`,
      );
      // Answered by the upstream (the mock refuses the non-JSON body), not by the proxy.
      expect(result.response.headers['x-upstream-request-id']).toBe('upstream-req-1');
      const seen = h.mock.requests.slice(upstreamBefore);
      expect(seen).toHaveLength(1);
      expect(seen[0]!.url).toBe('/v1/files/upload');
      expect(seen[0]!.body.toString('latin1')).toBe(hidden);
      expect(await newRecords(h, recordsBefore)).toHaveLength(1);
    });

    it('a Content-Length body that contains a request reaches the upstream as one request', async () => {
      const hidden = `{"x":1}\r\n\r\n${smuggled()}`;
      const upstreamBefore = h.mock.requests.length;
      const result = await exchange(
        h.url,
        buildRequest({
          target: '/v1/files/upload',
          headers: [
            ['Authorization', `Bearer ${key}`],
            ['Connection', 'close'],
          ],
          body: hidden,
        }),
      );
      expect(result.response.headers['x-upstream-request-id']).toBe('upstream-req-1');
      const seen = h.mock.requests.slice(upstreamBefore);
      expect(seen.map((r) => r.url)).toEqual(['/v1/files/upload']);
      expect(seen[0]!.body.toString('latin1')).toBe(hidden);
    });

    const legalSpellings: [string, string][] = [
      ['tab as whitespace', 'Transfer-Encoding:\tchunked'],
      ['extra spaces', 'Transfer-Encoding:   chunked  '],
      ['upper case', 'Transfer-Encoding: CHUNKED'],
    ];
    for (const [name, line] of legalSpellings) {
      it(`Transfer-Encoding with ${name} is chunked: one upstream request with the decoded body`, async () => {
        const payload = body('openai');
        const recordsBefore = (await h.records()).length;
        const upstreamBefore = h.mock.requests.length;
        const result = await exchange(
          h.url,
          head('openai') + `${line}\r\nConnection: close\r\n\r\n${chunk(payload)}`,
        );
        expect(result.response.statusCode).toBe(200);
        const seen = h.mock.requests.slice(upstreamBefore);
        expect(seen).toHaveLength(1);
        expect(seen[0]!.url).toBe('/v1/chat/completions');
        expect(seen[0]!.body.toString('utf8')).toBe(payload);
        const records = await newRecords(h, recordsBefore);
        expect(records).toHaveLength(1);
        expect(records[0]).toMatchObject({ status: 200, outcome: 'completed' });
      });
    }

    it('pipelined valid requests are answered in order, each forwarded once', async () => {
      const upstreamBefore = h.mock.requests.length;
      const recordsBefore = (await h.records()).length;
      const one = buildRequest({
        target: '/v1/chat/completions',
        headers: [
          ['Authorization', `Bearer ${key}`],
          ['Content-Type', 'application/json'],
        ],
        body: body('openai'),
      });
      const two = buildRequest({
        method: 'GET',
        target: '/v1/models',
        headers: [['Authorization', `Bearer ${key}`]],
      });
      const result = await exchange(h.url, Buffer.concat([one, two]), 2);
      expect(result.responses.map((r) => r.statusCode)).toEqual([200, 200]);
      // Node reads pipelined requests concurrently: arrival order upstream is not fixed.
      expect(
        h.mock.requests
          .slice(upstreamBefore)
          .map((r) => r.url)
          .sort(),
      ).toEqual(['/v1/chat/completions', '/v1/models']);
      const records = await newRecords(h, recordsBefore, 2);
      expect(records).toHaveLength(2);
      expect(records.map((r) => r.request_id).sort()).toEqual(
        result.responses.map((r) => r.headers['x-request-id']).sort(),
      );
    });
  });

  it('the proxy still serves after every vector above', async () => {
    const result = await exchange(h.url, chatRequest(key, prompt));
    expect(result.response.statusCode).toBe(200);
  });

  it('the decision log holds no key and no prompt text', async () => {
    await h.records();
    const text = await readFile(h.decisionLogFile, 'utf8');
    expect(text.length).toBeGreaterThan(0);
    for (const secret of Object.values(h.keys)) expect(text).not.toContain(secret);
    expect(text).not.toContain(prompt);
  });
});
