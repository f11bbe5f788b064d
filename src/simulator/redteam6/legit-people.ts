/**
 * The sixth red team's legitimate people — hard negatives by who they are and how they arrive:
 * a semester's new student accounts behind campus NAT, a company's staff behind one address with
 * a shared internal tool and a stand-up rush, developers who jump on a new model the day it
 * ships (and a start-up that moves its whole product), a research group probing the model with
 * harvest-like parameters, ordinary chat users, and a hackathon of brand-new accounts sharing a
 * starter kit.
 */
import type { Actor } from '../actor.ts';
import { scaled } from '../personas/accounts.ts';
import { clientProfile, homeIp, type ClientKind, type ClientProfile } from '../personas/clients.ts';
import type { Rng } from '../rng.ts';
import { compose } from '../vocab/expand.ts';
import {
  accounts,
  assistantTurn,
  between,
  chatBody,
  facts,
  hex,
  Hold,
  human,
  isOpenAi,
  kindFor,
  M,
  maxOut,
  messagesBody,
  mobileIp,
  orgSlug,
  schema,
  send,
  stack,
  subnet,
  toolExchange,
  tracker,
  userTurn,
  weighted,
  zipf,
  type Tool,
} from './common.ts';
import {
  ACME,
  ACME_ASKS,
  ACME_SYSTEM,
  ADOPTER_ASKS,
  ASSIGNMENT_QUESTIONS,
  HACK_ASKS,
  HACK_IDEAS,
  HACKKIT_SYSTEM,
  PROBE,
  PROBE_ASKS,
  STANDUP_ASK,
  STUDENT,
  STUDENT_ASKS,
} from './vocab-legit.ts';
import { CHAT_FOLLOW, CHAT_LINES, LEARNER_ASKS, PROBLEMS } from './vocab-multilingual.ts';

/** A body in the model's own dialect. */
function plain(
  model: string,
  messages: readonly Record<string, unknown>[],
  maxTokens: number,
  extra: { system?: string; temperature?: number; stream?: boolean } = {},
): ['anthropic' | 'openai', Record<string, unknown>] {
  if (isOpenAi(model))
    return [
      'openai',
      chatBody({
        model,
        messages,
        maxTokens,
        system: extra.system,
        temperature: extra.temperature,
        stream: extra.stream,
      }),
    ];
  return [
    'anthropic',
    messagesBody({
      model,
      messages,
      maxTokens,
      system: extra.system,
      temperature: extra.temperature,
      stream: extra.stream,
    }),
  ];
}

const STUDENT_LANGUAGES: readonly (readonly [string, number])[] = [
  ['en', 60],
  ['zh', 10],
  ['es', 6],
  ['vi', 5],
  ['hi', 5],
  ['ko', 4],
  ['tr', 4],
  ['ar', 3],
  ['de', 3],
];

/**
 * `r6l-campus` — a university's students in the first weeks of term (persona `students`). Hard:
 * days-old accounts in the education programme, many behind a few campus addresses, asking for
 * step-by-step solutions (often in their own language, sometimes with the answer key's value), and
 * a course assignment that makes some of them run a twenty-question script at machine pace.
 */
