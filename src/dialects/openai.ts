/**
 * OpenAI-compatible wire format (POST /v1/chat/completions, /v1/responses, /v1/completions).
 * Errors: {"error":{"message","type","param","code"}}. A failed stream ends with `event: error`
 * and data holding {"error":{…}} (chat, completions) or the Responses API's {"type":"error",…};
 * the official SDK raises an APIError for either.
 */
import { ERRORS, type ErrorCode, type ErrorKind } from '../pipeline/error-codes.ts';
import {
  countField,
  lengthOf,
  objectField,
  parseEventJson,
  stringField,
  type Dialect,
  type InferenceRequest,
  type Usage,
} from './dialect.ts';

const ERROR_TYPES: Record<ErrorKind, string> = {
  invalid_request: 'invalid_request_error',
  authentication: 'authentication_error',
  permission: 'permission_error',
  // The SDKs map by status (403 → PermissionDeniedError); the type tells a client what to do.
  verification: 'verification_required',
  not_found: 'not_found_error',
  too_large: 'invalid_request_error',
  timeout: 'timeout_error',
  rate_limit: 'rate_limit_error',
  api: 'server_error',
  overloaded: 'server_error',
};

function errorObject(code: ErrorCode, verificationUrl?: string) {
  const spec = ERRORS[code];
  const base = { message: spec.message, type: ERROR_TYPES[spec.kind], param: null, code };
  return verificationUrl === undefined
    ? base
    : {
        ...base,
        message: `${spec.message} Verify at ${verificationUrl}`,
        verification_url: verificationUrl,
      };
}

function readRequest(routeId: string, body: Record<string, unknown>): InferenceRequest {
  const model = stringField(body['model']);
  const stream = body['stream'] === true;
  const choices = countField(body['n']) ?? 1;
  // Each case lists every field in one order (no spread of a common part): one object shape,
  // built without a generic copy, on every request.
  switch (routeId) {
    case 'openai.responses': {
      const input = body['input'];
      const effort = objectField(body['reasoning'])?.['effort'];
      return {
        model,
        stream,
        maxTokens: countField(body['max_output_tokens']),
        messageCount: typeof input === 'string' ? 1 : lengthOf(input),
        toolCount: lengthOf(body['tools']),
        thinking: typeof effort === 'string' && effort !== 'none',
        choices,
      };
    }
    case 'openai.completions': {
      const prompt = body['prompt'];
      return {
        model,
        stream,
        maxTokens: countField(body['max_tokens']),
        messageCount: Array.isArray(prompt) ? prompt.length : prompt === undefined ? 0 : 1,
        toolCount: 0,
        thinking: false,
        choices,
      };
    }
    default: {
      const effort = body['reasoning_effort'];
      return {
        model,
        stream,
        maxTokens: countField(body['max_completion_tokens']) ?? countField(body['max_tokens']),
        messageCount: lengthOf(body['messages']),
        toolCount: lengthOf(body['tools']) + lengthOf(body['functions']),
        thinking: typeof effort === 'string' && effort !== 'none',
        choices,
      };
    }
  }
}

/** Chat and completions say prompt/completion_tokens; the Responses API says input/output_tokens. */
/** Reads a usage object into `usage`; true when it held an output count. */
function readUsage(source: Record<string, unknown> | undefined, usage: Usage): boolean {
  if (!source) return false;
  const input = countField(source['prompt_tokens']) ?? countField(source['input_tokens']);
  const output = countField(source['completion_tokens']) ?? countField(source['output_tokens']);
  if (input !== undefined) usage.inputTokens = input;
  if (output !== undefined) usage.outputTokens = output;
  return output !== undefined;
}

export const openai: Dialect = {
  name: 'openai',

  errorBody(code, _requestId, verificationUrl) {
    return JSON.stringify({ error: errorObject(code, verificationUrl) });
  },

  sseErrorFrame(code, _requestId, routeId) {
    const error = errorObject(code);
    const data =
      routeId === 'openai.responses'
        ? { type: 'error', code, message: error.message, param: null, error }
        : { error };
    return `event: error\ndata: ${JSON.stringify(data)}\n\n`;
  },

  credentialHeader(secret) {
    return ['authorization', `Bearer ${secret}`];
  },

  readRequest,

  usageFromJson(body, usage) {
    readUsage(objectField(objectField(body)?.['usage']), usage);
  },

  usageFromSseEvent(event, data, usage) {
    // Chat/completions: the final chunk carries `usage` (stream_options.include_usage).
    // Responses: `response.completed` (or .incomplete/.failed) carries response.usage.
    if (event?.startsWith('response.')) {
      if (
        event !== 'response.completed' &&
        event !== 'response.incomplete' &&
        event !== 'response.failed'
      )
        return;
      const response = objectField(parseEventJson(data)?.['response']);
      if (readUsage(objectField(response?.['usage']), usage)) usage.complete = true;
      return;
    }
    // Most chunks carry no usage; skip their JSON.parse (a stream has hundreds of chunks).
    if (!data.includes('"usage"')) return;
    // The usage chunk is the stream's last (every other chunk says "usage": null).
    if (readUsage(objectField(parseEventJson(data)?.['usage']), usage)) usage.complete = true;
  },
};
