import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createOverloadGuard } from '../../../src/pipeline/overload-guard.ts';

/** Blocks the event loop: a real delay for the histogram to see, not a simulated one. */
function busy(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // spin
  }
}

describe('overload guard', () => {
  it('is disabled at 0 and never sheds', async () => {
    const guard = createOverloadGuard(0, 50, () => {});
    busy(150);
    await delay(120);
    expect(guard.shedding).toBe(false);
    guard.close();
  });

  it('sheds while the event loop is blocked beyond the threshold, then recovers', async () => {
    const changes: { shedding: boolean; delayMs: number }[] = [];
    const guard = createOverloadGuard(50, 100, (shedding, delayMs) =>
      changes.push({ shedding, delayMs }),
    );
    try {
      await delay(20);
      for (let i = 0; i < 5 && changes.length === 0; i++) {
        busy(250); // one blocked stretch far above the 50 ms threshold
        await delay(120); // let the interval timer observe it
      }
      expect(changes[0]?.shedding).toBe(true);
      expect(changes[0]?.delayMs).toBeGreaterThan(50);
      // With the loop free again, the next interval sees normal delays and stops shedding.
      await expect.poll(() => guard.shedding, { timeout: 5_000, interval: 50 }).toBe(false);
      expect(changes.map((change) => change.shedding).slice(0, 2)).toEqual([true, false]);
    } finally {
      guard.close();
    }
  });
});
