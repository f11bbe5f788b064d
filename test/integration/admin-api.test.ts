/**
 * The admin API through the real proxy and admin listener: account lookups (keys, resolved account,
 * risk, clusters, limit state, timeline), clusters, policy status, runtime overrides and labels
 * with their audit log (and their effect on the next request, runtime over config), every kind of
 * bad request answered with a clear JSON error, and no key, token or prompt text in any answer.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../src/policy/default-rules.ts';
import type {
  AccountReport,
  AdminErrorJson,
  ClusterListReport,
  ClusterReport,
  OverrideChangeJson,
  OverviewReport,
  PolicyReport,
} from '../../src/admin/report-types.ts';
import type { BacktestList } from '../../src/admin/backtest-reports.ts';
import { adminClient, type AdminAnswer, type AdminCall } from '../helpers/admin-client.ts';
import {
  ADMIN_TOKEN,
  canary,
  startHarness,
  UPSTREAM_SECRET,
  type Harness,
} from '../helpers/harness.ts';
import { addHydraAccounts, chat, FAST_DETECTION, runHydra } from '../helpers/traffic.ts';

const seen: AdminAnswer[] = [];
const secretPrompt = canary();

describe('admin API', () => {
  let h: Harness;
  let admin: AdminCall;
  let hydra: string[];

  beforeAll(async () => {
    h = await startHarness({
      config: {
        detection: FAST_DETECTION,
        policy: {
          rules: [...DEFAULT_RULES],
          limits: [
            {
              id: 'per-account',
              scope: 'account',
              requests: { limit: 100, per: '1h' },
              concurrent_streams: 4,
            },
          ],
        },
        admin: { audit_log: 'audit/admin-audit.ndjson', backtests_dir: 'backtests' },
      },
    });
    admin = adminClient(h, seen);
    hydra = await addHydraAccounts(h, 'acct_h', 12);
    for (let i = 0; i < 3; i++)
      expect(await chat(h, h.keys.alice, `${secretPrompt} ${i}`)).toBe(200);
    await runHydra(h, hydra, 4);
  });

  afterAll(async () => {
    await h.close();
  });

  const auditLines = async (): Promise<Record<string, unknown>[]> =>
    (await readFile(join(h.dir, 'audit/admin-audit.ndjson'), 'utf8').catch(() => ''))
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  it('looks an account up: keys, resolved account, risk, limits, timeline', async () => {
    const answer = await admin<AccountReport>('/admin/accounts/acct_alice');
    expect(answer.status).toBe(200);
    const report = answer.json;
    expect(report).toMatchObject({
      account: 'acct_alice',
      resolved_from: 'key_file',
      resolved: { org: 'org_acme', tier: 'standard', verified: false, override: null },
      challenge: { challenged: false, verified: false },
      remembered_block: null,
    });
    expect(report.keys).toHaveLength(1);
    expect(report.keys[0]).toMatchObject({ status: 'active', tier: 'standard' });
    expect(Object.keys(report.keys[0]!)).not.toContain('sha256');
    expect(typeof report.risk?.requests_in_window).toBe('number');
    const requests = report.limits.find((bucket) => bucket.dimension === 'requests');
    expect(requests).toMatchObject({
      limit: 'per-account',
      scope: 'account',
      scope_value: 'acct_alice',
      quota: 100,
    });
    // Three spent (the bucket refills one every 36 s).
    expect(requests?.remaining).toBe(97);
    expect(report.limits.find((bucket) => bucket.dimension === 'concurrent_streams')).toMatchObject(
      { quota: 4, remaining: 4 },
    );
    // Twice the tier's baseline, which the shipped verified-throttle holds an account to:
    // untouched, whole.
    expect(report.limits.filter((bucket) => bucket.limit === 'tier:2x')).toEqual(
      [
        ['requests', 240],
        ['input_tokens', 800_000],
        ['output_tokens', 80_000],
      ].map(([dimension, quota]) => ({
        limit: 'tier:2x',
        scope: 'account',
        scope_value: 'acct_alice',
        applies: 'throttled',
        mode: 'enforce',
        dimension,
        quota,
        per_ms: 60_000,
        remaining: quota,
        reset_ms: 0,
      })),
    );
    expect(report.timeline).toHaveLength(3);
    expect(report.timeline[0]).toMatchObject({ action: 'allow', status: 200, mode: 'enforce' });
    const records = (await h.records()).filter((record) => record.account === 'acct_alice');
    expect(report.timeline.map((t: { request_id: string }) => t.request_id)).toEqual(
      records.map((record) => record.request_id).reverse(),
    );
  });

  it("explains a hydra account's blocks: factors, families, cluster links", async () => {
    const report = (await admin<AccountReport>('/admin/accounts/acct_h3')).json;
    expect(report.risk?.score).toBeGreaterThan(0);
    expect(report.clusters.length).toBeGreaterThan(0);
    expect(report.clusters[0]?.id).toMatch(/^cl_[0-9a-f]+$/);
    const blocked = report.timeline.filter((t) => t.action === 'block');
    expect(blocked.length).toBeGreaterThan(0);
    expect(blocked[0]?.rule).toMatch(/risk-block|hydra-template/);
    expect(blocked[0]?.families.length).toBeGreaterThanOrEqual(2);
    expect(blocked[0]?.factors.length).toBeGreaterThan(0);
  });

  it('lists clusters by risk and shows one', async () => {
    const list = (await admin<ClusterListReport>('/admin/clusters?limit=5')).json;
    expect(list.clusters.length).toBeGreaterThan(0);
    const risks = list.clusters.map((c) => c.risk);
    expect([...risks].sort((a, b) => b - a)).toEqual(risks);
    const top = list.clusters[0]!;
    expect(top.accounts).toBeGreaterThanOrEqual(3);
    expect(typeof top.flagged).toBe('boolean');
    expect(typeof top.link).toBe('string');
    // The hydra's accounts are in no org: its clusters are no org's cohort.
    expect(top.cohort_share).toBeNull();
    const one = await admin<ClusterReport>(`/admin/clusters/${top.id}`);
    expect(one.status).toBe(200);
    expect(one.json.cluster.id).toBe(top.id);
    expect(one.json.recent_accounts.length).toBeGreaterThan(0);
    expect((await admin('/admin/clusters/cl_0')).status).toBe(404);
    expect((await admin('/admin/clusters?limit=0')).status).toBe(400);
  });

  it('reports the policy serving now', async () => {
    const policy = (await admin<PolicyReport>('/admin/policy')).json;
    const record = (await h.records()).at(-1);
    expect(policy.version).toBe(record?.policy_version);
    expect(policy.rules.map((rule: { id: string }) => rule.id)).toEqual(
      DEFAULT_RULES.map((rule) => rule.id),
    );
    expect(policy.rules.filter((rule) => rule.tier_budget !== null)).toMatchObject([
      { id: 'declared-use-unverified-throttle', action: 'throttle', tier_budget: 0.25 },
      { id: 'verified-hydra-throttle', action: 'throttle', tier_budget: 0.25 },
      { id: 'verified-content-throttle', action: 'throttle', tier_budget: 0.25 },
      { id: 'verified-young-throttle', action: 'throttle', tier_budget: 0.25 },
      { id: 'verified-throttle', action: 'throttle', tier_budget: 2 },
    ]);
    expect(policy).toMatchObject({
      mode: 'enforce',
      source_file: h.configFile,
      last_reload: { ok: true },
      limits: [{ id: 'per-account', scope: 'account', applies: 'always', mode: 'enforce' }],
    });
  });

  it('denies with a runtime override, audits it, and lifts it', async () => {
    const put = await admin<OverrideChangeJson>('/admin/accounts/acct_alice/override', {
      method: 'PUT',
      body: {
        action: 'deny',
        reason: 'ticket 42: abuse report',
        actor: 'ops@example',
        expires: '2h',
      },
    });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ before: null, after: { kind: 'override', action: 'deny' } });
    expect(await chat(h, h.keys.alice, 'hello again')).toBe(403);
    const report = (await admin<AccountReport>('/admin/accounts/acct_alice')).json;
    expect(report.resolved?.override).toEqual({
      action: 'deny',
      reason: 'ticket 42: abuse report',
      scope: 'account',
    });
    expect(report.overrides.runtime).toHaveLength(1);

    const removed = await admin('/admin/accounts/acct_alice/override', {
      method: 'DELETE',
      body: { reason: 'resolved', actor: 'ops@example' },
    });
    expect(removed.status).toBe(200);
    expect(await chat(h, h.keys.alice, 'hello once more')).toBe(200);
    const lines = await auditLines();
    expect(lines.slice(-2)).toMatchObject([
      {
        v: 1,
        change: 'override.set',
        account: 'acct_alice',
        actor: 'ops@example',
        reason: 'ticket 42: abuse report',
        before: null,
        after: { action: 'deny' },
      },
      { change: 'override.delete', before: { action: 'deny' }, after: null, reason: 'resolved' },
    ]);
    expect(lines.at(-1)?.request_id).toBe(removed.headers['x-request-id']);
    expect(
      await admin('/admin/accounts/acct_alice/override', {
        method: 'DELETE',
        body: { reason: 'again', actor: 'ops@example' },
      }),
    ).toMatchObject({ status: 404 });
  });

  it('puts a runtime allow over a config deny, and sets labels', async () => {
    expect(await chat(h, h.keys.mallory, 'hi')).toBe(403); // deny-listed in the config
    const put = await admin('/admin/accounts/acct_mallory/override', {
      method: 'PUT',
      body: {
        action: 'allow',
        verified: true,
        reason: 'appeal granted',
        actor: 'ops',
        expires: '1h',
      },
    });
    expect(put.status).toBe(200);
    expect(await chat(h, h.keys.mallory, 'hi')).toBe(200);
    const labels = await admin('/admin/accounts/acct_mallory/labels', {
      method: 'PUT',
      body: { labels: ['kyc-passed', 'partner'], reason: 'KYC done', actor: 'ops', expires: '1h' },
    });
    expect(labels.status).toBe(200);
    expect(await chat(h, h.keys.mallory, 'hi')).toBe(200);
    const record = (await h.records()).filter((r) => r.account === 'acct_mallory').at(-1);
    expect(record).toMatchObject({
      verified: true,
      rule: 'override:account',
      reason: 'override_allow',
    });
    expect(record?.labels).toEqual(expect.arrayContaining(['kyc-passed', 'partner']));
    const report = (await admin<AccountReport>('/admin/accounts/acct_mallory')).json;
    expect(report.overrides.config).toMatchObject([{ scope: 'account', action: 'deny' }]);
    expect(report.resolved?.override).toMatchObject({ action: 'allow' });
  });

  it('answers bad requests with clear JSON errors', async () => {
    const url = '/admin/accounts/acct_bob/override';
    const good = { action: 'deny', reason: 'r', actor: 'a', expires: '1h' };
    const cases: [string, Parameters<typeof admin>[1], number, string?][] = [
      [
        'bad json',
        { method: 'PUT', body: '{"action":', headers: { 'content-type': 'application/json' } },
        400,
      ],
      ['no content type', { method: 'PUT', body: JSON.stringify(good) }, 400],
      ['unknown field', { method: 'PUT', body: { ...good, tier: 'free' } }, 400, ''],
      ['no actor', { method: 'PUT', body: { ...good, actor: undefined } }, 400, 'actor'],
      ['nothing set', { method: 'PUT', body: { reason: 'r', actor: 'a', expires: '1h' } }, 400],
      [
        'past expiry',
        { method: 'PUT', body: { ...good, expires: '2020-01-01T00:00:00Z' } },
        400,
        'expires',
      ],
      ['far expiry', { method: 'PUT', body: { ...good, expires: '9000h' } }, 400, 'expires'],
      ['bad action', { method: 'PUT', body: { ...good, action: 'nuke' } }, 400, 'action'],
      ['bad label', { method: 'PUT', body: { ...good, labels: ['Bad Label'] } }, 400],
      ['too large', { method: 'PUT', body: { ...good, reason: 'x'.repeat(20_000) } }, 413],
      ['wrong method', { method: 'POST', body: good }, 405],
    ];
    for (const [name, options, status, path] of cases) {
      const answer = await admin<AdminErrorJson>(url, options);
      expect(answer.status, name).toBe(status);
      expect(answer.json.error.type, name).toMatch(/_error|method_not_allowed/);
      if (path)
        expect(
          (answer.json.error.issues ?? []).map((i) => i.path),
          name,
        ).toContain(path);
    }
    expect((await admin(url, { method: 'POST', body: good })).headers.allow).toBe('PUT, DELETE');
    expect(await chat(h, h.keys.bob, 'still fine')).toBe(200); // nothing was applied
    const unknown = await admin<AdminErrorJson>('/admin/accounts/acct_nobody');
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({
      error: { type: 'not_found_error', message: 'Unknown account.' },
    });
  });

  it('refuses every admin route without the token, with the one 401', async () => {
    const paths = [
      '/admin/accounts/acct_alice',
      '/admin/accounts/acct_alice/override',
      '/admin/clusters',
      '/admin/policy',
      '/admin/overview',
      '/admin/backtests',
      '/metrics',
    ];
    const bodies = new Set<string>();
    for (const path of paths) {
      for (const method of ['GET', 'PUT'] as const) {
        const answer = await admin(path, { method, anonymous: true });
        expect(answer.status).toBe(401);
        bodies.add(answer.text);
      }
    }
    expect([...bodies]).toEqual([
      JSON.stringify({ error: { type: 'authentication_error', message: 'Admin token required.' } }),
    ]);
  });

  it('changes nothing when the audit log cannot be written', async () => {
    const config = await readFile(h.configFile, 'utf8');
    try {
      // A path under a regular file: every write fails (ENOTDIR).
      await writeFile(
        h.configFile,
        config.replace('audit/admin-audit.ndjson', 'keys.yaml/audit.ndjson'),
      );
      expect((await h.app.reload()).ok).toBe(true);
      const put = await admin<AdminErrorJson>('/admin/accounts/acct_bob/override', {
        method: 'PUT',
        body: { action: 'deny', reason: 'r', actor: 'a', expires: '1h' },
      });
      expect(put.status).toBe(503);
      expect(put.json.error.type).toBe('unavailable_error');
      expect(await chat(h, h.keys.bob, 'not denied')).toBe(200);
    } finally {
      await writeFile(h.configFile, config);
      expect((await h.app.reload()).ok).toBe(true);
    }
  });

  it('lists backtest reports from the configured directory', async () => {
    const dir = join(h.dir, 'backtests');
    await mkdir(dir, { recursive: true });
    await writeFile(
      join(dir, 'tighten-rule-x.json'),
      JSON.stringify({
        generated_at: '2026-11-20T10:00:00.000Z',
        candidate: 'candidate.yaml',
        records: 1200,
        summary: { changed: 37, newly_blocked_accounts: 4 },
        future_field: { nested: true },
      }),
    );
    await writeFile(join(dir, 'broken.json'), '{"records": 1');
    const answer = (await admin<BacktestList>('/admin/backtests')).json;
    expect(answer.configured).toBe(true);
    const report = answer.reports.find((r: { file: string }) => r.file === 'tighten-rule-x.json');
    expect(report).toMatchObject({
      candidate: 'candidate.yaml',
      numbers: { records: 1200, changed: 37, newly_blocked_accounts: 4 },
      error: null,
    });
    const broken = answer.reports.find((r: { file: string }) => r.file === 'broken.json');
    expect(broken).toMatchObject({ error: 'not_json', numbers: {} });
  });

  it('summarises recent traffic for the review page', async () => {
    const overview = (await admin<OverviewReport>('/admin/overview?limit=5')).json;
    const records = await h.records();
    const totals = overview.actions_over_time.totals;
    expect(Object.values(totals).reduce((a, b) => a + b, 0)).toBe(records.length);
    expect(totals.block).toBe(records.filter((r) => r.action === 'block').length);
    expect(overview.top_accounts).toHaveLength(5);
    expect(overview.top_accounts[0]?.account).toMatch(/^acct_h\d+$/);
    expect(overview.top_accounts[0]?.max_score).toBeGreaterThanOrEqual(
      overview.top_accounts[4]?.max_score ?? 1,
    );
  });

  it('never puts a key, the tokens or prompt text in an answer or the audit log', async () => {
    const secrets = [
      ADMIN_TOKEN,
      UPSTREAM_SECRET,
      secretPrompt,
      ...Object.values(h.keys),
      ...hydra,
    ];
    expect(seen.length).toBeGreaterThan(30);
    const audit = JSON.stringify(await auditLines());
    for (const answer of seen) {
      const text = answer.text + JSON.stringify(answer.headers);
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
    for (const secret of secrets) expect(audit).not.toContain(secret);
    expect(JSON.stringify(seen)).not.toContain('meticulous tutor');
  });
});
