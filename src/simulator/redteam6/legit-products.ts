/**
 * The sixth red team's legitimate products — hard negatives that each look like a distiller on
 * some signal: developers on a shared coding agent, an evaluation harness with a judge suite, a
 * newsroom's translation batch, a multilingual tutoring app, an essay grader, a computer-use QA
 * service and a model router with thousands of end users.
 */
import type { Actor, ActorContext } from '../actor.ts';
import { scaled } from '../personas/accounts.ts';
import { clientProfile, cloudIp, homeIp } from '../personas/clients.ts';
import type { Rng } from '../rng.ts';
import { compose, expand } from '../vocab/expand.ts';
import { patchbaySession, randomRepo, type Repo } from './agent-session.ts';
import {
  accounts,
  assistantTurn,
  between,
  chatBody,
  facts,
  hex,
  Hold,
  human,
  imageTurn,
  M,
  messagesBody,
  orgSlug,
  schema,
  screenExchange,
  screenshot,
  send,
  toolExchange,
  tracker,
  userTurn,
  weighted,
  withoutScreens,
  zipf,
  type Tool,
} from './common.ts';
import {
  bazaarUserId,
  CLICKPATH_SYSTEM,
  CLICKPATH_TOOLS,
  PATCHBAY_RELEASES,
  patchbayClient,
  type RouterFront,
} from './products.ts';
import {
  CLICKPATH_FLOWS,
  CLICKPATH_STEPS,
  DEV,
  DEV_FOLLOW_UPS,
  DEV_TASKS,
  NEWS_SENTENCES,
  NEWS_TASKS,
  RUBRICLY_RUBRICS,
  RUBRICLY_SYSTEM,
  ESSAY_SENTENCES,
  STUDENT,
} from './vocab-legit.ts';
import { CHAT_LINES, LEARNER_ASKS, PROBLEMS } from './vocab-multilingual.ts';

/**
 * `r6l-patchbay` — developers of many companies using patchbay on their own keys (persona
 * `coding-agent-users`). Hard: the same system prompt and tool set on many unrelated accounts,
 * long streamed tool loops with thinking, machine-paced steps; some accounts are new trials.
 */
export function patchbayUsers(rng: Rng, scale: number): Actor {
  const total = scaled(75, scale, 3);
  const companies = Array.from({ length: Math.max(2, Math.round(total / 5)) }, () => ({
    org: orgSlug(rng),
    office: homeIp(rng),
    tier: rng.chance(0.6) ? 'standard' : 'scale',
  }));
  const devs = accounts('patchbay', total, () => {
    const company = rng.chance(0.8) ? rng.pick(companies) : undefined;
    const trial = rng.chance(0.1);
    return facts({
      org: company?.org,
      tier: company?.tier ?? (rng.chance(0.5) ? 'default' : 'standard'),
      ageDays: trial ? 1 + rng.next() * 9 : 30 + rng.exponential(300),
      verified: rng.chance(0.6),
    });
  }).map((account) => ({
    account,
    client: patchbayClient(rng, weighted(rng, PATCHBAY_RELEASES)),
    repo: randomRepo(rng),
    office: companies.find((company) => company.org === account.org)?.office,
    home: homeIp(rng),
    adopts: rng.chance(0.4),
  }));
  return {
    name: 'r6l-patchbay',
    persona: 'coding-agent-users',
    role: 'legitimate',
    accounts: devs.map((dev) => dev.account),
    async run(ctx) {
      await Promise.all(
        devs.map(async (dev) => {
          const d = ctx.rng.fork(dev.account.id);
          await ctx.sleep(d.next() * 15_000);
          while (!ctx.stopped()) {
            const ip = dev.office !== undefined && d.chance(0.6) ? dev.office : dev.home;
            const onNew = dev.adopts && ctx.now() >= ctx.releasedAt(M.newest) + 5_000;
            const end = await patchbaySession(ctx, d, {
              account: dev.account.id,
              client: dev.client,
              ip,
              model: onNew && d.chance(0.8) ? M.newest : M.current,
              mode: weighted(d, [
                ['normal', 75],
                ['think', 18],
                ['harder', 7],
              ] as const),
              task: taskFor(d, dev.repo),
              repo: dev.repo,
              steps: d.int(3, 10),
              stepGap: () => between(d, 1_000, 3_500),
              followUps: [compose(d, DEV_FOLLOW_UPS, DEV)],
            });
            if (typeof end === 'object') {
              if (end.refused.status === 403) return;
              await ctx.sleep(end.refused.retryAfterMs ?? 10_000);
            }
            await ctx.sleep(d.chance(0.1) ? between(d, 30_000, 60_000) : human(d, 20_000));
          }
        }),
      );
    },
  };
}

