/**
 * The sixth red team's content campaigns: multilingual reasoning coercion spread thin over
 * "students", preference and critique harvest declared as evaluation, synthetic users that pivot
 * to the new model and replace every refused account, and agentic reasoning harvest mixed into a
 * real router's customer traffic. Each doc comment is the red-team brief.
 */
import type { Actor, ActorContext } from '../actor.ts';
import { scaled } from '../personas/accounts.ts';
import {
  clientProfile,
  cloudIp,
  homeIp,
  proxyPool,
  type ClientKind,
  type ClientProfile,
} from '../personas/clients.ts';
import type { Rng } from '../rng.ts';
import { compose, expand } from '../vocab/expand.ts';
import {
  accounts,
  assistantTurn,
  between,
  chatBody,
  facts,
  hex,
  human,
  M,
  maxOut,
  messagesBody,
  schema,
  send,
  shuffled,
  toolExchange,
  tracker,
  userTurn,
  weighted,
  type Tool,
} from './common.ts';
import { bazaarUser, type RouterFront } from './products.ts';
import {
  CANDIDATE_CLOSERS,
  CANDIDATE_OPENERS,
  CANDIDATE_SENTENCES,
  JUDGE,
  REWRITE_ASK,
  ROUTED,
  ROUTED_ASKS,
  RUBRICS,
  SYNTH,
  SYNTH_FOLLOW_UPS,
  SYNTH_OPENERS,
} from './vocab-harvest.ts';
import { COERCION, COERCION_MORE, PROBLEMS } from './vocab-multilingual.ts';

const LANGUAGES: readonly (readonly [string, number])[] = [
  ['zh', 22],
  ['ru', 12],
  ['vi', 10],
  ['ko', 8],
  ['id', 8],
  ['tr', 8],
  ['pt', 8],
  ['ar', 8],
  ['hi', 6],
  ['ja', 5],
  ['fa', 3],
  ['en', 2],
];

/**
 * `r6-polyglot` — reasoning-trace coercion in eleven languages, low and slow (persona
 * `multilingual-cot`).
 *
 * Evasion: two hundred "students" — young accounts, most in the education or research
 * programme, each with its own home address, client and language — ask for step-by-step
 * reasoning, for the derivation of a supplied answer, or for the inner monologue inside a tag,
 * phrased the way a native speaker would, never in English. Each account sends a few requests a
 * minute with human pauses and occasional follow-ups; a 429 makes it slower still; a 403 retires
 * it. Nothing is shared across accounts except the shape of the ask.
 *
 * Tells: every request elicits reasoning (narrow focus), with large thinking budgets or
 * reasoning_effort high on a reasoning model; "the answer is N, reconstruct the derivation" is a
 * harvest pattern in any language; programme accounts days old; the problem pool is the same
 * symbolic set across all languages; 24/7 activity for "students".
 */
