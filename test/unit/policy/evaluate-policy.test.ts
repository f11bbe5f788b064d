import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Account } from '../../../src/account/account.ts';
import { configSchema } from '../../../src/config/schema.ts';
import { ZERO_SCORE, type Score } from '../../../src/detection/score.ts';
import { compilePolicy } from '../../../src/policy/compile-policy.ts';
import { evaluatePolicy } from '../../../src/policy/evaluate-policy.ts';
import type { RequestFacts } from '../../../src/signals/request-facts.ts';

const facts: RequestFacts = {
  dialect: 'openai',
  route: 'openai.chat_completions',
  model: 'm',
  stream: false,
  maxTokens: 10,
  messageCount: 1,
  toolCount: 0,
  thinking: false,
  choices: 1,
  bytes: 10,
  signals: undefined,
};

function account(override?: Account['override']): Account {
  return {
    id: 'acct_1',
    org: 'org_1',
    tier: 'default',
    credential: 'api_key',
    keyId: 'key_1',
    createdAt: undefined,
    ageDays: undefined,
    verified: false,
    programme: undefined,
    labels: [],
    declaredUse: undefined,
    override,
  };
}

const enforce = compilePolicy(configSchema.shape.policy.parse({ mode: 'enforce' }));
const shadow = compilePolicy(configSchema.shape.policy.parse({ mode: 'shadow' }));

function scored(value: number, families: string[], cluster: Score['cluster'] = null): Score {
  return { value, factors: [{ signal: 'x', value: 1, contribution: value }], families, cluster };
}

describe('evaluatePolicy: the shipped rules', () => {
  it('observes from the observe score and blocks from the block score with two families', () => {
    const decide = (score: Score, who = account()) =>
      evaluatePolicy(enforce, who, facts, score).enforced;
    expect(decide(scored(0.2, ['volume'])).action).toBe('allow');
    expect(decide(scored(0.5, ['volume', 'templates']))).toEqual({
      action: 'observe',
      rule: 'risk-observe',
      reason: 'risk_score',
    });
    expect(decide(scored(0.9, ['volume', 'templates']))).toEqual({
      action: 'block',
      rule: 'risk-block',
      reason: 'risk_score',
      remember: { account: 0, endUser: 86_400_000, cluster: 0, content: 604_800_000 },
    });
    // One family is never enough for a user-visible action, whatever the score.
    expect(decide(scored(0.95, ['volume'])).action).toBe('observe');
  });

  it("caps verified declared-use accounts at observe, verified accounts at their tier's baseline", () => {
    const high = scored(0.95, ['cluster', 'elicitation']);
    // Verified: an unverified declared use is throttled (the test below).
    const declared = { ...account(), verified: true, declaredUse: 'eval' };
    const verified = { ...account(), verified: true };
    expect(evaluatePolicy(enforce, declared, facts, high).enforced).toEqual({
      action: 'observe',
      rule: 'declared-use-cap',
      reason: 'risk_score_capped',
    });
    // Held to the tier's baseline (a budget, nothing remembered), not slowed or refused outright.
    expect(evaluatePolicy(enforce, verified, facts, high).enforced).toEqual({
      action: 'throttle',
      rule: 'verified-throttle',
      reason: 'risk_score_capped',
      limits: [],
      tierBudget: 2,
      clusterBudget: 0,
      delayMs: 0,
      paceTokensPerSecond: 0,
    });
    // One family, or a score below the block bound, is only observed.
    for (const score of [scored(0.95, ['cluster']), scored(0.7, ['cluster', 'elicitation'])])
      expect(evaluatePolicy(enforce, verified, facts, score).enforced).toEqual({
        action: 'observe',
        rule: 'verified-cap',
        reason: 'risk_score_capped',
      });
  });

  it('blocks a verified account sending a flagged cluster content fingerprint, never declared use', () => {
    const link = (specific: boolean, flagged: boolean) => ({
      id: 'cl_1',
      link: specific ? 'skeleton' : 'near_duplicate',
      accounts: 40,
      risk: 0.95,
      flagged,
      specific,
    });
    const verified = { ...account(), verified: true };
    const declared = { ...account(), verified: true, declaredUse: 'eval' };
    const hydra = scored(0.95, ['cluster', 'harvest'], link(true, true));
    expect(evaluatePolicy(enforce, verified, facts, hydra).enforced.action).toBe('block');
    expect(evaluatePolicy(enforce, declared, facts, hydra).enforced.action).toBe('observe');
    // Without a flagged exact template the verified account is throttled: through a flagged
    // cluster to a quarter of its tier's baseline, else to twice it.
    const held = (weak: ReturnType<typeof link>) =>
      evaluatePolicy(enforce, verified, facts, scored(0.95, ['cluster', 'harvest'], weak)).enforced;
    expect(held(link(false, true))).toMatchObject({
      action: 'throttle',
      rule: 'verified-hydra-throttle',
      tierBudget: 0.25,
      clusterBudget: 0.25,
    });
    expect(held(link(true, false))).toMatchObject({
      action: 'throttle',
      rule: 'verified-throttle',
      tierBudget: 2,
      clusterBudget: 0,
    });
  });

  it("holds an unverified declared use scoring high from two families to a quarter of its tier's baseline", () => {
    const link = (specific: boolean) => ({
      id: 'cl_1',
      link: specific ? 'template_tail' : 'near_duplicate',
      accounts: 20,
      risk: 0.9,
      flagged: true,
      specific,
    });
    const claimed = { ...account(), declaredUse: 'eval' };
    const vetted = { ...claimed, verified: true };
    const decide = (who: Account, score: Score) =>
      evaluatePolicy(enforce, who, facts, score).enforced;
    const quarter = {
      action: 'throttle',
      rule: 'declared-use-unverified-throttle',
      reason: 'risk_score_capped',
      limits: [],
      tierBudget: 0.25,
      clusterBudget: 0.25,
      delayMs: 0,
      paceTokensPerSecond: 0,
    };
    // Whatever links it: a flagged exact template, a looser link, or no cluster at all.
    expect(decide(claimed, scored(0.8, ['cluster', 'grading'], link(true)))).toEqual(quarter);
    expect(decide(claimed, scored(0.8, ['cluster', 'grading'], link(false)))).toEqual(quarter);
    expect(decide(claimed, scored(0.8, ['harvest', 'grading']))).toEqual(quarter);
    // Observed, as every declared use is: verified, with one family, or below 0.75.
    for (const [who, score] of [
      [vetted, scored(0.95, ['cluster', 'grading'], link(true))],
      [claimed, scored(0.95, ['cluster'], link(true))],
      [claimed, scored(0.7, ['cluster', 'grading'], link(true))],
    ] as const)
      expect(decide(who, score)).toEqual({
        action: 'observe',
        rule: 'declared-use-cap',
        reason: 'risk_score_capped',
      });
  });

  it('lets an allow override win over a high score, and shadows risk blocks', () => {
    const high = scored(0.95, ['cluster', 'elicitation']);
    const allowed = account({ action: 'allow', reason: 'vip', scope: 'org' });
    expect(evaluatePolicy(enforce, allowed, facts, high).enforced.action).toBe('allow');
    const outcome = evaluatePolicy(shadow, account(), facts, high);
    expect(outcome.enforced.action).toBe('allow');
    expect(outcome.shadow).toMatchObject({ action: 'block', rule: 'risk-block' });
  });
});

