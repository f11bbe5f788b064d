import { describe, expect, it } from 'vitest';
import type { Account } from '../../../src/account/account.ts';
import { detectionSchema } from '../../../src/detection/detection-schema.ts';
import {
  compileDetection,
  type DetectionSettings,
} from '../../../src/detection/detection-settings.ts';
import {
  anyHarvestShape,
  END_USER_SCORE,
  endUserWindowKey,
  KEY_END_USERS_FACTOR,
  KeyClusterEndUsers,
} from '../../../src/detection/end-user-scope.ts';
import { Detector } from '../../../src/detection/engine.ts';
import { FACTOR_NAMES } from '../../../src/detection/factor-names.ts';
import type { Score } from '../../../src/detection/score.ts';
import { anthropic } from '../../../src/dialects/anthropic.ts';
import { INFERENCE_ROUTES, type Route } from '../../../src/dialects/routes.ts';
import { readRequestFacts } from '../../../src/signals/request-facts.ts';
import { createRng } from '../../../src/simulator/rng.ts';
import { testAccount } from '../../helpers/request-fixtures.ts';

const T0 = Date.parse('2027-03-01T00:00:00Z');
const MESSAGES = INFERENCE_ROUTES.get('/v1/messages') as Route;
const HEADERS = ['Host', 'api.example', 'User-Agent', 'Anthropic/Python 0.40.1'];
const BASELINES = {
  standard: {
    requests_per_minute: 20,
    input_tokens_per_minute: 2e4,
    output_tokens_per_minute: 1e4,
  },
  enterprise: {
    requests_per_minute: 6000,
    input_tokens_per_minute: 2e7,
    output_tokens_per_minute: 4e6,
  },
};

const settingsWith = (extra: Record<string, unknown> = {}): DetectionSettings =>
  compileDetection(
    detectionSchema.parse({
      window: '60s',
      models: [{ name: 'm-big', max_output_tokens: 8000 }],
      ...extra,
    }),
  );

const account = (id: string, fields: Partial<Account>): Account =>
  testAccount({ id, keyId: `key_${id}`, tier: 'standard', ageDays: 1, ...fields });

/** A verified reseller: old, in an org, on a high tier. */
const RESELLER = account('reseller', {
  org: 'org_router',
  tier: 'enterprise',
  ageDays: 400,
  verified: true,
});

const pick = <T>(random: () => number, list: readonly T[]): T =>
  list[Math.floor(random() * list.length)] as T;

const THINGS = ['farmer', 'train', 'bakery', 'library', 'factory', 'garden', 'school', 'harbour'];
const GOODS = ['apples', 'bolts', 'loaves', 'books', 'tiles', 'stones', 'coins', 'shells'];

/** One harvest template with varying fill-ins (no reasoning request in it). */
function harvestPrompt(random: () => number): string {
  return (
    // A detailed answer asked for, not the reasoning behind it: no elicitation. (The first
    // wording, "answer the following question completely and exhaustively with every relevant
    // detail … cover every option thoroughly", reads as a reasoning request to the elicitation
    // model: README, Intent models.) Eight fixed words lead in: the template's head.
    'Write a full and detailed reply for our logistics team about this: ' +
    `A ${pick(random, THINGS)} keeps ${1 + Math.floor(random() * 500)} ${pick(random, GOODS)} in storage; ` +
    `what are the best ways to move the ${pick(random, GOODS)} quickly? ` +
    'Cover all the options and end with a summary table of them.'
  );
}

const TOPICS = ['sourdough', 'my tomato plants', 'a trip to Lisbon', 'marathon training', 'my cat'];
const OPENERS = [
  (t: string) => `hey, quick question about ${t}`,
  (t: string) => `what do people usually get wrong about ${t}`,
  (t: string) => `Give me a short summary of ${t}.`,
  (t: string) => `My friend says ${t} is overrated. Thoughts?`,
];

function facts(
  settings: DetectionSettings,
  prompt: string,
  maxTokens: number,
  ip: string,
  endUser?: string,
) {
  const body: Record<string, unknown> = {
    model: 'm-big',
    max_tokens: maxTokens,
    messages: [{ role: 'user', content: prompt }],
    ...(endUser === undefined ? {} : { metadata: { user_id: endUser } }),
  };
  return readRequestFacts(
    anthropic,
    MESSAGES,
    body,
    JSON.stringify(body).length,
    { rawHeaders: HEADERS, ipPrefix: ip },
    settings,
  );
}

interface World {
  readonly settings: DetectionSettings;
  readonly detector: Detector;
  readonly random: () => number;
  now: number;
}

/**
 * 40 fresh accounts sending the harvest template at the model's maximum: a flagged hydra.
 * `maxTokensOf` (by request) spreads it over several harvest shapes, all at the maximum.
 */
