/**
 * A tier budget kept per cluster (`tier_budget_scope: [cluster]`), end to end through the proxy
 * with the real detector: once a small hydra's template forms a flagged cluster, its accounts —
 * each with a budget of its own untouched — share the cluster's one bucket, where a budget per
 * account admits every one of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.ts';
import { harvestPrompt } from '../helpers/hydra.ts';
import { sleep } from '../helpers/raw-http.ts';
import { FAST_DETECTION, MODEL, addHydraAccounts } from '../helpers/traffic.ts';
import { request } from 'undici';

describe('a tier budget per cluster through the proxy', () => {
  let h: Harness;
  const hydra: string[] = [];

  beforeAll(async () => {
    h = await startHarness({
      config: {
        detection: FAST_DETECTION,
        // The hydra's tier, made small: 2 requests a minute per bucket.
        accounts: {
          tiers: {
            free: {
              requests_per_minute: 2,
              input_tokens_per_minute: 1_000_000,
              output_tokens_per_minute: 1_000_000,
            },
          },
        },
        policy: {
          rules: ['cluster', 'account'].map((scope) => ({
            id: `per-${scope}`,
            when: { model: [`mock-${scope}`], cluster: { flagged: true } },
            action: 'throttle',
            tier_budget: 1,
            tier_budget_scope: [scope],
          })),
        },
      },
    });
    hydra.push(...(await addHydraAccounts(h, 'acct_h', 30)));
  });

  afterAll(async () => {
    await h.close();
  });

  const harvest = async (key: string, model: string, index: number) => {
    const res = await request(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model,
        max_tokens: 64,
        messages: [{ role: 'user', content: harvestPrompt(index) }],
      }),
    });
    await res.body.dump();
    return { status: res.statusCode, policy: res.headers['ratelimit-policy'] };
  };

  it("holds the cluster's accounts together to one account's budget", async () => {
    // The campaign's template, round-robin over its accounts, until its cluster is flagged (no
    // rule names this model: everything is served).
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 30; i++)
        expect((await harvest(hydra[i] ?? '', MODEL, round * 30 + i)).status).toBe(200);
      await sleep(100); // the cluster batch (refresh_interval 25ms)
    }
    // Per account: ten accounts, one request each, each within a rested budget of its own.
    const perAccount = [];
    for (let i = 0; i < 10; i++)
      perAccount.push(await harvest(hydra[i] ?? '', 'mock-account', 500 + i));
    // Per cluster: twenty others, one request each, one bucket between them.
    const perCluster = [];
    for (let i = 10; i < 30; i++)
      perCluster.push(await harvest(hydra[i] ?? '', 'mock-cluster', 600 + i));

    const records = await h.records();
    const held = (model: string) => records.filter((record) => record.model === model);
    // Every request of both bursts met its rule (the cluster was flagged by then).
    const accountRecords = held('mock-account');
    expect(accountRecords.map((record) => record.rule)).toEqual(Array(10).fill('per-account'));
    expect(perAccount.every((answer) => answer.status === 200)).toBe(true);

    const clusterRecords = held('mock-cluster');
    expect(clusterRecords).toHaveLength(20);
    expect(clusterRecords.map((record) => record.rule)).toEqual(Array(20).fill('per-cluster'));
    const admitted = clusterRecords.filter((record) => record.status === 200);
    const refused = clusterRecords.filter((record) => record.status === 429);
    expect(admitted.length + refused.length).toBe(20);
    // Two a minute for each cluster the requests went through; the rest refused, though no
    // account had spent anything of its own.
    const clusters = new Set(clusterRecords.map((record) => record.cluster?.id));
    expect(admitted.length).toBeLessThanOrEqual(2 * clusters.size);
    expect(refused.length).toBeGreaterThan(0);
    for (const record of refused)
      expect(record).toMatchObject({
        status: 429,
        error: 'DG_ERR_RATE_LIMITED',
        // The rule's 429: the cluster's budget that refused, in its reason.
        reason: 'limit:tier:1x:cluster.requests',
      });
    expect(perCluster.filter((answer) => answer.status === 429).length).toBe(refused.length);
    expect(perCluster.find((answer) => answer.status === 429)?.policy).toBe(
      '"tier:1x:cluster.requests";q=2;w=60;qu="request"',
    );
  });
});
