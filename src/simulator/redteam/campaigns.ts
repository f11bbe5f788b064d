/**
 * Distillation campaigns that hide in ways the project's own scenario does not try:
 * - `mosaic`: a hydra whose every account words the campaign's instruction its own way
 *   (synonyms, clause order, seven languages), each request from another proxy exit;
 * - `drizzle`: low and slow — hundreds of accounts, each sending a handful of long-answer
 *   requests over the whole run from its own sticky residential address;
 * - `chameleon`: accounts that behave like chat users (browser headers, home addresses, human
 *   think times, small talk first) while their follow-ups walk a curriculum;
 * - `heirloom`: old, partly verified accounts bought on a market, each under its own org,
 *   harvesting software engineering at a modest pace.
 */
import type { Actor, SimAccountSpec } from '../actor.ts';
import { anthropicBody, openaiBody, textTurns, type Turn } from '../personas/bodies.ts';
import { clientProfile, homeIp, proxyPool } from '../personas/clients.ts';
import { MODELS } from '../personas/models.ts';
import { thinkTime } from '../personas/pacing.ts';
import type { Rng } from '../rng.ts';
import {
  askRequest,
  identity,
  sparseHarvest,
  steadyHarvest,
  type CampaignOptions,
  type Identity,
} from './campaign-kit.ts';
import { defineActor, opaqueAccounts, requestFrom, sendOrRetire, sessionActor } from './common.ts';
import {
  buildAsk,
  BUILD_TASKS,
  CURRICULUM,
  paraphraser,
  type Paraphraser,
} from './harvest-words.ts';

/** Young accounts in a campaign: days old, unverified, mostly free or default. */
function freshFacts(rng: Rng): Omit<SimAccountSpec, 'id'> {
  const programme = rng.chance(0.2) ? rng.pick(['education', 'startup']) : undefined;
  return {
    tier: rng.chance(0.5) ? 'free' : 'default',
    ageDays: rng.next() * 12,
    verified: false,
    ...(programme ? { programme } : {}),
  };
}

/** Per-account state built once: its client identity and its own wording of the template. */
function voices(rng: Rng, accounts: readonly SimAccountSpec[]) {
  return new Map<string, { who: Identity; words: Paraphraser }>(
    accounts.map((account) => [account.id, { who: identity(rng), words: paraphraser(rng) }]),
  );
}

export function mosaicHydra(rng: Rng, taken: Set<string>, options: CampaignOptions): Actor {
  const accounts = opaqueAccounts(rng, taken, options.accounts, () => freshFacts(rng));
  const voice = voices(rng, accounts);
  const exits = proxyPool(rng, 150);
  return defineActor({ ...options, persona: 'rt-paraphrase-hydra' }, accounts, (ctx) =>
    steadyHarvest(ctx, accounts, 3, (account, own) => {
      const { who, words } = voice.get(account.id) ?? {
        who: identity(own),
        words: paraphraser(own),
      };
      const text = words.render(own, own.pick(CURRICULUM));
      const ask = { text, maxTokens: own.int(4, 8) * 1_000, temperature: 0.6 + own.next() * 0.4 };
      return askRequest(who, ask, own.pick(exits));
    }),
  );
}

export function drizzleHydra(rng: Rng, taken: Set<string>, options: CampaignOptions): Actor {
  // Aged a little before use (weeks), so they are not the newest accounts on the platform.
  const accounts = opaqueAccounts(rng, taken, options.accounts, () => ({
    ...freshFacts(rng),
    ageDays: 15 + rng.next() * 150,
  }));
  const voice = voices(rng, accounts);
  const sticky = new Map(accounts.map((account) => [account.id, homeIp(rng)]));
  return defineActor({ ...options, persona: 'rt-low-and-slow' }, accounts, (ctx) =>
    sparseHarvest(
      ctx,
      accounts,
      (own) => own.int(2, 6),
      (account, own) => {
        const { who, words } = voice.get(account.id) ?? {
          who: identity(own),
          words: paraphraser(own),
        };
        const text = own.chance(0.5)
          ? words.render(own, own.pick(CURRICULUM))
          : buildAsk(own, own.pick(BUILD_TASKS));
        const ask = { text, maxTokens: 8_000, temperature: 0.7 };
        return askRequest(who, ask, sticky.get(account.id) ?? homeIp(own));
      },
    ),
  );
}

