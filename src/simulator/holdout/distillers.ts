/**
 * Distillation campaigns of the holdout scenario, each built to slip past a detector that was
 * tuned on a different simulator: slow spreading over hundreds of accounts, official SDK
 * fingerprints, fresh synthetic tool sets every episode, a harvest declared as an evaluation,
 * harvest mixed 1:3 into chat, instant replacement of refused accounts, and a pivot to a model
 * released mid-run.
 */
import type { Actor, ActorContext, ScenarioOptions, SimRequest, SimResponse } from '../actor.ts';
import type { Rng } from '../rng.ts';
import {
  Fleet,
  IdMint,
  MODEL,
  accountSpec,
  anthropicRequest,
  clamp,
  concurrently,
  hex,
  imageBlock,
  inPrefix24,
  inV6Prefix48,
  logUniform,
  maxOutput,
  openaiCallId,
  openaiImagePart,
  openaiRequest,
  outcomeOf,
  plainClient,
  publicPrefix24,
  publicV4,
  randomSdk,
  retryDelay,
  scaled,
  sdkClient,
  thinkingBlock,
  toolUseId,
  v6Prefix48,
  weighted,
  type Client,
  type SdkKind,
} from './common.ts';
import {
  COERCION_LANGS,
  coercionPrompt,
  desktopGoal,
  engineeringFollowUp,
  engineeringTask,
  episodeGoal,
  planningPrompt,
  rubricPrompt,
  saferRewritePrompt,
  synthTools,
  visionAsk,
  type CoercionLang,
} from './harvest-lexicon.ts';
import { chatProfile, chatRequest, type ResellerHandle } from './legit.ts';
import { chatFollowUp, chatOpening, chatReply } from './chat-lexicon.ts';

type Block = Record<string, unknown>;
interface AMsg {
  role: 'user' | 'assistant';
  content: string | Block[];
}

/** Actor names whose accounts are replaced from a reserve when refused (tests rely on this). */
export const ROTATING_ACTORS: readonly string[] = ['lotus-slow-hydra', 'phoenix-rotator'];

const HARVEST_AGENTS = [
  'python-httpx/0.27.2',
  'python-httpx/0.28.1',
  'aiohttp/3.9.5',
  'Python/3.11 aiohttp/3.10.10',
  'node-fetch/1.0 (+https://github.com/bitinn/node-fetch)',
  'undici',
  'Go-http-client/1.1',
  'reqwest/0.12.9',
];

const ALL_SDKS: readonly SdkKind[] = [
  'anthropic-python',
  'anthropic-js',
  'openai-python',
  'openai-js',
];

/** How a campaign worker reacts to one answer: pause on 429, report a refusal. */
async function react(
  ctx: ActorContext,
  rng: Rng,
  response: SimResponse,
): Promise<'ok' | 'refused' | 'throttled' | 'failed'> {
  const outcome = outcomeOf(response);
  if (outcome === 'throttled') await ctx.sleep(retryDelay(rng, response, 5000));
  else if (outcome === 'failed') await ctx.sleep(500 + rng.exponential(1000));
  return outcome;
}

function thinkingFor(rng: Rng, maxTokens: number, greedy: boolean): Record<string, unknown> {
  const budget = greedy ? maxTokens - rng.int(1, 4) * 1024 : rng.int(2, 12) * 1024;
  return { type: 'enabled', budget_tokens: clamp(budget, 1024, maxTokens - 1024) };
}

// =============================================================================================
// A. "lotus": slow polyglot hydra — hundreds of accounts, a handful of requests each, spread over
//    the whole run, reasoning-trace coercion in eight languages, rotating residential addresses.

