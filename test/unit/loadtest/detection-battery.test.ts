/**
 * The detection battery's reading and table (loadtest/detection-battery.ts): what one run's report
 * says, and what moved between two builds, per run and in total.
 */
import { describe, expect, it } from 'vitest';
import {
  batteryTable,
  movesTable,
  readRun,
  sideOrder,
  STANDARD_RUNS,
  type RunReport,
} from '../../../loadtest/detection-battery.ts';
import type { ActorResult, CampaignResult } from '../../../src/simulator/report.ts';

function campaign(name: string, servedTokens: number, servedShare: number | null): CampaignResult {
  return {
    campaign: name,
    servedRequests: 1,
    servedTokens,
    refusedRequests: 0,
    servedShare,
    servedBeforeActionTokens: servedTokens,
    servedBeforeActionShare: servedShare,
    servedOnFirstRequestTokens: 0,
    servedOnFirstRequestShare: 0,
    coverRequests: 0,
    harvestServedShare: servedShare,
    harvestServedBeforeActionShare: servedShare,
  };
}

function actor(
  name: string,
  role: ActorResult['role'],
  actioned: number,
  active: number,
): ActorResult {
  return {
    name,
    persona: `${name}-persona`,
    role,
    campaign: role === 'distiller' ? name : null,
    activeAccounts: active,
    actionedAccounts: actioned,
    actionedShare: actioned / active,
    caught: role === 'distiller' ? actioned >= 0.95 * active : null,
    requests: active * 10,
    actionedRequests: actioned * 5,
    firstAction: null,
  };
}

function report(
  tp: number,
  fn: number,
  legitimate: [actioned: number, active: number],
  campaigns: CampaignResult[],
  actors: ActorResult[] = [],
): RunReport {
  return {
    enforced: {
      actors,
      accounts: {
        tp,
        fp: legitimate[0],
        fn,
        tn: legitimate[1] - legitimate[0],
        precision: 1,
        recall: 1,
      },
      legitimate: {
        activeAccounts: legitimate[1],
        actionedAccounts: legitimate[0],
        actionedShare: legitimate[0] / legitimate[1],
        declaredUseActioned: 0,
        actionedIds: [],
      },
      campaigns,
    },
  };
}

describe('readRun', () => {
  it('reads distiller and legitimate accounts, served tokens and the worst campaign', () => {
    const reading = readRun(
      report(
        90,
        10,
        [2, 200],
        [campaign('a', 1000, 0.04), campaign('b', 500, 0.12), campaign('c', 0, null)],
      ),
    );
    expect(reading).toEqual({
      distillers: 100,
      distillersActioned: 90,
      legitimate: 200,
      legitimateActioned: 2,
      servedTokens: 1500,
      worst: { campaign: 'b', share: 0.12 },
      actors: new Map(),
    });
    const withActors = readRun(
      report(
        3,
        1,
        [1, 10],
        [],
        [actor('hydra', 'distiller', 3, 4), actor('class', 'legitimate', 1, 10)],
      ),
    );
    expect([...withActors.actors]).toEqual([
      ['hydra', { role: 'distiller', active: 4, actioned: 3 }],
      ['class', { role: 'legitimate', active: 10, actioned: 1 }],
    ]);
    expect(readRun(report(0, 0, [0, 5], [])).worst).toBeUndefined();
  });
});

