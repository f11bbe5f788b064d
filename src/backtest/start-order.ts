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

export class StartOrder<
  R extends { readonly time: number } = ReplayRecord,
> implements RecordOrder<R> {
  private readonly heap = new MinHeap<R>((record) => record.time);
  private latest = Number.NEGATIVE_INFINITY;
  late = 0;
  private released = Number.NEGATIVE_INFINITY;

  push(record: R, emit: (record: R) => void): void {
    if (record.time > this.latest) this.latest = record.time;
    this.heap.push(record);
    for (
      let next = this.heap.peekKey();
      next !== undefined &&
      (this.heap.size > START_ORDER_CAPACITY || next <= this.latest - HORIZON_MS);
      next = this.heap.peekKey()
    )
      this.release(emit);
  }

  flush(emit: (record: R) => void): void {
    while (this.heap.size > 0) this.release(emit);
  }

  private release(emit: (record: R) => void): void {
    const record = this.heap.pop() as R;
    if (record.time < this.released) this.late++;
    else this.released = record.time;
    emit(record);
  }
}
