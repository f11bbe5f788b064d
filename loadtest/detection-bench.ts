/**
 * Detection microbenchmarks (issue 4's hot-path targets), measured — never assumed:
 *
 * - signal extraction (`readRequestFacts`, both dialects): ≤ 30 µs median for a 4 KB prompt
 *   (the body is already parsed: JSON.parse is not included). Bodies: a 4 KB user turn of mixed
 *   English prose (numbers, a quoted string, a URL) to Anthropic with a system prompt and 3 tools;
 *   the same kind of turn as OpenAI chat; a 4 KB turn that fires the phrase detectors
 *   (step-by-step, a rubric with "Response A:/Response B:"); an agent's tool loop whose latest
 *   tool result is a 4 KB page (scanned for asks besides the short turn); a 64 KB turn (only the
 *   capped prefix is hashed and scanned, so it should cost about as much as 4 KB). Batches of calls are timed
 *   and divided; median and p99 of batch means, medians over rounds.
 * - scoring (`Detector.score`) against cached account and cluster state: ≤ 5 µs p99, judged on
 *   single calls timed one by one (the timer's own cost included: conservative), in the median
 *   of three runs by p99, each a fresh process (every run's p99 shown); the median of
 *   batch means is reported alongside. State: 100,000 accounts, a few requests each, ~2 % of them
 *   in four template clusters, `refresh` run between calls (untimed: it is off the hot path).
 *   Reported by kind of request and by path through `score` (the account's own score ready, a
 *   prepared linked score, nothing to score, composed on the call): which path the p99 is made of.
 * - memory: 100,000 tracked accounts ≤ 200 MB of heap, counted as heapUsed + arrayBuffers
 *   (windows are Float64Arrays, whose bytes live outside the V8 heap) after GC, the whole
 *   detector; the fingerprint index (fixed typed arrays, reserved up front, committed lazily) is
 *   reported separately, with the RSS it actually commits. A second memory phase feeds the same
 *   population with every ordinary request asking for reasoning, grading candidates, at the
 *   maximal max_tokens and for several choices: every account then keeps the factors of four more
 *   signals, the mix where an account's state is largest (it is bounded by the vocabulary of
 *   factor names whatever the mix, but its size follows what fires).
 *
 * Ordinary traffic in the scoring and memory phases reuses really extracted facts with their
 * content fingerprints (skeleton, head, tail, frames, MinHash bands, exact hash) replaced by
 * random ones per request — distinct prompts, without a generator's phrasing forming spurious
 * templates — and per-account system prompt, tool set, client build and IP prefix. Cluster
 * members send really extracted prompts from four templates with varying fill-ins.
 *
 * - refresh: the longest event-loop block of the batch step with 100,000 accounts, in one go
 *   (`Detector.refresh`) and in the slices the proxy's refresh timer runs (each slice timed).
 *
 * Usage: node loadtest/detection-bench.ts [--accounts N] [--write]
 *        node loadtest/detection-bench.ts --ab-base <another checkout> (scoring before/after, one process)
 * Each phase runs in its own child process (`--expose-gc`), each bounded to ~10 s. `--write`
 * records the results in loadtest/RESULTS.md (its "detection" section).
 */
import { createRng } from '../src/simulator/rng.ts';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Account } from '../src/account/account.ts';
import { accountsSchema } from '../src/account/accounts-schema.ts';
import { detectionSchema } from '../src/detection/detection-schema.ts';
import { compileDetection, type DetectionSettings } from '../src/detection/detection-settings.ts';
import { Detector } from '../src/detection/engine.ts';
import type { Score } from '../src/detection/score.ts';
import { REFRESH_SLICE_MS } from '../src/detection/refresh-timer.ts';
import { anthropic } from '../src/dialects/anthropic.ts';
import type { Dialect } from '../src/dialects/dialect.ts';
import { openai } from '../src/dialects/openai.ts';
import { INFERENCE_ROUTES, type Route } from '../src/dialects/routes.ts';
import { fingerprint, fmix } from '../src/signals/hash.ts';
import { asksForCode, elicitsReasoning, gradingLevel } from '../src/signals/phrases.ts';
import { readRequestFacts, type RequestFacts } from '../src/signals/request-facts.ts';
import {
  HARVEST,
  INTENT_MODELS,
  PRINT,
  type RequestSignals,
} from '../src/signals/request-signals.ts';
import { scannedPart } from '../src/signals/standing-asks.ts';
import { newTextShape, readTextShape } from '../src/signals/text-shape.ts';
import { TRIGGER } from '../src/signals/trigger-words.ts';
import { describeRun } from './machine.ts';
import { writeSection } from './results-file.ts';
import { median } from './stats.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const T0 = Date.parse('2027-03-01T00:00:00Z');
/** Simulated time between two requests while populating and scoring (200 req/s). */
const STEP_MS = 5;
/**
 * `refresh` runs every REFRESH_EVERY requests (125 simulated seconds), not every simulated second
 * like the default refresh_interval: a refresh that compacts the index costs tens of ms, which at
 * one per second would make populating take minutes. Between refreshes the index fills to its
 * load limit and refuses new keys (counted). Its cost is reported.
 */
const REFRESH_EVERY = 25_000;
const REQUESTS_PER_ACCOUNT = 3;
/** Every 50th account is a cluster member (2 %), in one of CLUSTERS template clusters. */
const MEMBER_EVERY = 50;
const CLUSTERS = 4;
const BUDGET = { extractMedianUs: 30, scoreP99Us: 5, memoryMb: 200 } as const;

const MESSAGES = INFERENCE_ROUTES.get('/v1/messages') as Route;
const CHAT = INFERENCE_ROUTES.get('/v1/chat/completions') as Route;

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

// ---------------------------------------------------------------------------------------------
// Deterministic prose.

type Random = () => number;
const pick = <T>(random: Random, list: readonly T[]): T =>
  list[Math.floor(random() * list.length)] as T;
const int = (random: Random, max: number): number => 1 + Math.floor(random() * max);

const SUBJECTS = [
  'The committee',
  'Our team',
  'My landlord',
  'The city council',
  'A friend of mine',
  'The new manager',
  'Most of our customers',
  'The research group',
  'Her doctor',
  'The school board',
  'My brother',
  'The contractor',
  'Everyone in the office',
  'The supplier',
  'Our neighbours',
];
const VERBS = [
  'decided to postpone',
  'has been reviewing',
  'wants to understand',
  'keeps asking about',
  'finally approved',
  'is worried about',
  'published a short report on',
  'spent the whole weekend on',
  'disagreed sharply about',
  'asked me to look into',
  'is still undecided about',
  'made a list of questions about',
];
const OBJECTS = [
  'the budget for next quarter',
  'the renovation of the east wing',
  'our travel plans for the summer',
  'the shipping delays',
  'the quarterly sales figures',
  'a new onboarding process',
  'the garden behind the house',
  'the parking situation downtown',
  'the heating bill',
  'the migration to the new accounting system',
  'the volunteer schedule',
  'the menu for the wedding',
  'the insurance claim',
  'the reading list for the autumn term',
];
const REASONS = [
  'because the estimate came in at {n} dollars',
  'after {n} people signed the petition',
  'before the deadline on {month} {day}',
  'even though nobody really asked for it',
  'which took about {n} hours in total',
  'since the last attempt failed twice',
  'while the rest of us were on holiday',
  'and the numbers still do not add up',
  'so that we can compare it with last year',
  'without telling anyone in advance',
];
const QUOTES = [
  'we will sort it out next week',
  'this is not what we agreed on',
  'the second option looks cheaper',
  'nobody reads these emails anyway',
  'let me check with the accountant first',
];
const MONTHS = ['January', 'March', 'April', 'June', 'September', 'October', 'November'];
const QUESTIONS = [
  'Do you think it makes sense to {verb} {object}',
  'How would you approach {object} in a situation like this',
  'What are the usual mistakes people make with {object}',
  'Is there a simple way to explain {object} to someone new',
];

function fill(template: string, random: Random): string {
  return template
    .replace('{n}', String(int(random, 900)))
    .replace('{month}', pick(random, MONTHS))
    .replace('{day}', String(int(random, 28)))
    .replace('{verb}', pick(random, ['revisit', 'delay', 'rethink', 'split up', 'simplify']))
    .replace('{object}', pick(random, OBJECTS));
}

function sentence(random: Random, index: number): string {
  const kind = index === 3 ? 5 : index === 6 ? 6 : Math.floor(random() * 8);
  switch (kind) {
    case 0:
      return `${pick(random, SUBJECTS)} ${pick(random, VERBS)} ${pick(random, OBJECTS)}.`;
    case 1:
    case 2:
      return `${pick(random, SUBJECTS)} ${pick(random, VERBS)} ${pick(random, OBJECTS)} ${fill(pick(random, REASONS), random)}.`;
    case 3:
      return `We have ${int(random, 12)} options, and ${int(random, 5)} of them fit a budget of ${int(random, 50)},${String(int(random, 899) + 100)} dollars.`;
    case 4:
      return `${fill(pick(random, QUESTIONS), random)}?`;
    case 5:
      return `${pick(random, SUBJECTS)} said "${pick(random, QUOTES)}" and moved on to ${pick(random, OBJECTS)}.`;
    case 6:
      return `The details are on https://example.org/notes/${int(random, 9999)}?ref=${int(random, 99)} if you want to read them.`;
    default:
      return `I am not sure whether ${pick(random, OBJECTS)} matters more than ${pick(random, OBJECTS)}, ${fill(pick(random, REASONS), random)}.`;
  }
}

