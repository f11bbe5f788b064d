/**
 * Shared pieces of the second red-team scenario: client profiles (SDK user agents and the header
 * order each SDK sends), client addresses (residential exits per country, cloud backends, one
 * NAT), pacing (log-normal gaps in sessions), request bodies in both dialects and the reaction to
 * refusals. Written blind to detection: only the simulator's contract (actor.ts) is assumed.
 */
import type { ActorContext, SimAccountSpec, SimRequest, SimResponse } from '../actor.ts';
import type { Rng } from '../rng.ts';

export type Dialect = SimRequest['dialect'];
type Headers = readonly (readonly [string, string])[];

/** A client as the proxy sees it: user agent and header order, and the dialect it speaks. */
export interface Client {
  readonly dialect: Dialect;
  readonly userAgent: string;
  readonly headers: Headers;
}

const OSES = ['Linux', 'MacOS', 'Windows'] as const;
const ARCHES = ['x64', 'arm64'] as const;
const PYTHONS = ['3.10.14', '3.11.9', '3.12.7', '3.13.1'] as const;
const NODES = ['v18.20.4', 'v20.18.1', 'v22.12.0', 'v24.11.1'] as const;

function stainless(rng: Rng, lang: 'python' | 'js', version: string): Headers {
  const python = lang === 'python';
  return [
    ['accept', 'application/json'],
    ['x-stainless-lang', lang],
    ['x-stainless-package-version', version],
    ['x-stainless-os', rng.pick(OSES)],
    ['x-stainless-arch', rng.pick(ARCHES)],
    ['x-stainless-runtime', python ? 'CPython' : 'node'],
    ['x-stainless-runtime-version', python ? rng.pick(PYTHONS) : rng.pick(NODES)],
    ['x-stainless-retry-count', '0'],
  ];
}

/** The official SDKs, each in one of its recent versions. */
export const SDKS = {
  anthropicPython: (rng: Rng): Client => {
    const version = rng.pick(['0.69.0', '0.71.0', '0.72.1', '0.75.0']);
    return {
      dialect: 'anthropic',
      userAgent: `Anthropic/Python ${version}`,
      headers: stainless(rng, 'python', version),
    };
  },
  anthropicJs: (rng: Rng): Client => {
    const version = rng.pick(['0.65.0', '0.68.0', '0.70.1', '0.71.2']);
    return {
      dialect: 'anthropic',
      userAgent: `Anthropic/JS ${version}`,
      headers: stainless(rng, 'js', version),
    };
  },
  openaiPython: (rng: Rng): Client => {
    const version = rng.pick(['1.109.1', '2.6.0', '2.8.1', '2.9.0']);
    return {
      dialect: 'openai',
      userAgent: `OpenAI/Python ${version}`,
      headers: stainless(rng, 'python', version),
    };
  },
  openaiJs: (rng: Rng): Client => {
    const version = rng.pick(['5.23.2', '6.7.0', '6.9.1', '6.10.0']);
    return {
      dialect: 'openai',
      userAgent: `OpenAI/JS ${version}`,
      headers: stainless(rng, 'js', version),
    };
  },
  /** A terminal coding agent: its own user agent, betas and app header. */
  codingCli: (rng: Rng): Client => {
    const version = rng.pick(['2.0.42', '2.0.50', '2.0.55', '2.0.61']);
    return {
      dialect: 'anthropic',
      userAgent: `claude-cli/${version} (external, cli)`,
      headers: [
        ['accept', 'application/json'],
        [
          'anthropic-beta',
          'interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14',
        ],
        ['anthropic-dangerous-direct-browser-access', 'true'],
        ['x-app', 'cli'],
        ...stainless(rng, 'js', '0.60.0').slice(1),
      ],
    };
  },
  curl: (rng: Rng): Client => ({
    dialect: rng.chance(0.5) ? 'anthropic' : 'openai',
    userAgent: rng.pick(['curl/8.5.0', 'curl/8.7.1', 'curl/7.81.0']),
    headers: [['accept', '*/*']],
  }),
  httpx: (rng: Rng): Client => ({
    dialect: rng.chance(0.5) ? 'anthropic' : 'openai',
    userAgent: rng.pick(['python-httpx/0.27.2', 'python-httpx/0.28.1', 'python-requests/2.32.3']),
    headers: [
      ['accept', '*/*'],
      ['accept-encoding', 'gzip, deflate'],
      ['connection', 'keep-alive'],
    ],
  }),
} as const;

/** Any official SDK, weighted roughly as real traffic is. */
export function anySdk(rng: Rng): Client {
  const roll = rng.next();
  if (roll < 0.34) return SDKS.anthropicPython(rng);
  if (roll < 0.52) return SDKS.anthropicJs(rng);
  if (roll < 0.8) return SDKS.openaiPython(rng);
  if (roll < 0.93) return SDKS.openaiJs(rng);
  return rng.chance(0.5) ? SDKS.curl(rng) : SDKS.httpx(rng);
}

