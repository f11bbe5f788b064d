/**
 * How the eighth red team's actors are put together: who an actor is (a campaign or a legitimate
 * persona), a person at one account (`Person`: their client, dialect and exit, their reaction to
 * the proxy, their turns), a product's or a job's keys served in turn (`Keys`), and a campaign
 * account's fixed seat (`Seat`: dialect, client, exit). All randomness comes from the Rng handed in.
 */
import type { ActorContext, SimAccountSpec } from '../actor.ts';
import type { ClientProfile } from '../personas/clients.ts';
import { Keys as SharedKeys } from '../personas/reactions.ts';
import type { Rng } from '../rng.ts';
import {
  type Body,
  type ClientMix,
  clientFor,
  type Dialect,
  send,
  Standoff,
  TEMPER,
  type Verdict,
} from './common.ts';

export { distiller, legitimate } from '../personas/roles.ts';

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
  private readonly standoff = new Standoff(TEMPER);

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

/**
 * Keys of a product or a job, served in turn, each with its own reaction to refusals (the
 * scenario's temper); their loops look again in 500 ms while the rate is 0.
 */
export class Keys extends SharedKeys {
  constructor(accounts: readonly SimAccountSpec[]) {
    super(accounts, TEMPER, 500);
  }
}
