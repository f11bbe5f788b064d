/**
 * Campaigns that hide by looking like something else:
 *
 * - `r8-relay`: long-horizon agent trajectories (six to twelve steps: explore, reproduce, read,
 *   edit, re-test, report) on one stable, realistic harness tool set, each a fresh issue on a
 *   made-up repository. Rollout-tree harvest: at an early step a trajectory is forked — the same
 *   transcript prefix sent again from one or two other accounts with a different observation for
 *   the same tool call — so one prefix yields several continuations. A trajectory carries on from
 *   another account when its account is limited or refused (the transcript is the campaign's).
 * - `r8-facade`: a made-up company's "assistant roll-out": one org of about 90 accounts created
 *   this week, a verified org, every employee on the same desktop client behind one office NAT,
 *   the same internal-assistant system prompt, a morning burst as people log in; most questions
 *   are harvest items wrapped in work context, the rest ordinary office chores.
 */
import type { Actor, ActorContext, SimAccountSpec } from '../actor.ts';
import { orgAccounts } from '../personas/accounts.ts';
import { type ClientProfile, cloudIp, proxyPool, pythonClients } from '../personas/clients.ts';
import type { Rng } from '../rng.ts';
import { distiller, Person } from './actors.ts';
import {
  assistant,
  type Body,
  between,
  body,
  callId,
  type Dialect,
  type IdMint,
  M,
  released,
  Roster,
  send,
  sized,
  subnet,
  toolStep,
  user,
  weighted,
} from './common.ts';
import { harvestItem } from './harvest.ts';
import { each, Flights, pause } from './pacing.ts';
import { casual, fill, fillOne } from './text.ts';
import {
  action,
  HARNESS_SYSTEM,
  HARNESS_TOOLS,
  type Issue,
  issue,
  preface,
} from './vocab-agent.ts';

// ---------------------------------------------------------------------------------------------

interface Worker {
  readonly clients: Readonly<Record<Dialect, ClientProfile>>;
  readonly exit: string;
}

interface Trajectory {
  readonly found: Issue;
  readonly dialect: Dialect;
  readonly model: string;
  readonly effort: boolean;
  readonly messages: Body[];
}

/** The rollout-tree agent campaign. */
export function relay(rng: Rng, mint: IdMint, scale: number): Actor {
  const accounts = mint.accounts(sized(120, scale, 6), () => ({
    tier: weighted(rng, [
      ['default', 5],
      ['free', 3],
      ['standard', 2],
    ] as const),
    ageDays: between(rng, 2, 120),
    verified: rng.chance(0.1),
    programme: rng.chance(0.2) ? 'startup' : undefined,
  }));
  const residential = proxyPool(rng, 90);
  const workers = new Map<string, Worker>(
    accounts.map((account) => [
      account.id,
      {
        clients: pythonClients(rng),
        exit: rng.chance(0.6) ? cloudIp(rng) : rng.pick(residential),
      },
    ]),
  );
  const lanes = Math.max(2, Math.round(16 * scale));
  return distiller('r8-relay', 'rollout-tree-agent', accounts, async (ctx) => {
    const roster = new Roster(accounts, [], 0);
    const flights = new Flights();
    /** One step of `path` from `account`; a new account when it is limited or refused. */
    const step = async (
      path: Trajectory,
      account: SimAccountSpec,
    ): Promise<SimAccountSpec | undefined> => {
      const worker = workers.get(account.id);
      if (!worker) return undefined;
      const response = await send(
        ctx,
        account.id,
        path.dialect,
        body(path.dialect, {
          model: path.model,
          system: HARNESS_SYSTEM,
          messages: path.messages,
          maxTokens: ctx.rng.pick([8_192, 12_000, 16_000]),
          reasoningEffort: path.effort ? 'high' : undefined,
          tools: HARNESS_TOOLS,
          stream: ctx.rng.chance(0.5),
        }),
        worker.clients[path.dialect],
        worker.exit,
      );
      if (response.status === 403) roster.burn(account.id);
      else if (response.status === 429)
        roster.bench(account.id, ctx.now() + (response.retryAfterMs ?? 5_000));
      else return account;
      return roster.take(ctx.now(), ctx.rng);
    };
    /** Steps `from` to `to` (exclusive) of `path`; forks it at `forkAt`. */
    const run = async (
      path: Trajectory,
      from: number,
      to: number,
      account: SimAccountSpec | undefined,
      forkAt: number,
      variant: number,
    ): Promise<void> => {
      let current = account;
      for (let index = from; index < to && current && !ctx.stopped(); index++) {
        if (index > 0) {
          const next = action(path.found, index);
          const id = callId(ctx.rng, path.dialect);
          const prefix = [...path.messages];
          path.messages.push(
            ...toolStep(
              path.dialect,
              id,
              next.name,
              next.input,
              next.result(ctx.rng, variant),
              preface(ctx.rng, index),
            ),
          );
          if (index === forkAt && flights.inAir < lanes) {
            for (let branch = 1; branch <= ctx.rng.int(1, 2); branch++) {
              const other = roster.take(ctx.now(), ctx.rng, new Set([current.id]));
              if (!other) break;
              const forked: Trajectory = {
                ...path,
                messages: [
                  ...prefix,
                  ...toolStep(
                    path.dialect,
                    id,
                    next.name,
                    next.input,
                    next.result(ctx.rng, variant + branch),
                    preface(ctx.rng, index),
                  ),
                ],
              };
              const length = index + ctx.rng.int(2, 4);
              flights.launch(async () => {
                await ctx.sleep(between(ctx.rng, 300, 2_000));
                await run(forked, index, length, other, -1, variant + branch);
              });
            }
          }
        }
        current = await step(path, current);
        await ctx.sleep(between(ctx.rng, 1_500, 4_000));
      }
    };
    const lane = async (): Promise<void> => {
      await ctx.sleep(ctx.rng.next() * 8_000);
      while (!ctx.stopped() && roster.size > 0) {
        const found = issue(ctx.rng);
        const dialect: Dialect = ctx.rng.chance(0.5) ? 'anthropic' : 'openai';
        const effort = dialect === 'openai' && ctx.rng.chance(0.5);
        const model =
          released(ctx) && ctx.rng.chance(0.35)
            ? M.newest
            : dialect === 'anthropic'
              ? M.main
              : effort
                ? M.reasoner
                : M.chat;
        const path: Trajectory = {
          found,
          dialect,
          model,
          effort: effort && model === M.reasoner,
          messages: [user(found.text)],
        };
        const account = roster.take(ctx.now(), ctx.rng);
        if (!account) {
          await ctx.sleep(1_000);
          continue;
        }
        await run(path, 0, ctx.rng.int(6, 12), account, ctx.rng.int(2, 4), 0);
        await ctx.sleep(between(ctx.rng, 500, 3_000));
      }
    };
    await Promise.all(Array.from({ length: lanes }, () => lane()));
    await flights.land();
  });
}

