/**
 * Reviews decision logs end to end: streams them (src/decision-log/read-logs.ts) through the
 * filter's byte prefilter and its exact check into a review, and returns the report. The entry
 * point for the CLI and for anything else that wants a review of files on disk.
 */
import { readLogs } from '../decision-log/read-logs.ts';
import { createReview, type ReviewOptions, type ReviewReport } from './create-review.ts';
import { linePrefilter, matchesFilter } from './review-filter.ts';

export type ReviewOutcome =
  | { readonly ok: true; readonly report: ReviewReport }
  | { readonly ok: false; readonly message: string };

export async function reviewLogs(
  files: readonly string[],
  options: ReviewOptions,
  now: () => number = Date.now,
): Promise<ReviewOutcome> {
  const review = createReview(options);
  const filter = options.filter;
  const prefilter = linePrefilter(filter);
  const read = await readLogs(
    files,
    (record) => {
      if (matchesFilter(filter, record)) review.add(record);
    },
    prefilter === undefined ? {} : { prefilter },
  );
  if (!read.ok) return read;
  return { ok: true, report: review.report(read.summary, now()) };
}
