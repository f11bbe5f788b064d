import { describe, expect, it } from 'vitest';
import type { Account } from '../../../src/account/account.ts';
import { configSchema } from '../../../src/config/schema.ts';
import type { Score } from '../../../src/detection/score.ts';
import { covers } from '../../../src/policy/check-rules.ts';
import { compilePolicy } from '../../../src/policy/compile-policy.ts';
import { evaluatePolicy } from '../../../src/policy/evaluate-policy.ts';
import type { RuleInput } from '../../../src/policy/rule-schema.ts';
import { ruleSchema } from '../../../src/policy/rule-schema.ts';
import type { RequestFacts } from '../../../src/signals/request-facts.ts';
import { testAccount, testFacts } from '../../helpers/request-fixtures.ts';

const baseFacts = testFacts({
  dialect: 'anthropic',
  route: 'anthropic.messages',
  model: 'claude-opus-5',
  stream: true,
  maxTokens: 1000,
  bytes: 100,
});

const baseAccount = testAccount({ ageDays: 3, programme: 'startup', labels: ['trial'] });

const baseScore: Score = {
  value: 0.8,
  factors: [
    { signal: 'elicitation.share', value: 0.9, contribution: 0.3 },
    { signal: 'cluster.risk.skeleton', value: 0.7, contribution: 0.5 },
  ],
  families: ['elicitation', 'cluster'],
  cluster: { id: 'cl_1', link: 'skeleton', accounts: 40, risk: 0.7, flagged: true, specific: true },
};

function policy(rules: RuleInput[], mode: 'enforce' | 'shadow' = 'enforce') {
  return compilePolicy(configSchema.shape.policy.parse({ mode, rules }));
}

/** Does a single rule with this `when` match the base request (with optional changes)? */
function matches(
  when: RuleInput['when'],
  change: {
    account?: Partial<Account>;
    facts?: Partial<RequestFacts>;
    score?: Partial<Score>;
  } = {},
): boolean {
  const p = policy([{ id: 'r', when, action: 'block' }]);
  const outcome = evaluatePolicy(
    p,
    { ...baseAccount, ...change.account },
    { ...baseFacts, ...change.facts },
    { ...baseScore, ...change.score },
  );
  return outcome.enforced.rule === 'r';
}

/** The shipped policy (default-rules.ts), compiled as a config without `policy.rules` gets it. */
async function shipped() {
  const { DEFAULT_RULES } = await import('../../../src/policy/default-rules.ts');
  return policy([...DEFAULT_RULES]);
}

