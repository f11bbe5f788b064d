/**
 * Early adopters (persona `early-adopters`): developers with established accounts who try a new
 * model as soon as it is released and move most of their (ordinary, varied) traffic to it.
 */
import type { Actor } from '../actor.ts';
import type { Rng } from '../rng.ts';
import { CHAT_OPENERS, CHAT_VOCABULARY } from '../vocab/chat.ts';
import { compose } from '../vocab/expand.ts';
import { makeAccounts, personFacts } from './accounts.ts';
import { anthropicBody } from './bodies.ts';
import { clientProfile, homeIp } from './clients.ts';
import { MODELS } from './models.ts';
import { perAccount, thinkTime } from './pacing.ts';

export interface EarlyAdoptersOptions {
  readonly name: string;
  readonly accounts: number;
}

export function earlyAdopters(rng: Rng, options: EarlyAdoptersOptions): Actor {
  const accounts = makeAccounts(options.name.replace(/-/g, ''), options.accounts, () =>
    personFacts(rng, 'standard'),
  );
  return {
    name: options.name,
    persona: 'early-adopters',
    role: 'legitimate',
    accounts,
    async run(ctx) {
      const release = ctx.releasedAt(MODELS.newest);
      await perAccount(
        ctx,
        accounts,
        async (account, dev) => {
          const profile = clientProfile(
            dev,
            dev.pick(['anthropic-js', 'anthropic-python', 'curl'] as const),
          );
          const ip = homeIp(dev);
          const switchAt = release + dev.next() * 8_000;
          const adopts = dev.chance(0.85);
          while (!ctx.stopped()) {
            const onNew = adopts && ctx.now() >= switchAt && dev.chance(0.8);
            await ctx.send(account.id, {
              dialect: 'anthropic',
              body: anthropicBody(
                {
                  model: onNew ? MODELS.newest : MODELS.current,
                  maxTokens: dev.pick([1024, 4096, 8192]),
                },
                [{ role: 'user', content: compose(dev, CHAT_OPENERS, CHAT_VOCABULARY) }],
              ),
              userAgent: profile.userAgent,
              headers: profile.headers,
              clientIp: ip,
            });
            await ctx.sleep(thinkTime(dev, 4_000));
          }
        },
        3_000,
      );
    },
  };
}
