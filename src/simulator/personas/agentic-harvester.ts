/**
 * An agentic / tool-use harvester (persona `agentic-harvester`): synthetic agent transcripts,
 * each over a freshly invented tool set (real products keep a few stable ones).
 */
import type { Actor } from '../actor.ts';
import type { Rng } from '../rng.ts';
import { campaign } from './campaign.ts';
import { agenticPayload } from './harvest-payloads.ts';
import { MODELS } from './models.ts';

export function agenticHarvester(
  rng: Rng,
  options: { name: string; campaign: string; accounts: number; perAccountRpm: number },
): Actor {
  return campaign(rng, {
    ...options,
    persona: 'agentic-harvester',
    clients: ['anthropic-js', 'anthropic-python'],
    prefixes: Math.max(6, options.accounts),
    payload: (r) => agenticPayload(r, MODELS.current),
  });
}
