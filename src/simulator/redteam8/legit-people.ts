/**
 * Legitimate people, each a hard negative for a campaign:
 *
 * - `r8l-codepilot`: developers using an IDE agent — one client, one system prompt, one stable
 *   tool set, multi-step tool loops with thinking on the opening turn (like `r8-relay`).
 * - `r8l-launchday`: early adopters who move to the new model within seconds of its release, send
 *   the same viral prompts, and compare it with the model they had, some on both endpoints (like
 *   `r8-prism`'s fan-out).
 * - `r8l-faithful`: a reasoning-research lab (declared research, verified): elicited chains of
 *   thought sampled at several temperatures, perturbed reasoning, thinking-budget sweeps, and the
 *   same problem in six languages (like `r8-babel`).
 * - `r8l-rollout`: a logistics company's assistant roll-out — one org created this week, one NAT,
 *   one in-house client, a morning burst (what `r8-facade` imitates).
 * - `r8l-everyday`: everyday chat in twelve languages.
 */
import type { Actor } from '../actor.ts';
import { orgAccounts } from '../personas/accounts.ts';
import { cloudIp, homeIp } from '../personas/clients.ts';
import type { Rng } from '../rng.ts';
import { Keys, legitimate, Person, type Seat, seat } from './actors.ts';
import {
  assistant,
  type Body,
  between,
  body,
  callId,
  type ClientMix,
  type IdMint,
  M,
  maxOut,
  orgId,
  released,
  sized,
  subnet,
  toolStep,
  user,
  weighted,
} from './common.ts';
import { each, Flights, pause } from './pacing.ts';
import { casual, fill } from './text.ts';
import { LANGUAGES, type Language } from './vocab-languages.ts';
import {
  type ChatLanguage,
  CHAT_WEIGHTS,
  chatFollow,
  chatOpen,
  devTask,
  ELICIT,
  IDE_SYSTEM,
  IDE_TOOLS,
  ideStep,
  officeTask,
  PERTURB,
  ROLLOUT_SYSTEM,
  trialPrompt,
  VIRAL_PROMPTS,
} from './vocab-people.ts';
import { answeredProblem, problem } from './vocab-problems.ts';

const PEOPLE: ClientMix = [
  ['browser', 4],
  ['anthropic-python', 2],
  ['openai-python', 2],
  ['anthropic-js', 1],
  ['openai-js', 1],
  ['curl', 0.3],
];

// ---------------------------------------------------------------------------------------------

/** Developers using the IDE agent. */
export function codepilot(rng: Rng, mint: IdMint, scale: number): Actor {
  const accounts = mint.accounts(sized(80, scale, 4), () => ({
    tier: weighted(rng, [
      ['default', 5],
      ['standard', 3],
      ['free', 1],
    ] as const),
    ageDays: between(rng, 30, 900),
    verified: rng.chance(0.4),
    org: rng.chance(0.5) ? orgId(rng) : undefined,
  }));
  const release = `0.14.${rng.int(0, 6)}`;
  return legitimate('r8l-codepilot', 'ide-agent-users', accounts, (ctx) =>
    each(ctx, accounts, 40_000, async (account, arng) => {
      const os = arng.pick(['darwin-arm64', 'linux-x64', 'win32-x64']);
      const dialect = arng.chance(0.7) ? 'anthropic' : 'openai';
      const person = new Person(ctx, account, arng, {
        dialect,
        client: {
          userAgent: `Codepilot/${release} (vscode/1.9${arng.int(0, 9)}.${arng.int(0, 3)}; ${os})`,
          headers: [
            ['accept', 'application/json'],
            ['x-codepilot-session', `s_${arng.int(100_000, 999_999)}`],
          ],
        },
        exit: arng.chance(0.6) ? homeIp(arng) : cloudIp(arng),
      });
      const workspace = `<workspace>${arng.pick(['typescript', 'python', 'go'])} project, ${arng.int(40, 2_000)} files, git branch ${arng.pick(['main', 'feature/x', 'fix/login'])}</workspace>`;
      await person.converse(
        () => {
          const messages: Body[] = [user(devTask(arng))];
          return {
            turns: arng.int(3, 10),
            compose: (turn) => {
              if (turn > 0) {
                const next = ideStep(arng);
                messages.push(
                  ...toolStep(dialect, callId(arng, dialect), next.name, next.input, next.result),
                );
              }
              const thinking =
                dialect === 'anthropic' && turn === 0 && arng.chance(0.4) ? 8_000 : undefined;
              const model =
                dialect === 'anthropic'
                  ? released(ctx) && arng.chance(0.4)
                    ? M.newest
                    : M.main
                  : M.chat;
              return body(dialect, {
                model,
                system: `${IDE_SYSTEM}\n${workspace}`,
                messages: [...messages],
                maxTokens: (thinking ?? 0) + 8_192,
                thinking,
                tools: IDE_TOOLS,
                stream: true,
              });
            },
          };
        },
        () => between(arng, 2_000, 6_000),
        () => pause(arng, 60_000),
      );
    }),
  );
}

