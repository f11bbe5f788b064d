/**
 * Campaigns that hide in numbers and adapt to the proxy:
 *
 * - `r8-murmuration`, the hydra (about 310 accounts, 40 of them a reserve): one controller deals
 *   a harvest bank (reasoning, code, tool use, explanations) over accounts it never uses twice
 *   within 15 s; every account writes in its own drawn voice (register, layouts, typing, synonym
 *   habits) so a task never goes out in the same words twice; an account's exit rotates every one
 *   to three requests through a residential pool of some 400 /24s; one item in eight is dealt
 *   again to a second account in other words (two samples per item), one request in four is a
 *   follow-up that deepens the account's previous answer; 30 % of the work moves to the new model
 *   on release. A 429 benches the account and slows the controller; a 403 burns the account, a
 *   reserve joins, and the item is dealt again.
 * - `r8-tide`: a controller that treats the proxy as an adversary — AIMD on its own rate (halved
 *   on a 429), the limited account benched for two to three Retry-Afters, and on every 403 the
 *   account replaced from the reserve with a new client stack and an exit from a fresh proxy
 *   pool, while the ask style that was refused loses weight (direct derivations, solution manuals,
 *   corrections of a wrong solution, code walk-throughs). Five canary accounts send ordinary
 *   questions; when a canary is refused or limited the whole campaign goes quiet for a while.
 */
import type { Actor, SimAccountSpec } from '../actor.ts';
import { asCover } from '../cover.ts';
import { proxyPool } from '../personas/clients.ts';
import type { Rng } from '../rng.ts';
import { distiller, type Seat, seat } from './actors.ts';
import {
  assistant,
  type Body,
  between,
  body,
  type ClientMix,
  type Dialect,
  type IdMint,
  M,
  maxOut,
  released,
  Roster,
  send,
  sized,
  Throttle,
  user,
  weighted,
} from './common.ts';
import { type Harvest, candidate, coverQuestion, harvestItem } from './harvest.ts';
import { loop, pause } from './pacing.ts';
import { casual, drawVoice, fill, rephrase, type Voice } from './text.ts';
import { DEEPEN } from './vocab-code.ts';
import { problem } from './vocab-problems.ts';

const SWARM_CLIENTS: ClientMix = [
  ['anthropic-python', 3],
  ['openai-python', 3],
  ['anthropic-js', 1],
  ['openai-js', 1],
  ['browser', 3],
  ['httpx', 1],
  ['aiohttp', 1],
];

/** A hydra account: its seat, its voice, the exit's remaining uses, its last exchange. */
interface Member {
  readonly seat: Seat;
  readonly voice: Voice;
  exitUses: number;
  last: Body[] | undefined;
}

function modelFor(rng: Rng, dialect: Dialect, pivot: boolean): string {
  if (pivot) return M.newest;
  if (dialect === 'anthropic') return rng.chance(0.85) ? M.main : M.lite;
  return weighted(rng, [
    [M.chat, 6],
    [M.reasoner, 2.5],
    [M.mini, 1.5],
  ] as const);
}

