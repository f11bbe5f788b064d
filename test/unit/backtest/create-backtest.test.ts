/**
 * The backtest aggregate: changes by action and tier, tokens withheld (served before, refused
 * now) and how degrade counts, accounts newly affected and released, likely false positives,
 * requests refused before policy left out, what shadowed rules and limits would have done, and the
 * baseline replay's fidelity to the log.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBacktest } from '../../../src/backtest/create-backtest.ts';
import { formatBacktest } from '../../../src/backtest/format-backtest.ts';
import type { RuntimeConfig } from '../../../src/config/load-config.ts';
import type { DecisionRecord } from '../../../src/decision-log/record.ts';
import { policyConfig } from '../../helpers/backtest-logs.ts';
import { EMPTY_INPUT as INPUT, loggedRecord } from '../../helpers/record-arbitrary.ts';

let dir: string;
let current: RuntimeConfig;
let stricter: RuntimeConfig;

const configWith = (name: string, rules: unknown[]): Promise<RuntimeConfig> =>
  policyConfig(dir, name, rules);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dg-backtest-'));
  current = await configWith('current.yaml', [
    { id: 'block-high', when: { score: { gte: 0.8 } }, action: 'block' },
    { id: 'observe-mid', when: { score: { gte: 0.5 } }, action: 'observe' },
  ]);
  stricter = await configWith('candidate.yaml', [
    { id: 'block-high', when: { score: { gte: 0.6 } }, action: 'block' },
    {
      id: 'degrade-mid',
      when: { score: { gte: 0.5 } },
      action: 'degrade',
      degrade: { max_tokens: 200 },
    },
  ]);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** What the current policy logs for `score`. */
function logged(account: string, score: number, extra: Partial<DecisionRecord> = {}) {
  const decision =
    score >= 0.8
      ? {
          action: 'block' as const,
          rule: 'block-high',
          outcome: 'blocked' as const,
          tokens_out: null,
          status: 403,
        }
      : score >= 0.5
        ? { action: 'observe' as const, rule: 'observe-mid' }
        : {};
  return loggedRecord({ account, score, reason: 'policy_rule', ...decision, ...extra });
}

