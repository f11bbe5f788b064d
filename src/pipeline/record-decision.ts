/**
 * The record stage: turns a finished RequestContext into its decision record. Called exactly once
 * per request, when the response closes (finished, failed, cut or abandoned by the client).
 */
import {
  capString,
  DECISION_RECORD_VERSION,
  roundMs,
  type DecisionRecord,
} from '../decision-log/record.ts';
import type { RequestSignals } from '../signals/request-signals.ts';
import type { RequestContext } from './request-context.ts';

const NO_LABELS: readonly string[] = Object.freeze([]);

/** Status recorded when the client went away before any response was sent (nginx's convention). */
export const CLIENT_CLOSED_REQUEST = 499;

let isoSecond = Number.NaN;
let isoPrefix = '';

/**
 * ISO 8601 of a timestamp. Records are written when responses close, so consecutive ones
 * alternate between the milliseconds their requests started in: the date and time up to the
 * second is memoised (thousands of records share it) and only the milliseconds are written.
 */
export function isoTime(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0) return new Date(ms).toISOString();
  const second = Math.floor(ms / 1000);
  if (second !== isoSecond) {
    // "…T14:50:34.000Z" without "000Z"
    isoPrefix = new Date(second * 1000).toISOString().slice(0, -4);
    isoSecond = second;
  }
  const milli = ms - second * 1000;
  return `${isoPrefix}${milli < 10 ? '00' : milli < 100 ? '0' : ''}${String(milli)}Z`;
}

/** The request's exact-template fingerprints, as remembered content blocks match them. */
function templatesOf(signals: RequestSignals | undefined): DecisionRecord['templates'] {
  return signals === undefined ? null : [signals.skeleton, signals.head, signals.tail];
}

export function buildDecisionRecord(ctx: RequestContext, endMono: number): DecisionRecord {
  const { res, facts, account, policy } = ctx;
  const finished = res.writableFinished;
  const outcome =
    ctx.outcome ?? (finished || ctx.upgradeStatus === 101 ? 'completed' : 'client_aborted');
  const total = endMono - ctx.startedMono;
  const upstream = ctx.upstreamStart === 0 ? 0 : (ctx.upstreamEnd || endMono) - ctx.upstreamStart;
  const enforced = policy?.enforced;
  const shadow = policy?.shadow ?? null;
  return {
    v: DECISION_RECORD_VERSION,
    ts: isoTime(ctx.startedAt),
    request_id: ctx.id,
    account: account?.id ?? null,
    org: account?.org ?? null,
    tier: account?.tier ?? null,
    key_id: account?.keyId ?? null,
    credential: account?.credential ?? null,
    account_age_days: account?.ageDays ?? null,
    verified: account?.verified ?? null,
    programme: account?.programme ?? null,
    declared_use: account?.declaredUse ?? null,
    labels: account?.labels ?? NO_LABELS,
    client_ip_prefix: ctx.ipPrefix(),
    method: capString(ctx.req.method) ?? 'UNKNOWN',
    route: ctx.route?.id ?? null,
    dialect: ctx.route ? ctx.dialect.name : null,
    model: capString(facts?.model),
    stream: facts?.stream ?? null,
    max_tokens: facts?.maxTokens ?? null,
    messages: facts?.messageCount ?? null,
    tools: facts?.toolCount ?? null,
    thinking: facts?.thinking ?? null,
    choices: facts?.choices ?? null,
    end_user: facts?.signals?.endUserPseudonym ?? null,
    templates: templatesOf(facts?.signals),
    harvest_shape: facts?.signals?.shape ?? null,
    bytes_in: ctx.bytesIn,
    action: enforced ? enforced.action : 'reject',
    mode: shadow ? 'shadow' : 'enforce',
    rule: enforced?.rule ?? null,
    reason: enforced?.reason ?? ctx.error ?? 'none',
    shadow: shadow ? { action: shadow.action, rule: shadow.rule, reason: shadow.reason } : null,
    policy_version: policy?.policyVersion ?? null,
    score: ctx.score.value,
    factors: ctx.score.factors,
    families: ctx.score.families,
    activation: ctx.score.activation ?? null,
    cluster: ctx.score.cluster,
    degraded: ctx.degraded,
    decoys:
      ctx.decoys === null && ctx.decoySeen === null
        ? null
        : {
            injected: ctx.decoys?.names.size ?? 0,
            intercepted: ctx.decoys?.intercepted ?? 0,
            seen: ctx.decoySeen,
          },
    status: ctx.upgradeStatus ?? (res.headersSent ? res.statusCode : CLIENT_CLOSED_REQUEST),
    error: ctx.error ?? null,
    detail: ctx.detail ?? null,
    outcome,
    tokens_in: ctx.usage.inputTokens ?? null,
    tokens_out: ctx.usage.outputTokens ?? null,
    tokens_out_estimated: ctx.tokensOutEstimated,
    bytes_out: ctx.bytesOut,
    latency_ms: {
      total: roundMs(total),
      proxy: roundMs(total - upstream),
      upstream: roundMs(upstream),
      upstream_ttfb:
        ctx.upstreamHeaders === 0 ? null : roundMs(ctx.upstreamHeaders - ctx.upstreamStart),
    },
  };
}
