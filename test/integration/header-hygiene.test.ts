/**
 * Header hygiene and client identity (RELIABILITY.md items 2–4, issue 2 item 3): hop-by-hop and
 * internal headers never cross the proxy in either direction, the client's credential is replaced
 * by the upstream's and never reaches the upstream, duplicate or conflicting credentials are a 400,
 * every response carries the request id of its decision record, and a spoofed X-Forwarded-For from
 * an untrusted peer never chooses the client IP. The mock upstream's recorded requests are the
 * oracle; requests go over raw sockets so nothing normalises or refuses the headers on the way.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../../src/mock-upstream/mock-upstream.ts';
import { canary, startHarness, UPSTREAM_SECRET, type Harness } from '../helpers/harness.ts';
import {
  buildRequest,
  chatBody,
  exchange,
  exchangeUntilClose,
  expectErrorShape,
  expectRejectedAndClosed,
  headerValues,
  messagesBody,
  newRecords,
  upstreamHeaderNames,
  upstreamHeaderValues,
  type RawResponse,
} from '../helpers/raw-http.ts';

/** Header the mock upstream's fault hook reads to pick a scripted response. */
const SCENARIO = 'x-mock-scenario';

/** The upstream's own hop-by-hop and internal response headers (must not reach the client). */
const UPSTREAM_HOP_RESPONSE: Record<string, string> = {
  connection: 'keep-alive, x-upstream-hop',
  'keep-alive': 'timeout=7, max=3',
  'x-upstream-hop': 'upstream-hop-value',
  'proxy-authenticate': 'Basic realm="upstream"',
  'proxy-connection': 'keep-alive',
  trailer: 'x-upstream-trailer',
  'x-distillguard-account': 'acct_forged_by_upstream',
  'x-request-id': 'upstream-abc-123',
  'x-kept-response-header': 'kept',
};

function scenarioFault(request: RecordedRequest) {
  const scenario = upstreamHeaderValues(request.rawHeaders, SCENARIO)[0];
  if (scenario === 'hop-response') {
    return {
      kind: 'status' as const,
      status: 200,
      headers: UPSTREAM_HOP_RESPONSE,
      body: JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion', choices: [] }),
    };
  }
  return undefined;
}

/** Every secret or canary the tests sent; none may appear in the decision log. */
const secretsSent: string[] = [];
function secret(): string {
  const value = canary();
  secretsSent.push(value);
  return value;
}

