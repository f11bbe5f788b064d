/**
 * The limits part of the act stage: which limits apply to a request, spending its cost from their
 * buckets at admission — one request, its input estimate, its output reservation (max_tokens × n)
 * and a concurrent-stream slot — all or nothing, and settling the token reservations from the
 * response's usage when it ends. A refused request is never forwarded.
 */
import type { Account } from '../account/account.ts';
import type { Score } from '../detection/score.ts';
import type { Usage } from '../dialects/dialect.ts';
import type { Decision } from '../policy/decision.ts';
import type { RequestFacts } from '../signals/request-facts.ts';
import type { CompiledLimit, CompiledLimits, Dimension } from './compile-limits.ts';
import type { Rate } from './gcra.ts';
import type { BucketSpend, LimitStore, SpendOutcome } from './limit-store.ts';

/** The routes whose answers are generated text (and report output tokens). */
export const GENERATING_ROUTES: ReadonlySet<string> = new Set([
  'anthropic.messages',
  'openai.chat_completions',
  'openai.responses',
  'openai.completions',
]);

/** Input tokens are estimated at admission from the body (≈ 4 bytes a token), settled later. */
const BYTES_PER_TOKEN = 4;

export interface Refusal {
  readonly limit: string;
  readonly dimension: Dimension;
  readonly waitMs: number;
  /** For RateLimit-Policy: the quota and its window (0 for concurrency). */
  readonly quota: number;
  readonly windowSeconds: number;
}

export interface Reserved {
  readonly key: string;
  readonly rate: Rate;
  readonly input: boolean;
  readonly reserved: number;
  /** Output tokens charged while the response streamed, beyond the reservation. */
  extra: number;
}

/** What an admitted request holds until it ends: token reservations and stream slots. */
export interface Reservation {
  readonly tokens: readonly Reserved[];
  readonly slots: readonly string[];
}

export type LimitVerdict =
  | {
      readonly ok: true;
      readonly reservation: Reservation | null;
      readonly shadow: Refusal | null;
      /** The buckets the request spent from, for RateLimit headers on its answer. */
      readonly headers?: RateLimitHeaders | null;
    }
  | { readonly ok: false; readonly refusal: Refusal };

export interface LimitRequest {
  readonly account: Account;
  readonly facts: RequestFacts;
  readonly score: Score;
  readonly ipPrefix: string;
}

const ADMITTED: LimitVerdict = Object.freeze({ ok: true, reservation: null, shadow: null });

interface Plan {
  readonly limit: CompiledLimit;
  readonly scopeKey: string;
  readonly spends: BucketSpend[];
  readonly dimensions: Dimension[];
}

export function admitLimits(
  limits: CompiledLimits,
  store: LimitStore,
  request: LimitRequest,
  throttled: readonly string[],
  now: number,
): LimitVerdict {
  const applicable = applicableLimits(limits, request, throttled);
  if (applicable.length === 0) return ADMITTED;
  // Only the routes that generate text are charged tokens: counting tokens or listing models
  // (pass-through) costs a request, not a reservation nobody would ever settle.
  const generates = GENERATING_ROUTES.has(request.facts.route);
  const inputCost = Math.ceil(request.facts.bytes / BYTES_PER_TOKEN);
  const outputCost =
    (request.facts.maxTokens ?? limits.reserveOutputTokens) * Math.max(1, request.facts.choices);

  const enforced: Plan[] = [];
  const shadowed: Plan[] = [];
  for (const limit of applicable) {
    const scopeKey = scopeValue(limit, request);
    if (scopeKey === undefined) continue;
    (limit.shadow ? shadowed : enforced).push(
      planFor(limit, scopeKey, generates ? { input: inputCost, output: outputCost } : undefined),
    );
  }
  const headers: RateLimitHeaders = { policy: '', remaining: '' };
  if (enforced.length > 0) {
    const refusal = spendPlans(enforced, store, now, request.facts.stream, false, headers);
    if (refusal !== null) return { ok: false, refusal };
  }
  // Shadow limits spend from their own buckets as if enforced (and are settled alike), but only
  // report a refusal: the first one is what would have happened.
  let shadow: Refusal | null = null;
  const spentShadows: Plan[] = [];
  for (const plan of shadowed) {
    const refusal = spendPlans([plan], store, now, request.facts.stream, true);
    if (refusal === null) spentShadows.push(plan);
    else shadow ??= refusal;
  }
  const reservation = reservationOf(enforced, spentShadows, request.facts.stream);
  if (reservation === null && shadow === null && headers.policy === '') return ADMITTED;
  return { ok: true, reservation, shadow, headers: headers.policy === '' ? null : headers };
}

