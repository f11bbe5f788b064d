/**
 * Shared pieces of the fifth red team's scenario: its three models, one request builder for both
 * dialects (thinking and reasoning effort, tools, end-user ids, n), sticky client identities, how
 * every actor reads an answer (429: wait as told; 403: that key is finished; a verification
 * challenge: a person goes away to deal with it), a rotation pool with a reserve for campaigns,
 * the loops actors share, a per-account writing "voice" and small text helpers.
 */
import type { ActorContext, SimAccountSpec, SimRequest, SimResponse } from '../actor.ts';
import { anthropicBody, objectSchema, openaiBody, type ToolSpec } from '../personas/bodies.ts';
import { clientProfile, type ClientKind, type ClientProfile } from '../personas/clients.ts';
import { openLoop, perAccount, thinkTime } from '../personas/pacing.ts';
import type { Rng } from '../rng.ts';

/** Cheap, old model. */
export const LITE_MODEL = 'kestrel-3-lite';
/** The current flagship. */
export const MAIN_MODEL = 'kestrel-3';
/** Released during the run. */
export const NEW_MODEL = 'kestrel-4';
export const NEW_RELEASE_MS = 24_000;

export const MAX_OUTPUT: Readonly<Record<string, number>> = {
  [LITE_MODEL]: 8_192,
  [MAIN_MODEL]: 32_000,
  [NEW_MODEL]: 64_000,
};

export function maxOut(model: string): number {
  return MAX_OUTPUT[model] ?? 8_192;
}

/** True once the new model is out. */
export function released(ctx: ActorContext): boolean {
  return ctx.now() >= ctx.releasedAt(NEW_MODEL);
}

export type Dialect = SimRequest['dialect'];

/** A sticky client: the address it connects from, what it sends as and the API it speaks. */
export interface Client {
  readonly ip: string;
  readonly profile: ClientProfile;
  readonly dialect: Dialect;
}

/** The dialect a client kind speaks (generic HTTP clients: either). */
export function dialectOf(rng: Rng, kind: ClientKind): Dialect {
  if (kind.startsWith('openai')) return 'openai';
  if (kind.startsWith('anthropic')) return 'anthropic';
  return rng.chance(0.5) ? 'openai' : 'anthropic';
}

export function makeClient(rng: Rng, kind: ClientKind, ip: string, dialect?: Dialect): Client {
  return { ip, profile: clientProfile(rng, kind), dialect: dialect ?? dialectOf(rng, kind) };
}

/** A client with a hand-written user agent (an in-house tool, a CLI). */
export function customClient(
  userAgent: string,
  headers: readonly (readonly [string, string])[],
  ip: string,
  dialect: Dialect,
): Client {
  return { ip, profile: { userAgent, headers }, dialect };
}

/** What a request asks for, in terms both dialects can express. */
export interface Ask {
  readonly model: string;
  readonly maxTokens: number;
  readonly system?: string;
  readonly temperature?: number;
  /** Anthropic: a thinking budget; OpenAI: mapped to reasoning_effort. */
  readonly thinking?: number;
  readonly tools?: readonly ToolSpec[];
  /** An end-user id (Anthropic metadata.user_id, OpenAI user). */
  readonly endUser?: string;
  /** OpenAI only: several completions. */
  readonly n?: number;
  readonly stream?: boolean;
}