describe('createBacktest', () => {
  it('reports what changes, for whom, and the tokens it withholds', () => {
    const backtest = createBacktest({
      candidate: { file: 'candidate.yaml', config: stricter },
      baseline: { file: 'current.yaml', config: current },
    });
    backtest.add(logged('acct_hydra', 0.9));
    backtest.add(logged('acct_hydra', 0.7, { tokens_out: 800 })); // observe → block
    backtest.add(
      logged('acct_verified', 0.7, { verified: true, tokens_out: 300, tier: 'standard' }),
    );
    backtest.add(logged('acct_eval', 0.55, { declared_use: 'eval', tokens_out: 900 })); // → degrade
    backtest.add(logged('acct_fine', 0.1));
    backtest.add(
      loggedRecord({ account: null, action: 'reject', reason: 'DG_ERR_UNAUTHENTICATED' }),
    );
    const report = backtest.report(INPUT, 0);

    expect(report.requests).toMatchObject({ replayed: 5, rejects: 1 });
    expect(report.fidelity).toEqual({
      compared: 5,
      same_action: 5,
      same_shadow: 5,
      differences: [],
    });
    expect(report.shadow).toEqual([]);
    expect(report.changed).toBe(3);
    expect(report.transitions).toEqual([
      { from: 'observe', to: 'block', requests: 2, tokens_out: 1100 },
      { from: 'observe', to: 'degrade', requests: 1, tokens_out: 900 },
    ]);
    expect(report.actions.after).toMatchObject({ block: 3, degrade: 1, allow: 1, observe: 0 });
    expect(report.tokens).toMatchObject({
      withheld: 1100,
      withheld_requests: 2,
      newly_degraded_requests: 1,
      newly_degraded_tokens: 900,
      degrade_cap_withheld: 700,
    });
    expect(report.accounts.newly_affected).toBe(2);
    expect(report.accounts.newly_affected_top.map((a) => a.key).sort()).toEqual([
      'acct_eval',
      'acct_verified',
    ]);
    expect(
      report.likely_false_positives.top.map((a) => [a.key, a.verified, a.declared_use]),
    ).toEqual([
      ['acct_eval', false, 'eval'],
      ['acct_verified', true, null],
    ]);
    expect(report.tiers.find((t) => t.tier === 'standard')).toMatchObject({
      requests: 1,
      changed: 1,
    });
    expect(report.rules).toContainEqual({ rule: 'block-high', gained: 2, lost: 0 });
  });

  it('counts the tokens a tighter throttle withholds, though the action stays a throttle', async () => {
    const hold = (tierBudget: number) => [
      { id: 'hold', when: { score: { gte: 0.8 } }, action: 'throttle', tier_budget: tierBudget },
    ];
    const backtest = createBacktest({
      candidate: { file: 'tight.yaml', config: await configWith('tight.yaml', hold(0.05)) },
      baseline: { file: 'loose.yaml', config: await configWith('loose.yaml', hold(2)) },
    });
    // Five requests at once, each asking for 1,000 tokens and writing 500: a twentieth of the
    // default tier's 20,000 output tokens a minute holds one of them.
    const throttled = {
      action: 'throttle' as const,
      rule: 'hold',
      reason: 'risk_score',
      status: 200,
      outcome: 'completed' as const,
      tokens_out: 500,
    };
    for (let i = 0; i < 5; i++) backtest.add(logged('acct_hydra', 0.9, throttled));
    const report = backtest.report(INPUT, 0);
    // The rule stays `hold` on both sides (a 429 of its budget is its own): only the tokens say.
    expect(report.changed).toBe(0);
    expect(report.rule_changed).toBe(0);
    expect(report.tokens).toMatchObject({ withheld: 2000, withheld_requests: 4 });
  });

  it("tells a throttle's 429 from a served throttle in the baseline's fidelity", async () => {
    // A twentieth of the default tier's output a minute: one request of 1,000 tokens fits.
    const hold = [
      { id: 'hold', when: { score: { gte: 0.8 } }, action: 'throttle', tier_budget: 0.05 },
    ];
    const config = await configWith('hold.yaml', hold);
    const served = {
      action: 'throttle' as const,
      rule: 'hold',
      status: 200,
      outcome: 'completed' as const,
      tokens_out: 500,
    };
    const refused = {
      action: 'throttle' as const,
      rule: 'hold',
      reason: 'limit:tier:0.05x.output_tokens',
      status: 429,
      outcome: 'throttled' as const,
      tokens_out: null,
    };
    const replayOf = (...records: Partial<DecisionRecord>[]) => {
      const backtest = createBacktest({
        candidate: { file: 'hold.yaml', config },
        baseline: { file: 'hold.yaml', config },
      });
      // One millisecond, one process: replayed in the order logged (start-order.test.ts).
      records.forEach((record, i) =>
        backtest.add(logged('acct_hydra', 0.9, { ...record, request_id: `req_AAAAAAAAAAAA${i}` })),
      );
      return backtest.report(INPUT, 0).fidelity;
    };
    // As the proxy decided: the first served, the second refused.
    expect(replayOf(served, refused)).toMatchObject({ same_action: 2, differences: [] });
    // A log the replay cannot reproduce (the second request's unit spent by the first): both
    // differ, though every action is a throttle.
    expect(replayOf(refused, served)).toMatchObject({
      compared: 2,
      same_action: 0,
      differences: [
        { logged: 'throttle (429)', replayed: 'throttle', requests: 1 },
        { logged: 'throttle', replayed: 'throttle (429)', requests: 1 },
      ],
    });
    // A shared limit store's outage refused the first (503): the replay's store is always
    // there, so it serves that one and refuses the second — named as what they were.
    const outage = { ...served, status: 503, outcome: 'rejected' as const, tokens_out: null };
    expect(replayOf(outage, refused)).toMatchObject({
      same_action: 1,
      differences: [{ logged: 'throttle (503)', replayed: 'throttle', requests: 1 }],
    });
    // WebSocket sessions compare their action only: a session's record carries a turn's
    // decision, whose limits the proxy spent turn by turn and the replay at the upgrade (here
    // the budget refuses sessions 2 to 4 at their upgrades, as it refuses the same requests
    // over HTTP, which are compared whole).
    const session = { ...served, route: 'websocket:realtime' };
    expect(replayOf(session, session, session, session)).toMatchObject({
      same_action: 4,
      differences: [],
    });
    expect(replayOf(served, served, served, served)).toMatchObject({ same_action: 1 });
  });

  it("reads a v7 log's limit-named 429 of a rule's budget as the rule's, not a rule change", async () => {
    const hold = [
      { id: 'hold', when: { score: { gte: 0.8 } }, action: 'throttle', tier_budget: 0.05 },
    ];
    // No baseline: the replay is compared with the log, written before record v8 named a rule's
    // own 429 by the rule. The first request is served, the next four refused by its budget.
    const backtest = createBacktest({
      candidate: { file: 'tight.yaml', config: await configWith('tight.yaml', hold) },
    });
    const served = { action: 'throttle' as const, rule: 'hold', tokens_out: 500 };
    backtest.add(logged('acct_hydra', 0.9, { ...served, status: 200 }));
    // (The record's form is what matters, whatever its `v`: v7 wrote it so.)
    const v7Refusal = {
      action: 'throttle' as const,
      rule: 'limit:tier:0.05x',
      reason: 'output_tokens',
      status: 429,
      outcome: 'throttled' as const,
      tokens_out: null,
    };
    for (let i = 0; i < 4; i++) backtest.add(logged('acct_hydra', 0.9, v7Refusal));
    const report = backtest.report(INPUT, 0);
    expect(report.changed).toBe(0);
    expect(report.rule_changed).toBe(0);
    // A refusal of another limit is another refusal: a rule change.
    const other = createBacktest({
      candidate: { file: 'tight.yaml', config: await configWith('tight.yaml', hold) },
    });
    other.add(logged('acct_hydra', 0.9, { ...served, status: 200 }));
    other.add(logged('acct_hydra', 0.9, { ...v7Refusal, rule: 'limit:per-account' }));
    expect(other.report(INPUT, 0).rule_changed).toBe(1);
  });

  it('counts what shadowed rules and limits would have done, before and after', async () => {
    const staging = await configWith('staging.yaml', [
      { id: 'block-high', when: { score: { gte: 0.8 } }, action: 'block' },
      { id: 'stage-block', when: { score: { gte: 0.5 } }, action: 'block', mode: 'shadow' },
      { id: 'observe-mid', when: { score: { gte: 0.5 } }, action: 'observe' },
    ]);
    const backtest = createBacktest({ candidate: { file: 'staging.yaml', config: staging } });
    // Logged under a trial of a shadow limit: one of its would-be 429s, one matched request.
    const watched = { action: 'throttle' as const, rule: 'limit:watch', reason: 'requests' };
    backtest.add(logged('acct_a', 0.9, { shadow: watched }));
    backtest.add(logged('acct_b', 0.7));
    backtest.add(logged('acct_c', 0.6));
    backtest.add(logged('acct_d', 0.1));
    const report = backtest.report(INPUT, 0);
    // Staging changes no enforced decision: block-high still decides first where it matches.
    expect(report.changed).toBe(0);
    expect(report.shadow).toEqual([
      {
        rule: 'stage-block',
        before: { shadowed: 0, shadow_refusals: 0 },
        after: { shadowed: 2, shadow_refusals: 0 },
      },
      {
        rule: 'limit:watch',
        before: { shadowed: 1, shadow_refusals: 1 },
        after: { shadowed: 0, shadow_refusals: 0 },
      },
    ]);
    const text = formatBacktest(report);
    const header = text.findIndex((line) => line.startsWith('Shadowed rules and shadow limits'));
    expect(header).toBeGreaterThan(0);
    expect(text.slice(header + 1).find((line) => line.startsWith('stage-block'))).toMatch(
      /^stage-block\s+0\s+0\s+2\s+0$/,
    );
  });

  it("counts the logged shadows the baseline's replay reproduces: action, rule and reason", async () => {
    const staging = await configWith('staging-fidelity.yaml', [
      { id: 'stage-block', when: { score: { gte: 0.5 } }, action: 'block', mode: 'shadow' },
    ]);
    const reason = staging.policy.rules[0]?.decision.reason ?? '';
    const backtest = createBacktest({
      candidate: { file: 'staging.yaml', config: staging },
      baseline: { file: 'staging.yaml', config: staging },
    });
    const shadow = { action: 'block' as const, rule: 'stage-block', reason };
    backtest.add(logged('acct_a', 0.7, { action: 'allow', rule: null, shadow }));
    backtest.add(
      logged('acct_b', 0.7, {
        action: 'allow',
        rule: null,
        shadow: { ...shadow, reason: 'other' },
      }),
    );
    backtest.add(
      logged('acct_c', 0.7, { action: 'allow', rule: null, shadow: { ...shadow, rule: 'x' } }),
    );
    backtest.add(logged('acct_d', 0.7, { action: 'allow', rule: null, shadow: null }));
    backtest.add(logged('acct_e', 0.1, { shadow: null }));
    expect(backtest.report(INPUT, 0).fidelity).toMatchObject({
      compared: 5,
      same_action: 5,
      same_shadow: 2,
    });
  });

  it('compares with the log when no baseline is given, and says so', () => {
    const backtest = createBacktest({ candidate: { file: 'current.yaml', config: current } });
    backtest.add(logged('acct_a', 0.9));
    backtest.add(
      logged('acct_b', 0.6, {
        action: 'block',
        rule: 'old-rule',
        outcome: 'blocked',
        tokens_out: null,
      }),
    );
    const report = backtest.report(INPUT, 0);
    expect(report.baseline).toEqual({ source: 'log' });
    expect(report.fidelity).toBeNull();
    expect(report.transitions).toEqual([
      { from: 'block', to: 'observe', requests: 1, tokens_out: 0 },
    ]);
    expect(report.tokens.released_requests).toBe(1);
    expect(report.tokens.released_tokens_at_most).toBe(1000);
    expect(report.accounts.released).toBe(1);
    expect(report.approximations.some((line) => line.includes('--baseline'))).toBe(true);
  });

  it('says how many records are blocks the in-flight re-check made', () => {
    const inFlight = (line: string): boolean => line.includes('in-flight re-check');
    const plain = createBacktest({ candidate: { file: 'current.yaml', config: current } });
    plain.add(logged('acct_a', 0.9));
    expect(plain.report(INPUT, 0).approximations.some(inFlight)).toBe(false);
    const backtest = createBacktest({ candidate: { file: 'current.yaml', config: current } });
    backtest.add(logged('acct_a', 0.9));
    backtest.add(logged('acct_b', 0.9, { error: 'DG_ERR_BLOCKED', detail: 'withheld_in_flight' }));
    backtest.add(
      logged('acct_c', 0.9, {
        outcome: 'cut',
        status: 200,
        error: 'DG_ERR_BLOCKED',
        detail: 'cut_in_flight',
      }),
    );
    const lines = backtest.report(INPUT, 0).approximations.filter(inFlight);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^2 records are blocks the in-flight re-check made/);
  });
});
