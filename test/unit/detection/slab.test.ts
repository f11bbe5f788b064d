/**
 * Accounts' scoring state is carved from shared chunks (slab.ts) and given back when the
 * account is evicted: places never overlap, a given-back place is taken before another is
 * carved, and an account that takes one scores as if it were the first to hold it.
 */
import { describe, expect, it } from 'vitest';
import type { TierBaseline } from '../../../src/account/accounts-schema.ts';
import { detectionSchema } from '../../../src/detection/detection-schema.ts';
import { compileDetection } from '../../../src/detection/detection-settings.ts';
import { Detector } from '../../../src/detection/engine.ts';
import { Slab } from '../../../src/detection/slab.ts';
import { anthropic } from '../../../src/dialects/anthropic.ts';
import { INFERENCE_ROUTES, type Route } from '../../../src/dialects/routes.ts';
import { readRequestFacts } from '../../../src/signals/request-facts.ts';
import { testAccount } from '../../helpers/request-fixtures.ts';

const T0 = Date.parse('2027-03-01T00:00:00Z');
const MESSAGES = INFERENCE_ROUTES.get('/v1/messages') as Route;
const BASELINES: Readonly<Record<string, TierBaseline>> = {};

describe('Slab', () => {
  it('carves disjoint places of its size, chunk after chunk', () => {
    const slab = new Slab(5, 4);
    const places = Array.from({ length: 10 }, () => slab.take());
    expect(places).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(slab.places).toBe(10);
    for (const place of places)
      slab.chunkOf(place).fill(place + 1, slab.offsetOf(place), slab.offsetOf(place) + 5);
    // Every double of each place holds its own mark: no two places overlap.
    for (const place of places) {
      const at = slab.offsetOf(place);
      expect([...slab.chunkOf(place).subarray(at, at + 5)]).toEqual(Array(5).fill(place + 1));
    }
    expect(slab.chunkOf(3)).toBe(slab.chunkOf(0));
    expect(slab.chunkOf(4)).not.toBe(slab.chunkOf(3));
    expect(slab.offsetOf(4)).toBe(0);
    expect(() => slab.chunkOf(12)).toThrow(RangeError);
  });

  it('takes a place given back before carving another', () => {
    const slab = new Slab(3, 4);
    const first = slab.take();
    slab.take();
    slab.release(first);
    expect(slab.spare).toBe(1);
    expect(slab.take()).toBe(first);
    expect(slab.spare).toBe(0);
    expect(slab.places).toBe(2);
    expect(() => new Slab(0)).toThrow(RangeError);
  });
});

describe('Detector: an account taking an evicted account’s state', () => {
  const settings = compileDetection(
    detectionSchema.parse({
      window: '60s',
      max_accounts: 100,
      models: [{ name: 'm', max_output_tokens: 4096 }],
    }),
  );
  const factsOf = (body: Record<string, unknown>, prefix: string, client: string) =>
    readRequestFacts(
      anthropic,
      MESSAGES,
      body,
      JSON.stringify(body).length,
      { rawHeaders: ['User-Agent', client], ipPrefix: prefix },
      settings,
    );
  // The evicted accounts harvest: step by step, at the model's maximal max_tokens, every request.
  // The newcomers share nothing with them (text, client, prefixes), so any difference between
  // a newcomer here and in a detector that never saw the harvest is state left in its place.
  const harvest = (i: number) =>
    factsOf(
      {
        model: 'm',
        max_tokens: 4096,
        messages: [
          {
            role: 'user',
            content: `Solve problem ${i} step by step and show all of your reasoning before the answer.`,
          },
        ],
      },
      `203.0.${i}.0/24`,
      'harvester/1.0',
    );
  const plain = (i: number) =>
    factsOf(
      {
        model: 'm',
        max_tokens: 300,
        messages: [{ role: 'user', content: `What is a good name for pet number ${i}?` }],
      },
      `198.51.${i}.0/24`,
      'chat/2.0',
    );
  const account = (i: number) =>
    testAccount({ id: `a-${i}`, keyId: `key_${i}`, handle: i, ageDays: 400, verified: true });

  it('scores as the first holder of the place would: none of the evicted state is read', () => {
    const detector = new Detector(settings, BASELINES);
    let now = T0;
    for (let round = 0; round < 6; round++)
      for (let i = 0; i < 100; i++) {
        now += 10;
        detector.score(account(i), harvest(i), now);
        detector.observe(account(i), harvest(i), now);
      }
    detector.refresh(now);
    const harvester = detector.accountView('a-0', now)?.score;
    expect(harvester?.families.length).toBeGreaterThan(0);
    // 60 newcomers, one plain request each, evict the 60 oldest and take their places.
    const fresh = new Detector(settings, BASELINES);
    for (let i = 100; i < 160; i++) {
      now += 10;
      detector.observe(account(i), plain(i), now);
      fresh.observe(account(i), plain(i), now);
    }
    expect(detector.stats(now).accountStates).toBe(101);
    expect(detector.accountView('a-0', now)).toBeUndefined();
    for (let i = 100; i < 160; i++) {
      const view = detector.accountView(`a-${i}`, now);
      const alone = fresh.accountView(`a-${i}`, now);
      expect(view?.score).toEqual(alone?.score);
      expect(view?.clusterRisk).toBe(alone?.clusterRisk);
      expect(view?.computedAt).toBe(alone?.computedAt);
      // The next request's score reads the same state (activations, timing ticks, inherited risk).
      now += 10;
      expect(detector.score(account(i), plain(i + 100), now)).toEqual(
        fresh.score(account(i), plain(i + 100), now),
      );
    }
  });
});
