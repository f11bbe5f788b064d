import { describe, expect, it } from 'vitest';
import { createCidrSet, parseCidr, type ParsedCidr } from '../../../src/net/ip.ts';
import { resolveClientIp } from '../../../src/upstream/client-ip.ts';

const trusted = createCidrSet([parseCidr('10.0.0.0/8'), parseCidr('127.0.0.1')] as ParsedCidr[]);
const none = createCidrSet([]);

describe('resolveClientIp', () => {
  it('ignores X-Forwarded-For from an untrusted peer', () => {
    expect(resolveClientIp('198.51.100.7', '1.2.3.4', trusted)).toBe('198.51.100.7');
    expect(resolveClientIp('::ffff:198.51.100.7', '1.2.3.4', none)).toBe('198.51.100.7');
  });

  it('walks X-Forwarded-For right to left past trusted hops', () => {
    expect(resolveClientIp('10.0.0.5', '203.0.113.9', trusted)).toBe('203.0.113.9');
    expect(resolveClientIp('10.0.0.5', '6.6.6.6, 203.0.113.9, 10.1.1.1', trusted)).toBe(
      '203.0.113.9',
    );
    expect(resolveClientIp('127.0.0.1', '10.2.2.2, 10.3.3.3', trusted)).toBe('10.2.2.2');
  });

  it('stops at a malformed hop and keeps the last trusted address', () => {
    expect(resolveClientIp('10.0.0.5', '203.0.113.9, not-an-ip', trusted)).toBe('10.0.0.5');
    expect(resolveClientIp('10.0.0.5', '', trusted)).toBe('10.0.0.5');
  });

  it('uses the peer when there is no header', () => {
    expect(resolveClientIp('10.0.0.5', undefined, trusted)).toBe('10.0.0.5');
    expect(resolveClientIp(undefined, undefined, trusted)).toBe('');
  });
});
