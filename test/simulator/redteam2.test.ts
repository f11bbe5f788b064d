/**
 * The second red team's scenario builds the same actors and accounts for the same seed, and its
 * ground truth has the shape intended: eight `r2-` campaigns, ~1,000 distiller accounts (a
 * rotating reserve included), ~460 legitimate ones, declared use only on evaluation, batch and
 * research accounts (and a third of the rubric mill's). No detection is involved.
 */
import { describe, expect, it } from 'vitest';
import { groundTruth } from '../../src/simulator/ground-truth.ts';
import type { Scenario } from '../../src/simulator/actor.ts';
import { buildActors, loadNamed } from './scenario-fixtures.ts';
import { runVirtually } from './virtual-clock.ts';

const load = (): Promise<Scenario> => loadNamed('redteam2');

const build = buildActors;

describe('redteam2 scenario', () => {
  it('builds the same actors and accounts for the same seed, other draws for another', async () => {
    const scenario = await load();
    const a = groundTruth(build(scenario, 1));
    expect(groundTruth(build(scenario, 1))).toEqual(a);
    const specs = (seed: number) => build(scenario, seed).flatMap((actor) => actor.accounts);
    expect(specs(1)).toEqual(specs(1));
    expect(specs(2)).not.toEqual(specs(1));
  });

  it('labels eight r2- campaigns and the legitimate personas as intended', async () => {
    const scenario = await load();
    const actors = build(scenario, 1);
    const truth = groundTruth(actors);
    const distillers = truth.actors.filter((actor) => actor.role === 'distiller');
    const legitimate = truth.actors.filter((actor) => actor.role === 'legitimate');
    const campaigns = new Set(distillers.map((actor) => actor.campaign));
    expect([...campaigns].sort()).toEqual([
      'r2-hydra-swarm',
      'r2-polyglot-cot',
      'r2-rubric-mill',
      'r2-shadow-router',
      'r2-shard-sweep',
      'r2-sleeper-vision',
      'r2-slow-pivot',
      'r2-toolsmith',
    ]);
    const count = (list: typeof truth.actors) =>
      list.reduce((sum, actor) => sum + actor.accounts.length, 0);
    // 180 + 105 + 80 + (260 active + 110 reserve) + 110 + 8 + 200 + 70
    expect(count(distillers)).toBe(1123);
    expect(count(legitimate)).toBe(461);
    expect(new Set(legitimate.map((actor) => actor.persona)).size).toBe(11);
    // The blended actor owns no account: it sends through the router's keys.
    const blend = distillers.find((actor) => actor.name === 'r2-shadow-router-blend');
    const router = legitimate.find((actor) => actor.persona === 'reseller');
    expect(blend?.accounts).toEqual([]);
    expect(blend?.borrows).toEqual(router?.accounts);
    const declared = truth.accounts.filter((account) => account.declaredUse !== undefined);
    const legitimateIds = new Set(legitimate.flatMap((actor) => actor.accounts));
    expect(declared.filter((account) => legitimateIds.has(account.id))).toHaveLength(10 + 6 + 14);
    expect(new Set(truth.accounts.map((account) => account.id)).size).toBe(truth.accounts.length);
    // Scale multiplies account counts.
    expect(count(groundTruth(build(scenario, 1, 2)).actors)).toBeGreaterThan(3_000);
  });

  it('has every campaign harvest hundreds of requests in a virtual minute', async () => {
    const scenario = await load();
    const actors = build(scenario, 1);
    const captured = await runVirtually(scenario, actors, 60_000);
    const perCampaign = new Map<string, number>();
    for (const item of captured)
      if (item.actor.role === 'distiller') {
        const campaign = item.actor.campaign ?? item.actor.name;
        perCampaign.set(campaign, (perCampaign.get(campaign) ?? 0) + 1);
      }
    expect(perCampaign.size).toBe(8);
    for (const [campaign, requests] of perCampaign) {
      expect(requests, campaign).toBeGreaterThanOrEqual(300);
      expect(requests, campaign).toBeLessThanOrEqual(3_000);
    }
    // About 150 requests a second in all (the simulator's default cap is 500).
    expect(captured.length).toBeGreaterThan(6_000);
    expect(captured.length).toBeLessThan(12_000);
    const known = new Set(scenario.models.map((model) => model.name));
    for (const item of captured) expect(known.has(String(item.request.body['model']))).toBe(true);
  });

  it('replaces every refused swarm account from its reserve', async () => {
    const scenario = await load();
    const actors = build(scenario, 1);
    const refused = (account: string) => account.startsWith('acct_r2swarm_');
    const captured = await runVirtually(scenario, actors, 60_000, (item) => ({
      status: refused(item.account) ? 403 : 200,
      outputTokens: 10,
      requestId: 'req_virtual',
      retryAfterMs: undefined,
    }));
    const swarm = captured.filter((item) => item.actor.name === 'r2-hydra-swarm');
    const used = new Set(swarm.map((item) => item.account));
    // Each account stops at its first 403; all 110 reserves get used.
    expect(swarm.length).toBe(used.size);
    expect(used.size).toBe(370);
  });
});
