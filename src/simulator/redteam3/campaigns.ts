/**
 * Red team 3's distillation campaigns, each modelled on a campaign of THREATS.md and hidden the way
 * a capable adversary who read only the public reports would hide it. Rates are per second of the
 * run (60 s stands for days); every campaign harvests hundreds to thousands of answers.
 */
import type { Actor, ActorContext, SimAccountSpec } from '../actor.ts';
import type { Rng } from '../rng.ts';
import {
  accounts,
  backOff,
  CLIENTS,
  type Client,
  fakeImage,
  fill,
  hexId,
  humanGap,
  machineGap,
  NEW_MODEL,
  OLD_MODEL,
  request,
  residentialIp,
  runWorkers,
  scaled,
} from './common.ts';
import {
  CODING_ASKS,
  CODING_ISSUES,
  COERCION,
  COMPUTER_TASKS,
  COMPUTER_TOOL,
  COVER,
  CANDIDATE_OPENERS,
  GRADING_QUESTIONS,
  LANGUAGES_CODE,
  ORCHESTRATION,
  ORCHESTRATION_SLOTS,
  ORCHESTRATOR_TOOLS,
  PROBLEM,
  PROBLEM_SLOTS,
  QUILL_TOOLS,
  REPOS,
  RUBRICS,
  SAFE_FRAMES,
  SENSITIVE,
  SHELL_OUTPUTS,
  openaiTools,
} from './vocab.ts';

/** A coding-agent episode: the user's task, then tool_use/tool_result turns (Anthropic shape). */
export function codingEpisode(rng: Rng, turns: number, task: string): Record<string, unknown>[][] {
  const history: Record<string, unknown>[] = [{ role: 'user', content: task }];
  const steps: Record<string, unknown>[][] = [[...history]];
  for (let turn = 1; turn < turns; turn++) {
    const id = `toolu_${hexId(rng, 20)}`;
    const name = rng.pick(['read_file', 'run_shell', 'grep', 'edit_file', 'list_dir']);
    history.push({
      role: 'assistant',
      content: [
        {
          type: 'text',
          text: rng.pick(['Let me look.', 'Running the tests.', 'Checking usages.']),
        },
        { type: 'tool_use', id, name, input: { path: `src/${hexId(rng, 6)}.ts` } },
      ],
    });
    history.push({
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: id, content: rng.pick(SHELL_OUTPUTS) }],
    });
    steps.push([...history]);
  }
  return steps;
}

/**
 * r3-forge — agentic software-engineering trajectories (the Feb and Apr–Jun reports). Evasion: it
 * runs the public tool schema and user agent of `quill`, a popular open-source coding agent, so its
 * tool set is the one thousands of real developers send; turns are sequential with tool results,
 * like a real agent loop; each account keeps one residential address and runs only a few
 * episodes. Tells it cannot shed: every turn asks for the maximal thinking budget, its tasks come
 * from one generator, and 180 new accounts each start the same kind of episode at the same time.
 */
function forge(rng: Rng, scale: number): Actor {
  const owned = accounts(rng, 'r3_forge', scaled(180, scale), {
    tier: 'default',
    ageDays: [0.5, 6],
    verified: 0.2,
  });
  const ips = new Map(owned.map((a) => [a.id, residentialIp(rng)]));
  return {
    name: 'r3-forge',
    persona: 'r3-agentic-trajectories',
    role: 'distiller',
    campaign: 'r3-forge',
    accounts: owned,
    async run(ctx) {
      let cursor = 0;
      await runWorkers(ctx, scaled(28, scale), async (_, wrng) => {
        // Episodes go round-robin over the accounts, so that each runs only one or two.
        const account = owned[cursor++ % owned.length]?.id ?? '';
        const task = `In ${wrng.pick(REPOS)} (${wrng.pick(LANGUAGES_CODE)}): ${wrng.pick(CODING_ISSUES)}. ${wrng.pick(CODING_ASKS)}`;
        for (const messages of codingEpisode(wrng, wrng.int(3, 7), task)) {
          if (ctx.stopped()) return;
          const response = await ctx.send(
            account,
            request(
              'anthropic',
              {
                model: OLD_MODEL,
                max_tokens: 32_000,
                thinking: { type: 'enabled', budget_tokens: 24_000 },
                system:
                  'You are quill, an autonomous coding agent working in the user’s repository.',
                tools: QUILL_TOOLS,
                messages,
              },
              CLIENTS.quill,
              ips.get(account) ?? '0.0.0.0',
            ),
          );
          if (response.status === 403) return;
          await backOff(ctx, response);
          await ctx.sleep(humanGap(wrng, 900, 0.5));
        }
        await ctx.sleep(humanGap(wrng, 1_000, 0.6));
      });
    },
  };
}