export function polyglot(rng: Rng, scale: number): Actor {
  const total = scaled(220, scale, 4);
  const list = accounts('polyglot', total, () => {
    const roll = rng.next();
    return facts({
      tier: rng.chance(0.7) ? 'free' : 'default',
      ageDays: 3 + rng.next() * 37,
      verified: rng.chance(0.15),
      programme: roll < 0.6 ? 'education' : roll < 0.75 ? 'research' : undefined,
    });
  });
  const kinds: readonly (readonly [ClientKind, number])[] = [
    ['openai-python', 35],
    ['anthropic-python', 25],
    ['httpx', 15],
    ['browser', 25],
  ];
  const people = list.map((account) => {
    const kind = weighted(rng, kinds);
    return {
      account,
      language: weighted(rng, LANGUAGES),
      client: clientProfile(rng, kind),
      ip: homeIp(rng),
      openai: kind === 'openai-python' || (kind !== 'anthropic-python' && rng.chance(0.4)),
    };
  });
  return {
    name: 'r6-polyglot',
    persona: 'multilingual-cot',
    role: 'distiller',
    campaign: 'r6-polyglot',
    accounts: list,
    async run(ctx) {
      await Promise.all(
        people.map(async (person) => {
          const p = ctx.rng.fork(person.account.id);
          let pace = 1;
          await ctx.sleep(p.next() * 12_000);
          while (!ctx.stopped()) {
            const templates = COERCION[person.language] ?? COERCION['en'] ?? [];
            const turns = [userTurn(compose(p, templates, PROBLEMS))];
            const more = p.chance(0.35) ? 2 : 1;
            for (let turn = 0; turn < more && !ctx.stopped(); turn++) {
              const response = await send(
                ctx,
                person.account.id,
                person.openai ? 'openai' : 'anthropic',
                body(p, ctx, person.openai, turns),
                person.client,
                p.chance(0.9) ? person.ip : homeIp(p),
              );
              if (response.status === 403) return;
              if (response.status === 429) {
                pace = Math.min(pace * 2, 8);
                await ctx.sleep((response.retryAfterMs ?? 5_000) * 1.5);
                break;
              }
              turns.push(assistantTurn(p.pick(['1.', 'Step 1:', '首先，', 'Шаг 1.', 'Bước 1:'])));
              const follow = COERCION_MORE[person.language] ?? COERCION_MORE['en'] ?? [];
              turns.push(userTurn(compose(p, follow, PROBLEMS)));
              await ctx.sleep(between(p, 4_000, 8_000));
            }
            await ctx.sleep(human(p, 16_000 * pace));
          }
        }),
      );
    },
  };

  function body(
    p: Rng,
    ctx: ActorContext,
    openai: boolean,
    turns: readonly Record<string, unknown>[],
  ): Record<string, unknown> {
    const messages = [...turns];
    if (openai)
      return p.chance(0.5)
        ? chatBody({
            model: M.reasoner,
            messages,
            maxCompletionTokens: p.pick([16_000, 25_000, 32_000]),
            reasoningEffort: 'high',
          })
        : chatBody({
            model: M.chat,
            messages,
            maxTokens: p.int(4_096, maxOut(M.chat)),
            temperature: 0.7,
          });
    const budget = p.pick([6_000, 10_000, 16_000, 24_000]);
    const model = ctx.now() >= ctx.releasedAt(M.newest) && p.chance(0.2) ? M.newest : M.current;
    return messagesBody({
      model,
      messages,
      thinking: budget,
      maxTokens: Math.min(maxOut(model), budget + p.pick([4_000, 8_000])),
      stream: p.chance(0.3),
    });
  }
}

/** A judging prompt around candidates from the campaign's own student model. */
function judgePrompt(j: Rng): string {
  const question = expand(j, j.pick(JUDGE['ask'] ?? ['{topic}']), JUDGE);
  const count = j.int(2, 4);
  const style = j.int(0, 2);
  const candidates = Array.from({ length: count }, (_, index) => {
    const sentences = shuffled(j, CANDIDATE_SENTENCES)
      .slice(0, j.int(3, 8))
      .map((sentence) => expand(j, sentence, JUDGE));
    const text = [j.pick(CANDIDATE_OPENERS), ...sentences, j.pick(CANDIDATE_CLOSERS)]
      .filter((part) => part !== '')
      .join(' ');
    const label = String.fromCharCode(65 + index);
    if (style === 0) return `Response ${label}:\n${text}`;
    if (style === 1) return `[Candidate ${index + 1}]\n${text}`;
    return `<response id="${index + 1}">\n${text}\n</response>`;
  });
  const rubric = expand(j, j.pick(RUBRICS), JUDGE);
  const rewrite = j.chance(0.35) ? `\n\n${j.pick(REWRITE_ASK)}` : '';
  return `${rubric}\n\nQuestion:\n${question}\n\n${candidates.join('\n\n')}${rewrite}`;
}

/**
 * `r6-jury` — preference and critique harvest as a declared evaluation (persona `judge-harvest`,
 * declared use `eval`).
 *
 * Evasion: two "evaluation labs" in the research programme, mostly verified, on scale and
 * standard tiers, declare eval use and call from a few cloud backends like any eval
 * infrastructure: rubric grading, pairwise and listwise comparisons at temperature 0, JSON
 * output, sometimes n = 3. That is what LLM-as-judge evaluation looks like, and declared-use
 * accounts are capped at observe/throttle unless a person reviews — the honest "cannot be
 * actioned" case. They slow down when throttled, like a polite harness.
 *
 * Tells: the items never repeat (a real eval re-runs a fixed set); candidates are fresh text
 * every time and the prompt asks for long critiques, and often for the ideal response itself —
 * reward-model and rewrite data; volume far above what any evaluation needs, sustained; the
 * orgs are about two months old; the job runner's gaps are nearly constant.
 */
