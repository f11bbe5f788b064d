/**
 * Legitimate products and jobs, each a hard negative for a signal or two:
 *
 * - `r8l-benchmark`: a university NLP lab's evaluation harness (declared eval, verified): a fixed
 *   set of 90 items re-run over every model on both endpoints with seeds and maximal reasoning
 *   budgets, machine-paced, from a GPU cluster's egress — and the new model evaluated the hour it
 *   ships.
 * - `r8l-annotate`: a data-labelling vendor (verified org, no declared use) scoring client
 *   responses against rubrics (several candidates per request, JSON scores) and writing gold
 *   responses: the model as a grader, all day.
 * - `r8l-sparrow`: a tutoring app, six verified keys, thousands of students as end users, a
 *   system prompt that asks for step-by-step guidance, some students in Spanish, Portuguese or
 *   French.
 * - `r8l-switchyard`: an API reseller's Go gateway: sixty downstream apps with their own prompts
 *   and end users over ten keys, both endpoints, a few egress addresses.
 * - `r8l-lingo`: a localisation job (declared batch): UI-string batches into twelve locales, one
 *   system prompt, JSON out, machine-paced.
 * - `r8l-triage`: a support desk's ticket triage (declared batch): one forced tool, temperature 0,
 *   a metronome.
 */
import type { Actor } from '../actor.ts';
import { orgAccounts } from '../personas/accounts.ts';
import { clientProfile, pythonClients } from '../personas/clients.ts';
import type { Rng } from '../rng.ts';
import { Keys, legitimate } from './actors.ts';
import {
  assistant,
  type Body,
  between,
  body,
  type Dialect,
  digest,
  type IdMint,
  M,
  maxOut,
  released,
  sized,
  subnet,
  Throttle,
  user,
  weighted,
} from './common.ts';
import { zipf } from './pacing.ts';
import {
  appAsk,
  benchmarkItems,
  downstreamApps,
  GRADING_SYSTEM,
  gradingTask,
  IDEAL_SYSTEM,
  idealTask,
  LOCALES,
  LOCALISE_SYSTEM,
  stringBatch,
  studentAsk,
  studentFollow,
  ticket,
  TRIAGE_SYSTEM,
  TRIAGE_TOOL,
  TUTOR_SYSTEM,
} from './vocab-products.ts';

// ---------------------------------------------------------------------------------------------

interface EvalConfig {
  readonly name: string;
  readonly dialect: Dialect;
  readonly model: string;
  readonly thinking?: number;
  readonly effort?: 'high';
  readonly seed?: number;
}

const BASE_CONFIGS: readonly EvalConfig[] = [
  { name: 'main-greedy', dialect: 'anthropic', model: M.main },
  { name: 'main-think', dialect: 'anthropic', model: M.main, thinking: 16_000 },
  { name: 'lite-greedy', dialect: 'anthropic', model: M.lite },
  { name: 'chat-s1', dialect: 'openai', model: M.chat, seed: 1 },
  { name: 'chat-s2', dialect: 'openai', model: M.chat, seed: 2 },
  { name: 'mini-s1', dialect: 'openai', model: M.mini, seed: 1 },
  { name: 'reasoner-high', dialect: 'openai', model: M.reasoner, effort: 'high' },
];

const NEW_CONFIGS: readonly EvalConfig[] = [
  { name: 'newest-greedy', dialect: 'anthropic', model: M.newest },
  { name: 'newest-think', dialect: 'anthropic', model: M.newest, thinking: 32_000 },
  { name: 'newest-oai', dialect: 'openai', model: M.newest, seed: 1 },
];

