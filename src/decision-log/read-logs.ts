/**
 * Streams decision logs (plain or gzip, in the order given) record by record with bounded memory:
 * large chunks, lines split on bytes, an optional byte-level prefilter that skips lines before
 * they are decoded, and each line parsed by the fast scanner or JSON.parse (parse-record.ts).
 * Damaged lines never stop the read: they are counted, and the first few are listed by file and
 * line number. What a summary says is what a report needs to state about its input.
 */
import { openLog, type LogInput, type LogSource } from './open-log.ts';
import type { LoggedRecord } from './logged-record.ts';
import { parseRecordLine } from './parse-record.ts';
import { LineSplitter } from './split-lines.ts';

/** A record line is about 1 KB; anything past this is a damaged file, not a record. */
const MAX_LINE_BYTES = 1 << 20;
const LISTED_PROBLEMS = 20;

export interface LogProblem {
  readonly file: string;
  /** 1-based; 0 for a problem of the whole file (a damaged gzip stream). */
  readonly line: number;
  readonly problem: string;
}

export interface InputSummary {
  readonly file: string;
  readonly compressed: boolean;
  /** Bytes read, after decompression. */
  readonly bytes: number;
  readonly lines: number;
  readonly records: number;
  /** Lines the prefilter skipped unread. */
  readonly skipped: number;
  readonly damaged: number;
  /** Why a gzip stream ended early, or null. */
  readonly gzip: string | null;
}

export interface ReadSummary {
  readonly inputs: readonly InputSummary[];
  readonly bytes: number;
  readonly lines: number;
  readonly records: number;
  readonly skipped: number;
  /** Lines that are not readable records, and damaged gzip streams. */
  readonly damaged: number;
  /** The first damaged lines, by file and line. */
  readonly problems: readonly LogProblem[];
  /** Records by schema version. */
  readonly versions: Readonly<Record<string, number>>;
}

export type ReadOutcome =
  | { readonly ok: true; readonly summary: ReadSummary }
  | { readonly ok: false; readonly message: string };

export interface ReadOptions<R extends { readonly v: number } = LoggedRecord> {
  /** A cheap test of a line's bytes; false skips the line without decoding it. */
  readonly prefilter?: (buf: Buffer, start: number, end: number) => boolean;
  /**
   * A faster reader of a line's bytes for a caller that needs only some fields (the backtest's,
   * scan-replay-line.ts): a record it returns is taken as read; undefined leaves the line to
   * parseRecordLine. It must return only what parseRecordLine would read (the fields it keeps).
   */
  readonly scan?: (buf: Buffer, start: number, end: number) => R | undefined;
}

/**
 * Opens every file first (a missing one fails the read before any work), then streams them in
 * order, handing each readable record to `onRecord` with its line number (1-based, counted from
 * the start of its source: a range's first line is 1).
 */
export async function readLogs<R extends { readonly v: number } = LoggedRecord>(
  files: readonly LogSource[],
  onRecord: (record: R | LoggedRecord, line: number) => void,
  options: ReadOptions<R> = {},
): Promise<ReadOutcome> {
  const inputs: LogInput[] = [];
  for (const file of files) {
    const opened = await openLog(file);
    if (!opened.ok) return opened;
    inputs.push(opened.input);
  }
  const problems: LogProblem[] = [];
  const versions: Record<string, number> = {};
  const summaries: InputSummary[] = [];
  for (const input of inputs)
    summaries.push(await readOne(input, onRecord, options, problems, versions));
  return { ok: true, summary: summaryOf(summaries, problems, versions) };
}

/** The summary of several inputs: their totals, with the problems and versions found. */
export function summaryOf(
  inputs: readonly InputSummary[],
  problems: readonly LogProblem[],
  versions: Readonly<Record<string, number>>,
): ReadSummary {
  const total = (key: 'bytes' | 'lines' | 'records' | 'skipped' | 'damaged'): number =>
    inputs.reduce((sum, item) => sum + item[key], 0);
  return {
    inputs,
    bytes: total('bytes'),
    lines: total('lines'),
    records: total('records'),
    skipped: total('skipped'),
    damaged: total('damaged'),
    problems,
    versions,
  };
}

async function readOne<R extends { readonly v: number }>(
  input: LogInput,
  onRecord: (record: R | LoggedRecord, line: number) => void,
  options: ReadOptions<R>,
  problems: LogProblem[],
  versions: Record<string, number>,
): Promise<InputSummary> {
  const { prefilter, scan } = options;
  let bytes = 0;
  let records = 0;
  let skipped = 0;
  let damaged = 0;
  const problem = (line: number, text: string): void => {
    damaged++;
    if (problems.length < LISTED_PROBLEMS) problems.push({ file: input.file, line, problem: text });
  };
  const splitter = new LineSplitter(MAX_LINE_BYTES, {
    line(buf, start, end, line) {
      if (prefilter !== undefined && !prefilter(buf, start, end)) {
        skipped++;
        return;
      }
      const parsed = scan?.(buf, start, end) ?? parseRecordLine(buf.toString('utf8', start, end));
      if (typeof parsed === 'string') {
        problem(line, parsed);
        return;
      }
      records++;
      versions[parsed.v] = (versions[parsed.v] ?? 0) + 1;
      onRecord(parsed, line);
    },
    oversized(line) {
      problem(line, `longer than ${MAX_LINE_BYTES} bytes (no newline: damaged file?)`);
    },
  });
  for await (const chunk of input.chunks()) {
    bytes += chunk.length;
    splitter.push(chunk);
  }
  splitter.end();
  const gzip = input.damage();
  if (gzip !== null) problem(0, `${gzip} after ${bytes} bytes: the records before it are used`);
  return {
    file: input.file,
    compressed: input.compressed,
    bytes,
    lines: splitter.lines,
    records,
    skipped,
    damaged,
    gzip,
  };
}