/** Prose of exactly `chars` characters (ASCII, so also bytes), in paragraphs. */
function prose(seed: number, chars: number): string {
  const random = createRng(seed).next;
  const parts: string[] = [];
  let length = 0;
  for (let index = 0; length < chars; index++) {
    const next = sentence(random, index % 40);
    const joint = index === 0 ? '' : index % 7 === 0 ? '\n\n' : ' ';
    parts.push(joint, next);
    length += joint.length + next.length;
  }
  return parts.join('').slice(0, chars);
}

// ---------------------------------------------------------------------------------------------
// Bodies and headers.

const SYSTEM_PROMPT =
  'You are a helpful assistant for a property management company. Answer tenants and staff ' +
  'politely and concisely. When a question concerns payments, leases or repairs, look the ' +
  'facts up with the tools provided instead of guessing; never invent dates, amounts or names. ' +
  'If a request is outside your remit (legal advice, medical questions), say so and suggest who ' +
  'to contact. Use plain language, short paragraphs and bullet lists where they help. Today is ' +
  'a weekday; office hours are 9 to 17 local time.';

const TOOLS = [
  {
    name: 'get_lease',
    description: 'Look up the lease of a tenant: start and end dates, rent, deposit, unit.',
    input_schema: {
      type: 'object',
      properties: { tenant_id: { type: 'string' }, include_history: { type: 'boolean' } },
      required: ['tenant_id'],
    },
  },
  {
    name: 'search_tickets',
    description: 'Search maintenance tickets by unit, status and date range.',
    input_schema: {
      type: 'object',
      properties: {
        unit: { type: 'string' },
        status: { type: 'string', enum: ['open', 'closed', 'scheduled'] },
        since: { type: 'string', format: 'date' },
        limit: { type: 'integer', minimum: 1, maximum: 50 },
      },
    },
  },
  {
    name: 'create_appointment',
    description: 'Book a visit by a technician for a unit at a given time slot.',
    input_schema: {
      type: 'object',
      properties: {
        unit: { type: 'string' },
        slot: { type: 'string', format: 'date-time' },
        reason: { type: 'string' },
      },
      required: ['unit', 'slot'],
    },
  },
];

function anthropicBody(turn: string, tools = true): Record<string, unknown> {
  return {
    model: 'claude-sonnet-4-5',
    max_tokens: 2048,
    system: SYSTEM_PROMPT,
    ...(tools ? { tools: TOOLS } : {}),
    messages: [
      { role: 'user', content: 'Hi, I have a question about our building.' },
      {
        role: 'assistant',
        content: [{ type: 'text', text: 'Of course — what would you like to know?' }],
      },
      { role: 'user', content: [{ type: 'text', text: turn }] },
    ],
  };
}

/**
 * An agent's tool loop whose latest tool result is `page`: the turn is the short task, and the
 * page, which the model reads in this request, is scanned for asks too (trailingAsks).
 */
function agentBody(page: string): Record<string, unknown> {
  return {
    model: 'claude-sonnet-4-5',
    max_tokens: 4096,
    system: SYSTEM_PROMPT,
    tools: TOOLS,
    messages: [
      { role: 'user', content: 'Find out how the heating schedule is set for the east wing.' },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Let me look at the building notes.' },
          {
            type: 'tool_use',
            id: 'toolu_1',
            name: 'search_tickets',
            input: { query: 'heating east wing' },
          },
        ],
      },
      {
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: page }],
      },
    ],
  };
}

function openaiBody(turn: string): Record<string, unknown> {
  return {
    model: 'gpt-4.1',
    max_tokens: 1024,
    temperature: 0.7,
    user: 'end-user-4711',
    messages: [
      { role: 'system', content: SYSTEM_PROMPT },
      { role: 'user', content: turn },
    ],
  };
}

/**
 * A 4 KB Vietnamese turn whose everyday words ("suy nghĩ", to think) set the elicitation trigger
 * from its first line while the request for the steps comes only at its end: the phrase
 * detector's worst case (it scans the whole capped prefix before it matches).
 */
function vietnamesePrompt(seed: number): string {
  const random = createRng(seed).next;
  // prettier-ignore
  const words = [
    'tôi', 'suy', 'nghĩ', 'rằng', 'bài', 'toán', 'này', 'có', 'nhiều', 'cách', 'giải', 'khác',
    'nhau', 'và', 'mỗi', 'cách', 'đều', 'cần', 'kiểm', 'tra', 'lại', 'kết', 'quả', 'cuối', 'cùng',
    'trong', 'lớp', 'học', 'hôm', 'qua', 'chúng', 'em', 'đã', 'thử',
  ];
  const trailer = ' Hãy giải thích từng bước một cách chi tiết.';
  const parts: string[] = [];
  let length = 0;
  while (length < 4096 - trailer.length) {
    const word = words[Math.floor(random() * words.length)] ?? 'và';
    parts.push(word);
    length += word.length + 1;
  }
  return `${parts.join(' ').slice(0, 4096 - trailer.length)}${trailer}`;
}

/** A 4 KB grading prompt: step-by-step reasoning, a rubric and two labelled candidates. */
function phrasePrompt(seed: number): string {
  const lead =
    'Think step by step and show your reasoning before the verdict. Use the rubric below to ' +
    'grade both responses on a scale of 1 to 10.\n\nRubric: accuracy (4 points), clarity ' +
    '(3 points), completeness (3 points).\n\n';
  const trailer =
    '\n\nWhich response is better? Explain your reasoning step by step, then give the score of ' +
    'each response on its own line.';
  const each = Math.floor((4096 - lead.length - trailer.length - 30) / 2);
  return `${lead}Response A: ${prose(seed, each)}\n\nResponse B: ${prose(seed + 1, each)}${trailer}`.padEnd(
    4096,
    ' ',
  );
}

const ANTHROPIC_HEADERS = [
  'Host',
  'api.example.com',
  'User-Agent',
  'Anthropic/Python 0.40.1',
  'Accept',
  'application/json',
  'Content-Type',
  'application/json',
  'anthropic-version',
  '2023-06-01',
  'x-api-key',
  'dg_live_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  'X-Stainless-Lang',
  'python',
  'X-Stainless-Package-Version',
  '0.40.1',
  'X-Stainless-OS',
  'Linux',
  'X-Stainless-Runtime',
  'CPython',
  'Content-Length',
  '5200',
];
const OPENAI_HEADERS = [
  'host',
  'api.example.com',
  'content-type',
  'application/json',
  'authorization',
  'Bearer dg_live_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  'user-agent',
  'OpenAI/JS 4.77.0',
  'x-stainless-lang',
  'js',
  'x-stainless-runtime',
  'node',
  'x-stainless-retry-count',
  '0',
  'content-length',
  '5100',
];

function settings(): DetectionSettings {
  return compileDetection(
    detectionSchema.parse({
      models: [
        { name: 'claude-sonnet-4-5', max_output_tokens: 64_000 },
        { name: 'gpt-4.1', max_output_tokens: 32_768 },
      ],
    }),
  );
}

interface Call {
  readonly dialect: Dialect;
  readonly route: Route;
  readonly body: Record<string, unknown>;
  readonly bytes: number;
  readonly rawHeaders: readonly string[];
}

function call(dialect: Dialect, built: Record<string, unknown>): Call {
  // Parsed from its bytes, as the proxy does: JSON.parse yields flat strings, whereas the
  // generator's slices would be sliced strings (slower to scan, and never seen in production).
  const json = JSON.stringify(built);
  return {
    dialect,
    route: dialect === anthropic ? MESSAGES : CHAT,
    body: JSON.parse(json) as Record<string, unknown>,
    bytes: Buffer.byteLength(json),
    rawHeaders: dialect === anthropic ? ANTHROPIC_HEADERS : OPENAI_HEADERS,
  };
}

const VARIANTS = 16;
const SCENARIOS: readonly { id: string; label: string; make: (seed: number) => Call }[] = [
  {
    id: 'anthropic-4k',
    label: 'Anthropic, 4 KB turn, system prompt + 3 tools',
    make: (seed) => call(anthropic, anthropicBody(prose(seed, 4096))),
  },
  {
    id: 'openai-4k',
    label: 'OpenAI chat, 4 KB turn, system message',
    make: (seed) => call(openai, openaiBody(prose(seed, 4096))),
  },
  {
    id: 'phrases-4k',
    label: 'Anthropic, 4 KB grading turn (step by step, rubric, Response A/B)',
    make: (seed) => call(anthropic, anthropicBody(phrasePrompt(seed), false)),
  },
  {
    id: 'vietnamese-4k',
    label: 'OpenAI chat, 4 KB Vietnamese turn, the steps asked for at its end',
    make: (seed) => call(openai, openaiBody(vietnamesePrompt(seed))),
  },
  {
    id: 'agent-4k',
    label: 'Anthropic tool loop, a short task and a 4 KB tool result',
    make: (seed) => call(anthropic, agentBody(prose(seed, 4096))),
  },
  {
    id: 'anthropic-64k',
    label: 'Anthropic, 64 KB turn (only its two ends are read)',
    make: (seed) => call(anthropic, anthropicBody(prose(seed, 65_536))),
  },
];

