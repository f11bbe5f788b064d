/**
 * A hydra cluster (persona `hydra`): many young accounts sharing the campaign's templates (with
 * vocabulary variation), requests spread round-robin so each account stays far below its tier's
 * rate, every request through a different residential-proxy exit. The biggest ones also harvest
 * in Chinese and Russian, and mix code solutions into general knowledge.
 */
import type { Actor } from '../actor.ts';
import type { Rng } from '../rng.ts';
import { campaign } from './campaign.ts';
import type { ClientKind } from './clients.ts';
import { codePayload, qaPayload } from './harvest-payloads.ts';
import { MODELS } from './models.ts';

export interface HydraOptions {
  readonly name: string;
  readonly campaign: string;
  readonly accounts: number;
  readonly perAccountRpm: number;
  /** Share of code-solution requests (the rest is general Q&A). */
  readonly codeShare?: number;
  readonly clients?: readonly ClientKind[];
}

export function hydra(rng: Rng, options: HydraOptions): Actor {
  const codeShare = options.codeShare ?? 0.3;
  const clients: readonly ClientKind[] = options.clients ?? ['openai-python', 'httpx', 'aiohttp'];
  return campaign(rng, {
    name: options.name,
    persona: 'hydra',
    campaign: options.campaign,
    accounts: options.accounts,
    perAccountRpm: options.perAccountRpm,
    clients,
    prefixes: Math.max(8, Math.round(options.accounts * 0.6)),
    payload: (r) => {
      const model = r.chance(0.5) ? MODELS.openai : MODELS.current;
      return r.chance(codeShare) ? codePayload(r, model) : qaPayload(r, model);
    },
  });
}
