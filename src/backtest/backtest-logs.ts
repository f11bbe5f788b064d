/**
 * Backtests a candidate config against decision logs on disk: loads the configs as the proxy
 * would (secrets in the environment are not needed to replay and are not required), streams the
 * logs through createBacktest and returns the report — the entry point for the CLI and anything
 * else (the admin page) that backtests files.
 */
import { availableParallelism } from 'node:os';
import type { ConfigError } from '../config/config-error.ts';
import { loadConfig, type RuntimeConfig } from '../config/load-config.ts';
import { readLogs, type ReadOutcome } from '../decision-log/read-logs.ts';
import type { BacktestReport } from './backtest-report.ts';
import { createBacktest, type Backtest } from './create-backtest.ts';
import { startPipelinedRead } from './pipelined-read.ts';
import type { ReplayRecord } from './replay-record.ts';
import { ReplayLineScanner } from './scan-replay-line.ts';
import { InStartOrder, StartOrder } from './start-order.ts';

export type BacktestOutcome =
  | { readonly ok: true; readonly report: BacktestReport }
  | {
      readonly ok: false;
      readonly kind: 'config';
      readonly file: string;
      readonly errors: readonly ConfigError[];
    }
  | { readonly ok: false; readonly kind: 'input'; readonly message: string };

export interface BacktestFiles {
  readonly candidate: string;
  readonly baseline?: string;
  readonly logs: readonly string[];
  readonly top?: number;
  /**
   * 1: read and replay on this thread; 2: read and parse on a worker beside the re-sorting and
   * replay (pipelined-read.ts). Default: 2 where the machine has two cores or more
   * (defaultBacktestThreads; availableParallelism, which does not see a container's CPU quota).
   * Measured 2026-12-04 on the 2-core machine, 300 MB log, quiet, same run: 257 MB/s on two
   * threads, 194 on one (the reader's strings slices of the text it scans, not looked up).
   */
  readonly threads?: number;
  /**
   * false: every line read by parseRecordLine, as before the lean reader (scan-replay-line.ts).
   * For tests that compare the two; the report is the same.
   */
  readonly lean?: boolean;
}

/**
 * Every environment variable reads as set: a config names the upstream credential and the admin
 * token by variable, and a backtest needs neither — so an operator's laptop can check a candidate
 * without the production secrets, while every other check still runs.
 */
const PLACEHOLDER_ENV = new Proxy(
  {},
  {
    get: (_target, name) =>
      typeof name === 'string'
        ? (process.env[name] ?? 'backtest-placeholder-secret-of-32-characters')
        : undefined,
  },
) as Readonly<Record<string, string>>;

export async function loadBacktestConfig(
  file: string,
): Promise<{ ok: true; config: RuntimeConfig } | { ok: false; errors: readonly ConfigError[] }> {
  const loaded = await loadConfig(file, { env: PLACEHOLDER_ENV });
  return loaded.ok ? { ok: true, config: loaded.config } : loaded;
}

/** Two threads where the machine has two cores or more: the reading beside the replay. */
export function defaultBacktestThreads(): number {
  return availableParallelism() >= 2 ? 2 : 1;
}

export async function backtestLogs(
  files: BacktestFiles,
  now: () => number = Date.now,
): Promise<BacktestOutcome> {
  const threads = files.threads ?? defaultBacktestThreads();
  // Started first: the reading thread starts while the configs load.
  const pipelined = threads >= 2 ? startPipelinedRead(files.logs, files.lean ?? true) : undefined;
  const candidate = await loadBacktestConfig(files.candidate);
  if (!candidate.ok) {
    pipelined?.cancel();
    return { ok: false, kind: 'config', file: files.candidate, errors: candidate.errors };
  }
  let baseline: RuntimeConfig | undefined;
  if (files.baseline !== undefined) {
    const loaded = await loadBacktestConfig(files.baseline);
    if (!loaded.ok) {
      pipelined?.cancel();
      return { ok: false, kind: 'config', file: files.baseline, errors: loaded.errors };
    }
    baseline = loaded.config;
  }
  const options = {
    candidate: { file: files.candidate, config: candidate.config },
    ...(baseline === undefined || files.baseline === undefined
      ? {}
      : { baseline: { file: files.baseline, config: baseline } }),
    ...(files.top === undefined ? {} : { top: files.top }),
  };
  let read: ReadOutcome;
  let backtest: Backtest;
  if (pipelined !== undefined) {
    // Re-sorted by the reader (pipelined-read.ts): records come in start order.
    const window = { late: 0 };
    backtest = createBacktest(options, new InStartOrder(window));
    const onRecord = (record: ReplayRecord): void => backtest.add(record);
    read = await pipelined.run(onRecord, window);
  } else {
    backtest = createBacktest(options, new StartOrder());
    const onRecord = (record: ReplayRecord): void => backtest.add(record);
    const lean = new ReplayLineScanner();
    read = await readLogs(files.logs, onRecord, {
      ...(files.lean === false ? {} : { scan: (buf, start, end) => lean.scan(buf, start, end) }),
    });
  }
  if (!read.ok) return { ok: false, kind: 'input', message: read.message };
  return { ok: true, report: backtest.report(read.summary, now()) };
}
