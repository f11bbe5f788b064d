/**
 * The seventh red team's scenario, written blind to detection: seven campaigns (about 1,090
 * distiller accounts at scale 1, 110 of them reserves) and twelve legitimate personas (about 500
 * accounts) chosen as hard negatives the earlier red teams did not emphasise. Campaigns (`r7-`):
 * one curriculum dealt over a 300-account hydra that keeps every account under any per-account
 * rate and pivots half its work to the new model (`syllabus`), harvest asks hidden in the tool
 * results of a research-agent loop (`undertow`), reasoning coercion as homework help with the
 * answer supplied (`whiteboard`), harvest turns slipped into ongoing everyday chats (`marbled`),
 * bought aged and verified accounts under congestion control with instant replacement
 * (`phoenix`), an "eval start-up" declaring eval use whose benchmark never repeats an item
 * (`leaderboard`), and orchestration harvest through fake start-ups in the credits programme
 * (`incubator`). Hard negatives: a multi-tenant support platform, a legal batch summariser, a game
 * studio's dialogue pipeline, a museum's alt-text backfill, a co-writing app, an agent framework's
 * CI, a security team's probes, olympiad coaches, early adopters, a shell CLI whose default model
 * flips, an accelerator cohort and everyday chat. The new model `heron-5` is released 25 s in.
 * Total rate about 110–140 requests a second.
 */
import type { Actor, Scenario } from '../actor.ts';
import type { Rng } from '../rng.ts';
import { leaderboard, phoenix, syllabus } from './campaigns-spread.ts';
import { incubator, marbled, undertow, whiteboard } from './campaigns-disguise.ts';
import { IdMint, MODELS7 } from './common.ts';
import { cohort, earlybirds, everyday, olympiad, redcell, shellmate } from './legit-people.ts';
import { agentci, archive, clausework, inkwell, npcforge, switchboard } from './legit-products.ts';

function build(rng: Rng, options: { scale: number }): Actor[] {
  const scale = options.scale;
  const mint = new IdMint(rng.fork('ids'), 'acct_r7_');
  const actors = [
    // Legitimate products and people.
    switchboard(rng.fork('switchboard'), mint, scale),
    clausework(rng.fork('clausework'), mint, scale),
    npcforge(rng.fork('npcforge'), mint, scale),
    archive(rng.fork('archive'), mint, scale),
    inkwell(rng.fork('inkwell'), mint, scale),
    agentci(rng.fork('agentci'), mint, scale),
    redcell(rng.fork('redcell'), mint, scale),
    olympiad(rng.fork('olympiad'), mint, scale),
    earlybirds(rng.fork('earlybirds'), mint, scale),
    shellmate(rng.fork('shellmate'), mint, scale),
    cohort(rng.fork('cohort'), mint, scale),
    everyday(rng.fork('everyday'), mint, scale),
    // Campaigns.
    syllabus(rng.fork('syllabus'), mint, scale),
    undertow(rng.fork('undertow'), mint, scale),
    whiteboard(rng.fork('whiteboard'), mint, scale),
    marbled(rng.fork('marbled'), mint, scale),
    phoenix(rng.fork('phoenix'), mint, scale),
    leaderboard(rng.fork('leaderboard'), mint, scale),
    incubator(rng.fork('incubator'), mint, scale),
  ];
  return actors;
}

export const scenario: Scenario = {
  name: 'redteam7',
  description:
    'Seventh red team (blind): a curriculum hydra under per-account rates that pivots to the new model, harvest hidden in agent tool results, tutoring-style reasoning coercion, harvest slipped into everyday chats, bought aged accounts with congestion control, a declared-eval benchmark that never repeats, and start-up-programme fronts, against twelve hard-negative personas.',
  models: MODELS7,
  build,
};
