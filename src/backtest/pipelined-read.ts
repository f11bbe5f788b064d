/**
 * readLogs on two threads for a backtest: a worker reads, parses and batches the records
 * (read-worker.ts) while this thread re-sorts and replays them — a backtest is one replay in time order, so it
 * cannot be cut in parts like a review, but reading can run beside the replay. Same records, in
 * the same order, and the same summary as readLogs on one thread; at most MAX_IN_FLIGHT batches
 * wait between the threads.
 */
import { Worker } from 'node:worker_threads';
import type { LogSource } from '../decision-log/open-log.ts';
import type { ReadOutcome } from '../decision-log/read-logs.ts';
import { BatchReader, type BatchArrays, type RecordBatch } from './record-batch.ts';
import type { ReplayRecord } from './replay-record.ts';

/** Batches read ahead of the replay (each BATCH_RECORDS records, about a megabyte). */
export const MAX_IN_FLIGHT = 4;

export type ReaderMessage =
  | { readonly kind: 'batch'; readonly batch: RecordBatch }
  | { readonly kind: 'done'; readonly outcome: ReadOutcome }
  | { readonly kind: 'failed'; readonly message: string };

/** Reads `sources` on a worker; `onRecord` gets the records in the order read. */
export function readLogsPipelined(
  sources: readonly LogSource[],
  onRecord: (record: ReplayRecord) => void,
  lean = true,
): Promise<ReadOutcome> {
  return new Promise((resolve, reject) => {
    const inFlight = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
    const counter = new Int32Array(inFlight);
    const worker = new Worker(new URL('./read-worker.ts', import.meta.url), {
      workerData: { sources, inFlight, lean },
    });
    const reader = new BatchReader();
    let settled = false;
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      // Wake a reader waiting for room, so that it can be stopped.
      Atomics.store(counter, 0, 0);
      Atomics.notify(counter, 0);
      void worker.terminate();
      reject(error);
    };
    worker.on('message', (message: ReaderMessage) => {
      if (settled) return;
      if (message.kind === 'batch') {
        try {
          reader.read(message.batch, onRecord);
        } catch (error) {
          fail(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        const { numbers, strings, more } = message.batch;
        worker.postMessage({ numbers, strings, more } satisfies BatchArrays, [
          numbers.buffer,
          strings.buffer,
          more.buffer,
        ]);
        Atomics.sub(counter, 0, 1);
        Atomics.notify(counter, 0);
      } else if (message.kind === 'done') {
        settled = true;
        resolve(message.outcome);
      } else fail(new Error(message.message));
    });
    worker.once('error', fail);
    worker.once('exit', (code) => fail(new Error(`backtest reader exited (${code})`)));
  });
}
