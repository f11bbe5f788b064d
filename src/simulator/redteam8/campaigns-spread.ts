/**
 * Campaigns that hide by how they spread: over languages, over models, over time.
 *
 * - `r8-babel`: about 120 accounts, each a "student" in one of fifteen languages (Chinese,
 *   Russian, Japanese, Spanish, Korean, Arabic, Hindi, Indonesian, Vietnamese, Turkish, …) with a
 *   browser in that locale or an SDK, demanding full derivations in their language — problems
 *   pasted in English or written natively, the answer key's answer supplied, "think in English,
 *   answer in mine", reasoning inside tags named in the language — plus code and explanations;
 *   one to three turns a conversation, thinking or high effort on almost half.
 * - `r8-prism`: about 100 accounts in fourteen small "teams", each account holding both SDKs; every
 *   item is fanned out to three to five models across both endpoints, each copy from a different
 *   account in that account's own words; the new model joins every fan-out on both endpoints the
 *   moment it is out; a third of the items then go back as a judging request — several
 *   candidate answers to score and rank with reasons (the model as a reward model). A 429 benches
 *   the account and slows the fan-out.
 * - `r8-fossil`: about 130 aged accounts (one to five years, most verified, many with their own
 *   org) that each send once every minute or two — a third of it ordinary questions, the rest long
 *   software and reasoning work at maximal thinking budgets and near-maximal output.
 */
import { asCover } from '../cover.ts';
import type { Actor, SimAccountSpec } from '../actor.ts';
import { clientProfile, cloudIp, homeIp } from '../personas/clients.ts';
import type { Rng } from '../rng.ts';
import { distiller, Person, type Seat, seat } from './actors.ts';
import {
  assistant,
  type Body,
  between,
  body,
  browserIn,
  type ClientMix,
  type Dialect,
  type IdMint,
  M,
  maxOut,
  orgId,
  released,
  Roster,
  send,
  sized,
  user,
  weighted,
} from './common.ts';
import { candidate, coverQuestion, harvestItem } from './harvest.ts';
import { each, loop, pause, shuffle } from './pacing.ts';
import { casual, drawVoice, fill, rephrase, type Voice } from './text.ts';
import { componentTask, LANGUAGES as CODE_LANGUAGES } from './vocab-code.ts';
import {
  type Language,
  LANGUAGE_WEIGHTS,
  LANGUAGES,
  nativeProblem,
  TOPICS,
} from './vocab-languages.ts';
import { problem } from './vocab-problems.ts';

// ---------------------------------------------------------------------------------------------

const STUDENT_SDKS: ClientMix = [
  ['openai-python', 3],
  ['anthropic-python', 2],
  ['openai-js', 1],
  ['httpx', 1],
];

/** One opening ask in `language`. */
export function babelAsk(rng: Rng, language: Language): string {
  const pack = LANGUAGES[language];
  const roll = rng.next();
  if (roll < 0.65) {
    const native = rng.chance(0.35) ? nativeProblem(rng, language) : undefined;
    if (native !== undefined) return fill(rng, rng.pick(pack.reason), { problem: [native] });
    const drawn = problem(rng);
    if (drawn.answer !== undefined && rng.chance(0.35))
      return fill(rng, rng.pick(pack.withAnswer), {
        problem: [drawn.text],
        answer: [drawn.answer],
      });
    return fill(rng, rng.pick(pack.reason), { problem: [drawn.text] });
  }
  if (roll < 0.85)
    return fill(rng, pack.code, { language: CODE_LANGUAGES, task: [componentTask(rng)] });
  return fill(rng, pack.explain, { topic: TOPICS });
}

/** The multilingual campaign. */
export function babel(rng: Rng, mint: IdMint, scale: number): Actor {
  const accounts = mint.accounts(sized(120, scale, 5), () => ({
    tier: rng.chance(0.55) ? 'free' : 'default',
    ageDays: between(rng, 0.5, 45),
    verified: rng.chance(0.04),
    programme: rng.chance(0.3) ? 'education' : undefined,
  }));
  const people = new Map(
    accounts.map((account) => {
      const language = weighted(rng, LANGUAGE_WEIGHTS);
      const dialect: Dialect = rng.chance(0.5) ? 'anthropic' : 'openai';
      const own: Seat = rng.chance(0.45)
        ? {
            dialect,
            client: browserIn(rng, language, 'https://chat.studyhall.app'),
            exit: homeIp(rng),
          }
        : seat(rng, 0.45, STUDENT_SDKS, homeIp(rng));
      return [account.id, { language, seat: own }] as const;
    }),
  );
  return distiller('r8-babel', 'multilingual-coercion', accounts, (ctx) =>
    each(ctx, accounts, 30_000, async (account, arng) => {
      const who = people.get(account.id);
      if (!who) return;
      const person = new Person(ctx, account, arng, who.seat);
      const pack = LANGUAGES[who.language];
      await person.converse(
        () => {
          const history: Body[] = [user(babelAsk(arng, who.language))];
          return {
            turns: arng.int(1, 3),
            compose: (turn) => {
              if (turn > 0) history.push(user(arng.pick(pack.follow)));
              const thinking =
                person.dialect === 'anthropic' && arng.chance(0.45)
                  ? arng.pick([6_000, 10_000, 16_000])
                  : undefined;
              const effort = person.dialect === 'openai' && arng.chance(0.45);
              const model =
                person.dialect === 'anthropic'
                  ? released(ctx) && arng.chance(0.25)
                    ? M.newest
                    : M.main
                  : effort
                    ? M.reasoner
                    : M.chat;
              return body(person.dialect, {
                model,
                messages: [...history],
                maxTokens: (thinking ?? 0) + (effort ? 16_000 : arng.pick([4_096, 8_192])),
                thinking,
                reasoningEffort: effort ? 'high' : undefined,
                temperature: thinking === undefined && !effort ? 0.7 : undefined,
                stream: person.browser || arng.chance(0.3),
              });
            },
            answered: () => history.push(assistant('[answer]')),
          };
        },
        () => pause(arng, 15_000),
        () => pause(arng, 25_000),
      );
    }),
  );
}

