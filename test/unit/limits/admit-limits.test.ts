import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../src/config/schema.ts';
import { detectionSchema } from '../../../src/detection/detection-schema.ts';
import { compileDetection } from '../../../src/detection/detection-settings.ts';
import { ZERO_SCORE, type Score } from '../../../src/detection/score.ts';
import { admitLimits as admitAny, type LimitVerdict } from '../../../src/limits/admit-limits.ts';
import { bucketKey, stagedBucketId } from '../../../src/limits/limit-scopes.ts';
import { refusedDecision } from '../../../src/limits/limit-refusals.ts';
import { settleLimits, unfinishedStreamOutput } from '../../../src/limits/settle-limits.ts';
import { compileLimits } from '../../../src/limits/compile-limits.ts';
import { StreamBudget } from '../../../src/limits/stream-budget.ts';
import {
  MemoryLimitStore,
  type BucketSpend,
  type LimitStore,
  type SlotClaim,
  type SpendOutcome,
} from '../../../src/limits/limit-store.ts';
import type { RequestFacts } from '../../../src/signals/request-facts.ts';
import { messagesFacts, testAccount, testFacts } from '../../helpers/request-fixtures.ts';

/** The memory store answers synchronously: no promise on its path. */
function admitLimits(...args: Parameters<typeof admitAny>): LimitVerdict {
  const verdict = admitAny(...args);
  if (verdict instanceof Promise) throw new Error('the memory store answered with a promise');
  return verdict;
}

const account = testAccount();
/** An enforced throttle rule switching on the `tight` limit, no tier budget. */
const TIGHT = { limits: ['tight'], tierBudget: 0 };
const facts = testFacts({ choices: 2 });
const detection = compileDetection(detectionSchema.parse({}));

function limits(list: unknown[], mode: 'enforce' | 'shadow' = 'enforce') {
  return compileLimits(configSchema.shape.policy.parse({ mode, limits: list, rules: [] }));
}

/** One tier, `free`, whose baseline is a request a minute (tier budgets). */
const tiers = {
  tiers: {
    free: { requests_per_minute: 1, input_tokens_per_minute: 1e6, output_tokens_per_minute: 1e6 },
  },
  defaultTier: 'free',
};

const request = (score: Score = ZERO_SCORE) => ({
  account,
  facts,
  score,
  ipPrefix: '192.0.2.0/24',
});