export function jury(rng: Rng, scale: number): Actor {
  const total = scaled(80, scale, 2);
  const orgs = [
    { org: 'org_veritasevals', kind: 'anthropic-python' as ClientKind, age: 38 },
    { org: 'org_openbenchlab', kind: 'openai-python' as ClientKind, age: 61 },
  ].map((lab) => ({ ...lab, backends: [cloudIp(rng), cloudIp(rng), cloudIp(rng)] }));
  const list = accounts('jury', total, (index) => {
    const lab = orgs[index < total * 0.6 ? 0 : 1] as (typeof orgs)[number];
    return facts({
      org: lab.org,
      tier: rng.chance(0.5) ? 'scale' : 'standard',
      ageDays: lab.age - rng.next() * 14,
      verified: rng.chance(0.7),
      programme: rng.chance(0.6) ? 'research' : undefined,
      declaredUse: 'eval',
    });
  });
  const runners = list.map((account) => {
    const lab = (account.org === orgs[0]?.org ? orgs[0] : orgs[1]) as (typeof orgs)[number];
    return {
      account,
      openai: lab.kind === 'openai-python',
      client: clientProfile(rng, lab.kind),
      backends: lab.backends,
    };
  });
  return {
    name: 'r6-jury',
    persona: 'judge-harvest',
    role: 'distiller',
    campaign: 'r6-jury',
    accounts: list,
    async run(ctx) {
      await Promise.all(
        runners.map(async (runner) => {
          const j = ctx.rng.fork(runner.account.id);
          let slow = 1;
          await ctx.sleep(j.next() * 6_000);
          // The job runner: one item at a time per key, a near-constant gap between items.
          while (!ctx.stopped()) {
            const prompt = judgePrompt(j);
            const body = runner.openai
              ? chatBody({
                  model: M.chat,
                  messages: [userTurn(prompt)],
                  temperature: 0,
                  maxTokens: j.pick([4_096, 6_000, 8_192]),
                  ...(j.chance(0.2) ? { n: 3 } : {}),
                  ...(j.chance(0.3) ? { responseFormat: 'json_object' as const } : {}),
                })
              : messagesBody({
                  model: M.current,
                  messages: [userTurn(prompt)],
                  system: 'You are a careful, impartial evaluator.',
                  temperature: 0,
                  maxTokens: j.pick([4_096, 6_000, 8_192]),
                  thinking: j.chance(0.2) ? 4_000 : undefined,
                });
            const response = await send(
              ctx,
              runner.account.id,
              runner.openai ? 'openai' : 'anthropic',
              body,
              runner.client,
              j.pick(runner.backends),
            );
            if (response.status === 403) return;
            if (response.status === 429) {
              slow = Math.min(slow * 2, 16);
              await ctx.sleep(response.retryAfterMs ?? 10_000);
            }
            await ctx.sleep(between(j, 5_500, 7_500) * slow);
            slow = Math.max(1, slow * 0.97);
          }
        }),
      );
    },
  };
}

/**
 * `r6-lateral` — synthetic users that pivot to the new model and replace every refused account
 * (persona `synthetic-users`).
 *
 * Evasion: each working slot is a simulated person — one account, its own client (mostly a
 * browser), short conversations with follow-ups and human pauses — asking for thorough
 * explanations and for "safe alternatives" to answers other assistants refused. Prompts are
 * written from many templates with varied preambles; max_tokens and temperature vary. Within
 * seconds of the new model's release ("hours" in run time) the slots move most traffic to it,
 * talk faster, and forty reserve accounts join. Any 403 or 429 retires the account at once and a
 * fresh reserve account takes the slot.
 *
 * Tells: the whole cohort's share of the newest model jumps together right after release;
 * replacement accounts are hours old and appear exactly when others are refused; refused
 * accounts never come back; every conversation leans to long-form or refusal-adjacent content
 * at high max_tokens; the slots' "homes" are residential-proxy exits, a new one per
 * conversation.
 */
