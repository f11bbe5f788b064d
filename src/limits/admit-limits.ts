/**
 * The limits part of the act stage: which limits apply to a request, spending its cost from their
 * buckets at admission — one request, its input estimate, its output reservation (max_tokens × n)
 * and a concurrent-stream slot — all or nothing. A refused request is never forwarded. Which
 * buckets a request spends is limit-scopes.ts's; settling the reservations from the response's
 * usage when it ends, settle-limits.ts's; a refusal's decision and headers, limit-refusals.ts's.
 */
import type { Account } from '../account/account.ts';
import type { Score } from '../detection/score.ts';
import type { RequestFacts } from '../signals/request-facts.ts';
import type { CompiledLimit, CompiledLimits, Dimension } from './compile-limits.ts';
import type { Rate } from './gcra.ts';
import type { BucketSpend, LimitStore, SlotClaim, SpendOutcome } from './limit-store.ts';
import {
  bucketKey,
  scopeValue,
  stagedBucketId,
  stageLimits,
  throttleLimits,
  type ThrottleLimits,
} from './limit-scopes.ts';

/** The routes whose answers are generated text (and report output tokens). */
export const GENERATING_ROUTES: ReadonlySet<string> = new Set([
  'anthropic.messages',
  'openai.chat_completions',
  'openai.responses',
  'openai.completions',
]);

/**
 * Whether a request is charged tokens: a generating route's, or a metered WebSocket session's
 * (its answers' usage is read as they come: session-meter.ts).
 */
export function generatesTokens(facts: RequestFacts): boolean {
  return GENERATING_ROUTES.has(facts.route) || facts.meteredSession === true;
}

/** Input tokens are estimated at admission from the body (≈ 4 bytes a token), settled later. */
const BYTES_PER_TOKEN = 4;

