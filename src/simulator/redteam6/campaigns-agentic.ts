/**
 * The sixth red team's agentic campaigns: a copy of a real coding agent, a vision/computer-use
 * harvest dressed as several small RPA start-ups, and long-form projects sharded across many
 * accounts. Each doc comment is the red-team brief: the evasion, and the tells it cannot avoid.
 */
import type { Actor, ActorContext, SimAccountSpec, SimResponse } from '../actor.ts';
import { scaled } from '../personas/accounts.ts';
import {
  clientProfile,
  cloudIp,
  proxyPool,
  type ClientKind,
  type ClientProfile,
} from '../personas/clients.ts';
import type { Rng } from '../rng.ts';
import { compose, expand } from '../vocab/expand.ts';
import { extFor, patchbaySession, randomRepo } from './agent-session.ts';
import {
  accounts,
  between,
  chatBody,
  facts,
  hex,
  imageTurn,
  M,
  maxOut,
  messagesBody,
  human,
  orgSlug,
  Roster,
  schema,
  screenshot,
  send,
  shuffled,
  screenExchange,
  withoutScreens,
  tracker,
  userTurn,
  weighted,
  type Tool,
} from './common.ts';
import { patchbayClient, type PatchbayClient } from './products.ts';
import {
  BROAD_TASKS,
  GLOSSARY,
  H,
  MODULE_ASKS,
  PROJECT,
  PROJECT_KINDS,
  SCREEN_ASKS,
  SCREEN_STEPS,
  SCREENS,
  SECTION_WORDS,
  SHARD_ASKS,
} from './vocab-harvest.ts';

/**
 * `r6-understudy` — a copy of patchbay, the open coding agent (persona `agent-clone`).
 *
 * Evasion: every request is byte-for-byte what patchbay sends — its system prompt, its eight
 * tools, its user agent and SDK headers, its thinking modes and max_tokens, streamed, with a
 * growing tool_use/tool_result transcript and human-scale pauses between tasks. Real patchbay
 * users are developers on their own keys, so many unrelated accounts sharing patchbay's template
 * is normal. Each worker keeps one account for two to four tasks (a developer's sitting) behind a
 * sticky residential exit, then hands it back; a refused account is abandoned and a reserve
 * account takes its place; on 429 the worker sleeps the Retry-After and benches the account.
 *
 * Tells it cannot help: its tasks cover every stack and problem class (a curriculum, not one
 * repository's backlog); the "think harder" mode is used on most tasks; sessions run long; the
 * accounts are days to weeks old with startup credits; the claimed platform is Linux x64 on
 * two releases only, whereas real installs spread over platforms and lag behind releases; tool
 * results describe a different repository every task.
 */
