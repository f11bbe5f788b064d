/**
 * WebSocket pass-through (/v1/realtime in the harness): authenticated at connect, the client's
 * credential replaced by the upstream one, internal headers dropped; refused upgrades answer with
 * the dialect's error (never 101) and close; one decision record per attempt, the successful one
 * written when the socket closes. The mock upstream's echo endpoint is the oracle.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateApiKey } from '../../src/auth/api-key.ts';
import type { DecisionRecord } from '../../src/decision-log/record.ts';
import type { RecordedRequest } from '../../src/mock-upstream/mock-upstream.ts';
import { acceptHandshake } from '../../src/mock-upstream/websocket-echo.ts';
import { encodeFrame } from '../../src/upstream/websocket-frames.ts';
import { adminClient } from '../helpers/admin-client.ts';
import { startHarness, UPSTREAM_SECRET, type Harness } from '../helpers/harness.ts';
import {
  buildRequest,
  exchangeUntilClose,
  headerValues,
  jsonBody,
  type RawResponse,
} from '../helpers/raw-http.ts';

const SPOOFED_IP = '203.0.113.77';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

function wsUrl(path: string): string {
  return `${h.url.replace(/^http/, 'ws')}${path}`;
}

function upstreamUpgrades(): RecordedRequest[] {
  return h.mock.requests.filter((r) => r.url.startsWith('/v1/realtime'));
}

function headerOf(request: RecordedRequest, name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    if (request.rawHeaders[i]?.toLowerCase() === name) out.push(request.rawHeaders[i + 1] ?? '');
  }
  return out;
}

/** A realtime session opened on `harness` with `key`; rejects when the upgrade is refused. */
async function openSession(harness: Harness, key: string): Promise<WebSocket> {
  const ws = new WebSocket(`${harness.url.replace(/^http/, 'ws')}/v1/realtime`, {
    headers: { authorization: `Bearer ${key}` },
  });
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve(), { once: true });
    ws.addEventListener('error', () => reject(new Error('websocket failed to open')), {
      once: true,
    });
  });
  return ws;
}

/** An upgrade request sent as raw bytes; resolves when the proxy closes the connection. */
function rawUpgrade(
  path: string,
  headers: readonly (readonly [string, string])[],
): Promise<{ response: RawResponse; closed: boolean; leftover: string }> {
  return rawUpgradeAt(h.url, path, headers);
}

/** The same, to the proxy at `url`. */
async function rawUpgradeAt(
  url: string,
  path: string,
  headers: readonly (readonly [string, string])[],
): Promise<{ response: RawResponse; closed: boolean; leftover: string }> {
  const exchange = await exchangeUntilClose(
    url,
    buildRequest({
      method: 'GET',
      target: path,
      headers: [
        ['Host', new URL(url).host],
        ['Connection', 'Upgrade'],
        ['Upgrade', 'websocket'],
        ['Sec-WebSocket-Version', '13'],
        ['Sec-WebSocket-Key', randomBytes(16).toString('base64')],
        ...headers,
      ],
    }),
    2_000, // generous: the refusal is answered and closed at once
  );
  return { response: exchange.response, closed: exchange.closed, leftover: exchange.leftover };
}

/**
 * The records of these request ids, in the same order: waits until the log holds `total` records,
 * then requires exactly one record per id.
 */
async function recordsFor(ids: readonly string[], total: number): Promise<DecisionRecord[]> {
  let all: DecisionRecord[] = [];
  await vi
    .waitFor(
      async () => {
        all = await h.records();
        expect(all.length).toBeGreaterThanOrEqual(total);
      },
      { timeout: 5_000, interval: 20 },
    )
    .catch(() => {}); // the assertions below say what is missing
  return ids.map((id) => {
    const matching = all.filter((r) => r.request_id === id);
    expect(matching, `records for ${id}`).toHaveLength(1);
    return matching[0]!;
  });
}

