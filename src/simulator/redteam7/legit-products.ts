/**
 * Legitimate products, each a hard negative for one signal or two: a multi-tenant support
 * platform (thousands of end users behind a few verified keys, the `user` field set), a legal-tech
 * batch summariser (declared batch, one template and one forced tool, machine-paced), a game studio
 * (n > 1, temperature sweeps of one prompt, max_tokens at the model's maximum), a museum's alt-text
 * backfill (declared batch, images, one template), a fiction co-writing app (long streamed
 * contexts per writer) and an agent framework's CI (dozens of synthetic tool sets, the same
 * prompts every run, bursts from fresh cloud runners).
 */
import type { Actor, ActorContext } from '../actor.ts';
import { clientProfile, type ClientProfile, cloudIp, pythonClients } from '../personas/clients.ts';
import type { Rng } from '../rng.ts';
import { type Body, Keys, legitimate, orgAccounts } from './actors.ts';
import {
  assistant,
  between,
  body,
  callId,
  digest,
  type Dialect,
  imageTurn,
  type IdMint,
  loop,
  M,
  maxOut,
  office,
  photo,
  send,
  sized,
  type Standoff,
  Throttle,
  toolStep,
  user,
  zipf,
} from './common.ts';
import { capital, coined, fill } from './text.ts';
import {
  ARCHIVE_SYSTEM,
  barkRequest,
  catalogueEntry,
  CLAUSE_TOOL,
  contract,
  type Fixture,
  fixtures,
  manuscriptPassage,
  npcCast,
  questScriptRequest,
  storyBible,
  SUPPORT_TOOLS,
  supportFollowUp,
  supportQuestion,
  supportReply,
  TENANT_KINDS,
  WRITER_ASKS,
} from './vocab-legit.ts';

// ---------------------------------------------------------------------------------------------

/** A support platform serving thirty tenants' customers through six verified keys. */
export function switchboard(rng: Rng, mint: IdMint, scale: number): Actor {
  const accounts = orgAccounts(rng, mint, 'helmdesk', sized(6, scale, 2), () => ({
    tier: 'enterprise',
    ageDays: between(rng, 300, 800),
    verified: true,
  }));
  const tenants = Array.from({ length: 30 }, (_, index) => {
    const [kind, scope] = rng.pick(TENANT_KINDS);
    const name = `${coined(rng)}${rng.pick(['', ' Direct', ' & Co', ' Group', 'ly'])}`;
    const tone = rng.pick([
      'warm and concise',
      'formal',
      'playful but clear',
      'calm and empathetic',
    ]);
    const locale = rng.pick(['en-US', 'en-GB', 'en-IE', 'en-AU']);
    return {
      code: `t${String(index + 1).padStart(3, '0')}`,
      users: rng.int(60, 900),
      locale,
      system: `You are the virtual assistant for ${name}, a ${kind}. You help customers with ${scope}.\nTone: ${tone}. Locale: ${locale}.\nUse the tools to look things up before answering; never invent order details. If the customer is angry, asks for a person, or the issue involves a safety concern, create a ticket.\n${rng.chance(0.5) ? `Refunds over ${rng.pick(['$50', '$100', '$250'])} need a human agent.\n` : ''}Do not discuss competitors. Keep answers under 120 words.`,
    };
  });
  const weights = tenants.map((tenant) => tenant.users);
  const egress = office(rng, 34, 4);
  const client = clientProfile(rng, 'openai-python');
  return legitimate('r7l-switchboard', 'support-platform', accounts, (ctx) => {
    const keys = new Keys(accounts);
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    return keys.serve(
      ctx,
      () => 12 * scale,
      async (key) => {
        let roll = ctx.rng.next() * total;
        const tenant = tenants.find((_, index) => (roll -= weights[index] ?? 0) < 0) ?? tenants[0];
        if (!tenant) return;
        const endUser = `${tenant.code}_${digest(`${tenant.code}/${zipf(ctx.rng, tenant.users)}`)}`;
        const history: Body[] = [];
        const prior = ctx.rng.int(0, 3);
        for (let i = 0; i < prior; i++)
          history.push(
            user(i === 0 ? supportQuestion(ctx.rng) : supportFollowUp(ctx.rng)),
            assistant(supportReply(ctx.rng)),
          );
        const question = prior === 0 ? supportQuestion(ctx.rng) : supportFollowUp(ctx.rng);
        history.push(user(question));
        if (ctx.rng.chance(0.35)) {
          const tool = ctx.rng.chance(0.6) ? 'get_order' : 'search_help_center';
          const input =
            tool === 'get_order'
              ? { reference: `R${ctx.rng.int(100000, 999999)}`, include_history: false }
              : { query: question.slice(0, 40), locale: tenant.locale };
          const result =
            tool === 'get_order'
              ? JSON.stringify({
                  status: ctx.rng.pick(['in_transit', 'delivered', 'refunded', 'processing']),
                  eta: `2026-${ctx.rng.int(1, 12)}-${ctx.rng.int(1, 28)}`,
                  items: ctx.rng.int(1, 4),
                })
              : JSON.stringify([
                  { title: 'Refunds and returns', url: '/help/refunds' },
                  { title: 'Tracking your order', url: '/help/tracking' },
                ]);
          history.push(...toolStep('openai', callId(ctx.rng, 'openai'), tool, input, result));
        }
        await keys.send(
          ctx,
          key,
          'openai',
          body('openai', {
            model: ctx.rng.chance(0.85) ? M.mini : M.chat,
            system: tenant.system,
            messages: history,
            maxTokens: 800,
            temperature: 0.3,
            tools: SUPPORT_TOOLS,
            endUser,
            stream: ctx.rng.chance(0.8),
          }),
          client,
          ctx.rng.pick(egress),
        );
      },
    );
  });
}

