/**
 * The sixth red team's scenario, written blind to detection: seven campaigns (about 1,010
 * distiller accounts at scale 1) and thirteen legitimate personas (about 550 accounts) chosen as
 * hard negatives for them. Campaigns (`r6-`): a byte-for-byte copy of a real coding agent
 * (`understudy`), computer-use harvest as fifteen RPA shells (`glasshouse`), long-form projects
 * sharded one shard per account (`tessellate`), reasoning coercion in eleven languages, low and
 * slow (`polyglot`), critique and preference harvest declared as evaluation (`jury`, the
 * "cannot be actioned" case, 8 % of distiller accounts), synthetic users that pivot to the new
 * model and replace refused accounts (`lateral`), and agentic reasoning harvest mixed into a real
 * router's customer traffic through its keys (`sidecar`). The new model `auk-5` is released 27 s
 * in. Total rate about 150–220 requests a second.
 */
import type { Actor, Scenario } from '../actor.ts';
import type { Rng } from '../rng.ts';
import { glasshouse, tessellate, understudy } from './campaigns-agentic.ts';
import { jury, lateral, polyglot, sidecar } from './campaigns-harvest.ts';
import { MODELS6 } from './common.ts';
import { acme, campus, everyday, hackathon, labgroup, launchday } from './legit-people.ts';
import {
  bazaar,
  clickpath,
  evalSuite,
  nightly,
  patchbayUsers,
  rubricly,
  studyBuddy,
} from './legit-products.ts';

function build(rng: Rng, options: { scale: number }): Actor[] {
  const scale = options.scale;
  const router = bazaar(rng.fork('bazaar'), scale);
  return [
    // Legitimate products and people.
    patchbayUsers(rng.fork('patchbay'), scale),
    evalSuite(rng.fork('evalsuite'), scale),
    nightly(rng.fork('nightly'), scale),
    studyBuddy(rng.fork('studybuddy'), scale),
    rubricly(rng.fork('rubricly'), scale),
    clickpath(rng.fork('clickpath'), scale),
    router.actor,
    campus(rng.fork('campus'), scale),
    acme(rng.fork('acme'), scale),
    launchday(rng.fork('launchday'), scale),
    labgroup(rng.fork('labgroup'), scale),
    everyday(rng.fork('everyday'), scale),
    hackathon(rng.fork('hackathon'), scale),
    // Campaigns.
    understudy(rng.fork('understudy'), scale),
    glasshouse(rng.fork('glasshouse'), scale),
    tessellate(rng.fork('tessellate'), scale),
    polyglot(rng.fork('polyglot'), scale),
    jury(rng.fork('jury'), scale),
    lateral(rng.fork('lateral'), scale),
    sidecar(router.front, scale),
  ];
}

export const scenario: Scenario = {
  name: 'redteam6',
  description:
    'Sixth red team (blind): a copied coding agent, RPA shells harvesting computer use, sharded long-form projects, multilingual reasoning coercion, judge harvest declared as eval, pivoting synthetic users, and harvest mixed into a router, against thirteen hard-negative personas.',
  models: MODELS6,
  build,
};