// ---------------------------------------------------------------------------------------------

const WRAPS = [
  'For the {project} at work: {task}',
  'Our {team} team needs this by Friday. {task}',
  '{task}\n\n(context: internal tooling for {team})',
  'Quick sanity check before I send this to my manager — {task}',
  'Prepping material for the {team} onboarding. {task}',
  'Working on {project}. {task}',
];

const CHORES = [
  'Draft a short email to {team} moving our weekly sync from {day} to {day2}.',
  'Summarise these notes into three bullet points: {notes}',
  'Rewrite this to sound more professional: "{rough}"',
  'Write an out-of-office reply for {days} days.',
  'Give me an agenda for a 30-minute {team} retro.',
  'What is a polite way to chase an invoice that is {days} days overdue?',
];

const FACADE_SLOTS = {
  project: [
    'payments migration',
    'Q3 analytics refresh',
    'data-platform rebuild',
    'mobile relaunch',
    'pricing review',
  ],
  team: ['platform', 'analytics', 'risk', 'growth', 'infra', 'quant research'],
  day: ['Monday', 'Tuesday', 'Wednesday'],
  day2: ['Thursday', 'Friday'],
  days: ['3', '5', '10', '30'],
  notes: [
    'vendor renewal due, budget flat, hire one contractor, revisit in June',
    'launch slipped a week; QA found two blockers; marketing copy approved',
  ],
  rough: [
    'we cant do that this sprint sorry',
    'pls send the numbers asap',
    'this is not what we agreed',
  ],
};

/** The fake enterprise roll-out. */
export function facade(rng: Rng, mint: IdMint, scale: number): Actor {
  const accounts = orgAccounts(rng, mint, 'nortwell', sized(90, scale, 4), (index) => ({
    tier: index < 10 ? 'standard' : 'default',
    ageDays: between(rng, 0.5, 2.5),
    verified: true,
  }));
  const nat = subnet(rng, 62, 3);
  const version = `1.${rng.int(8, 11)}.${rng.int(0, 6)}`;
  const system = `You are Nortwell Assist, the internal assistant for Nortwell Group employees. Be accurate and thorough; show your working on anything quantitative or technical. Do not share confidential information outside the company. Today is a working day.`;
  return distiller('r8-facade', 'fake-enterprise-rollout', accounts, (ctx: ActorContext) =>
    each(ctx, accounts, 15_000, async (account, arng) => {
      const os = arng.pick(['Windows NT 10.0; Win64; x64', 'Macintosh; Intel Mac OS X 14_5']);
      const client = {
        userAgent: `Chatbox/${version} (${os}) Electron/${arng.int(28, 31)}.0.0`,
        headers: [
          ['accept', 'application/json'],
          ['x-client-name', 'chatbox-desktop'],
        ] as const,
      };
      const person = new Person(ctx, account, arng, {
        dialect: 'anthropic',
        client,
        exit: arng.pick(nat),
      });
      const sloppiness = arng.next() * 0.5;
      await person.converse(
        () => {
          const history: Body[] = [];
          const chore = arng.chance(0.3);
          return {
            turns: chore ? 1 : arng.int(1, 3),
            compose: (turn) => {
              let text: string;
              if (chore) text = fillOne(arng, CHORES, FACADE_SLOTS);
              else if (turn === 0) {
                const item = harvestItem(arng, [40, 45, 5, 10]);
                text = fill(arng, arng.pick(WRAPS), { ...FACADE_SLOTS, task: [item.core] });
              } else
                text = arng.pick([
                  'Can you go into more detail on the key step?',
                  'Show the working for that part please.',
                  'Add tests and explain them.',
                ]);
              history.push(user(casual(arng, text, sloppiness)));
              const thinking =
                !chore && arng.chance(0.3) ? arng.pick([8_000, 12_000, 16_000]) : undefined;
              return body('anthropic', {
                model: released(ctx) && arng.chance(0.3) ? M.newest : M.main,
                system,
                messages: [...history],
                maxTokens: (thinking ?? 0) + (chore ? 1_024 : arng.pick([8_192, 12_000])),
                thinking,
                stream: true,
              });
            },
            answered: () => history.push(assistant('[reply]')),
          };
        },
        () => pause(arng, 12_000),
        () => pause(arng, 25_000),
      );
    }),
  );
}
