/**
 * Issue 4, clusters: accounts linked by synchronised timing. A controller that fans each batch out
 * to the same pool of accounts at once links them — whatever each request says and wherever it
 * comes from — while the same accounts at independent people's times, and busy accounts active
 * tick after tick, do not link.
 */
import { describe, expect, it } from 'vitest';
import { settingsWith } from '../../helpers/detector-traffic.ts';
import type { Account } from '../../../src/account/account.ts';
import type { TierBaseline } from '../../../src/account/accounts-schema.ts';
import { timingOf } from '../../../src/detection/account-timing.ts';
import { detectionSchema } from '../../../src/detection/detection-schema.ts';
import type { DetectionSettings } from '../../../src/detection/detection-settings.ts';
import { Detector } from '../../../src/detection/engine.ts';
import type { FingerprintIndex } from '../../../src/detection/fingerprint-index.ts';
import type { Score } from '../../../src/detection/score.ts';
import { MIN_GAP_TICKS, NO_TICK, timingKey } from '../../../src/detection/timing.ts';
import type { Tracked } from '../../../src/detection/tracked.ts';
import { kindOf } from '../../../src/signals/hash.ts';
import type { RequestFacts } from '../../../src/signals/request-facts.ts';
import { PRINT } from '../../../src/signals/request-signals.ts';
import { createRng, type Rng } from '../../../src/simulator/rng.ts';
import { messagesFacts, testAccount } from '../../helpers/request-fixtures.ts';

const T0 = Date.parse('2027-03-01T00:00:00Z');
const BASELINES: Readonly<Record<string, TierBaseline>> = {};
/** A 60 s window, one model of 8,000 output tokens, and timing ticks of `tick`. */
function withTick(tick: string): DetectionSettings {
  return settingsWith({ timing_tick: tick });
}
const settings = withTick('250ms');
const SPAN = 60_000 / 250;

/** A prompt no other request shares: no template, no near duplicate (made-up words). */
function prompt(rng: Rng): string {
  const word = () =>
    Array.from({ length: 7 }, () => String.fromCharCode(97 + rng.int(0, 25))).join('');
  return Array.from({ length: 14 }, word).join(' ');
}

/**
 * A request from its own exit and client: harvesting (max_tokens at the model's maximum), or an
 * ordinary one (no harvest shape to link by).
 */
function request(
  rng: Rng,
  i: number,
  use: DetectionSettings = settings,
  harvesting = true,
): RequestFacts {
  return messagesFacts(
    {
      model: 'm-big',
      max_tokens: harvesting ? 8000 : 1024,
      messages: [{ role: 'user', content: prompt(rng) }],
    },
    use,
    ['Host', 'api.example', 'User-Agent', `client-${rng.int(1, 1e6)}/1.0`],
    `203.${i % 250}.${rng.int(0, 255)}.0/24`,
  );
}

const fresh = (i: number): Account =>
  testAccount({ id: `acct-${i}`, keyId: `key_${i}`, tier: 'standard', ageDays: 1 });

type Send = { at: number; who: number };

/** Scores then folds in each send in time order, refreshing as the proxy does (every 250 ms). */
function run(
  sends: Send[],
  use: DetectionSettings = settings,
): { detector: Detector; end: number } {
  const detector = new Detector(use, BASELINES);
  const rng = createRng(11);
  let refreshed = T0;
  let end = T0;
  for (const send of [...sends].sort((a, b) => a.at - b.at)) {
    const facts = request(rng, send.who, use);
    detector.score(fresh(send.who), facts, send.at);
    detector.observe(fresh(send.who), facts, send.at);
    if (send.at - refreshed >= 250) {
      detector.refresh(send.at);
      refreshed = send.at;
    }
    end = send.at;
  }
  detector.refresh(end);
  return { detector, end };
}

/** What a shipped block rule needs (risk-block, hydra-template). */
const blocks = (score: Score): boolean => score.value >= 0.75 && score.families.length >= 2;

const ACCOUNTS = 12;
const WAVES = 10;
const WAVE_MS = 2_000;

