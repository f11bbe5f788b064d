/**
 * The fifth red team's scenario builds the same actors and accounts for the same seed, and its
 * ground truth has the shape intended: seven `r5-` campaigns, 800–1,200 distiller accounts,
 * 450–650 legitimate ones, declared use only on the evaluation harness (eval), the claims batch
 * (batch) and the grading campaign, which claims research use. A virtual minute checks that every
 * campaign sends hundreds to a few thousand requests, that the pivoting campaign moves to the new
 * model after its release and brings in reserve accounts when accounts are refused, that the
 * public-item sampler covers the whole bank, and that the bootcamp cohort and the sampler share
 * items word for word. No detection is involved.
 */
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/simulator/actor.ts';
import { groundTruth } from '../../src/simulator/ground-truth.ts';
import { BENCH } from '../../src/simulator/redteam5/vocab.ts';
import { buildActors, expectCoverMarked, expectSeeded, loadNamed } from './scenario-fixtures.ts';
import { runVirtually, type Captured } from './virtual-clock.ts';

const load = (): Promise<Scenario> => loadNamed('redteam5');

const NEW_MODEL = 'kestrel-4';
const RELEASE_MS = 24_000;

/** The text of a request's user turns, in either dialect. */
function userText(captured: Captured): string {
  const messages = (captured.request.body['messages'] ?? []) as {
    role: string;
    content: unknown;
  }[];
  return messages
    .filter((message) => message.role === 'user')
    .map((message) => (typeof message.content === 'string' ? message.content : ''))
    .join('\n');
}

