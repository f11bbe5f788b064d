/**
 * `waves`: the case synchronised-timing links exist for (detection/timing.ts). A campaign whose
 * controller fires pools of its accounts in waves, sharing no template, exit, client or harvest
 * shape, among ordinary chat users, one company behind a NAT, a coding agent and an eval harness.
 * Written with the mechanism it exercises in view: it shows what timing links add (run it with
 * `detection.timing_tick: 0s` to compare), not how detection generalises.
 */
import type { Actor, Scenario } from '../../actor.ts';
import { scaled } from '../../personas/accounts.ts';
import { everydayUsers } from '../../personas/everyday-users.ts';
import { codingAgent } from '../../personas/coding-agent.ts';
import { evalHarness } from '../../personas/eval-harness.ts';
import { scenarioModels } from '../../personas/models.ts';
import { waveHydra } from '../../personas/wave-hydra.ts';

export const scenario: Scenario = {
  name: 'waves',
  description:
    'a campaign fired in waves over pools of accounts (no shared template, exit or harvest shape) ' +
    'among chat users, a company NAT, a coding agent and an eval harness',
  models: scenarioModels(20_000),
  build(rng, { scale }): Actor[] {
    const s = (nominal: number, min = 1): number => scaled(nominal, scale, min);
    return [
      ...everydayUsers(rng, s),
      codingAgent(rng.fork('coding'), { name: 'coding-agent', accounts: s(6, 2) }),
      evalHarness(rng.fork('eval'), { name: 'eval-harness', accounts: 3, rate: 2.5 * scale }),
      waveHydra(rng.fork('waves'), {
        name: 'wave-hydra',
        campaign: 'camp-waves',
        accounts: s(120, 12),
        poolSize: 30,
        waveGap: 1_500,
      }),
    ];
  },
};