// ---------------------------------------------------------------------------------------------

/** Early adopters on release day. */
export function launchday(rng: Rng, mint: IdMint, scale: number): Actor {
  const accounts = mint.accounts(sized(70, scale, 4), () => ({
    tier: weighted(rng, [
      ['default', 5],
      ['standard', 2],
      ['free', 3],
    ] as const),
    ageDays: between(rng, 20, 1_500),
    verified: rng.chance(0.35),
  }));
  return legitimate('r8l-launchday', 'early-adopters', accounts, (ctx) =>
    each(ctx, accounts, 40_000, async (account, arng) => {
      const own = seat(arng, 0.55, PEOPLE, homeIp(arng));
      const other: Seat | undefined = arng.chance(0.25)
        ? seat(arng, own.dialect === 'anthropic' ? 0 : 1, PEOPLE, own.exit)
        : undefined;
      const adopter = arng.chance(0.75);
      const hearsAt = ctx.releasedAt(M.newest) + arng.exponential(8_000);
      let viral = arng.chance(0.6);
      const person = new Person(ctx, account, arng, own);
      while (person.active()) {
        const trying = adopter && ctx.now() >= hearsAt;
        // Viral prompts are pasted as they circulate; the rest is typed.
        let text: string;
        if (!trying) text = casual(arng, chatOpen(arng, 'en'), 0.3);
        else if (viral) {
          text = arng.pick(VIRAL_PROMPTS);
          viral = arng.chance(0.3);
        } else text = casual(arng, trialPrompt(arng), 0.3);
        const thinking =
          trying && own.dialect === 'anthropic' && arng.chance(0.3) ? 32_000 : undefined;
        const old = own.dialect === 'anthropic' ? M.main : M.chat;
        const compose = (model: string): Body =>
          body(own.dialect, {
            model,
            messages: [user(text)],
            maxTokens: model === M.newest && thinking !== undefined ? maxOut(M.newest) : 4_096,
            thinking: model === M.newest ? thinking : undefined,
            stream: person.browser,
          });
        if ((await person.say(() => compose(trying ? M.newest : old))) === undefined) return;
        // The side-by-side: the same prompt to the old model, and to the other endpoint's copy.
        if (trying && arng.chance(0.4)) {
          await person.rest(between(arng, 1_000, 4_000));
          if ((await person.say(() => compose(old))) === undefined) return;
          if (other) {
            await person.rest(between(arng, 1_000, 4_000));
            const seen = await person.say(
              () =>
                body(other.dialect, { model: M.newest, messages: [user(text)], maxTokens: 4_096 }),
              other,
            );
            if (seen === undefined) return;
          }
        }
        await person.rest(pause(arng, trying ? 15_000 : 45_000));
      }
    }),
  );
}

// ---------------------------------------------------------------------------------------------

const LAB_LANGUAGES: readonly Language[] = ['zh', 'ja', 'ru', 'es', 'de', 'hi'];

/** The reasoning-research lab's experiments. */
export function faithful(rng: Rng, mint: IdMint, scale: number): Actor {
  const accounts = orgAccounts(rng, mint, 'cotlab', sized(18, scale, 2), (index) => ({
    tier: index < 4 ? 'scale' : 'standard',
    ageDays: between(rng, 60, 700),
    verified: true,
    declaredUse: 'research',
    programme: 'research',
  }));
  const campus = subnet(rng, 128, 3);
  const clients = new Map(
    accounts.map((account) => [
      account.id,
      {
        anthropic: seat(rng, 1, [['anthropic-python', 1]], rng.pick(campus)),
        openai: seat(rng, 0, [['openai-python', 1]], rng.pick(campus)),
      },
    ]),
  );
  return legitimate('r8l-faithful', 'reasoning-research-lab', accounts, async (ctx) => {
    const keys = new Keys(accounts);
    const flights = new Flights();
    /** One experiment: four to six requests on one key, a second or less apart. */
    const experiment = async (): Promise<void> => {
      const key = keys.next(ctx.now());
      const own = key ? clients.get(key.id) : undefined;
      if (!key || !own) return;
      const kind = ctx.rng.int(0, 3);
      const drawn = kind === 1 ? answeredProblem(ctx.rng) : problem(ctx.rng);
      const runs: { text: string; thinking?: number; temperature?: number; openai?: boolean }[] =
        kind === 0
          ? [0, 0.3, 0.7, 1, 1].map((temperature) => ({
              text: fill(ctx.rng, ctx.rng.pick(ELICIT), { problem: [drawn.text] }),
              temperature,
            }))
          : kind === 1
            ? [1, 2, 3, 4].map(() => ({
                text: fill(ctx.rng, PERTURB, {
                  problem: [drawn.text],
                  wrong: [String(ctx.rng.int(2, 999))],
                }),
                temperature: 0.7,
              }))
            : kind === 2
              ? [1_024, 4_000, 16_000, 28_000].map((thinking) => ({
                  text: fill(ctx.rng, ELICIT[2] ?? '{problem}', { problem: [drawn.text] }),
                  thinking,
                }))
              : LAB_LANGUAGES.map((language) => ({
                  text: fill(ctx.rng, LANGUAGES[language].reason[0] ?? '{problem}', {
                    problem: [drawn.text],
                  }),
                  temperature: 0,
                  openai: ctx.rng.chance(0.5),
                }));
      for (const run of runs) {
        if (ctx.stopped()) return;
        const target = run.openai ? own.openai : own.anthropic;
        const seen = await keys.send(
          ctx,
          key,
          target.dialect,
          body(target.dialect, {
            model: target.dialect === 'anthropic' ? M.main : M.chat,
            messages: [user(run.text)],
            maxTokens: (run.thinking ?? 0) + 2_048,
            thinking: run.thinking,
            temperature: run.temperature,
          }),
          target.client,
          target.exit,
        );
        if (seen !== 'ok') return;
        await ctx.sleep(between(ctx.rng, 300, 1_000));
      }
    };
    while (!ctx.stopped() && keys.alive) {
      await ctx.sleep(between(ctx.rng, 1_200, 2_800) / scale);
      if (!ctx.stopped()) flights.launch(experiment);
    }
    await flights.land();
  });
}

