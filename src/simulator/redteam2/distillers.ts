/**
 * The second red team's distillation campaigns (names `r2-…`). Each is modelled on a campaign of
 * the public threat reports and hides its own way; each harvests hundreds to thousands of
 * high-value answers in a run. Accounts, clients and addresses are chosen at build time (seeded);
 * what is sent, when, is drawn from the actor's own generator at run time.
 */
import type { Actor, ActorContext, SimAccountSpec } from '../actor.ts';
import { weighted, type Rng } from '../rng.ts';
import {
  anySdk,
  body,
  cloudIp,
  fakeImage,
  lognormal,
  makeAccounts,
  pacedLoop,
  residentialIp,
  scaled,
  SDKS,
  seat,
  sendAs,
  shuffle,
  text,
  token,
  toolExchange,
  type ChatTurn,
  type Client,
  type Pace,
  type Seat,
  type ToolSpec,
} from './common.ts';
import { MODELS, NEW_MODEL } from './models.ts';
import { fill, LANGUAGES } from './vocab-languages.ts';
import {
  chat,
  codeTask,
  compose,
  contestProblem,
  desktopTask,
  gradingPrompt,
  issue,
  longHorizon,
  safeRewrite,
  toolOutput,
  visionTask,
} from './vocab.ts';

interface Profile {
  readonly client: Client;
  readonly ip: string;
}

interface Built {
  readonly accounts: SimAccountSpec[];
  readonly profiles: ReadonlyMap<string, Profile>;
}

function build(
  rng: Rng,
  prefix: string,
  count: number,
  facts: (index: number) => Omit<SimAccountSpec, 'id'>,
  profile: (index: number) => Profile,
): Built {
  const accounts = makeAccounts(prefix, count, facts);
  return {
    accounts,
    profiles: new Map(accounts.map((account, index) => [account.id, profile(index)])),
  };
}

function seatsOf(built: Built): Seat[] {
  return built.accounts.map((account) => {
    const profile = built.profiles.get(account.id);
    if (!profile) throw new Error(`no profile for ${account.id}`);
    return seat(account.id, profile.client, profile.ip);
  });
}

/** Runs every seat's paced loop at once. */
async function runSeats(
  ctx: ActorContext,
  seats: readonly Seat[],
  pace: Pace,
  step: (s: Seat, index: number) => Promise<void>,
): Promise<void> {
  await Promise.all(seats.map((s) => pacedLoop(ctx, s, pace, (index) => step(s, index))));
}

/** An established model, spread the way a careful harvester spreads its load. */
function spreadModel(rng: Rng): string {
  return weighted(rng, [
    [MODELS.sonnet, 0.55],
    [MODELS.opus, 0.33],
    [MODELS.haiku, 0.12],
  ]);
}

const CAMPAIGN = {
  polyglot: 'r2-polyglot-cot',
  toolsmith: 'r2-toolsmith',
  rubric: 'r2-rubric-mill',
  swarm: 'r2-hydra-swarm',
  pivot: 'r2-slow-pivot',
  router: 'r2-shadow-router',
  sleeper: 'r2-sleeper-vision',
  sweep: 'r2-shard-sweep',
} as const;

export const CAMPAIGNS: readonly string[] = Object.values(CAMPAIGN);

/**
 * Reasoning-trace coercion in twelve languages, never the stock English phrase: each account
 * keeps one language and an address in that language's market, a quarter of its traffic is
 * everyday chat in the same language, thinking budgets vary and often stay off (the prompt
 * itself demands the monologue). Many sign-ups go through the education programme.
 */