export function lotusSlowHydra(rng: Rng, o: ScenarioOptions, mint: IdMint): Actor {
  const active = scaled(280, o.scale, 20);
  const reserve = scaled(40, o.scale, 4);
  const accounts = Array.from({ length: active + reserve }, () =>
    accountSpec(mint.next(), {
      tier: rng.chance(0.5) ? 'free' : 'default',
      ageDays: logUniform(rng, 0.2, 6),
      verified: rng.chance(0.05),
      programme: weighted(rng, [
        ['startup', 30],
        ['education', 15],
        ['research', 10],
        [undefined, 45],
      ]),
    }),
  );
  // Each account keeps one client and one main language; addresses rotate per request.
  const profiles = new Map<string, { client: Client; anthropic: boolean; lang: CoercionLang }>();
  for (const a of accounts) {
    const kind = rng.pick(ALL_SDKS);
    const client = rng.chance(0.6)
      ? sdkClient(randomSdk(rng, kind))
      : plainClient(rng.pick(HARVEST_AGENTS));
    profiles.set(a.id, {
      client,
      anthropic: kind.startsWith('anthropic'),
      lang: rng.pick(COERCION_LANGS),
    });
  }
  return {
    name: 'lotus-slow-hydra',
    persona: 'slow-polyglot-cot-hydra',
    role: 'distiller',
    campaign: 'lotus',
    accounts,
    async run(ctx) {
      const fleet = new Fleet(
        accounts.map((a) => a.id),
        active,
      );
      await concurrently(fleet.slotCount, async (slot) => {
        const r = ctx.rng.fork(`lotus-${slot}`);
        const handful = r.int(5, 12);
        const start = r.next() * 0.35 * ctx.duration;
        const spacing = (ctx.duration - start) / handful;
        await ctx.sleep(start);
        let sent = 0;
        let strikes = 0;
        while (!ctx.stopped() && sent < handful) {
          const account = fleet.account(slot);
          if (account === undefined) return;
          const p = profiles.get(account);
          if (!p) return;
          const lang = r.chance(0.8) ? p.lang : r.pick(COERCION_LANGS);
          const prompt = coercionPrompt(r, lang);
          const ip = publicV4(r);
          let request: SimRequest;
          if (p.anthropic) {
            const model = r.pick([MODEL.sonnet, MODEL.opus]);
            const maxTokens = r.chance(0.5) ? maxOutput(model) : r.int(8, 24) * 1024;
            const body: Record<string, unknown> = {
              model,
              max_tokens: maxTokens,
              messages: [{ role: 'user', content: prompt }],
            };
            if (r.chance(0.55)) body['thinking'] = thinkingFor(r, maxTokens, r.chance(0.6));
            request = anthropicRequest(body, p.client, ip);
          } else {
            const model = r.pick([MODEL.o4, MODEL.gpt]);
            const body: Record<string, unknown> = {
              model,
              messages: [{ role: 'user', content: prompt }],
              max_completion_tokens: r.chance(0.5) ? maxOutput(model) : r.int(8, 32) * 1024,
              reasoning_effort: r.pick(['high', 'high', 'medium']),
            };
            if (r.chance(0.15)) body['n'] = r.int(2, 4);
            request = openaiRequest(body, p.client, ip);
          }
          const outcome = await react(ctx, r, await ctx.send(account, request));
          strikes = outcome === 'throttled' ? strikes + 1 : 0;
          if (outcome === 'refused' || strikes >= 3) {
            // A fresh account takes over the slot at once, with the same remaining schedule.
            strikes = 0;
            if (fleet.replace(slot) === undefined) return;
            continue;
          }
          sent++;
          await ctx.sleep(spacing * (0.4 + 1.2 * r.next()));
        }
      });
    },
  };
}

// =============================================================================================
// B. "basalt": an SDK-mimicking hydra. Requests go round-robin over the accounts, each carrying
//    the exact user agent and x-stainless headers of an official SDK, rotated among several;
//    IPv6 hosting blocks plus a few IPv4 data-centre ranges. Long-horizon engineering sessions.

