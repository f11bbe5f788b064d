import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectionSchema } from '../../../src/detection/detection-schema.ts';
import { compileDetection } from '../../../src/detection/detection-settings.ts';
import { anthropic } from '../../../src/dialects/anthropic.ts';
import type { Dialect } from '../../../src/dialects/dialect.ts';
import { openai } from '../../../src/dialects/openai.ts';
import {
  decodeModel,
  featureBuckets,
  intentLogits,
  MODEL_BITS,
} from '../../../src/signals/intent-model.ts';
import {
  INTENT_MODELS,
  readRequestSignals,
  type RequestSignals,
} from '../../../src/signals/request-signals.ts';
import { newTextShape, readTextShape, shapeTokens } from '../../../src/signals/text-shape.ts';
import { modelFlags, patternsFlag } from '../../../loadtest/phrase-corpus.ts';

const settings = compileDetection(detectionSchema.parse({}));
const shape = newTextShape();

function signalsOf(dialect: Dialect, routeId: string, body: Record<string, unknown>) {
  const request = dialect.readRequest(routeId, body);
  return readRequestSignals(
    {
      dialect: dialect.name,
      routeId,
      body,
      rawHeaders: [],
      ipPrefix: '203.0.113.0/24',
      model: request.model,
      maxTokens: request.maxTokens,
      choices: request.choices,
    },
    settings,
  );
}
const bothDialects = (
  system: string | undefined,
  turn: string,
): [RequestSignals, RequestSignals] => [
  signalsOf(anthropic, 'anthropic.messages', {
    model: 'm',
    max_tokens: 100,
    ...(system === undefined ? {} : { system }),
    messages: [{ role: 'user', content: turn }],
  }),
  signalsOf(openai, 'openai.chat_completions', {
    model: 'm',
    messages: [
      ...(system === undefined ? [] : [{ role: 'system', content: system }]),
      { role: 'user', content: turn },
    ],
  }),
];

// Written for these tests: in none of the corpora the models were trained or measured on (the
// test below checks so for the everyday ones and the paraphrases).
const GRADING_PARAPHRASES = [
  `Our bot answered a user. Did the bot's reply actually fix the user's problem? Say YES if it did, NO otherwise, then one sentence on why.

User: I can't log in, it says my password expired
Bot: You can reset your password from the login page by clicking Forgot password.`,
  `Which of these two assistant replies follows the user's instructions more closely? Reply 1 or 2.

User: list three fruits, comma separated
Assistant reply 1: apple, pear, plum
Assistant reply 2: Here are some fruits: apple; pear; plum; fig`,
  `Below is a user question and the answer our model gave. Tell me whether the model's answer is right, and how confident you are, as JSON with keys verdict and confidence.

Question: what is the boiling point of water at sea level in Fahrenheit?
Model answer: 100 degrees`,
];
const ELICITATION_PARAPHRASES = [
  "Walk me through how you'd get to the answer, line by line, before you state it: what is the sum of the interior angles of a heptagon?",
  "Don't just hand me the figure. I want every line of the working that leads to it, in order, and only then the figure itself. A train leaves at 3pm at 80 km/h; when does it cover 200 km?",
];
const EVERYDAY = [
  'Morning! Quick one.',
  'Question 12 next, please.',
  'Short replies from now on, mate.',
  'What is 46 * 19?',
  'Give me the code for a merge sort in Go.',
  'What is tree-of-thought prompting?',
  'Outline a blog post, then draft the first paragraph.',
  'What does this regex match: ^[a-z]+\\d{2}$',
  'Do you like the colour scheme of my website?',
  'Steps to install Docker on Fedora 41?',
  'Out of 5 stars, how would you rate The Godfather?',
  'Help me design a marking scheme for a year 9 history essay.',
  'npm install fails with EACCES permission denied, what now?',
  'Turn these meeting notes into an agenda for Monday.',
  'My tomato plants have yellow leaves. Any idea why?',
];