function polyglot(rng: Rng, scale: number): Actor {
  const count = scaled(180, scale);
  const spoken = Array.from({ length: count }, () => rng.pick(LANGUAGES));
  const built = build(
    rng,
    'acct_r2poly',
    count,
    () => ({
      tier: rng.chance(0.6) ? 'free' : 'default',
      ageDays: Math.min(30, lognormal(rng, 3, 1)),
      verified: rng.chance(0.15),
      ...(rng.chance(0.55)
        ? { programme: 'education' }
        : rng.chance(0.2)
          ? { programme: 'startup' }
          : {}),
    }),
    (index) => ({ client: anySdk(rng), ip: residentialIp(rng, spoken[index]?.market) }),
  );
  const languages = new Map(built.accounts.map((account, index) => [account.id, spoken[index]]));
  return {
    name: CAMPAIGN.polyglot,
    persona: 'polyglot-cot-harvester',
    role: 'distiller',
    campaign: CAMPAIGN.polyglot,
    accounts: built.accounts,
    run: (ctx) =>
      runSeats(
        ctx,
        seatsOf(built),
        { firstWithin: 25_000, gap: 4_500, gapSigma: 0.7, session: [2, 4], idle: 13_000 },
        async (s) => {
          const r = ctx.rng;
          const language = languages.get(s.id) ?? LANGUAGES[0];
          if (!language) return;
          if (r.chance(0.3)) s.ip = residentialIp(r, language.market);
          if (r.chance(0.25)) {
            await sendAs(
              ctx,
              s,
              body(s.client.dialect, {
                model: spreadModel(r),
                messages: [{ role: 'user', content: r.pick(language.chat) }],
                maxTokens: r.pick([1024, 2048]),
              }),
            );
            return;
          }
          const problem = fill(r, r.pick(language.problems));
          const demand = r.pick(language.coerce);
          const prompt = r.chance(0.5) ? `${problem}\n\n${demand}` : `${demand}\n${problem}`;
          const thinking = r.chance(0.55) ? r.int(6, 28) * 500 : undefined;
          await sendAs(
            ctx,
            s,
            body(s.client.dialect, {
              model: spreadModel(r),
              messages: [{ role: 'user', content: prompt }],
              maxTokens: (thinking ?? 0) + r.int(8, 24) * 500,
              ...(thinking === undefined ? {} : { thinking }),
            }),
          );
        },
      ),
  };
}

const TOOL_ROLES: readonly (readonly [readonly string[], readonly string[], readonly string[]])[] =
  [
    [
      ['read_file', 'open_file', 'view', 'cat_file', 'fs_read'],
      [
        'Read a file from the workspace.',
        'Return the contents of a file.',
        'Show a file with line numbers.',
      ],
      ['path'],
    ],
    [
      ['write_file', 'create_file', 'save', 'fs_write'],
      ['Write content to a file.', 'Create or overwrite a file.'],
      ['path', 'content'],
    ],
    [
      ['edit_file', 'str_replace', 'apply_patch', 'patch'],
      ['Replace text in a file.', 'Apply a unified diff.', 'Edit a file in place.'],
      ['path', 'old', 'new'],
    ],
    [
      ['run', 'bash', 'shell', 'exec_command', 'terminal'],
      ['Run a shell command.', 'Execute a command and return its output.'],
      ['command'],
    ],
    [
      ['search', 'grep', 'ripgrep', 'code_search', 'find_in_files'],
      ['Search the repository.', 'Find a pattern in files.'],
      ['pattern', 'path'],
    ],
    [['list_dir', 'ls', 'glob', 'tree'], ['List files.', 'Match files by glob.'], ['path']],
    [
      ['run_tests', 'test', 'pytest', 'npm_test'],
      ['Run the test suite.', 'Run tests and report failures.'],
      ['target'],
    ],
    [
      ['git_diff', 'git', 'vcs_status'],
      ['Show the working tree diff.', 'Run a git subcommand.'],
      ['args'],
    ],
    [['web_fetch', 'fetch_url', 'browse'], ['Fetch a URL.', 'Read a web page.'], ['url']],
    [['todo', 'plan', 'update_plan'], ['Keep a task list.', 'Record the plan.'], ['items']],
  ];

/** One plausible agent tool set: a name and wording per role, some roles left out, reordered. */
function toolSet(rng: Rng): ToolSpec[] {
  const roles = TOOL_ROLES.filter((_, index) => index < 4 || rng.chance(0.6));
  return shuffle(
    rng,
    roles.map(([names, descriptions, params]) => ({
      name: rng.pick(names),
      description: rng.pick(descriptions),
      params,
    })),
  );
}

