/**
 * The route table: which paths distillguard serves and how. Inference routes are built in (their
 * bodies are parsed and judged); other paths pass through only when the operator allow-lists
 * them; WebSocket upgrades likewise. Compiled once per config load into exact-match maps plus a
 * short prefix list, so matching a request costs one Map lookup in the common case.
 */
import type { PassthroughRouteConfig, WebsocketRouteConfig } from '../config/schema.ts';
import type { DialectName } from './dialect.ts';

export type RouteKind = 'inference' | 'passthrough' | 'websocket';

export interface Route {
  /** Stable id written to the decision log, e.g. `anthropic.messages` or `passthrough:/v1/models`. */
  readonly id: string;
  readonly kind: RouteKind;
  /** `auto`: anthropic when the client sends `anthropic-version`, else openai. */
  readonly dialect: DialectName | 'auto';
  readonly methods: ReadonlySet<string>;
  /** A WebSocket route's sessions are metered from their realtime usage events (websocket.ts). */
  readonly meteredSessions?: boolean;
}

const POST = new Set(['POST']);

export const INFERENCE_ROUTES: ReadonlyMap<string, Route> = new Map(
  (
    [
      ['/v1/messages', 'anthropic.messages', 'anthropic'],
      ['/v1/messages/count_tokens', 'anthropic.count_tokens', 'anthropic'],
      ['/v1/chat/completions', 'openai.chat_completions', 'openai'],
      ['/v1/responses', 'openai.responses', 'openai'],
      ['/v1/completions', 'openai.completions', 'openai'],
    ] as const
  ).map(([path, id, dialect]) => [path, { id, kind: 'inference', dialect, methods: POST }]),
);

export interface RouteTable {
  /** The HTTP route for a canonical path (no query string), or undefined. */
  match(path: string): Route | undefined;
  /** The WebSocket route for a canonical path, or undefined. */
  matchWebsocket(path: string): Route | undefined;
}

interface PrefixRoute {
  readonly prefix: string;
  readonly route: Route;
}

const WEBSOCKET_ROUTE = 'websocket:';

/** The id of the WebSocket upgrade route for `path` (what the log and `when.route` name). */
export function websocketRouteId(path: string): string {
  return WEBSOCKET_ROUTE + path;
}

/** The path of a WebSocket upgrade route id (websocketRouteId's inverse). */
export function websocketPath(id: string): string {
  return id.slice(WEBSOCKET_ROUTE.length);
}

/** Whether a logged route id is a WebSocket upgrade's. */
export function isWebsocketRouteId(id: string | null | undefined): boolean {
  return id?.startsWith(WEBSOCKET_ROUTE) === true;
}

export function compileRoutes(
  passthrough: readonly PassthroughRouteConfig[],
  websocket: readonly WebsocketRouteConfig[],
): RouteTable {
  const exact = new Map<string, Route>(INFERENCE_ROUTES);
  const prefixes: PrefixRoute[] = [];
  for (const entry of passthrough) {
    const route: Route = {
      id: `passthrough:${entry.path}`,
      kind: 'passthrough',
      dialect: entry.dialect,
      methods: new Set(entry.methods),
    };
    if (entry.path.endsWith('/*')) prefixes.push({ prefix: entry.path.slice(0, -1), route });
    else if (!exact.has(entry.path)) exact.set(entry.path, route);
  }
  // Longest prefix first so /v1/files/* wins over /v1/*.
  prefixes.sort((a, b) => b.prefix.length - a.prefix.length);
  const sockets = new Map<string, Route>(
    websocket.map((entry) => [
      entry.path,
      {
        id: websocketRouteId(entry.path),
        kind: 'websocket',
        dialect: entry.dialect,
        methods: new Set(['GET']),
        meteredSessions: entry.usage === 'realtime',
      },
    ]),
  );
  return {
    match(path) {
      const found = exact.get(path);
      if (found) return found;
      for (const { prefix, route } of prefixes) if (path.startsWith(prefix)) return route;
      return undefined;
    },
    matchWebsocket(path) {
      return sockets.get(path);
    },
  };
}

/**
 * Dot segments, doubled or encoded slashes and backslashes are refused rather than normalised:
 * the upstream might normalise them differently and reach a path the allow list never saw.
 */
const NON_CANONICAL = /\/\.\.?(?:\/|$)|\/\/|%2[ef]|%5c|\\|%00/i;

/** Splits a request target into path and query; undefined when it is not a canonical origin-form path. */
export function splitTarget(target: string): { path: string; query: string } | undefined {
  if (target.charCodeAt(0) !== 47 /* "/" */) return undefined;
  const q = target.indexOf('?');
  const path = q === -1 ? target : target.slice(0, q);
  if (NON_CANONICAL.test(path)) return undefined;
  return { path, query: q === -1 ? '' : target.slice(q) };
}
