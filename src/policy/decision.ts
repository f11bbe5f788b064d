/**
 * Decisions are data: the policy stage returns one of these values and the act stage carries it
 * out. Every variant names the rule
 * that produced it and a stable reason code for the decision log.
 */

import type { DegradeSettings } from '../degrade/degrade-request.ts';

export type Mode = 'enforce' | 'shadow';

export type Decision =
  | { readonly action: 'allow'; readonly rule: string | null; readonly reason: string }
  /** Allowed unchanged, but flagged for review: no user-visible effect. */
  | { readonly action: 'observe'; readonly rule: string; readonly reason: string }
  /**
   * Forwarded under extra limits (the rule's `limits`, and with `tierBudget` the account's tier
   * baseline, switched on for this request) and after `delayMs` of added latency; refused with
   * 429 when one of those limits is spent.
   */
  | {
      readonly action: 'throttle';
      readonly rule: string;
      readonly reason: string;
      readonly limits: readonly string[];
      /** This multiple of the account's tier baseline as a budget (0: none; compile-limits.ts). */
      readonly tierBudget: number;
      /**
       * This multiple of the tier baseline as a budget of the cluster the request links through,
       * shared by its accounts (0: none; `tier_budget_scope`).
       */
      readonly clusterBudget: number;
      readonly delayMs: number;
      /** Stream pacing, output tokens a second (0: none). */
      readonly paceTokensPerSecond: number;
    }
  /** Forwarded with the request reduced and/or the response's reasoning withheld, visibly. */
  | {
      readonly action: 'degrade';
      readonly rule: string;
      readonly reason: string;
      readonly degrade: DegradeSettings;
    }
  /**
   * Asks for verification: the first request gets 403 with the verification URL, later ones go
   * on at the challenge tier until the account is verified.
   */
  | { readonly action: 'challenge'; readonly rule: string; readonly reason: string }
  | {
      readonly action: 'block';
      readonly rule: string;
      readonly reason: string;
      /** What the block is remembered by (ms each; 0 = not remembered). Absent for overrides. */
      readonly remember?: BlockRemember;
    };

export interface BlockRemember {
  readonly account: number;
  readonly endUser: number;
  readonly cluster: number;
  readonly content: number;
}

export type Action = Decision['action'];

/** Every action a decision record can carry: the policy's, and `reject` (refused before policy). */
export const RECORD_ACTIONS = [
  'allow',
  'observe',
  'throttle',
  'degrade',
  'challenge',
  'block',
  'reject',
] as const satisfies readonly (Action | 'reject')[];
export type RecordAction = (typeof RECORD_ACTIONS)[number];

/** What a shadowed rule or a shadow limit would have done, as a record's `shadow` says it. */
export type ShadowDecision = Pick<Decision, 'action' | 'rule' | 'reason'>;

/** What the policy decided: the decision carried out, and what a shadowed rule would have done. */
export interface PolicyOutcome {
  readonly enforced: Decision;
  /** The decision a rule in shadow mode would have enforced; null when nothing was shadowed. */
  readonly shadow: Decision | null;
  readonly policyVersion: string;
}

/**
 * What both forms of a limit refusal carry (limits/limit-refusals.ts writes them): the 429 of a
 * limit every matching request meets, its rule `limit:<id>` (refusalDecision); a throttle rule's
 * 429 (or a staged one's would-be 429) where a limit or budget it switched on refused, its reason
 * `limit:<id>.<dimension>` (ruleRefusalDecision).
 */
export const LIMIT_REFUSAL = 'limit:';

/** A decision as logged or replayed: what a limit refusal is read from. */
type Named = { readonly action: string; readonly rule: string | null; readonly reason: string };

/**
 * Whether a decision (as logged) is a limit's refusal: a 429, or in `shadow` the 429 a shadow
 * limit or a shadowed throttle's limit or budget would have made — not a throttle served within
 * its limits, delayed or paced. The simulator report, `distillguard review` and the backtest read
 * it; here, beside the decision types, so that none of them imports the limits.
 */
export function isLimitRefusal(decision: Named): boolean {
  return (
    decision.action === 'throttle' &&
    (decision.rule?.startsWith(LIMIT_REFUSAL) === true || decision.reason.startsWith(LIMIT_REFUSAL))
  );
}

/**
 * The limit and dimension a refusal names (`<id>.<dimension>`) in either form — a limit's own
 * (`rule: limit:<id>`, `reason: <dimension>`) or a throttle rule's (`reason: limit:<id>.<dimension>`,
 * record v8; v7 wrote the latter as the former) — or undefined for a decision that is no limit's
 * refusal.
 */
function refusedLimit(decision: Named): string | undefined {
  if (decision.action !== 'throttle') return undefined;
  if (decision.reason.startsWith(LIMIT_REFUSAL)) return decision.reason.slice(LIMIT_REFUSAL.length);
  if (decision.rule?.startsWith(LIMIT_REFUSAL) === true)
    return `${decision.rule.slice(LIMIT_REFUSAL.length)}.${decision.reason}`;
  return undefined;
}

/** Two decisions that are the same limit's refusal, whichever form each was recorded in. */
export function sameRefusal(a: Named, b: Named): boolean {
  const limit = refusedLimit(a);
  return limit !== undefined && limit === refusedLimit(b);
}

/**
 * A WebSocket upgrade from an account whose challenge is pending (not yet verified): refused, and
 * recorded so. A request would go on at the challenge tier's token limits; a session's tokens are
 * charged only after its answers (and on a `usage: none` route not at all), so it could not be held
 * to them beforehand.
 */
export const CHALLENGE_PENDING: Decision = Object.freeze({
  action: 'challenge',
  rule: 'challenge:pending',
  reason: 'challenge_pending',
});
