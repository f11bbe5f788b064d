/**
 * The holdout scenario's request generation, without the proxy: every actor runs against an
 * in-memory ActorContext on a virtual clock (sleep advances simulated time at once), and every
 * request it sends is checked against its dialect's rules.
 */
import { describe, expect, it } from 'vitest';
import type { Actor, ActorContext, SimRequest, SimResponse } from '../../src/simulator/actor.ts';
import { ROTATING_ACTORS, scenario } from '../../src/simulator/holdout/index.ts';
import { createRng } from '../../src/simulator/rng.ts';
import { expectCoverMarked } from './scenario-fixtures.ts';

const SEED = 20_260_417;

interface Sent {
  readonly t: number;
  readonly actor: string;
  readonly account: string;
  readonly request: SimRequest;
  readonly status: number;
}

type Responder = (actor: string, account: string, t: number) => Partial<SimResponse>;

const OK: Responder = () => ({});

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly wake: () => void;
}

const before = (a: Timer, b: Timer): boolean => a.at < b.at || (a.at === b.at && a.seq < b.seq);

/** Timers on a virtual clock (a binary heap): the earliest sleeper wakes next. */
class VirtualClock {
  now = 0;
  private readonly heap: Timer[] = [];
  private seq = 0;
  private readonly duration: number;

  constructor(duration: number) {
    this.duration = duration;
  }

  get ended(): boolean {
    return this.now >= this.duration;
  }

  sleep(ms: number): Promise<void> {
    if (this.ended) return Promise.resolve();
    return new Promise((wake) => {
      this.push({ at: this.now + Math.max(0, ms), seq: this.seq++, wake });
    });
  }

  private push(timer: Timer): void {
    const h = this.heap;
    h.push(timer);
    for (let i = h.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!before(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  private pop(): Timer | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l]!, h[m]!)) m = l;
        if (r < h.length && before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }

  /** Drives the clock until every actor has returned; microtasks run between wake-ups. */
  async drive(done: () => boolean): Promise<void> {
    for (let idle = 0; ;) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (done()) return;
      const first = this.heap[0];
      if (!first) {
        if (++idle > 1000) throw new Error('actors stalled without a timer');
        continue;
      }
      idle = 0;
      this.now = Math.min(this.duration, Math.max(this.now, first.at));
      while (this.heap.length > 0 && (this.ended || this.heap[0]!.at <= this.now))
        this.pop()!.wake();
    }
  }
}

function releasedAt(model: string): number {
  return scenario.models.find((m) => m.name === model)?.releasedAt ?? -86_400_000;
}

async function simulate(
  actors: readonly Actor[],
  duration: number,
  respond: Responder = OK,
  seed = SEED,
): Promise<Sent[]> {
  const clock = new VirtualClock(duration);
  const sent: Sent[] = [];
  const root = createRng(seed);
  let finished = 0;
  for (const actor of actors) {
    const ctx: ActorContext = {
      rng: root.fork(actor.name),
      duration,
      now: () => clock.now,
      stopped: () => clock.ended,
      sleep: (ms) => clock.sleep(ms),
      releasedAt,
      send: (account, request) => {
        const answer = respond(actor.name, account, clock.now);
        const status = answer.status ?? 200;
        sent.push({ t: clock.now, actor: actor.name, account, request, status });
        return Promise.resolve({
          status,
          outputTokens: status === 200 ? 100 : 0,
          requestId: `req_${sent.length}`,
          retryAfterMs: answer.retryAfterMs,
        });
      },
    };
    void actor.run(ctx).then(() => finished++);
  }
  await clock.drive(() => finished === actors.length);
  return sent;
}

// ---------------------------------------------------------------------------------------------
// Dialect validation

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const MAX_BODY = 60_000;

function maxTokensOf(model: string): number {
  return scenario.models.find((m) => m.name === model)?.maxOutputTokens ?? 0;
}