/**
 * Agentic software-engineering trajectories: each account keeps one stable tool set (one of
 * eighteen look-alikes of a coding agent's), speaks like that agent's CLI, and runs real-looking
 * multi-step loops (tool_use / tool_result, interleaved thinking) on fabricated issues.
 */
function toolsmith(rng: Rng, scale: number): Actor {
  const variants = Array.from({ length: 18 }, () => toolSet(rng));
  const built = build(
    rng,
    'acct_r2tool',
    scaled(105, scale),
    () => ({
      tier: rng.chance(0.7) ? 'default' : 'standard',
      ageDays: 2 + rng.next() * 58,
      verified: rng.chance(0.35),
      ...(rng.chance(0.6) ? { programme: 'startup' } : {}),
    }),
    () => ({
      client: rng.chance(0.6) ? SDKS.codingCli(rng) : SDKS.anthropicPython(rng),
      ip: residentialIp(rng, rng.chance(0.6) ? 'us' : 'eu'),
    }),
  );
  const toolsOf = new Map(
    built.accounts.map((account, index) => [account.id, variants[index % variants.length] ?? []]),
  );
  return {
    name: CAMPAIGN.toolsmith,
    persona: 'trajectory-harvester',
    role: 'distiller',
    campaign: CAMPAIGN.toolsmith,
    accounts: built.accounts,
    run: (ctx) =>
      runSeats(
        ctx,
        seatsOf(built),
        { firstWithin: 20_000, gap: 6_000, gapSigma: 0.6, session: [1, 2], idle: 22_000 },
        async (s) => {
          const r = ctx.rng;
          const tools = toolsOf.get(s.id) ?? [];
          const task = issue(r);
          const model = r.chance(0.7) ? MODELS.sonnet : MODELS.opus;
          const steps = r.int(3, 7);
          const turns: ChatTurn[] = [{ role: 'user', content: task }];
          for (let step = 0; step < steps && !ctx.stopped() && !s.retired; step++) {
            const thinking = r.chance(0.6) ? r.int(8, 20) * 500 : undefined;
            await sendAs(
              ctx,
              s,
              body('anthropic', {
                model,
                system: 'You are an autonomous software engineer working in the user’s repository.',
                messages: turns,
                maxTokens: Math.min(32_000, (thinking ?? 0) + r.int(8, 16) * 1000),
                ...(thinking === undefined ? {} : { thinking }),
                tools,
                stream: true,
              }),
            );
            const tool = r.pick(
              tools.length > 0 ? tools : [{ name: 'run', description: '', params: ['command'] }],
            );
            turns.push(
              ...toolExchange(
                r,
                tool.name,
                { [tool.params[0] ?? 'arg']: `src/${token(r, 6)}.ts` },
                toolOutput(r),
                thinking === undefined ? undefined : 'Let me look at the failing path first.',
              ),
            );
            await ctx.sleep(lognormal(r, 1_400, 0.5));
          }
        },
      ),
  };
}

const GRADER_SYSTEMS = [
  ['You are', 'Act as', 'Behave as'],
  ['a meticulous', 'a strict', 'an impartial', 'an experienced'],
  ['grader', 'reviewer', 'examiner', 'assessor', 'judge'],
  ['for a university course.', 'for our quality team.', 'on a data-labelling project.', ''],
] as const;

/**
 * The model as a reward model: pointwise rubric grading (one candidate, sometimes two), rubric
 * wording drawn from a grammar, a system prompt per account, plus a quarter of reference answers
 * to grade against. Runs from cloud machines like an evaluation harness, a third of the accounts
 * declaring evaluation use, and asks the OpenAI-compatible endpoint at temperature 0.
 */