/** A product's backend: its own user agent over an SDK's headers. */
export function productClient(rng: Rng, name: string, dialect: Dialect): Client {
  const base = dialect === 'anthropic' ? SDKS.anthropicJs(rng) : SDKS.openaiJs(rng);
  return { dialect, userAgent: `${name} ${base.userAgent}`, headers: base.headers };
}

// First octets of consumer ISP space per market (approximate, for realism only).
export type Market = 'us' | 'eu' | 'latam' | 'asia' | 'ru';

const RESIDENTIAL: Readonly<Record<Market, readonly number[]>> = {
  us: [24, 47, 50, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 96, 97, 98, 99, 107, 108, 174],
  eu: [2, 5, 31, 37, 46, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 92, 93, 94, 95],
  latam: [177, 179, 181, 186, 187, 189, 190, 191, 200, 201],
  asia: [1, 14, 27, 36, 39, 42, 58, 59, 60, 61, 101, 106, 110, 112, 114, 116, 118, 121, 175, 180],
  ru: [5, 31, 37, 46, 77, 78, 79, 85, 91, 94, 95, 109, 176, 178, 188, 212, 217],
};
const CLOUD = [3, 13, 18, 34, 35, 44, 52, 54] as const;

export const MARKETS: readonly Market[] = ['us', 'eu', 'latam', 'asia', 'ru'];

export function residentialIp(rng: Rng, market: Market = rng.pick(MARKETS)): string {
  const first = rng.pick(RESIDENTIAL[market]);
  return `${first}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(2, 253)}`;
}

export function cloudIp(rng: Rng): string {
  return `${rng.pick(CLOUD)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(2, 253)}`;
}

/** Log-normal around a median: human gaps are skewed, with a long tail. */
export function lognormal(rng: Rng, median: number, sigma: number): number {
  return median * Math.exp(sigma * rng.normal(0, 1));
}

export { shuffle } from '../rng.ts';

/** n × scale accounts, at least one. */
export function scaled(count: number, scale: number): number {
  return Math.max(1, Math.round(count * scale));
}

export function accountId(prefix: string, index: number): string {
  return `${prefix}_${String(index).padStart(4, '0')}`;
}

/** Builds `count` account specs; `fill` decides each one's facts. */
export function makeAccounts(
  prefix: string,
  count: number,
  fill: (index: number) => Omit<SimAccountSpec, 'id'>,
): SimAccountSpec[] {
  return Array.from({ length: count }, (_, index) => ({
    id: accountId(prefix, index),
    ...fill(index),
  }));
}

/** What one account remembers between its requests. */
export interface Seat {
  readonly id: string;
  readonly client: Client;
  ip: string;
  /** Refused with 403: the campaign stops using it. */
  retired: boolean;
  /** Grows on 429: gaps are multiplied by it. */
  slowdown: number;
}

export function seat(id: string, client: Client, ip: string): Seat {
  return { id, client, ip, retired: false, slowdown: 1 };
}

/**
 * Sends as a seat and reacts: 403 retires it, 429 waits its Retry-After (capped) and slows the
 * seat down. Returns the response.
 */
export async function sendAs(
  ctx: ActorContext,
  s: Seat,
  body: Record<string, unknown>,
  extraHeaders: Headers = [],
): Promise<SimResponse> {
  const response = await ctx.send(s.id, {
    dialect: s.client.dialect,
    body,
    userAgent: s.client.userAgent,
    headers: [...s.client.headers, ...extraHeaders],
    clientIp: s.ip,
  });
  if (response.status === 403) s.retired = true;
  if (response.status === 429) {
    s.slowdown = Math.min(s.slowdown * 1.6, 12);
    await ctx.sleep(Math.min(response.retryAfterMs ?? 2_000, 8_000));
  }
  return response;
}

export interface Pace {
  /** The first request comes within this many ms of the start. */
  readonly firstWithin: number;
  /** Median gap between requests of a session, ms, and its log-normal spread. */
  readonly gap: number;
  readonly gapSigma: number;
  /** Requests per session (uniform in the range). */
  readonly session: readonly [number, number];
  /** Median pause between sessions, ms. */
  readonly idle: number;
}

/**
 * Drives one seat in sessions until the run ends or the seat is retired: `step` sends one
 * request (or one multi-request unit of work) and says whether to go on.
 */
export async function pacedLoop(
  ctx: ActorContext,
  s: Seat,
  pace: Pace,
  step: (index: number) => Promise<void>,
): Promise<void> {
  const rng = ctx.rng;
  await ctx.sleep(rng.next() * pace.firstWithin);
  let index = 0;
  const live = (): boolean => !ctx.stopped() && !s.retired;
  while (live()) {
    const length = rng.int(pace.session[0], pace.session[1]);
    for (let i = 0; i < length && live(); i++) {
      await step(index++);
      await ctx.sleep(lognormal(rng, pace.gap, pace.gapSigma) * s.slowdown);
    }
    await ctx.sleep(lognormal(rng, pace.idle, 0.6) * s.slowdown);
  }
}

export interface ToolSpec {
  readonly name: string;
  readonly description: string;
  readonly params: readonly string[];
}

export function anthropicTools(tools: readonly ToolSpec[]): Record<string, unknown>[] {
  return tools.map((tool) => ({
    name: tool.name,
    description: tool.description,
    input_schema: schema(tool.params),
  }));
}

