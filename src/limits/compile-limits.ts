/**
 * Compiles `policy.limits` once per load: each limit's `when` becomes a predicate and each rate a
 * GCRA rate; bucket keys are the limit id, the dimension and the scope's value. Beside them, for
 * each multiple a `tier_budget` throttle rule names, each tier's baseline (accounts.tiers) times
 * it, as the budget such a rule holds an account to — and, for a rule whose `tier_budget_scope`
 * names `cluster`, the same budget held by the cluster the request links through, shared by all
 * its accounts.
 */
import type { TierBaseline } from '../account/accounts-schema.ts';
import type { FileConfig } from '../config/schema.ts';
import { budgetScope, compileWhen, type Predicate } from '../policy/compile-rules.ts';
import type { Rate } from './gcra.ts';
import type { LimitConfig, RateConfig } from './limit-schema.ts';

export type Dimension = 'requests' | 'input_tokens' | 'output_tokens' | 'concurrent_streams';

export interface CompiledLimit {
  readonly id: string;
  readonly scope: LimitConfig['scope'];
  readonly throttledOnly: boolean;
  /**
   * Spends and settles its buckets but refuses nothing (its first refusal is logged): a `mode:
   * shadow` limit, every limit under `policy.mode: shadow`, and a throttle's limit or tier budget
   * that only shadowed throttle rules name (no rule enforces it for any account).
   */
  readonly shadow: boolean;
  readonly test: Predicate;
  readonly requests: Rate | undefined;
  readonly inputTokens: Rate | undefined;
  readonly outputTokens: Rate | undefined;
  readonly concurrentStreams: number | undefined;
  /**
   * A tier budget kept per cluster: the tier whose baseline it holds. One bucket per cluster and
   * that tier, so its scope value is the cluster's id and this tier (clusterBudgetScope) — an
   * account of a tier no longer configured, held to the default tier's budget, spends the default
   * tier's bucket of its cluster.
   */
  readonly byTier: string | undefined;
}

