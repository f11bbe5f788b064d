/**
 * Campaigns that harvest capabilities rather than answers:
 * - `loom`: software-engineering trajectories hidden in agentic tool loops — one stable, plausible
 *   tool set for the whole campaign (as a real coding agent has), multi-step tool_use/tool_result
 *   conversations at agent speed;
 * - `lantern`: reasoning traces, asked for in many wordings and seven languages, sometimes with
 *   extended thinking and sometimes as "here is the answer, derive it";
 * - `ration`: instruction-following data with harvesting parameters used sparingly (n > 1 now and
 *   then, max_tokens often left out, temperature varied a little, an occasional identical resend).
 */
import type { Actor } from '../actor.ts';
import { anthropicBody, objectSchema, type ToolSpec } from '../personas/bodies.ts';
import { clientProfile, cloudIp, proxyPool } from '../personas/clients.ts';
import { MODELS } from '../personas/models.ts';
import { thinkTime } from '../personas/pacing.ts';
import type { Rng } from '../rng.ts';
import {
  askRequest,
  identity,
  steadyHarvest,
  type Ask,
  type CampaignOptions,
} from './campaign-kit.ts';
import { defineActor, opaqueAccounts, requestFrom, sendOrRetire, sessionActor } from './common.ts';
import { buildAsk, BUILD_TASKS, CURRICULUM } from './harvest-words.ts';
import { THINKING_LANGUAGES, traceAsk } from './reasoning-words.ts';

function youngFacts(rng: Rng) {
  return {
    tier: rng.chance(0.4) ? 'free' : 'default',
    ageDays: rng.next() * 20,
    verified: rng.chance(0.05),
  };
}

/** The campaign's fake agent: the same seven tools in every request, like a shipped product. */
const AGENT_TOOLS: readonly ToolSpec[] = [
  {
    name: 'ls',
    description: 'List a directory of the workspace.',
    parameters: objectSchema(['path']),
  },
  { name: 'cat', description: 'Read a file.', parameters: objectSchema(['path']) },
  {
    name: 'write',
    description: 'Create or overwrite a file.',
    parameters: objectSchema(['path', 'content']),
  },
  {
    name: 'grep',
    description: 'Search the workspace.',
    parameters: objectSchema(['pattern', 'path']),
  },
  {
    name: 'test',
    description: 'Run the test suite; returns failures.',
    parameters: objectSchema(['target'], []),
  },
  {
    name: 'sh',
    description: 'Run a shell command in the sandbox.',
    parameters: objectSchema(['cmd']),
  },
  {
    name: 'done',
    description: 'Finish the task with a summary.',
    parameters: objectSchema(['summary']),
  },
];
const STEPS: readonly (readonly [string, Record<string, string>, string])[] = [
  ['ls', { path: '.' }, 'src/\ntests/\nREADME.md\npyproject.toml'],
  ['cat', { path: 'README.md' }, '# project\nTODO: implement the core module.'],
  ['grep', { pattern: 'TODO', path: 'src' }, 'src/core.py:12: # TODO'],
  ['write', { path: 'src/core.py', content: '...' }, 'written 2.1 kB'],
  ['test', { target: 'tests' }, '3 failed, 9 passed: test_edge_empty, test_concurrent, test_ttl'],
  ['sh', { cmd: 'python -m pytest -x -q' }, '1 failed: test_concurrent'],
];