describe('admitLimits', () => {
  it('reserves the input estimate and max_tokens × n, and settles them from usage', () => {
    const compiled = limits([
      {
        id: 'tok',
        scope: 'account',
        input_tokens: { limit: 1000, per: '1m' },
        output_tokens: { limit: 500, per: '1m' },
      },
    ]);
    const store = new MemoryLimitStore(1000);
    const verdict = admitLimits(compiled, store, request(), 0);
    expect(verdict.ok).toBe(true);
    if (!verdict.ok || verdict.reservation === null) throw new Error('expected a reservation');
    expect(verdict.reservation.tokens.map((t) => [t.input, t.reserved])).toEqual([
      [true, 100], // 400 bytes ≈ 100 tokens
      [false, 200], // 100 × n = 2
    ]);
    // Two more reservations of 200 fit in 500 only after the first settles at its real 20.
    expect(admitLimits(compiled, store, request(), 0).ok).toBe(true);
    expect(admitLimits(compiled, store, request(), 0).ok).toBe(false);
    settleLimits(store, verdict.reservation, { inputTokens: 90, outputTokens: 20 }, true, 0);
    expect(admitLimits(compiled, store, request(), 0).ok).toBe(true);
  });

  it('refunds a reservation whose request was never served', () => {
    const compiled = limits([
      { id: 'tok', scope: 'account', output_tokens: { limit: 200, per: '1h' } },
    ]);
    const store = new MemoryLimitStore(1000);
    const verdict = admitLimits(compiled, store, request(), 0);
    if (!verdict.ok || verdict.reservation === null) throw new Error('expected a reservation');
    expect(admitLimits(compiled, store, request(), 0).ok).toBe(false);
    const none = { inputTokens: undefined, outputTokens: undefined };
    settleLimits(store, verdict.reservation, none, false, 0);
    expect(admitLimits(compiled, store, request(), 0).ok).toBe(true);
  });

  it('charges a stream the client left what its events amounted to, within its reservation', () => {
    const compiled = limits([
      { id: 'tok', scope: 'account', output_tokens: { limit: 1000, per: '1h' } },
    ]);
    const rate = compiled.byId.get('tok')!.outputTokens!;
    /** Output charged after settling one left stream (reservation: 100 × n = 200). */
    const charged = (reported: number | undefined, streamedTokens: number): number => {
      const store = new MemoryLimitStore(1000);
      const verdict = admitLimits(compiled, store, request(), 0);
      if (!verdict.ok || verdict.reservation === null) throw new Error('expected a reservation');
      const usage = { inputTokens: 12, outputTokens: reported };
      settleLimits(store, verdict.reservation, usage, true, 0, { streamedTokens });
      return 1000 - store.peek(bucketKey('tok', account.id, 'o'), rate, 0).remaining;
    };
    // An Anthropic message_start's output_tokens: 1 is not the answer's usage.
    expect(charged(1, 50)).toBe(50);
    // OpenAI reports nothing until the end: not the whole reservation either.
    expect(charged(undefined, 50)).toBe(50);
    // Never more than was held, never less than was reported.
    expect(charged(undefined, 20_000)).toBe(200);
    expect(charged(120, 10)).toBe(120);
  });

  it('gives detection and the record the figure the stream was charged', () => {
    const compiled = limits([
      { id: 'tok', scope: 'account', output_tokens: { limit: 1000, per: '1h' } },
    ]);
    const rate = compiled.byId.get('tok')!.outputTokens!;
    for (const [reported, streamedTokens] of [
      [1, 50],
      [undefined, 50],
      [undefined, 20_000],
      [120, 10],
    ] as const) {
      const store = new MemoryLimitStore(1000);
      const verdict = admitLimits(compiled, store, request(), 0);
      if (!verdict.ok || verdict.reservation === null) throw new Error('expected a reservation');
      const estimate = unfinishedStreamOutput(facts, verdict.reservation, reported, streamedTokens);
      const usage = { inputTokens: 12, outputTokens: reported };
      settleLimits(store, verdict.reservation, usage, true, 0, { streamedTokens });
      const charged = 1000 - store.peek(bucketKey('tok', account.id, 'o'), rate, 0).remaining;
      expect(estimate, `${String(reported)} ${streamedTokens}`).toBe(charged);
    }
    // No limit applied: held to what the model may write (max_tokens × n); without max_tokens,
    // not held (the default reservation is a guess, not a bound).
    expect(unfinishedStreamOutput(facts, null, 1, 20_000)).toBe(200);
    expect(unfinishedStreamOutput(facts, null, 1, 100)).toBe(100);
    const open = testFacts({ maxTokens: undefined, choices: 1 });
    expect(unfinishedStreamOutput(open, null, undefined, 50_000)).toBe(50_000);
  });

  it('skips a scope the request does not have (no org, no cluster)', () => {
    const compiled = limits([
      { id: 'org', scope: 'org', requests: { limit: 1, per: '1h' } },
      { id: 'cluster', scope: 'cluster', requests: { limit: 1, per: '1h' } },
    ]);
    const store = new MemoryLimitStore(1000);
    for (let i = 0; i < 5; i++) expect(admitLimits(compiled, store, request(), 0).ok).toBe(true);
    const linked: Score = {
      ...ZERO_SCORE,
      cluster: {
        id: 'cl_1',
        link: 'skeleton',
        accounts: 5,
        risk: 0.5,
        flagged: false,
        specific: true,
      },
    };
    expect(admitLimits(compiled, store, request(linked), 0).ok).toBe(true);
    const refused = admitLimits(compiled, store, request(linked), 0);
    expect(refused).toMatchObject({
      ok: false,
      refusal: { limit: 'cluster', dimension: 'requests' },
    });
  });

  it('reports a shadow limit as what would have happened and refuses nothing', () => {
    for (const [list, mode] of [
      [
        [{ id: 's', scope: 'account', mode: 'shadow', requests: { limit: 1, per: '1h' } }],
        'enforce',
      ],
      [[{ id: 's', scope: 'account', requests: { limit: 1, per: '1h' } }], 'shadow'],
    ] as const) {
      const compiled = limits([...list], mode);
      const store = new MemoryLimitStore(1000);
      expect(admitLimits(compiled, store, request(), 0)).toMatchObject({
        ok: true,
        shadow: null,
      });
      expect(admitLimits(compiled, store, request(), 0)).toMatchObject({
        ok: true,
        shadow: { limit: 's', dimension: 'requests' },
      });
    }
  });

  it('applies a throttled-only limit only when a rule names it', () => {
    const compiled = limits([
      { id: 'tight', scope: 'account', applies: 'throttled', requests: { limit: 1, per: '1h' } },
    ]);
    const store = new MemoryLimitStore(1000);
    for (let i = 0; i < 3; i++) expect(admitLimits(compiled, store, request(), 0).ok).toBe(true);
    expect(admitLimits(compiled, store, request(), 0, TIGHT).ok).toBe(true);
    expect(admitLimits(compiled, store, request(), 0, TIGHT).ok).toBe(false);
  });

  it("records a 429 of what the throttle switched on as the rule's; of an every-request limit, as the limit's", () => {
    const policy = configSchema.shape.policy.parse({
      limits: [
        { id: 'everyone', scope: 'account', requests: { limit: 2, per: '1h' } },
        {
          id: 'suspects',
          scope: 'account',
          applies: 'throttled',
          requests: { limit: 1, per: '1h' },
        },
      ],
      rules: [
        {
          id: 'hold',
          when: { score: { gte: 0.9 } },
          action: 'throttle',
          limits: ['suspects'],
          tier_budget: 1,
        },
      ],
    });
    const compiled = compileLimits(policy, tiers);
    const hold = {
      action: 'throttle' as const,
      rule: 'hold',
      reason: 'risk_score',
      limits: ['suspects'],
      tierBudget: 1,
      clusterBudget: 0,
      delayMs: 0,
      paceTokensPerSecond: 0,
    };
    const refusalOf = (verdict: LimitVerdict) => {
      if (verdict.ok || verdict.unavailable === true) throw new Error('expected a refusal');
      return verdict.refusal;
    };
    const ask = { ...request(), account: { ...account, tier: 'free' } };
    const store = new MemoryLimitStore(1000);
    // The rule's named limit (1 an hour) refuses the second: the rule's 429.
    expect(admitLimits(compiled, store, ask, 0, hold).ok).toBe(true);
    const named = refusalOf(admitLimits(compiled, store, ask, 0, hold));
    expect(named).toMatchObject({ limit: 'suspects', byThrottle: true });
    expect(refusedDecision(hold, named)).toEqual({ ...hold, reason: 'limit:suspects.requests' });
    // The tier budget alone (1 a minute) refuses the second too: the rule's 429 again.
    const budgetStore = new MemoryLimitStore(1000);
    const budgetOnly = { ...hold, limits: [] };
    expect(admitLimits(compiled, budgetStore, ask, 0, budgetOnly).ok).toBe(true);
    const budget = refusalOf(admitLimits(compiled, budgetStore, ask, 0, budgetOnly));
    expect(budget).toMatchObject({ limit: 'tier:1x', byThrottle: true });
    expect(refusedDecision(hold, budget)).toMatchObject({
      rule: 'hold',
      reason: 'limit:tier:1x.requests',
    });
    // A limit every request meets (2 an hour), spent by two requests the rule did not match: its
    // own 429, though the third matched the rule — the rule did not switch it on.
    const shared = new MemoryLimitStore(1000);
    for (let i = 0; i < 2; i++) expect(admitLimits(compiled, shared, ask, 0).ok).toBe(true);
    const everyone = refusalOf(admitLimits(compiled, shared, ask, 0, hold));
    expect(everyone.limit).toBe('everyone');
    expect(everyone.byThrottle).toBeUndefined();
    expect(refusedDecision(hold, everyone)).toMatchObject({
      action: 'throttle',
      rule: 'limit:everyone',
      reason: 'requests',
    });
  });

  it("holds a tier_budget throttle's account to that multiple of its tier's baseline", () => {
    const policy = configSchema.shape.policy.parse({
      rules: [{ id: 'hold', when: { score: { gte: 0.9 } }, action: 'throttle', tier_budget: 2 }],
    });
    const compiled = compileLimits(policy, {
      tiers: {
        // Fractional baselines: the budget is whole units (3 requests, 1,000 tokens a minute).
        free: {
          requests_per_minute: 1.5,
          input_tokens_per_minute: 5000,
          output_tokens_per_minute: 499.5,
        },
        gold: {
          requests_per_minute: 600,
          input_tokens_per_minute: 1e6,
          output_tokens_per_minute: 1e5,
        },
      },
      defaultTier: 'free',
    });
    const store = new MemoryLimitStore(1000);
    const ask = (tier: string, maxTokens = 10) => ({
      ...request(),
      account: { ...account, tier },
      facts: testFacts({ maxTokens }),
    });
    // Without the rule's multiple the budget is not spent at all.
    for (let i = 0; i < 5; i++) expect(admitLimits(compiled, store, ask('free'), 0).ok).toBe(true);
    for (let i = 0; i < 3; i++)
      expect(admitLimits(compiled, store, ask('free'), 0, { limits: [], tierBudget: 2 }).ok).toBe(
        true,
      );
    const refused = admitLimits(compiled, store, ask('free'), 0, { limits: [], tierBudget: 2 });
    expect(refused).toMatchObject({
      ok: false,
      refusal: { limit: 'tier:2x', dimension: 'requests', quota: 3 },
    });
    // A tier the config no longer has is held to the default tier's budget (its bucket is the
    // account's, already spent), not let through.
    expect(admitLimits(compiled, store, ask('dropped'), 0, { limits: [], tierBudget: 2 }).ok).toBe(
      false,
    );
    // The output budget: a request asking for the whole of it holds it until it settles.
    const gold = new MemoryLimitStore(1000);
    const whole = admitLimits(compiled, gold, ask('gold', 200_000), 0, {
      limits: [],
      tierBudget: 2,
    });
    if (!whole.ok || whole.reservation === null) throw new Error('expected a reservation');
    // Half the budget does not fit beside it; once it settles at what it wrote, it does.
    expect(
      admitLimits(compiled, gold, ask('gold', 100_000), 0, { limits: [], tierBudget: 2 }),
    ).toMatchObject({
      ok: false,
      refusal: { limit: 'tier:2x', dimension: 'output_tokens' },
    });
    settleLimits(gold, whole.reservation, { inputTokens: 100, outputTokens: 1_000 }, true, 0);
    expect(
      admitLimits(compiled, gold, ask('gold', 100_000), 0, { limits: [], tierBudget: 2 }).ok,
    ).toBe(true);
  });

  describe('a tier budget held per cluster (tier_budget_scope)', () => {
    const tiers = {
      tiers: {
        free: {
          requests_per_minute: 8,
          input_tokens_per_minute: 1e6,
          output_tokens_per_minute: 1e6,
        },
        gold: {
          requests_per_minute: 40,
          input_tokens_per_minute: 1e6,
          output_tokens_per_minute: 1e6,
        },
      },
      defaultTier: 'free',
    };
    const compile = (scope: ('account' | 'cluster')[], mode: 'enforce' | 'shadow' = 'enforce') =>
      compileLimits(
        configSchema.shape.policy.parse({
          rules: [
            {
              id: 'hydra',
              when: { score: { gte: 0.9 } },
              action: 'throttle',
              mode,
              tier_budget: 0.25,
              tier_budget_scope: scope,
            },
          ],
        }),
        tiers,
      );
    const through = (cluster: string | null): Score => ({
      ...ZERO_SCORE,
      cluster:
        cluster === null
          ? null
          : {
              id: cluster,
              link: 'near_duplicate',
              accounts: 200,
              risk: 1,
              flagged: true,
              specific: false,
            },
    });
    // A quarter of 8 requests a minute: 2 a minute, per account and per cluster.
    const ask = (id: string, cluster: string | null, tier = 'free') => ({
      ...request(through(cluster)),
      account: { ...account, id, tier },
    });
    const both = { limits: [], tierBudget: 0.25, clusterBudget: 0.25 };

    it("holds every account of one cluster together to one account's budget", () => {
      const compiled = compile(['account', 'cluster']);
      const store = new MemoryLimitStore(1000);
      // Fresh accounts, each under its own budget: the cluster's bucket refuses the third.
      expect(admitLimits(compiled, store, ask('a1', 'cl_x'), 0, both).ok).toBe(true);
      expect(admitLimits(compiled, store, ask('a2', 'cl_x'), 0, both).ok).toBe(true);
      expect(admitLimits(compiled, store, ask('a3', 'cl_x'), 0, both)).toMatchObject({
        ok: false,
        refusal: { limit: 'tier:0.25x:cluster', dimension: 'requests', quota: 2 },
      });
      // Another cluster, another tier of the same cluster: buckets of their own.
      expect(admitLimits(compiled, store, ask('a4', 'cl_y'), 0, both).ok).toBe(true);
      expect(admitLimits(compiled, store, ask('a5', 'cl_x', 'gold'), 0, both).ok).toBe(true);
      // The account's own budget still holds it: a1 has one request left of its 2, a6 none
      // linked (no cluster bucket to spend), so only its own.
      expect(admitLimits(compiled, store, ask('a6', null), 0, both).ok).toBe(true);
      expect(admitLimits(compiled, store, ask('a6', null), 0, both).ok).toBe(true);
      expect(admitLimits(compiled, store, ask('a6', null), 0, both)).toMatchObject({
        ok: false,
        refusal: { limit: 'tier:0.25x', dimension: 'requests' },
      });
    });

    it("spends the bucket of a harvesting request's shape, whatever content cluster it links through", () => {
      const compiled = compile(['cluster']);
      const store = new MemoryLimitStore(1000);
      const perCluster = { limits: [], tierBudget: 0, clusterBudget: 0.25 };
      // A maximal thinking budget is a harvesting parameter: the request gets a harvest shape.
      const harvest = (prompt: string, budget = 32_000) =>
        messagesFacts(
          {
            model: 'm',
            max_tokens: 40_000,
            thinking: { type: 'enabled', budget_tokens: budget },
            messages: [{ role: 'user', content: prompt }],
          },
          detection,
          ['Host', 'api.example'],
          '198.51.100.0/24',
        );
      const shaped = harvest('Prove that the square root of two is irrational, step by step.');
      expect(shaped.signals?.shape).not.toBe(0);
      const ask = (id: string, cluster: string, f: RequestFacts = shaped) => ({
        ...request(through(cluster)),
        facts: f,
        account: { ...account, id, tier: 'free' },
      });
      // Three accounts, three content clusters, one harvesting tool: one bucket of 2 a minute.
      expect(admitLimits(compiled, store, ask('h1', 'cl_a'), 0, perCluster).ok).toBe(true);
      expect(admitLimits(compiled, store, ask('h2', 'cl_b'), 0, perCluster).ok).toBe(true);
      expect(admitLimits(compiled, store, ask('h3', 'cl_c'), 0, perCluster)).toMatchObject({
        ok: false,
        refusal: { limit: 'tier:0.25x:cluster', dimension: 'requests', quota: 2 },
      });
      // Other generation settings are another shape, another bucket; a request without a
      // harvesting parameter (no shape) spends the bucket of the cluster it links through.
      const other = harvest(
        'Prove that the square root of two is irrational, step by step.',
        36_000,
      );
      expect(other.signals?.shape).not.toBe(shaped.signals?.shape);
      expect(admitLimits(compiled, store, ask('h4', 'cl_c', other), 0, perCluster).ok).toBe(true);
      expect(admitLimits(compiled, store, ask('h5', 'cl_c', facts), 0, perCluster).ok).toBe(true);
    });

    it("holds an account of a tier no longer configured in its cluster's default-tier bucket", () => {
      const compiled = compile(['cluster']);
      const store = new MemoryLimitStore(1000);
      const perCluster = { limits: [], tierBudget: 0, clusterBudget: 0.25 };
      expect(admitLimits(compiled, store, ask('d1', 'cl_x', 'dropped'), 0, perCluster).ok).toBe(
        true,
      );
      expect(admitLimits(compiled, store, ask('d2', 'cl_x', 'free'), 0, perCluster).ok).toBe(true);
      // The default tier's (free) bucket of cl_x holds both: the third is refused.
      expect(
        admitLimits(compiled, store, ask('d3', 'cl_x', 'dropped'), 0, perCluster),
      ).toMatchObject({
        ok: false,
        refusal: { limit: 'tier:0.25x:cluster', dimension: 'requests' },
      });
    });

    it('twins a cluster budget that a shadowed rule stages while an enforcing one names it', () => {
      const compiled = compileLimits(
        configSchema.shape.policy.parse({
          rules: ['enforce', 'shadow'].map((mode, i) => ({
            id: `hydra-${i}`,
            when: { score: { gte: 0.9 - i / 10 } },
            action: 'throttle',
            mode,
            tier_budget: 0.25,
            tier_budget_scope: ['cluster'],
          })),
        }),
        tiers,
      );
      expect([...compiled.twinned]).toEqual(['tier:0.25x:cluster']);
      const store = new MemoryLimitStore(1000);
      const staged = { limits: [], tierBudget: 0, clusterBudget: 0.25 };
      // Two staged spends fill the twin; the enforced bucket is untouched and still admits two.
      for (const id of ['s1', 's2'])
        expect(admitLimits(compiled, store, ask(id, 'cl_t'), 0, undefined, staged).ok).toBe(true);
      expect(admitLimits(compiled, store, ask('s3', 'cl_t'), 0, undefined, staged)).toMatchObject({
        ok: true,
        shadow: { limit: 'tier:0.25x:cluster', staged: true },
      });
      const enforced = { limits: [], tierBudget: 0, clusterBudget: 0.25 };
      for (const id of ['e1', 'e2'])
        expect(admitLimits(compiled, store, ask(id, 'cl_t'), 0, enforced).ok).toBe(true);
      expect(admitLimits(compiled, store, ask('e3', 'cl_t'), 0, enforced).ok).toBe(false);
    });

    it('compiles the rule to the budgets its scope names, and a throttle without them spends neither', () => {
      const perCluster = compile(['cluster']);
      expect([...perCluster.tierBudgets.keys()]).toEqual([]);
      expect(perCluster.clusterBudgets.get(0.25)?.get('free')).toMatchObject({
        id: 'tier:0.25x:cluster',
        scope: 'cluster',
        byTier: 'free',
        shadow: false,
      });
      const perAccount = compile(['account']);
      expect([...perAccount.clusterBudgets.keys()]).toEqual([]);
      expect(perAccount.tierBudgets.get(0.25)?.get('free')?.id).toBe('tier:0.25x');
      const store = new MemoryLimitStore(1000);
      for (let i = 0; i < 5; i++)
        expect(admitLimits(perCluster, store, ask(`b${i}`, 'cl_x'), 0).ok).toBe(true);
      // Staged by a shadowed rule: spent as a shadow limit, the would-be 429 reported.
      const shadowed = compile(['cluster'], 'shadow');
      expect(shadowed.clusterBudgets.get(0.25)?.get('free')?.shadow).toBe(true);
      const staged = { limits: [], tierBudget: 0, clusterBudget: 0.25 };
      for (const id of ['c1', 'c2'])
        expect(admitLimits(shadowed, store, ask(id, 'cl_z'), 0, undefined, staged)).toMatchObject({
          ok: true,
          shadow: null,
        });
      expect(admitLimits(shadowed, store, ask('c3', 'cl_z'), 0, undefined, staged)).toMatchObject({
        ok: true,
        shadow: { limit: 'tier:0.25x:cluster', staged: true },
      });
    });
  });

  it('holds to a fraction of the baseline below 1 (an account pending review), never to nothing', () => {
    const rule = (tierBudget: number) =>
      configSchema.shape.policy.safeParse({
        rules: [{ id: 'hold', when: {}, action: 'throttle', tier_budget: tierBudget }],
      });
    expect(rule(0.01).success).toBe(false);
    const ask = {
      ...request(),
      account: { ...account, tier: 'gold' },
      facts: testFacts({ maxTokens: 10 }),
    };
    // Admits `quota` requests of a fresh minute at `multiple` of a `perMinute` baseline, then
    // refuses the next under the budget's own id.
    const holds = (multiple: number, perMinute: number, quota: number) => {
      const policy = rule(multiple);
      if (!policy.success) throw new Error(`expected tier_budget ${multiple} to parse`);
      const compiled = compileLimits(policy.data, {
        tiers: {
          gold: {
            requests_per_minute: perMinute,
            input_tokens_per_minute: 1e6,
            output_tokens_per_minute: 1e5,
          },
        },
        defaultTier: 'gold',
      });
      const store = new MemoryLimitStore(1000);
      for (let i = 0; i < quota; i++)
        expect(admitLimits(compiled, store, ask, 0, { limits: [], tierBudget: multiple }).ok).toBe(
          true,
        );
      expect(
        admitLimits(compiled, store, ask, 0, { limits: [], tierBudget: multiple }),
      ).toMatchObject({
        ok: false,
        refusal: { limit: `tier:${multiple}x`, dimension: 'requests', quota },
      });
    };
    // A quarter of 10 requests a minute, rounded up to whole units: 3.
    holds(0.25, 10, 3);
    // 0.07 × 100 is 7.000000000000001 in binary: the quota is 7, not 8.
    holds(0.07, 100, 7);
  });

  describe('a shadowed throttle rule (staged)', () => {
    const tight = {
      id: 'tight',
      scope: 'account',
      applies: 'throttled',
      requests: { limit: 2, per: '1h' },
      concurrent_streams: 1,
    };
    const compile = (
      ruleMode: 'enforce' | 'shadow',
      policyMode: 'enforce' | 'shadow' = 'enforce',
    ) =>
      compileLimits(
        configSchema.shape.policy.parse({
          mode: policyMode,
          limits: [tight],
          rules: [
            {
              id: 'hold',
              when: { score: { gte: 0.9 } },
              action: 'throttle',
              mode: ruleMode,
              limits: ['tight'],
              tier_budget: 1,
            },
          ],
        }),
        tiers,
      );
    const ask = () => ({ ...request(), account: { ...account, tier: 'free' } });
    const staged = { limits: ['tight'], tierBudget: 1 };

    it('spends its limits and tier budget as shadow limits: the 429 is logged, nothing refused', () => {
      const compiled = compile('shadow');
      const store = new MemoryLimitStore(1000);
      expect(admitLimits(compiled, store, ask(), 0, undefined, staged)).toMatchObject({
        ok: true,
        shadow: null,
      });
      // The tier's one request a minute is spent: the next would have been refused (429).
      const second = admitLimits(compiled, store, ask(), 0, undefined, staged);
      expect(second).toMatchObject({ ok: true, shadow: { limit: 'tier:1x', staged: true } });
      expect(
        store.peek(bucketKey('tight', account.id, 'r'), { limit: 2, periodMs: 3.6e6, burst: 2 }, 0),
      ).toMatchObject({ remaining: 0 });
      for (let i = 0; i < 3; i++)
        expect(admitLimits(compiled, store, ask(), 0, undefined, staged).ok).toBe(true);
    });

    it('spends twin buckets where an enforcing rule names the limit: staging spends none of it', () => {
      const compiled = compile('enforce');
      const store = new MemoryLimitStore(1000);
      expect(admitLimits(compiled, store, ask(), 0, undefined, staged).ok).toBe(true);
      expect(admitLimits(compiled, store, ask(), 0, undefined, staged)).toMatchObject({
        ok: true,
        shadow: { limit: 'tier:1x', staged: true },
      });
      const rate = { limit: 2, periodMs: 3.6e6, burst: 2 };
      expect(
        store.peek(bucketKey(stagedBucketId('tight'), account.id, 'r'), rate, 0),
      ).toMatchObject({ remaining: 0 });
      // The enforced limit and budget are whole: enforcing them admits as if nothing was staged.
      expect(store.peek(bucketKey('tight', account.id, 'r'), rate, 0)).toMatchObject({
        remaining: 2,
      });
      expect(admitLimits(compiled, store, ask(), 0, { limits: ['tight'], tierBudget: 1 }).ok).toBe(
        true,
      );
    });

    it('never cuts a stream with a staged budget: its overage is charged until it refuses', () => {
      const small = compileLimits(
        configSchema.shape.policy.parse({
          reserve_output_tokens: 100,
          rules: [
            { id: 'hold', when: { score: { gte: 0.9 } }, action: 'throttle', tier_budget: 1 },
            {
              id: 'stage',
              when: { score: { gte: 0.5 } },
              action: 'throttle',
              mode: 'shadow',
              tier_budget: 2,
            },
          ],
        }),
        {
          tiers: {
            free: {
              requests_per_minute: 100,
              input_tokens_per_minute: 1e6,
              output_tokens_per_minute: 500,
            },
          },
          defaultTier: 'free',
        },
      );
      const streaming = { ...ask(), facts: testFacts({ stream: true, maxTokens: undefined }) };
      const run = (tierBudget: number, stage?: typeof staged) => {
        const store = new MemoryLimitStore(1000);
        const verdict = admitLimits(small, store, streaming, 0, { limits: [], tierBudget }, stage);
        if (!verdict.ok) throw new Error('expected an admission');
        const budget = StreamBudget.of(store, verdict.reservation, () => 0);
        if (budget === undefined) throw new Error('expected an output budget');
        // 100 reserved; 2,000 tokens run past it.
        const added = [500, 500, 500, 500].map((tokens) => budget.add(tokens));
        return { added, store };
      };
      // Staged, twice the tier: 1,000 tokens in the bucket, all charged, and the stream runs on.
      const twice = run(0, { limits: [], tierBudget: 2 });
      expect(twice.added).toEqual([true, true, true, true]);
      const output = { limit: 1000, periodMs: 60_000, burst: 1000 };
      expect(twice.store.peek(bucketKey('tier:2x', account.id, 'o'), output, 0)).toMatchObject({
        remaining: 0,
      });
      // Enforced, once the tier (500): the stream is cut when its overage is refused.
      expect(run(1).added).toEqual([true, false, false, false]);
    });

    it('spends a limit the enforced throttle also names once from each side: its own, its twin', () => {
      const compiled = compile('enforce');
      const store = new MemoryLimitStore(1000);
      const rate = { limit: 2, periodMs: 3.6e6, burst: 2 };
      expect(admitLimits(compiled, store, ask(), 0, TIGHT, staged).ok).toBe(true);
      // Were the staged copy spent from the same bucket, one request would have taken both.
      expect(admitLimits(compiled, store, ask(), 0, TIGHT, staged).ok).toBe(true);
      expect(admitLimits(compiled, store, ask(), 0, TIGHT, staged)).toMatchObject({
        ok: false,
        refusal: { limit: 'tight' },
      });
      // The twin saw both admitted requests: the staged rule would hold them too.
      expect(
        store.peek(bucketKey(stagedBucketId('tight'), account.id, 'r'), rate, 0),
      ).toMatchObject({ remaining: 0 });
    });

    it('checks a staged stream limit against the streams enforcement holds', () => {
      const compiled = compile('enforce');
      const store = new MemoryLimitStore(1000);
      const streaming = () => ({ ...ask(), facts: testFacts({ stream: true }) });
      expect(admitLimits(compiled, store, streaming(), 0, TIGHT).ok).toBe(true);
      expect(admitLimits(compiled, store, streaming(), 0, undefined, staged)).toMatchObject({
        ok: true,
        shadow: { limit: 'tight', dimension: 'concurrent_streams', staged: true },
      });
    });

    it("reports the staged rule's refusal before a shadow limit's", () => {
      const both = compileLimits(
        configSchema.shape.policy.parse({
          limits: [
            { id: 'trial', scope: 'account', mode: 'shadow', requests: { limit: 1, per: '1h' } },
          ],
          rules: [
            {
              id: 'hold',
              when: { score: { gte: 0.9 } },
              action: 'throttle',
              mode: 'shadow',
              tier_budget: 1,
            },
          ],
        }),
        tiers,
      );
      const store = new MemoryLimitStore(1000);
      expect(admitLimits(both, store, ask(), 0, undefined, { limits: [], tierBudget: 1 }).ok).toBe(
        true,
      );
      // Both would refuse the second: the trial limit comes first, the staged budget is the news.
      expect(
        admitLimits(both, store, ask(), 0, undefined, { limits: [], tierBudget: 1 }),
      ).toMatchObject({
        ok: true,
        shadow: { limit: 'tier:1x', staged: true },
      });
    });

    it('logs an unfinished stream at what it streamed, past a shadow budget that refused', () => {
      const reservation = {
        tokens: [
          {
            key: 'k',
            rate: { limit: 1000, periodMs: 60_000, burst: 1000 },
            input: false,
            reserved: 1000,
            shadow: true,
            extra: 0,
          },
        ],
        slots: [],
      };
      const facts = testFacts({ stream: true, maxTokens: undefined });
      expect(unfinishedStreamOutput(facts, reservation, undefined, 8000)).toBe(8000);
      // An enforced hold is what the stream could have written.
      const enforced = { ...reservation, tokens: [{ ...reservation.tokens[0]!, shadow: false }] };
      expect(unfinishedStreamOutput(facts, enforced, undefined, 8000)).toBe(1000);
    });

    it('holds no stream slot for a staged limit, even one an enforcing rule names', () => {
      const compiled = compile('enforce');
      const store = new MemoryLimitStore(1000);
      const streaming = () => ({ ...ask(), facts: testFacts({ stream: true }) });
      const slot = bucketKey('tight', account.id, 's');
      // Staged only: the free slot is checked, not taken — and so must not be freed at the end.
      const probe = admitLimits(compiled, store, streaming(), 0, undefined, staged);
      if (!probe.ok || probe.reservation === null) throw new Error('expected a reservation');
      expect(probe.reservation.slots).toEqual([]);
      expect(store.peekSlots(slot)).toEqual({ taken: 0 });
      const held = admitLimits(compiled, store, streaming(), 0, TIGHT);
      if (!held.ok || held.reservation === null) throw new Error('expected a reservation');
      expect(held.reservation.slots).toEqual([slot]);
      settleLimits(store, probe.reservation, { inputTokens: 1, outputTokens: 1 }, true, 0);
      expect(store.peekSlots(slot)).toEqual({ taken: 1 });
    });

    it("marks what no enforcing rule names as shadow (the admin API's mode)", () => {
      const shadowed = compile('shadow');
      expect(shadowed.byId.get('tight')?.shadow).toBe(true);
      expect(shadowed.tierBudgets.get(1)?.get('free')?.shadow).toBe(true);
      const enforced = compile('enforce');
      expect(enforced.byId.get('tight')?.shadow).toBe(false);
      expect(enforced.tierBudgets.get(1)?.get('free')?.shadow).toBe(false);
      const everything = compile('enforce', 'shadow');
      expect(everything.byId.get('tight')?.shadow).toBe(true);
      expect(everything.tierBudgets.get(1)?.get('free')?.shadow).toBe(true);
    });
  });

  it('gives a stream slot back when a bucket of the same request refuses', () => {
    const compiled = limits([
      { id: 'a', scope: 'account', concurrent_streams: 1 },
      { id: 'b', scope: 'key', requests: { limit: 1, per: '1h' } },
    ]);
    const store = new MemoryLimitStore(1000);
    const streaming = { ...request(), facts: { ...facts, stream: true } };
    const first = admitLimits(compiled, store, streaming, 0);
    if (!first.ok || first.reservation === null) throw new Error('expected a reservation');
    expect(first.reservation.slots).toHaveLength(1);
    settleLimits(store, first.reservation, { inputTokens: 1, outputTokens: 1 }, true, 0);
    // The request bucket refuses now; the slot it would have taken stays free.
    expect(admitLimits(compiled, store, streaming, 0).ok).toBe(false);
    const slot = { key: 'a\u0000acct_1\u0000s', max: 1, hold: true };
    expect(store.spendAll([], 0, [slot])).toMatchObject({ allowed: true });
  });
});

