import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adjust, available, spend, type Rate } from '../../../src/limits/gcra.ts';
import { MemoryLimitStore } from '../../../src/limits/limit-store.ts';

const perMinute = (limit: number, burst = limit): Rate => ({ limit, periodMs: 60_000, burst });

describe('GCRA', () => {
  it('admits a rested bucket its burst at once, then one unit per interval', () => {
    const rate = perMinute(6, 3); // one unit every 10 s, three at once
    let tat = 0;
    const now = 1_000_000;
    for (let i = 0; i < 3; i++) {
      const result = spend(rate, tat, 1, now);
      expect(result.allowed).toBe(true);
      expect(result.remaining).toBe(2 - i);
      tat = result.tat;
    }
    const refused = spend(rate, tat, 1, now);
    expect(refused.allowed).toBe(false);
    expect(refused.waitMs).toBe(10_000);
    expect(spend(rate, tat, 1, now + 9_999).allowed).toBe(false);
    expect(spend(rate, tat, 1, now + 10_000).allowed).toBe(true);
  });

  it('never admits more than burst + elapsed × rate (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 50 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 1, max: 5 })), {
          maxLength: 200,
        }),
        (limit, burst, steps) => {
          const rate = perMinute(limit, burst);
          let tat = 0;
          let now = 0;
          let admitted = 0;
          for (const [gap, cost] of steps) {
            now += gap;
            const result = spend(rate, tat, cost, now);
            if (result.allowed) {
              tat = result.tat;
              admitted += Math.min(cost, burst);
            }
          }
          expect(admitted).toBeLessThanOrEqual(burst + (now * limit) / 60_000 + 1e-6);
        },
      ),
    );
  });

  it('clamps a cost above the burst: it passes a rested bucket only', () => {
    const rate = perMinute(100);
    expect(spend(rate, 0, 1_000, 0).allowed).toBe(true);
    const spent = spend(rate, 0, 1, 0).tat;
    expect(spend(rate, spent, 1_000, 0).allowed).toBe(false);
  });

  it('settles: a refund gives units back but never beyond a rested bucket', () => {
    const rate = perMinute(60); // a unit a second
    const tat = spend(rate, 0, 30, 0).tat;
    expect(available(rate, tat, 0)).toBe(30);
    expect(available(rate, adjust(rate, tat, -10, 0), 0)).toBe(40);
    expect(available(rate, adjust(rate, tat, 10, 0), 0)).toBe(20);
    expect(available(rate, adjust(rate, tat, -1_000, 0), 0)).toBe(60);
  });
});

describe('MemoryLimitStore', () => {
  it('spends all buckets or none', () => {
    const store = new MemoryLimitStore(1000);
    const a = { key: 'a', rate: perMinute(10), cost: 1 };
    const b = { key: 'b', rate: perMinute(2), cost: 1 };
    expect(store.spendAll([a, b], 0).allowed).toBe(true);
    expect(store.spendAll([a, b], 0).allowed).toBe(true);
    const refused = store.spendAll([a, b], 0);
    expect(refused).toMatchObject({ allowed: false, refused: 1 });
    // a was not charged by the refused call: 8 more fit.
    for (let i = 0; i < 8; i++) expect(store.spendAll([a], 0).allowed).toBe(true);
    expect(store.spendAll([a], 0).allowed).toBe(false);
  });

  it('counts concurrent slots and frees them', () => {
    const store = new MemoryLimitStore(1000);
    const claim = [{ key: 's', max: 2, hold: true }];
    const acquire = (): boolean => store.spendAll([], 0, claim).allowed;
    expect(acquire()).toBe(true);
    expect(acquire()).toBe(true);
    expect(acquire()).toBe(false);
    store.releaseSlot('s');
    expect(acquire()).toBe(true);
    store.releaseSlot('s');
    store.releaseSlot('s');
    expect(store.size()).toBe(0);
  });

  it('stays within its key bound, dropping rested buckets first', () => {
    const store = new MemoryLimitStore(1000);
    const rate = perMinute(1);
    // 500 buckets spent long ago (rested by now), then 2,000 fresh ones.
    for (let i = 0; i < 500; i++) store.spendAll([{ key: `old${i}`, rate, cost: 1 }], 0);
    const now = 10 * 60_000;
    for (let i = 0; i < 2000; i++) store.spendAll([{ key: `new${i}`, rate, cost: 1 }], now);
    expect(store.size()).toBeLessThanOrEqual(1000);
    // The most recent buckets are kept: their limit still holds.
    expect(store.spendAll([{ key: 'new1999', rate, cost: 1 }], now).allowed).toBe(false);
  });
});