function taskFor(rng: Rng, repo: Repo): string {
  return compose(rng, DEV_TASKS, { ...DEV, area: repo.folders });
}

/**
 * `r6l-evalsuite` — an evaluation company's harness (persona `eval-harness`, declared `eval`).
 * Hard: machine-paced, the same items over and over, a chain-of-thought suite at a large thinking
 * budget, and a pairwise judge suite with rubric and candidates.
 */
export function evalSuite(rng: Rng, scale: number): Actor {
  const list = accounts('evalsuite', scaled(8, scale, 3), (index) =>
    facts({
      org: 'org_northstarevals',
      tier: 'scale',
      ageDays: 150 + index * 60,
      verified: true,
      declaredUse: 'eval',
    }),
  );
  const b = rng.fork('bench');
  const mc = Array.from({ length: 80 }, (_, index) => {
    const options = ['A', 'B', 'C', 'D']
      .map((letter) => `${letter}. ${expand(b, '{essay}', STUDENT)}`)
      .join('\n');
    return `Q${index + 1}. Which of the following best relates to ${expand(b, '{course}', STUDENT)}?\n${options}\nAnswer with one letter.`;
  });
  const math = Array.from({ length: 60 }, () => `Solve: ${expand(b, '{problem}', PROBLEMS)}`);
  const judge = Array.from({ length: 40 }, (_, index) => {
    const a = ESSAY_SENTENCES.slice(index % 6, (index % 6) + 4).join(' ');
    const c = ESSAY_SENTENCES.slice((index + 3) % 8, ((index + 3) % 8) + 3).join(' ');
    return `[Item J-${index + 1}] Compare the two answers to the prompt "Write an introduction to ${expand(b, '{essay}', STUDENT)}".\nAnswer 1: ${expand(b, a, STUDENT)}\nAnswer 2: ${expand(b, c, STUDENT)}\nScore each 1-10 for coherence and relevance, then output "winner: 1" or "winner: 2".`;
  });
  const runners = list.map((account, index) => ({
    account,
    suite: index % 3,
    client: clientProfile(rng, index % 3 === 0 ? 'openai-python' : 'anthropic-python'),
    ip: cloudIp(rng),
  }));
  return {
    name: 'r6l-evalsuite',
    persona: 'eval-harness',
    role: 'legitimate',
    accounts: list,
    async run(ctx) {
      await Promise.all(
        runners.map(async (runner) => {
          const e = ctx.rng.fork(runner.account.id);
          const work = tracker();
          let pauseUntil = 0;
          await ctx.sleep(e.next() * 3_000);
          for (let item = 0; !ctx.stopped(); item++) {
            if (ctx.now() < pauseUntil) await ctx.sleep(pauseUntil - ctx.now());
            work.fire(async () => {
              const response = await sendItem(ctx, runner, item);
              if (response === 429) pauseUntil = ctx.now() + 10_000;
            });
            await ctx.sleep(between(e, 600, 900));
          }
          await work.drain();
        }),
      );
    },
  };

  async function sendItem(
    ctx: ActorContext,
    runner: (typeof runners)[number],
    item: number,
  ): Promise<number> {
    const bodyFor = (): ['anthropic' | 'openai', Record<string, unknown>] => {
      if (runner.suite === 0)
        return [
          'openai',
          chatBody({
            model: M.chat,
            messages: [userTurn(mc[item % mc.length] as string)],
            temperature: 0,
            maxTokens: 8,
            seed: 1234,
          }),
        ];
      if (runner.suite === 1)
        return [
          'anthropic',
          messagesBody({
            model: M.current,
            system:
              "Solve the problem. Think step by step, then give the final answer as 'Answer: <value>'.",
            messages: [userTurn(math[item % math.length] as string)],
            maxTokens: 24_000,
            thinking: 16_000,
          }),
        ];
      return [
        'anthropic',
        messagesBody({
          model: M.current,
          messages: [userTurn(judge[item % judge.length] as string)],
          maxTokens: 512,
          temperature: 0,
        }),
      ];
    };
    const [dialect, body] = bodyFor();
    const response = await send(ctx, runner.account.id, dialect, body, runner.client, runner.ip);
    return response.status;
  }
}