export function basaltSdkHydra(rng: Rng, o: ScenarioOptions, mint: IdMint): Actor {
  const n = scaled(210, o.scale, 20);
  const accounts = Array.from({ length: n }, () =>
    accountSpec(mint.next(), {
      tier: 'default',
      ageDays: logUniform(rng, 1, 20),
      verified: rng.chance(0.15),
      programme: rng.chance(0.2) ? 'startup' : undefined,
    }),
  );
  const sdks = Array.from({ length: 8 }, (_, i) => {
    const kind = ALL_SDKS[i % ALL_SDKS.length] ?? 'anthropic-python';
    return { kind, sdk: randomSdk(rng, kind) };
  });
  const v6 = [v6Prefix48(rng), v6Prefix48(rng), v6Prefix48(rng)];
  const v4 = [publicPrefix24(rng), publicPrefix24(rng), publicPrefix24(rng), publicPrefix24(rng)];
  return {
    name: 'basalt-sdk-hydra',
    persona: 'sdk-mimic-hydra',
    role: 'distiller',
    campaign: 'basalt',
    accounts,
    async run(ctx) {
      const r = ctx.rng.fork('basalt');
      const live = accounts.map((a) => a.id);
      const coolUntil = new Map<string, number>();
      const sessions = new Map<string, { turns: string[]; anthropic: boolean; model: string }>();
      const inFlight = new Set<Promise<void>>();
      let cursor = 0;
      const perAccountPerSecond = 0.17;
      while (!ctx.stopped() && live.length > 0) {
        // Total rate follows the live account count: each account stays near 10 req/min.
        await ctx.sleep(r.exponential(1000 / (perAccountPerSecond * live.length)));
        if (ctx.stopped()) break;
        cursor = (cursor + 1) % live.length;
        const account = live[cursor];
        if (account === undefined || (coolUntil.get(account) ?? 0) > ctx.now()) continue;
        if (inFlight.size >= 96) continue;
        const { kind, sdk } = r.pick(sdks);
        const client = sdkClient(sdk, r.chance(0.05) ? 1 : 0);
        const anthropic = kind.startsWith('anthropic');
        let session = sessions.get(account);
        if (!session || session.anthropic !== anthropic || session.turns.length >= 7) {
          const task = engineeringTask(r);
          session = {
            turns: [task.opening],
            anthropic,
            model: anthropic
              ? r.pick([MODEL.sonnet, MODEL.opus])
              : r.pick([MODEL.gpt, MODEL.gpt41]),
          };
          sessions.set(account, session);
        }
        const turns = [...session.turns];
        const maxTokens = r.chance(0.4) ? maxOutput(session.model) : r.int(6, 16) * 1024;
        const ip = r.chance(0.7) ? inV6Prefix48(r, r.pick(v6)) : inPrefix24(r, r.pick(v4));
        let request: SimRequest;
        if (anthropic) {
          const messages = turns.map((text, i) => ({
            role: i % 2 === 0 ? 'user' : 'assistant',
            content: text,
          }));
          const body: Record<string, unknown> = {
            model: session.model,
            max_tokens: maxTokens,
            messages,
          };
          if (r.chance(0.35)) body['thinking'] = thinkingFor(r, maxTokens, false);
          if (r.chance(0.5)) body['stream'] = true;
          request = anthropicRequest(body, client, ip);
        } else {
          const messages = turns.map((text, i) => ({
            role: i % 2 === 0 ? 'user' : 'assistant',
            content: text,
          }));
          const body: Record<string, unknown> = { model: session.model, messages };
          if (session.model === MODEL.gpt41)
            body['max_tokens'] = Math.min(maxTokens, maxOutput(MODEL.gpt41));
          else body['max_completion_tokens'] = maxTokens;
          if (r.chance(0.5)) body['stream'] = true;
          request = openaiRequest(body, client, ip);
        }
        const current = session;
        const p: Promise<void> = (async () => {
          const response = await ctx.send(account, request);
          const outcome = outcomeOf(response);
          if (outcome === 'refused') {
            const i = live.indexOf(account);
            if (i >= 0) live.splice(i, 1);
          } else if (outcome === 'throttled') {
            coolUntil.set(account, ctx.now() + retryDelay(r, response, 10_000));
          } else if (outcome === 'ok') {
            current.turns.push(`[${hex(r, 6)}] Done. ${r.int(3, 40)} files written.`);
            current.turns.push(engineeringFollowUp(r));
          }
        })()
          .catch(() => undefined)
          .finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      await Promise.all([...inFlight]);
    },
  };
}

/** Replaces all but the last `keep` screenshots in tool results with a short text stand-in. */
function pruneScreenshots(messages: AMsg[], keep: number): void {
  let seen = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (!message || typeof message.content === 'string') continue;
    const content = message.content.map((block) => {
      if (block['type'] !== 'tool_result' || !Array.isArray(block['content'])) return block;
      if (++seen <= keep) return block;
      return { ...block, content: [{ type: 'text', text: '[earlier screenshot omitted]' }] };
    });
    messages[i] = { role: message.role, content };
  }
}

