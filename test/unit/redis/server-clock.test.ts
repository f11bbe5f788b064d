import { describe, expect, it } from 'vitest';
import { ServerClock } from '../../../src/redis/server-clock.ts';

/** A TIME round trip sent at `before`, read at `after` (monotonic), the server at `server`. */
const sample = (before: number, after: number, server: number) => ({ before, after, server });

describe('ServerClock', () => {
  it('keeps the sample with the shortest round trip, its half round trip as the uncertainty', () => {
    const clock = new ServerClock(0, 12.5);
    // The server is 1,000 ms ahead of the monotonic clock; it answers 0.2 ms after each send,
    // and the first reply is read 80 ms late (a busy loop).
    clock.update([sample(100, 180, 1100.2), sample(200, 201, 1200.2)]);
    expect(clock.offset).toBeCloseTo(999.7, 6);
    expect(clock.uncertainty).toBe(0.5);
    expect(clock.due(201 + 29_000)).toBe(false);
    expect(clock.due(201 + 31_000)).toBe(true);
  });

  it('a round of slow samples is used for now and tried again at the next sync', () => {
    const clock = new ServerClock(0, 12.5);
    clock.update([sample(100, 180, 1100.2)]);
    expect(clock.offset).toBeCloseTo(960.2, 6);
    expect(clock.uncertainty).toBe(40);
    expect(clock.due(181)).toBe(true);
    // A better round replaces it, though it moved by less than the old uncertainty.
    clock.update([sample(1000, 1001, 2000.2)]);
    expect(clock.offset).toBeCloseTo(999.7, 6);
    expect(clock.due(1002)).toBe(false);
  });

  it('no jitter: a new estimate within both uncertainties (and a millisecond) is not taken', () => {
    const clock = new ServerClock(0, 12.5);
    clock.update([sample(0, 2, 1001)]);
    expect(clock.offset).toBe(1000);
    clock.update([sample(40_000, 40_002, 41_001.8)]);
    expect(clock.offset).toBe(1000);
    // The clocks drifted apart beyond that: taken.
    clock.update([sample(80_000, 80_002, 81_004)]);
    expect(clock.offset).toBe(1003);
  });

  it('without a sample (TIME failed) nothing changes', () => {
    const clock = new ServerClock(42, 12.5);
    clock.update([]);
    expect(clock.offset).toBe(42);
    expect(clock.uncertainty).toBe(0);
    expect(clock.due(0)).toBe(true);
  });
});
