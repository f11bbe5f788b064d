/**
 * The JWT items of issue 3's "Bad input" list (and RELIABILITY item 8), against static keys:
 * each attack is a real token, and each has its expected reason code. JWKS behaviour (rotation,
 * outages, cooldown) is in test/integration/jwt.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { exportSPKI, FlattenedSign, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJwtVerifier } from '../../../../src/auth/jwt/create-jwt-verifier.ts';
import {
  AUD,
  codeOf,
  ISS,
  issuerInput,
  makeSigner,
  parseConfig,
  seconds,
  segment,
  T0,
  testVerifier,
  type Signer,
  type TestVerifier,
} from './jwt-fixtures.ts';

let es: Signer;
let ed: Signer;
let rs: Signer;
let attacker: Signer;
let t: TestVerifier;
/** Counts requests, to prove a token's jku / x5u is never fetched. */
let bait: Server;
let baitHits = 0;
let baitUrl: string;

beforeAll(async () => {
  [es, ed, rs, attacker] = await Promise.all([
    makeSigner('ES256', 'es-1'),
    makeSigner('EdDSA', 'ed-1'),
    makeSigner('RS256', 'rs-1'),
    makeSigner('ES256', 'evil-1'),
  ]);
  t = testVerifier({
    issuers: [
      issuerInput({ keys: [es.publicJwk, ed.publicJwk] }),
      issuerInput({
        name: 'legacy',
        issuer: 'https://legacy.example.test/',
        algorithms: ['RS256'],
        keys: [rs.publicJwk],
      }),
    ],
  });
  bait = createServer((req, res) => {
    baitHits++;
    res.end(JSON.stringify({ keys: [attacker.publicJwk] }));
  });
  await new Promise<void>((resolve) => bait.listen(0, '127.0.0.1', resolve));
  baitUrl = `http://127.0.0.1:${(bait.address() as AddressInfo).port}/jwks.json`;
});

afterAll(async () => {
  t.verifier.close();
  await new Promise((resolve) => bait.close(resolve));
});

const now = () => t.clock.now();

