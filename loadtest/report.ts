/** Renders a run as markdown: printed to the terminal and written to RESULTS.md / out/. */
import type { BudgetVerdict } from './budget.ts';
import type { RunContext } from './machine.ts';
import type { FreshMemory } from './measure-fresh-memory.ts';
import type { TargetRound } from './measure-target.ts';
import type { Profile } from './profiles.ts';
import type { Summary } from './summarize.ts';
import { TARGET_LABELS, TARGETS } from './targets/target-names.ts';

function num(value: number, digits: number): string {
  if (!Number.isFinite(value)) return '–';
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

function percent(value: number): string {
  return Number.isFinite(value) ? `${num(value, 0)} %` : '–';
}

function signed(value: number, digits: number): string {
  return Number.isFinite(value) && value > 0 ? `+${num(value, digits)}` : num(value, digits);
}

function table(header: readonly string[], align: string, rows: readonly string[][]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [
    line(header),
    line(align.split('').map((a) => (a === 'r' ? '---:' : '---'))),
    ...rows.map(line),
  ].join('\n');
}

export function describeProfile(profile: Profile, pinned: boolean): string {
  const placement = pinned
    ? 'Each proxy pinned to CPU 0 (`taskset -c 0`); upstream and load generator on CPU 1.'
    : '**Not pinned** (taskset or a second CPU unavailable): numbers include contention.';
  return (
    `Mode ${profile.mode}: ${profile.rounds} interleaved round(s); per target a closed-loop ` +
    `warm-up (${profile.firstWarmSeconds} s first, ${profile.warmSeconds} s later; direct ` +
    `${profile.directWarmSeconds} s), then (a) ${profile.closedLoopSeconds} s closed loop at ` +
    `${profile.connections} connections with a 2 KB body (autocannon; latency in whole ms), ` +
    `(b) ${profile.fixedRateSeconds} s open loop at ${num(profile.rate, 0)} req/s (latency ` +
    `from the scheduled send), (c) ${profile.sseSeconds} s of ${profile.streams} concurrent SSE ` +
    `streams (20 events, 10 ms apart); a ${profile.settleSeconds} s pause after the warm-up. ` +
    `Before the rounds, each fresh proxy's idle RSS and its peak RSS with ${profile.streams} ` +
    `streams (${profile.freshSseSeconds} s) are read; "after load" is the peak during (c). ` +
    `${placement} "Other load, CPU 0" is CPU 0 time used by other processes during (a): ` +
    `above a few % the machine was busy and the numbers are rough. Values are medians over rounds (ratios and added latencies: medians of ` +
    `per-round values); fixed-rate latency includes the client's ~1 ms timer grain, which ` +
    `cancels out in the added values.`
  );
}

export function renderResults(summary: Summary, rate: number): string {
  const fixed = `${num(rate / 1000, 0)}k/s`;
  const requests = table(
    [
      'target',
      'req/s (64 conn)',
      'p50 ms',
      'p99 ms',
      'proxy CPU',
      'other load, CPU 0',
      `${fixed} p50 ms`,
      `${fixed} p99 ms`,
      `${fixed} p99.9 ms`,
      'errors',
    ],
    'lrrrrrrrrr',
    summary.targets.map((t) => [
      TARGET_LABELS[t.target],
      num(t.rps, 0),
      num(t.closedP50Ms, 0),
      num(t.closedP99Ms, 0),
      percent(t.proxyCpuPercent),
      percent(t.foreignCpu0Percent),
      num(t.fixedP50Ms, 2),
      num(t.fixedP99Ms, 2),
      num(t.fixedP999Ms, 2),
      String(t.errors),
    ]),
  );
  const streams = table(
    [
      'target',
      'SSE TTFB p50 ms',
      'SSE TTFB p99 ms',
      'stream p50 ms',
      'event gap p50 ms',
      'batched events',
      'RSS idle MiB',
      'RSS 64 streams, fresh',
      'RSS 64 streams, after load',
    ],
    'lrrrrrrrr',
    summary.targets.map((t) => [
      TARGET_LABELS[t.target],
      num(t.ttfbP50Ms, 2),
      num(t.ttfbP99Ms, 2),
      num(t.streamP50Ms, 0),
      num(t.eventGapP50Ms, 1),
      `${num(t.batchedFraction * 100, 1)} %`,
      num(t.idleRssMb, 0),
      num(t.freshStreamsRssMb, 0),
      num(t.loadedStreamsRssMb, 0),
    ]),
  );
  return `${requests}\n\n${streams}`;
}

export function renderComparisons(summary: Summary, rate: number): string {
  const c = summary.comparisons;
  const at = `at ${num(rate, 0)} req/s`;
  return table(['comparison (median of per-round values)', 'value'], 'lr', [
    ['distillguard ÷ minimal forwarder, req/s at 64 connections', num(c.dgOverMinimal, 2)],
    ['distillguard ÷ direct, req/s', num(c.dgOverDirect, 2)],
    ['minimal forwarder ÷ direct, req/s', num(c.minimalOverDirect, 2)],
    ['bare passthrough ÷ direct, req/s', num(c.bareOverDirect, 2)],
    [`added p50 ${at} (distillguard − direct), ms`, signed(c.addedFixedP50Ms, 2)],
    [`added p99 ${at} (distillguard − direct), ms`, signed(c.addedFixedP99Ms, 2)],
    [`p99 ${at}, distillguard − bare passthrough, ms`, signed(c.fixedP99OverBareMs, 2)],
    ['SSE time to first event added, p50, ms', signed(c.addedTtfbP50Ms, 2)],
    ['SSE time to first event added, p99, ms', signed(c.addedTtfbP99Ms, 2)],
    ['telemetry on ÷ telemetry configured but disabled, req/s', num(c.telemetryOnOverOff, 3)],
    ['telemetry disabled ÷ no telemetry section, req/s', num(c.telemetryOffOverBefore, 3)],
    ['distillguard ÷ minimal forwarder, req per proxy CPU-second', num(c.dgOverMinimalPerCpu, 2)],
    [
      'telemetry on ÷ configured but disabled, req per proxy CPU-second',
      num(c.telemetryOnOverOffPerCpu, 3),
    ],
    [
      'telemetry disabled ÷ no telemetry section, req per proxy CPU-second',
      num(c.telemetryOffOverBeforePerCpu, 3),
    ],
  ]);
}

export function renderBudget(verdicts: readonly BudgetVerdict[], mode: string): string {
  return table(
    [`budget line (loadtest/budget.json, ${mode})`, 'measured', 'limit', 'result'],
    'lrrl',
    verdicts.map((v) => [
      v.metric,
      num(v.value, v.metric === 'errors' ? 0 : 3),
      `${v.bound === 'min' ? '≥' : '≤'} ${v.limit}`,
      v.skipped ? 'not measured' : v.ok ? 'ok' : '**FAILED**',
    ]),
  );
}

export function renderRounds(rounds: readonly TargetRound[]): string {
  const numbers = [...new Set(rounds.map((r) => r.round))].sort((a, b) => a - b);
  return table(
    ['req/s per round', ...numbers.map((n) => `round ${n}`)],
    `l${'r'.repeat(numbers.length)}`,
    TARGETS.map((target) => [
      TARGET_LABELS[target],
      ...numbers.map((n) =>
        num(rounds.find((r) => r.round === n && r.target === target)?.closed.rps ?? NaN, 0),
      ),
    ]),
  );
}

export interface RunReport {
  readonly context: RunContext;
  readonly profile: Profile;
  readonly summary: Summary;
  readonly verdicts: readonly BudgetVerdict[];
  readonly rounds: readonly TargetRound[];
  readonly freshMemory: readonly FreshMemory[];
}

/** The whole run as one markdown section body (no heading). */
export function renderRun(report: RunReport): string {
  const { context: m } = report;
  return [
    `${m.date} · commit \`${m.commit}\` · ${m.cpuModel} × ${m.cores} · Node ${m.node} · ` +
      `load average ${num(m.loadAverage, 2)} at start`,
    '',
    describeProfile(report.profile, m.pinned),
    '',
    renderResults(report.summary, report.profile.rate),
    '',
    renderComparisons(report.summary, report.profile.rate),
    '',
    renderBudget(report.verdicts, report.profile.mode),
    '',
    renderRounds(report.rounds),
  ].join('\n');
}

/** One line of RESULTS.md's history table. */
export function historyRow(report: RunReport): string {
  const { summary, context, verdicts } = report;
  const dg = summary.targets.find((t) => t.target === 'distillguard');
  const failed = verdicts.filter((v) => !v.ok).map((v) => v.metric);
  return `| ${context.date.slice(0, 16).replace('T', ' ')} | \`${context.commit}\` | ${[
    num(dg?.rps ?? NaN, 0),
    num(summary.comparisons.dgOverMinimal, 2),
    num(summary.comparisons.dgOverDirect, 2),
    signed(summary.comparisons.addedFixedP99Ms, 2),
    signed(summary.comparisons.addedTtfbP50Ms, 2),
    `${num(dg?.freshStreamsRssMb ?? NaN, 0)} / ${num(dg?.loadedStreamsRssMb ?? NaN, 0)}`,
    failed.length === 0 ? 'ok' : `failed: ${failed.join(', ')}`,
  ].join(' | ')} |`;
}
