/**
 * Campaigns that hide by how they spread their traffic:
 *
 * - `r7-syllabus`, the hydra (about 300 accounts, 40 of them a reserve): one curriculum — every
 *   subject × topic × lesson kind — dealt out by a controller that never uses an account twice
 *   within 20 s, so every account stays a light user on every per-account rate; each item is
 *   framed one of ten ways, accounts keep their own client and exit; half the work moves to the
 *   new model as soon as it is released; a refused account is replaced from the reserve and its
 *   lesson re-dealt, a 429 benches the account and slows the whole controller.
 * - `r7-phoenix`: accounts bought aged and verified on a market (months to years old, several
 *   previous owners' orgs, a sticky residential exit each) harvesting long software-engineering
 *   tasks under a controller with TCP-like congestion control (additive increase, halving on a
 *   429); every refused account is replaced at once from a reserve.
 * - `r7-leaderboard`: a verified "evaluation start-up" that declares eval use and runs an SWE
 *   agent harness and reasoning items — but every task is new (a real benchmark re-runs a fixed
 *   set), trajectories carry maximal reasoning, and it follows the new model on release.
 */
import type { Actor, SimAccountSpec } from '../actor.ts';
import { cloudIp, homeIp, proxyPool, pythonClients } from '../personas/clients.ts';
import type { Rng } from '../rng.ts';
import { type Body, type ClientMix, distiller, orgAccounts, seats } from './actors.ts';
import {
  assistant,
  between,
  body,
  callId,
  Flights,
  type IdMint,
  loop,
  M,
  maxOut,
  orgId,
  Pool,
  released,
  send,
  shuffle,
  sized,
  Throttle,
  toolStep,
  user,
  weighted,
} from './common.ts';
import {
  benchmarkIssue,
  codingTask,
  HARNESS_SYSTEM,
  HARNESS_TOOLS,
  harnessOutput,
  type LessonItem,
  lessonPrompt,
  STUDY_SYSTEMS,
  syllabus as curriculum,
} from './vocab-harvest.ts';

const LEARNER_CLIENTS: ClientMix = [
  ['anthropic-python', 3],
  ['openai-python', 3],
  ['anthropic-js', 1],
  ['openai-js', 1],
  ['browser', 2],
  ['httpx', 1],
];

// ---------------------------------------------------------------------------------------------

/** The curriculum hydra. */
export function syllabus(rng: Rng, mint: IdMint, scale: number): Actor {
  const make = (count: number): SimAccountSpec[] =>
    mint.accounts(count, () => {
      const programme = rng.chance(0.2) ? 'education' : undefined;
      return {
        tier: weighted(rng, [
          ['free', 5],
          ['default', 4],
          ['standard', 1],
        ] as const),
        ageDays: rng.chance(0.3) ? between(rng, 10, 45) : between(rng, 0.5, 10),
        verified: rng.chance(0.08),
        programme,
      };
    });
  const active = make(sized(260, scale, 8));
  const reserve = make(sized(40, scale, 2));
  const exits = proxyPool(rng, 220);
  const seated = seats(rng, [...active, ...reserve], 0.55, LEARNER_CLIENTS, () => rng.pick(exits));
  const items = shuffle(rng, curriculum());
  return distiller('r7-syllabus', 'curriculum-hydra', [...active, ...reserve], async (ctx) => {
    const pool = new Pool(active, reserve, 20_000);
    const redo: LessonItem[] = [];
    let cursor = 0;
    let pace = 1;
    await loop(
      ctx,
      () => 9 * scale * pace,
      async () => {
        pace = Math.min(1, pace + 0.01);
        const account = pool.take(ctx.now(), ctx.rng);
        if (!account) return;
        const seat = seated.get(account.id);
        if (!seat) return;
        const item = redo.shift() ?? items[cursor++ % items.length];
        if (!item) return;
        const pivot = released(ctx) && ctx.rng.chance(0.5);
        const thinking =
          seat.dialect === 'anthropic' && ctx.rng.chance(0.25)
            ? ctx.rng.pick([4_000, 6_000, 10_000])
            : undefined;
        const reasoning = seat.dialect === 'openai' && !pivot && ctx.rng.chance(0.3);
        const model = pivot
          ? M.newest
          : seat.dialect === 'anthropic'
            ? thinking !== undefined || ctx.rng.chance(0.8)
              ? M.current
              : M.lite
            : reasoning
              ? M.reasoner
              : M.chat;
        const maxTokens = model === M.lite ? 4_096 : ctx.rng.pick([4_096, 6_000, 8_192]);
        const response = await send(
          ctx,
          account.id,
          seat.dialect,
          body(seat.dialect, {
            model,
            system: ctx.rng.chance(0.4) ? ctx.rng.pick(STUDY_SYSTEMS) : undefined,
            messages: [user(lessonPrompt(ctx.rng, item))],
            maxTokens: thinking !== undefined ? thinking + maxTokens : maxTokens,
            temperature: ctx.rng.chance(0.5) ? 0.7 : undefined,
            thinking,
            reasoningEffort: reasoning ? 'high' : undefined,
            stream: seat.client.userAgent.startsWith('Mozilla') || ctx.rng.chance(0.35),
          }),
          seat.client,
          seat.exit,
        );
        if (response.status === 403) {
          pool.burn(account.id);
          redo.push(item);
        } else if (response.status === 429) {
          pool.bench(account.id, ctx.now() + 3 * (response.retryAfterMs ?? 5_000));
          pace = Math.max(0.3, pace * 0.8);
          redo.push(item);
        }
      },
    );
  });
}

