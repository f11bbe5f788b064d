/**
 * A campaign's cold start (issue 4: tokens served before action): a cluster counts the accounts
 * that used its fingerprint before it formed, is scored as each account joins while young, and a
 * fresh, fast-forming harvesting cluster counts as full-size from a few members — but not a crowd
 * of fresh accounts merely sharing a prompt, nor a key an established customer used.
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
import { COLD_START_MEMBERS, coldStartSize } from '../../../src/detection/provenance.ts';
import { W } from '../../../src/detection/window-state.ts';
import type { Score } from '../../../src/detection/score.ts';
import { anthropic } from '../../../src/dialects/anthropic.ts';
import { INFERENCE_ROUTES, type Route } from '../../../src/dialects/routes.ts';
import { readRequestFacts, type RequestFacts } from '../../../src/signals/request-facts.ts';
import { testAccount } from '../../helpers/request-fixtures.ts';

const T0 = Date.parse('2027-03-01T00:00:00Z');
const WINDOW = 60_000;
const MESSAGES = INFERENCE_ROUTES.get('/v1/messages') as Route;
const FLAG = 0.75;
// No tier baselines: each account sends one request, volume never fires.
const BASELINES: Readonly<Record<string, TierBaseline>> = {};
const settings: DetectionSettings = compileDetection(
  detectionSchema.parse({ window: '60s', models: [{ name: 'm-big', max_output_tokens: 8000 }] }),
);

function account(id: string, fields: Partial<Account> = {}): Account {
  return testAccount({ id, keyId: `key_${id}`, tier: 'standard', ageDays: 2, ...fields });
}

const GOODS = ['apples', 'bolts', 'loaves', 'books', 'tiles', 'stones', 'coins', 'shells'];

/** One campaign's template with a varying fill-in; harvesting: max_tokens at the maximum. */
function facts(i: number, harvesting: boolean): RequestFacts {
  const prompt = harvesting
    ? `Derive the answer carefully and show every intermediate step of your reasoning. A crate holds ${i * 7 + 3} ${GOODS[i % GOODS.length] ?? ''}; how many are in ${i + 2} crates? Give the final answer on its own line after the full derivation.`
    : `Hello! I just signed up and I am trying the quickstart example number ${i + 1} about ${GOODS[i % GOODS.length] ?? ''}. Can you tell me a fun fact about it in one or two short sentences please?`;
  const body = {
    model: 'm-big',
    max_tokens: harvesting ? 8000 : 1024,
    messages: [{ role: 'user', content: prompt }],
  };
  return readRequestFacts(
    anthropic,
    MESSAGES,
    body,
    JSON.stringify(body).length,
    {
      rawHeaders: ['Host', 'api.example', 'User-Agent', `client-${i % 3}/1.0`],
      ipPrefix: `198.51.${i}.0/24`,
    },
    settings,
  );
}

/**
 * Accounts (`who(i)`) each sending one request, `gap` ms apart, scored then folded in as the
 * pipeline does; the batch refresh never runs (`refreshEvery` 0) or runs every so many requests.
 */
function firstRequests(
  count: number,
  gap: number,
  harvesting: boolean,
  who: (i: number) => Account = (i) => account(`fresh-${i}`),
  refreshEvery = 0,
): { scores: Score[]; detector: Detector } {
  const detector = new Detector(settings, BASELINES);
  const scores: Score[] = [];
  for (let i = 0; i < count; i++) {
    const now = T0 + i * gap;
    const request = facts(i, harvesting);
    scores.push(detector.score(who(i), request, now));
    detector.observe(who(i), request, now);
    if (refreshEvery > 0 && i % refreshEvery === refreshEvery - 1) detector.refresh(now);
  }
  return { scores, detector };
}

describe('Detector: a campaign cold start', () => {
  it('acts on the sixth fresh harvesting account within a second or two, before any batch runs', () => {
    const { scores, detector } = firstRequests(8, 300, true);
    // The first accounts are served: nothing links them yet.
    expect(scores[0]?.value).toBe(0);
    // Scored as each account joined (no refresh ran), counting the accounts from before the
    // cluster formed: its pooled window (and its logged accounts) counts from the third on.
    expect(scores[5]?.value).toBeGreaterThanOrEqual(FLAG);
    expect(scores[5]?.families.length).toBeGreaterThanOrEqual(2);
    const top = detector.topClusters(T0 + 8 * 300, 1)[0];
    expect(top?.accounts).toBeGreaterThanOrEqual(5);
    // Provisional: the batch flags, not the join.
    expect(top?.flagged).toBe(false);
    detector.refresh(T0 + 8 * 300);
    expect(detector.topClusters(T0 + 8 * 300, 1)[0]?.flagged).toBe(true);
  });

  it('a batch refresh between joins decides the same as scoring at each join', () => {
    const joined = firstRequests(8, 300, true).scores.map((score) => score.value);
    const batched = firstRequests(8, 300, true, undefined, 1).scores.map((score) => score.value);
    expect(batched).toEqual(joined);
  });

  it('does not act on fresh accounts merely sharing a plain prompt as early', () => {
    const plain = firstRequests(8, 300, false).scores;
    const harvest = firstRequests(8, 300, true).scores;
    // No harvesting family: the ordinary size ramp (full from 8 members) decides.
    for (const at of [4, 5]) {
      expect(plain[at]?.value ?? 1).toBeLessThan(FLAG);
      expect(plain[at]?.value ?? 1).toBeLessThan(harvest[at]?.value ?? 0);
    }
  });

  it('judges a key an established customer used before it formed a cluster as generic', () => {
    const old = account('customer', { ageDays: 400, verified: true, org: 'acme' });
    const { scores, detector } = firstRequests(8, 300, true, (i) =>
      i === 0 ? old : account(`fresh-${i}`),
    );
    for (const score of scores.slice(0, 6)) expect(score.value).toBeLessThan(FLAG);
    const fresh = firstRequests(8, 300, true).detector;
    const end = T0 + 8 * 300;
    detector.refresh(end);
    fresh.refresh(end);
    expect(detector.topClusters(end, 1)[0]?.risk ?? 1).toBeLessThan(
      fresh.topClusters(end, 1)[0]?.risk ?? 0,
    );
  });
});

describe('coldStartSize', () => {
  const ctx = { now: T0 + 5_000, window: WINDOW, minRequests: 8, weights: settings.weights };
  const formedAt = (at: number): Float64Array => {
    const s = new Float64Array(W.SIZE);
    s[W.FIRST] = at;
    return s;
  };

  it('is full from COLD_START_MEMBERS fresh members joining within a tenth of the window', () => {
    expect(coldStartSize(formedAt(T0), ctx, COLD_START_MEMBERS, 1)).toBe(1);
    expect(coldStartSize(formedAt(T0), ctx, 3, 1)).toBeGreaterThan(0);
    expect(coldStartSize(formedAt(T0), ctx, 3, 1)).toBeLessThan(0.5);
  });

  it('is 0 for members not fresh, or joining over more than a fifth of the window', () => {
    expect(coldStartSize(formedAt(T0), ctx, 8, 0.7)).toBe(0);
    expect(coldStartSize(formedAt(ctx.now - WINDOW / 5), ctx, 8, 1)).toBe(0);
    const slow = coldStartSize(formedAt(ctx.now - WINDOW / 7), ctx, 8, 1);
    expect(slow).toBeGreaterThan(0);
    expect(slow).toBeLessThan(1);
  });
});
