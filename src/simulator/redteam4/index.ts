/**
 * `redteam4`: a fourth red team's scenario, written blind to detection (from THREATS.md and the
 * simulator's contract only). Eight distillation campaigns — a paraphrasing hydra with a reserve,
 * aged accounts holding long coding conversations, a homework "app" front, synthetic-environment
 * agent trajectories, multilingual reasoning elicitation, a critique-and-revise mill, wave-timed
 * temperature sampling that pivots to the new model, and developer look-alikes with cover
 * traffic — against twelve legitimate personas (fourteen actors) chosen as hard negatives.
 */
import type { Actor, Scenario } from '../actor.ts';
import { cellar, facade, loom, relay } from './campaigns-a.ts';
import { ledger, mosaic, prism, tidal } from './campaigns-b.ts';
import { MAIN_MODEL, MAX_OUTPUT, NEW_MODEL, NEW_RELEASE_MS, SMALL_MODEL } from './common.ts';
import { course, evals, ide, labelling, notes, translate } from './legit-a.ts';
import { adopters, chat, power, research, startup, support } from './legit-b.ts';

const DAY_MS = 86_400_000;

export const scenario: Scenario = {
  name: 'redteam4',
  description:
    'red team 4 (blind): eight campaigns (paraphrase hydra, aged long-horizon, app front, synthetic-env agents, multilingual reasoning, critique mill, wave sampler with pivot, developer mimics) among twelve hard-negative personas',
  models: [
    {
      name: SMALL_MODEL,
      maxOutputTokens: MAX_OUTPUT[SMALL_MODEL] ?? 8_192,
      releasedAt: -400 * DAY_MS,
    },
    {
      name: MAIN_MODEL,
      maxOutputTokens: MAX_OUTPUT[MAIN_MODEL] ?? 32_000,
      releasedAt: -150 * DAY_MS,
    },
    {
      name: NEW_MODEL,
      maxOutputTokens: MAX_OUTPUT[NEW_MODEL] ?? 64_000,
      releasedAt: NEW_RELEASE_MS,
    },
  ],
  build(rng, options): Actor[] {
    const scale = options.scale;
    const legit = rng.fork('legitimate');
    const campaigns = rng.fork('campaigns');
    return [
      notes(legit.fork('notes'), scale),
      course(legit.fork('course'), scale),
      evals(legit.fork('evals'), scale),
      ...labelling(legit.fork('labelling'), scale),
      ide(legit.fork('ide'), scale),
      translate(legit.fork('translate'), scale),
      power(legit.fork('power'), scale),
      ...startup(legit.fork('startup'), scale),
      research(legit.fork('research'), scale),
      support(legit.fork('support'), scale),
      adopters(legit.fork('adopters'), scale),
      chat(legit.fork('chat'), scale),
      loom(campaigns.fork('loom'), scale),
      cellar(campaigns.fork('cellar'), scale),
      facade(campaigns.fork('facade'), scale),
      relay(campaigns.fork('relay'), scale),
      prism(campaigns.fork('prism'), scale),
      ledger(campaigns.fork('ledger'), scale),
      tidal(campaigns.fork('tidal'), scale),
      mosaic(campaigns.fork('mosaic'), scale),
    ];
  },
};
