/**
 * Red team 3's legitimate hard negatives: real products and people whose traffic looks like
 * distillation on one signal or another — evaluation labs, LLM-as-judge QA, batch jobs, a coding
 * agent's users, a tutoring company and a class of students, a router, a research lab, a company
 * behind one NAT, multilingual chat users, early adopters and a localisation pipeline.
 */
import type { Actor, ActorContext, Role, SimAccountSpec } from '../actor.ts';
import type { Rng } from '../rng.ts';
import { codingEpisode } from './campaigns.ts';
import {
  accounts,
  backOff,
  CLIENTS,
  type Client,
  cloudIp,
  fill,
  hexId,
  humanGap,
  ipIn,
  machineGap,
  NEW_MODEL,
  OLD_MODEL,
  request,
  residentialIp,
  runWorkers,
  scaled,
  SMALL_MODEL,
} from './common.ts';
import {
  BATCH_DOCS,
  CHAT,
  CHAT_LANGUAGES,
  EVAL_ITEMS,
  GRADING_QUESTIONS,
  HELPDESK_TOOLS,
  OFFICE_ASKS,
  PROBLEM,
  PROBLEM_SLOTS,
  PUZZLES,
  QUILL_TOOLS,
  STUDENT_ASKS,
  STUDENT_TOPICS,
  TUTOR_SUBJECTS,
} from './vocab.ts';

function legit(
  name: string,
  owned: readonly SimAccountSpec[],
  run: (ctx: ActorContext) => Promise<void>,
): Actor {
  const role: Role = 'legitimate';
  return { name, persona: name, role, accounts: owned, run };
}

/**
 * An independent evaluation lab running public benchmarks on every model: fixed items at
 * temperature 0, a chain-of-thought suite, a reasoning suite at a large thinking budget and
 * pass@k sampling (the same item five times at temperature 1). Declared eval, verified.
 */
function evalLab(rng: Rng, scale: number): Actor {
  const owned = accounts(rng, 'r3l_evallab', scaled(6, scale), {
    tier: 'scale',
    ageDays: [200, 500],
    verified: true,
    org: 'org_r3_benchlab',
    declaredUse: 'eval',
  });
  const ips = Array.from({ length: 3 }, () => ipIn(rng, '34.82'));
  return legit('r3l-eval-lab', owned, (ctx) =>
    runWorkers(ctx, scaled(6, scale), async (worker, wrng) => {
      const account = owned[worker % owned.length]?.id ?? '';
      const suite = worker % 3;
      const item = wrng.pick(EVAL_ITEMS);
      const repeats = suite === 2 ? 5 : 1;
      for (let i = 0; i < repeats && !ctx.stopped(); i++) {
        const body: Record<string, unknown> = {
          model: wrng.chance(0.3) ? NEW_MODEL : OLD_MODEL,
          max_tokens: suite === 1 ? 16_000 : 2_048,
          temperature: suite === 2 ? 1 : 0,
          messages: [
            {
              role: 'user',
              content:
                suite === 0
                  ? `${item}\nAnswer with the final answer only.`
                  : `${item}\nLet's think step by step, then give the final answer after "ANSWER:".`,
            },
          ],
          ...(suite === 1 ? { thinking: { type: 'enabled', budget_tokens: 12_000 } } : {}),
        };
        const response = await ctx.send(
          account,
          request('anthropic', body, CLIENTS.httpx, wrng.pick(ips)),
        );
        await backOff(ctx, response, 2_000);
        await ctx.sleep(machineGap(wrng, 900, 0.05));
      }
    }),
  );
}

