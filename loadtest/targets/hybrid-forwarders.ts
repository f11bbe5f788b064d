/**
 * EXPERIMENTAL reference targets that split the lean forwarder's saving between its two halves
 * (side-by-side.ts `--pair hybrid-client,hybrid-server`). Both do exactly the minimal forwarder's
 * work (buffer, JSON.parse, one Map lookup, forward, relay with backpressure):
 *
 * - `hybrid-client`: the minimal forwarder's node:http server + the lean upstream client
 *   (lean-forwarder.ts `LeanUpstream`: raw keep-alive sockets, llhttp response parsing).
 * - `hybrid-server`: the lean node:net + llhttp server + the minimal forwarder's undici Pool.
 *
 * minimal ÷ hybrid-client is what a lean upstream client alone saves; minimal ÷ hybrid-server what
 * a lean server alone saves. As experimental as the lean forwarder: correct for the benchmark's
 * traffic only (its header comment lists what is missing).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Pool, type Dispatcher } from 'undici';
import type { RunningServer } from '../listen.ts';
import {
  BAD_GATEWAY,
  LeanUpstream,
  startLeanServer,
  type Abandonable,
  type Forwarded,
  type Corkable,
  type Upstream,
} from './lean-forwarder.ts';
import { startMinimalServer } from './minimal-forwarder.ts';
import { forwardableHeaders } from './relay-handler.ts';

/** A node:http exchange as the lean upstream client sees it: the answer goes into `res`. */
class HttpExchange implements Forwarded {
  readonly method: string;
  readonly url: string;
  readonly headers: readonly string[];
  readonly body: Buffer;
  readonly out: ServerResponse;
  /**
   * None: node:http batches a tick's writes itself, and on Node 24 `res.cork()` around
   * `res.write(x); res.end()` sends the chunked terminator before x.
   */
  readonly batch = undefined;
  upstream: Abandonable | undefined = undefined;

  constructor(req: IncomingMessage, res: ServerResponse, body: Buffer) {
    this.method = req.method ?? 'GET';
    this.url = req.url ?? '/';
    this.headers = req.rawHeaders;
    this.body = body;
    this.out = res;
  }

  head(status: number, message: string, raw: readonly string[]): void {
    // Content-Length kept: node:http then frames the body as the upstream did (as RelayHandler).
    this.out.writeHead(status, message, forwardableHeaders(raw, false));
  }

  data(chunk: Buffer): boolean {
    return this.out.write(chunk);
  }

  end(): void {
    this.out.end();
  }

  fail(headSent: boolean): void {
    if (headSent) {
      this.out.destroy();
      return;
    }
    this.out.writeHead(502, { 'content-type': 'application/json' });
    this.out.end(BAD_GATEWAY);
  }
}

export function startHybridClient(upstreamUrl: string, clientKey: string): Promise<RunningServer> {
  // 'data' events + execute on the upstream sockets, as the `lean` target (and node's client).
  const upstream = new LeanUpstream(upstreamUrl, false);
  return startMinimalServer(
    clientKey,
    (req, res, body) => {
      const exchange = new HttpExchange(req, res, body);
      res.on('close', () => {
        if (!res.writableFinished) upstream.cancel(exchange);
      });
      upstream.dispatch(exchange);
    },
    () => upstream.destroy(),
  );
}

/**
 * Relays undici's answer into a lean server exchange. Writes of one tick leave in one writev
 * (corked until the next tick, as node:http's own chunked writes are): undici runs the head and
 * the body of one upstream read in the same tick.
 */
class ExchangeHandler implements Dispatcher.DispatchHandler, Abandonable {
  private readonly exchange: Forwarded;
  private controller: Dispatcher.DispatchController | undefined;
  private abandoned = false;
  private headSent = false;
  /** Corked until the next tick. */
  private corked: Corkable | undefined;

  constructor(exchange: Forwarded) {
    this.exchange = exchange;
  }

  abandon(): void {
    this.abandoned = true;
    this.controller?.abort(new Error('client went away'));
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.abandoned) controller.abort(new Error('client went away'));
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
    statusMessage?: string,
  ): void {
    const raw: string[] = [];
    for (const name in headers) {
      const value = headers[name];
      if (typeof value === 'string') raw.push(name, value);
      else if (value !== undefined) for (const one of value) raw.push(name, one);
    }
    this.cork();
    this.exchange.head(statusCode, statusMessage ?? '', raw);
    this.headSent = true;
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.cork();
    if (!this.exchange.data(chunk)) {
      controller.pause();
      this.exchange.out.once('drain', () => controller.resume());
    }
  }

  onResponseEnd(): void {
    this.exchange.upstream = undefined;
    this.exchange.end();
  }

  onResponseError(_controller: Dispatcher.DispatchController, _error: Error): void {
    this.exchange.upstream = undefined;
    if (!this.abandoned) this.exchange.fail(this.headSent);
  }

  private cork(): void {
    const batch = this.exchange.batch;
    if (this.corked !== undefined || batch === undefined) return;
    this.corked = batch;
    batch.cork();
    process.nextTick(flush, this);
  }

  flush(): void {
    const batch = this.corked;
    this.corked = undefined;
    if (batch !== undefined && batch.writableCorked > 0) batch.uncork();
  }
}

function flush(handler: ExchangeHandler): void {
  handler.flush();
}

/** undici as the lean server's upstream half, configured as the minimal forwarder's Pool. */
class UndiciUpstream implements Upstream {
  private readonly pool: Pool;

  constructor(upstreamUrl: string) {
    this.pool = new Pool(upstreamUrl, { connections: 256, pipelining: 1 });
  }

  dispatch(exchange: Forwarded): void {
    // Set before undici starts it: a client gone while it is queued aborts it at the start.
    const handler = new ExchangeHandler(exchange);
    exchange.upstream = handler;
    this.pool.dispatch(
      {
        path: exchange.url,
        method: exchange.method,
        headers: forwardableHeaders(exchange.headers, true),
        body: exchange.body,
      },
      handler,
    );
  }

  cancel(exchange: Forwarded): void {
    exchange.upstream?.abandon();
    exchange.upstream = undefined;
  }

  destroy(): Promise<void> {
    return this.pool.destroy();
  }
}

export function startHybridServer(upstreamUrl: string, clientKey: string): Promise<RunningServer> {
  // 'data' events + execute on the client sockets, as the `lean` target.
  return startLeanServer(clientKey, new UndiciUpstream(upstreamUrl), false);
}