function flaggedHydra(
  extra: Record<string, unknown> = {},
  maxTokensOf: (request: number) => number = () => 8000,
): World {
  const settings = settingsWith(extra);
  const world: World = {
    settings,
    detector: new Detector(settings, BASELINES),
    random: createRng(7).next,
    now: T0,
  };
  for (let round = 0; round < 4; round++)
    for (let i = 0; i < 40; i++) {
      world.now += 200;
      const maxTokens = maxTokensOf(round * 40 + i);
      const f = facts(settings, harvestPrompt(world.random), maxTokens, `198.51.${i}.0/24`);
      const who = account(`hydra-${i}`, {});
      world.detector.score(who, f, world.now);
      world.detector.observe(who, f, world.now);
      if (i % 10 === 9) world.detector.refresh(world.now);
    }
  expect(world.detector.stats(world.now).flaggedClusters).toBeGreaterThan(0);
  return world;
}

/** The reseller's request: scored, then folded in. */
function send(world: World, prompt: string, maxTokens: number, endUser: string): Score {
  world.now += 150;
  const f = facts(world.settings, prompt, maxTokens, '203.0.113.0/24', endUser);
  const score = world.detector.score(RESELLER, f, world.now);
  world.detector.observe(RESELLER, f, world.now);
  return score;
}

function legitimate(world: World, count: number): Score[] {
  const scores: Score[] = [];
  for (let i = 0; i < count; i++) {
    const prompt = pick(world.random, OPENERS)(pick(world.random, TOPICS));
    scores.push(send(world, prompt, 1024, `user-${i}`));
  }
  return scores;
}

const factor = (score: Score, name: string): number | undefined =>
  score.factors.find((f) => f.signal === name)?.value;