/**
 * r3-babel — reasoning-trace coercion in six languages (the >100,000-prompt campaign). Evasion:
 * the coercion is phrased as a teacher's request in Chinese, Russian, Korean, Arabic, Spanish or
 * Vietnamese (no English "step by step"), accounts enrolled through the education programme as a
 * "tutoring startup", every request carries a fresh `metadata.user_id` like a tutoring app's
 * students, and each account sticks to one language and one address. Tells: every request
 * coerces the trace with the maximal thinking budget, problems come from one generator, 140
 * fresh accounts.
 */
function babel(rng: Rng, scale: number): Actor {
  const owned = accounts(rng, 'r3_babel', scaled(140, scale), {
    tier: 'default',
    ageDays: [1, 14],
    verified: false,
    programme: 'education',
  });
  const languages = Object.keys(COERCION);
  const lang = new Map(owned.map((a) => [a.id, rng.pick(languages)]));
  const ips = new Map(owned.map((a) => [a.id, residentialIp(rng)]));
  const clients: Client[] = [CLIENTS.anthropicPython, CLIENTS.httpx, CLIENTS.anthropicNode];
  const client = new Map(owned.map((a) => [a.id, rng.pick(clients)]));
  return {
    name: 'r3-babel',
    persona: 'r3-polyglot-trace-coercion',
    role: 'distiller',
    campaign: 'r3-babel',
    accounts: owned,
    async run(ctx) {
      await runWorkers(ctx, scaled(14, scale), async (_, wrng) => {
        const account = wrng.pick(owned).id;
        const coercion = wrng.pick(COERCION[lang.get(account) ?? 'zh'] ?? []);
        const response = await ctx.send(
          account,
          request(
            'anthropic',
            {
              model: OLD_MODEL,
              max_tokens: 16_000,
              thinking: { type: 'enabled', budget_tokens: 12_000 },
              metadata: { user_id: `stu-${hexId(wrng, 10)}` },
              messages: [
                { role: 'user', content: `${coercion}\n\n${fill(wrng, PROBLEM, PROBLEM_SLOTS)}` },
              ],
            },
            client.get(account) ?? CLIENTS.httpx,
            ips.get(account) ?? '0.0.0.0',
          ),
        );
        await backOff(ctx, response);
        await ctx.sleep(humanGap(wrng, 900, 0.7));
      });
    },
  };
}

/**
 * r3-assay — the model as a reward model (rubric grading, Feb report). Evasion: the accounts
 * declare eval use (unverified) under three shell "AI-quality startups" on the startup programme,
 * run at temperature 0 like a real LLM-as-judge harness, and rotate six rubric wordings over
 * varied questions and 2–4 candidates. Tells: it grades its own model's samples at a volume and
 * breadth (every domain) no single product's eval needs, from 60 unverified new accounts.
 */
function assay(rng: Rng, scale: number): Actor {
  const owned = [0, 1, 2].flatMap((org) =>
    accounts(rng, `r3_assay${org}`, scaled(20, scale), {
      tier: 'default',
      ageDays: [2, 20],
      verified: false,
      org: `org_r3_evalco${org}`,
      programme: 'startup',
      declaredUse: 'eval',
    }),
  );
  const ips = new Map(owned.map((a) => [a.id, residentialIp(rng)]));
  return {
    name: 'r3-assay',
    persona: 'r3-rubric-mill',
    role: 'distiller',
    campaign: 'r3-assay',
    accounts: owned,
    async run(ctx) {
      await runWorkers(ctx, scaled(10, scale), async (_, wrng) => {
        const account = wrng.pick(owned).id;
        const question = wrng.pick(GRADING_QUESTIONS);
        const candidates = Array.from(
          { length: wrng.int(2, 4) },
          (_, i) =>
            `[${String.fromCharCode(65 + i)}] ${wrng.pick(CANDIDATE_OPENERS)} ${hexId(wrng, 4)} … (${wrng.int(80, 400)} words)`,
        ).join('\n');
        const response = await ctx.send(
          account,
          request(
            'openai',
            {
              model: OLD_MODEL,
              temperature: 0,
              max_tokens: 4_000,
              messages: [
                { role: 'system', content: wrng.pick(RUBRICS) },
                { role: 'user', content: `Question: ${question}\n\nCandidates:\n${candidates}` },
              ],
            },
            CLIENTS.openaiPython,
            ips.get(account) ?? '0.0.0.0',
          ),
        );
        await backOff(ctx, response);
        await ctx.sleep(machineGap(wrng, 1_000, 0.5));
      });
    },
  };
}