export function understudy(rng: Rng, scale: number): Actor {
  const total = scaled(210, scale, 6);
  const shells: string[] = Array.from({ length: Math.max(2, Math.round(total / 6)) }, () =>
    orgSlug(rng),
  );
  const list = accounts('understudy', total, () =>
    facts({
      tier: weighted(rng, [
        ['default', 55],
        ['standard', 35],
        ['free', 10],
      ]),
      ageDays: 2 + Math.min(55, rng.exponential(10)),
      verified: rng.chance(0.15),
      org: rng.chance(0.45) ? rng.pick(shells) : undefined,
      programme: rng.chance(0.3) ? 'startup' : undefined,
    }),
  );
  const clients = new Map<string, PatchbayClient>(
    list.map((account) => [
      account.id,
      patchbayClient(
        rng,
        weighted(rng, [
          ['2.4.0', 65],
          ['2.3.1', 35],
        ]),
        rng.chance(0.8) ? 'linux x64' : 'darwin arm64',
      ),
    ]),
  );
  const exits = proxyPool(rng, Math.max(8, Math.round(total * 0.8)));
  const activeCount = Math.round(total * 0.72);
  return {
    name: 'r6-understudy',
    persona: 'agent-clone',
    role: 'distiller',
    campaign: 'r6-understudy',
    accounts: list,
    async run(ctx) {
      const reserve = list.slice(activeCount);
      // One "developer" per working account; a refused account's slot moves to a reserve one.
      await Promise.all(
        list.slice(0, activeCount).map(async (first, index) => {
          const w = ctx.rng.fork(`slot${index}`);
          let account: SimAccountSpec | undefined = first;
          let limited = 0;
          await ctx.sleep(w.next() * 45_000);
          while (account !== undefined && !ctx.stopped()) {
            const client = clients.get(account.id) as PatchbayClient;
            const ip = w.pick(exits);
            const stackName = w.pick(H['stack'] ?? ['Go']);
            const end = await patchbaySession(ctx, w, {
              account: account.id,
              client,
              ip,
              model: ctx.now() >= ctx.releasedAt(M.newest) && w.chance(0.3) ? M.newest : M.current,
              mode: weighted(w, [
                ['harder', 45],
                ['think', 35],
                ['normal', 20],
              ] as const),
              task: compose(w, BROAD_TASKS, { ...H, stack: [stackName] }),
              repo: randomRepo(w, extFor(stackName)),
              steps: w.int(5, 13),
              stepGap: () => between(w, 1_200, 3_500),
            });
            if (typeof end === 'object') {
              // 403: abandon the account at once; 429: wait it out once, abandon on the second.
              if (end.refused.status === 429 && limited === 0) {
                limited++;
                await ctx.sleep((end.refused.retryAfterMs ?? 5_000) + 10_000);
                continue;
              }
              account = reserve.shift();
              limited = 0;
              await ctx.sleep(between(w, 500, 3_000));
              continue;
            }
            await ctx.sleep(human(w, 60_000));
          }
        }),
      );
    },
  };
}

/** A vision agent's tool set, named the way one shell start-up named it. */
function shellTools(rng: Rng): Tool[] {
  const act = rng.pick(['computer', 'ui_action', 'browser_act', 'screen_control', 'desktop']);
  const done = rng.pick(['finish', 'task_complete', 'done', 'submit_result']);
  const tools: Tool[] = [
    {
      name: act,
      description: rng.pick([
        'Perform one UI action on the screen.',
        'Interact with the GUI: click, type, scroll, keys.',
        'Control mouse and keyboard.',
      ]),
      schema: schema(
        {
          action: ['click', 'double_click', 'type', 'key', 'scroll', 'drag', 'wait', 'screenshot'],
          x: 'integer',
          y: 'integer',
          text: 'string',
        },
        ['action'],
      ),
    },
    {
      name: done,
      description: 'Report that the goal is reached or impossible.',
      schema: schema({ success: 'boolean', summary: 'string' }, ['success']),
    },
  ];
  if (rng.chance(0.6))
    tools.push({
      name: rng.pick(['read_page_text', 'get_dom_text', 'ocr_region']),
      description: 'Return the visible text of the page or a region.',
      schema: schema({ region: 'string' }, []),
    });
  return tools;
}

/**
 * `r6-glasshouse` — vision and computer-use harvest as fifteen small RPA start-ups (persona
 * `vision-rpa-shells`).
 *
 * Evasion: each shell is an org of six accounts in the startup programme, most paid and some
 * verified, calling from its own two cloud backends with one SDK — exactly how a real
 * automation company looks. Each names its tools differently, so there is no shared tool-set
 * hash; old screenshots are pruned from the transcript like real agents do. When an account is
 * refused, its whole org goes quiet for a while (they assume org-level linking) and the work
 * moves to the other shells.
 *
 * Tells: every step asks for an exhaustive caption of the screen and full reasoning before the
 * action, with max_tokens far above what an action needs; goals span every kind of application
 * instead of one customer's product; flows never repeat; the orgs are weeks old with the same
 * shape (six accounts, startup credits) and the same family of instructions.
 */
