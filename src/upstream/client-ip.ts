/**
 * Client identity: the address a request is attributed to. X-Forwarded-For is believed only when
 * the TCP peer is a configured trusted proxy, and then walked from the right, skipping further
 * trusted hops, so a client cannot choose its own address by sending a spoofed header.
 */
import { isIP } from 'node:net';
import { normalizeIp, type CidrSet } from '../net/ip.ts';

export function resolveClientIp(
  peerAddress: string | undefined,
  xForwardedFor: string | undefined,
  trusted: CidrSet,
): string {
  const peer = normalizeIp(peerAddress ?? '');
  if (xForwardedFor === undefined || trusted.size === 0 || !trusted.has(peer)) return peer;
  const hops = xForwardedFor.split(',');
  let client = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalizeIp((hops[i] ?? '').trim());
    // A malformed hop ends the walk: nothing left of it can be attributed reliably.
    if (isIP(hop) === 0) break;
    client = hop;
    if (!trusted.has(hop)) break;
  }
  return client;
}
