/**
 * Turns the rounds into what the report quotes: per target the median over rounds of each
 * measurement, and the comparisons. Ratios and added latencies are computed within each round
 * (targets measured minutes apart drift with the machine) and the median of those is quoted.
 */
import type { FreshMemory } from './measure-fresh-memory.ts';
import type { TargetRound } from './measure-target.ts';
import { median } from './stats.ts';
import { TARGETS, type TargetName } from './targets/target-names.ts';

export interface TargetSummary {
  readonly target: TargetName;
  readonly rps: number;
  readonly closedP50Ms: number;
  readonly closedP99Ms: number;
  readonly proxyCpuPercent: number;
  readonly foreignCpu0Percent: number;
  readonly fixedP50Ms: number;
  readonly fixedP99Ms: number;
  readonly fixedP999Ms: number;
  readonly ttfbP50Ms: number;
  readonly ttfbP99Ms: number;
  readonly streamP50Ms: number;
  readonly eventGapP50Ms: number;
  readonly batchedFraction: number;
  /** RSS of the freshly started, idle proxy (MiB); NaN for direct. */
  readonly idleRssMb: number;
  /** Peak RSS with 64 streams open on the fresh proxy, before other load (MiB). */
  readonly freshStreamsRssMb: number;
  /** Highest peak RSS with 64 streams open over the rounds, i.e. after load (MiB). */
  readonly loadedStreamsRssMb: number;
  /** Failed requests and streams over all rounds (measurement phases only). */
  readonly errors: number;
}

export interface Comparisons {
  readonly dgOverMinimal: number;
  readonly dgOverDirect: number;
  readonly minimalOverDirect: number;
  readonly bareOverDirect: number;
  readonly addedFixedP50Ms: number;
  readonly addedFixedP99Ms: number;
  /** p99 at the fixed rate, distillguard − the bare passthrough (paired per round). */
  readonly fixedP99OverBareMs: number;
  readonly addedTtfbP50Ms: number;
  readonly addedTtfbP99Ms: number;
  /** req/s with telemetry on ÷ configured but disabled (target ≥ 0.90). */
  readonly telemetryOnOverOff: number;
  /** req/s with telemetry configured but disabled ÷ no telemetry section (target ≥ 0.99). */
  readonly telemetryOffOverBefore: number;
  /**
   * The same three ratios per second of the proxy's own CPU (req/s ÷ its CPU share during the
   * closed loop): the cost per request, which other processes taking turns on the proxy's core
   * (this machine moves raw rates ±20 % between rounds) leave alone.
   */
  readonly dgOverMinimalPerCpu: number;
  readonly telemetryOnOverOffPerCpu: number;
  readonly telemetryOffOverBeforePerCpu: number;
  /**
   * The best round's value of three of those ratios, for the quick profile's regression guards.
   * A slower code path is slower in every round; the host's contention episodes (tens of seconds
   * in which whatever target has its turn runs at half speed, invisible to the guest: RESULTS.md,
   * "Why a full run's ratio moves") hit some. A median over three rounds fails when two of them
   * fall on the numerator's turns; the best round only when all three do.
   */
  readonly dgOverMinimalBestRound: number;
  readonly telemetryOnOverOffPerCpuBestRound: number;
  readonly telemetryOffOverBeforePerCpuBestRound: number;
}

export interface Summary {
  readonly targets: readonly TargetSummary[];
  readonly comparisons: Comparisons;
  readonly rounds: number;
}

