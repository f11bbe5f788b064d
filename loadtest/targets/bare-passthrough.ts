/**
 * Reference target "bare undici passthrough": a node:http server that streams each request body
 * into an undici Pool and streams the response back. No parsing, no auth, no log: the cost floor
 * of forwarding with Node.
 */
import { createServer } from 'node:http';
import { Pool } from 'undici';
import { listenOnLoopback, type RunningServer } from '../listen.ts';
import { forwardableHeaders, RelayHandler } from './relay-handler.ts';

export async function startBarePassthrough(upstreamUrl: string): Promise<RunningServer> {
  // Same pool shape as distillguard's default upstream pool, so only the per-request work differs.
  const pool = new Pool(upstreamUrl, { connections: 256, pipelining: 1 });
  const server = createServer({ keepAliveTimeout: 65_000, noDelay: true }, (req, res) => {
    pool.dispatch(
      {
        path: req.url ?? '/',
        method: req.method ?? 'GET',
        // Content-Length stays: undici sends the streamed body with it rather than chunked.
        headers: forwardableHeaders(req.rawHeaders, false),
        body: req,
      },
      new RelayHandler(res),
    );
  });
  return listenOnLoopback(server, () => pool.destroy());
}
