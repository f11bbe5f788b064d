/**
 * A JWKS served by a real local HTTP server: the initial fetch, key rotation (a new kid is
 * fetched once, then accepted; a removed key stops verifying), the cooldown that bounds refetches
 * under a flood of random kids, and the background refresh timer. Time is a manual clock; timers
 * are fired by hand; only the HTTP exchanges are real.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../helpers/wait.ts';
import { createJwtVerifier } from '../../../src/auth/jwt/create-jwt-verifier.ts';
import { systemClock } from '../../../src/util/clock.ts';
import {
  codeOf,
  issuerInput,
  makeSigner,
  parseConfig,
  seconds,
  T0,
  testVerifier,
  type Signer,
  type TestVerifier,
} from '../../unit/auth/jwt/jwt-fixtures.ts';
import { startJwksServer, type JwksServer } from './jwks-server.ts';

let a: Signer;
let b: Signer;
let ed: Signer;
let server: JwksServer;
let t: TestVerifier;

beforeAll(async () => {
  [a, b, ed] = await Promise.all([
    makeSigner('ES256', 'key-a'),
    makeSigner('ES256', 'key-b'),
    makeSigner('EdDSA', 'key-ed'),
  ]);
});

async function setup(): Promise<void> {
  server = await startJwksServer([a.publicJwk, ed.publicJwk]);
  t = testVerifier({ issuers: [issuerInput({ jwks_url: server.url, jwks: { timeout: '1s' } })] });
}

afterEach(async () => {
  t.verifier.close();
  await server.close();
});

const LATER = seconds(T0) + 4 * 3600;
let serial = 0;
/** A token never seen before (a fresh jti), so the cache cannot answer it. */
const fresh = (signer: Signer, header = {}) =>
  signer.sign({ jti: `t${serial++}`, exp: LATER }, header);

describe('JWKS fetching and rotation', () => {
  it('fetches once at creation; first tokens wait for it, later ones never fetch', async () => {
    await setup();
    const first = t.verifier.verify(await fresh(a), t.clock.now());
    expect(first).toBeInstanceOf(Promise);
    expect(codeOf(await first)).toBe('ok');
    expect(codeOf(await t.verify(await fresh(ed)))).toBe('ok');
    for (let i = 0; i < 20; i++) expect(codeOf(await t.verify(await fresh(a)))).toBe('ok');
    expect(server.requests).toBe(1);
    expect(t.verifier.status()).toEqual({ corp: { keys: 2, ageMs: 0, lastError: null } });
  });

  it('shares the initial fetch between all the tokens that arrive during it', async () => {
    await setup();
    const tokens = await Promise.all(Array.from({ length: 50 }, () => fresh(a)));
    const outcomes = await Promise.all(tokens.map((token) => t.verify(token)));
    expect(new Set(outcomes.map(codeOf))).toEqual(new Set(['ok']));
    expect(server.requests).toBe(1);
  });

  it('works with its own dispatcher and real timers, and closes cleanly', async () => {
    server = await startJwksServer([a.publicJwk]);
    const verifier = createJwtVerifier(
      parseConfig({ issuers: [issuerInput({ jwks_url: server.url })] }),
      { clock: systemClock },
    );
    t = { verifier } as TestVerifier; // closed by afterEach
    const token = await a.sign({ jti: 'real-time', exp: seconds(Date.now()) + 60 });
    expect(codeOf(await verifier.verify(token, Date.now()))).toBe('ok');
    expect(verifier.status().corp).toMatchObject({ keys: 1, lastError: null });
  });

  it('fetches a new kid once (after the cooldown), then accepts it', async () => {
    await setup();
    expect(codeOf(await t.verify(await fresh(a)))).toBe('ok');
    server.keys = [a.publicJwk, b.publicJwk];
    // Within the cooldown of the initial fetch: a current set, so the kid is unknown (401).
    expect(t.verifier.verify(await fresh(b), t.clock.now())).toEqual({
      ok: false,
      failure: 'jwt_unknown_kid',
    });
    expect(server.requests).toBe(1);
    t.clock.advance(30_000);
    expect(codeOf(await t.verify(await fresh(b)))).toBe('ok');
    expect(server.requests).toBe(2);
    expect(codeOf(await t.verify(await fresh(b)))).toBe('ok');
    expect(codeOf(await t.verify(await fresh(a)))).toBe('ok');
    expect(server.requests).toBe(2);
  });

  it('stops accepting a key removed from the set once the set is refreshed', async () => {
    await setup();
    const cached = await fresh(a);
    expect(codeOf(await t.verify(cached))).toBe('ok');
    server.keys = [b.publicJwk];
    t.clock.advance(600_000); // refresh due: this lookup still uses the current set…
    expect(codeOf(await t.verify(await fresh(a)))).toBe('ok');
    // …and refreshes it in the background.
    expect(
      await waitFor(() => server.requests === 2 && t.verifier.status().corp?.keys === 1, 5_000),
    ).toBe(true);
    expect(t.verifier.verify(await fresh(a), t.clock.now())).toEqual({
      ok: false,
      failure: 'jwt_unknown_kid',
    });
    // A token verified before the rotation stays verified until its exp (documented).
    expect(t.verifier.verify(cached, t.clock.now())).toMatchObject({ ok: true });
  });

  it('bounds refetches under a flood of random kids to one per cooldown', async () => {
    await setup();
    expect(codeOf(await t.verify(await fresh(a)))).toBe('ok');
    const flood = () =>
      Promise.all(Array.from({ length: 300 }, () => fresh(a, { kid: crypto.randomUUID() })));
    const round1 = await flood();
    t.clock.advance(30_000);
    const outcomes = await Promise.all(round1.map((token) => t.verify(token)));
    expect(new Set(outcomes.map(codeOf))).toEqual(new Set(['jwt_unknown_kid']));
    expect(server.requests).toBe(2);
    // Within the cooldown: refused synchronously, nothing fetched.
    for (const token of await flood()) {
      expect(t.verifier.verify(token, t.clock.now())).toEqual({
        ok: false,
        failure: 'jwt_unknown_kid',
      });
    }
    expect(server.requests).toBe(2);
    t.clock.advance(30_000);
    await Promise.all((await flood()).map((token) => t.verify(token)));
    expect(server.requests).toBe(3);
  });

  it('refreshes on the timer: every refresh_interval, or every cooldown after a failure', async () => {
    await setup();
    expect(codeOf(await t.verify(await fresh(a)))).toBe('ok');
    expect(t.timers.pending()).toEqual([600_000]);
    t.timers.fire();
    expect(await waitFor(() => t.timers.pending().length === 1, 5_000)).toBe(true);
    expect(server.requests).toBe(2);
    server.mode = { kind: 'status', status: 503 };
    t.timers.fire();
    expect(await waitFor(() => t.verifier.status().corp?.lastError !== null, 5_000)).toBe(true);
    expect(await waitFor(() => t.timers.pending().length === 1, 5_000)).toBe(true);
    expect(t.timers.pending()).toEqual([30_000]);
    expect(t.verifier.status().corp?.lastError).toBe('jwks_http_status');
  });
});
