/**
 * A grading harvester (persona `grading-harvester`): the model as a reward model — a rubric, a
 * question and several candidate answers to score and rank, at temperature 0.
 */
import type { Actor } from '../actor.ts';
import type { Rng } from '../rng.ts';
import { campaign } from './campaign.ts';
import { gradingPayload } from './harvest-payloads.ts';
import { MODELS } from './models.ts';

export function gradingHarvester(
  rng: Rng,
  options: { name: string; campaign: string; accounts: number; perAccountRpm: number },
): Actor {
  return campaign(rng, {
    ...options,
    persona: 'grading-harvester',
    clients: ['openai-python', 'openai-js'],
    prefixes: Math.max(6, options.accounts),
    payload: (r) => gradingPayload(r, MODELS.openai),
  });
}