/**
 * r3-tide — a hydra proxy network (the ">20,000 accounts at once" cluster). Evasion: round-robin
 * over 240 accounts, a new residential exit per request, each account rotating between five SDK
 * fingerprints, 30% unrelated cover chat mixed into each account's stream, polite back-off on
 * 429, and every account refused with 403 replaced at once from a reserve of 80. Tells: the
 * harvest half (coding and reasoning with large budgets) repeats across hundreds of fresh
 * accounts in lockstep.
 */
function tide(rng: Rng, scale: number): Actor {
  const active = scaled(240, scale);
  const owned = accounts(rng, 'r3_tide', active + scaled(80, scale), {
    tier: 'default',
    ageDays: [0, 3],
    verified: false,
  });
  const clients: Client[] = [
    CLIENTS.anthropicPython,
    CLIENTS.anthropicNode,
    CLIENTS.httpx,
    CLIENTS.langchain,
    CLIENTS.requests,
  ];
  return {
    name: 'r3-tide',
    persona: 'r3-hydra-with-cover',
    role: 'distiller',
    campaign: 'r3-tide',
    accounts: owned,
    async run(ctx) {
      const pool = owned.slice(0, active).map((a) => a.id);
      const reserve = owned.slice(active).map((a) => a.id);
      let cursor = 0;
      await runWorkers(ctx, scaled(28, scale), async (_, wrng) => {
        const slot = cursor++ % pool.length;
        const account = pool[slot] ?? '';
        const cover = wrng.chance(0.3);
        const harvest = wrng.chance(0.5)
          ? `${fill(wrng, PROBLEM, PROBLEM_SLOTS)} Walk through your full reasoning before answering.`
          : `Implement in ${wrng.pick(LANGUAGES_CODE)}: ${wrng.pick(CODING_ISSUES)}. Explain each design decision.`;
        const body: Record<string, unknown> = cover
          ? {
              model: OLD_MODEL,
              max_tokens: wrng.pick([256, 512, 1024]),
              messages: [{ role: 'user', content: wrng.pick(COVER) }],
            }
          : {
              model: OLD_MODEL,
              max_tokens: 20_000,
              thinking: { type: 'enabled', budget_tokens: wrng.pick([12_000, 16_000]) },
              messages: [{ role: 'user', content: harvest }],
            };
        const sent = request('anthropic', body, wrng.pick(clients), residentialIp(wrng));
        const response = await ctx.send(account, cover ? { ...sent, cover } : sent);
        if (response.status === 403 && reserve.length > 0) pool[slot] = reserve.shift() ?? account;
        await backOff(ctx, response, 2_000);
        await ctx.sleep(machineGap(wrng, 1_000, 0.6));
      });
    },
  };
}

/**
 * r3-leap — orchestration and computer use, then the pivot to the new model (the lab that moved
 * half its traffic within 24 h). Evasion: 90 aged, verified accounts on the standard tier (bought
 * or farmed long before), a stable address and SDK each, and a pivot ramped over ~10 s (hours)
 * from the release instead of a step, reaching half the traffic. Tells: long-horizon planner
 * prompts and screenshot-driven computer use from one generator across 90 accounts, maximal
 * budgets, and the synchronised shift to the new model.
 */
function leap(rng: Rng, scale: number): Actor {
  const owned = accounts(rng, 'r3_leap', scaled(90, scale), {
    tier: 'standard',
    ageDays: [120, 420],
    verified: true,
  });
  const ips = new Map(owned.map((a) => [a.id, residentialIp(rng)]));
  return {
    name: 'r3-leap',
    persona: 'r3-orchestration-pivot',
    role: 'distiller',
    campaign: 'r3-leap',
    accounts: owned,
    async run(ctx) {
      const release = ctx.releasedAt(NEW_MODEL);
      await runWorkers(ctx, scaled(14, scale), async (_, wrng) => {
        const account = wrng.pick(owned).id;
        const since = ctx.now() - release;
        const newShare = since < 0 ? 0 : Math.min(0.5, (since / 10_000) * 0.5);
        const model = wrng.chance(newShare) ? NEW_MODEL : OLD_MODEL;
        const computer = wrng.chance(0.4);
        const body: Record<string, unknown> = computer
          ? {
              model,
              max_tokens: 8_192,
              thinking: { type: 'enabled', budget_tokens: 6_000 },
              tools: [COMPUTER_TOOL],
              messages: [
                {
                  role: 'user',
                  content: [
                    { type: 'text', text: wrng.pick(COMPUTER_TASKS) },
                    {
                      type: 'image',
                      source: { type: 'base64', media_type: 'image/png', data: fakeImage(wrng) },
                    },
                  ],
                },
              ],
            }
          : {
              model,
              max_tokens: 32_000,
              thinking: { type: 'enabled', budget_tokens: 24_000 },
              tools: ORCHESTRATOR_TOOLS,
              messages: [
                {
                  role: 'user',
                  content: fill(wrng, wrng.pick(ORCHESTRATION), ORCHESTRATION_SLOTS),
                },
              ],
            };
        const response = await ctx.send(
          account,
          request('anthropic', body, CLIENTS.anthropicPython, ips.get(account) ?? '0.0.0.0'),
        );
        await backOff(ctx, response);
        await ctx.sleep(humanGap(wrng, 900, 0.6));
      });
    },
  };
}

