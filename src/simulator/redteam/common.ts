/**
 * Shared pieces of the red-team scenario: opaque account ids (so nothing in an id tells a role
 * apart), account facts per kind of customer, and the one way every red-team actor sends — it
 * waits out a 429's Retry-After as real SDKs do, and reports a 403 so the caller can retire the
 * account (a person gives up; a campaign writes the account off).
 */
import type { Actor, ActorContext, SimAccountSpec, SimRequest } from '../actor.ts';
import type { ClientProfile } from '../personas/clients.ts';
import { perAccount } from '../personas/pacing.ts';
import type { Rng } from '../rng.ts';

type Facts = Omit<SimAccountSpec, 'id'>;

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * `count` accounts with random 12-character ids. `taken` is shared by the whole scenario so two
 * actors never draw the same id; ids come from the build generator, so a seed fixes them.
 */
export function opaqueAccounts(
  rng: Rng,
  taken: Set<string>,
  count: number,
  facts: (index: number) => Facts,
): SimAccountSpec[] {
  return Array.from({ length: count }, (_, index) => {
    let id: string;
    do {
      id = 'acct_' + Array.from({ length: 12 }, () => ALPHABET.charAt(rng.int(0, 35))).join('');
    } while (taken.has(id));
    taken.add(id);
    return { id, ...facts(index) };
  });
}

/** What happened to a send, from the caller's point of view. */
export type Outcome = 'ok' | 'refused' | 'failed';

/**
 * Sends one request; on 429 sleeps the Retry-After (or `fallbackMs`) before returning, as the
 * official SDKs' retry logic and polite job runners do. A 403 comes back as `refused`.
 */
export async function sendAndWait(
  ctx: ActorContext,
  account: string,
  request: SimRequest,
  fallbackMs = 2_000,
): Promise<Outcome> {
  const response = await ctx.send(account, request);
  if (response.status === 403) return 'refused';
  if (response.status === 429) {
    await ctx.sleep(response.retryAfterMs ?? fallbackMs);
    return 'refused';
  }
  return response.status === 200 ? 'ok' : 'failed';
}

/** True when a 403 ended the account for good (the caller stops using it). */
export async function sendOrRetire(
  ctx: ActorContext,
  account: string,
  request: SimRequest,
): Promise<boolean> {
  const response = await ctx.send(account, request);
  if (response.status === 429) await ctx.sleep(response.retryAfterMs ?? 3_000);
  return response.status === 403;
}

/** Days since creation: an established customer (months to years). */
export function establishedAge(rng: Rng): number {
  return 60 + rng.exponential(420);
}

export { weighted } from '../rng.ts';

/** `count` distinct items of `items` in random order (all of them when count ≥ length). */
export function sample<T>(rng: Rng, items: readonly T[], count: number): T[] {
  const pool = [...items];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [pool[i], pool[j]] = [pool[j] as T, pool[i] as T];
  }
  return pool.slice(0, Math.min(count, pool.length));
}

/** Fills `{name}` slots of a pattern from `values`. */
export function fill(pattern: string, values: Readonly<Record<string, string | number>>): string {
  return pattern.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

/** Who an actor is in ground truth; campaigns only for distillers. */
export interface ActorTruthFacts {
  readonly name: string;
  readonly persona: string;
  readonly campaign?: string;
}

/** An actor from its ground-truth facts: a campaign id makes it a distiller. */
export function defineActor(
  facts: ActorTruthFacts,
  accounts: readonly SimAccountSpec[],
  run: (ctx: ActorContext) => Promise<void>,
): Actor {
  return {
    name: facts.name,
    persona: facts.persona,
    role: facts.campaign === undefined ? 'legitimate' : 'distiller',
    ...(facts.campaign === undefined ? {} : { campaign: facts.campaign }),
    accounts,
    run,
  };
}

/** A request with the client's user agent and header order, from `clientIp`. */
export function requestFrom(
  dialect: SimRequest['dialect'],
  body: Record<string, unknown>,
  client: ClientProfile,
  clientIp: string,
): SimRequest {
  return { dialect, body, userAgent: client.userAgent, headers: client.headers, clientIp };
}

/** A session one account runs for the whole scenario. */
export type Session = (ctx: ActorContext, account: SimAccountSpec, rng: Rng) => Promise<void>;

/** An actor whose accounts each run `session` at once, started up to `maxStartDelay` ms late. */
export function sessionActor(
  facts: ActorTruthFacts,
  accounts: readonly SimAccountSpec[],
  maxStartDelay: number,
  session: Session,
): Actor {
  return defineActor(facts, accounts, (ctx) =>
    perAccount(ctx, accounts, (account, rng) => session(ctx, account, rng), maxStartDelay),
  );
}
