/**
 * Every policy action against both official SDKs, streaming and not: what each client sees.
 * throttle (refused) → RateLimitError; block and challenge → PermissionDeniedError, never retried;
 * degrade and throttle (admitted, delayed and paced) → a normal answer, read to the end with usage;
 * observe and allow → untouched. The other suites go deeper into each action; this one is the
 * compatibility matrix.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.ts';

type Expected = 'answer' | 'rate_limit' | 'permission';

const CASES: readonly (readonly [model: string, expected: Expected])[] = [
  ['mock-allow', 'answer'],
  ['mock-observe', 'answer'],
  ['mock-throttle', 'answer'],
  ['mock-refuse', 'rate_limit'],
  ['mock-degrade', 'answer'],
  ['mock-challenge', 'permission'],
  ['mock-block', 'permission'],
];

describe('every action with both SDKs, streaming and not', () => {
  let h: Harness;
  /** SDKs whose account has met its challenge (its first 403) already. */
  const challenged = new Set<string>();

  beforeAll(async () => {
    h = await startHarness({
      config: {
        policy: {
          challenge: { url: 'https://verify.example.com/' },
          limits: [
            {
              id: 'none-left',
              scope: 'key',
              applies: 'throttled',
              requests: { limit: 1, per: '1h', burst: 1 },
            },
          ],
          rules: [
            { id: 'o', when: { model: ['mock-observe'] }, action: 'observe' },
            {
              id: 't',
              when: { model: ['mock-throttle'] },
              action: 'throttle',
              delay: '20ms',
              pace: 1000,
            },
            {
              id: 'r',
              when: { model: ['mock-refuse'] },
              action: 'throttle',
              limits: ['none-left'],
            },
            {
              id: 'd',
              when: { model: ['mock-degrade'] },
              action: 'degrade',
              degrade: { strip_reasoning: true, max_tokens: 50, model: 'mock-small' },
            },
            { id: 'c', when: { model: ['mock-challenge'] }, action: 'challenge' },
            { id: 'b', when: { model: ['mock-block'] }, action: 'block' },
          ],
        },
      },
    });
  });
  afterAll(async () => h.close());

  async function viaOpenAI(model: string, stream: boolean): Promise<string> {
    // Each case its own key: a challenge or a refused limit must not affect the next case.
    const openai = new OpenAI({ apiKey: h.keys.alice, baseURL: `${h.url}/v1`, maxRetries: 0 });
    const messages = [{ role: 'user' as const, content: 'hi' }];
    if (!stream) {
      const answer = await openai.chat.completions.create({ model, messages });
      expect(answer.usage?.completion_tokens).toBeGreaterThan(0);
      return answer.choices[0]?.message.content ?? '';
    }
    const chunks = await openai.chat.completions.create({
      model,
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage = 0;
    for await (const chunk of chunks) {
      text += chunk.choices[0]?.delta.content ?? '';
      usage = chunk.usage?.completion_tokens ?? usage;
    }
    expect(usage).toBeGreaterThan(0);
    return text;
  }

  async function viaAnthropic(model: string, stream: boolean): Promise<string> {
    const anthropic = new Anthropic({ apiKey: h.keys.bob, baseURL: h.url, maxRetries: 0 });
    const params = { model, max_tokens: 200, messages: [{ role: 'user' as const, content: 'hi' }] };
    const message = stream
      ? await anthropic.messages.stream(params).finalMessage()
      : await anthropic.messages.create(params);
    expect(message.usage.output_tokens).toBeGreaterThan(0);
    return message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
  }

  for (const [model, expected] of CASES) {
    for (const stream of [false, true]) {
      it(`${model}, ${stream ? 'streaming' : 'not streaming'}: ${expected}`, async () => {
        for (const [sdk, call, errors] of [
          ['openai', viaOpenAI, OpenAI],
          ['anthropic', viaAnthropic, Anthropic],
        ] as const) {
          // A refused limit needs its one request spent first; a challenge its first 403.
          if (model === 'mock-refuse') await call(model, stream).catch(() => undefined);
          const outcome = await call(model, stream).then(
            (text) => ({ text, error: undefined }),
            (error: unknown) => ({ text: '', error }),
          );
          if (expected === 'answer') {
            expect(outcome.error, sdk).toBeUndefined();
            expect(outcome.text.length, sdk).toBeGreaterThan(0);
          } else if (expected === 'rate_limit') {
            expect(outcome.error, sdk).toBeInstanceOf(errors.RateLimitError);
          } else if (model === 'mock-challenge') {
            // The first request of an account is challenged; later ones go on at its tier.
            if (!challenged.has(sdk)) {
              expect(outcome.error, sdk).toBeInstanceOf(errors.PermissionDeniedError);
              challenged.add(sdk);
            } else {
              expect(outcome.error, sdk).toBeUndefined();
            }
          } else {
            expect(outcome.error, sdk).toBeInstanceOf(errors.PermissionDeniedError);
          }
        }
      });
    }
  }
});
