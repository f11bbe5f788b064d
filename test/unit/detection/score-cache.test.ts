/**
 * What scoring reads from state prepared ahead of it: an account's own score composed when its
 * last request was folded in, and the filter of risky clusters' fingerprints rebuilt by each
 * refresh. Neither may change a score: every score recombines exactly from its logged
 * activations under the weights in force (as a replay does), also right after a reload.
 */
import { describe, expect, it } from 'vitest';
import { settingsWith } from '../../helpers/detector-traffic.ts';
import type { Account } from '../../../src/account/account.ts';
import { FAMILIES } from '../../../src/detection/detection-schema.ts';
import type { DetectionSettings } from '../../../src/detection/detection-settings.ts';
import { scoreOf } from '../../../src/detection/combine-score.ts';
import { Detector } from '../../../src/detection/engine.ts';
import { KeyFilter } from '../../../src/detection/key-filter.ts';
import type { Score } from '../../../src/detection/score.ts';
import { anthropic } from '../../../src/dialects/anthropic.ts';
import { INFERENCE_ROUTES, type Route } from '../../../src/dialects/routes.ts';
import { readRequestFacts, type RequestFacts } from '../../../src/signals/request-facts.ts';
import { harvestPrompt } from '../../helpers/hydra.ts';
import { testAccount } from '../../helpers/request-fixtures.ts';

const T0 = Date.parse('2027-03-01T00:00:00Z');
const MESSAGES = INFERENCE_ROUTES.get('/v1/messages') as Route;
const HEADERS = ['User-Agent', 'Anthropic/Python 0.40.1', 'Content-Type', 'application/json'];

function withWeights(weights: Record<string, number> = {}): DetectionSettings {
  return settingsWith({ weights });
}

function facts(
  settings: DetectionSettings,
  text: string,
  ipPrefix: string,
  rawHeaders: readonly string[] = HEADERS,
  maxTokens = 8000,
): RequestFacts {
  const body = {
    model: 'm-big',
    max_tokens: maxTokens,
    messages: [{ role: 'user', content: text }],
  };
  const bytes = JSON.stringify(body).length;
  return readRequestFacts(anthropic, MESSAGES, body, bytes, { rawHeaders, ipPrefix }, settings);
}

/** The score's value recombined from its logged activations under `weights` (a replay). */
function replayed(score: Score, weights: Float64Array): number {
  const activation = new Float64Array(FAMILIES.length);
  FAMILIES.forEach((family, f) => (activation[f] = score.activation?.[family] ?? 0));
  return scoreOf(activation, weights, { value: 0, fired: 0, mask: 0 }).value;
}

const accounts: Account[] = Array.from({ length: 12 }, (_, i) =>
  testAccount({ id: `acct_h${i}`, keyId: `key_h${i}`, ageDays: 1, programme: 'startup' }),
);

describe('Detector: scores from prepared state', () => {
  const settings = withWeights();
  const detector = new Detector(settings, {});
  const scores: Score[] = [];
  let now = T0;
  for (let round = 0; round < 6; round++) {
    for (const [i, account] of accounts.entries()) {
      now += 300;
      const request = facts(
        settings,
        harvestPrompt(round * 12 + i),
        `198.51.${round * 12 + i}.0/24`,
      );
      scores.push(detector.score(account, request, now));
      detector.observe(account, request, now);
      if (i % 4 === 3) detector.refresh(now);
    }
  }

  it('recombines every score exactly from its logged activations', () => {
    expect(scores.some((score) => score.cluster !== null && score.value > 0.6)).toBe(true);
    for (const score of scores) expect(score.value).toBe(replayed(score, settings.weights));
  });

  it('scores under reloaded weights before the account sends again, and only reads', () => {
    // Neither a risky cluster nor inherited risk: the account's own score (composed ahead).
    const quiet = testAccount({ id: 'acct_quiet', ageDays: 1, programme: 'startup' });
    const alone = (k: number): RequestFacts =>
      facts(
        settings,
        `Question ${k}: ${'why is the sky blue at noon but red at dusk '.repeat(1 + (k % 3))}?`,
        '203.0.113.0/24',
        ['User-Agent', `quiet-client/${k % 2}`],
        300,
      );
    for (let k = 0; k < 12; k++) {
      now += 1000;
      detector.score(quiet, alone(k), now);
      detector.observe(quiet, alone(k), now);
    }
    const request = alone(12);
    const own = detector.score(quiet, request, now);
    expect(own.cluster).toBeNull();
    expect(own.factors.length).toBeGreaterThan(0);
    expect(own.value).toBe(replayed(own, settings.weights));

    const reweighted = withWeights({ provenance: 0.05, harvest: 0.1, elicitation: 0.1 });
    detector.reconfigure(reweighted, {});
    const after = detector.score(quiet, request, now);
    expect(after.value).not.toBe(own.value);
    expect(after.value).toBe(replayed(after, reweighted.weights));
    expect(detector.score(quiet, request, now)).toEqual(after);
    for (const account of accounts) {
      const score = detector.score(account, request, now);
      expect(score.value).toBe(replayed(score, reweighted.weights));
    }
  });
});

describe('KeyFilter', () => {
  const keys = Array.from({ length: 500 }, (_, i) => (i + 1) * 4_294_967_296 + i * 2_654_435_761);

  it('never forgets a key it was given', () => {
    const filter = new KeyFilter(1 << 14);
    for (const key of keys) filter.add(key);
    for (const key of keys) expect(filter.has(key)).toBe(true);
    const others = keys.map((key) => key * 3 + 12_345);
    expect(others.filter((key) => filter.has(key)).length).toBeLessThan(others.length / 10);
  });

  it('answers for the old and the new keys while rebuilt, then for the new ones only', () => {
    const filter = new KeyFilter(1 << 16);
    const [kept, dropped, added] = [keys.slice(0, 100), keys.slice(100, 200), keys.slice(200, 300)];
    for (const key of [...kept, ...dropped]) filter.add(key);
    filter.restart();
    for (const key of [...kept, ...added]) filter.add(key);
    for (const key of [...kept, ...dropped, ...added]) expect(filter.has(key)).toBe(true);
    filter.finish();
    for (const key of [...kept, ...added]) expect(filter.has(key)).toBe(true);
    expect(dropped.filter((key) => filter.has(key)).length).toBeLessThan(10);
    // Restarted twice (an abandoned rebuild): the second starts from empty again.
    filter.restart();
    filter.add(kept[0] ?? 0);
    filter.restart();
    filter.finish();
    expect(kept.filter((key) => filter.has(key)).length).toBeLessThan(10);
  });

  it('takes a power of two of at least 32 bits', () => {
    expect(() => new KeyFilter(1000)).toThrow(RangeError);
    expect(() => new KeyFilter(16)).toThrow(RangeError);
  });
});
