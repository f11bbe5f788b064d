/**
 * The sixth red team's scenario builds the same actors and accounts for the same seed, and its
 * ground truth has the shape intended: seven `r6-` campaigns, 800–1,200 distiller accounts,
 * thirteen legitimate personas with 450–650 accounts, declared use only on the evaluation
 * harness (eval), the newsroom batch (batch) and the judging campaign (eval, at most a tenth of
 * the distiller accounts), and one campaign that owns no account and borrows the router's keys.
 * A virtual minute checks the volume of every actor and the mechanics built in: the synthetic
 * users pivot to the new model after its release, the copied agent sends patchbay's exact tools
 * and prompt, shards of one project share a brief across many accounts, the coercion campaign
 * speaks every one of its languages, the router blend hides behind fresh end-user ids, refused
 * accounts are replaced from reserves, a refused shard is re-sent from another account, and
 * everyone backs off on 429. No detection is involved.
 */
import { describe, expect, it } from 'vitest';
import type { Scenario, SimResponse } from '../../src/simulator/actor.ts';
import { groundTruth } from '../../src/simulator/ground-truth.ts';
import { PATCHBAY_TOOLS } from '../../src/simulator/redteam6/products.ts';
import { COERCION } from '../../src/simulator/redteam6/vocab-multilingual.ts';
import { buildActors, expectSeeded, loadNamed, userTurnTexts } from './scenario-fixtures.ts';
import { runVirtually, type Captured } from './virtual-clock.ts';

const load = (): Promise<Scenario> => loadNamed('redteam6');

const NEW_MODEL = 'auk-5';
const RELEASE_MS = 27_000;
const TIERS = new Set(['free', 'default', 'standard', 'scale', 'enterprise']);

const ok = (): SimResponse => ({
  status: 200,
  outputTokens: 10,
  requestId: 'req_virtual',
  retryAfterMs: undefined,
});

/** The text of a request's user turns (string contents and text blocks), in either dialect. */
function userText(captured: Captured): string {
  return userTurnTexts(captured).join('\n');
}

/** The system prompt, in either dialect. */
function systemOf(captured: Captured): string | undefined {
  const system = captured.request.body['system'];
  if (typeof system === 'string') return system;
  const messages = (captured.request.body['messages'] ?? []) as {
    role: string;
    content: unknown;
  }[];
  const first = messages.find((message) => message.role === 'system');
  return typeof first?.content === 'string' ? first.content : undefined;
}

function toolNames(captured: Captured): string[] {
  const tools = (captured.request.body['tools'] ?? []) as {
    name?: string;
    function?: { name: string };
  }[];
  return tools.map((tool) => tool.name ?? tool.function?.name ?? '').sort();
}

const model = (item: Captured): unknown => item.request.body['model'];

