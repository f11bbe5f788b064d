/**
 * Requests in flight: the admission limit (`max_concurrent_requests` → 503) and the drain on
 * shutdown (stop admitting, wait for in-flight requests and streams up to a deadline, then cut
 * what is left with the dialect's error event).
 */
import { ProxyAbort } from '../upstream/forward.ts';
import { sendError } from './local-reply.ts';
import type { RequestContext } from './request-context.ts';

export type Admission = 'admitted' | 'overloaded' | 'draining';

export class Inflight {
  private readonly active = new Set<RequestContext>();
  private draining = false;
  private idleWaiters: (() => void)[] = [];

  get size(): number {
    return this.active.size;
  }

  get isDraining(): boolean {
    return this.draining;
  }

  admit(ctx: RequestContext, limit: number): Admission {
    if (this.draining) return 'draining';
    if (this.active.size >= limit) return 'overloaded';
    this.active.add(ctx);
    return 'admitted';
  }

  release(ctx: RequestContext): void {
    if (!this.active.delete(ctx) || this.active.size > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }

  /** Stops admitting; resolves true when all in-flight requests finish, false at the deadline. */
  drain(timeoutMs: number): Promise<boolean> {
    this.draining = true;
    if (this.active.size === 0) return Promise.resolve(true);
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
      if (ctx.cutStream) {
        ctx.error ??= 'DG_ERR_STREAM_CUT';
        ctx.detail ??= 'drain_deadline';
        ctx.cutStream('DG_ERR_STREAM_CUT');
        continue;
      }
      ctx.abortUpstream?.(new ProxyAbort('cut'));
      sendError(ctx, 'DG_ERR_SHUTTING_DOWN', 'drain_deadline', { close: true });
    }
  }
}
