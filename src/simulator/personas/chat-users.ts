/**
 * Ordinary chat users (persona `chat`), or the staff of one company behind a single NAT address
 * (persona `company-nat`): many accounts, low volume, irregular human timing, short
 * conversations on diverse topics in several languages, a mix of apps, SDKs and browsers.
 */
import type { Actor, SimAccountSpec, SimRequest } from '../actor.ts';
import type { Rng } from '../rng.ts';
import {
  ASSISTANT_REPLIES,
  CHAT_FOLLOW_UPS,
  CHAT_OPENERS,
  CHAT_VOCABULARY,
} from '../vocab/chat.ts';
import { compose } from '../vocab/expand.ts';
import { makeAccounts, personFacts } from './accounts.ts';
import { anthropicBody, openaiBody, textTurns, type Turn } from './bodies.ts';
import { clientProfile, homeIp, type ClientKind } from './clients.ts';
import { MODELS } from './models.ts';
import { perAccount, thinkTime } from './pacing.ts';

export interface ChatUsersOptions {
  readonly name: string;
  readonly count: number;
  /** `company-nat`: every account of `org` behind `natIp`. */
  readonly persona?: 'chat' | 'company-nat';
  readonly org?: string;
  readonly natIp?: string;
  /** Mean pause between turns of a conversation, ms. */
  readonly turnGap?: number;
}

const KINDS: readonly ClientKind[] = [
  'browser',
  'browser',
  'anthropic-js',
  'anthropic-python',
  'openai-python',
  'openai-js',
  'curl',
  'httpx',
  'axios',
];

interface User {
  readonly account: SimAccountSpec;
  readonly kind: ClientKind;
  readonly ip: string;
  readonly model: string;
}

export function chatUsers(rng: Rng, options: ChatUsersOptions): Actor {
  const persona = options.persona ?? 'chat';
  const accounts = makeAccounts(options.name.replace(/-/g, ''), options.count, () => ({
    ...personFacts(rng, options.org ? 'standard' : undefined),
    ...(options.org ? { org: options.org } : {}),
  }));
  const users = accounts.map((account): User => ({
    account,
    kind: rng.pick(KINDS),
    ip: options.natIp ?? homeIp(rng),
    model: rng.pick([
      MODELS.current,
      MODELS.current,
      MODELS.legacy,
      MODELS.openai,
      MODELS.openaiMini,
    ]),
  }));
  const byId = new Map(users.map((user) => [user.account.id, user]));
  const turnGap = options.turnGap ?? 9_000;
  return {
    name: options.name,
    persona,
    role: 'legitimate',
    accounts,
    async run(ctx) {
      await perAccount(
        ctx,
        accounts,
        async (account, userRng) => {
          const user = byId.get(account.id) as User;
          const profile = clientProfile(userRng, user.kind);
          while (!ctx.stopped()) {
            const turns: Turn[] = [];
            const length = userRng.int(1, 4);
            for (let turn = 0; turn < length && !ctx.stopped(); turn++) {
              turns.push({
                role: 'user',
                text: compose(
                  userRng,
                  turn === 0 ? CHAT_OPENERS : CHAT_FOLLOW_UPS,
                  CHAT_VOCABULARY,
                ),
              });
              const request: SimRequest = {
                dialect: user.model.startsWith('gpt') ? 'openai' : 'anthropic',
                body: body(user, userRng, turns),
                userAgent: profile.userAgent,
                headers: profile.headers,
                clientIp: user.ip,
              };
              const response = await ctx.send(account.id, request);
              if (response.status !== 200) break;
              turns.push({ role: 'assistant', text: userRng.pick(ASSISTANT_REPLIES) });
              await ctx.sleep(thinkTime(userRng, turnGap));
            }
            await ctx.sleep(thinkTime(userRng, turnGap * 3));
          }
        },
        turnGap * 2,
      );
    },
  };
}

function body(user: User, rng: Rng, turns: readonly Turn[]): Record<string, unknown> {
  const stream = user.kind === 'browser' && rng.chance(0.7);
  const temperature = rng.chance(0.3) ? rng.pick([0.3, 0.7, 1]) : undefined;
  if (user.model.startsWith('gpt'))
    return openaiBody(
      {
        model: user.model,
        ...(rng.chance(0.5) ? { maxTokens: rng.pick([512, 1024, 2048]) } : {}),
        ...(temperature !== undefined ? { temperature } : {}),
        stream,
      },
      textTurns(turns),
    );
  return anthropicBody(
    {
      model: user.model,
      maxTokens: rng.pick([1024, 1024, 2048, 4096]),
      ...(temperature !== undefined ? { temperature } : {}),
      stream,
    },
    textTurns(turns),
  );
}
