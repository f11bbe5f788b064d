/**
 * The proxy's HTTP server: Node's http server with every limit set (header size → 431, header and
 * request timeouts → 408, keep-alive), wired to the request pipeline, the WebSocket upgrade handler
 * and the parser-error handler. Limits can be re-applied on a config reload without a restart.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { RuntimeConfig } from './config/load-config.ts';

export interface ServerHandlers {
  readonly request: (req: IncomingMessage, res: ServerResponse) => void;
  readonly upgrade: (req: IncomingMessage, socket: Socket, head: Buffer) => void;
  readonly clientError: (
    error: Error & { code?: string; rawPacket?: Buffer },
    socket: Socket,
  ) => void;
}

export function createProxyServer(config: RuntimeConfig, handlers: ServerHandlers): Server {
  const limits = config.limits;
  const server = createServer(
    {
      maxHeaderSize: limits.max_header_bytes,
      headersTimeout: limits.headers_timeout,
      requestTimeout: limits.request_timeout,
      keepAliveTimeout: limits.keep_alive_timeout,
      // How often Node checks the two timeouts above (its default, 30 s, would blur them).
      connectionsCheckingInterval: Math.max(
        250,
        Math.min(1_000, Math.floor(limits.headers_timeout / 4)),
      ),
      // Checked by the pipeline instead, so the 400 has the API's shape, a request id and a record.
      requireHostHeader: false,
      joinDuplicateHeaders: false,
      noDelay: true,
    },
    handlers.request,
  );
  server.on('upgrade', handlers.upgrade);
  server.on('clientError', handlers.clientError);
  return server;
}

/** Re-applies the reloadable limits to a running server (size limits need a restart). */
export function applyServerLimits(server: Server, limits: RuntimeConfig['limits']): void {
  server.headersTimeout = limits.headers_timeout;
  server.requestTimeout = limits.request_timeout;
  server.keepAliveTimeout = limits.keep_alive_timeout;
}