describe('websocket pass-through', () => {
  it('a valid key connects and talks to the upstream, which sees only the upstream credential', async () => {
    const recordsBefore = (await h.records()).length;
    const upgradesBefore = upstreamUpgrades().length;
    const ws = new WebSocket(wsUrl('/v1/realtime?model=mock-large'), {
      headers: {
        authorization: `Bearer ${h.keys.alice}`,
        'x-forwarded-for': SPOOFED_IP,
        forwarded: `for=${SPOOFED_IP}`,
        'x-distillguard-account': 'acct_root',
        'proxy-authorization': 'Basic c2VjcmV0OnNlY3JldA==',
      },
    });
    ws.binaryType = 'arraybuffer';
    const received: (string | ArrayBuffer)[] = [];
    const nextMessage = (): Promise<string | ArrayBuffer> =>
      new Promise((resolve, reject) => {
        ws.addEventListener('message', (event) => resolve(event.data as string | ArrayBuffer), {
          once: true,
        });
        ws.addEventListener('close', () => reject(new Error('closed before a message')), {
          once: true,
        });
      });
    await new Promise<void>((resolve, reject) => {
      ws.addEventListener('open', () => resolve(), { once: true });
      ws.addEventListener('error', () => reject(new Error('websocket failed to open')), {
        once: true,
      });
    });

    const text = JSON.stringify({ type: 'session.update', n: 1 });
    const echoedText = nextMessage();
    ws.send(text);
    received.push(await echoedText);
    const binary = randomBytes(300); // > 125 bytes: an extended-length frame both ways
    const echoedBinary = nextMessage();
    ws.send(binary);
    received.push(await echoedBinary);
    expect(received[0]).toBe(text);
    expect(Buffer.from(received[1] as ArrayBuffer).equals(binary)).toBe(true);

    // What the upstream received.
    const upgrades = upstreamUpgrades();
    expect(upgrades).toHaveLength(upgradesBefore + 1);
    const seen = upgrades.at(-1)!;
    expect(seen.url).toBe('/v1/realtime?model=mock-large');
    expect(headerOf(seen, 'authorization')).toEqual([`Bearer ${UPSTREAM_SECRET}`]);
    for (const value of seen.rawHeaders) expect(value).not.toContain(h.keys.alice);
    expect(headerOf(seen, 'x-forwarded-for').join(',')).not.toContain(SPOOFED_IP);
    expect(headerOf(seen, 'x-forwarded-for')).toEqual(['127.0.0.1']);
    expect(headerOf(seen, 'forwarded')).toEqual([]);
    expect(headerOf(seen, 'x-distillguard-account')).toEqual([]);
    expect(headerOf(seen, 'proxy-authorization')).toEqual([]);
    expect(headerOf(seen, 'upgrade')).toEqual(['websocket']);
    const requestId = headerOf(seen, 'x-request-id')[0];
    expect(requestId).toMatch(/^req_/);

    // The record is written when the socket closes, not before.
    expect((await h.records()).filter((r) => r.request_id === requestId)).toEqual([]);
    const closed = new Promise<void>((resolve) =>
      ws.addEventListener('close', () => resolve(), { once: true }),
    );
    ws.close(1000, 'done');
    await closed;

    const [record] = await recordsFor([requestId!], recordsBefore + 1);
    expect(record).toMatchObject({
      status: 101,
      outcome: 'completed',
      action: 'allow',
      account: 'acct_alice',
      org: 'org_acme',
      method: 'GET',
      dialect: 'openai',
      error: null,
    });
    expect(record!.client_ip_prefix).not.toContain('203.0.113');
    expect(JSON.stringify(record)).not.toContain(h.keys.alice);
    expect(await h.records()).toHaveLength(recordsBefore + 1);
  });

  it('an unknown, malformed or missing key is refused with 401 (no 101), the upstream never sees it', async () => {
    const upgradesBefore = upstreamUpgrades().length;
    const recordsBefore = (await h.records()).length;
    const attempts: [string, (readonly [string, string])[]][] = [
      ['unknown key', [['Authorization', `Bearer ${generateApiKey()}`]]],
      ['malformed key', [['Authorization', 'Bearer dg_not-a-real-key']]],
      ['no key', []],
    ];
    const ids: string[] = [];
    const bodies = new Set<string>();
    for (const [name, headers] of attempts) {
      const { response, closed, leftover } = await rawUpgrade('/v1/realtime', headers);
      expect(response.statusCode, name).toBe(401);
      expect(leftover, name).not.toMatch(/^HTTP\/1\.1 101/);
      expect(headerValues(response, 'upgrade'), name).toEqual([]);
      expect(jsonBody(response), name).toMatchObject({
        error: { code: 'DG_ERR_UNAUTHENTICATED' },
      });
      expect.soft(closed, `${name}: the proxy closes a refused upgrade`).toBe(true);
      const id = response.headers['x-request-id'];
      expect(id).toMatch(/^req_/);
      ids.push(id!);
      // The 401 body is the same whatever the reason.
      bodies.add(response.text.replaceAll(id!, 'ID'));
    }
    expect(bodies.size).toBe(1);

    // One record per attempt.
    const records = await recordsFor(ids, recordsBefore + ids.length);
    for (const record of records) {
      expect(record).toMatchObject({
        status: 401,
        error: 'DG_ERR_UNAUTHENTICATED',
        outcome: 'rejected',
        action: 'reject',
        account: null,
      });
    }
    expect(records.map((r) => r.detail)).toEqual([
      'unknown_key',
      'malformed_key',
      'missing_credential',
    ]);

    // A real client fails to open (undici's client tries the handshake twice after a 401; each
    // attempt is one more 401 record).
    const ws = new WebSocket(wsUrl('/v1/realtime'), {
      headers: { authorization: `Bearer ${generateApiKey()}` },
    });
    const outcome = await new Promise<string>((resolve) => {
      ws.addEventListener('open', () => resolve('open'), { once: true });
      ws.addEventListener('error', () => resolve('error'), { once: true });
    });
    expect(outcome).toBe('error');
    expect(upstreamUpgrades()).toHaveLength(upgradesBefore);
    await vi
      .waitFor(
        async () => expect((await h.records()).length).toBeGreaterThan(recordsBefore + ids.length),
        { timeout: 5_000, interval: 20 },
      )
      .catch(() => {});
    const fromClient = (await h.records()).slice(recordsBefore + ids.length);
    expect(fromClient.length).toBeGreaterThanOrEqual(1);
    for (const record of fromClient) {
      expect(record).toMatchObject({ status: 401, detail: 'unknown_key', account: null });
    }
  });

  it('a path that is not allow-listed for upgrades is refused with 404', async () => {
    const upgradesBefore = upstreamUpgrades().length;
    const recordsBefore = (await h.records()).length;
    const ids: string[] = [];
    for (const path of ['/v1/realtime2', '/v1/realtime/x', '/v1/chat/completions', '/v1/models']) {
      const { response, closed } = await rawUpgrade(path, [
        ['Authorization', `Bearer ${h.keys.alice}`],
      ]);
      expect(response.statusCode, path).toBe(404);
      expect.soft(closed, `${path}: the proxy closes a refused upgrade`).toBe(true);
      expect(jsonBody(response), path).toMatchObject({ error: { code: 'DG_ERR_ROUTE_NOT_FOUND' } });
      ids.push(response.headers['x-request-id']!);
    }
    expect(upstreamUpgrades()).toHaveLength(upgradesBefore);
    const otherGets = h.mock.requests.filter(
      (r) => r.method === 'GET' && !r.url.startsWith('/v1/realtime'),
    );
    expect(otherGets).toEqual([]);
    for (const record of await recordsFor(ids, recordsBefore + ids.length)) {
      expect(record).toMatchObject({
        status: 404,
        error: 'DG_ERR_ROUTE_NOT_FOUND',
        outcome: 'rejected',
      });
    }
  });

  it('a deny-listed account or org is refused with 403', async () => {
    const upgradesBefore = upstreamUpgrades().length;
    const recordsBefore = (await h.records()).length;
    const cases = [
      { key: h.keys.mallory, account: 'acct_mallory' },
      { key: h.keys.erin, account: 'acct_erin' },
    ];
    const ids: string[] = [];
    for (const { key, account } of cases) {
      const { response, closed } = await rawUpgrade('/v1/realtime', [
        ['Authorization', `Bearer ${key}`],
      ]);
      expect(response.statusCode, account).toBe(403);
      expect(response.headers['x-should-retry']).toBe('false');
      expect.soft(closed, `${account}: the proxy closes a refused upgrade`).toBe(true);
      expect(jsonBody(response)).toMatchObject({ error: { code: 'DG_ERR_BLOCKED' } });
      expect(response.text).not.toContain(key);
      ids.push(response.headers['x-request-id']!);
    }
    expect(upstreamUpgrades()).toHaveLength(upgradesBefore);
    const records = await recordsFor(ids, recordsBefore + ids.length);
    cases.forEach(({ account }, index) => {
      expect(records[index]).toMatchObject({
        status: 403,
        error: 'DG_ERR_BLOCKED',
        outcome: 'blocked',
        action: 'block',
        account,
      });
    });
  });

  it('two credentials on one upgrade are refused with 400', async () => {
    const recordsBefore = (await h.records()).length;
    const { response, closed } = await rawUpgrade('/v1/realtime', [
      ['Authorization', `Bearer ${h.keys.alice}`],
      ['x-api-key', h.keys.bob],
    ]);
    expect(response.statusCode).toBe(400);
    expect.soft(closed, 'the proxy closes a refused upgrade').toBe(true);
    const [record] = await recordsFor([response.headers['x-request-id']!], recordsBefore + 1);
    expect(record).toMatchObject({ status: 400, error: 'DG_ERR_CONFLICTING_CREDENTIALS' });
  });
});

