/**
 * What the eighth red team's actors share: the scenario's models (a family per dialect, a
 * reasoning model, and a new model released during the run and served on both endpoints), opaque
 * account ids, account facts, client stacks and exits, request bodies in both dialects (tool
 * transcripts, thinking, reasoning effort, end users), and how senders react to the proxy: a
 * per-sender standoff (429 holds, 403 ends), a roster that benches and burns accounts and swaps in
 * reserves, and an AIMD throttle. All randomness comes from the Rng handed in.
 */
import type { ActorContext, SimAccountSpec, SimModel, SimRequest, SimResponse } from '../actor.ts';
import { definedFacts, type DrawnFacts } from '../personas/accounts.ts';
import { clientProfile, type ClientKind, type ClientProfile } from '../personas/clients.ts';
import { weighted, type Rng } from '../rng.ts';

export { between, weighted } from '../rng.ts';
export { scaled as sized } from '../personas/accounts.ts';

// ---------------------------------------------------------------------------------------------
// Models

export const M = {
  /** Old, cheap Messages-API model. */
  lite: 'osprey-3-lite',
  /** Current Messages-API model. */
  main: 'osprey-4',
  /** Released during the run; served on both endpoints. */
  newest: 'osprey-5',
  /** Chat-completions models. */
  chat: 'vega-2',
  mini: 'vega-2-mini',
  /** A chat-completions reasoning model (reasoning_effort, max_completion_tokens). */
  reasoner: 'vega-r2',
} as const;

/** The new model's release, ms after the start. */
export const RELEASE_MS = 28_000;

const DAY = 86_400_000;

const MAX_OUTPUT: Readonly<Record<string, number>> = {
  [M.lite]: 8_192,
  [M.main]: 32_000,
  [M.newest]: 64_000,
  [M.chat]: 16_384,
  [M.mini]: 16_384,
  [M.reasoner]: 65_536,
};

export function maxOut(model: string): number {
  return MAX_OUTPUT[model] ?? 8_192;
}

export const MODELS8: readonly SimModel[] = [
  { name: M.lite, maxOutputTokens: maxOut(M.lite), releasedAt: -540 * DAY },
  { name: M.main, maxOutputTokens: maxOut(M.main), releasedAt: -170 * DAY },
  { name: M.newest, maxOutputTokens: maxOut(M.newest), releasedAt: RELEASE_MS },
  { name: M.chat, maxOutputTokens: maxOut(M.chat), releasedAt: -260 * DAY },
  { name: M.mini, maxOutputTokens: maxOut(M.mini), releasedAt: -250 * DAY },
  { name: M.reasoner, maxOutputTokens: maxOut(M.reasoner), releasedAt: -90 * DAY },
];

export type Dialect = 'anthropic' | 'openai';

/** Whether the new model is out at `now`. */
export function released(ctx: ActorContext, now = ctx.now()): boolean {
  return now >= ctx.releasedAt(M.newest);
}

/** The models each dialect serves (the new one only once released). */
export function modelsOf(dialect: Dialect, withNewest: boolean): string[] {
  const own = dialect === 'anthropic' ? [M.lite, M.main] : [M.mini, M.chat, M.reasoner];
  return withNewest ? [...own, M.newest] : own;
}

// ---------------------------------------------------------------------------------------------
// Accounts

const ID_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** Opaque account ids, unique across the scenario: `acct_r8_` and ten random characters. */
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
      const id = `acct_r8_${body}`;
      if (!this.issued.has(id)) {
        this.issued.add(id);
        return id;
      }
    }
  }

  /** `count` accounts, each with the facts `of` draws. */
  accounts(count: number, of: (index: number) => DrawnFacts): SimAccountSpec[] {
    return Array.from({ length: count }, (_, index) => ({
      id: this.id(),
      ...definedFacts(of(index)),
    }));
  }
}

/** An org id with a readable slug: `org_` + `stem` (or two syllables) + digits. */
export function orgId(rng: Rng, stem?: string): string {
  const head =
    stem ??
    rng.pick(['bar', 'cel', 'dun', 'fir', 'gal', 'hol', 'jun', 'kes', 'lom', 'mar', 'nov', 'pry']) +
      rng.pick(['ata', 'en', 'ix', 'ora', 'um', 'ic', 'wey', 'ton', 'ar', 'is']);
  return `org_${head}${rng.int(10, 999)}`;
}

// ---------------------------------------------------------------------------------------------
// Clients and exits

export type ClientMix = readonly (readonly [ClientKind, number])[];

/** A client of one of `kinds` (by weight) that speaks `dialect` (an SDK speaks its vendor's). */
export function clientFor(rng: Rng, dialect: Dialect, kinds: ClientMix): ClientProfile {
  const fits = kinds.filter(([kind]) =>
    dialect === 'openai' ? !kind.startsWith('anthropic') : !kind.startsWith('openai'),
  );
  return clientProfile(rng, weighted(rng, fits.length > 0 ? fits : kinds));
}

