/**
 * Legitimate people and small teams: a security research team resending jailbreak probes to
 * measure refusal rates (declared research use, maximal thinking), olympiad coaches asking for
 * full derivations of known answers (education programme), the new model's early adopters (a
 * jump to it on release, the same viral prompts from many accounts), a shell-assistant CLI whose
 * users all move to the new model as the CLI's default flips, a start-up accelerator's cohort of
 * days-old accounts ramping fast, and everyday chat in five languages.
 */
import type { Actor, SimAccountSpec } from '../actor.ts';
import { clientProfile, homeIp } from '../personas/clients.ts';
import type { Rng } from '../rng.ts';
import {
  atHome,
  type Body,
  type ClientMix,
  Keys,
  legitimate,
  orgAccounts,
  Person,
  speaker,
  startup,
  voice,
} from './actors.ts';
import {
  assistant,
  between,
  body,
  callId,
  clientFor,
  digest,
  each,
  hex,
  type IdMint,
  loop,
  M,
  maxOut,
  office,
  ownClient,
  pause,
  released,
  send,
  sized,
  toolStep,
  user,
  weighted,
} from './common.ts';
import { casual, fill, fillOne } from './text.ts';
import {
  chatFollow,
  chatOpen,
  chatReply,
  COACH_ASKS,
  type Language,
  olympiadProblem,
  probeSet,
  REDCELL_SYSTEMS,
  SHELL_SYSTEM,
  SHELL_TOOLS,
  shellTask,
  startupProduct,
  STUDENT_PROOF,
  trialPrompt,
  VIRAL_PROMPTS,
} from './vocab-legit.ts';

const PEOPLE_CLIENTS: ClientMix = [
  ['browser', 5],
  ['anthropic-python', 2],
  ['anthropic-js', 1],
  ['openai-python', 2],
  ['openai-js', 1],
  ['curl', 0.3],
];

// ---------------------------------------------------------------------------------------------

/**
 * A security research team's harness: batches of jailbreak and prompt-injection probes, each
 * resent five times (refusal rates), some at a temperature sweep, some with maximal thinking.
 */
export function redcell(rng: Rng, mint: IdMint, scale: number): Actor {
  const accounts = orgAccounts(rng, mint, 'bastionsec', sized(10, scale, 2), (index) => ({
    tier: 'standard',
    ageDays: between(rng, 30, 400),
    verified: index < 6,
    programme: 'research',
    declaredUse: 'research',
  }));
  const lab = office(rng, 193, 4);
  const clients = accounts.map(() =>
    clientProfile(
      rng,
      weighted(rng, [
        ['httpx', 2],
        ['aiohttp', 1],
        ['anthropic-python', 1],
        ['openai-python', 1],
      ] as const),
    ),
  );
  return legitimate('r7l-redcell', 'security-research', accounts, (ctx) => {
    const keys = new Keys(accounts);
    return keys.dispatch(
      ctx,
      () => between(ctx.rng, 7_000, 15_000) / scale,
      (account) => {
        const standoff = keys.of(account.id);
        const { client, dialect } = voice(
          ctx.rng,
          clients[accounts.indexOf(account)] ?? clientProfile(ctx.rng, 'httpx'),
        );
        const system = ctx.rng.pick(REDCELL_SYSTEMS);
        const sweep = ctx.rng.chance(0.3);
        const deep = dialect === 'anthropic' && ctx.rng.chance(0.3);
        const probes = probeSet(ctx.rng, ctx.rng.int(3, 6));
        const jobs = probes.flatMap((probe) =>
          Array.from({ length: 5 }, (_, repeat) => ({
            probe,
            temperature: sweep ? ([0, 0.5, 1, 1, 1][repeat] ?? 1) : 1,
          })),
        );
        return async () => {
          const lane = async (): Promise<void> => {
            for (let job = jobs.shift(); job; job = jobs.shift()) {
              await standoff.wait(ctx);
              if (ctx.stopped() || standoff.refused) return;
              // Sent and noted inline: the four lanes share ctx.rng, so their await depth fixes
              // the order of their draws.
              const response = await send(
                ctx,
                account.id,
                dialect,
                body(dialect, {
                  model:
                    dialect === 'anthropic'
                      ? released(ctx) && ctx.rng.chance(0.5)
                        ? M.newest
                        : M.current
                      : ctx.rng.chance(0.5)
                        ? M.chat
                        : M.mini,
                  system,
                  messages: [user(job.probe)],
                  maxTokens: deep ? 24_000 : 1_024,
                  temperature: job.temperature,
                  ...(deep ? { thinking: 16_000 } : {}),
                }),
                client,
                ctx.rng.pick(lab),
              );
              standoff.note(ctx, response, ctx.rng);
            }
          };
          await Promise.all([lane(), lane(), lane(), lane()]);
        };
      },
    );
  });
}

