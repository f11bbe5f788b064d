/**
 * The admin listener, on its own port: probes (/healthz, /readyz), the admin API, the Prometheus
 * scrape endpoint and the review page, all behind the bearer token — except the probes when
 * `unauthenticated_probes` is set, and the review page's shell, which holds no data (its script
 * fetches everything with the token the operator pastes). The token is compared by hash with
 * timingSafeEqual, so its length and content do not leak; without it every path answers the same
 * 401, so routes cannot be discovered.
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import {
  errorReply,
  NOT_FOUND,
  UNAUTHORIZED,
  writeReply,
  type AdminReply,
  type AdminRequest,
} from './admin-http.ts';
import type { Metrics } from '../telemetry/metrics.ts';
import type { Logger } from '../util/logger.ts';

export type AdminHandler = (request: AdminRequest) => AdminReply | Promise<AdminReply>;

export interface AdminRoute {
  /** Segments; `:name` captures one (percent-decoded). */
  readonly path: string;
  readonly methods: Readonly<Partial<Record<'GET' | 'PUT' | 'DELETE', AdminHandler>>>;
  /** Served without the token (`() => true`: always; probes: when configured). */
  readonly open?: () => boolean;
}

export interface AdminServerOptions {
  readonly token: () => string | undefined;
  readonly routes: readonly AdminRoute[];
  readonly logger: Logger;
  readonly metrics: Metrics;
}

interface Compiled {
  readonly route: AdminRoute;
  readonly segments: readonly string[];
}

export function createAdminServer(options: AdminServerOptions): Server {
  const routes: Compiled[] = options.routes.map((route) => ({
    route,
    segments: route.path.split('/').slice(1),
  }));
  return createServer(
    { headersTimeout: 5_000, requestTimeout: 10_000, maxHeaderSize: 8_192 },
    (req, res) => {
      const target = req.url ?? '/';
      const queryAt = target.indexOf('?');
      const pathname = queryAt < 0 ? target : target.slice(0, queryAt);
      const found = match(routes, pathname);
      const head = req.method === 'HEAD';
      const open = found?.compiled.route.open?.() === true;
      if (!open && !authorized(req, options.token())) return writeReply(res, UNAUTHORIZED, head);
      if (!found) return writeReply(res, NOT_FOUND, head);
      const { route } = found.compiled;
      const method = head ? 'GET' : (req.method ?? '');
      const handler = route.methods[method as keyof AdminRoute['methods']];
      if (!handler) {
        const allow = Object.keys(route.methods).join(', ');
        return writeReply(
          res,
          errorReply(405, 'method_not_allowed', 'Method not allowed.', { headers: { allow } }),
          head,
        );
      }
      const requestId = `adm_${randomUUID()}`;
      const request: AdminRequest = {
        method,
        path: pathname,
        query: new URLSearchParams(queryAt < 0 ? '' : target.slice(queryAt + 1)),
        params: found.params,
        requestId,
        remote: req.socket.remoteAddress ?? '',
        raw: req,
      };
      void (async () => {
        let reply: AdminReply;
        try {
          reply = await handler(request);
        } catch (error) {
          // A bug: its type and stack, never its message (which may quote input).
          options.logger.log('error', 'internal error in admin route', {
            route: route.path,
            error: error instanceof Error ? error.name : typeof error,
            stack:
              error instanceof Error ? (error.stack ?? '').split('\n').slice(1, 6).join('\n') : '',
          });
          options.metrics.failure('internal', 'admin');
          reply = errorReply(500, 'internal_error', 'Internal error.');
        }
        if (res.destroyed) return;
        writeReply(
          res,
          { ...reply, headers: { ...reply.headers, 'x-request-id': requestId } },
          head,
        );
      })();
    },
  );
}

function match(
  routes: readonly Compiled[],
  pathname: string,
): { compiled: Compiled; params: Record<string, string> } | undefined {
  if (!pathname.startsWith('/')) return undefined;
  const parts = pathname.split('/').slice(1);
  for (const compiled of routes) {
    if (compiled.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < parts.length && ok; i++) {
      const want = compiled.segments[i] ?? '';
      const got = parts[i] ?? '';
      if (want.startsWith(':')) {
        const value = decode(got);
        if (value === undefined || value === '') ok = false;
        else params[want.slice(1)] = value;
      } else ok = want === got;
    }
    if (ok) return { compiled, params };
  }
  return undefined;
}

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function authorized(req: IncomingMessage, token: string | undefined): boolean {
  if (token === undefined) return false;
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!match?.[1]) return false;
  const presented = createHash('sha256').update(match[1]).digest();
  const expected = createHash('sha256').update(token).digest();
  return timingSafeEqual(presented, expected);
}
