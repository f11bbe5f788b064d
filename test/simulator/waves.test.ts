/**
 * The `waves` scenario builds the same actors for the same seed, and its campaign behaves as
 * described: the controller fires a pool of 30 accounts within tens of milliseconds, the pools in
 * turn, with no two prompts alike, no harvest parameter (max_tokens below the model's maximum)
 * and exits that change from request to request. No detection is involved.
 */
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/simulator/actor.ts';
import { groundTruth } from '../../src/simulator/ground-truth.ts';
import { maxOutput } from '../../src/simulator/personas/models.ts';
import { buildActors, loadNamed } from './scenario-fixtures.ts';
import { runVirtually } from './virtual-clock.ts';

const load = (): Promise<Scenario> => loadNamed('waves');

const build = buildActors;

describe('waves scenario', () => {
  it('builds the same actors and accounts for the same seed', async () => {
    const scenario = await load();
    expect(groundTruth(build(scenario, 1))).toEqual(groundTruth(build(scenario, 1)));
    const truth = groundTruth(build(scenario, 1));
    const campaigns = truth.actors.filter((actor) => actor.role === 'distiller');
    expect(campaigns.map((actor) => actor.campaign)).toEqual(['camp-waves']);
  });

  it('fires each pool together, wave after wave, sharing nothing else', async () => {
    const scenario = await load();
    const actors = build(scenario, 1);
    const captured = (await runVirtually(scenario, actors, 30_000)).filter(
      ({ actor }) => actor.persona === 'wave-hydra',
    );
    expect(captured.length).toBeGreaterThan(400);
    // Waves: requests bunch into bursts of one pool (30 accounts) within 100 ms.
    const bursts: (typeof captured)[] = [];
    for (const item of [...captured].sort((a, b) => a.at - b.at)) {
      const last = bursts.at(-1);
      if (last !== undefined && item.at - (last[0]?.at ?? 0) <= 100) last.push(item);
      else bursts.push([item]);
    }
    expect(bursts.length).toBeGreaterThan(6);
    for (const burst of bursts) {
      expect(burst.length).toBeLessThanOrEqual(30);
      expect(new Set(burst.map(({ account }) => account)).size).toBe(burst.length);
    }
    // The same pool fires again later: its accounts meet in several bursts.
    const first = new Set(bursts[0]?.map(({ account }) => account));
    const again = bursts.filter((burst) => burst.every(({ account }) => first.has(account)));
    expect(again.length).toBeGreaterThanOrEqual(2);
    // Nothing else links them: distinct prompts, exits that change, no max_tokens at the maximum.
    const prompts = captured.map(({ request }) => JSON.stringify(request.body['messages']));
    expect(new Set(prompts).size).toBe(prompts.length);
    for (const { request } of captured) {
      const model = String(request.body['model']);
      expect(Number(request.body['max_tokens'])).toBeLessThan(maxOutput(model));
    }
    const exits = new Set(captured.map(({ request }) => request.clientIp));
    expect(exits.size).toBeGreaterThan(40);
  });
});