export function campus(rng: Rng, scale: number): Actor {
  const nets = [subnet(rng, 130), subnet(rng, 141), subnet(rng, 193)];
  const kinds: readonly (readonly [ClientKind, number])[] = [
    ['browser', 50],
    ['openai-python', 20],
    ['anthropic-python', 10],
    ['httpx', 10],
    ['curl', 10],
  ];
  const students = accounts('campus', scaled(130, scale, 4), () =>
    facts({
      tier: rng.chance(0.8) ? 'free' : 'default',
      ageDays: 0.5 + rng.next() * 20,
      verified: rng.chance(0.1),
      programme: rng.chance(0.85) ? 'education' : undefined,
    }),
  ).map((account) => {
    const model = weighted(rng, [
      [M.mini, 40],
      [M.current, 35],
      [M.legacy, 15],
      [M.chat, 10],
    ] as const);
    return {
      account,
      client: clientProfile(rng, kindFor(rng, model, kinds)),
      language: weighted(rng, STUDENT_LANGUAGES),
      net: rng.pick(nets),
      home: homeIp(rng),
      model,
      scriptAt: rng.chance(0.12) ? 5_000 + rng.next() * 45_000 : undefined,
    };
  });
  return {
    name: 'r6l-campus',
    persona: 'students',
    role: 'legitimate',
    accounts: students.map((student) => student.account),
    async run(ctx) {
      await Promise.all(
        students.map(async (student) => {
          const s = ctx.rng.fork(student.account.id);
          let scriptDone = student.scriptAt === undefined;
          await ctx.sleep(s.next() * 20_000);
          while (!ctx.stopped()) {
            const ip = s.chance(0.6) ? s.pick(student.net) : student.home;
            if (!scriptDone && ctx.now() >= (student.scriptAt ?? 0)) {
              scriptDone = true;
              const script = clientProfile(s, 'httpx');
              for (const question of ASSIGNMENT_QUESTIONS) {
                if (ctx.stopped()) break;
                const [dialect, body] = plain(student.model, [userTurn(question)], 256, {
                  temperature: 0,
                });
                await send(ctx, student.account.id, dialect, body, script, ip);
                await ctx.sleep(between(s, 300, 600));
              }
              continue;
            }
            const turns: Record<string, unknown>[] = [];
            for (let turn = 0, length = s.int(1, 3); turn < length && !ctx.stopped(); turn++) {
              const ask = s.chance(0.6)
                ? compose(s, LEARNER_ASKS[student.language] ?? LEARNER_ASKS['en'] ?? [], PROBLEMS)
                : compose(s, STUDENT_ASKS, STUDENT);
              turns.push(userTurn(ask));
              const [dialect, body] = plain(
                student.model,
                [...turns],
                s.pick([1_024, 2_048, 4_096]),
                {
                  stream: s.chance(0.5),
                },
              );
              const response = await send(
                ctx,
                student.account.id,
                dialect,
                body,
                student.client,
                ip,
              );
              if (response.status !== 200) break;
              turns.push(assistantTurn('Here is how to approach it.'));
              await ctx.sleep(human(s, 12_000));
            }
            await ctx.sleep(human(s, 22_000));
          }
        }),
      );
    },
  };
}

/**
 * `r6l-acme` — a logistics company's staff behind one NAT address (persona `company-nat`). Hard:
 * seventy keys on one address, most requests through one internal tool with one system prompt,
 * and a morning stand-up when half of them send nearly the same request within seconds.
 */
export function acme(rng: Rng, scale: number): Actor {
  const nat = homeIp(rng);
  const backup = homeIp(rng);
  const assist = stack('acme-assist/1.4.2 python-httpx/0.27.0', [
    ['accept', 'application/json'],
    ['x-acme-client', 'assist'],
  ]);
  const staff = accounts('acme', scaled(70, scale, 3), () =>
    facts({
      org: 'org_acmelogistics',
      tier: 'standard',
      ageDays: 30 + rng.next() * 670,
      verified: rng.chance(0.5),
    }),
  ).map((account) => ({
    account,
    personal: clientProfile(rng, 'browser'),
    standup: rng.chance(0.6),
  }));
  const standupAt = 20_000;
  return {
    name: 'r6l-acme',
    persona: 'company-nat',
    role: 'legitimate',
    accounts: staff.map((person) => person.account),
    async run(ctx) {
      await Promise.all(
        staff.map(async (person) => {
          const a = ctx.rng.fork(person.account.id);
          let stoodUp = !person.standup;
          await ctx.sleep(a.next() * 25_000);
          while (!ctx.stopped()) {
            const ip = a.chance(0.9) ? nat : backup;
            if (!stoodUp && ctx.now() >= standupAt - 4_000) {
              stoodUp = true;
              if (ctx.now() < standupAt) await ctx.sleep(standupAt - ctx.now() + a.next() * 4_000);
              await send(
                ctx,
                person.account.id,
                'openai',
                chatBody({
                  model: M.chat,
                  system: ACME_SYSTEM,
                  messages: [userTurn(STANDUP_ASK)],
                  maxTokens: 800,
                }),
                assist,
                ip,
              );
            } else if (a.chance(0.6)) {
              await send(
                ctx,
                person.account.id,
                'openai',
                chatBody({
                  model: M.chat,
                  system: ACME_SYSTEM,
                  messages: [userTurn(compose(a, ACME_ASKS, ACME))],
                  maxTokens: 800,
                }),
                assist,
                ip,
              );
            } else {
              const [dialect, body] = plain(
                a.chance(0.5) ? M.current : M.mini,
                [userTurn(compose(a, CHAT_LINES['en'] ?? [], {}))],
                2_048,
                { stream: true },
              );
              await send(ctx, person.account.id, dialect, body, person.personal, ip);
            }
            const wait = human(a, 28_000);
            // Nobody misses the stand-up: wake for it.
            const untilStandup = !stoodUp ? Math.max(0, standupAt - 4_000 - ctx.now()) : Infinity;
            await ctx.sleep(Math.min(wait, untilStandup));
          }
        }),
      );
    },
  };
}

