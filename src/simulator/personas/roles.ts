/** Who an actor is: a campaign's actor (named after its campaign) or a legitimate persona's. */
import type { Actor, ActorContext, SimAccountSpec } from '../actor.ts';

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
