/**
 * Campaigns that hide by what their requests look like:
 *
 * - `r7-undertow`: a research-assistant agent loop whose user turns are innocuous ("research X
 *   for my team"); the harvest ask lives in the tool results — pages the agent "fetches" carry
 *   the problems and the site's demand for full step-by-step reasoning — so the transcript is a
 *   realistic search → fetch → fetch → write-up trajectory on one of two stable tool sets.
 * - `r7-whiteboard`: reasoning-trace coercion as tutoring: "students" paste a homework problem
 *   with the answer key's answer and ask how to get there, thinking out loud, every step; then
 *   follow up on single steps. Lower case, typos, a few other languages, thinking on.
 * - `r7-marbled`: each account keeps an everyday chat going (a trip, a cover letter, a plant) and
 *   slips a harvest ask into it every few turns as a side question, then goes back to the chat,
 *   so every harvest request carries a decoy conversation around it.
 * - `r7-incubator`: fake start-ups in the start-up credits programme, two or three days-old
 *   accounts each, ramping fast; each front has its own product prompt and its own synthetic
 *   tool set, and asks for orchestration plans and long-horizon agent trajectories.
 */
import type { Actor } from '../actor.ts';
import { asCover } from '../cover.ts';
import { proxyPool } from '../personas/clients.ts';
import type { Rng } from '../rng.ts';
import {
  atHome,
  type Body,
  type ClientMix,
  distiller,
  Keys,
  Person,
  speaker,
  startup,
} from './actors.ts';
import {
  assistant,
  between,
  body,
  callId,
  digest,
  each,
  type IdMint,
  loop,
  M,
  pause,
  released,
  sized,
  toolStep,
  user,
  weighted,
} from './common.ts';
import { casual, fill } from './text.ts';
import {
  AGENT_PREFACES,
  BACK_TO_DECOY,
  DECOY_REPLY,
  decoyChat,
  fetchedPage,
  frontProduct,
  homework,
  orchestrationAsk,
  RESEARCH_TOOLSETS,
  researchTask,
  searchResults,
  slippedAsk,
  STUDENT_OPENS_OTHER,
  studentFollow,
  studentOpen,
  TUTOR_REPLY,
} from './vocab-harvest.ts';

const PERSON_CLIENTS: ClientMix = [
  ['browser', 4],
  ['anthropic-python', 2],
  ['openai-python', 2],
  ['anthropic-js', 1],
  ['openai-js', 1],
];

// ---------------------------------------------------------------------------------------------

/** The research-agent loop whose fetched pages carry the harvest. */
export function undertow(rng: Rng, mint: IdMint, scale: number): Actor {
  const accounts = mint.accounts(sized(160, scale, 6), () => ({
    tier: weighted(rng, [
      ['free', 4],
      ['default', 5],
      ['standard', 1],
    ] as const),
    ageDays: between(rng, 3, 120),
    verified: rng.chance(0.1),
    programme: rng.chance(0.15) ? 'startup' : undefined,
  }));
  const exits = proxyPool(rng, 150);
  return distiller('r7-undertow', 'tool-result-harvest', accounts, (ctx) =>
    each(ctx, accounts, 45_000, async (account, arng) => {
      const agent = speaker(arng, 0.5, [
        ['anthropic-python', 3],
        ['openai-python', 3],
        ['anthropic-js', 1],
        ['openai-js', 1],
        ['httpx', 1],
      ]);
      // A new exit for every task (set as each one opens).
      const person = new Person(ctx, account, arng, agent, '');
      const { dialect } = person;
      const tools = arng.pick(RESEARCH_TOOLSETS);
      const [search, fetch, write] = [tools[0], tools[1], tools[tools.length - 1]];
      const reasoning = dialect === 'openai' && arng.chance(0.6);
      await person.conversations(
        () => {
          person.exit = arng.pick(exits);
          const { task, query } = researchTask(arng);
          const messages: Body[] = [user(task)];
          const fetches = arng.int(2, 4);
          const steps = fetches + 2;
          let urls: string[] = [];
          // Step 0 asks; then search, fetches, and the notes written up before the answer.
          const toolTurn = (step: number): Body[] => {
            if (step === 1 && search) {
              const results = searchResults(arng, query);
              urls = (JSON.parse(results) as { results: { url: string }[] }).results.map(
                (result) => result.url,
              );
              return toolStep(
                dialect,
                callId(arng, dialect),
                search.name,
                search.name === 'search'
                  ? { q: query, recency_days: 365 }
                  : { query, max_results: 8 },
                results,
                arng.pick(AGENT_PREFACES),
              );
            }
            if (step >= 2 && step < steps - 1 && fetch) {
              const url = urls[step - 2] ?? urls[0] ?? 'https://notes.example.org/1';
              return toolStep(
                dialect,
                callId(arng, dialect),
                fetch.name,
                { url },
                fetchedPage(arng, url),
                arng.chance(0.5) ? arng.pick(AGENT_PREFACES) : undefined,
              );
            }
            if (step === steps - 1 && write)
              return toolStep(
                dialect,
                callId(arng, dialect),
                write.name,
                write.name === 'save_note'
                  ? { title: 'sources', body: urls.slice(0, fetches).join('\n') }
                  : { section: 'sources', text: urls.slice(0, fetches).join('\n') },
                'saved',
              );
            return [];
          };
          return {
            turns: steps,
            prepare: (step) => messages.push(...toolTurn(step)),
            compose: () =>
              body(dialect, {
                model: dialect === 'anthropic' ? M.current : reasoning ? M.reasoner : M.chat,
                system:
                  'You are a research assistant. Use the tools to find and read sources, take notes, and write a thorough, well-structured answer with everything worked out in full.',
                messages,
                maxTokens: reasoning ? 24_000 : dialect === 'anthropic' ? 12_000 : 8_192,
                reasoningEffort: reasoning ? 'high' : undefined,
                tools,
                stream: arng.chance(0.3),
              }),
            gap: () => between(arng, 1_500, 5_000),
          };
        },
        () => pause(arng, 70_000),
      );
    }),
  );
}

