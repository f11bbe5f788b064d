/**
 * A campaign that pivots to a new model (persona `pivot-campaign`): it harvests code solutions
 * from the current model and, within seconds of the new model's release, moves most of its
 * traffic there and doubles its rate.
 */
import type { Actor } from '../actor.ts';
import type { Rng } from '../rng.ts';
import { campaign } from './campaign.ts';
import { codePayload } from './harvest-payloads.ts';
import { MODELS } from './models.ts';

const PIVOT_DELAY = 2_000;

export function pivotCampaign(
  rng: Rng,
  options: { name: string; campaign: string; accounts: number; perAccountRpm: number },
): Actor {
  const pivoted = (now: number, release: number): boolean => now >= release + PIVOT_DELAY;
  return campaign(rng, {
    ...options,
    persona: 'pivot-campaign',
    clients: ['httpx', 'anthropic-python'],
    prefixes: Math.max(6, options.accounts),
    payload: (r, now, ctx) =>
      codePayload(
        r,
        pivoted(now, ctx.releasedAt(MODELS.newest)) && r.chance(0.85)
          ? MODELS.newest
          : MODELS.current,
      ),
    intensity: (now, ctx) => (pivoted(now, ctx.releasedAt(MODELS.newest)) ? 2 : 1),
  });
}
