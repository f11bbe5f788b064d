/**
 * Compiles `policy.limits` once per load: each limit's `when` becomes a predicate and each rate a
 * GCRA rate; bucket keys are the limit id, the dimension and the scope's value. Beside them, each
 * tier's baseline (accounts.tiers) as the budget a `tier_budget` throttle holds an account to.
 */
import type { TierBaseline } from '../account/accounts-schema.ts';
import type { FileConfig } from '../config/schema.ts';
import { compileWhen, type Predicate } from '../policy/compile-rules.ts';
import type { Rate } from './gcra.ts';
import type { LimitConfig, RateConfig } from './limit-schema.ts';

export type Dimension = 'requests' | 'input_tokens' | 'output_tokens' | 'concurrent_streams';

export interface CompiledLimit {
  readonly id: string;
  readonly scope: LimitConfig['scope'];
  readonly throttledOnly: boolean;
  readonly shadow: boolean;
  readonly test: Predicate;
  readonly requests: Rate | undefined;
  readonly inputTokens: Rate | undefined;
  readonly outputTokens: Rate | undefined;
  readonly concurrentStreams: number | undefined;
}

export interface CompiledLimits {
  /** Limits that apply to every request their `when` matches. */
  readonly always: readonly CompiledLimit[];
  /** Every limit by id (throttle rules name `applies: throttled` ones). */
  readonly byId: ReadonlyMap<string, CompiledLimit>;
  /** Per tier: its baseline as a per-account budget, switched on by a `tier_budget` throttle. */
  readonly tierBudgets: ReadonlyMap<string, CompiledLimit>;
  readonly reserveOutputTokens: number;
  readonly maxKeys: number;
}

function rate(config: RateConfig | undefined): Rate | undefined {
  if (config === undefined) return undefined;
  return Object.freeze({
    limit: config.limit,
    periodMs: config.per,
    burst: config.burst ?? config.limit,
  });
}

/**
 * The id a tier budget's buckets, 429 answers and decision records carry. Not a valid limit id
 * (policy.limits ids start with a letter or digit and hold no colon), so no configured limit can
 * share its buckets.
 */
export const TIER_BUDGET_ID = 'tier:baseline';

const MINUTE_MS = 60_000;

/** A baseline rate per minute as a GCRA rate holding one minute's worth (at least one unit). */
function perMinute(limit: number): Rate {
  return Object.freeze({ limit, periodMs: MINUTE_MS, burst: Math.max(1, limit) });
}

/**
 * A tier's baseline as an account's budget: what a normal account of the tier stays near, so a
 * customer throttled wrongly at its usual pace is never refused, while a harvest running at many
 * times it is held to it. Output is reserved as max_tokens × n and settled from usage, as any
 * output limit: asking for the model's whole output every time is what spends it fastest.
 */
function tierBudget(baseline: TierBaseline, shadow: boolean): CompiledLimit {
  return Object.freeze({
    id: TIER_BUDGET_ID,
    scope: 'account',
    throttledOnly: true,
    shadow,
    test: () => true,
    requests: perMinute(baseline.requests_per_minute),
    inputTokens: perMinute(baseline.input_tokens_per_minute),
    outputTokens: perMinute(baseline.output_tokens_per_minute),
    concurrentStreams: undefined,
  });
}

export function compileLimits(
  section: FileConfig['policy'],
  tiers: Readonly<Record<string, TierBaseline>> = {},
): CompiledLimits {
  const all = section.limits.map((limit): CompiledLimit =>
    Object.freeze({
      id: limit.id,
      scope: limit.scope,
      throttledOnly: limit.applies === 'throttled',
      shadow: limit.mode === 'shadow' || section.mode === 'shadow',
      test: compileWhen(limit.when),
      requests: rate(limit.requests),
      inputTokens: rate(limit.input_tokens),
      outputTokens: rate(limit.output_tokens),
      concurrentStreams: limit.concurrent_streams,
    }),
  );
  return Object.freeze({
    always: Object.freeze(all.filter((limit) => !limit.throttledOnly)),
    byId: new Map(all.map((limit) => [limit.id, limit])),
    tierBudgets: new Map(
      Object.entries(tiers).map(([tier, baseline]) => [
        tier,
        tierBudget(baseline, section.mode === 'shadow'),
      ]),
    ),
    reserveOutputTokens: section.reserve_output_tokens,
    maxKeys: section.max_limit_keys,
  });
}
