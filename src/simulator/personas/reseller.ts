/**
 * A reseller (persona `reseller`): one high-tier key behind which a router serves thousands of
 * its own customers (OpenAI `user` set to the end user), so the traffic is diverse — chat,
 * coding questions, summaries, several models — from a few backend addresses.
 */
import type { Actor } from '../actor.ts';
import type { Rng } from '../rng.ts';
import { CHAT_OPENERS, CHAT_VOCABULARY } from '../vocab/chat.ts';
import { compose } from '../vocab/expand.ts';
import { HARVEST_VOCABULARY } from '../vocab/harvest.ts';
import { makeAccounts } from './accounts.ts';
import { openaiBody } from './bodies.ts';
import { clientProfile, cloudIp, type ClientProfile } from './clients.ts';
import { MODELS } from './models.ts';
import { openLoop } from './pacing.ts';

const CODING = [
  'how do I {task} in {tech}?',
  'what is wrong with my {tech} code, it says {undefined|null pointer|index out of range}',
  'explain {tech} generics with a small example',
  'convert this loop to {tech}: for i in range(10): print(i)',
];

export interface ResellerOptions {
  readonly name: string;
  /** Requests per second. */
  readonly rate: number;
  readonly endUsers: number;
}

/** What a blended campaign needs to hide in this reseller's stream. */
export interface ResellerFront {
  readonly account: string;
  readonly profile: ClientProfile;
  readonly backends: readonly string[];
}

export function reseller(
  rng: Rng,
  options: ResellerOptions,
): { actor: Actor; front: ResellerFront } {
  const accounts = makeAccounts(options.name.replace(/-/g, ''), 1, () => ({
    org: 'org_routerhub',
    tier: 'enterprise',
    ageDays: 400,
    verified: true,
    labels: ['reseller'],
  }));
  const account = (accounts[0] as { id: string }).id;
  const front: ResellerFront = {
    account,
    profile: clientProfile(rng, 'openai-python'),
    backends: [cloudIp(rng), cloudIp(rng), cloudIp(rng)],
  };
  const actor: Actor = {
    name: options.name,
    persona: 'reseller',
    role: 'legitimate',
    accounts,
    async run(ctx) {
      await openLoop(
        ctx,
        () => options.rate,
        () => {
          const rng = ctx.rng;
          const coding = rng.chance(0.3);
          const prompt = coding
            ? compose(rng, CODING, HARVEST_VOCABULARY)
            : compose(rng, CHAT_OPENERS, CHAT_VOCABULARY);
          return ctx.send(account, {
            dialect: 'openai',
            body: openaiBody(
              {
                model: rng.pick([MODELS.openai, MODELS.openaiMini, MODELS.openaiMini]),
                ...(rng.chance(0.4) ? { maxTokens: rng.pick([256, 512, 1024, 4096]) } : {}),
                ...(rng.chance(0.3) ? { temperature: rng.pick([0, 0.5, 0.8, 1]) } : {}),
                user: `rh-${rng.int(1, options.endUsers)}`,
                stream: rng.chance(0.4),
              },
              [{ role: 'user', content: prompt }],
            ),
            userAgent: front.profile.userAgent,
            headers: front.profile.headers,
            clientIp: rng.pick(front.backends),
          });
        },
      );
    },
  };
  return { actor, front };
}