/**
 * `r6l-launchday` — developers who try the new model the day it ships, and a start-up that moves
 * its whole product to it within minutes (persona `early-adopters`). Hard: a jump of the newest
 * model's share right after release, on paid, established accounts.
 */
export function launchday(rng: Rng, scale: number): Actor {
  const devs = accounts('launchday', scaled(45, scale, 2), () =>
    facts({
      tier: rng.chance(0.6) ? 'standard' : 'default',
      ageDays: 60 + rng.exponential(400),
      verified: rng.chance(0.5),
    }),
  ).map((account) => ({
    account,
    client: clientProfile(rng, rng.pick(['anthropic-js', 'anthropic-python', 'curl'] as const)),
    ip: homeIp(rng),
    adopts: rng.chance(0.85),
  }));
  const fable = accounts('fable', 1, () =>
    facts({ org: 'org_fableapp', tier: 'scale', ageDays: 320, verified: true }),
  );
  const product = fable[0] as (typeof fable)[number];
  const productClient = clientProfile(rng, 'anthropic-js');
  const productIp = homeIp(rng);
  return {
    name: 'r6l-launchday',
    persona: 'early-adopters',
    role: 'legitimate',
    accounts: [...devs.map((dev) => dev.account), product],
    async run(ctx) {
      const release = ctx.releasedAt(M.newest);
      const stories = async (): Promise<void> => {
        const f = ctx.rng.fork('fable');
        const work = tracker();
        const hold = new Hold();
        const switchAt = release + 3_000;
        while (!ctx.stopped()) {
          await ctx.sleep(f.exponential(1000 / 1.5));
          await hold.wait(ctx);
          if (ctx.stopped()) break;
          work.fire(() =>
            hold.after(ctx, () =>
              send(
                ctx,
                product.id,
                'anthropic',
                messagesBody({
                  model: ctx.now() >= switchAt ? M.newest : M.current,
                  system:
                    'You are Fable, a co-writer for interactive fiction. Continue the story in the user’s style, 150-300 words, end on a choice.',
                  messages: [
                    userTurn(
                      `Story so far: ${f.pick(['The lighthouse keeper found a second door', 'Our ship lost power near the moon', 'The bakery opened at midnight'])}… I choose option ${f.int(1, 3)}.`,
                    ),
                  ],
                  maxTokens: 1_024,
                  temperature: 1,
                  userId: `fable_${zipf(f, 30_000)}`,
                  stream: true,
                }),
                productClient,
                productIp,
              ),
            ),
          );
        }
        await work.drain();
      };
      await Promise.all([
        stories(),
        ...devs.map(async (dev) => {
          const d = ctx.rng.fork(dev.account.id);
          const switchAt = release + d.next() * 8_000;
          await ctx.sleep(d.next() * 6_000);
          while (!ctx.stopped()) {
            const onNew = dev.adopts && ctx.now() >= switchAt && d.chance(0.8);
            const response = await send(
              ctx,
              dev.account.id,
              'anthropic',
              messagesBody({
                model: onNew ? M.newest : M.current,
                messages: [userTurn(compose(d, ADOPTER_ASKS, {}))],
                maxTokens: d.pick([1_024, 4_096, 8_192]),
                ...(onNew && d.chance(0.3) ? { thinking: 8_000, maxTokens: 16_000 } : {}),
              }),
              dev.client,
              dev.ip,
            );
            if (response.status === 429) await ctx.sleep(response.retryAfterMs ?? 10_000);
            await ctx.sleep(human(d, onNew ? 4_500 : 6_500));
          }
        }),
      ]);
    },
  };
}

/**
 * `r6l-labgroup` — a university group studying model behaviour (persona `academic-research`).
 * Hard: identical prompts resent many times, temperature sweeps, n > 1, max_tokens at the
 * maximum and step-by-step prompts with large thinking budgets, in scripted bursts; young PhD
 * accounts in the research programme.
 */