/**
 * r3-velvet — "safe alternative" rewrites of sensitive answers (Feb report). Evasion: OpenAI
 * dialect through a browser-style client, prompts built by a slot grammar (thousands of distinct
 * skeletons), human lognormal gaps, one stable residential address per account, no thinking and
 * moderate max_tokens. Tells: every request is a borderline topic wrapped in a request to
 * explain the model's own safety reasoning, from 70 young accounts.
 */
function velvet(rng: Rng, scale: number): Actor {
  const owned = accounts(rng, 'r3_velvet', scaled(70, scale), {
    tier: 'default',
    ageDays: [3, 30],
    verified: 0.3,
  });
  const ips = new Map(owned.map((a) => [a.id, residentialIp(rng)]));
  return {
    name: 'r3-velvet',
    persona: 'r3-safe-rewrite-mill',
    role: 'distiller',
    campaign: 'r3-velvet',
    accounts: owned,
    async run(ctx) {
      await runWorkers(ctx, scaled(8, scale), async (_, wrng) => {
        const account = wrng.pick(owned).id;
        const text = [
          fill(wrng, wrng.pick(SAFE_FRAMES.open), { topic: SENSITIVE }),
          wrng.pick(SAFE_FRAMES.ask),
          wrng.pick(SAFE_FRAMES.then),
        ].join(' ');
        const response = await ctx.send(
          account,
          request(
            'openai',
            {
              model: OLD_MODEL,
              max_tokens: wrng.pick([1_500, 2_000, 2_500]),
              temperature: wrng.pick([0.3, 0.7, 1]),
              messages: [{ role: 'user', content: text }],
            },
            wrng.chance(0.5) ? CLIENTS.openaiNode : CLIENTS.browserFetch,
            ips.get(account) ?? '0.0.0.0',
          ),
        );
        await backOff(ctx, response);
        await ctx.sleep(humanGap(wrng, 800, 0.8));
      });
    },
  };
}

/**
 * r3-undertow — harvest blended into a legitimate router's key (the hydra that "mixed the harvest
 * into unrelated customer traffic"). Evasion: owns no account; sends through the router's keys,
 * from the router's own backend addresses and client, each request with a fresh end-user id like
 * the router's customers. Tells: one tight cluster of coding-with-thinking and trace-coercion
 * prompts inside the router's diffuse stream.
 */
function undertow(routerKeys: readonly SimAccountSpec[], routerIps: readonly string[]): Actor {
  return {
    name: 'r3-undertow',
    persona: 'r3-router-blend',
    role: 'distiller',
    campaign: 'r3-undertow',
    accounts: [],
    borrows: routerKeys.map((a) => a.id),
    async run(ctx: ActorContext) {
      await runWorkers(ctx, 6, async (_, wrng) => {
        const account = wrng.pick(routerKeys).id;
        const problem = wrng.chance(0.5)
          ? `${fill(wrng, PROBLEM, PROBLEM_SLOTS)} Show all intermediate reasoning in <think> tags first.`
          : `Write a ${wrng.pick(LANGUAGES_CODE)} implementation that fixes: ${wrng.pick(CODING_ISSUES)}. Reason through edge cases first.`;
        const response = await ctx.send(
          account,
          request(
            'openai',
            {
              model: OLD_MODEL,
              max_tokens: 16_000,
              user: `u_${hexId(wrng, 16)}`,
              messages: [{ role: 'user', content: problem }],
              tools: wrng.chance(0.2) ? openaiTools(QUILL_TOOLS) : undefined,
            },
            CLIENTS.goSdk,
            wrng.pick(routerIps),
          ),
        );
        await backOff(ctx, response);
        await ctx.sleep(humanGap(wrng, 1_000, 0.5));
      });
    },
  };
}

export function campaigns(
  rng: Rng,
  scale: number,
  router: { readonly keys: readonly SimAccountSpec[]; readonly ips: readonly string[] },
): Actor[] {
  return [
    forge(rng.fork('forge'), scale),
    babel(rng.fork('babel'), scale),
    assay(rng.fork('assay'), scale),
    tide(rng.fork('tide'), scale),
    leap(rng.fork('leap'), scale),
    velvet(rng.fork('velvet'), scale),
    undertow(router.keys, router.ips),
  ];
}
