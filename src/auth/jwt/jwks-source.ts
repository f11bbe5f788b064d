/**
 * An issuer's keys from its JWKS endpoint, wrapped around the two things jose's remote JWKS lacks
 * (RELIABILITY.md, "facts about the libraries"): stale-if-error and a cooldown after a failed fetch.
 *
 * - The last good set keeps verifying for `max_stale` after the fetch that produced it, whatever
 *   the endpoint does meanwhile (down, hung, garbage, oversized). A bad answer never replaces it.
 * - Past `max_stale`, or before any successful fetch, tokens get `unavailable` (503), never a 401.
 * - An unknown `kid` triggers a fetch (a key rotation), but no fetch starts within `cooldown` of
 *   the previous one, so a flood of random kids costs one fetch per cooldown; concurrent lookups
 *   share the fetch in flight. With the last fetch failed, an unknown kid is `unavailable` too:
 *   it may be a new key we could not fetch.
 * - A timer refreshes the set every `refresh_interval` (retrying every `cooldown` after a
 *   failure); lookups also refresh a due set in the background (stale-while-revalidate), so
 *   correctness never depends on the timer firing.
 */
import type { Dispatcher } from 'undici';
import type { JwtIssuerConfig } from '../../config/jwt-schema.ts';
import type { Clock } from '../../util/clock.ts';
import type { Logger } from '../../util/logger.ts';
import { fetchJwks, JwksFetchError } from './fetch-jwks.ts';
import type { KeyLookup, KeySource } from './key-source.ts';
import { buildKeySet, HARMLESS_SKIPS, type KeySet, type KeySetBuild } from './key-set.ts';

/** Runs `task` after `delayMs`; returns a cancel function. */
export type Schedule = (task: () => void, delayMs: number) => () => void;

export interface JwksSourceDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly dispatcher: Dispatcher;
  readonly schedule: Schedule;
  /** Each use of a JWKS failure path: `fetch_failed:<code>`, `served_stale`, `unavailable`. */
  readonly onFailure: (issuer: string, detail: string) => void;
}

export function createJwksSource(
  issuer: JwtIssuerConfig,
  url: string,
  deps: JwksSourceDeps,
): KeySource {
  const { clock, logger, schedule, onFailure } = deps;
  const { timeout, max_bytes: maxBytes, refresh_interval: refreshInterval } = issuer.jwks;
  const { cooldown, max_stale: maxStale } = issuer.jwks;
  const closing = new AbortController();
  let set: KeySet | undefined;
  let body: string | undefined;
  let fetchedAt = -Infinity;
  let lastAttemptAt = -Infinity;
  let lastError: string | null = null;
  let inflight: Promise<void> | undefined;
  let cancelTimer: (() => void) | undefined;

  const usable = (now: number): KeySet | undefined =>
    now - fetchedAt <= maxStale ? set : undefined;
  const mayFetch = (now: number) => now - lastAttemptAt >= cooldown;

  function refresh(): Promise<void> {
    if (inflight) return inflight;
    if (closing.signal.aborted) return Promise.resolve();
    lastAttemptAt = clock.now();
    inflight = fetchOnce().finally(() => {
      inflight = undefined;
      scheduleNext();
    });
    return inflight;
  }

  async function fetchOnce(): Promise<void> {
    let error: string | undefined;
    try {
      const text = await fetchJwks(url, {
        dispatcher: deps.dispatcher,
        timeoutMs: timeout,
        maxBytes,
        signal: closing.signal,
      });
      error = accept(text);
    } catch (cause) {
      error = cause instanceof JwksFetchError ? cause.code : 'jwks_fetch_error';
    }
    if (error === undefined) return;
    lastError = error;
    if (error === 'jwks_closed') return; // shutting down: not a failure of the endpoint
    onFailure(issuer.name, `fetch_failed:${error}`);
    const ageMs = set ? clock.now() - fetchedAt : null;
    logger.throttled(`jwks:${issuer.name}`, 60_000, 'warn', 'JWKS fetch failed', {
      issuer: issuer.name,
      error,
      keys: set?.size ?? 0,
      age_ms: ageMs,
    });
  }

  /** Takes a fetched body as the new set; returns why not when it is unusable. */
  function accept(text: string): string | undefined {
    if (text !== body || !set) {
      const parsed = parseJwks(text, issuer);
      if (typeof parsed === 'string') return parsed;
      const defects = parsed.skipped.filter((s) => !HARMLESS_SKIPS.has(s.reason));
      logger.log(defects.length > 0 ? 'warn' : 'info', 'JWKS loaded', {
        issuer: issuer.name,
        keys: parsed.set.size,
        defective_keys: defects.map((s) => `${s.index}:${s.reason}`),
      });
      set = parsed.set;
      body = text;
    }
    fetchedAt = clock.now();
    lastError = null;
    return undefined;
  }

  function scheduleNext(): void {
    cancelTimer?.();
    cancelTimer = undefined;
    if (closing.signal.aborted) return;
    // The timer is itself spaced by at least `cooldown`, so it need not ask mayFetch.
    const delay = lastError === null ? refreshInterval : cooldown;
    cancelTimer = schedule(() => void refresh(), delay);
  }

  function afterFetch(alg: string, kid: string | undefined): KeyLookup {
    const keys = usable(clock.now())?.select(alg, kid);
    return keys && keys.length > 0 ? keys : verdict();
  }

  /** No key for this token: its fault only if our set is current, otherwise we cannot tell. */
  function verdict(): 'unknown_kid' | 'unavailable' {
    if (usable(clock.now()) && lastError === null) return 'unknown_kid';
    onFailure(issuer.name, 'unavailable');
    return 'unavailable';
  }

  void refresh();

  return {
    keysFor(alg, kid) {
      const now = clock.now();
      const current = usable(now);
      if (current) {
        if (now - fetchedAt >= refreshInterval && mayFetch(now)) void refresh();
        const keys = current.select(alg, kid);
        if (keys.length > 0) {
          if (lastError !== null) onFailure(issuer.name, 'served_stale');
          return keys;
        }
      }
      if (inflight) return inflight.then(() => afterFetch(alg, kid));
      if (mayFetch(now)) return refresh().then(() => afterFetch(alg, kid));
      return verdict();
    },
    status() {
      const now = clock.now();
      return {
        keys: usable(now)?.size ?? 0,
        ageMs: set ? now - fetchedAt : null,
        lastError,
      };
    },
    close() {
      cancelTimer?.();
      cancelTimer = undefined;
      closing.abort();
    },
  };
}

/** A JWKS body → a key set, or why it is garbage (then the previous set stays). */
export function parseJwks(text: string, issuer: JwtIssuerConfig): KeySetBuild | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'jwks_invalid_json';
  }
  const keys = (value as { keys?: unknown } | null)?.keys;
  if (typeof value !== 'object' || Array.isArray(value) || !Array.isArray(keys)) {
    return 'jwks_not_a_key_set';
  }
  const built = buildKeySet(keys as unknown[], issuer.algorithms);
  return built.set.size > 0 ? built : 'jwks_no_usable_keys';
}
