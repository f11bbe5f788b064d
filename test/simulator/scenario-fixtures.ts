/**
 * What the scenario tests share: a scenario loaded by name (failing the test when it is not
 * available), its actors built the way `distillguard simulate` builds them for a seed, seed 1 run
 * on a virtual clock (answered as a test says; one served minute shared by the tests that only
 * read it), and readers of what it sent: a captured request's messages, user turns, tools and
 * model, and counts over requests, accounts and actors.
 */
import { expect } from 'vitest';
import type { Actor, Role, Scenario, SimRequest, SimResponse } from '../../src/simulator/actor.ts';
import { runVirtually, type Captured } from './virtual-clock.ts';
import { groundTruth, type GroundTruth } from '../../src/simulator/ground-truth.ts';
import { createRng } from '../../src/simulator/rng.ts';
import { isCoverRequest } from '../../src/simulator/cover.ts';
import { loadScenario } from '../../src/simulator/scenarios.ts';

export async function loadNamed(name: string): Promise<Scenario> {
  const loaded = await loadScenario(name);
  if (!loaded.ok) throw new Error(loaded.message);
  return loaded.scenario;
}

/** The actors of a 60 s run of `scenario` for `seed` (the runner's `build` fork). */
export function buildActors(scenario: Scenario, seed: number, scale = 1): Actor[] {
  return scenario.build(createRng(seed).fork('build'), { duration: 60_000, scale });
}

/** The same seed builds the same actors and accounts; another seed draws other accounts. */
export function expectSeeded(scenario: Scenario): void {
  expect(groundTruth(buildActors(scenario, 1))).toEqual(groundTruth(buildActors(scenario, 1)));
  const specs = (seed: number) => buildActors(scenario, seed).flatMap((actor) => actor.accounts);
  expect(specs(1)).toEqual(specs(1));
  expect(specs(2)).not.toEqual(specs(1));
}

/**
 * The texts of a captured request's user turns, in either dialect: string contents and text
 * blocks (joined by spaces); a turn of other blocks only (tool results, images) gives ''.
 */
export function userTurnTexts(captured: Captured): string[] {
  const messages = (captured.request.body['messages'] ?? []) as {
    role: string;
    content: unknown;
  }[];
  return messages
    .filter((message) => message.role === 'user')
    .map((message) =>
      typeof message.content === 'string'
        ? message.content
        : Array.isArray(message.content)
          ? (message.content as { type?: string; text?: string }[])
              .filter((block) => block.type === 'text')
              .map((block) => block.text ?? '')
              .join(' ')
          : '',
    );
}

// ---------------------------------------------------------------------------------------------
// Running seed 1

/** A served response; `status` and the rest override it (a 429, a 403…). */
export const respond = (status = 200, rest: Partial<SimResponse> = {}): SimResponse => ({
  status,
  outputTokens: 10,
  requestId: 'req_virtual',
  retryAfterMs: undefined,
  ...rest,
});

/** Seed 1's actors for `ms` of virtual time, answered by `answer` (served by default). */
export function runSeed1(
  scenario: Scenario,
  ms: number,
  answer?: (captured: Captured) => SimResponse,
): Promise<Captured[]> {
  return runVirtually(scenario, buildActors(scenario, 1), ms, answer);
}

const minutes = new Map<string, Promise<{ scenario: Scenario; captured: Captured[] }>>();

/** One served virtual minute of the scenario `name` (seed 1), run once for the tests that read it. */
export function servedMinute(name: string): Promise<{ scenario: Scenario; captured: Captured[] }> {
  let minute = minutes.get(name);
  if (!minute) {
    minute = (async () => {
      const scenario = await loadNamed(name);
      return { scenario, captured: await runSeed1(scenario, 60_000) };
    })();
    minutes.set(name, minute);
  }
  return minute;
}

/**
 * Cover (isCoverRequest: ground truth for the report) is marked by the actors of `mixers` and no
 * other, each marking some of its requests and not all; none of them is a legitimate actor's, and
 * no body carries it.
 */
export function expectCoverMarked(
  sent: readonly { readonly actor: Actor; readonly request: SimRequest }[],
  mixers: readonly string[],
): void {
  const cover = sent.filter(({ request }) => isCoverRequest(request));
  expect(new Set(cover.map(({ actor }) => actor.name))).toEqual(new Set(mixers));
  expect(cover.filter(({ actor }) => actor.role !== 'distiller')).toEqual([]);
  // Ground truth only: never part of what is sent.
  expect(sent.filter(({ request }) => 'cover' in request.body)).toEqual([]);
  for (const name of mixers) {
    const mine = sent.filter(({ actor }) => actor.name === name);
    expect(cover.filter(({ actor }) => actor.name === name).length, name).toBeLessThan(mine.length);
  }
}

/** The requests the actor `name` sent. */
export const of = (captured: Captured[], name: string): Captured[] =>
  captured.filter(({ actor }) => actor.name === name);

// ---------------------------------------------------------------------------------------------
// Reading requests

