/**
 * A campaign driven by one controller that fans each batch of work out to a pool of its accounts
 * at once (persona `wave-hydra`, THREATS.md S8's "synchronous timing"): a pool's accounts fire
 * within tens of milliseconds of each other, wave after wave, the pools taking turns. Everything
 * else is hidden: each prompt is worded from scratch (no shared template or near duplicate), each
 * request leaves through another exit, and max_tokens varies below the model's maximum (no
 * harvest parameter, so no shared harvest shape). What links its accounts is when they act.
 */
import type { Actor, SimAccountSpec } from '../actor.ts';
import type { Rng } from '../rng.ts';
import { HARVEST_VOCABULARY } from '../vocab/harvest.ts';
import { anthropicBody, openaiBody } from './bodies.ts';
import { campaignAccounts } from './campaign.ts';
import { clientProfile, proxyPool, type ClientKind, type ClientProfile } from './clients.ts';
import { MODELS, maxOutput } from './models.ts';

export interface WaveHydraOptions {
  readonly name: string;
  readonly campaign: string;
  readonly accounts: number;
  /** Accounts the controller fires together. */
  readonly poolSize: number;
  /** Mean gap between waves, ms (each 0.75–1.25 of it). */
  readonly waveGap: number;
}

const CLIENTS: readonly ClientKind[] = ['openai-python', 'httpx', 'aiohttp', 'anthropic-python'];

/** Every word of the harvest vocabulary: prompts drawn from it share no template. */
const WORDS: readonly string[] = [
  ...new Set(
    Object.values(HARVEST_VOCABULARY)
      .flat()
      .flatMap((phrase) => phrase.split(/\s+/))
      .filter((word) => /^[a-z]{3,}$/i.test(word)),
  ),
];

function prompt(rng: Rng): string {
  const words = Array.from({ length: rng.int(16, 28) }, () => rng.pick(WORDS));
  return `${words.join(' ')}?`;
}

export function waveHydra(rng: Rng, options: WaveHydraOptions): Actor {
  const accounts = campaignAccounts(rng, options.name.replace(/-/g, ''), options.accounts);
  const profiles = new Map<string, ClientProfile>(
    accounts.map((account) => [account.id, clientProfile(rng, rng.pick(CLIENTS))]),
  );
  const pools: SimAccountSpec[][] = [];
  for (let i = 0; i < accounts.length; i += options.poolSize)
    pools.push(accounts.slice(i, i + options.poolSize));
  const exits = proxyPool(rng, Math.max(8, Math.round(accounts.length * 0.6)));
  return {
    name: options.name,
    persona: 'wave-hydra',
    role: 'distiller',
    campaign: options.campaign,
    accounts,
    async run(ctx) {
      const refused = new Set<string>();
      const pending = new Set<Promise<unknown>>();
      await ctx.sleep(ctx.rng.next() * 2_000);
      for (let wave = 0; !ctx.stopped(); wave++) {
        // The controller does not wait for answers: the next wave leaves on its schedule.
        for (const account of pools[wave % pools.length] ?? []) {
          if (refused.has(account.id)) continue;
          const sent = fire(account).catch(() => undefined);
          pending.add(sent);
          void sent.finally(() => pending.delete(sent));
        }
        await ctx.sleep(options.waveGap * (0.75 + 0.5 * ctx.rng.next()));
      }
      await Promise.all(pending);

      async function fire(account: SimAccountSpec): Promise<void> {
        await ctx.sleep(ctx.rng.int(0, 60));
        if (ctx.stopped()) return;
        const profile = profiles.get(account.id) as ClientProfile;
        const model = ctx.rng.chance(0.5) ? MODELS.current : MODELS.openai;
        const maxTokens = ctx.rng.int(Math.round(maxOutput(model) * 0.4), maxOutput(model) - 1);
        const messages = [{ role: 'user', content: prompt(ctx.rng) }];
        const response = await ctx.send(account.id, {
          dialect: model.startsWith('gpt') ? 'openai' : 'anthropic',
          body: model.startsWith('gpt')
            ? openaiBody({ model, maxTokens }, messages)
            : anthropicBody({ model, maxTokens }, messages),
          userAgent: profile.userAgent,
          headers: profile.headers,
          clientIp: ctx.rng.pick(exits),
        });
        if (response.status === 403) refused.add(account.id);
      }
    },
  };
}