describe('redteam6 scenario', () => {
  it('builds the same actors and accounts for the same seed, other draws for another', async () => {
    expectSeeded(await load());
  });

  it('labels seven r6- campaigns and thirteen legitimate personas as intended', async () => {
    const actors = buildActors(await load(), 1);
    const truth = groundTruth(actors);
    const distillers = truth.actors.filter((actor) => actor.role === 'distiller');
    expect([...new Set(distillers.map((actor) => actor.campaign))].sort()).toEqual([
      'r6-glasshouse',
      'r6-jury',
      'r6-lateral',
      'r6-polyglot',
      'r6-sidecar',
      'r6-tessellate',
      'r6-understudy',
    ]);
    const legitimate = truth.actors.filter((actor) => actor.role === 'legitimate');
    expect(legitimate).toHaveLength(13);
    expect(legitimate.every((actor) => actor.campaign === undefined)).toBe(true);
    expect(legitimate.every((actor) => actor.name.startsWith('r6l-'))).toBe(true);
    const count = (list: typeof truth.actors) =>
      list.reduce((sum, actor) => sum + actor.accounts.length, 0);
    const distillerAccounts = count(distillers);
    expect(distillerAccounts).toBeGreaterThanOrEqual(800);
    expect(distillerAccounts).toBeLessThanOrEqual(1_200);
    expect(count(legitimate)).toBeGreaterThanOrEqual(450);
    expect(count(legitimate)).toBeLessThanOrEqual(650);

    const ids = truth.accounts.map((account) => account.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => id.startsWith('acct_r6'))).toBe(true);
    const specs = actors.flatMap((actor) => actor.accounts);
    expect(specs.every((spec) => TIERS.has(spec.tier))).toBe(true);
    expect(specs.every((spec) => spec.ageDays > 0)).toBe(true);

    // Declared use: the eval harness, the newsroom batch, and the judging campaign (≤ 10 %).
    const declared = truth.accounts.filter((account) => account.declaredUse !== undefined);
    expect(new Set(declared.map((account) => account.declaredUse))).toEqual(
      new Set(['eval', 'batch']),
    );
    expect(new Set(declared.map((account) => account.owner))).toEqual(
      new Set(['r6l-evalsuite', 'r6l-nightly', 'r6-jury']),
    );
    const declaredDistillers = declared.filter((account) => account.owner === 'r6-jury');
    expect(declaredDistillers.length).toBeGreaterThan(0);
    expect(declaredDistillers.length).toBeLessThanOrEqual(distillerAccounts * 0.1);

    // Only the router blend borrows, and only the router's keys; it owns none.
    const borrowers = truth.actors.filter((actor) => actor.borrows.length > 0);
    expect(borrowers.map((actor) => actor.name)).toEqual(['r6-sidecar']);
    const router = truth.actors.find((actor) => actor.name === 'r6l-bazaar');
    expect(borrowers[0]?.borrows).toEqual(router?.accounts);
    expect(borrowers[0]?.accounts).toHaveLength(0);
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
    const perActor = new Map<string, number>();
    const perCampaign = new Map<string, number>();
    for (const { actor } of captured) {
      perActor.set(actor.name, (perActor.get(actor.name) ?? 0) + 1);
      if (actor.campaign)
        perCampaign.set(actor.campaign, (perCampaign.get(actor.campaign) ?? 0) + 1);
    }
    expect(perCampaign.size).toBe(7);
    for (const [campaign, sent] of perCampaign) {
      expect(sent, campaign).toBeGreaterThanOrEqual(300);
      expect(sent, campaign).toBeLessThanOrEqual(4_000);
    }
    // Every legitimate persona sends a sensible amount: a couple of hundred to about a thousand.
    const legitimate = actors.filter((actor) => actor.role === 'legitimate');
    for (const actor of legitimate) {
      expect(perActor.get(actor.name) ?? 0, actor.name).toBeGreaterThanOrEqual(150);
      expect(perActor.get(actor.name) ?? 0, actor.name).toBeLessThanOrEqual(1_500);
    }
    expect(captured.length / 60).toBeGreaterThan(150);
    expect(captured.length / 60).toBeLessThan(250);
    // Both dialects, streaming, thinking, tools and images all occur.
    const bodies = captured.map((item) => item.request.body);
    expect(new Set(captured.map((item) => item.request.dialect))).toEqual(
      new Set(['anthropic', 'openai']),
    );
    expect(bodies.some((body) => body['stream'] === true)).toBe(true);
    expect(bodies.some((body) => body['thinking'] !== undefined)).toBe(true);
    expect(bodies.some((body) => JSON.stringify(body).includes('"image_url"'))).toBe(true);
    expect(bodies.some((body) => JSON.stringify(body).includes('"type":"image"'))).toBe(true);

    // Nobody asks for the new model before its release.
    expect(captured.filter((item) => item.at < RELEASE_MS && model(item) === NEW_MODEL)).toEqual(
      [],
    );
  });

  it('moves the synthetic users to the new model after its release, faster and with reserves', async () => {
    const scenario = await load();
    const actors = buildActors(scenario, 1).filter((actor) => actor.name === 'r6-lateral');
    const captured = await runVirtually(scenario, actors, 60_000);
    const early = captured.filter(({ at }) => at < RELEASE_MS);
    const late = captured.filter(({ at }) => at > RELEASE_MS + 6_000);
    const share = late.filter((item) => model(item) === NEW_MODEL).length / late.length;
    expect(share).toBeGreaterThan(0.55);
    expect(late.length / (60_000 - RELEASE_MS - 6_000)).toBeGreaterThan(
      (1.5 * early.length) / RELEASE_MS,
    );
    // Reserve accounts (the surge) appear only after the pivot.
    const reserves = captured.filter(({ account }) => account.startsWith('acct_r6lateralr_'));
    expect(reserves.length).toBeGreaterThan(0);
    expect(reserves.every(({ at }) => at > RELEASE_MS)).toBe(true);
  });

  it('copies patchbay exactly, and shards one project brief over many accounts', async () => {
    const scenario = await load();
    const actors = buildActors(scenario, 1);
    const captured = await runVirtually(scenario, actors, 60_000);
    const of = (name: string) => captured.filter(({ actor }) => actor.name === name);

    // The copied agent: patchbay's tools, system prompt and user agent, on fewer releases.
    const clone = of('r6-understudy');
    const real = of('r6l-patchbay');
    const names = PATCHBAY_TOOLS.map((tool) => tool.name).sort();
    expect(clone.every((item) => JSON.stringify(toolNames(item)) === JSON.stringify(names))).toBe(
      true,
    );
    expect(real.every((item) => JSON.stringify(toolNames(item)) === JSON.stringify(names))).toBe(
      true,
    );
    const head = (item: Captured) => systemOf(item)?.split('<environment>')[0];
    expect(new Set([...clone, ...real].map(head)).size).toBe(1);
    const release = (item: Captured) => /^patchbay\/(\S+)/.exec(item.request.userAgent)?.[1];
    expect(clone.every((item) => release(item) !== undefined)).toBe(true);
    expect(new Set(clone.map(release)).size).toBeLessThanOrEqual(2);
    expect(new Set(real.map(release)).size).toBeGreaterThanOrEqual(4);

    // Sharded projects: a brief reaches many accounts, and accounts serve many briefs.
    const shards = of('r6-tessellate');
    const accountsPerBrief = new Map<string, Set<string>>();
    const briefsPerAccount = new Map<string, Set<string>>();
    for (const item of shards) {
      const brief = systemOf(item) ?? '';
      accountsPerBrief.set(brief, (accountsPerBrief.get(brief) ?? new Set()).add(item.account));
      briefsPerAccount.set(
        item.account,
        (briefsPerAccount.get(item.account) ?? new Set()).add(brief),
      );
    }
    const wide = [...accountsPerBrief.values()].filter((set) => set.size >= 8);
    expect(wide.length).toBeGreaterThan(accountsPerBrief.size * 0.5);
    const busy = [...briefsPerAccount.values()].filter((set) => set.size >= 2);
    expect(busy.length).toBeGreaterThan(briefsPerAccount.size * 0.5);

    // Coercion in every language of the campaign.
    const polyglot = of('r6-polyglot').map(userText).join('\n');
    for (const [language, templates] of Object.entries(COERCION)) {
      const openings = templates.map((template) => template.slice(0, 6));
      expect(
        openings.some((opening) => polyglot.includes(opening)),
        language,
      ).toBe(true);
    }

    // The router blend: only the router's keys, the router's id format, almost never repeated,
    // while the router's own end users come back.
    const blend = of('r6-sidecar');
    const router = of('r6l-bazaar');
    const routerKeys = new Set(router.map((item) => item.account));
    expect(blend.every((item) => routerKeys.has(item.account))).toBe(true);
    const users = (items: Captured[]) => items.map((item) => String(item.request.body['user']));
    expect(users(blend).every((user) => /^bzu_[0-9a-f]{12}$/.test(user))).toBe(true);
    expect(users(router).every((user) => /^bzu_[0-9a-f]{12}$/.test(user))).toBe(true);
    const unique = (list: string[]) => new Set(list).size / list.length;
    expect(unique(users(blend))).toBeGreaterThan(0.75);
    expect(unique(users(router))).toBeLessThan(unique(users(blend)) - 0.15);
    expect(blend.every((item) => item.request.userAgent === router[0]?.request.userAgent)).toBe(
      true,
    );
  });

  it('replaces refused accounts from reserves and re-sends refused shards elsewhere', async () => {
    const scenario = await load();
    const refusing = (captured: Captured): SimResponse => {
      seen.set(captured.account, (seen.get(captured.account) ?? 0) + 1);
      // Every account is refused from its second request on.
      return (seen.get(captured.account) ?? 0) >= 2 ? { ...ok(), status: 403 } : ok();
    };
    const seen = new Map<string, number>();
    for (const name of ['r6-understudy', 'r6-lateral']) {
      seen.clear();
      const actors = buildActors(scenario, 1).filter((actor) => actor.name === name);
      const captured = await runVirtually(scenario, actors, 60_000, refusing);
      const used = new Set(captured.map(({ account }) => account));
      expect(used.size, name).toBe(actors[0]?.accounts.length);
      // A burned account is not used again after its refusal (at most one more in flight).
      expect(Math.max(...seen.values()), name).toBeLessThanOrEqual(3);
    }

    // Tessellate: every account's first request is refused; the shard comes back from another.
    seen.clear();
    const shards = buildActors(scenario, 1).filter((actor) => actor.name === 'r6-tessellate');
    const captured = await runVirtually(scenario, shards, 20_000, (item) => {
      const first = !seen.has(item.account);
      seen.set(item.account, 1);
      return first ? { ...ok(), status: 403 } : ok();
    });
    const senders = new Map<string, Set<string>>();
    for (const item of captured) {
      const key = `${systemOf(item) ?? ''}\n${userText(item)}`;
      senders.set(key, (senders.get(key) ?? new Set()).add(item.account));
    }
    expect([...senders.values()].filter((set) => set.size >= 2).length).toBeGreaterThan(10);
  });

  it('backs off when rate limited instead of hammering', async () => {
    const scenario = await load();
    const limited = await runVirtually(scenario, buildActors(scenario, 1), 30_000, () => ({
      ...ok(),
      status: 429,
      outputTokens: 0,
      retryAfterMs: 5_000,
    }));
    const served = await runVirtually(scenario, buildActors(scenario, 1), 30_000);
    expect(limited.length).toBeLessThan(served.length * 0.7);
    // The declared-eval campaign behaves like a polite harness: it slows down sharply.
    const jury = (items: Captured[]) => items.filter(({ actor }) => actor.name === 'r6-jury');
    expect(jury(limited).length).toBeLessThan(jury(served).length * 0.6);
  });
});