/**
 * `r6l-nightly` — a newsroom translating and summarising its archive (persona
 * `batch-translation`, declared `batch`). Hard: constant machine pace, one template, long inputs
 * and outputs, from one cloud range, all night.
 */
export function nightly(rng: Rng, scale: number): Actor {
  const list = accounts('nightly', scaled(6, scale, 2), (index) =>
    facts({
      org: 'org_lexiconmedia',
      tier: 'scale',
      ageDays: 300 + index * 90,
      verified: true,
      declaredUse: 'batch',
    }),
  );
  const client = clientProfile(rng, 'openai-python');
  const workers = list.flatMap((account) => [0, 1].map(() => ({ account, ip: cloudIp(rng) })));
  return {
    name: 'r6l-nightly',
    persona: 'batch-translation',
    role: 'legitimate',
    accounts: list,
    async run(ctx) {
      await ctx.sleep(5_000);
      await Promise.all(
        workers.map(async (worker, index) => {
          const n = ctx.rng.fork(`w${index}`);
          let backoff = 1_000;
          await ctx.sleep(n.next() * 1_500);
          while (!ctx.stopped()) {
            const article = Array.from({ length: n.int(6, 12) }, () =>
              expand(n, n.pick(NEWS_SENTENCES), {}),
            ).join(' ');
            const task = expand(n, n.pick(NEWS_TASKS), {});
            const response = await send(
              ctx,
              worker.account.id,
              'openai',
              chatBody({
                model: M.mini,
                system: 'You are a careful newsroom translator and editor.',
                messages: [userTurn(`${task}\n\n---\n${article}`)],
                maxTokens: 4_096,
                temperature: 0.2,
              }),
              client,
              worker.ip,
            );
            if (response.status === 429 || response.status === 403) {
              await ctx.sleep(response.retryAfterMs ?? backoff);
              backoff = Math.min(backoff * 2, 30_000);
            } else backoff = 1_000;
            await ctx.sleep(between(n, 1_500, 2_500));
          }
        }),
      );
    },
  };
}

const TUTOR_SYSTEM =
  'You are StudyBuddy, a friendly tutor for students aged 12 to 19. Reply in the language the student writes in. Explain step by step, ask a check-in question, and never just hand over the final answer to graded homework.';

const TUTOR_LANGUAGES: readonly (readonly [string, number])[] = [
  ['en', 40],
  ['es', 10],
  ['zh', 8],
  ['ru', 6],
  ['tr', 6],
  ['vi', 6],
  ['pt', 6],
  ['de', 6],
  ['ko', 4],
  ['ar', 4],
  ['hi', 4],
  ['id', 4],
];

/**
 * `r6l-studybuddy` — a multilingual tutoring app in the education programme (persona
 * `tutoring-app`). Hard: every request asks for step-by-step explanations, in the same languages
 * as the coercion campaign, from one system prompt, thinking often on.
 */
