/**
 * The admin listener: /healthz and /readyz behind the bearer token (one 401 whatever is wrong),
 * /readyz turning 503 + draining during shutdown, `unauthenticated_probes` opening only the probes,
 * 404 for anything else, and no secret (admin token, upstream credential, API keys) in any answer.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { Agent, request, type Dispatcher } from 'undici';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateApiKey } from '../../src/auth/api-key.ts';
import { ADMIN_TOKEN, startHarness, UPSTREAM_SECRET, type Harness } from '../helpers/harness.ts';

interface AdminResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
}

/** Every admin answer any test saw, for the secret scan. */
const seen: AdminResponse[] = [];

async function admin(
  h: Harness,
  path: string,
  headers: Record<string, string> = {},
  method: Dispatcher.HttpMethod = 'GET',
): Promise<AdminResponse> {
  const res = await request(`${h.app.adminUrl!}${path}`, { method, headers });
  const response = { status: res.statusCode, headers: res.headers, text: await res.body.text() };
  seen.push(response);
  return response;
}

const bearer = { authorization: `Bearer ${ADMIN_TOKEN}` };

/** The parts of a 401 that must not vary with what was wrong. */
function shape(response: AdminResponse): string {
  return JSON.stringify([
    response.status,
    response.text,
    response.headers['content-type'],
    response.headers['content-length'],
    Object.keys(response.headers).sort(),
  ]);
}

describe('admin listener (token required)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('runs on its own port', () => {
    expect(h.app.adminUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(h.app.adminUrl).not.toBe(h.url);
  });

  it('answers /healthz and /readyz with the bearer token', async () => {
    const health = await admin(h, '/healthz', bearer);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.text)).toMatchObject({ status: 'ok' });
    expect(health.headers['cache-control']).toBe('no-store');

    const ready = await admin(h, '/readyz', bearer);
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.text)).toMatchObject({
      ready: true,
      draining: false,
      config_version: h.app.config().version,
      inflight: 0,
    });
    // The scheme name is case-insensitive; a query string does not change the route.
    expect((await admin(h, '/healthz', { authorization: `bearer ${ADMIN_TOKEN}` })).status).toBe(
      200,
    );
    expect((await admin(h, '/readyz?verbose=1', bearer)).status).toBe(200);
  });

  it('refuses a missing or wrong token with one constant 401', async () => {
    const wrongSameLength = ADMIN_TOKEN.replace(/.$/, (c) => (c === 'x' ? 'y' : 'x'));
    const attempts: Record<string, string>[] = [
      {},
      { authorization: '' },
      { authorization: 'Bearer' },
      { authorization: 'Bearer ' },
      { authorization: `Bearer ${wrongSameLength}` },
      { authorization: `Bearer ${ADMIN_TOKEN}x` },
      { authorization: `Bearer ${ADMIN_TOKEN.slice(0, -1)}` },
      { authorization: 'Bearer short' },
      { authorization: `Basic ${Buffer.from(`admin:${ADMIN_TOKEN}`).toString('base64')}` },
      { authorization: ADMIN_TOKEN },
      { authorization: `Token ${ADMIN_TOKEN}` },
      { authorization: `Bearer ${ADMIN_TOKEN} ${ADMIN_TOKEN}` },
      { 'x-admin-token': ADMIN_TOKEN },
      { authorization: `Bearer ${UPSTREAM_SECRET}` },
      { authorization: `Bearer ${h.keys.alice}` },
    ];
    const shapes = new Set<string>();
    for (const path of ['/healthz', '/readyz']) {
      for (const headers of attempts) {
        const response = await admin(h, path, headers);
        expect(response.status, `${path} ${JSON.stringify(headers)}`).toBe(401);
        shapes.add(shape(response));
      }
      const inQuery = await admin(h, `${path}?token=${ADMIN_TOKEN}`);
      expect(inQuery.status).toBe(401);
      shapes.add(shape(inQuery));
    }
    // Unknown routes look the same without the token (no route discovery).
    for (const path of ['/metrics', '/admin', '/']) shapes.add(shape(await admin(h, path)));
    expect([...shapes]).toHaveLength(1);
    expect(JSON.parse(seen.at(-1)!.text)).toEqual({
      error: { type: 'authentication_error', message: 'Admin token required.' },
    });
  });

  it('answers 404 for unknown routes (with the token)', async () => {
    for (const path of [
      '/',
      '/metrics',
      '/admin',
      '/healthz/',
      '/healthz/x',
      '/readyz.json',
      '/v1/messages',
    ]) {
      const response = await admin(h, path, bearer);
      expect(response.status, path).toBe(404);
      expect(JSON.parse(response.text)).toMatchObject({ error: { type: 'not_found_error' } });
    }
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await admin(h, '/healthz', bearer, 'POST')).status).toBe(405);
    expect((await admin(h, '/readyz', bearer, 'DELETE')).status).toBe(405);
    expect((await admin(h, '/readyz', {}, 'POST')).status).toBe(401);
    const head = await admin(h, '/healthz', bearer, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
  });

  it('reports a failed reload without echoing the file content', async () => {
    // An operator pastes a raw API key where its hash belongs: the reload fails, /readyz says so.
    const good = await readFile(h.keyFile, 'utf8');
    const pasted = generateApiKey();
    try {
      await writeFile(h.keyFile, good.replace(/sha256: [0-9a-f]{64}/, `sha256: ${pasted}`));
      const status = await h.app.reload();
      expect(status.ok).toBe(false);
      const ready = await admin(h, '/readyz', bearer);
      expect(ready.status).toBe(200);
      const body = JSON.parse(ready.text) as { last_reload: { ok: boolean; errors: string[] } };
      expect(body.last_reload.ok).toBe(false);
      expect(body.last_reload.errors.join('\n')).toMatch(/keys\.yaml:\d+:\d+ keys\[0\]\.sha256/);
      expect(ready.text).not.toContain(pasted);
    } finally {
      await writeFile(h.keyFile, good);
      expect((await h.app.reload()).ok).toBe(true);
    }
    const ready = await admin(h, '/readyz', bearer);
    expect(JSON.parse(ready.text)).toMatchObject({ ready: true, last_reload: { ok: true } });
  });

  it('never puts the admin token, the upstream secret or an API key in an answer', async () => {
    // Every admin answer of this file so far, plus the probes once more.
    await admin(h, '/healthz', bearer);
    await admin(h, '/readyz', bearer);
    expect(seen.length).toBeGreaterThan(40);
    const secrets = [ADMIN_TOKEN, UPSTREAM_SECRET, ...Object.values(h.keys)];
    for (const response of seen) {
      const text = response.text + JSON.stringify(response.headers);
      for (const secret of secrets) expect(text).not.toContain(secret);
      expect(text).not.toMatch(/dg_[0-9A-Za-z]{20}/);
    }
  });
});

