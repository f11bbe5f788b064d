/**
 * Header hygiene, on both sides of the proxy.
 *
 * Inbound, `inspectHeaders` makes the checks Node's HTTP parser does not (../shared/RELIABILITY.md):
 * two Host headers, Transfer-Encoding on HTTP/1.0, duplicate or conflicting credentials,
 * Content-Length next to Transfer-Encoding or two that disagree (also refused by Node's parser), and
 * credential look-alikes with underscores (`x_api_key`), which some upstreams normalise into the
 * real header and would smuggle a credential past the proxy.
 *
 * Outbound, `upstreamRequestHeaders` drops hop-by-hop headers (RFC 9110 §7.6.1) and any header
 * named in Connection, client-supplied internal headers (X-Forwarded-*, x-request-id,
 * x-distillguard-*), and the client's credential (replaced by the upstream's, unless configured
 * to pass through); `clientResponseHeaders` does the same for the response.
 */

/** Hop-by-hop and framing headers: never forwarded in either direction (undici also throws on several). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'expect',
  'host',
  'content-length',
  'http2-settings',
]);

/** Headers the proxy sets itself; a client's own copies are dropped, never trusted or forwarded. */
const INTERNAL = new Set([
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-forwarded-port',
  'forwarded',
  'x-real-ip',
  'x-request-id',
  'x-upstream-request-id',
]);
const INTERNAL_PREFIX = 'x-distillguard-';

/** Headers that carry a client credential. */
const CREDENTIAL = new Set(['authorization', 'x-api-key', 'api-key']);

export type HeaderProblem =
  | 'missing_host'
  | 'unsupported_http_version'
  | 'bad_transfer_encoding'
  | 'duplicate_host'
  | 'te_on_http10'
  | 'content_length_with_transfer_encoding'
  | 'conflicting_content_length'
  | 'duplicate_credential'
  | 'conflicting_credentials'
  | 'credential_lookalike';

export interface HeaderInspection {
  /** The credential the client presented (a secret: never log it), or undefined. */
  readonly credential: string | undefined;
  /** The scheme of an Authorization header that is not a Bearer token (auth fails on it). */
  readonly unsupportedScheme: boolean;
  readonly anthropicVersion: boolean;
  /** Lower-cased header names listed in Connection (dropped when forwarding). */
  readonly connectionTokens: readonly string[];
  readonly xForwardedFor: string | undefined;
  /** Lower-cased header names, in `rawHeaders` order (computed once, reused when forwarding). */
  readonly lowerNames: readonly string[];
}

export type InspectResult =
  { ok: true; value: HeaderInspection } | { ok: false; problem: HeaderProblem };

export function inspectHeaders(rawHeaders: readonly string[], httpVersion: string): InspectResult {
  let hosts = 0;
  let credential: string | undefined;
  let credentialHeaders = 0;
  let unsupportedScheme = false;
  let anthropicVersion = false;
  let connection: string | undefined;
  let xForwardedFor: string | undefined;
  let transferEncoding = false;
  let contentLength: string | undefined;
  const lowerNames: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] ?? '').toLowerCase();
    lowerNames.push(name);
    const value = rawHeaders[i + 1] ?? '';
    switch (name) {
      case 'host':
        hosts++;
        break;
      case 'authorization':
      case 'x-api-key':
      case 'api-key': {
        credentialHeaders++;
        const presented = name === 'authorization' ? bearerToken(value) : value.trim();
        if (presented === undefined) unsupportedScheme = true;
        else if (credential === undefined) credential = presented;
        else if (credential !== presented) return { ok: false, problem: 'conflicting_credentials' };
        break;
      }
      case 'anthropic-version':
        anthropicVersion = true;
        break;
      case 'connection':
        connection = connection === undefined ? value : `${connection},${value}`;
        break;
      case 'x-forwarded-for':
        xForwardedFor = xForwardedFor === undefined ? value : `${xForwardedFor},${value}`;
        break;
      case 'transfer-encoding':
        // Only plain `chunked` is accepted: the body is re-framed upstream anyway, and anything
        // else (identity, gzip, chunked) is a smuggling tell, not a client need.
        if (value.trim().toLowerCase() !== 'chunked')
          return { ok: false, problem: 'bad_transfer_encoding' };
        transferEncoding = true;
        break;
      case 'content-length': {
        // Node's parser refuses these framings today; checked here too so the proxy's own
        // gate does not depend on the HTTP layer underneath it (a leaner or lenient parser —
        // insecureHTTPParser — would let CL.TE / CL.CL smuggling through to the upstream).
        const length = value.trim();
        if (contentLength !== undefined && contentLength !== length)
          return { ok: false, problem: 'conflicting_content_length' };
        contentLength = length;
        break;
      }
      default:
        if (name.includes('_') && CREDENTIAL.has(name.replaceAll('_', '-'))) {
          return { ok: false, problem: 'credential_lookalike' };
        }
    }
  }
  if (httpVersion !== '1.1' && httpVersion !== '1.0')
    return { ok: false, problem: 'unsupported_http_version' };
  if (hosts > 1) return { ok: false, problem: 'duplicate_host' };
  if (hosts === 0 && httpVersion === '1.1') return { ok: false, problem: 'missing_host' };
  if (transferEncoding && httpVersion === '1.0') return { ok: false, problem: 'te_on_http10' };
  if (transferEncoding && contentLength !== undefined)
    return { ok: false, problem: 'content_length_with_transfer_encoding' };
  if (credentialHeaders > 1) {
    // A key next to a non-Bearer Authorization is two different credentials.
    if (unsupportedScheme) return { ok: false, problem: 'conflicting_credentials' };
    // The same header twice is ambiguous (Node keeps the first Authorization, joins x-api-key).
    if (hasDuplicate(rawHeaders)) return { ok: false, problem: 'duplicate_credential' };
  }
  return {
    ok: true,
    value: {
      credential,
      unsupportedScheme,
      anthropicVersion,
      connectionTokens: connection === undefined ? NO_TOKENS : parseTokens(connection),
      xForwardedFor,
      lowerNames,
    },
  };
}

