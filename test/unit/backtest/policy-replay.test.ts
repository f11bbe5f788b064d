/**
 * Replaying logged requests through a config: scores recombined under other weights, rules
 * re-evaluated, and the act stage's state over the log's timeline — remembered blocks (account,
 * end user, content), challenges, limits (GCRA, spent at start, settled at the end), overrides,
 * and what shadowed rules and shadow limits would have done (the record's `shadow`).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadBacktestConfig } from '../../../src/backtest/backtest-logs.ts';
import { PolicyReplay } from '../../../src/backtest/policy-replay.ts';
import { Rescorer } from '../../../src/backtest/replay-inputs.ts';
import type { RuntimeConfig } from '../../../src/config/load-config.ts';
import { deepMerge } from '../../../src/config/load-config.ts';
import type { DecisionRecord } from '../../../src/decision-log/record.ts';
import { baseConfig } from '../../helpers/harness.ts';
import { loggedRecord } from '../../helpers/record-arbitrary.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dg-replay-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let configs = 0;
async function configWith(patch: Record<string, unknown>): Promise<RuntimeConfig> {
  const file = join(dir, `config-${configs++}.yaml`);
  await writeFile(file, stringify(deepMerge(baseConfig(dir, 'http://127.0.0.1:9'), patch)));
  const loaded = await loadBacktestConfig(file);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return loaded.config;
}

const T0 = Date.parse('2026-12-01T10:00:00.000Z');
const at = (ms: number, extra: Partial<DecisionRecord> = {}) =>
  loggedRecord({ ts: new Date(T0 + ms).toISOString(), ...extra });
const risky: Partial<DecisionRecord> = {
  score: 0.8,
  families: ['templates', 'cluster'],
  activation: { templates: 0.9, cluster: 0.9 },
};

describe('Rescorer', () => {
  it('recombines logged activations under other weights, one family below the cap', async () => {
    const record = at(0, risky);
    const same = new Rescorer((await configWith({})).detection.weights).score(record);
    // 1 − (1 − 0.9 × 0.3)(1 − 0.9 × 0.85), to 3 decimals.
    expect(same.value).toBe(0.828);
    expect(same.families).toEqual(['templates', 'cluster']);
    const weaker = (await configWith({ detection: { weights: { templates: 0.05 } } })).detection;
    const rescored = new Rescorer(weaker.weights).score(record);
    expect(rescored.families).toEqual(['cluster']);
    expect(rescored.value).toBe(0.45); // one family: capped
    const v4 = { ...loggedRecord({ ...risky, activation: null }), v: 4 };
    expect(new Rescorer(weaker.weights).score(v4).value).toBe(0.8); // as logged
  });
});

describe('PolicyReplay', () => {
  it('re-evaluates the rules and remembers blocks by account, end user and template', async () => {
    const config = await configWith({
      policy: {
        rules: [
          {
            id: 'block-risky',
            when: { score: { gte: 0.7 } },
            action: 'block',
            remember: { account: '1h', end_user: '1h', content: '1h' },
          },
        ],
      },
    });
    const replay = new PolicyReplay(config);
    const cluster = {
      id: 'cl_10000abcd',
      link: 'skeleton',
      accounts: 9,
      risk: 0.9,
      flagged: true,
      specific: true,
    };
    const first = replay.replay(
      at(0, { ...risky, cluster, end_user: '4d2c0e1f9a7b3c55', account: 'acct_reseller' }),
    );
    expect(first).toMatchObject({ action: 'block', rule: 'block-risky', refused: true });
    expect(
      replay.replay(at(1000, { account: 'acct_reseller', end_user: '4d2c0e1f9a7b3c55' })),
    ).toMatchObject({
      reason: 'remembered_account',
    });
    const otherAccount = at(2000, { account: 'acct_fresh', templates: [0x10000abcd, 0, 0] });
    expect(replay.replay(otherAccount)).toMatchObject({
      action: 'block',
      reason: 'remembered_content',
    });
    expect(replay.replay(at(3000, { account: 'acct_clean' }))).toMatchObject({
      action: 'allow',
      refused: false,
    });
    expect(replay.replay(at(3_601_000, { account: 'acct_reseller' }))).toMatchObject({
      action: 'allow',
    });
  });

  it('challenges once, then lets the account continue at the challenge tier', async () => {
    const config = await configWith({
      policy: {
        challenge: { url: 'https://example.com/verify', tier: 'free' },
        rules: [
          {
            id: 'verify',
            when: { score: { gte: 0.7 }, account: { tier: ['default'] } },
            action: 'challenge',
          },
          { id: 'free-observed', when: { account: { tier: ['free'] } }, action: 'observe' },
        ],
      },
    });
    const replay = new PolicyReplay(config);
    expect(replay.replay(at(0, risky))).toMatchObject({ action: 'challenge', refused: true });
    expect(replay.replay(at(1000, risky))).toMatchObject({
      action: 'observe',
      rule: 'free-observed',
      refused: false,
    });
    expect(
      replay.replay(at(2000, { ...risky, account: 'acct_verified', verified: true })),
    ).toMatchObject({
      action: 'challenge',
      refused: false,
    });
  });

  it('spends limits over the log timeline with GCRA and settles them when requests end', async () => {
    const config = await configWith({
      policy: {
        limits: [
          {
            id: 'suspects',
            scope: 'account',
            applies: 'throttled',
            requests: { limit: 2, per: '1m' },
          },
          { id: 'tokens', scope: 'account', output_tokens: { limit: 3000, per: '1m' } },
        ],
        reserve_output_tokens: 1000,
        rules: [
          {
            id: 'throttle-risky',
            when: { score: { gte: 0.7 } },
            action: 'throttle',
            limits: ['suspects'],
          },
        ],
      },
    });
    const replay = new PolicyReplay(config);
    const decisions = [0, 1000, 2000, 31_000].map((ms) => replay.replay(at(ms, risky)));
    // The rule's 429 stays the rule's, its reason naming the limit that refused.
    expect(decisions.map((d) => [d.action, d.rule, d.reason, d.refused])).toEqual([
      ['throttle', 'throttle-risky', 'policy_rule', false],
      ['throttle', 'throttle-risky', 'policy_rule', false],
      ['throttle', 'throttle-risky', 'limit:suspects.requests', true],
      ['throttle', 'throttle-risky', 'policy_rule', false], // half a minute later: one request back
    ]);
    // Output tokens: 1,000 reserved each (max_tokens), settled to the logged 500 at the end.
    const tokens = new PolicyReplay(config);
    const big = { account: 'acct_tokens', max_tokens: 1000, tokens_out: 500 };
    const spent = [0, 10, 20, 5000].map((ms) => tokens.replay(at(ms, big)).refused);
    expect(spent).toEqual([false, false, false, false]);
    expect(tokens.replay(at(5010, { ...big, max_tokens: 2000 })).refused).toBe(true);
  });

  it("replays what a trial logs: a staged throttle's would-be 429s first, a shadow limit's, a shadowed block", async () => {
    const config = await configWith({
      policy: {
        limits: [
          {
            id: 'suspects',
            scope: 'account',
            applies: 'throttled',
            requests: { limit: 2, per: '1m' },
          },
          { id: 'watch', scope: 'account', mode: 'shadow', requests: { limit: 3, per: '1m' } },
        ],
        rules: [
          { id: 'stage-block', when: { score: { gte: 0.85 } }, action: 'block', mode: 'shadow' },
          {
            id: 'stage-throttle',
            when: { score: { gte: 0.7 } },
            action: 'throttle',
            limits: ['suspects'],
            mode: 'shadow',
          },
        ],
      },
    });
    const replay = new PolicyReplay(config);
    const shadows = [0, 10, 20, 30].map((ms) => replay.replay(at(ms, risky)));
    // Every request served; the staged throttle's limit would have refused the third and fourth
    // (its refusal named before the shadow limit's, which refuses the fourth too).
    expect(shadows.map((d) => [d.action, d.refused])).toEqual(Array(4).fill(['allow', false]));
    expect(shadows.map((d) => [d.shadow?.rule, d.shadow?.reason.startsWith('limit:')])).toEqual([
      ['stage-throttle', false],
      ['stage-throttle', false],
      ['stage-throttle', true],
      ['stage-throttle', true],
    ]);
    expect(shadows[3]?.shadow).toMatchObject({ reason: 'limit:suspects.requests' });
    // Another account the rules leave alone: only the shadow limit, at its fourth request.
    const calm = [0, 10, 20, 30].map(
      (ms) => replay.replay(at(ms, { account: 'acct_calm', score: 0.1 })).shadow,
    );
    expect(calm).toEqual([
      null,
      null,
      null,
      { action: 'throttle', rule: 'limit:watch', reason: 'requests' },
    ]);
    // A shadowed block stages nothing to spend: the first shadowed match is what is logged.
    const worst = replay.replay(
      at(40, { ...risky, account: 'acct_worst', activation: { templates: 1, cluster: 1 } }),
    );
    expect([worst.action, worst.shadow?.action, worst.shadow?.rule]).toEqual([
      'allow',
      'block',
      'stage-block',
    ]);
  });

  it('keeps the shadowed rule beside a block, a challenge and a 429; none beside a remembered block; a WebSocket upgrade spends its limits', async () => {
    const config = await configWith({
      policy: {
        challenge: { url: 'https://example.com/verify' },
        limits: [
          {
            id: 'suspects',
            scope: 'account',
            applies: 'throttled',
            requests: { limit: 1, per: '1m' },
          },
        ],
        rules: [
          { id: 'stage-observe', when: { score: { gte: 0.5 } }, action: 'observe', mode: 'shadow' },
          {
            id: 'block-worst',
            when: { score: { gte: 0.85 } },
            action: 'block',
            remember: { account: '1h' },
          },
          {
            id: 'verify',
            when: { score: { gte: 0.7 }, account: { tier: ['free'] } },
            action: 'challenge',
          },
          { id: 'hold', when: { score: { gte: 0.7 } }, action: 'throttle', limits: ['suspects'] },
        ],
      },
    });
    const replay = new PolicyReplay(config);
    const worst = { ...risky, activation: { templates: 1, cluster: 1 } };
    const ws = { ...risky, account: 'acct_ws', route: 'websocket:/v1/realtime' };
    const decisions = [
      at(0, { ...risky, account: 'acct_held' }),
      at(10, { ...risky, account: 'acct_held' }),
      at(20, { ...risky, account: 'acct_free', tier: 'free' }),
      at(25, { ...risky, account: 'acct_free', tier: 'free', route: 'websocket:/v1/realtime' }),
      at(30, { ...worst, account: 'acct_worst' }),
      at(40, { account: 'acct_worst' }),
      at(45, { account: 'acct_worst', route: 'websocket:/v1/realtime' }),
      at(50, ws),
      at(60, ws),
      at(70, { ...risky, account: 'acct_ws' }),
    ].map((record) => replay.replay(record));
    expect(decisions.map((d) => [d.rule, d.refused, d.shadow?.rule ?? null])).toEqual([
      ['hold', false, 'stage-observe'],
      ['hold', true, 'stage-observe'], // its limit's 429: limit:suspects.requests
      ['verify', true, 'stage-observe'],
      ['challenge:pending', true, 'stage-observe'], // no session while the challenge is pending
      ['block-worst', true, 'stage-observe'],
      ['block-worst', true, null], // remembered: the block's rule, its own reason
      ['block-worst', true, null], // … for an upgrade too
      // An upgrade spends the throttle's limit as a request does (src/upstream/websocket.ts).
      ['hold', false, 'stage-observe'],
      ['hold', true, 'stage-observe'],
      ['hold', true, 'stage-observe'],
    ]);
    for (const i of [1, 8, 9]) expect(decisions[i]?.reason).toBe('limit:suspects.requests');
    expect(decisions[5]?.reason).toBe('remembered_account');
    expect(decisions[6]?.reason).toBe('remembered_account');
  });

  it("holds a WebSocket session's stream slot from its start to its logged end", async () => {
    const config = await configWith({
      policy: {
        limits: [
          {
            id: 'sessions',
            scope: 'account',
            when: { route: ['websocket:/v1/realtime'] },
            concurrent_streams: 1,
          },
        ],
      },
    });
    const replay = new PolicyReplay(config);
    // An older writer logged a session as no stream: it is one all the same (upgradeFacts).
    const session = (ms: number, lasting: number) =>
      at(ms, {
        account: 'acct_rt',
        route: 'websocket:/v1/realtime',
        stream: false,
        status: 101,
        latency_ms: { total: lasting, proxy: 1, upstream: lasting - 1, upstream_ttfb: 1 },
      });
    const decisions = [
      session(0, 1_000), // open until 1 s
      session(500, 100), // the slot is held
      at(600, { account: 'acct_rt' }), // a request is no session: the limit names the route
      session(1_500, 100), // the first has ended
    ].map((record) => replay.replay(record));
    expect(decisions.map((d) => [d.rule, d.reason, d.refused])).toEqual([
      [null, 'default', false],
      ['limit:sessions', 'concurrent_streams', true],
      [null, 'default', false],
      [null, 'default', false],
    ]);
  });

  it("settles a metered session's logged tokens, as the candidate's routes meter it", async () => {
    const limits = (routes: string[]) => ({
      reserve_output_tokens: 500,
      limits: [
        {
          id: 'realtime-output',
          scope: 'account',
          when: { route: routes },
          output_tokens: { limit: 1000, per: '1h' },
        },
      ],
    });
    const session = (ms: number, tokensOut: number | null) =>
      at(ms, {
        account: 'acct_rt',
        route: 'websocket:/v1/realtime',
        stream: true,
        max_tokens: null,
        status: 101,
        tokens_in: tokensOut === null ? null : 10,
        tokens_out: tokensOut,
        latency_ms: { total: 100, proxy: 1, upstream: 99, upstream_ttfb: 1 },
      });
    // 300 settles as 300; a session logged without tokens (refused upstream, or an unmetered route
    // then) keeps its 500 reserved; 800 spent, the third session's 500 does not fit.
    const records = [session(0, 300), session(1_000, null), session(2_000, 100)];
    const metered = new PolicyReplay(
      await configWith({ policy: limits(['websocket:/v1/realtime']) }),
    );
    expect(records.map((r) => metered.replay(r)).map((d) => [d.rule, d.refused])).toEqual([
      [null, false],
      [null, false],
      ['limit:realtime-output', true],
    ]);
    // A candidate that does not meter the route reserves no tokens for its sessions.
    const unmetered = new PolicyReplay(
      await configWith({
        routes: { websocket: [{ path: '/v1/realtime', usage: 'none' }] },
        policy: limits(['websocket:/v1/realtime', 'openai.chat_completions']),
      }),
    );
    expect(records.map((r) => unmetered.replay(r).refused)).toEqual([false, false, false]);
  });

  it("holds a tier_budget throttle's accounts to the candidate's tiers, at the logged tier", async () => {
    const candidate = (requestsPerMinute: number) =>
      configWith({
        accounts: {
          tiers: {
            free: {
              requests_per_minute: requestsPerMinute,
              input_tokens_per_minute: 1e6,
              output_tokens_per_minute: 1e6,
            },
          },
        },
        policy: {
          rules: [
            { id: 'hold', when: { score: { gte: 0.7 } }, action: 'throttle', tier_budget: 1 },
          ],
        },
      });
    const refusals = async (requestsPerMinute: number) => {
      const replay = new PolicyReplay(await candidate(requestsPerMinute));
      return Array.from({ length: 12 }, (_, i) =>
        replay.replay(at(i * 10, { ...risky, tier: 'free', max_tokens: 10, tokens_out: 10 })),
      )
        .filter((d) => d.refused)
        .map((d) => `${d.rule} ${d.reason}`);
    };
    expect(await refusals(10)).toEqual(Array(2).fill('hold limit:tier:1x.requests'));
    expect(await refusals(20)).toEqual([]);
  });

  it('spends a per-cluster tier budget by the logged harvest shape, else by the logged cluster (v9)', async () => {
    const config = await configWith({
      accounts: {
        tiers: {
          free: {
            requests_per_minute: 8,
            input_tokens_per_minute: 1e6,
            output_tokens_per_minute: 1e6,
          },
        },
      },
      policy: {
        rules: [
          {
            id: 'hold',
            when: { score: { gte: 0.7 } },
            action: 'throttle',
            tier_budget: 0.25,
            tier_budget_scope: ['cluster'],
          },
        ],
      },
    });
    // Three accounts, each through a content cluster of its own: 2 requests a minute per bucket.
    const member = (i: number, harvest_shape: number | null) =>
      at(i * 10, {
        ...risky,
        account: `acct_${String(i)}`,
        tier: 'free',
        harvest_shape,
        cluster: {
          id: `cl_3${String(i)}`,
          link: 'near_duplicate',
          accounts: 30,
          risk: 0.9,
          flagged: true,
          specific: false,
        },
      });
    const refused = (shape: number | null) => {
      const replay = new PolicyReplay(config);
      return [0, 1, 2].map((i) => replay.replay(member(i, shape)).refused);
    };
    // One harvesting tool's settings: one bucket, the third refused, as the proxy refused it.
    expect(refused(0xe12345678)).toEqual([false, false, true]);
    // No shape (none, or a record before v9): each linked cluster's own bucket.
    expect(refused(0)).toEqual([false, false, false]);
    expect(refused(null)).toEqual([false, false, false]);
  });

  it("applies the candidate's overrides: a deny blocks, an allow wins over what was remembered", async () => {
    const config = await configWith({
      accounts: {
        overrides: [
          { account: 'acct_denied', action: 'deny', reason: 'abuse' },
          { account: 'acct_partner', action: 'allow', reason: 'partner' },
        ],
      },
      policy: {
        rules: [{ id: 'block-all', when: {}, action: 'block', remember: { account: '1h' } }],
      },
    });
    const replay = new PolicyReplay(config);
    expect(replay.replay(at(0, { account: 'acct_denied' }))).toMatchObject({
      rule: 'override:account',
    });
    expect(replay.replay(at(0, { account: 'acct_partner' }))).toMatchObject({
      action: 'allow',
      rule: 'override:account',
    });
  });
});
