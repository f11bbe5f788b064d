/**
 * Requests in flight: the admission limit (`max_concurrent_requests` → 503) and the drain on
 * shutdown (stop admitting, wait for in-flight requests and streams up to a deadline, then cut
 * what is left with the dialect's error event).
 */
import { cutStream } from '../upstream/forward.ts';
import { sendError } from './local-reply.ts';
import type { RequestContext } from './request-context.ts';

export type Admission = 'admitted' | 'overloaded' | 'draining';

/**
 * The active requests live in an array with swap-remove (each context remembers its slot), not in
 * a Set: a Set under constant add/delete churn is rehashed again and again, and V8 links each
 * obsolete hash table to its successor (for live iterators). Once one obsolete table is promoted
 * to the old generation, that chain keeps every later table — and every request they reference —
 * alive through young collections until the next full GC: measured, it promoted ~10 MB per
 * scavenge and cost ~15 % of throughput, in about half of the runs.
 */
export class Inflight {
  private readonly active: RequestContext[] = [];
  private draining = false;
  private idleWaiters: (() => void)[] = [];

  get size(): number {
    return this.active.length;
  }

  get isDraining(): boolean {
    return this.draining;
  }

  admit(ctx: RequestContext, limit: number): Admission {
    if (this.draining) return 'draining';
    if (this.active.length >= limit) return 'overloaded';
    ctx.inflightSlot = this.active.length;
    this.active.push(ctx);
    return 'admitted';
  }

  release(ctx: RequestContext): void {
    const slot = ctx.inflightSlot;
    if (slot < 0 || this.active[slot] !== ctx) return;
    const last = this.active.pop() as RequestContext;
    if (last !== ctx) {
      this.active[slot] = last;
      last.inflightSlot = slot;
    }
    ctx.inflightSlot = -1;
    if (this.active.length > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }

  /** Stops admitting; resolves true when all in-flight requests finish, false at the deadline. */
  drain(timeoutMs: number): Promise<boolean> {
    this.draining = true;
    if (this.active.length === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /**
   * Ends every request still in flight (after the drain deadline): streams get the dialect's error
   * event, requests still waiting for the upstream get a 503 their SDK retries elsewhere.
   */
  cutAll(): void {
    for (const ctx of [...this.active]) {
      ctx.outcome ??= 'cut';
      ctx.detail ??= 'drain_deadline';
      if (ctx.route?.kind === 'websocket') {
        // An open WebSocket is a stream too; its socket is ours once upgraded.
        ctx.error ??= 'DG_ERR_STREAM_CUT';
        ctx.req.socket.destroy();
        continue;
      }
      // A stream gets its error event; anything else still open gets a 503 (or is cut if its
      // response had begun). Closing the response aborts the upstream exchange.
      if (!cutStream(ctx, 'DG_ERR_STREAM_CUT')) {
        sendError(ctx, 'DG_ERR_SHUTTING_DOWN', 'drain_deadline', { close: true });
      }
    }
  }
}
