/**
 * What the seventh red team's actors share: the scenario's models (a family per dialect, a
 * reasoning model and one model released during the run, served in both dialects), opaque account
 * ids minted scenario-wide, account facts, client stacks and addresses, request builders for both
 * dialects, how a sender reacts to 429 and 403 (`Standoff`), a campaign's account pool that keeps
 * per-account gaps, benches and replaces refused accounts (`Pool`), and pacing helpers. All
 * randomness comes from the Rng handed in.
 */
import type { ActorContext, SimAccountSpec, SimModel, SimRequest, SimResponse } from '../actor.ts';
import { clientProfile, type ClientKind, type ClientProfile } from '../personas/clients.ts';
import { perAccount } from '../personas/pacing.ts';
import { between, weighted, type Rng } from '../rng.ts';

// ---------------------------------------------------------------------------------------------
// Models

export const M = {
  /** Old, cheap Messages-API model. */
  lite: 'heron-3-lite',
  /** Current Messages-API model. */
  current: 'heron-4',
  /** Released during the run; served on both endpoints (an OpenAI-compatible one too). */
  newest: 'heron-5',
  /** Chat-completions models. */
  chat: 'swift-2',
  mini: 'swift-2-mini',
  /** A chat-completions reasoning model (reasoning_effort, max_completion_tokens). */
  reasoner: 'swift-o2',
} as const;

/** The new model's release, ms after the start. */
export const RELEASE_MS = 25_000;

const DAY = 86_400_000;

const MAX_OUTPUT: Readonly<Record<string, number>> = {
  [M.lite]: 8_192,
  [M.current]: 32_000,
  [M.newest]: 64_000,
  [M.chat]: 16_384,
  [M.mini]: 16_384,
  [M.reasoner]: 65_536,
};

export function maxOut(model: string): number {
  return MAX_OUTPUT[model] ?? 8_192;
}

export const MODELS7: readonly SimModel[] = [
  { name: M.lite, maxOutputTokens: maxOut(M.lite), releasedAt: -610 * DAY },
  { name: M.current, maxOutputTokens: maxOut(M.current), releasedAt: -190 * DAY },
  { name: M.newest, maxOutputTokens: maxOut(M.newest), releasedAt: RELEASE_MS },
  { name: M.chat, maxOutputTokens: maxOut(M.chat), releasedAt: -300 * DAY },
  { name: M.mini, maxOutputTokens: maxOut(M.mini), releasedAt: -280 * DAY },
  { name: M.reasoner, maxOutputTokens: maxOut(M.reasoner), releasedAt: -60 * DAY },
];

export type Dialect = 'anthropic' | 'openai';

/** Whether the new model has been released at `now` (actors never ask for it before). */
export function released(ctx: ActorContext, now = ctx.now()): boolean {
  return now >= ctx.releasedAt(M.newest);
}

// ---------------------------------------------------------------------------------------------
// Accounts

export type Facts = Omit<SimAccountSpec, 'id'>;

const ID_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/**
 * Opaque account ids, unique across the scenario: `acct_r7_` and ten random characters. One mint
 * serves the whole build, so no two actors can draw the same id and no id names its persona.
 */
export class IdMint {
  private readonly issued = new Set<string>();
  private readonly rng: Rng;

  constructor(rng: Rng) {
    this.rng = rng;
  }

  id(): string {
    for (;;) {
      let body = '';
      for (let i = 0; i < 10; i++)
        body += ID_ALPHABET.charAt(this.rng.int(0, ID_ALPHABET.length - 1));
      const id = `acct_r7_${body}`;
      if (!this.issued.has(id)) {
        this.issued.add(id);
        return id;
      }
    }
  }

  accounts(count: number, facts: (index: number) => Facts): SimAccountSpec[] {
    return Array.from({ length: count }, (_, index) => ({ id: this.id(), ...facts(index) }));
  }
}

export { definedFacts as facts, type DrawnFacts } from '../personas/accounts.ts';

export { scaled as sized } from '../personas/accounts.ts';

