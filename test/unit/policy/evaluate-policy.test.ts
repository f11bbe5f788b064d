import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Account } from '../../../src/account/account.ts';
import { ZERO_SCORE } from '../../../src/detection/score.ts';
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

const enforce = compilePolicy({ mode: 'enforce' });
const shadow = compilePolicy({ mode: 'shadow' });

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
