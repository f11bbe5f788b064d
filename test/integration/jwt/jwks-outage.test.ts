/**
 * RELIABILITY item 7: the JWKS endpoint down, hung, answering garbage, an error status or a 10 MB
 * body. The last good keys keep verifying for max_stale (1h), a bad answer never replaces them,
 * and after max_stale — or with no good set ever fetched — tokens get `jwks_unavailable` (503),
 * never a 401. Real HTTP against a local server; staleness is driven by a manual clock, so only the
 * fetch timeout (300 ms) is ever waited for in real time.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { refusingPort } from '../../helpers/refusing-port.ts';
import { waitFor } from '../../helpers/wait.ts';
import {
  codeOf,
  issuerInput,
  makeSigner,
  seconds,
  T0,
  testVerifier,
  type Signer,
  type TestVerifier,
} from '../../unit/auth/jwt/jwt-fixtures.ts';
import { startJwksServer, type JwksMode, type JwksServer } from './jwks-server.ts';

const UNAVAILABLE = { ok: false, failure: 'jwks_unavailable', unavailable: true };
const MINUTE = 60_000;
const TEN_MB = 10 * 1024 * 1024;

let a: Signer;
let server: JwksServer | undefined;
let t: TestVerifier | undefined;
let events: string[];

beforeAll(async () => {
  a = await makeSigner('ES256', 'key-a');
});

afterEach(async () => {
  t?.verifier.close();
  await server?.close();
  t = undefined;
  server = undefined;
});

function verifierFor(url: string): TestVerifier {
  events = [];
  return testVerifier(
    { issuers: [issuerInput({ jwks_url: url, jwks: { timeout: '300ms' } })] },
    { onJwksFailure: (issuer, detail) => events.push(`${issuer}:${detail}`) },
  );
}

let serial = 0;
const fresh = (signer: Signer, header = {}) =>
  signer.sign({ jti: `o${serial++}`, exp: seconds(T0) + 4 * 3600 }, header);

const faults: [string, JwksMode, string][] = [
  ['down (connection reset)', { kind: 'down' }, 'jwks_unreachable'],
  ['hung (never answers)', { kind: 'hang' }, 'jwks_timeout'],
  ['an error status', { kind: 'status', status: 500 }, 'jwks_http_status'],
  ['HTML instead of JSON', { kind: 'body', body: '<html>maintenance</html>' }, 'jwks_invalid_json'],
  ['JSON that is not a key set', { kind: 'body', body: '{"keys":"none"}' }, 'jwks_not_a_key_set'],
  [
    'a key set with no usable key',
    { kind: 'body', body: '{"keys":[{"kty":"EC","crv":"P-256","x":"AA","y":"AA"}]}' },
    'jwks_no_usable_keys',
  ],
  [
    'a 10 MB body with Content-Length',
    { kind: 'huge', bytes: TEN_MB, contentLength: true },
    'jwks_too_large',
  ],
  ['a 10 MB chunked body', { kind: 'huge', bytes: TEN_MB, contentLength: false }, 'jwks_too_large'],
];

describe.each(faults)('JWKS endpoint %s', (_name, mode, expectedError) => {
  it('keeps the cached keys working for max_stale, then answers 503, then recovers', async () => {
    server = await startJwksServer([a.publicJwk]);
    const v = (t = verifierFor(server.url));
    const early = await fresh(a);
    expect(codeOf(await v.verify(early))).toBe('ok');

    server.mode = mode;
    v.clock.advance(10 * MINUTE); // refresh due: it fails in the background
    expect(codeOf(await v.verify(await fresh(a)))).toBe('ok');
    expect(await waitFor(() => v.verifier.status().corp?.lastError === expectedError, 5_000)).toBe(
      true,
    );
    expect(v.verifier.status().corp).toEqual({
      keys: 1,
      ageMs: 10 * MINUTE,
      lastError: expectedError,
    });

    v.clock.advance(49 * MINUTE); // 59 min after the last good fetch: still served stale
    expect(codeOf(await v.verify(await fresh(a)))).toBe('ok');
    expect(events).toContain('corp:served_stale');
    // An unknown kid cannot be told from a new key we failed to fetch: 503, not 401.
    expect(await v.verify(await fresh(a, { kid: 'key-new' }))).toEqual(UNAVAILABLE);

    v.clock.advance(2 * MINUTE); // past max_stale
    expect(await v.verify(await fresh(a))).toEqual(UNAVAILABLE);
    expect(v.verifier.verify(await fresh(a), v.clock.now())).toEqual(UNAVAILABLE); // cooldown: sync
    expect(v.verifier.status().corp).toMatchObject({ keys: 0, lastError: expectedError });
    // A token verified while keys were good stays verified until its exp.
    expect(v.verifier.verify(early, v.clock.now())).toMatchObject({ ok: true });

    server.mode = { kind: 'ok' };
    v.clock.advance(30_000);
    expect(codeOf(await v.verify(await fresh(a)))).toBe('ok');
    expect(v.verifier.status().corp).toEqual({ keys: 1, ageMs: 0, lastError: null });
  });
});

describe('JWKS endpoint failures without a good set', () => {
  it('answers 503 (never 401) when the first fetch fails, and retries once per cooldown', async () => {
    server = await startJwksServer([a.publicJwk]);
    server.mode = { kind: 'status', status: 502 };
    const v = (t = verifierFor(server.url));
    expect(await v.verify(await fresh(a))).toEqual(UNAVAILABLE);
    expect(await v.verify(await fresh(a, { kid: 'whatever' }))).toEqual(UNAVAILABLE);
    expect(server.requests).toBe(1);
    server.mode = { kind: 'ok' };
    v.clock.advance(30_000);
    expect(codeOf(await v.verify(await fresh(a)))).toBe('ok');
    expect(server.requests).toBe(2);
  });

  it('answers 503 when nothing listens on the port', async () => {
    const port = await refusingPort();
    const v = (t = verifierFor(`http://127.0.0.1:${port}/jwks.json`));
    expect(await v.verify(await fresh(a))).toEqual(UNAVAILABLE);
    expect(v.verifier.status().corp).toEqual({
      keys: 0,
      ageMs: null,
      lastError: 'jwks_unreachable',
    });
  });

  it('cuts a hung endpoint at the timeout', async () => {
    server = await startJwksServer([a.publicJwk]);
    server.mode = { kind: 'hang' };
    const started = performance.now();
    const v = (t = verifierFor(server.url));
    expect(await v.verify(await fresh(a))).toEqual(UNAVAILABLE);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(3_000);
    expect(v.verifier.status().corp?.lastError).toBe('jwks_timeout');
  });

  it('abandons a 10 MB body while it streams, at max_bytes', async () => {
    server = await startJwksServer([a.publicJwk]);
    server.mode = { kind: 'huge', bytes: TEN_MB, contentLength: false };
    const v = (t = verifierFor(server.url));
    expect(await v.verify(await fresh(a))).toEqual(UNAVAILABLE);
    expect(v.verifier.status().corp?.lastError).toBe('jwks_too_large');
    expect(await waitFor(() => !server!.hugeWritten.finished, 1_000)).toBe(true);
    expect(server.hugeWritten.bytes).toBeLessThan(TEN_MB);
  });

  it('close() aborts a fetch in flight and cancels the timer', async () => {
    server = await startJwksServer([a.publicJwk]);
    server.mode = { kind: 'hang' };
    const v = (t = verifierFor(server.url));
    const pending = v.verify(await fresh(a));
    const started = performance.now();
    v.verifier.close();
    expect(await pending).toEqual(UNAVAILABLE);
    expect(performance.now() - started).toBeLessThan(250);
    expect(v.timers.pending()).toEqual([]);
    expect(v.verifier.status().corp?.lastError).toBe('jwks_closed');
  });
});
