/**
 * The eighth red team's scenario, written blind to detection: seven campaigns (about 1,000
 * distiller accounts at scale 1, 90 of them reserves) and eleven legitimate personas (about 500
 * accounts) chosen as hard negatives for them. Campaigns (`r8-`): a 310-account hydra whose every
 * account writes in its own voice and rotates exits (`murmuration`), reasoning coercion in fifteen
 * languages (`babel`), each item fanned out across models and both endpoints and then judged
 * (`prism`), aged accounts sending rare, maximal requests (`fossil`), a fake company roll-out
 * (`facade`), rollout-tree agent trajectories forked across accounts (`relay`) and an adaptive
 * rotator with canaries that replaces refused accounts and backs off on 429 (`tide`). Hard
 * negatives: a lab's eval harness, a labelling vendor's grading, a tutoring app, a reseller, a
 * localisation batch, a ticket-triage batch, IDE-agent users, early adopters, a reasoning-research
 * lab, a company roll-out and everyday chat in twelve languages. The new model `osprey-5` is
 * released 28 s in. Total rate about 100–150 requests a second.
 */
import type { Actor, Scenario } from '../actor.ts';
import type { Rng } from '../rng.ts';
import { facade, relay } from './campaigns-agentic.ts';
import { babel, fossil, prism } from './campaigns-spread.ts';
import { murmuration, tide } from './campaigns-swarm.ts';
import { IdMint, MODELS8 } from './common.ts';
import { codepilot, everyday, faithful, launchday, rollout } from './legit-people.ts';
import { annotate, benchmark, lingo, sparrow, switchyard, triage } from './legit-products.ts';

function build(rng: Rng, options: { scale: number }): Actor[] {
  const scale = options.scale;
  const mint = new IdMint(rng.fork('ids'), 'acct_r8_');
  return [
    // Legitimate products and people.
    benchmark(rng.fork('benchmark'), mint, scale),
    annotate(rng.fork('annotate'), mint, scale),
    sparrow(rng.fork('sparrow'), mint, scale),
    switchyard(rng.fork('switchyard'), mint, scale),
    lingo(rng.fork('lingo'), mint, scale),
    triage(rng.fork('triage'), mint, scale),
    codepilot(rng.fork('codepilot'), mint, scale),
    launchday(rng.fork('launchday'), mint, scale),
    faithful(rng.fork('faithful'), mint, scale),
    rollout(rng.fork('rollout'), mint, scale),
    everyday(rng.fork('everyday'), mint, scale),
    // Campaigns.
    murmuration(rng.fork('murmuration'), mint, scale),
    babel(rng.fork('babel'), mint, scale),
    prism(rng.fork('prism'), mint, scale),
    fossil(rng.fork('fossil'), mint, scale),
    facade(rng.fork('facade'), mint, scale),
    relay(rng.fork('relay'), mint, scale),
    tide(rng.fork('tide'), mint, scale),
  ];
}

export const scenario: Scenario = {
  name: 'redteam8',
  description:
    'Eighth red team (blind): a voice-per-account paraphrasing hydra with exit rotation, reasoning coercion in fifteen languages, cross-model fan-out with judging, aged low-and-slow accounts, a fake enterprise roll-out, forked agent trajectories, and an adaptive rotator with canaries, against eleven hard-negative personas.',
  models: MODELS8,
  build,
};