export function studyBuddy(rng: Rng, scale: number): Actor {
  const list = accounts('studybuddy', scaled(4, scale, 2), (index) =>
    facts({
      org: 'org_studybuddy',
      tier: 'scale',
      ageDays: 200 + index * 100,
      verified: true,
      programme: 'education',
    }),
  );
  const client = clientProfile(rng, 'anthropic-python');
  const backends = [cloudIp(rng), cloudIp(rng)];
  return {
    name: 'r6l-studybuddy',
    persona: 'tutoring-app',
    role: 'legitimate',
    accounts: list,
    async run(ctx) {
      await Promise.all(
        list.map(async (account) => {
          const s = ctx.rng.fork(account.id);
          const work = tracker();
          const hold = new Hold();
          while (!ctx.stopped()) {
            await ctx.sleep(s.exponential(1000 / 1.5));
            await hold.wait(ctx);
            if (ctx.stopped()) break;
            work.fire(() =>
              hold.after(ctx, () => {
                const language = weighted(s, TUTOR_LANGUAGES);
                const ask = compose(s, LEARNER_ASKS[language] ?? [], PROBLEMS);
                const messages = s.chance(0.3)
                  ? [
                      userTurn(compose(s, LEARNER_ASKS[language] ?? [], PROBLEMS)),
                      assistantTurn(
                        'Let’s start with what the question gives us. What do you notice first?',
                      ),
                      userTurn(ask),
                    ]
                  : [userTurn(ask)];
                return send(
                  ctx,
                  account.id,
                  'anthropic',
                  messagesBody({
                    model: M.current,
                    system: TUTOR_SYSTEM,
                    messages,
                    maxTokens: s.chance(0.3) ? 6_000 : 2_000,
                    thinking: s.chance(0.3) ? 2_048 : undefined,
                    temperature: 0.5,
                    userId: `sb_${zipf(s, 4_000)}`,
                    stream: true,
                  }),
                  client,
                  s.pick(backends),
                );
              }),
            );
          }
          await work.drain();
        }),
      );
    },
  };
}

/**
 * `r6l-rubricly` — essay grading for teachers (persona `essay-grader`). Hard: every request is a
 * rubric with embedded student text, sometimes two drafts compared, temperature 0.
 */
export function rubricly(rng: Rng, scale: number): Actor {
  const list = accounts('rubricly', scaled(5, scale, 2), (index) =>
    facts({
      org: 'org_rubricly',
      tier: 'scale',
      ageDays: 250 + index * 80,
      verified: true,
      programme: 'education',
    }),
  );
  const client = clientProfile(rng, 'openai-python');
  const backend = cloudIp(rng);
  return {
    name: 'r6l-rubricly',
    persona: 'essay-grader',
    role: 'legitimate',
    accounts: list,
    async run(ctx) {
      await Promise.all(
        list.map(async (account) => {
          const g = ctx.rng.fork(account.id);
          const work = tracker();
          const hold = new Hold();
          while (!ctx.stopped()) {
            await ctx.sleep(g.exponential(1000 / 0.9));
            await hold.wait(ctx);
            if (ctx.stopped()) break;
            work.fire(() =>
              hold.after(ctx, () => {
                const essay = () =>
                  Array.from({ length: g.int(8, 18) }, () =>
                    expand(g, g.pick(ESSAY_SENTENCES), STUDENT),
                  ).join(' ');
                const twoDrafts = g.chance(0.2);
                const text = twoDrafts
                  ? `Draft 1:\n${essay()}\n\nDraft 2:\n${essay()}\n\nSay which criteria improved between the drafts.`
                  : `Essay:\n${essay()}`;
                return send(
                  ctx,
                  account.id,
                  'openai',
                  chatBody({
                    model: g.chance(0.7) ? M.chat : M.mini,
                    system: RUBRICLY_SYSTEM,
                    messages: [userTurn(`${g.pick(RUBRICLY_RUBRICS)}\n\n${text}`)],
                    temperature: 0,
                    maxTokens: 1_200,
                    user: `teacher_${zipf(g, 900)}`,
                    ...(g.chance(0.5) ? { responseFormat: 'json_object' as const } : {}),
                  }),
                  client,
                  backend,
                );
              }),
            );
          }
          await work.drain();
        }),
      );
    },
  };
}

