/**
 * How the later red teams' senders react to the proxy: one sender's standoff (a 429 holds it
 * until the Retry-After has passed, longer with every 429 in a row; a 403 ends it), a campaign's
 * pool of accounts that keeps per-account gaps, benches limited accounts and replaces refused ones
 * from a reserve, a sender's own AIMD rate control, and a product's or a team's keys served in
 * turn, each with its own standoff. A scenario sets its senders' temper (how long they hold, how
 * far a person stretches their pauses); all randomness comes from the Rng handed in.
 */
import type { ActorContext, SimAccountSpec, SimResponse } from '../actor.ts';
import type { Rng } from '../rng.ts';
import type { ClientProfile } from './clients.ts';
import { Flights, loop } from './pacing.ts';
import { type Body, type Dialect, send } from './requests.ts';

/** What a sender makes of a response: served, rate-limited, or refused for good. */
export type Verdict = 'ok' | 'limited' | 'refused';

/** How a scenario's senders take 429s in a row. */
export interface Temper {
  /** The longest hold, in ms. */
  readonly cap: number;
  /** 429s in a row that still double the hold (and each stretch a person's pauses once more). */
  readonly strikes: number;
  /** A hold is stretched by up to this share of it, at random. */
  readonly jitter: number;
}

/**
 * How one sender (an account, a key, a job) reacts to refusals: a 429 holds it until the
 * Retry-After has passed, doubling with every 429 in a row (up to the temper's strikes and cap),
 * and a 403 ends it.
 */
export class Standoff {
  private until = 0;
  private strikes = 0;
  private ended = false;
  private readonly temper: Temper;

  constructor(temper: Temper) {
    this.temper = temper;
  }

  /** Notes a response and says what it was. */
  note(ctx: ActorContext, response: SimResponse, rng: Rng): Verdict {
    if (response.status === 403) {
      this.ended = true;
      return 'refused';
    }
    if (response.status === 429) {
      this.strikes++;
      const base = response.retryAfterMs ?? 5_000;
      const wait = Math.min(
        this.temper.cap,
        base * 2 ** Math.min(this.strikes - 1, this.temper.strikes),
      );
      this.until = Math.max(this.until, ctx.now() + wait * (1 + this.temper.jitter * rng.next()));
      return 'limited';
    }
    if (response.status >= 200 && response.status < 300) this.strikes = 0;
    return 'ok';
  }

  get refused(): boolean {
    return this.ended;
  }

  /** How much a person stretches their pauses: 1, and one more for each 429 in a row (capped). */
  get pressure(): number {
    return 1 + Math.min(this.temper.strikes, this.strikes);
  }

  held(now: number): boolean {
    return this.until > now;
  }

  /** Sleeps out the hold, if any (and any extension of it another sender met meanwhile). */
  async wait(ctx: ActorContext): Promise<void> {
    while (this.until > ctx.now() && !ctx.stopped()) await ctx.sleep(this.until - ctx.now());
  }
}

/**
 * A campaign's accounts: it hands out a rested account (none used within `minGap` ms, none
 * benched), preferring the least recently used but not strictly in turn (one of the `spread`
 * longest rested); a refused account is burned and a reserve account takes its place at once.
 */
export class Pool {
  private readonly live: SimAccountSpec[];
  private readonly reserve: SimAccountSpec[];
  private readonly lastUsed = new Map<string, number>();
  private readonly benched = new Map<string, number>();
  private readonly burned = new Set<string>();
  private readonly minGap: number;
  private readonly spread: number;

  constructor(
    active: readonly SimAccountSpec[],
    reserve: readonly SimAccountSpec[],
    minGap: number,
    spread: number,
  ) {
    this.live = [...active];
    this.reserve = [...reserve];
    this.minGap = minGap;
    this.spread = spread;
  }

  /** A rested account not in `avoid`, or undefined when every live one is busy, benched or burned. */
  take(now: number, rng: Rng, avoid?: ReadonlySet<string>): SimAccountSpec | undefined {
    const rested = this.live.filter(
      (account) =>
        !avoid?.has(account.id) &&
        (this.benched.get(account.id) ?? 0) <= now &&
        now - (this.lastUsed.get(account.id) ?? -Infinity) >= this.minGap,
    );
    if (rested.length === 0) return undefined;
    rested.sort((a, b) => (this.lastUsed.get(a.id) ?? -1) - (this.lastUsed.get(b.id) ?? -1));
    const account = rested[Math.floor(rng.next() ** 2 * Math.min(rested.length, this.spread))];
    if (account) this.lastUsed.set(account.id, now);
    return account;
  }

  /** Never again; a reserve account joins at once (when one is left). Returns the newcomer. */
  burn(id: string): SimAccountSpec | undefined {
    if (this.burned.has(id)) return undefined;
    this.burned.add(id);
    const index = this.live.findIndex((account) => account.id === id);
    if (index >= 0) this.live.splice(index, 1);
    const fresh = this.reserve.shift();
    if (fresh) this.live.push(fresh);
    return fresh;
  }

  bench(id: string, until: number): void {
    this.benched.set(id, Math.max(until, this.benched.get(id) ?? 0));
  }

