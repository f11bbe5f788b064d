/**
 * The machinery distillation campaigns share: young accounts, requests spread round-robin over
 * them at a total rate that keeps every account under its tier's baseline, each request leaving
 * through a different residential-proxy exit, the campaign's own client stack.
 */
import type { Actor, ActorContext, Role, SimAccountSpec, SimRequest } from '../actor.ts';
import type { Rng } from '../rng.ts';
import { distillerFacts, makeAccounts } from './accounts.ts';
import { clientProfile, proxyPool, type ClientKind, type ClientProfile } from './clients.ts';
import { openLoop, roundRobin } from './pacing.ts';

export type Payload = Pick<SimRequest, 'dialect' | 'body'>;

export interface CampaignOptions {
  readonly name: string;
  readonly persona: string;
  readonly campaign: string;
  readonly accounts: number;
  /** Requests per minute per account (kept below the tier baseline). */
  readonly perAccountRpm: number;
  /** Client stacks the campaign's workers use (one per account, drawn from these). */
  readonly clients: readonly ClientKind[];
  /** Distinct /24s of the residential-proxy pool. */
  readonly prefixes: number;
  /** The request to send at time `now` (ms since the scenario start). */
  readonly payload: (rng: Rng, now: number, ctx: ActorContext) => Payload;
  /** Total rate multiplier over time (a campaign ramping up or pivoting). */
  readonly intensity?: (now: number, ctx: ActorContext) => number;
}

export function campaignAccounts(rng: Rng, prefix: string, count: number): SimAccountSpec[] {
  const org = rng.chance(0.5) ? undefined : `org_${prefix}${rng.int(100, 999)}`;
  return makeAccounts(prefix, count, () => distillerFacts(rng, rng.chance(0.3) ? org : undefined));
}

export function campaign(rng: Rng, options: CampaignOptions): Actor {
  const accounts = campaignAccounts(rng, options.name.replace(/-/g, ''), options.accounts);
  const profiles = new Map<string, ClientProfile>(
    accounts.map((account) => [account.id, clientProfile(rng, rng.pick(options.clients))]),
  );
  const exits = proxyPool(rng, options.prefixes);
  const role: Role = 'distiller';
  return {
    name: options.name,
    persona: options.persona,
    role,
    campaign: options.campaign,
    accounts,
    async run(ctx) {
      const next = roundRobin(ctx.rng, accounts);
      const rate = (accounts.length * options.perAccountRpm) / 60;
      await openLoop(
        ctx,
        () => rate * (options.intensity?.(ctx.now(), ctx) ?? 1),
        () => {
          const account = next();
          const profile = profiles.get(account.id) as ClientProfile;
          return ctx.send(account.id, {
            ...options.payload(ctx.rng, ctx.now(), ctx),
            userAgent: profile.userAgent,
            headers: profile.headers,
            clientIp: ctx.rng.pick(exits),
          });
        },
        // Campaign workers come up within the first seconds.
        ctx.rng.next() * 2_000,
      );
    },
  };
}