/** Settles token reservations from the usage the response reported, and frees stream slots. */
export function settleLimits(
  store: LimitStore,
  reservation: Reservation,
  usage: Usage,
  served: boolean,
  now: number,
): void {
  for (const item of reservation.tokens) {
    const actual = item.input ? usage.inputTokens : usage.outputTokens;
    // No usage: a request that was not served costs nothing; a served one keeps its reservation.
    const held = item.reserved + item.extra;
    const cost = actual ?? (served ? held : 0);
    store.adjust(item.key, item.rate, cost - held, now);
  }
  for (const slot of reservation.slots) store.releaseSlot(slot);
}

function applicableLimits(
  limits: CompiledLimits,
  request: LimitRequest,
  throttled: readonly string[],
): CompiledLimit[] {
  const out: CompiledLimit[] = [];
  const { account, facts, score } = request;
  for (const limit of limits.always) if (limit.test(account, facts, score)) out.push(limit);
  for (const id of throttled) {
    const limit = limits.byId.get(id);
    if (limit?.throttledOnly && limit.test(account, facts, score)) out.push(limit);
  }
  return out;
}

/** Bucket keys: the limit, the scope's value and the dimension (r, i, o; s for stream slots). */
export function bucketKey(
  limit: string,
  scopeKey: string,
  dimension: 'r' | 'i' | 'o' | 's',
): string {
  return `${limit}\u0000${scopeKey}\u0000${dimension}`;
}

function scopeValue(limit: CompiledLimit, request: LimitRequest): string | undefined {
  switch (limit.scope) {
    case 'key':
      return request.account.keyId;
    case 'account':
      return request.account.id;
    case 'org':
      return request.account.org;
    case 'cluster':
      return request.score.cluster?.id;
    case 'ip_prefix':
      return request.ipPrefix;
  }
}

/** The buckets a request spends from; `tokens` undefined: a route that is charged no tokens. */
function planFor(
  limit: CompiledLimit,
  scopeKey: string,
  tokens: { readonly input: number; readonly output: number } | undefined,
): Plan {
  const spends: BucketSpend[] = [];
  const dimensions: Dimension[] = [];
  if (limit.requests) {
    spends.push({ key: bucketKey(limit.id, scopeKey, 'r'), rate: limit.requests, cost: 1 });
    dimensions.push('requests');
  }
  if (limit.inputTokens && tokens !== undefined) {
    const key = bucketKey(limit.id, scopeKey, 'i');
    spends.push({ key, rate: limit.inputTokens, cost: tokens.input });
    dimensions.push('input_tokens');
  }
  if (limit.outputTokens && tokens !== undefined) {
    const key = bucketKey(limit.id, scopeKey, 'o');
    spends.push({ key, rate: limit.outputTokens, cost: tokens.output });
    dimensions.push('output_tokens');
  }
  return { limit, scopeKey, spends, dimensions };
}

/**
 * Spends every plan's buckets at once and takes their stream slots; on any refusal, undoes what
 * was taken and returns it. `probe`: a shadow limit — its refusal is only reported.
 */
