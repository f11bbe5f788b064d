/**
 * Every error distillguard itself answers with, in one place: a stable code (documented in the
 * README), the HTTP status, the error kind that each dialect maps to its own error `type`, and a
 * fixed client-facing message. Messages never carry request content, keys or internal detail;
 * the precise cause goes to the decision log as `detail`.
 */

export type ErrorKind =
  | 'invalid_request'
  | 'authentication'
  | 'permission'
  | 'verification'
  | 'not_found'
  | 'too_large'
  | 'timeout'
  | 'rate_limit'
  | 'api'
  | 'overloaded';

export interface ErrorSpec {
  readonly status: number;
  readonly kind: ErrorKind;
  readonly message: string;
}

export const ERRORS = {
  DG_ERR_BAD_FRAMING: {
    status: 400,
    kind: 'invalid_request',
    message: 'Malformed HTTP request.',
  },
  DG_ERR_BAD_PATH: {
    status: 400,
    kind: 'invalid_request',
    message: 'The request path is not in canonical form.',
  },
  DG_ERR_CONFLICTING_CREDENTIALS: {
    status: 400,
    kind: 'invalid_request',
    message: 'The request carries more than one credential.',
  },
  DG_ERR_INVALID_JSON: {
    status: 400,
    kind: 'invalid_request',
    message: 'The request body is not valid JSON.',
  },
  DG_ERR_INVALID_BODY: {
    status: 400,
    kind: 'invalid_request',
    message: 'The request body must be a JSON object.',
  },
  DG_ERR_UNAUTHENTICATED: {
    status: 401,
    kind: 'authentication',
    message: 'Invalid or missing API key.',
  },
  DG_ERR_BLOCKED: {
    status: 403,
    kind: 'permission',
    message: 'This account is not permitted to use this API.',
  },
  DG_ERR_VERIFICATION_REQUIRED: {
    status: 403,
    kind: 'verification',
    message: 'This account must be verified before it can continue at its usual limits.',
  },
  DG_ERR_ROUTE_NOT_FOUND: {
    status: 404,
    kind: 'not_found',
    message: 'Unknown API route.',
  },
  DG_ERR_METHOD_NOT_ALLOWED: {
    status: 405,
    kind: 'invalid_request',
    message: 'Method not allowed on this route.',
  },
  DG_ERR_REQUEST_TIMEOUT: {
    status: 408,
    kind: 'timeout',
    message: 'The request was not received in time.',
  },
  DG_ERR_BODY_TOO_LARGE: {
    status: 413,
    kind: 'too_large',
    message: 'The request body is too large.',
  },
  DG_ERR_HEADERS_TOO_LARGE: {
    status: 431,
    kind: 'invalid_request',
    message: 'The request headers are too large.',
  },
  DG_ERR_RATE_LIMITED: {
    status: 429,
    kind: 'rate_limit',
    message: 'Rate limit reached; retry after the time given in Retry-After.',
  },
  DG_ERR_INTERNAL: {
    status: 500,
    kind: 'api',
    message: 'Internal proxy error.',
  },
  DG_ERR_UPSTREAM_UNAVAILABLE: {
    status: 502,
    kind: 'api',
    message: 'The inference service could not be reached.',
  },
  DG_ERR_OVERLOADED: {
    status: 503,
    kind: 'overloaded',
    message: 'The proxy is overloaded; retry shortly.',
  },
  DG_ERR_AUTH_UNAVAILABLE: {
    status: 503,
    kind: 'overloaded',
    message: 'Credentials cannot be verified right now; retry shortly.',
  },
  DG_ERR_STORE_UNAVAILABLE: {
    status: 503,
    kind: 'overloaded',
    message: 'Shared state cannot be reached right now; retry shortly.',
  },
  DG_ERR_SHUTTING_DOWN: {
    status: 503,
    kind: 'overloaded',
    message: 'The proxy is shutting down; retry on another instance.',
  },
  DG_ERR_UPSTREAM_TIMEOUT: {
    status: 504,
    kind: 'timeout',
    message: 'The inference service did not answer in time.',
  },
  DG_ERR_UPSTREAM_STREAM: {
    status: 502,
    kind: 'api',
    message: 'The response stream from the inference service failed.',
  },
  DG_ERR_STREAM_CUT: {
    status: 503,
    kind: 'overloaded',
    message: 'The stream was ended by the proxy; retry on another instance.',
  },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;
