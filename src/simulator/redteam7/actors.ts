/**
 * How the seventh red team's actors are put together: who an actor is (a campaign or a legitimate
 * persona), an organisation's accounts, the client and dialect a person speaks, one person at one
 * account (`Person`: their turns and conversations, pauses and reaction to the proxy; `atHome`),
 * a product's or a team's keys (`Keys`: served in turn, batches under a throttle, jobs launched
 * from live keys), start-ups in the credits programme (`startup`) and a hydra's fixed seats
 * (`seats`). All randomness comes from the Rng handed in, drawn in the order the actors draw it.
 */
import type { ActorContext, SimAccountSpec } from '../actor.ts';
import { cloudIp, homeIp, type ClientMix, type ClientProfile } from '../personas/clients.ts';
import { Keys as SharedKeys } from '../personas/reactions.ts';
import type { Body } from '../personas/requests.ts';
import type { Rng } from '../rng.ts';
import {
  between,
  clientFor,
  type Dialect,
  each,
  type IdMint,
  orgId,
  send,
  Standoff,
  TEMPER,
  type Verdict,
} from './common.ts';

export { orgAccounts } from '../personas/accounts.ts';
export type { ClientMix } from '../personas/clients.ts';
export type { Body } from '../personas/requests.ts';
export { distiller, legitimate } from '../personas/roles.ts';

// ---------------------------------------------------------------------------------------------
// Clients and dialects

export interface Voice {
  readonly client: ClientProfile;
  readonly dialect: Dialect;
}

/** The dialect a client speaks: an SDK its vendor's, a browser or a script either, at random. */
export function dialectOf(userAgent: string, rng: Rng): Dialect {
  if (userAgent.startsWith('Anthropic')) return 'anthropic';
  if (userAgent.startsWith('OpenAI')) return 'openai';
  return rng.chance(0.5) ? 'anthropic' : 'openai';
}

/** A client and the dialect it speaks. */
export function voice(rng: Rng, client: ClientProfile): Voice {
  return { client, dialect: dialectOf(client.userAgent, rng) };
}

/** A person's client, one of `kinds`, chosen for Anthropic's dialect `anthropicShare` of the time. */
export function speaker(rng: Rng, anthropicShare: number, kinds: ClientMix): Voice {
  return voice(rng, clientFor(rng, rng.chance(anthropicShare) ? 'anthropic' : 'openai', kinds));
}

// ---------------------------------------------------------------------------------------------
// A person at one account

/** One conversation: how many turns, what each turn sends, what follows it, the pause after it. */
export interface Conversation {
  readonly turns: number;
  /** Before the turn waits out any hold: what arrived meanwhile joins the history (tool results). */
  readonly prepare?: (turn: number) => void;
  /** The turn's body, built once any hold has passed (it may read the clock and grow the history). */
  readonly compose: (turn: number) => Body;
  /** After a turn not refused (served or limited): the reply joins the history, say. */
  readonly answered?: (turn: number) => void;
  /** The pause after each turn, in ms before any stretching. */
  readonly gap: () => number;
}

/**
 * One person at one account (an `each` session): the client they send with, their dialect, the
 * exit they send from, and their reaction to the proxy — a 429 holds them and stretches their
 * pauses, a 403 ends them.
 */
export class Person {
  /** The client they send with (a CLI's upgrade changes it). */
  client: ClientProfile;
  readonly dialect: Dialect;
  /** Where they send from (a proxy user moves between tasks). */
  exit: string;
  private readonly ctx: ActorContext;
  private readonly account: string;
  private readonly rng: Rng;
  private readonly standoff = new Standoff(TEMPER);

  constructor(ctx: ActorContext, account: SimAccountSpec, rng: Rng, voice: Voice, exit: string) {
    this.ctx = ctx;
    this.account = account.id;
    this.rng = rng;
    this.client = voice.client;
    this.dialect = voice.dialect;
    this.exit = exit;
  }

  /** Whether they go on: the run is on and the account not refused. */
  get active(): boolean {
    return !this.ctx.stopped() && !this.standoff.refused;
  }

  /** Whether they use a chat page in a browser (streamed answers, the page's sampling). */
  get browser(): boolean {
    return this.client.userAgent.startsWith('Mozilla');
  }

  /** Waits out any hold, then sends what `compose` builds; undefined when the run stopped first. */
  async say(compose: () => Body): Promise<Verdict | undefined> {
    await this.standoff.wait(this.ctx);
    if (this.ctx.stopped()) return undefined;
    const response = await send(
      this.ctx,
      this.account,
      this.dialect,
      compose(),
      this.client,
      this.exit,
    );
    return this.standoff.note(this.ctx, response, this.rng);
  }