  get size(): number {
    return this.live.length;
  }
}

/**
 * A sender's own rate control (AIMD): the rate creeps up after each success and halves on a 429,
 * between `floor` and `ceiling` requests a second.
 */
export class Throttle {
  private value: number;
  private readonly floor: number;
  private readonly ceiling: number;
  private readonly step: number;

  constructor(start: number, floor: number, ceiling: number, step: number) {
    this.value = start;
    this.floor = floor;
    this.ceiling = ceiling;
    this.step = step;
  }

  get rate(): number {
    return this.value;
  }

  ease(): void {
    this.value = Math.min(this.ceiling, this.value + this.step);
  }

  cut(): void {
    this.value = Math.max(this.floor, this.value / 2);
  }

  /** Halves on a 429, creeps up on a success, holds otherwise (a refusal, nothing sent). */
  follow(seen: Verdict | undefined): void {
    if (seen === 'limited') this.cut();
    else if (seen === 'ok') this.ease();
  }
}

/**
 * Keys of a product or a team, each with its own standoff (of `temper`); their traffic runs in
 * open loops that look again after `idle` ms while the rate is 0.
 */
export class Keys {
  readonly accounts: readonly SimAccountSpec[];
  private readonly standoffs: Map<string, Standoff>;
  private readonly idle: number;
  private turn = 0;

  constructor(accounts: readonly SimAccountSpec[], temper: Temper, idle: number) {
    this.accounts = accounts;
    this.standoffs = new Map(accounts.map((account) => [account.id, new Standoff(temper)]));
    this.idle = idle;
  }

  /** The next key in turn that is neither held nor refused, or undefined (the work is dropped). */
  next(now: number): SimAccountSpec | undefined {
    for (let i = 0; i < this.accounts.length; i++) {
      const account = this.accounts[(this.turn + i) % this.accounts.length];
      if (!account) continue;
      const standoff = this.standoffs.get(account.id);
      if (standoff && !standoff.refused && !standoff.held(now)) {
        this.turn = (this.turn + i + 1) % this.accounts.length;
        return account;
      }
    }
    return undefined;
  }

  /** The keys that may send now (neither held nor refused), in order. */
  usable(now: number): SimAccountSpec[] {
    return this.accounts.filter((account) => {
      const standoff = this.standoffs.get(account.id);
      return standoff !== undefined && !standoff.refused && !standoff.held(now);
    });
  }

  /** The keys not refused, in order. */
  get live(): SimAccountSpec[] {
    return this.accounts.filter((account) => !this.standoffs.get(account.id)?.refused);
  }

  of(id: string): Standoff {
    const standoff = this.standoffs.get(id);
    if (!standoff) throw new Error(`not a key of this product: ${id}`);
    return standoff;
  }

  get alive(): boolean {
    return [...this.standoffs.values()].some((standoff) => !standoff.refused);
  }

  /**
   * A product's traffic: `fire` at `perSecond` (see `loop`) while any key is alive, each time with
   * the next key in turn that may send; work that finds none is dropped.
   */
  serve(
    ctx: ActorContext,
    perSecond: () => number,
    fire: (key: SimAccountSpec) => Promise<unknown>,
    regularity = 0,
  ): Promise<void> {
    return loop(
      ctx,
      () => (this.alive ? perSecond() : 0),
      async () => {
        const key = this.next(ctx.now());
        if (key) await fire(key);
      },
      regularity,
      this.idle,
    );
  }

  /**
   * A batch job under its own rate control: `serve` at the throttle's rate, which follows what
   * `fire` makes of each response (nothing when it sent nothing).
   */
  batch(
    ctx: ActorContext,
    throttle: Throttle,
    regularity: number,
    fire: (key: SimAccountSpec) => Promise<Verdict | undefined>,
  ): Promise<void> {
    return this.serve(
      ctx,
      () => throttle.rate,
      async (key) => throttle.follow(await fire(key)),
      regularity,
    );
  }

  /**
   * A team's jobs: every `gap()` ms the job `start` prepares for a live key (picked with ctx.rng)
   * is launched without waiting for it, until the run stops or every key is refused; then waits
   * for what it launched.
   */
  async dispatch(
    ctx: ActorContext,
    gap: () => number,
    start: (key: SimAccountSpec) => () => Promise<void>,
  ): Promise<void> {
    const flights = new Flights();
    while (!ctx.stopped()) {
      await ctx.sleep(gap());
      if (ctx.stopped()) break;
      const live = this.live;
      if (live.length === 0) break;
      flights.launch(start(ctx.rng.pick(live)));
    }
    await flights.land();
  }

  /** Sends `body` with `key` and notes the response (a hold's jitter drawn from ctx.rng). */
  async send(
    ctx: ActorContext,
    key: SimAccountSpec,
    dialect: Dialect,
    body: Body,
    client: ClientProfile,
    ip: string,
  ): Promise<Verdict> {
    const response = await send(ctx, key.id, dialect, body, client, ip);
    return this.of(key.id).note(ctx, response, ctx.rng);
  }
}
