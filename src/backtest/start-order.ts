/**
 * Puts logged records back in the order their requests started. The proxy writes a record when
 * the response ends, so a long stream is logged after shorter requests that started later; the
 * pipeline spent limits and checked remembered blocks in arrival order. Records wait in a heap
 * until the log has moved `horizon` past them (or the heap holds `capacity`): the log is re-sorted
 * within that window, in bounded memory. The window is a trade: every record held is one more the
 * garbage collector must keep (and promote), so it covers seconds of a busy log, not hours.
 */
import type { LoggedRecord } from '../decision-log/logged-record.ts';
import { MinHeap } from '../util/min-heap.ts';

export const START_ORDER_CAPACITY = 4096;
const HORIZON_MS = 10 * 60_000;

export class StartOrder {
  private readonly heap = new MinHeap<LoggedRecord>((record) => record.time);
  private latest = Number.NEGATIVE_INFINITY;
  /** Records released before one that started earlier (beyond the window): out of order. */
  late = 0;
  private released = Number.NEGATIVE_INFINITY;

  /** Adds a record; hands over, in start order, every record the window no longer holds. */
  push(record: LoggedRecord, emit: (record: LoggedRecord) => void): void {
    if (record.time > this.latest) this.latest = record.time;
    this.heap.push(record);
    for (
      let next = this.heap.peek();
      next !== undefined &&
      (this.heap.size > START_ORDER_CAPACITY || next.time <= this.latest - HORIZON_MS);
      next = this.heap.peek()
    )
      this.release(emit);
  }

  /** The end of the logs: hands over what is left. */
  flush(emit: (record: LoggedRecord) => void): void {
    while (this.heap.size > 0) this.release(emit);
  }

  private release(emit: (record: LoggedRecord) => void): void {
    const record = this.heap.pop() as LoggedRecord;
    if (record.time < this.released) this.late++;
    else this.released = record.time;
    emit(record);
  }
}