/** A support-bot startup's LLM-as-judge QA: their own bot's A/B answers graded on a rubric. */
function judgeQa(rng: Rng, scale: number): Actor {
  const owned = accounts(rng, 'r3l_judgeqa', scaled(4, scale), {
    tier: 'standard',
    ageDays: [60, 300],
    verified: true,
    org: 'org_r3_helpwise',
    declaredUse: 'eval',
  });
  const ip = cloudIp(rng);
  const rubric =
    'You are grading answers of the Helpwise support bot. Rubric: grounded in the provided article (0-2), resolves the question (0-2), tone (0-1). Return JSON {"a": score, "b": score, "reason": "..."}.';
  return legit('r3l-judge-qa', owned, (ctx) =>
    runWorkers(ctx, owned.length, async (worker, wrng) => {
      const account = owned[worker % owned.length]?.id ?? '';
      const question = wrng.pick(GRADING_QUESTIONS);
      const response = await ctx.send(
        account,
        request(
          'openai',
          {
            model: OLD_MODEL,
            temperature: 0,
            max_tokens: 600,
            messages: [
              { role: 'system', content: rubric },
              {
                role: 'user',
                content: `Article: kb-${wrng.int(100, 999)}\nQuestion: ${question}\n\nAnswer A (prod): ${hexId(wrng, 8)}…\nAnswer B (candidate prompt v${wrng.int(3, 9)}): ${hexId(wrng, 8)}…`,
              },
            ],
          },
          CLIENTS.openaiPython,
          ip,
        ),
      );
      await backOff(ctx, response);
      await ctx.sleep(machineGap(wrng, 1_000, 0.2));
    }),
  );
}

/** A marketplace's catalogue and ticket batch job: fixed system prompt, steady pace, declared batch. */
function batchJob(rng: Rng, scale: number): Actor {
  const owned = accounts(rng, 'r3l_batch', scaled(5, scale), {
    tier: 'scale',
    ageDays: [90, 700],
    verified: true,
    org: 'org_r3_shopfront',
    declaredUse: 'batch',
  });
  const ip = cloudIp(rng);
  const system =
    'Classify the item into one of: electronics, home, apparel, food, other. Then write a 40-word neutral description. Output JSON.';
  return legit('r3l-batch-catalogue', owned, (ctx) =>
    runWorkers(ctx, scaled(6, scale), async (worker, wrng) => {
      const account = owned[worker % owned.length]?.id ?? '';
      const response = await ctx.send(
        account,
        request(
          'anthropic',
          {
            model: SMALL_MODEL,
            max_tokens: 400,
            temperature: 0,
            system,
            messages: [
              { role: 'user', content: `${wrng.pick(BATCH_DOCS)} (sku ${wrng.int(10000, 99999)})` },
            ],
          },
          CLIENTS.anthropicPython,
          ip,
        ),
      );
      await backOff(ctx, response, 2_000);
      await ctx.sleep(machineGap(wrng, 1_000, 0.03));
    }),
  );
}

const DEV_ASKS = [
  'hey, `{cmd}` fails in {file} — can you fix it?',
  'add pagination to the /orders endpoint in {file}',
  'why is {file} so slow? profile it and suggest something',
  'rename `userId` to `accountId` everywhere, careful with the migrations',
  'write tests for {file}, we have none',
  'the build broke after bumping deps, see `{cmd}` output',
  'explain what {file} does, I just joined the team',
  'port {file} from callbacks to async/await',
];
const DEV_SLOTS = {
  cmd: ['npm test', 'cargo build', 'go test ./...', 'pytest -x', 'make lint', 'gradle check'],
  file: [
    'src/api/orders.ts',
    'internal/store/pg.go',
    'app/models/user.rb',
    'lib/parser.rs',
    'services/mailer.py',
    'web/components/Cart.tsx',
    'pkg/auth/jwt.go',
    'core/scheduler.kt',
  ],
};

/**
 * Developers using `quill`, the open-source coding agent, with their own keys: the same public
 * tool schema and client, tool_use/tool_result loops, thinking on (power users at a large
 * budget), human sessions with long pauses.
 */
