/**
 * Compiles `policy.limits` once per load: each limit's `when` becomes a predicate and each rate a
 * GCRA rate; bucket keys are the limit id, the dimension and the scope's value.
 */
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

export function compileLimits(section: FileConfig['policy']): CompiledLimits {
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
    reserveOutputTokens: section.reserve_output_tokens,
    maxKeys: section.max_limit_keys,
  });
}
