/**
 * The seventh red team's scenario builds the same actors and accounts for the same seed, and its
 * ground truth has the shape intended: seven `r7-` campaigns (one a hydra of at least 200
 * accounts), 800–1,100 distiller accounts, twelve legitimate personas with 450–600 accounts,
 * opaque account ids unique across the scenario, declared use only on the legal batch and the
 * museum backfill (batch), the security team (research) and the declared-eval campaign (eval, at
 * most a tenth of the distiller accounts). A virtual minute checks every actor's volume and the
 * mechanics built in: the hydra never uses an account twice within 20 s and moves half its work
 * to the new model on release; the research agent's user turns ask nothing while its tool results
 * carry the harvest; harvest asks are slipped into decoy chats; the declared benchmark never
 * repeats an item; the CLI's default flips; early adopters share viral prompts; the support
 * platform's end users are many; sweeps, probes and CI fixtures repeat as intended; the start-up
 * cohorts ramp. Refused accounts are replaced from reserves, and everyone backs off on 429 and
 * never sends again from an account inside its Retry-After. No detection is involved.
 */
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/simulator/actor.ts';
import { BRIDGES } from '../../src/simulator/redteam7/vocab-harvest.ts';
import { VIRAL_PROMPTS } from '../../src/simulator/redteam7/vocab-legit.ts';
import {
  accountCount,
  buildActors,
  distinct,
  expectBacksOff,
  expectCast,
  expectFixedSeats,
  expectReservesReplaceRefused,
  expectScaled,
  expectSeeded,
  expectSpaced,
  expectCoverMarked,
  expectWithin,
  firstTurn,
  loadNamed,
  messagesOf,
  model,
  of,
  servedMinute,
  shareOf,
  sizes,
  tally,
  toolNames,
  userTurns,
} from './scenario-fixtures.ts';
import type { Captured } from './virtual-clock.ts';

const load = (): Promise<Scenario> => loadNamed('redteam7');

const NEW_MODEL = 'heron-5';
const RELEASE_MS = 25_000;
const CAMPAIGNS = [
  'r7-incubator',
  'r7-leaderboard',
  'r7-marbled',
  'r7-phoenix',
  'r7-syllabus',
  'r7-undertow',
  'r7-whiteboard',
];

// ---------------------------------------------------------------------------------------------
// Reading requests

/** The texts of a request's tool results, in either dialect. */
function toolResults(item: Captured): string[] {
  return messagesOf(item).flatMap((message) => {
    if (message.role === 'tool' && typeof message.content === 'string') return [message.content];
    if (message.role !== 'user' || !Array.isArray(message.content)) return [];
    return (message.content as { type?: string; content?: unknown }[])
      .filter((block) => block.type === 'tool_result' && typeof block.content === 'string')
      .map((block) => block.content as string);
  });
}

const onNewModel = (item: Captured): boolean => model(item) === NEW_MODEL;

// ---------------------------------------------------------------------------------------------
// Counting

function expectStrictlyBetween(value: number, low: number, high: number): void {
  expect(value).toBeGreaterThan(low);
  expect(value).toBeLessThan(high);
}

// ---------------------------------------------------------------------------------------------

