/**
 * Shared pieces of the fourth red team's scenario: its models, small text helpers (slot filling,
 * picking several items), tool sets from compact rows, a roster of campaign accounts that rotates
 * past refused ones, the way every actor reads an answer (429: wait as told; 403: that account is
 * done), and the loops actors share (a roster open loop, per-account sessions, a person's turn).
 */
import type { ActorContext, SimAccountSpec, SimRequest, SimResponse } from '../actor.ts';
import { objectSchema, type ToolSpec } from '../personas/bodies.ts';
import type { ClientProfile } from '../personas/clients.ts';
import { openLoop, perAccount, thinkTime } from '../personas/pacing.ts';
import type { Rng } from '../rng.ts';

/** Cheap, old model. */
export const SMALL_MODEL = 'atlas-2-mini';
/** The current flagship. */
export const MAIN_MODEL = 'atlas-2';
/** Released 25 s into the run. */
export const NEW_MODEL = 'atlas-3';
export const NEW_RELEASE_MS = 25_000;

export const MAX_OUTPUT: Readonly<Record<string, number>> = {
  [SMALL_MODEL]: 8_192,
  [MAIN_MODEL]: 32_000,
  [NEW_MODEL]: 64_000,
};

/** The newest model once it is out, else `fallback`. */
export function newestOr(ctx: ActorContext, fallback: string): string {
  return ctx.now() >= ctx.releasedAt(NEW_MODEL) ? NEW_MODEL : fallback;
}

/** Replaces every `{slot}` with a pick from `slots[slot]` (unknown slots stay as written). */
export function fill(
  rng: Rng,
  template: string,
  slots: Readonly<Record<string, readonly string[]>>,
): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const options = slots[name];
    return options && options.length > 0 ? rng.pick(options) : whole;
  });
}

/** `count` distinct items (all of them when the list is shorter), in random order. */
export function some<T>(rng: Rng, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < count && pool.length > 0)
    out.push(pool.splice(rng.int(0, pool.length - 1), 1)[0] as T);
  return out;
}

/** Items in a random order. */
export function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  return some(rng, items, items.length);
}

/** One sentence per pool (a pool may hold '' to leave its slot out), joined with spaces. */
export function compose(rng: Rng, pools: readonly (readonly string[])[]): string {
  return pools
    .map((pool) => rng.pick(pool))
    .filter((part) => part !== '')
    .join(' ');
}

/** How an actor reads an answer. */
export interface Outcome {
  readonly served: boolean;
  /** The account is refused for good (403). */
  readonly blocked: boolean;
  /** Wait this long before the account sends again (429 or a transport failure). */
  readonly waitMs: number;
}

export function outcome(rng: Rng, response: SimResponse): Outcome {
  if (response.status === 403) return { served: false, blocked: true, waitMs: 0 };
  if (response.status === 429)
    return {
      served: false,
      blocked: false,
      waitMs: response.retryAfterMs ?? 1_500 + rng.next() * 3_000,
    };
  if (response.status === 0 || response.status >= 500)
    return { served: false, blocked: false, waitMs: 500 + rng.next() * 1_500 };
  return { served: true, blocked: false, waitMs: 0 };
}

/**
 * Campaign accounts in a shuffled round-robin: an account refused with 429 sits out until its
 * cool-down ends, one refused with 403 is retired and the next reserve account takes its place.
 */
export class Roster {
  private readonly active: string[];
  private readonly reserve: string[];
  private readonly coolUntil = new Map<string, number>();
  private cursor = 0;

  constructor(
    rng: Rng,
    active: readonly SimAccountSpec[],
    reserve: readonly SimAccountSpec[] = [],
  ) {
    this.active = shuffled(
      rng,
      active.map((account) => account.id),
    );
    this.reserve = reserve.map((account) => account.id);
  }

  get size(): number {
    return this.active.length;
  }

  /** The next account not cooling down at `now`, or undefined when all are (or none is left). */
  next(now: number): string | undefined {
    for (let tries = 0; tries < this.active.length; tries++) {
      const id = this.active[this.cursor % this.active.length] as string;
      this.cursor++;
      if ((this.coolUntil.get(id) ?? 0) <= now) return id;
    }
    return undefined;
  }

  cool(id: string, until: number): void {
    this.coolUntil.set(id, Math.max(until, this.coolUntil.get(id) ?? 0));
  }

