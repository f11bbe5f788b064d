/**
 * Issue 4, legitimate accounts actioned on unseen traffic: one correlated signal must not pass the
 * two-family rule. A cluster formed by shared text does not count that text again as behaviour
 * (its top template and resent prompts), nor a crowd's chance regularity as machine pacing, and a
 * cluster lends its members its behaviour, never its accounts' provenance.
 */
import { describe, expect, it } from 'vitest';
import type { Account } from '../../../src/account/account.ts';
import type { TierBaseline } from '../../../src/account/accounts-schema.ts';
import { MemoryBlockMemory } from '../../../src/block/block-memory.ts';
import { rememberBlock, rememberedBlock } from '../../../src/block/remember-blocks.ts';
import { detectionSchema } from '../../../src/detection/detection-schema.ts';
import {
  compileDetection,
  type DetectionSettings,
} from '../../../src/detection/detection-settings.ts';
import { FLAG_RISK, type ClusterView } from '../../../src/detection/cluster.ts';
import { Detector } from '../../../src/detection/engine.ts';
import type { Score } from '../../../src/detection/score.ts';
import type { Decision } from '../../../src/policy/decision.ts';
import type { RequestFacts } from '../../../src/signals/request-facts.ts';
import { createRng } from '../../../src/simulator/rng.ts';
import { messagesFacts, testAccount } from '../../helpers/request-fixtures.ts';

const T0 = Date.parse('2027-03-01T00:00:00Z');
/** What the shipped policy's block rules need (risk-block, hydra-template). */
const BLOCK = 0.75;
// No tier baselines: volume never fires, only what the test sends decides.
const BASELINES: Readonly<Record<string, TierBaseline>> = {};
const settings: DetectionSettings = compileDetection(
  detectionSchema.parse({ window: '60s', models: [{ name: 'm-big', max_output_tokens: 8000 }] }),
);

/** A fresh consumer account: the weakest standing a legitimate user has. */
function account(id: string, fields: Partial<Account> = {}): Account {
  return testAccount({ id, keyId: `key_${id}`, tier: 'standard', ageDays: 2, ...fields });
}

interface Sent {
  readonly prompt: string;
  readonly system?: string;
  readonly harvesting?: boolean;
}

function facts(i: number, sent: Sent): RequestFacts {
  const body = {
    model: 'm-big',
    max_tokens: sent.harvesting === true ? 8000 : 1024,
    ...(sent.system === undefined ? {} : { system: sent.system }),
    messages: [
      { role: 'user', content: `an earlier question number ${i}` },
      { role: 'assistant', content: 'an earlier answer' },
      { role: 'user', content: sent.prompt },
    ],
  };
  return messagesFacts(
    body,
    settings,
    ['Host', 'api.example', 'User-Agent', `client-${i % 3}/1.0`],
    `198.51.${i}.0/24`,
  );
}

/**
 * `count` accounts, each sending `what(i)` in turn for `rounds` rounds, at independent people's
 * irregular pace (exponential gaps, 200 ms on average, seeded), scored then folded in as the
 * pipeline does, with a batch refresh after each request.
 */
function crowd(
  count: number,
  rounds: number,
  what: (i: number) => Sent,
  who: (i: number) => Account = (i) => account(`user-${i}`),
  outputTokens?: number,
): { scores: Score[][]; detector: Detector; end: number } {
  const detector = new Detector(settings, BASELINES);
  const random = createRng(7);
  const scores: Score[][] = Array.from({ length: count }, () => []);
  let now = T0;
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < count; i++) {
      now += Math.round(random.exponential(200));
      const request = facts(i, what(i));
      scores[i]?.push(detector.score(who(i), request, now));
      const observed = detector.observe(who(i), request, now);
      if (outputTokens !== undefined)
        detector.settle(who(i), { inputTokens: undefined, outputTokens }, now + 50, observed);
      detector.refresh(now);
    }
  }
  return { scores, detector, end: now };
}

/** A score a block rule of the shipped policy acts on. */
const blocks = (score: Score): boolean => score.value >= BLOCK && score.families.length >= 2;

const FOLLOW_UP =
  'can you make that a little shorter and simpler for me please, just the main points';

