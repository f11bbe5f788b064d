/**
 * Puts logged records back in the order their requests started. The proxy writes a record when
 * the response ends, so a long stream is logged after shorter requests that started later; the
 * pipeline spent limits and checked remembered blocks in arrival order. Records wait in a heap
 * until the log has moved `horizon` past them (or the heap holds `capacity`): the log is re-sorted
 * within that window, in bounded memory. The window is a trade: every record held is one more the
 * garbage collector must keep (and promote), so it covers seconds of a busy log, not hours.
 */
import { MinHeap } from '../util/min-heap.ts';
import type { ReplayRecord } from './replay-record.ts';

export const START_ORDER_CAPACITY = 4096;
const HORIZON_MS = 10 * 60_000;

/** How a backtest gets its records into start order. */
export interface RecordOrder<R extends { readonly time: number } = ReplayRecord> {
  /** Adds a record; hands over, in start order, every record the window no longer holds. */
  push(record: R, emit: (record: R) => void): void;
  /** The end of the logs: hands over what is left. */
  flush(emit: (record: R) => void): void;
  /** Records released before one that started earlier (beyond the window): out of order. */
  readonly late: number;
}

/**
 * The re-sorting window over any item with a start time: a record, or where a record waits in
 * the pipelined reader's batches (pipelined-read.ts: a number, no object per record held). One
 * heap and one rule, so both hand over the same items in the same order, ties included.
 */
export class StartWindow<T> {
  private readonly heap = new MinHeap<T>();
  private latest = Number.NEGATIVE_INFINITY;
  late = 0;
  private released = Number.NEGATIVE_INFINITY;

  /**
   * Adds `item`, started at `time`, `arrival` ordering it among requests of the same millisecond;
   * hands over every item the window no longer holds.
   */
  push(item: T, time: number, arrival: number, emit: (item: T) => void): void {
    if (time > this.latest) this.latest = time;
    this.heap.push(item, time, arrival);
    for (
      let next = this.heap.peekKey();
      next !== undefined &&
      (this.heap.size > START_ORDER_CAPACITY || next <= this.latest - HORIZON_MS);
      next = this.heap.peekKey()
    )
      this.release(emit);
  }

  flush(emit: (item: T) => void): void {
    while (this.heap.size > 0) this.release(emit);
  }

  private release(emit: (item: T) => void): void {
    const time = this.heap.peekKey() as number;
    const item = this.heap.pop() as T;
    if (time < this.released) this.late++;
    else this.released = time;
    emit(item);
  }
}

export class StartOrder<
  R extends { readonly time: number; readonly arrival: number } = ReplayRecord,
> implements RecordOrder<R> {
  private readonly window = new StartWindow<R>();

  get late(): number {
    return this.window.late;
  }

  push(record: R, emit: (record: R) => void): void {
    this.window.push(record, record.time, record.arrival, emit);
  }

  flush(emit: (record: R) => void): void {
    this.window.flush(emit);
  }
}

/**
 * Records that arrive in start order already, re-sorted before the backtest by a window of the
 * reader's (pipelined-read.ts): each is replayed at once; `late` is that window's.
 */
export class InStartOrder implements RecordOrder {
  private readonly window: { readonly late: number };

  constructor(window: { readonly late: number }) {
    this.window = window;
  }

  get late(): number {
    return this.window.late;
  }

  push(record: ReplayRecord, emit: (record: ReplayRecord) => void): void {
    emit(record);
  }

  flush(): void {}
}
