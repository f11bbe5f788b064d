import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/simulator/rng.ts';
import { fmix } from '../../../src/signals/hash.ts';
import {
  ACCOUNT_SIZE,
  activeShare,
  addGap,
  addRequestGap,
  advance,
  gapCv,
  isClusterWindow,
  markActive,
  newWindow,
  RING_SIZE,
  seenRecently,
  SKETCH,
  sketchAdd,
  sketchCount,
  topAdd,
  topShare,
  W,
} from '../../../src/detection/window-state.ts';
import {
  cohortOrgKey,
  cohortShare,
  cohortShareOfAll,
  establishedOrgAdd,
  orgAdd,
  topOrgKey,
  topOrgShare,
  topOrgShareOfAll,
} from '../../../src/detection/window-orgs.ts';
import { popcount } from '../../../src/detection/sketch.ts';

const T0 = 1_800_000_000_000;
const WINDOW = 60_000;

/** Deterministic well-mixed 32-bit hashes. */
const hashOf = (i: number): number => fmix((i * 0x9e3779b1) >>> 0) >>> 0;

/** A request at `now` as observeRequest counts one: advance, its gap, then the count. */
function requestAt(s: Float64Array, now: number): void {
  advance(s, now, WINDOW);
  addRequestGap(s, now, WINDOW);
  s[W.N] = (s[W.N] ?? 0) + 1;
}

describe('addRequestGap', () => {
  it('counts no gap for the first request, then the time since the previous request', () => {
    const s = newWindow(T0);
    requestAt(s, T0);
    expect(s[W.GAP_N]).toBe(0);
    requestAt(s, T0 + 1500);
    expect(s[W.GAP_N]).toBe(1);
    expect(s[W.GAP_SUM]).toBeCloseTo(1.5, 9);
  });

  it('measures from the last request, not from an advance between (a response, a refresh)', () => {
    const s = newWindow(T0);
    requestAt(s, T0);
    advance(s, T0 + 900, WINDOW); // the response's output tokens settle
    advance(s, T0 + 1200, WINDOW); // a refresh rescores the window
    requestAt(s, T0 + 2000);
    expect(s[W.GAP_N]).toBe(1);
    expect(s[W.GAP_SUM]).toBeCloseTo(2, 9);
    expect(s[W.REQUEST_AT]).toBe(T0 + 2000);
  });

  it('ignores a request older than the last (clock skew) and keeps the later time', () => {
    const s = newWindow(T0);
    requestAt(s, T0 + 1000);
    requestAt(s, T0 + 400);
    expect(s[W.GAP_N]).toBe(0);
    expect(s[W.REQUEST_AT]).toBe(T0 + 1000);
  });

  it('gives machine-paced requests a low CV whatever happens between them', () => {
    const s = newWindow(T0);
    for (let i = 0; i < 12; i++) {
      requestAt(s, T0 + i * 1000);
      advance(s, T0 + i * 1000 + 100 + ((i * 37) % 800), WINDOW); // responses of varied length
    }
    expect(gapCv(s)).toBeLessThan(0.01);
  });
});

describe('advance (decay)', () => {
  it('decays counters by e^-1 after one window and halves at ln2 windows', () => {
    const s = newWindow(T0);
    advance(s, T0, WINDOW);
    s[W.N] = 100;
    s[W.ELICIT] = 40;
    advance(s, T0 + WINDOW, WINDOW);
    expect(s[W.N]).toBeCloseTo(100 * Math.exp(-1), 6);
    expect(s[W.ELICIT]).toBeCloseTo(40 * Math.exp(-1), 6);

    const h = newWindow(T0);
    h[W.N] = 64;
    advance(h, T0 + Math.LN2 * WINDOW, WINDOW);
    expect(h[W.N]).toBeCloseTo(32, 6);
  });

  it('does not decay the non-decayed tail (template keys, ring)', () => {
    const s = newWindow(T0);
    s[W.N] = 1;
    s[W.TOP_KEY] = 12345;
    s[W.RING] = 999;
    advance(s, T0 + 10 * WINDOW, WINDOW);
    expect(s[W.TOP_KEY]).toBe(12345);
    expect(s[W.RING]).toBe(999);
  });

  it('does not change counters when time goes backwards', () => {
    const s = newWindow(T0);
    s[W.N] = 5;
    advance(s, T0 - 1000, WINDOW);
    expect(s[W.N]).toBe(5);
  });

  it('keeps the previous epoch of a sketch for one window, then drops it', () => {
    const s = newWindow(T0);
    advance(s, T0, WINDOW);
    for (let i = 0; i < 10; i++) sketchAdd(s, SKETCH.member, hashOf(i));
    const before = sketchCount(s, SKETCH.member);
    advance(s, T0 + WINDOW, WINDOW);
    expect(sketchCount(s, SKETCH.member)).toBe(before);
    advance(s, T0 + 2 * WINDOW, WINDOW);
    expect(sketchCount(s, SKETCH.member)).toBe(0);
  });

  it('drops both epochs after a skipped epoch', () => {
    const s = newWindow(T0);
    advance(s, T0, WINDOW);
    sketchAdd(s, SKETCH.client, hashOf(1));
    advance(s, T0 + 3 * WINDOW, WINDOW);
    expect(sketchCount(s, SKETCH.client)).toBe(0);
  });
});

