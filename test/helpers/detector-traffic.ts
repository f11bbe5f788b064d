/**
 * Synthetic detector traffic: one really extracted harvesting request (step by step, the model's
 * maximum output) whose fingerprints tests replace per request, and a tier baseline it exceeds.
 */
import type { TierBaseline } from '../../src/account/accounts-schema.ts';
import { detectionSchema } from '../../src/detection/detection-schema.ts';
import {
  compileDetection,
  type DetectionSettings,
} from '../../src/detection/detection-settings.ts';
import { anthropic } from '../../src/dialects/anthropic.ts';
import { INFERENCE_ROUTES, type Route } from '../../src/dialects/routes.ts';
import { readRequestFacts, type RequestFacts } from '../../src/signals/request-facts.ts';

export const T0 = Date.parse('2027-03-01T00:00:00Z');

/** Detection settings for tests: a 60 s window and one model of 8,000 output tokens, and `extra`. */
export function settingsWith(extra: Record<string, unknown> = {}): DetectionSettings {
  return compileDetection(
    detectionSchema.parse({
      window: '60s',
      models: [{ name: 'm-big', max_output_tokens: 8000 }],
      ...extra,
    }),
  );
}

export const BASELINES: Readonly<Record<string, TierBaseline>> = {
  standard: {
    requests_per_minute: 20,
    input_tokens_per_minute: 20_000,
    output_tokens_per_minute: 10_000,
  },
};

/** The request, extracted under `settings` (which must know the model `m-big`, 8,000 tokens). */
export function stepByStepFacts(settings: DetectionSettings): RequestFacts {
  const body = {
    model: 'm-big',
    max_tokens: 8000,
    messages: [
      {
        role: 'user',
        content:
          'Solve the following problem step by step and show your full reasoning before the ' +
          'final answer. A farmer has 12 crates and each holds 19 apples; how many apples are there?',
      },
    ],
  };
  return readRequestFacts(
    anthropic,
    INFERENCE_ROUTES.get('/v1/messages') as Route,
    body,
    JSON.stringify(body).length,
    { rawHeaders: ['Host', 'api.example'], ipPrefix: '10.0.0.0/24' },
    settings,
  );
}
