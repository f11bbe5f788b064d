/**
 * The policy stage: a pure function from (policy, account, request facts, score) to a
 * PolicyOutcome. An operator override decides first (allow or deny, account-level over org-level,
 * already resolved with its expiry by the account stage); otherwise the risk rule maps the score
 * to allow, observe or block. In shadow mode a block or observe is recorded as what would have
 * happened while the request is allowed unchanged.
 */
import type { Account } from '../account/account.ts';
import type { Score } from '../detection/score.ts';
import type { RequestFacts } from '../signals/request-facts.ts';
import type { CompiledPolicy, RiskRule } from './compile-policy.ts';
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

const RISK_BLOCK: Decision = Object.freeze({
  action: 'block',
  rule: 'risk:block',
  reason: 'risk_score',
});
const RISK_OBSERVE: Decision = Object.freeze({
  action: 'observe',
  rule: 'risk:observe',
  reason: 'risk_score',
});
const RISK_CAPPED: Decision = Object.freeze({
  action: 'observe',
  rule: 'risk:observe',
  reason: 'risk_score_capped',
});

export function evaluatePolicy(
  policy: CompiledPolicy,
  account: Account,
  _facts: RequestFacts,
  score: Score,
): PolicyOutcome {
  const decision = account.override ? decide(account) : decideRisk(policy.risk, account, score);
  if ((decision.action === 'block' || decision.action === 'observe') && policy.mode === 'shadow') {
    return { enforced: DEFAULT_ALLOW, shadow: decision, policyVersion: policy.version };
  }
  return { enforced: decision, shadow: null, policyVersion: policy.version };
}

/**
 * The detection score's consequence: block at the block score with enough independent families;
 * observe from the observe score. Declared-use accounts are capped at observe; so are verified
 * accounts, unless the request carries a flagged cluster's specific fingerprint.
 */
function decideRisk(rule: RiskRule, account: Account, score: Score): Decision {
  if (!rule.enabled || score.value < rule.observeScore) return DEFAULT_ALLOW;
  if (score.value < rule.blockScore || score.families.length < rule.minFamilies)
    return RISK_OBSERVE;
  if (rule.capDeclaredUse && account.declaredUse !== undefined) return RISK_CAPPED;
  // Verification shields an account's own behaviour, not a hydra's template: a verified account
  // sending a flagged cluster's specific fingerprint (one of its exact template skeletons) has
  // that request blocked, like the rotated accounts are.
  const hydraContent = score.cluster !== null && score.cluster.flagged && score.cluster.specific;
  if (rule.capVerified && account.verified && !hydraContent) return RISK_CAPPED;
  return RISK_BLOCK;
}

/** An operator's override decides (account-level over org-level, resolved by the account stage). */
function decide(account: Account): Decision {
  const override = account.override;
  if (!override) return DEFAULT_ALLOW;
  return DECISIONS[`${override.action}:${override.scope}`] ?? DEFAULT_ALLOW;
}
