/**
 * The policy stage: a pure function from (policy, account, request facts, score) to a
 * PolicyOutcome. Precedence: the allow list wins (an operator's explicit exception), then the
 * account deny list, then the org deny list; otherwise allow. In shadow mode a block is recorded
 * as what would have happened while the request is allowed.
 */
import type { Account } from '../account/account.ts';
import type { Score } from '../detection/score.ts';
import type { RequestFacts } from '../signals/request-facts.ts';
import type { CompiledPolicy } from './compile-policy.ts';
import type { Decision, PolicyOutcome } from './decision.ts';

const DEFAULT_ALLOW: Decision = Object.freeze({ action: 'allow', rule: null, reason: 'default' });
const ALLOW_LISTED: Decision = Object.freeze({
  action: 'allow',
  rule: 'allow_accounts',
  reason: 'allow_listed',
});
const DENY_ACCOUNT: Decision = Object.freeze({
  action: 'block',
  rule: 'deny_accounts',
  reason: 'deny_listed_account',
});
const DENY_ORG: Decision = Object.freeze({
  action: 'block',
  rule: 'deny_orgs',
  reason: 'deny_listed_org',
});

export function evaluatePolicy(
  policy: CompiledPolicy,
  account: Account,
  _facts: RequestFacts,
  _score: Score,
): PolicyOutcome {
  const decision = decide(policy, account);
  if (decision.action !== 'allow' && policy.mode === 'shadow') {
    return { enforced: DEFAULT_ALLOW, shadow: decision, policyVersion: policy.version };
  }
  return { enforced: decision, shadow: null, policyVersion: policy.version };
}

function decide(policy: CompiledPolicy, account: Account): Decision {
  if (policy.allowAccounts.has(account.id)) return ALLOW_LISTED;
  if (policy.denyAccounts.has(account.id)) return DENY_ACCOUNT;
  if (account.org !== undefined && policy.denyOrgs.has(account.org)) return DENY_ORG;
  return DEFAULT_ALLOW;
}
