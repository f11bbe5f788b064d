/**
 * A campaign blended into a reseller's stream (persona `blended-cluster`): it owns no account and
 * sends its harvest through the reseller's key, from the reseller's backends with its client
 * stack, as a handful of "end users" — one tight template cluster inside diffuse traffic. Its
 * requests are attributed to it; the account stays the reseller's.
 */
import type { Actor } from '../actor.ts';
import { codePayload, qaPayload } from './harvest-payloads.ts';
import { MODELS } from './models.ts';
import { openLoop } from './pacing.ts';
import type { ResellerFront } from './reseller.ts';

export function blendedCluster(
  front: ResellerFront,
  options: { name: string; campaign: string; rate: number },
): Actor {
  return {
    name: options.name,
    persona: 'blended-cluster',
    role: 'distiller',
    campaign: options.campaign,
    accounts: [],
    borrows: [front.account],
    async run(ctx) {
      const users = Array.from(
        { length: 12 },
        (_, index) => `rh-x${index}${ctx.rng.int(1000, 9999)}`,
      );
      await openLoop(
        ctx,
        () => options.rate,
        () => {
          const payload = ctx.rng.chance(0.6)
            ? qaPayload(ctx.rng, MODELS.openai)
            : codePayload(ctx.rng, MODELS.openai);
          return ctx.send(front.account, {
            dialect: 'openai',
            body: { ...payload.body, user: ctx.rng.pick(users) },
            userAgent: front.profile.userAgent,
            headers: front.profile.headers,
            clientIp: ctx.rng.pick(front.backends),
          });
        },
      );
    },
  };
}
