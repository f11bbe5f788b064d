/**
 * Reviews decision logs end to end, on up to `threads` threads: a review is a sum (counts, maxima,
 * bounded tables, time buckets), so logs — and large plain logs cut at line starts — are read in
 * parts, each into its own review, and the parts' states are absorbed into one (review-part.ts,
 * review-worker.ts). A gzip log is one part (a gzip stream is read from its start). The report is
 * the one a single thread would write: line numbers of damaged lines are placed in their file, and
 * each record's place in the logs (file index, part offset + line: log-place.ts) goes with it, so
 * what is not a sum comes out the same whichever thread read which part.
 */
import { availableParallelism } from 'node:os';
import { extname } from 'node:path';
import { Worker } from 'node:worker_threads';
import { openLog, type LogSource } from '../decision-log/open-log.ts';
import {
  summaryOf,
  type InputSummary,
  type LogProblem,
  type ReadSummary,
} from '../decision-log/read-logs.ts';
import { createReview, type ReviewOptions } from './create-review.ts';
import { reviewPart, type PartResult, type PlacedSource } from './review-part.ts';
import type { ReviewReport } from './review-report.ts';
import { nextLineStart } from './next-line-start.ts';

/** A part smaller than this is not worth a thread (a worker takes a while to start). */
export const MIN_PART_BYTES = 32 * 1024 * 1024;
const LISTED_PROBLEMS = 20;

export type ReviewOutcome =
  | { readonly ok: true; readonly report: ReviewReport }
  | { readonly ok: false; readonly message: string };

export interface ReviewThreads {
  readonly threads: number;
  readonly minPartBytes?: number;
}

/** Threads a review uses by default: the machine's, at most 4. */
export function defaultThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

interface Part {
  readonly source: LogSource;
  /** The file's position among the logs (a file named twice is read twice). */
  readonly index: number;
  /** Where the part begins in its file. */
  readonly offset: number;
  readonly bytes: number;
}

export async function reviewLogs(
  files: readonly string[],
  options: ReviewOptions,
  now: () => number = Date.now,
  parallel: ReviewThreads = { threads: defaultThreads() },
): Promise<ReviewOutcome> {
  const planned = await planParts(files, parallel);
  if (!planned.ok) return planned;
  const parts = planned.parts;
  const lanes = assignLanes(parts, parallel.threads);
  const results = await Promise.all(
    lanes.map((lane, i) =>
      i === 0 ? reviewPart(lane.map(placed), options) : inWorker(lane.map(placed), options),
    ),
  );
  const review = createReview(options);
  const summaries = new Map<Part, ReadSummary>();
  for (const [i, result] of results.entries()) {
    if (!result.ok) return result;
    review.absorb(result.state);
    (lanes[i] ?? []).forEach((part, k) => summaries.set(part, result.summaries[k] as ReadSummary));
  }
  return { ok: true, report: review.report(combine(parts, summaries), now()) };
}

/** Every file opened first (a missing one fails before any work); large plain ones cut in parts. */
async function planParts(
  files: readonly string[],
  parallel: ReviewThreads,
): Promise<{ ok: true; parts: Part[] } | { ok: false; message: string }> {
  const minPart = parallel.minPartBytes ?? MIN_PART_BYTES;
  const parts: Part[] = [];
  for (const [index, file] of files.entries()) {
    const opened = await openLog(file);
    if (!opened.ok) return opened;
    const { size, compressed } = opened.input;
    const pieces = compressed
      ? 1
      : Math.max(1, Math.min(parallel.threads, Math.floor(size / minPart)));
    let start = 0;
    for (let k = 1; k <= pieces; k++) {
      const cut = k === pieces ? size : await nextLineStart(file, Math.floor((size * k) / pieces));
      if (cut === undefined || cut <= start) continue;
      const whole = start === 0 && cut === size;
      parts.push({
        source: whole ? file : { file, start, end: cut },
        index,
        offset: start,
        bytes: cut - start,
      });
      start = cut;
    }
    if (size === 0) parts.push({ source: file, index, offset: 0, bytes: 0 });
  }
  return { ok: true, parts };
}

/** Parts spread over `threads` lanes, each to the lane with the fewest bytes so far. */
function assignLanes(parts: readonly Part[], threads: number): Part[][] {
  const lanes: Part[][] = Array.from({ length: Math.max(1, threads) }, () => []);
  const bytes = lanes.map(() => 0);
  for (const part of parts) {
    const lane = bytes.indexOf(Math.min(...bytes));
    lanes[lane]?.push(part);
    bytes[lane] = (bytes[lane] ?? 0) + part.bytes;
  }
  return lanes.filter((lane, i) => i === 0 || lane.length > 0);
}

function placed(part: Part): PlacedSource {
  return { source: part.source, file: part.index, offset: part.offset };
}

function inWorker(sources: readonly PlacedSource[], options: ReviewOptions): Promise<PartResult> {
  return new Promise((resolve) => {
    // The worker's extension is this module's own: review-worker.ts from src, .js from dist.
    const worker = new Worker(
      new URL(`./review-worker${extname(import.meta.url)}`, import.meta.url),
      {
        workerData: { sources, options },
      },
    );
    let done = false;
    const finish = (result: PartResult): void => {
      if (done) return;
      done = true;
      resolve(result);
    };
    worker.once('message', (result: PartResult) => finish(result));
    worker.once('error', (error: Error) => finish({ ok: false, message: error.message }));
    worker.once('exit', (code) => finish({ ok: false, message: `review worker exited (${code})` }));
  });
}

/** The parts' summaries as one: a file's parts added up, damaged lines numbered in their file. */
function combine(parts: readonly Part[], summaries: ReadonlyMap<Part, ReadSummary>): ReadSummary {
  const inputs = new Map<number, InputSummary>();
  const linesBefore = new Map<number, number>();
  const problems: LogProblem[] = [];
  const versions: Record<string, number> = {};
  for (const part of parts) {
    const summary = summaries.get(part);
    const input = summary?.inputs[0];
    if (summary === undefined || input === undefined) continue;
    const offset = linesBefore.get(part.index) ?? 0;
    for (const problem of summary.problems)
      if (problems.length < LISTED_PROBLEMS)
        problems.push({ ...problem, line: problem.line === 0 ? 0 : problem.line + offset });
    linesBefore.set(part.index, offset + input.lines);
    for (const [v, n] of Object.entries(summary.versions)) versions[v] = (versions[v] ?? 0) + n;
    const seen = inputs.get(part.index);
    inputs.set(part.index, seen === undefined ? input : addInputs(seen, input));
  }
  return summaryOf([...inputs.values()], problems, versions);
}

function addInputs(a: InputSummary, b: InputSummary): InputSummary {
  return {
    file: a.file,
    compressed: a.compressed,
    bytes: a.bytes + b.bytes,
    lines: a.lines + b.lines,
    records: a.records + b.records,
    skipped: a.skipped + b.skipped,
    damaged: a.damaged + b.damaged,
    gzip: a.gzip ?? b.gzip,
  };
}