function extract(c: Call, detection: DetectionSettings): RequestFacts {
  return readRequestFacts(
    c.dialect,
    c.route,
    c.body,
    c.bytes,
    { rawHeaders: c.rawHeaders, ipPrefix: '203.0.113.0/24' },
    detection,
  );
}

// ---------------------------------------------------------------------------------------------
// Phase 1: extraction.

interface ExtractRow {
  id: string;
  label: string;
  bytes: number;
  medianUs: number;
  p99Us: number;
  roundMedians: number[];
  elicitation: number;
  grading: number;
  tokens: number;
}

interface Extraction {
  rows: ExtractRow[];
  /** Where a plain 4 KB prose turn's extraction time goes (µs per call, medians of batches). */
  parts: { part: string; us: number }[];
  /** Trigger words the plain prose turns contain (phrase detectors run when one is present). */
  triggers: string;
}

const BATCH = 100;
const ROUNDS = 3;
/** Runs of the scoring phase, each in a fresh process: the one with the median p99 is reported. */
const SCORE_RUNS = 3;

/** Median per-call µs of `fn` over batches for `ms` milliseconds (after a short warm-up). */
function timeBatches(ms: number, fn: (v: number) => number): number {
  let sink = 0;
  for (let i = 0; i < 2_000; i++) sink ^= fn(i % VARIANTS);
  const samples: number[] = [];
  const until = performance.now() + ms;
  let v = 0;
  while (performance.now() < until) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < BATCH; i++) {
      sink ^= fn(v);
      v = (v + 1) % VARIANTS;
    }
    samples.push(Number(process.hrtime.bigint() - t0) / 1000 / BATCH);
  }
  if (sink === 0.5) process.stderr.write('unreachable\n');
  return median(samples);
}

/** The parts of extraction, timed alone on the plain 4 KB prose turns. */
function extractionParts(cap: number): Pick<Extraction, 'parts' | 'triggers'> {
  const turns = Array.from(
    { length: VARIANTS },
    (_, v) => JSON.parse(JSON.stringify(prose(1000 * (v + 1), 4096))) as string,
  );
  const shape = newTextShape();
  // What the extractor reads of a 4 KB turn: its first and last parts within the budget.
  const scanned = turns.map((turn) => scannedPart(turn, cap));
  const triggers = scanned.map((turn) => readTextShape(turn, turn.length, shape).triggers);
  // Where each turn's trigger words are, as the extractor hands them to the phrase detectors.
  const anchors = scanned.map((turn) => readTextShape(turn, turn.length, newTextShape()));
  const ms = 250;
  const parts = [
    {
      part: 'scannedPart + readTextShape (tokenise, mask, exact hash, skeleton, frames, MinHash)',
      us: timeBatches(ms, (v) => {
        const turn = scannedPart(turns[v]!, cap);
        return readTextShape(turn, turn.length, shape).skeleton;
      }),
    },
    {
      part: 'the same with the intent models (their logits from the tokens read)',
      us: timeBatches(ms, (v) => {
        const turn = scannedPart(turns[v]!, cap);
        return readTextShape(turn, turn.length, shape, INTENT_MODELS).gradeLogit;
      }),
    },
    {
      part: 'elicitsReasoning (regexes, with the triggers seen, at the elicitation words found)',
      us: timeBatches(ms, (v) => (elicitsReasoning(scanned[v]!, triggers[v]!, anchors[v]) ? 1 : 0)),
    },
    {
      part: 'gradingLevel (regexes, with the triggers seen, at the grading words found)',
      us: timeBatches(ms, (v) => gradingLevel(scanned[v]!, triggers[v]!, false, anchors[v])),
    },
    {
      part: 'asksForCode (regex, with the triggers seen)',
      us: timeBatches(ms, (v) => (asksForCode(scanned[v]!, triggers[v]!) ? 1 : 0)),
    },
    {
      part: 'reference: one charCodeAt pass over 4 KB (this machine)',
      us: timeBatches(ms, (v) => {
        const turn = turns[v]!;
        let h = 0;
        for (let i = 0; i < turn.length; i++) h = Math.imul(h ^ turn.charCodeAt(i), 0x01000193);
        return h;
      }),
    },
  ];
  const seen = triggers.reduce((all, bits) => all | bits, 0);
  const names = Object.entries(TRIGGER)
    .filter(([name, bit]) => name !== 'function' && (seen & bit) !== 0)
    .map(([name]) => name);
  const every = Object.entries(TRIGGER)
    .filter(([name, bit]) => name !== 'function' && triggers.every((bits) => (bits & bit) !== 0))
    .map(([name]) => name);
  return {
    parts,
    triggers: `${names.join(', ') || 'none'} (in every variant: ${every.join(', ') || 'none'})`,
  };
}

function childExtract(seconds: number): Extraction {
  const detection = settings();
  const calls = SCENARIOS.map((scenario) =>
    Array.from({ length: VARIANTS }, (_, v) => scenario.make(1000 * (v + 1))),
  );
  let sink = 0;
  // Warm up every scenario (JIT, regex compilation), interleaved.
  for (let i = 0; i < 3000; i++)
    for (const list of calls)
      sink ^= extract(list[i % VARIANTS] as Call, detection).signals!.skeleton;
  const perRun = (seconds * 1000) / (ROUNDS * SCENARIOS.length);
  const means: number[][] = SCENARIOS.map(() => []);
  const roundMedians: number[][] = SCENARIOS.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (let s = 0; s < SCENARIOS.length; s++) {
      const list = calls[s] as Call[];
      const samples: number[] = [];
      const until = performance.now() + perRun;
      let v = 0;
      while (performance.now() < until) {
        const t0 = process.hrtime.bigint();
        for (let i = 0; i < BATCH; i++) {
          sink ^= extract(list[v] as Call, detection).signals!.skeleton;
          v = (v + 1) % VARIANTS;
        }
        samples.push(Number(process.hrtime.bigint() - t0) / 1000 / BATCH);
      }
      means[s]!.push(...samples);
      roundMedians[s]!.push(median(samples));
    }
  }
  if (sink === 0.5) process.stderr.write('unreachable\n');
  const rows = SCENARIOS.map((scenario, s) => {
    const all = [...means[s]!].sort((a, b) => a - b);
    const first = (calls[s] as Call[])[0] as Call;
    const signals = extract(first, detection).signals!;
    return {
      id: scenario.id,
      label: scenario.label,
      bytes: first.bytes,
      medianUs: median(roundMedians[s]!),
      p99Us: all[Math.floor(all.length * 0.99)] ?? Number.NaN,
      roundMedians: roundMedians[s]!,
      elicitation: signals.elicitation,
      grading: signals.grading,
      tokens: signals.tokens,
    };
  });
  return { rows, ...extractionParts(detection.hashedChars) };
}

// ---------------------------------------------------------------------------------------------
// Traffic for phases 2 and 3.

function makeAccount(i: number, member: boolean): Account {
  const h = fmix(i * 2_654_435_761 + 17);
  const org = !member && h % 10 < 3 ? `org_${h % 5_000}` : undefined;
  return {
    id: `acct_${i.toString(36).padStart(6, '0')}`,
    org,
    tier: 'default',
    credential: 'api_key',
    keyId: `key_${i}`,
    createdAt: undefined,
    ageDays: member ? h % 5 : h % 1_500,
    verified: !member && h % 2 === 0,
    programme: undefined,
    labels: [],
    declaredUse: undefined,
    override: undefined,
    // One key per account: its record's index in the key table (account-hints.ts).
    handle: i,
  };
}

const TEMPLATE_ITEMS = ['farmer', 'train', 'bakery', 'library', 'factory', 'garden', 'school'];
const TEMPLATE_GOODS = ['apples', 'bolts', 'loaves', 'books', 'tiles', 'stones', 'coins'];

/** Four distiller templates: a fixed lead-in and trailer around a varying middle. */
function templatePrompt(cluster: number, random: Random): string {
  const item = pick(random, TEMPLATE_ITEMS);
  const goods = pick(random, TEMPLATE_GOODS);
  const n = int(random, 500);
  switch (cluster) {
    case 0:
      return `Solve the following problem step by step and show your full reasoning before the final answer. A ${item} has ${n} boxes and each holds ${n + 7} ${goods}; how many ${goods} are there in total? Write out every intermediate step of the derivation and then give the final answer on its own line.`;
    case 1:
      return `You are an expert grader. Score each response on a scale of 1 to 10 for the question about the ${item} and its ${goods}.\n\nResponse A: The ${item} has ${n} ${goods}.\n\nResponse B: The ${item} has ${n * 2} ${goods}.\n\nReturn the scores as JSON with a short justification for each.`;
    case 2:
      return `Write a Python function that simulates a ${item} shipping ${n} crates of ${goods} per day, with unit tests and type hints. Explain the design choices in detail, then list the edge cases the tests cover.`;
    default:
      return `Translate the following paragraph into formal French and keep the numbers as they are: the ${item} received ${n} ${goods} on Monday and sent ${n + 3} back on Friday. After the translation, explain every grammatical choice you made.`;
  }
}

