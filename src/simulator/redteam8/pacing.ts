/**
 * How the eighth red team's actors spend time: open loops that fire at a rate whatever the
 * latency (products, batch jobs, campaign controllers), one session per account started at a
 * random moment (people), human pauses, and work launched without waiting that the actor waits
 * for at the end. All randomness comes from the Rng handed in.
 */
import type { ActorContext, SimAccountSpec } from '../actor.ts';
import { perAccount } from '../personas/pacing.ts';
import type { Rng } from '../rng.ts';

/** Work started without waiting; `land` waits for all of it. */
export class Flights {
  private readonly pending = new Set<Promise<unknown>>();

  launch(work: () => Promise<unknown>): void {
    const started = work().catch(() => undefined);
    this.pending.add(started);
    void started.finally(() => this.pending.delete(started));
  }

  get inAir(): number {
    return this.pending.size;
  }

  async land(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}

/**
 * Fires `fire` at `perSecond` (read before every gap) until the run stops: `regularity` 0 is a
 * Poisson process, 1 a metronome. Waits for what it started.
 */
export async function loop(
  ctx: ActorContext,
  perSecond: () => number,
  fire: () => Promise<unknown>,
  regularity = 0,
): Promise<void> {
  const flights = new Flights();
  while (!ctx.stopped()) {
    const rate = perSecond();
    if (rate <= 0) {
      await ctx.sleep(500);
      continue;
    }
    const mean = 1000 / rate;
    const gap =
      regularity * mean * (0.9 + 0.2 * ctx.rng.next()) +
      (1 - regularity) * ctx.rng.exponential(mean);
    // A long Poisson gap is redrawn after 2 s, so a rate that changes is followed.
    if (regularity === 0 && gap > 2_000) {
      await ctx.sleep(2_000);
      continue;
    }
    await ctx.sleep(gap);
    if (ctx.stopped()) break;
    flights.launch(fire);
  }
  await flights.land();
}

/** Runs `session` for each account, each starting after a random delay up to `spread` ms. */
export function each(
  ctx: ActorContext,
  accounts: readonly SimAccountSpec[],
  spread: number,
  session: (account: SimAccountSpec, rng: Rng) => Promise<void>,
): Promise<void> {
  return perAccount(ctx, accounts, session, spread);
}

/** A person's pause around `mean` ms: log-normal, never below a fifth of it. */
export function pause(rng: Rng, mean: number): number {
  return Math.max(mean / 5, mean * Math.exp(rng.normal(0, 0.6) - 0.18));
}

/** A Zipf-like draw in [1, n]: a few come back often, most seldom. */
export function zipf(rng: Rng, n: number): number {
  return Math.min(n, Math.max(1, Math.floor(Math.pow(n + 1, rng.next()))));
}

/** A shuffled copy. */
export function shuffle<T>(rng: Rng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    const a = out[i] as T;
    out[i] = out[j] as T;
    out[j] = a;
  }
  return out;
}