describe('batteryTable', () => {
  const a = new Map([
    ['default:1', readRun(report(90, 10, [0, 200], [campaign('x', 1000, 0.05)]))],
    ['holdout:1', readRun(report(50, 0, [1, 100], [campaign('y', 400, 0.2)]))],
  ]);
  const b = new Map([
    ['default:1', readRun(report(95, 5, [1, 200], [campaign('x', 900, 0.045)]))],
    ['holdout:1', readRun(report(50, 0, [0, 100], [campaign('y', 500, 0.25)]))],
    ['waves:1', readRun(report(10, 0, [0, 10], []))],
  ]);

  it('prints each run A → B and the totals over the runs both sides completed', () => {
    const lines = batteryTable(['default:1', 'holdout:1', 'waves:1'], a, b);
    expect(lines[2]).toBe(
      '| `default` 1 | 90 / 100 → 95 / 100 | 0 / 200 → 1 / 200 | −10.0% | 5.0% (`x`) → 4.5% (`x`) |',
    );
    expect(lines[3]).toBe(
      '| `holdout` 1 | 50 / 50 → 50 / 50 | 1 / 100 → 0 / 100 | +25.0% | 20.0% (`y`) → 25.0% (`y`) |',
    );
    // waves ran on B only: failed on A, left out of the totals.
    expect(lines[4]).toBe('| `waves` 1 | failed (A) | | | |');
    expect(lines[5]).toBe('| **all 2** | **140 → 145** | **1 → 1** | **+0.0%** (1400 → 1400) | |');
  });

  it('reads one build alone without a baseline', () => {
    const lines = batteryTable(['default:1', 'redteam:1'], new Map(), b);
    expect(lines[2]).toBe('| `default` 1 | 95 / 100 | 1 / 200 | 900 | 4.5% (`x`) |');
    expect(lines[3]).toBe('| `redteam` 1 | failed (B) | | | |');
    expect(lines[4]).toBe('| **all 1** | **95** | **1** | 900 | |');
  });

  it('has every scenario in its standard runs', () => {
    const scenarios = new Set(STANDARD_RUNS.map((run) => run.split(':')[0]));
    expect(scenarios).toEqual(
      new Set([
        'default',
        'holdout',
        'waves',
        ...[1, 2, 3, 4, 5, 6, 7, 8].map((n) => `redteam${n === 1 ? '' : n}`),
      ]),
    );
  });
});

describe('movesTable', () => {
  const run = (actors: ActorResult[]) => readRun(report(0, 0, [0, 1], [], actors));
  const a = new Map([
    [
      'redteam7:1',
      run([
        actor('r7-undertow', 'distiller', 25, 160),
        actor('r7-syllabus', 'distiller', 107, 300),
        actor('r7-marbled', 'distiller', 30, 140),
        actor('r7l-campus', 'legitimate', 4, 40),
        actor('r7-gone', 'distiller', 5, 10),
      ]),
    ],
    ['default:1', run([actor('camp-eta', 'distiller', 50, 50)])],
  ]);
  const b = new Map([
    [
      'redteam7:1',
      run([
        actor('r7-undertow', 'distiller', 38, 160),
        actor('r7-syllabus', 'distiller', 105, 301),
        actor('r7-marbled', 'distiller', 31, 140),
        actor('r7l-campus', 'legitimate', 0, 40),
        actor('r7-new', 'distiller', 3, 3),
      ]),
    ],
    ['default:1', run([actor('camp-eta', 'distiller', 50, 50)])],
    ['waves:1', run([actor('w', 'distiller', 9, 9)])],
  ]);

  it('lists the actors that moved by at least `least`, largest first, and sums the rest', () => {
    expect(movesTable(['redteam7:1', 'default:1', 'waves:1'], a, b)).toEqual([
      '| run | actor | accounts actioned, A → B (active) | change |',
      '| --- | --- | --- | --- |',
      '| `redteam7` 1 | `r7-undertow` (distiller) | 25 → 38 (160 → 160) | +13 |',
      '| `redteam7` 1 | `r7-gone` (distiller) | 5 → 0 (10 → 0) | −5 |',
      '| `redteam7` 1 | `r7l-campus` (legitimate) | 4 → 0 (40 → 40) | −4 |',
      '| `redteam7` 1 | `r7-new` (distiller) | 0 → 3 (0 → 3) | +3 |',
      // Below 3: summed, both ways (r7-syllabus −2, r7-marbled +1); default 1 did not move;
      // waves ran on B only.
      '| `redteam7` 1 | 2 other actors | +1 / −2 | |',
    ]);
  });

  it('shows every move with `least` 1, and nothing for a run where nobody moved', () => {
    const lines = movesTable(['default:1', 'redteam7:1'], a, b, 1);
    expect(lines.filter((line) => line.includes('`default`'))).toEqual([]);
    expect(lines.filter((line) => line.includes('`redteam7`'))).toHaveLength(6);
  });
});

describe('sideOrder', () => {
  it('alternates which build runs first, run by run; B alone without a baseline', () => {
    expect([0, 1, 2, 3].map((index) => sideOrder(index, true))).toEqual([
      ['A', 'B'],
      ['B', 'A'],
      ['A', 'B'],
      ['B', 'A'],
    ]);
    // The standard battery's two redteam8 seeds run in opposite orders.
    const eights = STANDARD_RUNS.flatMap((run, index) =>
      run.startsWith('redteam8:') ? [sideOrder(index, true)[0]] : [],
    );
    expect(new Set(eights)).toEqual(new Set(['A', 'B']));
    expect(sideOrder(1, false)).toEqual(['B']);
  });
});
