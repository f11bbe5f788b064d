/**
 * Legitimate personas of the fourth red team, part two:
 *
 * - `r4l-power`: heavy individual users — long pasted documents, derivations, big outputs, at
 *   a pace only a person with a deadline keeps.
 * - `r4l-startup`: a small company behind one office address — a few backend keys classifying
 *   tickets with a fixed prompt all day, and developers trying things.
 * - `r4l-research`: a declared research lab studying multilingual reasoning: the same items
 *   asked for explicit step-by-step reasoning in several languages at swept temperatures.
 * - `r4l-support`: a shop's support bot — a handful of keys, one system prompt and tool set,
 *   thousands of shoppers, multi-turn.
 * - `r4l-adopters`: developers who try the new model on release day with their own puzzles.
 * - `r4l-chat`: people with personal API keys asking everyday questions in several languages.
 */
import type { Actor, ActorContext, SimRequest } from '../actor.ts';
import { makeAccounts, personFacts, scaled } from '../personas/accounts.ts';
import { anthropicBody, openaiBody } from '../personas/bodies.ts';
import { clientProfile, cloudIp, homeIp, type ClientKind } from '../personas/clients.ts';
import type { Rng } from '../rng.ts';
import {
  MAIN_MODEL,
  NEW_MODEL,
  SMALL_MODEL,
  must,
  newestOr,
  send,
  stickyMap,
  type Identity,
  rosterLoop,
  untilStopped,
  personTurn,
  toolSet,
} from './common.ts';
import { CHAT_TOPICS, FIRST_NAMES, LANGUAGES, STRUCTURES, SYSTEMS, mathProblem } from './vocab.ts';

const PERSONAL: readonly ClientKind[] = [
  'anthropic-python',
  'openai-python',
  'curl',
  'anthropic-js',
  'openai-js',
];

function personal(rng: Rng): { identity: Identity; dialect: SimRequest['dialect'] } {
  const kind = rng.pick(PERSONAL);
  return {
    identity: { ip: homeIp(rng), profile: clientProfile(rng, kind) },
    dialect:
      kind.startsWith('openai') || (kind === 'curl' && rng.chance(0.5)) ? 'openai' : 'anthropic',
  };
}

interface Extra {
  readonly system?: string;
  readonly thinkingBudget?: number;
  readonly temperature?: number;
}

function body(
  dialect: SimRequest['dialect'],
  model: string,
  maxTokens: number,
  content: string,
  extra: Extra = {},
): Record<string, unknown> {
  const messages = [{ role: 'user', content }];
  if (dialect === 'anthropic') return anthropicBody({ model, maxTokens, ...extra }, messages);
  const { thinkingBudget: _ignored, ...rest } = extra;
  return openaiBody({ model, maxTokens, ...rest }, messages);
}

/** What a person with a personal key asks next, and how long they pause after the answer. */
interface Ask {
  readonly model: string;
  readonly maxTokens: number;
  readonly content: string;
  readonly extra?: Extra;
  readonly pause: number;
}