describe('sketchCount', () => {
  it.each([10, 50, 150])('estimates %i distinct values within ±25%%', (distinct) => {
    const s = newWindow(T0);
    advance(s, T0, WINDOW);
    for (let i = 0; i < distinct; i++) {
      sketchAdd(s, SKETCH.client, hashOf(i));
      sketchAdd(s, SKETCH.client, hashOf(i)); // duplicates do not count
    }
    const estimate = sketchCount(s, SKETCH.client);
    expect(estimate).toBeGreaterThanOrEqual(distinct * 0.75);
    expect(estimate).toBeLessThanOrEqual(distinct * 1.25);
  });

  it('saturates near 266 when every bit is set', () => {
    const s = newWindow(T0);
    advance(s, T0, WINDOW);
    for (let i = 0; i < 5_000; i++) sketchAdd(s, SKETCH.endUser, hashOf(i));
    expect(sketchCount(s, SKETCH.endUser)).toBe(266);
  });

  it('is 0 for an empty sketch and keeps sketches separate', () => {
    const s = newWindow(T0);
    advance(s, T0, WINDOW);
    expect(sketchCount(s, SKETCH.member)).toBe(0);
    sketchAdd(s, SKETCH.member, hashOf(1));
    expect(sketchCount(s, SKETCH.member)).toBeGreaterThan(0);
    expect(sketchCount(s, SKETCH.ipPrefix)).toBe(0);
  });
});

/** Counts one request into a cluster's window, from an account in `org` (0: in none), as the detector does. */
function request(s: Float64Array, org: number, established = false): void {
  s[W.N] = (s[W.N] ?? 0) + 1;
  if (established) {
    s[W.ESTABLISHED] = (s[W.ESTABLISHED] ?? 0) + 1;
    establishedOrgAdd(s, org);
  } else if (org !== 0) orgAdd(s, org);
}

describe('account and cluster windows', () => {
  it('keeps an account’s window to the shared fields, decayed and rolled as a cluster’s are', () => {
    const account = newWindow(T0, ACCOUNT_SIZE);
    const cluster = newWindow(T0);
    expect(account.length).toBe(ACCOUNT_SIZE);
    expect(isClusterWindow(account)).toBe(false);
    expect(isClusterWindow(cluster)).toBe(true);
    for (const s of [account, cluster]) {
      advance(s, T0, WINDOW);
      s[W.N] = 10;
      sketchAdd(s, SKETCH.ipPrefix, hashOf(1));
    }
    // A cluster's own counters decay with its shared ones.
    cluster[W.YOUNG] = 10;
    cluster[W.ESTABLISHED] = 4;
    sketchAdd(cluster, SKETCH.member, hashOf(2));
    advance(account, T0 + WINDOW, WINDOW);
    advance(cluster, T0 + WINDOW, WINDOW);
    expect(account[W.N]).toBeCloseTo(10 / Math.E, 9);
    expect(cluster[W.N]).toBeCloseTo(10 / Math.E, 9);
    expect(cluster[W.YOUNG]).toBeCloseTo(10 / Math.E, 9);
    expect(cluster[W.ESTABLISHED]).toBeCloseTo(4 / Math.E, 9);
    // One epoch on, the sketches still count the previous epoch's values; two on, nothing.
    expect(sketchCount(account, SKETCH.ipPrefix)).toBe(sketchCount(cluster, SKETCH.ipPrefix));
    expect(sketchCount(cluster, SKETCH.member)).toBeGreaterThan(0);
    advance(account, T0 + 3 * WINDOW, WINDOW);
    advance(cluster, T0 + 3 * WINDOW, WINDOW);
    expect(sketchCount(account, SKETCH.ipPrefix)).toBe(0);
    expect(sketchCount(cluster, SKETCH.member)).toBe(0);
    // Field for field, the account's window is the cluster's first ACCOUNT_SIZE doubles.
    expect([...account]).toEqual([...cluster.subarray(0, ACCOUNT_SIZE)]);
  });
});