// ---------------------------------------------------------------------------------------------

/** A legal-tech firm's contract summariser: a declared batch job over a client's data room. */
export function clausework(rng: Rng, mint: IdMint, scale: number): Actor {
  const accounts = orgAccounts(rng, mint, 'clausework', sized(8, scale, 2), () => ({
    tier: 'scale',
    ageDays: between(rng, 120, 500),
    verified: true,
    declaredUse: 'batch',
  }));
  const client = clientProfile(rng, 'anthropic-python');
  const ips = accounts.map(() => cloudIp(rng));
  const system =
    'You are a contract analyst for a commercial law firm. Read the contract in the <document> tags and record a structured summary with the tool. Quote clause numbers. Flag anything unusual for a mid-size B2B SaaS customer. Do not give legal advice to the end client; this output is reviewed by a qualified lawyer.';
  return legitimate('r7l-clausework', 'legal-batch', accounts, (ctx) => {
    const keys = new Keys(accounts);
    const throttle = new Throttle(5 * scale, 0.3 * scale, 5 * scale, 0.05 * scale);
    return keys.batch(ctx, throttle, 0.85, (key) => {
      const doc = contract(ctx.rng);
      return keys.send(
        ctx,
        key,
        'anthropic',
        body('anthropic', {
          model: doc.text.length > 2_500 ? M.current : M.lite,
          system,
          messages: [
            user(
              `<document id="${doc.id}">\n${doc.text}\n</document>\n\nRecord the summary of ${doc.id}.`,
            ),
          ],
          maxTokens: 4_096,
          temperature: 0,
          tools: [CLAUSE_TOOL],
          forceTool: CLAUSE_TOOL.name,
        }),
        client,
        ips[accounts.indexOf(key)] ?? ips[0] ?? '34.1.1.1',
      );
    });
  });
}

// ---------------------------------------------------------------------------------------------

