/**
 * Microbenchmark timing: a function called in batches for a bounded time, after a warm-up; the
 * result is the median of the batch means, in µs per call. The function returns a number that is
 * summed into a sink, so the work it does cannot be optimised away.
 */
import { median } from './stats.ts';

export function microsPerCall(seconds: number, batch: number, fn: (i: number) => number): number {
  let sink = 0;
  let i = 0;
  const means: number[] = [];
  for (const [ms, keep] of [
    [Math.min(500, seconds * 250), false],
    [seconds * 1000, true],
  ] as const) {
    const until = performance.now() + ms;
    while (performance.now() < until) {
      const started = process.hrtime.bigint();
      for (let n = 0; n < batch; n++) sink += fn(i++);
      if (keep) means.push(Number(process.hrtime.bigint() - started) / 1000 / batch);
    }
  }
  if (sink === -1) process.stdout.write('');
  return median(means);
}
