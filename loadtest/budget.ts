/**
 * The latency budget: loads loadtest/budget.json (strictly — a misspelt metric is an error, not a
 * silently skipped line), computes each metric from a run's summary, and says which lines hold.
 * A metric that could not be measured (NaN) fails its line: a budget nobody measured is not met.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Mode } from './profiles.ts';
import type { Summary, TargetSummary } from './summarize.ts';

const METRICS = {
  throughput_ratio_to_minimal: (s: Summary) => s.comparisons.dgOverMinimal,
  fixed_rate_added_p50_ms: (s: Summary) => s.comparisons.addedFixedP50Ms,
  fixed_rate_added_p99_ms: (s: Summary) => s.comparisons.addedFixedP99Ms,
  fixed_rate_p99_over_bare_ms: (s: Summary) => s.comparisons.fixedP99OverBareMs,
  sse_ttfb_added_p50_ms: (s: Summary) => s.comparisons.addedTtfbP50Ms,
  sse_batched_fraction: (s: Summary) => distillguard(s).batchedFraction,
  rss_64_streams_mb: (s: Summary) => distillguard(s).freshStreamsRssMb,
  rss_64_streams_after_load_mb: (s: Summary) => distillguard(s).loadedStreamsRssMb,
  errors: (s: Summary) => s.targets.reduce((sum, t) => sum + t.errors, 0),
  telemetry_on_ratio: (s: Summary) => s.comparisons.telemetryOnOverOff,
  telemetry_off_ratio: (s: Summary) => s.comparisons.telemetryOffOverBefore,
  // Requests per CPU-second of the proxy: what another process takes of the pinned core moves
  // req/s but not the code's cost per request (the guards of a short, shared-machine run).
  telemetry_on_per_cpu_ratio: (s: Summary) => s.comparisons.telemetryOnOverOffPerCpu,
  telemetry_off_per_cpu_ratio: (s: Summary) => s.comparisons.telemetryOffOverBeforePerCpu,
  // The best round's (summarize.ts, Comparisons): the quick profile's guards against a slower
  // code path, which is slower in every round, where the host's episodes slow only some.
  throughput_ratio_to_minimal_best_round: (s: Summary) => s.comparisons.dgOverMinimalBestRound,
  telemetry_on_per_cpu_ratio_best_round: (s: Summary) =>
    s.comparisons.telemetryOnOverOffPerCpuBestRound,
  telemetry_off_per_cpu_ratio_best_round: (s: Summary) =>
    s.comparisons.telemetryOffOverBeforePerCpuBestRound,
} as const satisfies Record<string, (summary: Summary) => number>;

type MetricName = keyof typeof METRICS;

function distillguard(summary: Summary): TargetSummary {
  const found = summary.targets.find((t) => t.target === 'distillguard');
  if (!found) throw new Error('no distillguard results in the summary');
  return found;
}

const line = z
  .strictObject({
    metric: z.enum(Object.keys(METRICS) as [MetricName, ...MetricName[]]),
    min: z.number().optional(),
    max: z.number().optional(),
    note: z.string().optional(),
  })
  .refine((l) => (l.min === undefined) !== (l.max === undefined), 'give exactly one of min, max');

const budgetFile = z.strictObject({
  $comment: z.string().optional(),
  full: z.array(line).min(1),
  quick: z.array(line).min(1),
});

export type BudgetLine = z.infer<typeof line>;
export type Budget = z.infer<typeof budgetFile>;

export async function loadBudget(file: string): Promise<Budget> {
  const parsed = budgetFile.safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid budget file ${file}:\n${problems.join('\n')}`);
  }
  return parsed.data;
}

export interface BudgetVerdict {
  readonly metric: MetricName;
  readonly value: number;
  readonly bound: 'min' | 'max';
  readonly limit: number;
  readonly ok: boolean;
  readonly note: string | undefined;
  /** A partial run (--targets) could not measure it: neither met nor failed. */
  readonly skipped?: boolean;
}

export function evaluateBudget(
  budget: Budget,
  mode: Mode,
  summary: Summary,
  partial = false,
): BudgetVerdict[] {
  return budget[mode].map((l) => {
    const value = METRICS[l.metric](summary);
    const bound = l.min === undefined ? 'max' : 'min';
    const limit = l.min ?? l.max ?? NaN;
    if (partial && !Number.isFinite(value))
      return { metric: l.metric, value, bound, limit, ok: true, note: l.note, skipped: true };
    const ok = Number.isFinite(value) && (bound === 'min' ? value >= limit : value <= limit);
    return { metric: l.metric, value, bound, limit, ok, note: l.note };
  });
}
