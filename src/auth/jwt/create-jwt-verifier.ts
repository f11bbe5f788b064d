/**
 * The JwtVerifier of the authenticate stage (contract in jwt-verifier.ts). Per token, in order:
 *
 *   size → cache (by SHA-256) → shape and header → issuer (by unverified `iss`) → algorithm
 *   allow-list → key (static or JWKS, by `alg` + `kid`) → jose jwtVerify → claims → cache
 *
 * Everything before jwtVerify is synchronous and cheap, so garbage, `alg: none`, HS256, unknown
 * issuers and (with a current key set) unknown kids are refused without any cryptography or
 * promise. Tokens must carry `exp`: a token without one would be a bearer credential forever and
 * could not be cached "until expiry". Concurrent first sights of one token share one verification.
 */
import { jwtVerify, type JWTVerifyOptions } from 'jose';
import { Agent, type Dispatcher } from 'undici';
import type { JwtConfig, JwtIssuerConfig } from '../../config/jwt-schema.ts';
import type { Clock } from '../../util/clock.ts';
import { silentLogger, type Logger } from '../../util/logger.ts';
import { createJwksSource, type JwksSourceDeps, type Schedule } from './jwks-source.ts';
import type { JwtFailure, JwtOutcome, JwtVerifier } from './jwt-verifier.ts';
import { FAILURES, UNAVAILABLE } from './outcomes.ts';
import { createStaticKeySource, type KeyLookup, type KeySource } from './key-source.ts';
import { buildKeySet, type KeySet, type VerifyKey } from './key-set.ts';
import { createClaimMapper, type ClaimMapper } from './map-claims.ts';
import { mapJoseError } from './map-jose-error.ts';
import { readToken } from './read-token.ts';
import { createTokenCache, FAILURE_TTL_MS, tokenDigest } from './token-cache.ts';

export interface JwtVerifierDeps {
  readonly clock: Clock;
  readonly logger?: Logger;
  /** Dispatcher for JWKS fetches; by default the verifier's own small Agent, closed by close(). */
  readonly dispatcher?: Dispatcher;
  /** Timer for background refreshes; by default an unref'd setTimeout. */
  readonly schedule?: Schedule;
  /** Each use of a JWKS failure path (for the dg.failures counter). */
  readonly onJwksFailure?: (issuer: string, detail: string) => void;
}

interface Issuer {
  readonly name: string;
  readonly algorithms: ReadonlySet<string>;
  readonly options: Readonly<JWTVerifyOptions>;
  readonly toleranceMs: number;
  readonly keys: KeySource;
  readonly mapClaims: ClaimMapper;
}

/** A token that is not yet valid will become valid: that failure is not remembered. */
const TRANSIENT: ReadonlySet<JwtFailure> = new Set<JwtFailure>(['jwt_not_yet_valid']);