export function loomCampaign(rng: Rng, taken: Set<string>, options: CampaignOptions): Actor {
  const accounts = opaqueAccounts(rng, taken, options.accounts, () => youngFacts(rng));
  const exits = proxyPool(rng, 60);
  const agent = {
    model: MODELS.current,
    maxTokens: 8_192,
    tools: AGENT_TOOLS,
    system: 'You are an autonomous coding agent. Use tools; finish with done.',
  };
  const facts = { ...options, persona: 'rt-agentic-loop' };
  return sessionActor(facts, accounts, 10_000, async (ctx, account, own) => {
    const profile = clientProfile(own, 'anthropic-js');
    while (!ctx.stopped()) {
      const ip = own.pick(exits);
      const messages: Record<string, unknown>[] = [
        { role: 'user', content: buildAsk(own, own.pick(BUILD_TASKS)) },
      ];
      for (let step = 0, steps = own.int(3, 7); step < steps && !ctx.stopped(); step++) {
        const request = requestFrom('anthropic', anthropicBody(agent, messages), profile, ip);
        if (await sendOrRetire(ctx, account.id, request)) return;
        const [name, input, output] = STEPS[step % STEPS.length] ?? ['ls', {}, ''];
        const id = `toolu_${own.int(1e9, 9e9).toString(36)}`;
        messages.push(
          { role: 'assistant', content: [{ type: 'tool_use', id, name, input }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: output }] },
        );
        await ctx.sleep(thinkTime(own, 9_000));
      }
    }
  });
}

export function lanternCampaign(rng: Rng, taken: Set<string>, options: CampaignOptions): Actor {
  const accounts = opaqueAccounts(rng, taken, options.accounts, () => youngFacts(rng));
  const setup = new Map(
    accounts.map((account) => [
      account.id,
      { who: identity(rng), language: rng.pick(THINKING_LANGUAGES) },
    ]),
  );
  const exits = proxyPool(rng, 80);
  return defineActor({ ...options, persona: 'rt-cot-varied' }, accounts, (ctx) =>
    steadyHarvest(ctx, accounts, 5, (account, own) => {
      const mine = setup.get(account.id) ?? { who: identity(own), language: 'en' };
      const text = traceAsk(own, mine.language);
      const thinking = mine.who.dialect === 'anthropic' && own.chance(0.35);
      const ask: Ask = thinking
        ? { text, maxTokens: own.int(10, 16) * 1_000, thinkingBudget: own.int(2, 8) * 1_000 }
        : { text, maxTokens: 4_096, temperature: 0.5 };
      return askRequest(mine.who, ask, own.pick(exits));
    }),
  );
}

const DATASET_FORMS = [
  'Rewrite this idea for a ten-year-old: {t}.',
  'List five common mistakes people make when learning {t}, with a fix for each.',
  'Write a short dialogue between a teacher and a student about {t}.',
  'Summarise {t} in three bullet points.',
  'Write a quiz of four questions about {t}, answers included.',
  'Give an analogy that explains {t} to a chef.',
  'Write a tweet-length hook about {t}, then a 150-word explainer.',
  'What are the open problems in {t}? Answer as a numbered list.',
];

export function rationCampaign(rng: Rng, taken: Set<string>, options: CampaignOptions): Actor {
  const accounts = opaqueAccounts(rng, taken, options.accounts, () => youngFacts(rng));
  const setup = new Map(
    accounts.map((account) => [
      account.id,
      { who: identity(rng, 'openai-python'), ip: cloudIp(rng) },
    ]),
  );
  const last = new Map<string, Ask>();
  return defineActor({ ...options, persona: 'rt-sparse-params' }, accounts, (ctx) =>
    steadyHarvest(ctx, accounts, 6, (account, own) => {
      const mine = setup.get(account.id) ?? {
        who: identity(own, 'openai-python'),
        ip: cloudIp(own),
      };
      const previous = last.get(account.id);
      // Now and then the same prompt again, for a second sample; otherwise a new one.
      const ask: Ask =
        previous && own.chance(0.1)
          ? previous
          : {
              text: own.pick(DATASET_FORMS).replace('{t}', own.pick(CURRICULUM)),
              temperature: Math.round((0.5 + own.next() * 0.6) * 100) / 100,
              ...(own.chance(0.5) ? { maxTokens: own.int(8, 25) * 100 } : {}),
              ...(own.chance(0.08) ? { n: own.int(2, 3) } : {}),
            };
      last.set(account.id, ask);
      return askRequest(mine.who, ask, mine.ip);
    }),
  );
}