export function labgroup(rng: Rng, scale: number): Actor {
  const nets = [subnet(rng, 134), subnet(rng, 134)];
  const members = accounts('labgroup', scaled(20, scale, 2), () =>
    facts({
      org: 'org_tarnuniversity',
      tier: rng.chance(0.5) ? 'default' : 'standard',
      ageDays: 5 + rng.exponential(150),
      verified: rng.chance(0.5),
      programme: 'research',
    }),
  ).map((account) => ({
    account,
    client: clientProfile(rng, rng.pick(['openai-python', 'anthropic-python', 'httpx'] as const)),
    ip: rng.pick(rng.pick(nets)),
  }));
  return {
    name: 'r6l-labgroup',
    persona: 'academic-research',
    role: 'legitimate',
    accounts: members.map((member) => member.account),
    async run(ctx) {
      await Promise.all(
        members.map(async (member) => {
          const l = ctx.rng.fork(member.account.id);
          await ctx.sleep(l.next() * 20_000);
          while (!ctx.stopped()) {
            const experiment = l.pick(['variance', 'sweep', 'cot', 'length'] as const);
            const prompt = compose(l, PROBE_ASKS, PROBE);
            const agent = member.client.userAgent;
            const openai =
              agent.startsWith('OpenAI') || (agent.startsWith('python-httpx') && l.chance(0.5));
            const runs = l.int(8, 24);
            for (let run = 0; run < runs && !ctx.stopped(); run++) {
              const temperature = experiment === 'sweep' ? Math.round((run % 7) * 25) / 100 : 1;
              const response = await send(
                ctx,
                member.account.id,
                openai ? 'openai' : 'anthropic',
                openai
                  ? chatBody({
                      model: experiment === 'cot' ? M.reasoner : M.chat,
                      messages: [userTurn(prompt)],
                      temperature: Math.min(temperature * 1.5, 2),
                      ...(experiment === 'variance' ? { n: l.pick([5, 8]) } : {}),
                      ...(experiment === 'cot'
                        ? { maxCompletionTokens: 32_000, reasoningEffort: 'high' as const }
                        : { maxTokens: experiment === 'length' ? maxOut(M.chat) : 512 }),
                    })
                  : messagesBody({
                      model: M.current,
                      messages: [userTurn(prompt)],
                      maxTokens:
                        experiment === 'cot' || experiment === 'length' ? maxOut(M.current) : 512,
                      thinking: experiment === 'cot' ? 30_000 : undefined,
                      temperature: Math.min(temperature, 1),
                    }),
                member.client,
                member.ip,
              );
              if (response.status !== 200) {
                await ctx.sleep(response.retryAfterMs ?? 15_000);
                break;
              }
              await ctx.sleep(between(l, 200, 800));
            }
            await ctx.sleep(human(l, 40_000));
          }
        }),
      );
    },
  };
}

const CHAT_LANGUAGES: readonly (readonly [string, number])[] = [
  ['en', 55],
  ['de', 9],
  ['es', 9],
  ['fr', 7],
  ['ja', 6],
  ['pt', 5],
  ['zh', 4],
  ['ko', 3],
  ['tr', 2],
];

/** `r6l-everyday` — ordinary chat users (persona `chat`): the diffuse background. */
export function everyday(rng: Rng, scale: number): Actor {
  const users = accounts('everyday', scaled(90, scale, 3), () =>
    facts({
      tier: rng.chance(0.6) ? 'default' : 'free',
      ageDays: 10 + rng.exponential(350),
      verified: rng.chance(0.3),
    }),
  ).map((account) => {
    const model = weighted(rng, [
      [M.current, 40],
      [M.mini, 25],
      [M.chat, 20],
      [M.legacy, 15],
    ] as const);
    const kinds: readonly (readonly [ClientKind, number])[] = [
      ['browser', 55],
      ['openai-js', 10],
      ['anthropic-js', 10],
      ['axios', 10],
      ['curl', 5],
      ['openai-python', 10],
    ];
    return {
      account,
      client: clientProfile(rng, kindFor(rng, model, kinds)),
      ip: rng.chance(0.3) ? mobileIp(rng) : homeIp(rng),
      language: weighted(rng, CHAT_LANGUAGES),
      model,
    };
  });
  return {
    name: 'r6l-everyday',
    persona: 'chat',
    role: 'legitimate',
    accounts: users.map((user) => user.account),
    async run(ctx) {
      await Promise.all(
        users.map(async (user) => {
          const u = ctx.rng.fork(user.account.id);
          await ctx.sleep(u.next() * 25_000);
          while (!ctx.stopped()) {
            const turns: Record<string, unknown>[] = [];
            for (let turn = 0, length = u.int(1, 4); turn < length && !ctx.stopped(); turn++) {
              turns.push(
                userTurn(
                  compose(u, (turn === 0 ? CHAT_LINES : CHAT_FOLLOW)[user.language] ?? [], {}),
                ),
              );
              const [dialect, body] = plain(user.model, [...turns], u.pick([1_024, 2_048]), {
                stream: user.client.userAgent.startsWith('Mozilla'),
                ...(u.chance(0.3) ? { temperature: u.pick([0.3, 0.7, 1]) } : {}),
              });
              const response = await send(
                ctx,
                user.account.id,
                dialect,
                body,
                user.client,
                user.ip,
              );
              if (response.status !== 200) break;
              turns.push(assistantTurn('Sure!'));
              await ctx.sleep(human(u, 9_000));
            }
            await ctx.sleep(human(u, 25_000));
          }
        }),
      );
    },
  };
}