function summarizeTarget(
  target: TargetName,
  rounds: readonly TargetRound[],
  fresh: FreshMemory | undefined,
): TargetSummary {
  const mine = rounds.filter((round) => round.target === target);
  const med = (pick: (round: TargetRound) => number | undefined): number =>
    median(mine.map((round) => pick(round) ?? NaN));
  const rss = mine.map((round) => round.rssMb ?? NaN).filter(Number.isFinite);
  return {
    target,
    rps: med((r) => r.closed.rps),
    closedP50Ms: med((r) => r.closed.p50Ms),
    closedP99Ms: med((r) => r.closed.p99Ms),
    proxyCpuPercent: med((r) => r.proxyCpuPercent),
    foreignCpu0Percent: med((r) => r.foreignCpu0Percent),
    fixedP50Ms: med((r) => r.fixed.latency.p50),
    fixedP99Ms: med((r) => r.fixed.latency.p99),
    fixedP999Ms: med((r) => r.fixed.latency.p999),
    ttfbP50Ms: med((r) => r.sse.ttfb.p50),
    ttfbP99Ms: med((r) => r.sse.ttfb.p99),
    streamP50Ms: med((r) => r.sse.whole.p50),
    eventGapP50Ms: med((r) => r.sse.gap.p50),
    batchedFraction: med((r) => r.sse.batchedFraction),
    idleRssMb: fresh?.idleMb ?? NaN,
    freshStreamsRssMb: fresh?.streamsMb ?? NaN,
    loadedStreamsRssMb: rss.length === 0 ? NaN : Math.max(...rss),
    errors: mine.reduce(
      (sum, r) => sum + r.closed.errors + r.fixed.errors + r.sse.errors,
      fresh?.errors ?? 0,
    ),
  };
}

/** The largest finite value (NaN when there is none). */
function best(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite);
  return finite.length === 0 ? NaN : Math.max(...finite);
}

/** Median (or `reduce`) over rounds of `pick(a's round) op pick(b's round)`. */
function paired(
  rounds: readonly TargetRound[],
  a: TargetName,
  b: TargetName,
  pick: (round: TargetRound) => number,
  op: (x: number, y: number) => number,
  reduce: (values: readonly number[]) => number = median,
): number {
  const values: number[] = [];
  for (const round of new Set(rounds.map((r) => r.round))) {
    const x = rounds.find((r) => r.round === round && r.target === a);
    const y = rounds.find((r) => r.round === round && r.target === b);
    if (x && y) values.push(op(pick(x), pick(y)));
  }
  return reduce(values);
}

export function summarize(rounds: readonly TargetRound[], fresh: readonly FreshMemory[]): Summary {
  const ratio = (a: TargetName, b: TargetName, reduce = median): number =>
    paired(
      rounds,
      a,
      b,
      (r) => r.closed.rps,
      (x, y) => x / y,
      reduce,
    );
  const perCpu = (a: TargetName, b: TargetName, reduce = median): number =>
    paired(
      rounds,
      a,
      b,
      (r) => r.closed.rps / ((r.proxyCpuPercent ?? NaN) / 100),
      (x, y) => x / y,
      reduce,
    );
  const added = (pick: (round: TargetRound) => number): number =>
    paired(rounds, 'distillguard', 'direct', pick, (x, y) => x - y);
  return {
    targets: TARGETS.map((target) =>
      summarizeTarget(
        target,
        rounds,
        fresh.find((f) => f.target === target),
      ),
    ),
    comparisons: {
      dgOverMinimal: ratio('distillguard', 'minimal'),
      dgOverDirect: ratio('distillguard', 'direct'),
      minimalOverDirect: ratio('minimal', 'direct'),
      bareOverDirect: ratio('bare', 'direct'),
      addedFixedP50Ms: added((r) => r.fixed.latency.p50),
      addedFixedP99Ms: added((r) => r.fixed.latency.p99),
      fixedP99OverBareMs: paired(
        rounds,
        'distillguard',
        'bare',
        (r) => r.fixed.latency.p99,
        (x, y) => x - y,
      ),
      addedTtfbP50Ms: added((r) => r.sse.ttfb.p50),
      addedTtfbP99Ms: added((r) => r.sse.ttfb.p99),
      telemetryOnOverOff: ratio('dg-telemetry-on', 'dg-telemetry-off'),
      telemetryOffOverBefore: ratio('dg-telemetry-off', 'distillguard'),
      dgOverMinimalPerCpu: perCpu('distillguard', 'minimal'),
      telemetryOnOverOffPerCpu: perCpu('dg-telemetry-on', 'dg-telemetry-off'),
      telemetryOffOverBeforePerCpu: perCpu('dg-telemetry-off', 'distillguard'),
      dgOverMinimalBestRound: ratio('distillguard', 'minimal', best),
      telemetryOnOverOffPerCpuBestRound: perCpu('dg-telemetry-on', 'dg-telemetry-off', best),
      telemetryOffOverBeforePerCpuBestRound: perCpu('dg-telemetry-off', 'distillguard', best),
    },
    rounds: new Set(rounds.map((r) => r.round)).size,
  };
}
