/**
 * A worker thread's part of a parallel review (review-logs.ts): reads its sources and posts
 * back the review's state. Errors are posted as messages, never thrown across the thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ReviewOptions } from './create-review.ts';
import { reviewPart, type PartResult, type PlacedSource } from './review-part.ts';

const { sources, options } = workerData as {
  sources: readonly PlacedSource[];
  options: ReviewOptions;
};

reviewPart(sources, options).then(
  (result) => parentPort?.postMessage(result),
  (error: unknown) =>
    parentPort?.postMessage({
      ok: false,
      message: error instanceof Error ? error.message : String(error),
    } satisfies PartResult),
);