describe('policy rules: conditions', () => {
  it('matches every request with no conditions', () => {
    expect(matches({})).toBe(true);
  });

  it('tests the score and its families', () => {
    expect(matches({ score: { gte: 0.8 } })).toBe(true);
    expect(matches({ score: { gt: 0.8 } })).toBe(false);
    expect(matches({ score: { gte: 0.5, lt: 0.8 } })).toBe(false);
    expect(matches({ families: { min: 2 } })).toBe(true);
    expect(matches({ families: { min: 3 } })).toBe(false);
    expect(matches({ families: { any: ['grading', 'cluster'] } })).toBe(true);
    expect(matches({ families: { any: ['grading'] } })).toBe(false);
    expect(matches({ families: { all: ['elicitation', 'cluster'] } })).toBe(true);
    expect(matches({ families: { all: ['elicitation', 'grading'] } })).toBe(false);
  });

  it('tests individual factors; a factor the score lacks never matches', () => {
    expect(matches({ factors: { 'elicitation.share': { gte: 0.8 } } })).toBe(true);
    expect(matches({ factors: { 'elicitation.share': { lt: 0.8 } } })).toBe(false);
    expect(matches({ factors: { 'grading.share': { lt: 0.5 } } })).toBe(false);
  });

  it('tests the account', () => {
    expect(matches({ account: { tier: ['free', 'pro'] } })).toBe(true);
    expect(matches({ account: { tier: ['pro'] } })).toBe(false);
    expect(matches({ account: { verified: false } })).toBe(true);
    expect(matches({ account: { verified: true } })).toBe(false);
    expect(matches({ account: { declared_use: false } })).toBe(true);
    expect(matches({ account: { declared_use: true } })).toBe(false);
    expect(
      matches({ account: { declared_use: ['eval'] } }, { account: { declaredUse: 'eval' } }),
    ).toBe(true);
    expect(
      matches({ account: { declared_use: ['batch'] } }, { account: { declaredUse: 'eval' } }),
    ).toBe(false);
    expect(matches({ account: { labels: { any: ['trial', 'x'] } } })).toBe(true);
    expect(matches({ account: { labels: { none: ['trial'] } } })).toBe(false);
    expect(matches({ account: { age_days: { lt: 7 } } })).toBe(true);
    expect(matches({ account: { age_days: { gte: 7 } } })).toBe(false);
    expect(matches({ account: { age_days: { lt: 7 } } }, { account: { ageDays: undefined } })).toBe(
      false,
    );
    expect(matches({ account: { programme: ['startup'] } })).toBe(true);
    expect(matches({ account: { programme: ['education'] } })).toBe(false);
  });

  it('tests the linked cluster; without one, no cluster condition matches', () => {
    expect(matches({ cluster: { flagged: true, specific: true } })).toBe(true);
    expect(matches({ cluster: { accounts: { gte: 20 }, risk: { gte: 0.6 } } })).toBe(true);
    expect(matches({ cluster: { accounts: { gte: 100 } } })).toBe(false);
    expect(matches({ cluster: { link: ['template_head', 'skeleton'] } })).toBe(true);
    expect(matches({ cluster: { link: ['client'] } })).toBe(false);
    expect(matches({ cluster: { flagged: false } }, { score: { cluster: null } })).toBe(false);
    expect(matches({ cluster: {} }, { score: { cluster: null } })).toBe(false);
  });

  it('tests the route, dialect, model and stream', () => {
    expect(matches({ route: ['anthropic.messages'] })).toBe(true);
    expect(matches({ route: ['openai.chat_completions'] })).toBe(false);
    expect(matches({ dialect: ['anthropic'] })).toBe(true);
    expect(matches({ dialect: ['openai'] })).toBe(false);
    expect(matches({ model: ['claude-opus-5'] })).toBe(true);
    expect(matches({ model: ['claude-opus'] })).toBe(false);
    expect(matches({ model_match: '^claude-(opus|sonnet)-' })).toBe(true);
    expect(matches({ model_match: '^gpt-' })).toBe(false);
    expect(matches({ model_match: '.*' }, { facts: { model: undefined } })).toBe(false);
    expect(matches({ stream: true })).toBe(true);
    expect(matches({ stream: false })).toBe(false);
  });
});

