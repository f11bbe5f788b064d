/**
 * The red-team scenario `redteam`: written without reading the detector, its weights or the
 * project's persona vocabularies, to measure whether detection generalises to traffic it was never
 * tuned on (threat model: /work/shared/THREATS.md's public signals). Legitimate customers that a
 * naive detector would flag — a CI suite, a translation backend, a support bot with many end
 * users, a class behind one campus NAT, a declared labelling startup, a research group asking for
 * derivations — next to campaigns that dodge the obvious: paraphrasing, low-and-slow, chat
 * mimicry, aged accounts, agentic loops, varied reasoning-trace prompts and sparing parameters.
 * At scale 1: ~500 legitimate and ~960 distiller accounts, about 110 requests a second.
 */
import type { Actor, Scenario } from '../actor.ts';
import { scaled } from '../personas/accounts.ts';
import { scenarioModels } from '../personas/models.ts';
import { chameleonCampaign, drizzleHydra, heirloomCampaign, mosaicHydra } from './campaigns.ts';
import { campusClass, publicChat, researchGroup } from './legit-people.ts';
import { ciPipeline, labellingStartup, supportBot, translationService } from './legit-services.ts';
import { lanternCampaign, loomCampaign, rationCampaign } from './tool-and-trace-campaigns.ts';

/** Campaign id of each distiller actor (the test checks ground truth against it). */
export const REDTEAM_CAMPAIGNS: Readonly<Record<string, string>> = {
  'mosaic-hydra': 'rt-mosaic',
  'drizzle-hydra': 'rt-drizzle',
  'chameleon-campaign': 'rt-chameleon',
  'heirloom-campaign': 'rt-heirloom',
  'loom-campaign': 'rt-loom',
  'lantern-campaign': 'rt-lantern',
  'ration-campaign': 'rt-ration',
};

function campaign(name: string, accounts: number) {
  return { name, campaign: REDTEAM_CAMPAIGNS[name] ?? name, accounts };
}

export const scenario: Scenario = {
  name: 'redteam',
  description:
    'Red team, written blind to detection: CI, translation, support-bot, campus-class, labelling and ' +
    'research customers with paraphrasing, low-and-slow, chat-mimic, aged-account, agentic-loop, ' +
    'varied-CoT and sparse-parameter campaigns.',
  models: scenarioModels(25_000),
  build(rng, { scale }) {
    const s = (nominal: number, min = 1): number => scaled(nominal, scale, min);
    // One id space for the whole scenario: ids are opaque and must not collide across actors.
    const taken = new Set<string>();
    const actors: Actor[] = [
      publicChat(rng.fork('public'), taken, s(440, 5)),
      campusClass(rng.fork('campus'), taken, s(40, 3)),
      researchGroup(rng.fork('research'), taken, s(8, 2)),
      ciPipeline(rng.fork('ci'), taken, 2),
      translationService(rng.fork('translate'), taken, 2, 4 * scale),
      supportBot(rng.fork('support'), taken, 3, 1.2 * scale),
      labellingStartup(rng.fork('labelling'), taken, 5, 3.5 * scale),

      mosaicHydra(rng.fork('mosaic'), taken, campaign('mosaic-hydra', s(250, 20))),
      drizzleHydra(rng.fork('drizzle'), taken, campaign('drizzle-hydra', s(300, 20))),
      chameleonCampaign(rng.fork('chameleon'), taken, campaign('chameleon-campaign', s(150, 20))),
      heirloomCampaign(rng.fork('heirloom'), taken, campaign('heirloom-campaign', s(100, 20))),
      loomCampaign(rng.fork('loom'), taken, campaign('loom-campaign', s(60, 20))),
      lanternCampaign(rng.fork('lantern'), taken, campaign('lantern-campaign', s(60, 20))),
      rationCampaign(rng.fork('ration'), taken, campaign('ration-campaign', s(40, 20))),
    ];
    return actors;
  },
};
