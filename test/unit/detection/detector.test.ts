import { FACTOR_NAMES } from '../../../src/detection/factor-names.ts';
import { createRng } from '../../../src/simulator/rng.ts';
import { describe, expect, it } from 'vitest';
import { settingsWith } from '../../helpers/detector-traffic.ts';
import type { Account } from '../../../src/account/account.ts';
import type { TierBaseline } from '../../../src/account/accounts-schema.ts';
import type { DetectionSettings } from '../../../src/detection/detection-settings.ts';
import type { ClusterView } from '../../../src/detection/cluster.ts';
import { SINGLE_FAMILY_CAP } from '../../../src/detection/combine-score.ts';
import { Detector } from '../../../src/detection/engine.ts';
import { ZERO_SCORE, type Score } from '../../../src/detection/score.ts';
import { openai } from '../../../src/dialects/openai.ts';
import { INFERENCE_ROUTES, type Route } from '../../../src/dialects/routes.ts';
import { passthroughFacts, type RequestFacts } from '../../../src/signals/request-facts.ts';
import { messagesFacts } from '../../helpers/request-fixtures.ts';

/** What the pipeline does per request: decide (read only), then fold the request in. */
function scoreAndObserve(d: Detector, who: Account, facts: RequestFacts, now: number): Score {
  const score = d.score(who, facts, now);
  d.observe(who, facts, now);
  return score;
}

const T0 = Date.parse('2027-03-01T00:00:00Z');
const CHAT = INFERENCE_ROUTES.get('/v1/chat/completions') as Route;
const FLAG = 0.75;

const BASELINES: Readonly<Record<string, TierBaseline>> = {
  standard: {
    requests_per_minute: 20,
    input_tokens_per_minute: 20_000,
    output_tokens_per_minute: 10_000,
  },
};

function account(id: string, fields: Partial<Account> = {}): Account {
  return {
    id,
    org: undefined,
    tier: 'standard',
    credential: 'api_key',
    keyId: `key_${id}`,
    createdAt: undefined,
    ageDays: 400,
    verified: true,
    programme: undefined,
    labels: [],
    declaredUse: undefined,
    override: undefined,
    ...fields,
  };
}

const SDK_HEADERS = [
  'Host',
  'api.example',
  'User-Agent',
  'Anthropic/Python 0.40.1',
  'Content-Type',
  'application/json',
  'anthropic-version',
  '2023-06-01',
];

function anthropicFacts(
  settings: DetectionSettings,
  body: Record<string, unknown>,
  ipPrefix: string,
  rawHeaders: readonly string[] = SDK_HEADERS,
): RequestFacts {
  return messagesFacts(body, settings, rawHeaders, ipPrefix);
}

const pick = <T>(random: () => number, list: readonly T[]): T =>
  list[Math.floor(random() * list.length)] as T;

// --- hydra: one template, varying fill-ins -----------------------------------------------------

const ITEMS = ['farmer', 'train', 'bakery', 'library', 'factory', 'garden', 'school', 'harbour'];
const UNITS = ['boxes', 'crates', 'baskets', 'shelves', 'wagons', 'sacks', 'barrels', 'trays'];
const GOODS = ['apples', 'bolts', 'loaves', 'books', 'tiles', 'stones', 'coins', 'shells'];

function hydraPrompt(random: () => number): string {
  const n = 1 + Math.floor(random() * 500);
  return (
    'Solve the following problem step by step and show your full reasoning before the final answer. ' +
    `A ${pick(random, ITEMS)} has ${n} ${pick(random, UNITS)} and each holds ${n + 7} ${pick(random, GOODS)}; ` +
    `how many ${pick(random, GOODS)} are there in total? ` +
    'Write out every intermediate step of the derivation and then give the final answer on its own line.'
  );
}

function hydraBody(random: () => number): Record<string, unknown> {
  return {
    model: 'm-big',
    max_tokens: 8000,
    messages: [{ role: 'user', content: hydraPrompt(random) }],
  };
}

const hydraAccount = (i: number): Account =>
  account(`hydra-${i}`, { ageDays: 1, verified: false, org: undefined });

interface HydraRun {
  detector: Detector;
  scores: Score[];
  lastRound: Score[];
  now: number;
}

function runHydra(settings: DetectionSettings, rounds = 5, accounts = 40): HydraRun {
  const detector = new Detector(settings, BASELINES);
  const random = createRng(1234).next;
  const scores: Score[] = [];
  let lastRound: Score[] = [];
  let now = T0;
  let ip = 0;
  for (let round = 0; round < rounds; round++) {
    lastRound = [];
    for (let i = 0; i < accounts; i++) {
      now += 250;
      const facts = anthropicFacts(settings, hydraBody(random), `198.51.${ip++ % 250}.0/24`);
      const score = scoreAndObserve(detector, hydraAccount(i), facts, now);
      scores.push(score);
      lastRound.push(score);
      if ((round * accounts + i) % 10 === 9) detector.refresh(now);
    }
  }
  return { detector, scores, lastRound, now };
}

// --- legitimate: diverse natural prompts -------------------------------------------------------