const timingClusters = (detector: Detector, end: number) =>
  detector.topClusters(end, 256).filter((cluster) => cluster.link === 'timing');

describe('timingKey', () => {
  it('signs three sparse bursts within a window, the same ticks alike', () => {
    const key = timingKey(100, 108, 120, SPAN);
    expect(key).not.toBe(0);
    expect(kindOf(key)).toBe(PRINT.timing);
    expect(timingKey(100, 108, 120, SPAN)).toBe(key);
    expect(timingKey(100, 108, 121, SPAN)).not.toBe(key);
    // Ticks of ms since the epoch exceed 32 bits.
    expect(timingKey(7e9, 7e9 + 8, 7e9 + 20, SPAN)).not.toBe(0);
  });

  it('does not sign busy, incomplete or stale activity', () => {
    expect(timingKey(100, 100 + MIN_GAP_TICKS - 1, 120, SPAN)).toBe(0);
    expect(timingKey(100, 108, 108 + MIN_GAP_TICKS - 1, SPAN)).toBe(0);
    expect(timingKey(NO_TICK, 108, 120, SPAN)).toBe(0);
    expect(timingKey(100, 108, 100 + SPAN + 1, SPAN)).toBe(0);
  });
});

/** The pool fired in waves: every account within 60 ms of the wave's start. */
function waves(seed: number): Send[] {
  const rng = createRng(seed);
  const sends: Send[] = [];
  for (let wave = 0; wave < WAVES; wave++)
    for (let who = 0; who < ACCOUNTS; who++)
      sends.push({ at: T0 + wave * WAVE_MS + rng.int(0, 60), who });
  return sends;
}