describe('policy rules: order, modes and rollout', () => {
  const score = baseScore;

  it('lets the first matching rule decide', () => {
    const p = policy([
      { id: 'a', when: { score: { gte: 0.9 } }, action: 'block' },
      { id: 'b', when: { score: { gte: 0.5 } }, action: 'observe', reason: 'elevated' },
      { id: 'c', when: {}, action: 'block' },
    ]);
    expect(evaluatePolicy(p, baseAccount, baseFacts, score)).toEqual({
      enforced: { action: 'observe', rule: 'b', reason: 'elevated' },
      shadow: null,
      policyVersion: p.version,
    });
  });

  it('records a shadowed rule as what would have happened and goes on to the next rule', () => {
    const p = policy([
      { id: 'trial', when: { score: { gte: 0.5 } }, action: 'block', mode: 'shadow' },
      { id: 'current', when: { score: { gte: 0.5 } }, action: 'observe' },
    ]);
    const outcome = evaluatePolicy(p, baseAccount, baseFacts, score);
    expect(outcome.enforced.rule).toBe('current');
    expect(outcome.shadow).toEqual({ action: 'block', rule: 'trial', reason: 'policy_rule' });
  });

  it('in global shadow mode enforces nothing and records the first match', () => {
    const p = policy([{ id: 'a', when: {}, action: 'block' }], 'shadow');
    const outcome = evaluatePolicy(p, baseAccount, baseFacts, score);
    expect(outcome.enforced.action).toBe('allow');
    expect(outcome.shadow?.rule).toBe('a');
  });

  it('rolls a rule out to a stable share of accounts, shadowed for the others', () => {
    const p = policy([{ id: 'staged', when: {}, action: 'block', rollout: 30 }]);
    let enforced = 0;
    for (let i = 0; i < 4000; i++) {
      const account = { ...baseAccount, id: `acct_${i}` };
      const first = evaluatePolicy(p, account, baseFacts, score);
      // Stable: the same account always lands on the same side.
      expect(evaluatePolicy(p, account, baseFacts, score).enforced).toEqual(first.enforced);
      if (first.enforced.action === 'block') enforced++;
      else expect(first.shadow?.rule).toBe('staged');
    }
    expect(enforced / 4000).toBeGreaterThan(0.27);
    expect(enforced / 4000).toBeLessThan(0.33);
    // Another rule id places accounts independently.
    const other = policy([{ id: 'staged-2', when: {}, action: 'block', rollout: 30 }]);
    let both = 0;
    for (let i = 0; i < 4000; i++) {
      const account = { ...baseAccount, id: `acct_${i}` };
      if (
        evaluatePolicy(p, account, baseFacts, score).enforced.action === 'block' &&
        evaluatePolicy(other, account, baseFacts, score).enforced.action === 'block'
      )
        both++;
    }
    expect(both / 4000).toBeGreaterThan(0.06);
    expect(both / 4000).toBeLessThan(0.12);
  });

  it('changes the policy version with any rule change', () => {
    const a = policy([{ id: 'a', when: { score: { gte: 0.5 } }, action: 'block' }]);
    const b = policy([{ id: 'a', when: { score: { gte: 0.6 } }, action: 'block' }]);
    expect(a.version).toMatch(/^pol_[0-9a-f]{12}$/);
    expect(a.version).not.toBe(b.version);
  });
});

describe('covers (the unreachable-rule check)', () => {
  const when = (input: RuleInput['when']) =>
    ruleSchema.parse({ id: 'x', when: input, action: 'block' }).when;

  it('proves coverage only where it holds', () => {
    expect(covers(when({}), when({ score: { gte: 0.1 } }))).toBe(true);
    expect(covers(when({ score: { gte: 0.5 } }), when({ score: { gte: 0.8 }, stream: true }))).toBe(
      true,
    );
    expect(covers(when({ score: { gte: 0.5 } }), when({ score: { gte: 0.4 } }))).toBe(false);
    expect(covers(when({ score: { gt: 0.5 } }), when({ score: { gte: 0.5 } }))).toBe(false);
    expect(covers(when({ stream: true }), when({}))).toBe(false);
    expect(
      covers(when({ families: { min: 2 } }), when({ families: { all: ['grading', 'harvest'] } })),
    ).toBe(true);
    expect(covers(when({ families: { any: ['grading'] } }), when({ families: { min: 3 } }))).toBe(
      false,
    );
    expect(
      covers(when({ account: { tier: ['free', 'pro'] } }), when({ account: { tier: ['free'] } })),
    ).toBe(true);
    expect(
      covers(when({ account: { tier: ['free'] } }), when({ account: { tier: ['free', 'pro'] } })),
    ).toBe(false);
    expect(
      covers(
        when({ account: { declared_use: true } }),
        when({ account: { declared_use: ['eval'] } }),
      ),
    ).toBe(true);
    expect(
      covers(
        when({ cluster: { flagged: true } }),
        when({ cluster: { flagged: true, specific: true } }),
      ),
    ).toBe(true);
    expect(covers(when({ cluster: {} }), when({}))).toBe(false);
    expect(
      covers(
        when({ factors: { 'grading.share': { gte: 0.2 } } }),
        when({ factors: { 'grading.share': { gte: 0.5 } }, score: { gte: 0.1 } }),
      ),
    ).toBe(true);
  });

  it('finds no unreachable rule in the shipped policy', async () => {
    const { DEFAULT_RULES } = await import('../../../src/policy/default-rules.ts');
    const rules = DEFAULT_RULES.map((rule) => ruleSchema.parse(rule));
    rules.forEach((rule, index) => {
      for (const prior of rules.slice(0, index))
        expect(covers(prior.when, rule.when), `${prior.id} ⊇ ${rule.id}`).toBe(false);
    });
  });
});

