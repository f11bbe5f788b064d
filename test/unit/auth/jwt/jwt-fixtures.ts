/**
 * Shared by the JWT unit and integration tests: real key pairs and real signed tokens (jose), a
 * clock the test moves by hand, a scheduler whose timers the test fires by hand, and configs
 * parsed through the real schema.
 */
import {
  exportJWK,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTHeaderParameters,
} from 'jose';
import {
  createJwtVerifier,
  type JwtVerifierDeps,
} from '../../../../src/auth/jwt/create-jwt-verifier.ts';
import type { JwtOutcome, JwtVerifier } from '../../../../src/auth/jwt/jwt-verifier.ts';
import type { Schedule } from '../../../../src/auth/jwt/jwks-source.ts';
import { jwtSchema, type JwtConfig } from '../../../../src/config/jwt-schema.ts';
import type { Clock } from '../../../../src/util/clock.ts';

export const ISS = 'https://auth.example.test/';
export const AUD = 'distillguard';
/** 2030-01-01T00:00:00Z: fixed, so nothing depends on when the tests run. */
export const T0 = Date.UTC(2030, 0, 1);
export const seconds = (ms: number) => Math.floor(ms / 1000);

export type TestAlg = 'ES256' | 'EdDSA' | 'RS256';

export interface Signer {
  readonly alg: TestAlg;
  readonly kid: string;
  readonly publicJwk: JWK;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  /** A token signed by this key; `claims` and `header` override the defaults. */
  sign(claims?: Record<string, unknown>, header?: Partial<JWTHeaderParameters>): Promise<string>;
}

export async function makeSigner(alg: TestAlg, kid: string, now = T0): Promise<Signer> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return {
    alg,
    kid,
    publicJwk,
    privateKey,
    publicKey,
    sign: (claims = {}, header = {}) =>
      new SignJWT({
        iss: ISS,
        aud: AUD,
        sub: 'acct_alice',
        iat: seconds(now),
        exp: seconds(now) + 3600,
        ...claims,
      })
        .setProtectedHeader({ alg, kid, ...header })
        .sign(privateKey),
  };
}

/** base64url(JSON) — for hand-made (unsigned or tampered) tokens. */
export function segment(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export interface ManualClock extends Clock {
  advance(ms: number): void;
}

export function manualClock(start = T0): ManualClock {
  let now = start;
  return { now: () => now, mono: () => now, advance: (ms) => void (now += ms) };
}

export interface ManualTimers {
  readonly schedule: Schedule;
  /** Delays of the timers pending now. */
  pending(): number[];
  /** Fires every pending timer once. */
  fire(): void;
}

export function manualTimers(): ManualTimers {
  let timers = new Map<number, { task: () => void; delayMs: number }>();
  let next = 0;
  return {
    schedule(task, delayMs) {
      const id = next++;
      timers.set(id, { task, delayMs });
      return () => timers.delete(id);
    },
    pending: () => [...timers.values()].map((t) => t.delayMs),
    fire() {
      const due = timers;
      timers = new Map();
      for (const { task } of due.values()) task();
    },
  };
}

/** One issuer entry (schema input) with test defaults. */
export function issuerInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'corp', issuer: ISS, audience: AUD, algorithms: ['ES256', 'EdDSA'], ...overrides };
}

export function parseConfig(input: Record<string, unknown>): JwtConfig {
  return jwtSchema.parse(input);
}

export interface TestVerifier {
  readonly verifier: JwtVerifier;
  readonly clock: ManualClock;
  readonly timers: ManualTimers;
  /** The verifier's answer at the clock's time, awaited. */
  verify(token: string): Promise<JwtOutcome>;
}

export function testVerifier(
  config: Record<string, unknown>,
  deps: Partial<JwtVerifierDeps> = {},
): TestVerifier {
  const clock = manualClock();
  const timers = manualTimers();
  const verifier = createJwtVerifier(parseConfig(config), {
    clock,
    schedule: timers.schedule,
    ...deps,
  });
  return {
    verifier,
    clock,
    timers,
    verify: async (token) => verifier.verify(token, clock.now()),
  };
}

/** The failure code of an outcome, or "ok". */
export function codeOf(outcome: JwtOutcome): string {
  return outcome.ok ? 'ok' : outcome.failure;
}
