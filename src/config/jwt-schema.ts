/**
 * The `auth.jwt` config section: which issuers' JWTs are accepted, with which keys and algorithms,
 * and how their claims map to the account model. Static keys are imported here already, so a key
 * that could never verify anything is a located config error at load, not a 401 at run time.
 */
import { z } from 'zod';
import { JWT_ALGORITHMS } from '../auth/jwt/algorithms.ts';
import { importJwk } from '../auth/jwt/key-set.ts';
import { byteSize, duration } from './units.ts';

const claimName = z.string().min(1).max(256);
const atLeast = (min: number, text: string) =>
  [(value: number) => value >= min, `must be at least ${text}`] as const;

const algorithm = z.enum(JWT_ALGORITHMS, {
  error: (issue) =>
    `unsupported algorithm ${JSON.stringify(issue.input)}: allowed are ${JWT_ALGORITHMS.join(', ')} ` +
    '(none and HS* are never accepted)',
});

const jwksUrl = z
  .url({ protocol: /^https?$/ })
  .refine(
    (text) =>
      !text.startsWith('http:') || (URL.canParse(text) && isLoopback(new URL(text).hostname)),
    'must be https (plain http only to a loopback address): a JWKS read in clear can be replaced',
  );

const jwk = z
  .looseObject({
    kty: z.enum(['RSA', 'EC', 'OKP']),
    kid: z.string().min(1).optional(),
  })
  .describe('A public JWK (RFC 7517); private members are refused.');

const jwks = z
  .strictObject({
    timeout: duration('2s')
      .refine(...atLeast(1, '1ms'))
      .describe('Whole fetch deadline: connect, headers and body.'),
    max_bytes: byteSize('256KiB')
      .refine(...atLeast(1_024, '1KiB'))
      .describe('Largest JWKS body; a bigger one is cut while streaming and counted as a failure.'),
    refresh_interval: duration('10m').describe('Background refresh after a successful fetch.'),
    cooldown: duration('30s')
      .refine(...atLeast(1_000, '1s'))
      .describe('Least time between fetches: bounds refetches on unknown kids and retries.'),
    max_stale: duration('1h').describe(
      'How long after the last successful fetch its keys keep verifying while the endpoint ' +
        'fails; after it, tokens of this issuer get 503 (never 401).',
    ),
  })
  .superRefine((value, ctx) => {
    if (value.refresh_interval < value.cooldown) {
      ctx.addIssue({ code: 'custom', path: ['refresh_interval'], message: 'must be ≥ cooldown' });
    }
    if (value.max_stale < value.refresh_interval) {
      ctx.addIssue({
        code: 'custom',
        path: ['max_stale'],
        message: 'must be ≥ refresh_interval (keys would go stale between refreshes)',
      });
    }
  });

const claims = z
  .strictObject({
    account: claimName.default('sub').describe('Account id (string or integer); always required.'),
    org: claimName.default('org_id'),
    tier: claimName.default('tier'),
    account_created_at: claimName
      .default('account_created_at')
      .describe('Seconds since the epoch, or an ISO 8601 string.'),
    verified: claimName.default('email_verified').describe('Boolean (or "true"/"false").'),
    programme: claimName.default('programme'),
    labels: claimName.default('labels').describe('A string or a list of strings.'),
    declared_use: claimName.default('declared_use'),
  })
  .describe('Top-level claim names mapped to the account model.');

const issuer = z
  .strictObject({
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'expected a short name like "corp"')
      .describe('Stable short name, logged as the key id of a token.'),
    issuer: z.string().min(1).describe('Expected `iss`, compared exactly.'),
    audience: z
      .union([claimName, z.array(claimName).min(1)])
      .transform((value) => (typeof value === 'string' ? [value] : value))
      .describe('Expected `aud` (one must match); required so tokens for other services fail.'),
    algorithms: z.array(algorithm).min(1).describe('Explicit allow-list of JWS algorithms.'),
    clock_tolerance: duration('30s')
      .refine((ms) => ms <= 300_000, 'must be at most 5m')
      .describe('Leeway for exp and nbf.'),
    jwks_url: jwksUrl.optional().describe('JWKS endpoint (give this or keys).'),
    keys: z.array(jwk).min(1).optional().describe('Static public JWKs (give this or jwks_url).'),
    jwks: jwks.prefault({}),
    claims: claims.prefault({}),
    required_claims: z
      .array(claimName)
      .default([])
      .describe('Claims that must be present besides exp and the account claim.'),
  })
  .superRefine((value, ctx) => {
    if ((value.jwks_url === undefined) === (value.keys === undefined)) {
      ctx.addIssue({ code: 'custom', path: [], message: 'give exactly one of jwks_url and keys' });
    }
    value.keys?.forEach((key, index) => {
      const imported = importJwk(key, value.algorithms);
      if (!imported.ok) {
        ctx.addIssue({
          code: 'custom',
          path: ['keys', index],
          message: `unusable key (${imported.reason.replaceAll('_', ' ')})`,
        });
      }
    });
  });

export const jwtSchema = z
  .strictObject({
    max_token_bytes: byteSize('8KiB')
      .refine((bytes) => bytes >= 256 && bytes <= 65_536, 'must be between 256B and 64KiB')
      .describe('Longer bearer tokens are refused (401) before any parsing.'),
    cache_max_entries: z
      .number()
      .int()
      .min(1)
      .default(100_000)
      .describe('Verified tokens remembered (by SHA-256) until they expire.'),
    issuers: z.array(issuer).min(1),
  })
  .superRefine((value, ctx) => {
    const names = new Set<string>();
    const issuers = new Set<string>();
    value.issuers.forEach((entry, index) => {
      if (names.has(entry.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['issuers', index, 'name'],
          message: 'duplicate name',
        });
      }
      if (issuers.has(entry.issuer)) {
        ctx.addIssue({
          code: 'custom',
          path: ['issuers', index, 'issuer'],
          message: 'duplicate issuer (the `iss` claim chooses the entry)',
        });
      }
      names.add(entry.name);
      issuers.add(entry.issuer);
    });
  });

/** The validated `auth.jwt` section: durations in ms, sizes in bytes, audience as a list. */
export type JwtConfig = z.output<typeof jwtSchema>;
export type JwtIssuerConfig = JwtConfig['issuers'][number];
export type JwtClaimsConfig = JwtIssuerConfig['claims'];
export type JwtConfigInput = z.input<typeof jwtSchema>;

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}