describe('topOrgShare', () => {
  it('is the largest org’s share of the requests, however many other orgs send a few', () => {
    const s = newWindow(T0);
    for (let i = 0; i < 30; i++) request(s, 11);
    request(s, 22);
    request(s, 33);
    request(s, 33);
    expect(topOrgShare(s)).toBeCloseTo(30 / 33, 6);
    // Requests from accounts in no org lower it like any other sender.
    for (let i = 0; i < 7; i++) request(s, 0);
    expect(topOrgShare(s)).toBeCloseTo(30 / 40, 6);
  });

  it('is near 0 for a crowd of one-account orgs, whose entries hold only inherited counts', () => {
    const s = newWindow(T0);
    for (let i = 0; i < 400; i++) request(s, 1000 + i);
    expect(topOrgShare(s)).toBeLessThan(0.05);
    // Ten orgs in turn, a tenth each: no entry keeps its org long enough to count.
    const turns = newWindow(T0);
    for (let i = 0; i < 400; i++) request(turns, 1 + (i % 10));
    expect(topOrgShare(turns)).toBeLessThan(0.1);
    // Two orgs, 60 / 40: each held its entry all along, so the share is exact.
    const two = newWindow(T0);
    for (let i = 0; i < 100; i++) request(two, i % 5 < 3 ? 7 : 8);
    expect(topOrgShare(two)).toBeCloseTo(0.6, 6);
    expect(topOrgKey(two)).toBe(7);
  });

  it('names the org it reads (topOrgKey): none in an empty window or one without orgs', () => {
    const s = newWindow(T0);
    expect(topOrgKey(s)).toBe(0);
    request(s, 0);
    expect(topOrgKey(s)).toBe(0);
    for (let i = 0; i < 3; i++) request(s, 5);
    for (let i = 0; i < 4; i++) request(s, 9);
    expect(topOrgKey(s)).toBe(9);
    expect(topOrgShare(s)).toBeCloseTo(4 / 8, 6);
  });

  it('is read over the requests of accounts that are not established customers', () => {
    const s = newWindow(T0);
    for (let i = 0; i < 20; i++) request(s, 5);
    for (let i = 0; i < 5; i++) request(s, 0);
    // As many again from established customers (counted in ESTABLISHED, not in the summary).
    for (let i = 0; i < 25; i++) request(s, i % 2 === 0 ? 9 : 0, true);
    expect(topOrgShare(s)).toBeCloseTo(20 / 25, 6);
    advance(s, T0 + WINDOW, WINDOW);
    expect(topOrgShare(s)).toBeCloseTo(20 / 25, 6);
    // Only established customers' requests: no cohort to read.
    const established = newWindow(T0);
    established[W.N] = 3;
    established[W.ESTABLISHED] = 3;
    expect(topOrgShare(established)).toBe(0);
  });

  it('is 0 without requests or orgs, and follows the window’s decay', () => {
    const s = newWindow(T0);
    expect(topOrgShare(s)).toBe(0);
    request(s, 0);
    expect(topOrgShare(s)).toBe(0);
    for (let i = 0; i < 9; i++) request(s, 5);
    expect(topOrgShare(s)).toBeCloseTo(0.9, 6);
    // Decay scales the counts and the request count alike: the share holds.
    advance(s, T0 + WINDOW, WINDOW);
    expect(topOrgShare(s)).toBeCloseTo(0.9, 6);
  });
});

