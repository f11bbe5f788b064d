/**
 * How the eighth red team's actors are put together: who an actor is (a campaign or a legitimate
 * persona), a person at one account (`Person`: their client, dialect and exit, their reaction to
 * the proxy, their turns), a product's or a job's keys served in turn (`Keys`), and a campaign
 * account's fixed seat (`Seat`: dialect, client, exit). All randomness comes from the Rng handed in.
 */
import type { Actor, ActorContext, SimAccountSpec } from '../actor.ts';
import type { ClientProfile } from '../personas/clients.ts';
import type { Rng } from '../rng.ts';
import {
  type Body,
  type ClientMix,
  clientFor,
  type Dialect,
  send,
  Standoff,
  type Verdict,
} from './common.ts';
import { loop } from './pacing.ts';

type Run = (ctx: ActorContext) => Promise<void>;

/** A campaign's actor (its name is its campaign id). */
export function distiller(
  name: string,
  persona: string,
  accounts: readonly SimAccountSpec[],
  run: Run,
): Actor {
  return { name, persona, role: 'distiller', campaign: name, accounts, run };
}

/** A legitimate persona's actor. */
export function legitimate(
  name: string,
  persona: string,
  accounts: readonly SimAccountSpec[],
  run: Run,
): Actor {
  return { name, persona, role: 'legitimate', accounts, run };
}

/** A sender's fixed identity: the dialect it speaks, its client, its exit. */
export interface Seat {
  readonly dialect: Dialect;
  readonly client: ClientProfile;
  exit: string;
}

/** A seat: Anthropic's dialect `anthropicShare` of the time, a client of `kinds` that speaks it. */
export function seat(rng: Rng, anthropicShare: number, kinds: ClientMix, exit: string): Seat {
  const dialect: Dialect = rng.chance(anthropicShare) ? 'anthropic' : 'openai';
  return { dialect, client: clientFor(rng, dialect, kinds), exit };
}

/**
 * One person at one account: a 429 holds them (and stretches their pauses), a 403 ends them.
 */
export class Person {
  readonly seat: Seat;
  private readonly ctx: ActorContext;
  private readonly account: string;
  private readonly rng: Rng;
  private readonly standoff = new Standoff();

  constructor(ctx: ActorContext, account: SimAccountSpec, rng: Rng, seat: Seat) {
    this.ctx = ctx;
    this.account = account.id;
    this.rng = rng;
    this.seat = seat;
  }

  get dialect(): Dialect {
    return this.seat.dialect;
  }

  /** Whether they use a chat page (streamed answers). */
  get browser(): boolean {
    return this.seat.client.userAgent.startsWith('Mozilla');
  }

  /** Whether they go on: the run is on and the account not refused (a method: it changes). */
  active(): boolean {
    return !this.ctx.stopped() && !this.standoff.refused;
  }

  /**
   * Waits out any hold, then sends what `compose` builds (from `via`, another client of theirs,
   * when given); undefined when the run stopped first.
   */
  async say(compose: () => Body, via: Seat = this.seat): Promise<Verdict | undefined> {
    await this.standoff.wait(this.ctx);
    if (!this.active()) return undefined;
    const response = await send(
      this.ctx,
      this.account,
      via.dialect,
      compose(),
      via.client,
      via.exit,
    );
    return this.standoff.note(this.ctx, response, this.rng);
  }

  /** Sleeps `ms`, stretched by every 429 in a row. */
  rest(ms: number): Promise<void> {
    return this.ctx.sleep(ms * this.standoff.pressure);
  }

  /**
   * Conversations one after another until the run stops or the account is refused: `open` starts
   * one and returns its turns, `gap` is the pause after each turn, `apart` the pause between
   * conversations. A 429 ends the conversation (they come back later to a new one).
   */
  async converse(
    open: () => { turns: number; compose: (turn: number) => Body; answered?: () => void },
    gap: () => number,
    apart: () => number,
  ): Promise<void> {
    while (this.active()) {
      const talk = open();
      for (let turn = 0; turn < talk.turns && this.active(); turn++) {
        const seen = await this.say(() => talk.compose(turn));
        if (seen === undefined || seen === 'refused') return;
        // Limited: they drop this conversation and come back to a new one later.
        if (seen === 'limited') break;
        talk.answered?.();
        if (turn < talk.turns - 1) await this.rest(gap());
      }
      await this.rest(apart());
    }
  }
}

/** Keys of a product or a job, served in turn, each with its own reaction to refusals. */
export class Keys {
  readonly accounts: readonly SimAccountSpec[];
  private readonly standoffs: Map<string, Standoff>;
  private turn = 0;

  constructor(accounts: readonly SimAccountSpec[]) {
    this.accounts = accounts;
    this.standoffs = new Map(accounts.map((account) => [account.id, new Standoff()]));
  }

  /** The next key in turn that is neither held nor refused, or undefined. */
  next(now: number): SimAccountSpec | undefined {
    for (let i = 0; i < this.accounts.length; i++) {
      const account = this.accounts[(this.turn + i) % this.accounts.length];
      const standoff = account ? this.standoffs.get(account.id) : undefined;
      if (account && standoff && !standoff.refused && !standoff.held(now)) {
        this.turn = (this.turn + i + 1) % this.accounts.length;
        return account;
      }
    }
    return undefined;
  }

  get alive(): boolean {
    return [...this.standoffs.values()].some((standoff) => !standoff.refused);
  }

  /** Fires `fire` at `perSecond` with the next usable key while any key is alive. */
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
    );
  }

  /** Sends `body` with `key` and notes the response. */
  async send(
    ctx: ActorContext,
    key: SimAccountSpec,
    dialect: Dialect,
    body: Body,
    client: ClientProfile,
    ip: string,
  ): Promise<Verdict> {
    const response = await send(ctx, key.id, dialect, body, client, ip);
    const standoff = this.standoffs.get(key.id);
    return standoff ? standoff.note(ctx, response, ctx.rng) : 'ok';
  }
}