export function glasshouse(rng: Rng, scale: number): Actor {
  const orgCount = scaled(15, scale, 2);
  const shells = Array.from({ length: orgCount }, (_, index) => {
    const org = orgSlug(rng);
    const list = accounts(`glass${String.fromCharCode(97 + (index % 26))}${index}`, 6, () =>
      facts({
        org,
        tier: rng.chance(0.7) ? 'standard' : 'default',
        ageDays: 8 + rng.next() * 42,
        verified: rng.chance(0.4),
        programme: 'startup',
      }),
    );
    const kind: ClientKind = rng.pick(['anthropic-python', 'openai-python', 'openai-js']);
    return {
      org,
      accounts: list,
      client: clientProfile(rng, kind),
      openai: kind.startsWith('openai'),
      backends: [cloudIp(rng), cloudIp(rng)],
      tools: shellTools(rng),
      instructions: SCREEN_ASKS[index % SCREEN_ASKS.length] as string,
    };
  });
  type Shell = (typeof shells)[number];
  const all = shells.flatMap((shell) => shell.accounts);
  return {
    name: 'r6-glasshouse',
    persona: 'vision-rpa-shells',
    role: 'distiller',
    campaign: 'r6-glasshouse',
    accounts: all,
    async run(ctx) {
      const darkUntil = new Map<string, number>();
      const rosters = new Map(shells.map((shell) => [shell.org, new Roster(shell.accounts)]));
      const workers = shells.flatMap((shell, index) =>
        Array.from({ length: index % 3 === 0 ? 2 : 1 }, () => shell),
      );
      await Promise.all(
        workers.map(async (home, index) => {
          const w = ctx.rng.fork(`glass${index}`);
          await ctx.sleep(w.next() * 5_000);
          while (!ctx.stopped()) {
            const shell = pickShell(w, home, shells, darkUntil, ctx.now());
            const account = shell ? rosters.get(shell.org)?.next(ctx.now()) : undefined;
            if (!shell || !account) {
              await ctx.sleep(3_000);
              continue;
            }
            const refusal = await visionSession(ctx, w, shell, account);
            if (refusal === 403) {
              rosters.get(shell.org)?.burn(account.id);
              darkUntil.set(shell.org, ctx.now() + 15_000);
            } else if (refusal === 429) {
              rosters.get(shell.org)?.bench(account.id, ctx.now() + 10_000);
            }
            await ctx.sleep(between(w, 2_000, 5_000));
          }
        }),
      );

      function pickShell(
        w: Rng,
        home: Shell,
        list: readonly Shell[],
        dark: ReadonlyMap<string, number>,
        now: number,
      ): Shell | undefined {
        if ((dark.get(home.org) ?? 0) <= now) return home;
        const open = list.filter((shell) => (dark.get(shell.org) ?? 0) <= now);
        return open.length > 0 ? w.pick(open) : undefined;
      }
    },
  };

  async function visionSession(
    ctx: ActorContext,
    w: Rng,
    shell: Shell,
    account: SimAccountSpec,
  ): Promise<number | undefined> {
    const dialect = shell.openai ? 'openai' : 'anthropic';
    const goal = expand(w, shell.instructions, SCREENS);
    const messages: Record<string, unknown>[] = [
      imageTurn(dialect, screenshot(w, between(w, 3, 6)), goal),
    ];
    const steps = w.int(5, 11);
    const ip = w.pick(shell.backends);
    const thinking = !shell.openai && w.chance(0.5) ? 8_000 : undefined;
    const model = shell.openai ? M.chat : M.current;
    for (let step = 0; step < steps && !ctx.stopped(); step++) {
      const maxTokens = shell.openai
        ? w.pick([4_096, 6_000, 8_192])
        : (thinking ?? 0) + w.pick([4_096, 8_192]);
      const body = shell.openai
        ? chatBody({
            model,
            maxTokens,
            tools: shell.tools,
            messages: [...messages],
            temperature: 0.2,
          })
        : messagesBody({ model, maxTokens, thinking, tools: shell.tools, messages: [...messages] });
      const response = await send(ctx, account.id, dialect, body, shell.client, ip);
      if (response.status === 403 || response.status === 429) {
        if (response.status === 429) await ctx.sleep(response.retryAfterMs ?? 3_000);
        return response.status;
      }
      const id = shell.openai ? `call_${hex(w, 24)}` : `toolu_01${hex(w, 22)}`;
      const act = (shell.tools[0] as Tool).name;
      // Keep only the newest screenshot in full; older ones become a text stand-in.
      messages.splice(
        0,
        messages.length,
        ...messages.map((message) => withoutScreens(message, '[earlier screenshot omitted]')),
      );
      messages.push(
        ...screenExchange(
          dialect,
          id,
          act,
          {
            action: w.pick(['click', 'type', 'scroll', 'click']),
            x: w.int(10, 1270),
            y: w.int(10, 790),
          },
          screenshot(w, between(w, 3, 6)),
          w.pick(SCREEN_STEPS),
        ),
      );
      await ctx.sleep(between(w, 1_000, 2_600));
    }
    return undefined;
  }
}

