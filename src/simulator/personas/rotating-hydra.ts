/**
 * A rotating cluster (persona `rotating-hydra`): a working set of accounts with a deep reserve
 * behind it. An account that meets a 403 or 429 is dropped at once and a fresh reserve account
 * takes its place; on 429 the campaign also slows down and honours Retry-After.
 */
import type { Actor, SimAccountSpec } from '../actor.ts';
import type { Rng } from '../rng.ts';
import { campaignAccounts } from './campaign.ts';
import { clientProfile, proxyPool } from './clients.ts';
import { codePayload, qaPayload } from './harvest-payloads.ts';
import { MODELS } from './models.ts';

export interface RotatingOptions {
  readonly name: string;
  readonly campaign: string;
  readonly active: number;
  readonly reserve: number;
  readonly perAccountRpm: number;
}

export function rotatingHydra(rng: Rng, options: RotatingOptions): Actor {
  const accounts = campaignAccounts(
    rng,
    options.name.replace(/-/g, ''),
    options.active + options.reserve,
  );
  const profile = clientProfile(rng, 'openai-python');
  const exits = proxyPool(rng, Math.max(10, options.active * 2));
  return {
    name: options.name,
    persona: 'rotating-hydra',
    role: 'distiller',
    campaign: options.campaign,
    accounts,
    async run(ctx) {
      const reserve: SimAccountSpec[] = accounts.slice(options.active);
      const gap = 60_000 / options.perAccountRpm;
      let slowdown = 1;
      // One worker per working-set slot; each owns its current account until it is refused.
      await Promise.all(
        accounts.slice(0, options.active).map(async (first) => {
          let account: SimAccountSpec | undefined = first;
          await ctx.sleep(ctx.rng.next() * gap);
          while (account && !ctx.stopped()) {
            const payload = ctx.rng.chance(0.5)
              ? qaPayload(ctx.rng, MODELS.current)
              : codePayload(ctx.rng, MODELS.openai);
            const response = await ctx.send(account.id, {
              ...payload,
              userAgent: profile.userAgent,
              headers: profile.headers,
              clientIp: ctx.rng.pick(exits),
            });
            if (response.status === 429) {
              slowdown = Math.min(slowdown * 1.3, 8);
              await ctx.sleep(response.retryAfterMs ?? 1_000);
            }
            if (response.status === 403 || response.status === 429) account = reserve.shift();
            await ctx.sleep(ctx.rng.exponential(gap * slowdown));
          }
        }),
      );
    },
  };
}
