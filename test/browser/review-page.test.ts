/**
 * The review page in headless Chromium (Debian's /usr/bin/chromium driven by playwright-core):
 * traffic through a real proxy (a hydra the shipped rules block, a customer), then the page is
 * opened, asks for the admin token, renders, and every number it shows is compared with the admin
 * API's JSON. The clock is frozen once the traffic is done, so the page and the API read the same
 * state. Without Chromium this suite fails loudly, unless DG_SKIP_BROWSER=1 says to skip it.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountReport, OverviewReport, PolicyReport } from '../../src/admin/report-types.ts';
import { DEFAULT_RULES } from '../../src/policy/default-rules.ts';
import { systemClock, type Clock } from '../../src/util/clock.ts';
import { adminClient } from '../helpers/admin-client.ts';
import { ADMIN_TOKEN, canary, startHarness, type Harness } from '../helpers/harness.ts';
import { addHydraAccounts, chat, FAST_DETECTION, runHydra } from '../helpers/traffic.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const available = existsSync(CHROMIUM);
const skip = !available && process.env.DG_SKIP_BROWSER === '1';

/** Real time until frozen: then every reader of the clock sees one instant. */
function freezableClock(): Clock & { freeze(): void } {
  let frozen: number | undefined;
  return {
    now: () => frozen ?? systemClock.now(),
    mono: systemClock.mono,
    freeze: () => {
      frozen = systemClock.now();
    },
  };
}

/** What a cell shows for an API value (page.js's fmt). */
const shown = (value: string | number | boolean | null | undefined): string =>
  value === null || value === undefined ? '–' : String(value);

type Rows = Record<string, Record<string, string>>;

/** Rows of a rendered table: each row's `key` attribute → its cells' text by data-field. */
async function rows(page: Page, selector: string, key: string): Promise<Rows> {
  const out: Rows = {};
  for (const tr of await page.locator(`${selector} tbody tr`).all()) {
    const cells: Record<string, string> = {};
    for (const cell of await tr.locator('[data-field]').all())
      cells[(await cell.getAttribute('data-field')) ?? ''] = (await cell.textContent()) ?? '';
    out[(await tr.getAttribute(key)) ?? ''] = cells;
  }
  return out;
}