interface Traffic {
  /** The facts of the `k`th request of account `i` (k from 0). */
  facts(i: number, k: number): RequestFacts;
  account(i: number): Account;
  member(i: number): boolean;
}

/** `harvesting`: every ordinary request also elicits, grades, asks the maximum and n > 1. */
function traffic(detection: DetectionSettings, harvesting = false): Traffic {
  // Really extracted bases for ordinary traffic (content prints replaced per request).
  const bases = Array.from({ length: 16 }, (_, v) =>
    extract(
      v % 2 === 0
        ? call(anthropic, anthropicBody(prose(50_000 + v, 300 + 200 * v), v % 4 === 0))
        : call(openai, openaiBody(prose(50_000 + v, 300 + 200 * v))),
      detection,
    ),
  );
  // Really extracted prompts of the four cluster templates, 64 fill-ins each.
  const templates = Array.from({ length: CLUSTERS }, (_, cluster) => {
    const random = createRng(7_000 + cluster).next;
    return Array.from({ length: 64 }, () =>
      extract(call(anthropic, anthropicBody(templatePrompt(cluster, random), false)), detection),
    );
  });
  const clients = Array.from({ length: 12 }, (_, k) => fingerprint(PRINT.client, fmix(k + 99)));
  let seq = 0x1234567;
  const next = (): number => (seq = fmix(seq + 0x9e3779b9)) || 1;
  const member = (i: number): boolean => i % MEMBER_EVERY === 7;
  return {
    member,
    account: (i) => makeAccount(i, member(i)),
    facts(i, k) {
      const h = fmix(i * 2_654_435_761 + 17);
      if (member(i)) {
        const list = templates[Math.floor(i / MEMBER_EVERY) % CLUSTERS]!;
        const base = list[(i + k * 7) % list.length]!;
        // Distillers rotate IP prefixes: one per request.
        return {
          ...base,
          signals: { ...base.signals!, ipPrefix: fingerprint(PRINT.ipPrefix, next()) },
        };
      }
      const base = bases[h % bases.length]!;
      const app = fmix(h) % 20_000;
      const withTools = base.signals!.toolCount > 0;
      // An org's accounts share its NAT's prefix; others are spread over 400k prefixes.
      const org = h % 10 < 3 ? h % 5_000 : -1;
      const signals: RequestSignals = {
        ...base.signals!,
        system: app % 3 === 0 ? 0 : fingerprint(PRINT.system, fmix(app + 1)),
        tools: withTools ? fingerprint(PRINT.tools, fmix(app + 2)) : 0,
        skeleton: fingerprint(PRINT.skeleton, next()),
        head: fingerprint(PRINT.head, next()),
        tail: fingerprint(PRINT.tail, next()),
        frameHead: fingerprint(PRINT.frameHead, next()),
        frameTail: next() % 2 === 0 ? 0 : fingerprint(PRINT.frameTail, next()),
        bands: [
          fingerprint(PRINT.band, next()),
          fingerprint(PRINT.band + 1, next()),
          fingerprint(PRINT.band + 2, next()),
          fingerprint(PRINT.band + 3, next()),
        ],
        exact: next(),
        template: next(),
        client: clients[h % clients.length]!,
        ipPrefix: fingerprint(PRINT.ipPrefix, org >= 0 ? fmix(org + 5) : fmix(h) % 400_000),
        ...(harvesting
          ? {
              elicitation: 1 as const,
              grading: 2 as const,
              harvest: base.signals!.harvest | HARVEST.maxTokens | HARVEST.multiChoice,
            }
          : {}),
      };
      return { ...base, signals };
    },
  };
}

interface Populated {
  now: number;
  refreshMs: number[];
  /** The same refreshes' main-thread CPU time (getrusage: 4 ms ticks on this kernel). */
  refreshCpuMs: number[];
  /** Mean µs per score call while populating, per chunk, with the index's fill then. */
  curve: { fill: number; us: number }[];
}

interface IndexView {
  readonly capacity: number;
  readonly size: number;
}

/** The detector's fingerprint index (a private field, read for reporting only). */
function indexOf(detector: Detector): IndexView & Record<string, unknown> {
  return (detector as unknown as { index: IndexView & Record<string, unknown> }).index;
}

const CHUNK = 1_000;

/**
 * A fresh seeded permutation of 0..n-1 per pass: the order the bench's traffic visits its
 * accounts in. Visited in one fixed order at a fixed step, every account came back at exactly
 * the same moment of every pass, and each run of ~50 consecutive accounts (one 250 ms
 * `timing_tick` at STEP_MS) was active in the same ticks pass after pass: a lockstep crowd that
 * the timing signal (timing.ts) links — two-thirds of the ordinary accounts' requests linked to
 * such a crowd — where independent customers share three exact ticks by chance almost never.
 */
class PassOrder {
  private readonly order: Uint32Array;
  private readonly random: Random;
  private at: number;

  constructor(n: number, seed: number) {
    this.order = new Uint32Array(n);
    this.random = createRng(seed).next;
    this.at = n;
  }

  /** The next index, starting a new shuffled pass when one ends. */
  next(): number {
    const order = this.order;
    if (this.at === order.length) {
      for (let i = 0; i < order.length; i++) order[i] = i;
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(this.random() * (i + 1));
        const swap = order[i]!;
        order[i] = order[j]!;
        order[j] = swap;
      }
      this.at = 0;
    }
    return order[this.at++]!;
  }
}

/**
 * Feeds `count` accounts REQUESTS_PER_ACCOUNT requests each, in passes, refreshing every
 * REFRESH_EVERY requests; each chunk's facts are built first, then its score calls timed.
 */
function populate(
  detector: Detector,
  t: Traffic,
  count: number,
  refresh: (now: number) => void = (now) => detector.refresh(now),
  collectFirst = false,
): Populated {
  let now = T0;
  let sent = 0;
  const refreshMs: number[] = [];
  const refreshCpuMs: number[] = [];
  const curve: Populated['curve'] = [];
  const index = indexOf(detector);
  const accounts: Account[] = [];
  const facts: RequestFacts[] = [];
  const order = new PassOrder(count, 31);
  for (let k = 0; k < REQUESTS_PER_ACCOUNT; k++) {
    for (let first = 0; first < count; first += CHUNK) {
      const n = Math.min(CHUNK, count - first);
      for (let c = 0; c < n; c++) {
        const i = order.next();
        accounts[c] = t.account(i);
        facts[c] = t.facts(i, k);
      }
      const fill = index.size / index.capacity;
      const t0 = process.hrtime.bigint();
      for (let c = 0; c < n; c++) {
        detector.score(accounts[c]!, facts[c]!, now);
        detector.observe(accounts[c]!, facts[c]!, now);
        now += STEP_MS;
      }
      curve.push({ fill, us: Number(process.hrtime.bigint() - t0) / 1000 / n });
      sent += n;
      if (sent % REFRESH_EVERY < n) {
        if (collectFirst) gc();
        const c0 = process.threadCpuUsage();
        const r0 = performance.now();
        refresh(now);
        refreshMs.push(performance.now() - r0);
        const cpu = process.threadCpuUsage(c0);
        refreshCpuMs.push((cpu.user + cpu.system) / 1000);
      }
    }
  }
  accounts.length = 0;
  facts.length = 0;
  return { now, refreshMs, refreshCpuMs, curve };
}

// ---------------------------------------------------------------------------------------------
// Phase 2: scoring.

interface ScoreResult {
  accounts: number;
  populateSeconds: number;
  refreshMedianMs: number;
  refreshMaxMs: number;
  refreshes: number;
  timerOverheadNs: number;
  calls: number;
  p50Us: number;
  p90Us: number;
  p99Us: number;
  p999Us: number;
  /**
   * The share of calls above the p99 budget: the p99 meets it exactly when this is under 1 %.
   * Read beside the p99, which alone sits at a knee (a slow share just under 1 % reads ~5 µs,
   * just over, 10 µs and more).
   */
  overBudgetShare: number;
  /**
   * Where the p99 comes from. The timed pass above, its calls overlapping a GC pause (from the
   * `gc` performance entries) left out; and a second pass, each call bracketed by
   * getrusage, with the calls during which the process was preempted (an involuntary context
   * switch: the machine is shared) left out.
   */
  gcPauses: number;
  callsInGc: number;
  p99NoGcUs: number;
  bracketedCalls: number;
  preemptedCalls: number;
  p99NoPreemptUs: number;
  p99NoGcNoPreemptUs: number;
  /**
   * Per kind: the share of its timed scores that name a cluster (composed through a link, or the
   * score composed ahead for one) — the rest are the account's own score, ready. Read from the
   * scores alone; it tells what the timer measured (a crowd the bench's traffic links by
   * accident shows here first).
   */
  byKind: Record<string, { calls: number; p50Us: number; p99Us: number; linkedShare: number }>;
  /**
   * Per path through `score` (PATHS), told after each timed call from what it returned: the
   * share of the timed calls, their p50 and p99, and the share of all calls that took this path
   * and were over the budget — which path the p99 is made of.
   */
  byPath: Record<string, { share: number; p50Us: number; p99Us: number; overBudgetShare: number }>;
  batchMedianUs: number;
  batchP99Us: number;
  stats: ReturnType<Detector['stats']>;
  memberScoreMedian: number;
  ordinaryScoreMedian: number;
  /** Mean µs per score call while populating, by fingerprint-index fill. */
  curve: { from: number; to: number; us: number; chunks: number }[];
  indexFill: number;
}