// ---------------------------------------------------------------------------------------------

/** Bought aged, verified accounts under congestion control, each refused one replaced at once. */
export function phoenix(rng: Rng, mint: IdMint, scale: number): Actor {
  const make = (count: number): SimAccountSpec[] =>
    mint.accounts(count, () => ({
      tier: weighted(rng, [
        ['standard', 5],
        ['default', 3.5],
        ['scale', 1.5],
      ] as const),
      ageDays: between(rng, 150, 1_400),
      verified: true,
      org: rng.chance(0.6) ? orgId(rng) : undefined,
    }));
  const active = make(sized(110, scale, 4));
  const reserve = make(sized(70, scale, 2));
  const sdks: ClientMix = [
    ['anthropic-python', 2],
    ['anthropic-js', 2],
    ['openai-python', 2],
    ['openai-js', 2],
  ];
  const seated = seats(rng, [...active, ...reserve], 0.5, sdks, () => homeIp(rng));
  return distiller('r7-phoenix', 'bought-accounts', [...active, ...reserve], async (ctx) => {
    const pool = new Pool(active, reserve, 4_000);
    const throttle = new Throttle(9 * scale, 1 * scale, 15 * scale, 0.02 * scale);
    await loop(
      ctx,
      () => throttle.rate,
      async () => {
        const account = pool.take(ctx.now(), ctx.rng);
        if (!account) return;
        const seat = seated.get(account.id);
        if (!seat) return;
        const task = codingTask(ctx.rng);
        const messages: Body[] = [user(task.prompt)];
        if (ctx.rng.chance(0.3))
          messages.push(
            assistant(`Here is the plan and the implementation in ${task.lang}. [files omitted]`),
            user(
              ctx.rng.pick([
                'Now add tests for the failure paths and explain each.',
                'Good. Refactor it for readability and explain the trade-offs.',
                'The CI fails on the concurrency test. Find the bug and fix it.',
              ]),
            ),
          );
        const deep = ctx.rng.chance(0.35);
        const response = await send(
          ctx,
          account.id,
          seat.dialect,
          seat.dialect === 'anthropic'
            ? body('anthropic', {
                model: M.current,
                system: task.system,
                messages,
                maxTokens: deep ? 32_000 : 16_000,
                thinking: deep ? ctx.rng.pick([8_000, 12_000, 16_000]) : undefined,
                stream: ctx.rng.chance(0.5),
              })
            : body('openai', {
                model: deep ? M.reasoner : M.chat,
                system: task.system,
                messages,
                maxTokens: deep ? 32_000 : 16_000,
                reasoningEffort: deep ? 'high' : undefined,
                stream: ctx.rng.chance(0.5),
              }),
          seat.client,
          seat.exit,
        );
        if (response.status === 403) pool.burn(account.id);
        else if (response.status === 429) {
          throttle.cut();
          pool.bench(account.id, ctx.now() + (response.retryAfterMs ?? 5_000));
        } else throttle.ease();
      },
    );
  });
}