/** A browser whose Accept-Language is `language` (a chat page in that locale). */
export function browserIn(rng: Rng, language: string, origin: string): ClientProfile {
  const chrome = rng.int(120, 134);
  const platform = rng.pick([
    'Windows NT 10.0; Win64; x64',
    'Macintosh; Intel Mac OS X 10_15_7',
    'X11; Linux x86_64',
  ]);
  return {
    userAgent: `Mozilla/5.0 (${platform}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${chrome}.0.0.0 Safari/537.36`,
    headers: [
      ['accept', '*/*'],
      ['accept-language', language === 'en' ? 'en-US,en;q=0.9' : `${language},en;q=0.7`],
      ['origin', origin],
      ['sec-fetch-mode', 'cors'],
    ],
  };
}

/** `count` addresses inside one /24 (an office, a NAT, a rack). */
export function subnet(rng: Rng, first: number, count: number): string[] {
  const prefix = `${first}.${rng.int(0, 255)}.${rng.int(0, 255)}`;
  return Array.from({ length: count }, () => `${prefix}.${rng.int(2, 250)}`);
}

// ---------------------------------------------------------------------------------------------
// Requests

export type Body = Record<string, unknown>;

/** Sends `body` as `account` with `client` from `ip`. */
export function send(
  ctx: ActorContext,
  account: string,
  dialect: Dialect,
  body: Body,
  client: ClientProfile,
  ip: string,
): Promise<SimResponse> {
  const request: SimRequest = {
    dialect,
    body,
    userAgent: client.userAgent,
    headers: client.headers,
    clientIp: ip,
  };
  return ctx.send(account, request);
}

export interface Tool {
  readonly name: string;
  readonly description: string;
  /** Parameter name → JSON type (`string`, `integer`, `boolean`, `string[]`) or an enum. */
  readonly params: Readonly<Record<string, string | readonly string[]>>;
  readonly required?: readonly string[];
}

function schemaOf(tool: Tool): Record<string, unknown> {
  const properties = Object.fromEntries(
    Object.entries(tool.params).map(([name, type]) => [
      name,
      typeof type !== 'string'
        ? { type: 'string', enum: [...type] }
        : type.endsWith('[]')
          ? { type: 'array', items: { type: type.slice(0, -2) } }
          : { type },
    ]),
  );
  const required = tool.required ?? Object.keys(tool.params).slice(0, 1);
  return { type: 'object', properties, required: [...required] };
}

function toolsIn(dialect: Dialect, tools: readonly Tool[]): Body[] {
  return dialect === 'anthropic'
    ? tools.map((t) => ({ name: t.name, description: t.description, input_schema: schemaOf(t) }))
    : tools.map((t) => ({
        type: 'function',
        function: { name: t.name, description: t.description, parameters: schemaOf(t) },
      }));
}

export interface BodyOptions {
  readonly model: string;
  readonly messages: readonly Body[];
  readonly system?: string | undefined;
  readonly maxTokens?: number | undefined;
  readonly temperature?: number | undefined;
  readonly stream?: boolean | undefined;
  readonly tools?: readonly Tool[] | undefined;
  /** Forces this tool (Messages: tool_choice; chat: a named function). */
  readonly forceTool?: string | undefined;
  /** Messages only: extended thinking with this budget (temperature is then left out). */
  readonly thinking?: number | undefined;
  /** Chat only: a reasoning model's effort (max_completion_tokens, a developer message). */
  readonly effort?: 'low' | 'medium' | 'high' | undefined;
  /** Messages: metadata.user_id; chat: user. */
  readonly endUser?: string | undefined;
  /** Chat only. */
  readonly n?: number | undefined;
  readonly seed?: number | undefined;
  readonly json?: boolean | undefined;
}

