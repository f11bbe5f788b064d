/** The seeded generator and everything built from it are reproducible. */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/simulator/rng.ts';
import { loadScenario } from '../../src/simulator/scenarios.ts';
import { compose } from '../../src/simulator/vocab/expand.ts';
import { HARVEST_QA, HARVEST_VOCABULARY } from '../../src/simulator/vocab/harvest.ts';

const draw = (seed: number) => {
  const rng = createRng(seed);
  return [
    rng.next(),
    rng.int(1, 6),
    rng.pick(['a', 'b', 'c']),
    rng.exponential(10),
    rng.normal(0, 1),
  ];
};

describe('createRng', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('forks independent, reproducible generators', () => {
    const a = createRng(5).fork('hydra');
    const b = createRng(5).fork('hydra');
    const c = createRng(5).fork('chat');
    const seq = (rng: typeof a) => Array.from({ length: 5 }, () => rng.next());
    expect(seq(a)).toEqual(seq(b));
    expect(seq(createRng(5).fork('hydra'))).not.toEqual(seq(c));
  });

  it('stays within its ranges', () => {
    const rng = createRng(9);
    for (let i = 0; i < 1000; i++) {
      const n = rng.int(3, 5);
      expect(n >= 3 && n <= 5 && Number.isInteger(n)).toBe(true);
      expect(rng.next()).toBeLessThan(1);
      expect(rng.exponential(2)).toBeGreaterThanOrEqual(0);
    }
  });

  it('makes prompts and scenarios reproducible', async () => {
    const prompts = (seed: number) => {
      const rng = createRng(seed);
      return Array.from({ length: 5 }, () => compose(rng, HARVEST_QA, HARVEST_VOCABULARY));
    };
    expect(prompts(1)).toEqual(prompts(1));
    expect(prompts(1)).not.toEqual(prompts(2));
    const loaded = await loadScenario('default');
    if (!loaded.ok) throw new Error(loaded.message);
    const accounts = (seed: number) =>
      loaded.scenario
        .build(createRng(seed), { duration: 60_000, scale: 0.5 })
        .flatMap((actor) => actor.accounts.map((a) => `${a.id}:${a.tier}:${a.ageDays.toFixed(3)}`));
    expect(accounts(1)).toEqual(accounts(1));
    expect(accounts(1)).not.toEqual(accounts(2));
  });
});