/** The lab's evaluation harness. */
export function benchmark(rng: Rng, mint: IdMint, scale: number): Actor {
  const accounts = orgAccounts(rng, mint, 'nlplab', sized(12, scale, 2), (index) => ({
    tier: 'scale',
    ageDays: between(rng, 200, 900),
    verified: true,
    declaredUse: 'eval',
    programme: index % 2 === 0 ? 'research' : undefined,
  }));
  const items = benchmarkItems(rng, 90);
  const egress = subnet(rng, 35, 3);
  const clients = pythonClients(rng);
  return legitimate('r8l-benchmark', 'eval-lab', accounts, (ctx) => {
    const keys = new Keys(accounts);
    const throttle = new Throttle(7 * scale, 0.5 * scale, 7 * scale, 0.05 * scale);
    const cursors = new Map<string, number>();
    return keys.batch(ctx, throttle, 0.6, async (key) => {
      // The new model's sweep starts the moment it ships and takes half the capacity.
      const fresh = released(ctx) && ctx.rng.chance(0.5);
      const config = ctx.rng.pick(fresh ? NEW_CONFIGS : BASE_CONFIGS);
      const at = cursors.get(config.name) ?? 0;
      cursors.set(config.name, at + 1);
      const item = items[at % items.length];
      if (!item) return undefined;
      return keys.send(
        ctx,
        key,
        config.dialect,
        body(config.dialect, {
          model: config.model,
          system: item.suite.startsWith('code') ? 'You are a careful programmer.' : undefined,
          messages: [user(item.prompt)],
          maxTokens: (config.thinking ?? 0) + (config.effort ? 16_000 : 2_048),
          temperature: config.thinking === undefined && !config.effort ? 0 : undefined,
          thinking: config.thinking,
          reasoningEffort: config.effort,
          seed: config.seed,
        }),
        clients[config.dialect],
        ctx.rng.pick(egress),
      );
    });
  });
}

// ---------------------------------------------------------------------------------------------

/** The labelling vendor's grading pipeline. */
export function annotate(rng: Rng, mint: IdMint, scale: number): Actor {
  const accounts = orgAccounts(rng, mint, 'tagwise', sized(25, scale, 3), () => ({
    tier: 'standard',
    ageDays: between(rng, 90, 700),
    verified: true,
  }));
  const office = subnet(rng, 91, 4);
  const clients = pythonClients(rng);
  return legitimate('r8l-annotate', 'labelling-vendor', accounts, (ctx) => {
    const keys = new Keys(accounts);
    const throttle = new Throttle(4.5 * scale, 0.3 * scale, 4.5 * scale, 0.05 * scale);
    return keys.batch(ctx, throttle, 0.4, (key) => {
      const dialect: Dialect = ctx.rng.chance(0.6) ? 'openai' : 'anthropic';
      const grading = ctx.rng.chance(0.8);
      const task = grading ? gradingTask(ctx.rng) : undefined;
      return keys.send(
        ctx,
        key,
        dialect,
        body(dialect, {
          model: dialect === 'openai' ? M.chat : M.main,
          system: grading ? GRADING_SYSTEM : IDEAL_SYSTEM,
          messages: [user(task ? task.prompt : idealTask(ctx.rng))],
          maxTokens: grading ? 1_500 : 600,
          temperature: grading ? 0 : 0.7,
          jsonOutput: grading,
        }),
        clients[dialect],
        ctx.rng.pick(office),
      );
    });
  });
}

// ---------------------------------------------------------------------------------------------

/** The tutoring app. */
export function sparrow(rng: Rng, mint: IdMint, scale: number): Actor {
  const accounts = orgAccounts(rng, mint, 'sparrowlearn', sized(6, scale, 2), () => ({
    tier: 'enterprise',
    ageDays: between(rng, 400, 1_000),
    verified: true,
  }));
  const egress = subnet(rng, 34, 4);
  const client = clientProfile(rng, 'openai-js');
  const students = Math.round(4_000 * scale);
  return legitimate('r8l-sparrow', 'tutoring-app', accounts, (ctx) => {
    const keys = new Keys(accounts);
    return keys.serve(
      ctx,
      () => 9 * scale,
      async (key) => {
        const student = zipf(ctx.rng, students);
        const language = weighted(ctx.rng, [
          ['en', 16],
          ['es', 2],
          ['pt', 1],
          ['fr', 1],
        ] as const);
        const history: Body[] = [];
        const prior = ctx.rng.int(0, 4);
        for (let i = 0; i < prior; i++)
          history.push(
            user(i === 0 ? studentAsk(ctx.rng, language) : studentFollow(ctx.rng)),
            assistant('Good start! What do you think the next step is?'),
          );
        history.push(user(prior === 0 ? studentAsk(ctx.rng, language) : studentFollow(ctx.rng)));
        const model = weighted(ctx.rng, [
          [M.mini, 7],
          [M.chat, 3],
        ] as const);
        await keys.send(
          ctx,
          key,
          'openai',
          body('openai', {
            model,
            system: TUTOR_SYSTEM,
            messages: history,
            maxTokens: 1_200,
            temperature: 0.5,
            endUser: `stu_${digest(`sparrow/${student}`)}`,
            stream: ctx.rng.chance(0.85),
          }),
          client,
          ctx.rng.pick(egress),
        );
      },
    );
  });
}

// ---------------------------------------------------------------------------------------------

