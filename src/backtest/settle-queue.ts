/**
 * Reservations a replay holds until the request would have ended (its start plus its logged
 * latency), when they are settled from the logged usage. It holds only the requests in flight at
 * one moment of the log, so it stays small.
 */
import type { Usage } from '../dialects/dialect.ts';
import type { Reservation } from '../limits/admit-limits.ts';
import { MinHeap } from '../util/min-heap.ts';

export interface Pending {
  readonly at: number;
  readonly reservation: Reservation;
  readonly usage: Usage;
  readonly served: boolean;
}

export class SettleQueue {
  private readonly heap = new MinHeap<Pending>();

  get size(): number {
    return this.heap.size;
  }

  push(item: Pending): void {
    this.heap.push(item, item.at);
  }

  /** Removes and hands over every item due at or before `now`, earliest first. */
  drain(now: number, settle: (item: Pending) => void): void {
    for (let at = this.heap.peekKey(); at !== undefined && at <= now; at = this.heap.peekKey())
      settle(this.heap.pop() as Pending);
  }
}