describe('Detector: synchronised timing', () => {
  it('links a pool that a controller fires in waves, whatever each request says', () => {
    const rng = createRng(3);
    const { detector, end } = run(waves(3));
    const [cluster, ...others] = timingClusters(detector, end);
    // One cluster, not one per wave: the pool joins the first signature's cluster and stays.
    expect(others).toEqual([]);
    expect(cluster?.accounts).toBeGreaterThanOrEqual(ACCOUNTS - 1);
    expect(cluster?.requests).toBeGreaterThan(ACCOUNTS * (WAVES - 4));
    expect(cluster?.specific).toBe(false);
    // Young accounts rotating exits, harvesting together: the cluster carries risk.
    expect(cluster?.risk ?? 0).toBeGreaterThan(0.3);

    // A later request of a pool member, sharing nothing else with the pool, is scored through it.
    const score = detector.score(fresh(0), request(rng, 0, settings, false), end + 2_000);
    expect(score.cluster?.link).toBe('timing');
    expect(score.factors.map((factor) => factor.signal)).toContain('cluster.risk.timing');
  });

  it('does not link the same accounts at independent times, at the same rate', () => {
    const rng = createRng(5);
    const sends: Send[] = [];
    for (let who = 0; who < ACCOUNTS; who++)
      for (let k = 0; k < WAVES; k++) sends.push({ at: T0 + rng.int(0, WAVES * WAVE_MS), who });
    const { detector, end } = run(sends);
    expect(timingClusters(detector, end)).toEqual([]);
  });

  it('links clock-aligned jobs of many customers, and acts on none of them', () => {
    // 30 established customers (each its own org) run a job at the same schedule — every 5 s here,
    // "on the hour" in production — each a moment after the mark: they share ticks by design.
    const rng = createRng(23);
    const customer = (i: number): Account =>
      testAccount({
        id: `acct-${i}`,
        keyId: `key_${i}`,
        tier: 'standard',
        ageDays: 200 + i * 10,
        verified: true,
        org: `org_${i}`,
      });
    const detector = new Detector(settings, BASELINES);
    const scores: Score[] = [];
    for (let run = 0; run < 10; run++)
      for (let i = 0; i < 30; i++) {
        const at = T0 + run * 5_000 + rng.int(20, 200);
        const facts = request(rng, i, settings, false);
        scores.push(detector.score(customer(i), facts, at));
        detector.observe(customer(i), facts, at);
        detector.refresh(at);
      }
    const end = T0 + 10 * 5_000;
    // They do link (that is what a shared schedule looks like)…
    expect(timingClusters(detector, end).length).toBeGreaterThan(0);
    // …but established customers of many orgs, showing no harvesting of their own, are not acted on.
    for (const score of scores) expect(blocks(score)).toBe(false);
    for (const score of scores) expect(score.value).toBeLessThan(0.45);
  });

  it('does not link busy accounts, active tick after tick', () => {
    const sends: Send[] = [];
    for (let at = 0; at < 20_000; at += 200)
      for (let who = 0; who < ACCOUNTS; who++) sends.push({ at: T0 + at + who, who });
    const { detector, end } = run(sends);
    expect(timingClusters(detector, end)).toEqual([]);
  });

  it('starts over after a reload to a longer tick, and links the next waves', () => {
    const longer = withTick('1s');
    const rng = createRng(13);
    const detector = new Detector(settings, BASELINES);
    const send = (wave: number, who: number) => {
      const at = T0 + wave * 4_000 + rng.int(0, 60);
      const facts = request(rng, who);
      detector.observe(fresh(who), facts, at);
      detector.refresh(at);
    };
    for (let who = 0; who < ACCOUNTS; who++) send(0, who);
    // Ticks of 1 s are a quarter of the 250 ms ones the accounts hold: time seems to run back.
    detector.reconfigure(longer, BASELINES);
    for (let wave = 1; wave < WAVES; wave++)
      for (let who = 0; who < ACCOUNTS; who++) send(wave, who);
    const clusters = timingClusters(detector, T0 + WAVES * 4_000);
    expect(clusters).toHaveLength(1);
    expect(clusters[0]?.accounts).toBeGreaterThanOrEqual(ACCOUNTS - 1);
  });

  it('scores each request with the timing fingerprint that observing it then carries', () => {
    // Waves that form a cluster, an idle spell longer than the window, requests observed a few
    // ticks late (after a throttle's delay), and a clock step back by more than a window.
    const rng = createRng(17);
    const sends: Send[] = [];
    for (let wave = 0; wave < 6; wave++)
      for (let who = 0; who < 6; who++) sends.push({ at: T0 + wave * 2_000 + who * 7, who });
    const resume = T0 + 12_000 + 70_000;
    for (let wave = 0; wave < 4; wave++)
      for (let who = 0; who < 6; who++) {
        sends.push({ at: resume + wave * 2_000 + who * 7, who });
        if (who % 2 === 0) sends.push({ at: resume + wave * 2_000 - 900, who });
      }
    for (let who = 0; who < 6; who++) sends.push({ at: T0 - 120_000, who });

    const detector = new Detector(settings, BASELINES);
    const d = detector as unknown as {
      settings: DetectionSettings;
      index: FingerprintIndex;
      accounts: { peek(id: string): Tracked | undefined };
      collectSlots(signals: unknown, timing: number): number;
    };
    let carried = Number.NaN;
    const collect = d.collectSlots.bind(detector);
    d.collectSlots = (signals, timing) => {
      carried = timing;
      return collect(signals, timing);
    };
    let linked = 0;
    for (const send of sends) {
      const predicted = timingOf(d.accounts.peek(`acct-${send.who}`), send.at, d.settings, d.index);
      detector.observe(fresh(send.who), request(rng, send.who), send.at);
      expect(carried).toBe(predicted);
      if (predicted !== 0) linked++;
      detector.refresh(send.at);
    }
    expect(linked).toBeGreaterThan(sends.length / 2);
  });

  it('links nothing with timing_tick 0s; a tick under 10 ms is a config error', () => {
    const off = withTick('0s');
    expect(off.timingTick).toBe(0);
    const { detector, end } = run(waves(3), off);
    expect(timingClusters(detector, end)).toEqual([]);
    expect(() => detectionSchema.parse({ timing_tick: '5ms' })).toThrow(/0s \(off\)/);
  });
});
