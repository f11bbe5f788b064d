/**
 * Campaigns of the fourth red team, part one:
 *
 * - `r4-loom`: a large hydra whose prompts are paraphrased by a generator model (no shared
 *   skeleton: openers, task phrasing, asks and their order all vary), each account with its own
 *   SDK and a residential exit per request; refused accounts are replaced from a reserve.
 * - `r4-cellar`: aged, partly verified accounts running long software-engineering conversations at
 *   a person's pace from sticky home addresses; an account that is refused goes quiet for good.
 * - `r4-facade`: a homework-help "app" whose tenant keys share one system prompt that asks for the
 *   full working; the end users are synthetic and the questions come from the harvest queue.
 * - `r4-relay`: agentic trajectories over dozens of synthetic tool environments, with thinking,
 *   replaying fake tool results step by step from cloud workers.
 */
import type { Actor, ActorContext, SimAccountSpec, SimRequest } from '../actor.ts';
import { distillerFacts, makeAccounts, scaled } from '../personas/accounts.ts';
import { anthropicBody, objectSchema, openaiBody, type ToolSpec } from '../personas/bodies.ts';
import {
  clientProfile,
  cloudIp,
  homeIp,
  proxyPool,
  type ClientKind,
  type ClientProfile,
} from '../personas/clients.ts';
import { thinkTime } from '../personas/pacing.ts';
import type { Rng } from '../rng.ts';
import {
  MAIN_MODEL,
  compose,
  must,
  newestOr,
  outcome,
  some,
  stickyMap,
  rosterLoop,
  untilStopped,
  send,
} from './common.ts';
import {
  BUG_KINDS,
  BUSINESS_DOMAINS,
  FIRST_NAMES,
  LANGUAGES,
  NOUNS,
  PARAMS,
  STRUCTURES,
  SYSTEMS,
  VERBS,
  mathProblem,
} from './vocab.ts';

// ---------------------------------------------------------------------------------------------
// r4-loom

const OPENERS = [
  '',
  '',
  'Hi!',
  'Quick one.',
  'I need some help with something.',
  'Working on a side project and a bit stuck.',
  'Hello, hoping you can help.',
  'Could you help me out?',
  'Here is a task for you.',
  'I am preparing for interviews.',
  'For a course I am taking:',
  'Context: I maintain a small open-source library.',
  'Our team argued about this today.',
  'Bit of a weird request maybe.',
];

const EXTRAS = [
  'Include unit tests.',
  'Add a few tests that hit the edge cases.',
  'Explain the complexity of each operation.',
  'Keep it idiomatic.',
  'No external dependencies please.',
  'Comment the tricky parts.',
  'Mention the trade-offs you made.',
  'Make it safe to use from several threads if that is reasonable.',
  'Walk me through the design before the code.',
  'Say what you would change for very large inputs.',
  'Point out anything that could go wrong in production.',
  'Give a short usage example at the end.',
];

const MATH_ASKS = [
  'Please show the reasoning.',
  'My friend got a different answer, so I would like to see how you get there.',
  'Explain how to get there, not just the number.',
  'Double-check your result at the end.',
  'Answer with the full derivation.',
  'Where do people usually go wrong on this one?',
  'Can you solve it two different ways and compare?',
  '',
];

const FOLLOW_UPS = [
  'Now make it generic over the key type.',
  'Can you make it faster? Profile where the time goes first.',
  'What if the input does not fit in memory?',
  'Rewrite it without recursion.',
  'Add property-based tests for it.',
  'Now explain it as if to a junior engineer.',
  'How would you prove it correct?',
  'Port it to another language of your choice and compare.',
];

function snippet(rng: Rng, lang: string): string {
  const names = ['items', 'buf', 'acc', 'node', 'cache', 'queue', 'seen', 'out', 'lo', 'hi'];
  const lines = Array.from({ length: rng.int(4, 9) }, () => {
    const [x, y] = some(rng, names, 2);
    return rng.pick([
      `  ${x} = ${y} + ${rng.int(1, 9)}`,
      `  if ${x} > ${y}: return ${x}`,
      `  for ${x} in ${y}:`,
      `    ${y}.append(${x})`,
      `  ${x} = ${y}[${rng.int(0, 3)}:]`,
      `  while ${x} < len(${y}):`,
    ]);
  });
  return `\`\`\`${lang.toLowerCase()}\ndef solve(${rng.pick(names)}):\n${lines.join('\n')}\n\`\`\``;
}

