/**
 * `distillguard backtest` on a real decision log: the simulator drives legitimate and distilling
 * traffic through the real proxy, and its log is replayed. The logged activations recombine to
 * exactly the logged scores; replaying the proxy's own config reproduces the logged actions; a
 * stricter candidate and other weights change what they should; gzip reads like plain; damaged,
 * missing and empty logs and an invalid candidate get their exit codes and never a stack trace.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BacktestReport } from '../../src/backtest/backtest-report.ts';
import { loadBacktestConfig } from '../../src/backtest/backtest-logs.ts';
import { Rescorer } from '../../src/backtest/replay-inputs.ts';
import { listReports } from '../../src/backtest/report-directory.ts';
import type { LoggedRecord } from '../../src/decision-log/logged-record.ts';
import { parseRecordLine } from '../../src/decision-log/parse-record.ts';
import { runScenario, SIMULATE_CONFIG } from '../../src/simulator/runner.ts';
import { loadScenario } from '../../src/simulator/scenarios.ts';
import { cli, type Run } from '../helpers/cli-process.ts';

let dir: string;
let log: string;
let text: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dg-cli-backtest-'));
  log = join(dir, 'decisions.ndjson');
  const loaded = await loadScenario('default');
  if (!loaded.ok) throw new Error(loaded.message);
  await runScenario(loaded.scenario, { duration: 8_000, scale: 0.5, seed: 7, keepLog: log });
  text = await readFile(log, 'utf8');
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function records(): LoggedRecord[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const parsed = parseRecordLine(line);
      if (typeof parsed === 'string') throw new Error(parsed);
      return parsed;
    });
}

/** The simulator's config with `policy` lines put under `policy:` and `detection` lines under `detection:`. */
async function candidate(name: string, policy: string, detection = ''): Promise<string> {
  const base = await readFile(SIMULATE_CONFIG, 'utf8');
  let yaml = base.replace(
    /\npolicy:\n {2}mode: enforce\n/,
    `\npolicy:\n  mode: enforce\n${policy}`,
  );
  if (detection !== '') yaml = yaml.replace(/\ndetection:\n/, `\ndetection:\n${detection}`);
  const file = join(dir, name);
  await writeFile(file, yaml);
  return file;
}

/** `backtest --config candidate [--baseline the simulator's config] --log <the log> --json -`. */
async function backtestJson(config: string, baseline: string | undefined): Promise<BacktestReport> {
  const base = baseline === undefined ? [] : ['--baseline', baseline];
  const run = await cli(['backtest', '--config', config, ...base, '--log', log, '--json', '-']);
  expect(run.code).toBe(0);
  return json(run);
}

function json(run: Run): BacktestReport {
  expect(run.stderr).not.toContain('    at ');
  return JSON.parse(run.stdout) as BacktestReport;
}