/** The reseller's gateway. */
export function switchyard(rng: Rng, mint: IdMint, scale: number): Actor {
  const accounts = orgAccounts(rng, mint, 'switchyard', sized(10, scale, 2), () => ({
    tier: 'enterprise',
    ageDays: between(rng, 250, 700),
    verified: true,
  }));
  const apps = downstreamApps(rng, 60).map((app) => {
    const dialect: Dialect = rng.chance(0.45) ? 'anthropic' : 'openai';
    const model =
      dialect === 'anthropic' ? rng.pick([M.main, M.lite]) : rng.pick([M.chat, M.mini, M.mini]);
    return { ...app, dialect, model, users: rng.int(20, 3_000), stream: rng.chance(0.6) };
  });
  const egress = subnet(rng, 52, 6);
  const client = clientProfile(rng, 'go');
  return legitimate('r8l-switchyard', 'api-reseller', accounts, (ctx) => {
    const keys = new Keys(accounts);
    const weights = apps.map((app) => [app, Math.sqrt(app.users)] as const);
    return keys.serve(
      ctx,
      () => 11 * scale,
      async (key) => {
        const app = weighted(ctx.rng, weights);
        // A few apps moved to the new model on release day.
        const model = released(ctx) && app.users > 2_000 ? M.newest : app.model;
        await keys.send(
          ctx,
          key,
          app.dialect,
          body(app.dialect, {
            model,
            system: app.system,
            messages: [user(appAsk(ctx.rng, app))],
            maxTokens: Math.min(app.maxTokens, maxOut(model)),
            temperature: 0.7,
            endUser: `${digest(app.name)}:${zipf(ctx.rng, app.users)}`,
            stream: app.stream,
          }),
          client,
          ctx.rng.pick(egress),
        );
      },
    );
  });
}

// ---------------------------------------------------------------------------------------------

/** The localisation batch. */
export function lingo(rng: Rng, mint: IdMint, scale: number): Actor {
  const accounts = orgAccounts(rng, mint, 'lingoloc', sized(8, scale, 2), () => ({
    tier: 'standard',
    ageDays: between(rng, 150, 600),
    verified: true,
    declaredUse: 'batch',
  }));
  const runner = subnet(rng, 18, 2);
  const clients = pythonClients(rng);
  return legitimate('r8l-lingo', 'localisation-batch', accounts, (ctx) => {
    const keys = new Keys(accounts);
    const throttle = new Throttle(4 * scale, 0.3 * scale, 4 * scale, 0.05 * scale);
    let turn = 0;
    return keys.batch(ctx, throttle, 0.8, (key) => {
      const locale = LOCALES[turn++ % LOCALES.length] ?? 'de-DE';
      const dialect: Dialect = ctx.rng.chance(0.7) ? 'openai' : 'anthropic';
      return keys.send(
        ctx,
        key,
        dialect,
        body(dialect, {
          model: dialect === 'openai' ? M.chat : M.main,
          system: LOCALISE_SYSTEM,
          messages: [user(stringBatch(ctx.rng, locale))],
          maxTokens: 2_048,
          temperature: 0.2,
          jsonOutput: true,
        }),
        clients[dialect],
        ctx.rng.pick(runner),
      );
    });
  });
}

// ---------------------------------------------------------------------------------------------

/** The ticket-triage batch. */
export function triage(rng: Rng, mint: IdMint, scale: number): Actor {
  const accounts = orgAccounts(rng, mint, 'deskflow', sized(4, scale, 1), () => ({
    tier: 'scale',
    ageDays: between(rng, 300, 900),
    verified: true,
    declaredUse: 'batch',
  }));
  const client = clientProfile(rng, 'anthropic-js');
  const runner = subnet(rng, 3, 2);
  return legitimate('r8l-triage', 'ticket-triage-batch', accounts, (ctx) => {
    const keys = new Keys(accounts);
    const throttle = new Throttle(5 * scale, 0.3 * scale, 5 * scale, 0.05 * scale);
    return keys.batch(ctx, throttle, 0.9, (key) =>
      keys.send(
        ctx,
        key,
        'anthropic',
        body('anthropic', {
          model: M.lite,
          system: TRIAGE_SYSTEM,
          messages: [user(ticket(ctx.rng))],
          maxTokens: 512,
          temperature: 0,
          tools: [TRIAGE_TOOL],
          forceTool: TRIAGE_TOOL.name,
        }),
        client,
        ctx.rng.pick(runner),
      ),
    );
  });
}
