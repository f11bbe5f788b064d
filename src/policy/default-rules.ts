/**
 * The shipped policy (used when the config has no `policy.rules`), following THREATS.md: nothing
 * user-visible without two independent signal families; declared-use accounts are observed — an
 * unverified one whose request scores high from two families is held to a quarter of its tier's
 * baseline instead, per account and per cluster (a declared use nobody vetted is a claim); a
 * verified account is observed, and its request held to twice its tier's baseline when it scores
 * high from two families (to a quarter of it, per account and per cluster, in its first two weeks
 * or for a request scoring very high through a flagged cluster or linked to one by its text); it
 * is blocked only for a request that carries a flagged hydra cluster's exact template (that judges
 * the content, not the account) or that comes from one of its end users scoring high at the end
 * user's own scope (a harvester inside a reseller). An unverified account without a declared use
 * is blocked from a moderate score for a request carrying a flagged cluster's exact template.
 * Between observing and blocking, a moderate score with three families, one of them something the
 * account asks for, is served degraded.
 */
import { FAMILIES, type Family } from '../detection/family-names.ts';
import type { RuleInput } from './rule-schema.ts';

/** How much, who, with whom, and an account's own template: ASKING_FAMILIES leaves them out. */
const NOT_ASKED: ReadonlySet<Family> = new Set(['volume', 'provenance', 'cluster', 'templates']);

/**
 * The families that describe what an account asks for (capability focus, reasoning elicitation,
 * grading, agentic tool use, harvesting parameters, a pivot to a new model): every family but how
 * much it sends (volume), who it is (provenance), whom it shares content with (cluster) and
 * whether it repeats its own template (templates) — which every account behind an app's backend
 * does by construction (THREATS.md S3: medium-high false positives alone). THREATS.md: detection
 * works on aggregates, and a distiller is defined by harvesting. Measured with `backtest` on the
 * logs of every scenario: with `templates` counted, `redteam6`'s campus students driving a study
 * script at a fixed cadence (volume, templates, provenance; 170-token answers) were degraded, 4
 * accounts a run; without it, one `redteam` campaign account (1 of 2 its run caught) is no
 * longer, and nothing else changes.
 */
export const ASKING_FAMILIES: readonly Family[] = Object.freeze(
  FAMILIES.filter((family) => !NOT_ASKED.has(family)),
);

/**
 * The links made of a request's text other than a campaign's exact templates: its near-duplicate
 * bands and its frames (verified-content-throttle). Not a harvest shape, a timing signature, a
 * system prompt or tool set (an app's), or infrastructure.
 */
const CONTENT_LINKS = ['near_duplicate', 'frame_head', 'frame_tail'] as const;

/**
 * Where the hydra throttles' quarter budgets are kept: per account, and per a cluster of the
 * request's — its harvest shape's when it has one, else the one it links through (limit-scopes.ts,
 * budgetCluster) — the cluster's accounts together held to what one of them is.
 * A budget per account is what a hydra is built to stay under (THREATS.md: throttles per account
 * and per cluster): each fresh account a campaign brings in starts with a rested bucket, and the
 * first answer it asks for in full is served. `default`'s rotating hydra, whose replacements are
 * verified, was served 8 of its 14 requests so at `3b36659` (seed 3), each through
 * `verified-hydra-throttle` on an account new to the budget (3 more within `verified-throttle`'s
 * twice the tier, which stays per account: legitimate verified users of a copied agent meet it
 * through the same links). Measured in the simulator, 60 s, `3b36659` against this, the same hour: `camp-eta`
 * harvested 40 / 37 / 55 k tokens → 33–40 / 19–28 / 30–32 k (seeds 1–3, two runs); `r3-assay`
 * 820 / 883 k → 298 / 330 k; the other campaigns the rules reach −30 % to +5 % (spread). No
 * legitimate request met either rule in 31 runs of eight scenarios (loadtest/DETECTION.md), so a
 * cluster's bucket is a campaign's — less surely for verified-content-throttle's, which a few
 * verified customers whose text is a near duplicate of a campaign's meet (see that rule).
 */
const HYDRA_BUDGET_SCOPE: readonly ('account' | 'cluster')[] = Object.freeze([
  'account',
  'cluster',
]);

/**
 * The hydra throttles' quarter: a quarter of the tier's baseline, per account and per cluster.
 * One budget (`tier:0.25x`, `tier:0.25x:cluster`) for every rule that spreads it — budgets are
 * kept per multiple — so a campaign's declared-use and verified members, whichever rule their
 * request meets, spend the same bucket.
 */
