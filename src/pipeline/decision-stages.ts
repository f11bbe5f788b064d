/**
 * The decision stages an HTTP request (handle-request.ts) and a WebSocket upgrade
 * (../upstream/websocket.ts) both run, in this order: the store gate (shared stores out under
 * failure mode closed refuse everything), the account (with its overrides and a pending
 * challenge), the policy (a remembered block first), a block's consequences, and the limits (a
 * throttle's budgets, shadow limits) — whose verdict is held on the request's context until
 * `record` settles it (releaseAdmission).
 */
import { resolveAccount, type Account, type Principal } from '../account/account.ts';
import { rememberBlock, rememberedBlock } from '../block/remember-blocks.ts';
import { isVerified } from '../challenge/challenge-store.ts';
import type { RuntimeConfig } from '../config/load-config.ts';
import type { Score } from '../detection/score.ts';
import { admitLimits, type LimitVerdict } from '../limits/admit-limits.ts';
import { refusedDecision, refusalHeaders, shadowAfterLimits } from '../limits/limit-refusals.ts';
import { settleLimits } from '../limits/settle-limits.ts';
import type { Decision, PolicyOutcome } from '../policy/decision.ts';
import { evaluatePolicy } from '../policy/evaluate-policy.ts';
import type { RequestFacts } from '../signals/request-facts.ts';
import type { ErrorCode } from './error-codes.ts';
import { retryAfterSeconds, type ReplyOptions } from './local-reply.ts';
import type { PipelineDeps } from './pipeline-deps.ts';
import type { RequestContext } from './request-context.ts';

/**
 * The store gate, shared with WebSocket upgrades: shared blocks or challenges out of sync under
 * failure mode closed leave no verdict safe, so the request is refused (503) before any is made.
 */
export function storeGate(deps: PipelineDeps, ctx: RequestContext): Refused | undefined {
  const refusing = deps.storeGate?.refusing();
  if (refusing === undefined) return undefined;
  return {
    code: 'DG_ERR_STORE_UNAVAILABLE',
    detail: `${refusing}_unavailable`,
    options: { retryAfterSeconds: retryAfterSeconds(ctx) },
  };
}

/**
 * The limits stage, shared with WebSocket upgrades: spends the request's cost from every limit
 * that applies (a throttle rule switches more on; a shadowed throttle rule's spend as shadow
 * limits, to show the 429s it would have made). Undefined when no limit applies; a promise only
 * when a shared store needs a round trip.
 */
export function limitsStage(
  deps: PipelineDeps,
  config: RuntimeConfig,
  ctx: RequestContext,
  outcome: PolicyOutcome,
  account: Account,
  facts: RequestFacts,
): LimitVerdict | Promise<LimitVerdict> | undefined {
  const throttle = outcome.enforced.action === 'throttle' ? outcome.enforced : undefined;
  const staged = stagedThrottle(outcome);
  const limits = config.policy.limits;
  if (limits.always.length === 0 && throttle === undefined && staged === undefined)
    return undefined;
  return admitLimits(
    limits,
    deps.limits,
    { account, facts, score: ctx.score, ipPrefix: ctx.ipPrefix() },
    ctx.startedAt,
    throttle,
    staged,
  );
}

/** A shadowed throttle rule: its limits spend as shadow limits (admitLimits `staged`). */
function stagedThrottle(
  outcome: PolicyOutcome,
): Extract<Decision, { action: 'throttle' }> | undefined {
  return outcome.shadow?.action === 'throttle' ? outcome.shadow : undefined;
}

/** A local refusal's answer: its error code, the record's detail and the reply's options. */
export interface Refused {
  readonly code: ErrorCode;
  readonly detail: string;
  readonly options: ReplyOptions;
}

/**
 * Carries out a limits verdict on the request's context: admitted, it holds the reservation (for
 * `record` to settle), the RateLimit headers and what would have happened (a staged throttle's
 * 429, a shadow limit's); refused, the 429 (or, the shared store down under failure mode closed,
 * the 503) is the decision, and its answer is returned for the caller to send.
 */