/** The hydra. */
export function murmuration(rng: Rng, mint: IdMint, scale: number): Actor {
  const make = (count: number): SimAccountSpec[] =>
    mint.accounts(count, () => ({
      tier: weighted(rng, [
        ['free', 5],
        ['default', 4],
        ['standard', 1],
      ] as const),
      ageDays: rng.chance(0.35) ? between(rng, 15, 90) : between(rng, 0.3, 15),
      verified: rng.chance(0.06),
      programme: rng.chance(0.15) ? rng.pick(['education', 'startup', 'research']) : undefined,
    }));
  const active = make(sized(270, scale, 8));
  const reserve = make(sized(40, scale, 2));
  const exits = proxyPool(rng, 400);
  const members = new Map<string, Member>(
    [...active, ...reserve].map((account) => [
      account.id,
      {
        seat: seat(rng, 0.55, SWARM_CLIENTS, rng.pick(exits)),
        voice: drawVoice(rng),
        exitUses: rng.int(1, 3),
        last: undefined,
      },
    ]),
  );
  return distiller('r8-murmuration', 'paraphrase-hydra', [...active, ...reserve], async (ctx) => {
    const roster = new Roster(active, reserve, 15_000);
    const again: Harvest[] = [];
    let pace = 1;
    await loop(
      ctx,
      () => 13 * scale * pace,
      async () => {
        pace = Math.min(1, pace + 0.01);
        const account = roster.take(ctx.now(), ctx.rng);
        const member = account ? members.get(account.id) : undefined;
        if (!account || !member) return;
        if (--member.exitUses <= 0) {
          member.seat.exit = ctx.rng.pick(exits);
          member.exitUses = ctx.rng.int(1, 3);
        }
        const { dialect, client } = member.seat;
        let item: Harvest | undefined;
        let messages: Body[];
        if (member.last && ctx.rng.chance(0.25)) {
          messages = [
            ...member.last,
            user(casual(ctx.rng, ctx.rng.pick(DEEPEN), member.voice.sloppiness)),
          ];
        } else {
          item = again.shift() ?? harvestItem(ctx.rng);
          if (ctx.rng.chance(0.125)) again.push(item);
          messages = [user(rephrase(ctx.rng, item.core, item.intent, member.voice))];
        }
        const pivot = released(ctx) && ctx.rng.chance(0.3);
        const model = modelFor(ctx.rng, dialect, pivot);
        const thinking =
          dialect === 'anthropic' && model !== M.lite && ctx.rng.chance(0.2)
            ? ctx.rng.pick([3_000, 5_000, 8_000])
            : undefined;
        const effort = model === M.reasoner ? ctx.rng.pick(['medium', 'high'] as const) : undefined;
        const answer = ctx.rng.pick([2_048, 3_000, 4_096, 6_000]);
        const response = await send(
          ctx,
          account.id,
          dialect,
          body(dialect, {
            model,
            messages,
            maxTokens: Math.min(maxOut(model), (thinking ?? 0) + answer),
            temperature: ctx.rng.chance(0.4) ? ctx.rng.pick([0.3, 0.7, 1]) : undefined,
            thinking,
            reasoningEffort: effort,
            tools: item?.tools,
            stream: client.userAgent.startsWith('Mozilla') || ctx.rng.chance(0.3),
          }),
          client,
          member.seat.exit,
        );
        if (response.status === 200) {
          const first = messages[0];
          member.last = first ? [first, assistant('[previous answer]')] : undefined;
        } else if (response.status === 403) {
          roster.burn(account.id);
          if (item) again.unshift(item);
        } else if (response.status === 429) {
          roster.bench(account.id, ctx.now() + 2 * (response.retryAfterMs ?? 5_000));
          pace = Math.max(0.3, pace * 0.75);
          if (item) again.push(item);
        }
      },
    );
  });
}

// ---------------------------------------------------------------------------------------------

type Style = 'direct' | 'manual' | 'correction' | 'walkthrough';

const STYLE_ASKS: Readonly<Record<Style, readonly string[]>> = {
  direct: [
    '{problem}\n\n[Work through it in full, justifying each step.|Derive the answer carefully; show every intermediate result.|Solve it and explain the reasoning at each stage.]',
  ],
  manual: [
    'I am compiling the [instructor’s solution manual|marking scheme|answer key with worked solutions] for a [course|problem book|question bank]. Write the entry for:\n\n{problem}',
    'Write a model solution a [grader|teaching assistant|examiner] would accept for full marks:\n{problem}',
  ],
  correction: [
    'A student submitted this:\n"{attempt}"\nfor the problem below. Identify every error and write the correct solution from scratch.\n\n{problem}',
    'Here is a flawed solution: {attempt}\nProblem: {problem}\n[Where does it go wrong? Then give the full correct derivation.|Critique it line by line and then solve it properly.]',
  ],
  walkthrough: [
    '{task}\n\n[After the code, walk through it line by line and explain each decision.|Explain your reasoning before each block of code.|Then trace a sample input through it by hand.]',
  ],
};

const GENERATIONS: readonly ClientMix[] = [
  [
    ['openai-python', 3],
    ['anthropic-python', 3],
  ],
  [
    ['openai-js', 2],
    ['anthropic-js', 2],
    ['axios', 1],
  ],
  [
    ['httpx', 2],
    ['aiohttp', 2],
    ['go', 1],
  ],
  [
    ['browser', 3],
    ['curl', 1],
  ],
];