const FILL_BUCKETS = [0, 0.2, 0.4, 0.6, 0.8, 1] as const;

function byFill(curve: Populated['curve']): ScoreResult['curve'] {
  const out: ScoreResult['curve'] = [];
  for (let b = 0; b + 1 < FILL_BUCKETS.length; b++) {
    const from = FILL_BUCKETS[b]!;
    const to = FILL_BUCKETS[b + 1]!;
    const inBucket = curve.filter((point) => point.fill >= from && point.fill < to);
    if (inBucket.length > 0)
      out.push({
        from,
        to,
        us: median(inBucket.map((point) => point.us)),
        chunks: inBucket.length,
      });
  }
  return out;
}

const KINDS = ['existing', 'member', 'new'] as const;

/**
 * How `score` made the score it returned: the account's own score, ready since its last request
 * (no link); the linked score prepared ahead for a flagged cluster's member (LinkedScore); nothing
 * to score (the zero score: no factor, no link); or composed on the call (compose).
 */
const PATHS = ['own', 'prepared', 'nothing', 'composed'] as const;
const PATH_LABELS: Readonly<Record<(typeof PATHS)[number], string>> = {
  own: "the account's own score, ready (no link)",
  prepared: "a flagged cluster member's linked score, prepared ahead",
  nothing: 'nothing to score (no factor, no link)',
  composed: 'composed on the call (a link with no prepared score, a first request)',
};

interface TrackedView {
  readonly ownScore: Score;
  readonly linkedScore: { readonly score: Score } | undefined;
}

/** The path (index of PATHS) `score` took to return `score` for `account` — read after the call. */
function pathOf(detector: Detector, account: Account, score: Score): number {
  const tracked = (
    detector as unknown as { trackedOf(a: Account): TrackedView | undefined }
  ).trackedOf(account);
  if (tracked !== undefined && score === tracked.ownScore && score.factors.length > 0) return 0;
  if (tracked?.linkedScore !== undefined && score === tracked.linkedScore.score) return 1;
  if (score.factors.length === 0 && score.cluster === null) return 2;
  return 3;
}

/**
 * Reads what the proxy's earlier stages have just touched when it scores a request — the facts
 * extraction built an instant before, the account the key table resolved — so that a timed call
 * finds them in cache as the proxy's does. Untimed. The mix's 40,000 prebuilt facts are otherwise
 * cold, and in a shuffled pass (PassOrder) every one is a cache miss the proxy never pays: the
 * detector's own state (accounts, clusters, index) is what the timed call is to find cold.
 */
function touch(account: Account, facts: RequestFacts): number {
  const s = facts.signals;
  let sum = (account.handle ?? 0) + (account.ageDays ?? 0) + account.id.length;
  if (s === undefined) return sum;
  sum += s.system + s.tools + s.skeleton + s.head + s.tail + s.frameHead + s.frameTail + s.shape;
  sum += s.exact + s.template + s.tokens + s.toolCount + s.elicitation + s.grading;
  sum += s.capabilities + s.harvest + s.client + s.ipPrefix + s.endUser;
  for (const band of s.bands) sum += band;
  return sum;
}

/** Requests in the timed mix (replayed in a loop). */
const MIX = 40_000;

/**
 * The timed mix, built beforehand: 75 % existing ordinary accounts, 20 % cluster members, 5 %
 * accounts seen for the first time (`kinds`: indexes of KINDS).
 */
function timedMix(
  t: Traffic,
  count: number,
): { accounts: Account[]; facts: RequestFacts[]; kinds: Uint8Array } {
  const random = createRng(99).next;
  const accounts: Account[] = [];
  const facts: RequestFacts[] = [];
  const kinds = new Uint8Array(MIX);
  let fresh = count;
  for (let j = 0; j < MIX; j++) {
    const roll = random();
    let i: number;
    if (roll < 0.05) {
      i = fresh++;
      while (t.member(i)) i = fresh++;
      kinds[j] = 2;
    } else if (roll < 0.25) {
      i = MEMBER_EVERY * Math.floor(random() * (count / MEMBER_EVERY)) + 7;
      kinds[j] = 1;
    } else {
      i = Math.floor(random() * count);
      if (t.member(i)) i++;
      kinds[j] = 0;
    }
    accounts.push(t.account(i));
    facts.push(t.facts(i, REQUESTS_PER_ACCOUNT + j));
  }
  return { accounts, facts, kinds };
}

async function childScore(count: number, seconds: number): Promise<ScoreResult> {
  const detection = settings();
  const t = traffic(detection);
  const detector = new Detector(detection, accountsSchema.parse({}).tiers);
  const p0 = performance.now();
  const populated = populate(detector, t, count);
  const populateSeconds = (performance.now() - p0) / 1000;
  let now = populated.now;

  const { accounts, facts, kinds } = timedMix(t, count);

  // Timer overhead: two back-to-back hrtime.bigint() calls.
  const overhead: number[] = [];
  for (let j = 0; j < 100_000; j++) {
    const a = process.hrtime.bigint();
    overhead.push(Number(process.hrtime.bigint() - a));
  }
  const timerOverheadNs = median(overhead);

  let sink = 0;
  const memberScores: number[] = [];
  const ordinaryScores: number[] = [];
  const order = new PassOrder(MIX, 32);
  // Warm-up, untimed.
  for (let j = 0; j < MIX; j++) {
    const q = order.next();
    const score = detector.score(accounts[q]!, facts[q]!, now);
    detector.observe(accounts[q]!, facts[q]!, now);
    sink += score.value;
    if (kinds[q] === 1) memberScores.push(score.value);
    else if (kinds[q] === 0) ordinaryScores.push(score.value);
    now += STEP_MS;
    if (j % REFRESH_EVERY === 0) detector.refresh(now);
  }

  // Single calls, each timed; refresh between calls (untimed), as its timer would run. GC pauses
  // are collected meanwhile, to tell afterwards which calls one overlapped.
  const gcs: { start: number; end: number }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      gcs.push({ start: entry.startTime, end: entry.startTime + entry.duration });
  });
  observer.observe({ entryTypes: ['gc'] });
  // performance.now() (ms) of an hrtime.bigint() reading, for matching calls with GC entries.
  const hrOrigin = Number(process.hrtime.bigint()) / 1e6 - performance.now();
  const starts: number[] = [];
  const single: number[][] = KINDS.map(() => []);
  const byPath: number[][] = PATHS.map(() => []);
  const linked = KINDS.map(() => 0);
  const all: number[] = [];
  let until = performance.now() + seconds * 500;
  let j = 0;
  while (performance.now() < until) {
    for (let n = 0; n < 1000; n++) {
      const q = order.next();
      const a = accounts[q]!;
      const f = facts[q]!;
      sink += touch(a, f);
      const t0 = process.hrtime.bigint();
      const score = detector.score(a, f, now);
      const ns = Number(process.hrtime.bigint() - t0);
      starts.push(Number(t0) / 1e6 - hrOrigin);
      // Untimed, and before observe replaces the account's own score.
      byPath[pathOf(detector, a, score)]!.push(ns);
      // The pipeline folds the request in after the decision (untimed here, as it is off the
      // decision's path).
      detector.observe(a, f, now);
      sink += score.value;
      single[kinds[q]!]!.push(ns);
      if (score.cluster !== null) linked[kinds[q]!]!++;
      all.push(ns);
      now += STEP_MS;
      if (++j === MIX) j = 0;
      if (j % REFRESH_EVERY === 0) detector.refresh(now);
    }
  }

  // Batches of BATCH calls; the mean per call of each batch.
  const batches: number[] = [];
  const batch = new Uint32Array(BATCH);
  until = performance.now() + seconds * 500;
  while (performance.now() < until) {
    // A pass's shuffle left untimed, and the batch's facts in cache as the single calls' are.
    for (let n = 0; n < BATCH; n++) {
      const q = order.next();
      batch[n] = q;
      sink += touch(accounts[q]!, facts[q]!);
    }
    const t0 = process.hrtime.bigint();
    for (let n = 0; n < BATCH; n++) {
      const q = batch[n]!;
      sink += detector.score(accounts[q]!, facts[q]!, now).value;
      now += STEP_MS;
      if (++j === MIX) j = 0;
    }
    batches.push(Number(process.hrtime.bigint() - t0) / 1000 / BATCH);
    if (j % REFRESH_EVERY < BATCH) detector.refresh(now);
  }
  // Bracketed pass: getrusage before and after each timed call (outside the timer) tells the
  // calls during which the process was preempted; GC pauses are matched as above.
  const bracketed: number[] = [];
  const preempted: boolean[] = [];
  const bracketStarts: number[] = [];
  until = performance.now() + seconds * 250;
  while (performance.now() < until) {
    for (let n = 0; n < 1000; n++) {
      const q = order.next();
      const a = accounts[q]!;
      const f = facts[q]!;
      sink += touch(a, f);
      const switches = process.resourceUsage().involuntaryContextSwitches;
      const t0 = process.hrtime.bigint();
      const score = detector.score(a, f, now);
      const ns = Number(process.hrtime.bigint() - t0);
      preempted.push(process.resourceUsage().involuntaryContextSwitches !== switches);
      bracketStarts.push(Number(t0) / 1e6 - hrOrigin);
      bracketed.push(ns);
      detector.observe(a, f, now);
      sink += score.value;
      now += STEP_MS;
      if (++j === MIX) j = 0;
      if (j % REFRESH_EVERY === 0) detector.refresh(now);
    }
  }
  if (sink === 0.5) process.stderr.write('unreachable\n');
  // GC entries are delivered on the event loop: let them arrive.
  for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
  observer.disconnect();
  gcs.sort((x, y) => x.start - y.start);
  const inGc = (startMs: number, ns: number): boolean => {
    const end = startMs + ns / 1e6;
    let lo = 0;
    let hi = gcs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (gcs[mid]!.end < startMs) lo = mid + 1;
      else hi = mid;
    }
    return lo < gcs.length && gcs[lo]!.start <= end;
  };
  const noGc = all.filter((ns, i) => !inGc(starts[i]!, ns)).sort((x, y) => x - y);
  const noPreempt = bracketed.filter((_, i) => !preempted[i]).sort((x, y) => x - y);
  const clean = bracketed
    .filter((ns, i) => !preempted[i] && !inGc(bracketStarts[i]!, ns))
    .sort((x, y) => x - y);

  const quantile = (sorted: number[], q: number): number =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  all.sort((a, b) => a - b);
  batches.sort((a, b) => a - b);
  const byKind: ScoreResult['byKind'] = {};
  KINDS.forEach((kind, k) => {
    const sorted = single[k]!.sort((a, b) => a - b);
    byKind[kind] = {
      calls: sorted.length,
      p50Us: quantile(sorted, 0.5) / 1000,
      p99Us: quantile(sorted, 0.99) / 1000,
      linkedShare: (linked[k] ?? 0) / Math.max(1, sorted.length),
    };
  });
  const pathRows: ScoreResult['byPath'] = {};
  PATHS.forEach((path, k) => {
    const sorted = byPath[k]!.sort((x, y) => x - y);
    pathRows[path] = {
      share: sorted.length / Math.max(1, all.length),
      p50Us: quantile(sorted, 0.5) / 1000,
      p99Us: quantile(sorted, 0.99) / 1000,
      overBudgetShare:
        sorted.filter((ns) => ns > BUDGET.scoreP99Us * 1000).length / Math.max(1, all.length),
    };
  });
  return {
    accounts: count,
    populateSeconds,
    refreshMedianMs: median(populated.refreshMs),
    refreshMaxMs: Math.max(...populated.refreshMs),
    refreshes: populated.refreshMs.length,
    timerOverheadNs,
    calls: all.length,
    p50Us: quantile(all, 0.5) / 1000,
    p90Us: quantile(all, 0.9) / 1000,
    p99Us: quantile(all, 0.99) / 1000,
    p999Us: quantile(all, 0.999) / 1000,
    overBudgetShare: all.filter((ns) => ns > BUDGET.scoreP99Us * 1000).length / all.length,
    gcPauses: gcs.length,
    callsInGc: all.length - noGc.length,
    p99NoGcUs: quantile(noGc, 0.99) / 1000,
    bracketedCalls: bracketed.length,
    preemptedCalls: bracketed.length - noPreempt.length,
    p99NoPreemptUs: quantile(noPreempt, 0.99) / 1000,
    p99NoGcNoPreemptUs: quantile(clean, 0.99) / 1000,
    byKind,
    byPath: pathRows,
    batchMedianUs: median(batches),
    batchP99Us: quantile(batches, 0.99),
    stats: detector.stats(now),
    memberScoreMedian: median(memberScores),
    ordinaryScoreMedian: median(ordinaryScores),
    curve: byFill(populated.curve),
    indexFill: indexOf(detector).size / indexOf(detector).capacity,
  };
}