// ---------------------------------------------------------------------------------------------

/** Olympiad coaches writing a solution booklet: known answers, full derivations, deep thinking. */
export function olympiad(rng: Rng, mint: IdMint, scale: number): Actor {
  const accounts = orgAccounts(rng, mint, 'mathcircle', sized(32, scale, 2), (index) => ({
    tier: index < 2 ? 'standard' : 'default',
    ageDays: between(rng, 10, 500),
    verified: index < 12,
    programme: 'education',
  }));
  const school = office(rng, 130, 5);
  const clients = accounts.map(() =>
    clientFor(rng, rng.chance(0.6) ? 'anthropic' : 'openai', PEOPLE_CLIENTS),
  );
  const pipeline = new Set(accounts.slice(0, 2).map((account) => account.id));
  return legitimate('r7l-olympiad', 'olympiad-coaches', accounts, (ctx) =>
    each(ctx, accounts, 20_000, async (account, arng) => {
      const coach = voice(
        arng,
        clients[accounts.indexOf(account)] ?? clientProfile(arng, 'browser'),
      );
      const ip = arng.chance(0.6) ? arng.pick(school) : homeIp(arng);
      const person = new Person(ctx, account, arng, coach, ip);
      const scripted = pipeline.has(account.id);
      let history: Body[] = [];
      await person.repeat(
        () => {
          if (history.length === 0 || history.length > 4 || scripted || arng.chance(0.5)) {
            const problem = olympiadProblem(arng);
            history = [
              user(
                fillOne(arng, COACH_ASKS, {
                  problem: [problem.text],
                  answer: [problem.answer],
                  proof: STUDENT_PROOF,
                }),
              ),
            ];
          } else {
            history.push(
              assistant('Solution. We proceed in three steps. [derivation as above]'),
              user(
                fill(
                  arng,
                  '[Now|Great. Now|Thanks — now] [write the hint ladder (three hints, gentlest first)|give a harder variant with its answer|explain the key step to a weaker student|check the edge case n = 1] for this problem.',
                ),
              ),
            );
          }
          const newest = released(ctx) && arng.chance(0.3);
          return person.dialect === 'anthropic'
            ? body('anthropic', {
                model: newest ? M.newest : M.current,
                messages: history,
                maxTokens: 30_000,
                thinking: arng.pick([8_000, 12_000, 16_000, 24_000]),
                stream: person.browser,
              })
            : body('openai', {
                model: M.reasoner,
                messages: history,
                maxTokens: 25_000,
                reasoningEffort: 'high',
              });
        },
        () => (scripted ? between(arng, 1_500, 2_500) / scale : pause(arng, 20_000)),
      );
    }),
  );
}

// ---------------------------------------------------------------------------------------------

