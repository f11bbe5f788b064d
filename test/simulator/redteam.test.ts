/**
 * The red-team scenario builds the same accounts for the same seed, its ground truth has the
 * roles and campaigns it declares, and its actors behave as designed on a virtual clock (nothing
 * is sent; no detector is involved).
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/simulator/actor.ts';
import { groundTruth } from '../../src/simulator/ground-truth.ts';
import { REDTEAM_CAMPAIGNS, scenario } from '../../src/simulator/redteam/index.ts';
import { createRng } from '../../src/simulator/rng.ts';
import { loadScenario } from '../../src/simulator/scenarios.ts';
import { runVirtually } from './virtual-clock.ts';
import { expectCoverMarked } from './scenario-fixtures.ts';

const build = (seed: number, scale = 1): Actor[] =>
  scenario.build(createRng(seed).fork('build'), { duration: 60_000, scale });

const accountsOf = (actors: readonly Actor[], role: string) =>
  actors.filter((actor) => actor.role === role).flatMap((actor) => actor.accounts);

describe('redteam scenario', () => {
  it('is registered under its name', async () => {
    const loaded = await loadScenario('redteam');
    expect(loaded.ok && loaded.scenario.name).toBe('redteam');
  });

  it('builds the same accounts for a seed and different ones for another seed', () => {
    const one = build(1);
    expect(build(1).flatMap((actor) => actor.accounts)).toEqual(one.flatMap((a) => a.accounts));
    const ids = new Set(one.flatMap((actor) => actor.accounts.map((account) => account.id)));
    const other = build(2).flatMap((actor) => actor.accounts.map((account) => account.id));
    expect(other.filter((id) => ids.has(id)).length).toBe(0);
  });

  it('has ground truth with the declared roles, campaigns and sizes', () => {
    const actors = build(1);
    const truth = groundTruth(actors);
    const ids = truth.accounts.map((account) => account.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^acct_[0-9a-z]{12}$/);
    const distillers = truth.actors.filter((actor) => actor.role === 'distiller');
    expect(Object.fromEntries(distillers.map((actor) => [actor.name, actor.campaign]))).toEqual(
      REDTEAM_CAMPAIGNS,
    );
    for (const actor of distillers)
      expect(actor.accounts.length, actor.name).toBeGreaterThanOrEqual(20);
    for (const actor of truth.actors.filter((a) => a.role === 'legitimate'))
      expect(actor.campaign, actor.name).toBeUndefined();
    const legit = accountsOf(actors, 'legitimate').length;
    const harvest = accountsOf(actors, 'distiller').length;
    expect(legit).toBeGreaterThanOrEqual(450);
    expect(legit).toBeLessThanOrEqual(550);
    expect(harvest).toBeGreaterThanOrEqual(800);
    expect(harvest).toBeLessThanOrEqual(1_000);
    // Declared use only where such a customer declares it; no campaign declares anything.
    const declared = truth.actors.filter((actor) =>
      actors
        .find((a) => a.name === actor.name)
        ?.accounts.some((account) => account.declaredUse !== undefined),
    );
    expect(declared.map((actor) => actor.name).sort()).toEqual([
      'labelling-startup',
      'research-group',
    ]);
    // At a small scale every actor is still there, and every hydra keeps ≥ 20 accounts.
    const small = build(1, 0.05);
    expect(small.map((actor) => actor.name)).toEqual(actors.map((actor) => actor.name));
    for (const actor of small.filter((a) => a.role === 'distiller'))
      expect(actor.accounts.length, actor.name).toBeGreaterThanOrEqual(20);
  });

  it('drives every actor deterministically, with the traits each persona is built on', async () => {
    const actors = build(3);
    const sent = await runVirtually(scenario, actors, 60_000);
    const again = await runVirtually(scenario, build(3), 60_000);
    // Only the chat mimic marks cover: its small-talk openers.
    expectCoverMarked(sent, ['chameleon-campaign']);
    const digest = (items: typeof sent) =>
      JSON.stringify(items.map((item) => [item.actor.name, item.account, item.at, item.request]));
    expect(digest(again)).toBe(digest(sent));

    const byActor = (name: string) => sent.filter((item) => item.actor.name === name);
    for (const actor of actors) {
      const mine = byActor(actor.name);
      expect(mine.length, actor.name).toBeGreaterThan(0);
      const own = new Set(actor.accounts.map((account) => account.id));
      expect(
        mine.every((item) => own.has(item.account)),
        actor.name,
      ).toBe(true);
    }
    const perSecond = sent.length / 60;
    expect(perSecond).toBeGreaterThan(70);
    expect(perSecond).toBeLessThan(200);

    // The paraphrasing hydra: first sentences of its prompts rarely repeat across accounts.
    const lead = (item: (typeof sent)[number]) => {
      const messages = item.request.body['messages'] as { content: unknown }[];
      return String(messages.at(-1)?.content).slice(0, 18);
    };
    const mosaic = byActor('mosaic-hydra');
    expect(new Set(mosaic.map(lead)).size).toBeGreaterThan(30);
    // Low and slow: at most six requests per account over the run.
    const drizzle = new Map<string, number>();
    for (const item of byActor('drizzle-hydra'))
      drizzle.set(item.account, (drizzle.get(item.account) ?? 0) + 1);
    expect(Math.max(...drizzle.values())).toBeLessThanOrEqual(6);
    expect(drizzle.size).toBeGreaterThan(250);
    // The class shares one campus address; the support bot serves many end users.
    expect(new Set(byActor('campus-class').map((item) => item.request.clientIp)).size).toBe(1);
    const users = byActor('support-bot').map(
      (item) => (item.request.body['metadata'] as { user_id: string }).user_id,
    );
    expect(new Set(users).size).toBeGreaterThan(40);
    // The agentic campaign keeps one tool set throughout.
    const toolSets = new Set(
      byActor('loom-campaign').map((item) => JSON.stringify(item.request.body['tools'])),
    );
    expect(toolSets.size).toBe(1);
  });

  it('retires a distiller account at its first 403', async () => {
    const actors = build(4).filter((actor) => actor.name === 'heirloom-campaign');
    const sent = await runVirtually(scenario, actors, 30_000, () => ({
      status: 403,
      outputTokens: 0,
      requestId: 'req_virtual',
      retryAfterMs: undefined,
    }));
    const counts = new Map<string, number>();
    for (const item of sent) counts.set(item.account, (counts.get(item.account) ?? 0) + 1);
    expect(counts.size).toBeGreaterThan(50);
    expect(Math.max(...counts.values())).toBe(1);
  });
});