const HYDRA_QUARTER = {
  action: 'throttle',
  reason: 'risk_score_capped',
  tier_budget: 0.25,
  tier_budget_scope: [...HYDRA_BUDGET_SCOPE],
} as const satisfies Partial<RuleInput>;

/** What the block rules remember: the end user behind a shared key for a day, the flagged template for a week. */
const REMEMBER_BLOCKED = {
  remember: { end_user: '24h', content: '168h' },
} as const satisfies Partial<RuleInput>;

export const DEFAULT_RULES: readonly RuleInput[] = [
  {
    id: 'declared-use-unverified-throttle',
    description:
      "An unverified account with a declared use whose request scores high from two families: admitted within a quarter of its tier's baseline.",
    // A declared use (evaluation, batch…) nobody verified is the account's own claim, and claiming
    // one is how a campaign keeps every request observed (four of the eight blind scenarios have
    // such a campaign; with the cap alone each was served 89–100 % of its output). THREATS.md caps
    // declared-use tiers at observe or throttle, so this is a throttle, the hydra throttles'
    // quarter, as `verified-young-throttle` is for verified accounts in their first weeks.
    // Verified accounts with a declared use keep the cap: an evaluation lab's harness re-running a
    // public benchmark a campaign also harvests carries the campaign's template (`redteam6`'s
    // verified eval suite scores 0.88–0.96 through one). Until 2026-12-07 (stop 41) this needed a
    // flagged cluster's exact template too (`declared-use-hydra-throttle`): in ten scenarios' logs
    // (`b8cacf8`) the unverified declared-use accounts scoring 0.75 from two families were 170
    // distiller and no legitimate one (from 0.65: 173 and 1, a red team's own unverified account;
    // from 0.55: 187 and 2, `default`'s eval harness at 0.55–0.66), and without the template the
    // trial refused 108 more distiller requests (368 k output tokens served; +10 accounts:
    // `r6-jury`, `r3-assay`) and no legitimate one. Through the simulator (five runs against the
    // same hour): it decided 486 requests, all campaigns' (`r5-assay` 306, `r3-assay` 172,
    // `r6-jury` 8), 160 of them refused where the template-only rule refused 144; campaigns'
    // served tokens `redteam6` −2.9 %, the others within ±0.4 %.
    when: {
      score: { gte: 0.75 },
      families: { min: 2 },
      account: { declared_use: true, verified: false },
    },
    ...HYDRA_QUARTER,
  },
  {
    id: 'declared-use-cap',
    description:
      'Accounts with a declared use (evaluation, batch…) are observed, never acted on (but for the rule above).',
    when: { score: { gte: 0.45 }, account: { declared_use: true } },
    action: 'observe',
    reason: 'risk_score_capped',
  },
  {
    id: 'hydra-template',
    description: "A flagged cluster's exact template, from any account that is not declared-use.",
    when: {
      score: { gte: 0.75 },
      families: { min: 2 },
      cluster: { flagged: true, specific: true },
    },
    action: 'block',
    reason: 'risk_score',
    // The template, from any unverified account without a declared use (rotations), and the end
    // user behind a shared key — never the account itself: this rule also reaches verified
    // resellers.
    ...REMEMBER_BLOCKED,
  },
  {
    id: 'end-user-block',
    description:
      "One end user behind a platform's key scoring high at its own scope: that end user is blocked, never the account.",
    when: { factors: { 'end_user.score': { gte: 0.75 } }, account: { declared_use: false } },
    action: 'block',
    reason: 'end_user_risk_score',
    // The end user only (a reseller's other users are untouched), and a flagged template.
    ...REMEMBER_BLOCKED,
  },
  {
    id: 'verified-hydra-throttle',
    description:
      "A verified account's request scoring very high from two families through a flagged cluster: admitted within a quarter of its tier's baseline.",
    // Still a throttle (THREATS.md: verified accounts are observed or throttled until a person
    // reviews). A flagged cluster is one whose pooled window scored at least FLAG_RISK across its
    // accounts — a content template, a near duplicate, a harvest shape, a timing signature; never
    // an app's prompt or tools, nor infrastructure — and 0.9 with two families through one is
    // what the campaigns' own members score. Twice the tier's baseline served `default`'s verified
    // hydra members (a 1-day-old verified account among `hydra-20`'s) every request they sent, 9
    // requests and 6 % of that campaign's output. The requests meeting this rule spend a quarter
    // of the baseline (the shipped default tier: 15 requests and 5,000 output tokens a minute): a
    // harvest asking for the whole output on every request gets one or two a minute. Budgets are
    // kept per multiple (HYDRA_QUARTER: shared with `declared-use-unverified-throttle`, whose accounts
    // are never verified, and `verified-content-throttle`), not as a ceiling on the account: its requests scoring below 0.9 meet
    // `verified-throttle` and spend that rule's `tier:2x`. From 0.9, not 0.75: verified users of an
    // agent a campaign copies, linked to its flagged harvest shape, score 0.78–0.80 in the blind
    // scenarios (held to 0.25, an agent's loop was refused where twice the baseline served it).
    when: {
      score: { gte: 0.9 },
      families: { min: 2 },
      account: { verified: true },
      cluster: { flagged: true },
    },
    ...HYDRA_QUARTER,
  },
  {
    id: 'verified-content-throttle',
    description:
      "A verified account's request scoring high from two families through a flagged cluster its content links it to (a near duplicate, a frame): admitted within a quarter of its tier's baseline.",
    // verified-hydra-throttle's quarter from 0.75 rather than 0.9 where the flagged link is the
    // request's text — a near duplicate or a frame of a campaign's prompts (its exact templates
    // meet hydra-template first) — not a harvest shape, a timing signature or infrastructure: the
    // verified users of an agent a campaign copies share its generation settings (0.78–0.80
    // through its flagged harvest shape), not its prompts. Campaigns' verified members linked by
    // their text were held to twice the baseline each. Measured with `loadtest/policy-trial.ts` on
    // 28 kept runs (2026-12-07): 371 distiller requests refused that were served (1.88 M output
    // tokens; 45 served that were refused), no legitimate request refused; through the simulator
    // (`default` seeds 1 and 4, `holdout`, `redteam3`, `redteam5`, `redteam6`): campaigns' served
    // tokens −16 % and −8 % on `default` (seed 4's worst campaign 13.0 → 11.0 %), −4 % on
    // `redteam3`, within ±1 % elsewhere; of the requests it decided 4 were legitimate (a law firm
    // and an early adopter of `redteam5`, already held by verified-throttle in the same run), all
    // served within the quarter. The risk it takes: the quarter is shared per cluster, so a
    // verified customer whose text is a near duplicate of a campaign's spends the campaign's
    // budget — refused where the campaign drained it (not seen in these runs).
    when: {
      score: { gte: 0.75 },
      families: { min: 2 },
      account: { verified: true },
      cluster: { flagged: true, link: [...CONTENT_LINKS] },
    },
    ...HYDRA_QUARTER,
  },
  {
    id: 'verified-young-throttle',
    description:
      "A verified account in its first two weeks whose request scores high from two families: admitted within a quarter of its tier's baseline.",
    // Verification vouches for who pays, not for what the account is for, and it is cheapest to
    // buy for an account made for the campaign (THREATS.md S12: new accounts ramping fast). So
    // the budget a verified account is held to from 0.75 depends on its age: twice the tier's
    // baseline (verified-throttle) once it is two weeks old, the hydra throttles' quarter before
    // that — still a throttle (THREATS.md: verified accounts are observed or throttled until a
    // person reviews). In the decision logs of ten scenarios (`b8cacf8`, 60 s, `default` seed 4,
    // the others seed 1), the verified accounts scoring 0.75 from two families were 280 distiller
    // and 1 legitimate account under 14 days old, 193 and 24 older (from 0.45: 329 and 8 young,
    // 325 and 219 older). An account of unknown age is not young. Trial (policy-trial.ts) on those
    // ten logs: 135 distiller requests refused that were served (755 k output tokens), 3 of one
    // legitimate account (a 4-day-old verified user of an agent `redteam3`'s campaign copies,
    // already held by verified-throttle). Through the simulator, against the same hour: campaigns'
    // served tokens `default` seed 4 −8.7 %, seed 1 −21 %, `redteam3` −4.6 %, `redteam5` −1.2 %,
    // `holdout` and `redteam6` within spread; that one user refused 3 times (429), no other.
    when: {
      score: { gte: 0.75 },
      families: { min: 2 },
      account: { verified: true, age_days: { lt: 14 } },
    },
    ...HYDRA_QUARTER,
  },
  {
    id: 'verified-throttle',
    description:
      "A verified account's request scoring high from two families: held to twice its tier's baseline.",
    // THREATS.md caps verified accounts at observe or throttle unless a person reviews. Observing
    // alone served a campaign's verified accounts (bought or vouched-for accounts, a study app's
    // verified tenants) as fast as they asked. A delay or a paced stream would not have cost an
    // open-loop harvest anything; a budget does: twice the rates detection calls normal for the
    // tier, which a customer scored wrongly at its usual pace stays within, while a harvest at
    // many times them is refused (429) beyond it — output is reserved as max_tokens × n, so asking
    // for the whole output on every request spends it fastest (a customer doing that on many
    // requests at once meets it too). Per request, nothing remembered.
    when: { score: { gte: 0.75 }, families: { min: 2 }, account: { verified: true } },
    action: 'throttle',
    reason: 'risk_score_capped',
    tier_budget: 2,
  },
  {
    id: 'verified-cap',
    description: 'Verified accounts are observed on their own behaviour.',
    when: { score: { gte: 0.45 }, account: { verified: true } },
    action: 'observe',
    reason: 'risk_score_capped',
  },
  {
    id: 'hydra-template-unverified',
    description:
      "A flagged cluster's exact template from an unverified account, from a moderate score: blocked as hydra-template blocks.",
    // A cluster is flagged from a pooled risk of 0.6 (FLAG_RISK), and its exact template's risk
    // reaches a sender whole (reachesWhole: it judges the content, not the sender), so a fresh
    // member of a campaign flagged at 0.6–0.8 scores 0.55–0.75 on its first requests: under
    // hydra-template's 0.75 it was observed, and served, until its own window spoke. As for
    // hydra-template, the two families may both be the campaign's (the link lends its cluster's
    // pooled families): the evidence is the flagged text, not the sender. Unverified accounts
    // without a declared use only (verified ones keep their cap: with them too, a verified
    // tutoring app's students sharing a problem bank with a flagged campaign were blocked, 11
    // requests a run). Measured with `loadtest/policy-trial.ts` on 18 kept runs (every scenario,
    // 2026-12-07): 15 more distiller accounts actioned, 267 more distiller requests refused
    // (295,000 output tokens the proxy had served), no legitimate request refused or account
    // actioned; through the simulator (`holdout`, `redteam2`, `redteam5`, `redteam6`, `default`),
    // all 227 requests it refused were campaigns' — most of them through the template it
    // remembered (`redteam6`: 14 by the rule, 131 by its memory). A small gain (basalt's served
    // share 54 → 42 % that hour, the rest within their spread), at no cost found. Requests scoring
    // 0.75 and above meet hydra-template first.
    when: {
      score: { gte: 0.55 },
      families: { min: 2 },
      account: { verified: false },
      cluster: { flagged: true, specific: true },
    },
    action: 'block',
    reason: 'risk_score',
    ...REMEMBER_BLOCKED,
  },
  {
    id: 'risk-block',
    description: 'A high score from at least two independent families.',
    when: { score: { gte: 0.75 }, families: { min: 2 } },
    action: 'block',
    reason: 'risk_score',
    ...REMEMBER_BLOCKED,
  },
  {
    id: 'risk-degrade',
    description:
      'Moderate risk from at least three families, one of them what the account asks for: served, visibly reduced — no reasoning, a short answer, one choice.',
    // Three, not two: a request linked to a cluster carries the cluster family and the cluster's
    // pooled families with it — one piece of evidence that reads as two (a campus cohort pasting
    // the same homework: elicitation + cluster). Below the block bound, a user-visible action
    // needs something beyond that link.
    //
    // And one of them must be something the account asks for (ASKING_FAMILIES): volume, provenance,
    // cluster and templates say how much, who, with whom and that it repeats its own template —
    // young, busy accounts driving one app, i.e. every hackathon, class or new start-up — not that
    // what they ask is a harvest. Measured with
    // `backtest` on the logs of every scenario: a hackathon of hours-old accounts sharing its
    // starter kit (redteam6) lost 15 of its 23 degraded accounts, campaigns 0–1 accounts each.
    when: { score: { gte: 0.55 }, families: { min: 3, any: [...ASKING_FAMILIES] } },
    action: 'degrade',
    reason: 'risk_score',
    // What a harvest is for is long, reasoned answers: a suspected harvester gets neither, a
    // customer scored wrongly gets a usable answer, the notice header and an appeal path. Nothing
    // is remembered: the account's next request is judged afresh.
    degrade: { strip_reasoning: true, max_tokens: 1024, single_choice: true },
  },
  {
    id: 'risk-observe',
    description: 'Elevated risk: logged for review, no user-visible change.',
    when: { score: { gte: 0.45 } },
    action: 'observe',
    reason: 'risk_score',
  },
];