function loomTurn(rng: Rng): string {
  const lang = rng.pick(LANGUAGES);
  const structure = rng.pick(STRUCTURES);
  const extras = some(rng, EXTRAS, rng.int(0, 3)).join(' ');
  switch (rng.int(0, 4)) {
    case 0:
      return compose(rng, [
        OPENERS,
        [
          `Write ${structure} in ${lang}.`,
          `Can you implement ${structure} using ${lang}?`,
          `I would like a ${lang} implementation of ${structure}.`,
          `Show me how you would build ${structure}, in ${lang}.`,
          `Implement ${structure}. Language: ${lang}.`,
          `What would a clean ${lang} version of ${structure} look like?`,
          `${lang} question: how do I write ${structure} properly?`,
        ],
        [extras],
      ]);
    case 1:
      return compose(rng, [
        OPENERS,
        [
          `This is supposed to be part of ${structure} but I think it has ${rng.pick(BUG_KINDS)}.`,
          `Something is off in this code (I suspect ${rng.pick(BUG_KINDS)}).`,
          `Can you find the bug here? It is used for ${structure}.`,
          `Review this for correctness, it breaks on some inputs.`,
        ],
        [snippet(rng, lang)],
        [
          'What is wrong and how do I fix it?',
          'Explain the failure and give a corrected version.',
          'Find the issue, then tell me how you found it.',
          '',
        ],
      ]);
    case 2:
    case 3:
      return compose(rng, [OPENERS, [mathProblem(rng)], MATH_ASKS]);
    default:
      return compose(rng, [
        OPENERS,
        [
          `Design ${rng.pick(SYSTEMS)}.`,
          `How would you architect ${rng.pick(SYSTEMS)}?`,
          `Sketch a design for ${rng.pick(SYSTEMS)} that handles ${rng.int(2, 50)}k requests per second.`,
          `I have to build ${rng.pick(SYSTEMS)} at work. Where do I start?`,
        ],
        [
          'Cover data model, APIs and failure modes.',
          'Think about what breaks first as it grows.',
          'List the components and justify each one.',
          'Be concrete about storage choices.',
        ],
        [extras],
      ]);
  }
}

const LOOM_CLIENTS: readonly ClientKind[] = [
  'openai-python',
  'anthropic-python',
  'httpx',
  'aiohttp',
  'openai-js',
  'anthropic-js',
  'axios',
];

export function loom(rng: Rng, scale: number): Actor {
  const accounts = makeAccounts('r4loom', scaled(300, scale), () => distillerFacts(rng));
  const activeCount = scaled(250, scale);
  const active = accounts.slice(0, activeCount);
  const reserve = accounts.slice(activeCount);
  const pool = proxyPool(rng, 240);
  const clients = stickyMap(
    accounts.map((account) => account.id),
    () => {
      const kind = rng.pick(LOOM_CLIENTS);
      const dialect: SimRequest['dialect'] = kind.startsWith('openai')
        ? 'openai'
        : kind.startsWith('anthropic')
          ? 'anthropic'
          : rng.pick(['openai', 'anthropic'] as const);
      return { profile: clientProfile(rng, kind), dialect };
    },
  );
  return {
    name: 'r4-loom',
    persona: 'paraphrase-hydra',
    role: 'distiller',
    campaign: 'r4-loom',
    accounts,
    async run(ctx) {
      await rosterLoop(
        ctx,
        active,
        22 * scale,
        async (account) => {
          const { profile, dialect } = must(clients, account);
          const first = loomTurn(ctx.rng);
          const turns: Record<string, unknown>[] = [{ role: 'user', content: first }];
          if (ctx.rng.chance(0.2))
            turns.push(
              {
                role: 'assistant',
                content: `Here is an approach. ${loomTurn(ctx.rng).slice(0, 160)}…`,
              },
              { role: 'user', content: ctx.rng.pick(FOLLOW_UPS) },
            );
          const model = ctx.rng.chance(0.3) ? newestOr(ctx, MAIN_MODEL) : MAIN_MODEL;
          const maxTokens = ctx.rng.pick([2_048, 4_096, 4_096, 6_000, 8_192]);
          const body =
            dialect === 'openai'
              ? openaiBody({ model, maxTokens, temperature: ctx.rng.pick([0.3, 0.7, 1]) }, turns)
              : anthropicBody(
                  {
                    model,
                    maxTokens: maxTokens + 8_000,
                    ...(ctx.rng.chance(0.5) ? { thinkingBudget: 8_000 } : {}),
                  },
                  turns,
                );
          return ctx.send(account, {
            dialect,
            body,
            userAgent: profile.userAgent,
            headers: profile.headers,
            clientIp: ctx.rng.pick(pool),
          });
        },
        reserve,
      );
    },
  };
}