describe('refused upgrades release their resources', () => {
  // Each test gets a proxy with two concurrency slots; streams from its mock outlast any test.
  async function smallHarness(): Promise<Harness> {
    return startHarness({
      config: { limits: { max_concurrent_requests: 2 } },
      mock: { eventDelayMs: 50, words: 2_000 },
    });
  }

  /** Closes the harness, bounded: a hanging shutdown is reported by a test, not a hook timeout. */
  async function closeBounded(small: Harness): Promise<boolean> {
    const done = await Promise.race([
      small.close().then(() => true),
      delay(10_000).then(() => false),
    ]);
    if (!done) await small.mock.close();
    return done;
  }

  function upgradeBytes(): Buffer {
    return buildRequest({
      method: 'GET',
      target: '/v1/realtime',
      headers: [
        ['Connection', 'Upgrade'],
        ['Upgrade', 'websocket'],
        ['Sec-WebSocket-Version', '13'],
        ['Sec-WebSocket-Key', randomBytes(16).toString('base64')],
      ],
    });
  }

  function chat(small: Harness, stream: boolean): Promise<Response> {
    return fetch(`${small.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${small.keys.alice}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'mock-large',
        stream,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });
  }

  it('a refused upgrade whose client has gone holds no concurrency slot and is recorded', async () => {
    const small = await smallHarness();
    try {
      // More refused upgrades than the concurrency limit; each client reads its 401 and leaves.
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const exchange = await exchangeUntilClose(small.url, upgradeBytes(), 200);
        statuses.push(exchange.response.statusCode);
      }
      expect(statuses).toEqual([401, 401, 401, 401]);
      // Every attempt is recorded once its client has gone…
      await vi
        .waitFor(async () => expect(await small.records()).toHaveLength(4), {
          timeout: 5_000,
          interval: 20,
        })
        .catch(() => {});
      expect((await small.records()).map((r) => r.status)).toEqual([401, 401, 401, 401]);
      // …and normal traffic is still admitted.
      const res = await chat(small, false);
      await res.text();
      expect(res.status).toBe(200);
    } finally {
      await closeBounded(small);
    }
  });

  it('shutdown completes within the drain deadline after an upgrade refused for overload', async () => {
    const small = await smallHarness();
    let stopped = false;
    try {
      // Both slots held by streams; an upgrade then is refused with 503 and its client leaves.
      const streams = [await chat(small, true), await chat(small, true)];
      expect(streams.map((res) => res.status)).toEqual([200, 200]);
      const readers = streams.map((res) => res.body!.getReader());
      await Promise.all(readers.map((reader) => reader.read()));
      const exchange = await exchangeUntilClose(small.url, upgradeBytes(), 200);
      expect(exchange.response.statusCode).toBe(503);
      expect(jsonBody(exchange.response)).toMatchObject({ error: { code: 'DG_ERR_OVERLOADED' } });
      // As for a request: a moment's wait may resolve it.
      expect(headerValues(exchange.response, 'retry-after')).toEqual(['1']);

      // drain_timeout is 2 s: the streams are cut then, and shutdown must finish soon after.
      const outcome = await Promise.race([
        small.app.shutdown().then(() => 'stopped'),
        delay(10_000).then(() => 'still running'),
      ]);
      for (const reader of readers) void reader.cancel().catch(() => {});
      stopped = outcome === 'stopped';
      expect(outcome).toBe('stopped');
    } finally {
      if (stopped) await small.close();
      else await small.mock.close();
    }
  });
});

describe('open WebSockets at shutdown', () => {
  it('an open WebSocket is cut at the drain deadline, shutdown completes, and it is recorded as cut', async () => {
    const harness = await startHarness({ config: { listen: { drain_timeout: '300ms' } } });
    try {
      const ws = await openSession(harness, harness.keys.alice);
      const clientClosed = new Promise<void>((resolve) =>
        ws.addEventListener('close', () => resolve(), { once: true }),
      );
      // Shutdown waits for the socket (it is in flight) until the deadline, then cuts it.
      await harness.app.shutdown();
      await clientClosed;
      const records = await harness.records();
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({
        route: 'websocket:/v1/realtime',
        status: 101,
        outcome: 'cut',
        error: 'DG_ERR_STREAM_CUT',
        detail: 'drain_deadline',
      });
    } finally {
      await harness.close(); // shutdown is idempotent
    }
  });
});

describe('an upgrade is no way around a remembered block or a pending challenge', () => {
  it('refuses the account an HTTP request got remembered as blocked, and an account whose challenge is pending', async () => {
    const harness = await startHarness({
      config: {
        policy: {
          challenge: { url: 'https://example.com/verify' },
          rules: [
            {
              id: 'block-and-remember',
              when: { model: ['mock-block-me'] },
              action: 'block',
              remember: { account: '1h' },
            },
            {
              id: 'verify-realtime',
              when: { route: ['websocket:/v1/realtime'], account: { tier: ['standard'] } },
              action: 'challenge',
            },
          ],
        },
      },
    });
    const upgradeAs = async (key: string) =>
      (await rawUpgradeAt(harness.url, '/v1/realtime', [['Authorization', `Bearer ${key}`]]))
        .response;
    try {
      // An HTTP request the rules block, remembering the account.
      const blocked = await fetch(`${harness.url}/v1/chat/completions`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${harness.keys.alice}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          model: 'mock-block-me',
          messages: [{ role: 'user', content: 'hi' }],
        }),
      });
      expect(blocked.status).toBe(403);
      await blocked.body?.cancel();
      const remembered = await upgradeAs(harness.keys.alice);
      expect(remembered.statusCode).toBe(403);
      expect(jsonBody(remembered)).toMatchObject({ error: { code: 'DG_ERR_BLOCKED' } });
      // A challenge rule on the upgrade is answered with the challenge, as for any request; and
      // while it is pending the account gets no session (a request would go on at the challenge
      // tier's token limits, which a session's tokens, charged after its answers, cannot meet
      // beforehand): retrying is refused.
      for (const attempt of [1, 2]) {
        const challenged = await upgradeAs(harness.keys.bob);
        expect(challenged.statusCode, `attempt ${attempt}`).toBe(403);
        expect(jsonBody(challenged)).toMatchObject({
          error: {
            code: 'DG_ERR_VERIFICATION_REQUIRED',
            verification_url: 'https://example.com/verify',
          },
        });
      }
      const upgrades = harness.mock.requests.filter((r) => r.url.startsWith('/v1/realtime'));
      expect(upgrades).toHaveLength(0);
      const records = await vi.waitFor(
        async () => {
          const all = (await harness.records()).filter((r) => r.route === 'websocket:/v1/realtime');
          expect(all).toHaveLength(3);
          return all;
        },
        { timeout: 5_000, interval: 20 },
      );
      expect(records.map((r) => [r.account, r.action, r.rule, r.reason, r.outcome])).toEqual([
        ['acct_alice', 'block', 'block-and-remember', 'remembered_account', 'blocked'],
        ['acct_bob', 'challenge', 'verify-realtime', 'policy_rule', 'challenged'],
        ['acct_bob', 'challenge', 'challenge:pending', 'challenge_pending', 'challenged'],
      ]);
    } finally {
      await harness.close();
    }
  });
});

describe('a block ends the sessions the account has open', () => {
  it('closes an open WebSocket when a request of its account is blocked, and records it as cut', async () => {
    const harness = await startHarness({
      config: {
        policy: {
          rules: [{ id: 'block-this', when: { model: ['mock-block-me'] }, action: 'block' }],
        },
      },
    });
    try {
      const ws = await openSession(harness, harness.keys.alice);
      const closed = new Promise<void>((resolve) =>
        ws.addEventListener('close', () => resolve(), { once: true }),
      );
      // Another account's block leaves the session alone; the account's own block ends it.
      const blockAs = async (key: string) => {
        const res = await fetch(`${harness.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            model: 'mock-block-me',
            messages: [{ role: 'user', content: 'hi' }],
          }),
        });
        await res.body?.cancel();
        return res.status;
      };
      expect(await blockAs(harness.keys.bob)).toBe(403);
      await delay(100);
      expect(ws.readyState).toBe(WebSocket.OPEN);
      expect(await blockAs(harness.keys.alice)).toBe(403);
      await Promise.race([
        closed,
        delay(5_000).then(() => {
          throw new Error('the session outlived the block of its account');
        }),
      ]);
      const record = await vi.waitFor(
        async () => {
          const found = (await harness.records()).find((r) => r.route === 'websocket:/v1/realtime');
          expect(found).toBeDefined();
          return found!;
        },
        { timeout: 5_000, interval: 20 },
      );
      expect(record).toMatchObject({
        account: 'acct_alice',
        status: 101,
        outcome: 'cut',
        error: 'DG_ERR_BLOCKED',
        detail: 'account_blocked',
      });
    } finally {
      await harness.close();
    }
  });
});