/** Early adopters: most jump to the new model within seconds of its release, viral prompts first. */
export function earlybirds(rng: Rng, mint: IdMint, scale: number): Actor {
  const accounts = mint.accounts(sized(90, scale, 4), () => ({
    tier: weighted(rng, [
      ['default', 5],
      ['standard', 2],
      ['free', 3],
    ] as const),
    ageDays: between(rng, 20, 1_500),
    verified: rng.chance(0.35),
  }));
  return legitimate('r7l-earlybirds', 'early-adopters', accounts, (ctx) =>
    atHome(ctx, accounts, 30_000, 0.55, PEOPLE_CLIENTS, async (person, arng) => {
      const { dialect } = person;
      const adopter = arng.chance(0.75);
      const hearsAt = ctx.releasedAt(M.newest) + arng.exponential(8_000);
      let viral = arng.chance(0.6);
      let trying = false;
      await person.repeat(
        () => {
          trying = adopter && ctx.now() >= hearsAt;
          let text: string;
          let maxTokens = 4_096;
          let thinking: number | undefined;
          if (!trying) text = chatOpen(arng, 'en');
          else if (viral) {
            text = arng.pick(VIRAL_PROMPTS);
            viral = arng.chance(0.3);
          } else {
            text = trialPrompt(arng);
            if (arng.chance(0.25)) maxTokens = maxOut(M.newest);
            if (dialect === 'anthropic' && arng.chance(0.35))
              thinking = arng.pick([16_000, 32_000, 48_000]);
          }
          return body(dialect, {
            model: trying ? M.newest : dialect === 'anthropic' ? M.current : M.chat,
            messages: [user(casual(arng, text, 0.3))],
            maxTokens: thinking !== undefined ? Math.max(maxTokens, thinking + 8_000) : maxTokens,
            ...(thinking !== undefined ? { thinking } : {}),
            stream: person.browser || arng.chance(0.3),
          });
        },
        () => pause(arng, trying ? 14_000 : 45_000),
      );
    }),
  );
}

// ---------------------------------------------------------------------------------------------

/**
 * Users of an open-source shell assistant: one system prompt, one tool pair, one user agent; the
 * CLI's new release makes the new model its default, and users upgrade over the following minutes.
 */
export function shellmate(rng: Rng, mint: IdMint, scale: number): Actor {
  const accounts = mint.accounts(sized(70, scale, 3), () => ({
    tier: rng.chance(0.7) ? 'default' : 'free',
    ageDays: between(rng, 30, 900),
    verified: rng.chance(0.25),
  }));
  const platform = (r: Rng): string =>
    `${r.pick(['darwin', 'linux', 'win32'])}; node v${r.pick(['20', '22', '24'])}.${r.int(0, 12)}.0`;
  return legitimate('r7l-shellmate', 'cli-users', accounts, (ctx) =>
    each(ctx, accounts, 25_000, async (account, arng) => {
      const where = platform(arng);
      const cli = (version: string) =>
        ownClient(`shellmate/${version} (${where})`, [
          ['accept', 'application/json'],
          ['x-client-name', 'shellmate'],
        ]);
      const user1 = { client: cli('1.8.4'), dialect: 'anthropic' } as const;
      const person = new Person(ctx, account, arng, user1, homeIp(arng));
      const upgradesAt = ctx.releasedAt(M.newest) + 3_000 + arng.exponential(12_000);
      const env = `<env>os: ${where.split(';')[0] ?? 'linux'}; shell: ${arng.pick(['zsh', 'bash', 'fish', 'pwsh'])}; cwd: ~/${arng.pick(['code', 'work', 'projects', 'src'])}/${hex(arng, 4)}</env>`;
      await person.repeat(
        () => {
          const upgraded = ctx.now() >= upgradesAt;
          person.client = cli(upgraded ? '1.9.0' : '1.8.4');
          const task = casual(arng, shellTask(arng), 0.5);
          const messages: Body[] = [user(task)];
          if (arng.chance(0.35))
            messages.push(
              ...toolStep(
                'anthropic',
                callId(arng, 'anthropic'),
                'propose_command',
                {
                  command: 'find . -type f -size +100M',
                  explanation: 'Lists large files.',
                  destructive: false,
                },
                arng.chance(0.5) ? 'user confirmed; exit 0; 14 lines of output' : 'user declined',
              ),
            );
          return body('anthropic', {
            model: upgraded ? M.newest : M.current,
            system: `${SHELL_SYSTEM}\n${env}`,
            messages,
            maxTokens: 2_048,
            tools: SHELL_TOOLS,
            stream: true,
          });
        },
        () => pause(arng, 25_000),
      );
    }),
  );
}

// ---------------------------------------------------------------------------------------------

/**
 * An accelerator cohort: thirty-odd start-ups, each with two to four days-old accounts in the
 * start-up programme, ramping fast towards demo day, each with its own product prompt.
 */