const TOPICS = [
  'sourdough bread',
  'my tomato plants',
  'the French revolution',
  'a birthday party for my niece',
  'learning the guitar',
  'our quarterly budget',
  'a trip to Lisbon',
  'my cat sneezing',
  'marathon training',
  'a cover letter',
  'composting at home',
  'the stock market',
  'renaissance painting',
  'fixing a leaky tap',
  'my thesis introduction',
  'saving for retirement',
];
const OPENERS = [
  (t: string) => `hey, quick question about ${t}`,
  (t: string) => `Can you help me think of ideas for ${t}?`,
  (t: string) => `what do people usually get wrong about ${t}`,
  (t: string) => `I've been stuck on ${t} all week. Any advice?`,
  (t: string) => `Give me a short summary of ${t}.`,
  (t: string) => `Is it normal that ${t} takes so long?`,
  (t: string) => `write two sentences about ${t} for a newsletter`,
  (t: string) => `Compare a few options for ${t}, keep it brief`,
  (t: string) => `My friend says ${t} is overrated. Thoughts?`,
  (t: string) => `Explain ${t} like I'm five`,
];
const TAILS = [
  '',
  ' Thanks!',
  ' I only have ten minutes.',
  ' Please keep it casual.',
  ' Bullet points are fine.',
  ' No need for details.',
];

function naturalPrompt(random: () => number): string {
  return pick(random, OPENERS)(pick(random, TOPICS)) + pick(random, TAILS);
}

function naturalBody(random: () => number): Record<string, unknown> {
  return {
    model: 'm-big',
    max_tokens: pick(random, [512, 1024, 2048]),
    messages: [{ role: 'user', content: naturalPrompt(random) }],
  };
}

interface Traffic {
  scores: Score[];
  detector: Detector;
}

/** Accounts sending at human pace (20–60 s apart) in a global time order, with refreshes. */
function runHuman(
  settings: DetectionSettings,
  accounts: readonly Account[],
  ipOf: (index: number) => string,
  perAccount: number,
  seed: number,
): Traffic {
  const detector = new Detector(settings, BASELINES);
  const random = createRng(seed).next;
  const next = accounts.map(() => T0 + Math.floor(random() * 30_000));
  const left = accounts.map(() => perAccount);
  const scores: Score[] = [];
  let lastRefresh = T0;
  for (;;) {
    let best = -1;
    for (let i = 0; i < accounts.length; i++)
      if ((left[i] ?? 0) > 0 && (best < 0 || (next[i] ?? 0) < (next[best] ?? 0))) best = i;
    if (best < 0) break;
    const now = next[best] ?? T0;
    if (now - lastRefresh >= 1000) {
      detector.refresh(now);
      lastRefresh = now;
    }
    const facts = anthropicFacts(settings, naturalBody(random), ipOf(best));
    scores.push(scoreAndObserve(detector, accounts[best] as Account, facts, now));
    left[best] = (left[best] ?? 0) - 1;
    next[best] = now + 20_000 + Math.floor(random() * 40_000);
  }
  return { scores, detector };
}

function expectSingleFamilyCap(scores: readonly Score[]): void {
  for (const score of scores) {
    if (score.value > SINGLE_FAMILY_CAP) expect(score.families.length).toBeGreaterThanOrEqual(2);
  }
}

describe('Detector: hydra', () => {
  const settings = settingsWith();
  const run = runHydra(settings);

  it('scores later hydra requests high, through the cluster family', () => {
    for (const score of run.lastRound) {
      expect(score.value).toBeGreaterThanOrEqual(FLAG);
      expect(score.families).toContain('cluster');
      expect(score.factors.some((f) => f.signal.startsWith('cluster.risk.'))).toBe(true);
    }
    expectSingleFamilyCap(run.scores);
  });

  it('names every factor from the closed vocabulary policy rules are checked against', () => {
    const young = runHuman(
      settings,
      [account('young', { ageDays: 1 })],
      () => '192.0.2.0/24',
      30,
      5,
    );
    const seen = new Set(
      [...run.scores, ...young.scores].flatMap((score) => score.factors.map((f) => f.signal)),
    );
    expect(seen.size).toBeGreaterThan(5);
    expect([...seen].filter((signal) => !FACTOR_NAMES.has(signal))).toEqual([]);
  });

  it('lists a flagged cluster', () => {
    const top = run.detector.topClusters(run.now, 10);
    expect(top.length).toBeGreaterThan(0);
    const flagged = top.filter((c) => c.flagged);
    expect(flagged.length).toBeGreaterThan(0);
    for (const c of flagged) {
      expect(c.risk).toBeGreaterThan(0);
      expect(c.accounts).toBeGreaterThanOrEqual(3);
    }
    // Sorted by risk, descending.
    for (let k = 1; k < top.length; k++)
      expect(top[k]?.risk ?? 0).toBeLessThanOrEqual(top[k - 1]?.risk ?? 0);
    const stats = run.detector.stats(run.now);
    expect(stats.flaggedClusters).toBeGreaterThan(0);
    expect(stats.accounts).toBe(40);
  });

  it('counts an escalation as clusters reach the flag: a first request scores high once it has', () => {
    // The campaign's first requests, each its account's first, as its clusters form.
    const detector = new Detector(settings, BASELINES);
    const random = createRng(4321).next;
    let now = T0;
    const first: { member: Account; facts: RequestFacts; score: Score; seen: number }[] = [];
    for (let i = 0; i < 40; i++) {
      now += 250;
      const facts = anthropicFacts(settings, hydraBody(random), `198.51.${i}.0/24`);
      const seen = detector.escalations();
      const score = scoreAndObserve(detector, hydraAccount(i), facts, now);
      first.push({ member: hydraAccount(i), facts, score, seen });
    }
    detector.refresh(now);
    const total = detector.escalations();
    expect(total).toBeGreaterThanOrEqual(detector.stats(now).flaggedClusters);
    // Decided low before an escalation: scored again now, as the in-flight re-check does, each
    // scores at the flag. (The escalation count is what tells the re-check to look.)
    const early = first.filter(({ score, seen }) => score.value < FLAG && seen < total);
    expect(early.length).toBeGreaterThanOrEqual(5);
    for (const { member, facts } of early)
      expect(detector.score(member, facts, now).value).toBeGreaterThanOrEqual(FLAG);
    // A refresh that flags nothing new counts nothing more.
    detector.refresh(now + 250);
    expect(detector.escalations()).toBe(total);
  });

  it('scores a fresh rotated account high on its first request (fingerprints stay flagged)', () => {
    const random = createRng(999).next;
    const now = run.now + 1000;
    const fresh = account('hydra-fresh', { ageDays: 1, verified: false });
    const score = scoreAndObserve(
      run.detector,
      fresh,
      anthropicFacts(settings, hydraBody(random), '192.0.2.0/24'),
      now,
    );
    expect(score.value).toBeGreaterThanOrEqual(FLAG);
    expect(score.families).toContain('cluster');
  });

  it('keeps the flag after the hydra goes quiet for several windows (flag_ttl)', () => {
    const now = run.now + 5 * 60_000;
    run.detector.refresh(now);
    const fresh = account('hydra-fresh-2', { ageDays: 0, verified: false });
    const score = scoreAndObserve(
      run.detector,
      fresh,
      anthropicFacts(settings, hydraBody(createRng(5).next), '192.0.2.0/24'),
      now,
    );
    expect(score.value).toBeGreaterThanOrEqual(FLAG);
  });

  it('is deterministic: two detectors fed the same sequence give identical scores', () => {
    // `run.detector` has seen more traffic in the tests above: compare two fresh runs.
    const first = runHydra(settings);
    const second = runHydra(settings);
    expect(second.scores).toEqual(first.scores);
    expect(first.scores).toEqual(run.scores);
    expect(second.detector.topClusters(second.now, 10)).toEqual(
      first.detector.topClusters(first.now, 10),
    );
    expect(second.detector.stats(second.now)).toEqual(first.detector.stats(first.now));
  });
});