// =============================================================================================
// C. "ferrous": agentic trajectory farm — every episode invents a new tool set, runs a multi-step
//    tool loop with interleaved thinking and fabricated observations; some episodes drive a
//    virtual desktop (computer use with screenshots).

export function ferrousTrajectoryFarm(rng: Rng, o: ScenarioOptions, mint: IdMint): Actor {
  const n = scaled(30, o.scale, 3);
  const shells = ['org_' + hex(rng, 8), 'org_' + hex(rng, 8), 'org_' + hex(rng, 8)];
  const accounts = Array.from({ length: n }, (_, i) =>
    accountSpec(mint.next(), {
      tier: 'standard',
      ageDays: logUniform(rng, 3, 15),
      verified: rng.chance(0.1),
      programme: 'startup',
      org: shells[i % shells.length],
    }),
  );
  const prefixes = [publicPrefix24(rng), publicPrefix24(rng), publicPrefix24(rng)];
  const setup = accounts.map(() => ({
    ip: inPrefix24(rng, rng.pick(prefixes)),
    client: rng.chance(0.5)
      ? plainClient(rng.pick(HARVEST_AGENTS))
      : sdkClient(randomSdk(rng, 'anthropic-python')),
    openaiClient: sdkClient(randomSdk(rng, 'openai-python')),
  }));
  return {
    name: 'ferrous-trajectory-farm',
    persona: 'trajectory-harvester',
    role: 'distiller',
    campaign: 'ferrous',
    accounts,
    async run(ctx) {
      await concurrently(n, async (k) => {
        const r = ctx.rng.fork(`ferrous-${k}`);
        const account = accounts[k]?.id ?? '';
        const s = setup[k];
        if (!s) return;
        await ctx.sleep(r.int(0, 3000));
        while (!ctx.stopped()) {
          const desktop = r.chance(0.25);
          const openai = !desktop && r.chance(0.2);
          const steps = r.int(2, 7);
          const tools = synthTools(r, r.int(4, 9));
          const goal = desktop ? desktopGoal(r) : episodeGoal(r);
          const model = r.pick([MODEL.sonnet, MODEL.opus]);
          const maxTokens = r.chance(0.5) ? maxOutput(model) : r.int(12, 24) * 1024;
          const thinking = thinkingFor(r, maxTokens, r.chance(0.4));
          const messages: AMsg[] = [{ role: 'user', content: goal }];
          const omessages: Block[] = [{ role: 'user', content: goal }];
          for (let step = 0; step < steps && !ctx.stopped(); step++) {
            let request: SimRequest;
            if (openai) {
              const body = {
                model: MODEL.gpt,
                messages: [...omessages],
                tools: tools.map((t) => ({
                  type: 'function',
                  function: { name: t.name, description: t.description, parameters: t.schema },
                })),
                parallel_tool_calls: false,
                reasoning_effort: 'high',
                max_completion_tokens: maxOutput(MODEL.gpt),
              };
              request = openaiRequest(body, s.openaiClient, s.ip);
            } else if (desktop) {
              const body = {
                model,
                max_tokens: maxTokens,
                thinking,
                tools: [
                  {
                    type: 'computer_20250124',
                    name: 'computer',
                    display_width_px: 1280,
                    display_height_px: 800,
                    display_number: 1,
                  },
                  { type: 'bash_20250124', name: 'bash' },
                ],
                messages: [...messages],
              };
              request = anthropicRequest(body, s.client, s.ip, [
                ['anthropic-beta', 'computer-use-2025-01-24'],
              ]);
            } else {
              const body = {
                model,
                max_tokens: maxTokens,
                thinking,
                tools: tools.map((t) => ({
                  name: t.name,
                  description: t.description,
                  input_schema: t.schema,
                })),
                messages: [...messages],
              };
              request = anthropicRequest(body, s.client, s.ip, [
                ['anthropic-beta', 'interleaved-thinking-2025-05-14'],
              ]);
            }
            const outcome = await react(ctx, r, await ctx.send(account, request));
            if (outcome === 'refused') return;
            // The farm fabricates the next observation and continues the trajectory.
            if (openai) {
              const t = r.pick(tools);
              const id = openaiCallId(r);
              const args: Record<string, unknown> = {};
              for (const p of t.params) args[p] = r.chance(0.5) ? r.int(1, 500) : hex(r, 6);
              omessages.push({
                role: 'assistant',
                content: null,
                tool_calls: [
                  {
                    id,
                    type: 'function',
                    function: { name: t.name, arguments: JSON.stringify(args) },
                  },
                ],
              });
              omessages.push({
                role: 'tool',
                tool_call_id: id,
                content: JSON.stringify({ ok: r.chance(0.8), rows: r.int(0, 40), next: hex(r, 8) }),
              });
            } else {
              const id = toolUseId(r);
              let use: Block;
              let result: Block;
              if (desktop) {
                const action = r.pick(['screenshot', 'left_click', 'type', 'key', 'scroll']);
                const input: Record<string, unknown> = { action };
                if (action === 'left_click' || action === 'scroll')
                  input['coordinate'] = [r.int(0, 1279), r.int(0, 799)];
                if (action === 'type') input['text'] = hex(r, 10);
                if (action === 'key') input['text'] = r.pick(['Return', 'ctrl+s', 'Tab']);
                use = { type: 'tool_use', id, name: 'computer', input };
                // Like real computer-use loops, only the latest screenshots are kept in full.
                pruneScreenshots(messages, 2);
                result = {
                  type: 'tool_result',
                  tool_use_id: id,
                  content: [imageBlock(r, r.int(2000, 6000))],
                };
              } else {
                const t = r.pick(tools);
                const input: Record<string, unknown> = {};
                for (const p of t.params) input[p] = r.chance(0.5) ? r.int(1, 500) : hex(r, 6);
                use = { type: 'tool_use', id, name: t.name, input };
                result = {
                  type: 'tool_result',
                  tool_use_id: id,
                  content: JSON.stringify({
                    status: r.pick(['ok', 'partial', 'error']),
                    items: r.int(0, 25),
                    cursor: hex(r, 8),
                  }),
                  ...(r.chance(0.1) ? { is_error: true } : {}),
                };
              }
              messages.push({
                role: 'assistant',
                content: [thinkingBlock(r, `step ${step + 1}: checking state ${hex(r, 5)}`), use],
              });
              messages.push({ role: 'user', content: [result] });
            }
            await ctx.sleep(650 + r.exponential(250));
          }
        }
      });
    },
  };
}