export interface Refusal {
  readonly limit: string;
  readonly dimension: Dimension;
  /** Met by a shadowed throttle rule's limit or budget (admitLimits `staged`). */
  readonly staged?: boolean;
  /**
   * Met by a limit or tier budget the enforced throttle rule switched on (its `limits`,
   * `tier_budget`), not by a limit that applies to every request it matches.
   */
  readonly byThrottle?: boolean;
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
  /** A shadow limit's: a stream's overage is charged to it until it refuses, never cut by it. */
  readonly shadow: boolean;
  /** Output tokens charged while the response streamed, beyond the reservation. */
  extra: number;
  /**
   * Charges of the stream whose answers are still to come (a shared store): the settlement waits
   * for them, so a late refusal is not refunded as if it had been charged.
   */
  pending?: Promise<void> | undefined;
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
  | { readonly ok: false; readonly refusal: Refusal; readonly unavailable?: false }
  /** The shared limit store cannot be used and its failure mode is closed: 503. */
  | { readonly ok: false; readonly unavailable: true };

export interface LimitRequest {
  readonly account: Account;
  readonly facts: RequestFacts;
  readonly score: Score;
  readonly ipPrefix: string;
  /**
   * The request's harvest shape where its facts carry no signals: a replay's, from the logged
   * `harvest_shape` (budgetCluster). The proxy's own requests read it from their signals.
   */
  readonly harvestShape?: number;
}

const ADMITTED: LimitVerdict = Object.freeze({ ok: true, reservation: null, shadow: null });
const UNAVAILABLE: LimitVerdict = Object.freeze({ ok: false, unavailable: true });
/** What a spend came to: admitted (null), refused, or not decidable (store down, closed). */
type Spent = Refusal | null | typeof STORE_DOWN;
const STORE_DOWN = 'unavailable';

interface Plan {
  readonly limit: CompiledLimit;
  /** Spent for a shadowed throttle rule (admitLimits `staged`). */
  readonly staged: boolean;
  /** Switched on by the enforced throttle rule (Refusal `byThrottle`). */
  readonly byThrottle: boolean;
  readonly scopeKey: string;
  readonly spends: BucketSpend[];
  readonly dimensions: Dimension[];
}

/**
 * Spends the request's cost from every applicable limit: those every request meets, what the
 * enforced throttle rule (`throttle`) switches on, and, as shadow limits, what a shadowed one
 * (`staged`) would. Synchronous with the memory store; a promise when the store needs a round
 * trip (then the pipeline awaits it).
 */
export function admitLimits(
  limits: CompiledLimits,
  store: LimitStore,
  request: LimitRequest,
  now: number,
  throttle?: ThrottleLimits,
  staged?: ThrottleLimits,
): LimitVerdict | Promise<LimitVerdict> {
  const applicable: CompiledLimit[] = [];
  const { account, facts, score } = request;
  for (const limit of limits.always) if (limit.test(account, facts, score)) applicable.push(limit);
  // Those after the limits every request meets are the ones the throttle rule switched on.
  const firstThrottled = applicable.length;
  if (throttle !== undefined) throttleLimits(limits, request, throttle, applicable);
  // A shadowed throttle rule's limits spend as shadow limits: the record shows the 429s it would
  // have made, not only that it matched (what an operator staging the rule needs to know).
  const staging = staged === undefined ? NOTHING : stageLimits(limits, request, staged, applicable);
  if (applicable.length === 0 && staging.length === 0) return ADMITTED;
  // Only the routes that generate text are charged tokens: counting tokens or listing models
  // (pass-through) costs a request, not a reservation nobody would ever settle.
  const tokens = generatesTokens(request.facts)
    ? {
        input: Math.ceil(request.facts.bytes / BYTES_PER_TOKEN),
        output: outputReservation(limits, request.facts),
      }
    : undefined;

  const enforced: Plan[] = [];
  const shadowed: Plan[] = [];
  // An indexed loop: no closure per admitted request (this runs for every request a limit meets).
  for (let i = 0; i < applicable.length; i++) {
    const limit = applicable[i] as CompiledLimit;
    const scopeKey = scopeValue(limit, request);
    if (scopeKey === undefined) continue;
    const plan = planFor(limit, scopeKey, tokens, false, i >= firstThrottled);
    (limit.shadow ? shadowed : enforced).push(plan);
  }
  for (const limit of staging) {
    const scopeKey = scopeValue(limit, request);
    if (scopeKey !== undefined) shadowed.push(planFor(limit, scopeKey, tokens, true, false));
  }
  const stream = request.facts.stream;
  const headers: RateLimitHeaders = { policy: '', remaining: '' };
  const admission = new Admission(enforced, shadowed, stream, headers);
  if (enforced.length === 0) return admission.shadows(store, now);
  const spent = spendPlans(enforced, store, now, stream, false, headers);
  if (!(spent instanceof Promise)) return admission.afterEnforced(spent, store, now);
  // A round trip: the shadow limits' calls go beside it, not after it — an admission waits for
  // at most one command timeout. Should the enforced ones refuse, what the shadows took goes back.
  const shadows = admission.spendShadows(store, now);
  return Promise.all([spent, allOf(shadows)]).then(([result, shadowed]) =>
    admission.afterBoth(result, shadowed, store, now),
  );
}

/** The state of one admission between its (possibly asynchronous) spends. */
class Admission {
  private shadow: Refusal | null = null;
  /** A staged throttle's own refusal: the record's news before any shadow limit's. */
  private staged: Refusal | null = null;
  private readonly spentShadows: Plan[] = [];

  private readonly enforced: readonly Plan[];
  private readonly shadowed: readonly Plan[];
  private readonly stream: boolean;
  private readonly headers: RateLimitHeaders;

  constructor(
    enforced: readonly Plan[],
    shadowed: readonly Plan[],
    stream: boolean,
    headers: RateLimitHeaders,
  ) {
    this.enforced = enforced;
    this.shadowed = shadowed;
    this.stream = stream;
    this.headers = headers;
  }

  afterEnforced(
    spent: Spent,
    store: LimitStore,
    now: number,
  ): LimitVerdict | Promise<LimitVerdict> {
    if (spent === STORE_DOWN) return UNAVAILABLE;
    if (spent !== null) return { ok: false, refusal: spent };
    return this.shadows(store, now);
  }