describe('Detector: legitimate traffic', () => {
  const settings = settingsWith();

  it('40 old, verified accounts with diverse prompts at human pace stay below the flag', () => {
    const accounts = Array.from({ length: 40 }, (_, i) =>
      account(`user-${i}`, {
        ageDays: 400,
        verified: i % 2 === 0,
        org: i % 2 === 0 ? undefined : `org-${i}`,
      }),
    );
    const { scores } = runHuman(settings, accounts, (i) => `100.64.${i}.0/24`, 8, 77);
    expect(scores.length).toBe(320);
    for (const score of scores) expect(score.value).toBeLessThan(FLAG);
    expectSingleFamilyCap(scores);
  });

  it('one company: 30 accounts of one org behind one IP prefix stay below the flag', () => {
    const accounts = Array.from({ length: 30 }, (_, i) =>
      account(`acme-${i}`, { org: 'acme', ageDays: 200 + i, verified: true }),
    );
    const { scores, detector } = runHuman(settings, accounts, () => '203.0.113.0/24', 8, 78);
    for (const score of scores) expect(score.value).toBeLessThan(FLAG);
    expectSingleFamilyCap(scores);
    expect(detector.stats(T0 + 3_600_000).flaggedClusters).toBe(0);
    expect(detector.escalations()).toBe(0);
  });
});