// =============================================================================================
// D. "gavel": rubric-grading harvest dressed as an evaluation — young, unverified startup-programme
//    accounts, most of them declaring eval use; long justifications and ideal rewrites.

export function gavelFakeEval(rng: Rng, o: ScenarioOptions, mint: IdMint): Actor {
  const n = scaled(25, o.scale, 3);
  const accounts = Array.from({ length: n }, (_, i) =>
    accountSpec(mint.next(), {
      tier: 'default',
      ageDays: logUniform(rng, 0.5, 5),
      verified: false,
      programme: 'startup',
      declaredUse: rng.chance(0.6) ? 'eval' : undefined,
      org: i % 2 === 0 ? 'org_benchwright' : undefined,
    }),
  );
  const harness = sdkClient(randomSdk(rng, 'openai-python'));
  const aharness = sdkClient(randomSdk(rng, 'anthropic-python'));
  return {
    name: 'gavel-fake-eval',
    persona: 'rubric-harvest-fake-eval',
    role: 'distiller',
    campaign: 'gavel',
    accounts,
    async run(ctx) {
      await concurrently(n, async (k) => {
        const r = ctx.rng.fork(`gavel-${k}`);
        const account = accounts[k]?.id ?? '';
        let ip = publicV4(r);
        await ctx.sleep(r.int(0, 5000));
        while (!ctx.stopped()) {
          // Bursts like an eval job: a batch of items, then a pause.
          const batch = r.int(4, 12);
          for (let b = 0; b < batch && !ctx.stopped(); b++) {
            const { system, user } = rubricPrompt(r);
            if (r.chance(0.1)) ip = publicV4(r);
            let request: SimRequest;
            if (r.chance(0.7)) {
              const body: Record<string, unknown> = {
                model: MODEL.gpt,
                messages: [
                  { role: 'system', content: system },
                  { role: 'user', content: user },
                ],
                reasoning_effort: 'high',
                max_completion_tokens: r.chance(0.5) ? maxOutput(MODEL.gpt) : 16_384,
              };
              if (r.chance(0.3)) body['n'] = r.pick([2, 3, 5]);
              request = openaiRequest(body, harness, ip);
            } else {
              const maxTokens = maxOutput(MODEL.opus);
              const body = {
                model: MODEL.opus,
                max_tokens: maxTokens,
                system,
                thinking: thinkingFor(r, maxTokens, true),
                messages: [{ role: 'user', content: user }],
              };
              request = anthropicRequest(body, aharness, ip);
            }
            const outcome = await react(ctx, r, await ctx.send(account, request));
            if (outcome === 'refused') return;
            await ctx.sleep(1100 + r.exponential(300));
          }
          await ctx.sleep(2000 + r.exponential(4000));
        }
      });
    },
  };
}