/** A game studio's dialogue pipeline: barks with n = 4 over a temperature sweep, quest scripts. */
export function npcforge(rng: Rng, mint: IdMint, scale: number): Actor {
  const accounts = orgAccounts(rng, mint, 'lanternfall', sized(12, scale, 2), (index) => ({
    tier: index < 3 ? 'scale' : 'standard',
    ageDays: between(rng, 60, 420),
    verified: true,
  }));
  const cast = npcCast(rng, 80);
  const studio = office(rng, 81, 3);
  const clients = accounts.map((_, index) =>
    clientProfile(rng, index % 2 === 0 ? 'openai-python' : 'anthropic-python'),
  );
  const studioPrompt =
    'You write in-game dialogue for an open-world fantasy RPG. Stay strictly in character using the character sheet. No anachronisms, no profanity stronger than "damn", no references to the player as a player.';
  return legitimate('r7l-npcforge', 'game-dialogue', accounts, (ctx) => {
    const keys = new Keys(accounts);
    // A sweep sends one prompt at three temperatures, so jobs start at a third of the rate.
    return loop(
      ctx,
      () => (keys.alive ? (4 * scale) / 2.4 : 0),
      async () => {
        const npc = ctx.rng.pick(cast);
        const system = `${studioPrompt}\n\n${npc.bible}`;
        if (ctx.rng.chance(0.75)) {
          const prompt = barkRequest(ctx.rng, npc);
          for (const temperature of [0.8, 1.0, 1.2]) {
            if (ctx.stopped()) return;
            const key = keys.next(ctx.now());
            if (!key) return;
            const seen = await keys.send(
              ctx,
              key,
              'openai',
              body('openai', {
                model: M.chat,
                system,
                messages: [user(prompt)],
                maxTokens: maxOut(M.chat),
                temperature,
                n: 4,
                seed: ctx.rng.int(1, 1_000_000),
              }),
              clients[accounts.indexOf(key)] ?? clientProfile(ctx.rng, 'openai-python'),
              ctx.rng.pick(studio),
            );
            if (seen !== 'ok') return;
          }
          return;
        }
        const key = keys.next(ctx.now());
        if (!key) return;
        await keys.send(
          ctx,
          key,
          'anthropic',
          body('anthropic', {
            model: M.current,
            system,
            messages: [user(questScriptRequest(ctx.rng, npc))],
            maxTokens: maxOut(M.current),
            temperature: 0.9,
            stream: true,
          }),
          clientProfile(ctx.rng, 'anthropic-python'),
          ctx.rng.pick(studio),
        );
      },
    );
  });
}

// ---------------------------------------------------------------------------------------------

/** A museum's digitisation team backfilling alt text for its online collection (declared batch). */
export function archive(rng: Rng, mint: IdMint, scale: number): Actor {
  const accounts = orgAccounts(rng, mint, 'civicmuseum', sized(5, scale, 1), (index) => ({
    tier: 'standard',
    ageDays: between(rng, 200, 900),
    verified: index < 3,
    declaredUse: 'batch',
  }));
  const client = clientProfile(rng, 'anthropic-python');
  const ips = office(rng, 141, 2);
  return legitimate('r7l-archive', 'alt-text-batch', accounts, (ctx) => {
    const keys = new Keys(accounts);
    const throttle = new Throttle(2.5 * scale, 0.2 * scale, 2.5 * scale, 0.05 * scale);
    return keys.batch(ctx, throttle, 0.8, (key) =>
      keys.send(
        ctx,
        key,
        'anthropic',
        body('anthropic', {
          model: M.current,
          system: ARCHIVE_SYSTEM,
          messages: [
            imageTurn(
              'anthropic',
              photo(ctx.rng, between(ctx.rng, 2, 5)),
              `Catalogue record: ${catalogueEntry(ctx.rng)}\nWrite the alt text and long description.`,
            ),
          ],
          maxTokens: 1_024,
          temperature: 0.2,
        }),
        client,
        ctx.rng.pick(ips),
      ),
    );
  });
}

// ---------------------------------------------------------------------------------------------

