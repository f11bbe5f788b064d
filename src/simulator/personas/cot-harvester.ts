/**
 * A chain-of-thought harvester (persona `cot-harvester`): accounts onboarded through education
 * and research programmes ask for step-by-step reasoning, <think> transcripts and derivations of
 * supplied answers, with thinking on at the maximal budget.
 */
import type { Actor } from '../actor.ts';
import type { Rng } from '../rng.ts';
import { campaign } from './campaign.ts';
import { cotPayload } from './harvest-payloads.ts';
import { MODELS } from './models.ts';

export function cotHarvester(
  rng: Rng,
  options: { name: string; campaign: string; accounts: number; perAccountRpm: number },
): Actor {
  return campaign(rng, {
    ...options,
    persona: 'cot-harvester',
    clients: ['anthropic-python', 'httpx'],
    prefixes: Math.max(6, options.accounts),
    payload: (r) => cotPayload(r, MODELS.current),
  });
}