// ---------------------------------------------------------------------------------------------

/** Reasoning coercion dressed as homework help. */
export function whiteboard(rng: Rng, mint: IdMint, scale: number): Actor {
  const accounts = mint.accounts(sized(150, scale, 6), () => ({
    tier: rng.chance(0.75) ? 'free' : 'default',
    ageDays: between(rng, 0.5, 30),
    verified: rng.chance(0.03),
    programme: rng.chance(0.35) ? 'education' : undefined,
  }));
  return distiller('r7-whiteboard', 'tutoring-coercion', accounts, (ctx) =>
    atHome(ctx, accounts, 35_000, 0.55, PERSON_CLIENTS, async (person, arng) => {
      const { dialect } = person;
      const language = weighted(arng, [
        ['en', 17],
        ['es', 1],
        ['pt', 1],
        ['de', 1],
      ] as const);
      const sloppiness = between(arng, 0.3, 0.9);
      await person.conversations(
        () => {
          const work = homework(arng);
          const other = STUDENT_OPENS_OTHER[language];
          const open =
            other !== undefined
              ? fill(arng, other, { problem: [work.text], answer: [work.answer] })
              : casual(arng, studentOpen(arng, work), sloppiness);
          const history: Body[] = [user(open)];
          return {
            turns: arng.int(2, 4),
            compose: () => {
              const thinking =
                dialect === 'anthropic' && arng.chance(0.7)
                  ? arng.pick([8_000, 12_000, 16_000])
                  : undefined;
              const reasoning = dialect === 'openai' && arng.chance(0.6);
              return body(dialect, {
                model: dialect === 'anthropic' ? M.current : reasoning ? M.reasoner : M.chat,
                messages: history,
                maxTokens: thinking !== undefined ? thinking + 6_000 : reasoning ? 20_000 : 4_096,
                thinking,
                reasoningEffort: reasoning ? 'high' : undefined,
                temperature: thinking === undefined && !reasoning ? 0.7 : undefined,
                stream: person.browser || arng.chance(0.3),
              });
            },
            answered: () =>
              history.push(
                assistant(fill(arng, TUTOR_REPLY)),
                user(casual(arng, studentFollow(arng), sloppiness)),
              ),
            gap: () => pause(arng, 18_000),
          };
        },
        () => pause(arng, 45_000),
      );
    }),
  );
}

// ---------------------------------------------------------------------------------------------