describe('Detector: one organisation’s cohort', () => {
  const settings = settingsWith();

  const student = (i: number, org: string | undefined): Account =>
    account(`student-${i}`, { ageDays: 2, verified: false, org });

  /**
   * 40 young accounts send the hydra's prompts five times each (a class pasting one exercise and
   * asking for the working), in `org` (undefined: in none); `senders(round, i)` says who sends
   * each request of the class's turn (the student alone, someone else instead, or others beside).
   * Returns the riskiest cluster's risk at the end, and a student's next score.
   */
  function classRun(
    org: string | undefined,
    senders: (round: number, i: number) => readonly Account[] = (_, i) => [student(i, org)],
    probe: Account = student(0, org),
  ): { risk: number; cohort: number | null; next: Score } {
    const detector = new Detector(settings, BASELINES);
    const random = createRng(4321).next;
    const facts = () => anthropicFacts(settings, hydraBody(random), '198.51.7.0/24');
    let now = T0;
    for (let round = 0; round < 5; round++)
      for (let i = 0; i < 40; i++) {
        now += 250;
        for (const who of senders(round, i)) scoreAndObserve(detector, who, facts(), now);
        if (i % 10 === 9) detector.refresh(now);
      }
    detector.refresh(now);
    const top = detector.topClusters(now, 50);
    const riskiest = top.reduce<ClusterView | undefined>(
      (best, cluster) => (best === undefined || cluster.risk > best.risk ? cluster : best),
      undefined,
    );
    return {
      risk: riskiest?.risk ?? 0,
      // The riskiest cluster's cohort share, as the admin API lists it (null: no org's cohort).
      cohort: riskiest?.cohortShare ?? null,
      next: detector.score(probe, facts(), now + 100),
    };
  }

  /**
   * classRun where `strangers` requests of the third round come from another org's young account
   * instead (a new key of a study group, an evaluation team's trial key): not an established
   * customer, so its requests count against the class's share.
   */
  function cohortRisk(org: string | undefined, strangers: number): number {
    const stranger = account('stranger', { org: 'org_other', ageDays: 5, verified: false });
    return classRun(org, (round, i) => [round === 2 && i < strangers ? stranger : student(i, org)])
      .risk;
  }

  it('is damped as one org, and stays so when another org sends a few of its requests', () => {
    const loose = cohortRisk(undefined, 0);
    const cohort = cohortRisk('org_campus', 0);
    const joined = cohortRisk('org_campus', 3);
    expect(loose).toBeGreaterThanOrEqual(FLAG);
    expect(cohort).toBeLessThan(0.5 * loose);
    // 3 requests of 200 from another org: still one org's cohort (it was not, by distinct orgs).
    expect(joined).toBeLessThan(0.5 * loose);
    expect(joined).toBeCloseTo(cohort, 1);
  });

  /**
   * The class of classRun in `org_campus`, and beside each of its requests one from `heavy` (a
   * tutoring app sending the same exercises: half the cluster's requests from one account).
   * Returns the riskiest cluster's risk and the class's share of it as a student's score logs it.
   */
  function besideHeavy(
    heavy: Account,
    times = 1,
  ): { risk: number; cohort: number | null; share: number | undefined } {
    const beside = Array.from({ length: times }, () => heavy);
    const run = classRun('org_campus', (_, i) => [student(i, 'org_campus'), ...beside]);
    return {
      risk: run.risk,
      cohort: run.cohort,
      share: run.next.factors.find((f) => f.signal === 'cluster.org_share')?.value,
    };
  }

  it('stays the class’s cohort beside an established customer sending half the requests', () => {
    const loose = cohortRisk(undefined, 0);
    // A verified, 400-day-old app in an org of its own: an established customer, not a made-up
    // account; whether the young accounts are one org's is read among the young accounts.
    const app = besideHeavy(
      account('tutor-app', { org: 'org_tutor', ageDays: 400, verified: true }),
    );
    expect(app.risk).toBeLessThan(0.5 * loose);
    // Every request of the cluster's that is not the app's is the class's.
    expect(app.cohort).toBeGreaterThan(0.95);
    // The same half from a young, unverified account of another org: two orgs of made-up-looking
    // accounts, half each: no cohort, and the cluster is as risky as strangers' would be.
    const young = besideHeavy(
      account('young-heavy', { org: 'org_x', ageDays: 2, verified: false }),
    );
    expect(young.risk).toBeGreaterThanOrEqual(FLAG);
    expect(young.share).toBeLessThan(0.8);
    expect(young.cohort ?? 0).toBeLessThan(0.8);
  });

  it('stays the class’s cohort beside a heavier app of an org while a third org sends a few', () => {
    // The app (verified, in an org of its own) sends twice what the class does; a young account
    // of a third org sends three of the class's requests. The app's org never takes the class's
    // place in the org summary (it read the app's org, at 0.67, when both shared it).
    const loose = cohortRisk(undefined, 0);
    const app = account('tutor-app', { org: 'org_tutor', ageDays: 400, verified: true });
    const stranger = account('stranger', { org: 'org_other', ageDays: 5, verified: false });
    const run = classRun('org_campus', (round, i) => [
      round === 2 && i < 3 ? stranger : student(i, 'org_campus'),
      app,
      app,
    ]);
    expect(run.risk).toBeLessThan(0.5 * loose);
    expect(run.cohort).toBeGreaterThan(0.95);
    // The student's own link is its class's cohort too (a cluster of the class's, not the app's).
    expect(run.next.factors.find((f) => f.signal === 'cluster.org_share')?.value).toBeGreaterThan(
      0.95,
    );
  });

  it('counts an org’s own established accounts: a team behind its NAT is its cohort', () => {
    // 40 colleagues of one org, all established customers (400 days, verified), sending one
    // exercise: the cluster is wholly their org's, so what reaches them of its risk is 0 and
    // their scores name no cluster. (Window layout 3 left established customers out of every
    // org's share: such a team was no cohort, and composed through its cluster on each request.)
    const colleague = (i: number): Account =>
      account(`staff-${i}`, { org: 'org_acme', ageDays: 400, verified: true });
    const team = classRun('org_acme', (_, i) => [colleague(i)], colleague(0));
    expect(team.cohort).toBe(1);
    expect(team.next.cluster).toBeNull();
    expect(team.next.factors.find((f) => f.signal.startsWith('cluster.'))).toBeUndefined();
    // A stranger's account sending the same takes the cluster's risk: the cohort is no shield.
    const stranger = classRun(
      'org_acme',
      (_, i) => [colleague(i)],
      account('newcomer', { ageDays: 3, verified: false }),
    );
    expect(stranger.next.cluster?.risk ?? 0).toBeGreaterThan(0);
  });

  it('is not damped as one org when established keys carry most of the cluster beside it', () => {
    // Two aged, verified keys in no org, each sending as much as the class: the class is all of
    // the young accounts' requests but a third of the cluster's, under the damping's floor (0.4
    // of all). The cluster is not damped as one org's (it read 0.16 damped, without the floor);
    // the class's own accounts are still its cohort (over the cohort's floor, a quarter).
    const two = besideHeavy(account('aged-key', { ageDays: 400, verified: true }), 2);
    expect(two.cohort).toBe(1);
    expect(two.risk).toBeGreaterThan(0.3);
  });
});