/** A request body in `dialect`'s own shape for `ask` and `messages` (already in that shape). */
export function bodyFor(
  dialect: Dialect,
  ask: Ask,
  messages: readonly Record<string, unknown>[],
): Record<string, unknown> {
  const cap = maxOut(ask.model);
  if (dialect === 'anthropic') {
    const budget =
      ask.thinking === undefined ? undefined : Math.max(1_024, Math.min(ask.thinking, cap - 1_024));
    const maxTokens = Math.min(cap, Math.max(ask.maxTokens, (budget ?? 0) + 1_024));
    return anthropicBody(
      {
        model: ask.model,
        maxTokens,
        ...(ask.system !== undefined ? { system: ask.system } : {}),
        // The API takes no sampling changes alongside extended thinking.
        ...(ask.temperature !== undefined && budget === undefined
          ? { temperature: Math.min(1, ask.temperature) }
          : {}),
        ...(budget !== undefined ? { thinkingBudget: budget } : {}),
        ...(ask.tools ? { tools: ask.tools } : {}),
        ...(ask.endUser !== undefined ? { userId: ask.endUser } : {}),
        ...(ask.stream ? { stream: true } : {}),
      },
      messages,
    );
  }
  const body = openaiBody(
    {
      model: ask.model,
      maxTokens: Math.min(cap, ask.maxTokens),
      ...(ask.system !== undefined ? { system: ask.system } : {}),
      ...(ask.temperature !== undefined ? { temperature: ask.temperature } : {}),
      ...(ask.n !== undefined && ask.n > 1 ? { n: ask.n } : {}),
      ...(ask.tools ? { tools: ask.tools } : {}),
      ...(ask.endUser !== undefined ? { user: ask.endUser } : {}),
      ...(ask.stream ? { stream: true } : {}),
    },
    messages,
  );
  if (ask.thinking !== undefined)
    body['reasoning_effort'] =
      ask.thinking >= 16_000 ? 'high' : ask.thinking >= 4_000 ? 'medium' : 'low';
  return body;
}