describe("a session spends its account's limits", () => {
  it('holds a concurrent-stream slot until it closes and spends one request; beyond either, 429', async () => {
    const harness = await startHarness({
      config: {
        policy: {
          limits: [
            {
              id: 'realtime-sessions',
              scope: 'account',
              when: { route: ['websocket:/v1/realtime'] },
              concurrent_streams: 1,
              requests: { limit: 3, per: '1h' },
            },
          ],
        },
      },
    });
    const open = (key: string) => openSession(harness, key);
    const close = (ws: WebSocket) =>
      new Promise<void>((resolve) => {
        ws.addEventListener('close', () => resolve(), { once: true });
        ws.close();
      });
    const upgradeAs = async (key: string) =>
      (await rawUpgradeAt(harness.url, '/v1/realtime', [['Authorization', `Bearer ${key}`]]))
        .response;
    try {
      const first = await open(harness.keys.alice);
      // The account's one slot is taken: a second session is refused, another account's is not.
      const second = await upgradeAs(harness.keys.alice);
      expect(second.statusCode).toBe(429);
      expect(jsonBody(second)).toMatchObject({ error: { code: 'DG_ERR_RATE_LIMITED' } });
      expect(headerValues(second, 'retry-after')).toEqual(['1']);
      const bob = await open(harness.keys.bob);
      await close(bob);
      // Closing the session gives its slot back (the proxy sees the close a moment later).
      await close(first);
      const again = await vi.waitFor(() => open(harness.keys.alice), {
        timeout: 5_000,
        interval: 50,
      });
      await close(again);
      // Two sessions opened (the refused attempt spent nothing): a third is the last of three.
      await close(
        await vi.waitFor(() => open(harness.keys.alice), { timeout: 5_000, interval: 50 }),
      );
      const fourth = await vi.waitFor(
        async () => {
          const response = await upgradeAs(harness.keys.alice);
          expect(response.statusCode).toBe(429);
          return response;
        },
        { timeout: 5_000, interval: 50 },
      );
      expect(jsonBody(fourth)).toMatchObject({ error: { code: 'DG_ERR_RATE_LIMITED' } });
      const records = await vi.waitFor(
        async () => {
          const all = (await harness.records()).filter(
            (r) => r.route === 'websocket:/v1/realtime' && r.account === 'acct_alice',
          );
          expect(all).toHaveLength(5);
          return all;
        },
        { timeout: 5_000, interval: 20 },
      );
      const refused = records.filter((r) => r.status === 429);
      expect(refused.map((r) => [r.action, r.rule, r.reason, r.detail, r.stream])).toEqual([
        [
          'throttle',
          'limit:realtime-sessions',
          'concurrent_streams',
          'realtime-sessions.concurrent_streams',
          true,
        ],
        ['throttle', 'limit:realtime-sessions', 'requests', 'realtime-sessions.requests', true],
      ]);
      expect(records.filter((r) => r.status === 101)).toHaveLength(3);
      // Only the sessions reached the upstream.
      const upgrades = harness.mock.requests.filter((r) => r.url.startsWith('/v1/realtime'));
      expect(upgrades).toHaveLength(4);
    } finally {
      await harness.close();
    }
  });
});

