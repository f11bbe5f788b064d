/**
 * GET /admin/backtests — the newest backtest reports (`distillguard backtest --json FILE` written
 * into `admin.backtests_dir`), for the review page. The shape read is minimal and every field is
 * optional: a few named fields, plus every top-level (and `summary.*`) number, so the page keeps
 * working as the report grows. Unknown fields are ignored; a file that does not parse is listed
 * with an error (never its content).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { iso } from './report-format.ts';

export const MAX_REPORTS = 20;
const MAX_REPORT_BYTES = 8 * 1024 * 1024;

export interface BacktestSummary {
  readonly file: string;
  readonly modified: string | null;
  readonly generated_at: string | null;
  readonly candidate: string | null;
  readonly policy_version: string | null;
  /** Top-level and `summary` numbers (e.g. records, changed), by name. */
  readonly numbers: Readonly<Record<string, number>>;
  readonly error: string | null;
}

export interface BacktestList {
  readonly configured: boolean;
  readonly reports: readonly BacktestSummary[];
  readonly error?: string;
}

export async function listBacktests(dir: string | undefined): Promise<BacktestList> {
  if (dir === undefined) return { configured: false, reports: [] };
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith('.json'));
  } catch {
    return { configured: true, reports: [], error: 'directory_unreadable' };
  }
  const dated = await Promise.all(
    names.map(async (name) => {
      const info = await stat(join(dir, name)).catch(() => undefined);
      return { name, size: info?.size ?? 0, mtime: info?.isFile() ? info.mtimeMs : -1 };
    }),
  );
  const newest = dated
    .filter((file) => file.mtime >= 0)
    .sort((a, b) => b.mtime - a.mtime)
    .slice(0, MAX_REPORTS);
  const reports = await Promise.all(
    newest.map((file) => readReport(join(dir, file.name), file.name, file.size, file.mtime)),
  );
  return { configured: true, reports };
}

async function readReport(
  path: string,
  name: string,
  size: number,
  mtime: number,
): Promise<BacktestSummary> {
  const base = { file: name, modified: iso(mtime), generated_at: null, candidate: null };
  const empty = { ...base, policy_version: null, numbers: {} };
  if (size > MAX_REPORT_BYTES) return { ...empty, error: 'too_large' };
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return { ...empty, error: 'not_json' };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return { ...empty, error: 'not_an_object' };
  const report = value as Record<string, unknown>;
  const summary = report.summary;
  return {
    ...base,
    generated_at: text(report.generated_at),
    candidate: text(report.candidate) ?? text(report.config),
    policy_version: text(report.policy_version),
    numbers: {
      ...numbersOf(report),
      ...(summary !== null && typeof summary === 'object' ? numbersOf(summary) : {}),
    },
    error: null,
  };
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value.slice(0, 256) : null;
}

function numbersOf(value: object): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, item] of Object.entries(value).slice(0, 50)) {
    if (typeof item === 'number' && Number.isFinite(item) && /^[a-z0-9_]{1,64}$/.test(key))
      out[key] = item;
  }
  return out;
}
