/**
 * A dialect is one inference API's wire format (Anthropic Messages or OpenAI-compatible). The
 * pipeline is dialect-agnostic; everything that depends on the wire format goes through this
 * interface: error bodies, the error event that ends a failed stream, the upstream credential
 * header, reading request facts and reading token usage from JSON and SSE responses.
 */
import type { ErrorCode } from '../pipeline/error-codes.ts';

export type DialectName = 'anthropic' | 'openai';

/** Token usage as reported by the upstream; undefined where the response did not say. */
export interface Usage {
  inputTokens: number | undefined;
  outputTokens: number | undefined;
  /**
   * A stream's final usage was read (Anthropic's message_delta, OpenAI's usage chunk, a Responses
   * terminal event): a stream that breaks off after it keeps it, no estimate (settleLimits).
   */
  complete?: boolean;
}

/** The request fields every later stage needs, read once from the parsed body. */
export interface InferenceRequest {
  readonly model: string | undefined;
  readonly stream: boolean;
  readonly maxTokens: number | undefined;
  readonly messageCount: number;
  readonly toolCount: number;
  readonly thinking: boolean;
  /** Completions requested per prompt (OpenAI `n`); 1 when absent. */
  readonly choices: number;
}

export interface Dialect {
  readonly name: DialectName;
  /**
   * The JSON body of a local error reply, in the API's own error shape; a verification challenge
   * carries the operator's verification URL (in the message and as `verification_url`).
   */
  errorBody(code: ErrorCode, requestId: string, verificationUrl?: string): string;
  /** One SSE frame that ends a stream that failed after its headers were sent. */
  sseErrorFrame(code: ErrorCode, requestId: string, routeId: string): string;
  /** The header that carries an upstream credential in this dialect. */
  credentialHeader(secret: string): readonly [name: string, value: string];
  /** Reads the request fields from a parsed JSON body of the given route. */
  readRequest(routeId: string, body: Record<string, unknown>): InferenceRequest;
  /** Reads usage from a complete JSON response body. */
  usageFromJson(body: unknown, usage: Usage): void;
  /** Folds one SSE event's usage (if any) into `usage`. */
  usageFromSseEvent(event: string | undefined, data: string, usage: Usage): void;
}

/** A non-negative integer field, or undefined (hostile input never becomes NaN in a record). */
export function countField(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

export function lengthOf(value: unknown): number {
  return Array.isArray(value) ? value.length : 0;
}

export function stringField(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Parses SSE data that is expected to be JSON; hostile or partial data yields undefined. */
export function parseEventJson(data: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(data);
    return value !== null && typeof value === 'object'
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export function objectField(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