  /** Retires `id` and brings in a reserve account (if any are left). */
  retire(id: string): void {
    const at = this.active.indexOf(id);
    if (at < 0) return;
    this.active.splice(at, 1);
    const fresh = this.reserve.shift();
    if (fresh !== undefined) this.active.push(fresh);
  }

  /** Applies an outcome to the account that got it. */
  settle(id: string, result: Outcome, now: number): void {
    if (result.blocked) this.retire(id);
    else if (result.waitMs > 0) this.cool(id, now + result.waitMs);
  }
}

/** A stable address per key (an account behind its own home line or a sticky proxy exit). */
export function stickyMap<T>(keys: readonly string[], make: (key: string) => T): Map<string, T> {
  return new Map(keys.map((key) => [key, make(key)]));
}

/** Looks a key up in a map built for every key (a missing one is a programming error). */
export function must<T>(map: ReadonlyMap<string, T>, key: string): T {
  const value = map.get(key);
  if (value === undefined) throw new Error(`no entry for ${key}`);
  return value;
}

/**
 * What a person or a product does with an answer: waits as told on 429 and returns true to go
 * on; on 403 returns false (a person stops using the key; a product's key is escalated).
 */
export async function react(ctx: ActorContext, rng: Rng, response: SimResponse): Promise<boolean> {
  const result = outcome(rng, response);
  if (result.blocked) return false;
  if (result.waitMs > 0) await ctx.sleep(result.waitMs);
  return true;
}

/** One request from a sticky identity. */
export interface Identity {
  readonly ip: string;
  readonly profile: ClientProfile;
}

export function send(
  ctx: ActorContext,
  account: string,
  identity: Identity,
  dialect: SimRequest['dialect'],
  body: Record<string, unknown>,
): Promise<SimResponse> {
  return ctx.send(account, {
    dialect,
    body,
    userAgent: identity.profile.userAgent,
    headers: identity.profile.headers,
    clientIp: identity.ip,
  });
}

/**
 * An open loop at `perSecond` over a Roster of `accounts` (and `reserve`): `fire` sends as the
 * account it is given, and its answer cools or retires that account. Ends with the roster.
 */
export async function rosterLoop(
  ctx: ActorContext,
  accounts: readonly SimAccountSpec[],
  perSecond: number,
  fire: (account: string) => Promise<SimResponse>,
  reserve: readonly SimAccountSpec[] = [],
): Promise<void> {
  const roster = new Roster(ctx.rng, accounts, reserve);
  await openLoop(
    ctx,
    () => (roster.size > 0 ? perSecond : 0),
    async () => {
      const account = roster.next(ctx.now());
      if (account === undefined) return;
      const response = await fire(account);
      roster.settle(account, outcome(ctx.rng, response), ctx.now());
    },
  );
}

/**
 * Every account runs `session` over and over (after a random start delay up to `maxStartDelay`)
 * until the scenario ends or a session returns false.
 */
export function untilStopped(
  ctx: ActorContext,
  accounts: readonly SimAccountSpec[],
  maxStartDelay: number,
  session: (account: SimAccountSpec, rng: Rng) => Promise<boolean>,
): Promise<void> {
  return perAccount(
    ctx,
    accounts,
    async (account, rng) => {
      while (!ctx.stopped()) if (!(await session(account, rng))) return;
    },
    maxStartDelay,
  );
}

/** A person's single request: send, wait as told on 429, then pause; false once refused (403). */
export async function personTurn(
  ctx: ActorContext,
  rng: Rng,
  account: string,
  identity: Identity,
  dialect: SimRequest['dialect'],
  body: Record<string, unknown>,
  meanPause: number,
): Promise<boolean> {
  const response = await send(ctx, account, identity, dialect, body);
  if (!(await react(ctx, rng, response))) return false;
  await ctx.sleep(thinkTime(rng, meanPause));
  return true;
}

/** A tool set from rows of name, description, string properties and (else the first) required. */
export function toolSet(
  rows: readonly (readonly [string, string, readonly string[], (readonly string[])?])[],
): ToolSpec[] {
  return rows.map(([name, description, properties, required]) => ({
    name,
    description,
    parameters: objectSchema(properties, required ? [...required] : properties.slice(0, 1)),
  }));
}
