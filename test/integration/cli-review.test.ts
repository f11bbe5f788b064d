/**
 * `distillguard review` on a real decision log (the simulator through the real proxy): every
 * number in the report is checked against the log parsed record by record with JSON.parse —
 * totals, accounts, clusters, the factors behind actions — and an account's timeline lists each
 * of its non-allow requests with the rule and factors the log gave it. Filters by time, action,
 * rule and cluster, gzip input, damaged lines and bad arguments, without a stack trace.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecisionRecord } from '../../src/decision-log/record.ts';
import type { ReviewReport } from '../../src/review/review-report.ts';
import { runScenario } from '../../src/simulator/runner.ts';
import { loadScenario } from '../../src/simulator/scenarios.ts';
import { cli, type Run } from '../helpers/cli-process.ts';

let dir: string;
let log: string;
let records: DecisionRecord[];
let text: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dg-cli-review-'));
  log = join(dir, 'decisions.ndjson');
  const loaded = await loadScenario('default');
  if (!loaded.ok) throw new Error(loaded.message);
  await runScenario(loaded.scenario, { duration: 6_000, scale: 0.5, seed: 3, keepLog: log });
  text = await readFile(log, 'utf8');
  records = text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as DecisionRecord);
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function review(...args: string[]): Promise<ReviewReport> {
  const run = await cli(['review', '--log', log, '--json', ...args]);
  expect(run.stderr).not.toContain('    at ');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as ReviewReport;
}

const policyAction = (r: DecisionRecord): boolean => r.action !== 'allow' && r.action !== 'reject';

describe('distillguard review', () => {
  it('sums the log exactly: totals, accounts, clusters, factors', async () => {
    const report = await review('--top', '1000');
    expect(report.totals.requests).toBe(records.length);
    for (const action of ['allow', 'observe', 'block'] as const)
      expect(report.totals.actions[action]).toBe(records.filter((r) => r.action === action).length);
    const accounts = new Set(records.map((r) => r.account).filter((a) => a !== null));
    expect(report.accounts).toHaveLength(accounts.size);
    for (const summary of report.accounts) {
      const own = records.filter((r) => r.account === summary.account);
      expect(summary.requests).toBe(own.length);
      expect(summary.max_score).toBe(Math.max(...own.map((r) => r.score)));
      expect(summary.actions.block).toBe(own.filter((r) => r.action === 'block').length);
    }
    const top = report.accounts[0];
    expect(top?.max_score).toBe(Math.max(...records.map((r) => r.score)));
    for (const cluster of report.clusters) {
      const linked = records.filter((r) => r.cluster?.id === cluster.id);
      expect([cluster.requests, cluster.accounts]).toEqual([
        linked.length,
        new Set(linked.map((r) => r.account)).size,
      ]);
    }
    const acted = records.filter(policyAction);
    expect(report.decisions).toBe(acted.length);
    for (const factor of report.factors)
      expect(factor.decisions).toBe(
        acted.filter((r) => r.factors.some((f) => f.signal === factor.signal)).length,
      );
    expect(report.series.buckets.reduce((n, b) => n + b.requests, 0)).toBe(records.length);
  });

  it("gives an account's timeline: every non-allow request, its rule and its factors", async () => {
    const blocked = records.find((r) => r.action === 'block');
    const account = blocked?.account ?? '';
    const report = await review('--account', account);
    const own = records.filter((r) => r.account === account);
    const events = own.filter((r) => r.action !== 'allow' || r.shadow !== null);
    expect(report.totals.requests).toBe(own.length);
    expect(report.timeline?.events.map((e) => [e.request_id, e.action, e.rule, e.reason])).toEqual(
      [...events]
        .sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0))
        .map((r) => [r.request_id, r.action, r.rule, r.reason]),
    );
    const first = report.timeline?.events[0];
    const logged = own.find((r) => r.request_id === first?.request_id);
    expect(first?.factors.map((f) => f.signal).sort()).toEqual(
      logged?.factors.map((f) => f.signal).sort(),
    );
    const table = await cli(['review', '--log', log, '--account', account]);
    expect(table.stdout).toContain(`Timeline of ${account}`);
    expect(table.stdout).toContain(blocked?.request_id ?? '?');
  });

  it('filters by time, action, rule and cluster, and reads gzip like plain', async () => {
    const sorted = records.map((r) => r.ts).sort();
    const middle = sorted[Math.floor(sorted.length / 2)] ?? '';
    const rule = records.find((r) => r.action === 'block')?.rule ?? '';
    const cluster = records.find((r) => r.cluster !== null)?.cluster?.id ?? '';
    const gz = join(dir, 'decisions.ndjson.1');
    await writeFile(gz, gzipSync(Buffer.from(text)));
    const [later, byRule, byCluster, plain, zipped] = await Promise.all([
      review('--since', middle, '--action', 'block,observe'),
      review('--rule', rule),
      review('--cluster', cluster),
      review(),
      cli(['review', '--log', gz, '--json']).then((run) => JSON.parse(run.stdout) as ReviewReport),
    ]);
    expect(later.totals.requests).toBe(
      records.filter((r) => r.ts >= middle && (r.action === 'block' || r.action === 'observe'))
        .length,
    );
    expect(byRule.totals.requests).toBe(
      records.filter((r) => r.rule === rule || r.shadow?.rule === rule).length,
    );
    expect(byCluster.totals.requests).toBe(records.filter((r) => r.cluster?.id === cluster).length);
    expect(zipped.totals).toEqual(plain.totals);
    expect(zipped.input.inputs[0]?.compressed).toBe(true);
  });

  it('reports damaged lines (exit 1), refuses bad arguments (2) and missing logs (3)', async () => {
    const lines = text.split('\n');
    const damaged = join(dir, 'damaged.ndjson');
    await writeFile(damaged, [lines[0], '{"v":5,"ts":', ...lines.slice(1)].join('\n'));
    const runs: Run[] = await Promise.all([
      cli(['review', '--log', damaged, '--json']),
      cli(['review', '--log', log, '--action', 'explode']),
      cli(['review', '--log', log, '--since', 'last tuesday']),
      cli(['review', '--log', join(dir, 'nope')]),
    ]);
    expect(runs.map((run) => run.code)).toEqual([1, 2, 2, 3]);
    const report = JSON.parse(runs[0]?.stdout ?? '') as ReviewReport;
    expect(report.input.problems).toEqual([
      { file: damaged, line: 2, problem: 'not JSON (truncated or damaged)' },
    ]);
    expect(report.totals.requests).toBe(records.length);
    expect(runs[1]?.stderr).toContain('--action: unknown action explode');
    for (const run of runs) expect(run.stderr).not.toContain('    at ');
  });
});