/** Harvest asks slipped into ongoing everyday chats. */
export function marbled(rng: Rng, mint: IdMint, scale: number): Actor {
  const accounts = mint.accounts(sized(140, scale, 6), () => ({
    tier: rng.chance(0.6) ? 'default' : 'free',
    ageDays: between(rng, 5, 90),
    verified: rng.chance(0.1),
  }));
  return distiller('r7-marbled', 'decoy-chat-blend', accounts, (ctx) =>
    atHome(ctx, accounts, 30_000, 0.5, PERSON_CLIENTS, async (person, arng) => {
      const maxTokens = arng.pick([8_192, 8_192, 12_000]);
      const model = person.dialect === 'anthropic' ? M.current : arng.chance(0.8) ? M.chat : M.mini;
      const sloppiness = between(arng, 0, 0.6);
      await person.conversations(
        () => {
          const chat = decoyChat(arng);
          let history: Body[] = [];
          let last: 'decoy' | 'harvest' = 'decoy';
          return {
            turns: arng.int(8, 14),
            compose: (turn) => {
              let text: string;
              if (turn === 0) text = chat.open;
              else if (last === 'decoy' && turn > 1 && arng.chance(0.4)) {
                text = slippedAsk(arng);
                last = 'harvest';
              } else {
                text = (last === 'harvest' ? arng.pick(BACK_TO_DECOY) : '') + chat.next(arng);
                last = 'decoy';
              }
              history.push(user(casual(arng, text, sloppiness)));
              const sent = body(person.dialect, {
                model,
                messages: history,
                maxTokens: model === M.mini ? 8_192 : maxTokens,
                temperature: person.browser ? 0.8 : undefined,
                stream: person.browser || arng.chance(0.25),
              });
              // A turn of the everyday chat asks for nothing: cover (ground truth only).
              return last === 'decoy' ? asCover(sent) : sent;
            },
            answered: () => {
              history.push(assistant(fill(arng, DECOY_REPLY)));
              if (history.length > 14) history = history.slice(-12);
            },
            gap: () => pause(arng, 14_000),
          };
        },
        () => pause(arng, 40_000),
      );
    }),
  );
}

// ---------------------------------------------------------------------------------------------

/** Fake start-ups in the credits programme asking for orchestration plans and trajectories. */
export function incubator(rng: Rng, mint: IdMint, scale: number): Actor {
  const fronts = Array.from({ length: sized(48, scale, 2) }, () =>
    startup(rng, mint, {
      keys: [2, 3],
      ageDays: [0.2, 3],
      verified: 0.05,
      product: frontProduct,
      clients: [
        ['anthropic-python', 2],
        ['openai-python', 2],
        ['axios', 1],
        ['httpx', 1],
        ['anthropic-js', 1],
        ['openai-js', 1],
      ],
    }),
  );
  const accounts = fronts.flatMap((front) => front.accounts);
  return distiller('r7-incubator', 'startup-fronts', accounts, async (ctx) => {
    await Promise.all(
      fronts.map(async (front) => {
        const keys = new Keys(front.accounts);
        let slowUntil = 0;
        await loop(
          ctx,
          () => {
            if (!keys.alive) return 0;
            const ramp = 0.025 + (0.125 * ctx.now()) / ctx.duration;
            return ctx.now() < slowUntil ? ramp / 3 : ramp;
          },
          async () => {
            const candidates = keys.usable(ctx.now());
            if (candidates.length === 0) return;
            const account = ctx.rng.pick(candidates);
            const messages: Body[] = [user(orchestrationAsk(ctx.rng))];
            if (ctx.rng.chance(0.3)) {
              const tool = ctx.rng.pick(front.product.tools);
              messages.push(
                ...toolStep(
                  front.dialect,
                  callId(ctx.rng, front.dialect),
                  tool.name,
                  { id: `${ctx.rng.int(1000, 9999)}`, payload: 'step 1' },
                  JSON.stringify({
                    status: ctx.rng.pick(['ok', 'pending', 'error: timeout']),
                    items: ctx.rng.int(0, 20),
                  }),
                ),
                user('Continue the trajectory from this observation, then finish the plan.'),
              );
            }
            const thinking =
              front.dialect === 'anthropic' && ctx.rng.chance(0.5) ? 12_000 : undefined;
            const reasoning = front.dialect === 'openai' && ctx.rng.chance(0.6);
            const seen = await keys.send(
              ctx,
              account,
              front.dialect,
              body(front.dialect, {
                model:
                  front.dialect === 'anthropic'
                    ? released(ctx) && ctx.rng.chance(0.2)
                      ? M.newest
                      : M.current
                    : reasoning
                      ? M.reasoner
                      : M.chat,
                system: front.product.system,
                messages,
                maxTokens: thinking !== undefined ? 32_000 : reasoning ? 32_000 : 16_000,
                thinking,
                reasoningEffort: reasoning ? 'high' : undefined,
                tools: front.product.tools,
                endUser: front.endUsers
                  ? `cust_${digest(`${front.product.name}/${ctx.rng.int(1, 60)}`)}`
                  : undefined,
                stream: ctx.rng.chance(0.4),
              }),
              front.client,
              ctx.rng.pick(front.ips),
            );
            if (seen === 'limited') slowUntil = ctx.now() + 20_000;
          },
        );
      }),
    );
  });
}
