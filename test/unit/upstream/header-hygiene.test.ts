import { describe, expect, it } from 'vitest';
import {
  clientResponseHeaders,
  inspectHeaders,
  upstreamRequestHeaders,
} from '../../../src/upstream/header-hygiene.ts';

const ok = (raw: string[], version = '1.1') => {
  const result = inspectHeaders(raw, version);
  if (!result.ok) throw new Error(result.problem);
  return result.value;
};
const problem = (raw: string[], version = '1.1') => {
  const result = inspectHeaders(raw, version);
  return result.ok ? 'ok' : result.problem;
};

describe('inspectHeaders', () => {
  it('reads the credential from Bearer, x-api-key or api-key', () => {
    expect(ok(['Host', 'a', 'Authorization', 'Bearer dg_abc']).credential).toBe('dg_abc');
    expect(ok(['Host', 'a', 'authorization', 'bearer   dg_abc  ']).credential).toBe('dg_abc');
    expect(ok(['Host', 'a', 'X-Api-Key', 'dg_abc']).credential).toBe('dg_abc');
    expect(ok(['Host', 'a', 'api-key', 'dg_abc']).credential).toBe('dg_abc');
    expect(ok(['Host', 'a', 'Authorization', 'Basic Zm9vOmJhcg==']).unsupportedScheme).toBe(true);
    expect(
      ok(['Host', 'a', 'Authorization', 'Bearer dg_abc', 'x-api-key', 'dg_abc']).credential,
    ).toBe('dg_abc');
  });

  it('refuses what Node lets through', () => {
    expect(problem(['Host', 'a', 'Host', 'b'])).toBe('duplicate_host');
    expect(problem(['Host', 'a', 'Transfer-Encoding', 'chunked'], '1.0')).toBe('te_on_http10');
    expect(problem(['Host', 'a', 'Authorization', 'Bearer x', 'Authorization', 'Bearer x'])).toBe(
      'duplicate_credential',
    );
    expect(problem(['Host', 'a', 'x-api-key', 'k', 'X-API-KEY', 'k'])).toBe('duplicate_credential');
    expect(problem(['Host', 'a', 'Authorization', 'Bearer x', 'x-api-key', 'y'])).toBe(
      'conflicting_credentials',
    );
    expect(problem(['Host', 'a', 'Authorization', 'Basic x', 'x-api-key', 'y'])).toBe(
      'conflicting_credentials',
    );
    expect(problem(['Host', 'a', 'x_api_key', 'y'])).toBe('credential_lookalike');
    expect(problem(['Host', 'a', 'X_Api-Key', 'y'])).toBe('credential_lookalike');
  });

  it('refuses a missing Host on HTTP/1.1, other HTTP versions and any TE but chunked', () => {
    expect(problem(['Accept', '*/*'])).toBe('missing_host');
    expect(problem(['Accept', '*/*'], '1.0')).toBe('ok');
    expect(problem(['Host', 'a'], '0.9')).toBe('unsupported_http_version');
    expect(problem(['Host', 'a'], '2.0')).toBe('unsupported_http_version');
    expect(problem(['Host', 'a', 'Transfer-Encoding', 'Chunked'])).toBe('ok');
    expect(problem(['Host', 'a', 'Transfer-Encoding', 'identity, chunked'])).toBe(
      'bad_transfer_encoding',
    );
    expect(problem(['Host', 'a', 'Transfer-Encoding', 'gzip, chunked'])).toBe(
      'bad_transfer_encoding',
    );
  });

  it('collects Connection tokens and X-Forwarded-For across repeated headers', () => {
    const value = ok([
      'Host',
      'a',
      'Connection',
      'keep-alive, X-Secret',
      'connection',
      'foo',
      'X-Forwarded-For',
      '1.1.1.1',
      'x-forwarded-for',
      '2.2.2.2',
    ]);
    expect(value.connectionTokens).toEqual(['keep-alive', 'x-secret', 'foo']);
    expect(value.xForwardedFor).toBe('1.1.1.1,2.2.2.2');
  });
});

describe('upstreamRequestHeaders', () => {
  const raw = [
    'Host',
    'proxy.example',
    'Connection',
    'keep-alive, X-Hop',
    'X-Hop',
    'secret',
    'Keep-Alive',
    'timeout=5',
    'TE',
    'trailers',
    'Trailer',
    'x',
    'Transfer-Encoding',
    'chunked',
    'Upgrade',
    'h2c',
    'Proxy-Authorization',
    'Basic x',
    'Proxy-Connection',
    'keep-alive',
    'Expect',
    '100-continue',
    'Content-Length',
    '10',
    'X-Forwarded-For',
    '6.6.6.6',
    'x_forwarded_for',
    '6.6.6.7',
    'Forwarded',
    'for=6.6.6.6',
    'X-Real-IP',
    '6.6.6.6',
    'X-Request-Id',
    'spoof',
    'x-distillguard-account',
    'acct_admin',
    'x_distillguard_account',
    'acct_admin',
    'Authorization',
    'Bearer client-key',
    'x-api-key',
    'client-key',
    'anthropic-version',
    '2023-06-01',
    'User-Agent',
    'sdk/1',
  ];
  const build = (passCredential: boolean) =>
    upstreamRequestHeaders(raw, {
      lowerNames: [],
      connectionTokens: ['keep-alive', 'x-hop'],
      passCredential,
      credential: ['x-api-key', 'upstream-secret'],
      clientIp: '203.0.113.9',
      requestId: 'req_1',
      contentLength: undefined,
      identityEncoding: false,
    });
  const names = (flat: string[]) =>
    flat.filter((_, i) => i % 2 === 0).map((name) => name.toLowerCase());

  it('drops hop-by-hop, Connection-named, internal and client-credential headers', () => {
    const flat = build(false);
    expect(names(flat).sort()).toEqual(
      ['anthropic-version', 'user-agent', 'x-api-key', 'x-forwarded-for', 'x-request-id'].sort(),
    );
    expect(flat).not.toContain('client-key');
    expect(flat).not.toContain('6.6.6.6');
    expect(flat).toContain('upstream-secret');
    expect(flat.join('|')).toContain('x-forwarded-for|203.0.113.9');
    expect(flat.join('|')).toContain('x-request-id|req_1');
  });

  it('keeps the client credential only in pass-through mode', () => {
    const flat = build(true);
    expect(flat).toContain('client-key');
  });
});

describe('clientResponseHeaders', () => {
  it('strips hop-by-hop response headers and renames the upstream request id', () => {
    const flat = clientResponseHeaders(
      {
        'content-type': 'application/json',
        'content-length': '42',
        connection: 'keep-alive, x-internal',
        'keep-alive': 'timeout=5',
        'transfer-encoding': 'chunked',
        'x-internal': 'secret',
        'x-request-id': 'upstream-1',
        'set-cookie': ['a=1', 'b=2'],
        'retry-after': '3',
      },
      'req_9',
    );
    expect(flat).toEqual([
      'content-type',
      'application/json',
      'content-length',
      '42',
      'x-upstream-request-id',
      'upstream-1',
      'set-cookie',
      'a=1',
      'set-cookie',
      'b=2',
      'retry-after',
      '3',
      'x-request-id',
      'req_9',
    ]);
  });
});
