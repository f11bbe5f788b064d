/**
 * The in-flight re-check. A request is decided on the state at its arrival, but its answer may
 * take minutes to generate — the long reasoning answers a campaign harvests most of all — and
 * meanwhile the batch step may flag the cluster its account belongs to, or another request may
 * get its account, cluster or template blocked. A campaign's first requests, made before any of
 * its clusters had formed, are exactly these: decided while nothing linked them, answered after.
 *
 * So a forwarded request looks again when its answer arrives (a JSON answer: its headers, before
 * any of it is sent) and at each chunk of a stream — but only if something escalated since it
 * was decided: the detector's escalation count (a cluster's risk reaching the flag's level, a
 * cluster newly flagged) plus the block memory's additions (local or replicated). Unchanged: one
 * comparison. Changed: the request is scored again against the state now (as the account's next
 * request would be) and judged by the same policy stage; a block now withholds the answer (403,
 * the dialect's error) or ends the stream with the dialect's error event, and is carried out as
 * any block (remembered as its rule says, the account's other streams cut). Any other verdict
 * leaves the answer alone: the request was admitted on its terms, and a throttle or a degrade
 * decided now would apply to a request the client already sent in full.
 *
 * The record then holds the decision that was enforced in the end — the block's score, factors
 * and rule — with `detail` saying when it came: `withheld_in_flight` (nothing of the answer was
 * sent) or `cut_in_flight` (a stream ended early).
 */
import { CUT_IN_FLIGHT, WITHHELD_IN_FLIGHT } from '../decision-log/record.ts';
import type { PipelineDeps } from './pipeline-deps.ts';
import { blockAccount, policyStage } from './decision-stages.ts';
import type { RequestContext } from './request-context.ts';

/** The escalation count now: what a request compares with the count at its decision. */
export function escalationCount(deps: PipelineDeps): number {
  return (deps.scorer.escalations?.() ?? 0) + deps.blocks.additions();
}

export class InFlightRecheck {
  private readonly deps: PipelineDeps;

  constructor(deps: PipelineDeps) {
    this.deps = deps;
  }

  /**
   * True when the request, judged again now, is blocked: the block is carried out and the
   * context holds its decision, `outcome`, `error` and `detail`; the caller withholds the answer
   * (or ends the stream). False, in one comparison, when nothing escalated since the last look.
   */
  blocks(ctx: RequestContext, inStream: boolean): boolean {
    const deps = this.deps;
    const count = escalationCount(deps);
    if (count === ctx.escalations) return false;
    ctx.escalations = count;
    const account = ctx.account;
    const facts = ctx.facts;
    if (
      account === undefined ||
      facts === undefined ||
      ctx.policy?.enforced.action === 'block' ||
      !ctx.config.policy.recheckInFlight
    )
      return false;
    const now = deps.clock.now();
    const score = deps.scorer.score(account, facts, now);
    const outcome = policyStage(deps, ctx.config, account, facts, score, now);
    const enforced = outcome.enforced;
    if (enforced.action !== 'block') {
      deps.metrics.recheck('kept');
      return false;
    }
    deps.metrics.recheck(inStream ? 'cut' : 'withheld');
    ctx.score = score;
    ctx.policy = outcome;
    ctx.outcome = inStream ? 'cut' : 'blocked';
    ctx.error = 'DG_ERR_BLOCKED';
    ctx.detail = inStream ? CUT_IN_FLIGHT : WITHHELD_IN_FLIGHT;
    blockAccount(deps, enforced, account, facts, score, now);
    return true;
  }
}