function quillUsers(rng: Rng, scale: number): Actor {
  const owned = accounts(rng, 'r3l_quill', scaled(120, scale), {
    tier: 'default',
    ageDays: [3, 700],
    verified: 0.6,
  });
  const ips = new Map(owned.map((a) => [a.id, residentialIp(rng)]));
  const budget = new Map(owned.map((a) => [a.id, rng.pick([2_000, 4_000, 8_000, 24_000])]));
  return legit('r3l-quill-users', owned, (ctx) =>
    runWorkers(
      ctx,
      owned.length,
      async (worker, wrng) => {
        const account = owned[worker]?.id ?? '';
        const thinking = budget.get(account) ?? 4_000;
        for (const messages of codingEpisode(
          wrng,
          wrng.int(3, 9),
          fill(wrng, wrng.pick(DEV_ASKS), DEV_SLOTS),
        )) {
          if (ctx.stopped()) return;
          const response = await ctx.send(
            account,
            request(
              'anthropic',
              {
                model: wrng.chance(0.15) ? NEW_MODEL : OLD_MODEL,
                max_tokens: thinking + 8_000,
                thinking: { type: 'enabled', budget_tokens: thinking },
                system:
                  'You are quill, an autonomous coding agent working in the user’s repository.',
                tools: QUILL_TOOLS,
                messages,
              },
              CLIENTS.quill,
              ips.get(account) ?? '0.0.0.0',
            ),
          );
          await backOff(ctx, response);
          await ctx.sleep(humanGap(wrng, 3_000, 0.6));
        }
        await ctx.sleep(humanGap(wrng, 20_000, 0.7));
      },
      25_000,
    ),
  );
}

/**
 * MathSpark, a tutoring company (education programme, verified): one Socratic system prompt,
 * step-by-step explanations for thousands of students identified by `metadata.user_id`.
 */
function tutorApp(rng: Rng, scale: number): Actor {
  const owned = accounts(rng, 'r3l_mathspark', scaled(3, scale), {
    tier: 'scale',
    ageDays: [150, 400],
    verified: true,
    org: 'org_r3_mathspark',
    programme: 'education',
  });
  const ips = [cloudIp(rng), cloudIp(rng)];
  const system =
    'You are MathSpark, a patient tutor for ages 11-18. Explain step by step, check the student’s working, never just give the final answer.';
  return legit('r3l-tutor-app', owned, (ctx) =>
    runWorkers(ctx, scaled(6, scale), async (worker, wrng) => {
      const account = owned[worker % owned.length]?.id ?? '';
      const response = await ctx.send(
        account,
        request(
          'anthropic',
          {
            model: OLD_MODEL,
            max_tokens: 2_000,
            system,
            metadata: { user_id: `ms-${wrng.int(1, 3_000)}` },
            messages: [
              {
                role: 'user',
                content: `[${wrng.pick(TUTOR_SUBJECTS)}] ${fill(wrng, wrng.pick(STUDENT_ASKS), { quantity: PROBLEM_SLOTS.quantity, topic: STUDENT_TOPICS })}`,
              },
            ],
            ...(wrng.chance(0.3) ? { thinking: { type: 'enabled', budget_tokens: 4_000 } } : {}),
          },
          CLIENTS.anthropicNode,
          wrng.pick(ips),
        ),
      );
      await backOff(ctx, response);
      await ctx.sleep(humanGap(wrng, 900, 0.5));
    }),
  );
}

const STUDENT_LANGS: Readonly<Record<string, string>> = {
  en: 'Can you explain step by step how to solve this? ',
  zh: '请一步一步解释这道题怎么做：',
  es: '¿Puedes explicarme paso a paso cómo resolver esto? ',
  ko: '이 문제 푸는 방법을 단계별로 설명해 주세요: ',
  hi: 'कृपया इसे चरण दर चरण समझाइए: ',
};

/**
 * A first-year course: 140 student accounts created for it on the education programme, behind the
 * campus NAT, asking for step-by-step help in several languages; the assignment deadline brings a
 * burst in the last third of the run.
 */