describe('evaluatePolicy', () => {
  it('allows by default and follows an operator override', () => {
    expect(evaluatePolicy(enforce, account(), facts, ZERO_SCORE).enforced).toEqual({
      action: 'allow',
      rule: null,
      reason: 'default',
    });
    expect(
      evaluatePolicy(
        enforce,
        account({ action: 'deny', reason: 'x', scope: 'account' }),
        facts,
        ZERO_SCORE,
      ).enforced,
    ).toEqual({
      action: 'block',
      rule: 'override:account',
      reason: 'override_deny',
    });
    expect(
      evaluatePolicy(
        enforce,
        account({ action: 'deny', reason: 'x', scope: 'org' }),
        facts,
        ZERO_SCORE,
      ).enforced,
    ).toMatchObject({
      action: 'block',
      rule: 'override:org',
    });
    expect(
      evaluatePolicy(
        enforce,
        account({ action: 'allow', reason: 'x', scope: 'account' }),
        facts,
        ZERO_SCORE,
      ).enforced,
    ).toMatchObject({
      action: 'allow',
      rule: 'override:account',
    });
    expect(evaluatePolicy(enforce, account(), facts, ZERO_SCORE).policyVersion).toBe(
      enforce.version,
    );
  });

  it('in shadow mode records the block it would have made and allows (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('allow', 'deny'),
        fc.constantFrom('account', 'org'),
        (action, scope) => {
          const a = account({ action, reason: 'r', scope });
          const enforced = evaluatePolicy(enforce, a, facts, ZERO_SCORE);
          const shadowed = evaluatePolicy(shadow, a, facts, ZERO_SCORE);
          expect(shadowed.enforced.action).toBe('allow');
          expect(shadowed.shadow ?? shadowed.enforced).toEqual(enforced.enforced);
          expect(shadowed.policyVersion).not.toBe(enforced.policyVersion);
        },
      ),
    );
  });
});

describe('policy_version', () => {
  const tiers = (output: number) => ({
    tiers: {
      default: {
        requests_per_minute: 60,
        input_tokens_per_minute: 200_000,
        output_tokens_per_minute: output,
      },
    },
    defaultTier: 'default',
  });
  const version = (rules: unknown[], output: number) =>
    compilePolicy(configSchema.shape.policy.parse({ rules }), tiers(output)).version;

  it('changes with the tiers only when a rule holds accounts to them', () => {
    const budget = [{ id: 'b', when: {}, action: 'throttle', tier_budget: 2 }];
    const observe = [{ id: 'o', when: {}, action: 'observe' }];
    expect(version(budget, 20_000)).not.toBe(version(budget, 40_000));
    expect(version(observe, 20_000)).toBe(version(observe, 40_000));
    // A budget held only per cluster is held to the tiers too.
    const perCluster = [{ ...budget[0], tier_budget_scope: ['cluster'] }];
    expect(version(perCluster, 20_000)).not.toBe(version(perCluster, 40_000));
    expect(version(perCluster, 20_000)).not.toBe(version(budget, 20_000));
  });

  it('names what is enforced, not how the file spells it: [account] is an omitted scope', () => {
    const budget = { id: 'b', when: {}, action: 'throttle', tier_budget: 2 };
    const observe = { id: 'o', when: {}, action: 'observe' };
    const spelled = { ...budget, tier_budget_scope: ['account'] };
    expect(version([observe, spelled], 20_000)).toBe(version([observe, budget], 20_000));
    // Both scopes are another budget.
    const both = { ...budget, tier_budget_scope: ['account', 'cluster'] };
    expect(version([observe, both], 20_000)).not.toBe(version([observe, budget], 20_000));
  });
});