describe('admitLimits: routes that generate nothing', () => {
  it('charges counting tokens and pass-through routes a request, never a token reservation', () => {
    const compiled = limits([
      {
        id: 'all',
        scope: 'account',
        requests: { limit: 100, per: '1h' },
        output_tokens: { limit: 5000, per: '1h' },
      },
    ]);
    const store = new MemoryLimitStore(1000);
    for (const route of ['anthropic.count_tokens', 'passthrough:/v1/models']) {
      const verdict = admitLimits(
        compiled,
        store,
        { ...request(), facts: testFacts({ route, maxTokens: undefined }) },
        0,
      );
      expect(verdict).toMatchObject({ ok: true, reservation: null, shadow: null });
      // Only the request bucket was spent, and the answer's RateLimit headers say so.
      if (!verdict.ok) throw new Error('expected admission');
      expect(verdict.headers?.policy).toBe('"all.requests";q=100;w=3600;qu="request"');
    }
    // The output bucket is still whole: a generating request may reserve all of it.
    const full = { ...request(), facts: testFacts({ maxTokens: 5000 }) };
    expect(admitLimits(compiled, store, full, 0).ok).toBe(true);
  });

  describe('with a store that answers later (a shared store)', () => {
    /** The memory store's answers, each held until `answer()`: who asked before any answer. */
    function heldStore(): { store: LimitStore; asked: number; answer(): void } {
      const memory = new MemoryLimitStore(1000);
      const held: (() => void)[] = [];
      const state = {
        asked: 0,
        answer: () => held.splice(0).forEach((release) => release()),
        store: {
          spendAll(spends: readonly BucketSpend[], now: number, slots?: readonly SlotClaim[]) {
            state.asked++;
            const outcome = memory.spendAll(spends, now, slots);
            return new Promise<SpendOutcome>((resolve) => held.push(() => resolve(outcome)));
          },
          adjust: (key, rate, delta, now) => memory.adjust(key, rate, delta, now),
          releaseSlot: (key) => memory.releaseSlot(key),
          size: () => memory.size(),
          peek: (key, rate, now) => memory.peek(key, rate, now),
          peekSlots: (key) => memory.peekSlots(key),
        } satisfies LimitStore,
      };
      return state;
    }
    const compiled = limits([
      { id: 'e', scope: 'account', requests: { limit: 1, per: '1h' } },
      { id: 's1', scope: 'account', mode: 'shadow', requests: { limit: 5, per: '1h' } },
      { id: 's2', scope: 'account', mode: 'shadow', requests: { limit: 5, per: '1h' } },
    ]);

    it('sends the shadow limits beside the enforced ones: one round trip to wait for', async () => {
      const held = heldStore();
      const pending = admitAny(compiled, held.store, request(), 0);
      expect(pending).toBeInstanceOf(Promise);
      expect(held.asked).toBe(3); // all three calls out before any answer
      held.answer();
      expect(await pending).toMatchObject({ ok: true, shadow: null });
    });

    it('gives the shadows back what they took when the enforced limit refuses', async () => {
      const held = heldStore();
      const first = admitAny(compiled, held.store, request(), 0);
      held.answer();
      expect((await first).ok).toBe(true);
      const second = admitAny(compiled, held.store, request(), 0);
      held.answer();
      expect((await second).ok).toBe(false);
      const rate = { limit: 5, periodMs: 3_600_000, burst: 5 };
      for (const id of ['s1', 's2']) {
        const bucket = `${id}\u0000${account.id}\u0000r`;
        expect(await held.store.peek(bucket, rate, 0)).toMatchObject({ remaining: 4 });
      }
    });
  });
});