describe('redteam7 scenario', () => {
  it('builds the same actors and accounts for the same seed, other draws for another', async () => {
    expectSeeded(await load());
  });

  it('labels seven r7- campaigns and twelve legitimate personas as intended', async () => {
    const actors = buildActors(await load(), 1);
    // Declared use: batch (legal, museum), research (security team), eval (one campaign, ≤ 10 %).
    const { truth, distillers } = expectCast(actors, {
      team: 'r7',
      campaigns: CAMPAIGNS,
      people: 12,
      declared: {
        'r7l-clausework': ['batch'],
        'r7l-archive': ['batch'],
        'r7l-redcell': ['research'],
        'r7-leaderboard': ['eval'],
      },
    });
    const declaredDistillers = truth.accounts.filter(
      (account) => account.owner === 'r7-leaderboard' && account.declaredUse !== undefined,
    );
    expect(declaredDistillers.length).toBeGreaterThan(0);
    expect(declaredDistillers.length).toBeLessThanOrEqual(accountCount(distillers) * 0.1);

    // Opaque ids name no persona, actor or campaign.
    const ids = truth.accounts.map((account) => account.id);
    const words = truth.actors.flatMap((actor) => [
      ...actor.name.replace(/^r7l?-/, '').split('-'),
      ...actor.persona.split('-'),
    ]);
    for (const word of words.filter((word) => word.length >= 4))
      expect(
        ids.filter((id) => id.slice(8).includes(word)),
        word,
      ).toEqual([]);

    // Bought accounts are aged and verified; start-up programme accounts are days old.
    const owned = (name: string) => actors.find((actor) => actor.name === name)?.accounts ?? [];
    expect(owned('r7-phoenix').every((spec) => spec.verified && spec.ageDays >= 150)).toBe(true);
    for (const name of ['r7-incubator', 'r7l-cohort'])
      expect(
        owned(name).every((spec) => spec.programme === 'startup' && spec.ageDays <= 4),
        name,
      ).toBe(true);
  });

  it('scales account counts with the scale option', async () => {
    expectScaled(await load());
  });

  it('sends a sensible volume per actor, in both dialects, at 100–150 requests a second', async () => {
    const { scenario, captured } = await servedMinute('redteam7');
    const perActor = tally(captured, (item) => item.actor.name);
    const sent = (name: string) => perActor.get(name) ?? 0;
    for (const campaign of CAMPAIGNS) expectWithin(sent(campaign), 150, 1_500, campaign);
    for (const actor of buildActors(scenario, 1).filter((a) => a.role === 'legitimate'))
      expectWithin(sent(actor.name), 80, 1_000, actor.name);
    expectStrictlyBetween(captured.length / 60, 100, 150);

    const bodies = captured.map((item) => item.request.body);
    expect(new Set(captured.map((item) => item.request.dialect))).toEqual(
      new Set(['anthropic', 'openai']),
    );
    const json = bodies.map((body) => JSON.stringify(body));
    expect(bodies.some((body) => body['stream'] === true)).toBe(true);
    expect(bodies.some((body) => body['thinking'] !== undefined)).toBe(true);
    expect(bodies.some((body) => body['reasoning_effort'] === 'high')).toBe(true);
    expect(bodies.some((body) => body['n'] === 4)).toBe(true);
    expect(bodies.some((body) => typeof body['user'] === 'string')).toBe(true);
    for (const fragment of [
      '"metadata":{"user_id"',
      '"type":"image"',
      '"tool_result"',
      '"tool_calls"',
    ])
      expect(
        json.some((text) => text.includes(fragment)),
        fragment,
      ).toBe(true);

    // Only the scenario's models; max_tokens within each model's limit; thinking below it.
    const limits = new Map(scenario.models.map((m) => [m.name, m.maxOutputTokens]));
    for (const item of captured) {
      const body = item.request.body;
      const limit = limits.get(String(body['model']));
      expect(limit, String(body['model'])).toBeDefined();
      const max = Number(body['max_tokens'] ?? body['max_completion_tokens'] ?? 0);
      expect(max, item.actor.name).toBeLessThanOrEqual(limit ?? 0);
      const thinking = body['thinking'] as { budget_tokens: number } | undefined;
      if (thinking) expect(thinking.budget_tokens, item.actor.name).toBeLessThan(max);
    }

    // Nobody asks for the new model before its release.
    expect(captured.filter((item) => item.at < RELEASE_MS && onNewModel(item))).toEqual([]);
  });

  it('spreads one curriculum over the hydra, under 20 s per account, and pivots half of it', async () => {
    const { captured } = await servedMinute('redteam7');
    const hydra = of(captured, 'r7-syllabus');
    expectSpaced(hydra, 200, 20_000, 4);
    // Each account keeps its own client and exit, as a person would.
    expectFixedSeats(hydra);
    // Half its work on the new model once released.
    const late = hydra.filter(({ at }) => at > RELEASE_MS + 1_000);
    expectStrictlyBetween(shareOf(late, onNewModel), 0.35, 0.65);
  });

  it('marks the decoy chat’s own turns as cover, and no other actor’s request', async () => {
    const { captured } = await servedMinute('redteam7');
    expectCoverMarked(captured, ['r7-marbled']);
  });

  it('hides harvest asks in tool results and in decoy chats', async () => {
    const { captured } = await servedMinute('redteam7');
    // The research agent: no user turn asks for reasoning; fetched pages do.
    const agent = of(captured, 'r7-undertow');
    expect(agent.every((item) => userTurns(item).every((text) => !/step/i.test(text)))).toBe(true);
    const deep = agent.filter((item) => toolResults(item).length >= 2);
    expect(deep.length).toBeGreaterThan(agent.length * 0.3);
    expect(
      deep.filter((item) => toolResults(item).some((text) => /step/i.test(text))).length,
    ).toBeGreaterThan(deep.length * 0.9);
    // Each account keeps one tool set; the campaign uses two.
    const toolSets = distinct(agent, (item) => item.account, toolNames);
    expect(sizes(toolSets).every((size) => size === 1)).toBe(true);
    expect(new Set(agent.map(toolNames)).size).toBe(2);

    // Decoy chats: the opening is everyday chat; a share of the latest turns are slipped asks.
    const blend = of(captured, 'r7-marbled');
    const bridges = BRIDGES.map((bridge) => bridge.slice(0, 5).toLowerCase());
    const slipped = (text: string) => bridges.some((b) => text.toLowerCase().startsWith(b));
    expect(blend.every((item) => !slipped(firstTurn(item)))).toBe(true);
    expectStrictlyBetween(
      shareOf(blend, (item) => slipped(userTurns(item).at(-1) ?? '')),
      0.12,
      0.45,
    );

    // Tutoring coercion: multi-turn, the answer supplied, thinking or high effort on most.
    const tutoring = of(captured, 'r7-whiteboard');
    const withAnswer = tutoring.filter((item) =>
      /answer|anwser|respuesta|resposta|lösung|book says/i.test(firstTurn(item)),
    );
    expect(withAnswer.length).toBeGreaterThan(tutoring.length * 0.85);
    expect(tutoring.filter((item) => userTurns(item).length >= 2).length).toBeGreaterThan(
      tutoring.length * 0.4,
    );
    const reasoning = tutoring.filter(
      (item) =>
        item.request.body['thinking'] !== undefined ||
        item.request.body['reasoning_effort'] === 'high',
    );
    expect(reasoning.length).toBeGreaterThan(tutoring.length * 0.45);
  });

  it('runs a declared benchmark that never repeats, and the legitimate repeats it looks like', async () => {
    const { captured } = await servedMinute('redteam7');
    const repeatedAtLeast = (counts: Map<string, number>, times: number) =>
      [...counts.values()].filter((n) => n >= times).length;
    // The declared-eval campaign: every agent episode opens a new issue.
    const bench = of(captured, 'r7-leaderboard');
    const openings = bench.filter((item) => messagesOf(item).length === 2).map(firstTurn);
    expect(openings.length).toBeGreaterThan(20);
    expect(new Set(openings).size).toBe(openings.length);
    expect(bench.some((item) => item.at > RELEASE_MS && onNewModel(item))).toBe(true);

    // The CI suite sends the same fixture prompts run after run, over dozens of tool sets.
    const ci = of(captured, 'r7l-agentci');
    expect(new Set(ci.map(toolNames)).size).toBeGreaterThanOrEqual(30);
    expect(repeatedAtLeast(tally(ci, firstTurn), 3)).toBeGreaterThan(10);

    // The security team resends each probe five times.
    const probes = tally(
      of(captured, 'r7l-redcell'),
      (item) => `${item.account}|${JSON.stringify(messagesOf(item))}`,
    );
    expect(repeatedAtLeast(probes, 5)).toBeGreaterThan(5);

    // The studio sweeps one bark prompt over three temperatures at n = 4 and max_tokens.
    const barks = of(captured, 'r7l-npcforge').filter((item) => item.request.body['n'] === 4);
    expect(barks.every((item) => item.request.body['max_tokens'] === 16_384)).toBe(true);
    const temperatures = distinct(
      barks,
      (item) => JSON.stringify(messagesOf(item)),
      (item) => item.request.body['temperature'],
    );
    expect(sizes(temperatures).filter((size) => size === 3).length).toBeGreaterThan(10);

    // The support platform: thousands of end users behind six keys.
    const support = of(captured, 'r7l-switchboard');
    expect(new Set(support.map((item) => item.account)).size).toBeLessThanOrEqual(6);
    expect(new Set(support.map((item) => item.request.body['user'])).size).toBeGreaterThan(300);
  });

  it('moves the CLI users and early adopters to the new model, and ramps the cohorts', async () => {
    const { captured } = await servedMinute('redteam7');
    const cli = of(captured, 'r7l-shellmate');
    const version = (item: Captured) => /^shellmate\/(\S+)/.exec(item.request.userAgent)?.[1];
    expect(cli.filter((item) => item.at < RELEASE_MS).every((i) => version(i) === '1.8.4')).toBe(
      true,
    );
    expect(cli.every((item) => (version(item) === '1.9.0') === onNewModel(item))).toBe(true);
    const lateCli = cli.filter(({ at }) => at > RELEASE_MS + 20_000);
    expect(lateCli.filter(onNewModel).length).toBeGreaterThan(lateCli.length * 0.5);

    // Early adopters: the same viral prompts from many accounts, only after the release.
    const adopters = of(captured, 'r7l-earlybirds');
    const viral = adopters.filter((item) => VIRAL_PROMPTS.includes(firstTurn(item)));
    expect(viral.every(({ at }) => at >= RELEASE_MS)).toBe(true);
    expect(new Set(viral.map((item) => item.account)).size).toBeGreaterThanOrEqual(10);

    // Start-up cohorts (real and fake) ramp: the last 20 s well above the first 20 s.
    for (const name of ['r7l-cohort', 'r7-incubator']) {
      const items = of(captured, name);
      const first = items.filter(({ at }) => at < 20_000).length;
      const last = items.filter(({ at }) => at >= 40_000).length;
      expect(last, name).toBeGreaterThan(first * 1.5);
    }
  });

  it('replaces refused accounts from reserves and burns them for good', async () => {
    await expectReservesReplaceRefused(await load(), ['r7-syllabus', 'r7-phoenix']);
  });

  it('backs off on 429: never inside the Retry-After, and sharply for controllers', async () => {
    // Controllers and products cut their rate sharply.
    await expectBacksOff(await load(), [
      'r7l-switchboard',
      'r7l-clausework',
      'r7l-archive',
      'r7l-inkwell',
      'r7-syllabus',
      'r7-phoenix',
      'r7-leaderboard',
    ]);
  });
});
