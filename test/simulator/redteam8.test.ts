/**
 * The eighth red team's scenario builds the same actors, accounts and requests for the same seed,
 * and its ground truth has the shape intended: seven `r8-` campaigns (one a hydra of at least 200
 * accounts), 800–1,100 distiller accounts, eleven legitimate personas with 450–600 accounts,
 * opaque account ids unique across the scenario, declared use only on the lab's benchmark (eval),
 * the research lab (research) and two batch jobs (batch). A virtual minute checks that requests
 * are well-formed in both dialects, every actor's volume, and the mechanics built in: the hydra's
 * spacing, exit rotation and paraphrasing; the multilingual campaign's fifteen languages; the
 * cross-model fan-out and its judging; the aged accounts' rarity and maximal budgets; the fake
 * roll-out's single org and NAT beside the real one; the agent trajectories' forks; the hard
 * negatives' repeats, graders, end users and launch-day prompts. Refused accounts are replaced
 * from reserves, and everyone backs off on 429. No detection is involved.
 */
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/simulator/actor.ts';
import { LANGUAGES, type Language } from '../../src/simulator/redteam8/vocab-languages.ts';
import { VIRAL_PROMPTS } from '../../src/simulator/redteam8/vocab-people.ts';
import {
  buildActors,
  distinct,
  expectBacksOff,
  expectCast,
  expectCoverMarked,
  expectFixedSeats,
  expectReservesReplaceRefused,
  expectScaled,
  expectSeeded,
  expectSpaced,
  expectWithin,
  firstTurn,
  loadNamed,
  messagesOf,
  model,
  of,
  runSeed1,
  servedMinute,
  shareOf,
  sizes,
  tally,
  toolNames,
  userTurns,
} from './scenario-fixtures.ts';
import { runVirtually, type Captured } from './virtual-clock.ts';

const load = (): Promise<Scenario> => loadNamed('redteam8');

const NEW_MODEL = 'osprey-5';
const RELEASE_MS = 28_000;
const CAMPAIGNS = [
  'r8-babel',
  'r8-facade',
  'r8-fossil',
  'r8-murmuration',
  'r8-prism',
  'r8-relay',
  'r8-tide',
];

// ---------------------------------------------------------------------------------------------
// Reading requests

/** How many tool results a request carries, in either dialect. */
function toolResults(item: Captured): number {
  return messagesOf(item).reduce((count, message) => {
    if (message.role === 'tool') return count + 1;
    if (message.role === 'user' && Array.isArray(message.content))
      return (
        count +
        (message.content as { type?: string }[]).filter((block) => block.type === 'tool_result')
          .length
      );
    return count;
  }, 0);
}

const onNewModel = (item: Captured): boolean => model(item) === NEW_MODEL;
const subnetOf = (ip: string): string => ip.split('.').slice(0, 3).join('.');