function rubricMill(rng: Rng, scale: number): Actor {
  const built = build(
    rng,
    'acct_r2rub',
    scaled(80, scale),
    () => ({
      tier: 'standard',
      ageDays: 15 + rng.next() * 285,
      verified: rng.chance(0.45),
      ...(rng.chance(0.35) ? { declaredUse: 'eval' } : {}),
      ...(rng.chance(0.3) ? { programme: 'research' } : {}),
    }),
    () => ({
      client: rng.chance(0.7) ? SDKS.openaiPython(rng) : SDKS.anthropicPython(rng),
      ip: cloudIp(rng),
    }),
  );
  const systems = new Map(
    built.accounts.map((account) => [account.id, compose(rng, GRADER_SYSTEMS)]),
  );
  return {
    name: CAMPAIGN.rubric,
    persona: 'grading-harvester',
    role: 'distiller',
    campaign: CAMPAIGN.rubric,
    accounts: built.accounts,
    run: (ctx) =>
      runSeats(
        ctx,
        seatsOf(built),
        { firstWithin: 15_000, gap: 3_000, gapSigma: 0.35, session: [4, 7], idle: 10_000 },
        async (s) => {
          const r = ctx.rng;
          const reference = r.chance(0.25);
          await sendAs(
            ctx,
            s,
            body(s.client.dialect, {
              model: r.chance(0.7) ? MODELS.opus : MODELS.sonnet,
              system: systems.get(s.id) ?? 'You are a grader.',
              messages: [
                {
                  role: 'user',
                  content: reference
                    ? r.chance(0.5)
                      ? longHorizon(r)
                      : codeTask(r)
                    : gradingPrompt(r, r.chance(0.25)),
                },
              ],
              maxTokens: reference ? r.int(6, 12) * 1000 : r.int(2, 4) * 1000,
              temperature: 0,
            }),
          );
        },
      ),
  };
}

/**
 * The big hydra: hundreds of fresh accounts, each sending only a handful of requests at human
 * pace, a third of them everyday chat; code and long-horizon prompts from grammars, so no two
 * share a sentence; a residential exit per session; every refused account replaced at once from
 * a reserve.
 */
function hydraSwarm(rng: Rng, scale: number): Actor {
  const active = scaled(260, scale);
  const reserve = scaled(110, scale);
  const built = build(
    rng,
    'acct_r2swarm',
    active + reserve,
    () => ({
      tier: rng.chance(0.5) ? 'free' : 'default',
      ageDays: 0.1 + rng.next() * 4,
      verified: rng.chance(0.05),
      ...(rng.chance(0.3)
        ? { programme: 'education' }
        : rng.chance(0.3)
          ? { programme: 'startup' }
          : {}),
    }),
    () => ({
      client: anySdk(rng),
      ip: residentialIp(rng, rng.chance(0.5) ? 'us' : rng.pick(['eu', 'latam', 'asia'] as const)),
    }),
  );
  const pace: Pace = {
    firstWithin: 30_000,
    gap: 5_000,
    gapSigma: 0.8,
    session: [1, 3],
    idle: 15_000,
  };
  return {
    name: CAMPAIGN.swarm,
    persona: 'rotating-swarm',
    role: 'distiller',
    campaign: CAMPAIGN.swarm,
    accounts: built.accounts,
    run: async (ctx) => {
      const seats = seatsOf(built);
      const spare = seats.slice(active);
      const step = async (s: Seat): Promise<void> => {
        const r = ctx.rng;
        if (r.chance(0.4)) s.ip = residentialIp(r, r.pick(['us', 'eu', 'latam', 'asia'] as const));
        const filler = r.chance(0.35);
        const thinking = !filler && r.chance(0.5) ? r.int(4, 16) * 512 : undefined;
        await sendAs(
          ctx,
          s,
          body(s.client.dialect, {
            model: spreadModel(r),
            messages: [
              {
                role: 'user',
                content: filler ? chat(r) : r.chance(0.7) ? codeTask(r) : longHorizon(r),
              },
            ],
            maxTokens: filler ? 1024 : (thinking ?? 0) + r.int(8, 16) * 1000,
            ...(thinking === undefined ? {} : { thinking }),
          }),
        );
      };
      // A seat runs until refused; its replacement starts at once, as long as reserves last.
      const drive = async (s: Seat, first: Pace): Promise<void> => {
        await pacedLoop(ctx, s, first, () => step(s));
        const next = spare.shift();
        if (next && !ctx.stopped()) await drive(next, { ...pace, firstWithin: 1_500 });
      };
      await Promise.all(seats.slice(0, active).map((s) => drive(s, pace)));
    },
  };
}