export function openaiTools(tools: readonly ToolSpec[]): Record<string, unknown>[] {
  return tools.map((tool) => ({
    type: 'function',
    function: { name: tool.name, description: tool.description, parameters: schema(tool.params) },
  }));
}

function schema(params: readonly string[]): Record<string, unknown> {
  return {
    type: 'object',
    properties: Object.fromEntries(params.map((param) => [param, { type: 'string' }])),
    required: params.slice(0, 1),
  };
}

export interface ChatTurn {
  readonly role: 'user' | 'assistant';
  readonly content: string | readonly Record<string, unknown>[];
}

export interface BodySpec {
  readonly model: string;
  readonly system?: string;
  readonly messages: readonly ChatTurn[];
  readonly maxTokens: number;
  /** Extended thinking budget (Anthropic) or reasoning effort (OpenAI); none when absent. */
  readonly thinking?: number;
  readonly temperature?: number;
  readonly tools?: readonly ToolSpec[];
  /** Raw Anthropic tool definitions added after `tools` (server tools such as a computer). */
  readonly rawTools?: readonly Record<string, unknown>[];
  readonly endUser?: string;
  readonly stream?: boolean;
  readonly n?: number;
}

/** A request body in the dialect's own shape. */
export function body(dialect: Dialect, spec: BodySpec): Record<string, unknown> {
  return dialect === 'anthropic' ? anthropicBody(spec) : openaiBody(spec);
}

function anthropicBody(spec: BodySpec): Record<string, unknown> {
  const out: Record<string, unknown> = { model: spec.model, max_tokens: spec.maxTokens };
  if (spec.system !== undefined) out['system'] = spec.system;
  out['messages'] = spec.messages.map((turn) => ({ role: turn.role, content: turn.content }));
  if (spec.thinking !== undefined)
    out['thinking'] = { type: 'enabled', budget_tokens: spec.thinking };
  else if (spec.temperature !== undefined) out['temperature'] = spec.temperature;
  const tools = [...anthropicTools(spec.tools ?? []), ...(spec.rawTools ?? [])];
  if (tools.length > 0) out['tools'] = tools;
  if (spec.endUser !== undefined) out['metadata'] = { user_id: spec.endUser };
  if (spec.stream === true) out['stream'] = true;
  return out;
}

function openaiBody(spec: BodySpec): Record<string, unknown> {
  const messages: Record<string, unknown>[] = [];
  if (spec.system !== undefined) messages.push({ role: 'system', content: spec.system });
  for (const turn of spec.messages)
    messages.push({
      role: turn.role,
      content: typeof turn.content === 'string' ? turn.content : textOf(turn.content),
    });
  const out: Record<string, unknown> = { model: spec.model, messages };
  out['max_completion_tokens'] = spec.maxTokens;
  if (spec.thinking !== undefined)
    out['reasoning_effort'] = spec.thinking >= 12_000 ? 'high' : 'medium';
  if (spec.temperature !== undefined) out['temperature'] = spec.temperature;
  if (spec.n !== undefined) out['n'] = spec.n;
  if (spec.tools && spec.tools.length > 0) out['tools'] = openaiTools(spec.tools);
  if (spec.endUser !== undefined) out['user'] = spec.endUser;
  if (spec.stream === true) out['stream'] = true;
  return out;
}

function textOf(blocks: readonly Record<string, unknown>[]): string {
  return blocks
    .map((block) => (typeof block['text'] === 'string' ? block['text'] : ''))
    .filter((text) => text !== '')
    .join('\n');
}

const HEX = '0123456789abcdef';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function token(rng: Rng, length: number, alphabet = HEX): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[rng.int(0, alphabet.length - 1)] ?? '0';
  return out;
}

/** A small made-up PNG payload (the mock never decodes it). */
export function fakeImage(rng: Rng, bytes = 2_400): Record<string, unknown> {
  return {
    type: 'image',
    source: {
      type: 'base64',
      media_type: 'image/png',
      data: `iVBORw0KGgo${token(rng, bytes, B64)}`,
    },
  };
}

export function text(value: string): Record<string, unknown> {
  return { type: 'text', text: value };
}

/** A made-up assistant thinking block (the simulator's upstream does not check signatures). */
export function thinkingBlock(rng: Rng, thought: string): Record<string, unknown> {
  return { type: 'thinking', thinking: thought, signature: token(rng, 88, B64) };
}

/**
 * One tool call and its result as the two turns a client sends back: the assistant's tool_use
 * (after a made-up thinking block when `thought` is given) and the user's tool_result.
 */
export function toolExchange(
  rng: Rng,
  name: string,
  input: Record<string, unknown>,
  result: string | readonly Record<string, unknown>[],
  thought?: string,
): [ChatTurn, ChatTurn] {
  const id = `toolu_${token(rng, 24)}`;
  return [
    {
      role: 'assistant',
      content: [
        ...(thought === undefined ? [] : [thinkingBlock(rng, thought)]),
        { type: 'tool_use', id, name, input },
      ],
    },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: result }] },
  ];
}