interface Project {
  readonly brief: string;
  readonly sections: readonly string[];
  readonly software: boolean;
}

/** A long, unique project brief and its outline (shared by every shard of the project). */
function project(rng: Rng): Project {
  const kind = rng.pick(PROJECT_KINDS);
  const code = `${rng.pick(['ATLAS', 'BOREAL', 'CIRRUS', 'DUNE', 'EMBER', 'FJORD', 'GLACIER'])}-${rng.int(100, 9999)}`;
  const software = kind === 'software';
  const title = software
    ? expand(rng, '{system}', PROJECT)
    : kind === 'handbook'
      ? expand(rng, 'a compliance handbook for {industry} under {regulation}', PROJECT)
      : expand(rng, `{an undergraduate textbook|a complete online course} on {field}`, PROJECT);
  const count = rng.int(10, 24);
  const words = shuffled(rng, SECTION_WORDS);
  const sections = Array.from({ length: count }, (_, index) =>
    software
      ? `${rng.pick(['core', 'net', 'store', 'api', 'sched', 'codec', 'auth'])}/${rng.pick(['raft', 'wal', 'index', 'planner', 'router', 'cache', 'proto', 'gc'])}_${index + 1}`
      : `${index + 1}. ${words[index % words.length] ?? 'Section'}${index >= words.length ? ` (part ${Math.floor(index / words.length) + 1})` : ''}`,
  );
  const glossary = shuffled(rng, GLOSSARY).slice(0, rng.int(6, 12));
  const brief = [
    `Project ${code}: ${title}.`,
    `Audience: ${expand(rng, '{audience}', PROJECT)}. Style: ${expand(rng, '{style}', PROJECT)}.`,
    `Glossary (use these terms exactly): ${glossary.join(', ')}.`,
    software
      ? `Language: ${rng.pick(H['stack'] ?? ['Go'])}. Modules and their interfaces:`
      : 'Outline:',
    ...sections.map((section) =>
      software
        ? `- ${section}: exposes ${rng.pick(['open', 'apply', 'commit', 'lookup', 'plan', 'encode'])}(${rng.pick(['ctx', 'req', 'batch'])}) -> ${rng.pick(['Result', 'Plan', 'Entry', 'Frame'])}; depends on ${rng.pick(sections)}`
        : `- ${section}`,
    ),
    'Constraints: consistent notation across sections; no forward references without a pointer; every claim supported; British spelling.',
  ].join('\n');
  return { brief, sections, software };
}

/**
 * `r6-tessellate` — long-horizon projects cut into shards, one shard per account (persona
 * `sharded-longform`).
 *
 * Evasion: no account has a narrow focus or a repeated template of its own — each sends a
 * shard of one project, then a shard of an unrelated one, at a couple of requests a minute, from
 * its own client stack and a fresh residential exit each time. Shards of a project are spread
 * over several seconds (no synchronised wave), and every project has its own brief, so no
 * system prompt repeats for long. A refused or rate-limited account drops out (benched or burned)
 * and its shard is re-sent from another account.
 *
 * Tells: a long, rare system prompt appears on ten to twenty-four unrelated young accounts
 * within seconds and never again; shards ask for complete sections or modules at high max_tokens
 * (often with thinking); the accounts are young, orgless, free or default tier; a re-sent shard
 * is the same prompt from a second account moments later.
 */
