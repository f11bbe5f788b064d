/**
 * The policy stage: a pure function from (policy, account, request facts, score) to a
 * PolicyOutcome. An operator override decides first (allow or deny, account-level over org-level,
 * already resolved with its expiry by the account stage); otherwise the first rule whose
 * conditions hold decides. A rule in shadow mode — by its own mode, the global mode, or an account
 * outside its rollout — does not decide: its decision is recorded as the first thing that would
 * have happened, and evaluation goes on to the rules after it.
 */
import type { Account } from '../account/account.ts';
import type { Score } from '../detection/score.ts';
import type { RequestFacts } from '../signals/request-facts.ts';
import { hashString, mix } from '../signals/hash.ts';
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
  facts: RequestFacts,
  score: Score,
): PolicyOutcome {
  if (account.override) {
    const decision = decide(account);
    if (decision.action !== 'allow' && policy.mode === 'shadow') {
      return { enforced: DEFAULT_ALLOW, shadow: decision, policyVersion: policy.version };
    }
    return { enforced: decision, shadow: null, policyVersion: policy.version };
  }
  const enforcing = policy.mode === 'enforce';
  const accountHash = policy.partialRollout && enforcing ? hashString(account.id) : 0;
  let shadow: Decision | null = null;
  for (const rule of policy.rules) {
    if (!rule.test(account, facts, score)) continue;
    const enforced =
      enforcing &&
      !rule.shadowOnly &&
      (rule.rollout >= 100 || (mix(accountHash, rule.seed) % 10_000) / 100 < rule.rollout);
    if (enforced) return { enforced: rule.decision, shadow, policyVersion: policy.version };
    // A shadowed match: what would have happened. Evaluation goes on as if the rule were absent.
    shadow ??= rule.decision;
  }
  return { enforced: DEFAULT_ALLOW, shadow, policyVersion: policy.version };
}

/** An operator's override decides (account-level over org-level, resolved by the account stage). */
function decide(account: Account): Decision {
  const override = account.override;
  if (!override) return DEFAULT_ALLOW;
  return DECISIONS[`${override.action}:${override.scope}`] ?? DEFAULT_ALLOW;
}
