/**
 * `distillguard backtest --config CANDIDATE --log FILE… [--baseline CURRENT] [--json FILE|-]
 * [--out-dir DIR] [--threads 1|2]`: what a candidate config would have decided on logged traffic
 * (src/backtest/); the log is read on a second thread by default where there are two cores or
 * more (`--threads 1`: one). Exit codes: see log-command.ts; an invalid candidate or baseline config exits
 * 2 with every problem at file:line, as check-config prints them.
 */
import { writeFile } from 'node:fs/promises';
import {
  backtestLogs,
  defaultBacktestThreads,
  type BacktestFiles,
} from '../backtest/backtest-logs.ts';
import { formatBacktest } from '../backtest/format-backtest.ts';
import { keepReport } from '../backtest/report-directory.ts';
import { formatConfigError } from '../config/config-error.ts';
import {
  describeError,
  EXIT,
  parseCommandArgs,
  positiveInt,
  reportInputProblems,
} from './log-command.ts';

export const BACKTEST_USAGE = `usage: distillguard backtest --config CANDIDATE.yaml --log FILE [--log FILE]… [FILE…]
         [--baseline CURRENT.yaml] [--json FILE|-] [--out-dir DIR] [--top 20] [--threads 1|2]`;

interface BacktestArgs {
  readonly files: BacktestFiles;
  readonly json: string | undefined;
  readonly outDir: string | undefined;
}

export function parseBacktestArgs(argv: readonly string[]): BacktestArgs | string {
  const parsed = parseCommandArgs(argv, {
    config: { type: 'string', short: 'c' },
    baseline: { type: 'string' },
    log: { type: 'string', multiple: true },
    json: { type: 'string' },
    'out-dir': { type: 'string' },
    top: { type: 'string' },
    threads: { type: 'string' },
  });
  if (typeof parsed === 'string') return parsed;
  const { values, positionals } = parsed;
  if (values.config === undefined) return 'name the candidate config with --config FILE';
  const logs = [...(values.log ?? []), ...positionals];
  if (logs.length === 0) return 'name at least one log with --log FILE';
  const top = positiveInt(values.top, 20);
  if (top === undefined) return `--top: expected a positive integer, got "${values.top}"`;
  const threads = positiveInt(values.threads, defaultBacktestThreads());
  if (threads === undefined || threads > 2)
    return `--threads: expected 1 or 2, got "${values.threads}"`;
  return {
    files: {
      candidate: values.config,
      logs,
      top,
      threads,
      ...(values.baseline === undefined ? {} : { baseline: values.baseline }),
    },
    json: values.json,
    outDir: values['out-dir'],
  };
}

export async function backtest(
  argv: readonly string[],
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  const args = parseBacktestArgs(argv);
  if (typeof args === 'string') {
    err(`distillguard backtest: ${args}`);
    err(BACKTEST_USAGE);
    return EXIT.usage;
  }
  let outcome;
  try {
    outcome = await backtestLogs(args.files);
  } catch (error) {
    err(`distillguard backtest: reading failed: ${describeError(error)}`);
    return EXIT.noInput;
  }
  if (!outcome.ok && outcome.kind === 'config') {
    const n = outcome.errors.length;
    err(`${outcome.file}: ${n} problem${n === 1 ? '' : 's'}`);
    for (const error of outcome.errors) err(`  ${formatConfigError(error)}`);
    return EXIT.usage;
  }
  if (!outcome.ok) {
    err(`distillguard backtest: ${outcome.message}`);
    return EXIT.noInput;
  }
  const report = outcome.report;
  const code = reportInputProblems('backtest', report.input, args.files.logs, err);
  if (code === EXIT.noInput) return code;
  const json = `${JSON.stringify(report, null, 2)}\n`;
  if (args.json === '-') out(json.trimEnd());
  else for (const line of formatBacktest(report)) out(line);
  if (args.json !== undefined && args.json !== '-') {
    await writeFile(args.json, json);
    out(`\nreport written to ${args.json}`);
  }
  if (args.outDir !== undefined)
    out(`report kept in ${await keepReport(args.outDir, report, json)}`);
  return code;
}
