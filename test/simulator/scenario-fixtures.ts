/**
 * What the scenario tests share: a scenario loaded by name (failing the test when it is not
 * available), its actors built the way `distillguard simulate` builds them for a seed, and the
 * text of a captured request's user turns.
 */
import { expect } from 'vitest';
import type { Actor, Scenario } from '../../src/simulator/actor.ts';
import type { Captured } from './virtual-clock.ts';
import { groundTruth } from '../../src/simulator/ground-truth.ts';
import { createRng } from '../../src/simulator/rng.ts';
import { loadScenario } from '../../src/simulator/scenarios.ts';

export async function loadNamed(name: string): Promise<Scenario> {
  const loaded = await loadScenario(name);
  if (!loaded.ok) throw new Error(loaded.message);
  return loaded.scenario;
}

/** The actors of a 60 s run of `scenario` for `seed` (the runner's `build` fork). */
export function buildActors(scenario: Scenario, seed: number, scale = 1): Actor[] {
  return scenario.build(createRng(seed).fork('build'), { duration: 60_000, scale });
}

/** The same seed builds the same actors and accounts; another seed draws other accounts. */
export function expectSeeded(scenario: Scenario): void {
  expect(groundTruth(buildActors(scenario, 1))).toEqual(groundTruth(buildActors(scenario, 1)));
  const specs = (seed: number) => buildActors(scenario, seed).flatMap((actor) => actor.accounts);
  expect(specs(1)).toEqual(specs(1));
  expect(specs(2)).not.toEqual(specs(1));
}

/**
 * The texts of a captured request's user turns, in either dialect: string contents and text
 * blocks (joined by spaces); a turn of other blocks only (tool results, images) gives ''.
 */
export function userTurnTexts(captured: Captured): string[] {
  const messages = (captured.request.body['messages'] ?? []) as {
    role: string;
    content: unknown;
  }[];
  return messages
    .filter((message) => message.role === 'user')
    .map((message) =>
      typeof message.content === 'string'
        ? message.content
        : Array.isArray(message.content)
          ? (message.content as { type?: string; text?: string }[])
              .filter((block) => block.type === 'text')
              .map((block) => block.text ?? '')
              .join(' ')
          : '',
    );
}