describe('end-user scope', () => {
  it('scores a harvesting end user inside a verified reseller high, and its other users low', () => {
    const run = (extra: Record<string, unknown>) => {
      const world = flaggedHydra(extra);
      const before = legitimate(world, 30);
      const harvest: Score[] = [];
      for (let i = 0; i < 6; i++)
        harvest.push(send(world, harvestPrompt(world.random), 8000, 'harvester-1'));
      return { world, before, harvest, after: legitimate(world, 30) };
    };
    const { world, before, harvest, after } = run({});

    // The harvester: high at its own scope from its first request (the flagged template's risk
    // reaches an unknown end user whole, and the request itself harvests like the cluster).
    for (const score of harvest) expect(factor(score, END_USER_SCORE)).toBeGreaterThanOrEqual(0.75);
    // The reseller's other users, before and after.
    for (const score of [...before, ...after])
      expect(factor(score, END_USER_SCORE) ?? 0).toBeLessThan(0.45);
    expect(world.detector.stats(world.now).endUsers).toBeGreaterThanOrEqual(28);
    // The account's own score, families and cluster are what they are without the scope.
    const off = run({ max_end_users: 0 });
    const strip = (score: Score) => ({
      ...score,
      factors: score.factors.filter((f) => !f.signal.startsWith('end_user.')),
    });
    expect([...before, ...harvest, ...after].map(strip)).toEqual(
      [...off.before, ...off.harvest, ...off.after].map(strip),
    );
  });

  it('catches end users rotated per request by content: flagged template plus harvesting', () => {
    const world = flaggedHydra();
    legitimate(world, 10);
    for (let i = 0; i < 8; i++) {
      const score = send(world, harvestPrompt(world.random), 8000, `rotated-${i}`);
      expect(factor(score, END_USER_SCORE)).toBeGreaterThanOrEqual(0.75);
    }
  });

  it('needs the request to behave like the cluster until several end users of the key send it', () => {
    const world = flaggedHydra();
    legitimate(world, 10);
    // The template without the harvesting parameter: sharing text alone is one family.
    const first = send(world, harvestPrompt(world.random), 1024, 'quiet-0');
    expect(factor(first, END_USER_SCORE)).toBeLessThanOrEqual(0.45);
    expect(factor(first, KEY_END_USERS_FACTOR)).toBeUndefined();
    send(world, harvestPrompt(world.random), 1024, 'quiet-1');
    send(world, harvestPrompt(world.random), 1024, 'quiet-2');
    // Three end users of this key have sent it: a cluster inside the key, its families count.
    const fourth = send(world, harvestPrompt(world.random), 1024, 'quiet-3');
    expect(factor(fourth, KEY_END_USERS_FACTOR)).toBeGreaterThanOrEqual(2.5);
    expect(factor(fourth, END_USER_SCORE)).toBeGreaterThanOrEqual(0.75);
  });

  it('weighs a harvest shape against the content link beside it, and takes the stronger', () => {
    const world = flaggedHydra();
    // A small crowd sending its own template at the model's maximum: a cluster of its own, less
    // risky than the hydra's harvest shape it also shares (the shape links every request at 8000).
    const crowd = (random: () => number): string =>
      `Translate this paragraph about ${pick(random, THINGS)} storage into formal German, ` +
      `keeping the ${1 + Math.floor(random() * 90)} figures exact and every unit unchanged.`;
    for (let round = 0; round < 3; round++)
      for (let i = 0; i < 4; i++) {
        world.now += 300;
        const f = facts(world.settings, crowd(world.random), 8000, `192.0.${i}.0/24`);
        const who = account(`crowd-${i}`, {});
        world.detector.score(who, f, world.now);
        world.detector.observe(who, f, world.now);
      }
    world.detector.refresh(world.now);
    legitimate(world, 10);
    // Text of its own at the maximum: the harvest shape is its only link, and it cannot count the
    // request's own harvesting parameter, so one family.
    const shapeOnly = send(world, 'Summarise the history of the printing press.', 8000, 'user-y');
    const shapeRisk = factor(shapeOnly, 'end_user.cluster.risk.harvest_shape') ?? 0;
    expect(factor(shapeOnly, END_USER_SCORE)).toBeLessThanOrEqual(0.45);
    // The crowd's template at the maximum: the shape is still the riskier link, but through the
    // template the request shows the cluster's harvesting itself — two families.
    const score = send(world, crowd(world.random), 8000, 'user-x');
    const content = score.factors.find((f) => /^end_user\.cluster\.risk\.template_/.test(f.signal));
    expect(content?.value).toBeGreaterThan(0);
    expect(content?.value).toBeLessThan(shapeRisk);
    expect(factor(score, 'end_user.cluster.risk.harvest_shape')).toBeUndefined();
    expect(factor(score, 'end_user.request.harvest')).toBe(1);
    expect(factor(score, END_USER_SCORE)).toBeGreaterThan(0.55);
  });

  it('counts the end users of a key across the harvest shapes a campaign sends from', () => {
    // Three shapes at the maximum (7,400, 7,700 and 8,000 of 8,000 tokens), each a flagged cluster.
    const SHAPES = [7400, 7700, 8000];
    const world = flaggedHydra({}, (request) => SHAPES[request % 3] ?? 8000);
    legitimate(world, 10);
    // New end users, each asking its own question at one of the shapes in turn: no content
    // link, and no one shape reaches three of the key's end users before the ninth.
    const scores = SHAPES.concat(SHAPES).map((maxTokens, i) =>
      send(
        world,
        `Summarise the history of the ${pick(world.random, THINGS)}.`,
        maxTokens,
        `s-${i}`,
      ),
    );
    for (const score of scores)
      expect(factor(score, 'end_user.cluster.risk.harvest_shape')).toBeGreaterThan(0);
    // The first three: a harvest shape cannot count the request's own parameters, one family.
    for (const score of scores.slice(0, 3)) {
      expect(factor(score, END_USER_SCORE)).toBeLessThanOrEqual(0.45);
      expect(factor(score, KEY_END_USERS_FACTOR)).toBeUndefined();
    }
    // Three end users of this key linked to the campaign's shapes, whichever: a cluster inside the
    // key, its families count. (Counted per shape, the fourth to sixth would each find one.)
    for (const score of scores.slice(3)) {
      expect(factor(score, KEY_END_USERS_FACTOR)).toBeGreaterThanOrEqual(2.5);
      expect(factor(score, END_USER_SCORE)).toBeGreaterThanOrEqual(0.75);
    }
  });

  it('does not score end users of an account naming fewer than three', () => {
    const world = flaggedHydra();
    for (let i = 0; i < 5; i++) {
      const score = send(world, harvestPrompt(world.random), 8000, `only-${i % 2}`);
      expect(factor(score, END_USER_SCORE)).toBeUndefined();
    }
    expect(world.detector.stats(world.now).endUsers).toBe(0);
  });

  it('max_end_users bounds the windows; 0 turns the scope off', () => {
    const bounded = flaggedHydra({ max_end_users: 50 });
    legitimate(bounded, 200);
    expect(bounded.detector.stats(bounded.now).endUsers).toBe(50);
    // An evicted end user's state place goes to the next newcomer: no more are carved than
    // were held at once (the 51st is taken before the oldest is evicted).
    const slab = (
      bounded.detector as unknown as { endUserScorer: { endUserStates: { places: number } } }
    ).endUserScorer.endUserStates;
    expect(slab.places).toBe(51);

    const off = flaggedHydra({ max_end_users: 0 });
    legitimate(off, 20);
    const score = send(off, harvestPrompt(off.random), 8000, 'harvester');
    expect(factor(score, END_USER_SCORE)).toBeUndefined();
    expect(off.detector.stats(off.now).endUsers).toBe(0);
  });

  it("reads a verified platform's one template and repeated prompts as its app's, at most half", () => {
    // A tutoring app: every student goes through one template, and this week's three homework
    // problems are asked again and again by different students.
    const problems = ['3x + 7 = 40', '5x - 2 = 18', '2x + 9 = 31'];
    const run = (who: Account, endUsers: boolean, requests = 80, extra = {}): Score => {
      const settings = settingsWith(extra);
      const detector = new Detector(settings, BASELINES);
      let now = T0;
      let score: Score | undefined;
      for (let i = 0; i < requests; i++) {
        now += 60_000 / requests; // the whole run inside one window
        const prompt = `Tutor mode. Student question: how do I solve ${problems[i % 3]}? Keep it friendly.`;
        const endUser = endUsers ? `student-${i}` : undefined;
        const f = facts(settings, prompt, 1024, '203.0.113.0/24', endUser);
        score = detector.score(who, f, now);
        detector.observe(who, f, now);
      }
      return score as Score;
    };
    const app = { ...RESELLER, id: 'tutor', keyId: 'key_tutor' };
    const contribution = (score: Score, name: string): number =>
      score.factors.find((f) => f.signal === name)?.contribution ?? 0;
    const shares = (score: Score) => [
      contribution(score, 'templates.top_share'),
      contribution(score, 'harvest.resent_share'),
    ];
    // The same traffic without end users, or from a key nobody verified: the key's own shares,
    // whole.
    const whole = shares(run(app, false));
    expect(whole[0]).toBeGreaterThan(0.2);
    expect(whole[1]).toBeGreaterThan(0.2);
    expect(shares(run({ ...app, verified: false }, true))).toEqual(whole);
    // A verified key naming a different student on every request: half of each is its app's —
    // and still so for a busy key, whose requests outnumber what the end-user sketch can count.
    // (The end-user scope off changes nothing of it: only the end-user factors.)
    for (const [requests, extra] of [
      [80, {}],
      [2000, {}],
      [80, { max_end_users: 0 }],
    ] as const) {
      const [templates, resent] = shares(run(app, true, requests, extra));
      expect(templates).toBeCloseTo((whole[0] ?? 0) / 2, 2);
      expect(resent).toBeGreaterThan(0);
      expect(resent).toBeLessThanOrEqual((whole[1] ?? 0) / 2 + 0.01);
    }
  });

  it('names every end-user factor from the closed vocabulary', () => {
    const world = flaggedHydra();
    const scores = [...legitimate(world, 10)];
    for (let i = 0; i < 12; i++)
      scores.push(send(world, harvestPrompt(world.random), i % 2 ? 8000 : 1024, `h-${i % 4}`));
    const names = new Set(scores.flatMap((score) => score.factors.map((f) => f.signal)));
    expect([...names].filter((name) => name.startsWith('end_user.')).length).toBeGreaterThan(2);
    for (const name of names) expect(FACTOR_NAMES.has(name), name).toBe(true);
  });
});

