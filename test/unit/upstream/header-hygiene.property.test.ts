/**
 * Properties of the inbound header inspector (RELIABILITY.md item 20): it never throws on any raw
 * header list; a list carrying two different credentials, or smuggling-class framing (Content-Length
 * next to Transfer-Encoding, two Content-Lengths that disagree), is refused wherever the headers sit
 * and however they are cased; and a benign list is accepted.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inspectHeaders } from '../../../src/upstream/header-hygiene.ts';

/** A header name in any letter case (the inspector must not care). */
const anyCase = (name: string) =>
  fc
    .array(fc.boolean(), { minLength: name.length, maxLength: name.length })
    .map((upper) =>
      Array.from({ length: name.length }, (_, i) =>
        upper[i] ? name.charAt(i).toUpperCase() : name.charAt(i),
      ).join(''),
    );

const token = fc.stringMatching(/^[A-Za-z0-9]{1,24}$/);
const BENIGN_NAMES = [
  'accept',
  'content-type',
  'user-agent',
  'anthropic-version',
  'x-custom',
  'openai-organization',
  'x-forwarded-for',
  'connection',
  'accept-encoding',
];
/** Name/value pairs that are fine on their own and in any number. */
const benignPair = fc.tuple(
  fc.constantFrom(...BENIGN_NAMES).chain(anyCase),
  fc.oneof(token, fc.constant('keep-alive'), fc.constant('application/json')),
);

/** One credential header with its value, and the credential it presents. */
const credentialHeader = fc.oneof(
  token.chain((t) => anyCase('authorization').map((n) => ({ pair: [n, `Bearer ${t}`], t }))),
  token.chain((t) => anyCase('x-api-key').map((n) => ({ pair: [n, t], t }))),
  token.chain((t) => anyCase('api-key').map((n) => ({ pair: [n, ` ${t} `], t }))),
);

/** A benign list: one Host, benign headers, at most one credential, at most one framing header. */
const benignList = fc
  .record({
    others: fc.array(benignPair, { maxLength: 12 }),
    credential: fc.option(credentialHeader, { nil: undefined }),
    framing: fc.option(
      fc.oneof(
        fc.tuple(anyCase('content-length'), fc.nat({ max: 1e9 }).map(String)),
        fc.tuple(anyCase('transfer-encoding'), fc.constant('chunked')),
      ),
      { nil: undefined },
    ),
    host: anyCase('host'),
  })
  .map(({ others, credential, framing, host }) => {
    const pairs: [string, string][] = [[host, 'proxy.example'], ...others];
    if (credential) pairs.push(credential.pair as [string, string]);
    if (framing) pairs.push(framing);
    return pairs;
  });

/** `extra` pairs inserted into `pairs` at the given positions, flattened to a raw header list. */
function withInserted(
  pairs: readonly [string, string][],
  extra: readonly [string, string][],
  at: readonly number[],
): string[] {
  const out = [...pairs];
  extra.forEach((pair, i) => out.splice((at[i] ?? 0) % (out.length + 1), 0, pair));
  return out.flat();
}
const positions = fc.array(fc.nat(), { minLength: 2, maxLength: 2 });

describe('inspectHeaders properties', () => {
  it('never throws on an arbitrary raw header list and HTTP version', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string(), fc.constantFrom('host', 'authorization', 'x_api_key')), {
          maxLength: 30,
        }),
        fc.oneof(fc.constantFrom('1.0', '1.1', '2.0'), fc.string()),
        (raw, version) => {
          const result = inspectHeaders(raw, version);
          expect(typeof result.ok).toBe('boolean');
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('accepts a benign list', () => {
    fc.assert(
      fc.property(benignList, (pairs) => {
        const result = inspectHeaders(pairs.flat(), '1.1');
        expect(result.ok ? 'ok' : result.problem).toBe('ok');
      }),
      { numRuns: 1_000 },
    );
  });

  it('refuses two different credentials wherever they sit', () => {
    fc.assert(
      fc.property(
        benignList.map((pairs) => pairs.filter(([name]) => !isCredential(name))),
        credentialHeader,
        credentialHeader,
        positions,
        (pairs, first, second, at) => {
          fc.pre(first.t !== second.t);
          const result = inspectHeaders(
            withInserted(pairs, [first.pair, second.pair] as [string, string][], at),
            '1.1',
          );
          expect(result.ok ? 'ok' : result.problem).toMatch(/credential/);
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('refuses Content-Length with Transfer-Encoding, and Content-Lengths that disagree', () => {
    const contentLength = fc.tuple(anyCase('content-length'), fc.nat({ max: 1e9 }).map(String));
    const smuggling = fc.oneof(
      fc.tuple(contentLength, fc.tuple(anyCase('transfer-encoding'), fc.constant('chunked'))),
      fc
        .tuple(contentLength, contentLength)
        .filter(([a, b]) => a[1] !== b[1])
        .map(([a, b]) => [a, b] as const),
    );
    const noFraming = benignList.map((pairs) => pairs.filter(([name]) => !isFraming(name)));
    fc.assert(
      fc.property(noFraming, smuggling, fc.boolean(), positions, (pairs, framing, swap, at) => {
        const extra = swap ? [framing[1], framing[0]] : [...framing];
        const result = inspectHeaders(withInserted(pairs, extra, at), '1.1');
        expect(result.ok).toBe(false);
      }),
      { numRuns: 1_000 },
    );
  });
});

function isCredential(name: string): boolean {
  return ['authorization', 'x-api-key', 'api-key'].includes(name.toLowerCase());
}

function isFraming(name: string): boolean {
  return ['content-length', 'transfer-encoding'].includes(name.toLowerCase());
}