describe('admin listener during shutdown', () => {
  let h: Harness;
  beforeAll(async () => {
    // Streams of ~45 events 50 ms apart, inside a generous drain timeout.
    h = await startHarness({
      mock: { eventDelayMs: 50, words: 40 },
      config: { listen: { drain_timeout: '30s' } },
    });
  });
  afterAll(async () => {
    await h.close();
  });

  it('/readyz reports draining with 503 while in-flight streams finish; /healthz stays 200', async () => {
    const agent = new Agent();
    try {
      const res = await request(`${h.url}/v1/messages`, {
        method: 'POST',
        headers: {
          'x-api-key': h.keys.alice,
          'anthropic-version': '2023-06-01',
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          model: 'mock-large',
          max_tokens: 256,
          stream: true,
          messages: [{ role: 'user', content: 'hi' }],
        }),
        dispatcher: agent,
      });
      expect(res.statusCode).toBe(200);
      res.body.setEncoding('utf8');
      let text = '';
      const done = new Promise<void>((resolve, reject) => {
        res.body.on('data', (chunk: string) => (text += chunk));
        res.body.on('end', resolve);
        res.body.on('error', reject);
      });
      done.catch(() => {});
      await vi.waitFor(() => expect(text).not.toBe(''), { timeout: 5_000, interval: 10 });

      expect((await admin(h, '/readyz', bearer)).status).toBe(200);
      const stopping = h.app.shutdown();

      await vi.waitFor(
        async () => {
          const ready = await admin(h, '/readyz', bearer);
          expect(ready.status).toBe(503);
          expect(JSON.parse(ready.text)).toMatchObject({
            ready: false,
            draining: true,
            inflight: 1,
          });
        },
        { timeout: 5_000, interval: 20 },
      );
      expect((await admin(h, '/healthz', bearer)).status).toBe(200);
      // Still token-protected while draining.
      expect((await admin(h, '/readyz')).status).toBe(401);

      await done;
      expect(text).toContain('event: message_stop');
      expect(text).not.toContain('event: error');
      await stopping;
      const records = await h.records();
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({ status: 200, outcome: 'completed' });
    } finally {
      await agent.close();
    }
  });
});

describe('admin listener with unauthenticated_probes', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ config: { admin: { unauthenticated_probes: true } } });
  });
  afterAll(async () => {
    await h.close();
  });

  it('opens /healthz and /readyz without the token', async () => {
    expect((await admin(h, '/healthz')).status).toBe(200);
    const ready = await admin(h, '/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.text)).toMatchObject({ ready: true });
    expect((await admin(h, '/healthz', { authorization: 'Bearer wrong-token' })).status).toBe(200);
    expect((await admin(h, '/readyz', bearer)).status).toBe(200);
  });

  it('opens nothing else', async () => {
    for (const path of ['/', '/metrics', '/admin', '/healthz/x']) {
      expect((await admin(h, path)).status, path).toBe(401);
      expect((await admin(h, path, bearer)).status, path).toBe(404);
    }
    expect((await admin(h, '/healthz', {}, 'POST')).status).toBe(405);
  });

  it('never puts a secret in an answer', () => {
    const secrets = [ADMIN_TOKEN, UPSTREAM_SECRET, ...Object.values(h.keys)];
    for (const response of seen) {
      const text = response.text + JSON.stringify(response.headers);
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
  });
});