export function createJwtVerifier(config: JwtConfig, deps: JwtVerifierDeps): JwtVerifier {
  const logger = deps.logger ?? silentLogger;
  const longestTimeout = Math.max(...config.issuers.map((i) => i.jwks.timeout));
  // Created only when some issuer has a JWKS URL; a JWKS is fetched every few minutes, so idle
  // sockets are not worth keeping.
  let ownDispatcher: Agent | undefined;
  const jwksDeps = (): JwksSourceDeps => ({
    clock: deps.clock,
    logger,
    dispatcher:
      deps.dispatcher ??
      (ownDispatcher ??= new Agent({
        connect: { timeout: longestTimeout },
        keepAliveTimeout: 1_000,
      })),
    schedule: deps.schedule ?? unrefTimeout,
    onFailure: deps.onJwksFailure ?? (() => {}),
  });
  const byIss = new Map<string, Issuer>();
  for (const entry of config.issuers) {
    const keys = entry.jwks_url
      ? createJwksSource(entry, entry.jwks_url, jwksDeps())
      : createStaticKeySource(staticKeys(entry));
    byIss.set(entry.issuer, compileIssuer(entry, keys));
  }
  const anyAlgorithm: ReadonlySet<string> = new Set(config.issuers.flatMap((i) => i.algorithms));
  const cache = createTokenCache(config.cache_max_entries);
  const pending = new Map<string, Promise<JwtOutcome>>();

  function firstSight(
    token: string,
    digest: string,
    now: number,
  ): JwtOutcome | Promise<JwtOutcome> {
    const unverified = readToken(token);
    if (!unverified) return FAILURES.jwt_malformed;
    const { alg, kid, iss } = unverified;
    if (!anyAlgorithm.has(alg)) return FAILURES.jwt_alg_not_allowed;
    const issuer = iss === undefined ? undefined : byIss.get(iss);
    if (!issuer) return FAILURES.jwt_unknown_issuer;
    if (!issuer.algorithms.has(alg)) return FAILURES.jwt_alg_not_allowed;
    const lookup = issuer.keys.keysFor(alg, kid);
    return lookup instanceof Promise
      ? lookup.then((found) => withKeys(issuer, found, token, digest, now))
      : withKeys(issuer, lookup, token, digest, now);
  }

  function withKeys(
    issuer: Issuer,
    lookup: KeyLookup,
    token: string,
    digest: string,
    now: number,
  ): JwtOutcome | Promise<JwtOutcome> {
    if (lookup === 'unknown_kid') return FAILURES.jwt_unknown_kid;
    if (lookup === 'unavailable') return UNAVAILABLE;
    return verifySignature(issuer, lookup, token, digest, now);
  }

  async function verifySignature(
    issuer: Issuer,
    keys: readonly VerifyKey[],
    token: string,
    digest: string,
    now: number,
  ): Promise<JwtOutcome> {
    let failure: JwtFailure = 'jwt_bad_signature';
    // Several keys only for a token without kid (at most MAX_KIDLESS_CANDIDATES).
    for (const key of keys) {
      try {
        const options = { ...issuer.options, currentDate: new Date(now) };
        const { payload } = await jwtVerify(token, key, options);
        return settle(issuer, payload, digest, now);
      } catch (error) {
        failure = mapJoseError(error) ?? unexpected(issuer, error);
        if (failure !== 'jwt_bad_signature') break;
      }
    }
    if (!TRANSIENT.has(failure)) cache.remember(digest, FAILURES[failure], now + FAILURE_TTL_MS);
    return FAILURES[failure];
  }

  function settle(
    issuer: Issuer,
    payload: Readonly<Record<string, unknown>>,
    digest: string,
    now: number,
  ): JwtOutcome {
    const identity = issuer.mapClaims(payload);
    if (typeof identity === 'string') {
      cache.remember(digest, FAILURES[identity], now + FAILURE_TTL_MS);
      return FAILURES[identity];
    }
    // jose has checked that `exp` is present (requiredClaims) and a number.
    const expiresAt = (payload.exp as number) * 1000;
    const outcome: JwtOutcome = Object.freeze({ ok: true, identity, expiresAt });
    cache.remember(digest, outcome, expiresAt + issuer.toleranceMs);
    return outcome;
  }

  function unexpected(issuer: Issuer, error: unknown): JwtFailure {
    // Not a token problem jose knows: a bug or a key defect. Logged (name and code only, never
    // the message, which could quote the token) and refused as malformed rather than thrown.
    const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
    logger.throttled('jwt:unexpected', 60_000, 'error', 'unexpected JWT verification error', {
      issuer: issuer.name,
      error: String(name),
      code: typeof code === 'string' ? code : undefined,
    });
    return 'jwt_malformed';
  }

  return {
    verify(token, now) {
      if (token.length > config.max_token_bytes) return FAILURES.jwt_too_large;
      const digest = tokenDigest(token);
      const known = cache.get(digest, now) ?? pending.get(digest);
      if (known) return known;
      const outcome = firstSight(token, digest, now);
      if (outcome instanceof Promise) {
        pending.set(digest, outcome);
        const done = () => pending.delete(digest);
        void outcome.then(done, done);
      }
      return outcome;
    },
    status() {
      const out: Record<string, ReturnType<KeySource['status']>> = {};
      for (const issuer of byIss.values()) out[issuer.name] = issuer.keys.status();
      return out;
    },
    close() {
      for (const issuer of byIss.values()) issuer.keys.close();
      void ownDispatcher?.destroy().catch(() => undefined);
    },
  };
}

/** The schema has checked every key already; a config built by hand fails here, at creation. */
function staticKeys(entry: JwtIssuerConfig): KeySet {
  const { set, skipped } = buildKeySet(entry.keys ?? [], entry.algorithms);
  const first = skipped[0];
  if (first) {
    throw new Error(
      `auth.jwt issuer ${entry.name}: keys[${first.index}] is unusable (${first.reason})`,
    );
  }
  if (set.size === 0) throw new Error(`auth.jwt issuer ${entry.name}: no jwks_url and no keys`);
  return set;
}

function compileIssuer(entry: JwtIssuerConfig, keys: KeySource): Issuer {
  return {
    name: entry.name,
    algorithms: new Set(entry.algorithms),
    options: Object.freeze({
      issuer: entry.issuer,
      audience: entry.audience,
      algorithms: entry.algorithms,
      clockTolerance: entry.clock_tolerance / 1000,
      requiredClaims: [...new Set(['exp', entry.claims.account, ...entry.required_claims])],
    }),
    toleranceMs: entry.clock_tolerance,
    keys,
    mapClaims: createClaimMapper(entry.name, entry.claims),
  };
}

/** setTimeout that never keeps the process alive (clamped: Node overflows past 2^31-1 ms). */
const unrefTimeout: Schedule = (task, delayMs) => {
  const timer = setTimeout(task, Math.min(delayMs, 2_147_483_647));
  timer.unref();
  return () => clearTimeout(timer);
};
