/**
 * IP address helpers for the client-identity stage: normalising peer addresses, parsing CIDRs at
 * config load, and reducing an address to the prefix that the decision log and (later) the
 * IP-prefix signal use, so a single address never identifies a person in the log.
 */
import { BlockList, isIP } from 'node:net';

/** Strips the IPv4-mapped IPv6 form ("::ffff:10.0.0.1") so v4 peers look like v4 everywhere. */
export function normalizeIp(address: string): string {
  if (address.startsWith('::ffff:') && address.includes('.')) return address.slice(7);
  return address.toLowerCase();
}

export interface ParsedCidr {
  readonly address: string;
  readonly prefix: number;
  readonly family: 'ipv4' | 'ipv6';
}

/** Parses "10.0.0.0/8", "2001:db8::/32" or a bare address; returns an error message when invalid. */
export function parseCidr(text: string): ParsedCidr | string {
  const [rawAddress = '', rawPrefix, extra] = text.trim().split('/');
  if (extra !== undefined) return `"${text}" is not a CIDR (more than one "/")`;
  const address = normalizeIp(rawAddress);
  const version = isIP(address);
  if (version === 0) return `"${text}" is not an IP address or CIDR`;
  const max = version === 4 ? 32 : 128;
  const prefix = rawPrefix === undefined ? max : Number(rawPrefix);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max || rawPrefix === '') {
    return `"${text}" has an invalid prefix length (0-${max})`;
  }
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/** A precompiled set of CIDRs; `has` answers in one native call per address. */
export interface CidrSet {
  readonly size: number;
  has(address: string): boolean;
}

export function createCidrSet(cidrs: readonly ParsedCidr[]): CidrSet {
  const list = new BlockList();
  for (const cidr of cidrs) list.addSubnet(cidr.address, cidr.prefix, cidr.family);
  return {
    size: cidrs.length,
    has(address: string): boolean {
      if (cidrs.length === 0) return false;
      const version = isIP(address);
      if (version === 0) return false;
      return list.check(address, version === 4 ? 'ipv4' : 'ipv6');
    },
  };
}

/** Per prefix-length pair (they come from config, so there are only ever one or two). */
const prefixCaches = new Map<number, Map<string, string>>();
const PREFIX_CACHE_SIZE = 10_000;

/**
 * `ipPrefix`, memoised: the same few client addresses recur on every request (a bounded map,
 * cleared when full — a flood of distinct addresses costs the computation, never memory).
 */
export function cachedIpPrefix(address: string, v4Bits: number, v6Bits: number): string {
  const bits = v4Bits * 256 + v6Bits;
  let cache = prefixCaches.get(bits);
  if (!cache) {
    cache = new Map();
    prefixCaches.set(bits, cache);
  }
  let prefix = cache.get(address);
  if (prefix === undefined) {
    if (cache.size >= PREFIX_CACHE_SIZE) cache.clear();
    prefix = ipPrefix(address, v4Bits, v6Bits);
    cache.set(address, prefix);
  }
  return prefix;
}

/**
 * Reduces an address to its network prefix, e.g. 203.0.113.7 → "203.0.113.0/24" and
 * 2001:db8:1:2::5 → "2001:db8:1::/48". Returns "unknown" for anything that is not an IP.
 */
export function ipPrefix(address: string, v4Bits: number, v6Bits: number): string {
  const version = isIP(address);
  if (version === 4) return `${maskV4(address, v4Bits)}/${v4Bits}`;
  if (version === 6) return `${maskV6(address, v6Bits)}/${v6Bits}`;
  return 'unknown';
}

function maskV4(address: string, bits: number): string {
  const octets = address.split('.').map(Number);
  let value = 0;
  for (const octet of octets) value = value * 256 + octet;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  const masked = (value & mask) >>> 0;
  return [masked >>> 24, (masked >>> 16) & 255, (masked >>> 8) & 255, masked & 255].join('.');
}

function maskV6(address: string, bits: number): string {
  const groups = expandV6(address);
  const out: string[] = [];
  for (let i = 0; i < 8; i++) {
    const keep = Math.max(0, Math.min(16, bits - i * 16));
    const mask = keep === 0 ? 0 : (0xffff << (16 - keep)) & 0xffff;
    out.push(((groups[i] ?? 0) & mask).toString(16));
  }
  return compressV6(out);
}

/** Expands "2001:db8::1" (and embedded-v4 forms) into eight 16-bit groups. */
function expandV6(address: string): number[] {
  let text = address.split('%')[0] ?? '';
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const [a = 0, b = 0, c = 0, d = 0] = tail.split('.').map(Number);
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', rest] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const restGroups = rest === undefined || rest === '' ? [] : rest.split(':');
  const fill = rest === undefined ? 0 : 8 - headGroups.length - restGroups.length;
  const groups = [...headGroups, ...Array<string>(Math.max(0, fill)).fill('0'), ...restGroups];
  return groups.map((group) => parseInt(group, 16) || 0);
}

/** Compresses the longest run of zero groups into "::" (RFC 5952 style). */
function compressV6(groups: string[]): string {
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < groups.length;) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === '0') j++;
    if (j - i > bestLength && j - i > 1) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  if (bestStart === -1) return groups.join(':');
  const head = groups.slice(0, bestStart).join(':');
  const tail = groups.slice(bestStart + bestLength).join(':');
  return `${head}::${tail}`;
}