/** An org id with a readable slug (`org_` + two syllables + digits). */
export function orgId(rng: Rng, stem?: string): string {
  const head =
    stem ??
    rng.pick(['tal', 'mir', 'ost', 'ven', 'cor', 'bri', 'sol', 'kan', 'del', 'ara', 'fen', 'lux']) +
      rng.pick(['ora', 'ex', 'ix', 'ant', 'io', 'ent', 'yx', 'um', 'ia', 'os']);
  return `org_${head}${rng.int(10, 999)}`;
}

// ---------------------------------------------------------------------------------------------
// Clients and addresses

/** A client of one of `kinds` (by weight) that speaks `dialect` (an SDK speaks its vendor's). */
export function clientFor(
  rng: Rng,
  dialect: Dialect,
  kinds: readonly (readonly [ClientKind, number])[],
): ClientProfile {
  const fits = kinds.filter(([kind]) =>
    dialect === 'openai' ? !kind.startsWith('anthropic') : !kind.startsWith('openai'),
  );
  return clientProfile(rng, weighted(rng, fits.length > 0 ? fits : kinds));
}

/** A tool's own client: its user agent first, then its headers in order. */
export function ownClient(
  userAgent: string,
  headers: readonly (readonly [string, string])[],
): ClientProfile {
  return { userAgent, headers };
}

/** `count` addresses inside one /24 (an office, a campus, a studio). */
export function office(rng: Rng, first: number, count: number): readonly string[] {
  const prefix = `${first}.${rng.int(0, 255)}.${rng.int(0, 255)}`;
  return Array.from({ length: count }, () => `${prefix}.${rng.int(2, 250)}`);
}

// ---------------------------------------------------------------------------------------------
// Requests

export function send(
  ctx: ActorContext,
  account: string,
  dialect: Dialect,
  body: Record<string, unknown>,
  client: ClientProfile,
  clientIp: string,
): Promise<SimResponse> {
  const request: SimRequest = {
    dialect,
    body,
    userAgent: client.userAgent,
    headers: client.headers,
    clientIp,
  };
  return ctx.send(account, request);
}

export interface Tool {
  readonly name: string;
  readonly description: string;
  readonly params: Readonly<Record<string, string | readonly string[]>>;
  readonly required?: readonly string[];
}

function jsonSchema(tool: Tool): Record<string, unknown> {
  return {
    type: 'object',
    properties: Object.fromEntries(
      Object.entries(tool.params).map(([name, type]) => [
        name,
        typeof type === 'string'
          ? type.endsWith('[]')
            ? { type: 'array', items: { type: type.slice(0, -2) } }
            : { type }
          : { type: 'string', enum: [...type] },
      ]),
    ),
    required: [...(tool.required ?? Object.keys(tool.params).slice(0, 1))],
  };
}

export function toolsFor(dialect: Dialect, tools: readonly Tool[]): Record<string, unknown>[] {
  return dialect === 'anthropic'
    ? tools.map((tool) => ({
        name: tool.name,
        description: tool.description,
        input_schema: jsonSchema(tool),
      }))
    : tools.map((tool) => ({
        type: 'function',
        function: { name: tool.name, description: tool.description, parameters: jsonSchema(tool) },
      }));
}

export interface BodyOptions {
  readonly model: string;
  readonly messages: readonly Record<string, unknown>[];
  readonly system?: string | undefined;
  readonly maxTokens?: number | undefined;
  readonly temperature?: number | undefined;
  readonly topP?: number | undefined;
  readonly stream?: boolean | undefined;
  readonly tools?: readonly Tool[] | undefined;
  /** Messages: forces this tool (tool_choice); chat: the same as a named function. */
  readonly forceTool?: string | undefined;
  /** Messages only: extended thinking with this budget. */
  readonly thinking?: number | undefined;
  /** Messages: metadata.user_id; chat: user. */
  readonly endUser?: string | undefined;
  /** Chat only. */
  readonly n?: number | undefined;
  readonly seed?: number | undefined;
  readonly reasoningEffort?: 'low' | 'medium' | 'high' | undefined;
  readonly jsonOutput?: boolean | undefined;
  readonly stop?: readonly string[] | undefined;
}