describe('the shipped policy: end-user-block', () => {
  const reseller = testAccount({ ageDays: 400, verified: true, org: 'org_router' });
  /** An established account's score (below the block bounds) with an end-user scope beside it. */
  const scoreWith = (endUserScore: number): Score => ({
    value: 0.6,
    factors: [
      { signal: 'cluster.risk.near_duplicate', value: 0.6, contribution: 0.51 },
      { signal: 'end_user.score', value: endUserScore, contribution: 0 },
      { signal: 'end_user.cluster.risk.near_duplicate', value: 1, contribution: 0.85 },
      { signal: 'end_user.request.harvest', value: 1, contribution: 0.3 },
    ],
    families: ['harvest', 'cluster'],
    cluster: {
      id: 'cl_2',
      link: 'near_duplicate',
      accounts: 9,
      risk: 0.6,
      flagged: true,
      specific: false,
    },
  });

  it('blocks a verified reseller’s end user scoring high at its scope, remembering only the end user', async () => {
    const outcome = evaluatePolicy(await shipped(), reseller, baseFacts, scoreWith(0.9));
    expect(outcome.enforced).toMatchObject({ action: 'block', rule: 'end-user-block' });
    const remember = (outcome.enforced as { remember?: { account: number; endUser: number } })
      .remember;
    expect(remember?.account).toBe(0);
    expect(remember?.endUser).toBeGreaterThan(0);
  });

  it('leaves the reseller observed below the bound, and a declared-use account observed above it', async () => {
    const p = await shipped();
    expect(evaluatePolicy(p, reseller, baseFacts, scoreWith(0.7)).enforced).toMatchObject({
      action: 'observe',
      rule: 'verified-cap',
    });
    const declared = { ...reseller, declaredUse: 'eval' };
    expect(evaluatePolicy(p, declared, baseFacts, scoreWith(0.9)).enforced).toMatchObject({
      action: 'observe',
      rule: 'declared-use-cap',
    });
    // Below the declared-use cap's bound, the end-user rule still never reaches it.
    const low = { ...scoreWith(0.9), value: 0.2 };
    expect(evaluatePolicy(p, declared, baseFacts, low).enforced.action).toBe('allow');
  });
});