describe('Detector: an org’s own cohort inside a campaign’s cluster', () => {
  const settings = settingsWith();
  const student = (i: number): Account =>
    account(`student-${i}`, { ageDays: 2, verified: false, org: 'org_campus' });
  /** Young accounts of an org of three, not the cluster's leading org. */
  const outsider = (i: number): Account =>
    account(`outsider-${i}`, { ageDays: 2, verified: false, org: 'org_other' });

  interface Mixed {
    detector: Detector;
    now: number;
    next: (who: Account) => Score;
  }

  /**
   * `hydras` young accounts in no org (a hydra) and 50 − `hydras` young accounts of one org (a
   * class pasting the same exercises) send the hydra's prompts side by side, one request each a
   * round: one cluster. Three accounts of another org send one each in the first round. `next`
   * scores one more request of the hydra's prompts from an account.
   */
  function mixed(hydras: number): Mixed {
    const detector = new Detector(settings, BASELINES);
    const random = createRng(2468).next;
    const send = (who: Account, at: number): void => {
      scoreAndObserve(
        detector,
        who,
        anthropicFacts(settings, hydraBody(random), '198.51.7.0/24'),
        at,
      );
    };
    let now = T0;
    for (let round = 0; round < 5; round++)
      for (let i = 0; i < 50; i++) {
        now += 200;
        send(i < hydras ? hydraAccount(i) : student(i - hydras), now);
        if (round === 0 && i < 3) send(outsider(i), now + 50);
        if (i % 10 === 9) detector.refresh(now);
      }
    detector.refresh(now);
    const at = now + 100;
    return {
      detector,
      now: at,
      next: (who) =>
        detector.score(who, anthropicFacts(settings, hydraBody(random), '198.51.7.0/24'), at),
    };
  }

  const factor = (score: Score, prefix: string) =>
    score.factors.find((f) => f.signal.startsWith(prefix));
  const risk = (score: Score): number => factor(score, 'cluster.risk.')?.value ?? 0;

  it('reaches the class’s accounts only for the share of its requests from outside their org', () => {
    const { next, detector, now } = mixed(14);
    const hydra = next(hydraAccount(0));
    const studentScore = next(student(0));
    const whole = risk(hydra);
    const share = factor(studentScore, 'cluster.org_share')?.value ?? 0;
    // The admin API lists the cluster as the class's cohort, with the share the score logs.
    const linked = detector.topClusters(now, 50).find((c) => c.id === studentScore.cluster?.id);
    expect(linked?.cohortShare).toBe(share);
    expect(whole).toBeGreaterThanOrEqual(FLAG);
    // The class sent 36 of every 50 requests (0.72); the cluster counts from when it formed (after
    // the hydra's first requests), with its window's decay, and only what the org surely sent.
    expect(share).toBeGreaterThanOrEqual(0.5);
    expect(share).toBeLessThanOrEqual(0.8);
    // Its link (or what its earlier links left it, folded the same way) reaches it reduced.
    expect(risk(studentScore)).toBeLessThan(0.7 * whole);
    expect(studentScore.value).toBeLessThan(hydra.value);
    // What the class's requests folded into its accounts is reduced the same way (observe).
    const inheritedStudent = detector.accountView('student-0', now)?.clusterRisk ?? 1;
    const inheritedHydra = detector.accountView('hydra-0', now)?.clusterRisk ?? 0;
    expect(inheritedStudent).toBeLessThan(0.7 * inheritedHydra);
    // The campaign's accounts, and a group org that is not the cluster's leading one, take all.
    expect(factor(hydra, 'cluster.org_share')).toBeUndefined();
    const stranger = next(outsider(0));
    expect(risk(stranger)).toBeCloseTo(whole, 3);
    expect(factor(stranger, 'cluster.org_share')).toBeUndefined();
  });

  it('is no cohort while the org sent under half the cluster’s requests: the class takes it all', () => {
    // 30 of 50 accounts in no org: the class is a minority of the cluster (a campaign that puts a
    // third of its accounts in one org gains nothing for them).
    const { next } = mixed(30);
    const whole = risk(next(hydraAccount(0)));
    const studentScore = next(student(0));
    expect(whole).toBeGreaterThanOrEqual(FLAG);
    expect(factor(studentScore, 'cluster.org_share')).toBeUndefined();
    expect(risk(studentScore)).toBeCloseTo(whole, 3);
  });

  it('leaves a class that is nearly all of a flagged cluster little of its risk', () => {
    const { next } = mixed(4);
    const hydra = next(hydraAccount(0));
    const studentScore = next(student(0));
    const share = factor(studentScore, 'cluster.org_share')?.value ?? 0;
    expect(risk(hydra)).toBeGreaterThanOrEqual(FLAG);
    expect(share).toBeGreaterThan(0.8);
    // What 4 accounts in no org sent, from a link the class's requests share with them.
    expect(risk(studentScore)).toBeLessThanOrEqual((1 - share) * risk(hydra) + 0.002);
  });

  it('is no cohort for one heavy account of its org in the cluster, whatever its org’s size', () => {
    const detector = new Detector(settings, BASELINES);
    const random = createRng(1357).next;
    // One of the hydra's accounts sends as many requests as the 8 others together: its org is the
    // cluster's only org, with about half the requests. Two more keys of its org send other
    // text (an org of three, with one account in the cluster).
    const solo = account('solo', { ageDays: 1, verified: false, org: 'org_solo' });
    const idle = (i: number): Account =>
      account(`idle-${i}`, { ageDays: 1, verified: false, org: 'org_solo' });
    let now = T0;
    for (let round = 0; round < 5; round++)
      for (let i = 0; i < 20; i++) {
        now += 200;
        const who = i < 12 ? solo : hydraAccount(i);
        scoreAndObserve(
          detector,
          who,
          anthropicFacts(settings, hydraBody(random), '198.51.7.0/24'),
          now,
        );
        if (i < 2) {
          const other = { model: 'm-big', messages: [{ role: 'user', content: `note ${round}` }] };
          scoreAndObserve(
            detector,
            idle(i),
            anthropicFacts(settings, other, '203.0.113.0/24'),
            now,
          );
        }
        if (i % 10 === 9) detector.refresh(now);
      }
    detector.refresh(now);
    const next = (who: Account): Score =>
      detector.score(who, anthropicFacts(settings, hydraBody(random), '198.51.7.0/24'), now + 100);
    const own = next(solo);
    const other = next(hydraAccount(15));
    expect(risk(other)).toBeGreaterThanOrEqual(FLAG);
    expect(factor(own, 'cluster.org_share')).toBeUndefined();
    expect(risk(own)).toBeCloseTo(risk(other), 3);
    // Nor on the observe path: its requests folded the cluster's whole risk into it (as a cohort
    // it would hold under 0.5 of it).
    expect(detector.accountView('solo', now)?.clusterRisk).toBeCloseTo(
      detector.accountView('hydra-15', now)?.clusterRisk ?? 0,
      1,
    );
  });

  it('is no link at all for the org’s members once all the cluster’s risk is the org’s own', () => {
    // The whole class, and nobody else: what reaches its members of the cluster's risk is 0. The
    // score says so by naming no cluster (no factor at 0, no cluster-scoped limit bucket), as for
    // a request that links to no risky cluster; an account outside the org takes the risk whole.
    const detector = new Detector(settings, BASELINES);
    const random = createRng(97).next;
    let now = T0;
    for (let round = 0; round < 5; round++)
      for (let i = 0; i < 50; i++) {
        now += 200;
        scoreAndObserve(
          detector,
          student(i),
          anthropicFacts(settings, hydraBody(random), '198.51.7.0/24'),
          now,
        );
        if (i % 10 === 9) detector.refresh(now);
      }
    detector.refresh(now);
    const next = (who: Account): Score =>
      detector.score(who, anthropicFacts(settings, hydraBody(random), '198.51.7.0/24'), now + 100);
    const own = next(student(3));
    const stranger = next(outsider(0));
    // The stranger's link is risky, the cluster is the class's (it reaches its members at 0).
    expect(risk(stranger)).toBeGreaterThan(0.2);
    expect(stranger.cluster?.link).toBe('template_head');
    const cohort = detector.topClusters(now, 50).find((c) => c.id === stranger.cluster?.id);
    expect(cohort?.cohortShare).toBe(1);
    // The member's score is its own: no cluster, no cluster factor at 0, the same value and
    // families as its own account's state alone gives (accountView composes no link).
    expect(own.cluster).toBeNull();
    expect(factor(own, 'cluster.')).toBeUndefined();
    const alone = detector.accountView('student-3', now + 100)?.score;
    expect(own.value).toBe(alone?.value);
    expect(own.families).toEqual(alone?.families);
  });

  it('lends nothing through that cluster to a member who inherits another cluster’s risk', () => {
    // The class has its own cluster (A, its worksheet, nobody else); ten of its students also
    // joined a hydra's other template (B, the hydra's requests the most of it), so they inherit
    // B's risk. A student's next worksheet request links to A at 0: it is scored with the risk it
    // inherits (`cluster.risk.inherited`) and its own families — not with A named and A's pooled
    // families lent at the inherited risk, as when a link at 0 was still a link.
    const detector = new Detector(settings, BASELINES);
    const random = createRng(4242).next;
    const gradeBody = (): Record<string, unknown> => ({
      model: 'm-big',
      max_tokens: 8000,
      messages: [
        {
          role: 'user',
          content:
            `You are an expert grader. Score each response from 1 to 10 for the question about the ${pick(random, ITEMS)}.\n\n` +
            `Response A: it holds ${Math.floor(random() * 500)} ${pick(random, GOODS)}.\n\n` +
            `Response B: it holds ${Math.floor(random() * 500)} ${pick(random, GOODS)}.\n\n` +
            'Return the scores as JSON with a short justification for each.',
        },
      ],
    });
    // The worksheet asks for no more than a class does (the hydra's shape is its own).
    const worksheet = (): RequestFacts =>
      anthropicFacts(settings, { ...hydraBody(random), max_tokens: 1500 }, '198.51.7.0/24');
    let now = T0;
    for (let round = 0; round < 5; round++)
      for (let i = 0; i < 50; i++) {
        now += 200;
        scoreAndObserve(detector, student(i), worksheet(), now);
        const grade = (who: Account, headers: readonly string[]) =>
          scoreAndObserve(
            detector,
            who,
            anthropicFacts(settings, gradeBody(), '203.0.113.0/24', headers),
            now + 50,
          );
        // The hydra's own client build: only the template links the students to it.
        if (i < 30)
          grade(hydraAccount(i), [
            'User-Agent',
            'grader-farm/0.3',
            'Content-Type',
            'application/json',
          ]);
        if (i < 10) grade(student(i), SDK_HEADERS);
        if (i % 10 === 9) detector.refresh(now);
      }
    detector.refresh(now);
    const at = now + 100;
    const inherited = detector.accountView('student-3', at)?.clusterRisk ?? 0;
    const own = detector.score(student(3), worksheet(), at);
    const stranger = detector.score(outsider(0), worksheet(), at);
    // A carries risk, and pools a family the student does not show itself (volume).
    expect(stranger.cluster?.link).toBe('template_head');
    expect(risk(stranger)).toBeGreaterThan(0.2);
    expect(stranger.activation?.volume).toBeGreaterThan(0);
    expect(inherited).toBeGreaterThan(0.3);
    // The student: B's risk as inherited, no cluster named, nothing of A's pool.
    expect(own.cluster).toBeNull();
    expect(factor(own, 'cluster.risk.inherited')?.value).toBeGreaterThan(0.3);
    expect(factor(own, 'cluster.risk.template_head')).toBeUndefined();
    expect(own.activation?.volume).toBeUndefined();
    expect(own.value).toBe(detector.accountView('student-3', at)?.score.value);
  });
});