/** Per kind of request (KINDS), single-call p50 and p99 of each detector, µs. */
interface AbResult {
  base: string;
  calls: number;
  byKind: Record<string, { base: [number, number]; candidate: [number, number] }>;
  all: { base: [number, number]; candidate: [number, number] };
  mismatches: number;
}

/**
 * Before/after in one process (`--ab-base <tree>`): this tree's detector and the one of another
 * checkout of the repository (its src/detection/engine.ts), fed the same traffic, each request
 * scored by both back to back — which one first alternates — so that the other tenants' load on a
 * shared machine falls on both alike. Each call is timed alone, as in the score phase; the two
 * scores must be equal.
 */
async function childScoreAb(count: number, seconds: number, basePath: string): Promise<AbResult> {
  const engine = join(basePath, 'src/detection/engine.ts');
  const { Detector: BaseDetector } = (await import(pathToFileURL(engine).href)) as {
    Detector: typeof Detector;
  };
  const detection = settings();
  const t = traffic(detection);
  const tiers = accountsSchema.parse({}).tiers;
  const detectors = [new BaseDetector(detection, tiers), new Detector(detection, tiers)] as const;
  // Fed in lockstep: the traffic's content fingerprints are drawn as it goes.
  const both = {
    index: indexOf(detectors[1]),
    score: (a: Account, f: RequestFacts, at: number) => {
      detectors[0].score(a, f, at);
      return detectors[1].score(a, f, at);
    },
    observe: (a: Account, f: RequestFacts, at: number) => {
      for (const detector of detectors) detector.observe(a, f, at);
    },
    refresh: (at: number) => {
      for (const detector of detectors) detector.refresh(at);
    },
  };
  let now = populate(both as unknown as Detector, t, count).now;
  const { accounts, facts, kinds } = timedMix(t, count);
  const times = detectors.map(() => KINDS.map((): number[] => []));
  let mismatches = 0;
  let calls = 0;
  let touched = 0;
  const order = new PassOrder(MIX, 32);
  let j = 0;
  const pass = (timed: boolean, until: number): void => {
    while (performance.now() < until) {
      for (let n = 0; n < 1000; n++, j = (j + 1) % MIX) {
        const q = order.next();
        const a = accounts[q]!;
        const f = facts[q]!;
        const values: string[] = [];
        for (let k = 0; k < 2; k++) {
          const which = (j + k) % 2;
          touched += touch(a, f);
          const t0 = process.hrtime.bigint();
          const score = detectors[which]!.score(a, f, now);
          const ns = Number(process.hrtime.bigint() - t0);
          if (timed) times[which]![kinds[q]!]!.push(ns);
          values[which] = JSON.stringify(score);
        }
        if (values[0] !== values[1]) mismatches++;
        for (const detector of detectors) detector.observe(a, f, now);
        calls++;
        now += STEP_MS;
        if (j % REFRESH_EVERY === 0) for (const detector of detectors) detector.refresh(now);
      }
    }
  };
  pass(false, performance.now() + seconds * 250);
  pass(true, performance.now() + seconds * 1000);
  const quantiles = (values: number[]): [number, number] => {
    const sorted = values.sort((x, y) => x - y);
    const at = (q: number): number =>
      (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN) / 1000;
    return [at(0.5), at(0.99)];
  };
  if (touched === 0.5) process.stderr.write('unreachable\n');
  const byKind: AbResult['byKind'] = {};
  KINDS.forEach((kind, k) => {
    byKind[kind] = { base: quantiles(times[0]![k]!), candidate: quantiles(times[1]![k]!) };
  });
  return {
    base: basePath,
    calls,
    byKind,
    all: { base: quantiles(times[0]!.flat()), candidate: quantiles(times[1]!.flat()) },
    mismatches,
  };
}

// ---------------------------------------------------------------------------------------------
// Phase 3: memory.

interface MemoryResult {
  accounts: number;
  /** Bytes of the fingerprint index's typed arrays (reserved at construction). */
  indexReservedMb: number;
  /** heapUsed + arrayBuffers added by constructing the detector (index, LRU arrays). */
  constructionMb: number;
  constructionRssMb: number;
  /** heapUsed and arrayBuffers added by feeding the accounts. */
  feedHeapMb: number;
  feedArrayBuffersMb: number;
  feedRssMb: number;
  bytesPerAccount: number;
  totalMb: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  stats: ReturnType<Detector['stats']>;
}

const MB = 1_048_576;

/**
 * Memory after full GCs. ArrayBuffer backing stores are freed by a concurrent sweeper after a
 * GC, so wait a little between collections before reading arrayBuffers.
 */