/** A body in the dialect's own shape; options the dialect lacks are left out. */
export function body(dialect: Dialect, o: BodyOptions): Body {
  if (dialect === 'anthropic')
    return {
      model: o.model,
      max_tokens: o.maxTokens ?? 4_096,
      ...(o.system !== undefined ? { system: o.system } : {}),
      messages: o.messages,
      ...(o.temperature !== undefined && o.thinking === undefined
        ? { temperature: o.temperature }
        : {}),
      ...(o.thinking !== undefined
        ? { thinking: { type: 'enabled', budget_tokens: o.thinking } }
        : {}),
      ...(o.tools ? { tools: toolsIn('anthropic', o.tools) } : {}),
      ...(o.forceTool !== undefined ? { tool_choice: { type: 'tool', name: o.forceTool } } : {}),
      ...(o.endUser !== undefined ? { metadata: { user_id: o.endUser } } : {}),
      ...(o.stream ? { stream: true } : {}),
    };
  const reasoning = o.effort !== undefined;
  return {
    model: o.model,
    messages: [
      ...(o.system !== undefined
        ? [{ role: reasoning ? 'developer' : 'system', content: o.system }]
        : []),
      ...o.messages,
    ],
    ...(o.maxTokens !== undefined
      ? reasoning
        ? { max_completion_tokens: o.maxTokens }
        : { max_tokens: o.maxTokens }
      : {}),
    ...(o.temperature !== undefined && !reasoning ? { temperature: o.temperature } : {}),
    ...(o.n !== undefined ? { n: o.n } : {}),
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
    ...(reasoning ? { reasoning_effort: o.effort } : {}),
    ...(o.json ? { response_format: { type: 'json_object' } } : {}),
    ...(o.tools ? { tools: toolsIn('openai', o.tools) } : {}),
    ...(o.forceTool !== undefined
      ? { tool_choice: { type: 'function', function: { name: o.forceTool } } }
      : {}),
    ...(o.endUser !== undefined ? { user: o.endUser } : {}),
    ...(o.stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  };
}

export function user(text: string): Body {
  return { role: 'user', content: text };
}

export function assistant(text: string): Body {
  return { role: 'assistant', content: text };
}

/** One tool call and its result, in the dialect's transcript shape. */
export function toolStep(
  dialect: Dialect,
  id: string,
  name: string,
  input: Record<string, unknown>,
  result: string,
  preface?: string,
): Body[] {
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

const TOKEN = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random letters and digits. */
export function token(rng: Rng, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += TOKEN.charAt(rng.int(0, TOKEN.length - 1));
  return out;
}

/** A tool-call id in the dialect's style. */
export function callId(rng: Rng, dialect: Dialect): string {
  return dialect === 'anthropic' ? `toolu_01${token(rng, 22)}` : `call_${token(rng, 24)}`;
}

/** A stable 8-hex-digit digest of a string (FNV-1a): end-user ids that look opaque. */
export function digest(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

// ---------------------------------------------------------------------------------------------
// Reacting to the proxy

/** What a sender makes of a response: served, rate-limited, or refused for good. */
export type Verdict = 'ok' | 'limited' | 'refused';

/**
 * One sender's reaction to refusals: a 429 holds it until the Retry-After has passed (doubling
 * with every 429 in a row, capped), a 403 ends it.
 */
export class Standoff {
  private until = 0;
  private strikes = 0;
  private ended = false;

  /** Notes a response and says what it was. */
  note(ctx: ActorContext, response: SimResponse, rng: Rng): Verdict {
    if (response.status === 403) {
      this.ended = true;
      return 'refused';
    }
    if (response.status === 429) {
      this.strikes++;
      const base = response.retryAfterMs ?? 5_000;
      const wait = Math.min(90_000, base * 2 ** Math.min(this.strikes - 1, 4));
      this.until = Math.max(this.until, ctx.now() + wait * (1 + 0.25 * rng.next()));
      return 'limited';
    }
    if (response.status >= 200 && response.status < 300) this.strikes = 0;
    return 'ok';
  }

  get refused(): boolean {
    return this.ended;
  }

  /** How much a person stretches their pauses: 1, plus one per 429 in a row (to 5). */
  get pressure(): number {
    return 1 + Math.min(4, this.strikes);
  }

  held(now: number): boolean {
    return this.until > now;
  }

  /** Sleeps out the hold, if any. */
  async wait(ctx: ActorContext): Promise<void> {
    while (this.until > ctx.now() && !ctx.stopped()) await ctx.sleep(this.until - ctx.now());
  }
}

/**
 * A campaign's accounts: `take` hands out a rested account (none used within `minGap` ms, none
 * benched), the least recently used first give or take a few; `burn` retires a refused account
 * and a reserve takes its place at once.
 */
export class Roster {
  private readonly live: SimAccountSpec[];
  private readonly reserve: SimAccountSpec[];
  private readonly lastUsed = new Map<string, number>();
  private readonly benched = new Map<string, number>();
  private readonly burned = new Set<string>();
  private readonly minGap: number;

  constructor(
    active: readonly SimAccountSpec[],
    reserve: readonly SimAccountSpec[],
    minGap: number,
  ) {
    this.live = [...active];
    this.reserve = [...reserve];
    this.minGap = minGap;
  }

  take(now: number, rng: Rng, avoid?: ReadonlySet<string>): SimAccountSpec | undefined {
    const rested = this.live.filter(
      (account) =>
        !avoid?.has(account.id) &&
        (this.benched.get(account.id) ?? 0) <= now &&
        now - (this.lastUsed.get(account.id) ?? -Infinity) >= this.minGap,
    );
    if (rested.length === 0) return undefined;
    rested.sort((a, b) => (this.lastUsed.get(a.id) ?? -1) - (this.lastUsed.get(b.id) ?? -1));
    const account = rested[Math.floor(rng.next() ** 2 * Math.min(rested.length, 16))];
    if (account) this.lastUsed.set(account.id, now);
    return account;
  }

  /** Retires `id` for good; returns the reserve account that replaces it, if any is left. */
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
}

/** A sender's own rate control: creeps up after each success, halves on a 429. */
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

  follow(seen: Verdict): void {
    if (seen === 'limited') this.value = Math.max(this.floor, this.value / 2);
    else if (seen === 'ok') this.value = Math.min(this.ceiling, this.value + this.step);
  }
}