describe('Detector: zero scores', () => {
  it('enabled: false scores 0, whatever the facts', () => {
    const on = settingsWith();
    const off = settingsWith({ enabled: false });
    const detector = new Detector(off, BASELINES);
    const body = hydraBody(createRng(1).next);
    // Facts read with detection off carry no signals; facts with signals are ignored too.
    const offFacts = anthropicFacts(off, body, '198.51.100.0/24');
    expect(offFacts.signals).toBeUndefined();
    expect(detector.score(hydraAccount(1), offFacts, T0)).toBe(ZERO_SCORE);
    expect(detector.score(hydraAccount(1), anthropicFacts(on, body, '198.51.100.0/24'), T0)).toBe(
      ZERO_SCORE,
    );
    expect(detector.stats(T0).accounts).toBe(0);
  });

  it('facts without signals (pass-through) score 0', () => {
    const detector = new Detector(settingsWith(), BASELINES);
    expect(detector.score(hydraAccount(1), passthroughFacts(openai, CHAT, 100), T0)).toBe(
      ZERO_SCORE,
    );
  });

  it('settle on an unknown account or without output tokens is a no-op', () => {
    const detector = new Detector(settingsWith(), BASELINES);
    expect(() =>
      detector.settle(account('nobody'), { inputTokens: 1, outputTokens: 5 }, T0),
    ).not.toThrow();
    // An answer for an account never observed tracks nothing.
    expect(detector.stats(T0).accounts).toBe(0);
    // Nothing counted: after one more request the account scores as one never settled does,
    // factor for factor — where an answer's tokens do move it (the check can tell).
    const facts = anthropicFacts(settingsWith(), naturalBody(createRng(2).next), '10.0.0.0/24');
    const now = T0 + 12;
    const scored = (usage?: { inputTokens: number; outputTokens: number | undefined }) => {
      const tracked = new Detector(settingsWith(), BASELINES);
      for (let i = 0; i < 12; i++) scoreAndObserve(tracked, account('a'), facts, T0 + i);
      if (usage) tracked.settle(account('a'), usage, now);
      scoreAndObserve(tracked, account('a'), facts, now);
      expect(tracked.stats(now).accounts).toBe(1);
      return tracked.score(account('a'), facts, now + 1);
    };
    const unsettled = scored();
    expect(scored({ inputTokens: 1, outputTokens: undefined })).toEqual(unsettled);
    expect(scored({ inputTokens: 1, outputTokens: 5_000_000 })).not.toEqual(unsettled);
  });
});

