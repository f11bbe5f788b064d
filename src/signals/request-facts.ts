/**
 * The signals stage: pure per-request facts read from the parsed body (dialect, model, stream,
 * max_tokens, message and tool counts, thinking requested, size) and the detection signals
 * (request-signals.ts: template fingerprints, elicitation, grading, capability tags, harvesting
 * parameters, client fingerprint). Everything is a pure function of the request.
 */
import type { Dialect, DialectName, InferenceRequest } from '../dialects/dialect.ts';
import type { Route } from '../dialects/routes.ts';
import type { DetectionSettings } from '../detection/detection-settings.ts';
import { readRequestSignals, type RequestSignals } from './request-signals.ts';

/** What the dialect read from the body, plus where it came from and how big it was. */
export interface RequestFacts extends InferenceRequest {
  readonly dialect: DialectName;
  readonly route: string;
  readonly bytes: number;
  /** Detection signals; undefined for pass-through requests (their bodies are not read). */
  readonly signals: RequestSignals | undefined;
  /**
   * A WebSocket session whose tokens are metered (`routes.websocket[].usage: realtime`): its
   * admission reserves tokens as a generating request's does, charged as its answers come.
   */
  readonly meteredSession?: boolean;
}

export interface ClientFacts {
  readonly rawHeaders: readonly string[];
  /** The client's IP prefix as logged. */
  readonly ipPrefix: string;
}

export function readRequestFacts(
  dialect: Dialect,
  route: Route,
  body: Record<string, unknown>,
  bytes: number,
  client: ClientFacts,
  detection: DetectionSettings,
): RequestFacts {
  const request = dialect.readRequest(route.id, body);
  const signals = detection.enabled
    ? readRequestSignals(
        {
          dialect: dialect.name,
          routeId: route.id,
          body,
          rawHeaders: client.rawHeaders,
          ipPrefix: client.ipPrefix,
          model: request.model,
          maxTokens: request.maxTokens,
          choices: request.choices,
        },
        detection,
      )
    : undefined;
  // Listed, not spread: a spread copies the dialect's object generically on every request, and
  // the one shape shared with passthroughFacts keeps the readers of facts monomorphic.
  return {
    dialect: dialect.name,
    route: route.id,
    model: request.model,
    stream: request.stream,
    maxTokens: request.maxTokens,
    messageCount: request.messageCount,
    toolCount: request.toolCount,
    thinking: request.thinking,
    choices: request.choices,
    bytes,
    signals,
  };
}

/**
 * Facts of a WebSocket upgrade: a session is a stream (it holds a concurrent-stream slot while it
 * is open) with no body of its own; on a metered route it generates tokens.
 */
export function upgradeFacts(dialect: Dialect, route: Route): RequestFacts {
  return {
    ...passthroughFacts(dialect, route, 0),
    stream: true,
    meteredSession: route.meteredSessions === true,
  };
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
    signals: undefined,
  };
}