// ---------------------------------------------------------------------------------------------

interface Target {
  readonly model: string;
  readonly dialect: Dialect;
}

const OLD_TARGETS: readonly Target[] = [
  { model: M.main, dialect: 'anthropic' },
  { model: M.lite, dialect: 'anthropic' },
  { model: M.chat, dialect: 'openai' },
  { model: M.reasoner, dialect: 'openai' },
  { model: M.mini, dialect: 'openai' },
];

/** The models an item is fanned out to: three to five; both copies of the new model once out. */
export function fanOut(rng: Rng, withNewest: boolean): Target[] {
  const old = shuffle(rng, OLD_TARGETS);
  if (!withNewest) return old.slice(0, rng.int(3, 4));
  return [
    { model: M.newest, dialect: 'anthropic' },
    { model: M.newest, dialect: 'openai' },
    ...old.slice(0, rng.int(1, 3)),
  ];
}

const JUDGE_FRAMES = [
  'Below are {k} candidate answers to the same question. Score each from 1 to 10 for correctness and for the quality of its reasoning, justify every score, then say which you prefer and why.\n\nQuestion: {question}\n\n{candidates}',
  'You are reviewing solutions. For the question and the responses that follow, rank the responses best to worst and explain the ranking criterion by criterion (correctness, completeness, clarity).\n\n### Question\n{question}\n\n{candidates}',
  '{candidates}\n\nWhich of these answers to "{question}" is best? Compare them pairwise, point out each one’s mistakes, and give a final preference with a confidence.',
];

/** The cross-model fan-out. */
export function prism(rng: Rng, mint: IdMint, scale: number): Actor {
  const teams = Array.from({ length: sized(14, scale, 2) }, () => {
    const org = orgId(rng);
    const exits = [cloudIp(rng), cloudIp(rng)];
    const accounts = mint.accounts(rng.int(5, 9), () => ({
      tier: rng.chance(0.6) ? 'default' : 'standard',
      ageDays: between(rng, 15, 300),
      verified: rng.chance(0.25),
      org,
    }));
    return { accounts, exits };
  });
  const accounts = teams.flatMap((team) => team.accounts);
  const members = new Map(
    teams.flatMap((team) =>
      team.accounts.map((account) => {
        const clients = {
          anthropic: clientProfile(rng, rng.chance(0.7) ? 'anthropic-python' : 'anthropic-js'),
          openai: clientProfile(rng, rng.chance(0.7) ? 'openai-python' : 'openai-js'),
        };
        return [account.id, { clients, voice: drawVoice(rng), exits: team.exits }] as const;
      }),
    ),
  );
  return distiller('r8-prism', 'cross-model-fanout', accounts, async (ctx) => {
    const roster = new Roster(accounts, [], 5_000);
    let pace = 1;
    /** One request to `target` from a rested account, worded by `compose` in its voice. */
    const ask = async (
      target: Target,
      compose: (voice: Voice) => string,
      maxTokens: number,
    ): Promise<void> => {
      const account = roster.take(ctx.now(), ctx.rng);
      const member = account ? members.get(account.id) : undefined;
      if (!account || !member) return;
      const reasoning = target.model === M.reasoner;
      const thinking =
        target.dialect === 'anthropic' && target.model !== M.lite && ctx.rng.chance(0.3)
          ? 8_000
          : undefined;
      const response = await send(
        ctx,
        account.id,
        target.dialect,
        body(target.dialect, {
          model: target.model,
          messages: [user(compose(member.voice))],
          maxTokens: Math.min(maxOut(target.model), (thinking ?? 0) + maxTokens),
          thinking,
          reasoningEffort: reasoning ? 'high' : undefined,
          temperature: reasoning || thinking !== undefined ? undefined : 0.7,
        }),
        member.clients[target.dialect],
        ctx.rng.pick(member.exits),
      );
      if (response.status === 403) roster.burn(account.id);
      else if (response.status === 429) {
        roster.bench(account.id, ctx.now() + 2 * (response.retryAfterMs ?? 5_000));
        pace = Math.max(0.2, pace * 0.7);
      } else pace = Math.min(1, pace + 0.02);
    };
    await loop(
      ctx,
      () => (roster.size > 0 ? 1.8 * scale * pace : 0),
      async () => {
        const item = harvestItem(ctx.rng, [60, 30, 0, 10]);
        const targets = fanOut(ctx.rng, released(ctx));
        for (const target of targets) {
          if (ctx.stopped()) return;
          await ask(target, (voice) => rephrase(ctx.rng, item.core, item.intent, voice), 6_000);
          await ctx.sleep(between(ctx.rng, 200, 2_500));
        }
        if (!ctx.stopped() && ctx.rng.chance(0.33)) {
          const letters = ['A', 'B', 'C', 'D', 'E'].slice(0, targets.length);
          const candidates = letters
            .map((letter) => `Candidate ${letter}:\n${candidate(ctx.rng, item.core)}`)
            .join('\n\n');
          const judge: Target = ctx.rng.pick([
            { model: M.main, dialect: 'anthropic' },
            { model: M.reasoner, dialect: 'openai' },
            ...(released(ctx) ? [{ model: M.newest, dialect: 'anthropic' } as const] : []),
          ]);
          await ask(
            judge,
            (voice) =>
              casual(
                ctx.rng,
                fill(ctx.rng, ctx.rng.pick(JUDGE_FRAMES), {
                  k: [String(letters.length)],
                  question: [item.core],
                  candidates: [candidates],
                }),
                voice.sloppiness / 3,
              ),
            4_096,
          );
        }
      },
    );
  });
}

