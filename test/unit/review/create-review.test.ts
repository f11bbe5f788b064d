/**
 * The review aggregate on hand-made records: accounts ranked by peak score with the rules and
 * factors behind their actions, clusters with their accounts, the factors behind policy actions,
 * the rules, one account's timeline with every non-allow request and its reasons, and the bounds.
 */
import { describe, expect, it } from 'vitest';
import type { DecisionRecord } from '../../../src/decision-log/record.ts';
import { createReview } from '../../../src/review/create-review.ts';
import { EMPTY_INPUT as INPUT, loggedRecord } from '../../helpers/record-arbitrary.ts';

const cluster = {
  id: 'cl_9',
  link: 'skeleton',
  accounts: 40,
  risk: 0.9,
  flagged: true,
  specific: true,
};

function blocked(account: string, second: number, extra: Partial<DecisionRecord> = {}) {
  return loggedRecord({
    account,
    ts: `2026-12-01T10:00:${String(second).padStart(2, '0')}.000Z`,
    request_id: `req_${account}_${second}`,
    action: 'block',
    rule: 'risk-block',
    reason: 'risk_score',
    score: 0.9,
    families: ['templates', 'cluster'],
    factors: [
      { signal: 'templates.top_share', value: 0.9, contribution: 0.3 },
      { signal: 'cluster.risk.skeleton', value: 0.9, contribution: 0.765 },
    ],
    cluster,
    status: 403,
    outcome: 'blocked',
    tokens_out: null,
    ...extra,
  });
}

describe('createReview: answers stopped in flight', () => {
  it('counts the blocks the in-flight re-check made, withheld or cut, apart from the others', () => {
    const review = createReview({ filter: {} });
    review.add(blocked('acct_a', 1));
    review.add(blocked('acct_b', 2, { detail: 'withheld_in_flight' }));
    review.add(blocked('acct_c', 3, { detail: 'cut_in_flight', outcome: 'cut', status: 200 }));
    const report = review.report(INPUT, Date.parse('2026-12-02T00:00:00Z'));
    expect(report.totals.actions.block).toBe(3);
    expect(report.totals.stopped_in_flight).toBe(2);
  });
});

