/**
 * `redteam5`: a fifth red team's scenario, written blind to detection (from THREATS.md and the
 * simulator's contract only). Seven distillation campaigns — a paraphrasing hydra paced like
 * people, a harvest behind a SaaS front with end-user ids, bought aged accounts running a copied
 * coding agent, reasoning coercion buried in long multilingual documents, rubric and preference
 * harvesting under declared research use, a pivot to the new model with rotation on refusal, and
 * sampling of public textbook items — against twelve legitimate personas chosen as hard
 * negatives (a new bootcamp cohort, exam preppers on the same public items, a router, an eval
 * harness, coding-agent users, a batch job, early adopters, a company NAT, multilingual users, a
 * support QA judge, document analysts and everyday chat).
 */
import type { Actor, Scenario } from '../actor.ts';
import { chorus, storefront, toolsmith, workbook } from './campaigns-a.ts';
import { assay, syllabus, vanguard } from './campaigns-b.ts';
import { LITE_MODEL, MAIN_MODEL, NEW_MODEL, NEW_RELEASE_MS, maxOut } from './common.ts';
import { claims, cohort, evals, forge, router, selfstudy } from './legit-a.ts';
import { adopters, counsel, everyday, firm, polyglot, qaJudge } from './legit-b.ts';

const DAY_MS = 86_400_000;

export const scenario: Scenario = {
  name: 'redteam5',
  description:
    'red team 5 (blind): seven campaigns (human-paced paraphrase hydra, SaaS front with end users, aged accounts on a copied coding agent, document reasoning coercion, declared-research grading, new-model pivot with rotation, public-item sampler) among twelve hard-negative personas',
  models: [
    { name: LITE_MODEL, maxOutputTokens: maxOut(LITE_MODEL), releasedAt: -500 * DAY_MS },
    { name: MAIN_MODEL, maxOutputTokens: maxOut(MAIN_MODEL), releasedAt: -180 * DAY_MS },
    { name: NEW_MODEL, maxOutputTokens: maxOut(NEW_MODEL), releasedAt: NEW_RELEASE_MS },
  ],
  build(rng, options): Actor[] {
    const scale = options.scale;
    const legit = rng.fork('legitimate');
    const campaigns = rng.fork('campaigns');
    return [
      cohort(legit.fork('cohort'), scale),
      selfstudy(legit.fork('selfstudy'), scale),
      router(legit.fork('router'), scale),
      evals(legit.fork('evals'), scale),
      forge(legit.fork('forge'), scale),
      claims(legit.fork('claims'), scale),
      adopters(legit.fork('adopters'), scale),
      firm(legit.fork('firm'), scale),
      polyglot(legit.fork('polyglot'), scale),
      qaJudge(legit.fork('qa-judge'), scale),
      counsel(legit.fork('counsel'), scale),
      everyday(legit.fork('everyday'), scale),
      chorus(campaigns.fork('chorus'), scale),
      storefront(campaigns.fork('storefront'), scale),
      toolsmith(campaigns.fork('toolsmith'), scale),
      workbook(campaigns.fork('workbook'), scale),
      assay(campaigns.fork('assay'), scale),
      vanguard(campaigns.fork('vanguard'), scale),
      syllabus(campaigns.fork('syllabus'), scale),
    ];
  },
};