describe('the shipped policy: risk-degrade, the tier between observing and blocking', () => {
  const young = testAccount({ ageDays: 5 });
  const scored = (value: number, families: Score['families']): Score => ({
    value,
    factors: [{ signal: 'cluster.risk.near_duplicate', value, contribution: value }],
    families,
    cluster: null,
  });

  it('serves a moderate three-family score degraded: no reasoning, a short answer, one choice', async () => {
    const outcome = evaluatePolicy(
      await shipped(),
      young,
      baseFacts,
      scored(0.6, ['harvest', 'provenance', 'cluster']),
    );
    expect(outcome.enforced).toMatchObject({
      action: 'degrade',
      rule: 'risk-degrade',
      degrade: { stripReasoning: true, maxTokens: 1024, singleChoice: true },
    });
  });

  it('only observes two families (a cluster link and what it carries), a verified account or a declared use at the same score, and blocks above it', async () => {
    const p = await shipped();
    const three = scored(0.6, ['harvest', 'provenance', 'cluster']);
    // A campus cohort's request: the cluster family and the elicitation its cluster lent it.
    expect(
      evaluatePolicy(p, young, baseFacts, scored(0.65, ['elicitation', 'cluster'])).enforced,
    ).toMatchObject({ action: 'observe', rule: 'risk-observe' });
    expect(
      evaluatePolicy(p, { ...young, verified: true }, baseFacts, three).enforced,
    ).toMatchObject({ action: 'observe', rule: 'verified-cap' });
    expect(
      evaluatePolicy(p, { ...young, declaredUse: 'eval' }, baseFacts, three).enforced,
    ).toMatchObject({ action: 'observe', rule: 'declared-use-cap' });
    expect(
      evaluatePolicy(p, young, baseFacts, scored(0.54, three.families)).enforced,
    ).toMatchObject({ action: 'observe', rule: 'risk-observe' });
    expect(
      evaluatePolicy(p, young, baseFacts, scored(0.8, ['harvest', 'cluster'])).enforced,
    ).toMatchObject({ action: 'block', rule: 'risk-block' });
  });

  it('observes three families that say only how much, who and with whom; any family of what is asked makes it a degrade', async () => {
    const p = await shipped();
    // A hackathon's hours-old accounts, busy, sharing their starter kit's prompt.
    const context = scored(0.6, ['volume', 'provenance', 'cluster']);
    expect(evaluatePolicy(p, young, baseFacts, context).enforced).toMatchObject({
      action: 'observe',
      rule: 'risk-observe',
    });
    // A student's study script at a fixed cadence: busy, young, one template of its own — what
    // every account behind an app's backend repeats. Observed too.
    expect(
      evaluatePolicy(p, young, baseFacts, scored(0.6, ['volume', 'templates', 'provenance']))
        .enforced,
    ).toMatchObject({ action: 'observe', rule: 'risk-observe' });
    for (const asked of ['focus', 'elicitation', 'grading', 'agentic', 'harvest', 'pivot'] as const)
      expect(
        evaluatePolicy(p, young, baseFacts, scored(0.6, ['volume', 'provenance', asked])).enforced
          .rule,
        asked,
      ).toBe('risk-degrade');
  });
});

describe('the shipped policy: hydra-template-unverified', () => {
  const fresh = testAccount({ ageDays: 1 });
  /** A campaign member's first request: provenance, and a flagged cluster's risk through a link. */
  const linked = (value: number, flagged: boolean, specific: boolean): Score => ({
    value,
    factors: [
      { signal: 'provenance.account_age_days', value: 1, contribution: 0.06 },
      { signal: 'cluster.risk.template_tail', value: 0.64, contribution: 0.54 },
    ],
    families: ['provenance', 'cluster'],
    cluster: { id: 'cl_3', link: 'template_tail', accounts: 7, risk: 0.64, flagged, specific },
  });

  it("blocks an unverified account's request carrying a flagged exact template from 0.55, remembering the template", async () => {
    const outcome = evaluatePolicy(await shipped(), fresh, baseFacts, linked(0.6, true, true));
    expect(outcome.enforced).toMatchObject({
      action: 'block',
      rule: 'hydra-template-unverified',
    });
    const remember = (outcome.enforced as { remember?: { content: number } }).remember;
    expect(remember?.content).toBeGreaterThan(0);
  });

  it('observes below 0.55, without a flag, through a link that is no exact template, and for verified or declared-use accounts', async () => {
    const p = await shipped();
    const rule = (account: Account, score: Score) =>
      evaluatePolicy(p, account, baseFacts, score).enforced.rule;
    expect(rule(fresh, linked(0.5, true, true))).toBe('risk-observe');
    // From 0.75 the template is hydra-template's; with one family nothing blocks.
    expect(rule(fresh, linked(0.8, true, true))).toBe('hydra-template');
    expect(rule(fresh, { ...linked(0.6, true, true), families: ['cluster'] })).toBe('risk-observe');
    expect(rule(fresh, linked(0.6, false, true))).toBe('risk-observe');
    expect(rule(fresh, linked(0.6, true, false))).toBe('risk-observe');
    expect(rule({ ...fresh, verified: true }, linked(0.6, true, true))).toBe('verified-cap');
    expect(rule({ ...fresh, declaredUse: 'eval' }, linked(0.6, true, true))).toBe(
      'declared-use-cap',
    );
  });
});