const HACK_TOOLS: readonly Tool[] = [
  {
    name: 'search_docs',
    description: 'Search framework documentation.',
    schema: schema({ query: 'string', framework: 'string' }),
  },
  {
    name: 'run_snippet',
    description: 'Run a code snippet in the sandbox and return its output.',
    schema: schema({ language: ['python', 'javascript'], code: 'string' }, ['language', 'code']),
  },
];

/**
 * `r6l-hackathon` — a weekend hackathon (persona `hackathon`). Hard: accounts created hours ago
 * with startup credits, mostly on the free tier, all behind the venue's two addresses, starting
 * together at kick-off, most traffic from one starter kit with the same system prompt and tools.
 */
export function hackathon(rng: Rng, scale: number): Actor {
  const venue = [homeIp(rng), homeIp(rng)];
  const kit: ClientProfile = stack('hackkit/0.9.3 OpenAI/Python 1.82.0', [
    ['accept', 'application/json'],
    ['x-stainless-lang', 'python'],
    ['x-stainless-package-version', '1.82.0'],
    ['x-stainless-runtime', 'CPython'],
  ]);
  const teams = Array.from({ length: Math.max(2, Math.round(scaled(55, scale, 4) / 4)) }, () => ({
    idea: rng.pick(HACK_IDEAS),
    org: rng.chance(0.3) ? orgSlug(rng) : undefined,
  }));
  const hackers = accounts('hackathon', scaled(55, scale, 4), (index) =>
    facts({
      org: teams[index % teams.length]?.org,
      tier: rng.chance(0.7) ? 'free' : 'default',
      ageDays: 0.1 + rng.next() * 1.4,
      verified: rng.chance(0.05),
      programme: rng.chance(0.8) ? 'startup' : undefined,
    }),
  ).map((account, index) => ({
    account,
    team: teams[index % teams.length] as (typeof teams)[number],
    direct: clientProfile(rng, rng.pick(['browser', 'curl', 'axios'] as const)),
  }));
  const kickoff = 3_000;
  return {
    name: 'r6l-hackathon',
    persona: 'hackathon',
    role: 'legitimate',
    accounts: hackers.map((hacker) => hacker.account),
    async run(ctx) {
      await Promise.all(
        hackers.map(async (hacker) => {
          const h = ctx.rng.fork(hacker.account.id);
          await ctx.sleep(kickoff + h.next() * 4_000);
          while (!ctx.stopped()) {
            const ip = h.pick(venue);
            const ask = compose(h, HACK_ASKS, { idea: [hacker.team.idea] });
            if (h.chance(0.7)) {
              const messages: Record<string, unknown>[] = [userTurn(ask)];
              for (let step = 0, steps = h.int(1, 3); step < steps && !ctx.stopped(); step++) {
                const response = await send(
                  ctx,
                  hacker.account.id,
                  'openai',
                  chatBody({
                    model: M.chat,
                    system: HACKKIT_SYSTEM,
                    messages: [...messages],
                    tools: HACK_TOOLS,
                    maxTokens: 4_096,
                  }),
                  kit,
                  ip,
                );
                if (response.status !== 200) break;
                messages.push(
                  ...toolExchange(
                    'openai',
                    `call_${hex(h, 24)}`,
                    h.chance(0.5) ? 'run_snippet' : 'search_docs',
                    { query: hacker.team.idea },
                    h.pick(['OK', 'Traceback: KeyError', '3 results']),
                  ),
                );
                await ctx.sleep(between(h, 800, 2_500));
              }
            } else {
              const [dialect, body] = plain(
                h.chance(0.5) ? M.current : M.chat,
                [userTurn(ask)],
                h.pick([2_048, maxOut(M.chat)]),
                {
                  stream: true,
                },
              );
              await send(ctx, hacker.account.id, dialect, body, hacker.direct, ip);
            }
            await ctx.sleep(human(h, 9_000));
          }
        }),
      );
    },
  };
}
