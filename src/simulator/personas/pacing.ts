/**
 * How actors spend time. Open loops fire requests at a Poisson rate whatever the latency (job
 * schedulers, campaigns); closed loops wait for each answer and then "think" (people, agents).
 * Both stop when the scenario does and wait for what they started.
 */
import type { ActorContext, SimAccountSpec } from '../actor.ts';
import type { Rng } from '../rng.ts';

/** Fires `fire` at `perSecond` on average (exponential gaps) until the scenario stops. */
export async function openLoop(
  ctx: ActorContext,
  perSecond: () => number,
  fire: () => Promise<unknown>,
  startAt = 0,
): Promise<void> {
  const pending = new Set<Promise<unknown>>();
  if (startAt > ctx.now()) await ctx.sleep(startAt - ctx.now());
  while (!ctx.stopped()) {
    const rate = perSecond();
    if (rate <= 0) {
      await ctx.sleep(500);
      continue;
    }
    await ctx.sleep(ctx.rng.exponential(1000 / rate));
    if (ctx.stopped()) break;
    const started = fire().catch(() => undefined);
    pending.add(started);
    void started.finally(() => pending.delete(started));
  }
  await Promise.all(pending);
}

/** Runs `session` for every account at once, each starting after a random delay. */
export async function perAccount(
  ctx: ActorContext,
  accounts: readonly SimAccountSpec[],
  session: (account: SimAccountSpec, rng: Rng) => Promise<void>,
  maxStartDelay: number,
): Promise<void> {
  await Promise.all(
    accounts.map(async (account) => {
      const rng = ctx.rng.fork(account.id);
      await ctx.sleep(rng.next() * maxStartDelay);
      if (!ctx.stopped()) await session(account, rng);
    }),
  );
}

/** A human pause: log-normal-ish around `mean` ms, never below a quarter of it. */
export function thinkTime(rng: Rng, mean: number): number {
  return Math.max(mean / 4, mean * Math.exp(rng.normal(0, 0.6) - 0.18));
}

/** Accounts in round-robin order (a shuffled cycle: every account used once per lap). */
export function roundRobin<T>(rng: Rng, items: readonly T[]): () => T {
  const order = [...items];
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [order[i], order[j]] = [order[j] as T, order[i] as T];
  }
  let next = 0;
  return () => {
    const item = order[next % order.length] as T;
    next++;
    return item;
  };
}

/** Work started without waiting; `land` waits for all of it (and for what it starts meanwhile). */
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
 * Fires `fire` at `perSecond` (read before every gap) until the scenario stops, whatever the
 * latency: `regularity` 0 is a Poisson process, 1 a metronome (batch jobs sit near 0.8); at a
 * rate of 0 it looks again after `idle` ms (as `openLoop` does). Waits for what it started.
 */
export async function loop(
  ctx: ActorContext,
  perSecond: () => number,
  fire: () => Promise<unknown>,
  regularity = 0,
  idle = 500,
): Promise<void> {
  const flights = new Flights();
  while (!ctx.stopped()) {
    const rate = perSecond();
    if (rate <= 0) {
      await ctx.sleep(idle);
      continue;
    }
    const mean = 1000 / rate;
    const gap =
      regularity * mean * (0.9 + 0.2 * ctx.rng.next()) +
      (1 - regularity) * ctx.rng.exponential(mean);
    // A Poisson gap is memoryless: after 2 s without an event, draw again at the current rate
    // (a rate that ramps is followed instead of being fixed at the start of a long gap).
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
