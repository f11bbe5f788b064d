/**
 * The signals stage: pure per-request facts read from the parsed body (dialect, model, stream,
 * max_tokens, message and tool counts, thinking requested, size). Later releases add template
 * hashes, elicitation and capability tags here; everything stays a pure function of the request.
 */
import type { Dialect, DialectName, InferenceRequest } from '../dialects/dialect.ts';
import type { Route } from '../dialects/routes.ts';

/** What the dialect read from the body, plus where it came from and how big it was. */
export interface RequestFacts extends InferenceRequest {
  readonly dialect: DialectName;
  readonly route: string;
  readonly bytes: number;
}

export function readRequestFacts(
  dialect: Dialect,
  route: Route,
  body: Record<string, unknown>,
  bytes: number,
): RequestFacts {
  return { dialect: dialect.name, route: route.id, bytes, ...dialect.readRequest(route.id, body) };
}

/** Facts of a pass-through request: its body is streamed, not parsed, so only route and size. */
export function passthroughFacts(dialect: Dialect, route: Route, bytes: number): RequestFacts {
  return {
    dialect: dialect.name,
    route: route.id,
    model: undefined,
    stream: false,
    maxTokens: undefined,
    messageCount: 0,
    toolCount: 0,
    thinking: false,
    choices: 1,
    bytes,
  };
}
