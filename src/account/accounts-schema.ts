/**
 * The `accounts` config section: tiers with the baseline rates detection compares an account
 * against, the tier used when a credential names none, and operator overrides (allow, deny,
 * labels, verification, programme, declared use, tier) per account or org, each with a reason and
 * an optional expiry.
 */
import { z } from 'zod';

export const label = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.:-]{0,63}$/, 'labels are lowercase words like under_review');
export const nameOf = z.string().min(1).max(64);

const tier = z.strictObject({
  requests_per_minute: z
    .number()
    .positive()
    .describe('Expected request rate of a normal account of this tier.'),
  input_tokens_per_minute: z.number().positive().describe('Expected input-token rate.'),
  output_tokens_per_minute: z.number().positive().describe('Expected output-token rate.'),
});

const override = z.strictObject({
  account: z.string().min(1).max(256).optional().describe('The account this override applies to.'),
  org: z.string().min(1).max(256).optional().describe('…or every account of this org.'),
  action: z
    .enum(['allow', 'deny'])
    .optional()
    .describe(
      'allow: never blocked by policy; deny: always blocked (403). Omit to only set facts.',
    ),
  reason: z
    .string()
    .min(1)
    .max(256)
    .describe('Why (kept in the decision log and shown to reviewers).'),
  expires: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('When the override stops applying.'),
  labels: z.array(label).max(32).default([]),
  verified: z.boolean().optional(),
  programme: nameOf.optional().describe('Onboarding programme, e.g. education, research, startup.'),
  declared_use: nameOf.optional().describe('Declared use, e.g. eval, batch.'),
  tier: nameOf.optional(),
});

export const accountsSchema = z.strictObject({
  default_tier: nameOf.default('default').describe('Tier of a credential that names none.'),
  tiers: z
    .record(nameOf, tier)
    .default({
      default: {
        requests_per_minute: 60,
        input_tokens_per_minute: 200_000,
        output_tokens_per_minute: 20_000,
      },
    })
    .describe(
      'Tiers and the request and token rates a normal account of each is expected to stay near.',
    ),
  overrides: z.array(override).default([]),
});

export type AccountsConfig = z.output<typeof accountsSchema>;
export type OverrideConfig = AccountsConfig['overrides'][number];
export type TierBaseline = AccountsConfig['tiers'][string];