const SMALL_TALK = [
  'hey! hope your day is going well',
  'hi there, quick question for you',
  'good morning :) studying for exams today',
  'hello, I have a few things I am curious about',
  'yo, can you help me with something',
];
const SEGUES = [
  'cool. now explain {t} properly, in depth',
  'thanks! next one: what should I know about {t}? be thorough',
  'nice. can you go deep on {t}, with examples',
  'ok another topic — {t}. full explanation please',
  'interesting. and {t}? as detailed as you can',
];

export function chameleonCampaign(rng: Rng, taken: Set<string>, options: CampaignOptions): Actor {
  const accounts = opaqueAccounts(rng, taken, options.accounts, () => ({
    ...freshFacts(rng),
    ageDays: 3 + rng.next() * 60,
  }));
  const facts = { ...options, persona: 'rt-chat-mimic' };
  return sessionActor(facts, accounts, 15_000, async (ctx, account, own) => {
    const profile = clientProfile(own, 'browser');
    const ip = homeIp(own);
    const openai = own.chance(0.5);
    const model = openai ? MODELS.openai : MODELS.current;
    while (!ctx.stopped()) {
      const turns: Turn[] = [{ role: 'user', text: own.pick(SMALL_TALK) }];
      for (let turn = 0, length = own.int(3, 7); turn < length && !ctx.stopped(); turn++) {
        const options = { model, maxTokens: own.int(2, 4) * 1_024 };
        const sent = openai
          ? requestFrom('openai', openaiBody(options, textTurns(turns)), profile, ip)
          : requestFrom('anthropic', anthropicBody(options, textTurns(turns)), profile, ip);
        // The opening small talk asks for nothing: cover (ground truth only).
        const request = turn === 0 ? { ...sent, cover: true } : sent;
        if (await sendOrRetire(ctx, account.id, request)) return;
        turns.push(
          { role: 'assistant', text: 'Sure, happy to help with that.' },
          { role: 'user', text: own.pick(SEGUES).replace('{t}', own.pick(CURRICULUM)) },
        );
        await ctx.sleep(thinkTime(own, 10_000));
      }
      await ctx.sleep(own.exponential(20_000));
    }
  });
}

const ENGINEER_SYSTEMS = [
  'You are a senior software engineer. Write complete, idiomatic code.',
  'You are an expert programmer who writes clean, tested code.',
  'Act as a staff engineer reviewing and writing production code.',
  undefined,
];

export function heirloomCampaign(rng: Rng, taken: Set<string>, options: CampaignOptions): Actor {
  const accounts = opaqueAccounts(rng, taken, options.accounts, () => ({
    org: `org_${Math.floor(rng.next() * 36 ** 8).toString(36)}`,
    tier: rng.chance(0.6) ? 'default' : 'standard',
    ageDays: 250 + rng.next() * 1_250,
    verified: rng.chance(0.4),
  }));
  const exits = proxyPool(rng, 40);
  const setup = new Map(
    accounts.map((account) => [
      account.id,
      { who: identity(rng), ip: rng.pick(exits), system: rng.pick(ENGINEER_SYSTEMS) },
    ]),
  );
  return defineActor({ ...options, persona: 'rt-aged-accounts' }, accounts, (ctx) =>
    steadyHarvest(ctx, accounts, 5, (account, own) => {
      const mine = setup.get(account.id) ?? {
        who: identity(own),
        ip: own.pick(exits),
        system: undefined,
      };
      const ask = {
        text: buildAsk(own, own.pick(BUILD_TASKS)),
        maxTokens: 12_000,
        temperature: 0.3,
        ...(mine.system !== undefined ? { system: mine.system } : {}),
      };
      return askRequest(mine.who, ask, mine.ip);
    }),
  );
}
