import { describe, expect, it } from 'vitest';
import { mergeWindows } from '../../../src/detection/merge-windows.ts';
import {
  ACCOUNT_SIZE,
  advance,
  markActive,
  newWindow,
  SKETCH,
  sketchAdd,
  sketchCount,
  topAdd,
  topShare,
  W,
} from '../../../src/detection/window-state.ts';
import {
  cohortShare,
  establishedOrgAdd,
  orgAdd,
  topOrgShare,
} from '../../../src/detection/window-orgs.ts';

const WINDOW = 60_000;

function observe(
  s: Float64Array,
  now: number,
  account: number,
  template: number,
  org = 0,
  established = false,
): void {
  advance(s, now, WINDOW);
  s[W.N] = (s[W.N] ?? 0) + 1;
  s[W.YOUNG] = (s[W.YOUNG] ?? 0) + (established ? 0 : 1);
  if (established) {
    s[W.ESTABLISHED] = (s[W.ESTABLISHED] ?? 0) + 1;
    sketchAdd(s, SKETCH.established, account);
    establishedOrgAdd(s, org);
  }
  s[W.ELICIT] = (s[W.ELICIT] ?? 0) + 1;
  markActive(s, now, WINDOW);
  sketchAdd(s, SKETCH.member, account);
  topAdd(s, template);
  if (org !== 0 && !established) orgAdd(s, org);
}

describe('mergeWindows', () => {
  it('pools two replicas’ halves of the traffic into what one replica seeing all of it has', () => {
    const t0 = 1_000_000;
    const whole = newWindow(t0);
    const halves = [newWindow(t0), newWindow(t0)];
    for (let i = 0; i < 40; i++) {
      const now = t0 + i * 1500;
      const account = 0x9e3779b1 * (i % 13);
      const template = i % 5 === 0 ? 7 : 3;
      // One org sends most; each replica also meets a different stranger org.
      const org = i % 10 === 3 ? 500 + (i % 2) : i % 10 === 7 ? 0 : 42;
      // A tenth from the org's established accounts (its teacher's): not in the org summary.
      const established = i % 10 === 1;
      observe(whole, now, account, template, org, established);
      observe(halves[i % 2] as Float64Array, now, account, template, org, established);
    }
    const end = t0 + 70_000;
    const pooled = mergeWindows(
      halves[0] as Float64Array,
      [halves[1] as Float64Array],
      end,
      WINDOW,
      new Float64Array(W.SIZE),
      new Float64Array(W.SIZE),
    );
    advance(whole, end, WINDOW);
    expect(pooled[W.N]).toBeCloseTo(whole[W.N] ?? 0, 6);
    expect(pooled[W.ELICIT]).toBeCloseTo(whole[W.ELICIT] ?? 0, 6);
    expect(sketchCount(pooled, SKETCH.member)).toBeCloseTo(sketchCount(whole, SKETCH.member), 6);
    // A cluster's own fields pool too: its members' provenance and its established members.
    expect(pooled[W.YOUNG]).toBeCloseTo(whole[W.YOUNG] ?? 0, 6);
    expect(pooled[W.YOUNG]).toBeGreaterThan(0);
    expect(pooled[W.ESTABLISHED]).toBeCloseTo(whole[W.ESTABLISHED] ?? 0, 6);
    expect(sketchCount(pooled, SKETCH.established)).toBeCloseTo(
      sketchCount(whole, SKETCH.established),
      6,
    );
    expect(sketchCount(pooled, SKETCH.established)).toBeGreaterThan(0);
    expect(topShare(pooled)).toBeCloseTo(topShare(whole), 1);
    expect(topOrgShare(pooled)).toBeCloseTo(topOrgShare(whole), 6);
    // About 28 of the 36 requests from accounts that are not established (decayed unevenly).
    expect(topOrgShare(pooled)).toBeCloseTo(28 / 36, 1);
    expect(cohortShare(pooled, 42)).toBeCloseTo(cohortShare(whole, 42), 6);
    expect(cohortShare(pooled, 42)).toBeGreaterThan(topOrgShare(pooled));
    // Two replicas each seeing a crowd of one-account orgs: pooled, still no org's cohort.
    const crowd = [newWindow(t0), newWindow(t0)];
    for (let i = 0; i < 200; i++) observe(crowd[i % 2] as Float64Array, t0 + i, i, 3, 9000 + i);
    const pooledCrowd = mergeWindows(
      crowd[0] as Float64Array,
      [crowd[1] as Float64Array],
      t0 + 200,
      WINDOW,
      new Float64Array(W.SIZE),
      new Float64Array(W.SIZE),
    );
    expect(topOrgShare(pooledCrowd)).toBeLessThan(0.05);
    expect(pooled[W.SLOTS]).toBe(whole[W.SLOTS]);
    expect(pooled[W.FIRST]).toBe(t0);
    // The inputs are left as they were.
    expect(halves[0]?.[W.LAST]).toBe(t0 + 38 * 1500);
  });

  it('pools the established customers’ leading org as one counter over both streams would', () => {
    const t0 = 1_000_000;
    const at = (s: Float64Array, n: number, org: number, from: number): void => {
      for (let i = 0; i < n; i++) observe(s, from + i, 100 + i, 3, org, true);
    };
    const pool = (a: Float64Array, b: Float64Array): Float64Array =>
      mergeWindows(a, [b], t0 + 100, WINDOW, new Float64Array(W.SIZE), new Float64Array(W.SIZE));
    // One team on both replicas: its counts add.
    const [a, b] = [newWindow(t0), newWindow(t0)];
    at(a, 12, 7, t0);
    at(b, 8, 7, t0);
    const team = pool(a, b);
    expect(team[W.EST_ORG_KEY]).toBe(7);
    expect(team[W.EST_ORG_COUNT]).toBeCloseTo(20, 0);
    // Two orgs, one a replica: they cancel, the larger keeping what is left (a lower bound).
    const [c, d] = [newWindow(t0), newWindow(t0)];
    at(c, 5, 3, t0);
    at(d, 12, 7, t0);
    const two = pool(c, d);
    expect(two[W.EST_ORG_KEY]).toBe(7);
    expect(two[W.EST_ORG_COUNT]).toBeCloseTo(7, 0);
    expect(pool(d, c)[W.EST_ORG_KEY]).toBe(7);
    expect(cohortShare(two, 3)).toBe(0);
  });

  it('refuses an account’s window, which has no cluster fields to pool', () => {
    const short = newWindow(0, ACCOUNT_SIZE);
    // As the local window, and as another replica's.
    for (const [local, others] of [
      [short, []],
      [newWindow(0), [short]],
    ] as const)
      expect(() =>
        mergeWindows(local, others, 10, WINDOW, new Float64Array(W.SIZE), new Float64Array(W.SIZE)),
      ).toThrow(RangeError);
  });

  it('pools with no other window into a copy of the local one', () => {
    const local = newWindow(0);
    observe(local, 10, 1, 1);
    const pooled = mergeWindows(
      local,
      [],
      10,
      WINDOW,
      new Float64Array(W.SIZE),
      new Float64Array(W.SIZE),
    );
    expect([...pooled]).toEqual([...local]);
  });
});
