/**
 * The holdout scenario: traffic the detection was never tuned on. Legitimate customers that look
 * suspicious on single signals, and campaigns shaped differently from the project's own scenarios.
 * Sized by `scale` (accounts and total rate) and `duration` (schedules are fractions of it); at
 * scale 1 and 60 s it sends roughly 300 requests a second over ~2,200 accounts.
 */
import type { Actor, Scenario, ScenarioOptions, SimModel } from '../actor.ts';
import type { Rng } from '../rng.ts';
import { FRESH_RELEASE_MS, IdMint, MAX_OUTPUT, MODEL } from './common.ts';
import {
  basaltSdkHydra,
  driftwoodBlend,
  ferrousTrajectoryFarm,
  gavelFakeEval,
  lotusPlatformTenant,
  lotusSlowHydra,
  meridianPivot,
  phoenixRotator,
} from './distillers.ts';
import {
  agentPlatform,
  campusCohort,
  chatUsers,
  ciReviewer,
  judgeTeam,
  labellingStartup,
  launchLab,
  supportBot,
  translationBatch,
} from './legit.ts';

export { ROTATING_ACTORS } from './distillers.ts';

const DAY = 86_400_000;

const RELEASES: Readonly<Record<string, number>> = {
  [MODEL.sonnet]: -70 * DAY,
  [MODEL.haiku]: -50 * DAY,
  [MODEL.opus]: -160 * DAY,
  [MODEL.fresh]: FRESH_RELEASE_MS,
  [MODEL.gpt]: -120 * DAY,
  [MODEL.gptMini]: -120 * DAY,
  [MODEL.gpt41]: -300 * DAY,
  [MODEL.o4]: -250 * DAY,
};

const models: SimModel[] = Object.entries(MAX_OUTPUT).map(([name, maxOutputTokens]) => ({
  name,
  maxOutputTokens,
  releasedAt: RELEASES[name] ?? -DAY,
}));

function build(rng: Rng, options: ScenarioOptions): Actor[] {
  const mint = new IdMint(rng.fork('ids'));
  const f = (label: string): Rng => rng.fork(label);
  const platform = agentPlatform(f('platform'), options, mint);
  return [
    chatUsers(f('chat'), options, mint),
    supportBot(f('support'), options, mint),
    translationBatch(f('translate'), options, mint),
    ciReviewer(f('ci'), options, mint),
    campusCohort(f('campus'), options, mint),
    judgeTeam(f('judge'), options, mint),
    platform.actor,
    launchLab(f('lab'), options, mint),
    labellingStartup(f('label'), options, mint),
    lotusSlowHydra(f('lotus'), options, mint),
    lotusPlatformTenant(platform.borrowable),
    basaltSdkHydra(f('basalt'), options, mint),
    ferrousTrajectoryFarm(f('ferrous'), options, mint),
    gavelFakeEval(f('gavel'), options, mint),
    driftwoodBlend(f('driftwood'), options, mint),
    phoenixRotator(f('phoenix'), options, mint),
    meridianPivot(f('meridian'), options, mint),
  ];
}

export const scenario: Scenario = {
  name: 'holdout',
  description:
    'Unseen traffic: support, translation, CI review, a campus cohort behind one NAT, an LLM judge ' +
    'team, an agent reseller, a launch-day lab, multilingual chat and a labelling startup, against ' +
    'seven campaigns (slow polyglot hydra, SDK-mimicking hydra, trajectory farm, eval-disguised ' +
    'grading, blended cover stream, rotating hydra, new-model pivot, reseller tenant).',
  models,
  build,
};
