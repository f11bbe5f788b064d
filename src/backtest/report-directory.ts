/**
 * A directory of backtest reports (`backtest --out-dir`): written one JSON file per report, named
 * by time and candidate policy so that names sort by time, and listed — newest first — for the
 * admin page's "recent backtests". Written aside and renamed: a reader never sees half a report.
 */
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BacktestReport } from './backtest-report.ts';

const NAME = /^backtest-[0-9TZ-]+-[A-Za-z0-9_]+\.json$/;

/** Writes `report` (already serialised as `json`) into `dir`; returns the file written. */
export async function keepReport(
  dir: string,
  report: BacktestReport,
  json: string,
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const stamp = report.generated_at.replace(/[:.]/g, '-');
  const file = join(dir, `backtest-${stamp}-${report.candidate.policy_version}.json`);
  await writeFile(`${file}.tmp`, json);
  await rename(`${file}.tmp`, file);
  return file;
}

/** One kept report, in brief. */
export interface KeptReport {
  readonly file: string;
  readonly generated_at: string;
  readonly candidate: string;
  readonly baseline: string;
  readonly replayed: number;
  readonly changed: number;
}

/**
 * The `limit` most recent reports in `dir` (none when it does not exist); a file that is not a
 * readable report is skipped.
 */
export async function listReports(dir: string, limit = 20): Promise<KeptReport[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const recent = names
    .filter((name) => NAME.test(name))
    .sort()
    .reverse()
    .slice(0, limit);
  const out: KeptReport[] = [];
  for (const name of recent) {
    const report = await readFile(join(dir, name), 'utf8')
      .then((text) => JSON.parse(text) as BacktestReport)
      .catch(() => undefined);
    if (report?.kind !== 'distillguard.backtest') continue;
    out.push({
      file: name,
      generated_at: report.generated_at,
      candidate: report.candidate.policy_version,
      baseline: report.baseline.source === 'log' ? 'log' : report.baseline.policy_version,
      replayed: report.requests.replayed,
      changed: report.changed,
    });
  }
  return out;
}