// ---------------------------------------------------------------------------------------------

/** A logistics company's assistant roll-out. */
export function rollout(rng: Rng, mint: IdMint, scale: number): Actor {
  const accounts = orgAccounts(rng, mint, 'brightwater', sized(110, scale, 4), (index) => ({
    tier: index < 15 ? 'standard' : 'default',
    ageDays: between(rng, 0.3, 3),
    verified: true,
  }));
  const nat = subnet(rng, 81, 2);
  return legitimate('r8l-rollout', 'enterprise-rollout', accounts, (ctx) =>
    each(ctx, accounts, 20_000, async (account, arng) => {
      const os = arng.pick(['Windows 11', 'macOS 14']);
      const person = new Person(ctx, account, arng, {
        dialect: 'openai',
        client: {
          userAgent: `BrightAssist/3.2.${arng.int(0, 4)} (${os}) node/20`,
          headers: [
            ['accept', 'application/json'],
            ['x-brightassist-tenant', 'bw'],
          ],
        },
        exit: arng.pick(nat),
      });
      const sloppiness = arng.next() * 0.6;
      await person.converse(
        () => {
          const history: Body[] = [];
          return {
            turns: arng.int(1, 4),
            compose: (turn) => {
              history.push(
                user(
                  casual(
                    arng,
                    turn === 0
                      ? officeTask(arng)
                      : arng.pick([
                          'shorter',
                          'make it more formal',
                          'thanks, now in a table',
                          'can you add a subject line',
                        ]),
                    sloppiness,
                  ),
                ),
              );
              return body('openai', {
                model: arng.chance(0.8) ? M.chat : M.mini,
                system: ROLLOUT_SYSTEM,
                messages: [...history],
                maxTokens: 2_048,
                temperature: 0.4,
                stream: true,
              });
            },
            answered: () => history.push(assistant('[reply]')),
          };
        },
        () => pause(arng, 20_000),
        () => pause(arng, 45_000),
      );
    }),
  );
}

// ---------------------------------------------------------------------------------------------

/** Everyday chat in twelve languages. */
export function everyday(rng: Rng, mint: IdMint, scale: number): Actor {
  const accounts = mint.accounts(sized(160, scale, 5), () => ({
    tier: rng.chance(0.65) ? 'default' : 'free',
    ageDays: 20 + rng.exponential(400),
    verified: rng.chance(0.25),
  }));
  return legitimate('r8l-everyday', 'everyday-chat', accounts, (ctx) =>
    each(ctx, accounts, 40_000, async (account, arng) => {
      const language = weighted<ChatLanguage>(arng, CHAT_WEIGHTS);
      const person = new Person(ctx, account, arng, seat(arng, 0.5, PEOPLE, homeIp(arng)));
      const sloppiness = arng.next();
      await person.converse(
        () => {
          const history: Body[] = [];
          const model =
            person.dialect === 'anthropic'
              ? released(ctx) && arng.chance(0.15)
                ? M.newest
                : arng.chance(0.7)
                  ? M.main
                  : M.lite
              : arng.chance(0.6)
                ? M.chat
                : M.mini;
          return {
            turns: arng.int(2, 6),
            compose: (turn) => {
              const text = turn === 0 ? chatOpen(arng, language) : chatFollow(arng, language);
              history.push(user(casual(arng, text, sloppiness)));
              return body(person.dialect, {
                model,
                messages: [...history],
                maxTokens: person.browser ? 4_096 : arng.pick([1_024, 2_048]),
                temperature: person.browser ? 0.7 : undefined,
                stream: person.browser || arng.chance(0.2),
              });
            },
            answered: () => history.push(assistant('[reply]')),
          };
        },
        () => pause(arng, 15_000),
        () => pause(arng, 60_000),
      );
    }),
  );
}
