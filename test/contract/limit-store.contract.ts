/**
 * The LimitStore contract: what every implementation (memory; Redis on one server and on a
 * Cluster, with and without leases) must do, run against each by limit-store.test.ts. Results are
 * awaited, so a synchronous store and one answering with promises pass the same assertions.
 * Time is passed in: `t0` is the real clock at the start (Redis keys expire in real time) and
 * steps only go forward from it.
 */
import { describe, expect, it } from 'vitest';
import type { Rate } from '../../src/limits/gcra.ts';
import type { BucketSpend, LimitStore, SlotClaim } from '../../src/limits/limit-store.ts';

export interface LimitStoreFactory {
  /** A store on fresh state (a new key prefix for shared stores). */
  create(): Promise<LimitStore>;
  /** A second replica on the same shared state as the last store created (shared stores only). */
  replica?(): Promise<LimitStore>;
}

const perMinute = (limit: number, burst = limit): Rate => ({ limit, periodMs: 60_000, burst });
const perHour = (limit: number): Rate => ({ limit, periodMs: 3_600_000, burst: limit });

/** A bucket key the way admit-limits names them: limit, scope, dimension. */
const key = (scope: string, dim = 'r', limit = 'lim'): string =>
  `${limit}\u0000${scope}\u0000${dim}`;

