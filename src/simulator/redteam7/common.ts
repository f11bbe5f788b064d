/**
 * What the seventh red team's actors share: the scenario's models (a family per dialect, a
 * reasoning model and one model released during the run, served in both dialects), its org names,
 * a tool's own client, random hex and photos, image turns, its senders' temper and account pool,
 * and pacing helpers; the plumbing the later red teams share (opaque account ids minted
 * scenario-wide, client stacks and addresses, request builders for both dialects, `Standoff`,
 * `Throttle`, `Flights`) is re-exported from `../personas/`. All randomness comes from the Rng
 * handed in.
 */
import type { ActorContext, SimAccountSpec, SimModel } from '../actor.ts';
import { orgId as anOrgId, type OrgSyllables } from '../personas/accounts.ts';
import type { ClientProfile } from '../personas/clients.ts';
import * as pacing from '../personas/pacing.ts';
import { Pool as SharedPool, type Temper } from '../personas/reactions.ts';
import type { Dialect } from '../personas/requests.ts';
import { shuffle, type Rng } from '../rng.ts';

export { between, shuffle, weighted, zipf } from '../rng.ts';
export { IdMint, scaled as sized } from '../personas/accounts.ts';
export { clientFor, subnet as office } from '../personas/clients.ts';
export { each, Flights } from '../personas/pacing.ts';
export {
  assistant,
  body,
  callId,
  type Dialect,
  digest,
  hex,
  send,
  type Tool,
  toolStep,
  user,
} from '../personas/requests.ts';
export { Standoff, Throttle, type Verdict } from '../personas/reactions.ts';

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

/** Whether the new model has been released at `now` (actors never ask for it before). */
export function released(ctx: ActorContext, now = ctx.now()): boolean {
  return now >= ctx.releasedAt(M.newest);
}

// ---------------------------------------------------------------------------------------------
// Accounts and clients

const ORG_SYLLABLES: OrgSyllables = [
  ['tal', 'mir', 'ost', 'ven', 'cor', 'bri', 'sol', 'kan', 'del', 'ara', 'fen', 'lux'],
  ['ora', 'ex', 'ix', 'ant', 'io', 'ent', 'yx', 'um', 'ia', 'os'],
];

/** An org id with a readable slug (`org_` + two syllables + digits). */
export function orgId(rng: Rng, stem?: string): string {
  return anOrgId(rng, stem ?? ORG_SYLLABLES);
}

/** A tool's own client: its user agent first, then its headers in order. */
export function ownClient(
  userAgent: string,
  headers: readonly (readonly [string, string])[],
): ClientProfile {
  return { userAgent, headers };
}

// ---------------------------------------------------------------------------------------------
// Requests

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

/**
 * How the scenario's senders take 429s in a row: each doubles the hold five times at most (to
 * 90 s), stretched by up to 30 %; a person's pauses stretch to six times.
 */
export const TEMPER: Temper = { cap: 90_000, strikes: 5, jitter: 0.3 };

/**
 * A campaign's accounts: it hands out a rested account (none used within `minGap` ms, none
 * benched), preferring the least recently used but not strictly in turn; a refused account is
 * burned and a reserve account takes its place at once.
 */
export class Pool extends SharedPool {
  constructor(
    active: readonly SimAccountSpec[],
    reserve: readonly SimAccountSpec[] = [],
    minGap = 0,
  ) {
    super(active, reserve, minGap, 12);
  }
}

// ---------------------------------------------------------------------------------------------
// Pacing

/** The shared open loop (`../personas/pacing.ts`), looking again in 400 ms at a rate of 0. */
export const loop: typeof pacing.loop = (ctx, perSecond, fire, regularity) =>
  pacing.loop(ctx, perSecond, fire, regularity, 400);

/** A person's pause around `mean` ms: log-normal, never below a fifth of it. */
export function pause(rng: Rng, mean: number): number {
  return Math.max(mean / 5, mean * Math.exp(rng.normal(0, 0.65) - 0.21));
}

/** `count` distinct items of `items` (all of them when there are fewer). */
export function sample<T>(rng: Rng, items: readonly T[], count: number): T[] {
  return shuffle(rng, items).slice(0, count);
}
