/**
 * The models of the project's own scenarios: an established family in each dialect and one new
 * model released during the run (early adopters and a pivoting campaign move to it).
 */
import type { SimModel } from '../actor.ts';

export const MODELS = {
  /** Anthropic-style current model. */
  current: 'claude-sim-4',
  /** Older, cheaper model. */
  legacy: 'claude-sim-3-haiku',
  /** Released during the scenario. */
  newest: 'claude-sim-5',
  openai: 'gpt-sim-4o',
  openaiMini: 'gpt-sim-4o-mini',
} as const;

const MAX_OUTPUT: Readonly<Record<string, number>> = {
  [MODELS.current]: 32_000,
  [MODELS.legacy]: 8_192,
  [MODELS.newest]: 64_000,
  [MODELS.openai]: 16_384,
  [MODELS.openaiMini]: 16_384,
};

export function maxOutput(model: string): number {
  return MAX_OUTPUT[model] ?? 8_192;
}

/** The model list of a scenario whose new model is released `newReleaseAt` ms after the start. */
export function scenarioModels(newReleaseAt: number): SimModel[] {
  const day = 86_400_000;
  return [
    { name: MODELS.legacy, maxOutputTokens: maxOutput(MODELS.legacy), releasedAt: -400 * day },
    { name: MODELS.current, maxOutputTokens: maxOutput(MODELS.current), releasedAt: -120 * day },
    { name: MODELS.newest, maxOutputTokens: maxOutput(MODELS.newest), releasedAt: newReleaseAt },
    { name: MODELS.openai, maxOutputTokens: maxOutput(MODELS.openai), releasedAt: -300 * day },
    {
      name: MODELS.openaiMini,
      maxOutputTokens: maxOutput(MODELS.openaiMini),
      releasedAt: -250 * day,
    },
  ];
}