describe('JWT verification with static keys', () => {
  it('accepts ES256, EdDSA and RS256 tokens and maps the identity', async () => {
    const outcome = await t.verify(await es.sign({ org_id: 'org_acme', tier: 'pro' }));
    expect(outcome).toEqual({
      ok: true,
      expiresAt: (seconds(T0) + 3600) * 1000,
      identity: {
        issuer: 'corp',
        account: 'acct_alice',
        org: 'org_acme',
        tier: 'pro',
        accountCreatedAt: undefined,
        verified: false,
        programme: undefined,
        labels: [],
        declaredUse: undefined,
      },
    });
    expect(codeOf(await t.verify(await ed.sign()))).toBe('ok');
    const legacy = await rs.sign({ iss: 'https://legacy.example.test/' });
    expect(await t.verify(legacy)).toMatchObject({ ok: true, identity: { issuer: 'legacy' } });
  });

  it('refuses alg "none" before any crypto (with and without a signature segment)', () => {
    const payload = segment({ iss: ISS, aud: AUD, sub: 'acct_alice', exp: seconds(T0) + 60 });
    for (const alg of ['none', 'None', 'NONE']) {
      const header = segment({ alg, kid: es.kid });
      for (const token of [`${header}.${payload}.`, `${header}.${payload}.c2ln`]) {
        expect(t.verifier.verify(token, now())).toEqual({
          ok: false,
          failure: 'jwt_alg_not_allowed',
        });
      }
    }
  });

  it('refuses HS256 signed with the RSA public key as the HMAC secret (key confusion)', async () => {
    const pem = await exportSPKI(rs.publicKey);
    for (const secret of [pem, JSON.stringify(rs.publicJwk)]) {
      const token = await new SignJWT({ sub: 'acct_mallory', aud: AUD, exp: seconds(T0) + 60 })
        .setIssuer('https://legacy.example.test/')
        .setProtectedHeader({ alg: 'HS256', kid: rs.kid })
        .sign(new TextEncoder().encode(secret));
      // Synchronous: refused on the header, no key is ever looked at.
      expect(t.verifier.verify(token, now())).toEqual({
        ok: false,
        failure: 'jwt_alg_not_allowed',
      });
    }
  });

  it('refuses an algorithm another issuer allows but this one does not', async () => {
    // An RS256 token claiming the ES256-only issuer.
    const token = await rs.sign({ iss: ISS });
    expect(t.verifier.verify(token, now())).toEqual({
      ok: false,
      failure: 'jwt_alg_not_allowed',
    });
  });

  it('treats kid path and SQL tricks as plain unknown kids', async () => {
    for (const kid of ['../../etc/passwd', "' OR 1=1 --", '__proto__', 'constructor', '']) {
      const token = await es.sign({}, { kid });
      expect(t.verifier.verify(token, now())).toEqual({ ok: false, failure: 'jwt_unknown_kid' });
    }
  });

  it('never uses a jwk, jku, x5u or x5c header to find a key', async () => {
    const { kid: _kid, ...attackerJwk } = attacker.publicJwk;
    const embedded = { jwk: attackerJwk };
    // The attacker's own key in the header, with the victim's kid, with its own kid, without kid.
    expect(codeOf(await t.verify(await attacker.sign({}, { ...embedded, kid: es.kid })))).toBe(
      'jwt_bad_signature',
    );
    expect(codeOf(await t.verify(await attacker.sign({}, embedded)))).toBe('jwt_unknown_kid');
    const noKid = await new SignJWT({ iss: ISS, aud: AUD, sub: 'x', exp: seconds(T0) + 60 })
      .setProtectedHeader({ alg: 'ES256', ...embedded })
      .sign(attacker.privateKey);
    expect(codeOf(await t.verify(noKid))).toBe('jwt_bad_signature');
    // Key URLs pointing at a live server that would serve the attacker's key.
    for (const header of [{ jku: baitUrl }, { x5u: baitUrl }, { x5c: ['MIIB'] }]) {
      expect(codeOf(await t.verify(await attacker.sign({}, { ...header, kid: es.kid })))).toBe(
        'jwt_bad_signature',
      );
      expect(codeOf(await t.verify(await attacker.sign({}, header)))).toBe('jwt_unknown_kid');
    }
    expect(baitHits).toBe(0);
  });

  it('refuses unknown critical header extensions and unencoded payloads', async () => {
    const crit = await new SignJWT({ iss: ISS, aud: AUD, sub: 'x', exp: seconds(T0) + 60 })
      .setProtectedHeader({ alg: 'ES256', kid: es.kid, crit: ['exp-ext'], 'exp-ext': 1 })
      .sign(es.privateKey, { crit: { 'exp-ext': true } });
    expect(codeOf(await t.verify(crit))).toBe('jwt_malformed');
    // b64: false with a payload that happens to be base64url text: the signature is valid over
    // the raw bytes, and jose still refuses an unencoded payload in a JWT.
    const raw = segment({ iss: ISS, aud: AUD, sub: 'x', exp: seconds(T0) + 60 });
    const jws = await new FlattenedSign(new TextEncoder().encode(raw))
      .setProtectedHeader({ alg: 'ES256', kid: es.kid, b64: false, crit: ['b64'] })
      .sign(es.privateKey);
    const unencoded = `${jws.protected!}.${raw}.${jws.signature}`;
    expect(codeOf(await t.verify(unencoded))).toBe('jwt_malformed');
  });

  it('refuses expired tokens, with the clock tolerance', async () => {
    const past = await es.sign({ exp: seconds(T0) - 60 });
    expect(codeOf(await t.verify(past))).toBe('jwt_expired');
    const withinTolerance = await es.sign({ exp: seconds(T0) - 10 });
    expect(codeOf(await t.verify(withinTolerance))).toBe('ok');
  });

  it('refuses tokens not yet valid, and accepts them once they are', async () => {
    const token = await es.sign({ nbf: seconds(T0) + 120 });
    expect(codeOf(await t.verify(token))).toBe('jwt_not_yet_valid');
    t.clock.advance(100_000); // nbf is now 20 s ahead: inside the 30 s tolerance
    expect(codeOf(await t.verify(token))).toBe('ok');
    t.clock.advance(-100_000);
  });

  it('refuses a wrong or missing issuer and a wrong or missing audience', async () => {
    expect(codeOf(await t.verify(await es.sign({ iss: 'https://evil.example/' })))).toBe(
      'jwt_unknown_issuer',
    );
    expect(codeOf(await t.verify(await es.sign({ iss: undefined })))).toBe('jwt_unknown_issuer');
    expect(codeOf(await t.verify(await es.sign({ iss: ['x'] })))).toBe('jwt_unknown_issuer');
    expect(codeOf(await t.verify(await es.sign({ aud: 'other-service' })))).toBe(
      'jwt_wrong_audience',
    );
    expect(codeOf(await t.verify(await es.sign({ aud: ['a', 'b'] })))).toBe('jwt_wrong_audience');
    expect(codeOf(await t.verify(await es.sign({ aud: undefined })))).toBe('jwt_wrong_audience');
    expect(codeOf(await t.verify(await es.sign({ aud: ['other', AUD] })))).toBe('ok');
  });

  it("refuses another issuer's key for this issuer's tokens", async () => {
    // Signed with the legacy issuer's key but claiming corp: unknown kid / bad signature.
    const edAsRs = await ed.sign({ iss: 'https://legacy.example.test/' });
    expect(codeOf(await t.verify(edAsRs))).toBe('jwt_alg_not_allowed');
    const forged = await attacker.sign({}, { kid: ed.kid, alg: 'ES256' });
    expect(codeOf(await t.verify(forged))).toBe('jwt_unknown_kid'); // ed-1 has no ES256 key
  });

  it('refuses tampered payloads and signatures', async () => {
    const token = await es.sign();
    const [h, , s] = token.split('.');
    const payload = segment({ iss: ISS, aud: AUD, sub: 'acct_admin', exp: seconds(T0) + 3600 });
    expect(codeOf(await t.verify(`${h}.${payload}.${s}`))).toBe('jwt_bad_signature');
    const flipped = s!.slice(0, 10) + (s![10] === 'A' ? 'B' : 'A') + s!.slice(11);
    expect(codeOf(await t.verify(`${h}.${token.split('.')[1]}.${flipped}`))).toBe(
      'jwt_bad_signature',
    );
    expect(codeOf(await t.verify(`${h}.${token.split('.')[1]}.`))).toBe('jwt_bad_signature');
  });

  it('refuses an oversized token before parsing or hashing it', () => {
    const huge = `${'a'.repeat(8_193)}.b.c`;
    expect(t.verifier.verify(huge, now())).toEqual({ ok: false, failure: 'jwt_too_large' });
  });

  it('refuses malformed tokens synchronously', () => {
    const good = segment({ alg: 'ES256' });
    for (const token of [
      '',
      'a.b',
      'a.b.c.d',
      `${good}..sig`,
      `${good}.${segment({ iss: ISS })}.si+g`,
      `${segment([1])}.${segment({ iss: ISS })}.sig`,
      `${Buffer.from('{"alg":').toString('base64url')}.${segment({})}.sig`,
      `${segment({ alg: 5 })}.${segment({ iss: ISS })}.sig`,
      `${segment({ alg: 'ES256', kid: 7 })}.${segment({ iss: ISS })}.sig`,
      `${good}.${segment('string')}.sig`,
    ]) {
      expect(t.verifier.verify(token, now()), token).toEqual({
        ok: false,
        failure: 'jwt_malformed',
      });
    }
  });

  it('requires exp, the account claim and the configured claims, with the right types', async () => {
    expect(codeOf(await t.verify(await es.sign({ exp: undefined })))).toBe('jwt_missing_claim');
    expect(codeOf(await t.verify(await es.sign({ sub: undefined })))).toBe('jwt_missing_claim');
    expect(codeOf(await t.verify(await es.sign({ exp: 'tomorrow' })))).toBe('jwt_invalid_claim');
    expect(codeOf(await t.verify(await es.sign({ sub: { id: 1 } })))).toBe('jwt_invalid_claim');
    expect(codeOf(await t.verify(await es.sign({ tier: 3 })))).toBe('jwt_invalid_claim');
    expect(codeOf(await t.verify(await es.sign({ labels: [1, 2] })))).toBe('jwt_invalid_claim');
  });
});