  /** The enforced spend and the shadows' spends, sent together, have all answered. */
  afterBoth(
    spent: Spent,
    shadowed: readonly Spent[],
    store: LimitStore,
    now: number,
  ): LimitVerdict {
    if (spent === null) return this.recordShadows(shadowed);
    // Refused (or unavailable): the request is not admitted, so no shadow limit spent for it.
    shadowed.forEach((result, i) => {
      if (result !== null) return;
      for (const item of (this.shadowed[i] as Plan).spends)
        store.adjust(item.key, item.rate, -Math.min(item.cost, item.rate.burst), now);
    });
    return spent === STORE_DOWN ? UNAVAILABLE : { ok: false, refusal: spent };
  }

  /**
   * Shadow limits spend from their own buckets as if enforced (and are settled alike), but only
   * report a refusal: the first one is what would have happened. Sent all at once.
   */
  shadows(store: LimitStore, now: number): LimitVerdict | Promise<LimitVerdict> {
    const spent = this.spendShadows(store, now);
    if (spent.some((result) => result instanceof Promise))
      return allOf(spent).then((results) => this.recordShadows(results));
    return this.recordShadows(spent as Spent[]);
  }

  spendShadows(store: LimitStore, now: number): (Spent | Promise<Spent>)[] {
    return this.shadowed.map((plan) => spendPlans([plan], store, now, this.stream, true));
  }

  private recordShadows(results: readonly Spent[]): LimitVerdict {
    results.forEach((result, i) => this.shadowSpent(this.shadowed[i] as Plan, result));
    return this.verdict();
  }

  private shadowSpent(plan: Plan, spent: Spent): void {
    if (spent === null) this.spentShadows.push(plan);
    else if (spent !== STORE_DOWN) {
      if (plan.staged) this.staged ??= spent;
      else this.shadow ??= spent;
    }
  }