// =============================================================================================
// E. "driftwood": harvest mixed 1:3 into a chat stream from the same accounts.

export function driftwoodBlend(rng: Rng, o: ScenarioOptions, mint: IdMint): Actor {
  const n = scaled(60, o.scale, 4);
  const accounts = Array.from({ length: n }, () =>
    accountSpec(mint.next(), {
      tier: 'default',
      ageDays: logUniform(rng, 10, 45),
      verified: rng.chance(0.4),
    }),
  );
  const profiles = accounts.map((a) => chatProfile(rng, a.id));
  return {
    name: 'driftwood-blend',
    persona: 'blended-cover-harvester',
    role: 'distiller',
    campaign: 'driftwood',
    accounts,
    async run(ctx) {
      await concurrently(n, async (k) => {
        const r = ctx.rng.fork(`driftwood-${k}`);
        const p = profiles[k];
        if (!p) return;
        await ctx.sleep(r.int(0, 4000));
        let cover: string[] = [];
        while (!ctx.stopped()) {
          // Blocks of four: one harvest request hidden among three chat turns.
          const harvestAt = r.int(0, 3);
          for (let i = 0; i < 4 && !ctx.stopped(); i++) {
            let request: SimRequest;
            if (i === harvestAt) {
              const prompt = r.chance(0.7)
                ? saferRewritePrompt(r)
                : coercionPrompt(r, r.pick(['es', 'pt']));
              if (p.anthropic) {
                const model = r.pick([MODEL.sonnet, MODEL.opus]);
                const maxTokens = Math.min(r.int(8, 32) * 1024, maxOutput(model));
                const body: Record<string, unknown> = {
                  model,
                  max_tokens: maxTokens,
                  messages: [{ role: 'user', content: prompt }],
                };
                if (r.chance(0.6)) body['thinking'] = thinkingFor(r, maxTokens, r.chance(0.5));
                request = anthropicRequest(body, p.client, p.ip);
              } else {
                const body: Record<string, unknown> = {
                  model: MODEL.gpt,
                  messages: [{ role: 'user', content: prompt }],
                  max_completion_tokens: r.int(8, 32) * 1024,
                  reasoning_effort: 'high',
                };
                request = openaiRequest(body, p.client, p.ip);
              }
            } else {
              if (cover.length === 0 || cover.length > 7) cover = [chatOpening(r, p.lang)];
              request = { ...chatRequest(r, p, cover), cover: true };
              cover.push(chatReply(r, p.lang), chatFollowUp(r, p.lang));
            }
            const outcome = await react(ctx, r, await ctx.send(p.account, request));
            if (outcome === 'refused') return;
            await ctx.sleep(1400 + r.exponential(1000));
          }
        }
      });
    },
  };
}

// =============================================================================================
// F. "phoenix": a rotating vision hydra — refused accounts are replaced from a large reserve at
//    once, 429s are honoured (Retry-After) and slow the slot down.

