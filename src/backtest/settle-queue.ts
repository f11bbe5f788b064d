/**
 * Reservations a replay holds until the request would have ended (its start plus its logged
 * latency), when they are settled from the logged usage — a binary heap by end time, so settling
 * everything due before the next record costs O(log n) each. It holds only requests in flight at
 * one moment of the log, so it stays small.
 */
import type { Usage } from '../dialects/dialect.ts';
import type { Reservation } from '../limits/admit-limits.ts';

export interface Pending {
  readonly at: number;
  readonly reservation: Reservation;
  readonly usage: Usage;
  readonly served: boolean;
}

export class SettleQueue {
  private readonly heap: Pending[] = [];

  get size(): number {
    return this.heap.length;
  }

  push(item: Pending): void {
    const heap = this.heap;
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((heap[parent] as Pending).at <= item.at) break;
      heap[i] = heap[parent] as Pending;
      i = parent;
    }
    heap[i] = item;
  }

  /** Removes and hands over every item due at or before `now`, earliest first. */
  drain(now: number, settle: (item: Pending) => void): void {
    while (this.heap.length > 0 && (this.heap[0] as Pending).at <= now) settle(this.pop());
  }

  private pop(): Pending {
    const heap = this.heap;
    const top = heap[0] as Pending;
    const last = heap.pop() as Pending;
    if (heap.length > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= heap.length) break;
        const right = left + 1;
        const child =
          right < heap.length && (heap[right] as Pending).at < (heap[left] as Pending).at
            ? right
            : left;
        if ((heap[child] as Pending).at >= last.at) break;
        heap[i] = heap[child] as Pending;
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }
}