function students(rng: Rng, scale: number): Actor {
  const owned = accounts(rng, 'r3l_student', scaled(140, scale), {
    tier: 'free',
    ageDays: [0.5, 12],
    verified: false,
    programme: 'education',
    org: 'org_r3_uni_course',
  });
  const nat = ['128.32.17.4', '128.32.17.5'];
  const lang = new Map(
    owned.map((a) => [a.id, rng.chance(0.6) ? 'en' : rng.pick(Object.keys(STUDENT_LANGS))]),
  );
  return legit('r3l-students', owned, (ctx) =>
    runWorkers(
      ctx,
      owned.length,
      async (worker, wrng) => {
        const account = owned[worker]?.id ?? '';
        const deadline = ctx.now() > ctx.duration * 0.65;
        const question = fill(wrng, PROBLEM, PROBLEM_SLOTS);
        const prefix = STUDENT_LANGS[lang.get(account) ?? 'en'] ?? '';
        const followUps = wrng.int(0, 2);
        const messages: Record<string, unknown>[] = [
          { role: 'user', content: `${prefix}${question}` },
        ];
        for (let turn = 0; turn <= followUps && !ctx.stopped(); turn++) {
          const response = await ctx.send(
            account,
            request(
              'openai',
              { model: OLD_MODEL, max_tokens: 1_500, messages: [...messages] },
              CLIENTS.browserFetch,
              wrng.pick(nat),
            ),
          );
          await backOff(ctx, response, 3_000);
          messages.push({ role: 'assistant', content: 'Step 1: …' });
          messages.push({
            role: 'user',
            content: wrng.pick(STUDENT_ASKS).replace(/\{\w+\}/g, '?'),
          });
          await ctx.sleep(humanGap(wrng, 4_000, 0.6));
        }
        await ctx.sleep(humanGap(wrng, deadline ? 6_000 : 25_000, 0.7));
      },
      20_000,
    ),
  );
}

/**
 * Routerly, a model router: diverse end users of many apps through four keys, both dialects,
 * several models, every request naming its end user.
 */
function router(rng: Rng, scale: number): { actor: Actor; ips: string[] } {
  const owned = accounts(rng, 'r3l_router', 4, {
    tier: 'enterprise',
    ageDays: [300, 600],
    verified: true,
    org: 'org_r3_routerly',
  });
  const ips = [ipIn(rng, '52.14'), ipIn(rng, '52.14'), ipIn(rng, '52.14')];
  const actor = legit('r3l-router', owned, (ctx) =>
    runWorkers(ctx, scaled(14, scale), async (_, wrng) => {
      const account = wrng.pick(owned).id;
      const language = wrng.pick(CHAT_LANGUAGES);
      const kind = wrng.next();
      const content =
        kind < 0.6
          ? wrng.pick(CHAT[language])
          : kind < 0.8
            ? fill(wrng, wrng.pick(DEV_ASKS), DEV_SLOTS)
            : kind < 0.9
              ? wrng.pick(BATCH_DOCS)
              : `${fill(wrng, PROBLEM, PROBLEM_SLOTS)} Explain your answer.`;
      const model = wrng.pick([OLD_MODEL, OLD_MODEL, SMALL_MODEL, NEW_MODEL]);
      const response = await ctx.send(
        account,
        request(
          'openai',
          {
            model,
            max_tokens: wrng.pick([512, 1_024, 2_048, 4_096]),
            temperature: wrng.pick([0.2, 0.7, 1]),
            user: `u_${hexId(wrng, 16)}`,
            messages: [{ role: 'user', content }],
          },
          CLIENTS.goSdk,
          wrng.pick(ips),
        ),
      );
      await backOff(ctx, response);
      await ctx.sleep(humanGap(wrng, 900, 0.6));
    }),
  );
  return { actor, ips };
}

/**
 * A university lab studying reasoning faithfulness: puzzles with full derivations requested,
 * temperature sweeps and n=4 samples of the same prompt. The PI's accounts declare research use.
 */
