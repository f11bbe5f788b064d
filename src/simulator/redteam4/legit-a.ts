/**
 * Legitimate personas of the fourth red team, part one (hard negatives):
 *
 * - `r4l-notes`: users of a bring-your-own-key notes plugin — one plugin version, one system
 *   prompt and the same handful of actions across every user, each from home.
 * - `r4l-course`: a university class in a lab session — education accounts made days ago, behind
 *   the campus NAT, the same problem set asked step by step by everyone.
 * - `r4l-evals`: an evaluation team re-running a fixed benchmark at temperature 0 with maximal
 *   output, declared eval use, and re-running it on the new model the moment it ships.
 * - `r4l-labelling`: a data-labelling vendor whose annotators ask for rubric scores of pairwise
 *   comparisons, plus a declared batch pipeline doing the same at a steady pace.
 * - `r4l-ide`: a BYOK coding extension — seven stable tools, thinking on, tool loops in bursts.
 * - `r4l-translate`: a translation agency's CAT tool sending glossary-bound segments in runs.
 */
import type { Actor, SimAccountSpec, SimRequest } from '../actor.ts';
import { makeAccounts, personFacts, scaled } from '../personas/accounts.ts';
import { anthropicBody, openaiBody } from '../personas/bodies.ts';
import { clientProfile, cloudIp, homeIp } from '../personas/clients.ts';
import { perAccount, thinkTime } from '../personas/pacing.ts';
import type { Rng } from '../rng.ts';
import {
  MAIN_MODEL,
  MAX_OUTPUT,
  NEW_MODEL,
  SMALL_MODEL,
  must,
  newestOr,
  react,
  send,
  stickyMap,
  type Identity,
  rosterLoop,
  untilStopped,
  toolSet,
} from './common.ts';
import { CHAT_TOPICS, LANGUAGES, STRUCTURES, mathProblem } from './vocab.ts';

// ---------------------------------------------------------------------------------------------
// r4l-notes

const NOTES_SYSTEM =
  'You are Marginalia, an assistant inside the user\u2019s personal notes. Work only with the note ' +
  'text you are given. Be concise, keep the user\u2019s voice, and answer in Markdown.';

const NOTE_ACTIONS = [
  'Summarise this note in five bullets.',
  'Suggest tags and three related topics for this note.',
  'Rewrite the selected paragraph to be clearer.',
  'Make flashcards (question / answer) from this note.',
  'Turn this note into a to-do list.',
  'What questions does this note leave open?',
];

function noteText(rng: Rng): string {
  return `# ${rng.pick(CHAT_TOPICS)}\n- ${rng.pick(CHAT_TOPICS)}\n- met ${rng.pick(['Sam', 'Ana', 'Kenji', 'Lea'])} about it on ${rng.pick(['Mon', 'Tue', 'Fri'])}\n- ${rng.int(2, 40)} things to check\n${rng.pick(['TODO: follow up', 'see also the other note', 'idea: write a blog post', ''])}`;
}