/**
 * Pivot to the new model, but slowly: aged, mostly verified accounts spread their reasoning
 * harvest over three established models, then shift towards the new one over fifteen seconds
 * after its release (never more than 60% of it); thinking budgets high but below the maximum.
 */
function slowPivot(rng: Rng, scale: number): Actor {
  const built = build(
    rng,
    'acct_r2piv',
    scaled(110, scale),
    () => ({
      tier: rng.chance(0.6) ? 'default' : 'standard',
      ageDays: 30 + rng.next() * 670,
      verified: rng.chance(0.7),
    }),
    () => ({
      client: rng.chance(0.5) ? SDKS.anthropicJs(rng) : SDKS.anthropicPython(rng),
      ip: residentialIp(rng, rng.chance(0.5) ? 'us' : 'eu'),
    }),
  );
  return {
    name: CAMPAIGN.pivot,
    persona: 'pivot-harvester',
    role: 'distiller',
    campaign: CAMPAIGN.pivot,
    accounts: built.accounts,
    run: (ctx) => {
      const release = ctx.releasedAt(NEW_MODEL.name);
      return runSeats(
        ctx,
        seatsOf(built),
        { firstWithin: 20_000, gap: 4_500, gapSigma: 0.6, session: [2, 4], idle: 13_000 },
        async (s) => {
          const r = ctx.rng;
          const since = ctx.now() - release;
          const newShare = since < 0 ? 0 : Math.min(0.6, (0.6 * since) / 15_000);
          const model = r.chance(newShare) ? NEW_MODEL.name : spreadModel(r);
          if (r.chance(0.2)) {
            await sendAs(
              ctx,
              s,
              body('anthropic', {
                model,
                messages: [{ role: 'user', content: chat(r) }],
                maxTokens: 1024,
              }),
            );
            return;
          }
          const max = model === MODELS.haiku ? 16_000 : model === MODELS.opus ? 32_000 : 64_000;
          const thinking = Math.round((max * (0.45 + 0.3 * r.next())) / 256) * 256;
          await sendAs(
            ctx,
            s,
            body('anthropic', {
              model,
              messages: [{ role: 'user', content: r.chance(0.6) ? longHorizon(r) : codeTask(r) }],
              maxTokens: Math.min(max - r.int(1, 8) * 256, thinking + r.int(4, 12) * 1000),
              thinking,
            }),
          );
        },
      );
    },
  };
}

/**
 * Blending into reseller traffic, twice over: a shell "AI apps router" of a few verified
 * high-tier keys carrying thousands of made-up end users with mostly diverse filler, and the
 * same operation's sign-ups at a real router, whose requests arrive through that router's own
 * keys, backends and client. Harvest: "safe alternative" rewrites, reasoning, code.
 */