export function limitStoreContract(name: string, factory: LimitStoreFactory): void {
  describe(`LimitStore contract: ${name}`, () => {
    it('spends every bucket or none, naming the first that refused', async () => {
      const store = await factory.create();
      const t0 = Date.now();
      const a = { key: key('acct_a'), rate: perMinute(10), cost: 1 };
      const b = { key: key('acct_a', 'i'), rate: perMinute(2), cost: 1 };
      expect((await store.spendAll([a, b], t0)).allowed).toBe(true);
      expect((await store.spendAll([a, b], t0)).allowed).toBe(true);
      expect(await store.spendAll([a, b], t0)).toMatchObject({ allowed: false, refused: 1 });
      // a was not charged by the refused call: 8 more fit.
      let admitted = 0;
      for (let i = 0; i < 12; i++) if ((await store.spendAll([a], t0)).allowed) admitted++;
      expect(admitted).toBe(8);
    });

    it('says how long until a refused spend fits, and refills at the rate', async () => {
      const store = await factory.create();
      const t0 = Date.now();
      const spend = { key: key('acct_w'), rate: perMinute(60), cost: 1 }; // one a second
      for (let i = 0; i < 60; i++) expect((await store.spendAll([spend], t0)).allowed).toBe(true);
      const refused = await store.spendAll([spend], t0);
      expect(refused.allowed).toBe(false);
      expect(refused.waitMs).toBe(1000);
      expect((await store.spendAll([spend], t0 + 1000)).allowed).toBe(true);
      expect((await store.spendAll([spend], t0 + 1000)).allowed).toBe(false);
    });

    it('reports what is left and when the bucket is rested', async () => {
      const store = await factory.create();
      const t0 = Date.now();
      const spend = { key: key('acct_r'), rate: perMinute(60), cost: 5 };
      const outcome = await store.spendAll([spend], t0);
      expect(outcome).toMatchObject({ allowed: true, remaining: [55], resetMs: [5000] });
    });

    it('clamps a cost above the burst: it waits for a rested bucket, never forever', async () => {
      const store = await factory.create();
      const t0 = Date.now();
      const big = { key: key('acct_big', 'o'), rate: perMinute(100), cost: 1000 };
      expect((await store.spendAll([big], t0)).allowed).toBe(true);
      const refused = await store.spendAll([big], t0);
      expect(refused.allowed).toBe(false);
      expect(refused.waitMs).toBe(60_000);
      expect((await store.spendAll([big], t0 + 60_000)).allowed).toBe(true);
    });

    it('settles: refunds give units back (never beyond rested), overage takes more', async () => {
      const store = await factory.create();
      const t0 = Date.now();
      const rate = perHour(100);
      const k = key('acct_s', 'o');
      expect((await store.spendAll([{ key: k, rate, cost: 100 }], t0)).allowed).toBe(true);
      expect((await store.spendAll([{ key: k, rate, cost: 1 }], t0)).allowed).toBe(false);
      store.adjust(k, rate, -30, t0);
      await settleDelay();
      expect((await store.spendAll([{ key: k, rate, cost: 30 }], t0)).allowed).toBe(true);
      expect((await store.spendAll([{ key: k, rate, cost: 1 }], t0)).allowed).toBe(false);
      store.adjust(k, rate, -1000, t0);
      await settleDelay();
      expect((await store.spendAll([{ key: k, rate, cost: 100 }], t0)).allowed).toBe(true);
      expect((await store.spendAll([{ key: k, rate, cost: 1 }], t0)).allowed).toBe(false);
    });

    it('takes concurrent-stream slots with the buckets, all or nothing, and frees them', async () => {
      const store = await factory.create();
      const t0 = Date.now();
      const slot: SlotClaim = { key: key('acct_c', 's'), max: 2, hold: true };
      const bucket = { key: key('acct_c'), rate: perHour(3), cost: 1 };
      expect((await store.spendAll([bucket], t0, [slot])).allowed).toBe(true);
      expect((await store.spendAll([bucket], t0, [slot])).allowed).toBe(true);
      // Full: refused as slot claim 0 (index spends.length + 0), and the bucket is not charged.
      expect(await store.spendAll([bucket], t0, [slot])).toMatchObject({
        allowed: false,
        refused: 1,
      });
      store.releaseSlot(slot.key);
      await settleDelay();
      // A check-only claim (a shadow limit) takes nothing.
      expect((await store.spendAll([], t0, [{ ...slot, hold: false }])).allowed).toBe(true);
      expect((await store.spendAll([bucket], t0, [slot])).allowed).toBe(true);
      // The bucket is empty now: the free slot is not taken by a refused request.
      store.releaseSlot(slot.key);
      await settleDelay();
      expect(await store.spendAll([bucket], t0, [slot])).toMatchObject({
        allowed: false,
        refused: 0,
      });
      expect((await store.spendAll([], t0, [slot])).allowed).toBe(true);
    });

    it('admits exactly L of N concurrent requests', async () => {
      const store = await factory.create();
      const t0 = Date.now();
      const spend = { key: key('acct_n'), rate: perHour(20), cost: 1 };
      const outcomes = await Promise.all(
        Array.from({ length: 50 }, async () => store.spendAll([spend], t0)),
      );
      expect(outcomes.filter((o) => o.allowed)).toHaveLength(20);
    });

    it('keeps scopes of any shape apart (unicode, braces, very long)', async () => {
      const store = await factory.create();
      const t0 = Date.now();
      const scopes = ['acct_{x}', 'acct_}{', 'ünïcødé', 'a'.repeat(300), 'acct x\ny'];
      for (const scope of scopes) {
        const spend = { key: key(scope), rate: perHour(1), cost: 1 };
        expect((await store.spendAll([spend], t0)).allowed).toBe(true);
        expect((await store.spendAll([spend], t0)).allowed).toBe(false);
      }
    });

    it('spends buckets of several scopes in one call (several hash tags)', async () => {
      const store = await factory.create();
      const t0 = Date.now();
      const spends: BucketSpend[] = [
        { key: key('acct_m', 'r', 'per-account'), rate: perHour(5), cost: 1 },
        { key: key('org_m', 'r', 'per-org'), rate: perHour(2), cost: 1 },
        { key: key('10.0.0.0/24', 'r', 'per-ip'), rate: perHour(5), cost: 1 },
      ];
      expect((await store.spendAll(spends, t0)).allowed).toBe(true);
      expect((await store.spendAll(spends, t0)).allowed).toBe(true);
      expect(await store.spendAll(spends, t0)).toMatchObject({ allowed: false, refused: 1 });
      // The refused call gave back what the other buckets took: 3 more fit in per-account.
      let admitted = 0;
      for (let i = 0; i < 5; i++) if ((await store.spendAll([spends[0]!], t0)).allowed) admitted++;
      expect(admitted).toBe(3);
    });

    if (factory.replica !== undefined) {
      const replica = factory.replica.bind(factory);
      it('shares one limit between replicas: L in total, whoever asks', async () => {
        const a = await factory.create();
        const b = await replica();
        const t0 = Date.now();
        const spend = { key: key('acct_shared'), rate: perHour(100), cost: 1 };
        let admitted = 0;
        for (let i = 0; i < 300; i++) {
          const store = i % 3 === 0 ? a : b;
          if ((await store.spendAll([spend], t0)).allowed) admitted++;
        }
        expect(admitted).toBe(100);
      });
    }
  });
}

/** Settlements are fire-and-forget: give a shared store's round trip a moment to land. */
async function settleDelay(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 30));
}