export function holdAdmission(
  ctx: RequestContext,
  outcome: PolicyOutcome,
  verdict: LimitVerdict,
): Refused | undefined {
  if (!verdict.ok && verdict.unavailable === true) {
    return {
      code: 'DG_ERR_STORE_UNAVAILABLE',
      detail: 'limits_unavailable',
      options: { retryAfterSeconds: retryAfterSeconds(ctx) },
    };
  }
  if (!verdict.ok) {
    const refusal = verdict.refusal;
    ctx.policy = { ...outcome, enforced: refusedDecision(outcome.enforced, refusal) };
    ctx.outcome = 'throttled';
    return {
      code: 'DG_ERR_RATE_LIMITED',
      detail: `${refusal.limit}.${refusal.dimension}`,
      options: {
        retryAfterSeconds: Math.max(1, Math.ceil(refusal.waitMs / 1000)),
        headers: refusalHeaders(refusal),
      },
    };
  }
  ctx.reservation = verdict.reservation;
  ctx.rateLimitHeaders = verdict.headers ?? null;
  if (verdict.shadow !== null) {
    const shadow = shadowAfterLimits(outcome.shadow, stagedThrottle(outcome), verdict.shadow);
    ctx.policy = { ...outcome, shadow };
  }
  return undefined;
}

/**
 * Gives back what an admission holds (its token reservations, as unserved, and its stream slots):
 * when the request ends, or when its client left while a shared store answered.
 */
export function releaseAdmission(deps: PipelineDeps, ctx: RequestContext, served = false): void {
  if (ctx.reservation === null) return;
  const partial = ctx.streamUnfinished && ctx.usage.complete !== true ? ctx : undefined;
  settleLimits(deps.limits, ctx.reservation, ctx.usage, served, deps.clock.now(), partial);
  ctx.reservation = null;
}

/**
 * The policy stage, shared with WebSocket upgrades: a block an earlier request remembered decides
 * first (no shadow beside it), unless an operator's allow override holds; else the rules.
 */
export function policyStage(
  deps: PipelineDeps,
  config: RuntimeConfig,
  account: Account,
  facts: RequestFacts,
  score: Score,
  now: number,
): PolicyOutcome {
  const remembered =
    account.override?.action === 'allow'
      ? undefined
      : rememberedBlock(deps.blocks, account, facts, score, now, deps.scorer);
  return remembered === undefined
    ? evaluatePolicy(config.policy, account, facts, score)
    : { enforced: remembered, shadow: null, policyVersion: config.policy.version };
}

/**
 * What a block does beyond its 403, shared with WebSocket upgrades: it is remembered as its rule
 * says, and the account's answers already streaming (and its open sessions) end now too.
 */
export function blockAccount(
  deps: PipelineDeps,
  block: Extract<Decision, { action: 'block' }>,
  account: Account,
  facts: RequestFacts,
  score: Score,
  now: number,
): void {
  if (block.remember !== undefined) rememberBlock(deps.blocks, block, account, facts, score, now);
  if (deps.streams.size > 0) deps.streams.cut(account.id, 'DG_ERR_BLOCKED', 'account_blocked');
}

/**
 * The account stage, shared with WebSocket upgrades: the principal's account, with its overrides;
 * an account challenged and not yet verified continues at the challenge tier (when one is set).
 */
export function accountStage(
  deps: PipelineDeps,
  config: RuntimeConfig,
  principal: Principal,
  now: number,
): { readonly account: Account; readonly challenged: boolean } {
  const account = resolveAccount(principal, config.accounts, now, deps.overrides);
  const challenge = config.policy.challenge;
  const challenged =
    deps.challenges.isChallenged(account.id, now) && !isVerified(account, challenge);
  return {
    account:
      challenged && challenge.tier !== undefined ? { ...account, tier: challenge.tier } : account,
    challenged,
  };
}