/** A body in the dialect's own shape; options the dialect lacks are left out. */
export function body(dialect: Dialect, options: BodyOptions): Record<string, unknown> {
  if (dialect === 'anthropic') {
    const thinking = options.thinking;
    return {
      model: options.model,
      max_tokens: options.maxTokens ?? 4_096,
      ...(options.system !== undefined ? { system: options.system } : {}),
      messages: options.messages,
      ...(options.temperature !== undefined && thinking === undefined
        ? { temperature: options.temperature }
        : {}),
      ...(options.topP !== undefined && thinking === undefined ? { top_p: options.topP } : {}),
      ...(thinking !== undefined ? { thinking: { type: 'enabled', budget_tokens: thinking } } : {}),
      ...(options.stop ? { stop_sequences: [...options.stop] } : {}),
      ...(options.tools ? { tools: toolsFor('anthropic', options.tools) } : {}),
      ...(options.forceTool !== undefined
        ? { tool_choice: { type: 'tool', name: options.forceTool } }
        : {}),
      ...(options.endUser !== undefined ? { metadata: { user_id: options.endUser } } : {}),
      ...(options.stream ? { stream: true } : {}),
    };
  }
  const reasoning = options.reasoningEffort !== undefined;
  return {
    model: options.model,
    messages: [
      ...(options.system !== undefined
        ? [{ role: reasoning ? 'developer' : 'system', content: options.system }]
        : []),
      ...options.messages,
    ],
    ...(options.maxTokens !== undefined
      ? reasoning
        ? { max_completion_tokens: options.maxTokens }
        : { max_tokens: options.maxTokens }
      : {}),
    ...(options.temperature !== undefined && !reasoning
      ? { temperature: options.temperature }
      : {}),
    ...(options.topP !== undefined && !reasoning ? { top_p: options.topP } : {}),
    ...(options.n !== undefined ? { n: options.n } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(reasoning ? { reasoning_effort: options.reasoningEffort } : {}),
    ...(options.stop ? { stop: [...options.stop] } : {}),
    ...(options.jsonOutput ? { response_format: { type: 'json_object' } } : {}),
    ...(options.tools ? { tools: toolsFor('openai', options.tools) } : {}),
    ...(options.forceTool !== undefined
      ? { tool_choice: { type: 'function', function: { name: options.forceTool } } }
      : {}),
    ...(options.endUser !== undefined ? { user: options.endUser } : {}),
    ...(options.stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  };
}

export function user(text: string): Record<string, unknown> {
  return { role: 'user', content: text };
}

export function assistant(text: string): Record<string, unknown> {
  return { role: 'assistant', content: text };
}

/** Alternating user/assistant text turns (the first is the user's). */
export function turns(texts: readonly string[]): Record<string, unknown>[] {
  return texts.map((text, index) => (index % 2 === 0 ? user(text) : assistant(text)));
}

/** One tool call and its result, in the dialect's transcript shape. */
export function toolStep(
  dialect: Dialect,
  id: string,
  name: string,
  input: Record<string, unknown>,
  result: string,
  preface?: string,
): Record<string, unknown>[] {
  if (dialect === 'anthropic')
    return [
      {
        role: 'assistant',
        content: [
          ...(preface !== undefined ? [{ type: 'text', text: preface }] : []),
          { type: 'tool_use', id, name, input },
        ],
      },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: result }] },
    ];
  return [
    {
      role: 'assistant',
      content: preface ?? null,
      tool_calls: [{ id, type: 'function', function: { name, arguments: JSON.stringify(input) } }],
    },
    { role: 'tool', tool_call_id: id, content: result },
  ];
}

/** A tool-call id in the dialect's style. */
export function callId(rng: Rng, dialect: Dialect): string {
  return dialect === 'anthropic' ? `toolu_01${token(rng, 22)}` : `call_${token(rng, 24)}`;
}

const TOKEN = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random letters and digits. */
export function token(rng: Rng, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += TOKEN.charAt(rng.int(0, TOKEN.length - 1));
  return out;
}