function checkAnthropic(body: Json): string[] {
  const errors: string[] = [];
  const model = body['model'];
  if (typeof model !== 'string' || maxTokensOf(model) === 0)
    errors.push(`unknown model ${String(model)}`);
  const maxTokens = body['max_tokens'];
  if (!isInt(maxTokens) || maxTokens < 1) errors.push('max_tokens missing');
  else if (typeof model === 'string' && maxTokens > maxTokensOf(model))
    errors.push('max_tokens above model max');
  const thinking = body['thinking'];
  if (thinking !== undefined) {
    if (!isObject(thinking) || thinking['type'] !== 'enabled') errors.push('thinking shape');
    else {
      const budget = thinking['budget_tokens'];
      if (!isInt(budget) || budget < 1024 || !isInt(maxTokens) || budget >= maxTokens)
        errors.push(`thinking budget ${String(budget)} vs max_tokens ${String(maxTokens)}`);
    }
    if (body['temperature'] !== undefined) errors.push('temperature with thinking');
  }
  const system = body['system'];
  if (system !== undefined && typeof system !== 'string') {
    if (
      !Array.isArray(system) ||
      !system.every((b) => isObject(b) && b['type'] === 'text' && typeof b['text'] === 'string')
    )
      errors.push('system shape');
  }
  const toolNames = new Set<string>();
  const tools = body['tools'];
  if (tools !== undefined) {
    if (!Array.isArray(tools) || tools.length === 0) errors.push('tools shape');
    else
      for (const tool of tools) {
        if (!isObject(tool) || typeof tool['name'] !== 'string' || !TOOL_NAME.test(tool['name'])) {
          errors.push('tool name');
          continue;
        }
        if (toolNames.has(tool['name'])) errors.push(`duplicate tool ${tool['name']}`);
        toolNames.add(tool['name']);
        if (tool['type'] === undefined) {
          const schema = tool['input_schema'];
          if (!isObject(schema) || schema['type'] !== 'object') errors.push('tool input_schema');
        } else if (typeof tool['type'] !== 'string') errors.push('tool type');
      }
  }
  const metadata = body['metadata'];
  if (metadata !== undefined && (!isObject(metadata) || typeof metadata['user_id'] !== 'string'))
    errors.push('metadata');
  const messages = body['messages'];
  if (!Array.isArray(messages) || messages.length === 0) return [...errors, 'messages empty'];
  let pendingToolUses: string[] = [];
  messages.forEach((m: unknown, i) => {
    if (!isObject(m)) return void errors.push(`message ${i} not an object`);
    const expected = i % 2 === 0 ? 'user' : 'assistant';
    if (m['role'] !== expected)
      errors.push(`message ${i} role ${String(m['role'])}, expected ${expected}`);
    const content = m['content'];
    if (typeof content === 'string') {
      if (content.length === 0) errors.push(`message ${i} empty`);
      if (pendingToolUses.length > 0) errors.push(`message ${i} does not answer tool_use`);
      pendingToolUses = [];
      return;
    }
    if (!Array.isArray(content) || content.length === 0)
      return void errors.push(`message ${i} content`);
    const blocks = content.filter(isObject);
    if (blocks.length !== content.length) errors.push(`message ${i} non-object block`);
    if (expected === 'user') {
      const results = blocks.filter((b) => b['type'] === 'tool_result');
      const ids = results.map((b) => b['tool_use_id']);
      if (
        pendingToolUses.some((id) => !ids.includes(id)) ||
        ids.some((id) => !pendingToolUses.includes(id as string))
      )
        errors.push(`message ${i} tool_result ids do not match the tool_use ids`);
      if (
        results.length > 0 &&
        blocks.findIndex((b) => b['type'] !== 'tool_result') !== -1 &&
        blocks.findIndex((b) => b['type'] !== 'tool_result') < results.length
      )
        errors.push(`message ${i} tool_result blocks must come first`);
      pendingToolUses = [];
      for (const b of blocks) {
        const type = b['type'];
        if (type === 'text') {
          if (typeof b['text'] !== 'string' || b['text'] === '') errors.push(`message ${i} text`);
        } else if (type === 'image') {
          const source = b['source'];
          if (
            !isObject(source) ||
            source['type'] !== 'base64' ||
            !/^image\/(png|jpeg|gif|webp)$/.test(String(source['media_type'])) ||
            typeof source['data'] !== 'string'
          )
            errors.push(`message ${i} image`);
        } else if (type === 'tool_result') {
          const c = b['content'];
          if (
            typeof c !== 'string' &&
            !(
              Array.isArray(c) &&
              c.every((x) => isObject(x) && (x['type'] === 'text' || x['type'] === 'image'))
            )
          )
            errors.push(`message ${i} tool_result content`);
        } else errors.push(`message ${i} user block ${String(type)}`);
      }
    } else {
      if (pendingToolUses.length > 0) errors.push(`message ${i} unanswered tool_use`);
      pendingToolUses = [];
      blocks.forEach((b, j) => {
        const type = b['type'];
        if (type === 'text') {
          if (typeof b['text'] !== 'string') errors.push(`message ${i} text`);
        } else if (type === 'thinking') {
          if (typeof b['thinking'] !== 'string' || typeof b['signature'] !== 'string')
            errors.push(`message ${i} thinking`);
          if (j !== 0 && blocks[j - 1]?.['type'] !== 'thinking')
            errors.push(`message ${i} thinking not first`);
        } else if (type === 'redacted_thinking') {
          if (typeof b['data'] !== 'string') errors.push(`message ${i} redacted_thinking`);
        } else if (type === 'tool_use') {
          if (typeof b['id'] !== 'string' || typeof b['name'] !== 'string' || !isObject(b['input']))
            errors.push(`message ${i} tool_use`);
          else {
            if (!toolNames.has(b['name']))
              errors.push(`message ${i} tool_use of undeclared tool ${b['name']}`);
            pendingToolUses.push(b['id']);
          }
        } else errors.push(`message ${i} assistant block ${String(type)}`);
      });
      const usesTools = blocks.some((b) => b['type'] === 'tool_use');
      const first = blocks[0]?.['type'];
      if (
        thinking !== undefined &&
        usesTools &&
        first !== 'thinking' &&
        first !== 'redacted_thinking'
      )
        errors.push(
          `message ${i}: with thinking on, a tool_use turn must start with its thinking block`,
        );
    }
  });
  if (messages.length % 2 === 0) errors.push('last message must be the user turn');
  return errors;
}