describe('the shipped policy: verified-content-throttle', () => {
  const verified = testAccount({ ageDays: 300, verified: true });
  const through = (link: string, value = 0.8): Score => ({
    value,
    factors: [{ signal: `cluster.risk.${link}`, value: 0.7, contribution: 0.6 }],
    families: ['harvest', 'cluster'],
    cluster: { id: 'cl_4', link, accounts: 30, risk: 0.7, flagged: true, specific: false },
  });

  it("holds a verified account's request linked by its text to a flagged cluster to a quarter, per account and per cluster", async () => {
    const p = await shipped();
    for (const link of ['near_duplicate', 'frame_head', 'frame_tail']) {
      const decision = evaluatePolicy(p, verified, baseFacts, through(link)).enforced;
      expect(decision, link).toMatchObject({
        action: 'throttle',
        rule: 'verified-content-throttle',
        tierBudget: 0.25,
        clusterBudget: 0.25,
      });
    }
  });

  it("leaves a copied agent's verified users, linked by a harvest shape, at twice the baseline; and never blocks", async () => {
    const p = await shipped();
    const rule = (score: Score, account: Account = verified) =>
      evaluatePolicy(p, account, baseFacts, score).enforced.rule;
    expect(rule(through('harvest_shape'))).toBe('verified-throttle');
    expect(rule(through('timing'))).toBe('verified-throttle');
    expect(rule(through('near_duplicate', 0.7))).toBe('verified-cap');
    expect(
      rule({
        ...through('near_duplicate'),
        cluster: { ...through('near_duplicate').cluster!, flagged: false },
      }),
    ).toBe('verified-throttle');
    // An unverified account's request through the same link is risk-block's.
    expect(rule(through('near_duplicate'), testAccount({ ageDays: 300 }))).toBe('risk-block');
  });
});

describe('the shipped policy: verified-young-throttle', () => {
  /** Two families from 0.75, through a cluster that is not flagged: no hydra rule applies. */
  const high = (value = 0.8): Score => ({
    value,
    factors: [
      { signal: 'harvest.max_tokens_share', value: 1, contribution: 0.5 },
      { signal: 'cluster.risk.client', value: 0.5, contribution: 0.4 },
    ],
    families: ['harvest', 'cluster'],
    cluster: {
      id: 'cl_5',
      link: 'client',
      accounts: 12,
      risk: 0.5,
      flagged: false,
      specific: false,
    },
  });
  const verifiedAged = (ageDays: number | undefined): Account =>
    testAccount({ ageDays, verified: true });

  it('holds a verified account under two weeks old to a quarter, per account and per cluster', async () => {
    const p = await shipped();
    for (const ageDays of [0, 3, 13.9]) {
      expect(
        evaluatePolicy(p, verifiedAged(ageDays), baseFacts, high()).enforced,
        `${ageDays}`,
      ).toMatchObject({
        action: 'throttle',
        rule: 'verified-young-throttle',
        tierBudget: 0.25,
        clusterBudget: 0.25,
      });
    }
  });

  it('leaves older verified accounts, accounts of unknown age, lower scores and one family as before', async () => {
    const p = await shipped();
    const rule = (account: Account, score: Score = high()) =>
      evaluatePolicy(p, account, baseFacts, score).enforced.rule;
    expect(rule(verifiedAged(14))).toBe('verified-throttle');
    expect(rule(verifiedAged(undefined))).toBe('verified-throttle');
    expect(rule(verifiedAged(2), high(0.7))).toBe('verified-cap');
    expect(rule(verifiedAged(2), { ...high(), families: ['harvest'] })).toBe('verified-cap');
    // Unverified young accounts are risk-block's, as before.
    expect(rule(testAccount({ ageDays: 2 }))).toBe('risk-block');
  });
});