/** A message in either dialect (tool calls and results as the chat dialect carries them). */
export type Message = {
  role: string;
  content: unknown;
  tool_calls?: { id: string }[];
  tool_call_id?: string;
};

export const messagesOf = (item: Captured): Message[] =>
  (item.request.body['messages'] ?? []) as Message[];

/** The texts of a request's user turns (strings and text blocks; tool results left out). */
export function userTurns(item: Captured): string[] {
  return userTurnTexts(item).filter((text) => text !== '');
}

export const firstTurn = (item: Captured): string => userTurns(item)[0] ?? '';

/** The names of a request's tools, in either dialect, sorted and comma-joined. */
export function toolNames(item: Captured): string {
  const tools = (item.request.body['tools'] ?? []) as {
    name?: string;
    function?: { name: string };
  }[];
  return tools
    .map((tool) => tool.name ?? tool.function?.name ?? '')
    .sort()
    .join(',');
}

export const model = (item: Captured): unknown => item.request.body['model'];

// ---------------------------------------------------------------------------------------------
// Counting

/** How many accounts the actors (or their ground truth) hold between them. */
export const accountCount = (actors: readonly { accounts: readonly unknown[] }[]): number =>
  actors.reduce((sum, actor) => sum + actor.accounts.length, 0);

export const withRole = (truth: GroundTruth, role: Role): GroundTruth['actors'] =>
  truth.actors.filter((actor) => actor.role === role);

/** How many items fall under each key. */
export function tally<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const name = key(item);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}

/** The distinct values seen under each key. */
export function distinct<T, V>(
  items: readonly T[],
  key: (item: T) => string,
  value: (item: T) => V,
): Map<string, Set<V>> {
  const seen = new Map<string, Set<V>>();
  for (const item of items) {
    const name = key(item);
    seen.set(name, (seen.get(name) ?? new Set<V>()).add(value(item)));
  }
  return seen;
}

/** How many distinct values each key has. */
export const sizes = <V>(seen: Map<string, Set<V>>): number[] =>
  [...seen.values()].map((set) => set.size);

/** Each account's send times, in order, and the gaps between them. */
export function gapsPerAccount(
  items: readonly Captured[],
): Map<string, { ats: number[]; gaps: number[] }> {
  const times = new Map<string, number[]>();
  for (const item of items) times.set(item.account, [...(times.get(item.account) ?? []), item.at]);
  return new Map(
    [...times].map(([account, ats]) => [
      account,
      { ats, gaps: ats.slice(1).map((at, i) => at - (ats[i] ?? 0)) },
    ]),
  );
}

/**
 * At least `accounts` accounts among `items`, each sending again only `gap` ms or more after its
 * last request (and, when `most` is given, no more than `most` requests). Returns each account's
 * send times and gaps.
 */
export function expectSpaced(
  items: readonly Captured[],
  accounts: number,
  gap: number,
  most = Infinity,
): Map<string, { ats: number[]; gaps: number[] }> {
  const perAccount = gapsPerAccount(items);
  expect(perAccount.size).toBeGreaterThanOrEqual(accounts);
  for (const [account, { ats, gaps }] of perAccount) {
    expect(ats.length, account).toBeLessThanOrEqual(most);
    for (const between of gaps) expect(between, account).toBeGreaterThanOrEqual(gap);
  }
  return perAccount;
}

/** Each account among `items` keeps one client and one exit throughout, as a person would. */
export function expectFixedSeats(items: readonly Captured[]): void {
  const fingerprints = distinct(
    items,
    (item) => item.account,
    (item) => `${item.request.userAgent}|${item.request.clientIp}`,
  );
  expect(sizes(fingerprints).every((size) => size === 1)).toBe(true);
}

export const shareOf = <T>(items: readonly T[], test: (item: T) => boolean): number =>
  items.filter(test).length / items.length;

export function expectWithin(value: number, min: number, max: number, label?: string): void {
  expect(value, label).toBeGreaterThanOrEqual(min);
  expect(value, label).toBeLessThanOrEqual(max);
}

// ---------------------------------------------------------------------------------------------
// Reacting to refusals

/**
 * Each campaign of `names` alone for a virtual minute of seed 1, served and then refused from
 * every account's second request on: served, it leaves its reserve alone (under 90 % of its
 * accounts used); refused, every reserve account joins and none sends after its refusal. Returns
 * each campaign's refused run.
 */
export async function expectReservesReplaceRefused(
  scenario: Scenario,
  names: readonly string[],
): Promise<Map<string, Captured[]>> {
  const runs = new Map<string, Captured[]>();
  const seen = new Map<string, number>();
  // Every account is refused from its second request on.
  const refusing = (captured: Captured): SimResponse => {
    seen.set(captured.account, (seen.get(captured.account) ?? 0) + 1);
    return (seen.get(captured.account) ?? 0) >= 2 ? respond(403) : respond();
  };
  const accountsUsed = (items: Captured[]) => new Set(items.map(({ account }) => account)).size;
  for (const name of names) {
    seen.clear();
    const actors = buildActors(scenario, 1).filter((actor) => actor.name === name);
    const served = await runVirtually(scenario, actors, 60_000);
    const refused = await runVirtually(scenario, actors, 60_000, refusing);
    const total = accountCount(actors);
    expect(accountsUsed(served), name).toBeLessThan(total * 0.9);
    expect(accountsUsed(refused), name).toBe(total);
    expect(Math.max(...seen.values()), name).toBeLessThanOrEqual(2);
    runs.set(name, refused);
  }
  return runs;
}

