/** The models of the second red-team scenario: three established ones and one released mid-run. */
import type { SimModel } from '../actor.ts';

const DAY = 86_400_000;

export const MODELS = {
  opus: 'claude-opus-4-7',
  sonnet: 'claude-sonnet-4-6',
  haiku: 'claude-haiku-4-5',
} as const;

/** Released 24 s into the run (a day into the compressed campaign). */
export const NEW_MODEL: SimModel = {
  name: 'claude-opus-5',
  maxOutputTokens: 64_000,
  releasedAt: 24_000,
};

export const SCENARIO_MODELS: readonly SimModel[] = [
  { name: MODELS.opus, maxOutputTokens: 32_000, releasedAt: -120 * DAY },
  { name: MODELS.sonnet, maxOutputTokens: 64_000, releasedAt: -60 * DAY },
  { name: MODELS.haiku, maxOutputTokens: 16_000, releasedAt: -200 * DAY },
  NEW_MODEL,
];
