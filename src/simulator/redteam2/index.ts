/**
 * `redteam2`: the second scenario written blind to detection by a red team. Eight distillation
 * campaigns (`r2-…`, ~1,000 accounts with a rotating reserve) that each hide their own way, among
 * ~460 legitimate accounts chosen to look like distillation on one signal or another.
 */
import type { Scenario } from '../actor.ts';
import { distillerActors } from './distillers.ts';
import { legitimateActors } from './legitimate.ts';
import { SCENARIO_MODELS } from './models.ts';

export const scenario: Scenario = {
  name: 'redteam2',
  description:
    'second blind red team: polyglot CoT coercion, stable-toolset trajectories, rubric mill, rotating swarm, slow pivot, shadow router, sleeper vision, sharded sampling — against evals, batch, one coding agent, tutoring, a router, research, a NAT, early adopters, support and chat',
  models: SCENARIO_MODELS,
  build(rng, options) {
    const legitimate = legitimateActors(rng.fork('legitimate'), options.scale);
    return [
      ...legitimate.actors,
      ...distillerActors(rng.fork('distillers'), options.scale, legitimate.router),
    ];
  },
};