  private verdict(): LimitVerdict {
    const reservation = reservationOf(this.enforced, this.spentShadows, this.stream);
    const headers = this.headers;
    const shadow = this.staged ?? this.shadow;
    if (reservation === null && shadow === null && headers.policy === '') return ADMITTED;
    return {
      ok: true,
      reservation,
      shadow,
      headers: headers.policy === '' ? null : headers,
    };
  }
}

/** Every spend's result, whether it answered at once or with a promise. */
function allOf(spent: readonly (Spent | Promise<Spent>)[]): Promise<Spent[]> {
  return Promise.all(spent.map(async (result) => result));
}

/** The output tokens admission reserves for a request: `max_tokens` (or the default) × `n`. */
function outputReservation(limits: CompiledLimits, facts: RequestFacts): number {
  return (facts.maxTokens ?? limits.reserveOutputTokens) * Math.max(1, facts.choices);
}

const NOTHING: readonly CompiledLimit[] = Object.freeze([]);

/**
 * The buckets a request spends from; `tokens` undefined: a route that is charged no tokens. A
 * staged plan of a limit that is not itself shadow spends its twins; stream slots are always the
 * limit's own set (slotKey).
 */
function planFor(
  limit: CompiledLimit,
  scopeKey: string,
  tokens: { readonly input: number; readonly output: number } | undefined,
  staged: boolean,
  byThrottle: boolean,
): Plan {
  const bucketId = staged && !limit.shadow ? stagedBucketId(limit.id) : limit.id;
  const spends: BucketSpend[] = [];
  const dimensions: Dimension[] = [];
  if (limit.requests) {
    spends.push({ key: bucketKey(bucketId, scopeKey, 'r'), rate: limit.requests, cost: 1 });
    dimensions.push('requests');
  }
  if (limit.inputTokens && tokens !== undefined) {
    const key = bucketKey(bucketId, scopeKey, 'i');
    spends.push({ key, rate: limit.inputTokens, cost: tokens.input });
    dimensions.push('input_tokens');
  }
  if (limit.outputTokens && tokens !== undefined) {
    const key = bucketKey(bucketId, scopeKey, 'o');
    spends.push({ key, rate: limit.outputTokens, cost: tokens.output });
    dimensions.push('output_tokens');
  }
  return { limit, staged, byThrottle, scopeKey, spends, dimensions };
}

/**
 * Spends every plan's buckets and takes their stream slots in one store call, all or nothing.
 * `probe`: a shadow limit — its slots are only checked, and its refusal is only reported.
 */
function spendPlans(
  plans: readonly Plan[],
  store: LimitStore,
  now: number,
  stream: boolean,
  probe: boolean,
  headers?: RateLimitHeaders,
): Spent | Promise<Spent> {
  const spends = plans.length === 1 ? (plans[0] as Plan).spends : plans.flatMap((p) => p.spends);
  let slots: SlotClaim[] | undefined;
  let slotPlans: Plan[] | undefined;
  if (stream) {
    for (const plan of plans) {
      const max = plan.limit.concurrentStreams;
      if (max === undefined) continue;
      (slots ??= []).push({ key: slotKey(plan), max, hold: !probe });
      (slotPlans ??= []).push(plan);
    }
  }
  if (spends.length === 0 && slots === undefined) return null;
  const outcome = store.spendAll(spends, now, slots);
  return outcome instanceof Promise
    ? outcome.then((result) => spentOf(result, plans, slotPlans, headers))
    : spentOf(outcome, plans, slotPlans, headers);
}

const STAGED = { staged: true } as const;
const BY_THROTTLE = { byThrottle: true } as const;
const NEITHER = {} as const;

/** The marks a plan's refusal carries: staged (a shadowed rule's), by the enforced throttle, or neither. */
function marksOf(plan: Plan): typeof STAGED | typeof BY_THROTTLE | typeof NEITHER {
  return plan.staged ? STAGED : plan.byThrottle ? BY_THROTTLE : NEITHER;
}

function spentOf(
  outcome: SpendOutcome,
  plans: readonly Plan[],
  slotPlans: readonly Plan[] | undefined,
  headers: RateLimitHeaders | undefined,
): Spent {
  if (outcome.unavailable === true) return STORE_DOWN;
  if (outcome.allowed) {
    if (headers !== undefined) describeSpends(plans, outcome, headers);
    return null;
  }
  let index = outcome.refused;
  for (const plan of plans) {
    if (index < plan.spends.length) {
      const spend = plan.spends[index] as BucketSpend;
      return {
        limit: plan.limit.id,
        dimension: plan.dimensions[index] as Dimension,
        ...marksOf(plan),
        waitMs: outcome.waitMs,
        quota: spend.rate.limit,
        windowSeconds: Math.ceil(spend.rate.periodMs / 1000),
      };
    }
    index -= plan.spends.length;
  }
  const plan = slotPlans?.[index] as Plan;
  return {
    limit: plan.limit.id,
    dimension: 'concurrent_streams',
    ...marksOf(plan),
    waitMs: outcome.waitMs,
    quota: plan.limit.concurrentStreams ?? 0,
    windowSeconds: 0,
  };
}

/**
 * The slot set of a plan's limit and scope — the limit's own even for a staged twin: a shadow
 * plan only checks it (never holds), so it meets the streams enforcement holds and takes none.
 */
function slotKey(plan: Plan): string {
  return bucketKey(plan.limit.id, plan.scopeKey, 's');
}

function reservationOf(
  enforced: readonly Plan[],
  shadowed: readonly Plan[],
  stream: boolean,
): Reservation | null {
  const tokens: Reserved[] = [];
  const slots: string[] = [];
  for (const plan of enforced) reserveTokens(plan, false, tokens);
  for (const plan of shadowed) reserveTokens(plan, true, tokens);
  // Only enforced plans hold a stream slot (a shadowed one only checks): a staged throttle's
  // limit is shadowed here even where its own `shadow` is false (an enforcing rule names it too).
  if (stream)
    for (const plan of enforced)
      if (plan.limit.concurrentStreams !== undefined) slots.push(slotKey(plan));
  return tokens.length === 0 && slots.length === 0 ? null : { tokens, slots };
}

/** A plan's token buckets as held until the request ends (`shadow`: a shadowed plan's). */
function reserveTokens(plan: Plan, shadow: boolean, out: Reserved[]): void {
  plan.dimensions.forEach((dimension, i) => {
    if (dimension === 'requests') return;
    const spend = plan.spends[i] as BucketSpend;
    out.push({
      key: spend.key,
      rate: spend.rate,
      input: dimension === 'input_tokens',
      shadow,
      // What the store charged: a cost above the burst is clamped to it (gcra.ts `spend`).
      reserved: Math.min(spend.cost, spend.rate.burst),
      extra: 0,
    });
  });
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