// ---------------------------------------------------------------------------------------------

const AGED_CLIENTS: ClientMix = [
  ['anthropic-python', 3],
  ['openai-python', 3],
  ['browser', 2],
  ['anthropic-js', 1],
  ['openai-js', 1],
];

/** One heavy request of the aged accounts: a long task at maximal reasoning. */
function heavy(rng: Rng, dialect: Dialect, newest: boolean, voice: Voice): Body {
  const item = harvestItem(rng, [40, 50, 5, 5]);
  const messages = [user(rephrase(rng, item.core, item.intent, voice))];
  if (dialect === 'anthropic') {
    const thinking = newest
      ? rng.pick([40_000, 48_000, 56_000])
      : rng.pick([20_000, 24_000, 28_000]);
    return body('anthropic', {
      model: newest ? M.newest : M.main,
      messages,
      maxTokens: newest ? maxOut(M.newest) : maxOut(M.main),
      thinking,
      stream: rng.chance(0.6),
    });
  }
  const model = newest ? M.newest : M.reasoner;
  return body('openai', {
    model,
    messages,
    maxTokens: Math.min(maxOut(model), rng.pick([60_000, 64_000, 65_536])),
    reasoningEffort: 'high',
    stream: rng.chance(0.6),
  });
}

/** The aged, slow accounts. */
export function fossil(rng: Rng, mint: IdMint, scale: number): Actor {
  const accounts: SimAccountSpec[] = mint.accounts(sized(130, scale, 4), () => ({
    tier: weighted(rng, [
      ['default', 4],
      ['standard', 3],
      ['scale', 1],
    ] as const),
    ageDays: between(rng, 400, 1_800),
    verified: rng.chance(0.65),
    org: rng.chance(0.45) ? orgId(rng) : undefined,
  }));
  const seats = new Map(
    accounts.map((account) => [
      account.id,
      { seat: seat(rng, 0.5, AGED_CLIENTS, homeIp(rng)), voice: drawVoice(rng) },
    ]),
  );
  return distiller('r8-fossil', 'aged-slow-accounts', accounts, (ctx) =>
    each(ctx, accounts, 55_000, async (account, arng) => {
      const own = seats.get(account.id);
      if (!own) return;
      const person = new Person(ctx, account, arng, own.seat);
      while (person.active()) {
        const seen = await person.say(() => {
          if (arng.chance(0.35))
            return asCover(
              body(person.dialect, {
                model: person.dialect === 'anthropic' ? M.main : M.chat,
                messages: [user(casual(arng, coverQuestion(arng), own.voice.sloppiness))],
                maxTokens: 1_024,
                stream: person.browser,
              }),
            );
          return heavy(arng, person.dialect, released(ctx) && arng.chance(0.5), own.voice);
        });
        if (seen === undefined || seen === 'refused') return;
        await person.rest(Math.max(25_000, pause(arng, 90_000)));
      }
    }),
  );
}