export function phoenixRotator(rng: Rng, o: ScenarioOptions, mint: IdMint): Actor {
  const active = scaled(60, o.scale, 4);
  const reserve = scaled(200, o.scale, 10);
  const accounts = Array.from({ length: active + reserve }, () =>
    accountSpec(mint.next(), {
      tier: 'free',
      ageDays: logUniform(rng, 0.05, 1.5),
      verified: false,
      programme: weighted(rng, [
        ['education', 50],
        ['startup', 30],
        [undefined, 20],
      ]),
    }),
  );
  const clients = [
    sdkClient(randomSdk(rng, 'anthropic-python')),
    sdkClient(randomSdk(rng, 'anthropic-js')),
    sdkClient(randomSdk(rng, 'openai-python')),
    plainClient(rng.pick(HARVEST_AGENTS)),
  ];
  return {
    name: 'phoenix-rotator',
    persona: 'rotating-vision-hydra',
    role: 'distiller',
    campaign: 'phoenix',
    accounts,
    async run(ctx) {
      const fleet = new Fleet(
        accounts.map((a) => a.id),
        active,
      );
      await concurrently(fleet.slotCount, async (slot) => {
        const r = ctx.rng.fork(`phoenix-${slot}`);
        let ip = publicV4(r);
        let client = r.pick(clients);
        let slowdown = 1;
        let strikes = 0;
        await ctx.sleep(r.int(0, 4000));
        while (!ctx.stopped()) {
          const account = fleet.account(slot);
          if (account === undefined) return;
          const ask = visionAsk(r);
          const openai = client.userAgent.startsWith('OpenAI');
          let request: SimRequest;
          if (openai) {
            const body = {
              model: MODEL.gpt,
              messages: [
                {
                  role: 'user',
                  content: [openaiImagePart(r, r.int(4000, 16_000)), { type: 'text', text: ask }],
                },
              ],
              max_completion_tokens: maxOutput(MODEL.gpt),
              reasoning_effort: 'high',
            };
            request = openaiRequest(body, client, ip);
          } else {
            const maxTokens = r.chance(0.6) ? maxOutput(MODEL.sonnet) : 20_000;
            const body: Record<string, unknown> = {
              model: MODEL.sonnet,
              max_tokens: maxTokens,
              messages: [
                {
                  role: 'user',
                  content: [imageBlock(r, r.int(4000, 16_000)), { type: 'text', text: ask }],
                },
              ],
            };
            if (r.chance(0.7)) body['thinking'] = thinkingFor(r, maxTokens, true);
            request = anthropicRequest(body, client, ip);
          }
          const response = await ctx.send(account, request);
          const outcome = outcomeOf(response);
          strikes = outcome === 'throttled' ? strikes + 1 : 0;
          if (outcome === 'refused' || strikes >= 3) {
            // An actioned account is replaced at once: new account, new exit address, maybe a new
            // client. A 429 still costs its Retry-After first.
            if (outcome === 'throttled') await ctx.sleep(retryDelay(r, response, 4000));
            strikes = 0;
            slowdown = Math.max(1, slowdown / 2);
            if (fleet.replace(slot) === undefined) return;
            ip = publicV4(r);
            if (r.chance(0.5)) client = r.pick(clients);
            continue;
          }
          if (outcome === 'throttled') {
            slowdown = Math.min(8, slowdown * 1.6);
            await ctx.sleep(retryDelay(r, response, 4000));
          } else if (outcome === 'ok') slowdown = Math.max(1, slowdown * 0.97);
          else await ctx.sleep(1000);
          // Free tier: stay near 16 requests a minute per account.
          await ctx.sleep(slowdown * (3300 + r.exponential(500)));
        }
      });
    },
  };
}

// =============================================================================================
// G. "meridian": a campaign that moves most of its traffic to the model released mid-run.