export function cohort(rng: Rng, mint: IdMint, scale: number): Actor {
  const startups = Array.from({ length: sized(34, scale, 2) }, () => {
    const company = startup(rng, mint, {
      keys: [2, 4],
      ageDays: [0.3, 4],
      verified: 0.2,
      product: startupProduct,
      clients: [
        ['anthropic-js', 2],
        ['anthropic-python', 2],
        ['openai-js', 2],
        ['openai-python', 2],
        ['axios', 1],
        ['httpx', 1],
      ],
    });
    return {
      ...company,
      maxTokens: rng.pick([1_024, 2_048, 4_096]),
      stream: rng.chance(0.5),
      model:
        company.dialect === 'anthropic'
          ? rng.pick([M.lite, M.current])
          : rng.pick([M.mini, M.chat]),
    };
  });
  const accounts = startups.flatMap((company) => company.accounts);
  return legitimate('r7l-cohort', 'startup-cohort', accounts, async (ctx) => {
    await Promise.all(
      startups.map(async (company) => {
        const keys = new Keys(company.accounts);
        const pick = (): SimAccountSpec | undefined => {
          const usable = keys.usable(ctx.now());
          if (usable.length === 0) return undefined;
          // The first key is production, the rest staging and a developer's.
          const prod = usable[0];
          return prod === company.accounts[0] && ctx.rng.chance(0.6) ? prod : ctx.rng.pick(usable);
        };
        await loop(
          ctx,
          () => 0.06 * (1 + (2.5 * ctx.now()) / ctx.duration),
          async () => {
            const account = pick();
            if (!account) return;
            const { product, dialect } = company;
            const messages: Body[] = [user(product.ask(ctx.rng))];
            const tool = product.tools?.[0];
            if (tool && ctx.rng.chance(0.4))
              messages.push(
                ...toolStep(
                  dialect,
                  callId(ctx.rng, dialect),
                  tool.name,
                  { query: 'lookup' },
                  JSON.stringify({ rows: ctx.rng.int(0, 40), ok: true }),
                ),
              );
            await keys.send(
              ctx,
              account,
              dialect,
              body(dialect, {
                model: company.model,
                system: product.system,
                messages,
                maxTokens: company.maxTokens,
                temperature: 0.7,
                ...(product.tools ? { tools: product.tools } : {}),
                ...(company.endUsers
                  ? { endUser: `u_${digest(`${product.name}${ctx.rng.int(1, 200)}`)}` }
                  : {}),
                stream: company.stream,
              }),
              company.client,
              ctx.rng.pick(company.ips),
            );
          },
        );
      }),
    );
  });
}

// ---------------------------------------------------------------------------------------------

/** Everyday chat: people in five languages, a few turns at a time, browsers and scripts. */
export function everyday(rng: Rng, mint: IdMint, scale: number): Actor {
  const accounts = mint.accounts(sized(160, scale, 5), () => ({
    tier: rng.chance(0.65) ? 'default' : 'free',
    ageDays: 20 + rng.exponential(400),
    verified: rng.chance(0.25),
  }));
  return legitimate('r7l-everyday', 'everyday-chat', accounts, (ctx) =>
    each(ctx, accounts, 40_000, async (account, arng) => {
      const chatter = speaker(arng, 0.5, PEOPLE_CLIENTS);
      const language = weighted<Language>(arng, [
        ['en', 14],
        ['de', 1.5],
        ['es', 1.5],
        ['fr', 1.5],
        ['pt', 1.5],
      ]);
      const person = new Person(ctx, account, arng, chatter, homeIp(arng));
      const { dialect, browser } = person;
      const sloppiness = arng.next();
      await person.conversations(
        () => {
          const turns = arng.int(2, 7);
          const model =
            dialect === 'anthropic'
              ? released(ctx) && arng.chance(0.15)
                ? M.newest
                : arng.chance(0.7)
                  ? M.current
                  : M.lite
              : arng.chance(0.6)
                ? M.chat
                : M.mini;
          const history: Body[] = [];
          return {
            turns,
            compose: (turn) => {
              const text = turn === 0 ? chatOpen(arng, language) : chatFollow(arng, language);
              history.push(user(casual(arng, text, sloppiness)));
              return body(dialect, {
                model,
                messages: history,
                maxTokens: browser ? 4_096 : arng.pick([1_024, 2_048]),
                temperature: browser ? 0.7 : undefined,
                stream: browser || arng.chance(0.2),
              });
            },
            answered: () => history.push(assistant(chatReply(arng))),
            gap: () => pause(arng, 12_000),
          };
        },
        () => pause(arng, 60_000),
      );
    }),
  );
}
