import { describe, expect, it } from 'vitest';
import type { Account } from '../../../src/account/account.ts';
import { detectionSchema } from '../../../src/detection/detection-schema.ts';
import {
  compileDetection,
  type DetectionSettings,
} from '../../../src/detection/detection-settings.ts';
import { Detector } from '../../../src/detection/engine.ts';
import { createRefreshTimer } from '../../../src/detection/refresh-timer.ts';
import { fingerprint, fmix } from '../../../src/signals/hash.ts';
import type { RequestFacts } from '../../../src/signals/request-facts.ts';
import { PRINT } from '../../../src/signals/request-signals.ts';
import { BASELINES, stepByStepFacts, T0 } from '../../helpers/detector-traffic.ts';
import { testAccount } from '../../helpers/request-fixtures.ts';

const GROUPS = 400;
const MEMBERS = 4;

const settings: DetectionSettings = compileDetection(
  detectionSchema.parse({
    window: '60s',
    max_fingerprints: 8192,
    models: [{ name: 'm-big', max_output_tokens: 8000 }],
  }),
);

/** The same, with campaign components on: their step is sliced too. */
const withComponents: DetectionSettings = compileDetection(
  detectionSchema.parse({
    window: '60s',
    max_fingerprints: 8192,
    campaign_components: true,
    models: [{ name: 'm-big', max_output_tokens: 8000 }],
  }),
);

function account(i: number): Account {
  return testAccount({ id: `acct-${i}`, keyId: `key_${i}`, tier: 'standard', ageDays: 2 });
}

const base = stepByStepFacts(settings);

/**
 * Request `k` of account `i`: GROUPS templates (each shared by MEMBERS accounts: a cluster per
 * template), the rest of its content distinct, a new IP prefix per request.
 */
function facts(i: number, k: number): RequestFacts {
  const group = i % GROUPS;
  const own = fmix(i * 7919 + k * 104_729 + 1);
  return {
    ...base,
    signals: {
      ...base.signals!,
      skeleton: fingerprint(PRINT.skeleton, fmix(group + 11)),
      head: fingerprint(PRINT.head, fmix(group + 13)),
      tail: fingerprint(PRINT.tail, own),
      frameHead: fingerprint(PRINT.frameHead, fmix(own + 1)),
      frameTail: 0,
      bands: [fingerprint(PRINT.band, fmix(own + 2))],
      exact: fmix(own + 3),
      ipPrefix: fingerprint(PRINT.ipPrefix, fmix(own + 4)),
    },
  };
}

/** Feeds round `round` of the traffic; returns the time after it. */
function feed(detector: Detector, round: number, start: number): number {
  let now = start;
  for (let i = 0; i < GROUPS * MEMBERS; i++) {
    now += 7;
    detector.score(account(i), facts(i, round), now);
    detector.observe(account(i), facts(i, round), now);
  }
  return now;
}

/** What refresh decides, as the admin API and the scoring path see it. */
function outcome(detector: Detector, now: number): unknown {
  return {
    clusters: detector.topClusters(now, 100_000),
    stats: detector.stats(now),
    scores: Array.from({ length: 40 }, (_, i) => detector.score(account(i), facts(i, 99), now)),
  };
}

/** A refresh timer whose slice budget runs out after a couple of questions (no real timing). */
function slicedTimer(detector: Detector, now: () => number): ReturnType<typeof createRefreshTimer> {
  let tick = 0;
  return createRefreshTimer(detector, {
    now,
    interval: () => 1000,
    sliceMs: 2,
    elapsed: () => tick++,
  });
}

describe('Detector: refresh in slices', () => {
  it.each([
    ['', settings],
    [' (campaign components on)', withComponents],
  ])('yields between slices and decides exactly as the one-go refresh%s', async (_, chosen) => {
    const oneGo = new Detector(chosen, BASELINES);
    const sliced = new Detector(chosen, BASELINES);
    let now = T0;
    let slicedNow = T0;
    const timer = slicedTimer(sliced, () => slicedNow);
    for (let round = 0; round < 4; round++) {
      const next = feed(oneGo, round, now);
      feed(sliced, round, now);
      now = next + 10_000;
      slicedNow = now;
      oneGo.refresh(now);
      // Macrotasks that ran while the refresh was under way: it yielded to the event loop.
      let turns = 0;
      let counting = true;
      const count = (): void => {
        if (!counting) return;
        turns++;
        setImmediate(count);
      };
      setImmediate(count);
      expect(await timer.tick()).toBe(true);
      counting = false;
      expect(turns).toBeGreaterThan(1);
    }
    expect(timer.stats().slices).toBeGreaterThan(timer.stats().refreshes * 2);
    const expected = outcome(oneGo, now);
    expect((expected as { stats: { clusters: number } }).stats.clusters).toBeGreaterThan(100);
    const clusters = (expected as { clusters: { risk: number; componentRisk: number | null }[] })
      .clusters;
    expect(clusters.some((c) => c.risk > 0)).toBe(true);
    // With components on, some clusters are in one (so their step ran, in slices too).
    expect(clusters.some((c) => c.componentRisk !== null)).toBe(chosen.campaignComponents);
    expect(outcome(sliced, now)).toEqual(expected);
  });

  it('never runs two refreshes at once: a tick during one is skipped and counted', async () => {
    const detector = new Detector(settings, BASELINES);
    const now = feed(detector, 0, T0) + 1000;
    const skips: number[] = [];
    let tick = 0;
    const timer = createRefreshTimer(detector, {
      now: () => now,
      interval: () => 1000,
      sliceMs: 2,
      elapsed: () => tick++,
      onSkip: (skipped) => skips.push(skipped),
    });
    const first = timer.tick();
    const second = timer.tick();
    expect(await second).toBe(false);
    expect(await first).toBe(true);
    expect(skips).toEqual([1]);
    expect(timer.stats()).toMatchObject({ refreshes: 1, skipped: 1 });
    // Once the first is done, the next tick runs.
    expect(await timer.tick()).toBe(true);
    expect(timer.stats()).toMatchObject({ refreshes: 2, skipped: 1 });
  });

  it('keeps scoring consistently while requests arrive between slices', () => {
    const detector = new Detector(settings, BASELINES);
    let now = feed(detector, 0, T0);
    now = feed(detector, 1, now) + 1000;
    detector.refresh(now);
    now = feed(detector, 2, now) + 1000;
    const before = detector.topClusters(now, 100_000).length;
    const run = detector.startRefresh();
    let slices = 0;
    let i = 0;
    // One question to `pause` per slice: the refresh advances a step, then a request comes.
    let asked = false;
    const pause = (): boolean => {
      asked = !asked;
      return !asked;
    };
    while (!detector.continueRefresh(run, now, pause)) {
      slices++;
      now += 3;
      // Every account's template cluster formed in the refresh before this one: a request
      // scored between slices still finds it, and its score is a score.
      const score = detector.score(account(i), facts(i, 3), now);
      expect(score.cluster).not.toBeNull();
      expect(score.value).toBeGreaterThan(0);
      expect(score.value).toBeLessThanOrEqual(1);
      detector.observe(account(i), facts(i, 3), now);
      i = (i + 1) % (GROUPS * MEMBERS);
    }
    expect(slices).toBeGreaterThan(10);
    // No cluster was lost to the requests in between: each still answers for its fingerprints.
    expect(detector.topClusters(now, 100_000).length).toBeGreaterThanOrEqual(before);
    const linked = detector.score(account(0), facts(0, 4), now);
    expect(linked.cluster).not.toBeNull();
  });
});