const EFFORTS = new Set(['minimal', 'low', 'medium', 'high']);

function checkOpenai(body: Json): string[] {
  const errors: string[] = [];
  const model = body['model'];
  if (typeof model !== 'string' || maxTokensOf(model) === 0)
    errors.push(`unknown model ${String(model)}`);
  const mt = body['max_tokens'];
  const mct = body['max_completion_tokens'];
  if ((mt === undefined) === (mct === undefined))
    errors.push('exactly one of max_tokens / max_completion_tokens');
  const limit = mt ?? mct;
  if (!isInt(limit) || limit < 1) errors.push('token limit');
  else if (typeof model === 'string' && limit > maxTokensOf(model))
    errors.push('token limit above model max');
  if (body['n'] !== undefined && (!isInt(body['n']) || body['n'] < 1 || body['n'] > 8))
    errors.push('n');
  const effort = body['reasoning_effort'];
  if (effort !== undefined && (typeof effort !== 'string' || !EFFORTS.has(effort)))
    errors.push('reasoning_effort');
  if (body['user'] !== undefined && typeof body['user'] !== 'string') errors.push('user');
  const toolNames = new Set<string>();
  const tools = body['tools'];
  if (tools !== undefined) {
    if (!Array.isArray(tools) || tools.length === 0) errors.push('tools shape');
    else
      for (const tool of tools) {
        const fn = isObject(tool) ? tool['function'] : undefined;
        if (
          !isObject(tool) ||
          tool['type'] !== 'function' ||
          !isObject(fn) ||
          typeof fn['name'] !== 'string' ||
          !TOOL_NAME.test(fn['name'])
        ) {
          errors.push('tool shape');
          continue;
        }
        if (toolNames.has(fn['name'])) errors.push(`duplicate tool ${fn['name']}`);
        toolNames.add(fn['name']);
        const params = fn['parameters'];
        if (!isObject(params) || params['type'] !== 'object') errors.push('tool parameters');
      }
  }
  const choice = body['tool_choice'];
  if (isObject(choice)) {
    const fn = choice['function'];
    if (!isObject(fn) || !toolNames.has(String(fn['name'])))
      errors.push('tool_choice names an undeclared tool');
  }
  const messages = body['messages'];
  if (!Array.isArray(messages) || messages.length === 0) return [...errors, 'messages empty'];
  let open: string[] = [];
  messages.forEach((m: unknown, i) => {
    if (!isObject(m)) return void errors.push(`message ${i} not an object`);
    const role = m['role'];
    const content = m['content'];
    if (role !== 'tool' && open.length > 0) errors.push(`message ${i}: tool calls left unanswered`);
    if (role === 'system' || role === 'developer') {
      if (typeof content !== 'string' || content === '')
        errors.push(`message ${i} ${role} content`);
    } else if (role === 'user') {
      const ok =
        (typeof content === 'string' && content !== '') ||
        (Array.isArray(content) &&
          content.length > 0 &&
          content.every(
            (p) =>
              isObject(p) &&
              ((p['type'] === 'text' && typeof p['text'] === 'string') ||
                (p['type'] === 'image_url' &&
                  isObject(p['image_url']) &&
                  typeof p['image_url']['url'] === 'string')),
          ));
      if (!ok) errors.push(`message ${i} user content`);
    } else if (role === 'assistant') {
      const calls = m['tool_calls'];
      if (calls === undefined) {
        if (typeof content !== 'string') errors.push(`message ${i} assistant content`);
      } else if (!Array.isArray(calls) || calls.length === 0)
        errors.push(`message ${i} tool_calls`);
      else {
        if (content !== null && typeof content !== 'string')
          errors.push(`message ${i} assistant content`);
        open = [];
        for (const call of calls) {
          const fn = isObject(call) ? call['function'] : undefined;
          if (
            !isObject(call) ||
            typeof call['id'] !== 'string' ||
            call['type'] !== 'function' ||
            !isObject(fn) ||
            typeof fn['arguments'] !== 'string'
          ) {
            errors.push(`message ${i} tool call shape`);
            continue;
          }
          try {
            JSON.parse(fn['arguments']);
          } catch {
            errors.push(`message ${i} arguments not JSON`);
          }
          if (!toolNames.has(String(fn['name'])))
            errors.push(`message ${i} call of undeclared tool`);
          open.push(call['id']);
        }
      }
    } else if (role === 'tool') {
      const id = m['tool_call_id'];
      if (typeof id !== 'string' || !open.includes(id))
        errors.push(`message ${i} tool_call_id does not match an open call`);
      else open = open.filter((x) => x !== id);
      if (typeof content !== 'string') errors.push(`message ${i} tool content`);
    } else errors.push(`message ${i} role ${String(role)}`);
  });
  if (open.length > 0) errors.push('tool calls left unanswered at the end');
  if (!messages.some((m) => isObject(m) && m['role'] === 'user')) errors.push('no user message');
  const lastRole = (messages[messages.length - 1] as Json | undefined)?.['role'];
  if (lastRole !== 'user' && lastRole !== 'tool')
    errors.push(`last message role ${String(lastRole)}`);
  return errors;
}

