/**
 * A single-account harvester (persona `single-harvester`): one young key on a paid tier pulling
 * broad Q&A and code answers at the maximal output length, just under its tier's request rate,
 * from one cloud address.
 */
import type { Actor } from '../actor.ts';
import type { Rng } from '../rng.ts';
import { makeAccounts } from './accounts.ts';
import { clientProfile, cloudIp } from './clients.ts';
import { codePayload, qaPayload } from './harvest-payloads.ts';
import { MODELS } from './models.ts';
import { openLoop } from './pacing.ts';

export function singleHarvester(rng: Rng, options: { name: string; rate: number }): Actor {
  const accounts = makeAccounts(options.name.replace(/-/g, ''), 1, () => ({
    tier: 'standard',
    ageDays: 2 + rng.next() * 3,
    verified: false,
  }));
  const account = (accounts[0] as { id: string }).id;
  const profile = clientProfile(rng, 'anthropic-python');
  const ip = cloudIp(rng);
  return {
    name: options.name,
    persona: 'single-harvester',
    role: 'distiller',
    campaign: options.name,
    accounts,
    async run(ctx) {
      await openLoop(
        ctx,
        () => options.rate,
        () =>
          ctx.send(account, {
            ...(ctx.rng.chance(0.6)
              ? qaPayload(ctx.rng, MODELS.current)
              : codePayload(ctx.rng, MODELS.current)),
            userAgent: profile.userAgent,
            headers: profile.headers,
            clientIp: ip,
          }),
      );
    },
  };
}
