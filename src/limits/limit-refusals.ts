/**
 * A refusal as the decision record and the client see it: the decision a 429 is recorded with
 * (the throttle rule's, or `limit:<id>`), the record's `shadow` once limits admitted a request,
 * and the RateLimit headers of the 429.
 */
import { LIMIT_REFUSAL, type Decision } from '../policy/decision.ts';
import type { Refusal } from './admit-limits.ts';

/**
 * A throttle rule's 429 — or, shadowed, its would-be 429 — where a limit or budget it switched on
 * refused: the rule stays the record's, its reason names the limit and dimension, e.g.
 * `limit:tier:2x.requests`.
 */
function ruleRefusalDecision(rule: Decision, refusal: Refusal): Decision {
  return { ...rule, reason: `${LIMIT_REFUSAL}${refusal.limit}.${refusal.dimension}` };
}

/**
 * The record's `shadow` once limits admitted a request: a shadowed throttle rule's own limit or
 * budget refusing is that rule's 429 (its id kept, the limit in its reason) and comes first; else
 * the shadowed rule, if one matched; else a shadow limit's refusal. The pipeline writes it and
 * the backtest replays it, so the two agree by construction.
 */
export function shadowAfterLimits(
  shadowed: Decision | null,
  staged: Decision | undefined,
  refusal: Refusal | null,
): Decision | null {
  if (refusal?.staged === true && staged !== undefined) return ruleRefusalDecision(staged, refusal);
  if (refusal !== null && shadowed === null) return refusalDecision(refusal);
  return shadowed;
}

/**
 * The decision a refused request is recorded with. A limit or tier budget the enforced throttle
 * rule switched on refused it: the rule's 429 — the rule stays the record's (a reviewer reads which
 * rule held the account), its reason names the limit and dimension, as a staged one's does. A limit
 * every matching request meets refused it: `limit:<id>` (refusalDecision).
 */
export function refusedDecision(enforced: Decision, refusal: Refusal): Decision {
  return refusal.byThrottle === true && enforced.action === 'throttle'
    ? ruleRefusalDecision(enforced, refusal)
    : refusalDecision(refusal);
}

/** What a limit refusal is in the decision record: a throttle by `limit:<id>`. */
function refusalDecision(refusal: Refusal): Decision {
  return {
    action: 'throttle',
    rule: `${LIMIT_REFUSAL}${refusal.limit}`,
    reason: refusal.dimension,
    limits: [refusal.limit],
    tierBudget: 0,
    clusterBudget: 0,
    delayMs: 0,
    paceTokensPerSecond: 0,
  };
}

/** The 429's rate-limit headers (draft-ietf-httpapi-ratelimit-headers) and Retry-After. */
export function refusalHeaders(refusal: Refusal): string[] {
  const name = `"${refusal.limit}.${refusal.dimension}"`;
  const seconds = Math.max(1, Math.ceil(refusal.waitMs / 1000));
  const unit =
    refusal.dimension === 'requests'
      ? ';qu="request"'
      : refusal.dimension === 'concurrent_streams'
        ? ';qu="concurrency"'
        : '';
  const window = refusal.windowSeconds > 0 ? `;w=${refusal.windowSeconds}` : '';
  return [
    'ratelimit-policy',
    `${name};q=${refusal.quota}${window}${unit}`,
    'ratelimit',
    `${name};r=0;t=${seconds}`,
  ];
}