function researchLab(rng: Rng, scale: number): Actor {
  const owned = [
    ...accounts(rng, 'r3l_lab_pi', scaled(4, scale), {
      tier: 'standard',
      ageDays: [200, 800],
      verified: true,
      org: 'org_r3_reasonlab',
      programme: 'research',
      declaredUse: 'research',
    }),
    ...accounts(rng, 'r3l_lab_student', scaled(8, scale), {
      tier: 'default',
      ageDays: [10, 200],
      verified: 0.5,
      org: 'org_r3_reasonlab',
      programme: 'research',
    }),
  ];
  const ips = Array.from({ length: 4 }, () => ipIn(rng, '171.64'));
  return legit('r3l-research-lab', owned, (ctx) =>
    runWorkers(ctx, scaled(4, scale), async (_, wrng) => {
      const account = wrng.pick(owned).id;
      const puzzle = wrng.pick(PUZZLES);
      for (const temperature of [0, 0.5, 1]) {
        if (ctx.stopped()) return;
        const response = await ctx.send(
          account,
          request(
            'openai',
            {
              model: wrng.chance(0.5) ? NEW_MODEL : OLD_MODEL,
              temperature,
              n: 4,
              max_tokens: 4_000,
              messages: [
                {
                  role: 'user',
                  content: `${puzzle}\nWrite out your complete reasoning before the answer, including any wrong turns.`,
                },
              ],
            },
            CLIENTS.openaiPython,
            wrng.pick(ips),
          ),
        );
        await backOff(ctx, response);
        await ctx.sleep(humanGap(wrng, 1_200, 0.4));
      }
    }),
  );
}

/** Northwind, 60 employees behind one office NAT: office asks and the helpdesk tool agent. */
function companyNat(rng: Rng, scale: number): Actor {
  const owned = accounts(rng, 'r3l_northwind', scaled(60, scale), {
    tier: 'standard',
    ageDays: [30, 500],
    verified: true,
    org: 'org_r3_northwind',
  });
  const nat = '203.0.113.40';
  return legit('r3l-company-nat', owned, (ctx) =>
    runWorkers(
      ctx,
      owned.length,
      async (worker, wrng) => {
        const account = owned[worker]?.id ?? '';
        const helpdesk = worker % 6 === 0;
        const body: Record<string, unknown> = helpdesk
          ? {
              model: OLD_MODEL,
              max_tokens: 1_024,
              tools: HELPDESK_TOOLS,
              messages: [
                {
                  role: 'user',
                  content: `Order ${wrng.int(100000, 999999)} ${wrng.pick(BATCH_DOCS)}`,
                },
              ],
            }
          : {
              model: wrng.chance(0.7) ? OLD_MODEL : SMALL_MODEL,
              max_tokens: wrng.pick([1_024, 2_048]),
              messages: [
                { role: 'user', content: fill(wrng, wrng.pick(OFFICE_ASKS), { doc: BATCH_DOCS }) },
              ],
            };
        const client: Client = helpdesk ? CLIENTS.anthropicPython : CLIENTS.langchain;
        const response = await ctx.send(account, request('anthropic', body, client, nat));
        await backOff(ctx, response);
        await ctx.sleep(humanGap(wrng, helpdesk ? 3_000 : 15_000, 0.8));
      },
      15_000,
    ),
  );
}

/** People chatting in their own language through a bring-your-own-key chat app. */
function multilingualChat(rng: Rng, scale: number): Actor {
  const owned = accounts(rng, 'r3l_chat', scaled(100, scale), {
    tier: 'default',
    ageDays: [1, 900],
    verified: 0.4,
  });
  const lang = new Map(owned.map((a) => [a.id, rng.pick(CHAT_LANGUAGES)]));
  const ips = new Map(owned.map((a) => [a.id, residentialIp(rng)]));
  return legit('r3l-multilingual-chat', owned, (ctx) =>
    runWorkers(
      ctx,
      owned.length,
      async (worker, wrng) => {
        const account = owned[worker]?.id ?? '';
        const messages: Record<string, unknown>[] = [];
        for (let turn = 0; turn < wrng.int(1, 4) && !ctx.stopped(); turn++) {
          messages.push({ role: 'user', content: wrng.pick(CHAT[lang.get(account) ?? 'en']) });
          const response = await ctx.send(
            account,
            request(
              'anthropic',
              { model: OLD_MODEL, max_tokens: 2_048, messages: [...messages], stream: true },
              CLIENTS.browserFetch,
              ips.get(account) ?? '0.0.0.0',
            ),
          );
          await backOff(ctx, response);
          messages.push({ role: 'assistant', content: '…' });
          await ctx.sleep(humanGap(wrng, 6_000, 0.8));
        }
        await ctx.sleep(humanGap(wrng, 25_000, 0.8));
      },
      25_000,
    ),
  );
}

/**
 * Three startups' engineers trying the new model the day it ships: the same prompts on both
 * models side by side, with thinking, moving most of their traffic once it looks good.
 */
