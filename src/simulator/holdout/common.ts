/**
 * Shared machinery of the holdout scenario: opaque account ids, client profiles (user agent and
 * header order), address layouts, request builders for both dialects, pacing loops and an account
 * fleet that replaces refused accounts from a reserve.
 *
 * Account ids and org ids are opaque on purpose: the proxy sees them, the ground truth must not
 * leak through them.
 */
import type { ActorContext, SimAccountSpec, SimRequest, SimResponse } from '../actor.ts';
import type { Rng } from '../rng.ts';

// ---------------------------------------------------------------------------------------------
// Models

export const MODEL = {
  /** Anthropic models, released long before the scenario. */
  sonnet: 'claude-sonnet-4-5',
  haiku: 'claude-haiku-4-5',
  opus: 'claude-opus-4-1',
  /** Released mid-scenario (see index.ts). */
  fresh: 'claude-opus-5',
  /** OpenAI-dialect models. */
  gpt: 'gpt-5',
  gptMini: 'gpt-5-mini',
  gpt41: 'gpt-4.1',
  o4: 'o4-mini',
} as const;

export const MAX_OUTPUT: Readonly<Record<string, number>> = {
  [MODEL.sonnet]: 64_000,
  [MODEL.haiku]: 64_000,
  [MODEL.opus]: 32_000,
  [MODEL.fresh]: 96_000,
  [MODEL.gpt]: 128_000,
  [MODEL.gptMini]: 128_000,
  [MODEL.gpt41]: 32_768,
  [MODEL.o4]: 100_000,
};

/** Release of the fresh model, in ms after the scenario start (fixed: `models` is static). */
export const FRESH_RELEASE_MS = 22_000;