export function meridianPivot(rng: Rng, o: ScenarioOptions, mint: IdMint): Actor {
  const n = scaled(70, o.scale, 5);
  const accounts = Array.from({ length: n }, () =>
    accountSpec(mint.next(), {
      tier: rng.chance(0.6) ? 'default' : 'standard',
      ageDays: logUniform(rng, 2, 30),
      verified: rng.chance(0.2),
      programme: rng.chance(0.3) ? 'research' : undefined,
    }),
  );
  const prefixes = [1, 2, 3, 4, 5].map(() => publicPrefix24(rng));
  const client = sdkClient(randomSdk(rng, 'anthropic-js'));
  const oclient = sdkClient(randomSdk(rng, 'openai-js'));
  const ips = accounts.map(() => inPrefix24(rng, rng.pick(prefixes)));
  return {
    name: 'meridian-pivot',
    persona: 'new-model-pivot-hydra',
    role: 'distiller',
    campaign: 'meridian',
    accounts,
    async run(ctx) {
      const release = ctx.releasedAt(MODEL.fresh);
      await concurrently(n, async (k) => {
        const r = ctx.rng.fork(`meridian-${k}`);
        const spec = accounts[k];
        const ip = ips[k] ?? publicV4(r);
        if (!spec) return;
        const baseGap = spec.tier === 'standard' ? 2000 : 3200;
        const openaiShare = 0.2;
        await ctx.sleep(r.int(0, 3000));
        while (!ctx.stopped()) {
          const t = ctx.now();
          const since = t - release;
          // Within a few (compressed) hours of the release, three quarters of the traffic moves.
          const pivotShare = since < 0 ? 0 : 0.78 * Math.min(1, since / 3000);
          const prompt = r.chance(0.6) ? planningPrompt(r) : engineeringTask(r).opening;
          let request: SimRequest;
          if (r.chance(pivotShare)) {
            const maxTokens = r.chance(0.6) ? maxOutput(MODEL.fresh) : 32_000;
            const body: Record<string, unknown> = {
              model: MODEL.fresh,
              max_tokens: maxTokens,
              messages: [{ role: 'user', content: prompt }],
              thinking: thinkingFor(r, maxTokens, r.chance(0.5)),
            };
            request = anthropicRequest(body, client, ip);
          } else if (r.chance(openaiShare)) {
            const body = {
              model: MODEL.gpt,
              messages: [{ role: 'user', content: prompt }],
              max_completion_tokens: 32_000,
              reasoning_effort: 'high',
            };
            request = openaiRequest(body, oclient, ip);
          } else {
            const model = r.pick([MODEL.sonnet, MODEL.opus]);
            const maxTokens = r.chance(0.5) ? maxOutput(model) : 16_000;
            const body: Record<string, unknown> = {
              model,
              max_tokens: maxTokens,
              messages: [{ role: 'user', content: prompt }],
            };
            if (r.chance(0.5)) body['thinking'] = thinkingFor(r, maxTokens, false);
            request = anthropicRequest(body, client, ip);
          }
          const outcome = await react(ctx, r, await ctx.send(spec.id, request));
          if (outcome === 'refused') return;
          const speedup = since >= 0 ? 1.35 : 1;
          await ctx.sleep((baseGap / speedup) * (0.8 + 0.4 * r.next()));
        }
      });
    },
  };
}

// =============================================================================================
// H. "lotus" again: a tenant of the agent platform sends the same coercion harvest through the
//    reseller's key, with a handful of downstream user ids, blended into thousands of real ones.

export function lotusPlatformTenant(handle: ResellerHandle): Actor {
  return {
    name: 'lotus-platform-tenant',
    persona: 'reseller-tenant-harvester',
    role: 'distiller',
    campaign: 'lotus',
    accounts: [],
    borrows: [handle.account],
    async run(ctx) {
      const r = ctx.rng.fork('lotus-tenant');
      const tenants = Array.from({ length: 12 }, () => `ws_${hex(r, 5)}_${hex(r, 4)}`);
      await ctx.sleep(r.int(1000, 5000));
      while (!ctx.stopped()) {
        const maxTokens = maxOutput(MODEL.sonnet);
        const body = {
          model: MODEL.sonnet,
          max_tokens: maxTokens,
          thinking: thinkingFor(r, maxTokens, true),
          messages: [{ role: 'user', content: coercionPrompt(r, r.pick(COERCION_LANGS)) }],
          metadata: { user_id: r.pick(tenants) },
        };
        const request = anthropicRequest(body, handle.client, r.pick(handle.ips));
        const outcome = await react(ctx, r, await ctx.send(handle.account, request));
        if (outcome === 'refused') return;
        await ctx.sleep(r.exponential(450));
      }
    },
  };
}