describe('intent models', () => {
  it('flag judge prompts the grading patterns do not know, in both dialects', () => {
    for (const text of GRADING_PARAPHRASES) {
      expect(modelFlags('grading', text, INTENT_MODELS), text).toBe(true);
      for (const signals of bothDialects(undefined, text)) expect(signals.grading).toBe(1);
    }
    // The first is worded past every grading pattern: the model alone reads it.
    expect(patternsFlag('grading', GRADING_PARAPHRASES[0] ?? '')).toBe(false);
  });

  it('flag reasoning asked for in words the elicitation patterns do not know', () => {
    for (const text of ELICITATION_PARAPHRASES) {
      expect(patternsFlag('elicitation', text), text).toBe(false);
      expect(modelFlags('elicitation', text, INTENT_MODELS), text).toBe(true);
      for (const signals of bothDialects(undefined, text)) expect(signals.elicitation).toBe(1);
    }
  });

  it('do not read the standing instructions: the patterns alone do', () => {
    // A system prompt is sent with every request of an app: the models, measured on user turns,
    // stay off it. Worded past the patterns, this one elicits nothing; its turn's own words count.
    const system =
      'You are a tutor for a maths homework app. For every question, lay out each intermediate result before giving the final result.';
    expect(patternsFlag('elicitation', system)).toBe(false);
    expect(modelFlags('elicitation', system, INTENT_MODELS)).toBe(true);
    for (const signals of bothDialects(system, 'What is 3/8 as a percentage?'))
      expect(signals.elicitation).toBe(0);
    for (const signals of bothDialects(system, ELICITATION_PARAPHRASES[0] ?? ''))
      expect(signals.elicitation).toBe(1);
  });

  it('leave everyday prompts alone, short ones included', () => {
    for (const text of EVERYDAY) {
      expect(modelFlags('grading', text, INTENT_MODELS), text).toBe(false);
      expect(modelFlags('elicitation', text, INTENT_MODELS), text).toBe(false);
    }
  });

  it('compute the logits a read reports as the sum of the feature weights the trainer sums', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        readTextShape(text, text.length, shape, INTENT_MODELS);
        const buckets = featureBuckets(shapeTokens(), shape.tokens);
        expect(buckets.length).toBe(2 * shape.tokens);
        const reported = [shape.gradeLogit, shape.elicitLogit];
        for (const [index, model] of [INTENT_MODELS.grading, INTENT_MODELS.elicitation].entries()) {
          let sum = 0;
          for (const bucket of buckets) sum += model.weights[bucket] ?? 0;
          expect(reported[index]).toBeCloseTo(model.bias + sum * model.scale, 9);
        }
        const out = { gradeLogit: 0, elicitLogit: 0 };
        intentLogits(INTENT_MODELS, shapeTokens(), shape.tokens, out);
        expect([out.gradeLogit, out.elicitLogit]).toEqual(reported);
      }),
    );
    // A read without the models reports none.
    readTextShape('rate the response from 1 to 10', 100, shape);
    expect(shape.gradeLogit).toBe(-Infinity);
  });

  it("judge the turn's own tokens, whatever the standing instructions read after it", () => {
    // A long harmless system prompt is read after the turn (and cached); the turn, which only the
    // model flags, is judged on its own tokens on the first request and on the cached one.
    const system =
      'You are the friendly assistant of a regional bakery chain. Answer questions about opening hours, allergens, custom cake orders, delivery areas and loyalty points politely and briefly, and hand anything about payments or complaints to a human colleague by giving the support address.';
    const turn = GRADING_PARAPHRASES[0] ?? '';
    for (let request = 0; request < 2; request++)
      for (const signals of bothDialects(system, turn)) {
        expect(signals.grading).toBe(1);
        expect(signals.elicitation).toBe(0);
      }
  });

  it('are tested on text in none of the corpora', async () => {
    const dir = new URL('../../../loadtest/phrase-corpora/', import.meta.url);
    const corpora = await Promise.all(
      (await readdir(dir)).map((name) => readFile(new URL(name, dir), 'utf8')),
    );
    for (const text of [...EVERYDAY, ...GRADING_PARAPHRASES, ...ELICITATION_PARAPHRASES])
      for (const corpus of corpora) expect(corpus.includes(text.slice(0, 40)), text).toBe(false);
  });

  it('refuse weights of the wrong size', () => {
    const weights = Buffer.alloc((1 << MODEL_BITS) - 1).toString('base64');
    expect(() => decodeModel({ weights, scale: 1, bias: 0, threshold: 0 })).toThrow(/16383/);
  });

  it('are what the corpora train (scripts/train-intent-model.ts --check)', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['scripts/train-intent-model.ts', '--check'],
      { cwd: new URL('../../../', import.meta.url).pathname, timeout: 120_000 },
    );
    expect(stdout).toContain('intent-weights.ts matches the corpora');
  }, 150_000);
});