describe('distillguard backtest', () => {
  it('recombines every logged activation to exactly the logged score', async () => {
    const loaded = await loadBacktestConfig(SIMULATE_CONFIG);
    if (!loaded.ok) throw new Error('config');
    const rescorer = new Rescorer(loaded.config.detection.weights);
    const scored = records().filter((record) => record.activation !== null);
    expect(scored.length).toBeGreaterThan(20);
    for (const record of scored) {
      const score = rescorer.score(record);
      expect([record.request_id, score.value, score.families]).toEqual([
        record.request_id,
        record.score,
        record.families,
      ]);
    }
    expect(records().filter((r) => r.action === 'block').length).toBeGreaterThan(5);
  });

  it("reproduces the logged actions when the candidate is the proxy's own config", async () => {
    const own = await candidate('own.yaml', '');
    const report = await backtestJson(own, own);
    const fidelity = report.fidelity;
    expect(fidelity?.compared).toBe(records().filter((r) => r.action !== 'reject').length);
    expect((fidelity?.same_action ?? 0) / (fidelity?.compared ?? 1)).toBeGreaterThanOrEqual(0.99);
    expect(fidelity?.same_shadow).toBe(fidelity?.compared);
    expect(report.changed).toBe(0);
    expect(report.requests.logged_scores).toBe(0);
  });

  it('shows what a stricter rule would block, and what it withholds', async () => {
    const stricter = await candidate(
      'stricter.yaml',
      `  rules:
    - id: declared-use-cap
      when: { score: { gte: 0.45 }, account: { declared_use: true } }
      action: observe
    - id: risk-block
      when: { score: { gte: 0.5 }, families: { min: 2 } }
      action: block
    - id: risk-observe
      when: { score: { gte: 0.3 } }
      action: observe
`,
    );
    const report = await backtestJson(stricter, SIMULATE_CONFIG);
    expect(report.candidate.file).toBe(stricter);
    expect(report.actions.after.block).toBeGreaterThan(report.actions.before.block);
    const toBlock = report.transitions
      .filter((t) => t.to === 'block')
      .reduce((n, t) => n + t.requests, 0);
    expect(toBlock).toBeGreaterThan(0);
    expect(report.tokens.withheld).toBeGreaterThan(0);
    expect(report.accounts.newly_affected).toBeGreaterThan(0);
    // The table output says the same.
    const table = await cli([
      'backtest',
      '--config',
      stricter,
      '--baseline',
      SIMULATE_CONFIG,
      '--log',
      log,
    ]);
    expect(table.stdout).toContain(`${report.changed} decisions change`);
  });

  it('recombines scores under the candidate’s weights', async () => {
    const weaker = await candidate(
      'weaker.yaml',
      '',
      '  weights: { cluster: 0.1, templates: 0.05 }\n',
    );
    const report = await backtestJson(weaker, SIMULATE_CONFIG);
    expect(report.requests.rescored).toBe(report.requests.replayed);
    expect(report.actions.after.block).toBeLessThan(report.actions.before.block);
  });

  it('reads gzip like plain, and keeps reports in a directory', async () => {
    const gz = join(dir, 'decisions.1'); // rotated name, gzip content
    await writeFile(gz, gzipSync(Buffer.from(text)));
    const own = await candidate('own2.yaml', '');
    const outDir = join(dir, 'backtests');
    const plain = await backtestJson(own, undefined);
    const run = await cli(['backtest', '--config', own, '--log', gz, '--out-dir', outDir]);
    expect(run.code).toBe(0);
    const kept = await readdir(outDir);
    expect(kept).toHaveLength(1);
    const report = JSON.parse(
      await readFile(join(outDir, kept[0] ?? ''), 'utf8'),
    ) as BacktestReport;
    expect(report.input.inputs[0]?.compressed).toBe(true);
    expect([report.changed, report.requests]).toEqual([plain.changed, plain.requests]);
    // Reading on a second thread (--threads 2) changes nothing in the report.
    const two = await cli([
      'backtest',
      '--config',
      own,
      '--log',
      log,
      '--threads',
      '2',
      '--json',
      '-',
    ]);
    expect(two.code, two.stderr).toBe(0);
    const pipelined = JSON.parse(two.stdout) as BacktestReport;
    expect([pipelined.changed, pipelined.requests]).toEqual([plain.changed, plain.requests]);
    await writeFile(join(outDir, 'backtest-notes.txt'), 'not a report');
    expect(await listReports(outDir)).toEqual([
      {
        file: kept[0],
        generated_at: report.generated_at,
        candidate: report.candidate.policy_version,
        baseline: 'log',
        replayed: report.requests.replayed,
        changed: report.changed,
      },
    ]);
  });

  it('names damaged lines and a truncated gzip, exiting 1 with a report', async () => {
    const lines = text.split('\n');
    const damaged = join(dir, 'damaged.ndjson');
    await writeFile(
      damaged,
      [lines[0], lines[1]?.slice(0, 50), '%%%', ...lines.slice(2)].join('\n'),
    );
    const run = await cli([
      'backtest',
      '--config',
      SIMULATE_CONFIG,
      '--log',
      damaged,
      '--json',
      '-',
    ]);
    expect(run.code).toBe(1);
    const report = json(run);
    expect(report.input.problems.map((p) => [p.line, p.problem])).toEqual([
      [2, 'not JSON (truncated or damaged)'],
      [3, 'not JSON'],
    ]);
    const whole = gzipSync(Buffer.from(text));
    const cut = join(dir, 'cut.gz');
    await writeFile(cut, whole.subarray(0, whole.length >> 1));
    const truncated = await cli(['backtest', '--config', SIMULATE_CONFIG, '--log', cut]);
    expect(truncated.code).toBe(1);
    expect(truncated.stdout).toContain('gzip stream ends early (truncated file)');
    expect(truncated.stderr).not.toContain('    at ');
  });

  it('refuses an invalid candidate with file:line (exit 2), and missing or empty logs (exit 3)', async () => {
    const invalid = await candidate(
      'invalid.yaml',
      `  rules:\n    - id: Bad Id\n      action: explode\n`,
    );
    const empty = join(dir, 'empty.ndjson');
    await writeFile(empty, '');
    const nope = join(dir, 'nope.ndjson');
    const [bad, missing, none, usage, threads] = await Promise.all([
      cli(['backtest', '--config', invalid, '--log', log]),
      cli(['backtest', '--config', SIMULATE_CONFIG, '--log', nope]),
      cli(['backtest', '--config', SIMULATE_CONFIG, '--log', empty]),
      cli(['backtest', '--log', log]),
      cli(['backtest', '--config', SIMULATE_CONFIG, '--log', log, '--threads', '3']),
    ]);
    expect([threads.code, threads.stderr.split('\n')[0]]).toEqual([
      2,
      'distillguard backtest: --threads: expected 1 or 2, got "3"',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(new RegExp(`${invalid}:\\d+:\\d+ policy\\.rules\\[0\\]\\.id: `));
    expect(bad.stderr).toMatch(new RegExp(`${invalid}:\\d+:\\d+ policy\\.rules\\[0\\]\\.action: `));
    expect([missing.code, missing.stderr.trim()]).toEqual([
      3,
      `distillguard backtest: ${nope}: no such file`,
    ]);
    expect([none.code, none.stderr.trim()]).toEqual([3, `distillguard backtest: ${empty}: empty`]);
    expect(usage.code).toBe(2);
    for (const run of [bad, missing, none, usage, threads])
      expect(run.stderr).not.toContain('    at ');
  });
});