function spendPlans(
  plans: readonly Plan[],
  store: LimitStore,
  now: number,
  stream: boolean,
  probe: boolean,
  headers?: RateLimitHeaders,
): Refusal | null {
  const spends = plans.length === 1 ? (plans[0] as Plan).spends : plans.flatMap((p) => p.spends);
  if (spends.length > 0) {
    const outcome = store.spendAll(spends, now);
    if (outcome.allowed && headers !== undefined) describeSpends(plans, outcome, headers);
    if (!outcome.allowed) {
      let index = outcome.refused;
      for (const plan of plans) {
        if (index < plan.spends.length) {
          const spend = plan.spends[index] as BucketSpend;
          return {
            limit: plan.limit.id,
            dimension: plan.dimensions[index] as Dimension,
            waitMs: outcome.waitMs,
            quota: spend.rate.limit,
            windowSeconds: Math.ceil(spend.rate.periodMs / 1000),
          };
        }
        index -= plan.spends.length;
      }
    }
  }
  if (!stream) return null;
  const taken: string[] = [];
  for (const plan of plans) {
    const max = plan.limit.concurrentStreams;
    if (max === undefined) continue;
    const key = bucketKey(plan.limit.id, plan.scopeKey, 's');
    if (!store.acquireSlot(key, max)) {
      for (const slot of taken) store.releaseSlot(slot);
      for (const spend of spends) store.adjust(spend.key, spend.rate, -spend.cost, now);
      return {
        limit: plan.limit.id,
        dimension: 'concurrent_streams',
        waitMs: 1000,
        quota: max,
        windowSeconds: 0,
      };
    }
    taken.push(key);
  }
  // A probe (shadow limit) keeps nothing held: it only asks whether the request would pass.
  if (probe) for (const slot of taken) store.releaseSlot(slot);
  return null;
}

function reservationOf(
  enforced: readonly Plan[],
  shadowed: readonly Plan[],
  stream: boolean,
): Reservation | null {
  const tokens: Reserved[] = [];
  const slots: string[] = [];
  for (const plan of [...enforced, ...shadowed]) {
    plan.dimensions.forEach((dimension, i) => {
      if (dimension === 'requests') return;
      const spend = plan.spends[i] as BucketSpend;
      tokens.push({
        key: spend.key,
        rate: spend.rate,
        input: dimension === 'input_tokens',
        reserved: spend.cost,
        extra: 0,
      });
    });
    if (stream && !plan.limit.shadow && plan.limit.concurrentStreams !== undefined)
      slots.push(bucketKey(plan.limit.id, plan.scopeKey, 's'));
  }
  return tokens.length === 0 && slots.length === 0 ? null : { tokens, slots };
}

/** The RateLimit-Policy and RateLimit values of an admitted request's buckets. */
export interface RateLimitHeaders {
  policy: string;
  remaining: string;
}

function describeSpends(
  plans: readonly Plan[],
  outcome: SpendOutcome,
  headers: RateLimitHeaders,
): void {
  let i = 0;
  for (const plan of plans) {
    plan.spends.forEach((spend, k) => {
      const dimension = plan.dimensions[k] as Dimension;
      const name = `"${plan.limit.id}.${dimension}"`;
      const unit = dimension === 'requests' ? ';qu="request"' : '';
      const policy = `${name};q=${spend.rate.limit};w=${Math.ceil(spend.rate.periodMs / 1000)}${unit}`;
      const reset = Math.ceil((outcome.resetMs[i] ?? 0) / 1000);
      const remaining = `${name};r=${outcome.remaining[i] ?? 0};t=${reset}`;
      headers.policy = headers.policy === '' ? policy : `${headers.policy}, ${policy}`;
      headers.remaining =
        headers.remaining === '' ? remaining : `${headers.remaining}, ${remaining}`;
      i++;
    });
  }
}

/** What a limit refusal is in the decision record: a throttle by `limit:<id>`. */
export function refusalDecision(refusal: Refusal): Decision {
  return {
    action: 'throttle',
    rule: `limit:${refusal.limit}`,
    reason: refusal.dimension,
    limits: [refusal.limit],
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
