/**
 * How the eighth red team's actors spend time: open loops that fire at a rate whatever the
 * latency (products, batch jobs, campaign controllers), one session per account started at a
 * random moment (people), human pauses, and work launched without waiting that the actor waits
 * for at the end (the shared `../personas/pacing.ts`). All randomness comes from the Rng handed in.
 */
import type { Rng } from '../rng.ts';

export { each, Flights, loop } from '../personas/pacing.ts';
export { shuffle, zipf } from '../rng.ts';

/** A person's pause around `mean` ms: log-normal, never below a fifth of it. */
export function pause(rng: Rng, mean: number): number {
  return Math.max(mean / 5, mean * Math.exp(rng.normal(0, 0.6) - 0.18));
}
