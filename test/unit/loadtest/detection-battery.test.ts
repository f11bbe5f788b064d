/**
 * The detection battery's reading and table (loadtest/detection-battery.ts): what one run's report
 * says, and what moved between two builds, per run and in total.
 */
import { describe, expect, it } from 'vitest';
import {
  batteryTable,
  readRun,
  STANDARD_RUNS,
  type RunReport,
} from '../../../loadtest/detection-battery.ts';
import type { CampaignResult } from '../../../src/simulator/report.ts';

function campaign(name: string, servedTokens: number, servedShare: number | null): CampaignResult {
  return {
    campaign: name,
    servedRequests: 1,
    servedTokens,
    refusedRequests: 0,
    servedShare,
    servedBeforeActionTokens: servedTokens,
    servedBeforeActionShare: servedShare,
    coverRequests: 0,
    harvestServedShare: servedShare,
    harvestServedBeforeActionShare: servedShare,
  };
}

function report(
  tp: number,
  fn: number,
  legitimate: [actioned: number, active: number],
  campaigns: CampaignResult[],
): RunReport {
  return {
    enforced: {
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
    });
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