describe('arbitrary input', () => {
  it('never throws and never accepts (property)', async () => {
    const header = fc.record(
      {
        alg: fc.constantFrom('ES256', 'EdDSA', 'RS256', 'HS256', 'none', 'PS256'),
        kid: fc.oneof(fc.constantFrom(es.kid, ed.kid, rs.kid), fc.string()),
        jwk: fc.constant(attacker.publicJwk),
        crit: fc.array(fc.string(), { maxLength: 2 }),
      },
      { requiredKeys: ['alg'] },
    );
    const claims = fc.record({
      iss: fc.oneof(fc.constant(ISS), fc.string()),
      aud: fc.oneof(fc.constant(AUD), fc.string()),
      sub: fc.oneof(fc.string(), fc.integer()),
      exp: fc.integer(),
    });
    const token = fc.oneof(
      fc.string(),
      fc
        .tuple(header, claims, fc.base64String())
        .map(([h, c, sig]) => `${segment(h)}.${segment(c)}.${sig.replace(/=+$/, '')}`),
    );
    await fc.assert(
      fc.asyncProperty(token, async (candidate) => {
        const outcome = await t.verifier.verify(candidate, now());
        return !outcome.ok;
      }),
      { numRuns: 300 },
    );
  });
});

describe('the verified-token cache', () => {
  it('answers a repeat verify synchronously with the same outcome, until exp', async () => {
    const token = await es.sign({ exp: seconds(T0) + 60 });
    const first = t.verifier.verify(token, now());
    expect(first).toBeInstanceOf(Promise);
    const outcome = await first;
    expect(outcome.ok).toBe(true);
    expect(t.verifier.verify(token, now())).toBe(outcome);
    // Past exp + tolerance the cache no longer answers, and jose says expired.
    expect(codeOf(await t.verifier.verify(token, now() + 91_000))).toBe('jwt_expired');
  });

  it('shares one verification between concurrent first sights of a token', async () => {
    const token = await es.sign({ jti: 'concurrent' });
    const a = t.verifier.verify(token, now());
    const b = t.verifier.verify(token, now());
    expect(a).toBeInstanceOf(Promise);
    expect(b).toBe(a);
    expect((await a).ok).toBe(true);
  });

  it('remembers a bad signature for a few seconds, but not a token that is not yet valid', async () => {
    const forged = await attacker.sign({}, { kid: es.kid });
    expect(codeOf(await t.verifier.verify(forged, now()))).toBe('jwt_bad_signature');
    expect(t.verifier.verify(forged, now() + 1_000)).toEqual({
      ok: false,
      failure: 'jwt_bad_signature',
    });
    expect(t.verifier.verify(forged, now() + 6_000)).toBeInstanceOf(Promise);
    const early = await es.sign({ nbf: seconds(T0) + 3_000 });
    expect(codeOf(await t.verifier.verify(early, now()))).toBe('jwt_not_yet_valid');
    expect(t.verifier.verify(early, now())).toBeInstanceOf(Promise);
  });

  it('refuses at creation a hand-built config with an unusable static key', () => {
    const config = parseConfig({ issuers: [issuerInput({ keys: [es.publicJwk] })] });
    const [key] = config.issuers[0]!.keys!;
    const broken = { ...config.issuers[0]!, keys: [{ ...key!, d: 'x' }] };
    expect(() => createJwtVerifier({ ...config, issuers: [broken] }, { clock: t.clock })).toThrow(
      'auth.jwt issuer corp: keys[0] is unusable (private_key)',
    );
  });

  it('reports static issuers as holding keys', () => {
    expect(t.verifier.status()).toEqual({
      corp: { keys: 2, ageMs: null, lastError: null },
      legacy: { keys: 1, ageMs: null, lastError: null },
    });
  });
});