function shadowRouter(rng: Rng, scale: number, router: RouterHandle): Actor[] {
  const backends = [cloudIp(rng), cloudIp(rng), cloudIp(rng)];
  const client = {
    dialect: 'anthropic',
    userAgent: 'LumenaryRouter/2.3.1 Anthropic/JS 0.70.1',
    headers: SDKS.anthropicJs(rng).headers,
  } as const satisfies Client;
  const built = build(
    rng,
    'acct_r2shell',
    scaled(8, scale),
    () => ({ org: 'org_lumenary', tier: 'scale', ageDays: 40 + rng.next() * 50, verified: true }),
    (index) => ({ client, ip: backends[index % backends.length] ?? '3.3.3.3' }),
  );
  const harvest = (r: Rng): string =>
    weighted(r, [
      [() => safeRewrite(r), 0.5],
      [() => `${longHorizon(r)} Think it through in full before answering.`, 0.25],
      [() => codeTask(r), 0.25],
    ])();
  const filler = (r: Rng): string => (r.chance(0.6) ? chat(r) : r.pick(r.pick(LANGUAGES).chat));
  const shell: Actor = {
    name: `${CAMPAIGN.router}-shell`,
    persona: 'shell-router',
    role: 'distiller',
    campaign: CAMPAIGN.router,
    accounts: built.accounts,
    run: (ctx) =>
      runSeats(
        ctx,
        seatsOf(built),
        { firstWithin: 3_000, gap: 900, gapSigma: 0.8, session: [10, 25], idle: 3_000 },
        async (s) => {
          const r = ctx.rng;
          s.ip = r.pick(backends);
          const harvesting = r.chance(0.35);
          const thinking = harvesting && r.chance(0.5) ? r.int(8, 24) * 500 : undefined;
          await sendAs(
            ctx,
            s,
            body('anthropic', {
              model: spreadModel(r),
              messages: [{ role: 'user', content: harvesting ? harvest(r) : filler(r) }],
              maxTokens: harvesting
                ? (thinking ?? 0) + r.int(6, 12) * 1000
                : r.pick([512, 1024, 2048]),
              ...(thinking === undefined ? {} : { thinking }),
              endUser: `lum_${token(r, 10)}`,
            }),
          );
        },
      ),
  };
  const endUsers = Array.from({ length: 60 }, () => router.endUser(rng));
  const blend: Actor = {
    name: `${CAMPAIGN.router}-blend`,
    persona: 'blended-router-customer',
    role: 'distiller',
    campaign: CAMPAIGN.router,
    accounts: [],
    borrows: router.accounts,
    run: async (ctx) => {
      const r = ctx.rng;
      await ctx.sleep(r.next() * 8_000);
      while (!ctx.stopped()) {
        const burst = r.int(4, 12);
        for (let i = 0; i < burst && !ctx.stopped(); i++) {
          const response = await ctx.send(
            r.pick(router.accounts),
            router.request(r, {
              model: spreadModel(r),
              messages: [{ role: 'user', content: harvest(r) }],
              maxTokens: r.int(6, 14) * 1000,
              endUser: r.pick(endUsers),
            }),
          );
          if (response.status === 429) await ctx.sleep(response.retryAfterMs ?? 2_000);
          await ctx.sleep(lognormal(r, 1_300, 0.7));
        }
        await ctx.sleep(lognormal(r, 5_000, 0.5));
      }
    },
  };
  return [shell, blend];
}

const BUSINESSES = [
  'bakery',
  'dental',
  'law',
  'plumbing',
  'design',
  'realty',
  'print',
  'travel',
  'clinic',
  'studio',
];

/**
 * Low and slow on aged, verified accounts bought or farmed over years, each posing as a small
 * business: a few requests per account per day, each high-value — image analysis and
 * computer-use trajectories with screenshots — among everyday questions.
 */
function sleeperVision(rng: Rng, scale: number): Actor {
  const built = build(
    rng,
    'acct_r2sleep',
    scaled(200, scale),
    () => ({
      org: `org_${rng.pick(BUSINESSES)}_${token(rng, 6)}`,
      tier: rng.chance(0.8) ? 'default' : 'standard',
      ageDays: 180 + rng.next() * 1320,
      verified: rng.chance(0.85),
    }),
    () => ({
      client: rng.chance(0.5) ? SDKS.anthropicPython(rng) : SDKS.anthropicJs(rng),
      ip: residentialIp(rng, rng.pick(['us', 'us', 'eu', 'latam'] as const)),
    }),
  );
  const computer = {
    type: 'computer_20250124',
    name: 'computer',
    display_width_px: 1280,
    display_height_px: 800,
  };
  return {
    name: CAMPAIGN.sleeper,
    persona: 'sleeper-vision',
    role: 'distiller',
    campaign: CAMPAIGN.sleeper,
    accounts: built.accounts,
    run: (ctx) =>
      runSeats(
        ctx,
        seatsOf(built),
        { firstWithin: 40_000, gap: 6_000, gapSigma: 0.8, session: [1, 3], idle: 20_000 },
        async (s) => {
          const r = ctx.rng;
          const roll = r.next();
          if (roll < 0.3) {
            await sendAs(
              ctx,
              s,
              body('anthropic', {
                model: spreadModel(r),
                messages: [{ role: 'user', content: chat(r) }],
                maxTokens: 1024,
              }),
            );
            return;
          }
          if (roll < 0.7) {
            const images = Array.from({ length: r.int(1, 2) }, () => fakeImage(r));
            await sendAs(
              ctx,
              s,
              body('anthropic', {
                model: r.chance(0.6) ? MODELS.sonnet : MODELS.opus,
                messages: [{ role: 'user', content: [...images, text(visionTask(r))] }],
                maxTokens: r.int(4, 8) * 1000,
              }),
            );
            return;
          }
          const turns: ChatTurn[] = [{ role: 'user', content: desktopTask(r) }];
          for (let step = r.int(1, 4); step > 0; step--) {
            const action = r.pick(['screenshot', 'left_click', 'type', 'key']);
            turns.push(...toolExchange(r, 'computer', { action }, [fakeImage(r, 1_600)]));
          }
          const thinking = r.int(4, 10) * 512;
          await sendAs(
            ctx,
            s,
            body('anthropic', {
              model: MODELS.sonnet,
              messages: turns,
              maxTokens: thinking + r.int(4, 10) * 1000,
              rawTools: [computer],
              thinking,
            }),
            [['anthropic-beta', 'computer-use-2025-01-24']],
          );
        },
      ),
  };
}

