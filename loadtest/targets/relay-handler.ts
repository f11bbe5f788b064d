/**
 * The response half shared by the two reference forwarders: an undici dispatch handler that
 * streams the upstream's answer into the client response as it arrives (headers, then each chunk,
 * so SSE is relayed event by event), with backpressure, and aborts the upstream exchange when the
 * client goes away. Deliberately minimal: what any competent undici proxy has to do, no more.
 */
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';

/** Hop-by-hop headers (RFC 9110 §7.6.1) plus the framing Node recomputes. */
export const HOP_BY_HOP: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'host',
]);

/** The client's raw header list without hop-by-hop headers (and optionally without framing). */
export function forwardableHeaders(rawHeaders: readonly string[], dropLength: boolean): string[] {
  const out: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] ?? '').toLowerCase();
    if (HOP_BY_HOP.has(name) || (dropLength && name === 'content-length')) continue;
    out.push(rawHeaders[i] ?? '', rawHeaders[i + 1] ?? '');
  }
  return out;
}

export class RelayHandler implements Dispatcher.DispatchHandler {
  private readonly res: ServerResponse;

  constructor(res: ServerResponse) {
    this.res = res;
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.res.on('close', () => {
      if (!this.res.writableFinished) controller.abort(new Error('client went away'));
    });
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
  ): void {
    const out: Record<string, string | string[]> = {};
    for (const name in headers) {
      const value = headers[name];
      if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
    }
    this.res.writeHead(statusCode, out);
    this.res.on('drain', () => controller.resume());
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (!this.res.write(chunk)) controller.pause();
  }

  onResponseEnd(): void {
    this.res.end();
  }

  onResponseError(_controller: Dispatcher.DispatchController, _error: Error): void {
    if (this.res.headersSent) {
      this.res.destroy();
      return;
    }
    this.res.writeHead(502, { 'content-type': 'application/json' });
    this.res.end('{"error":{"message":"upstream failed","type":"server_error"}}');
  }
}