describe('Detector: a temperature sweep (THREATS S13)', () => {
  /** `harvest.resent_share` of an account sending `bodies` 20 s apart. */
  function resentShare(bodies: readonly Record<string, unknown>[]): number | undefined {
    const settings = settingsWith();
    const detector = new Detector(settings, BASELINES);
    const who = account('sweeper', { verified: false, ageDays: 200 });
    bodies.forEach((body, i) =>
      scoreAndObserve(
        detector,
        who,
        anthropicFacts(settings, body, '10.0.0.0/24'),
        T0 + i * 20_000,
      ),
    );
    const last = anthropicFacts(settings, bodies[0] ?? {}, '10.0.0.0/24');
    const score = detector.score(who, last, T0 + bodies.length * 20_000);
    return score.factors.find((f) => f.signal === 'harvest.resent_share')?.value;
  }

  it('counts one prompt sampled at several temperatures as resent prompts', () => {
    const random = createRng(11).next;
    const prompts = Array.from({ length: 3 }, () => naturalPrompt(random));
    const temperatures = [0, 0.4, 0.8, 1.2];
    const at = (prompt: string, temperature: number): Record<string, unknown> => ({
      model: 'm-big',
      max_tokens: 1024,
      temperature,
      messages: [{ role: 'user', content: prompt }],
    });
    // The exact prompt hash covers the text, not the sampling parameters: 9 of 12 are resent
    // (a share of the window's decayed counts, so near 0.75, not exactly it).
    const sweep = prompts.flatMap((prompt) => temperatures.map((t) => at(prompt, t)));
    expect(resentShare(sweep)).toBeGreaterThan(0.6);
    // The same temperatures over twelve different prompts: nothing is resent.
    const varied = sweep.map((_, i) => at(naturalPrompt(random), temperatures[i % 4] ?? 0));
    expect(resentShare(varied)).toBeUndefined();
  });
});