describe('header hygiene', () => {
  let h: Harness;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    h = await startHarness({ mock: { fault: scenarioFault } });
    alice = h.keys.alice;
    bob = h.keys.bob;
  });
  afterAll(async () => {
    await h.close();
  });

  /** Sends one request, expects one response, and returns it with what the upstream saw. */
  async function send(
    request: Buffer,
  ): Promise<{ response: RawResponse; upstream: RecordedRequest[]; closed: boolean }> {
    const upstreamBefore = h.mock.requests.length;
    const result = await exchange(h.url, request);
    return {
      response: result.response,
      upstream: h.mock.requests.slice(upstreamBefore),
      closed: result.closed,
    };
  }

  /** Asserts nothing in the upstream request (names, values, body) contains `needle`. */
  function expectNowhereUpstream(seen: RecordedRequest, needle: string): void {
    for (const item of seen.rawHeaders) expect(item).not.toContain(needle);
    expect(seen.body.toString('latin1')).not.toContain(needle);
  }

  describe('request headers', () => {
    it('strips hop-by-hop, Connection-named and client-supplied internal headers', async () => {
      const hop = secret();
      const recordsBefore = (await h.records()).length;
      const { response, upstream } = await send(
        buildRequest({
          target: '/v1/chat/completions',
          headers: [
            ['Authorization', `Bearer ${alice}`],
            ['Content-Type', 'application/json'],
            ['Connection', `keep-alive, X-Secret-Hop, x-other-hop`],
            ['X-Secret-Hop', hop],
            ['X-Other-Hop', hop],
            ['Keep-Alive', 'timeout=5, max=1000'],
            ['TE', 'trailers'],
            ['Trailer', 'X-Checksum'],
            ['Upgrade', 'h2c'],
            ['Proxy-Authorization', `Basic ${hop}`],
            ['Proxy-Connection', 'keep-alive'],
            ['X-Forwarded-For', '6.6.6.6'],
            ['X-Forwarded-Host', 'evil.test'],
            ['X-Forwarded-Proto', 'http'],
            ['X-Forwarded-Port', '1'],
            ['Forwarded', 'for=6.6.6.6;host=evil.test;proto=http'],
            ['X-Real-IP', '6.6.6.6'],
            ['X-Request-Id', `client-chosen-${hop}`],
            ['X-Upstream-Request-Id', hop],
            ['X-Distillguard-Account', 'acct_admin'],
            ['X-DistillGuard-Score', '0'],
            ['x_distillguard_account', 'acct_admin'],
            ['X_Forwarded_For', '6.6.6.6'],
            ['x_real_ip', '6.6.6.6'],
            ['x_request_id', hop],
            ['Proxy_Authorization', `Basic ${hop}`],
            ['X-Kept-Header', 'kept-value'],
          ],
          body: chatBody(),
        }),
      );
      expect(response.statusCode).toBe(200);
      expect(upstream).toHaveLength(1);
      const seen = upstream[0]!;
      const names = upstreamHeaderNames(seen.rawHeaders);
      for (const stripped of [
        'keep-alive',
        'te',
        'trailer',
        'upgrade',
        'proxy-authorization',
        'proxy-connection',
        'x-secret-hop',
        'x-other-hop',
        'x-forwarded-host',
        'x-forwarded-proto',
        'x-forwarded-port',
        'forwarded',
        'x-real-ip',
        'x-upstream-request-id',
        'x-distillguard-account',
        'x-distillguard-score',
        'x_distillguard_account',
        'x_forwarded_for',
        'x_real_ip',
        'x_request_id',
        'proxy_authorization',
      ]) {
        expect(names, stripped).not.toContain(stripped);
      }
      // Connection is the proxy's own hop (undici's keep-alive), never the client's token list.
      for (const value of upstreamHeaderValues(seen.rawHeaders, 'connection'))
        expect(value.toLowerCase()).not.toMatch(/secret-hop|other-hop/);
      expectNowhereUpstream(seen, hop);
      expect(names.join(' ')).not.toContain('6.6.6.6');
      expect(upstreamHeaderValues(seen.rawHeaders, 'x-kept-header')).toEqual(['kept-value']);
      // The proxy's own forwarding headers, exactly once.
      expect(upstreamHeaderValues(seen.rawHeaders, 'x-forwarded-for')).toEqual(['127.0.0.1']);
      const records = await newRecords(h, recordsBefore);
      expect(records).toHaveLength(1);
      expect(upstreamHeaderValues(seen.rawHeaders, 'x-request-id')).toEqual([
        records[0]!.request_id,
      ]);
      expect(headerValues(response, 'x-request-id')).toEqual([records[0]!.request_id]);
    });

    it('drops a header named in "Connection: close, x-secret-hop"', async () => {
      const hop = secret();
      const upstreamBefore = h.mock.requests.length;
      const result = await exchangeUntilClose(
        h.url,
        buildRequest({
          target: '/v1/messages',
          headers: [
            ['x-api-key', alice],
            ['anthropic-version', '2023-06-01'],
            ['Connection', 'close, x-secret-hop'],
            ['x-secret-hop', hop],
          ],
          body: messagesBody(),
        }),
      );
      expect(result.response.statusCode).toBe(200);
      expect(result.closed).toBe(true);
      const upstream = h.mock.requests.slice(upstreamBefore);
      expect(upstream).toHaveLength(1);
      expect(upstreamHeaderNames(upstream[0]!.rawHeaders)).not.toContain('x-secret-hop');
      expectNowhereUpstream(upstream[0]!, hop);
    });

    it('drops headers named across two Connection headers, case-insensitively', async () => {
      const hop = secret();
      const { response, upstream } = await send(
        buildRequest({
          method: 'GET',
          target: '/v1/models',
          headers: [
            ['Authorization', `Bearer ${alice}`],
            ['Connection', 'X-First-Hop'],
            ['Connection', 'x-SECOND-hop'],
            ['X-First-Hop', hop],
            ['X-Second-Hop', hop],
          ],
        }),
      );
      expect(response.statusCode).toBe(200);
      expect(upstream).toHaveLength(1);
      const names = upstreamHeaderNames(upstream[0]!.rawHeaders);
      expect(names).not.toContain('x-first-hop');
      expect(names).not.toContain('x-second-hop');
      expectNowhereUpstream(upstream[0]!, hop);
    });

    it('an Expect: 100-continue request is served and Expect is not forwarded', async () => {
      const upstreamBefore = h.mock.requests.length;
      const result = await exchange(
        h.url,
        buildRequest({
          target: '/v1/chat/completions',
          headers: [
            ['Authorization', `Bearer ${alice}`],
            ['Expect', '100-continue'],
          ],
          body: chatBody(),
        }),
        2,
      );
      expect(result.responses.map((r) => r.statusCode)).toEqual([100, 200]);
      const upstream = h.mock.requests.slice(upstreamBefore);
      expect(upstream).toHaveLength(1);
      expect(upstreamHeaderNames(upstream[0]!.rawHeaders)).not.toContain('expect');
    });
  });

  describe('credentials', () => {
    it('OpenAI route: the client Bearer key is replaced by the upstream credential', async () => {
      const { response, upstream } = await send(
        buildRequest({
          target: '/v1/chat/completions',
          headers: [
            ['Authorization', `Bearer ${alice}`],
            ['Content-Type', 'application/json'],
          ],
          body: chatBody(),
        }),
      );
      expect(response.statusCode).toBe(200);
      const seen = upstream[0]!;
      expect(upstreamHeaderValues(seen.rawHeaders, 'authorization')).toEqual([
        `Bearer ${UPSTREAM_SECRET}`,
      ]);
      expect(upstreamHeaderNames(seen.rawHeaders)).not.toContain('x-api-key');
      expectNowhereUpstream(seen, alice);
    });

    it('Anthropic route: the client x-api-key is replaced by the upstream credential', async () => {
      const { response, upstream } = await send(
        buildRequest({
          target: '/v1/messages',
          headers: [
            ['x-api-key', alice],
            ['anthropic-version', '2023-06-01'],
            ['Content-Type', 'application/json'],
          ],
          body: messagesBody(),
        }),
      );
      expect(response.statusCode).toBe(200);
      const seen = upstream[0]!;
      expect(upstreamHeaderValues(seen.rawHeaders, 'x-api-key')).toEqual([UPSTREAM_SECRET]);
      expect(upstreamHeaderNames(seen.rawHeaders)).not.toContain('authorization');
      expectNowhereUpstream(seen, alice);
    });

    it('an Azure-style api-key header authenticates and is not forwarded', async () => {
      const { response, upstream } = await send(
        buildRequest({
          target: '/v1/chat/completions',
          headers: [['api-key', alice]],
          body: chatBody(),
        }),
      );
      expect(response.statusCode).toBe(200);
      const seen = upstream[0]!;
      expect(upstreamHeaderNames(seen.rawHeaders)).not.toContain('api-key');
      expect(upstreamHeaderValues(seen.rawHeaders, 'authorization')).toEqual([
        `Bearer ${UPSTREAM_SECRET}`,
      ]);
      expectNowhereUpstream(seen, alice);
    });

    it('a pass-through route (streamed body) also swaps the credential', async () => {
      const { upstream } = await send(
        buildRequest({
          target: '/v1/files/upload',
          headers: [['Authorization', `Bearer ${alice}`]],
          body: 'file bytes',
        }),
      );
      expect(upstream).toHaveLength(1);
      expect(upstreamHeaderValues(upstream[0]!.rawHeaders, 'authorization')).toEqual([
        `Bearer ${UPSTREAM_SECRET}`,
      ]);
      expectNowhereUpstream(upstream[0]!, alice);
    });

    it('the same key in x-api-key and Authorization: Bearer is one credential (200)', async () => {
      const { response, upstream } = await send(
        buildRequest({
          target: '/v1/messages',
          headers: [
            ['x-api-key', alice],
            ['Authorization', `Bearer ${alice}`],
            ['anthropic-version', '2023-06-01'],
          ],
          body: messagesBody(),
        }),
      );
      expect(response.statusCode).toBe(200);
      expect(upstream).toHaveLength(1);
      expectNowhereUpstream(upstream[0]!, alice);
    });

    it('a wrong credential is a 401 and the upstream is not called', async () => {
      const wrong = secret();
      const recordsBefore = (await h.records()).length;
      const { response, upstream } = await send(
        buildRequest({
          target: '/v1/chat/completions',
          headers: [['Authorization', `Bearer ${wrong}`]],
          body: chatBody(),
        }),
      );
      expect(response.statusCode).toBe(401);
      expectErrorShape(response, 'openai', 'DG_ERR_UNAUTHENTICATED');
      expect(upstream).toEqual([]);
      const records = await newRecords(h, recordsBefore);
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({ status: 401, error: 'DG_ERR_UNAUTHENTICATED' });
    });

    describe('duplicate or conflicting credentials → 400 DG_ERR_CONFLICTING_CREDENTIALS', () => {
      type Case = [string, 'openai' | 'anthropic', () => [string, string][]];
      const cases: Case[] = [
        [
          'two Authorization headers with different keys',
          'openai',
          () => [
            ['Authorization', `Bearer ${alice}`],
            ['Authorization', `Bearer ${bob}`],
          ],
        ],
        [
          'two Authorization headers with the same key',
          'openai',
          () => [
            ['Authorization', `Bearer ${alice}`],
            ['Authorization', `Bearer ${alice}`],
          ],
        ],
        [
          'a valid Bearer key then a canary Bearer',
          'openai',
          () => [
            ['Authorization', `Bearer ${alice}`],
            ['authorization', `Bearer ${secret()}`],
          ],
        ],
        [
          'two x-api-key headers with different keys',
          'anthropic',
          () => [
            ['x-api-key', alice],
            ['x-api-key', bob],
          ],
        ],
        [
          'two x-api-key headers with the same key',
          'anthropic',
          () => [
            ['x-api-key', alice],
            ['X-Api-Key', alice],
          ],
        ],
        [
          'x-api-key and a different Bearer',
          'anthropic',
          () => [
            ['x-api-key', alice],
            ['Authorization', `Bearer ${bob}`],
          ],
        ],
        [
          'x-api-key and Basic auth',
          'anthropic',
          () => [
            ['x-api-key', alice],
            ['Authorization', `Basic ${Buffer.from(`user:${secret()}`).toString('base64')}`],
          ],
        ],
        [
          'Basic auth before x-api-key',
          'openai',
          () => [
            ['Authorization', `Basic ${Buffer.from(`user:${secret()}`).toString('base64')}`],
            ['x-api-key', alice],
          ],
        ],
        [
          'api-key and a different Bearer',
          'openai',
          () => [
            ['Authorization', `Bearer ${alice}`],
            ['api-key', bob],
          ],
        ],
        ['x_api_key underscore look-alike alone', 'anthropic', () => [['x_api_key', secret()]]],
        [
          'x_api_key look-alike next to a valid x-api-key',
          'anthropic',
          () => [
            ['x-api-key', alice],
            ['x_api_key', secret()],
          ],
        ],
        [
          'X_API_KEY upper-case look-alike next to a valid Bearer',
          'openai',
          () => [
            ['Authorization', `Bearer ${alice}`],
            ['X_API_KEY', secret()],
          ],
        ],
        [
          'api_key look-alike next to a valid Bearer',
          'openai',
          () => [
            ['Authorization', `Bearer ${alice}`],
            ['api_key', secret()],
          ],
        ],
      ];
      for (const [name, dialect, credentials] of cases) {
        it(`${name} (${dialect} route)`, async () => {
          const route = dialect === 'openai' ? '/v1/chat/completions' : '/v1/messages';
          const headers: [string, string][] = [...credentials()];
          if (dialect === 'anthropic') headers.push(['anthropic-version', '2023-06-01']);
          const record = await expectRejectedAndClosed(
            h,
            buildRequest({
              target: route,
              headers,
              body: dialect === 'openai' ? chatBody() : messagesBody(),
            }),
            { status: 400, code: 'DG_ERR_CONFLICTING_CREDENTIALS', dialect, anonymous: true },
          );
          expect(record.route).toBe(
            dialect === 'openai' ? 'openai.chat_completions' : 'anthropic.messages',
          );
        });
      }

      it('a request pipelined behind a conflicting-credentials 400 never reaches the upstream', async () => {
        // An idle upstream connection: a request that slips through is forwarded at once.
        await send(
          buildRequest({
            method: 'GET',
            target: '/v1/models',
            headers: [['Authorization', `Bearer ${alice}`]],
          }),
        );
        const recordsBefore = (await h.records()).length;
        const upstreamBefore = h.mock.requests.length;
        const rejected = buildRequest({
          method: 'GET',
          target: '/v1/models',
          headers: [
            ['Authorization', `Bearer ${alice}`],
            ['Authorization', `Bearer ${bob}`],
          ],
        });
        const pipelined = buildRequest({
          method: 'GET',
          target: '/v1/models?pipelined=1',
          headers: [['Authorization', `Bearer ${alice}`]],
        });
        const result = await exchangeUntilClose(h.url, Buffer.concat([rejected, pipelined]));
        expect(result.responses.map((r) => r.statusCode)).toEqual([400]);
        expect(result.closed).toBe(true);
        const records = await newRecords(h, recordsBefore, 1, 300);
        expect(h.mock.requests.slice(upstreamBefore).map((r) => r.url)).toEqual([]);
        expect(records.map((r) => `${r.status} ${r.outcome}`)).toEqual(['400 rejected']);
      });
    });
  });

  describe('response headers', () => {
    it("strips the upstream's hop-by-hop and internal response headers", async () => {
      const { response, upstream } = await send(
        buildRequest({
          target: '/v1/chat/completions',
          headers: [
            ['Authorization', `Bearer ${alice}`],
            [SCENARIO, 'hop-response'],
          ],
          body: chatBody(),
        }),
      );
      expect(upstream).toHaveLength(1);
      expect(response.statusCode).toBe(200);
      const names = response.rawHeaders.map(([name]) => name.toLowerCase());
      expect(names).not.toContain('x-upstream-hop');
      expect(names).not.toContain('proxy-authenticate');
      expect(names).not.toContain('proxy-connection');
      expect(names).not.toContain('trailer');
      expect(names).not.toContain('x-distillguard-account');
      // Node writes its own Connection/Keep-Alive for the client hop; the upstream's must not leak.
      expect(headerValues(response, 'keep-alive')).not.toContain('timeout=7, max=3');
      for (const value of headerValues(response, 'connection'))
        expect(value.toLowerCase()).not.toContain('x-upstream-hop');
      expect(headerValues(response, 'x-kept-response-header')).toEqual(['kept']);
      expect(headerValues(response, 'x-upstream-request-id')).toEqual(['upstream-abc-123']);
      const ids = headerValues(response, 'x-request-id');
      expect(ids).toHaveLength(1);
      expect(ids[0]).toMatch(/^req_/);
    });

    it("a normal response: our x-request-id, the upstream's as x-upstream-request-id", async () => {
      const recordsBefore = (await h.records()).length;
      const { response } = await send(
        buildRequest({
          target: '/v1/messages',
          headers: [
            ['x-api-key', alice],
            ['anthropic-version', '2023-06-01'],
            ['X-Request-Id', 'client-chosen-id'],
          ],
          body: messagesBody(),
        }),
      );
      expect(response.statusCode).toBe(200);
      expect(headerValues(response, 'x-upstream-request-id')).toEqual(['upstream-req-1']);
      const records = await newRecords(h, recordsBefore);
      expect(records).toHaveLength(1);
      expect(headerValues(response, 'x-request-id')).toEqual([records[0]!.request_id]);
      expect(records[0]!.request_id).not.toBe('client-chosen-id');
    });

    it('every kind of response carries x-request-id equal to its record', async () => {
      const requests: [string, Buffer][] = [
        [
          '200 JSON',
          buildRequest({
            target: '/v1/chat/completions',
            headers: [['Authorization', `Bearer ${alice}`]],
            body: chatBody(),
          }),
        ],
        [
          '200 SSE',
          buildRequest({
            target: '/v1/chat/completions',
            headers: [['Authorization', `Bearer ${alice}`]],
            body: JSON.stringify({
              model: 'mock-large',
              stream: true,
              messages: [{ role: 'user', content: 'hi' }],
            }),
          }),
        ],
        [
          '200 pass-through',
          buildRequest({
            method: 'GET',
            target: '/v1/models',
            headers: [['Authorization', `Bearer ${alice}`]],
          }),
        ],
        ['401', buildRequest({ target: '/v1/chat/completions', body: chatBody() })],
        [
          '403 blocked account',
          buildRequest({
            target: '/v1/chat/completions',
            headers: [['Authorization', `Bearer ${h.keys.mallory}`]],
            body: chatBody(),
          }),
        ],
        ['404', buildRequest({ method: 'GET', target: '/v1/nothing-here' })],
        ['405', buildRequest({ method: 'GET', target: '/v1/chat/completions' })],
        [
          '400 invalid JSON',
          buildRequest({
            target: '/v1/chat/completions',
            headers: [['Authorization', `Bearer ${alice}`]],
            body: '{"model":',
          }),
        ],
        [
          '400 parser',
          Buffer.from(
            'POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n' +
              'Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
          ),
        ],
      ];
      for (const [name, request] of requests) {
        const recordsBefore = (await h.records()).length;
        const result = await exchange(h.url, request);
        const response = result.response;
        const ids = headerValues(response, 'x-request-id');
        expect(ids, name).toHaveLength(1);
        const records = await newRecords(h, recordsBefore);
        expect(records, name).toHaveLength(1);
        expect(records[0]!.request_id, name).toBe(ids[0]);
        expect(records[0]!.status, name).toBe(response.statusCode);
      }
    });
  });

  it('the decision log holds no key, no canary and no prompt', async () => {
    await h.records();
    const text = await readFile(h.decisionLogFile, 'utf8');
    expect(text.length).toBeGreaterThan(0);
    for (const key of Object.values(h.keys)) expect(text).not.toContain(key);
    for (const value of secretsSent) expect(text).not.toContain(value);
    expect(text).not.toContain(UPSTREAM_SECRET);
  });

  it('no client key ever reached the upstream', () => {
    for (const seen of h.mock.requests) {
      for (const key of Object.values(h.keys)) expectNowhereUpstream(seen, key);
    }
  });
});

