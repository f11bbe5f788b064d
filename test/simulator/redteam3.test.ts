/**
 * The third red team's scenario builds the same actors and accounts for the same seed, and its
 * ground truth has the shape intended: seven `r3-` campaigns, 700–1,200 distiller accounts, about
 * 400–600 legitimate ones, declared use only on evaluation, batch and research accounts (and on
 * the rubric mill, which claims eval use). A virtual minute checks that every campaign harvests
 * hundreds to a few thousand answers. No detection is involved.
 */
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/simulator/actor.ts';
import { groundTruth } from '../../src/simulator/ground-truth.ts';
import { buildActors, expectCoverMarked, expectSeeded, loadNamed } from './scenario-fixtures.ts';
import { runVirtually } from './virtual-clock.ts';

const load = (): Promise<Scenario> => loadNamed('redteam3');

const build = buildActors;

describe('redteam3 scenario', () => {
  it('builds the same actors and accounts for the same seed, other draws for another', async () => {
    expectSeeded(await load());
  });

  it('labels seven r3- campaigns and the legitimate accounts as intended', async () => {
    const truth = groundTruth(build(await load(), 1));
    const distillers = truth.actors.filter((actor) => actor.role === 'distiller');
    const campaigns = [...new Set(distillers.map((actor) => actor.campaign))].sort();
    expect(campaigns).toEqual([
      'r3-assay',
      'r3-babel',
      'r3-forge',
      'r3-leap',
      'r3-tide',
      'r3-undertow',
      'r3-velvet',
    ]);
    const owner = new Map(truth.actors.map((actor) => [actor.name, actor]));
    const role = (id: string) =>
      owner.get(truth.accounts.find((a) => a.id === id)?.owner ?? '')?.role;
    const ids = truth.accounts.map((account) => account.id);
    const distillerAccounts = ids.filter((id) => role(id) === 'distiller');
    const legitimateAccounts = ids.filter((id) => role(id) === 'legitimate');
    expect(distillerAccounts).toHaveLength(860);
    expect(legitimateAccounts).toHaveLength(488);
    expect(new Set(ids).size).toBe(ids.length);
    const declared = truth.accounts.filter((account) => account.declaredUse !== undefined);
    expect(new Set(declared.map((account) => account.declaredUse))).toEqual(
      new Set(['eval', 'batch', 'research']),
    );
    // The blended campaign owns nothing: it sends through the router's keys.
    const undertow = distillers.find((actor) => actor.campaign === 'r3-undertow');
    expect(undertow?.accounts).toEqual([]);
    expect(undertow?.borrows).toEqual(owner.get('r3l-router')?.accounts);
  });

  it('harvests hundreds to a few thousand answers per campaign in a virtual minute', async () => {
    const scenario = await load();
    const actors = build(scenario, 1);
    const captured = await runVirtually(scenario, actors, 60_000);
    expectCoverMarked(captured, ['r3-tide']);
    const perCampaign = new Map<string, number>();
    for (const { actor } of captured)
      if (actor.campaign)
        perCampaign.set(actor.campaign, (perCampaign.get(actor.campaign) ?? 0) + 1);
    expect(perCampaign.size).toBe(7);
    for (const [campaign, count] of perCampaign) {
      expect(count, campaign).toBeGreaterThanOrEqual(200);
      expect(count, campaign).toBeLessThanOrEqual(4_000);
    }
    // The pivot campaign moves to the new model after its release, the forge never does.
    const leap = captured.filter(({ actor }) => actor.campaign === 'r3-leap');
    const late = leap.filter(({ at }) => at > 40_000);
    const onNew = late.filter(({ request }) => request.body['model'] === 'orca-4.5').length;
    expect(onNew / late.length).toBeGreaterThan(0.3);
    expect(
      leap.filter(({ at, request }) => at < 20_000 && request.body['model'] === 'orca-4.5'),
    ).toHaveLength(0);
  });
});
