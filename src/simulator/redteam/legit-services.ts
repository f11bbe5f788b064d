/**
 * Legitimate services that look machine-made on every single signal: a CI pipeline re-running
 * the same regression prompts at temperature 0 from fresh cloud runners, a translation backend
 * with one fixed system prompt, a support bot with one stable tool set serving thousands of
 * shoppers (metadata.user_id), and a data-labelling startup (declared use) grading items
 * against a rubric. Each is a verified organisation on a paid tier, as such customers are.
 */
import type { Actor, ActorContext, SimAccountSpec } from '../actor.ts';
import { anthropicBody, openaiBody, textTurns } from '../personas/bodies.ts';
import {
  clientProfile,
  cloudIp,
  type ClientKind,
  type ClientProfile,
} from '../personas/clients.ts';
import { MODELS } from '../personas/models.ts';
import { openLoop } from '../personas/pacing.ts';
import type { Rng } from '../rng.ts';
import {
  defineActor,
  fill,
  opaqueAccounts,
  requestFrom,
  sendAndWait,
  type ActorTruthFacts,
} from './common.ts';
import {
  catalogueText,
  CI_CASES,
  CI_SYSTEM,
  labellingTask,
  LOCALES,
  SUPPORT_ASKS,
  SUPPORT_SYSTEM,
  SUPPORT_TOOLS,
  TRANSLATE_SYSTEM,
} from './service-words.ts';

interface OrgFacts {
  readonly org: string;
  readonly tier: string;
  readonly declaredUse?: string;
  readonly programme?: string;
}

function orgAccounts(rng: Rng, taken: Set<string>, count: number, facts: OrgFacts) {
  return opaqueAccounts(rng, taken, count, () => ({
    ...facts,
    ageDays: facts.programme === 'startup' ? 30 + rng.next() * 90 : 300 + rng.next() * 500,
    verified: true,
  }));
}

/** One account of a backend: its SDK identity (one version) and its egress address. */
interface Backend {
  readonly account: SimAccountSpec;
  readonly client: ClientProfile;
  readonly ip: string;
}

function backends(
  rng: Rng,
  accounts: readonly SimAccountSpec[],
  kind: ClientKind,
  egress: readonly string[] = accounts.map(() => cloudIp(rng)),
): Backend[] {
  return accounts.map((account, index) => ({
    account,
    client: clientProfile(rng, kind),
    ip: egress[index % egress.length] ?? cloudIp(rng),
  }));
}

/**
 * A backend serving its own users' requests at `rate` a second, spread over its accounts.
 * `fire` draws from a generator forked per request number, so its choices never depend on the
 * machine's timing.
 */
function backendActor(
  facts: ActorTruthFacts,
  list: readonly Backend[],
  rate: number,
  fire: (ctx: ActorContext, backend: Backend, rng: Rng) => Promise<unknown>,
): Actor {
  return defineActor(
    facts,
    list.map((backend) => backend.account),
    (ctx) => {
      let fired = 0;
      return openLoop(
        ctx,
        () => rate,
        () => fire(ctx, ctx.rng.pick(list), ctx.rng.fork(`request-${fired++}`)),
      );
    },
  );
}

/** Sends as the backend's account, with its client identity and address. */
function sendFrom(
  ctx: ActorContext,
  { account, client, ip }: Backend,
  dialect: 'openai' | 'anthropic',
  body: Record<string, unknown>,
) {
  return sendAndWait(ctx, account.id, requestFrom(dialect, body, client, ip));
}

export function ciPipeline(rng: Rng, taken: Set<string>, count: number): Actor {
  const accounts = orgAccounts(rng, taken, count, { org: 'org_ledgerly', tier: 'scale' });
  const list = backends(rng, accounts, 'openai-python');
  const facts = { name: 'ci-regression', persona: 'rt-ci-regression' };
  return defineActor(facts, accounts, async (ctx) => {
    await Promise.all(
      list.map(async ({ account, client }) => {
        const own = ctx.rng.fork(account.id);
        await ctx.sleep(own.next() * 4_000);
        // Every push re-runs the whole suite from a freshly provisioned runner (a new address).
        while (!ctx.stopped()) {
          const runner = cloudIp(own);
          const runs = CI_CASES.map(async (prompt, index) => {
            await ctx.sleep(index * own.int(20, 120));
            const body = openaiBody(
              { model: MODELS.openaiMini, maxTokens: 512, temperature: 0, system: CI_SYSTEM },
              textTurns([{ role: 'user', text: prompt }]),
            );
            if (!ctx.stopped())
              await sendAndWait(ctx, account.id, requestFrom('openai', body, client, runner));
          });
          await Promise.all(runs);
          await ctx.sleep(3_000 + own.exponential(6_000));
        }
      }),
    );
  });
}