describe('client IP', () => {
  /** Sends a request with the given X-Forwarded-For lines; returns its record and upstream view. */
  async function viaXff(
    h: Harness,
    xff: readonly string[],
    extra: [string, string][] = [],
  ): Promise<{ prefix: string; upstreamXff: string[] }> {
    const recordsBefore = (await h.records()).length;
    const upstreamBefore = h.mock.requests.length;
    const result = await exchange(
      h.url,
      buildRequest({
        target: '/v1/chat/completions',
        headers: [
          ['Authorization', `Bearer ${h.keys.alice}`],
          ...xff.map((value): [string, string] => ['X-Forwarded-For', value]),
          ...extra,
        ],
        body: chatBody(),
      }),
    );
    expect(result.response.statusCode).toBe(200);
    const records = await newRecords(h, recordsBefore);
    expect(records).toHaveLength(1);
    const upstream = h.mock.requests.slice(upstreamBefore);
    expect(upstream).toHaveLength(1);
    return {
      prefix: records[0]!.client_ip_prefix,
      upstreamXff: upstreamHeaderValues(upstream[0]!.rawHeaders, 'x-forwarded-for'),
    };
  }

  describe('untrusted peer (no trusted_proxies)', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness();
    });
    afterAll(async () => {
      await h.close();
    });

    it('a spoofed X-Forwarded-For never chooses the client IP', async () => {
      const { prefix, upstreamXff } = await viaXff(h, ['203.0.113.9']);
      expect(prefix).toBe('127.0.0.0/24');
      expect(upstreamXff).toEqual(['127.0.0.1']);
    });

    it('nor does X-Real-IP, Forwarded or a chain of addresses', async () => {
      const { prefix, upstreamXff } = await viaXff(
        h,
        ['198.51.100.1, 203.0.113.9', '192.0.2.1'],
        [
          ['X-Real-IP', '203.0.113.10'],
          ['Forwarded', 'for=203.0.113.11'],
        ],
      );
      expect(prefix).toBe('127.0.0.0/24');
      expect(upstreamXff).toEqual(['127.0.0.1']);
    });
  });

  describe('peer not in a non-empty trusted_proxies', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness({ config: { listen: { trusted_proxies: ['10.0.0.0/8'] } } });
    });
    afterAll(async () => {
      await h.close();
    });

    it('X-Forwarded-For from an untrusted peer is ignored', async () => {
      const { prefix, upstreamXff } = await viaXff(h, ['203.0.113.9']);
      expect(prefix).toBe('127.0.0.0/24');
      expect(upstreamXff).toEqual(['127.0.0.1']);
    });
  });

  describe('trusted peer (trusted_proxies: 127.0.0.1/32, 10.0.0.0/8)', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness({
        config: { listen: { trusted_proxies: ['127.0.0.1/32', '10.0.0.0/8'] } },
      });
    });
    afterAll(async () => {
      await h.close();
    });

    const cases: [string, string[], string, string][] = [
      ['one address', ['203.0.113.9'], '203.0.113.0/24', '203.0.113.9'],
      [
        'a client-chosen prefix is skipped: the rightmost untrusted hop wins',
        ['198.51.100.77, 203.0.113.9'],
        '203.0.113.0/24',
        '203.0.113.9',
      ],
      [
        'trusted hops on the right are walked past',
        ['203.0.113.9, 10.1.2.3, 127.0.0.1'],
        '203.0.113.0/24',
        '203.0.113.9',
      ],
      [
        'two X-Forwarded-For headers are one list',
        ['198.51.100.77', '203.0.113.9, 10.0.0.1'],
        '203.0.113.0/24',
        '203.0.113.9',
      ],
      ['an IPv6 client', ['2001:db8:1:2::5'], '2001:db8:1::/48', '2001:db8:1:2::5'],
      ['an IPv4-mapped IPv6 client', ['::ffff:203.0.113.9'], '203.0.113.0/24', '203.0.113.9'],
      ['spaces around entries', ['  203.0.113.9  ,10.0.0.1 '], '203.0.113.0/24', '203.0.113.9'],
    ];
    for (const [name, xff, prefix, forwarded] of cases) {
      it(`${name}: ${JSON.stringify(xff)} → ${prefix}`, async () => {
        const result = await viaXff(h, xff);
        expect(result.prefix).toBe(prefix);
        expect(result.upstreamXff).toEqual([forwarded]);
      });
    }

    const malformed: [string, string[]][] = [
      ['not an address', ['not-an-ip']],
      ['a malformed rightmost entry', ['203.0.113.9, garbage']],
      ['an address with a port', ['203.0.113.9:4711']],
      ['a bracketed IPv6 address', ['[2001:db8::1]']],
      ['an out-of-range octet', ['999.1.1.1']],
      ['an empty value', ['']],
      ['only commas', [',,,']],
      ['a header-injection attempt', ['203.0.113.9\\r\\nX-Evil: 1']],
      ['an obfuscated address', ['0x7f.1']],
      ['a CIDR', ['203.0.113.0/24']],
    ];
    for (const [name, xff] of malformed) {
      it(`${name} (${JSON.stringify(xff)}) is not used: the peer address is`, async () => {
        const result = await viaXff(h, xff);
        expect(result.prefix).toBe('127.0.0.0/24');
        expect(result.upstreamXff).toEqual(['127.0.0.1']);
      });
    }

    it('a long chain (2,000 entries) is handled without harm', async () => {
      const chain = Array.from({ length: 2_000 }, (_, i) => `10.0.${i % 250}.${i % 200}`);
      chain.unshift('203.0.113.9');
      const result = await viaXff(h, [chain.join(',')]);
      expect(result.prefix).toBe('203.0.113.0/24');
    });

    it('X-Real-IP alone is never believed', async () => {
      const result = await viaXff(h, [], [['X-Real-IP', '203.0.113.9']]);
      expect(result.prefix).toBe('127.0.0.0/24');
    });
  });
});