describe('Detector: cadence', () => {
  /** `volume.gap_regularity` of an account sending at `times`, each answered `answered` ms later. */
  function gapRegularity(times: readonly number[], answered: (i: number) => number): unknown {
    const settings = settingsWith();
    const detector = new Detector(settings, BASELINES);
    const facts = anthropicFacts(settings, naturalBody(createRng(4).next), '10.0.0.0/24');
    const who = account('paced');
    times.forEach((at, i) => {
      detector.observe(who, facts, at);
      detector.settle(who, { inputTokens: 10, outputTokens: 200 }, at + answered(i));
    });
    const last = (times.at(-1) ?? T0) + 1000;
    const score = detector.score(who, facts, last);
    return score.factors.find((f) => f.signal === 'volume.gap_regularity')?.value;
  }

  it('measures gaps request to request, whatever the answers take between them', () => {
    const paced = Array.from({ length: 40 }, (_, i) => T0 + i * 1000);
    // Answers of 50–950 ms: gaps from each answer to the next request would vary ~20-fold.
    const varied = gapRegularity(paced, (i) => 50 + ((i * 373) % 900));
    expect(varied).toBeTypeOf('number');
    expect(varied).toBeLessThan(0.01);
    expect(gapRegularity(paced, () => 500)).toBeCloseTo(varied as number, 6);
    // The check can tell: the same requests at irregular times read as irregular.
    const random = createRng(5).next;
    let at = T0;
    const irregular = paced.map(() => (at += 100 + random() * 1900));
    expect(gapRegularity(irregular, (i) => 50 + ((i * 373) % 900))).toBeGreaterThan(0.3);
  });
});

describe('Detector: bounded memory', () => {
  it('tracks at most max_accounts accounts', () => {
    const settings = settingsWith({ max_accounts: 100 });
    const detector = new Detector(settings, BASELINES);
    const random = createRng(3).next;
    let now = T0;
    for (let i = 0; i < 1000; i++) {
      now += 10;
      scoreAndObserve(
        detector,
        account(`acct-${i}`),
        anthropicFacts(settings, naturalBody(random), `10.${i % 200}.0.0/24`),
        now,
      );
      if (i % 100 === 99) detector.refresh(now);
    }
    expect(detector.stats(now).accounts).toBeLessThanOrEqual(100);
  });

  it('indexes at most max_fingerprints fingerprints and never throws when full', () => {
    const settings = settingsWith({ max_fingerprints: 1024 });
    const detector = new Detector(settings, BASELINES);
    const random = createRng(4).next;
    const words = [
      'alpha',
      'bravo',
      'charlie',
      'delta',
      'echo',
      'foxtrot',
      'golf',
      'hotel',
      'india',
      'juliet',
      'kilo',
      'lima',
    ];
    let now = T0;
    for (let i = 0; i < 3000; i++) {
      now += 5;
      const text = Array.from({ length: 20 }, () => pick(random, words)).join(' ') + ` w${i}x`;
      const body = {
        model: 'm-big',
        max_tokens: 10,
        system: `system ${i}`,
        messages: [{ role: 'user', content: text }],
      };
      expect(() =>
        scoreAndObserve(
          detector,
          account(`acct-${i % 50}`),
          anthropicFacts(settings, body, `10.${i % 256}.${i >> 8}.0/24`, [
            'User-Agent',
            `ua-${i}`,
            `X-${i}`,
            'v',
          ]),
          now,
        ),
      ).not.toThrow();
      if (i % 200 === 199) detector.refresh(now);
    }
    const stats = detector.stats(now);
    expect(stats.fingerprints).toBeLessThanOrEqual(1024);
    // The table did fill up: new keys were refused rather than grown into.
    expect(stats.refusedFingerprints).toBeGreaterThan(0);
  });
});

describe('Detector: an app’s system prompt that a campaign copies', () => {
  const settings = settingsWith();
  const APP = 'You are quill, an autonomous coding agent working in the user’s repository.';

  it('is never flagged: its risk is what its pooled window scores, and leaves with the campaign', () => {
    const detector = new Detector(settings, BASELINES);
    const random = createRng(8642).next;
    let now = T0;
    // A hydra sending its templates under the app's public system prompt.
    for (let round = 0; round < 5; round++)
      for (let i = 0; i < 40; i++) {
        now += 250;
        scoreAndObserve(
          detector,
          hydraAccount(i),
          anthropicFacts(settings, { ...hydraBody(random), system: APP }, `192.0.${i}.0/24`),
          now,
        );
        if (i % 10 === 9) detector.refresh(now);
      }
    detector.refresh(now);
    const top = detector.topClusters(now, 50);
    const app = top.find((cluster) => cluster.link === 'system_prompt');
    // As risky as the campaign's own templates, which are flagged; the app's prompt is not.
    expect(app?.risk).toBeGreaterThanOrEqual(FLAG);
    expect(app?.flagged).toBe(false);
    expect(top.some((cluster) => cluster.flagged && cluster.specific)).toBe(true);
    // Three windows later the campaign has left the prompt's window (a flag would still hold its
    // risk for flag_ttl), and the refresh has rescored the idle cluster: a user of the app, 300
    // days old, asks its own questions under it. (The cluster is still there: the rescore, not
    // a compaction that dropped its keys, is what changed its risk.)
    const clusters = detector.stats(now).clusters;
    now += 3 * 60_000;
    detector.refresh(now);
    expect(detector.stats(now).clusters).toBe(clusters);
    const score = scoreAndObserve(
      detector,
      account('quill-user', { ageDays: 300, verified: false }),
      anthropicFacts(settings, { ...naturalBody(random), system: APP }, '203.0.113.0/24'),
      now,
    );
    expect(score.value).toBeLessThan(0.45);
    expect(
      score.factors.find((f) => f.signal === 'cluster.risk.system_prompt')?.value ?? 0,
    ).toBeLessThan(0.3);
  });
});