/**
 * Seed 1 for 30 virtual seconds with every request answered 429 (Retry-After 5 s), beside a
 * served run: under 60 % of the served volume, no account sending again within 5 s of a 429
 * (requests already in flight aside), and each actor of `controllers` under half its served
 * volume. Returns the limited run.
 */
export async function expectBacksOff(
  scenario: Scenario,
  controllers: readonly string[],
): Promise<Captured[]> {
  const limited = await runSeed1(scenario, 30_000, () =>
    respond(429, { outputTokens: 0, retryAfterMs: 5_000 }),
  );
  const served = await runSeed1(scenario, 30_000);
  expect(limited.length).toBeLessThan(served.length * 0.6);
  for (const [account, { gaps }] of gapsPerAccount(limited))
    for (const gap of gaps.filter((gap) => gap > 0))
      expect(gap, account).toBeGreaterThanOrEqual(5_000);
  for (const name of controllers)
    expect(of(limited, name).length, name).toBeLessThan(of(served, name).length * 0.5);
  return limited;
}

// ---------------------------------------------------------------------------------------------
// A red team's cast

/** The tiers config/simulate.yaml configures. */
export const TIERS = new Set(['free', 'default', 'standard', 'scale', 'enterprise']);

/**
 * The cast of a later red team (seed 1) as intended: exactly `campaigns` (each actor named after
 * its campaign) and `people` legitimate personas named `<team>l-`, 800–1,100 distiller accounts,
 * 450–600 legitimate ones, a hydra of at least 200; opaque ids (`acct_<team>_` and ten
 * characters) unique scenario-wide, configured tiers, positive ages; declared use exactly as
 * `declared` (owner → uses) and on every account of those owners; nobody borrowing another
 * actor's keys. Returns what the scenario's own checks read.
 */
export function expectCast(
  actors: readonly Actor[],
  cast: {
    readonly team: string;
    readonly campaigns: readonly string[];
    readonly people: number;
    readonly declared: Readonly<Record<string, readonly string[]>>;
  },
): { truth: GroundTruth; distillers: GroundTruth['actors']; people: GroundTruth['actors'] } {
  const truth = groundTruth(actors);
  const distillers = withRole(truth, 'distiller');
  expect([...new Set(distillers.map((actor) => actor.campaign))].sort()).toEqual(cast.campaigns);
  expect(distillers.every((actor) => actor.name === actor.campaign)).toBe(true);
  const people = withRole(truth, 'legitimate');
  expect(people).toHaveLength(cast.people);
  expect(people.every((actor) => actor.campaign === undefined)).toBe(true);
  expect(people.every((actor) => actor.name.startsWith(`${cast.team}l-`))).toBe(true);
  expectWithin(accountCount(distillers), 800, 1_100);
  expectWithin(accountCount(people), 450, 600);
  // At least one hydra of 200 accounts or more.
  expect(Math.max(...distillers.map((actor) => actor.accounts.length))).toBeGreaterThanOrEqual(200);

  // Opaque ids, unique scenario-wide.
  const ids = truth.accounts.map((account) => account.id);
  expect(new Set(ids).size).toBe(ids.length);
  const pattern = new RegExp(`^acct_${cast.team}_[a-z0-9]{10}$`);
  expect(ids.every((id) => pattern.test(id))).toBe(true);
  const specs = actors.flatMap((actor) => actor.accounts);
  expect(specs.every((spec) => TIERS.has(spec.tier))).toBe(true);
  expect(specs.every((spec) => spec.ageDays > 0)).toBe(true);

  const declared = truth.accounts.filter((account) => account.declaredUse !== undefined);
  const uses = distinct(
    declared,
    (account) => account.owner,
    (account) => account.declaredUse,
  );
  expect(Object.fromEntries([...uses].map(([owner, set]) => [owner, [...set]]))).toEqual(
    cast.declared,
  );
  // The declared owners declare on every account.
  for (const owner of uses.keys())
    expect(
      truth.accounts.filter((account) => account.owner === owner && !account.declaredUse),
    ).toHaveLength(0);
  // Nobody borrows another actor's keys.
  expect(truth.actors.every((actor) => actor.borrows.length === 0)).toBe(true);
  return { truth, distillers, people };
}

/** Account counts follow the scale option: under 0.6× at half scale, over 1.8× at double. */
export function expectScaled(scenario: Scenario): void {
  const atScale = (scale: number) => accountCount(buildActors(scenario, 1, scale));
  expect(atScale(0.5)).toBeLessThan(atScale(1) * 0.6);
  expect(atScale(2)).toBeGreaterThan(atScale(1) * 1.8);
}
