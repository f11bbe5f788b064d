/**
 * One part of a review: some logs, or byte ranges of one, read into a review whose state is
 * handed back — on the main thread or in a worker (review-worker.ts). Each source is read on its
 * own, so its summary (lines, damaged lines by line number) can be placed in the whole, and each
 * record is added with its place in the logs (log-place.ts).
 */
import type { LogSource } from '../decision-log/open-log.ts';
import { readLogs, type ReadSummary } from '../decision-log/read-logs.ts';
import { createReview, type ReviewOptions } from './create-review.ts';
import { placeOf } from './log-place.ts';
import { linePrefilter, matchesFilter } from './review-filter.ts';
import type { ReviewState } from './review-report.ts';

/** A source to read, and where it is in the logs: the `file`-th log, from byte `offset`. */
export interface PlacedSource {
  readonly source: LogSource;
  readonly file: number;
  readonly offset: number;
}

export type PartResult =
  | { readonly ok: true; readonly state: ReviewState; readonly summaries: ReadSummary[] }
  | { readonly ok: false; readonly message: string };

export async function reviewPart(
  sources: readonly PlacedSource[],
  options: ReviewOptions,
): Promise<PartResult> {
  const review = createReview(options);
  const filter = options.filter;
  const prefilter = linePrefilter(filter);
  const summaries: ReadSummary[] = [];
  for (const { source, file, offset } of sources) {
    const start = placeOf(file, offset);
    const read = await readLogs(
      [source],
      (record, line) => {
        if (matchesFilter(filter, record)) review.add(record, start + line);
      },
      prefilter === undefined ? {} : { prefilter },
    );
    if (!read.ok) return read;
    summaries.push(read.summary);
  }
  return { ok: true, state: review.state(), summaries };
}