describe('cohortOrgKey and cohortShare', () => {
  // The cohort's thresholds: half the share (ORG_COHORT_JOINS, cluster-cohort.ts), and a floor of
  // half that over all requests (ORG_FLOOR, provenance.ts).
  const cohort = (s: Float64Array): number => cohortOrgKey(s, 0.5, 0.5);

  it('counts an org’s own established accounts with it, and leaves other orgs’ out', () => {
    const s = newWindow(T0);
    for (let i = 0; i < 20; i++) request(s, 5);
    for (let i = 0; i < 5; i++) request(s, 0);
    // The class's teacher (an established account of its org): counted with it.
    for (let i = 0; i < 5; i++) request(s, 5, true);
    expect(cohort(s)).toBe(5);
    expect(cohortShare(s, 5)).toBeCloseTo(25 / 30, 6);
    expect(cohortShareOfAll(s, 5)).toBeCloseTo(25 / 30, 6);
    // The whole-cluster reading is of the accounts that are not established customers only.
    expect(topOrgShare(s)).toBeCloseTo(20 / 25, 6);
    advance(s, T0 + WINDOW, WINDOW);
    expect(cohortShare(s, 5)).toBeCloseTo(25 / 30, 6);
  });

  it('is a team of established colleagues’ where no class is, strangers beside it or not', () => {
    const team = newWindow(T0);
    for (let i = 0; i < 12; i++) request(team, 7, true);
    expect(cohort(team)).toBe(7);
    expect(cohortShare(team, 7)).toBe(1);
    // A young stranger of another org and one in none: the team is still 12 of 14.
    request(team, 3);
    request(team, 0);
    expect(cohort(team)).toBe(7);
    expect(cohortShare(team, 7)).toBeCloseTo(12 / 14, 6);
    // Established customers of no org take from the team's counter (a lower bound), and from
    // nobody's share: 10 of them leave the team 2 of its 12, under the floor over all requests.
    for (let i = 0; i < 10; i++) request(team, 0, true);
    expect(cohortShare(team, 7)).toBeCloseTo(2 / 4, 6);
    expect(cohort(team)).toBe(0);
    // Established customers only, in no org: nobody's.
    const none = newWindow(T0);
    for (let i = 0; i < 3; i++) request(none, 0, true);
    expect(cohort(none)).toBe(0);
  });

  it('keeps the class beside a heavier app of another org and a third org’s strangers', () => {
    // A verified app (org 9) sends twice what the class (org 5) sends; a young account of a third
    // org sends now and then. The app holds the established counter, not the class's place.
    const s = newWindow(T0);
    for (let round = 0; round < 30; round++) {
      request(s, 9, true);
      request(s, 9, true);
      request(s, 5);
      if (round % 5 === 4) request(s, 13);
    }
    expect(topOrgKey(s)).toBe(5);
    expect(cohort(s)).toBe(5);
    expect(cohortShare(s, 5)).toBeCloseTo(30 / 36, 6);
    expect(cohortShare(s, 9)).toBeCloseTo(60 / 96, 6);
  });

  it('reads a team that passes the floor over a class that does not', () => {
    // 50 requests of an established team (org 2) and 11 of a small class of another org (org 1)
    // behind the same NAT: the class leads the young requests (11 of 12) but is 0.18 of all.
    const s = newWindow(T0);
    for (let i = 0; i < 50; i++) {
      request(s, 2, true);
      if (i % 5 === 0) request(s, 1);
    }
    request(s, 1);
    request(s, 0);
    expect(topOrgKey(s)).toBe(1);
    expect(cohort(s)).toBe(2);
    expect(cohortShare(s, 2)).toBeCloseTo(50 / 62, 6);
  });

  it('lets a campaign’s aged keys of one org reach no whole-cluster reading', () => {
    // 100 requests from a campaign's young accounts in no org and 400 through aged keys of one org:
    // the keys' org is their own cohort (its accounts take their share), but the cluster is no
    // org's by what its young accounts send (oneOrg: its damping, its campaign components).
    const s = newWindow(T0);
    for (let i = 0; i < 100; i++) {
      request(s, 0);
      for (let k = 0; k < 4; k++) request(s, 77, true);
    }
    expect(topOrgShare(s)).toBe(0);
    expect(topOrgShareOfAll(s)).toBe(0);
    expect(cohortShare(s, 77)).toBeCloseTo(0.8, 6);
  });
});

describe('topShare', () => {
  it('finds one dominant key among noise', () => {
    const s = newWindow(T0);
    const random = createRng(7).next;
    for (let i = 0; i < 1000; i++) {
      const key = random() < 0.8 ? 42 : 1000 + Math.floor(random() * 100_000);
      s[W.N] = (s[W.N] ?? 0) + 1;
      topAdd(s, key);
    }
    expect(topShare(s)).toBeGreaterThanOrEqual(0.6);
  });

  it('is low for all-distinct keys and 0 for an empty window', () => {
    expect(topShare(newWindow(T0))).toBe(0);
    const s = newWindow(T0);
    for (let i = 0; i < 200; i++) {
      s[W.N] = (s[W.N] ?? 0) + 1;
      topAdd(s, hashOf(i));
    }
    expect(topShare(s)).toBeLessThan(0.05);
  });

  it('is 1 for a single repeated key', () => {
    const s = newWindow(T0);
    for (let i = 0; i < 20; i++) {
      s[W.N] = (s[W.N] ?? 0) + 1;
      topAdd(s, 7);
    }
    expect(topShare(s)).toBe(1);
  });
});

