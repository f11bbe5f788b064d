/**
 * `redteam3`: a third red team's scenario, written blind to detection (from THREATS.md and the
 * simulator's contract only). Seven distillation campaigns — agentic trajectories behind a real
 * agent's tool schema, polyglot trace coercion on education accounts, a rubric mill declaring eval
 * use, a hydra mixing cover traffic with instant replacement, an aged-account orchestration and
 * computer-use campaign that pivots to the new model, a "safe alternative" rewrite mill and a
 * harvest blended into a router's keys — against twelve legitimate hard negatives.
 */
import type { Actor, Scenario } from '../actor.ts';
import { campaigns } from './campaigns.ts';
import { NEW_MODEL, OLD_MODEL, SMALL_MODEL } from './common.ts';
import { legitimate } from './legit.ts';

const DAY_MS = 86_400_000;

export const scenario: Scenario = {
  name: 'redteam3',
  description:
    'red team 3 (blind): seven campaigns (agentic trajectories, polyglot coercion, rubric mill, hydra with cover, aged pivot, safe-rewrite mill, router blend) among twelve hard negatives',
  models: [
    { name: SMALL_MODEL, maxOutputTokens: 8_192, releasedAt: -300 * DAY_MS },
    { name: OLD_MODEL, maxOutputTokens: 32_000, releasedAt: -120 * DAY_MS },
    { name: NEW_MODEL, maxOutputTokens: 64_000, releasedAt: 20_000 },
  ],
  build(rng, options): Actor[] {
    const legit = legitimate(rng.fork('legitimate'), options.scale);
    return [...legit.actors, ...campaigns(rng.fork('campaigns'), options.scale, legit.router)];
  },
};