/**
 * `r6l-clickpath` — a computer-use QA service re-running its customers' test flows (persona
 * `computer-use-qa`). Hard: screenshots every step, a tool loop, cloud backends, machine pace.
 */
export function clickpath(rng: Rng, scale: number): Actor {
  const list = accounts('clickpath', scaled(12, scale, 2), (index) =>
    facts({
      org: 'org_clickpath',
      tier: 'scale',
      ageDays: 100 + index * 25,
      verified: rng.chance(0.8),
    }),
  );
  const client = clientProfile(rng, 'anthropic-python');
  const backends = [cloudIp(rng), cloudIp(rng), cloudIp(rng)];
  return {
    name: 'r6l-clickpath',
    persona: 'computer-use-qa',
    role: 'legitimate',
    accounts: list,
    async run(ctx) {
      await Promise.all(
        list.map(async (account, index) => {
          const c = ctx.rng.fork(account.id);
          await ctx.sleep(c.next() * 5_000);
          for (let run = index; !ctx.stopped(); run++) {
            const flow = CLICKPATH_FLOWS[run % CLICKPATH_FLOWS.length] as string;
            const messages: Record<string, unknown>[] = [
              imageTurn('anthropic', screenshot(c, between(c, 2, 4)), flow),
            ];
            const steps = c.int(4, 9);
            const ip = c.pick(backends);
            for (let step = 0; step < steps && !ctx.stopped(); step++) {
              const response = await send(
                ctx,
                account.id,
                'anthropic',
                messagesBody({
                  model: M.current,
                  system: CLICKPATH_SYSTEM,
                  tools: CLICKPATH_TOOLS,
                  messages: [...messages],
                  maxTokens: 1_024,
                  temperature: 0,
                }),
                client,
                ip,
              );
              if (response.status !== 200) {
                await ctx.sleep(response.retryAfterMs ?? 5_000);
                break;
              }
              messages.splice(
                0,
                messages.length,
                ...messages.map((message) => withoutScreens(message, '(previous screenshot)')),
              );
              messages.push(
                ...screenExchange(
                  'anthropic',
                  `toolu_01${hex(c, 22)}`,
                  'computer',
                  {
                    action: c.pick(['left_click', 'type', 'left_click', 'scroll']),
                    x: c.int(20, 1260),
                    y: c.int(20, 780),
                  },
                  screenshot(c, between(c, 2, 4)),
                  c.pick(CLICKPATH_STEPS),
                ),
              );
              await ctx.sleep(between(c, 800, 1_800));
            }
            await ctx.sleep(between(c, 3_000, 8_000));
          }
        }),
      );
    },
  };
}

/** Tool sets of three of the router's customers' agents (each stable). */
const CUSTOMER_AGENTS: readonly (readonly Tool[])[] = [
  [
    {
      name: 'lookup_order',
      description: 'Find an order by number.',
      schema: schema({ order: 'string' }),
    },
    {
      name: 'refund',
      description: 'Refund an order.',
      schema: schema({ order: 'string', amount: 'number' }),
    },
  ],
  [
    { name: 'get_weather', description: 'Weather for a city.', schema: schema({ city: 'string' }) },
    {
      name: 'find_places',
      description: 'Places near a location.',
      schema: schema({ near: 'string', kind: 'string' }),
    },
  ],
  [
    {
      name: 'search_notes',
      description: 'Search the user notes.',
      schema: schema({ query: 'string' }),
    },
    {
      name: 'create_note',
      description: 'Create a note.',
      schema: schema({ title: 'string', body: 'string' }),
    },
    { name: 'list_tags', description: 'List note tags.', schema: schema({}, []) },
  ],
];

/**
 * `r6l-bazaar` — a model router serving thousands of its own customers through a dozen keys
 * (persona `router-reseller`). Hard: enormous diversity per key, end-user ids, tool-using
 * customer agents, a few cloud backends. Its keys are what `r6-sidecar` borrows.
 */
