/**
 * One target's turn in one round: warm it up, pause, then (b) fixed rate, (c) 64 SSE streams while
 * sampling the proxy's RSS, and (a) the closed loop. The load generator child runs the scenarios;
 * this process only samples the proxy from /proc, so it adds nothing to either pinned core.
 */
import { performance } from 'node:perf_hooks';
import type { ChildHandle } from './processes.ts';
import { busyPercent, readCpuSeconds, readCpuTimes, samplePeakRss } from './proc-stats.ts';
import type { Profile } from './profiles.ts';
import type { ClosedLoopParams, ClosedLoopResult } from './scenarios/closed-loop.ts';
import type { FixedRateParams, FixedRateResult } from './scenarios/fixed-rate.ts';
import type { SseParams, SseResult } from './scenarios/sse-streams.ts';
import type { TargetName } from './targets/target-names.ts';

/** The core the proxies are pinned to (start-processes.ts), watched for other tenants' load. */
export const PROXY_CPU = 0;

export interface RunningTarget {
  readonly name: TargetName;
  readonly url: string;
  /** The proxy's process id; undefined for `direct`. */
  readonly pid: number | undefined;
}

export interface TargetRound {
  readonly target: TargetName;
  readonly round: number;
  readonly closed: ClosedLoopResult;
  /** The proxy's CPU use during the closed loop (% of one core); 100 = saturated. */
  readonly proxyCpuPercent: number | undefined;
  /**
   * CPU 0 time used by anything but the proxy during the closed loop (%): other tenants of a
   * shared machine. Above a few % the round's numbers measure contention, not the proxy.
   */
  readonly foreignCpu0Percent: number;
  readonly fixed: FixedRateResult;
  readonly sse: SseResult;
  /** Peak proxy RSS while the 64 streams were open, after the warm-up load (MiB). */
  readonly rssMb: number | undefined;
}

export interface MeasureContext {
  readonly load: ChildHandle;
  readonly clientKey: string;
  readonly profile: Profile;
  /** Whether the proxies really are on PROXY_CPU (otherwise foreign load is not measured). */
  readonly pinned: boolean;
  readonly progress: (message: string) => void;
}

/** Slack on top of a scenario's own duration before the call is declared hung. */
const CALL_SLACK_MS = 30_000;

function closedLoop(
  ctx: MeasureContext,
  target: RunningTarget,
  seconds: number,
): Promise<ClosedLoopResult> {
  const params: ClosedLoopParams = {
    url: target.url,
    clientKey: ctx.clientKey,
    connections: ctx.profile.connections,
    seconds,
  };
  return ctx.load.call('closedLoop', params, seconds * 1000 + CALL_SLACK_MS);
}

export async function measureTarget(
  ctx: MeasureContext,
  target: RunningTarget,
  round: number,
): Promise<TargetRound> {
  const { profile } = ctx;
  const warm =
    target.name === 'direct'
      ? profile.directWarmSeconds
      : round === 1
        ? profile.firstWarmSeconds
        : profile.warmSeconds;
  ctx.progress(`${target.name}: warm-up ${warm} s`);
  await closedLoop(ctx, target, warm);
  // The latency scenarios run first, after a pause: they measure a target in steady state, not
  // its recovery from the saturating warm-up (GC of the heap it grew, flushes it deferred).
  await settle(profile);

  ctx.progress(`${target.name}: (b) fixed rate, ${profile.rate} req/s`);
  const fixedParams: FixedRateParams = {
    url: target.url,
    clientKey: ctx.clientKey,
    rate: profile.rate,
    seconds: profile.fixedRateSeconds,
  };
  const fixed = await ctx.load.call<FixedRateResult>(
    'fixedRate',
    fixedParams,
    profile.fixedRateSeconds * 1000 + CALL_SLACK_MS,
  );

  ctx.progress(`${target.name}: (c) ${profile.streams} SSE streams`);
  const { sse, rssMb } = await sseWithRss(ctx, target, profile.sseSeconds);

  ctx.progress(`${target.name}: (a) closed loop, ${profile.connections} connections`);
  const cpuBefore = target.pid === undefined ? undefined : readCpuSeconds(target.pid);
  const core0Before = readCpuTimes(PROXY_CPU);
  const closedStart = performance.now();
  const closed = await closedLoop(ctx, target, profile.closedLoopSeconds);
  const core0Busy = busyPercent(core0Before, readCpuTimes(PROXY_CPU));
  const cpuAfter = target.pid === undefined ? undefined : readCpuSeconds(target.pid);
  const proxyCpuPercent =
    cpuBefore === undefined || cpuAfter === undefined
      ? undefined
      : ((cpuAfter - cpuBefore) / ((performance.now() - closedStart) / 1000)) * 100;
  const foreignCpu0Percent = ctx.pinned ? Math.max(0, core0Busy - (proxyCpuPercent ?? 0)) : NaN;

  return {
    target: target.name,
    round,
    closed,
    proxyCpuPercent,
    foreignCpu0Percent,
    fixed,
    sse,
    rssMb,
  };
}

function settle(profile: Profile): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, profile.settleSeconds * 1000));
}

/** Runs the SSE scenario while sampling the proxy's peak RSS (every 100 ms). */
export async function sseWithRss(
  ctx: MeasureContext,
  target: RunningTarget,
  seconds: number,
): Promise<{ sse: SseResult; rssMb: number | undefined }> {
  const params: SseParams = {
    url: target.url,
    clientKey: ctx.clientKey,
    streams: ctx.profile.streams,
    seconds,
  };
  const stopRss = target.pid === undefined ? undefined : samplePeakRss(target.pid, 100);
  let sse: SseResult;
  let rssMb: number | undefined;
  try {
    sse = await ctx.load.call<SseResult>('sseStreams', params, seconds * 1000 + CALL_SLACK_MS);
  } finally {
    rssMb = stopRss?.();
  }
  return { sse, rssMb };
}
