/**
 * The policy stage: a pure function from (policy, account, request facts, score) to a
 * PolicyOutcome. In this release an operator override decides (allow or deny, account-level over
 * org-level, already resolved with its expiry by the account stage); otherwise allow. In shadow
 * mode a block is recorded as what would have happened while the request is allowed.
 */
import type { Account } from '../account/account.ts';
import type { Score } from '../detection/score.ts';
import type { RequestFacts } from '../signals/request-facts.ts';
import type { CompiledPolicy } from './compile-policy.ts';
import type { Decision, PolicyOutcome } from './decision.ts';

const DEFAULT_ALLOW: Decision = Object.freeze({ action: 'allow', rule: null, reason: 'default' });
const DECISIONS: Record<string, Decision> = {
  'allow:account': Object.freeze({
    action: 'allow',
    rule: 'override:account',
    reason: 'override_allow',
  }),
  'allow:org': Object.freeze({ action: 'allow', rule: 'override:org', reason: 'override_allow' }),
  'deny:account': Object.freeze({
    action: 'block',
    rule: 'override:account',
    reason: 'override_deny',
  }),
  'deny:org': Object.freeze({ action: 'block', rule: 'override:org', reason: 'override_deny' }),
};

export function evaluatePolicy(
  policy: CompiledPolicy,
  account: Account,
  _facts: RequestFacts,
  _score: Score,
): PolicyOutcome {
  const decision = decide(account);
  if (decision.action !== 'allow' && policy.mode === 'shadow') {
    return { enforced: DEFAULT_ALLOW, shadow: decision, policyVersion: policy.version };
  }
  return { enforced: decision, shadow: null, policyVersion: policy.version };
}

/** An operator's override decides (account-level over org-level, resolved by the account stage). */
function decide(account: Account): Decision {
  const override = account.override;
  if (!override) return DEFAULT_ALLOW;
  return DECISIONS[`${override.action}:${override.scope}`] ?? DEFAULT_ALLOW;
}