describe('createReview', () => {
  const review = createReview({ filter: {} });
  for (let s = 0; s < 5; s++)
    review.add(loggedRecord({ account: 'acct_good', ts: `2026-12-01T10:00:0${s}.000Z` }));
  review.add(blocked('acct_hydra_1', 1));
  review.add(blocked('acct_hydra_1', 2, { score: 0.95 }));
  review.add(blocked('acct_hydra_2', 3));
  review.add(
    loggedRecord({
      account: 'acct_good',
      ts: '2026-12-01T10:00:09.000Z',
      action: 'observe',
      rule: 'risk-observe',
      reason: 'risk_score',
      score: 0.5,
      factors: [{ signal: 'volume.request_rate', value: 3, contribution: 0.2 }],
      families: ['volume'],
    }),
  );
  const report = review.report(INPUT, Date.parse('2026-12-02T00:00:00Z'));

  it('ranks accounts by peak score and explains their actions', () => {
    expect(report.accounts.map((a) => [a.account, a.max_score, a.requests])).toEqual([
      ['acct_hydra_1', 0.95, 2],
      ['acct_hydra_2', 0.9, 1],
      ['acct_good', 0.5, 6],
    ]);
    const hydra = report.accounts[0];
    expect(hydra?.rules).toEqual([{ name: 'risk-block', count: 2 }]);
    expect(hydra?.factors).toEqual([{ name: 'cluster.risk.skeleton', count: 2 }]);
    expect(hydra?.cluster).toEqual({ id: 'cl_9', risk: 0.9 });
    expect(report.totals.actions).toMatchObject({ allow: 5, observe: 1, block: 3 });
    expect(report.totals.stopped_in_flight).toBe(0);
  });

  it('summarises clusters, the factors behind policy actions and the rules', () => {
    expect(report.clusters).toMatchObject([
      { id: 'cl_9', accounts: 2, accounts_estimate: 40, requests: 3, flagged: true, max_risk: 0.9 },
    ]);
    expect(report.decisions).toBe(4);
    expect(report.factors.map((f) => [f.signal, f.decisions, f.top])).toEqual([
      ['cluster.risk.skeleton', 3, 3],
      ['volume.request_rate', 1, 1],
      ['templates.top_share', 3, 0],
    ]);
    expect(
      report.rules.map((r) => [r.rule, r.actions.block, r.actions.observe, r.accounts]),
    ).toEqual([
      ['risk-block', 3, 0, 2],
      ['risk-observe', 0, 1, 1],
    ]);
    expect(report.timeline).toBeNull();
  });

  it("counts a shadowed throttle's would-be 429s apart from its matches", () => {
    const staged = createReview({ filter: {} });
    const shadowed = (second: number, shadow: DecisionRecord['shadow']) =>
      loggedRecord({
        account: 'acct_verified',
        ts: `2026-12-01T10:00:${String(second).padStart(2, '0')}.000Z`,
        mode: 'shadow',
        shadow,
      });
    const throttle = { action: 'throttle', rule: 'verified-throttle' } as const;
    staged.add(shadowed(1, { ...throttle, reason: 'risk_score_capped' }));
    staged.add(shadowed(2, { ...throttle, reason: 'limit:tier:2x.requests' }));
    staged.add(shadowed(3, { ...throttle, reason: 'limit:tier:2x.output_tokens' }));
    staged.add(shadowed(4, { action: 'throttle', rule: 'limit:trial', reason: 'requests' }));
    const rules = staged.report(INPUT, 0).rules;
    expect(rules.map((r) => [r.rule, r.shadowed, r.shadow_refusals])).toEqual([
      ['verified-throttle', 3, 2],
      ['limit:trial', 1, 1],
    ]);
  });

  it("counts a throttle rule's own 429s apart from what it served, and a limit's", () => {
    const review = createReview({ filter: {} });
    const at = (second: number, fields: Partial<DecisionRecord>) =>
      loggedRecord({
        account: 'acct_hydra',
        ts: `2026-12-01T10:00:${String(second).padStart(2, '0')}.000Z`,
        action: 'throttle',
        ...fields,
      });
    const rule = { rule: 'verified-hydra-throttle', status: 200 } as const;
    review.add(at(1, { ...rule, reason: 'risk_score_capped' }));
    review.add(at(2, { ...rule, reason: 'limit:tier:0.25x:cluster.requests', status: 429 }));
    review.add(at(3, { ...rule, reason: 'limit:tier:0.25x.output_tokens', status: 429 }));
    review.add(at(4, { rule: 'limit:per-account', reason: 'requests', status: 429 }));
    const rules = review.report(INPUT, 0).rules;
    expect(rules.map((r) => [r.rule, r.actions.throttle, r.refusals])).toEqual([
      ['verified-hydra-throttle', 3, 2],
      ['limit:per-account', 1, 1],
    ]);
  });

  it("lists an account's non-allow requests with their rule and factors, largest first", () => {
    const one = createReview({ filter: { account: 'acct_hydra_1' }, timelineLimit: 1 });
    one.add(blocked('acct_hydra_1', 1));
    one.add(blocked('acct_hydra_1', 2));
    one.add(loggedRecord({ account: 'acct_hydra_1', ts: '2026-12-01T10:00:03.000Z' }));
    const timeline = one.report(INPUT, 0).timeline;
    expect(timeline).toMatchObject({
      account: 'acct_hydra_1',
      requests: 3,
      allowed: 1,
      omitted: 1,
    });
    expect(timeline?.events.map((e) => [e.request_id, e.rule, e.factors[0]?.signal])).toEqual([
      ['req_acct_hydra_1_2', 'risk-block', 'cluster.risk.skeleton'],
    ]);
  });

  it('stays within its capacities and says what it dropped', () => {
    const small = createReview({ filter: {}, accountCapacity: 4 });
    for (let i = 0; i < 20; i++) small.add(loggedRecord({ account: `acct_${i}`, score: i / 100 }));
    const bounded = small.report(INPUT, 0);
    expect(bounded.bounds.accounts_tracked).toBeLessThanOrEqual(4);
    expect(bounded.bounds.accounts_dropped).toBeGreaterThan(0);
    expect(bounded.totals.requests).toBe(20);
    expect(bounded.accounts[0]?.account).toBe('acct_19');
  });
});