/** Plain text turns (valid in both dialects). */
export function said(...texts: readonly string[]): Record<string, unknown>[] {
  return texts.map((content, i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', content }));
}

export function send(
  ctx: ActorContext,
  account: string,
  client: Client,
  body: Record<string, unknown>,
  ip = client.ip,
): Promise<SimResponse> {
  return ctx.send(account, {
    dialect: client.dialect,
    body,
    userAgent: client.profile.userAgent,
    headers: client.profile.headers,
    clientIp: ip,
  });
}

/** How an actor reads an answer. */
export type Verdict =
  | { readonly kind: 'served' }
  /** Rate limited, a transport failure or an upstream error: wait, then go on. */
  | { readonly kind: 'wait'; readonly ms: number }
  /** A verification challenge (401/402/428): a person goes to deal with it, a campaign moves on. */
  | { readonly kind: 'challenged' }
  /** Refused for good (403). */
  | { readonly kind: 'refused' };

export function verdict(rng: Rng, response: SimResponse): Verdict {
  const { status } = response;
  if (status === 403) return { kind: 'refused' };
  if (status === 401 || status === 402 || status === 428) return { kind: 'challenged' };
  if (status === 429)
    return { kind: 'wait', ms: response.retryAfterMs ?? 2_000 + rng.next() * 3_000 };
  if (status === 0 || status >= 500) return { kind: 'wait', ms: 400 + rng.next() * 1_600 };
  return { kind: 'served' };
}

/**
 * What a person or a product does with an answer: waits as told and goes on (true), goes away for
 * a while after a challenge, and stops using a refused key (false).
 */
export async function cope(ctx: ActorContext, rng: Rng, response: SimResponse): Promise<boolean> {
  const result = verdict(rng, response);
  switch (result.kind) {
    case 'refused':
      return false;
    case 'challenged':
      await ctx.sleep(20_000 + rng.next() * 20_000);
      return true;
    case 'wait':
      await ctx.sleep(result.ms);
      return true;
    case 'served':
      return true;
  }
}

/** A person's single request: send, cope with the answer, then pause; false once refused. */
export async function step(
  ctx: ActorContext,
  rng: Rng,
  account: string,
  client: Client,
  body: Record<string, unknown>,
  meanPause: number,
): Promise<boolean> {
  const response = await send(ctx, account, client, body);
  if (!(await cope(ctx, rng, response))) return false;
  await ctx.sleep(thinkTime(rng, meanPause));
  return true;
}

/**
 * Campaign accounts handed out in a shuffled cycle. An account that is rate limited sits out its
 * cool-down (or, with `burnOnLimit`, is dropped like a refused one); a refused or challenged
 * account is dropped and the next reserve account takes its place.
 */
export class Rotation {
  private readonly live: string[];
  private readonly spare: string[];
  private readonly resting = new Map<string, number>();
  private readonly burnOnLimit: boolean;
  private cursor = 0;
  /** Accounts dropped so far. */
  dropped = 0;

  constructor(
    rng: Rng,
    live: readonly SimAccountSpec[],
    spare: readonly SimAccountSpec[] = [],
    burnOnLimit = false,
  ) {
    this.burnOnLimit = burnOnLimit;
    this.live = shuffle(
      rng,
      live.map((account) => account.id),
    );
    this.spare = spare.map((account) => account.id);
  }

  get size(): number {
    return this.live.length;
  }

  /** The next account not resting at `now`, or undefined when every one is (or none is left). */
  take(now: number): string | undefined {
    for (let tries = 0; tries < this.live.length; tries++) {
      const id = this.live[this.cursor % this.live.length] as string;
      this.cursor++;
      if ((this.resting.get(id) ?? 0) <= now) return id;
    }
    return undefined;
  }

  drop(id: string): void {
    const at = this.live.indexOf(id);
    if (at < 0) return;
    this.live.splice(at, 1);
    this.dropped++;
    const fresh = this.spare.shift();
    if (fresh !== undefined) this.live.push(fresh);
  }

  /** Applies what `id` got back. */
  settle(id: string, result: Verdict, now: number): void {
    if (result.kind === 'refused' || result.kind === 'challenged') this.drop(id);
    else if (result.kind === 'wait') {
      if (this.burnOnLimit && result.ms >= 1_000) this.drop(id);
      else this.resting.set(id, Math.max(now + result.ms, this.resting.get(id) ?? 0));
    }
  }
}

/**
 * An open loop at `perSecond()` over a rotation: `fire` sends as the account it is given and its
 * answer rests or drops that account. Ends when the run does or no account is left.
 */
export async function rotate(
  ctx: ActorContext,
  rotation: Rotation,
  perSecond: () => number,
  fire: (account: string) => Promise<SimResponse>,
  startAt = 0,
): Promise<void> {
  await openLoop(
    ctx,
    () => (rotation.size > 0 ? perSecond() : 0),
    async () => {
      const account = rotation.take(ctx.now());
      if (account === undefined) return;
      const response = await fire(account);
      rotation.settle(account, verdict(ctx.rng, response), ctx.now());
    },
    startAt,
  );
}

/**
 * Every account runs `session` over and over, after a random start delay up to `maxStartDelay`,
 * until the run ends or a session returns false.
 */
export function sessions(
  ctx: ActorContext,
  accounts: readonly SimAccountSpec[],
  maxStartDelay: number,
  session: (account: SimAccountSpec, rng: Rng) => Promise<boolean>,
): Promise<void> {
  return perAccount(
    ctx,
    accounts,
    async (account, rng) => {
      while (!ctx.stopped()) if (!(await session(account, rng))) return;
    },
    maxStartDelay,
  );
}

/** A value per key, made once (a sticky address, a client, a voice). */
export function perKey<T>(keys: readonly string[], make: (key: string) => T): Map<string, T> {
  return new Map(keys.map((key) => [key, make(key)]));
}

/** Looks up a key of a map built for every key (a missing one is a programming error). */
export function lookup<T>(map: ReadonlyMap<string, T>, key: string): T {
  const value = map.get(key);
  if (value === undefined) throw new Error(`no entry for ${key}`);
  return value;
}

/** Tool specs from rows of name, description and string properties (the first required). */
export function tools(rows: readonly (readonly [string, string, readonly string[]])[]): ToolSpec[] {
  return rows.map(([name, description, properties]) => ({
    name,
    description,
    parameters: objectSchema(properties),
  }));
}

// ---------------------------------------------------------------------------------------------
// Text helpers

/** Replaces every `{slot}` with `values[slot]` (a list: one pick; unknown slots stay as written). */
export function fill(
  rng: Rng,
  template: string,
  values: Readonly<Record<string, string | readonly string[]>>,
): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) return whole;
    if (typeof value === 'string') return value;
    return value.length > 0 ? rng.pick(value) : whole;
  });
}

/** `count` distinct items (all of them when the list is shorter), in random order. */
export function some<T>(rng: Rng, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < count && pool.length > 0)
    out.push(pool.splice(rng.int(0, pool.length - 1), 1)[0] as T);
  return out;
}

export function shuffle<T>(rng: Rng, items: readonly T[]): T[] {
  return some(rng, items, items.length);
}

