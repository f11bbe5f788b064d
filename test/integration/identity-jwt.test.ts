/**
 * Identity end to end (issue 3), JWTs: a real local JWKS server (ES256 and EdDSA keys) and a
 * static RS256 issuer configured through the proxy's YAML; tokens sent by the official SDKs
 * (OpenAI `apiKey` and Anthropic `authToken`, both `Authorization: Bearer`); claims mapped to the
 * decision record; repeat tokens answered from the cache; every attack of the "Bad input"
 * list refused with the one identical 401 body and its own `detail`; a JWKS endpoint that fails
 * before any key was fetched → 503 DG_ERR_AUTH_UNAVAILABLE with Retry-After (never 401), while
 * keys fetched earlier keep working through an outage; no token in any log or admin answer.
 * Tokens carry real times (the proxy runs on the system clock).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import Anthropic from '@anthropic-ai/sdk';
import { exportSPKI, SignJWT } from 'jose';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DecisionRecord } from '../../src/decision-log/record.ts';
import { createLogger } from '../../src/util/logger.ts';
import { ADMIN_TOKEN, startHarness, type Harness } from '../helpers/harness.ts';
import { caught, recordFor } from '../helpers/wait.ts';
import { AUD, ISS, makeSigner, segment, type Signer } from '../unit/auth/jwt/jwt-fixtures.ts';
import { startJwksServer, type JwksMode, type JwksServer } from './jwt/jwks-server.ts';

const LEGACY_ISS = 'https://legacy.example.test/';
const DAY_MS = 86_400_000;
const TEN_MB = 10 * 1024 * 1024;
const nowSeconds = () => Math.floor(Date.now() / 1000);

// ---------------------------------------------------------------------------------------------
// helpers

/** The auth.jwt section: the JWKS issuer `corp` (custom claim names) and a static RS256 `legacy`. */
function jwtConfig(jwksUrl: string, legacyKey: unknown, jwks: Record<string, string> = {}) {
  return {
    auth: {
      jwt: {
        issuers: [
          {
            name: 'corp',
            issuer: ISS,
            audience: AUD,
            algorithms: ['ES256', 'EdDSA'],
            jwks_url: jwksUrl,
            jwks: { timeout: '1s', cooldown: '1s', ...jwks },
            claims: { tier: 'plan', account_created_at: 'created_at', declared_use: 'use' },
            required_claims: ['org_id'],
          },
          {
            name: 'legacy',
            issuer: LEGACY_ISS,
            audience: AUD,
            algorithms: ['RS256'],
            keys: [legacyKey],
          },
        ],
      },
    },
  };
}

type Dialect = 'openai' | 'anthropic';

interface Probe {
  readonly status: number;
  readonly text: string;
  readonly headers: Headers;
  readonly requestId: string;
  readonly record: DecisionRecord;
}

