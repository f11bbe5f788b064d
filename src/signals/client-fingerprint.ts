/**
 * The client's shape from its request headers (S8): the order of its header names and its user
 * agent's family (digit runs masked), skipping headers proxies add or that vary per request — so
 * one SDK build reads alike from every account that uses it, and a hand-rolled client apart.
 */
import { fmix, mix } from './hash.ts';

/** User agent with digit runs masked (a family, not a version) and the order of header names. */
export function clientFingerprint(rawHeaders: readonly string[]): number {
  let order = 0x3c6ef372;
  let agent = 0;
  for (let index = 0; index + 1 < rawHeaders.length && index < 128; index += 2) {
    const name = lowerHash(rawHeaders[index] ?? '');
    // Added by proxies and load balancers, or varying per request: not the client's shape.
    if (VARIABLE_HEADERS.has(name)) continue;
    order = mix(order, name);
    if (name === USER_AGENT) agent = userAgentFamily(rawHeaders[index + 1] ?? '');
  }
  return mix(order, agent);
}

/** FNV-1a of a header name, ASCII-lowercased on the fly (no string allocated), 64 chars at most. */
function lowerHash(name: string): number {
  let h = 0x811c9dc5;
  const end = Math.min(name.length, 64);
  for (let i = 0; i < end; i++) {
    const c = name.charCodeAt(i);
    h = Math.imul(h ^ (c >= 65 && c <= 90 ? c | 0x20 : c), 0x01000193);
  }
  return fmix(h);
}

const USER_AGENT = lowerHash('user-agent');
const VARIABLE_HEADERS: ReadonlySet<number> = new Set(
  [
    'content-length',
    'x-forwarded-for',
    'x-forwarded-proto',
    'x-forwarded-host',
    'x-real-ip',
    'forwarded',
    'via',
    'traceparent',
    'tracestate',
    'x-request-id',
    'idempotency-key',
    'x-stainless-retry-count',
    'x-stainless-timeout',
  ].map(lowerHash),
);

function userAgentFamily(agent: string): number {
  let h = 0x811c9dc5;
  let inDigits = false;
  const end = Math.min(agent.length, 256);
  for (let i = 0; i < end; i++) {
    const c = agent.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (!inDigits) h = Math.imul(h ^ 35, 0x01000193);
      inDigits = true;
    } else {
      inDigits = false;
      h = Math.imul(h ^ (c >= 65 && c <= 90 ? c | 0x20 : c), 0x01000193);
    }
  }
  return fmix(h);
}