export function maxOutput(model: string): number {
  return MAX_OUTPUT[model] ?? 8192;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

export function scaled(n: number, scale: number, min = 1): number {
  return Math.max(min, Math.round(n * scale));
}

export function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

export { weighted } from '../rng.ts';

/** `k` distinct elements (order random). */
export function sample<T>(rng: Rng, items: readonly T[], k: number): T[] {
  const copy = [...items];
  const out: T[] = [];
  while (out.length < k && copy.length > 0) {
    const i = rng.int(0, copy.length - 1);
    out.push(copy[i] as T);
    copy.splice(i, 1);
  }
  return out;
}

export function shuffle<T>(rng: Rng, items: readonly T[]): T[] {
  return sample(rng, items, items.length);
}

const B36 = '0123456789abcdefghijklmnopqrstuvwxyz';
const HEX = '0123456789abcdef';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function token(rng: Rng, length: number, alphabet = B36): string {
  let s = '';
  for (let i = 0; i < length; i++) s += alphabet[rng.int(0, alphabet.length - 1)] ?? '0';
  return s;
}

export function hex(rng: Rng, length: number): string {
  return token(rng, length, HEX);
}

export function b64(rng: Rng, length: number): string {
  return token(rng, length, B64);
}

/** Log-uniform in [lo, hi]: account ages spread over orders of magnitude. */
export function logUniform(rng: Rng, lo: number, hi: number): number {
  return Math.exp(Math.log(lo) + rng.next() * (Math.log(hi) - Math.log(lo)));
}

export function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

// ---------------------------------------------------------------------------------------------
// Accounts

/** Mints opaque, unique account ids for the whole scenario. */
export class IdMint {
  private readonly rng: Rng;
  private readonly used = new Set<string>();

  constructor(rng: Rng) {
    this.rng = rng;
  }

  next(): string {
    for (;;) {
      const id = `acct_${token(this.rng, 12)}`;
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }
}

export interface AccountFacts {
  readonly tier: string;
  readonly ageDays: number;
  readonly verified: boolean;
  readonly org?: string | undefined;
  readonly programme?: string | undefined;
  readonly declaredUse?: string | undefined;
}

export function accountSpec(id: string, facts: AccountFacts): SimAccountSpec {
  return {
    id,
    tier: facts.tier,
    ageDays: round1(Math.max(0.05, facts.ageDays)),
    verified: facts.verified,
    ...(facts.org === undefined ? {} : { org: facts.org }),
    ...(facts.programme === undefined ? {} : { programme: facts.programme }),
    ...(facts.declaredUse === undefined ? {} : { declaredUse: facts.declaredUse }),
  };
}

// ---------------------------------------------------------------------------------------------
// Clients: user agent plus the extra headers in the order a real client sends them

export interface Client {
  readonly userAgent: string;
  readonly headers: readonly (readonly [string, string])[];
}

const PY_VERSIONS = ['3.10.14', '3.11.9', '3.12.3', '3.12.7', '3.13.1'];
const NODE_VERSIONS = ['v20.18.1', 'v22.11.0', 'v22.14.0', 'v24.2.0'];
const OSES = ['Linux', 'MacOS', 'Windows'];
const ARCHES = ['x64', 'arm64'];

export const ANTHROPIC_PY_VERSIONS = ['0.49.0', '0.52.2', '0.57.1', '0.64.0', '0.69.0'];
export const ANTHROPIC_JS_VERSIONS = ['0.39.0', '0.50.4', '0.56.0', '0.65.0'];
export const OPENAI_PY_VERSIONS = ['1.68.2', '1.82.0', '1.99.9', '1.109.1'];
export const OPENAI_JS_VERSIONS = ['4.91.1', '4.104.0', '5.12.2', '5.23.0'];

export type SdkKind = 'anthropic-python' | 'anthropic-js' | 'openai-python' | 'openai-js';

export interface SdkChoice {
  readonly kind: SdkKind;
  readonly version: string;
  readonly runtime: string;
  readonly os: string;
  readonly arch: string;
}

export function randomSdk(rng: Rng, kind: SdkKind): SdkChoice {
  const python = kind.endsWith('python');
  const versions =
    kind === 'anthropic-python'
      ? ANTHROPIC_PY_VERSIONS
      : kind === 'anthropic-js'
        ? ANTHROPIC_JS_VERSIONS
        : kind === 'openai-python'
          ? OPENAI_PY_VERSIONS
          : OPENAI_JS_VERSIONS;
  return {
    kind,
    version: rng.pick(versions),
    runtime: python ? rng.pick(PY_VERSIONS) : rng.pick(NODE_VERSIONS),
    os: rng.pick(OSES),
    arch: rng.pick(ARCHES),
  };
}

/** The user agent and x-stainless-* headers of the official SDKs, in their order. */
export function sdkClient(sdk: SdkChoice, retry = 0): Client {
  const python = sdk.kind.endsWith('python');
  const brand = sdk.kind.startsWith('anthropic') ? 'Anthropic' : 'OpenAI';
  const headers: (readonly [string, string])[] = [
    ['accept', 'application/json'],
    ['x-stainless-lang', python ? 'python' : 'js'],
    ['x-stainless-package-version', sdk.version],
    ['x-stainless-os', sdk.os],
    ['x-stainless-arch', sdk.arch],
    ['x-stainless-runtime', python ? 'CPython' : 'node'],
    ['x-stainless-runtime-version', sdk.runtime],
    ['x-stainless-retry-count', String(retry)],
  ];
  if (python) {
    headers.unshift(['accept-encoding', 'gzip, deflate']);
    headers.push(['x-stainless-read-timeout', '600']);
  } else {
    headers.push(['x-stainless-timeout', '600']);
  }
  return { userAgent: `${brand}/${python ? 'Python' : 'JS'} ${sdk.version}`, headers };
}

export function plainClient(
  userAgent: string,
  headers: readonly (readonly [string, string])[] = [],
): Client {
  return { userAgent, headers };
}

// ---------------------------------------------------------------------------------------------
// Addresses

/** First octets of ordinary public unicast space (no private, CGNAT, loopback or multicast). */
const PUBLIC_FIRST = [
  2, 5, 23, 24, 31, 37, 41, 46, 49, 62, 66, 71, 76, 79, 81, 84, 88, 91, 94, 98, 102, 109, 112, 118,
  121, 124, 137, 145, 151, 154, 171, 176, 178, 181, 186, 188, 190, 196, 201, 203, 212, 217,
];

export function publicV4(rng: Rng): string {
  return `${rng.pick(PUBLIC_FIRST)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}

/** A /24 prefix `a.b.c` in public space. */
export function publicPrefix24(rng: Rng): string {
  return `${rng.pick(PUBLIC_FIRST)}.${rng.int(0, 255)}.${rng.int(0, 255)}`;
}

export function inPrefix24(rng: Rng, prefix: string): string {
  return `${prefix}.${rng.int(1, 254)}`;
}

/** A /48 IPv6 prefix `2a0x:xxxx:xxxx` in global unicast space. */
export function v6Prefix48(rng: Rng): string {
  return `${rng.pick(['2a01', '2a02', '2a05', '2604', '2607', '2001'])}:${hex(rng, 4)}:${hex(rng, 4)}`;
}

export function inV6Prefix48(rng: Rng, prefix: string): string {
  const groups: string[] = [];
  for (let i = 0; i < 5; i++) groups.push(rng.int(0, 0xffff).toString(16));
  return `${prefix}:${groups.join(':')}`;
}

// ---------------------------------------------------------------------------------------------
// Request builders

function simRequest(
  dialect: SimRequest['dialect'],
  body: Record<string, unknown>,
  client: Client,
  clientIp: string,
  extraHeaders: readonly (readonly [string, string])[],
): SimRequest {
  return {
    dialect,
    body,
    userAgent: client.userAgent,
    headers: [...client.headers, ...extraHeaders],
    clientIp,
  };
}

export function anthropicRequest(
  body: Record<string, unknown>,
  client: Client,
  clientIp: string,
  extraHeaders: readonly (readonly [string, string])[] = [],
): SimRequest {
  return simRequest('anthropic', body, client, clientIp, extraHeaders);
}

export function openaiRequest(
  body: Record<string, unknown>,
  client: Client,
  clientIp: string,
  extraHeaders: readonly (readonly [string, string])[] = [],
): SimRequest {
  return simRequest('openai', body, client, clientIp, extraHeaders);
}

/** A plausible thinking block as the client sends it back (signature opaque). */
export function thinkingBlock(rng: Rng, text: string): Record<string, unknown> {
  return { type: 'thinking', thinking: text, signature: b64(rng, rng.int(180, 360)) };
}

export function toolUseId(rng: Rng): string {
  return `toolu_01${token(rng, 22, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}`;
}

export function openaiCallId(rng: Rng): string {
  return `call_${token(rng, 24, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}`;
}

/** Random bytes behind a real image signature: enough for a proxy that never decodes them. */
export function fakeImageBase64(rng: Rng, kind: 'png' | 'jpeg', bytes: number): string {
  const head =
    kind === 'png'
      ? [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]
      : [0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0];
  const buf = Buffer.alloc(Math.max(bytes, head.length));
  head.forEach((b, i) => (buf[i] = b));
  for (let i = head.length; i < buf.length; i++) buf[i] = rng.int(0, 255);
  return buf.toString('base64');
}

export function imageBlock(rng: Rng, bytes: number): Record<string, unknown> {
  const kind = rng.chance(0.6) ? 'png' : 'jpeg';
  return {
    type: 'image',
    source: {
      type: 'base64',
      media_type: kind === 'png' ? 'image/png' : 'image/jpeg',
      data: fakeImageBase64(rng, kind, bytes),
    },
  };
}

export function openaiImagePart(rng: Rng, bytes: number): Record<string, unknown> {
  const kind = rng.chance(0.5) ? 'png' : 'jpeg';
  return {
    type: 'image_url',
    image_url: { url: `data:image/${kind};base64,${fakeImageBase64(rng, kind, bytes)}` },
  };
}

// ---------------------------------------------------------------------------------------------
// Pacing

/**
 * Open-loop arrivals: fires `fire` at `rate(t)` requests per second (Poisson), never more than
 * `maxInFlight` at once, and waits for the stragglers when the scenario ends.
 */
export async function openLoop(
  ctx: ActorContext,
  rate: (t: number) => number,
  maxInFlight: number,
  fire: () => Promise<void>,
  rng: Rng = ctx.rng,
): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  while (!ctx.stopped()) {
    const r = rate(ctx.now());
    if (r <= 0) {
      await ctx.sleep(250);
      continue;
    }
    await ctx.sleep(rng.exponential(1000 / r));
    if (ctx.stopped()) break;
    if (inFlight.size >= maxInFlight) continue;
    const p: Promise<void> = fire()
      .catch(() => undefined)
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  }
  await Promise.all([...inFlight]);
}

/** Runs `count` independent loops concurrently (per-account or per-user behaviour). */
export async function concurrently(
  count: number,
  body: (index: number) => Promise<void>,
): Promise<void> {
  const runs: Promise<void>[] = [];
  for (let i = 0; i < count; i++) runs.push(body(i));
  await Promise.all(runs);
}

export type Outcome = 'ok' | 'refused' | 'throttled' | 'failed';

export function outcomeOf(response: SimResponse): Outcome {
  if (response.status >= 200 && response.status < 300) return 'ok';
  if (response.status === 401 || response.status === 403) return 'refused';
  if (response.status === 429) return 'throttled';
  return 'failed';
}

/** How long to wait after a 429: the server's Retry-After, else a jittered default. */
export function retryDelay(rng: Rng, response: SimResponse, fallbackMs: number): number {
  const base = response.retryAfterMs ?? fallbackMs;
  return base * (1 + 0.2 * rng.next());
}

/**
 * A set of accounts worked in slots, with a reserve: a refused account (403) leaves its slot
 * and the next reserve account takes it at once. Non-rotating fleets have no reserve.
 */
export class Fleet {
  private readonly slots: (string | undefined)[];
  private readonly reserve: string[];
  readonly retired = new Set<string>();

  constructor(accounts: readonly string[], active: number) {
    this.slots = accounts.slice(0, active);
    this.reserve = accounts.slice(active);
  }

  get slotCount(): number {
    return this.slots.length;
  }

  get reserveLeft(): number {
    return this.reserve.length;
  }

  account(slot: number): string | undefined {
    return this.slots[slot];
  }

  /** Retires the slot's account; returns its replacement, or undefined when the reserve is empty. */
  replace(slot: number): string | undefined {
    const old = this.slots[slot];
    if (old !== undefined) this.retired.add(old);
    const next = this.reserve.shift();
    this.slots[slot] = next;
    return next;
  }

  /** Live accounts, in slot order. */
  live(): string[] {
    return this.slots.filter((a): a is string => a !== undefined);
  }
}