export function tessellate(rng: Rng, scale: number): Actor {
  const total = scaled(200, scale, 10);
  const kinds: readonly ClientKind[] = [
    'openai-python',
    'anthropic-python',
    'httpx',
    'aiohttp',
    'openai-js',
    'go',
  ];
  const list = accounts('tessellate', total, () =>
    facts({
      tier: weighted(rng, [
        ['free', 45],
        ['default', 45],
        ['standard', 10],
      ]),
      ageDays: 0.5 + rng.next() * 30,
      verified: rng.chance(0.03),
      programme: rng.chance(0.1) ? 'research' : undefined,
    }),
  );
  const clients = new Map<string, { client: ClientProfile; openai: boolean }>(
    list.map((account) => {
      const kind = rng.pick(kinds);
      const openai =
        kind.startsWith('openai') || (!kind.startsWith('anthropic') && rng.chance(0.5));
      return [account.id, { client: clientProfile(rng, kind), openai }];
    }),
  );
  const exits = proxyPool(rng, Math.max(10, Math.round(total * 0.6)));
  const gap = 1_400 / Math.max(0.05, scale);
  return {
    name: 'r6-tessellate',
    persona: 'sharded-longform',
    role: 'distiller',
    campaign: 'r6-tessellate',
    accounts: list,
    async run(ctx) {
      const roster = new Roster(list);
      const work = tracker();
      const outcomes: boolean[] = [];
      const note = (refusedNow: boolean): void => {
        outcomes.push(refusedNow);
        if (outcomes.length > 60) outcomes.shift();
      };
      await ctx.sleep(ctx.rng.next() * 2_000);
      for (let n = 0; !ctx.stopped(); n++) {
        const p = ctx.rng.fork(`project${n}`);
        const plan = project(p);
        for (const section of plan.sections) {
          const delay = p.next() * 5_000;
          const shardRng = p.fork(section);
          work.fire(() => shard(ctx, shardRng, roster, plan, section, delay, 0, note));
        }
        // The orchestrator slows down while many shards are refused.
        const refusedShare = outcomes.filter(Boolean).length / Math.max(1, outcomes.length);
        await ctx.sleep(between(ctx.rng, gap * 0.6, gap * 1.4) * (1 + 5 * refusedShare));
      }
      await work.drain();
    },
  };

  async function shard(
    ctx: ActorContext,
    s: Rng,
    roster: Roster,
    plan: Project,
    section: string,
    delay: number,
    attempt: number,
    note: (refused: boolean) => void,
  ): Promise<void> {
    await ctx.sleep(delay);
    if (ctx.stopped()) return;
    const account = roster.next(ctx.now());
    if (!account) return;
    const { client, openai } = clients.get(account.id) as {
      client: ClientProfile;
      openai: boolean;
    };
    const ask = expand(s, s.pick(plan.software ? MODULE_ASKS : SHARD_ASKS), {
      ...PROJECT,
      section: [section],
    });
    let response: SimResponse;
    if (openai) {
      const model = s.chance(0.3) ? M.reasoner : M.chat;
      const body =
        model === M.reasoner
          ? chatBody({
              model,
              system: plan.brief,
              messages: [userTurn(ask)],
              maxCompletionTokens: s.pick([32_000, 48_000, 65_536]),
              reasoningEffort: 'high',
            })
          : chatBody({
              model,
              system: plan.brief,
              messages: [userTurn(ask)],
              maxTokens: s.int(Math.round(maxOut(model) * 0.5), maxOut(model)),
              temperature: s.pick([0.3, 0.5, 0.7]),
            });
      response = await send(ctx, account.id, 'openai', body, client, s.pick(exits));
    } else {
      const thinking = s.chance(0.3) ? s.pick([8_000, 12_000, 16_000]) : undefined;
      const maxTokens = Math.max((thinking ?? 0) + 8_000, s.int(16_000, maxOut(M.current)));
      response = await send(
        ctx,
        account.id,
        'anthropic',
        messagesBody({
          model: M.current,
          system: plan.brief,
          messages: [userTurn(ask)],
          maxTokens: Math.min(maxTokens, maxOut(M.current)),
          thinking,
          temperature: thinking === undefined ? 0.6 : undefined,
        }),
        client,
        s.pick(exits),
      );
    }
    note(response.status === 403 || response.status === 429);
    if (response.status === 403) roster.burn(account.id);
    else if (response.status === 429)
      roster.bench(account.id, ctx.now() + (response.retryAfterMs ?? 10_000));
    else return;
    if (attempt < 2)
      await shard(ctx, s, roster, plan, section, between(s, 500, 2_000), attempt + 1, note);
  }
}