describe('seenRecently', () => {
  it('remembers the last RING_SIZE hashes', () => {
    const s = newWindow(T0);
    expect(seenRecently(s, 1)).toBe(false);
    expect(seenRecently(s, 1)).toBe(true);
    for (let i = 2; i < 2 + RING_SIZE; i++) expect(seenRecently(s, i)).toBe(false);
    // 1 has been pushed out of the ring by RING_SIZE newer hashes.
    expect(seenRecently(s, 1)).toBe(false);
    expect(seenRecently(s, 2 + RING_SIZE - 1)).toBe(true);
  });
});

describe('markActive / activeShare', () => {
  const slot = WINDOW / 32;

  it('is 1/32 after one event and 1 when every slot is active', () => {
    const s = newWindow(T0);
    const start = Math.ceil(T0 / slot) * slot;
    markActive(s, start, WINDOW);
    expect(activeShare(s, start, WINDOW)).toBe(1 / 32);
    for (let k = 1; k < 32; k++) markActive(s, start + k * slot, WINDOW);
    expect(activeShare(s, start + 31 * slot, WINDOW)).toBe(1);
  });

  it('shifts old slots out and reads 0 after a window of silence', () => {
    const s = newWindow(T0);
    const start = Math.ceil(T0 / slot) * slot;
    for (let k = 0; k < 16; k++) markActive(s, start + k * slot, WINDOW);
    expect(activeShare(s, start + 15 * slot, WINDOW)).toBe(16 / 32);
    // 20 slots later, only 12 of the 16 active slots are within the window.
    expect(activeShare(s, start + 35 * slot, WINDOW)).toBe(12 / 32);
    expect(activeShare(s, start + 15 * slot + WINDOW, WINDOW)).toBe(0);
  });

  it('counts two events in the same slot once', () => {
    const s = newWindow(T0);
    const start = Math.ceil(T0 / slot) * slot;
    markActive(s, start, WINDOW);
    markActive(s, start + 1, WINDOW);
    expect(activeShare(s, start + 1, WINDOW)).toBe(1 / 32);
  });
});

describe('popcount', () => {
  it.each([
    [0, 0],
    [1, 1],
    [0xff, 8],
    [0x80000000, 1],
    [0xffffffff, 32],
    [0x55555555, 16],
    [-1, 32],
  ])('popcount(%i) = %i', (value, bits) => {
    expect(popcount(value)).toBe(bits);
  });
});

describe('gapCv', () => {
  it('is NaN with fewer than 4 gaps', () => {
    const s = newWindow(T0);
    addGap(s, 1000, WINDOW);
    addGap(s, 1000, WINDOW);
    expect(gapCv(s)).toBeNaN();
  });

  it('ignores non-finite and negative gaps', () => {
    const s = newWindow(T0);
    addGap(s, Infinity, WINDOW);
    addGap(s, -5, WINDOW);
    addGap(s, NaN, WINDOW);
    expect(s[W.GAP_N]).toBe(0);
  });

  it('is ~0 for regular gaps and ~1 for exponential gaps', () => {
    const regular = newWindow(T0);
    for (let i = 0; i < 200; i++) addGap(regular, 2000, WINDOW);
    expect(gapCv(regular)).toBeLessThan(0.01);

    const poisson = newWindow(T0);
    const random = createRng(11).next;
    // Mean 2 s, far below the 60 s clamp so the distribution is barely truncated.
    for (let i = 0; i < 2000; i++) addGap(poisson, -2000 * Math.log(1 - random()), WINDOW);
    const cv = gapCv(poisson);
    expect(cv).toBeGreaterThan(0.8);
    expect(cv).toBeLessThan(1.2);
  });

  it('clamps gaps at one window', () => {
    const s = newWindow(T0);
    addGap(s, 10 * WINDOW, WINDOW);
    expect(s[W.GAP_SUM]).toBe(WINDOW / 1000);
  });
});
