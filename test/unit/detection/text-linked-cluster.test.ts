/**
 * Issue 4, legitimate accounts actioned on unseen traffic: one correlated signal must not pass the
 * two-family rule. A cluster formed by shared text does not count that text again as behaviour
 * (its top template and resent prompts), nor a crowd's chance regularity as machine pacing, and a
 * cluster lends its members its behaviour, never its accounts' provenance.
 */
import { describe, expect, it } from 'vitest';
import type { Account } from '../../../src/account/account.ts';
import type { TierBaseline } from '../../../src/account/accounts-schema.ts';
import { detectionSchema } from '../../../src/detection/detection-schema.ts';
import {
  compileDetection,
  type DetectionSettings,
} from '../../../src/detection/detection-settings.ts';
import { Detector } from '../../../src/detection/engine.ts';
import type { Score } from '../../../src/detection/score.ts';
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
    expect(cluster?.flagged).toBe(true);
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
  });
});