/** 500 output tokens reserved per session, 1,000 an hour for the account's realtime sessions. */
const REALTIME_OUTPUT_1000 = {
  reserve_output_tokens: 500,
  limits: [
    {
      id: 'realtime-output',
      scope: 'account',
      when: { route: ['websocket:/v1/realtime'] },
      output_tokens: { limit: 1000, per: '1h' },
    },
  ],
};

/** Sends a realtime `response.create` and collects server events up to its `response.done`. */
async function createResponse(ws: WebSocket, maxOutputTokens: number): Promise<RealtimeEvent[]> {
  const events: RealtimeEvent[] = [];
  const done = new Promise<RealtimeEvent[]>((resolve, reject) => {
    const onMessage = (event: MessageEvent): void => {
      const parsed = JSON.parse(event.data as string) as RealtimeEvent;
      events.push(parsed);
      if (parsed.type !== 'response.done') return;
      ws.removeEventListener('message', onMessage);
      resolve(events);
    };
    ws.addEventListener('message', onMessage);
    ws.addEventListener('close', () => reject(new Error('closed before response.done')), {
      once: true,
    });
  });
  ws.send(
    JSON.stringify({ type: 'response.create', response: { max_output_tokens: maxOutputTokens } }),
  );
  return done;
}

/** The record of one request id, once the log holds it (a session's is written at its close). */
async function recordOf(harness: Harness, requestId: string): Promise<DecisionRecord> {
  return vi.waitFor(
    async () => {
      const found = (await harness.records()).find((r) => r.request_id === requestId);
      expect(found).toBeDefined();
      return found!;
    },
    { timeout: 5_000, interval: 20 },
  );
}

/** A harness whose one rule acts on realtime sessions (and turns) naming `model`. */
function harnessWithModelRule(
  id: string,
  model: string,
  rule: Record<string, unknown>,
): Promise<Harness> {
  return startHarness({
    config: {
      policy: {
        rules: [{ id, when: { route: ['websocket:/v1/realtime'], model: [model] }, ...rule }],
      },
    },
  });
}

/** Every server event of a session from now on, and its close. */
function watchSession(ws: WebSocket): {
  readonly messages: RealtimeEvent[];
  readonly closed: Promise<CloseEvent>;
} {
  const messages: RealtimeEvent[] = [];
  ws.addEventListener('message', (event) =>
    messages.push(JSON.parse(event.data as string) as RealtimeEvent),
  );
  const closed = new Promise<CloseEvent>((resolve) =>
    ws.addEventListener('close', (event) => resolve(event), { once: true }),
  );
  return { messages, closed };
}

