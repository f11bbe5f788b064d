/**
 * The `demo` scenario (the end of `npm run demo`, ~15 s): one hydra cluster of ~40 accounts,
 * a few legitimate heavy users (an eval harness, a batch job, a coding agent, a tutoring app)
 * and ordinary chat users.
 */
import type { Scenario } from '../../actor.ts';
import { scaled } from '../../personas/accounts.ts';
import { batchSummariser } from '../../personas/batch-summariser.ts';
import { chatUsers } from '../../personas/chat-users.ts';
import { codingAgent } from '../../personas/coding-agent.ts';
import { evalHarness } from '../../personas/eval-harness.ts';
import { hydra } from '../../personas/hydra.ts';
import { scenarioModels } from '../../personas/models.ts';
import { tutoringApp } from '../../personas/tutoring-app.ts';

export const scenario: Scenario = {
  name: 'demo',
  description: 'A 40-account hydra cluster among chat users and legitimate heavy users.',
  models: scenarioModels(5_000),
  build(rng, { scale }) {
    const s = (nominal: number, min = 1): number => scaled(nominal, scale, min);
    return [
      chatUsers(rng.fork('chat'), { name: 'chat-users', count: s(30, 3), turnGap: 4_000 }),
      evalHarness(rng.fork('eval'), { name: 'eval-harness', accounts: 2, rate: 2 * scale }),
      batchSummariser(rng.fork('batch'), {
        name: 'batch-summariser',
        accounts: 1,
        rate: 2 * scale,
      }),
      codingAgent(rng.fork('coding'), { name: 'coding-agent', accounts: s(3, 1) }),
      tutoringApp(rng.fork('tutor'), {
        name: 'tutoring-app',
        accounts: 1,
        rate: 1.5 * scale,
        students: 500,
      }),
      hydra(rng.fork('hydra'), {
        name: 'hydra-40',
        campaign: 'camp-demo',
        accounts: s(40, 8),
        perAccountRpm: 12,
      }),
    ];
  },
};
