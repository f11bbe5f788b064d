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
const account = (id: string, org?: string): Account => ({
  id,
  org,
  tier: 'standard',
  keyId: 'key_1',
});
const policy = (
  section: Partial<{
    mode: 'enforce' | 'shadow';
    allow_accounts: string[];
    deny_accounts: string[];
    deny_orgs: string[];
  }>,
) =>
  compilePolicy({
    mode: 'enforce',
    allow_accounts: [],
    deny_accounts: [],
    deny_orgs: [],
    ...section,
  });

describe('evaluatePolicy', () => {
  it('allows by default and blocks deny-listed accounts and orgs', () => {
    const p = policy({ deny_accounts: ['acct_bad'], deny_orgs: ['org_bad'] });
    expect(evaluatePolicy(p, account('acct_ok'), facts, ZERO_SCORE).enforced).toEqual({
      action: 'allow',
      rule: null,
      reason: 'default',
    });
    expect(evaluatePolicy(p, account('acct_bad'), facts, ZERO_SCORE).enforced).toMatchObject({
      action: 'block',
      rule: 'deny_accounts',
    });
    expect(
      evaluatePolicy(p, account('acct_x', 'org_bad'), facts, ZERO_SCORE).enforced,
    ).toMatchObject({ action: 'block', rule: 'deny_orgs' });
    expect(evaluatePolicy(p, account('acct_x'), facts, ZERO_SCORE).policyVersion).toBe(p.version);
  });

  it('shadow mode records the block it would have made and allows', () => {
    const outcome = evaluatePolicy(
      policy({ mode: 'shadow', deny_accounts: ['acct_bad'] }),
      account('acct_bad'),
      facts,
      ZERO_SCORE,
    );
    expect(outcome.enforced.action).toBe('allow');
    expect(outcome.shadow).toMatchObject({ action: 'block', rule: 'deny_accounts' });
  });

  it('precedence: allow list > account deny > org deny > default (property)', () => {
    const ids = fc.constantFrom('a', 'b', 'c', 'd');
    fc.assert(
      fc.property(
        fc.uniqueArray(ids),
        fc.uniqueArray(ids),
        fc.uniqueArray(ids),
        ids,
        ids,
        fc.boolean(),
        (allow, deny, denyOrgs, id, org, shadow) => {
          const denyAccounts = deny.filter((entry) => !allow.includes(entry));
          const p = policy({
            allow_accounts: allow,
            deny_accounts: denyAccounts,
            deny_orgs: denyOrgs,
            mode: shadow ? 'shadow' : 'enforce',
          });
          const outcome = evaluatePolicy(p, account(id, org), facts, ZERO_SCORE);
          const wouldBlock =
            !allow.includes(id) && (denyAccounts.includes(id) || denyOrgs.includes(org));
          const decided = shadow ? (outcome.shadow ?? outcome.enforced) : outcome.enforced;
          expect(decided.action).toBe(wouldBlock ? 'block' : 'allow');
          if (shadow) expect(outcome.enforced.action).toBe('allow');
          if (allow.includes(id)) expect(outcome.enforced.rule).toBe('allow_accounts');
        },
      ),
    );
  });
});