interface RealtimeEvent {
  readonly type: string;
  readonly response?: { readonly usage?: { input_tokens: number; output_tokens: number } };
  readonly error?: { readonly code?: string; readonly type?: string };
}

describe('a metered session (routes.websocket usage: realtime) spends its answers’ tokens', () => {
  it('logs the tokens its answers reported and offers no compression upstream', async () => {
    const before = upstreamUpgrades().length;
    // A raw upgrade offering permessage-deflate: the offer is not passed on (its answers must be
    // readable), and the upstream's 101 (no extension) reaches the client.
    const raw = await rawUpgradeAt(h.url, '/v1/realtime', [
      ['Authorization', `Bearer ${h.keys.alice}`],
      ['Sec-WebSocket-Extensions', 'permessage-deflate; client_max_window_bits'],
    ]);
    expect(raw.response.statusCode).toBe(101);
    expect(headerValues(raw.response, 'sec-websocket-extensions')).toEqual([]);
    expect(upstreamUpgrades()).toHaveLength(before + 1);
    expect(headerOf(upstreamUpgrades().at(-1)!, 'sec-websocket-extensions')).toEqual([]);

    const ws = await openSession(h, h.keys.alice);
    const first = await createResponse(ws, 300);
    expect(first.map((e) => e.type)).toEqual([
      'response.created',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.done',
    ]);
    // 20,000 tokens: an ~80 KB response.done, a 64-bit-length frame read through the relay.
    const second = await createResponse(ws, 20_000);
    const usages = [first, second].map((events) => events.at(-1)!.response!.usage!);
    // Echoed traffic between answers is relayed as before.
    const echoed = new Promise<string>((resolve) =>
      ws.addEventListener('message', (event) => resolve(event.data as string), { once: true }),
    );
    ws.send('{"type":"session.update"}');
    expect(await echoed).toBe('{"type":"session.update"}');
    const requestId = headerOf(upstreamUpgrades().at(-1)!, 'x-request-id')[0]!;
    const closed = new Promise<void>((resolve) =>
      ws.addEventListener('close', () => resolve(), { once: true }),
    );
    ws.close(1000, 'done');
    await closed;
    const record = await recordOf(h, requestId);
    expect(record).toMatchObject({
      status: 101,
      outcome: 'completed',
      tokens_in: usages[0]!.input_tokens + usages[1]!.input_tokens,
      tokens_out: 20_300,
      tokens_out_estimated: false,
      error: null,
    });
  });

  it('ends the session after the answer its token budget refuses: error event, 1008 close, 429 next', async () => {
    const harness = await startHarness({ config: { policy: REALTIME_OUTPUT_1000 } });
    try {
      const ws = await openSession(harness, harness.keys.alice);
      const { messages, closed } = watchSession(ws);
      // 500 reserved at admission; 400 + 400 fit the 1,000 (the overage charged as it comes);
      // the third answer's 400 does not: it is delivered, then the session ends.
      await createResponse(ws, 400);
      await createResponse(ws, 400);
      await createResponse(ws, 400);
      const close = await closed;
      expect(close.code).toBe(1008);
      expect(close.reason).toBe('DG_ERR_RATE_LIMITED');
      const tail = messages.slice(-2);
      expect(tail[0]!.type).toBe('response.done');
      expect(tail[1]).toMatchObject({
        type: 'error',
        error: { code: 'DG_ERR_RATE_LIMITED', type: 'rate_limit_error' },
      });
      const record = await vi.waitFor(
        async () => {
          const found = (await harness.records()).filter(
            (r) => r.route === 'websocket:/v1/realtime',
          );
          expect(found).toHaveLength(1);
          return found[0]!;
        },
        { timeout: 5_000, interval: 20 },
      );
      expect(record).toMatchObject({
        status: 101,
        outcome: 'cut',
        error: 'DG_ERR_RATE_LIMITED',
        detail: 'output_tokens_mid_session',
        tokens_out: 1200,
      });
      // Detection saw the session's three turns as requests of the account (the upgrade is none).
      const report = (
        await adminClient(harness)<{ risk: { requests_in_window: number } | null }>(
          '/admin/accounts/acct_alice',
        )
      ).json;
      expect(report.risk?.requests_in_window).toBeGreaterThan(2.5);
      expect(report.risk?.requests_in_window).toBeLessThanOrEqual(3);
      // The account's budget is spent: the next session is refused before it opens.
      const next = await vi.waitFor(
        async () => {
          const response = (
            await rawUpgradeAt(harness.url, '/v1/realtime', [
              ['Authorization', `Bearer ${harness.keys.alice}`],
            ])
          ).response;
          expect(response.statusCode).toBe(429);
          return response;
        },
        { timeout: 5_000, interval: 50 },
      );
      expect(jsonBody(next)).toMatchObject({ error: { code: 'DG_ERR_RATE_LIMITED' } });
    } finally {
      await harness.close();
    }
  });

  it('charges an answer the client left before its usage came what its text deltas carried', async () => {
    const harness = await startHarness({ config: { policy: REALTIME_OUTPUT_1000 } });
    try {
      const ws = await openSession(harness, harness.keys.alice);
      // A 2,000-token answer whose response.done the upstream holds back for 5 s: the client reads
      // the three text deltas and leaves.
      const deltas: string[] = [];
      const read = new Promise<void>((resolve) => {
        ws.addEventListener('message', (event) => {
          const parsed = JSON.parse(event.data as string) as RealtimeEvent & { delta?: string };
          if (parsed.type === 'response.output_text.delta') deltas.push(parsed.delta ?? '');
          if (deltas.length === 3) resolve();
        });
      });
      ws.send(
        JSON.stringify({
          type: 'response.create',
          response: { max_output_tokens: 2000, metadata: { mock_done_after_ms: 5_000 } },
        }),
      );
      await read;
      expect(deltas.join('').length).toBe(8000);
      const requestId = headerOf(
        harness.mock.requests.filter((r) => r.url.startsWith('/v1/realtime')).at(-1)!,
        'x-request-id',
      )[0]!;
      ws.close();
      const record = await recordOf(harness, requestId);
      // 8,000 ASCII characters: ~2,000 tokens, an estimate (never the 0 no usage event reported).
      expect(record).toMatchObject({ outcome: 'completed', tokens_out_estimated: true });
      expect(record.tokens_out).toBeGreaterThanOrEqual(2000);
      expect(record.tokens_out).toBeLessThanOrEqual(2003); // each delta's tokens rounded up
      // And the budget was charged it: the next session is refused.
      const next = (
        await rawUpgradeAt(harness.url, '/v1/realtime', [
          ['Authorization', `Bearer ${harness.keys.alice}`],
        ])
      ).response;
      expect(next.statusCode).toBe(429);
    } finally {
      await harness.close();
    }
  });

  it('judges each turn as a request: a blocked turn ends the session before its answer, remembered', async () => {
    const harness = await harnessWithModelRule('no-forbidden-model', 'mock-forbidden', {
      action: 'block',
      reason: 'forbidden_model',
      remember: { account: '1h' },
    });
    try {
      // The upgrade names no model: it opens. Its first turn (no model either) is answered.
      const ws = await openSession(harness, harness.keys.alice);
      const { messages, closed } = watchSession(ws);
      await createResponse(ws, 50);
      // The next turn asks the forbidden model: refused before the upstream's answer reaches it.
      ws.send(JSON.stringify({ type: 'session.update', session: { model: 'mock-forbidden' } }));
      ws.send(
        JSON.stringify({
          type: 'conversation.item.create',
          item: { role: 'user', content: [{ type: 'input_text', text: 'hello' }] },
        }),
      );
      ws.send(JSON.stringify({ type: 'response.create' }));
      const close = await closed;
      expect(close.code).toBe(1008);
      expect(close.reason).toBe('DG_ERR_BLOCKED');
      expect(messages.filter((m) => m.type.startsWith('response.'))).toHaveLength(5); // turn 1 only
      expect(messages.at(-1)).toMatchObject({ type: 'error', error: { code: 'DG_ERR_BLOCKED' } });
      const upgrades = harness.mock.requests.filter((r) => r.url.startsWith('/v1/realtime'));
      const record = await recordOf(harness, headerOf(upgrades.at(-1)!, 'x-request-id')[0]!);
      expect(record).toMatchObject({
        status: 101,
        action: 'block',
        rule: 'no-forbidden-model',
        outcome: 'cut',
        error: 'DG_ERR_BLOCKED',
        detail: 'forbidden_model',
        model: 'mock-forbidden',
        tokens_out: 50,
      });
      // The block is remembered as the rule says: the account's next upgrade is refused.
      const next = (
        await rawUpgradeAt(harness.url, '/v1/realtime', [
          ['Authorization', `Bearer ${harness.keys.alice}`],
        ])
      ).response;
      expect(next.statusCode).toBe(403);
      expect(jsonBody(next)).toMatchObject({ error: { code: 'DG_ERR_BLOCKED' } });
    } finally {
      await harness.close();
    }
  });

  it('reads every client event: a nested or escaped type passes no turn unjudged; an unreadable one ends it', async () => {
    const harness = await harnessWithModelRule('no-forbidden-model', 'mock-forbidden', {
      action: 'block',
      reason: 'forbidden_model',
    });
    const endedWith = async (key: string, events: readonly string[]) => {
      const ws = await openSession(harness, key);
      const { closed } = watchSession(ws);
      for (const event of events) ws.send(event);
      const close = await closed;
      return [close.code, close.reason];
    };
    try {
      // The GA session shape (a nested "type" first), and an escaped top-level type.
      expect(
        await endedWith(harness.keys.alice, [
          '{"session":{"type":"realtime","model":"mock-forbidden"},"type":"session.update"}',
          '{"type":"response\\u002ecreate"}',
        ]),
      ).toEqual([1008, 'DG_ERR_BLOCKED']);
      // A message too large to read (over 4 MiB) would pass unjudged: it ends the session.
      expect(
        await endedWith(harness.keys.bob, [
          `{"type":"response.create","response":{"instructions":"${'x'.repeat(4 * 1024 * 1024)}"}}`,
        ]),
      ).toEqual([1008, 'DG_ERR_BODY_TOO_LARGE']);
    } finally {
      await harness.close();
    }
  });

  it("spends a request a turn: beyond the account's requests, the session ends before the answer", async () => {
    const harness = await startHarness({
      config: {
        policy: {
          limits: [
            {
              id: 'realtime-requests',
              scope: 'account',
              when: { route: ['websocket:/v1/realtime'] },
              requests: { limit: 3, per: '1h' },
            },
          ],
        },
      },
    });
    try {
      // The upgrade is one request and each turn one more: two turns are answered, the third not.
      const ws = await openSession(harness, harness.keys.alice);
      const { messages, closed } = watchSession(ws);
      await createResponse(ws, 10);
      await createResponse(ws, 10);
      const answered = messages.length;
      ws.send(JSON.stringify({ type: 'response.create' }));
      const close = await closed;
      expect([close.code, close.reason]).toEqual([1008, 'DG_ERR_RATE_LIMITED']);
      expect(messages.slice(answered).map((m) => m.type)).toEqual(['error']);
      const upgrades = harness.mock.requests.filter((r) => r.url.startsWith('/v1/realtime'));
      const record = await recordOf(harness, headerOf(upgrades.at(-1)!, 'x-request-id')[0]!);
      expect(record).toMatchObject({
        outcome: 'cut',
        error: 'DG_ERR_RATE_LIMITED',
        detail: 'realtime-requests.requests',
        tokens_out: 20,
      });
    } finally {
      await harness.close();
    }
  });

  it("logs the riskiest turn's decision a session does not apply (observe): its facts and rule", async () => {
    const harness = await harnessWithModelRule('watch-model', 'mock-watched', {
      action: 'observe',
      reason: 'watched_model',
    });
    try {
      const ws = await openSession(harness, harness.keys.alice);
      await createResponse(ws, 40);
      ws.send(JSON.stringify({ type: 'session.update', session: { model: 'mock-watched' } }));
      await createResponse(ws, 60); // observed, answered: an observe is not applied
      const upgrades = harness.mock.requests.filter((r) => r.url.startsWith('/v1/realtime'));
      const requestId = headerOf(upgrades.at(-1)!, 'x-request-id')[0]!;
      const closed = new Promise<void>((resolve) =>
        ws.addEventListener('close', () => resolve(), { once: true }),
      );
      ws.close();
      await closed;
      expect(await recordOf(harness, requestId)).toMatchObject({
        status: 101,
        action: 'observe',
        rule: 'watch-model',
        reason: 'watched_model',
        model: 'mock-watched',
        outcome: 'completed',
        tokens_out: 100,
      });
    } finally {
      await harness.close();
    }
  });

  it('with usage: none, a raw pipe: the offer passes, answers are not read, no tokens logged', async () => {
    const harness = await startHarness({
      config: {
        routes: { websocket: [{ path: '/v1/realtime', dialect: 'openai', usage: 'none' }] },
      },
    });
    try {
      const raw = await rawUpgradeAt(harness.url, '/v1/realtime', [
        ['Authorization', `Bearer ${harness.keys.alice}`],
        ['Sec-WebSocket-Extensions', 'permessage-deflate'],
      ]);
      expect(raw.response.statusCode).toBe(101);
      const seen = harness.mock.requests.filter((r) => r.url.startsWith('/v1/realtime'));
      expect(headerOf(seen.at(-1)!, 'sec-websocket-extensions')).toEqual(['permessage-deflate']);
      const ws = await openSession(harness, harness.keys.alice);
      const events = await createResponse(ws, 300);
      expect(events.at(-1)!.response!.usage!.output_tokens).toBe(300);
      const upgrades = harness.mock.requests.filter((r) => r.url.startsWith('/v1/realtime'));
      const requestId = headerOf(upgrades.at(-1)!, 'x-request-id')[0]!;
      const closed = new Promise<void>((resolve) =>
        ws.addEventListener('close', () => resolve(), { once: true }),
      );
      ws.close();
      await closed;
      const record = await recordOf(harness, requestId);
      expect(record).toMatchObject({ status: 101, outcome: 'completed', tokens_out: null });
    } finally {
      await harness.close();
    }
  });
});