export function translationService(rng: Rng, taken: Set<string>, count: number, rate: number) {
  const accounts = orgAccounts(rng, taken, count, { org: 'org_fernhill', tier: 'standard' });
  const facts = { name: 'catalogue-translation', persona: 'rt-translation' };
  return backendActor(facts, backends(rng, accounts, 'axios'), rate, (ctx, backend, draw) => {
    const body = openaiBody(
      { model: MODELS.openaiMini, maxTokens: 300, temperature: 0.2, system: TRANSLATE_SYSTEM },
      textTurns([{ role: 'user', text: `${draw.pick(LOCALES)}\n${catalogueText(draw)}` }]),
    );
    return sendFrom(ctx, backend, 'openai', body);
  });
}

/** One support conversation: the ask, the tool round trip, sometimes a follow-up. */
async function supportConversation(
  ctx: ActorContext,
  rng: Rng,
  backend: Backend,
  shoppers: number,
): Promise<void> {
  const userId = `shopper-${rng.int(1, shoppers).toString(36)}`;
  const order = `FH${rng.int(100_000, 999_999)}`;
  const ask = fill(rng.pick(SUPPORT_ASKS), { o: order });
  const tool = rng.pick(SUPPORT_TOOLS);
  const options = {
    model: MODELS.current,
    maxTokens: 1_024,
    system: SUPPORT_SYSTEM,
    tools: SUPPORT_TOOLS,
    userId,
  };
  const send = (messages: Record<string, unknown>[]) =>
    sendFrom(ctx, backend, 'anthropic', anthropicBody(options, messages));
  const messages: Record<string, unknown>[] = [{ role: 'user', content: ask }];
  if ((await send(messages)) !== 'ok') return;
  const id = `toolu_${rng.int(1e8, 9e8).toString(36)}`;
  messages.push(
    {
      role: 'assistant',
      content: [{ type: 'tool_use', id, name: tool.name, input: { order_number: order } }],
    },
    {
      role: 'user',
      content: [
        {
          type: 'tool_result',
          tool_use_id: id,
          content: `{"status":"${rng.pick(['in_transit', 'delivered', 'processing'])}"}`,
        },
      ],
    },
  );
  await ctx.sleep(200 + rng.exponential(600));
  if ((await send(messages)) !== 'ok' || !rng.chance(0.4)) return;
  await ctx.sleep(8_000 + rng.exponential(12_000));
  messages.push(
    { role: 'assistant', content: 'Thanks for waiting — here is what I found.' },
    {
      role: 'user',
      content: rng.pick(['ok thanks', 'and when will it arrive?', 'that does not help']),
    },
  );
  await send(messages);
}

export function supportBot(rng: Rng, taken: Set<string>, count: number, rate: number): Actor {
  const accounts = orgAccounts(rng, taken, count, { org: 'org_fernhill_cx', tier: 'scale' });
  const facts = { name: 'support-bot', persona: 'rt-support-bot' };
  return backendActor(
    facts,
    backends(rng, accounts, 'anthropic-python'),
    rate,
    (ctx, backend, draw) => supportConversation(ctx, draw, backend, 4_000),
  );
}

export function labellingStartup(rng: Rng, taken: Set<string>, count: number, rate: number) {
  const accounts = orgAccounts(rng, taken, count, {
    org: 'org_tagwise',
    tier: 'standard',
    programme: 'startup',
    declaredUse: 'labelling',
  });
  // Workers on two hosts share the startup's keys.
  const list = backends(rng, accounts, 'aiohttp', [cloudIp(rng), cloudIp(rng)]);
  const facts = { name: 'labelling-startup', persona: 'rt-labelling' };
  return backendActor(facts, list, rate, (ctx, backend, draw) => {
    const body = openaiBody(
      { model: MODELS.openai, maxTokens: 150, temperature: 0 },
      textTurns([{ role: 'user', text: labellingTask(draw) }]),
    );
    return sendFrom(ctx, backend, 'openai', body);
  });
}
