/**
 * Request payloads of the distillation personas: broad Q&A and code harvest, chain-of-thought
 * coercion with the maximal thinking budget, grading with a rubric and several candidates, and
 * agentic transcripts over freshly invented tool sets. Harvesting parameters throughout:
 * max_tokens at the model's maximum, temperature sweeps, n > 1.
 */
import type { Rng } from '../rng.ts';
import { compose, expand } from '../vocab/expand.ts';
import {
  GRADING_CANDIDATE,
  GRADING_QUESTION,
  GRADING_RUBRIC,
  HARVEST_COT,
  HARVEST_CODE,
  HARVEST_QA,
  HARVEST_VOCABULARY,
} from '../vocab/harvest.ts';
import { anthropicBody, objectSchema, openaiBody, type ToolSpec } from './bodies.ts';
import type { Payload } from './campaign.ts';
import { maxOutput } from './models.ts';

const SWEEP = [0.2, 0.5, 0.7, 0.9, 1.0, 1.2];

export function qaPayload(rng: Rng, model: string, templates = HARVEST_QA): Payload {
  const prompt = compose(rng, templates, HARVEST_VOCABULARY);
  const temperature = rng.pick(SWEEP);
  if (model.startsWith('gpt'))
    return {
      dialect: 'openai',
      body: openaiBody(
        {
          model,
          maxTokens: maxOutput(model),
          temperature,
          ...(rng.chance(0.4) ? { n: rng.int(2, 4) } : {}),
        },
        [{ role: 'user', content: prompt }],
      ),
    };
  return {
    dialect: 'anthropic',
    body: anthropicBody(
      { model, maxTokens: maxOutput(model), temperature: Math.min(1, temperature) },
      [{ role: 'user', content: prompt }],
    ),
  };
}

export function codePayload(rng: Rng, model: string): Payload {
  return qaPayload(rng, model, HARVEST_CODE);
}

export function cotPayload(rng: Rng, model: string): Payload {
  const max = maxOutput(model);
  return {
    dialect: 'anthropic',
    body: anthropicBody({ model, maxTokens: max, thinkingBudget: max - 1_024 }, [
      { role: 'user', content: compose(rng, HARVEST_COT, HARVEST_VOCABULARY) },
    ]),
  };
}

export function gradingPayload(rng: Rng, model: string): Payload {
  const candidates = Array.from(
    { length: rng.int(3, 5) },
    (_, index) =>
      `### Response ${String.fromCharCode(65 + index)}\n${expand(rng, rng.pick(GRADING_CANDIDATE), HARVEST_VOCABULARY)}`,
  ).join('\n\n');
  const prompt = `${rng.pick(GRADING_RUBRIC)}\n\n## Question\n${compose(rng, GRADING_QUESTION, HARVEST_VOCABULARY)}\n\n## Candidates\n${candidates}`;
  return {
    dialect: 'openai',
    body: openaiBody({ model, maxTokens: maxOutput(model), temperature: 0 }, [
      { role: 'user', content: prompt },
    ]),
  };
}

const VERBS = [
  'fetch',
  'query',
  'update',
  'create',
  'search',
  'list',
  'delete',
  'compute',
  'send',
  'schedule',
  'resolve',
  'render',
];
const NOUNS = [
  'invoice',
  'ticket',
  'weather',
  'flight',
  'stock_price',
  'calendar_event',
  'record',
  'document',
  'route',
  'shipment',
  'patient',
  'repo',
  'metric',
  'order',
];

/** A tool set invented for one request: harvesters rotate many synthetic ones. */
function syntheticTools(rng: Rng): ToolSpec[] {
  const count = rng.int(3, 8);
  const names = new Set<string>();
  while (names.size < count)
    names.add(
      `${rng.pick(VERBS)}_${rng.pick(NOUNS)}${rng.chance(0.3) ? `_v${rng.int(2, 9)}` : ''}`,
    );
  return [...names].map((name) => ({
    name,
    description: `${name.replace(/_/g, ' ')} via the internal API`,
    parameters: objectSchema(['id', rng.pick(['query', 'date', 'amount', 'region', 'filter'])]),
  }));
}

export function agenticPayload(rng: Rng, model: string): Payload {
  const tools = syntheticTools(rng);
  const messages: Record<string, unknown>[] = [
    {
      role: 'user',
      content: expand(
        rng,
        'You are an autonomous agent. Goal: {task}. Use the tools as needed, plan first, then act until the goal is complete.',
        HARVEST_VOCABULARY,
      ),
    },
  ];
  const turns = rng.int(1, 3);
  for (let turn = 0; turn < turns; turn++) {
    const tool = rng.pick(tools);
    const id = `toolu_${rng.int(10_000_000, 99_999_999)}`;
    messages.push(
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id, name: tool.name, input: { id: String(rng.int(1, 9999)) } },
        ],
      },
      {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: id,
            content: `{"status":"ok","items":${rng.int(0, 40)}}`,
          },
        ],
      },
    );
  }
  return {
    dialect: 'anthropic',
    body: anthropicBody({ model, maxTokens: maxOutput(model), tools }, messages),
  };
}