describe('Detector: a cluster linked by shared text', () => {
  it('does not flag a dozen fresh accounts sending the same short follow-up', () => {
    const { scores, detector, end } = crowd(12, 2, () => ({ prompt: FOLLOW_UP }));
    const clusters = detector.topClusters(end, 16);
    // They are linked (the text is one exact skeleton), but that is all they share.
    const skeleton = clusters.find((cluster) => cluster.link === 'skeleton');
    expect(skeleton?.accounts).toBeGreaterThanOrEqual(10);
    expect(skeleton?.families).not.toContain('templates');
    expect(skeleton?.families).not.toContain('harvest');
    for (const cluster of clusters) expect(cluster.flagged).toBe(false);
    for (const own of scores) for (const score of own) expect(blocks(score)).toBe(false);
  });

  it('still flags the same crowd when its requests harvest (behaviour, not text)', () => {
    const { scores, detector, end } = crowd(12, 2, () => ({
      prompt: FOLLOW_UP,
      harvesting: true,
    }));
    expect(detector.topClusters(end, 1)[0]?.flagged).toBe(true);
    expect(scores.some((own) => own.some(blocks))).toBe(true);
  });

  it('pools its members’ output: long answers to short asks show the harvest no account’s window can', () => {
    const ask = {
      prompt:
        'write a complete reference implementation of a red black tree in rust, every operation',
    };
    const long = crowd(12, 2, () => ask, undefined, 3_000);
    const short = crowd(12, 2, () => ask, undefined, 150);
    const families = (detector: Detector, end: number) =>
      detector.topClusters(end, 16).find((cluster) => cluster.link === 'skeleton')?.families;
    // Two requests an account: below min_requests, no account's own window judges its output.
    expect(settings.minRequests).toBeGreaterThan(2);
    expect(families(long.detector, long.end)).toContain('harvest');
    expect(families(short.detector, short.end)).toBeDefined();
    expect(families(short.detector, short.end)).not.toContain('harvest');
    for (const own of long.scores)
      for (const score of own)
        expect(score.factors.map((factor) => factor.signal)).not.toContain(
          'harvest.output_input_ratio',
        );
  });

  it('reads a crowd’s answers of ordinary length as Q&A, however short its asks', () => {
    // A class or a chat: short questions, answers many times longer but of everyday length.
    // Harvesting pays for long answers; a ratio alone would judge every short question a harvest.
    const ask = {
      prompt:
        'explain in plain words why the sky looks blue at noon and red at sunset, with an example',
    };
    const families = (outputTokens: number) => {
      const { detector, end } = crowd(12, 2, () => ask, undefined, outputTokens);
      return detector.topClusters(end, 16).find((cluster) => cluster.link === 'skeleton')?.families;
    };
    expect(families(900)).toBeDefined();
    expect(families(900)).not.toContain('harvest');
    expect(families(3_000)).toContain('harvest');
  });
});

const OPENERS = [
  'hi',
  'hello',
  'hey',
  'ok',
  'so',
  'right',
  'um',
  'yo',
  'well',
  'morning',
  'evening',
];
const CLOSERS = [
  'thanks',
  'cheers',
  'ty',
  'thx',
  'merci',
  'gracias',
  'danke',
  'ta',
  'bye',
  'later',
];

/**
 * One homework problem pasted by each student between their own greeting and sign-off: near
 * duplicates of one another (MinHash bands), no two with the same exact skeleton, head or tail.
 */
const homework = (i: number): Sent => ({
  prompt: `${OPENERS[i % OPENERS.length] ?? ''} please solve step by step: a train leaves the station at 60 km/h and a second train follows one hour later at 80 km/h. When does the second train catch up with the first one? ${CLOSERS[i % CLOSERS.length] ?? ''}`,
});

describe('Detector: a member of a young cohort', () => {
  it("takes a loosely linked cluster's risk and behaviour, not its provenance", () => {
    const fresh = (i: number): Account => account(`student-${i}`, { programme: 'education' });
    const { detector, end } = crowd(10, 2, homework, fresh);
    const senior = account('senior', { ageDays: 400, programme: 'education' });
    const score = detector.score(senior, facts(10, homework(10)), end + 100);
    // Linked by near duplicates, and the cohort's pooled behaviour (asking for the steps)
    // reaches it…
    expect(score.cluster?.specific).toBe(false);
    expect(score.cluster?.flagged).toBe(true);
    expect(score.families).toEqual(expect.arrayContaining(['elicitation', 'cluster']));
    // …but a 400-day-old account is not made young by its classmates.
    expect(score.activation?.provenance).toBeUndefined();
    expect(score.families).not.toContain('provenance');
  });
});

/** An open-source agent's system prompt: every user of the app sends it, word for word. */
const AGENT_SYSTEM =
  'You are Quillwright, a terminal coding agent. Read files before editing them, keep diffs small, run the tests after each change and explain what you did in one short paragraph.';

/** A campaign copying the app's system prompt, each request a different harvesting task. */
const copying = (i: number): Sent => ({
  system: AGENT_SYSTEM,
  prompt: `task ${i}: ${OPENERS[i % OPENERS.length] ?? ''} implement module ${i * 7919} of the ledger service with full error handling, then list every edge case you considered`,
  harvesting: true,
});