describe('KeyClusterEndUsers', () => {
  it('counts distinct end users per (account, cluster) over two windows, then forgets', () => {
    const sketches = new KeyClusterEndUsers(100);
    const window = 60_000;
    for (const user of [11, 22, 33, 22]) sketches.add(1, 7, user * 2654435761, T0, window);
    expect(sketches.count(1, 7, T0, window)).toBeCloseTo(3, 0);
    expect(sketches.count(2, 7, T0, window)).toBe(0);
    expect(sketches.count(1, 8, T0, window)).toBe(0);
    expect(sketches.count(1, 7, T0 + window, window)).toBeCloseTo(3, 0);
    expect(sketches.count(1, 7, T0 + 3 * window, window)).toBe(0);
  });

  it("keys each account's any-harvest-shape count apart, even where the sketch key's 20 account bits collide", () => {
    const a = 0x1234_5678;
    const b = 0x9874_5678; // the same low 20 bits
    expect(endUserWindowKey(a, 0)).toBe(endUserWindowKey(b, 0));
    expect(endUserWindowKey(a, anyHarvestShape(a))).not.toBe(
      endUserWindowKey(b, anyHarvestShape(b)),
    );
    // And so their counts: end users at one key's shapes are not the other's.
    const sketches = new KeyClusterEndUsers(100);
    for (const user of [11, 22, 33]) sketches.add(a, 7, user * 2654435761, T0, 60_000, true);
    expect(sketches.count(a, 9, T0, 60_000, true)).toBeCloseTo(3, 0);
    expect(sketches.count(a, 9, T0, 60_000)).toBe(0);
    expect(sketches.count(b, 9, T0, 60_000, true)).toBe(0);
  });

  it('keys (account, end user) pairs apart', () => {
    expect(endUserWindowKey(1, 2)).not.toBe(endUserWindowKey(2, 1));
    expect(Number.isSafeInteger(endUserWindowKey(0xffffffff, 0xffffffff))).toBe(true);
  });
});
