/**
 * What `review` and `backtest` share on the command line: reading time bounds, the exit codes
 * (documented in the README) and how a summary of the input maps to them.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseDuration } from '../config/units.ts';
import type { ReadSummary } from '../decision-log/read-logs.ts';

export const EXIT = {
  /** A report covering every line of every log. */
  ok: 0,
  /** A report, but some input was damaged (lines skipped, a gzip stream cut short). */
  damaged: 1,
  /** A usage error or an invalid config. */
  usage: 2,
  /** No report: a log is missing or unreadable, or the logs hold no decision record. */
  noInput: 3,
} as const;

/**
 * A time bound: an ISO 8601 date or time (`2026-12-01`, `2026-12-01T10:00:00Z`), or a duration
 * before `now` (`24h`, `7d`). A string is the problem.
 */
export function parseTimeBound(text: string, now: number): number | string {
  const ago = parseDuration(text);
  if (ago !== undefined) return now - ago;
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const ms = Date.parse(text);
    if (!Number.isNaN(ms)) return ms;
  }
  return `expected an ISO 8601 time (2026-12-01T10:00:00Z) or a duration before now (24h), got "${text}"`;
}

/** The exit code a finished read earns, and the message that goes with a code 3. */
export function readVerdict(
  summary: ReadSummary,
  files: readonly string[],
): { readonly code: number; readonly message: string | undefined } {
  if (summary.records === 0 && summary.skipped === 0) {
    const what = summary.lines === 0 ? 'empty' : 'no readable decision record';
    return { code: EXIT.noInput, message: `${files.join(', ')}: ${what}` };
  }
  return { code: summary.damaged > 0 ? EXIT.damaged : EXIT.ok, message: undefined };
}

/** node:util parseArgs (strict, positionals allowed); a string is the usage problem. */
export function parseCommandArgs<T extends ParseArgsConfig['options']>(
  argv: readonly string[],
  options: T,
):
  | ReturnType<
      typeof parseArgs<{ args: string[]; strict: true; allowPositionals: true; options: T }>
    >
  | string {
  try {
    return parseArgs({ args: [...argv], strict: true, allowPositionals: true, options });
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export function positiveInt(text: string | undefined, fallback: number): number | undefined {
  if (text === undefined) return fallback;
  const value = Number(text);
  return Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

/**
 * Says on stderr why there is no report (code 3) or that lines were skipped (code 1); returns
 * the exit code, or undefined when a report should be printed.
 */
export function reportInputProblems(
  command: string,
  summary: ReadSummary,
  files: readonly string[],
  err: (line: string) => void,
): number {
  const verdict = readVerdict(summary, files);
  if (verdict.message !== undefined) {
    err(`distillguard ${command}: ${verdict.message}`);
    for (const problem of summary.problems)
      err(`  ${problem.file}${problem.line > 0 ? `:${problem.line}` : ''}: ${problem.problem}`);
  } else if (verdict.code === EXIT.damaged) {
    err(
      `distillguard ${command}: ${summary.damaged} damaged line(s) skipped (listed in the report)`,
    );
  }
  return verdict.code;
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