// ---------------------------------------------------------------------------------------------

/** The declared-eval harness whose "benchmark" never repeats an item. */
export function leaderboard(rng: Rng, mint: IdMint, scale: number): Actor {
  const accounts = orgAccounts(rng, mint, 'evalforge', sized(40, scale, 3), () => ({
    tier: 'scale',
    ageDays: between(rng, 20, 90),
    verified: true,
    declaredUse: 'eval',
  }));
  const clients = pythonClients(rng);
  const cluster = Array.from({ length: 4 }, () => cloudIp(rng));
  const lanes = Math.max(2, Math.round(8 * scale));
  return distiller('r7-leaderboard', 'declared-eval-harvest', accounts, async (ctx) => {
    const pool = new Pool(accounts, [], 0);
    let allowed = lanes;
    const flights = new Flights();
    const lane = async (index: number): Promise<void> => {
      await ctx.sleep(ctx.rng.next() * 3_000);
      while (!ctx.stopped()) {
        if (index >= allowed) {
          await ctx.sleep(2_000);
          continue;
        }
        const account = pool.take(ctx.now(), ctx.rng);
        if (!account) {
          if (pool.size === 0) return;
          await ctx.sleep(1_000);
          continue;
        }
        const ip = ctx.rng.pick(cluster);
        const limited = async (
          status: number,
          retryAfter: number | undefined,
        ): Promise<boolean> => {
          if (status === 403) {
            pool.burn(account.id);
            return true;
          }
          if (status !== 429) return false;
          allowed = Math.max(1, allowed - 2);
          pool.bench(account.id, ctx.now() + (retryAfter ?? 5_000));
          await ctx.sleep(retryAfter ?? 5_000);
          return true;
        };
        if (ctx.rng.chance(0.25)) {
          // A reasoning item: maximal thinking, the newest model once it exists.
          const task = codingTask(ctx.rng);
          const response = await send(
            ctx,
            account.id,
            'anthropic',
            body('anthropic', {
              model: released(ctx) ? M.newest : M.current,
              system: 'Answer the benchmark item. Show your full reasoning, then the final answer.',
              messages: [user(task.prompt)],
              maxTokens: released(ctx) ? 64_000 : 32_000,
              thinking: released(ctx) ? 48_000 : 24_000,
            }),
            clients.anthropic,
            ip,
          );
          if (await limited(response.status, response.retryAfterMs)) continue;
          await ctx.sleep(between(ctx.rng, 800, 2_500));
          continue;
        }
        // An agent episode: a fresh issue, four to nine steps back to back.
        const episode = benchmarkIssue(ctx.rng);
        const messages: Body[] = [
          user(`${episode.issue}\n\nThe repository ${episode.repo} is at /repo.`),
        ];
        const steps = ctx.rng.int(4, 9);
        for (let step = 0; step < steps && !ctx.stopped(); step++) {
          if (step > 0) {
            const out = harnessOutput(ctx.rng, episode.file, step - 1);
            messages.push(
              ...toolStep('openai', callId(ctx.rng, 'openai'), out.name, out.input, out.output),
            );
          }
          const model = released(ctx) && ctx.rng.chance(0.6) ? M.newest : M.reasoner;
          const response = await send(
            ctx,
            account.id,
            'openai',
            body('openai', {
              model,
              system: HARNESS_SYSTEM,
              messages,
              maxTokens: maxOut(model),
              reasoningEffort: 'high',
              tools: HARNESS_TOOLS,
            }),
            clients.openai,
            ip,
          );
          if (await limited(response.status, response.retryAfterMs)) break;
          await ctx.sleep(between(ctx.rng, 1_200, 3_000));
        }
        // Recovers a lane per finished episode.
        allowed = Math.min(lanes, allowed + 0.25);
      }
    };
    for (let index = 0; index < lanes; index++) flights.launch(() => lane(index));
    await flights.land();
  });
}