function checkRequest(s: Sent): string[] {
  const { request } = s;
  const errors =
    request.dialect === 'anthropic' ? checkAnthropic(request.body) : checkOpenai(request.body);
  if (request.userAgent === '') errors.push('empty user agent');
  if (!/^(\d{1,3}\.){3}\d{1,3}$|^[0-9a-f:]+$/.test(request.clientIp))
    errors.push(`client ip ${request.clientIp}`);
  for (const [name] of request.headers ?? [])
    if (
      [
        'anthropic-version',
        'x-api-key',
        'authorization',
        'content-type',
        'x-forwarded-for',
      ].includes(name)
    )
      errors.push(`header ${name} is the runner's`);
  if (JSON.stringify(request.body).length > MAX_BODY) errors.push('body too large');
  return errors.map((e) => `${s.actor}: ${e}`);
}

// ---------------------------------------------------------------------------------------------

const TIER_RPM: Record<string, number> = { free: 20, default: 60, standard: 120 };

describe('holdout scenario', () => {
  const actors = scenario.build(createRng(SEED), { duration: 60_000, scale: 1 });

  it('declares its models, with one released mid-run', () => {
    expect(scenario.name).toBe('holdout');
    const fresh = scenario.models.filter((m) => m.releasedAt > 0);
    expect(fresh.length).toBe(1);
    expect(fresh[0]!.maxOutputTokens).toBeGreaterThan(0);
    expect(fresh[0]!.releasedAt).toBeLessThan(60_000);
  });

  it('has unique actor names, distinct personas, unique opaque account ids and both roles', () => {
    const names = actors.map((a) => a.name);
    expect(new Set(names).size).toBe(names.length);
    const personas = actors.map((a) => a.persona);
    expect(new Set(personas).size).toBe(personas.length);
    const ids = actors.flatMap((a) => a.accounts.map((x) => x.id));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^acct_[0-9a-z]{12}$/);
    expect(actors.some((a) => a.role === 'legitimate')).toBe(true);
    expect(actors.some((a) => a.role === 'distiller')).toBe(true);
    for (const a of actors) {
      if (a.role === 'distiller') expect(a.campaign, a.name).toBeTruthy();
      else expect(a.campaign, a.name).toBeUndefined();
    }
    const owned = new Set(ids);
    for (const a of actors)
      for (const b of a.borrows ?? []) {
        expect(owned.has(b)).toBe(true);
        expect(a.accounts.some((x) => x.id === b)).toBe(false);
      }
    const tiers = new Set(['free', 'default', 'standard', 'scale', 'enterprise']);
    for (const a of actors)
      for (const x of a.accounts) expect(tiers.has(x.tier), x.tier).toBe(true);
  });

  it('is sized as required at scale 1', () => {
    const count = (role: string) =>
      actors.filter((a) => a.role === role).reduce((n, a) => n + a.accounts.length, 0);
    const byName = new Map(actors.map((a) => [a.name, a]));
    expect(count('distiller')).toBeGreaterThanOrEqual(600);
    expect(
      Math.max(...actors.filter((a) => a.role === 'distiller').map((a) => a.accounts.length)),
    ).toBeGreaterThanOrEqual(200);
    expect(byName.get('lotus-slow-hydra')!.accounts.length).toBeGreaterThanOrEqual(300);
    expect(byName.get('basalt-sdk-hydra')!.accounts.length).toBeGreaterThanOrEqual(200);
    expect(byName.get('phoenix-rotator')!.accounts.length).toBeGreaterThanOrEqual(200);
    expect(byName.get('chat-public')!.accounts.length).toBeGreaterThanOrEqual(300);
    const heavy = actors
      .filter((a) => a.role === 'legitimate' && !['chat-public', 'campus-course'].includes(a.name))
      .reduce((n, a) => n + a.accounts.length, 0);
    expect(heavy).toBeGreaterThanOrEqual(20);
    // Smaller scales shrink every actor but keep each one present.
    const small = scenario.build(createRng(SEED), { duration: 10_000, scale: 0.05 });
    expect(small.map((a) => a.name)).toEqual(actors.map((a) => a.name));
    expect(small.every((a) => a.accounts.length > 0 || (a.borrows ?? []).length > 0)).toBe(true);
  });

  it('marks driftwood’s chat turns as cover (three in four), and no other actor’s request', async () => {
    const byName = new Map(actors.map((actor) => [actor.name, actor]));
    const sent = (await simulate(actors, 20_000)).map((s) => ({
      actor: byName.get(s.actor)!,
      request: s.request,
    }));
    expectCoverMarked(sent, ['driftwood-blend']);
    const drift = sent.filter((s) => s.actor.name === 'driftwood-blend');
    const share = drift.filter((s) => s.request.cover).length / drift.length;
    expect(share).toBeGreaterThan(0.6);
    expect(share).toBeLessThan(0.9);
  });

  it('is deterministic for a seed', async () => {
    const again = scenario.build(createRng(SEED), { duration: 60_000, scale: 1 });
    expect(again.flatMap((a) => a.accounts)).toEqual(actors.flatMap((a) => a.accounts));
    const opts = { duration: 8_000, scale: 0.1 };
    const one = await simulate(scenario.build(createRng(7), opts), opts.duration);
    const two = await simulate(scenario.build(createRng(7), opts), opts.duration);
    expect(two.length).toBe(one.length);
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
  });

  it('sends only valid requests, at the intended rate, within per-tier limits', async () => {
    const duration = 60_000;
    const sent = await simulate(actors, duration);
    const errors = new Set<string>();
    for (const s of sent) for (const e of checkRequest(s)) errors.add(e);
    expect([...errors].slice(0, 20)).toEqual([]);

    const perSecond = sent.length / (duration / 1000);
    expect(perSecond).toBeGreaterThan(200);
    expect(perSecond).toBeLessThan(400);

    // Every actor sends, through its own accounts or the ones it borrows.
    const byActor = new Map<string, Sent[]>();
    for (const s of sent) byActor.set(s.actor, [...(byActor.get(s.actor) ?? []), s]);
    for (const a of actors) {
      const mine = byActor.get(a.name) ?? [];
      expect(mine.length, a.name).toBeGreaterThan(0);
      const allowed = new Set([...a.accounts.map((x) => x.id), ...(a.borrows ?? [])]);
      expect(
        mine.every((s) => allowed.has(s.account)),
        a.name,
      ).toBe(true);
    }

    // No account exceeds its tier's request rate in any 60 s window (the run is one window).
    const tierOf = new Map(actors.flatMap((a) => a.accounts.map((x) => [x.id, x.tier] as const)));
    const perAccount = new Map<string, number>();
    for (const s of sent) perAccount.set(s.account, (perAccount.get(s.account) ?? 0) + 1);
    for (const [account, n] of perAccount) {
      const rpm = TIER_RPM[tierOf.get(account) ?? ''];
      if (rpm !== undefined)
        expect(n, `${account} (${tierOf.get(account)})`).toBeLessThanOrEqual(rpm);
    }

    // The slow hydra sends only a handful per account; the pivot moves most traffic to the new model.
    const lotus = byActor.get('lotus-slow-hydra')!;
    const lotusAccounts = new Set(lotus.map((s) => s.account));
    expect(lotusAccounts.size).toBeGreaterThanOrEqual(250);
    expect(lotus.length / lotusAccounts.size).toBeLessThanOrEqual(12);
    const fresh = scenario.models.find((m) => m.releasedAt > 0)!;
    const pivot = byActor.get('meridian-pivot')!;
    const before = pivot.filter((s) => s.t < fresh.releasedAt);
    const after = pivot.filter((s) => s.t >= fresh.releasedAt + 5_000);
    expect(before.some((s) => s.request.body['model'] === fresh.name)).toBe(false);
    const share = after.filter((s) => s.request.body['model'] === fresh.name).length / after.length;
    expect(share).toBeGreaterThan(0.6);
  });

  for (const name of ROTATING_ACTORS) {
    it(`${name} replaces a refused account with a fresh one and honours Retry-After`, async () => {
      const build = () =>
        scenario
          .build(createRng(SEED), { duration: 30_000, scale: 1 })
          .find((a) => a.name === name)!;
      const actor = build();
      expect(actor).toBeDefined();
      const refusedAt = new Map<string, number>();
      const throttled = new Map<string, number>();
      const stuck = new Set<string>();
      const seen = new Set<string>();
      const sent = await simulate([actor], 30_000, (_actor, account, t) => {
        const first = !seen.has(account);
        seen.add(account);
        if (refusedAt.has(account)) return { status: 403 };
        if (first && refusedAt.size < 12) {
          refusedAt.set(account, t);
          return { status: 403 };
        }
        if (first && throttled.size < 12) {
          throttled.set(account, t);
          return { status: 429, retryAfterMs: 5_000 };
        }
        if (stuck.has(account) || (first && stuck.size < 6)) {
          stuck.add(account);
          return { status: 429, retryAfterMs: 2_000 };
        }
        return {};
      });
      expect(refusedAt.size).toBe(12);
      // A refused account is never used again…
      for (const [account, t] of refusedAt)
        expect(sent.filter((s) => s.account === account && s.t > t).length, account).toBe(0);
      // …and fresh reserve accounts, which a run without refusals never touches, take over.
      const calm = await simulate([build()], 30_000);
      const usedCalm = new Set(calm.map((s) => s.account));
      const used = new Set(sent.map((s) => s.account));
      const fresh = [...used].filter((a) => !usedCalm.has(a));
      expect(fresh.length).toBeGreaterThanOrEqual(refusedAt.size);
      const firstRefusal = Math.min(...refusedAt.values());
      for (const a of fresh)
        expect(sent.find((s) => s.account === a)!.t).toBeGreaterThanOrEqual(firstRefusal);
      // An account that stays throttled is given up after a few tries, each after its Retry-After.
      expect(stuck.size).toBe(6);
      for (const account of stuck) {
        const times = sent.filter((s) => s.account === account).map((s) => s.t);
        expect(times.length, account).toBeLessThanOrEqual(3);
        for (let i = 1; i < times.length; i++)
          expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(2_000);
      }
      // A throttled account waits at least the Retry-After before its next request (and some
      // do send again: the check is not vacuous).
      let resumed = 0;
      for (const [account, t] of throttled) {
        const next = sent.find((s) => s.account === account && s.t > t);
        if (next === undefined) continue;
        resumed++;
        expect(next.t - t, account).toBeGreaterThanOrEqual(5_000);
      }
      expect(resumed).toBeGreaterThan(0);
    });
  }
});