export function lateral(rng: Rng, scale: number): Actor {
  const activeCount = scaled(80, scale, 2);
  const surge = scaled(40, scale, 1);
  const reserveCount = scaled(70, scale, 2) + surge;
  const list = [
    ...accounts('lateral', activeCount, () =>
      facts({
        tier: rng.chance(0.6) ? 'free' : 'default',
        ageDays: 3 + rng.next() * 17,
        verified: rng.chance(0.05),
        programme: rng.chance(0.15) ? rng.pick(['education', 'startup']) : undefined,
      }),
    ),
    ...accounts('lateralr', reserveCount, () =>
      facts({
        tier: rng.chance(0.7) ? 'free' : 'default',
        ageDays: rng.next() * 1.2,
        verified: false,
      }),
    ),
  ];
  // Generic clients only: a synthetic user's requests go to either dialect.
  const kinds: readonly (readonly [ClientKind, number])[] = [
    ['browser', 45],
    ['axios', 20],
    ['httpx', 20],
    ['aiohttp', 15],
  ];
  const clients = new Map<string, ClientProfile>(
    list.map((account) => [account.id, clientProfile(rng, weighted(rng, kinds))]),
  );
  const exits = proxyPool(rng, Math.max(10, Math.round(list.length * 0.7)));
  return {
    name: 'r6-lateral',
    persona: 'synthetic-users',
    role: 'distiller',
    campaign: 'r6-lateral',
    accounts: list,
    async run(ctx) {
      const reserve = list.slice(activeCount);
      const release = ctx.releasedAt(M.newest);
      const pivotAt = release + between(ctx.rng, 2_000, 4_000);
      const slot = async (first: string | undefined, index: number, startAt: number) => {
        const u = ctx.rng.fork(`slot${index}`);
        if (startAt > ctx.now()) await ctx.sleep(startAt - ctx.now());
        await ctx.sleep(u.next() * 8_000);
        // Surge slots take a fresh reserve account when the pivot comes.
        let account = first ?? reserve.shift()?.id;
        while (account !== undefined && !ctx.stopped()) {
          const ip = u.pick(exits);
          const turns: Record<string, unknown>[] = [];
          const length = u.int(1, 4);
          let retire = false;
          for (let turn = 0; turn < length && !ctx.stopped(); turn++) {
            turns.push(userTurn(compose(u, turn === 0 ? SYNTH_OPENERS : SYNTH_FOLLOW_UPS, SYNTH)));
            const pivoted = ctx.now() >= pivotAt;
            const model = pivoted && u.chance(0.7) ? M.newest : u.chance(0.6) ? M.current : M.chat;
            const openai = model === M.chat;
            const max = maxOut(model);
            const maxTokens = u.int(Math.round(max * 0.6), max);
            const temperature = u.pick([0.4, 0.6, 0.7, 0.8, 1]);
            const stream = u.chance(0.5);
            const messages = [...turns];
            const response = await send(
              ctx,
              account,
              openai ? 'openai' : 'anthropic',
              openai
                ? chatBody({ model, messages, maxTokens, temperature, stream })
                : messagesBody({ model, messages, maxTokens, temperature, stream }),
              clients.get(account) as ClientProfile,
              ip,
            );
            if (response.status === 403 || response.status === 429) {
              if (response.status === 429) await ctx.sleep(response.retryAfterMs ?? 2_000);
              retire = true;
              break;
            }
            turns.push(
              assistantTurn(
                u.pick(['Sure — here is a detailed answer.', 'Good question.', 'Let me explain.']),
              ),
            );
            await ctx.sleep(human(u, pivoted ? 7_000 : 11_000));
          }
          if (retire) account = reserve.shift()?.id;
          else await ctx.sleep(human(u, 4_000));
        }
      };
      await Promise.all([
        ...list.slice(0, activeCount).map((account, index) => slot(account.id, index, 0)),
        ...Array.from({ length: surge }, (_, index) =>
          slot(undefined, activeCount + index, pivotAt),
        ),
      ]);
    },
  };
}

const ROUTED_TOOLS: readonly Tool[] = [
  {
    name: 'python_exec',
    description: 'Execute Python code and return stdout.',
    schema: schema({ code: 'string' }),
  },
  {
    name: 'sql_query',
    description: 'Run a read-only SQL query on the analytics warehouse.',
    schema: schema({ query: 'string', limit: 'integer' }),
  },
  {
    name: 'read_table',
    description: 'Read rows of a named table or spreadsheet tab.',
    schema: schema({ table: 'string', rows: 'integer' }),
  },
  {
    name: 'web_search',
    description: 'Search the web and return the top results.',
    schema: schema({ q: 'string' }),
  },
  {
    name: 'calendar_lookup',
    description: 'Return free/busy slots for people.',
    schema: schema({ people: 'string', week: 'string' }),
  },
];

function routedInput(r: Rng, tool: string): Record<string, unknown> {
  switch (tool) {
    case 'python_exec':
      return {
        code: r.pick([
          'import pandas as pd\ndf = pd.read_csv("orders.csv")\nprint(df.describe())',
          'print(sum(late) / len(rows))',
        ]),
      };
    case 'sql_query':
      return {
        query: r.pick([
          'SELECT * FROM late_deliveries',
          'SELECT vendor, avg(delay) FROM shipments GROUP BY 1',
        ]),
        limit: 100,
      };
    case 'read_table':
      return { table: r.pick(['payments', 'bank_export', 'orders', 'calendar']), rows: 50 };
    case 'web_search':
      return { q: r.pick(['vendor contract termination clause', 'van routing heuristics']) };
    default:
      return { people: 'interviewers', week: `2026-W${r.int(10, 40)}` };
  }
}