describe.skipIf(skip)('review page in headless Chromium', () => {
  if (!available) {
    it('needs Debian chromium at /usr/bin/chromium (apt-get install -y chromium; DG_SKIP_BROWSER=1 skips)', () => {
      throw new Error(
        `${CHROMIUM} is missing: apt-get install -y chromium, or set DG_SKIP_BROWSER=1`,
      );
    });
    return;
  }

  const clock = freezableClock();
  const prompt = canary();
  let h: Harness;
  let context: BrowserContext | undefined;
  let profile: string | undefined;
  let page: Page;
  const api = () => adminClient(h);

  beforeAll(async () => {
    h = await startHarness({
      clock,
      config: {
        detection: FAST_DETECTION,
        policy: { rules: [...DEFAULT_RULES] },
        admin: { backtests_dir: 'backtests' },
      },
    });
    const hydra = await addHydraAccounts(h, 'acct_h', 12);
    for (let i = 0; i < 4; i++)
      expect(await chat(h, h.keys.alice, `${prompt} question ${i}`)).toBe(200);
    await runHydra(h, hydra, 4);
    await mkdir(join(h.dir, 'backtests'));
    await writeFile(
      join(h.dir, 'backtests', 'candidate-a.json'),
      JSON.stringify({ candidate: 'candidate-a.yaml', records: 250, summary: { changed: 12 } }),
    );
    await h.records();
    clock.freeze();
    profile = await mkdtemp(join(tmpdir(), 'dg-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
    });
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
    await h.close();
  });

  it('serves a self-contained page under a strict CSP, asking for the token', async () => {
    const external: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(h.app.adminUrl!)) external.push(request.url());
    });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    const response = await page.goto(`${h.app.adminUrl!}/admin/review`);
    expect(response?.status()).toBe(200);
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain("connect-src 'self'");
    await page.waitForSelector('body[data-state="login"]');
    expect(await page.isVisible('#login')).toBe(true);
    expect(await page.isHidden('#main')).toBe(true);

    await page.fill('#token', 'wrong-token-0123456789');
    await page.click('#login button[type="submit"]');
    await page.waitForSelector('#login-error:not(:empty)');
    expect(await page.textContent('#login-error')).toContain('refused');

    await page.fill('#token', ADMIN_TOKEN);
    await page.click('#login button[type="submit"]');
    await page.waitForSelector('body[data-state="ready"]', { timeout: 15_000 });
    expect(errors.filter((text) => !text.includes('401'))).toEqual([]);
    expect(external).toEqual([]);
    // The token lives in this tab's session storage only: no cookie was set.
    expect(await page.context().cookies()).toEqual([]);
  });

  it('shows the top risky accounts and clusters as the API reports them', async () => {
    const overview = (await api()<OverviewReport>('/admin/overview?limit=20')).json;
    const accounts = await rows(page, '#accounts-table', 'data-account');
    expect(Object.keys(accounts)).toEqual(
      overview.top_accounts.map((a: { account: string }) => a.account),
    );
    for (const account of overview.top_accounts) {
      const row = accounts[account.account]!;
      const fields = [
        'requests',
        'actioned',
        'max_score',
        'score_now',
        'last_action',
        'last_rule',
        'tier',
      ] as const;
      for (const field of fields)
        expect(row[field], `${account.account}.${field}`).toBe(shown(account[field]));
    }
    expect(overview.top_accounts[0]?.max_score).toBeGreaterThan(0);
    const clusters = await rows(page, '#clusters-table', 'data-cluster');
    expect(Object.keys(clusters)).toEqual(overview.top_clusters.map((c: { id: string }) => c.id));
    expect(overview.top_clusters.length).toBeGreaterThan(0);
    for (const cluster of overview.top_clusters) {
      const row = clusters[cluster.id]!;
      for (const field of ['accounts', 'requests', 'risk', 'link'] as const)
        expect(row[field], `${cluster.id}.${field}`).toBe(shown(cluster[field]));
      expect(row.flagged).toBe(cluster.flagged ? 'yes' : 'no');
    }
  });

  it('charts actions over time with the counts of the API', async () => {
    const series = (await api()<OverviewReport>('/admin/overview?limit=20')).json.actions_over_time;
    const totals = (await rows(page, '#actions-totals', 'data-row')).totals!;
    for (const action of series.actions)
      expect(totals[action], action).toBe(shown(series.totals[action]));
    expect(series.totals.block).toBeGreaterThan(0);
    // The bars add up to the same counts, per action.
    const drawn: Record<string, number> = {};
    for (const rect of await page.locator('#actions-chart rect[data-action]').all()) {
      const action = (await rect.getAttribute('data-action')) ?? '';
      drawn[action] = (drawn[action] ?? 0) + Number(await rect.getAttribute('data-count'));
    }
    for (const action of series.actions)
      expect(drawn[action] ?? 0, action).toBe(series.totals[action]);
  });

  it("shows an account's timeline with its factors", async () => {
    const id = 'acct_h3';
    await page.fill('#account-id', id);
    await page.click('#account-form button[type="submit"]');
    await page.waitForSelector(`body[data-account="${id}"]`);
    const report = (await api()<AccountReport>(`/admin/accounts/${id}`)).json;
    expect(await page.textContent('#account-detail [data-field="account"]')).toBe(id);
    expect(await page.textContent('#account-detail dd[data-field="tier"]')).toBe(
      report.resolved?.tier,
    );
    expect(await page.textContent('#account-detail dd[data-field="risk_score"]')).toBe(
      shown(report.risk?.score),
    );
    const timeline = await rows(page, '#timeline-table', 'data-request');
    expect(Object.keys(timeline)).toEqual(
      report.timeline.map((t: { request_id: string }) => t.request_id),
    );
    for (const entry of report.timeline) {
      const row = timeline[entry.request_id]!;
      expect(row.action).toBe(entry.action);
      expect(row.score).toBe(shown(entry.score));
      expect(row.rule).toBe(shown(entry.rule));
      for (const factor of entry.factors) expect(row.factors).toContain(factor.signal);
    }
    expect(report.timeline.some((t: { action: string }) => t.action === 'block')).toBe(true);
    const dots = await page.locator('#account-detail circle[data-score]').count();
    expect(dots).toBe(report.timeline.length);
  });

  it('shows the current policy and the recent backtests', async () => {
    const policy = (await api()<PolicyReport>('/admin/policy')).json;
    expect(await page.textContent('#policy-detail dd[data-field="version"]')).toBe(policy.version);
    const rules = await rows(page, '#rules-table', 'data-rule');
    expect(Object.keys(rules)).toEqual(policy.rules.map((rule: { id: string }) => rule.id));
    for (const rule of policy.rules) expect(rules[rule.id]?.action).toBe(rule.action);
    const backtests = await rows(page, '#backtests-table', 'data-file');
    expect(backtests['candidate-a.json']).toMatchObject({
      candidate: 'candidate-a.yaml',
      records: '250',
      changed: '12',
    });
    const html = await page.content();
    expect(html).not.toContain(prompt);
    expect(html).not.toContain(ADMIN_TOKEN);
    // To look at the page: DG_REVIEW_SCREENSHOT=/tmp/review.png npx vitest run test/browser
    const screenshot = process.env.DG_REVIEW_SCREENSHOT;
    if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
  });
});
