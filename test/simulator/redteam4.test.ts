/**
 * The fourth red team's scenario builds the same actors and accounts for the same seed, and its
 * ground truth has the shape intended: eight `r4-` campaigns, 800–1,200 distiller accounts,
 * 450–600 legitimate ones, declared use only on the evaluation team, the labelling pipeline, the
 * research lab and the critique mill (which claims research use). A virtual minute checks that
 * every campaign harvests hundreds to a few thousand answers, that the wave sampler moves to the
 * new model after its release, and that the paraphrasing hydra brings in reserve accounts when
 * accounts are refused. No detection is involved.
 */
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/simulator/actor.ts';
import { groundTruth } from '../../src/simulator/ground-truth.ts';
import { buildActors, expectCoverMarked, expectSeeded, loadNamed } from './scenario-fixtures.ts';
import { runVirtually } from './virtual-clock.ts';

const load = (): Promise<Scenario> => loadNamed('redteam4');

const build = buildActors;

describe('redteam4 scenario', () => {
  it('builds the same actors and accounts for the same seed, other draws for another', async () => {
    expectSeeded(await load());
  });

  it('labels eight r4- campaigns and the legitimate accounts as intended', async () => {
    const truth = groundTruth(build(await load(), 1));
    const distillers = truth.actors.filter((actor) => actor.role === 'distiller');
    const campaigns = [...new Set(distillers.map((actor) => actor.campaign))].sort();
    expect(campaigns).toEqual([
      'r4-cellar',
      'r4-facade',
      'r4-ledger',
      'r4-loom',
      'r4-mosaic',
      'r4-prism',
      'r4-relay',
      'r4-tidal',
    ]);
    const legitimate = truth.actors.filter((actor) => actor.role === 'legitimate');
    expect(legitimate.every((actor) => actor.campaign === undefined)).toBe(true);
    const count = (actors: typeof truth.actors) =>
      actors.reduce((sum, actor) => sum + actor.accounts.length, 0);
    expect(count(distillers)).toBeGreaterThanOrEqual(800);
    expect(count(distillers)).toBeLessThanOrEqual(1_200);
    expect(count(legitimate)).toBeGreaterThanOrEqual(450);
    expect(count(legitimate)).toBeLessThanOrEqual(600);
    const ids = truth.accounts.map((account) => account.id);
    expect(new Set(ids).size).toBe(ids.length);
    const declared = truth.accounts.filter((account) => account.declaredUse !== undefined);
    expect(new Set(declared.map((account) => account.declaredUse))).toEqual(
      new Set(['eval', 'batch', 'research']),
    );
    const owners = new Set(declared.map((account) => account.owner));
    expect(owners).toEqual(
      new Set(['r4l-evals', 'r4l-labelling-batch', 'r4l-research', 'r4-ledger']),
    );
  });

  it('scales account counts with the scale option', async () => {
    const scenario = await load();
    const accounts = (scale: number) =>
      build(scenario, 1, scale).reduce((sum, actor) => sum + actor.accounts.length, 0);
    expect(accounts(0.5)).toBeLessThan(accounts(1) * 0.6);
    expect(accounts(2)).toBeGreaterThan(accounts(1) * 1.8);
  });

  it('harvests hundreds to a few thousand answers per campaign in a virtual minute', async () => {
    const scenario = await load();
    const actors = build(scenario, 1);
    const captured = await runVirtually(scenario, actors, 60_000);
    expectCoverMarked(captured, ['r4-mosaic']);
    const perCampaign = new Map<string, number>();
    for (const { actor } of captured)
      if (actor.campaign)
        perCampaign.set(actor.campaign, (perCampaign.get(actor.campaign) ?? 0) + 1);
    expect(perCampaign.size).toBe(8);
    for (const [campaign, count] of perCampaign) {
      expect(count, campaign).toBeGreaterThanOrEqual(300);
      expect(count, campaign).toBeLessThanOrEqual(4_000);
    }
    // The wave sampler never asks for the new model before its release and mostly does after.
    const tidal = captured.filter(({ actor }) => actor.campaign === 'r4-tidal');
    const model = (body: Record<string, unknown>) => body['model'];
    expect(
      tidal.filter(({ at, request }) => at < 25_000 && model(request.body) === 'atlas-3'),
    ).toHaveLength(0);
    const late = tidal.filter(({ at }) => at > 30_000);
    const onNew = late.filter(({ request }) => model(request.body) === 'atlas-3').length;
    expect(onNew / late.length).toBeGreaterThan(0.6);
  });

  it('replaces refused hydra accounts from its reserve', async () => {
    const scenario = await load();
    const actors = build(scenario, 1).filter((actor) => actor.name === 'r4-loom');
    const refused = new Set<string>();
    const captured = await runVirtually(scenario, actors, 60_000, ({ account }) => {
      // Every account is refused on its second request.
      const status = refused.has(account) ? 403 : 200;
      refused.add(account);
      return { status, outputTokens: 10, requestId: 'req_virtual', retryAfterMs: undefined };
    });
    const used = new Set(captured.map(({ account }) => account));
    expect(used.size).toBe(actors[0]?.accounts.length);
  });
});
