/**
 * What the red team's campaigns share: fresh-ish account facts, a per-account client identity,
 * a request builder for either dialect, and two schedules — a steady per-account Poisson loop
 * and a sparse one (a handful of requests at random moments). Every campaign writes an account
 * off at its first 403 (no reserve: the point is to measure what gets through before that).
 */
import type { ActorContext, SimAccountSpec, SimRequest } from '../actor.ts';
import { anthropicBody, openaiBody, textTurns } from '../personas/bodies.ts';
import { clientProfile, type ClientKind, type ClientProfile } from '../personas/clients.ts';
import { perAccount } from '../personas/pacing.ts';
import type { Rng } from '../rng.ts';
import { sendOrRetire, weighted } from './common.ts';

export const SCRIPT_CLIENTS: readonly (readonly [ClientKind, number])[] = [
  ['openai-python', 30],
  ['anthropic-python', 25],
  ['httpx', 10],
  ['aiohttp', 10],
  ['openai-js', 10],
  ['anthropic-js', 10],
  ['go', 5],
];

/** A client kind, its profile (one SDK version per account) and the dialect it speaks. */
export interface Identity {
  readonly profile: ClientProfile;
  readonly dialect: 'anthropic' | 'openai';
}

export function identity(rng: Rng, kind: ClientKind = weighted(rng, SCRIPT_CLIENTS)): Identity {
  const dialect = kind.startsWith('anthropic')
    ? 'anthropic'
    : kind.startsWith('openai')
      ? 'openai'
      : rng.chance(0.5)
        ? 'anthropic'
        : 'openai';
  return { profile: clientProfile(rng, kind), dialect };
}

export interface Ask {
  readonly text: string;
  readonly maxTokens?: number;
  readonly temperature?: number;
  readonly system?: string;
  /** Anthropic only: extended thinking with this budget (temperature is then left out). */
  readonly thinkingBudget?: number;
  /** OpenAI only. */
  readonly n?: number;
  /** Overrides the dialect's usual model. */
  readonly model?: string;
}

const DEFAULT_MODEL = { anthropic: 'claude-sim-4', openai: 'gpt-sim-4o' } as const;

/** One single-turn request in the identity's dialect. */
export function askRequest(who: Identity, ask: Ask, clientIp: string): SimRequest {
  const model = ask.model ?? DEFAULT_MODEL[who.dialect];
  const turns = textTurns([{ role: 'user', text: ask.text }]);
  const common = {
    model,
    ...(ask.system !== undefined ? { system: ask.system } : {}),
  };
  const body =
    who.dialect === 'anthropic'
      ? anthropicBody(
          {
            ...common,
            maxTokens: ask.maxTokens ?? 4_096,
            ...(ask.thinkingBudget !== undefined
              ? { thinkingBudget: ask.thinkingBudget }
              : ask.temperature !== undefined
                ? { temperature: Math.min(1, ask.temperature) }
                : {}),
          },
          turns,
        )
      : openaiBody(
          {
            ...common,
            ...(ask.maxTokens !== undefined ? { maxTokens: ask.maxTokens } : {}),
            ...(ask.temperature !== undefined ? { temperature: ask.temperature } : {}),
            ...(ask.n !== undefined ? { n: ask.n } : {}),
          },
          turns,
        );
  return {
    dialect: who.dialect,
    body,
    userAgent: who.profile.userAgent,
    headers: who.profile.headers,
    clientIp,
  };
}

/** Builds an account's next request; `sent` counts what it sent before. */
export type NextRequest = (account: SimAccountSpec, rng: Rng, sent: number) => SimRequest;

/** Each account sends at `perMinute` on average (exponential gaps) until refused with 403. */
export function steadyHarvest(
  ctx: ActorContext,
  accounts: readonly SimAccountSpec[],
  perMinute: number,
  next: NextRequest,
): Promise<void> {
  const gap = 60_000 / perMinute;
  return perAccount(
    ctx,
    accounts,
    async (account, rng) => {
      for (let sent = 0; !ctx.stopped(); sent++) {
        if (await sendOrRetire(ctx, account.id, next(account, rng, sent))) return;
        await ctx.sleep(rng.exponential(gap));
      }
    },
    gap,
  );
}

/** Each account sends `count(rng)` requests at random moments of the run (low and slow). */
export function sparseHarvest(
  ctx: ActorContext,
  accounts: readonly SimAccountSpec[],
  count: (rng: Rng) => number,
  next: NextRequest,
): Promise<void> {
  return Promise.all(
    accounts.map(async (account) => {
      const rng = ctx.rng.fork(account.id);
      const span = ctx.duration - ctx.now();
      const moments = Array.from({ length: count(rng) }, () => rng.next() * span).sort(
        (a, b) => a - b,
      );
      const start = ctx.now();
      for (const [sent, moment] of moments.entries()) {
        await ctx.sleep(start + moment - ctx.now());
        if (ctx.stopped()) return;
        if (await sendOrRetire(ctx, account.id, next(account, rng, sent))) return;
      }
    }),
  ).then(() => undefined);
}

/** A campaign actor's name, campaign id and account count. */
export interface CampaignOptions {
  readonly name: string;
  readonly campaign: string;
  readonly accounts: number;
}