/** A fiction co-writing app: each writer's book bible and manuscript, streamed long answers. */
export function inkwell(rng: Rng, mint: IdMint, scale: number): Actor {
  const accounts = orgAccounts(rng, mint, 'inkwell', sized(4, scale, 1), () => ({
    tier: 'scale',
    ageDays: between(rng, 150, 600),
    verified: true,
  }));
  const client = clientProfile(rng, 'anthropic-js');
  const egress = office(rng, 52, 3);
  const writers = Math.round(900 * scale);
  const appPrompt =
    'You are Inkwell, a co-writing partner for novelists. Respect the author’s voice and the story bible; never take over the plot; when asked for feedback, be specific and kind. Do not add content warnings unless asked.';
  return legitimate('r7l-inkwell', 'cowriting-app', accounts, (ctx) => {
    const keys = new Keys(accounts);
    const bibles = new Map<number, string>();
    const seed = ctx.rng.int(1, 1_000_000);
    return keys.serve(
      ctx,
      () => 5 * scale,
      async (key) => {
        const writer = zipf(ctx.rng, writers);
        let bible = bibles.get(writer);
        if (bible === undefined) {
          bible = storyBible(ctx.rng);
          bibles.set(writer, bible);
        }
        const history: Body[] = [];
        const prior = ctx.rng.int(0, 3);
        for (let i = 0; i < prior; i++)
          history.push(
            user(
              `${manuscriptPassage(ctx.rng)}\n\n${fill(ctx.rng, ctx.rng.pick(WRITER_ASKS), { tone: ['darker', 'lighter', 'plainer'], name: [coined(ctx.rng)] })}`,
            ),
            assistant(manuscriptPassage(ctx.rng)),
          );
        history.push(
          user(
            `${manuscriptPassage(ctx.rng)}\n\n${capital(fill(ctx.rng, ctx.rng.pick(WRITER_ASKS), { tone: ['darker', 'lighter', 'plainer', 'more lyrical'], name: [coined(ctx.rng)] }))}`,
          ),
        );
        await keys.send(
          ctx,
          key,
          'anthropic',
          body('anthropic', {
            model: ctx.rng.chance(0.8) ? M.current : M.lite,
            system: `${appPrompt}\n\n<story_bible>\n${bible}\n</story_bible>`,
            messages: history,
            maxTokens: 8_192,
            temperature: 1,
            endUser: `w_${digest(`${seed}/${writer}`)}`,
            stream: true,
          }),
          client,
          ctx.rng.pick(egress),
        );
      },
    );
  });
}

// ---------------------------------------------------------------------------------------------

/**
 * An open-source agent framework's CI: every push runs a slice of its provider-integration
 * suite — each test with its own small tool set, the same prompts every run — from a fresh cloud
 * runner, as fast as six lanes allow. A 429 is retried after its Retry-After (three tries).
 */
export function agentci(rng: Rng, mint: IdMint, scale: number): Actor {
  const accounts = orgAccounts(rng, mint, 'relayagents', sized(6, scale, 2), (index) => ({
    tier: 'default',
    ageDays: between(rng, 40, 200),
    verified: index === 0,
    programme: 'startup',
  }));
  const suite = fixtures(rng, 70);
  const clients = pythonClients(rng);
  return legitimate('r7l-agentci', 'agent-framework-ci', accounts, (ctx) => {
    const runners = new Keys(accounts);
    return runners.dispatch(
      ctx,
      () => between(ctx.rng, 5_000, 12_000) / scale,
      (runner) => {
        const ip = cloudIp(ctx.rng);
        const tests = suite.filter(() => ctx.rng.chance(0.45));
        return () => ciRun(ctx, runner.id, runners.of(runner.id), tests, clients, ip);
      },
    );
  });
}

/** One CI run: its tests in six lanes from one runner, each 429 retried (three tries). */
async function ciRun(
  ctx: ActorContext,
  account: string,
  standoff: Standoff,
  tests: readonly Fixture[],
  clients: Readonly<Record<Dialect, ClientProfile>>,
  ip: string,
): Promise<void> {
  const queue = [...tests];
  const lane = async (): Promise<void> => {
    for (let test = queue.shift(); test; test = queue.shift()) {
      await standoff.wait(ctx);
      if (ctx.stopped() || standoff.refused) return;
      const messages: Body[] = [user(test.prompt)];
      const steps = test.toolResult !== undefined ? 2 : 1;
      for (let step = 0; step < steps; step++) {
        if (step === 1 && test.toolResult !== undefined) {
          const tool = test.tools[0];
          if (!tool) break;
          messages.push(
            ...toolStep(
              test.dialect,
              test.dialect === 'anthropic' ? 'toolu_01FixtureCall0001' : 'call_fixture0001',
              tool.name,
              { query: 'fixture' },
              test.toolResult,
            ),
          );
        }
        for (let attempt = 0; attempt < 3; attempt++) {
          const response = await send(
            ctx,
            account,
            test.dialect,
            body(test.dialect, {
              model: test.dialect === 'anthropic' ? M.lite : M.mini,
              messages,
              maxTokens: 512,
              temperature: 0,
              tools: test.tools,
              stream: test.stream,
            }),
            clients[test.dialect],
            ip,
          );
          const seen = standoff.note(ctx, response, ctx.rng);
          if (seen === 'refused') return;
          if (seen === 'ok') break;
          await standoff.wait(ctx);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: 6 }, lane));
}
