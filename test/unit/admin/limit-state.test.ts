/**
 * The admin API's view of an account's limit buckets: each limit and tier budget as admission
 * spends it, and the staged twin of one a shadowed throttle rule stages while an enforcing rule
 * names it — so what a staged rule has spent is visible before it is enforced.
 */
import { describe, expect, it } from 'vitest';
import { limitState } from '../../../src/admin/limit-state.ts';
import { configSchema } from '../../../src/config/schema.ts';
import { ZERO_SCORE } from '../../../src/detection/score.ts';
import { admitLimits } from '../../../src/limits/admit-limits.ts';
import { compileLimits } from '../../../src/limits/compile-limits.ts';
import { MemoryLimitStore } from '../../../src/limits/limit-store.ts';
import { testAccount, testFacts } from '../../helpers/request-fixtures.ts';

const tiers = {
  tiers: {
    free: { requests_per_minute: 3, input_tokens_per_minute: 1e6, output_tokens_per_minute: 1e6 },
  },
  defaultTier: 'free',
};

function compile(stagedRule: Record<string, unknown>) {
  return compileLimits(
    configSchema.shape.policy.parse({
      limits: [
        {
          id: 'tight',
          scope: 'account',
          applies: 'throttled',
          requests: { limit: 5, per: '1h' },
          concurrent_streams: 2,
        },
      ],
      rules: [
        {
          id: 'hold',
          when: { score: { gte: 0.9 } },
          action: 'throttle',
          limits: ['tight'],
          tier_budget: 1,
        },
        { id: 'stage', when: { score: { gte: 0.5 } }, action: 'throttle', ...stagedRule },
      ],
    }),
    tiers,
  );
}

const account = { ...testAccount(), tier: 'free' };
const scopes = { account: account.id, keys: [], org: undefined, clusters: [], tier: 'free' };

describe('limitState', () => {
  it('lists the staged twins of what a shadowed rule stages and an enforcing rule names', async () => {
    const limits = compile({ mode: 'shadow', limits: ['tight'], tier_budget: 1 });
    expect([...limits.twinned].sort()).toEqual(['tier:1x', 'tight']);
    const store = new MemoryLimitStore(1000);
    const request = { account, facts: testFacts(), score: ZERO_SCORE, ipPrefix: '192.0.2.0/24' };
    // Two requests staged, one enforced: the twins hold what the staged rule spent.
    const admit = (staged: boolean) => {
      const verdict = staged
        ? admitLimits(limits, store, request, 0, undefined, {
            limits: ['tight'],
            tierBudget: 1,
          })
        : admitLimits(limits, store, request, 0, { limits: ['tight'], tierBudget: 1 });
      // The memory store answers at once.
      if (verdict instanceof Promise) throw new Error('the memory store answered with a promise');
      expect(verdict.ok).toBe(true);
    };
    admit(true);
    admit(true);
    admit(false);
    const view = await limitState(limits, store, scopes, 0);
    const requests = view.filter((bucket) => bucket.dimension === 'requests');
    expect(requests.map((b) => [b.limit, b.mode, b.remaining])).toEqual([
      ['tight', 'enforce', 4],
      ['tight~staged', 'shadow', 3],
      ['tier:1x', 'enforce', 2],
      ['tier:1x~staged', 'shadow', 1],
    ]);
    // Stream slots are the limit's own set: listed once.
    expect(view.filter((b) => b.dimension === 'concurrent_streams').map((b) => b.limit)).toEqual([
      'tight',
    ]);
  });

  it("lists a cluster budget in the buckets of the account's clusters and tier, twinned when staged", async () => {
    const limits = compile({
      mode: 'shadow',
      tier_budget: 1,
      tier_budget_scope: ['account', 'cluster'],
    });
    // The staged rule's account budget is the enforced rule's multiple (twinned); its cluster
    // budget no enforcing rule names (a shadow limit of its own, no twin).
    expect([...limits.twinned]).toEqual(['tier:1x']);
    const store = new MemoryLimitStore(1000);
    const linked = {
      ...ZERO_SCORE,
      cluster: {
        id: 'cl_a',
        link: 'skeleton',
        accounts: 40,
        risk: 1,
        flagged: true,
        specific: true,
      },
    };
    const request = { account, facts: testFacts(), score: linked, ipPrefix: '192.0.2.0/24' };
    const staged = { limits: [], tierBudget: 1, clusterBudget: 1 };
    const verdict = admitLimits(limits, store, request, 0, undefined, staged);
    if (verdict instanceof Promise) throw new Error('the memory store answered with a promise');
    expect(verdict.ok).toBe(true);
    const view = await limitState(limits, store, { ...scopes, clusters: ['cl_a', 'cl_b'] }, 0);
    const cluster = view.filter((b) => b.limit === 'tier:1x:cluster' && b.dimension === 'requests');
    expect(cluster.map((b) => [b.scope, b.scope_value, b.mode, b.remaining])).toEqual([
      ['cluster', 'cl_a@free', 'shadow', 2],
      ['cluster', 'cl_b@free', 'shadow', 3],
    ]);
    // Without the account's tier its cluster budgets are not known.
    const untiered = await limitState(limits, store, { ...scopes, tier: undefined }, 0);
    expect(untiered.some((b) => b.limit === 'tier:1x:cluster')).toBe(false);
  });

  it('has no twin where only shadowed rules name a limit, or none does', () => {
    expect(compile({ mode: 'shadow', tier_budget: 2 }).twinned.size).toBe(0);
    expect(compile({ tier_budget: 2 }).twinned.size).toBe(0);
    // A partial rollout stages the rule for the accounts outside it.
    expect([...compile({ rollout: 10, limits: ['tight'] }).twinned]).toEqual(['tight']);
  });
});
