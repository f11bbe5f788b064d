/**
 * The memory probe, run once per proxy before any other load: RSS of the idle, freshly started
 * process, then its peak RSS while 64 SSE streams are open. This isolates what the process and
 * its streams cost. The same peak read again after the rounds' saturating load is far higher for
 * every Node proxy (V8 keeps the heap it grew: ~300 MiB even for the bare passthrough), so the
 * report quotes both and the budget judges each separately.
 */
import { sseWithRss, type MeasureContext, type RunningTarget } from './measure-target.ts';
import { readRssMb } from './proc-stats.ts';
import type { TargetName } from './targets/target-names.ts';

export interface FreshMemory {
  readonly target: TargetName;
  readonly idleMb: number | undefined;
  readonly streamsMb: number | undefined;
  /** Streams that failed during the probe (they count as errors like any other). */
  readonly errors: number;
}

export async function measureFreshMemory(
  ctx: MeasureContext,
  target: RunningTarget,
): Promise<FreshMemory> {
  if (target.pid === undefined)
    return { target: target.name, idleMb: undefined, streamsMb: undefined, errors: 0 };
  const idleMb = readRssMb(target.pid);
  ctx.progress(
    `${target.name}: memory probe, ${ctx.profile.streams} SSE streams on a fresh process`,
  );
  const { sse, rssMb } = await sseWithRss(ctx, target, ctx.profile.freshSseSeconds);
  return { target: target.name, idleMb, streamsMb: rssMb, errors: sse.errors };
}