describe('Detector: a user of an app whose system prompt a campaign copies', () => {
  it("takes the app-level cluster's risk, but only the families its own request shows", () => {
    const { detector, end } = crowd(16, 3, copying);
    const cluster = detector
      .topClusters(end, 32)
      .find((candidate) => candidate.link === 'system_prompt');
    // As risky as a flagged cluster, but an app's prompt is never flagged (flagIfRisky).
    expect(cluster?.risk).toBeGreaterThanOrEqual(FLAG_RISK);
    expect(cluster?.flagged).toBe(false);
    expect(cluster?.families).toContain('harvest');

    // A developer who has used the app for a year asks it an ordinary question.
    const user = account('developer', { ageDays: 365 });
    const ordinary = detector.score(
      user,
      facts(40, { system: AGENT_SYSTEM, prompt: 'why does the build fail on windows only?' }),
      end + 100,
    );
    expect(ordinary.cluster?.link).toBe('system_prompt');
    expect(ordinary.factors.map((factor) => factor.signal)).toContain('cluster.risk.system_prompt');
    // The campaign's harvest is not lent to it: one link is one family, and nothing blocks.
    expect(ordinary.families).toEqual(['cluster']);
    expect(blocks(ordinary)).toBe(false);

    // The same user's request that harvests itself (max_tokens at the model's maximum) does
    // show the cluster's family, and it corroborates.
    const harvesting = detector.score(
      user,
      facts(41, {
        system: AGENT_SYSTEM,
        prompt: 'why does the build fail on windows only?',
        harvesting: true,
      }),
      end + 200,
    );
    expect(harvesting.cluster?.link).toBe('system_prompt');
    expect(harvesting.families).toEqual(expect.arrayContaining(['harvest', 'cluster']));

    // How much of the link's risk reaches the sender is its standing: all of it for a week-old
    // account and for a year-old one that is neither verified nor in an org (age alone is no
    // standing: 0.8 for it was measured and dropped, DETECTION.md stop 44), 0.6 for one a year old
    // and verified (an established customer). The same request each time.
    const request = facts(42, {
      system: AGENT_SYSTEM,
      prompt: 'why does the build fail on windows only?',
      harvesting: true,
    });
    const reaching = (who: Account): number =>
      detector.score(who, request, end + 300).cluster?.risk ?? 0;
    const fresh = reaching(account('newcomer', { ageDays: 7 }));
    expect(fresh).toBeGreaterThanOrEqual(FLAG_RISK);
    expect(reaching(account('year-old', { ageDays: 365 }))).toBeCloseTo(fresh, 3);
    expect(reaching(account('verified', { ageDays: 365, verified: true }))).toBeCloseTo(
      0.6 * fresh,
      2,
    );
  });
});

describe('Detector: a request linked both by an app’s prompt and by a campaign’s content', () => {
  it('is scored through the link that lends the most, not the riskiest alone', () => {
    const { detector, end } = crowd(16, 3, copying);
    const clusters = detector.topClusters(end, 32);
    const app = clusters.find((candidate) => candidate.link === 'system_prompt');
    expect(app?.risk).toBeGreaterThanOrEqual(FLAG_RISK);

    // A new account sends the campaign's own task under the app's prompt, without a harvesting
    // parameter: the app's link lends only what the request shows (nothing), the task's template
    // lends its cluster's pooled harvest.
    const sent = copying(77);
    const score = detector.score(
      account('newcomer'),
      facts(77, { ...sent, harvesting: false }),
      end + 100,
    );
    const through = clusters.find((candidate) => candidate.id === score.cluster?.id);
    expect(through?.link).not.toBe('system_prompt');
    expect(through?.families).toContain('harvest');
    expect(score.families).toEqual(expect.arrayContaining(['harvest', 'cluster']));
    // Its link risk is no more than the app's: the riskiest link alone would have hidden it.
    expect(score.cluster?.risk ?? 1).toBeLessThanOrEqual(app?.risk ?? 0);
  });
});

/** A coding task ending in a tool loop's stock closing line, which many products' users send. */
const STOCK_CLOSE = 'Run the tests again and tell me whether anything still fails.';
const taskWithClose = (i: number, harvesting: boolean): Sent => ({
  prompt: `${OPENERS[i % OPENERS.length] ?? ''} the ${['parser', 'cache', 'router', 'queue', 'ledger'][i % 5] ?? ''} module ${i * 7919} throws on input ${i * 31}; fix it. ${STOCK_CLOSE}`,
  harvesting,
});

