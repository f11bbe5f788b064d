/**
 * readLogs on two threads for a backtest: a worker reads, parses and batches the records
 * (read-worker.ts) while this thread re-sorts and replays them — a backtest is one replay in time
 * order, so it cannot be cut in parts like a review, but reading can run beside the replay. Same
 * records, and the same summary, as readLogs on one thread followed by StartOrder; at most
 * MAX_IN_FLIGHT batches wait between the threads.
 *
 * The re-sorting window holds places in the batches, not records: a record is rebuilt only when
 * the window lets it go, just before its replay, so no record lives longer than its replay. (A
 * window of records kept thousands of them alive at once: the garbage collector copied and
 * promoted every one, and the rebuilt records, in a window on this thread, cost it more than
 * their replay.) The window's heap and rule are StartOrder's (StartWindow): same order, ties too.
 */
import { extname } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LogSource } from '../decision-log/open-log.ts';
import type { ReadOutcome } from '../decision-log/read-logs.ts';
import {
  BATCH_RECORDS,
  BatchReader,
  type BatchArrays,
  type BatchRecords,
  type RecordBatch,
} from './record-batch.ts';
import type { ReplayRecord } from './replay-record.ts';
import { StartWindow } from './start-order.ts';

/** Batches read ahead of the replay (each BATCH_RECORDS records, about a megabyte). */
export const MAX_IN_FLIGHT = 4;

/**
 * Batches the window may keep for the records it holds (a full window spans about three). Past
 * this, the oldest batch's waiting records are rebuilt and the batch let go: a record logged far
 * out of order cannot keep a batch each, so memory stays bounded whatever the log.
 */
export const MAX_KEPT_BATCHES = 8;

export type ReaderMessage =
  | { readonly kind: 'batch'; readonly batch: RecordBatch }
  | { readonly kind: 'done'; readonly outcome: ReadOutcome }
  | { readonly kind: 'failed'; readonly message: string };

/** A batch whose records the window still holds. */
interface Kept {
  readonly records: BatchRecords;
  /** Records still in the window (plus one while the batch is being pushed). */
  waiting: number;
  /** 1: the record at that place has left the window (or never entered it: a reject). */
  readonly gone: Uint8Array;
}

/**
 * The window over batches: items are `batch number × BATCH_RECORDS + place`. Rejects are handed
 * over at once (a backtest only counts them, in any order); every other record in start order.
 */
class BatchWindow {
  private readonly window = new StartWindow<number>();
  private readonly kept = new Map<number, Kept>();
  /** Records rebuilt early, when their batch was let go (MAX_KEPT_BATCHES), by item. */
  private readonly rebuilt = new Map<number, ReplayRecord>();
  private next = 0;
  private readonly onRecord: (record: ReplayRecord) => void;
  private readonly free: (arrays: BatchArrays) => void;
  private readonly release = (item: number): void => this.emit(item);

  /** `free` gets the arrays of a batch no record of which is held any more. */
  constructor(onRecord: (record: ReplayRecord) => void, free: (arrays: BatchArrays) => void) {
    this.onRecord = onRecord;
    this.free = free;
  }

  get late(): number {
    return this.window.late;
  }

  push(records: BatchRecords): void {
    const number = this.next++;
    const kept: Kept = { records, waiting: 1, gone: new Uint8Array(records.count) };
    this.kept.set(number, kept);
    const base = number * BATCH_RECORDS;
    for (let i = 0; i < records.count; i++) {
      if (records.action(i) === 'reject') {
        kept.gone[i] = 1;
        this.onRecord(records.record(i));
      } else {
        kept.waiting++;
        this.window.push(base + i, records.time(i), records.arrival(i), this.release);
      }
    }
    this.done(number, kept);
    if (this.kept.size > MAX_KEPT_BATCHES) this.rebuildOldest();
  }

  flush(): void {
    this.window.flush(this.release);
  }

  private emit(item: number): void {
    const number = Math.floor(item / BATCH_RECORDS);
    const kept = this.kept.get(number);
    let record: ReplayRecord;
    if (kept === undefined) {
      record = this.rebuilt.get(item) as ReplayRecord;
      this.rebuilt.delete(item);
    } else {
      const place = item - number * BATCH_RECORDS;
      record = kept.records.record(place);
      kept.gone[place] = 1;
      this.done(number, kept);
    }
    this.onRecord(record);
  }