export function bazaar(rng: Rng, scale: number): { actor: Actor; front: RouterFront } {
  const list = accounts('bazaar', scaled(12, scale, 2), (index) =>
    facts({
      org: 'org_bazaarai',
      tier: index < 4 ? 'enterprise' : 'scale',
      ageDays: 200 + rng.next() * 600,
      verified: true,
      labels: ['reseller'],
    }),
  );
  const front: RouterFront = {
    accounts: list.map((account) => account.id),
    stack: clientProfile(rng, 'openai-python'),
    backends: [cloudIp(rng), cloudIp(rng), cloudIp(rng), cloudIp(rng)],
  };
  const actor: Actor = {
    name: 'r6l-bazaar',
    persona: 'router-reseller',
    role: 'legitimate',
    accounts: list,
    async run(ctx) {
      await Promise.all(
        list.map(async (account) => {
          const r = ctx.rng.fork(account.id);
          const work = tracker();
          // A throttled key leaves the rotation until its Retry-After (traffic fails over).
          const hold = new Hold();
          while (!ctx.stopped()) {
            await ctx.sleep(r.exponential(1000 / 0.8));
            await hold.wait(ctx);
            if (ctx.stopped()) break;
            work.fire(() =>
              hold.after(ctx, () =>
                send(ctx, account.id, 'openai', routerBody(r), front.stack, r.pick(front.backends)),
              ),
            );
          }
          await work.drain();
        }),
      );
    },
  };
  return { actor, front };
}

function routerBody(r: Rng): Record<string, unknown> {
  const user = bazaarUserId(zipf(r, 20_000));
  const model = weighted(r, [
    [M.mini, 50],
    [M.chat, 35],
    [M.reasoner, 15],
  ] as const);
  const common = {
    model,
    user,
    stream: r.chance(0.4),
    ...(r.chance(0.5) ? { maxTokens: r.pick([256, 512, 1024, 2048, 4096]) } : {}),
    ...(r.chance(0.3) ? { temperature: r.pick([0, 0.3, 0.7, 1]) } : {}),
  };
  const kind = weighted(r, [
    ['chat', 45],
    ['code', 20],
    ['summary', 15],
    ['agent', 10],
    ['extract', 10],
  ] as const);
  if (kind === 'agent') {
    const tools = r.pick(CUSTOMER_AGENTS);
    const tool = r.pick(tools);
    const messages = [
      userTurn(
        r.pick([
          'where is my order 48213?',
          'anything fun to do near me tonight?',
          'find my note about the landlord',
        ]),
      ),
      ...(r.chance(0.6)
        ? toolExchange('openai', `call_${hex(r, 24)}`, tool.name, { q: 'x' }, '{"ok":true}')
        : []),
    ];
    return chatBody({ ...common, messages, tools });
  }
  const language = weighted(r, [
    ['en', 60],
    ['de', 8],
    ['es', 8],
    ['fr', 6],
    ['ja', 6],
    ['pt', 4],
    ['zh', 4],
    ['ko', 2],
    ['tr', 2],
  ] as const);
  const text =
    kind === 'chat'
      ? compose(r, CHAT_LINES[language] ?? [], {})
      : kind === 'code'
        ? compose(r, DEV_TASKS, DEV)
        : kind === 'summary'
          ? `Summarise this for me: ${Array.from({ length: r.int(4, 9) }, () => expand(r, r.pick(NEWS_SENTENCES), {})).join(' ')}`
          : `Extract name, date and amount as JSON: "Invoice from ${r.pick(['Kowalski GmbH', 'Ferreira Lda', 'Nakamura KK'])} dated ${r.int(1, 28)}.${r.int(1, 12)}.2026, total ${r.int(20, 9000)} EUR"`;
  return chatBody({
    ...common,
    messages: [userTurn(text)],
    ...(kind === 'extract' ? { responseFormat: 'json_object' as const } : {}),
  });
}