/** One part per pool ('' leaves it out), joined with spaces. */
export function join(rng: Rng, pools: readonly (readonly string[])[]): string {
  return pools
    .map((pool) => rng.pick(pool))
    .filter((part) => part !== '')
    .join(' ');
}

export { weighted } from '../rng.ts';

/** `length` lowercase hex digits. */
export function hex(rng: Rng, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += '0123456789abcdef'.charAt(rng.int(0, 15));
  return out;
}

/**
 * How one person (or one paraphrasing worker posing as one) writes: case, punctuation, a greeting
 * and a sign-off habit, typos, filler words.
 */
export interface Voice {
  readonly lower: boolean;
  readonly dropFinalStop: boolean;
  readonly greeting: string;
  readonly signoff: string;
  readonly filler: string;
  readonly typoRate: number;
}

const GREETINGS = ['', '', '', 'hey', 'hi', 'Hello,', 'Hi there.', 'Morning!', 'yo', 'Hey —'];
const SIGNOFFS = [
  '',
  '',
  '',
  'thanks',
  'Thanks!',
  'thx',
  'Thank you in advance.',
  'cheers',
  'appreciate it',
  '🙏',
];
const FILLERS = ['', '', '', 'ok so', 'basically', 'quick question:', 'hmm,', 'so,', 'random but'];

export function makeVoice(rng: Rng): Voice {
  return {
    lower: rng.chance(0.35),
    dropFinalStop: rng.chance(0.4),
    greeting: rng.pick(GREETINGS),
    signoff: rng.pick(SIGNOFFS),
    filler: rng.pick(FILLERS),
    typoRate: rng.chance(0.4) ? 0.02 + rng.next() * 0.05 : 0,
  };
}

/**
 * `text` as `voice` would type it (habits applied some of the time, as people do); greetings and
 * fillers only open a conversation (`opening`), they do not start a follow-up.
 */
export function speak(rng: Rng, voice: Voice, text: string, opening = true): string {
  let out = text;
  if (voice.typoRate > 0)
    out = out
      .split(' ')
      .map((word) => {
        if (word.length < 4 || !/^[a-z]+$/i.test(word) || !rng.chance(voice.typoRate)) return word;
        const i = rng.int(1, word.length - 2);
        return `${word.slice(0, i)}${word[i + 1] ?? ''}${word[i] ?? ''}${word.slice(i + 2)}`;
      })
      .join(' ');
  if (opening && voice.filler !== '' && rng.chance(0.5)) out = `${voice.filler} ${out}`;
  if (opening && voice.greeting !== '' && rng.chance(0.6)) out = `${voice.greeting} ${out}`;
  if (voice.lower) out = out.toLowerCase();
  if (voice.dropFinalStop) out = out.replace(/[.!]$/, '');
  if (voice.signoff !== '' && rng.chance(0.5)) out = `${out} ${voice.signoff}`;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Tool use

/** One tool call of a trajectory and what came back. */
export interface ToolCall {
  readonly name: string;
  readonly input: Record<string, unknown>;
  readonly result: string;
  /** Text the assistant wrote before the call. */
  readonly note?: string;
  /** Thinking the assistant did before the call (returned with a signature, as the API needs). */
  readonly thought?: string;
}

/** The assistant turn of a tool call and the turn carrying its result, in `dialect`'s shape. */
export function toolExchange(
  rng: Rng,
  dialect: Dialect,
  call: ToolCall,
): Record<string, unknown>[] {
  if (dialect === 'anthropic') {
    const id = `toolu_${hex(rng, 24)}`;
    return [
      {
        role: 'assistant',
        content: [
          ...(call.thought !== undefined
            ? [{ type: 'thinking', thinking: call.thought, signature: `sig${hex(rng, 40)}` }]
            : []),
          ...(call.note !== undefined ? [{ type: 'text', text: call.note }] : []),
          { type: 'tool_use', id, name: call.name, input: call.input },
        ],
      },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: call.result }] },
    ];
  }
  const id = `call_${hex(rng, 24)}`;
  return [
    {
      role: 'assistant',
      content: call.note ?? null,
      tool_calls: [
        {
          id,
          type: 'function',
          function: { name: call.name, arguments: JSON.stringify(call.input) },
        },
      ],
    },
    { role: 'tool', tool_call_id: id, content: call.result },
  ];
}