  /** One record of batch `number` has left the window. */
  private done(number: number, kept: Kept): void {
    if (--kept.waiting > 0) return;
    this.kept.delete(number);
    this.free(kept.records.batch);
  }

  private rebuildOldest(): void {
    const [number, kept] = this.kept.entries().next().value as [number, Kept];
    const base = number * BATCH_RECORDS;
    for (let i = 0; i < kept.records.count; i++)
      if (kept.gone[i] === 0) this.rebuilt.set(base + i, kept.records.record(i));
    this.kept.delete(number);
    this.free(kept.records.batch);
  }
}

/** A read started on a worker, whose records are taken once the replay is ready. */
export interface PipelinedRead {
  /**
   * Hands the records to `onRecord`: the rejects as read, every other record in start order
   * (`late` gets the window's count of records replayed late). Once.
   */
  run(onRecord: (record: ReplayRecord) => void, late?: { late: number }): Promise<ReadOutcome>;
  /** Stops the worker (the read is not wanted: a config failed to load). */
  cancel(): void;
}

/**
 * Starts reading `sources` on a worker at once: the worker's start (a new isolate and its modules,
 * about half a second when it runs the TypeScript sources) overlaps what the caller does until
 * `run` (loading the configs). The worker reads MAX_IN_FLIGHT batches ahead and waits.
 */
export function startPipelinedRead(sources: readonly LogSource[], lean = true): PipelinedRead {
  const inFlight = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  const counter = new Int32Array(inFlight);
  // The worker's extension is this module's own: read-worker.ts from src, .js from dist.
  const worker = new Worker(new URL(`./read-worker${extname(import.meta.url)}`, import.meta.url), {
    workerData: { sources, inFlight, lean },
  });
  const reader = new BatchReader();
  const early: ReaderMessage[] = [];
  let window: BatchWindow | undefined;
  let late: { late: number } = { late: 0 };
  let settled = false;
  let resolve: (outcome: ReadOutcome) => void = () => {};
  let reject: (error: Error) => void = () => {};
  let failure: Error | undefined;
  const fail = (error: unknown): void => {
    if (settled) return;
    settled = true;
    // Wake a reader waiting for room, so that it can be stopped.
    Atomics.store(counter, 0, 0);
    Atomics.notify(counter, 0);
    void worker.terminate();
    failure = error instanceof Error ? error : new Error(String(error));
    reject(failure);
  };
  const take = (message: ReaderMessage, into: BatchWindow): void => {
    if (message.kind === 'batch') {
      into.push(reader.admit(message.batch));
      Atomics.sub(counter, 0, 1);
      Atomics.notify(counter, 0);
    } else if (message.kind === 'done') {
      into.flush();
      late.late = into.late;
      settled = true;
      resolve(message.outcome);
    } else fail(new Error(message.message));
  };
  worker.on('message', (message: ReaderMessage) => {
    if (settled) return;
    if (window === undefined) early.push(message);
    else
      try {
        take(message, window);
      } catch (error) {
        fail(error);
      }
  });
  worker.once('error', fail);
  worker.once('exit', (code) => fail(new Error(`backtest reader exited (${code})`)));
  return {
    run(onRecord, counted = { late: 0 }) {
      return new Promise<ReadOutcome>((res, rej) => {
        if (failure !== undefined) {
          rej(failure);
          return;
        }
        resolve = res;
        reject = rej;
        late = counted;
        const into = new BatchWindow(onRecord, ({ numbers, strings, more }) =>
          worker.postMessage({ numbers, strings, more } satisfies BatchArrays, [
            numbers.buffer,
            strings.buffer,
            more.buffer,
          ]),
        );
        window = into;
        try {
          for (const message of early.splice(0)) if (!settled) take(message, into);
        } catch (error) {
          fail(error);
        }
      });
    },
    cancel() {
      fail(new Error('backtest reader cancelled'));
    },
  };
}

/**
 * Reads `sources` on a worker; `onRecord` gets the rejects as read and every other record in
 * start order (`late` gets the window's count of records replayed late).
 */
export function readLogsPipelined(
  sources: readonly LogSource[],
  onRecord: (record: ReplayRecord) => void,
  lean = true,
  late: { late: number } = { late: 0 },
): Promise<ReadOutcome> {
  return startPipelinedRead(sources, lean).run(onRecord, late);
}
