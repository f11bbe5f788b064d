/**
 * Reference target "minimal undici forwarder" — the yardstick of the 85 % throughput target
 * (issue 2): buffer the body, JSON.parse it, one Map lookup of the bearer key, forward with undici.
 * It does the least work a judging proxy must do, so distillguard ÷ this ratio is the cost of
 * everything else distillguard adds (header hygiene, pipeline, decision log).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Pool } from 'undici';
import { listenOnLoopback, type RunningServer } from '../listen.ts';
import { forwardableHeaders, RelayHandler } from './relay-handler.ts';

const UNAUTHORIZED = '{"error":{"message":"unknown key","type":"authentication_error"}}';

/** Sends a checked request (its body buffered) upstream and relays the answer into `res`. */
export type Forward = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;

/**
 * The minimal forwarder's server half on node:http: buffer, JSON.parse, one Map lookup, then
 * `forward` (undici here; the lean upstream client in hybrid-forwarders.ts).
 */
export function startMinimalServer(
  clientKey: string,
  forward: Forward,
  onClose: () => Promise<void>,
): Promise<RunningServer> {
  const accounts = new Map<string, string>([[clientKey, 'acct_loadtest']]);
  const server = createServer({ keepAliveTimeout: 65_000, noDelay: true }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        res.writeHead(400).end();
        return;
      }
      const account = accounts.get(req.headers.authorization?.slice('Bearer '.length) ?? '');
      if (account === undefined || typeof parsed !== 'object' || parsed === null) {
        res.writeHead(401, { 'content-type': 'application/json' }).end(UNAUTHORIZED);
        return;
      }
      forward(req, res, body);
    });
  });
  return listenOnLoopback(server, onClose);
}

export function startMinimalForwarder(
  upstreamUrl: string,
  clientKey: string,
): Promise<RunningServer> {
  const pool = new Pool(upstreamUrl, { connections: 256, pipelining: 1 });
  return startMinimalServer(
    clientKey,
    (req, res, body) => {
      pool.dispatch(
        {
          path: req.url ?? '/',
          method: req.method ?? 'GET',
          headers: forwardableHeaders(req.rawHeaders, true),
          body,
        },
        new RelayHandler(res),
      );
    },
    () => pool.destroy(),
  );
}
