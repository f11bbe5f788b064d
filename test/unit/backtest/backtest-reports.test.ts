/**
 * Speed work on the backtest must not change a report: whole reports, on one thread and on two,
 * are compared with reports the backtest wrote before that work (test/fixtures/backtest-reports.json,
 * written by this file at commit 3496626 with UPDATE_BACKTEST_REPORTS=1, and written again when the
 * replay itself changed on purpose: after the merge of holdout-fp, whose guarded remembered blocks
 * were the whole difference — the old fixture passes with the guard switched off; and for record v7,
 * whose `tokens_out_estimated` lengthens every line, so the 4 MB synthetic log holds fewer records —
 * the v6 synthetic log still gave the old reports, the rotated logs the same but for their bytes,
 * versions and the new `tokens.withheld_estimated`; and for the approximation on remembered
 * templates that turn out common phrasing, the only difference in each report; and for the replayed
 * shadow — the `shadow` table, `fidelity.same_shadow` and the shared-store approximation were all
 * that changed; and when a throttle admitted on one side and refused by its limits on the other
 * came to count as withheld or released although its action is a throttle on both — the
 * `tokens` withheld and released and the accounts' `tokens_withheld` were all that changed; and
 * for record v8, the input's `versions` key the only change; and when requests of one millisecond
 * came to be replayed in the order they arrived, the start-order approximation's text the only
 * change; and when fidelity came to tell a throttle's 429 and 503 from a served throttle, the
 * approximations' list the only change — two more, the outage's reworded; and for record v9,
 * whose `harvest_shape` lengthens every line: the rotated logs' reports the same but for their
 * bytes and versions, the 4 MB synthetic log holding fewer records (3,733 for 3,796)).
 * The logs: the varied ones
 * of test/helpers/backtest-logs.ts read as rotated files (truncated gzip, gzip, plain), with the
 * log and with a config as the baseline; and the load test's synthetic log (tens of thousands of
 * accounts, end users and template fingerprints: what the lean reader's string tables meet), in
 * order and with its lines shuffled within a window (records out of start order).
 */
import { readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticLog } from '../../../loadtest/ndjson-log.ts';
import { backtestLogs, type BacktestFiles } from '../../../src/backtest/backtest-logs.ts';
import { createRng } from '../../../src/simulator/rng.ts';
import { START, writeBacktestConfigs, writeBacktestLogs } from '../../helpers/backtest-logs.ts';

const FIXTURE = join(import.meta.dirname, '../../fixtures/backtest-reports.json');
const UPDATE = process.env['UPDATE_BACKTEST_REPORTS'] === '1';

let dir: string;
let candidate: string;
let baseline: string;
let rotated: string[];
let synthetic: string;
let shuffled: string;

/** The synthetic log with each line moved up to `window` lines from its place (seeded). */
async function shuffle(from: string, to: string, window: number): Promise<void> {
  const lines = (await readFile(from, 'utf8')).split('\n').filter((line) => line !== '');
  const rng = createRng(7);
  for (let i = 0; i + 1 < lines.length; i++) {
    const j = Math.min(lines.length - 1, i + rng.int(0, window));
    [lines[i], lines[j]] = [lines[j] as string, lines[i] as string];
  }
  await writeFile(to, `${lines.join('\n')}\n`);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dg-backtest-reports-'));
  ({ candidate, baseline } = await writeBacktestConfigs(dir));
  const logs = await writeBacktestLogs(dir);
  rotated = [logs.truncated, logs.gzip, logs.plain];
  synthetic = join(dir, 'synthetic.ndjson');
  await writeSyntheticLog(synthetic, 4e6);
  shuffled = join(dir, 'shuffled.ndjson');
  await shuffle(synthetic, shuffled, 400);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function report(files: Omit<BacktestFiles, 'candidate'>, threads: number): Promise<unknown> {
  const outcome = await backtestLogs({ candidate, ...files, threads }, () => START);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome));
  // Where the files were is not the report's content, nor the config's hash (it has the paths).
  const text = JSON.stringify(outcome.report)
    .replaceAll(dir, '<dir>')
    .replaceAll(/"config_version":"cfg_[0-9a-f]+"/g, '"config_version":"<hash>"');
  return JSON.parse(text) as unknown;
}

describe('backtest reports, as written before the speed work', () => {
  it('are written again, on one thread and on two', async () => {
    const cases: Record<string, Omit<BacktestFiles, 'candidate'>> = {
      'rotated, log as baseline': { logs: rotated },
      'rotated, baseline config': { logs: rotated, baseline },
      'synthetic, log as baseline': { logs: [synthetic] },
      'synthetic shuffled, baseline config': { logs: [shuffled], baseline },
    };
    const reports: Record<string, unknown> = {};
    for (const [name, files] of Object.entries(cases)) reports[name] = await report(files, 1);
    // One case a line: a smaller file than indented JSON, and a diff names the case.
    const lines = Object.entries(reports).map(
      ([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`,
    );
    if (UPDATE) await writeFile(FIXTURE, `{\n${lines.join(',\n')}\n}\n`);
    const before = JSON.parse(await readFile(FIXTURE, 'utf8')) as Record<string, unknown>;
    for (const [name, files] of Object.entries(cases)) {
      expect(reports[name], name).toEqual(before[name]);
      expect(await report(files, 2), `${name}, 2 threads`).toEqual(before[name]);
    }
    // The logs exercise what they should.
    const text = JSON.stringify(before);
    expect(text).toContain('replayed late');
    expect(text).toContain('"damaged"');
  });
});
