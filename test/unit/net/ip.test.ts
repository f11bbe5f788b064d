import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createCidrSet,
  ipPrefix,
  normalizeIp,
  parseCidr,
  type ParsedCidr,
} from '../../../src/net/ip.ts';

describe('ip helpers', () => {
  it('normalises IPv4-mapped IPv6 peers to IPv4', () => {
    expect(normalizeIp('::ffff:10.1.2.3')).toBe('10.1.2.3');
    expect(normalizeIp('2001:DB8::1')).toBe('2001:db8::1');
  });

  it('parses CIDRs and rejects bad ones with a reason', () => {
    expect(parseCidr('10.0.0.0/8')).toEqual({ address: '10.0.0.0', prefix: 8, family: 'ipv4' });
    expect(parseCidr('2001:db8::/32')).toEqual({
      address: '2001:db8::',
      prefix: 32,
      family: 'ipv6',
    });
    expect(parseCidr('192.0.2.1')).toEqual({ address: '192.0.2.1', prefix: 32, family: 'ipv4' });
    expect(parseCidr('10.0.0.300/8')).toMatch(/not an IP/);
    expect(parseCidr('10.0.0.0/33')).toMatch(/invalid prefix/);
    expect(parseCidr('10.0.0.0/')).toMatch(/invalid prefix/);
    expect(parseCidr('10.0.0.0/8/9')).toMatch(/more than one/);
    expect(parseCidr('::/129')).toMatch(/invalid prefix/);
  });

  it('matches addresses against CIDR sets of both families', () => {
    const set = createCidrSet([
      parseCidr('10.0.0.0/8'),
      parseCidr('2001:db8::/32'),
    ] as ParsedCidr[]);
    expect(set.has('10.255.1.1')).toBe(true);
    expect(set.has('11.0.0.1')).toBe(false);
    expect(set.has('2001:db8:ffff::1')).toBe(true);
    expect(set.has('2001:db9::1')).toBe(false);
    expect(set.has('not-an-ip')).toBe(false);
    expect(createCidrSet([]).has('10.0.0.1')).toBe(false);
  });

  it('reduces addresses to their prefix', () => {
    expect(ipPrefix('203.0.113.77', 24, 48)).toBe('203.0.113.0/24');
    expect(ipPrefix('203.0.113.77', 16, 48)).toBe('203.0.0.0/16');
    expect(ipPrefix('2001:db8:1:2:3:4:5:6', 24, 48)).toBe('2001:db8:1::/48');
    expect(ipPrefix('2001:db8::1', 24, 64)).toBe('2001:db8::/64');
    expect(ipPrefix('::1', 24, 128)).toBe('::1/128');
    expect(ipPrefix('::ffff:1.2.3.4', 24, 96)).toBe('::ffff:0:0/96');
    expect(ipPrefix('garbage', 24, 48)).toBe('unknown');
  });

  it('a prefix always contains the address it came from (property)', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 8, max: 32 }), (address, bits) => {
        const prefix = ipPrefix(address, bits, 48);
        const set = createCidrSet([parseCidr(prefix) as ParsedCidr]);
        return set.has(address);
      }),
    );
    fc.assert(
      fc.property(fc.ipV6(), fc.integer({ min: 16, max: 128 }), (address, bits) => {
        const prefix = ipPrefix(address, 24, bits);
        const parsed = parseCidr(prefix);
        return typeof parsed !== 'string' && createCidrSet([parsed]).has(address);
      }),
    );
  });
});
