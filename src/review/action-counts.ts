/**
 * Counts by action, the one vocabulary review and backtest reports share: the policy's actions
 * plus `reject` (refused before policy ran: framing, authentication, body). `throttle` includes a
 * limit's 429 (rule `limit:<id>`, or a throttle rule's with `reason: limit:<id>.<dimension>`).
 * User-visible actions are those a client notices.
 */
import { RECORD_ACTIONS } from '../policy/decision.ts';
import type { Action } from '../policy/decision.ts';

export type ActionName = Action | 'reject';

export const ACTION_NAMES: readonly ActionName[] = RECORD_ACTIONS;

export type ActionCounts = Record<ActionName, number>;

export function emptyCounts(): ActionCounts {
  return { allow: 0, observe: 0, throttle: 0, degrade: 0, challenge: 0, block: 0, reject: 0 };
}

/** What a client notices (observe does not change an answer; reject is not a policy action). */
export function isUserVisible(action: string): boolean {
  return (
    action === 'throttle' || action === 'degrade' || action === 'challenge' || action === 'block'
  );
}

/** Policy actions other than allow (what review explains with rules and factors). */
export function isPolicyAction(action: string): boolean {
  return action !== 'allow' && action !== 'reject';
}

export function addCounts(into: ActionCounts, from: Readonly<ActionCounts>): void {
  for (const name of ACTION_NAMES) into[name] += from[name];
}
