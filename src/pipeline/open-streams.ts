/**
 * The streams each account has open, so that a decision about the account reaches the answers it
 * is already receiving: when one of its requests is blocked, its open streams are cut with the
 * dialect's error event instead of running to their end, and its open WebSocket sessions are
 * closed. Registered when an SSE response opens or an upgrade is handed over, removed when it is
 * recorded.
 */
import { sendError } from './local-reply.ts';
import type { ErrorCode } from './error-codes.ts';
import type { RequestContext } from './request-context.ts';

export class OpenStreams {
  private readonly byAccount = new Map<string, Set<RequestContext>>();

  add(ctx: RequestContext): void {
    const account = ctx.account?.id;
    if (account === undefined) return;
    let open = this.byAccount.get(account);
    if (open === undefined) {
      open = new Set();
      this.byAccount.set(account, open);
    }
    open.add(ctx);
  }

  remove(ctx: RequestContext): void {
    const account = ctx.account?.id;
    if (account === undefined) return;
    const open = this.byAccount.get(account);
    if (open === undefined) return;
    open.delete(ctx);
    if (open.size === 0) this.byAccount.delete(account);
  }

  /** Cuts every stream the account has open; returns how many. */
  cut(account: string, code: ErrorCode, detail: string): number {
    const open = this.byAccount.get(account);
    if (open === undefined) return 0;
    let cut = 0;
    for (const ctx of [...open]) {
      if (ctx.route?.kind === 'websocket') {
        // An upgraded session: its socket is ours (http-proxy-3 pipes it); closing it ends the
        // session, and its record says why when the socket closes.
        if (ctx.upgradeStatus !== 101 || ctx.req.socket.destroyed) continue;
        ctx.outcome = 'cut';
        ctx.error = code;
        ctx.detail = detail;
        ctx.req.socket.destroy();
        cut++;
        continue;
      }
      if (!ctx.sseOpen) continue;
      ctx.outcome = 'cut';
      sendError(ctx, code, detail);
      cut++;
    }
    return cut;
  }

  get size(): number {
    return this.byAccount.size;
  }
}