/** Random lower-case hexadecimal. */
export function hex(rng: Rng, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += '0123456789abcdef'.charAt(rng.int(0, 15));
  return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** A made-up JPEG, base64, of about `kilobytes` (the proxy sees an image block). */
export function photo(rng: Rng, kilobytes: number): string {
  const length = Math.round(kilobytes * 1024);
  const chars: string[] = ['/9j/4AAQSkZJRgABAQ'];
  for (let i = 0; i < length; i++) chars.push(B64[Math.floor(rng.next() * 64)] ?? 'A');
  const data = chars.join('');
  return data.slice(0, data.length - (data.length % 4));
}

/** A user turn with an image and text, in the dialect's shape. */
export function imageTurn(dialect: Dialect, image: string, text: string): Record<string, unknown> {
  if (dialect === 'anthropic')
    return {
      role: 'user',
      content: [
        { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: image } },
        { type: 'text', text },
      ],
    };
  return {
    role: 'user',
    content: [
      { type: 'text', text },
      { type: 'image_url', image_url: { url: `data:image/jpeg;base64,${image}` } },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Reacting to the proxy

/** What a sender makes of a response: served, rate-limited, or refused for good. */
export type Verdict = 'ok' | 'limited' | 'refused';

/**
 * How one sender (an account, a key, a job) reacts to refusals: a 429 holds it until the
 * Retry-After has passed, longer with every 429 in a row (doubling, capped), and a 403 ends it.
 */
export class Standoff {
  private until = 0;
  private strikes = 0;
  private ended = false;
  private readonly cap: number;

  constructor(cap = 90_000) {
    this.cap = cap;
  }

  /** Notes a response. */
  note(ctx: ActorContext, response: SimResponse, rng: Rng): Verdict {
    if (response.status === 403) {
      this.ended = true;
      return 'refused';
    }
    if (response.status === 429) {
      this.strikes++;
      const base = response.retryAfterMs ?? 5_000;
      const wait = Math.min(this.cap, base * 2 ** Math.min(this.strikes - 1, 5));
      this.until = Math.max(this.until, ctx.now() + wait * (1 + 0.3 * rng.next()));
      return 'limited';
    }
    if (response.status >= 200 && response.status < 300) this.strikes = 0;
    return 'ok';
  }

  get refused(): boolean {
    return this.ended;
  }

  /** How much a person stretches their pauses: 1, and one more for each 429 in a row (to 6). */
  get pressure(): number {
    return 1 + Math.min(5, this.strikes);
  }

  held(now: number): boolean {
    return this.until > now;
  }

  /** Sleeps out the hold, if any (and any extension of it another sender met meanwhile). */
  async wait(ctx: ActorContext): Promise<void> {
    while (this.until > ctx.now() && !ctx.stopped()) await ctx.sleep(this.until - ctx.now());
  }
}

/**
 * A campaign's accounts: it hands out a rested account (none used within `minGap` ms, none
 * benched), preferring the least recently used but not strictly in turn; a refused account is
 * burned and a reserve account takes its place at once.
 */
export class Pool {
  private readonly live: SimAccountSpec[];
  private readonly reserve: SimAccountSpec[];
  private readonly lastUsed = new Map<string, number>();
  private readonly benched = new Map<string, number>();
  private readonly burned = new Set<string>();
  private readonly minGap: number;

  constructor(
    active: readonly SimAccountSpec[],
    reserve: readonly SimAccountSpec[] = [],
    minGap = 0,
  ) {
    this.live = [...active];
    this.reserve = [...reserve];
    this.minGap = minGap;
  }

  /** A rested account, or undefined when every live one is busy, benched or burned. */
  take(now: number, rng: Rng): SimAccountSpec | undefined {
    const rested = this.live.filter(
      (account) =>
        (this.benched.get(account.id) ?? 0) <= now &&
        now - (this.lastUsed.get(account.id) ?? -Infinity) >= this.minGap,
    );
    if (rested.length === 0) return undefined;
    rested.sort((a, b) => (this.lastUsed.get(a.id) ?? -1) - (this.lastUsed.get(b.id) ?? -1));
    const account = rested[Math.floor(rng.next() ** 2 * Math.min(rested.length, 12))];
    if (account) this.lastUsed.set(account.id, now);
    return account;
  }

  /** Never again; a reserve account joins at once (when one is left). Returns the newcomer. */
  burn(id: string): SimAccountSpec | undefined {
    if (this.burned.has(id)) return undefined;
    this.burned.add(id);
    const index = this.live.findIndex((account) => account.id === id);
    if (index >= 0) this.live.splice(index, 1);
    const fresh = this.reserve.shift();
    if (fresh) this.live.push(fresh);
    return fresh;
  }

  bench(id: string, until: number): void {
    this.benched.set(id, Math.max(until, this.benched.get(id) ?? 0));
  }

  get size(): number {
    return this.live.length;
  }

  get reserveLeft(): number {
    return this.reserve.length;
  }
}

/** Work started without waiting; `land` waits for all of it. */
export class Flights {
  private readonly pending = new Set<Promise<unknown>>();

  launch(work: () => Promise<unknown>): void {
    const started = work().catch(() => undefined);
    this.pending.add(started);
    void started.finally(() => this.pending.delete(started));
  }

  get inAir(): number {
    return this.pending.size;
  }

  async land(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}

// ---------------------------------------------------------------------------------------------
// Pacing

/**
 * Fires `fire` at `perSecond` (read before every gap) until the scenario stops; `regularity` 0 is
 * a Poisson process, 1 a metronome (batch jobs sit near 0.8). Waits for what it started.
 */
export async function loop(
  ctx: ActorContext,
  perSecond: () => number,
  fire: () => Promise<unknown>,
  regularity = 0,
): Promise<void> {
  const flights = new Flights();
  while (!ctx.stopped()) {
    const rate = perSecond();
    if (rate <= 0) {
      await ctx.sleep(400);
      continue;
    }
    const mean = 1000 / rate;
    const gap =
      regularity * mean * (0.9 + 0.2 * ctx.rng.next()) +
      (1 - regularity) * ctx.rng.exponential(mean);
    // A Poisson gap is memoryless: after 2 s without an event, draw again at the current rate
    // (a rate that ramps is followed instead of being fixed at the start of a long gap).
    if (regularity === 0 && gap > 2_000) {
      await ctx.sleep(2_000);
      continue;
    }
    await ctx.sleep(gap);
    if (ctx.stopped()) break;
    flights.launch(fire);
  }
  await flights.land();
}

/** Runs `session` for each account, each starting after a random delay up to `spread` ms. */
export function each(
  ctx: ActorContext,
  accounts: readonly SimAccountSpec[],
  spread: number,
  session: (account: SimAccountSpec, rng: Rng) => Promise<void>,
): Promise<void> {
  return perAccount(ctx, accounts, session, spread);
}

/** A person's pause around `mean` ms: log-normal, never below a fifth of it. */
export function pause(rng: Rng, mean: number): number {
  return Math.max(mean / 5, mean * Math.exp(rng.normal(0, 0.65) - 0.21));
}

export { between, weighted };

/** A Zipf-like draw in [1, n]: a few come back often, most seldom. */
export function zipf(rng: Rng, n: number): number {
  return Math.min(n, Math.max(1, Math.floor(Math.pow(n + 1, rng.next()))));
}

/** A shuffled copy. */
export function shuffle<T>(rng: Rng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    const a = out[i] as T;
    out[i] = out[j] as T;
    out[j] = a;
  }
  return out;
}

/** `count` distinct items of `items` (all of them when there are fewer). */
export function sample<T>(rng: Rng, items: readonly T[], count: number): T[] {
  return shuffle(rng, items).slice(0, count);
}

/** A stable 8-hex-digit digest of a string (FNV-1a): end-user ids that look opaque. */
export function digest(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * A sender's own rate control (AIMD): the rate creeps up after each success and halves on a 429,
 * between `floor` and `ceiling` requests a second.
 */
export class Throttle {
  private value: number;
  private readonly floor: number;
  private readonly ceiling: number;
  private readonly step: number;

  constructor(start: number, floor: number, ceiling: number, step: number) {
    this.value = start;
    this.floor = floor;
    this.ceiling = ceiling;
    this.step = step;
  }

  get rate(): number {
    return this.value;
  }

  ease(): void {
    this.value = Math.min(this.ceiling, this.value + this.step);
  }

  cut(): void {
    this.value = Math.max(this.floor, this.value / 2);
  }

  /** Halves on a 429, creeps up on a success, holds otherwise. */
  follow(seen: Verdict): void {
    if (seen === 'limited') this.cut();
    else if (seen === 'ok') this.ease();
  }
}