/** One raw inference request with the given headers, in either dialect, and its record. */
async function probe(
  h: Harness,
  credentials: Record<string, string>,
  dialect: Dialect = 'openai',
): Promise<Probe> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...credentials };
  let path = '/v1/chat/completions';
  let body: unknown = { model: 'gpt-mock', messages: [{ role: 'user', content: 'hi' }] };
  if (dialect === 'anthropic') {
    path = '/v1/messages';
    headers['anthropic-version'] = '2023-06-01';
    body = { model: 'claude-mock', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] };
  }
  const res = await fetch(`${h.url}${path}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  });
  const text = await res.text();
  const requestId = res.headers.get('x-request-id') ?? '';
  return {
    status: res.status,
    text,
    headers: res.headers,
    requestId,
    record: await recordFor(h, requestId),
  };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/**
 * The client-visible part of a reply: status and body with the request id masked (its length
 * varies, so Content-Length is only checked against the body).
 */
function clientView(p: Probe): string {
  expect(Number(p.headers.get('content-length'))).toBe(Buffer.byteLength(p.text));
  expect(p.headers.get('content-type')).toBe('application/json');
  return `${p.status} ${p.text.replaceAll(p.requestId, 'ID')}`;
}

function openai(h: Harness, token: string): OpenAI {
  return new OpenAI({ apiKey: token, baseURL: `${h.url}/v1`, maxRetries: 0 });
}

function anthropic(h: Harness, token: string): Anthropic {
  return new Anthropic({ apiKey: null, authToken: token, baseURL: h.url, maxRetries: 0 });
}

async function admin(h: Harness, path: string): Promise<string> {
  const res = await fetch(`${h.app.adminUrl}${path}`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  expect(res.status).toBe(200);
  return res.text();
}

interface IssuerStatus {
  keys: number;
  ageMs: number | null;
  lastError: string | null;
}

async function jwtStatus(h: Harness): Promise<Record<string, IssuerStatus>> {
  const ready = JSON.parse(await admin(h, '/readyz')) as {
    jwt_issuers: Record<string, IssuerStatus>;
  };
  return ready.jwt_issuers;
}

let serial = 0;
/** Claims of a valid corp token (a fresh jti each time, so no cache can answer it). */
function claims(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const now = nowSeconds();
  return {
    iss: ISS,
    aud: AUD,
    sub: 'acct_jwt',
    org_id: 'org_jwt',
    iat: now,
    exp: now + 3600,
    jti: `t${serial++}`,
    ...extra,
  };
}

/** Every token sent in a harness: none may appear in any log or admin answer. */
const tokens = new Set<string>();
async function signed(
  signer: Signer,
  extra: Record<string, unknown> = {},
  header: Record<string, unknown> = {},
): Promise<string> {
  const token = await signer.sign(claims(extra), header);
  tokens.add(token);
  return token;
}

const BODY_401 = {
  openai: {
    error: {
      message: 'Invalid or missing API key.',
      type: 'authentication_error',
      param: null,
      code: 'DG_ERR_UNAUTHENTICATED',
    },
  },
  anthropic: {
    type: 'error',
    error: {
      type: 'authentication_error',
      message: 'Invalid or missing API key.',
      code: 'DG_ERR_UNAUTHENTICATED',
    },
    request_id: 'ID',
  },
};

// ---------------------------------------------------------------------------------------------

let es: Signer;
let ed: Signer;
let rs: Signer;
let attacker: Signer;

beforeAll(async () => {
  const now = Date.now();
  [es, ed, rs, attacker] = await Promise.all([
    makeSigner('ES256', 'es-1', now),
    makeSigner('EdDSA', 'ed-1', now),
    makeSigner('RS256', 'rs-1', now),
    makeSigner('ES256', 'evil-1', now),
  ]);
});

describe('JWTs through the proxy (JWKS from a local server)', () => {
  let h: Harness;
  let jwks: JwksServer;
  /** Serves the attacker's key: a token's jku must never be fetched. */
  let bait: Server;
  let baitUrl: string;
  let baitHits = 0;
  const logLines: string[] = [];

  beforeAll(async () => {
    jwks = await startJwksServer([es.publicJwk, ed.publicJwk]);
    bait = createServer((_req, res) => {
      baitHits++;
      res.end(JSON.stringify({ keys: [attacker.publicJwk] }));
    });
    await new Promise<void>((resolve) => bait.listen(0, '127.0.0.1', resolve));
    baitUrl = `http://127.0.0.1:${(bait.address() as AddressInfo).port}/jwks.json`;
    h = await startHarness({
      config: {
        ...jwtConfig(jwks.url, rs.publicJwk),
        accounts: {
          overrides: [
            { account: 'acct_jwt_banned', action: 'deny', reason: 'test: banned token account' },
            { org: 'org_jwt', reason: 'sso org', labels: ['sso_org'] },
          ],
        },
      },
      logger: createLogger((line) => logLines.push(line)),
    });
  });
  afterAll(async () => {
    await h.close();
    await jwks.close();
    await new Promise((resolve) => bait.close(resolve));
  });

  it('an ES256 token works with the OpenAI SDK; the record carries the mapped claims', async () => {
    const createdAt = nowSeconds() - 40 * 86_400 - 3_600;
    const token = await signed(es, {
      sub: 'acct_jwt_es',
      plan: 'standard',
      created_at: createdAt,
      email_verified: true,
      labels: ['beta', 'sso'],
      use: 'eval',
      programme: 'research',
    });
    const { data, request_id } = await openai(h, token)
      .chat.completions.create({ model: 'gpt-mock', messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    expect(data.choices[0]!.message.content).toBeTruthy();
    const record = await recordFor(h, request_id);
    expect(record).toMatchObject({
      account: 'acct_jwt_es',
      org: 'org_jwt',
      tier: 'standard',
      credential: 'jwt',
      key_id: 'jwt:corp',
      account_age_days: 40,
      verified: true,
      programme: 'research',
      declared_use: 'eval',
      route: 'openai.chat_completions',
      action: 'allow',
      status: 200,
      error: null,
      outcome: 'completed',
    });
    // Claim labels and the org override's label add up.
    expect([...record.labels].sort()).toEqual(['beta', 'sso', 'sso_org']);
    // The upstream never sees the token.
    for (const seen of h.mock.requests) expect(seen.rawHeaders.join('\n')).not.toContain(token);
  });

  it('an EdDSA token works with the Anthropic SDK (authToken); ISO created-at, unknown tier → default', async () => {
    const token = await signed(ed, {
      sub: 'acct_jwt_ed',
      org_id: 'org_jwt',
      plan: 'platinum',
      created_at: new Date(Date.now() - 3 * DAY_MS - 60_000).toISOString(),
      email_verified: 'false',
      labels: 'single',
      use: 'batch',
    });
    const { data, response } = await anthropic(h, token)
      .messages.create({
        model: 'claude-mock',
        max_tokens: 32,
        messages: [{ role: 'user', content: 'hi' }],
      })
      .withResponse();
    expect(data.type).toBe('message');
    const record = await recordFor(h, response.headers.get('x-request-id'));
    expect(record).toMatchObject({
      account: 'acct_jwt_ed',
      org: 'org_jwt',
      tier: 'default',
      credential: 'jwt',
      key_id: 'jwt:corp',
      account_age_days: 3,
      verified: false,
      programme: null,
      declared_use: 'batch',
      route: 'anthropic.messages',
      status: 200,
    });
    expect([...record.labels].sort()).toEqual(['single', 'sso_org']);
  });

  it('a static-key RS256 issuer works too (key_id names the issuer)', async () => {
    const token = await signed(rs, { iss: LEGACY_ISS, sub: 'acct_legacy', org_id: 'org_old' });
    const p = await probe(h, bearer(token));
    expect(p.status).toBe(200);
    expect(p.record).toMatchObject({
      account: 'acct_legacy',
      org: 'org_old',
      key_id: 'jwt:legacy',
      credential: 'jwt',
    });
  });

  it('a repeat request with the same token is served from the cache (no JWKS fetch)', async () => {
    const token = await signed(es, { sub: 'acct_repeat' });
    const first = await probe(h, bearer(token));
    expect(first.status).toBe(200);
    const fetches = jwks.requests;
    for (const dialect of ['openai', 'anthropic', 'openai'] as const) {
      const again = await probe(h, bearer(token), dialect);
      expect(again.status).toBe(200);
      expect(again.record).toMatchObject({ account: 'acct_repeat', key_id: 'jwt:corp' });
    }
    const sdk = await openai(h, token)
      .chat.completions.create({ model: 'gpt-mock', messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    expect((await recordFor(h, sdk.request_id)).account).toBe('acct_repeat');
    expect(jwks.requests).toBe(fetches);
  });

  it('overrides apply to token accounts: a deny → 403 with the reason as detail', async () => {
    const token = await signed(es, { sub: 'acct_jwt_banned' });
    const p = await probe(h, bearer(token), 'anthropic');
    expect(p.status).toBe(403);
    expect(p.headers.get('x-should-retry')).toBe('false');
    expect(p.record).toMatchObject({
      account: 'acct_jwt_banned',
      credential: 'jwt',
      action: 'block',
      error: 'DG_ERR_BLOCKED',
      detail: 'test: banned token account',
    });
  });

  it('a token and an API key in one request → 400', async () => {
    const token = await signed(es);
    const p = await probe(h, { ...bearer(token), 'x-api-key': h.keys.alice });
    expect(p.status).toBe(400);
    expect(p.record).toMatchObject({
      error: 'DG_ERR_CONFLICTING_CREDENTIALS',
      detail: 'conflicting_credentials',
      account: null,
    });
  });

  describe('attacks: each a 401 with the identical client body and its own detail', () => {
    type Attack = readonly [name: string, token: () => Promise<string>, detail: string];

    const unsigned = (header: Record<string, unknown>, signature = '') =>
      Promise.resolve(`${segment(header)}.${segment(claims())}.${signature}`);

    async function hs256WithRsPublicKey(secret: 'pem' | 'jwk'): Promise<string> {
      const key = secret === 'pem' ? await exportSPKI(rs.publicKey) : JSON.stringify(rs.publicJwk);
      return new SignJWT(claims({ iss: LEGACY_ISS }))
        .setProtectedHeader({ alg: 'HS256', kid: rs.kid })
        .sign(new TextEncoder().encode(key));
    }

    async function tamperedPayload(): Promise<string> {
      const [header, , signature] = (await signed(es)).split('.');
      return `${header}.${segment(claims({ sub: 'acct_admin' }))}.${signature}`;
    }

    const attackerJwk = () => {
      const { kid: _kid, ...jwk } = attacker.publicJwk;
      return jwk;
    };

    const attacks: Attack[] = [
      [
        'alg none, empty signature',
        () => unsigned({ alg: 'none', kid: 'es-1' }),
        'jwt_alg_not_allowed',
      ],
      [
        'alg None with a signature',
        () => unsigned({ alg: 'None' }, 'c2lnbmF0dXJl'),
        'jwt_alg_not_allowed',
      ],
      [
        'HS256 signed with the RS public key (PEM)',
        () => hs256WithRsPublicKey('pem'),
        'jwt_alg_not_allowed',
      ],
      [
        'HS256 signed with the RS public key (JWK)',
        () => hs256WithRsPublicKey('jwk'),
        'jwt_alg_not_allowed',
      ],
      ['an RS256 token claiming the ES/EdDSA issuer', () => signed(rs), 'jwt_alg_not_allowed'],
      [
        'kid path traversal',
        () => signed(es, {}, { kid: '../../../../etc/passwd' }),
        'jwt_unknown_kid',
      ],
      ['kid SQL injection', () => signed(es, {}, { kid: "' OR '1'='1' --" }), 'jwt_unknown_kid'],
      ['kid __proto__', () => signed(es, {}, { kid: '__proto__' }), 'jwt_unknown_kid'],
      [
        'kid of another algorithm’s key',
        () => signed(attacker, {}, { kid: 'ed-1' }),
        'jwt_unknown_kid',
      ],
      [
        'embedded jwk header with the victim kid',
        () => signed(attacker, {}, { jwk: attackerJwk(), kid: 'es-1' }),
        'jwt_bad_signature',
      ],
      [
        'embedded jwk header without kid',
        () =>
          new SignJWT(claims())
            .setProtectedHeader({ alg: 'ES256', jwk: attackerJwk() })
            .sign(attacker.privateKey),
        'jwt_bad_signature',
      ],
      [
        'jku header pointing at the attacker’s JWKS',
        () => signed(attacker, {}, { jku: baitUrl, kid: 'es-1' }),
        'jwt_bad_signature',
      ],
      [
        'x5u header pointing at the attacker’s JWKS',
        () => signed(attacker, {}, { x5u: baitUrl, kid: 'es-1' }),
        'jwt_bad_signature',
      ],
      ['tampered payload', tamperedPayload, 'jwt_bad_signature'],
      [
        'expired',
        () => signed(es, { iat: nowSeconds() - 7200, exp: nowSeconds() - 600 }),
        'jwt_expired',
      ],
      ['not yet valid', () => signed(es, { nbf: nowSeconds() + 3600 }), 'jwt_not_yet_valid'],
      ['wrong iss', () => signed(es, { iss: 'https://evil.example.test/' }), 'jwt_unknown_issuer'],
      ['no iss', () => signed(es, { iss: undefined }), 'jwt_unknown_issuer'],
      ['wrong aud', () => signed(es, { aud: 'another-service' }), 'jwt_wrong_audience'],
      ['no aud', () => signed(es, { aud: undefined }), 'jwt_wrong_audience'],
      ['oversized token', () => signed(es, { pad: 'x'.repeat(9_000) }), 'jwt_too_large'],
      [
        'missing required claim (org_id)',
        () => signed(es, { org_id: undefined }),
        'jwt_missing_claim',
      ],
      ['missing account claim (sub)', () => signed(es, { sub: undefined }), 'jwt_missing_claim'],
      ['missing exp', () => signed(es, { exp: undefined }), 'jwt_missing_claim'],
      ['claim of the wrong type', () => signed(es, { email_verified: 'yes' }), 'jwt_invalid_claim'],
      ['garbage in JWT shape', () => Promise.resolve('not.a.jwt'), 'jwt_malformed'],
    ];

    const views = { openai: new Set<string>(), anthropic: new Set<string>() };

    const cases = attacks.map(([name, make, detail]) => ({ name, make, detail }));
    it.each(cases)('$name → 401 ($detail)', async ({ make, detail }) => {
      const token = await make();
      tokens.add(token);
      const upstreamBefore = h.mock.requests.length;
      for (const dialect of ['openai', 'anthropic'] as const) {
        const p = await probe(h, bearer(token), dialect);
        expect(p.status).toBe(401);
        expect(p.headers.get('retry-after')).toBeNull();
        expect(p.record).toMatchObject({
          account: null,
          key_id: null,
          credential: null,
          action: 'reject',
          status: 401,
          error: 'DG_ERR_UNAUTHENTICATED',
          detail,
          outcome: 'rejected',
        });
        views[dialect].add(clientView(p));
      }
      expect(h.mock.requests.length).toBe(upstreamBefore);
    });

    it('the SDKs raise a plain AuthenticationError for an attack token', async () => {
      const token = await signed(attacker, {}, { jwk: attackerJwk(), kid: 'es-1' });
      const o = await caught(
        openai(h, token).chat.completions.create({
          model: 'gpt-mock',
          messages: [{ role: 'user', content: 'hi' }],
        }),
      );
      expect(o).toBeInstanceOf(OpenAI.AuthenticationError);
      expect((o as InstanceType<typeof OpenAI.APIError>).error).toEqual(BODY_401.openai.error);
      const a = await caught(
        anthropic(h, token).messages.create({
          model: 'claude-mock',
          max_tokens: 16,
          messages: [{ role: 'user', content: 'hi' }],
        }),
      );
      expect(a).toBeInstanceOf(Anthropic.AuthenticationError);
      const record = await recordFor(h, (a as InstanceType<typeof Anthropic.APIError>).requestID);
      expect(record.detail).toBe('jwt_bad_signature');
    });

    it('every attack got the same body as a missing or unknown API key, and no jku was fetched', async () => {
      for (const dialect of ['openai', 'anthropic'] as const) {
        views[dialect].add(clientView(await probe(h, {}, dialect)));
        views[dialect].add(clientView(await probe(h, bearer('dg_not_a_key'), dialect)));
        expect([...views[dialect]], dialect).toEqual([...views[dialect]].slice(0, 1));
        const body = JSON.parse([...views[dialect]][0]!.split(' ').slice(1).join(' ')) as unknown;
        expect(body).toEqual(BODY_401[dialect]);
      }
      expect(baitHits).toBe(0);
    });
  });

  it('no decision record, process log line or admin answer contains a token', async () => {
    expect(tokens.size).toBeGreaterThan(25);
    await h.app.decisionLog.flush();
    const decisions = await readFile(h.decisionLogFile, 'utf8');
    const ready = await admin(h, '/readyz');
    expect(JSON.parse(ready)).toMatchObject({
      jwt_issuers: {
        corp: { keys: 2, lastError: null },
        legacy: { keys: 1, ageMs: null, lastError: null },
      },
    });
    const health = await admin(h, '/healthz');
    expect(logLines.some((line) => line.includes('JWKS loaded'))).toBe(true);
    const haystacks = { decisions, log: logLines.join(''), admin: `${ready}\n${health}` };
    for (const [where, text] of Object.entries(haystacks)) {
      for (const token of tokens) {
        expect(text.includes(token), `${where} contains a token`).toBe(false);
        for (const part of token.split('.')) {
          // Header segments are short and shared between tokens; payloads and signatures are not.
          if (part.length >= 40)
            expect(text.includes(part), `${where} contains a token part`).toBe(false);
        }
      }
    }
  });
});

const CACHED_FAULTS: [string, JwksMode, string][] = [
  ['down (connection reset)', { kind: 'down' }, 'jwks_unreachable'],
  ['hung (never answers)', { kind: 'hang' }, 'jwks_timeout'],
  ['garbage', { kind: 'body', body: '{"keys":"rotating, back soon"}' }, 'jwks_not_a_key_set'],
  ['a 10 MB body', { kind: 'huge', bytes: TEN_MB, contentLength: true }, 'jwks_too_large'],
];

describe.each(CACHED_FAULTS)('JWKS endpoint %s after keys were fetched', (_name, mode, code) => {
  let h: Harness;
  let jwks: JwksServer;
  beforeAll(async () => {
    jwks = await startJwksServer([es.publicJwk, ed.publicJwk]);
    h = await startHarness({ config: jwtConfig(jwks.url, rs.publicJwk, { timeout: '500ms' }) });
  });
  afterAll(async () => {
    await h.close();
    await jwks.close();
  });

  it('cached keys keep verifying new tokens; an unknown kid gets 503, not 401; then recovers', async () => {
    expect((await probe(h, bearer(await signed(es)))).status).toBe(200);
    const verifiedEarlier = await signed(ed, { sub: 'acct_early' });
    expect((await probe(h, bearer(verifiedEarlier))).status).toBe(200);

    jwks.mode = mode;
    // A token with a new kid makes the proxy refetch (a rotation it cannot see): once that fetch
    // has failed, the kid may be a key it could not fetch, so the answer is 503, never 401.
    const rotated = await vi.waitFor(
      async () => {
        const p = await probe(h, bearer(await signed(es, {}, { kid: 'es-2-rotated' })));
        expect(p.status).toBe(503);
        return p;
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(rotated.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(rotated.record).toMatchObject({
      error: 'DG_ERR_AUTH_UNAVAILABLE',
      detail: 'jwks_unavailable',
    });
    expect((await jwtStatus(h))['corp']).toMatchObject({ keys: 2, lastError: code });

    // Tokens never seen before, signed by the cached keys, still verify (served stale).
    for (const signer of [es, ed]) {
      const p = await probe(h, bearer(await signed(signer, { sub: 'acct_during_outage' })));
      expect(p.status).toBe(200);
      expect(p.record).toMatchObject({ account: 'acct_during_outage', credential: 'jwt' });
    }
    const sdk = await anthropic(h, await signed(es))
      .messages.create({
        model: 'claude-mock',
        max_tokens: 16,
        messages: [{ role: 'user', content: 'hi' }],
      })
      .withResponse();
    expect(sdk.data.type).toBe('message');
    expect((await probe(h, bearer(verifiedEarlier))).status).toBe(200);
    // Bad tokens are still refused as bad tokens.
    const expired = await probe(h, bearer(await signed(es, { exp: nowSeconds() - 600 })));
    expect(expired.status).toBe(401);
    expect(expired.record.detail).toBe('jwt_expired');
    // The bad answers never replaced the good set.
    expect((await jwtStatus(h))['corp']?.keys).toBe(2);

    // The endpoint is back: the status recovers.
    jwks.mode = { kind: 'ok' };
    await vi.waitFor(
      async () => {
        await probe(h, bearer(await signed(es, {}, { kid: 'es-2-rotated' })));
        expect((await jwtStatus(h))['corp']?.lastError).toBeNull();
      },
      { timeout: 10_000, interval: 100 },
    );
  });
});

describe('JWKS outage longer than max_stale', () => {
  let h: Harness;
  let jwks: JwksServer;
  beforeAll(async () => {
    jwks = await startJwksServer([es.publicJwk, ed.publicJwk]);
    h = await startHarness({
      config: jwtConfig(jwks.url, rs.publicJwk, {
        cooldown: '1s',
        refresh_interval: '2s',
        max_stale: '5s',
      }),
    });
  });
  afterAll(async () => {
    await h.close();
    await jwks.close();
  });

  it('stale keys serve until max_stale, then new tokens get 503 (never 401); recovery restores 200', async () => {
    const verifiedEarlier = await signed(es, { sub: 'acct_early' });
    expect((await probe(h, bearer(verifiedEarlier))).status).toBe(200);

    jwks.mode = { kind: 'down' };
    const seen = new Set<number>();
    const unavailable = await vi.waitFor(
      async () => {
        const p = await probe(h, bearer(await signed(es)));
        seen.add(p.status);
        expect(p.status).toBe(503);
        return p;
      },
      { timeout: 20_000, interval: 200 },
    );
    expect([...seen].filter((status) => status !== 200 && status !== 503)).toEqual([]);
    expect(unavailable.record).toMatchObject({
      error: 'DG_ERR_AUTH_UNAVAILABLE',
      detail: 'jwks_unavailable',
    });
    expect(unavailable.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await jwtStatus(h))['corp']).toMatchObject({ keys: 0, lastError: 'jwks_unreachable' });
    // A token verified while the keys were good stays verified until its exp (cached).
    expect((await probe(h, bearer(verifiedEarlier))).status).toBe(200);
    // API keys are unaffected.
    expect((await probe(h, bearer(h.keys.bob))).status).toBe(200);

    jwks.mode = { kind: 'ok' };
    await vi.waitFor(
      async () => expect((await probe(h, bearer(await signed(ed)))).status).toBe(200),
      { timeout: 10_000, interval: 100 },
    );
  });
});

const FIRST_SIGHT_FAULTS: [string, JwksMode][] = [
  ['down (connection reset)', { kind: 'down' }],
  ['hung (never answers)', { kind: 'hang' }],
  ['an error status', { kind: 'status', status: 500 }],
  ['garbage', { kind: 'body', body: '<html>maintenance</html>' }],
  ['a 10 MB body', { kind: 'huge', bytes: TEN_MB, contentLength: false }],
];

describe.each(FIRST_SIGHT_FAULTS)('JWKS endpoint %s before any key was fetched', (_name, mode) => {
  let h: Harness;
  let jwks: JwksServer;
  beforeAll(async () => {
    jwks = await startJwksServer([es.publicJwk, ed.publicJwk]);
    jwks.mode = mode;
    h = await startHarness({ config: jwtConfig(jwks.url, rs.publicJwk, { timeout: '500ms' }) });
  });
  afterAll(async () => {
    await h.close();
    await jwks.close();
  });

  it('→ 503 DG_ERR_AUTH_UNAVAILABLE with Retry-After in both dialects (never 401), then recovers', async () => {
    const upstreamBefore = h.mock.requests.length;
    // Raw, in both dialects' shapes, for a known and an unknown kid.
    for (const kid of ['es-1', 'unknown-kid']) {
      for (const dialect of ['openai', 'anthropic'] as const) {
        const p = await probe(h, bearer(await signed(es, {}, { kid })), dialect);
        expect(p.status).toBe(503);
        expect(p.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(p.record).toMatchObject({
          account: null,
          action: 'reject',
          status: 503,
          error: 'DG_ERR_AUTH_UNAVAILABLE',
          detail: 'jwks_unavailable',
          outcome: 'rejected',
        });
        const message = 'Credentials cannot be verified right now; retry shortly.';
        expect(JSON.parse(p.text)).toEqual(
          dialect === 'openai'
            ? {
                error: {
                  message,
                  type: 'server_error',
                  param: null,
                  code: 'DG_ERR_AUTH_UNAVAILABLE',
                },
              }
            : {
                type: 'error',
                error: { type: 'overloaded_error', message, code: 'DG_ERR_AUTH_UNAVAILABLE' },
                request_id: p.requestId,
              },
        );
      }
    }
    // The SDKs raise a retryable server error (not an AuthenticationError).
    const o = await caught(
      openai(h, await signed(es)).chat.completions.create({
        model: 'gpt-mock',
        messages: [{ role: 'user', content: 'hi' }],
      }),
    );
    expect(o).toBeInstanceOf(OpenAI.InternalServerError);
    expect((o as InstanceType<typeof OpenAI.APIError>).status).toBe(503);
    expect(
      (o as InstanceType<typeof OpenAI.InternalServerError>).headers.get('retry-after'),
    ).toMatch(/^\d+$/);
    const a = await caught(
      anthropic(h, await signed(ed)).messages.create({
        model: 'claude-mock',
        max_tokens: 16,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    );
    expect(a).toBeInstanceOf(Anthropic.InternalServerError);
    expect((a as InstanceType<typeof Anthropic.APIError>).status).toBe(503);
    expect((a as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({
      error: { type: 'overloaded_error', code: 'DG_ERR_AUTH_UNAVAILABLE' },
    });
    // API keys are unaffected by the JWKS outage.
    expect((await probe(h, bearer(h.keys.alice))).status).toBe(200);
    expect(h.mock.requests.length).toBe(upstreamBefore + 1);

    // The endpoint comes back: tokens verify again (after at most a cooldown).
    jwks.mode = { kind: 'ok' };
    await vi.waitFor(
      async () => expect((await probe(h, bearer(await signed(es)))).status).toBe(200),
      { timeout: 10_000, interval: 100 },
    );
  });
});

describe('no JWT issuer configured', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('a JWT → 401 jwt_not_accepted, with the same body as any credential failure', async () => {
    const token = await signed(es);
    for (const dialect of ['openai', 'anthropic'] as const) {
      const p = await probe(h, bearer(token), dialect);
      expect(p.status).toBe(401);
      expect(p.record).toMatchObject({
        error: 'DG_ERR_UNAUTHENTICATED',
        detail: 'jwt_not_accepted',
        account: null,
      });
      expect(JSON.parse(p.text.replaceAll(p.requestId, 'ID'))).toEqual(BODY_401[dialect]);
      expect(Number(p.headers.get('content-length'))).toBe(Buffer.byteLength(p.text));
    }
    const o = await caught(
      openai(h, token).chat.completions.create({
        model: 'gpt-mock',
        messages: [{ role: 'user', content: 'hi' }],
      }),
    );
    expect(o).toBeInstanceOf(OpenAI.AuthenticationError);
  });
});
