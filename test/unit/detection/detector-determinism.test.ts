/**
 * The detector is a function of what it is fed and of the time passed in (DESIGN.md: a pure core,
 * time injected): two detectors fed the same long mix of traffic (detector-mix.ts) — reloads,
 * refreshes in slices with requests between them, evictions, compaction, platforms' end users,
 * timing links, campaign components, responses settled — score every request alike, and agree on
 * their stats, top clusters and account views after every refresh.
 *
 * With DG_DETECTOR_BASE=<another checkout of this repository> the second detector is that tree's
 * (its src/detection/engine.ts, with this checkout's node_modules): how a change meant to keep
 * every score — a refactor of the engine — proves it against the commit before it.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Detector } from '../../../src/detection/engine.ts';
import {
  ACCOUNTS,
  account,
  facts,
  handleOf,
  runMix,
  settings,
} from '../../helpers/detector-mix.ts';
import { BASELINES } from '../../helpers/detector-traffic.ts';

/** The second detector's class: this tree's, or DG_DETECTOR_BASE's. */
async function otherDetector(): Promise<typeof Detector> {
  const base = process.env['DG_DETECTOR_BASE'];
  if (base === undefined || base === '') return Detector;
  const engine = pathToFileURL(join(base, 'src/detection/engine.ts')).href;
  return ((await import(engine)) as { Detector: typeof Detector }).Detector;
}

describe('Detector: determinism', () => {
  it('scores a long mix of traffic alike in two detectors fed alike', async () => {
    const Other = await otherDetector();
    const ours = new Detector(settings, BASELINES);
    const theirs = new Other(settings, BASELINES);
    let calls = 0;
    let linked = 0;
    let flagged = 0;
    let endUserScores = 0;
    let differ = 0;
    let firstDiffer = '';
    const same = (what: string, a: unknown, b: unknown): void => {
      if (JSON.stringify(a) === JSON.stringify(b)) return;
      differ++;
      firstDiffer ||= `${what}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
    };
    runMix(
      [ours, theirs],
      BASELINES,
      (i, k, round, now) => {
        const a = account(i, handleOf(i, k, round));
        const f = facts(i, k);
        const score = ours.score(a, f, now);
        same(`score of ${a.id} at ${now}`, score, theirs.score(a, f, now));
        calls++;
        if (score.cluster !== null) linked++;
        if (score.cluster?.flagged === true) flagged++;
        if (score.factors.some((factor) => factor.signal.startsWith('end_user.'))) endUserScores++;
        const observed = [ours.observe(a, f, now), theirs.observe(a, f, now)] as const;
        // A response's output: long answers now and then (the output ratio's yield).
        const usage = { inputTokens: 200, outputTokens: 100 + ((i * 31 + k) % 4000) };
        ours.settle(a, usage, now, observed[0]);
        theirs.settle(a, usage, now, observed[1]);
      },
      (now) => {
        same(`stats at ${now}`, ours.stats(now), theirs.stats(now));
        same(`top clusters at ${now}`, ours.topClusters(now, 50), theirs.topClusters(now, 50));
        for (let i = 0; i < ACCOUNTS; i += 7)
          same(
            `acct-${i} at ${now}`,
            ours.accountView(`acct-${i}`, now),
            theirs.accountView(`acct-${i}`, now),
          );
      },
    );
    expect(firstDiffer).toBe('');
    expect(differ).toBe(0);
    // What the run covered (else the comparison proves little).
    expect(calls).toBeGreaterThan(25_000);
    expect(linked).toBeGreaterThan(2_000);
    expect(flagged).toBeGreaterThan(100);
    expect(endUserScores).toBeGreaterThan(50);
  });
});