  /** Sleeps `ms`, stretched by every 429 in a row. */
  rest(ms: number): Promise<void> {
    return this.ctx.sleep(ms * this.standoff.pressure);
  }

  /** One request at a time, `gap()` ms apart, until the run stops or the account is refused. */
  async repeat(compose: () => Body, gap: () => number): Promise<void> {
    while (this.active) {
      if ((await this.say(compose)) === undefined) break;
      await this.rest(gap());
    }
  }

  /**
   * Conversations one after another, each opened by `open` (which draws what it needs), with a
   * pause of `apart()` ms between them, until the run stops or the account is refused.
   */
  async conversations(open: () => Conversation, apart: () => number): Promise<void> {
    while (this.active) {
      if (!(await this.converse(open()))) return;
      await this.rest(apart());
    }
  }

  /** Runs a conversation turn by turn; false when the account was refused (the person leaves). */
  private async converse(conversation: Conversation): Promise<boolean> {
    for (let turn = 0; turn < conversation.turns && !this.ctx.stopped(); turn++) {
      conversation.prepare?.(turn);
      const seen = await this.say(() => conversation.compose(turn));
      if (seen === undefined) break;
      if (seen === 'refused') return false;
      conversation.answered?.(turn);
      await this.rest(conversation.gap());
    }
    return true;
  }
}

/**
 * Each account a person at home (a client of `kinds`, Anthropic's dialect `anthropicShare` of the
 * time, a home address) whom `live` runs, starting within `spread` ms.
 */
export function atHome(
  ctx: ActorContext,
  accounts: readonly SimAccountSpec[],
  spread: number,
  anthropicShare: number,
  kinds: ClientMix,
  live: (person: Person, rng: Rng) => Promise<void>,
): Promise<void> {
  return each(ctx, accounts, spread, (account, rng) =>
    live(new Person(ctx, account, rng, speaker(rng, anthropicShare, kinds), homeIp(rng)), rng),
  );
}

// ---------------------------------------------------------------------------------------------
// Keys of a product or a team

/**
 * Keys of a product or a team, each with its own reaction to refusals (the scenario's temper):
 * served in turn, batches under a throttle, jobs launched from live keys (`../personas/`); their
 * loops look again in 400 ms while the rate is 0.
 */
export class Keys extends SharedKeys {
  constructor(accounts: readonly SimAccountSpec[]) {
    super(accounts, TEMPER, 400);
  }
}

// ---------------------------------------------------------------------------------------------
// Start-ups and seats

/** A start-up in the credits programme, real or a front. */
export interface Startup<P> {
  readonly accounts: readonly SimAccountSpec[];
  readonly product: P;
  readonly dialect: Dialect;
  readonly client: ClientProfile;
  readonly ips: readonly string[];
  /** Whether it passes its end users' ids. */
  readonly endUsers: boolean;
}

/**
 * A start-up: its own org with a few days-old programme accounts (`keys` and `ageDays` as
 * [min, max], verified with probability `verified`), its product, one dialect and one client,
 * two cloud exits.
 */
export function startup<P>(
  rng: Rng,
  mint: IdMint,
  shape: {
    readonly keys: readonly [number, number];
    readonly ageDays: readonly [number, number];
    readonly verified: number;
    readonly product: (rng: Rng) => P;
    readonly clients: ClientMix;
  },
): Startup<P> {
  const org = orgId(rng);
  const accounts = mint.accounts(rng.int(...shape.keys), () => ({
    tier: rng.chance(0.6) ? 'free' : 'default',
    ageDays: between(rng, ...shape.ageDays),
    verified: rng.chance(shape.verified),
    org,
    programme: 'startup',
  }));
  const dialect: Dialect = rng.chance(0.5) ? 'anthropic' : 'openai';
  return {
    accounts,
    product: shape.product(rng),
    dialect,
    client: clientFor(rng, dialect, shape.clients),
    ips: [cloudIp(rng), cloudIp(rng)],
    endUsers: rng.chance(0.5),
  };
}

/** A hydra account's fixed seat: its dialect, a client that speaks it, its exit. */
export interface Seat {
  readonly dialect: Dialect;
  readonly client: ClientProfile;
  readonly exit: string;
}

/** A seat for each account, Anthropic's dialect `anthropicShare` of the time. */
export function seats(
  rng: Rng,
  accounts: readonly SimAccountSpec[],
  anthropicShare: number,
  kinds: ClientMix,
  exit: () => string,
): Map<string, Seat> {
  return new Map(
    accounts.map((account) => {
      const dialect: Dialect = rng.chance(anthropicShare) ? 'anthropic' : 'openai';
      return [account.id, { dialect, client: clientFor(rng, dialect, kinds), exit: exit() }];
    }),
  );
}