/** Problems with a request body in its dialect's shape (empty when well-formed). */
function malformed(item: Captured): string[] {
  const body = item.request.body;
  const problems: string[] = [];
  const messages = messagesOf(item);
  if (typeof body['model'] !== 'string') problems.push('model');
  if (!Array.isArray(body['messages']) || messages.length === 0) problems.push('messages');
  if (item.request.dialect === 'anthropic') {
    if (typeof body['max_tokens'] !== 'number') problems.push('max_tokens');
    for (const key of ['reasoning_effort', 'max_completion_tokens', 'n', 'response_format', 'user'])
      if (key in body) problems.push(key);
    if (messages[0]?.role !== 'user') problems.push('first turn');
    const used = new Set<string>();
    messages.forEach((message, index) => {
      if (message.role !== 'user' && message.role !== 'assistant') problems.push(message.role);
      if (index > 0 && messages[index - 1]?.role === message.role) problems.push('alternation');
      if (!Array.isArray(message.content)) return;
      for (const block of message.content as {
        type: string;
        id?: string;
        tool_use_id?: string;
      }[]) {
        if (block.type === 'tool_use' && block.id) used.add(block.id);
        if (block.type === 'tool_result' && !used.has(block.tool_use_id ?? ''))
          problems.push('orphan tool_result');
      }
    });
    if (body['thinking'] !== undefined && body['temperature'] !== undefined)
      problems.push('temperature with thinking');
  } else {
    if ('thinking' in body || 'metadata' in body || 'system' in body)
      problems.push('anthropic key');
    const reasoning = body['reasoning_effort'] !== undefined;
    if (reasoning && 'max_tokens' in body) problems.push('max_tokens on a reasoning request');
    if (!reasoning && 'max_completion_tokens' in body) problems.push('max_completion_tokens');
    const called = new Set<string>();
    for (const message of messages) {
      if (!['system', 'developer', 'user', 'assistant', 'tool'].includes(message.role))
        problems.push(message.role);
      for (const call of message.tool_calls ?? []) called.add(call.id);
      if (message.role === 'tool' && !called.has(message.tool_call_id ?? ''))
        problems.push('orphan tool message');
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Counting

/** The language pack whose fixed wording a text carries (the longest literal run of a frame). */
function languageOf(text: string): Language | undefined {
  for (const [language, pack] of Object.entries(LANGUAGES) as [
    Language,
    (typeof LANGUAGES)[Language],
  ][]) {
    const frames = [...pack.reason, ...pack.withAnswer, pack.code, pack.explain];
    for (const frame of frames) {
      const literal = frame
        .split(/\{\w+\}/)
        .map((part) => part.trim())
        .sort((a, b) => b.length - a.length)[0];
      if (literal && literal.length >= 8 && text.includes(literal)) return language;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------

describe('redteam8 scenario', () => {
  it('builds the same actors, accounts and requests for the same seed, other draws for another', async () => {
    const scenario = await load();
    expectSeeded(scenario);
    const run = async () =>
      (await runSeed1(scenario, 8_000)).map((item) => [
        item.actor.name,
        item.account,
        item.at,
        item.request,
      ]);
    expect(await run()).toEqual(await run());
  });

  it('labels seven r8- campaigns and eleven legitimate personas as intended', async () => {
    const actors = buildActors(await load(), 1);
    // Declared use: eval (the lab), research (the reasoning lab), batch (two jobs); no campaign.
    const { people } = expectCast(actors, {
      team: 'r8',
      campaigns: CAMPAIGNS,
      people: 11,
      declared: {
        'r8l-benchmark': ['eval'],
        'r8l-faithful': ['research'],
        'r8l-lingo': ['batch'],
        'r8l-triage': ['batch'],
      },
    });
    expect(new Set(people.map((actor) => actor.persona)).size).toBe(11);

    const owned = (name: string) => actors.find((actor) => actor.name === name)?.accounts ?? [];
    // Products and labs are verified; the aged campaign is aged and mostly verified.
    for (const name of [
      'r8l-benchmark',
      'r8l-annotate',
      'r8l-sparrow',
      'r8l-switchyard',
      'r8l-faithful',
    ])
      expect(
        owned(name).every((spec) => spec.verified),
        name,
      ).toBe(true);
    const aged = owned('r8-fossil');
    expect(aged.every((spec) => spec.ageDays >= 400)).toBe(true);
    expect(shareOf(aged, (spec) => spec.verified)).toBeGreaterThan(0.5);
    // The fake roll-out and the real one: one org each, days old, verified.
    for (const name of ['r8-facade', 'r8l-rollout']) {
      const accounts = owned(name);
      expect(new Set(accounts.map((spec) => spec.org)).size, name).toBe(1);
      expect(
        accounts.every((spec) => spec.verified && spec.ageDays <= 3),
        name,
      ).toBe(true);
    }
    // The hydra holds a reserve beyond its 270 active accounts.
    expect(owned('r8-murmuration').length).toBeGreaterThanOrEqual(300);
  });

  it('scales account counts with the scale option', async () => {
    expectScaled(await load());
  });

  it('sends well-formed requests in both dialects at 90–160 a second', async () => {
    const { scenario, captured } = await servedMinute('redteam8');
    const perActor = tally(captured, (item) => item.actor.name);
    const sent = (name: string) => perActor.get(name) ?? 0;
    for (const campaign of CAMPAIGNS) expectWithin(sent(campaign), 100, 1_500, campaign);
    for (const actor of buildActors(scenario, 1).filter((a) => a.role === 'legitimate'))
      expectWithin(sent(actor.name), 80, 1_000, actor.name);
    expectWithin(captured.length / 60, 90, 160);

    // Both dialects, from legitimate actors and from campaigns alike.
    for (const role of ['legitimate', 'distiller'] as const)
      expect(
        new Set(captured.filter((i) => i.actor.role === role).map((i) => i.request.dialect)),
        role,
      ).toEqual(new Set(['anthropic', 'openai']));
    const bad = captured
      .map((item) => ({ name: item.actor.name, problems: malformed(item) }))
      .filter(({ problems }) => problems.length > 0);
    expect(bad.slice(0, 5)).toEqual([]);

    const bodies = captured.map((item) => item.request.body);
    expect(bodies.some((body) => body['stream'] === true)).toBe(true);
    expect(bodies.some((body) => body['thinking'] !== undefined)).toBe(true);
    expect(bodies.some((body) => body['reasoning_effort'] === 'high')).toBe(true);
    expect(bodies.some((body) => body['tool_choice'] !== undefined)).toBe(true);
    expect(bodies.some((body) => typeof body['user'] === 'string')).toBe(true);

    // Only the scenario's models; max_tokens within each model's limit; thinking below it.
    const limits = new Map(scenario.models.map((m) => [m.name, m.maxOutputTokens]));
    for (const item of captured) {
      const body = item.request.body;
      const limit = limits.get(String(body['model']));
      expect(limit, String(body['model'])).toBeDefined();
      const max = Number(body['max_tokens'] ?? body['max_completion_tokens'] ?? 0);
      expect(max, item.actor.name).toBeGreaterThan(0);
      expect(max, item.actor.name).toBeLessThanOrEqual(limit ?? 0);
      const thinking = body['thinking'] as { budget_tokens: number } | undefined;
      if (thinking) expect(thinking.budget_tokens, item.actor.name).toBeLessThan(max);
    }
    expect(captured.filter((item) => item.at < RELEASE_MS && onNewModel(item))).toEqual([]);
  });

  it('marks the aged accounts’ everyday questions and the rotator’s canaries as cover, nothing else', async () => {
    const { captured } = await servedMinute('redteam8');
    expectCoverMarked(captured, ['r8-fossil', 'r8-tide']);
  });

  it('spreads the hydra over rested accounts, rotating exits and wording', async () => {
    const { captured } = await servedMinute('redteam8');
    const hydra = of(captured, 'r8-murmuration');
    const perAccount = expectSpaced(hydra, 200, 15_000);
    // Exits rotate: accounts seen more than twice mostly use several; hundreds of /24s.
    const exits = distinct(
      hydra,
      (item) => item.account,
      (item) => item.request.clientIp,
    );
    const busy = [...exits].filter(([account]) => (perAccount.get(account)?.ats.length ?? 0) > 2);
    expect(shareOf(busy, ([, ips]) => ips.size > 1)).toBeGreaterThan(0.5);
    expect(new Set(hydra.map((item) => subnetOf(item.request.clientIp))).size).toBeGreaterThan(150);
    // The wording never repeats; some items go out twice in other words; follow-ups deepen.
    const openings = hydra.filter((item) => messagesOf(item).length === 1).map(firstTurn);
    expect(new Set(openings).size).toBeGreaterThan(openings.length * 0.98);
    expectWithin(
      shareOf(hydra, (item) => messagesOf(item).length === 3),
      0.1,
      0.35,
    );
    // A share of the work moves to the new model on release.
    const late = hydra.filter(({ at }) => at > RELEASE_MS + 1_000);
    expectWithin(shareOf(late, onNewModel), 0.15, 0.45);
  });

  it('coerces reasoning in fifteen languages, and the legitimate multilingual traffic it hides among', async () => {
    const { captured } = await servedMinute('redteam8');
    const babel = of(captured, 'r8-babel');
    const languages = babel.map((item) => languageOf(firstTurn(item)));
    expect(languages.filter((language) => language === undefined)).toEqual([]);
    expect(new Set(languages).size).toBeGreaterThanOrEqual(12);
    expect(shareOf(languages, (language) => language === 'zh')).toBeLessThan(0.4);
    // Each account keeps its language.
    const perAccount = distinct(
      babel,
      (item) => item.account,
      (item) => languageOf(firstTurn(item)),
    );
    expect(sizes(perAccount).every((size) => size === 1)).toBe(true);
    const reasoning = shareOf(
      babel,
      (item) =>
        item.request.body['thinking'] !== undefined ||
        item.request.body['reasoning_effort'] === 'high',
    );
    expectWithin(reasoning, 0.25, 0.7);
    expect(babel.some((item) => userTurns(item).length >= 2)).toBe(true);
    // Browsers in the student's locale.
    const locales = babel
      .map((item) => item.request.headers?.find(([name]) => name === 'accept-language')?.[1])
      .filter((value) => value !== undefined);
    expect(new Set(locales).size).toBeGreaterThanOrEqual(8);

    // The research lab asks the same problem in six languages; everyday chat is multilingual.
    const lab = of(captured, 'r8l-faithful').map((item) => languageOf(firstTurn(item)));
    expect(new Set(lab.filter((l) => l !== undefined)).size).toBeGreaterThanOrEqual(5);
    const chat = of(captured, 'r8l-everyday');
    expect(shareOf(chat, (item) => /[^\u0020-\u007e\u2019]/.test(firstTurn(item)))).toBeGreaterThan(
      0.1,
    );
  });

  it('fans items out across models and both endpoints, then judges the candidates', async () => {
    const { captured } = await servedMinute('redteam8');
    const prism = of(captured, 'r8-prism');
    const dialects = distinct(
      prism,
      (item) => item.account,
      (item) => item.request.dialect,
    );
    expect(sizes(dialects).filter((size) => size === 2).length).toBeGreaterThanOrEqual(20);
    expect(new Set(prism.map(model)).size).toBe(6);
    // After the release the new model is asked on both endpoints.
    const late = prism.filter(({ at }) => at > RELEASE_MS);
    const newest = late.filter(onNewModel);
    expect(new Set(newest.map((item) => item.request.dialect))).toEqual(
      new Set(['anthropic', 'openai']),
    );
    expect(newest.length).toBeGreaterThan(late.length * 0.3);
    const judging = prism.filter((item) => /Candidate A:/.test(firstTurn(item)));
    expect(judging.length).toBeGreaterThan(20);
    expect(judging.every((item) => /Candidate B:/.test(firstTurn(item)))).toBe(true);
    // The labelling vendor grades too: several responses per request, JSON scores.
    const grades = of(captured, 'r8l-annotate').filter((item) =>
      firstTurn(item).includes('<response id="B">'),
    );
    expect(grades.length).toBeGreaterThan(100);
  });

  it('keeps the aged accounts rare and their requests maximal', async () => {
    const { captured } = await servedMinute('redteam8');
    const aged = of(captured, 'r8-fossil');
    expectSpaced(aged, 100, 25_000, 3);
    // Each account keeps its client and exit.
    expectFixedSeats(aged);
    const heavy = aged.filter(
      (item) =>
        ((item.request.body['thinking'] as { budget_tokens?: number } | undefined)?.budget_tokens ??
          0) >= 20_000 || Number(item.request.body['max_completion_tokens'] ?? 0) >= 60_000,
    );
    expectWithin(heavy.length / aged.length, 0.4, 0.85);
  });

  it('sends the fake roll-out and the real one from one org behind one NAT each', async () => {
    const { scenario, captured } = await servedMinute('redteam8');
    const actors = buildActors(scenario, 1);
    for (const name of ['r8-facade', 'r8l-rollout']) {
      const items = of(captured, name);
      const accounts = actors.find((actor) => actor.name === name)?.accounts ?? [];
      expect(new Set(items.map((item) => item.account)).size, name).toBe(accounts.length);
      expect(new Set(items.map((item) => subnetOf(item.request.clientIp))).size, name).toBe(1);
      expect(new Set(items.map((item) => item.request.userAgent.split('/')[0])).size, name).toBe(1);
      expect(
        new Set(
          items.map((item) => JSON.stringify(item.request.body['system'] ?? messagesOf(item)[0])),
        ).size,
        name,
      ).toBe(1);
      // The morning burst: the first 20 s busier than the last 20 s.
      const first = items.filter(({ at }) => at < 20_000).length;
      const last = items.filter(({ at }) => at >= 40_000).length;
      expect(first, name).toBeGreaterThan(last * 0.8);
    }
  });

  it('runs agent trajectories on one tool set and forks their prefixes across accounts', async () => {
    const { captured } = await servedMinute('redteam8');
    const relay = of(captured, 'r8-relay');
    expect(new Set(relay.map(toolNames)).size).toBe(1);
    expect(shareOf(relay, (item) => toolResults(item) >= 3)).toBeGreaterThan(0.4);
    expect(Math.max(...relay.map(toolResults))).toBeGreaterThanOrEqual(8);
    // The same opening issue continued from two or more accounts, with different observations.
    const byIssue = distinct(relay, firstTurn, (item) => item.account);
    expect([...byIssue.values()].filter((accounts) => accounts.size >= 2).length).toBeGreaterThan(
      20,
    );
    // The IDE agent's users look alike: one tool set, multi-step loops.
    const ide = of(captured, 'r8l-codepilot');
    expect(new Set(ide.map(toolNames)).size).toBe(1);
    expect(shareOf(ide, (item) => toolResults(item) >= 2)).toBeGreaterThan(0.4);
  });

  it('gives the hard negatives their repeats, end users and launch-day prompts', async () => {
    const { captured } = await servedMinute('redteam8');
    // The benchmark re-runs fixed items over several models.
    const bench = of(captured, 'r8l-benchmark');
    const repeats = distinct(bench, firstTurn, model);
    expect(sizes(repeats).filter((size) => size >= 3).length).toBeGreaterThan(20);
    expect(bench.some((item) => item.at > RELEASE_MS && onNewModel(item))).toBe(true);
    // The tutoring app and the reseller: many end users behind few keys.
    for (const [name, keys, users] of [
      ['r8l-sparrow', 6, 250],
      ['r8l-switchyard', 10, 300],
    ] as const) {
      const items = of(captured, name);
      expect(new Set(items.map((item) => item.account)).size, name).toBeLessThanOrEqual(keys);
      expect(
        new Set(
          items.map(
            (item) =>
              item.request.body['user'] ??
              (item.request.body['metadata'] as { user_id?: string } | undefined)?.user_id,
          ),
        ).size,
        name,
      ).toBeGreaterThan(users);
    }
    // The localisation batch covers twelve locales.
    const locales = of(captured, 'r8l-lingo').map(
      (item) => /Target locale: (\S+)/.exec(firstTurn(item))?.[1],
    );
    expect(new Set(locales).size).toBe(12);
    // Early adopters: the same viral prompts from many accounts, only after the release.
    const viral = of(captured, 'r8l-launchday').filter((item) =>
      VIRAL_PROMPTS.includes(firstTurn(item)),
    );
    expect(viral.every(({ at }) => at >= RELEASE_MS)).toBe(true);
    expect(new Set(viral.map((item) => item.account)).size).toBeGreaterThanOrEqual(10);
  });

  it('replaces refused accounts from reserves and never sends from a refused one again', async () => {
    const scenario = await load();
    const refused = await expectReservesReplaceRefused(scenario, ['r8-murmuration', 'r8-tide']);
    // The rotator's replacements come with client stacks the first generation never used.
    const actors = buildActors(scenario, 1).filter((actor) => actor.name === 'r8-tide');
    const agents = (items: Captured[]) =>
      new Set(items.map((item) => item.request.userAgent.split(/[/ ]/)[0]));
    expect(agents(refused.get('r8-tide') ?? []).size).toBeGreaterThan(
      agents(await runVirtually(scenario, actors, 60_000)).size,
    );
  });

  it('backs off on 429: never inside the Retry-After, and sharply for controllers', async () => {
    const limited = await expectBacksOff(await load(), [
      'r8l-benchmark',
      'r8l-lingo',
      'r8l-triage',
      'r8-murmuration',
      'r8-tide',
      'r8-prism',
    ]);
    expect(limited.filter((item) => malformed(item).length > 0).slice(0, 3)).toEqual([]);
  });
});