export function notes(rng: Rng, scale: number): Actor {
  const accounts = makeAccounts('r4lnotes', scaled(120, scale), () => personFacts(rng));
  const version = clientProfile(rng, 'anthropic-js');
  const identities = stickyMap(
    accounts.map((account) => account.id),
    (): Identity => ({ ip: homeIp(rng), profile: version }),
  );
  return {
    name: 'r4l-notes',
    persona: 'byok-notes-plugin',
    role: 'legitimate',
    accounts,
    async run(ctx) {
      await untilStopped(ctx, accounts, 30_000, async (account, arng) => {
        const identity = must(identities, account.id);
        const burst = arng.int(1, 5);
        for (let i = 0; i < burst && !ctx.stopped(); i++) {
          const response = await send(
            ctx,
            account.id,
            identity,
            'anthropic',
            anthropicBody(
              {
                model: arng.chance(0.7) ? MAIN_MODEL : SMALL_MODEL,
                maxTokens: 1_024,
                system: NOTES_SYSTEM,
                stream: true,
              },
              [{ role: 'user', content: `${noteText(arng)}\n\n${arng.pick(NOTE_ACTIONS)}` }],
            ),
          );
          if (!(await react(ctx, arng, response))) return false;
          await ctx.sleep(thinkTime(arng, 6_000));
        }
        await ctx.sleep(thinkTime(arng, 35_000));
        return true;
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// r4l-course

const PROBLEM_SET = [
  'Problem 1: Derive the gradient of the logistic loss with respect to the weights.',
  'Problem 2: Show that the k-means objective never increases between iterations.',
  'Problem 3: Compute the VC dimension of axis-aligned rectangles in the plane.',
  'Problem 4: Why does L1 regularisation give sparse solutions? Use the subgradient.',
  'Problem 5: Derive the update rule for a single step of backpropagation in a two-layer network.',
  'Problem 6: Prove that the softmax is invariant to adding a constant to every logit.',
];

export function course(rng: Rng, scale: number): Actor {
  const accounts = makeAccounts('r4lcourse', scaled(70, scale), () => ({
    tier: 'free',
    ageDays: 1 + rng.next() * 3,
    verified: false,
    programme: 'education',
    org: 'org_univ_ml',
  }));
  const nat = Array.from({ length: 2 }, (_, i) => `128.32.${rng.int(0, 255)}.${10 + i}`);
  const identities = stickyMap(
    accounts.map((account) => account.id),
    (): Identity => ({
      ip: rng.pick(nat),
      profile: clientProfile(rng, rng.chance(0.8) ? 'openai-python' : 'anthropic-python'),
    }),
  );
  return {
    name: 'r4l-course',
    persona: 'ml-course',
    role: 'legitimate',
    accounts,
    async run(ctx) {
      await perAccount(
        ctx,
        accounts,
        async (account, arng) => {
          const identity = must(identities, account.id);
          const dialect: SimRequest['dialect'] = identity.profile.userAgent.startsWith('OpenAI')
            ? 'openai'
            : 'anthropic';
          let problem = 0;
          while (!ctx.stopped()) {
            const text = `${arng.pick(['', 'hi, ', 'I am stuck on this. ', 'Homework help: '])}${PROBLEM_SET[problem % PROBLEM_SET.length] ?? ''} ${arng.pick(
              [
                'Please explain step by step.',
                'Can you walk me through it step by step?',
                'I do not need the answer, just a hint.',
                'Where did I go wrong? I got a minus sign in the wrong place.',
                'Explain it like the lecture notes would.',
              ],
            )}`;
            const messages = [{ role: 'user', content: text }];
            const body =
              dialect === 'openai'
                ? openaiBody({ model: MAIN_MODEL, maxTokens: 2_048 }, messages)
                : anthropicBody(
                    {
                      model: MAIN_MODEL,
                      maxTokens: 4_096,
                      ...(arng.chance(0.3) ? { thinkingBudget: 2_048 } : {}),
                    },
                    messages,
                  );
            const response = await send(ctx, account.id, identity, dialect, body);
            if (!(await react(ctx, arng, response))) return;
            if (arng.chance(0.4)) problem++;
            await ctx.sleep(thinkTime(arng, 12_000));
          }
        },
        10_000,
      );
    },
  };
}

// ---------------------------------------------------------------------------------------------
// r4l-evals

export function evals(rng: Rng, scale: number): Actor {
  const accounts = makeAccounts('r4levals', scaled(8, scale), () => ({
    org: 'org_evalteam',
    tier: 'standard',
    ageDays: 200 + rng.next() * 300,
    verified: true,
    declaredUse: 'eval',
  }));
  const suite = Array.from({ length: 400 }, (_, i) =>
    i % 3 === 0
      ? `Write ${rng.pick(STRUCTURES)} in ${rng.pick(LANGUAGES)}. Return only code.`
      : mathProblem(rng),
  );
  const runner = cloudIp(rng).replace(/\.\d+$/, '');
  const profile = clientProfile(rng, 'httpx');
  return {
    name: 'r4l-evals',
    persona: 'benchmark-rerun',
    role: 'legitimate',
    accounts,
    async run(ctx) {
      let item = 0;
      let onNew = false;
      await rosterLoop(ctx, accounts, 8 * scale, async (account) => {
        if (!onNew && newestOr(ctx, MAIN_MODEL) === NEW_MODEL) {
          onNew = true;
          item = 0;
        }
        const model = onNew ? NEW_MODEL : MAIN_MODEL;
        const question = suite[item % suite.length] ?? '';
        item++;
        return ctx.send(account, {
          dialect: 'anthropic',
          body: anthropicBody({ model, maxTokens: MAX_OUTPUT[model] ?? 8_192, temperature: 0 }, [
            {
              role: 'user',
              content: `${question}\n\nThink step by step, then give the final answer after "ANSWER:".`,
            },
          ]),
          userAgent: profile.userAgent,
          headers: profile.headers,
          clientIp: `${runner}.${ctx.rng.int(10, 20)}`,
        });
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// r4l-labelling

const RUBRIC_SYSTEM =
  'You assist professional annotators. Score each response against the rubric (accuracy, ' +
  'helpfulness, harmlessness, style; 1-7 each), quote the evidence for each score, and say which ' +
  'response you prefer. The annotator makes the final decision.';

function comparison(rng: Rng): string {
  const answer = () =>
    `${rng.pick(['Sure!', 'Great question.', 'Here is what I found:', 'In short,'])} ${rng.pick(CHAT_TOPICS)} — ${rng.int(2, 6)} points, ${rng.pick(['with sources', 'no sources', 'one factual slip', 'a bit long'])}.`;
  return `Task ${rng.int(10_000, 99_999)}\nUser prompt: ${rng.pick(CHAT_TOPICS)}\n\nResponse 1: ${answer()}\n\nResponse 2: ${answer()}`;
}

export function labelling(rng: Rng, scale: number): Actor[] {
  const annotators = makeAccounts('r4llabel', scaled(20, scale), () => ({
    org: 'org_labelhouse',
    tier: 'default',
    ageDays: 30 + rng.next() * 400,
    verified: rng.chance(0.5),
  }));
  const pipeline = makeAccounts('r4llabelbatch', scaled(5, scale), () => ({
    org: 'org_labelhouse',
    tier: 'standard',
    ageDays: 150 + rng.next() * 200,
    verified: true,
    declaredUse: 'batch',
  }));
  const office = `${homeIp(rng).replace(/\.\d+$/, '')}.77`;
  const browserLike = clientProfile(rng, 'axios');
  const pipelineProfile = clientProfile(rng, 'anthropic-python');
  const worker = cloudIp(rng);
  return [
    {
      name: 'r4l-labelling',
      persona: 'labelling-vendor',
      role: 'legitimate',
      accounts: annotators,
      async run(ctx) {
        await untilStopped(ctx, annotators, 8_000, async (account, arng) => {
          const response = await send(
            ctx,
            account.id,
            { ip: office, profile: browserLike },
            'anthropic',
            anthropicBody(
              { model: MAIN_MODEL, maxTokens: 1_500, system: RUBRIC_SYSTEM, temperature: 0 },
              [{ role: 'user', content: comparison(arng) }],
            ),
          );
          if (!(await react(ctx, arng, response))) return false;
          await ctx.sleep(thinkTime(arng, 10_000));
          return true;
        });
      },
    },
    {
      name: 'r4l-labelling-batch',
      persona: 'labelling-pipeline',
      role: 'legitimate',
      accounts: pipeline,
      async run(ctx) {
        await rosterLoop(ctx, pipeline, 4 * scale, async (account) => {
          return send(
            ctx,
            account,
            { ip: worker, profile: pipelineProfile },
            'anthropic',
            anthropicBody(
              { model: MAIN_MODEL, maxTokens: 1_500, system: RUBRIC_SYSTEM, temperature: 0 },
              [{ role: 'user', content: comparison(ctx.rng) }],
            ),
          );
        });
      },
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// r4l-ide

const IDE_SYSTEM =
  'You are Kestrel, a coding agent working in the user\u2019s repository through tools. Read before ' +
  'you edit, keep changes minimal, run the tests after each change, and explain what you did.';

const IDE_TOOLS = toolSet([
  ['read_file', 'Read a file from the workspace', ['path']],
  ['write_file', 'Write a file in the workspace', ['path', 'content'], ['path', 'content']],
  ['apply_patch', 'Apply a unified diff', ['patch']],
  ['list_dir', 'List a directory', ['path']],
  ['search_repo', 'Search the repository with ripgrep', ['pattern', 'glob']],
  ['run_command', 'Run a shell command in the workspace', ['command']],
  ['run_tests', 'Run the project test suite', ['filter']],
]);

const IDE_TASKS = [
  'Fix the failing test in the parser module.',
  'Add input validation to the signup handler.',
  'Rename the config option and update every use.',
  'Why is the build slow? Look at the bundler config.',
  'Add a CLI flag for verbose output.',
  'Write tests for the date utilities.',
  'The API returns 500 on empty payloads; find out why.',
  'Upgrade the HTTP client and fix what breaks.',
];

export function ide(rng: Rng, scale: number): Actor {
  const accounts = makeAccounts('r4lide', scaled(100, scale), () =>
    personFacts(rng, rng.chance(0.6) ? 'default' : 'standard'),
  );
  const bundled = clientProfile(rng, 'anthropic-js');
  const identities = stickyMap(
    accounts.map((account) => account.id),
    (): Identity => ({ ip: homeIp(rng), profile: bundled }),
  );
  return {
    name: 'r4l-ide',
    persona: 'byok-coding-extension',
    role: 'legitimate',
    accounts,
    async run(ctx) {
      await untilStopped(ctx, accounts, 20_000, async (account: SimAccountSpec, arng) => {
        const identity = must(identities, account.id);
        const messages: Record<string, unknown>[] = [
          { role: 'user', content: arng.pick(IDE_TASKS) },
        ];
        const steps = arng.int(2, 9);
        for (let step = 0; step < steps && !ctx.stopped(); step++) {
          const response = await send(
            ctx,
            account.id,
            identity,
            'anthropic',
            anthropicBody(
              {
                model: MAIN_MODEL,
                maxTokens: 8_192,
                system: IDE_SYSTEM,
                tools: IDE_TOOLS,
                thinkingBudget: arng.pick([2_048, 4_096]),
                stream: true,
              },
              messages,
            ),
          );
          if (!(await react(ctx, arng, response))) return false;
          const tool = arng.pick(IDE_TOOLS);
          const id = `toolu_${arng.int(1e8, 9e8).toString(36)}`;
          messages.push(
            {
              role: 'assistant',
              content: [
                {
                  type: 'tool_use',
                  id,
                  name: tool.name,
                  input: {
                    path: `src/${arng.pick(['app', 'lib', 'utils', 'api'])}/${arng.pick(['index', 'parser', 'date', 'config'])}.ts`,
                  },
                },
              ],
            },
            {
              role: 'user',
              content: [
                {
                  type: 'tool_result',
                  tool_use_id: id,
                  content: `${arng.int(1, 400)} lines\n${arng.pick(['ok', 'FAIL 1 test', 'no matches', 'exit 0'])}`,
                },
              ],
            },
          );
          await ctx.sleep(300 + arng.next() * 2_500);
        }
        await ctx.sleep(thinkTime(arng, 25_000));
        return true;
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// r4l-translate

const GLOSSARY_SYSTEM =
  'Translate the segment faithfully. Glossary (always use): "dashboard" -> keep in English; ' +
  '"checkout" -> store-specific term from the memory; brand names are never translated. ' +
  'Return only the translation.';

const SEGMENTS = [
  'Your order has been shipped and will arrive within three business days.',
  'Click Save to keep your changes, or Cancel to discard them.',
  'The warranty does not cover damage caused by misuse.',
  'We could not verify your payment method. Please try again.',
  'Subscribe to our newsletter for early access to new collections.',
  'This setting can only be changed by an administrator.',
  'Returns are free within 30 days of delivery.',
  'Keep the device away from water and direct sunlight.',
  'Your password must contain at least twelve characters.',
  'The meeting room is booked for the whole afternoon.',
];

export function translate(rng: Rng, scale: number): Actor {
  const accounts = makeAccounts('r4ltrans', scaled(15, scale), () => ({
    org: 'org_linguabridge',
    tier: 'standard',
    ageDays: 100 + rng.next() * 500,
    verified: true,
  }));
  const office = homeIp(rng);
  const profile = clientProfile(rng, 'openai-python');
  return {
    name: 'r4l-translate',
    persona: 'translation-agency',
    role: 'legitimate',
    accounts,
    async run(ctx) {
      await untilStopped(ctx, accounts, 20_000, async (account, arng) => {
        const target = arng.pick([
          'German',
          'French',
          'Spanish',
          'Japanese',
          'Portuguese',
          'Italian',
          'Dutch',
        ]);
        const segments = arng.int(15, 50);
        for (let i = 0; i < segments && !ctx.stopped(); i++) {
          const response = await send(
            ctx,
            account.id,
            { ip: office, profile },
            'openai',
            openaiBody(
              {
                model: arng.chance(0.5) ? MAIN_MODEL : SMALL_MODEL,
                system: `${GLOSSARY_SYSTEM} Target language: ${target}.`,
                maxTokens: 400,
                temperature: 0.1,
              },
              [{ role: 'user', content: arng.pick(SEGMENTS) }],
            ),
          );
          if (!(await react(ctx, arng, response))) return false;
          await ctx.sleep(600 + arng.next() * 1_800);
        }
        await ctx.sleep(thinkTime(arng, 30_000));
        return true;
      });
    },
  };
}