/** The adaptive rotator with canaries. */
export function tide(rng: Rng, mint: IdMint, scale: number): Actor {
  const make = (count: number, young: boolean): SimAccountSpec[] =>
    mint.accounts(count, () => ({
      tier: rng.chance(0.6) ? 'default' : 'free',
      ageDays: young ? between(rng, 0.05, 2) : between(rng, 2, 40),
      verified: rng.chance(0.1),
    }));
  const active = make(sized(100, scale, 4), false);
  const reserve = make(sized(50, scale, 2), true);
  const canaries = make(5, false);
  const pools = GENERATIONS.map(() => proxyPool(rng, 60));
  const seats = new Map<string, Seat>(
    active.map((account) => [
      account.id,
      seat(rng, 0.5, GENERATIONS[0] ?? [], rng.pick(pools[0] ?? [])),
    ]),
  );
  const canarySeats = canaries.map(() => seat(rng, 0.5, SWARM_CLIENTS, rng.pick(pools[0] ?? [])));
  const accounts = [...active, ...reserve, ...canaries];
  return distiller('r8-tide', 'adaptive-rotator', accounts, async (ctx) => {
    const roster = new Roster(active, reserve, 8_000);
    const throttle = new Throttle(6 * scale, 0.5 * scale, 12 * scale, 0.03 * scale);
    const weights: Record<Style, number> = { direct: 1, manual: 1, correction: 1, walkthrough: 1 };
    let generation = 0;
    let quietUntil = 0;
    const seatOf = (id: string): Seat => {
      let found = seats.get(id);
      if (!found) {
        // A replacement: the current generation's client stack and proxy pool.
        const mix = GENERATIONS[generation % GENERATIONS.length] ?? [];
        const pool = pools[generation % pools.length] ?? [];
        found = seat(ctx.rng, 0.5, mix, ctx.rng.pick(pool));
        seats.set(id, found);
      }
      return found;
    };
    const canary = (index: number) => async (): Promise<void> => {
      const account = canaries[index];
      const own = canarySeats[index];
      if (!account || !own) return;
      await ctx.sleep(ctx.rng.next() * 15_000);
      while (!ctx.stopped()) {
        const response = await send(
          ctx,
          account.id,
          own.dialect,
          asCover(
            body(own.dialect, {
              model: own.dialect === 'anthropic' ? M.main : M.chat,
              messages: [user(coverQuestion(ctx.rng))],
              maxTokens: 1_024,
            }),
          ),
          own.client,
          own.exit,
        );
        if (response.status === 403 || response.status === 429)
          quietUntil = ctx.now() + between(ctx.rng, 8_000, 15_000);
        if (response.status === 403) return;
        const hold = response.status === 429 ? 2 * (response.retryAfterMs ?? 5_000) : 0;
        await ctx.sleep(Math.max(hold, pause(ctx.rng, 15_000)));
      }
    };
    const work = loop(
      ctx,
      () => (ctx.now() < quietUntil ? 0 : throttle.rate),
      async () => {
        const account = roster.take(ctx.now(), ctx.rng);
        if (!account) return;
        const own = seatOf(account.id);
        const style = weighted(
          ctx.rng,
          Object.entries(weights).map(([name, weight]) => [name as Style, weight] as const),
        );
        const drawn = problem(ctx.rng);
        const text = fill(ctx.rng, ctx.rng.pick(STYLE_ASKS[style]), {
          problem: [drawn.text],
          attempt: [candidate(ctx.rng, drawn.text)],
          task: [harvestItem(ctx.rng, [0, 1, 0, 0]).core],
        });
        const pivot = released(ctx) && ctx.rng.chance(0.4);
        const thinking =
          own.dialect === 'anthropic' && ctx.rng.chance(0.35)
            ? ctx.rng.pick([6_000, 10_000])
            : undefined;
        const model = pivot
          ? M.newest
          : own.dialect === 'anthropic'
            ? M.main
            : ctx.rng.chance(0.4)
              ? M.reasoner
              : M.chat;
        const response = await send(
          ctx,
          account.id,
          own.dialect,
          body(own.dialect, {
            model,
            messages: [user(text)],
            maxTokens: (thinking ?? 0) + ctx.rng.pick([4_096, 6_000, 8_000]),
            thinking,
            reasoningEffort: model === M.reasoner ? 'high' : undefined,
            stream: ctx.rng.chance(0.3),
          }),
          own.client,
          own.exit,
        );
        if (response.status === 403) {
          roster.burn(account.id);
          weights[style] = Math.max(0.1, weights[style] / 2);
          generation++;
        } else if (response.status === 429) {
          roster.bench(
            account.id,
            ctx.now() + between(ctx.rng, 2, 3) * (response.retryAfterMs ?? 5_000),
          );
          throttle.follow('limited');
        } else if (response.status === 200) throttle.follow('ok');
      },
    );
    await Promise.all([work, ...canaries.map((_, index) => canary(index)())]);
  });
}
