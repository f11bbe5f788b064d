/**
 * `policy.limits`: named limits per key, account, org, cluster or client IP prefix — requests,
 * input tokens and output tokens per period (GCRA buckets, see gcra.ts) and concurrent streams.
 * A limit `applies: always` (to the requests its `when` matches) or only when a throttle rule
 * names it (`applies: throttled`).
 */
import { z } from 'zod';
import { duration } from '../config/units.ts';
import { whenSchema } from '../policy/rule-schema.ts';

export const LIMIT_SCOPES = ['key', 'account', 'org', 'cluster', 'ip_prefix'] as const;

const rate = z.strictObject({
  limit: z.number().int().min(1).max(1e12).describe('Units per period.'),
  per: duration('1m').describe('The period.'),
  burst: z
    .number()
    .int()
    .min(1)
    .max(1e12)
    .optional()
    .describe('Units a rested bucket holds (default: limit).'),
});

export const limitSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'expected lowercase letters, digits, _ . - (≤ 64)')
      .describe('Unique; named in 429 answers (RateLimit headers) and decision records.'),
    description: z.string().max(500).optional(),
    scope: z.enum(LIMIT_SCOPES).describe('What one bucket belongs to.'),
    applies: z
      .enum(['always', 'throttled'])
      .default('always')
      .describe('always, or only for requests a throttle rule naming this limit matched.'),
    when: whenSchema,
    requests: rate.optional().describe('Requests per period.'),
    input_tokens: rate
      .optional()
      .describe('Input tokens per period, reserved from the body size, settled from usage.'),
    output_tokens: rate
      .optional()
      .describe('Output tokens per period, reserved as max_tokens × n, settled from usage.'),
    concurrent_streams: z
      .number()
      .int()
      .min(1)
      .max(1e6)
      .optional()
      .describe('Streaming responses and WebSocket sessions open at once.'),
    mode: z
      .enum(['enforce', 'shadow'])
      .default('enforce')
      .describe('shadow: count and log what would have been refused, refuse nothing.'),
  })
  .refine(
    (limit) =>
      limit.requests !== undefined ||
      limit.input_tokens !== undefined ||
      limit.output_tokens !== undefined ||
      limit.concurrent_streams !== undefined,
    'name at least one of requests, input_tokens, output_tokens, concurrent_streams',
  );

export type LimitConfig = z.output<typeof limitSchema>;
export type RateConfig = NonNullable<LimitConfig['requests']>;