/** An upstream whose every session floods the client with 1 MiB audio deltas (up to 256 MiB). */
async function floodingUpstream(): Promise<{
  url: string;
  written: () => number;
  open: () => number;
  close: () => Promise<void>;
}> {
  const sockets: Socket[] = [];
  let written = 0;
  const big = encodeFrame(
    0x1,
    Buffer.from(
      JSON.stringify({ type: 'response.output_audio.delta', delta: 'A'.repeat(1 << 20) }),
    ),
  );
  const server = createServer();
  server.on('upgrade', (req, socket: Socket) => {
    sockets.push(socket);
    if (!acceptHandshake(req, socket)) return;
    socket.on('error', () => socket.destroy());
    const pump = (): void => {
      while (!socket.destroyed && written < 256 * (1 << 20)) {
        written += big.length;
        if (!socket.write(big)) return void socket.once('drain', pump);
      }
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    written: () => written,
    open: () => sockets.filter((s) => !s.destroyed).length,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('a session whose client stops reading', () => {
  it.each(['realtime', 'none'])(
    'holds the upstream back, and closes it when the client goes (usage: %s)',
    async (usage) => {
      const upstream = await floodingUpstream();
      const harness = await startHarness({
        config: {
          upstream: { url: upstream.url },
          routes: { websocket: [{ path: '/v1/realtime', dialect: 'openai', usage }] },
        },
      });
      try {
        const client = connect(Number(new URL(harness.url).port), '127.0.0.1');
        client.write(
          buildRequest({
            method: 'GET',
            target: '/v1/realtime',
            headers: [
              ['Host', 'x'],
              ['Upgrade', 'websocket'],
              ['Connection', 'Upgrade'],
              ['Sec-WebSocket-Version', '13'],
              ['Sec-WebSocket-Key', randomBytes(16).toString('base64')],
              ['Authorization', `Bearer ${harness.keys.alice}`],
            ],
          }),
        );
        await new Promise((resolve) => client.once('data', resolve));
        client.pause(); // reads nothing more
        await delay(1_000);
        // Backpressure reached the upstream: it stalled at socket buffers, not at its 256 MiB.
        expect(upstream.written()).toBeLessThan(64 * (1 << 20));
        expect(upstream.open()).toBe(1);
        client.destroy();
        await vi.waitFor(() => expect(upstream.open()).toBe(0), { timeout: 5_000, interval: 50 });
      } finally {
        await harness.close();
        await upstream.close();
      }
    },
  );
});
