/**
 * What the eighth red team's actors share: the scenario's models (a family per dialect, a
 * reasoning model, and a new model released during the run and served on both endpoints), its
 * org names, a browser in a locale, and its senders' temper and roster; the plumbing the later
 * red teams share (opaque account ids, client stacks and exits, request bodies in both dialects,
 * standoffs, rosters and an AIMD throttle) is re-exported from `../personas/`. All randomness
 * comes from the Rng handed in.
 */
import type { ActorContext, SimAccountSpec, SimModel } from '../actor.ts';
import { orgId as anOrgId, type OrgSyllables } from '../personas/accounts.ts';
import { chromePage, type ClientProfile } from '../personas/clients.ts';
import { Pool, type Temper } from '../personas/reactions.ts';
import type { Rng } from '../rng.ts';

export { between, weighted } from '../rng.ts';
export { IdMint, scaled as sized } from '../personas/accounts.ts';
export { type ClientMix, clientFor, subnet } from '../personas/clients.ts';
export {
  assistant,
  type Body,
  body,
  callId,
  type Dialect,
  digest,
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

/** Whether the new model is out at `now`. */
export function released(ctx: ActorContext, now = ctx.now()): boolean {
  return now >= ctx.releasedAt(M.newest);
}

// ---------------------------------------------------------------------------------------------
// Accounts, clients and senders

const ORG_SYLLABLES: OrgSyllables = [
  ['bar', 'cel', 'dun', 'fir', 'gal', 'hol', 'jun', 'kes', 'lom', 'mar', 'nov', 'pry'],
  ['ata', 'en', 'ix', 'ora', 'um', 'ic', 'wey', 'ton', 'ar', 'is'],
];

/** An org id with a readable slug: `org_` + `stem` (or two syllables) + digits. */
export function orgId(rng: Rng, stem?: string): string {
  return anOrgId(rng, stem ?? ORG_SYLLABLES);
}

/** A browser whose Accept-Language is `language` (a chat page in that locale). */
export function browserIn(rng: Rng, language: string, origin: string): ClientProfile {
  return chromePage(
    rng,
    [120, 134],
    () => (language === 'en' ? 'en-US,en;q=0.9' : `${language},en;q=0.7`),
    origin,
  );
}

/**
 * How the scenario's senders take 429s in a row: each doubles the hold four times at most (to
 * 90 s), stretched by up to a quarter; a person's pauses stretch to five times.
 */
export const TEMPER: Temper = { cap: 90_000, strikes: 4, jitter: 0.25 };

/**
 * A campaign's accounts: `take` hands out a rested account (none used within `minGap` ms, none
 * benched), the least recently used first give or take a few; `burn` retires a refused account
 * and a reserve takes its place at once.
 */
export class Roster extends Pool {
  constructor(
    active: readonly SimAccountSpec[],
    reserve: readonly SimAccountSpec[],
    minGap: number,
  ) {
    super(active, reserve, minGap, 16);
  }
}
