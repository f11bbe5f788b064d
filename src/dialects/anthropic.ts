/**
 * Anthropic Messages API wire format (POST /v1/messages, /v1/messages/count_tokens).
 * Errors: {"type":"error","error":{"type","message"},"request_id"}; a failed stream ends with
 * `event: error` carrying the same object, which the official SDK raises as a typed APIError.
 * https://docs.claude.com/en/api/errors
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
  too_large: 'request_too_large',
  timeout: 'timeout_error',
  rate_limit: 'rate_limit_error',
  api: 'api_error',
  overloaded: 'overloaded_error',
};

function errorObject(code: ErrorCode, requestId: string, verificationUrl?: string) {
  const spec = ERRORS[code];
  const error = { type: ERROR_TYPES[spec.kind], message: spec.message, code };
  return {
    type: 'error',
    error:
      verificationUrl === undefined
        ? error
        : {
            ...error,
            message: `${spec.message} Verify at ${verificationUrl}`,
            verification_url: verificationUrl,
          },
    request_id: requestId,
  };
}

function readRequest(_routeId: string, body: Record<string, unknown>): InferenceRequest {
  const thinking = objectField(body['thinking']);
  const thinkingType = thinking?.['type'];
  return {
    model: stringField(body['model']),
    stream: body['stream'] === true,
    maxTokens: countField(body['max_tokens']),
    messageCount: lengthOf(body['messages']),
    toolCount: lengthOf(body['tools']),
    thinking: thinkingType === 'enabled' || thinkingType === 'adaptive',
    choices: 1,
  };
}

/** Input tokens include prompt-cache reads and writes: all of it was processed for the caller. */
/** Reads a usage object into `usage`; true when it held an output count. */
function readUsage(source: Record<string, unknown> | undefined, usage: Usage): boolean {
  if (!source) return false;
  const input = countField(source['input_tokens']);
  if (input !== undefined) {
    usage.inputTokens =
      input +
      (countField(source['cache_creation_input_tokens']) ?? 0) +
      (countField(source['cache_read_input_tokens']) ?? 0);
  }
  const output = countField(source['output_tokens']);
  if (output !== undefined) usage.outputTokens = output;
  return output !== undefined;
}

export const anthropic: Dialect = {
  name: 'anthropic',

  errorBody(code, requestId, verificationUrl) {
    return JSON.stringify(errorObject(code, requestId, verificationUrl));
  },

  sseErrorFrame(code, requestId) {
    return `event: error\ndata: ${JSON.stringify(errorObject(code, requestId))}\n\n`;
  },

  credentialHeader(secret) {
    return ['x-api-key', secret];
  },

  readRequest,

  usageFromJson(body, usage) {
    const object = objectField(body);
    // count_tokens answers {"input_tokens": N}; messages answer {"usage": {...}}.
    readUsage(objectField(object?.['usage']) ?? object, usage);
  },

  usageFromSseEvent(event, data, usage) {
    // message_start carries input (and an initial output) count; message_delta the running output.
    if (event !== 'message_start' && event !== 'message_delta') return;
    const payload = parseEventJson(data);
    if (event === 'message_start')
      readUsage(objectField(objectField(payload?.['message'])?.['usage']), usage);
    // message_delta's count is the answer's: message_stop follows with no usage.
    else if (readUsage(objectField(payload?.['usage']), usage)) usage.complete = true;
  },
};
