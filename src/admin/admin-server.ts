/**
 * The admin listener, on its own port: /healthz (the process is alive) and /readyz (it should get
 * traffic: config loaded, not draining), both token-protected unless `unauthenticated_probes` is
 * set. The token is compared by hash with timingSafeEqual, so its length and content do not leak.
 * Later releases add the admin API and metrics here.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface AdminHandlers {
  readonly token: () => string | undefined;
  readonly unauthenticatedProbes: () => boolean;
  readonly health: () => Record<string, unknown>;
  readonly readiness: () => { ready: boolean; [key: string]: unknown };
}

export function createAdminServer(handlers: AdminHandlers): Server {
  return createServer(
    { headersTimeout: 5_000, requestTimeout: 10_000, maxHeaderSize: 8_192 },
    (req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      const probe = path === '/healthz' || path === '/readyz';
      if (!(probe && handlers.unauthenticatedProbes()) && !authorized(req, handlers.token())) {
        return json(res, 401, {
          error: { type: 'authentication_error', message: 'Admin token required.' },
        });
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        return json(res, 405, {
          error: { type: 'invalid_request_error', message: 'Method not allowed.' },
        });
      }
      if (path === '/healthz') return json(res, 200, { status: 'ok', ...handlers.health() });
      if (path === '/readyz') {
        const readiness = handlers.readiness();
        return json(res, readiness.ready ? 200 : 503, readiness);
      }
      return json(res, 404, {
        error: { type: 'not_found_error', message: 'Unknown admin route.' },
      });
    },
  );
}

function authorized(req: IncomingMessage, token: string | undefined): boolean {
  if (token === undefined) return false;
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!match?.[1]) return false;
  const presented = createHash('sha256').update(match[1]).digest();
  const expected = createHash('sha256').update(token).digest();
  return timingSafeEqual(presented, expected);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}