async function snapshot(): Promise<{ heap: number; buffers: number; rss: number }> {
  for (let k = 0; k < 3; k++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const usage = process.memoryUsage();
  return { heap: usage.heapUsed, buffers: usage.arrayBuffers, rss: usage.rss };
}

/** Bytes of the typed arrays the fingerprint index holds (found by reflection). */
function indexBytes(detector: Detector): number {
  let bytes = 0;
  for (const value of Object.values(indexOf(detector)))
    if (ArrayBuffer.isView(value)) bytes += value.byteLength;
  return bytes;
}

async function childMemory(count: number, harvesting: boolean): Promise<MemoryResult> {
  const detection = settings();
  const t = traffic(detection, harvesting);
  // Warm the code paths on a small throwaway detector, so compiled code is not counted.
  const small = compileDetection(
    detectionSchema.parse({ max_fingerprints: 1024, max_accounts: 100 }),
  );
  populate(new Detector(small, accountsSchema.parse({}).tiers), t, 2_000);
  const before = await snapshot();
  const detector = new Detector(detection, accountsSchema.parse({}).tiers);
  const built = await snapshot();
  const { now } = populate(detector, t, count);
  const after = await snapshot();
  const feedHeap = after.heap - built.heap;
  const feedBuffers = after.buffers - built.buffers;
  const construction = built.heap + built.buffers - (before.heap + before.buffers);
  const stats = detector.stats(now);
  return {
    accounts: stats.accounts,
    indexReservedMb: indexBytes(detector) / MB,
    constructionMb: construction / MB,
    constructionRssMb: (built.rss - before.rss) / MB,
    feedHeapMb: feedHeap / MB,
    feedArrayBuffersMb: feedBuffers / MB,
    feedRssMb: (after.rss - built.rss) / MB,
    bytesPerAccount: (feedHeap + feedBuffers) / count,
    totalMb: (construction + feedHeap + feedBuffers) / MB,
    rssBeforeMb: before.rss / MB,
    rssAfterMb: after.rss / MB,
    stats,
  };
}

// ---------------------------------------------------------------------------------------------
// Phase 4: the refresh's longest event-loop block.

interface RefreshResult {
  accounts: number;
  refreshes: number;
  /** In one go (`Detector.refresh`): each refresh is one block. */
  oneGoMaxMs: number;
  oneGoP99Ms: number;
  oneGoMedianMs: number;
  /** Main-thread CPU time of the longest one-go refresh and of the longest slice (preemption excluded). */
  oneGoCpuMaxMs: number;
  sliceCpuMaxMs: number;
  sliceCpuP99Ms: number;
  /** Median wall time of a slice. */
  sliceMedianMs: number;
  /** In slices of REFRESH_SLICE_MS (what the proxy's timer does): each slice is one block. */
  sliceMaxMs: number;
  sliceP99Ms: number;
  slices: number;
  /** A sliced refresh's work from start to end, its slices' sum (the loop serves others between). */
  slicedMaxMs: number;
  slicedMedianMs: number;
}

/** The p-th percentile of `values` (nearest rank). */
function rank(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;
}

/**
 * The same population twice in one process: refreshed in one go, then in slices as the proxy's
 * refresh timer runs them (each slice timed; the yields between them are not run here — populate
 * is synchronous — so a slice's duration is exactly the time it holds the event loop).
 */
function childRefresh(count: number): RefreshResult {
  const detection = settings();
  const tiers = accountsSchema.parse({}).tiers;
  // A full GC before each refresh (untimed): its blocks are the refresh's own, not a collection
  // of the benchmark's traffic garbage that happens to fall due during it.
  const first = new Detector(detection, tiers);
  const oneGo = populate(first, traffic(detection), count, (now) => first.refresh(now), true);
  gc();
  const sliced = new Detector(detection, tiers);
  const slices: number[] = [];
  const sliceCpu: number[] = [];
  const populated = populate(
    sliced,
    traffic(detection),
    count,
    (now) => {
      const run = sliced.startRefresh();
      for (;;) {
        const c0 = process.threadCpuUsage();
        const s0 = performance.now();
        const deadline = s0 + REFRESH_SLICE_MS;
        const done = sliced.continueRefresh(run, now, () => performance.now() >= deadline);
        slices.push(performance.now() - s0);
        const c = process.threadCpuUsage(c0);
        sliceCpu.push((c.user + c.system) / 1000);
        if (done) break;
      }
    },
    true,
  );
  return {
    accounts: count,
    refreshes: oneGo.refreshMs.length,
    oneGoMaxMs: Math.max(...oneGo.refreshMs),
    oneGoP99Ms: rank(oneGo.refreshMs, 0.99),
    oneGoMedianMs: median(oneGo.refreshMs),
    oneGoCpuMaxMs: Math.max(...oneGo.refreshCpuMs),
    sliceCpuMaxMs: Math.max(...sliceCpu),
    sliceCpuP99Ms: rank(sliceCpu, 0.99),
    sliceMedianMs: median(slices),
    sliceMaxMs: Math.max(...slices),
    sliceP99Ms: rank(slices, 0.99),
    slices: slices.length,
    slicedMaxMs: Math.max(...populated.refreshMs),
    slicedMedianMs: median(populated.refreshMs),
  };
}

// ---------------------------------------------------------------------------------------------
// Orchestration.

function runChild(args: readonly string[], timeoutMs: number): unknown {
  const run = spawnSync(
    process.execPath,
    ['--expose-gc', fileURLToPath(import.meta.url), 'child', ...args],
    { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 1 << 22 },
  );
  if (run.status !== 0)
    throw new Error(`child ${args.join(' ')} failed (${run.status ?? run.signal}): ${run.stderr}`);
  return JSON.parse(run.stdout);
}

const us = (value: number): string => `${value.toFixed(2)} µs`;
const mb = (value: number): string => `${value.toFixed(1)} MB`;
const ms = (value: number): string => `${value.toFixed(2)} ms`;
const verdict = (ok: boolean): string => (ok ? 'PASS' : '**FAIL**');

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      accounts: { type: 'string', default: '100000' },
      seconds: { type: 'string', default: '8' },
      write: { type: 'boolean', default: false },
      'ab-base': { type: 'string' },
    },
  });
  const count = Number(values.accounts);
  const seconds = Number(values.seconds);
  if (positionals[0] === 'child') {
    const phase = positionals[1];
    const out =
      phase === 'score-ab'
        ? await childScoreAb(count, seconds, values['ab-base'] ?? '')
        : phase === 'extract'
          ? childExtract(seconds)
          : phase === 'score'
            ? await childScore(count, seconds)
            : phase === 'refresh'
              ? childRefresh(count)
              : await childMemory(count, phase === 'memory-harvesting');
    process.stdout.write(JSON.stringify(out));
    return;
  }
  const base = values['ab-base'];
  if (base !== undefined && positionals[0] !== 'child') {
    process.stdout.write(
      `${JSON.stringify(runChild(['score-ab', '--ab-base', base, '--accounts', String(count), '--seconds', String(seconds)], 300_000), null, 1)}\n`,
    );
    return;
  }
  const context = describeRun(join(HERE, '..'), false);
  const common = ['--accounts', String(count), '--seconds', String(seconds)];
  process.stderr.write('phase 1/4: signal extraction …\n');
  const extraction = runChild(['extract', ...common], 120_000) as Extraction;
  process.stderr.write(`phase 2/4: scoring (${count.toLocaleString('en')} accounts) …\n`);
  // Three runs, each a fresh process: one run's p99 moves by ±1 µs on this shared machine with
  // the same code (4.5–5.9 µs in four runs, 2026-12-07), so the run with the median p99 is the
  // one reported, and every run's p99 is shown beside it.
  const scoringRuns = Array.from(
    { length: SCORE_RUNS },
    () => runChild(['score', ...common], 180_000) as ScoreResult,
  );
  const scoring = [...scoringRuns].sort((x, y) => x.p99Us - y.p99Us)[SCORE_RUNS >> 1]!;
  process.stderr.write('phase 3/4: memory (the mix above, then every account harvesting) …\n');
  const memory = runChild(['memory', ...common], 180_000) as MemoryResult;
  const harvesting = runChild(['memory-harvesting', ...common], 180_000) as MemoryResult;
  process.stderr.write('phase 4/4: refresh …\n');
  const refresh = runChild(['refresh', ...common], 180_000) as RefreshResult;

  const rows: string[][] = [];
  for (const row of extraction.rows) {
    const fired =
      row.id === 'phrases-4k' || row.id === 'vietnamese-4k'
        ? ` — elicitation ${row.elicitation}, grading ${row.grading}`
        : '';
    rows.push([
      `extract: ${row.label} (${(row.bytes / 1024).toFixed(1)} KB body, ${row.tokens} tokens read${fired})`,
      `${us(row.medianUs)} (p99 ${us(row.p99Us)})`,
      `≤ ${BUDGET.extractMedianUs} µs median`,
      verdict(row.medianUs <= BUDGET.extractMedianUs),
    ]);
  }
  rows.push(
    [
      `score, single calls timed one by one: p99 (p50 / p90 / p99.9); ${scoring.calls.toLocaleString('en')} calls, timer ${scoring.timerOverheadNs.toFixed(0)} ns included`,
      `${us(scoring.p99Us)} (${scoring.p50Us.toFixed(2)} / ${scoring.p90Us.toFixed(2)} / ${scoring.p999Us.toFixed(2)})`,
      `≤ ${BUDGET.scoreP99Us} µs p99`,
      verdict(scoring.p99Us <= BUDGET.scoreP99Us),
    ],
    [
      `  p99 of each of the ${SCORE_RUNS} runs (a fresh process each; the median run is reported above and below)`,
      scoringRuns.map((run) => us(run.p99Us)).join(' / '),
      '',
      '',
    ],
    [
      `  share of these calls above ${BUDGET.scoreP99Us} µs (the p99 meets the target when it is under 1 %)`,
      `${(scoring.overBudgetShare * 100).toFixed(2)} %`,
      '',
      '',
    ],
    [
      `  the same calls without the ${scoring.callsInGc.toLocaleString('en')} a GC pause overlapped (${scoring.gcPauses.toLocaleString('en')} pauses): p99`,
      us(scoring.p99NoGcUs),
      '',
      '',
    ],
    [
      `  second pass, each call bracketed by getrusage: p99 of the calls not preempted (${scoring.preemptedCalls.toLocaleString('en')} of ${scoring.bracketedCalls.toLocaleString('en')} were) / also without GC`,
      `${us(scoring.p99NoPreemptUs)} / ${us(scoring.p99NoGcNoPreemptUs)}`,
      '',
      '',
    ],
    ...KINDS.map((kind) => {
      const k = scoring.byKind[kind]!;
      const what =
        kind === 'existing'
          ? 'existing ordinary accounts (75 %)'
          : kind === 'member'
            ? 'cluster members (20 %)'
            : 'first request of an account (5 %)';
      return [
        `  of which ${what}: p99 (p50); share of its scores naming a cluster`,
        `${us(k.p99Us)} (${k.p50Us.toFixed(2)}); ${(k.linkedShare * 100).toFixed(1)} %`,
        '',
        '',
      ];
    }),
    ...PATHS.map((path) => {
      const row = scoring.byPath[path]!;
      return [
        `  by path, ${PATH_LABELS[path]}: share of calls; p50 / p99; share of all calls over ${BUDGET.scoreP99Us} µs`,
        row.share === 0
          ? '–'
          : `${(row.share * 100).toFixed(1)} %; ${row.p50Us.toFixed(2)} / ${us(row.p99Us)}; ${(row.overBudgetShare * 100).toFixed(2)} %`,
        '',
        '',
      ];
    }),
    [
      `score, batches of ${BATCH}: median of batch means (p99)`,
      `${us(scoring.batchMedianUs)} (${us(scoring.batchP99Us)})`,
      '',
      '',
    ],
    [
      'score + observe while populating, median of 1,000-call chunk means, by fingerprint-index fill',
      scoring.curve
        .map((b) => `${(b.from * 100).toFixed(0)}–${(b.to * 100).toFixed(0)} %: ${b.us.toFixed(2)}`)
        .join('; ') + ' µs',
      '',
      '',
    ],
    [
      `memory: detector with ${memory.accounts.toLocaleString('en')} tracked accounts, heapUsed + arrayBuffers after GC (index reserved in full)`,
      mb(memory.totalMb),
      `≤ ${BUDGET.memoryMb} MB`,
      verdict(memory.totalMb <= BUDGET.memoryMb),
    ],
    [
      '  of which the accounts: heap + arrayBuffers (per account)',
      `${mb(memory.feedHeapMb)} + ${mb(memory.feedArrayBuffersMb)} (${memory.bytesPerAccount.toFixed(0)} B)`,
      '',
      '',
    ],
    [
      '  of which the empty detector: fingerprint index typed arrays + LRU arrays',
      `${mb(memory.constructionMb)} (index ${mb(memory.indexReservedMb)}; RSS committed at construction ${mb(memory.constructionRssMb)})`,
      '',
      '',
    ],
    [
      `memory: the same, every ordinary request eliciting, grading, at the maximal max_tokens and n > 1 (four more factors an account): total (per account)`,
      `${mb(harvesting.totalMb)} (${harvesting.bytesPerAccount.toFixed(0)} B)`,
      `≤ ${BUDGET.memoryMb} MB`,
      verdict(harvesting.totalMb <= BUDGET.memoryMb),
    ],
    [
      'RSS: before the detector → after feeding (Δ while feeding)',
      `${mb(memory.rssBeforeMb)} → ${mb(memory.rssAfterMb)} (+${mb(memory.feedRssMb)})`,
      '',
      '',
    ],
  );
  rows.push(
    [
      `refresh: longest event-loop block with ${refresh.accounts.toLocaleString('en')} accounts, in one go (before): max (p99; median) of ${refresh.refreshes} refreshes, wall; max main-thread CPU`,
      `${ms(refresh.oneGoMaxMs)} (${ms(refresh.oneGoP99Ms)}; ${ms(refresh.oneGoMedianMs)}); CPU ${ms(refresh.oneGoCpuMaxMs)}`,
      '',
      '',
    ],
    [
      `refresh: longest event-loop block, in ${REFRESH_SLICE_MS} ms slices (after): max (p99; median) of ${refresh.slices.toLocaleString('en')} slices, wall; max (p99) main-thread CPU; a refresh's total, slices summed: max (median)`,
      `${ms(refresh.sliceMaxMs)} (${ms(refresh.sliceP99Ms)}; ${ms(refresh.sliceMedianMs)}); CPU ${ms(refresh.sliceCpuMaxMs)} (${ms(refresh.sliceCpuP99Ms)}); total ${ms(refresh.slicedMaxMs)} (${ms(refresh.slicedMedianMs)})`,
      '',
      '',
    ],
  );
  const s = scoring.stats;
  const table = [
    '| measure | value | target | |',
    '|---|---:|---:|---|',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
  const notes = [
    `Where a plain 4 KB prose turn's extraction goes (each part timed alone, µs per call; trigger words present: ${extraction.triggers}):`,
    '',
    '| part | µs |',
    '|---|---:|',
    ...extraction.parts.map((part) => `| ${part.part} | ${part.us.toFixed(2)} |`),
    '',
    `Extraction medians per round (µs): ${extraction.rows.map((row) => `${row.id} ${row.roundMedians.map((v) => v.toFixed(1)).join(' / ')}`).join('; ')}.`,
    '',
    `State while scoring: ${s.accounts.toLocaleString('en')} accounts, ${s.fingerprints.toLocaleString('en')} fingerprints indexed (index ${(scoring.indexFill * 100).toFixed(0)} % full; ${s.refusedFingerprints.toLocaleString('en')} insertions refused), ${s.clusters.toLocaleString('en')} clusters (${s.flaggedClusters} flagged); populated in ${scoring.populateSeconds.toFixed(1)} s with ${scoring.refreshes.toLocaleString('en')} \`refresh\` calls (median ${scoring.refreshMedianMs.toFixed(1)} ms, max ${scoring.refreshMaxMs.toFixed(1)} ms; a refresh compacts the index when it nears its load limit, dropping keys no second account used within a quarter window). Median score in the warm-up: cluster members ${scoring.memberScoreMedian}, ordinary accounts ${scoring.ordinaryScoreMedian}.`,
    '',
    `Refresh rows: the same 100,000-account population refreshed in one go, then in the slices the proxy's refresh timer runs (REFRESH_SLICE_MS), a full GC before each refresh (untimed) so that neither is charged with a collection of the benchmark's own garbage. Wall times include preemption on this shared 2-core machine: a slice's main-thread CPU (getrusage, 4 ms ticks) is the better measure of what the refresh itself holds the loop for; the one slice well above the budget is the first compaction's, which allocates the index's spare arrays (once per process). A sliced refresh's total is its slices summed; the loop serves requests between them.`,
    '',
    `Memory: RSS grows more than heapUsed + arrayBuffers while feeding: the benchmark's own traffic (300,000 request facts built in chunks) is garbage the allocator keeps; the index's two sets of arrays (${memory.indexReservedMb.toFixed(0)} MB each, swapped by compaction) are allocated once.`,
  ];
  const markdown = [
    '## Detection microbenchmarks',
    '',
    `${context.date} · commit \`${context.commit}\` · ${context.cpuModel} × ${context.cores} · Node ${process.versions.node} · load average ${context.loadAverage.toFixed(2)} at start. \`node loadtest/detection-bench.ts --write\`; each phase in a fresh child process (\`--expose-gc\`). Extraction: \`readRequestFacts\` on a body already parsed with JSON.parse (not included), batches of ${BATCH} calls over 16 body variants, median of ${ROUNDS} round medians, p99 of batch means. Scoring: \`Detector.score\` with ${count.toLocaleString('en')} accounts already tracked (${REQUESTS_PER_ACCOUNT} requests each with distinct content, 2 % in ${CLUSTERS} template clusters, \`refresh\` every ${REFRESH_EVERY.toLocaleString('en')} requests, untimed); the p99 target is judged on single calls, timer included, in the median of ${SCORE_RUNS} runs by p99 (a fresh process each). Memory: \`process.memoryUsage()\` heapUsed + arrayBuffers after GC, before the detector is built and after ${count.toLocaleString('en')} accounts × ${REQUESTS_PER_ACCOUNT} requests.`,
    '',
    table,
    '',
    ...notes,
  ].join('\n');
  process.stdout.write(`${markdown}\n`);
  if (values.write) await writeSection(join(HERE, 'RESULTS.md'), 'detection', markdown);
}

await main();