/** People with personal keys (own home address and SDK) asking whatever `ask` draws. */
function personalUsers(
  rng: Rng,
  scale: number,
  spec: {
    readonly name: string;
    readonly persona: string;
    readonly prefix: string;
    readonly count: number;
    readonly facts?: (rng: Rng) => ReturnType<typeof personFacts>;
    readonly startDelay: number;
    readonly ask: (ctx: ActorContext, rng: Rng, dialect: SimRequest['dialect']) => Ask;
  },
): Actor {
  const facts = spec.facts ?? ((frng: Rng) => personFacts(frng));
  const accounts = makeAccounts(spec.prefix, scaled(spec.count, scale), () => facts(rng));
  const identities = stickyMap(
    accounts.map((account) => account.id),
    () => personal(rng),
  );
  return {
    name: spec.name,
    persona: spec.persona,
    role: 'legitimate',
    accounts,
    async run(ctx) {
      await untilStopped(ctx, accounts, spec.startDelay, (account, arng) => {
        const { identity, dialect } = must(identities, account.id);
        const ask = spec.ask(ctx, arng, dialect);
        const request = body(dialect, ask.model, ask.maxTokens, ask.content, ask.extra);
        return personTurn(ctx, arng, account.id, identity, dialect, request, ask.pause);
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// r4l-power

function powerPrompt(rng: Rng): string {
  switch (rng.int(0, 4)) {
    case 0:
      return `Here is the draft of my report (${rng.int(3, 12)} pages):\n${Array.from({ length: rng.int(6, 20) }, () => rng.pick(CHAT_TOPICS)).join('. ')}.\n\nTighten the argument and flag weak claims.`;
    case 1:
      return `${mathProblem(rng)} Please derive it carefully; I will use this in a paper.`;
    case 2:
      return `Review this design: ${rng.pick(SYSTEMS)} using ${rng.pick(['Postgres', 'DynamoDB', 'Kafka', 'Redis', 'SQLite'])}. What fails first?`;
    case 3:
      return `Refactor my ${rng.pick(LANGUAGES)} implementation of ${rng.pick(STRUCTURES)}; I pasted all ${rng.int(200, 900)} lines below.\n${'// ...\n'.repeat(rng.int(5, 20))}`;
    default:
      return `Continue the chapter. So far: ${rng.pick(FIRST_NAMES)} found the letter in ${rng.pick(['the attic', 'a library book', 'the glovebox'])}.`;
  }
}

export function power(rng: Rng, scale: number): Actor {
  return personalUsers(rng, scale, {
    name: 'r4l-power',
    persona: 'heavy-user',
    prefix: 'r4lpower',
    count: 20,
    facts: (frng) => personFacts(frng, frng.chance(0.5) ? 'standard' : 'default'),
    startDelay: 5_000,
    ask: (ctx, arng, dialect) => ({
      model: arng.chance(0.2) ? newestOr(ctx, MAIN_MODEL) : MAIN_MODEL,
      maxTokens: arng.pick([4_096, 8_192, 16_000]),
      content: powerPrompt(arng),
      extra: arng.chance(0.4) && dialect === 'anthropic' ? { thinkingBudget: 8_000 } : {},
      pause: 6_000,
    }),
  });
}

// ---------------------------------------------------------------------------------------------
// r4l-startup

const TICKET_SYSTEM =
  'Classify the support ticket. Reply with JSON only: {"category": one of billing|bug|feature|account|other, "urgency": 1-3, "summary": string}.';

export function startup(rng: Rng, scale: number): Actor[] {
  const org = 'org_fernwave';
  const nat = homeIp(rng);
  const services = makeAccounts('r4lstartsvc', scaled(4, scale), () => ({
    org,
    tier: 'standard',
    ageDays: 60 + rng.next() * 200,
    verified: true,
  }));
  const devs = makeAccounts('r4lstartdev', scaled(26, scale), () => ({
    org,
    tier: 'default',
    ageDays: 5 + rng.next() * 200,
    verified: false,
  }));
  const serviceProfile = clientProfile(rng, 'go');
  const devIdentities = stickyMap(
    devs.map((account) => account.id),
    () => {
      const kind = rng.pick(PERSONAL);
      return {
        identity: { ip: nat, profile: clientProfile(rng, kind) },
        dialect: kind.startsWith('openai') ? ('openai' as const) : ('anthropic' as const),
      };
    },
  );
  return [
    {
      name: 'r4l-startup-services',
      persona: 'startup-backend',
      role: 'legitimate',
      accounts: services,
      async run(ctx) {
        await rosterLoop(ctx, services, 3 * scale, async (account) => {
          return send(
            ctx,
            account,
            { ip: nat, profile: serviceProfile },
            'openai',
            body(
              'openai',
              SMALL_MODEL,
              200,
              `${ctx.rng.pick(FIRST_NAMES)} writes: ${ctx.rng.pick(['I was charged twice', 'the export button does nothing', 'can you add dark mode', 'I cannot log in since the update', 'please close my account'])}. ${ctx.rng.pick(['Order', 'Ref', 'Ticket'])} ${ctx.rng.int(1000, 99999)}.`,
              { system: TICKET_SYSTEM, temperature: 0 },
            ),
          );
        });
      },
    },
    {
      name: 'r4l-startup-devs',
      persona: 'startup-devs',
      role: 'legitimate',
      accounts: devs,
      async run(ctx) {
        await untilStopped(ctx, devs, 15_000, (account, arng) => {
          const { identity, dialect } = must(devIdentities, account.id);
          const prompt = arng.pick([
            `How do I ${arng.pick(['debounce a React input', 'paginate a Postgres query efficiently', 'mock time in tests', 'stream a file upload to S3'])}?`,
            `Write a ${arng.pick(LANGUAGES)} snippet for ${arng.pick(STRUCTURES)}.`,
            `Draft a changelog entry for: ${arng.pick(['faster search', 'new billing page', 'SSO support'])}.`,
            `Explain this error: ${arng.pick(['ECONNRESET', 'deadlock detected', 'out of memory in worker'])}`,
          ]);
          return personTurn(
            ctx,
            arng,
            account.id,
            identity,
            dialect,
            body(dialect, MAIN_MODEL, 2_048, prompt),
            15_000,
          );
        });
      },
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// r4l-research

const RESEARCH_LANGS = [
  'English',
  'Spanish',
  'Indonesian',
  'Turkish',
  'Vietnamese',
  'Polish',
  'Swahili',
];

export function research(rng: Rng, scale: number): Actor {
  const accounts = makeAccounts('r4lresearch', scaled(10, scale), () => ({
    org: 'org_uni_nlp_lab',
    tier: 'standard',
    ageDays: 60 + rng.next() * 300,
    verified: true,
    programme: 'research',
    declaredUse: 'research',
  }));
  const items = Array.from({ length: 120 }, () => mathProblem(rng));
  const cluster = cloudIp(rng).replace(/\.\d+$/, '');
  const profile = clientProfile(rng, 'anthropic-python');
  return {
    name: 'r4l-research',
    persona: 'reasoning-research-lab',
    role: 'legitimate',
    accounts,
    async run(ctx) {
      let index = 0;
      await rosterLoop(ctx, accounts, 3 * scale, async (account) => {
        const item = items[Math.floor(index / 5) % items.length] ?? '';
        const temperature = [0, 0.3, 0.7, 1, 1][index % 5] ?? 1;
        const language = RESEARCH_LANGS[Math.floor(index / 5) % RESEARCH_LANGS.length] ?? 'English';
        index++;
        return send(
          ctx,
          account,
          { ip: `${cluster}.${ctx.rng.int(2, 60)}`, profile },
          'anthropic',
          body(
            'anthropic',
            MAIN_MODEL,
            32_000,
            `(Answer in ${language}.) ${item}\nReason step by step and write out your full chain of thought before the final answer.`,
            { thinkingBudget: 24_000, temperature },
          ),
        );
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// r4l-support

const SHOP_SYSTEM =
  'You are the support assistant for Shopwell. Be warm and brief. Use the tools to look up orders ' +
  'before answering; never promise refunds above 200 EUR without a human.';

const SHOP_TOOLS = toolSet([
  ['lookup_order', 'Find an order by number or email', ['order_number', 'email']],
  ['track_shipment', 'Carrier status of a shipment', ['tracking_id']],
  ['issue_refund', 'Refund an order line', ['order_number', 'amount'], ['order_number', 'amount']],
  [
    'update_address',
    'Change the delivery address',
    ['order_number', 'address'],
    ['order_number', 'address'],
  ],
]);

export function support(rng: Rng, scale: number): Actor {
  const accounts = makeAccounts('r4lsupport', scaled(6, scale), () => ({
    org: 'org_shopwell',
    tier: 'standard',
    ageDays: 300 + rng.next() * 300,
    verified: true,
  }));
  const backend = [cloudIp(rng), cloudIp(rng)];
  const profile = clientProfile(rng, 'anthropic-python');
  return {
    name: 'r4l-support',
    persona: 'shop-support-bot',
    role: 'legitimate',
    accounts,
    async run(ctx) {
      await rosterLoop(ctx, accounts, 8 * scale, async (account) => {
        const turns = ctx.rng.int(1, 3);
        const messages: Record<string, unknown>[] = [];
        for (let i = 0; i < turns; i++) {
          messages.push({
            role: 'user',
            content: ctx.rng.pick([
              `where is my order ${ctx.rng.int(100000, 999999)}??`,
              'I got the wrong size, can I exchange it?',
              'The parcel says delivered but nothing arrived.',
              'Can I change the address? I moved last week.',
              'ok thanks',
              'Hallo, meine Bestellung ist noch nicht da.',
            ]),
          });
          if (i < turns - 1)
            messages.push({ role: 'assistant', content: 'Let me check that for you.' });
        }
        return ctx.send(account, {
          dialect: 'anthropic',
          body: anthropicBody(
            {
              model: ctx.rng.chance(0.7) ? SMALL_MODEL : MAIN_MODEL,
              maxTokens: 600,
              system: SHOP_SYSTEM,
              tools: SHOP_TOOLS,
              userId: `shopper_${ctx.rng.int(1, 40_000)}`,
            },
            messages,
          ),
          userAgent: profile.userAgent,
          headers: profile.headers,
          clientIp: ctx.rng.pick(backend),
        });
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// r4l-adopters

export function adopters(rng: Rng, scale: number): Actor {
  return personalUsers(rng, scale, {
    name: 'r4l-adopters',
    persona: 'release-day-devs',
    prefix: 'r4ladopt',
    count: 40,
    startDelay: 20_000,
    ask: (ctx, arng) => {
      const released = newestOr(ctx, MAIN_MODEL) === NEW_MODEL;
      const content = released
        ? arng.pick([
            `Let's see if you can do this one: ${mathProblem(arng)}`,
            `Implement ${arng.pick(STRUCTURES)} in ${arng.pick(LANGUAGES)} — my usual test for new models.`,
            'What is new in this model version compared to the previous one?',
            `Write a limerick about ${arng.pick(CHAT_TOPICS)}.`,
          ])
        : `Help me with ${arng.pick(CHAT_TOPICS)}.`;
      return released
        ? { model: NEW_MODEL, maxTokens: 8_192, content, pause: 7_000 }
        : { model: MAIN_MODEL, maxTokens: 2_048, content, pause: 25_000 };
    },
  });
}

// ---------------------------------------------------------------------------------------------
// r4l-chat

const GREETINGS = ['', 'Hi, ', 'Hey! ', 'Hola, ', 'Bonjour, ', 'Hallo, ', 'Ciao, '];

export function chat(rng: Rng, scale: number): Actor {
  return personalUsers(rng, scale, {
    name: 'r4l-chat',
    persona: 'personal-keys',
    prefix: 'r4lchat',
    count: 90,
    startDelay: 30_000,
    ask: (_ctx, arng) => ({
      model: arng.chance(0.5) ? SMALL_MODEL : MAIN_MODEL,
      maxTokens: 1_024,
      content: `${arng.pick(GREETINGS)}${arng.pick(['tell me about', 'any tips on', 'I was wondering about', 'can you help with'])} ${arng.pick(CHAT_TOPICS)}`,
      extra: { temperature: 0.8 },
      pause: 25_000,
    }),
  });
}