export interface CompiledLimits {
  /** Limits that apply to every request their `when` matches. */
  readonly always: readonly CompiledLimit[];
  /** Every limit by id (throttle rules name `applies: throttled` ones). */
  readonly byId: ReadonlyMap<string, CompiledLimit>;
  /**
   * By the multiple a `tier_budget` rule names, then by tier: that multiple of the tier's baseline
   * as a per-account budget. Empty when no rule names one.
   */
  readonly tierBudgets: ReadonlyMap<number, ReadonlyMap<string, CompiledLimit>>;
  /**
   * The same for the multiples a rule holds per cluster (`tier_budget_scope: [cluster]`): the
   * tier's baseline times the multiple as the budget of every account of one cluster together.
   */
  readonly clusterBudgets: ReadonlyMap<number, ReadonlyMap<string, CompiledLimit>>;
  /** The tier an account whose tier has no budget (no longer configured) is held to. */
  readonly defaultTier: string;
  readonly reserveOutputTokens: number;
  readonly maxKeys: number;
  /**
   * Ids (configured limits, tier budgets) that shadowed throttle rules stage while an enforcing
   * rule names them too: their staged spends go to twin buckets (limit-scopes.ts stagedBucketId),
   * which the admin API lists beside them.
   */
  readonly twinned: ReadonlySet<string>;
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
 * The id a tier budget's buckets, 429 answers and decision records carry: `tier:2x` for twice the
 * baseline. Never a configured limit's id (those hold no colon), so no limit shares its buckets.
 */
export function tierBudgetId(multiple: number): string {
  return `tier:${multiple}x`;
}

/** The id of a tier budget held per cluster: `tier:0.25x:cluster`. */
export function clusterBudgetId(multiple: number): string {
  return `${tierBudgetId(multiple)}:cluster`;
}

/** A cluster budget's scope value: one bucket per cluster and tier (`cl_…@free`). */
export function clusterBudgetScope(cluster: string, tier: string): string {
  return `${cluster}@${tier}`;
}

const MINUTE_MS = 60_000;

/**
 * `multiple` × a baseline rate per minute as a GCRA rate holding one minute's worth, in whole
 * units (at least one): the quota a RateLimit header states is an integer, and a baseline may not
 * be (tiers take any positive rate).
 */
function perMinute(baseline: number, multiple: number): Rate | undefined {
  // Rounded to millionths before the ceiling: a product's binary error (0.07 × 100 is
  // 7.000000000000001, 1.1 × 200,000 is 220,000.00000000003) must not add a whole unit.
  const exact = Math.round(baseline * multiple * 1e6) / 1e6;
  return rate({ limit: Math.max(1, Math.ceil(exact)), per: MINUTE_MS });
}

/**
 * A multiple of a tier's baseline as an account's budget: what a normal account of the tier stays
 * near, so a customer throttled wrongly at its usual pace stays within it, while a harvest running
 * at many times it is held to it. Output is reserved as max_tokens × n and settled from usage, as
 * any output limit: asking for the model's whole output every time is what spends it fastest (and
 * several such requests at once meet it even at an ordinary rate).
 */
function tierBudget(
  tier: string,
  baseline: TierBaseline,
  multiple: number,
  shadow: boolean,
  perCluster: boolean,
): CompiledLimit {
  return Object.freeze({
    id: perCluster ? clusterBudgetId(multiple) : tierBudgetId(multiple),
    scope: perCluster ? 'cluster' : 'account',
    byTier: perCluster ? tier : undefined,
    throttledOnly: true,
    shadow,
    test: () => true,
    requests: perMinute(baseline.requests_per_minute, multiple),
    inputTokens: perMinute(baseline.input_tokens_per_minute, multiple),
    outputTokens: perMinute(baseline.output_tokens_per_minute, multiple),
    concurrentStreams: undefined,
  });
}

/**
 * The budget a `tier_budget: multiple` throttle holds an account of `tier` to (admission and the
 * admin API's account report alike). A key naming a tier the config no longer has (a Redis key
 * store, a reload that dropped the tier) is held to the default tier's: a throttle logged must be
 * a throttle applied.
 */
export function tierBudgetFor(
  limits: CompiledLimits,
  multiple: number,
  tier: string,
  perCluster = false,
): CompiledLimit | undefined {
  const budgets = (perCluster ? limits.clusterBudgets : limits.tierBudgets).get(multiple);
  return budgets?.get(tier) ?? budgets?.get(limits.defaultTier);
}

/** Whether some rule holds accounts or clusters to a tier budget (the tiers then decide). */
export function holdsTierBudgets(limits: CompiledLimits): boolean {
  return limits.tierBudgets.size > 0 || limits.clusterBudgets.size > 0;
}

/** The accounts section a tier budget reads: the tiers' baselines and the default tier. */
export interface TierSettings {
  readonly tiers: Readonly<Record<string, TierBaseline>>;
  readonly defaultTier: string;
}

const NO_TIERS: TierSettings = { tiers: {}, defaultTier: 'default' };

export function compileLimits(
  section: FileConfig['policy'],
  accounts: TierSettings = NO_TIERS,
): CompiledLimits {
  const shadow = section.mode === 'shadow';
  // The limits and tier budgets (by id: `tier:2x`, `tier:0.25x:cluster`, never a configured id)
  // some rule enforces (for some accounts, with a partial rollout), and those some rule stages (a
  // shadowed rule; one outside its partial rollout). Only staged: a shadow limit. Both: staged
  // spends go to twin buckets. Beside them, the multiples held per account and per cluster.
  const enforced = new Set<string>();
  const staged = new Set<string>();
  const perAccount = new Set<number>();
  const perCluster = new Set<number>();
  for (const rule of section.rules) {
    const names = [...(rule.limits ?? [])];
    const multiple = rule.tier_budget;
    if (multiple !== undefined) {
      const scope = budgetScope(rule);
      if (scope.includes('account')) {
        perAccount.add(multiple);
        names.push(tierBudgetId(multiple));
      }
      if (scope.includes('cluster')) {
        perCluster.add(multiple);
        names.push(clusterBudgetId(multiple));
      }
    }
    if (rule.mode !== 'shadow') for (const name of names) enforced.add(name);
    if (rule.mode === 'shadow' || rule.rollout < 100) for (const name of names) staged.add(name);
  }
  const onlyStaged = (id: string): boolean => staged.has(id) && !enforced.has(id);
  const all = section.limits.map((limit): CompiledLimit =>
    Object.freeze({
      id: limit.id,
      scope: limit.scope,
      throttledOnly: limit.applies === 'throttled',
      shadow: shadow || limit.mode === 'shadow' || onlyStaged(limit.id),
      test: compileWhen(limit.when),
      requests: rate(limit.requests),
      inputTokens: rate(limit.input_tokens),
      outputTokens: rate(limit.output_tokens),
      concurrentStreams: limit.concurrent_streams,
      byTier: undefined,
    }),
  );
  const budgets = (
    multiples: ReadonlySet<number>,
    cluster: boolean,
  ): Map<number, Map<string, CompiledLimit>> =>
    new Map(
      [...multiples].map((multiple) => {
        const id = cluster ? clusterBudgetId(multiple) : tierBudgetId(multiple);
        const shadowed = shadow || onlyStaged(id);
        return [
          multiple,
          new Map(
            Object.entries(accounts.tiers).map(([tier, baseline]) => [
              tier,
              tierBudget(tier, baseline, multiple, shadowed, cluster),
            ]),
          ),
        ];
      }),
    );
  const tierBudgets = budgets(perAccount, false);
  const clusterBudgets = budgets(perCluster, true);
  // A twin for every limit or budget that is enforced while some rule stages it.
  const twinned = new Set<string>();
  for (const limit of all) if (!limit.shadow && staged.has(limit.id)) twinned.add(limit.id);
  const budgetIds = [...[...perAccount].map(tierBudgetId), ...[...perCluster].map(clusterBudgetId)];
  if (!shadow) for (const id of budgetIds) if (staged.has(id) && enforced.has(id)) twinned.add(id);
  return Object.freeze({
    always: Object.freeze(all.filter((limit) => !limit.throttledOnly)),
    byId: new Map(all.map((limit) => [limit.id, limit])),
    tierBudgets,
    clusterBudgets,
    defaultTier: accounts.defaultTier,
    reserveOutputTokens: section.reserve_output_tokens,
    maxKeys: section.max_limit_keys,
    twinned,
  });
}