describe('redteam5 scenario', () => {
  it('builds the same actors and accounts for the same seed, other draws for another', async () => {
    expectSeeded(await load());
  });

  it('labels seven r5- campaigns and the legitimate accounts as intended', async () => {
    const truth = groundTruth(buildActors(await load(), 1));
    const distillers = truth.actors.filter((actor) => actor.role === 'distiller');
    const campaigns = [...new Set(distillers.map((actor) => actor.campaign))].sort();
    expect(campaigns).toEqual([
      'r5-assay',
      'r5-chorus',
      'r5-storefront',
      'r5-syllabus',
      'r5-toolsmith',
      'r5-vanguard',
      'r5-workbook',
    ]);
    const legitimate = truth.actors.filter((actor) => actor.role === 'legitimate');
    expect(legitimate).toHaveLength(12);
    expect(legitimate.every((actor) => actor.campaign === undefined)).toBe(true);
    const count = (actors: typeof truth.actors) =>
      actors.reduce((sum, actor) => sum + actor.accounts.length, 0);
    expect(count(distillers)).toBeGreaterThanOrEqual(800);
    expect(count(distillers)).toBeLessThanOrEqual(1_200);
    expect(count(legitimate)).toBeGreaterThanOrEqual(450);
    expect(count(legitimate)).toBeLessThanOrEqual(650);
    const ids = truth.accounts.map((account) => account.id);
    expect(new Set(ids).size).toBe(ids.length);
    const declared = truth.accounts.filter((account) => account.declaredUse !== undefined);
    expect(new Set(declared.map((account) => account.declaredUse))).toEqual(
      new Set(['eval', 'batch', 'research']),
    );
    expect(new Set(declared.map((account) => account.owner))).toEqual(
      new Set(['r5l-evals', 'r5l-claims', 'r5-assay']),
    );
    expect(truth.actors.every((actor) => actor.borrows.length === 0)).toBe(true);
  });

  it('scales account counts with the scale option', async () => {
    const scenario = await load();
    const accounts = (scale: number) =>
      buildActors(scenario, 1, scale).reduce((sum, actor) => sum + actor.accounts.length, 0);
    expect(accounts(0.5)).toBeLessThan(accounts(1) * 0.6);
    expect(accounts(2)).toBeGreaterThan(accounts(1) * 1.8);
  });

  it('sends hundreds to a few thousand requests per campaign in a virtual minute', async () => {
    const scenario = await load();
    const actors = buildActors(scenario, 1);
    const captured = await runVirtually(scenario, actors, 60_000);
    expectCoverMarked(captured, ['r5-storefront']);
    const perCampaign = new Map<string, number>();
    for (const { actor } of captured)
      if (actor.campaign)
        perCampaign.set(actor.campaign, (perCampaign.get(actor.campaign) ?? 0) + 1);
    expect(perCampaign.size).toBe(7);
    for (const [campaign, count] of perCampaign) {
      expect(count, campaign).toBeGreaterThanOrEqual(300);
      expect(count, campaign).toBeLessThanOrEqual(4_000);
    }
    // Every legitimate persona sends too, and the whole stays near 150–250 requests a second.
    const legitimateActors = new Set(
      captured.filter(({ actor }) => actor.role === 'legitimate').map(({ actor }) => actor.name),
    );
    expect(legitimateActors.size).toBe(12);
    expect(captured.length / 60).toBeGreaterThan(120);
    expect(captured.length / 60).toBeLessThan(280);

    // Nobody asks for the new model before its release.
    const model = (item: Captured) => item.request.body['model'];
    expect(
      captured.filter((item) => item.at < RELEASE_MS && model(item) === NEW_MODEL),
    ).toHaveLength(0);
    // The pivoting campaign moves most of its traffic there afterwards, and speeds up.
    const vanguard = captured.filter(({ actor }) => actor.campaign === 'r5-vanguard');
    const late = vanguard.filter(({ at }) => at > RELEASE_MS + 5_000);
    const early = vanguard.filter(({ at }) => at < RELEASE_MS);
    expect(late.filter((item) => model(item) === NEW_MODEL).length / late.length).toBeGreaterThan(
      0.6,
    );
    expect(late.length / (60_000 - RELEASE_MS - 5_000)).toBeGreaterThan(
      (3 * early.length) / RELEASE_MS,
    );

    // The public-item sampler covers the whole bank, and the cohort's items are among them.
    const syllabus = captured.filter(({ actor }) => actor.campaign === 'r5-syllabus');
    const cohort = captured.filter(({ actor }) => actor.name === 'r5l-cohort');
    const sampled = syllabus.map(userText).join('\n');
    expect(BENCH.every((item) => sampled.includes(item.text))).toBe(true);
    const asked = cohort.map(userText).join('\n');
    expect(BENCH.filter((item) => asked.includes(item.text)).length).toBeGreaterThanOrEqual(5);

    // The SaaS front carries an end-user id on every request, almost never the same one twice.
    const storefront = captured.filter(({ actor }) => actor.campaign === 'r5-storefront');
    const users = storefront.map((item) => item.request.body['user']);
    expect(users.every((user) => typeof user === 'string')).toBe(true);
    expect(new Set(users).size / users.length).toBeGreaterThan(0.8);

    // The copied agent and the real one send the same tool set under the same agent name.
    const toolNames = (item: Captured) =>
      JSON.stringify(
        ((item.request.body['tools'] ?? []) as { name: string }[]).map((tool) => tool.name),
      );
    const toolsmith = captured.filter(({ actor }) => actor.campaign === 'r5-toolsmith');
    const forge = captured.filter(({ actor }) => actor.name === 'r5l-forge');
    expect(toolsmith[0] && toolNames(toolsmith[0])).toBe(forge[0] && toolNames(forge[0]));
    expect(toolsmith.every((item) => item.request.userAgent.startsWith('forge-cli/'))).toBe(true);
  });

  it('replaces refused pivot-campaign accounts from its reserve', async () => {
    const scenario = await load();
    const actors = buildActors(scenario, 1).filter((actor) => actor.name === 'r5-vanguard');
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

  it('backs off when rate limited instead of hammering', async () => {
    const scenario = await load();
    const actors = buildActors(scenario, 1);
    const limited = await runVirtually(scenario, actors, 30_000, () => ({
      status: 429,
      outputTokens: 0,
      requestId: 'req_virtual',
      retryAfterMs: 5_000,
    }));
    const served = await runVirtually(scenario, buildActors(scenario, 1), 30_000);
    expect(limited.length).toBeLessThan(served.length);
  });
});
