/**
 * Legitimate people: the public chatting in several languages, one economics class of forty
 * students behind a campus NAT working through the same problem set on the same evening, and a
 * number-theory group (research programme, declared research use) that asks for full
 * derivations with extended thinking and moves to the new model once it is out.
 */
import type { Actor, SimRequest } from '../actor.ts';
import { anthropicBody, openaiBody, textTurns, type Turn } from '../personas/bodies.ts';
import { clientProfile, homeIp, type ClientKind } from '../personas/clients.ts';
import { MODELS } from '../personas/models.ts';
import { thinkTime } from '../personas/pacing.ts';
import type { Rng } from '../rng.ts';
import {
  establishedAge,
  opaqueAccounts,
  requestFrom,
  sendAndWait,
  sessionActor,
  weighted,
  type Session,
} from './common.ts';
import { everydayAsk, followUp, homeworkAsk } from './people-words.ts';
import { researchAsk } from './service-words.ts';

const PERSON_CLIENTS: readonly (readonly [ClientKind, number])[] = [
  ['browser', 45],
  ['openai-python', 15],
  ['anthropic-python', 15],
  ['openai-js', 10],
  ['anthropic-js', 10],
  ['curl', 5],
];
const LANGUAGES: readonly (readonly [string, number])[] = [
  ['en', 55],
  ['de', 12],
  ['es', 10],
  ['fr', 9],
  ['ja', 7],
  ['pt', 7],
];
const REPLY = 'Here is what I would suggest, in short.';

/** A person's client: its SDK or browser, its dialect and model (kept for the whole run). */
interface PersonClient {
  readonly profile: ReturnType<typeof clientProfile>;
  readonly openai: boolean;
  readonly model: string;
}

function personClient(rng: Rng, kind: ClientKind): PersonClient {
  const openai = kind.startsWith('openai') || (kind !== 'anthropic-python' && rng.chance(0.5));
  const model = openai
    ? rng.chance(0.6)
      ? MODELS.openaiMini
      : MODELS.openai
    : rng.chance(0.7)
      ? MODELS.current
      : MODELS.legacy;
  return { profile: clientProfile(rng, kind), openai, model };
}

/** One chat turn as a person's client sends it. */
function chatRequest(client: PersonClient, turns: readonly Turn[], ip: string): SimRequest {
  const options = { model: client.model, maxTokens: 1_024 };
  return requestFrom(
    client.openai ? 'openai' : 'anthropic',
    client.openai
      ? openaiBody(options, textTurns(turns))
      : anthropicBody(options, textTurns(turns)),
    client.profile,
    ip,
  );
}

interface Conversing {
  readonly ask: (rng: Rng, turn: number) => string;
  readonly turns: (rng: Rng) => number;
  readonly thinkMs: number;
  readonly idleMs: number;
  readonly ip: (rng: Rng) => string;
  readonly kind: (rng: Rng) => ClientKind;
}

/** A person's loop: conversations of a few turns, idle in between, gone after a 403. */
function converse(how: Conversing): Session {
  return async (ctx, account, rng) => {
    const client = personClient(rng, how.kind(rng));
    const ip = how.ip(rng);
    while (!ctx.stopped()) {
      const turns: Turn[] = [];
      const length = how.turns(rng);
      for (let turn = 0; turn < length && !ctx.stopped(); turn++) {
        turns.push({ role: 'user', text: how.ask(rng, turn) });
        const outcome = await sendAndWait(ctx, account.id, chatRequest(client, turns, ip));
        if (outcome === 'refused' && !ctx.stopped() && rng.chance(0.5)) return;
        turns.push({ role: 'assistant', text: REPLY });
        await ctx.sleep(thinkTime(rng, how.thinkMs));
      }
      await ctx.sleep(rng.exponential(how.idleMs));
    }
  };
}

export function publicChat(rng: Rng, taken: Set<string>, count: number): Actor {
  const accounts = opaqueAccounts(rng, taken, count, () => ({
    tier: rng.chance(0.65) ? 'default' : 'free',
    ageDays: rng.chance(0.1) ? rng.next() * 14 : establishedAge(rng),
    verified: rng.chance(0.25),
  }));
  const facts = { name: 'public-chat', persona: 'rt-public-chat' };
  return sessionActor(facts, accounts, 40_000, (ctx, account, own) => {
    const language = weighted(own, LANGUAGES);
    return converse({
      ask: (r, turn) => (turn === 0 ? everydayAsk(r, language) : followUp(r, language)),
      turns: (r) => r.int(1, 5),
      thinkMs: 9_000,
      idleMs: 30_000,
      ip: homeIp,
      kind: (r) => weighted(r, PERSON_CLIENTS),
    })(ctx, account, own);
  });
}

export function campusClass(rng: Rng, taken: Set<string>, count: number): Actor {
  const natIp = homeIp(rng);
  const accounts = opaqueAccounts(rng, taken, count, () => ({
    org: 'org_riverside_univ',
    tier: 'free',
    ageDays: 3 + rng.next() * 40,
    verified: rng.chance(0.1),
    programme: 'education',
  }));
  const facts = { name: 'campus-class', persona: 'rt-campus-class' };
  return sessionActor(
    facts,
    accounts,
    20_000,
    converse({
      ask: (r) => homeworkAsk(r),
      turns: (r) => r.int(2, 6),
      thinkMs: 12_000,
      idleMs: 15_000,
      ip: () => natIp,
      kind: (r) => (r.chance(0.6) ? 'browser' : 'openai-python'),
    }),
  );
}

export function researchGroup(rng: Rng, taken: Set<string>, count: number): Actor {
  const labIp = homeIp(rng);
  const accounts = opaqueAccounts(rng, taken, count, (index) => ({
    org: 'org_numtheory_lab',
    tier: 'standard',
    ageDays: 100 + rng.next() * 600,
    verified: index === 0 || rng.chance(0.5),
    programme: 'research',
    declaredUse: 'research',
  }));
  const facts = { name: 'research-group', persona: 'rt-research-group' };
  return sessionActor(facts, accounts, 15_000, async (ctx, account, own) => {
    const client = clientProfile(own, 'anthropic-python');
    const ip = own.chance(0.7) ? labIp : homeIp(own);
    while (!ctx.stopped()) {
      const fresh = ctx.now() >= ctx.releasedAt(MODELS.newest) && own.chance(0.7);
      const body = anthropicBody(
        {
          model: fresh ? MODELS.newest : MODELS.current,
          maxTokens: 16_000,
          thinkingBudget: own.int(6, 12) * 1_000,
        },
        textTurns([{ role: 'user', text: researchAsk(own) }]),
      );
      await sendAndWait(ctx, account.id, requestFrom('anthropic', body, client, ip));
      await ctx.sleep(thinkTime(own, 15_000));
    }
  });
}