/**
 * Sampling parameters sharded across accounts: every contest problem goes to four to six
 * different accounts at different temperatures (n = 1 each, max_tokens near but never at the
 * model's maximum), so no account resends a prompt or sweeps a temperature itself.
 */
function shardSweep(rng: Rng, scale: number): Actor {
  const built = build(
    rng,
    'acct_r2shard',
    scaled(70, scale),
    () => ({ tier: 'default', ageDays: 5 + rng.next() * 115, verified: rng.chance(0.3) }),
    () => ({
      client: weighted(rng, [
        [SDKS.openaiPython, 0.5],
        [SDKS.openaiJs, 0.3],
        [SDKS.httpx, 0.2],
      ])(rng),
      ip: residentialIp(rng),
    }),
  );
  return {
    name: CAMPAIGN.sweep,
    persona: 'sharded-sampler',
    role: 'distiller',
    campaign: CAMPAIGN.sweep,
    accounts: built.accounts,
    run: (ctx) => {
      const jobs: { problem: number; temperature: number }[] = [];
      let next = ctx.rng.int(0, 5_000);
      const take = (r: Rng) => {
        if (jobs.length === 0) {
          const temperatures = shuffle(r, [0.2, 0.4, 0.6, 0.8, 1, 1.2]).slice(0, r.int(4, 6));
          for (const temperature of temperatures) jobs.push({ problem: next, temperature });
          next++;
        }
        return jobs.shift() ?? { problem: 0, temperature: 1 };
      };
      return runSeats(
        ctx,
        seatsOf(built),
        { firstWithin: 15_000, gap: 3_200, gapSigma: 0.5, session: [3, 6], idle: 11_000 },
        async (s) => {
          const r = ctx.rng;
          const job = take(r);
          const model = r.chance(0.5) ? MODELS.haiku : MODELS.opus;
          const max = model === MODELS.haiku ? 16_000 : 32_000;
          await sendAs(
            ctx,
            s,
            body('openai', {
              model,
              messages: [{ role: 'user', content: contestProblem(job.problem) }],
              maxTokens: max - r.int(2, 12) * 250,
              temperature: job.temperature,
              n: 1,
            }),
          );
        },
      );
    },
  };
}

/** What the blended campaign needs of the legitimate router it hides in. */
export interface RouterHandle {
  readonly accounts: readonly string[];
  /** An end-user id in the router's own format. */
  endUser(rng: Rng): string;
  /** A request as the router's backends send it. */
  request(rng: Rng, spec: Parameters<typeof body>[1]): Parameters<ActorContext['send']>[1];
}

export function distillerActors(rng: Rng, scale: number, router: RouterHandle): Actor[] {
  return [
    polyglot(rng.fork('polyglot'), scale),
    toolsmith(rng.fork('toolsmith'), scale),
    rubricMill(rng.fork('rubric'), scale),
    hydraSwarm(rng.fork('swarm'), scale),
    slowPivot(rng.fork('pivot'), scale),
    ...shadowRouter(rng.fork('router'), scale, router),
    sleeperVision(rng.fork('sleeper'), scale),
    shardSweep(rng.fork('sweep'), scale),
  ];
}