/** The token of `Bearer <token>` (scheme case-insensitive), or undefined for other schemes. */
function bearerToken(value: string): string | undefined {
  const text = value.trim();
  if (text.length < 8 || text.charCodeAt(6) !== 32 || text.slice(0, 6).toLowerCase() !== 'bearer') {
    return undefined;
  }
  const token = text.slice(7).trimStart();
  return token === '' || /\s/.test(token) ? undefined : token;
}

function hasDuplicate(rawHeaders: readonly string[]): boolean {
  const seen = new Set<string>();
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] ?? '').toLowerCase();
    if (!CREDENTIAL.has(name)) continue;
    if (seen.has(name)) return true;
    seen.add(name);
  }
  return false;
}

const NO_TOKENS: readonly string[] = Object.freeze([]);
const KEEP_ALIVE: readonly string[] = Object.freeze(['keep-alive']);
const CLOSE: readonly string[] = Object.freeze(['close']);

function parseTokens(value: string): readonly string[] {
  // What nearly every client and upstream sends, answered without splitting (hot path).
  if (value === 'keep-alive') return KEEP_ALIVE;
  if (value === 'close') return CLOSE;
  return value
    .split(',')
    .map((token) => token.trim().toLowerCase())
    .filter((token) => token !== '');
}

/** True when a header must not cross the proxy as sent by the other side. */
function isStripped(name: string, connectionTokens: readonly string[]): boolean {
  if (HOP_BY_HOP.has(name) || INTERNAL.has(name) || name.startsWith(INTERNAL_PREFIX)) return true;
  if (connectionTokens.length > 0 && connectionTokens.includes(name)) return true;
  if (name.includes('_')) {
    // Underscore spellings of stripped headers are dropped too (some servers normalise them).
    const dashed = name.replaceAll('_', '-');
    return HOP_BY_HOP.has(dashed) || INTERNAL.has(dashed) || dashed.startsWith(INTERNAL_PREFIX);
  }
  return false;
}

export interface UpstreamHeaderOptions {
  /** Lower-cased names of `rawHeaders` (from inspectHeaders). */
  readonly lowerNames: readonly string[];
  readonly connectionTokens: readonly string[];
  /** Keep the client's credential headers (credential mode pass_through). */
  readonly passCredential: boolean;
  /** The upstream credential header to add, if any. */
  readonly credential: readonly [string, string] | undefined;
  readonly clientIp: string;
  readonly requestId: string;
  /** Content-Length to send for a streamed body, when the client declared one. */
  readonly contentLength: string | undefined;
  /**
   * Ask the upstream for an uncompressed response (inference routes): the proxy reads usage from
   * it and later releases transform it; Accept-Encoding from the client is then not forwarded.
   */
  readonly identityEncoding: boolean;
}

/** The headers sent upstream, as a flat [name, value, …] list (undici's fastest form). */
export function upstreamRequestHeaders(
  rawHeaders: readonly string[],
  options: UpstreamHeaderOptions,
): string[] {
  const out: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const raw = rawHeaders[i] ?? '';
    const name = options.lowerNames[i / 2] ?? raw.toLowerCase();
    if (isStripped(name, options.connectionTokens)) continue;
    if (CREDENTIAL.has(name) && !options.passCredential) continue;
    if (options.identityEncoding && name === 'accept-encoding') continue;
    out.push(raw, rawHeaders[i + 1] ?? '');
  }
  if (options.identityEncoding) out.push('accept-encoding', 'identity');
  if (options.credential) out.push(options.credential[0], options.credential[1]);
  if (options.contentLength !== undefined) out.push('content-length', options.contentLength);
  out.push('x-forwarded-for', options.clientIp, 'x-request-id', options.requestId);
  return out;
}

/**
 * The headers sent to the client for an upstream response, as a flat list for `writeHead`.
 * The upstream's x-request-id is kept as x-upstream-request-id; ours names the exchange.
 */
export function clientResponseHeaders(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  requestId: string,
): string[] {
  const connection = headers['connection'];
  const tokens = connection === undefined ? NO_TOKENS : parseTokens(String(connection));
  const out: string[] = [];
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    if (name === 'x-request-id') {
      out.push('x-upstream-request-id', String(value));
      continue;
    }
    if (isStripped(name, tokens) && name !== 'content-length') continue;
    if (Array.isArray(value)) for (const item of value) out.push(name, item);
    else out.push(name, value);
  }
  out.push('x-request-id', requestId);
  return out;
}
