/**
 * The project's own scenario `default`: a day of a provider's traffic compressed into a minute.
 * Legitimate users — ordinary chat, one company behind a NAT, an eval harness, a batch job, a
 * coding agent, a tutoring app, a reseller, early adopters of a new model — and distillation
 * campaigns: a single-account harvester, hydra clusters of 20, 200 and (at scale ≥ 1) 1,200
 * accounts, chain-of-thought, agentic and grading harvesters, a campaign pivoting to the new
 * model, a cluster blended into the reseller's stream and a rotating cluster with a deep reserve.
 * At scale 1 it sends about 160 requests a second.
 */
import type { Actor, Scenario } from '../../actor.ts';
import { scaled } from '../../personas/accounts.ts';
import { agenticHarvester } from '../../personas/agentic-harvester.ts';
import { batchSummariser } from '../../personas/batch-summariser.ts';
import { blendedCluster } from '../../personas/blended-cluster.ts';
import { everydayUsers } from '../../personas/everyday-users.ts';
import { codingAgent } from '../../personas/coding-agent.ts';
import { cotHarvester } from '../../personas/cot-harvester.ts';
import { earlyAdopters } from '../../personas/early-adopters.ts';
import { evalHarness } from '../../personas/eval-harness.ts';
import { gradingHarvester } from '../../personas/grading-harvester.ts';
import { hydra } from '../../personas/hydra.ts';
import { scenarioModels } from '../../personas/models.ts';
import { pivotCampaign } from '../../personas/pivot-campaign.ts';
import { reseller } from '../../personas/reseller.ts';
import { rotatingHydra } from '../../personas/rotating-hydra.ts';
import { singleHarvester } from '../../personas/single-harvester.ts';
import { tutoringApp } from '../../personas/tutoring-app.ts';

export const scenario: Scenario = {
  name: 'default',
  description:
    'Legitimate chat, company, eval, batch, coding-agent, tutoring, reseller and early-adopter traffic ' +
    'with single, hydra (20/200/1,200), CoT, agentic, grading, pivoting, blended and rotating campaigns.',
  models: scenarioModels(20_000),
  build(rng, { scale }) {
    const s = (nominal: number, min = 1): number => scaled(nominal, scale, min);
    const routerHub = reseller(rng.fork('reseller'), {
      name: 'reseller',
      rate: 5 * scale,
      endUsers: 5_000,
    });
    const actors: Actor[] = [
      ...everydayUsers(rng, s),
      evalHarness(rng.fork('eval'), { name: 'eval-harness', accounts: 3, rate: 2.5 * scale }),
      batchSummariser(rng.fork('batch'), {
        name: 'batch-summariser',
        accounts: 2,
        rate: 2.5 * scale,
      }),
      codingAgent(rng.fork('coding'), { name: 'coding-agent', accounts: s(6, 2) }),
      tutoringApp(rng.fork('tutor'), {
        name: 'tutoring-app',
        accounts: 2,
        rate: 1.5 * scale,
        students: 2_000,
      }),
      routerHub.actor,
      earlyAdopters(rng.fork('early'), { name: 'early-adopters', accounts: s(12, 2) }),

      singleHarvester(rng.fork('single'), {
        name: 'single-harvester',
        rate: 3 * Math.min(scale, 1),
      }),
      hydra(rng.fork('hydra20'), {
        name: 'hydra-20',
        campaign: 'camp-alpha',
        accounts: 20,
        perAccountRpm: 8,
      }),
      hydra(rng.fork('hydra200'), {
        name: 'hydra-200',
        campaign: 'camp-beta',
        accounts: s(200, 20),
        perAccountRpm: 5,
      }),
      cotHarvester(rng.fork('cot'), {
        name: 'cot-harvester',
        campaign: 'camp-gamma',
        accounts: s(25, 5),
        perAccountRpm: 6,
      }),
      agenticHarvester(rng.fork('agentic'), {
        name: 'agentic-harvester',
        campaign: 'camp-gamma',
        accounts: s(25, 5),
        perAccountRpm: 6,
      }),
      gradingHarvester(rng.fork('grading'), {
        name: 'grading-harvester',
        campaign: 'camp-delta',
        accounts: s(20, 5),
        perAccountRpm: 6,
      }),
      pivotCampaign(rng.fork('pivot'), {
        name: 'pivot-campaign',
        campaign: 'camp-epsilon',
        accounts: s(40, 8),
        perAccountRpm: 3,
      }),
      blendedCluster(routerHub.front, {
        name: 'blended-cluster',
        campaign: 'camp-zeta',
        rate: 2 * scale,
      }),
      rotatingHydra(rng.fork('rotating'), {
        name: 'rotating-hydra',
        campaign: 'camp-eta',
        active: s(30, 5),
        reserve: s(300, 30),
        perAccountRpm: 8,
      }),
    ];
    // The largest cluster only at full scale: ~1,200 accounts at 4 requests a minute each.
    if (scale >= 1)
      actors.push(
        hydra(rng.fork('hydra1200'), {
          name: 'hydra-1200',
          campaign: 'camp-beta',
          accounts: s(1_200),
          perAccountRpm: 4,
          codeShare: 0.5,
          clients: ['openai-python'],
        }),
      );
    return actors;
  },
};