/** Requests from `who(i)` for i in [from, to), scored then folded in, with a refresh each. */
function more(
  detector: Detector,
  start: number,
  from: number,
  to: number,
  rounds: number,
  what: (i: number) => Sent,
  who: (i: number) => Account,
): { scores: Score[]; end: number } {
  const scores: Score[] = [];
  let now = start;
  for (let round = 0; round < rounds; round++)
    for (let i = from; i < to; i++) {
      now += 150;
      const request = facts(i, what(i));
      scores.push(detector.score(who(i), request, now));
      detector.observe(who(i), request, now);
      detector.refresh(now);
    }
  return { scores, end: now };
}

/** The shipped policy's hydra-template block, remembering the template for a week. */
const HYDRA_TEMPLATE: Extract<Decision, { action: 'block' }> = {
  action: 'block',
  rule: 'hydra-template',
  reason: 'risk_score',
  remember: { account: 0, endUser: 0, cluster: 0, content: 168 * 3_600_000 },
};

const established = (i: number): Account =>
  account(`customer-${i}`, { ageDays: 400 + i, verified: true });

/** A campaign of fresh accounts harvesting with the stock closing line: it flags the line. */
function campaignWithClose(): { detector: Detector; end: number; flaggedTail: ClusterView } {
  const { detector, end } = crowd(16, 3, (i) => taskWithClose(i, true));
  const flaggedTail = detector
    .topClusters(end, 32)
    .find((cluster) => cluster.link === 'template_tail' && cluster.flagged);
  expect(flaggedTail?.specific).toBe(true);
  if (flaggedTail === undefined) throw new Error('the campaign flagged no closing line');
  return { detector, end, flaggedTail };
}

/**
 * Accounts `who(i)`, i in [from, to), send the closing line `rounds` times each (harvesting or
 * not); returns when they were done and the flagged line's cluster as it is then.
 */
function sendClose(
  detector: Detector,
  end: number,
  flaggedTail: ClusterView,
  [from, to, rounds]: readonly [number, number, number],
  harvesting: boolean,
  who: (i: number) => Account,
): { later: number; tail: ClusterView | undefined } {
  const later = more(detector, end, from, to, rounds, (i) => taskWithClose(i, harvesting), who).end;
  const tail = detector.topClusters(later, 64).find((cluster) => cluster.id === flaggedTail.id);
  return { later, tail };
}

describe('Detector: a campaign template that established customers turn out to send too', () => {
  it('is common phrasing: its flag is lifted and it is no exact template any more', () => {
    const { detector, end, flaggedTail } = campaignWithClose();

    // Meanwhile the shipped policy's hydra-template rule blocks a campaign request and remembers
    // the template (remember.content).
    const memory = new MemoryBlockMemory(100);
    const campaignRequest = facts(90, taskWithClose(90, true));
    const campaignScore = detector.score(account('user-90'), campaignRequest, end + 50);
    expect(campaignScore.cluster?.specific).toBe(true);
    rememberBlock(memory, HYDRA_TEMPLATE, account('user-90'), campaignRequest, campaignScore, end);
    expect(memory.size()).toBeGreaterThan(0);

    // Eight established customers of different companies send it in their own work (a third of
    // the cluster's members).
    const { later, tail } = sendClose(
      detector,
      end,
      flaggedTail,
      [100, 108, 2],
      false,
      established,
    );
    expect(tail?.flagged).toBe(false);
    expect(tail?.specific).toBe(false);

    // A new user writing the same line is judged on what it does, not on the campaign's flag.
    const newcomerRequest = facts(200, taskWithClose(200, false));
    const newcomer = detector.score(account('newcomer'), newcomerRequest, later + 100);
    expect(newcomer.cluster?.specific ?? false).toBe(false);
    expect(blocks(newcomer)).toBe(false);
    // …and not on the content block remembered while the line looked like the campaign's own.
    expect(
      rememberedBlock(memory, account('newcomer'), newcomerRequest, newcomer, later + 100),
    ).toMatchObject({ reason: 'remembered_content' });
    expect(
      rememberedBlock(
        memory,
        account('newcomer'),
        newcomerRequest,
        newcomer,
        later + 100,
        detector,
      ),
    ).toBeUndefined();
  });

  it('stays the campaign’s when one established key sends it (a reseller the campaign blends into)', () => {
    const { detector, end, flaggedTail } = campaignWithClose();

    // One verified, old reseller key carries the campaign's stream: many requests, one account.
    const reseller = (): Account => established(500);
    const { later, tail } = sendClose(detector, end, flaggedTail, [300, 316, 1], true, reseller);
    expect(tail?.flagged).toBe(true);
    expect(tail?.specific).toBe(true);
    const fresh = detector.score(
      account('replacement'),
      facts(400, taskWithClose(400, true)),
      later + 100,
    );
    expect(blocks(fresh)).toBe(true);
  });
});
