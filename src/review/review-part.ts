/**
 * One part of a review: some logs, or byte ranges of one, read into a review whose state is
 * handed back — on the main thread or in a worker (review-worker.ts). Each source is read on its
 * own, so its summary (lines, damaged lines by line number) can be placed in the whole.
 */
import type { LogSource } from '../decision-log/open-log.ts';
import { readLogs, type ReadSummary } from '../decision-log/read-logs.ts';
import { createReview, type ReviewOptions } from './create-review.ts';
import { linePrefilter, matchesFilter } from './review-filter.ts';
import type { ReviewState } from './review-report.ts';

export type PartResult =
  | { readonly ok: true; readonly state: ReviewState; readonly summaries: ReadSummary[] }
  | { readonly ok: false; readonly message: string };

export async function reviewPart(
  sources: readonly LogSource[],
  options: ReviewOptions,
): Promise<PartResult> {
  const review = createReview(options);
  const filter = options.filter;
  const prefilter = linePrefilter(filter);
  const summaries: ReadSummary[] = [];
  for (const source of sources) {
    const read = await readLogs(
      [source],
      (record) => {
        if (matchesFilter(filter, record)) review.add(record);
      },
      prefilter === undefined ? {} : { prefilter },
    );
    if (!read.ok) return read;
    summaries.push(read.summary);
  }
  return { ok: true, state: review.state(), summaries };
}