function routedResult(r: Rng, tool: string): string {
  switch (tool) {
    case 'python_exec':
      return `${r.int(3, 900)}\n[${r.int(1, 99)}, ${r.int(1, 99)}, ${r.int(1, 99)}]`;
    case 'sql_query':
    case 'read_table':
      return JSON.stringify(
        Array.from({ length: r.int(2, 6) }, () => ({
          id: r.int(1000, 9999),
          value: r.int(1, 5000) / 10,
          status: r.pick(['late', 'ok', 'missing', 'disputed']),
        })),
      );
    case 'web_search':
      return `1. ${r.pick(['Vendor terms overview', 'Industry benchmark 2026', 'Pricing page'])}\n2. ${r.pick(['Forum thread', 'Docs', 'News article'])}`;
    default:
      return `free: ${r.pick(['Mon', 'Tue', 'Wed', 'Thu'])} ${r.int(9, 16)}:00`;
  }
}

/**
 * `r6-sidecar` — agentic reasoning harvest mixed into a real router's customer traffic (persona
 * `router-blend`; it owns no account and borrows the router's keys).
 *
 * Evasion: the router `bazaar` serves thousands of real end users through a dozen keys from a
 * few backends. The campaign sends from the same backends with the same SDK, labels every
 * request with an end-user id in the router's own format — almost always a new one — and keeps
 * to the router's models and dialect, spread evenly over its keys. A key that answers 429 gets
 * less of the harvest for a while (the router's real traffic is the cover, so it must not be
 * burned); a key that answers 403 is dropped.
 *
 * Tells: within each key, a tight cluster of requests that all carry tool transcripts, ask for
 * detailed reasoning before every call and set high max_tokens or reasoning_effort high — unlike
 * the diffuse customer traffic around them; end-user ids that never come back, while real users
 * do.
 */
export function sidecar(front: RouterFront, scale: number): Actor {
  const rate = 7 * scale;
  return {
    name: 'r6-sidecar',
    persona: 'router-blend',
    role: 'distiller',
    campaign: 'r6-sidecar',
    accounts: [],
    borrows: front.accounts,
    async run(ctx) {
      const weight = new Map(front.accounts.map((key) => [key, 1]));
      const recent: string[] = [];
      const work = tracker();
      await ctx.sleep(ctx.rng.next() * 3_000);
      while (!ctx.stopped()) {
        await ctx.sleep(ctx.rng.exponential(1000 / rate));
        if (ctx.stopped() || weight.size === 0) break;
        const r = ctx.rng.fork(`req${ctx.now()}`);
        for (const [key, value] of weight) weight.set(key, Math.min(1, value * 1.02));
        const key = weighted(r, [...weight.entries()]);
        // A throttled key carries less: part of its share is simply not sent for a while.
        if (r.next() > (weight.get(key) ?? 1)) continue;
        work.fire(async () => {
          const user = recent.length > 0 && r.chance(0.2) ? r.pick(recent) : bazaarUser(r);
          recent.push(user);
          if (recent.length > 30) recent.shift();
          const tools = shuffled(r, ROUTED_TOOLS).slice(0, r.int(3, 5));
          const messages: Record<string, unknown>[] = [userTurn(compose(r, ROUTED_ASKS, ROUTED))];
          for (let call = 0, calls = r.int(0, 3); call < calls; call++) {
            const tool = r.pick(tools);
            messages.push(
              ...toolExchange(
                'openai',
                `call_${hex(r, 24)}`,
                tool.name,
                routedInput(r, tool.name),
                routedResult(r, tool.name),
                r.chance(0.6)
                  ? 'Reasoning: first I need the raw data, then I will check it against the constraints.'
                  : undefined,
              ),
            );
          }
          const reasoner = r.chance(0.4);
          const body = reasoner
            ? chatBody({
                model: M.reasoner,
                messages,
                tools,
                user,
                maxCompletionTokens: r.pick([24_000, 32_000]),
                reasoningEffort: 'high',
                stream: r.chance(0.4),
              })
            : chatBody({
                model: M.chat,
                messages,
                tools,
                user,
                maxTokens: r.int(8_000, maxOut(M.chat)),
                temperature: r.pick([0.2, 0.5, 0.7]),
                stream: r.chance(0.4),
              });
          const response = await send(
            ctx,
            key,
            'openai',
            body,
            front.stack,
            r.pick(front.backends),
          );
          if (response.status === 403) weight.delete(key);
          if (response.status === 429)
            weight.set(key, Math.max(0.05, (weight.get(key) ?? 1) * 0.3));
        });
      }
      await work.drain();
    },
  };
}