function earlyAdopters(rng: Rng, scale: number): Actor {
  const owned = [0, 1, 2].flatMap((org) =>
    accounts(rng, `r3l_early${org}`, scaled(10, scale), {
      tier: 'standard',
      ageDays: [40, 400],
      verified: true,
      org: `org_r3_startup${org}`,
    }),
  );
  const ips = [0, 1, 2].map(() => cloudIp(rng));
  return legit('r3l-early-adopters', owned, (ctx) =>
    runWorkers(ctx, scaled(4, scale), async (worker, wrng) => {
      const account = wrng.pick(owned).id;
      const released = ctx.now() >= ctx.releasedAt(NEW_MODEL);
      const content = wrng.chance(0.5)
        ? fill(wrng, wrng.pick(DEV_ASKS), DEV_SLOTS)
        : wrng.pick(CHAT.en);
      const models = released ? [NEW_MODEL, OLD_MODEL] : [OLD_MODEL];
      for (const model of models) {
        if (ctx.stopped()) return;
        const response = await ctx.send(
          account,
          request(
            'anthropic',
            {
              model,
              max_tokens: 8_000,
              thinking: { type: 'enabled', budget_tokens: 4_000 },
              messages: [{ role: 'user', content }],
            },
            CLIENTS.anthropicNode,
            ips[worker % ips.length] ?? '0.0.0.0',
          ),
        );
        await backOff(ctx, response);
        await ctx.sleep(humanGap(wrng, 700, 0.5));
      }
      await ctx.sleep(humanGap(wrng, 700, 0.5));
    }),
  );
}

const TARGET_LANGS = [
  'de',
  'fr',
  'es',
  'it',
  'ja',
  'ko',
  'zh-Hans',
  'pt-BR',
  'pl',
  'tr',
  'ar',
  'hi',
];

/** A localisation vendor translating app strings into twelve languages: one template, declared batch. */
function localisation(rng: Rng, scale: number): Actor {
  const owned = accounts(rng, 'r3l_l10n', scaled(4, scale), {
    tier: 'scale',
    ageDays: [100, 900],
    verified: true,
    org: 'org_r3_lingo',
    declaredUse: 'batch',
  });
  const ip = cloudIp(rng);
  return legit('r3l-localisation', owned, (ctx) =>
    runWorkers(ctx, owned.length, async (worker, wrng) => {
      const account = owned[worker % owned.length]?.id ?? '';
      const response = await ctx.send(
        account,
        request(
          'anthropic',
          {
            model: SMALL_MODEL,
            max_tokens: 1_000,
            temperature: 0,
            system:
              'Translate the UI strings into the target locale. Keep placeholders like {name} unchanged. Output JSON with the same keys.',
            messages: [
              {
                role: 'user',
                content: `locale=${wrng.pick(TARGET_LANGS)}\n{"cart.empty": "${wrng.pick(CHAT.en)}", "id": "${hexId(wrng, 6)}"}`,
              },
            ],
          },
          CLIENTS.requests,
          ip,
        ),
      );
      await backOff(ctx, response, 2_000);
      await ctx.sleep(machineGap(wrng, 1_000, 0.05));
    }),
  );
}

export function legitimate(
  rng: Rng,
  scale: number,
): { actors: Actor[]; router: { keys: readonly SimAccountSpec[]; ips: readonly string[] } } {
  const routed = router(rng.fork('router'), scale);
  return {
    actors: [
      evalLab(rng.fork('eval'), scale),
      judgeQa(rng.fork('judge'), scale),
      batchJob(rng.fork('batch'), scale),
      quillUsers(rng.fork('quill'), scale),
      tutorApp(rng.fork('tutor'), scale),
      students(rng.fork('students'), scale),
      routed.actor,
      researchLab(rng.fork('research'), scale),
      companyNat(rng.fork('nat'), scale),
      multilingualChat(rng.fork('chat'), scale),
      earlyAdopters(rng.fork('early'), scale),
      localisation(rng.fork('l10n'), scale),
    ],
    router: { keys: routed.actor.accounts, ips: routed.ips },
  };
}