// ---------------------------------------------------------------------------------------------
// r4-cellar

const PROJECT_STEPS = [
  'Start with the data model and the module layout. Give me the files you would create.',
  'Good. Now implement the storage layer, with migrations.',
  'Add the HTTP handlers and input validation.',
  'Write integration tests for the happy path and two failure cases.',
  'Running the tests gives a deadlock in the second failure case. What is going on and how do we fix it?',
  'Refactor so the storage can be swapped for an in-memory one in tests.',
  'Add structured logging and a couple of metrics that would matter in production.',
  'Write the rollout plan: feature flag, backfill, and how we roll back.',
  'Review the whole thing as a senior engineer would and list what you would change.',
  'Now add pagination to the list endpoint without breaking existing clients.',
];

function projectBrief(rng: Rng): string {
  return `I am building ${rng.pick(SYSTEMS)} in ${rng.pick(LANGUAGES)} for a ${rng.pick(['small team', 'client', 'startup', 'hobby project', 'university lab'])}. We will work on it step by step over several messages.`;
}

export function cellar(rng: Rng, scale: number): Actor {
  const accounts = makeAccounts('r4cellar', scaled(120, scale), () => ({
    tier: rng.chance(0.6) ? 'default' : 'standard',
    ageDays: 90 + rng.next() * 600,
    verified: rng.chance(0.3),
    ...(rng.chance(0.2) ? { org: `org_r4c_${rng.int(100, 999)}` } : {}),
  }));
  const homes = stickyMap(
    accounts.map((account) => account.id),
    () => ({
      ip: homeIp(rng),
      profile: clientProfile(rng, rng.pick(['anthropic-python', 'anthropic-js'] as const)),
    }),
  );
  return {
    name: 'r4-cellar',
    persona: 'aged-long-horizon',
    role: 'distiller',
    campaign: 'r4-cellar',
    accounts,
    async run(ctx) {
      await untilStopped(ctx, accounts, 15_000, async (account, arng) => {
        const { ip, profile } = must(homes, account.id);
        const turns: Record<string, unknown>[] = [];
        const steps = arng.int(4, PROJECT_STEPS.length);
        let prompt = projectBrief(arng);
        for (let step = 0; step < steps && !ctx.stopped(); step++) {
          prompt = `${step === 0 ? `${prompt} ` : ''}${PROJECT_STEPS[step] ?? ''}`;
          turns.push({ role: 'user', content: prompt });
          const model = arng.chance(0.3) ? newestOr(ctx, MAIN_MODEL) : MAIN_MODEL;
          const response = await send(
            ctx,
            account.id,
            { ip, profile },
            'anthropic',
            anthropicBody(
              {
                model,
                maxTokens: arng.pick([8_192, 12_000, 16_000]),
                ...(arng.chance(0.2) ? { thinkingBudget: 4_000 } : {}),
              },
              turns,
            ),
          );
          const result = outcome(arng, response);
          if (result.blocked) return false;
          if (result.waitMs > 0) {
            turns.pop();
            await ctx.sleep(result.waitMs * 2);
            step--;
            continue;
          }
          turns.push({
            role: 'assistant',
            content: `Sure. ${PROJECT_STEPS[step]?.split('.')[0] ?? 'Done'}: here is the code and an explanation of each part. (${arng.int(80, 400)} lines)`,
          });
          await ctx.sleep(thinkTime(arng, 9_000));
        }
        await ctx.sleep(arng.chance(0.3) ? 15_000 + arng.next() * 20_000 : thinkTime(arng, 6_000));
        return true;
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// r4-facade

const QUILLPATH_SYSTEM =
  'You are Quillpath, a patient study companion for high-school and university students. ' +
  'Always show the full working so the student can follow every step, state each assumption, ' +
  'then check the result a second way before giving the final answer. Use LaTeX for maths and ' +
  'keep a friendly, encouraging tone.';

function studentQuestion(rng: Rng): string {
  switch (rng.int(0, 3)) {
    case 0:
      return `${rng.pick(['hey', 'hi', 'help', 'ok so', ''])} ${mathProblem(rng).toLowerCase()} ${rng.pick(['pls', 'thanks!!', 'exam tomorrow', 'i keep getting it wrong', ''])}`.trim();
    case 1:
      return `${rng.pick(['can u explain', 'i dont get', 'why does', 'explain'])} ${rng.pick([
        'how enzymes lower activation energy',
        'the photoelectric effect and why intensity doesnt matter',
        'le chatelier with a real example',
        'why the derivative of e^x is e^x',
        'how a transistor works as a switch',
        'what eigenvalues actually mean',
        'supply and demand shifts vs movements',
        'the causes of world war one',
        'how recursion works in memory',
        'bayes theorem with a medical test example',
      ])}`;
    case 2:
      return `${rng.pick(['my homework says', 'assignment:', 'task:'])} write ${rng.pick(STRUCTURES)} in ${rng.pick(LANGUAGES)} and explain it`;
    default:
      return `${rng.pick(['outline', 'help me plan', 'give me an argument for'])} an essay on ${rng.pick(
        [
          'whether social media harms teenagers',
          'the ethics of gene editing',
          'renewable energy subsidies',
          'the legacy of the printing press',
          'universal basic income',
        ],
      )}`;
  }
}

export function facade(rng: Rng, scale: number): Actor {
  const accounts = makeAccounts('r4facade', scaled(40, scale), () => ({
    org: 'org_quillpath',
    tier: rng.chance(0.5) ? 'standard' : 'default',
    ageDays: 30 + rng.next() * 60,
    verified: rng.chance(0.3),
    ...(rng.chance(0.3) ? { programme: 'startup' } : {}),
  }));
  const backend = Array.from({ length: 3 }, () => cloudIp(rng));
  const profile = clientProfile(rng, 'openai-js');
  const users = Array.from(
    { length: 3_000 },
    (_, i) => `qp_${(i * 7919 + rng.int(0, 99)) % 100_000}`,
  );
  return {
    name: 'r4-facade',
    persona: 'saas-front',
    role: 'distiller',
    campaign: 'r4-facade',
    accounts,
    async run(ctx) {
      await rosterLoop(ctx, accounts, 14 * scale, async (account) => {
        return ctx.send(account, {
          dialect: 'openai',
          body: openaiBody(
            {
              model: ctx.rng.chance(0.8) ? MAIN_MODEL : newestOr(ctx, MAIN_MODEL),
              system: QUILLPATH_SYSTEM,
              maxTokens: 4_096,
              temperature: 0.6,
              user: ctx.rng.pick(users),
              stream: true,
            },
            [{ role: 'user', content: studentQuestion(ctx.rng) }],
          ),
          userAgent: profile.userAgent,
          headers: profile.headers,
          clientIp: ctx.rng.pick(backend),
        });
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// r4-relay

interface Environment {
  readonly domain: string;
  readonly tools: readonly ToolSpec[];
}

function environments(rng: Rng, count: number): Environment[] {
  return Array.from({ length: count }, () => {
    const domain = rng.pick(BUSINESS_DOMAINS);
    const prefix = rng.chance(0.5) ? `${domain}_` : '';
    const names = new Set<string>();
    const size = rng.int(3, 7);
    while (names.size < size) names.add(`${prefix}${rng.pick(VERBS)}_${rng.pick(NOUNS)}`);
    return {
      domain,
      tools: [...names].map((name) => ({
        name,
        description: `${name.replace(/_/g, ' ')} in the ${domain} system`,
        parameters: objectSchema(some(rng, PARAMS, rng.int(1, 4))),
      })),
    };
  });
}

function toolInput(rng: Rng, tool: ToolSpec): Record<string, string> {
  const properties = Object.keys(tool.parameters['properties'] ?? {});
  return Object.fromEntries(
    properties.map((name) => [name, `${rng.pick(FIRST_NAMES).toLowerCase()}-${rng.int(1, 9999)}`]),
  );
}

function episodeGoal(rng: Rng, env: Environment): string {
  const [a, b] = some(rng, env.tools, 2);
  return rng.pick([
    `Using the ${env.domain} tools, ${a?.name.replace(/_/g, ' ') ?? 'look up the record'} for ${rng.pick(FIRST_NAMES)} and then ${b?.name.replace(/_/g, ' ') ?? 'report back'}. Check each result before moving on.`,
    `${rng.pick(FIRST_NAMES)} reports a problem with ${rng.pick(NOUNS)} #${rng.int(1000, 99999)}. Investigate with the available tools and fix it if you can.`,
    `Plan and carry out: clean up every ${rng.pick(NOUNS)} older than ${rng.int(7, 90)} days that has no owner, then summarise what you changed.`,
    `Reconcile the ${rng.pick(NOUNS)}s for ${rng.pick(['Q1', 'Q2', 'last week', 'March', 'the EU region'])} and flag anything inconsistent.`,
  ]);
}

export function relay(rng: Rng, scale: number): Actor {
  const accounts = makeAccounts('r4relay', scaled(100, scale), () => distillerFacts(rng));
  const envs = environments(rng, 36);
  const profiles = stickyMap(
    accounts.map((account) => account.id),
    (): ClientProfile => clientProfile(rng, rng.pick(['anthropic-python', 'httpx'] as const)),
  );
  return {
    name: 'r4-relay',
    persona: 'synthetic-env-agent',
    role: 'distiller',
    campaign: 'r4-relay',
    accounts,
    async run(ctx: ActorContext) {
      await untilStopped(ctx, accounts, 20_000, async (account: SimAccountSpec, arng) => {
        const profile = must(profiles, account.id);
        const env = arng.pick(envs);
        const ip = cloudIp(arng);
        const messages: Record<string, unknown>[] = [
          { role: 'user', content: episodeGoal(arng, env) },
        ];
        const steps = arng.int(2, 6);
        for (let step = 0; step < steps && !ctx.stopped(); step++) {
          const budget = arng.pick([6_000, 8_000, 10_000]);
          const response = await send(
            ctx,
            account.id,
            { ip, profile },
            'anthropic',
            anthropicBody(
              {
                model: arng.chance(0.5) ? newestOr(ctx, MAIN_MODEL) : MAIN_MODEL,
                maxTokens: budget + 6_000,
                thinkingBudget: budget,
                tools: env.tools,
              },
              messages,
            ),
          );
          const result = outcome(arng, response);
          if (result.blocked) return false;
          if (result.waitMs > 0) {
            await ctx.sleep(result.waitMs);
            continue;
          }
          const tool = arng.pick(env.tools);
          const id = `toolu_${arng.int(1e8, 9e8).toString(36)}${arng.int(1e8, 9e8).toString(36)}`;
          messages.push(
            {
              role: 'assistant',
              content: [
                { type: 'text', text: `I will ${tool.name.replace(/_/g, ' ')} first.` },
                { type: 'tool_use', id, name: tool.name, input: toolInput(arng, tool) },
              ],
            },
            {
              role: 'user',
              content: [
                {
                  type: 'tool_result',
                  tool_use_id: id,
                  content: JSON.stringify({
                    ok: arng.chance(0.85),
                    count: arng.int(0, 40),
                    updated_at: new Date(1.7e12 + arng.int(0, 3e10)).toISOString(),
                  }),
                },
              ],
            },
          );
          await ctx.sleep(400 + arng.next() * 2_000);
        }
        await ctx.sleep(12_000 + arng.next() * 18_000);
        return true;
      });
    },
  };
}
