/**
 * The policy rules' schema: ordered rules, each with an id, `when` conditions (all must hold; a
 * list inside one condition means any of its values), an action, a mode and a rollout share.
 * Strict like the rest of the config. What a schema cannot say (unknown factor or tier names,
 * empty ranges, rules an earlier one makes unreachable) is checked by check-rules.ts, with lines.
 */
import { z } from 'zod';
import { FAMILIES } from '../detection/detection-schema.ts';
import { duration } from '../config/units.ts';
import { LINK_KINDS } from '../detection/factor-names.ts';
import { decoyCount, decoyToolsSetting } from '../degrade/decoy-config.ts';

/** A numeric interval: any of gte / gt / lte / lt, at least one. */
function range(min: number, max: number) {
  const bound = z.number().min(min).max(max);
  return z
    .strictObject({
      gte: bound.optional(),
      gt: bound.optional(),
      lte: bound.optional(),
      lt: bound.optional(),
    })
    .refine(
      (value) =>
        value.gte !== undefined ||
        value.gt !== undefined ||
        value.lte !== undefined ||
        value.lt !== undefined,
      'name at least one of gte, gt, lte, lt',
    );
}

const name = z.string().min(1).max(200);
const nameList = z.array(name).min(1).max(1000);
const family = z.enum(FAMILIES);

const families = z
  .strictObject({
    min: z
      .number()
      .int()
      .min(0)
      .max(FAMILIES.length)
      .optional()
      .describe('At least this many independent signal families fired.'),
    any: z.array(family).min(1).optional().describe('At least one of these families fired.'),
    all: z.array(family).min(1).optional().describe('Every one of these families fired.'),
  })
  .describe('Signal families that fired in the score.');

const account = z
  .strictObject({
    tier: nameList.optional().describe('The account is on one of these tiers.'),
    verified: z.boolean().optional().describe('The account is (true) or is not (false) verified.'),
    declared_use: z
      .union([z.boolean(), nameList])
      .optional()
      .describe('true/false: has a declared use or not; a list: declared one of these.'),
    labels: z
      .strictObject({
        any: nameList.optional().describe('Carries at least one of these labels.'),
        none: nameList.optional().describe('Carries none of these labels.'),
      })
      .optional(),
    age_days: range(0, 1e6).optional().describe('Whole days since the account was created.'),
    programme: nameList.optional().describe('Onboarded through one of these programmes.'),
  })
  .describe('Who sends the request. An account without a known age never matches age_days.');

const cluster = z
  .strictObject({
    flagged: z.boolean().optional().describe('The linked cluster is flagged.'),
    specific: z
      .boolean()
      .optional()
      .describe('The link is one of its exact content templates (not frames, shape or infra).'),
    accounts: range(0, 1e9).optional().describe('Accounts in the linked cluster.'),
    risk: range(0, 1).optional().describe('The cluster risk the request carries.'),
    link: z
      .array(z.enum(LINK_KINDS as [string, ...string[]]))
      .min(1)
      .optional()
      .describe(`The kind of fingerprint linking it: ${LINK_KINDS.join(', ')}.`),
  })
  .describe('The request is linked to a cluster, which meets all of these.');

/** The conditions of a rule or a limit: all must hold; none: every request. */
export const whenSchema = z
  .strictObject({
    score: range(0, 1).optional().describe('The request risk score in [0, 1].'),
    families: families.optional(),
    factors: z
      .record(z.string(), range(-1e12, 1e12))
      .optional()
      .describe('Factor values by name (a factor the score lacks never matches).'),
    account: account.optional(),
    cluster: cluster.optional(),
    route: nameList
      .optional()
      .describe(
        'The route id, e.g. anthropic.messages, openai.chat_completions, passthrough:<path>, websocket:<path>.',
      ),
    dialect: z
      .array(z.enum(['anthropic', 'openai']))
      .min(1)
      .optional(),
    model: nameList.optional().describe('The requested model, exactly one of these names.'),
    model_match: z
      .string()
      .max(500)
      .optional()
      .describe('The requested model matches this regular expression.'),
    stream: z.boolean().optional().describe('The request asks for a stream (true) or not.'),
  })
  .prefault({})
  .describe('Conditions, all of which must hold; none: every request.');

const degrade = z
  .strictObject({
    strip_reasoning: z
      .boolean()
      .default(false)
      .describe('Remove thinking / reasoning from the response (JSON and SSE).'),
    thinking_budget: z
      .number()
      .int()
      .min(0)
      .max(10_000_000)
      .optional()
      .describe('0: thinking off; N: budget clamped to N (Anthropic), effort "low" (OpenAI).'),
    max_tokens: z
      .number()
      .int()
      .min(1)
      .max(10_000_000)
      .optional()
      .describe('Cap on output tokens.'),
    single_choice: z.boolean().default(false).describe('Force n = 1.'),
    model: z.string().min(1).max(200).optional().describe('Fall back to this model.'),
    decoy_tools: decoyToolsSetting.optional(),
  })
  .refine(
    (value) =>
      value.strip_reasoning ||
      value.single_choice ||
      value.thinking_budget !== undefined ||
      value.max_tokens !== undefined ||
      value.model !== undefined ||
      decoyCount(value.decoy_tools) > 0,
    'name at least one degradation',
  );

export const ruleSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'expected lowercase letters, digits, _ . - (≤ 64)')
    .describe('Unique, written into every decision this rule makes.'),
  description: z.string().max(500).optional(),
  when: whenSchema,
  action: z
    .enum(['allow', 'observe', 'throttle', 'degrade', 'challenge', 'block'])
    .describe(
      'allow ends evaluation; observe logs only; throttle applies `limits`, `tier_budget`, `delay` and `pace`; degrade applies `degrade`; challenge asks for verification (policy.challenge); block answers 403.',
    ),
  degrade: degrade.optional().describe('degrade: what is withheld or reduced.'),
  remember: z
    .strictObject({
      account: duration('0s').optional().describe("Block the account's later requests this long."),
      end_user: duration('0s')
        .optional()
        .describe(
          "Block the same end user's later requests (the API's user / metadata.user_id, within the account) this long.",
        ),
      cluster: duration('0s')
        .optional()
        .describe(
          'Block later requests linked to the same cluster this long, from accounts neither verified nor declared-use.',
        ),
      content: duration('0s')
        .optional()
        .describe(
          "Block later requests carrying the flagged cluster's exact template this long, from any account neither verified nor declared-use.",
        ),
    })
    .optional()
    .describe('block: what the block is remembered by, and for how long.'),
  limits: z
    .array(z.string().min(1))
    .min(1)
    .max(20)
    .optional()
    .describe('throttle: ids of policy.limits (with applies: throttled) this rule switches on.'),
  tier_budget: z
    .number()
    .min(0.05)
    .max(1000)
    .optional()
    .describe(
      "throttle: hold the account to this multiple of its tier's baseline (accounts.tiers: requests, input and output tokens a minute, each bucket a minute's worth) while this rule matches; 429 beyond it, a stream cut when its output runs past it. Below 1: slower than the tier's normal pace (an account held pending review).",
    ),
  tier_budget_scope: z
    .array(z.enum(['account', 'cluster']))
    .min(1)
    .max(2)
    .refine((scopes) => new Set(scopes).size === scopes.length, 'each scope once')
    // The refine is the loader's check; editors validating against the JSON schema need this.
    .meta({ uniqueItems: true })
    .optional()
    .describe(
      'throttle: who holds the tier_budget (default [account]). cluster: a cluster of the request holds it too — the one its harvest shape forms when it has one (a harvesting parameter), else the one it links through — one budget shared by all the accounts it links (per tier) — a hydra spread over many accounts, each under its own budget, meets it together; a request linking through no cluster spends no cluster budget (with [cluster] alone, none at all).',
    ),
  pace: z
    .number()
    .min(1)
    .max(1_000_000)
    .optional()
    .describe('throttle: stream output paced to at most this many tokens a second (estimated).'),
  delay: duration('0ms')
    .optional()
    .describe('throttle: latency added before the request is forwarded (a soft throttle).'),
  reason: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,63}$/, 'expected a lowercase reason code')
    .optional()
    .describe('The reason code logged (default: policy_rule).'),
  mode: z
    .enum(['enforce', 'shadow'])
    .default('enforce')
    .describe('shadow: log what the rule would have done, and go on to the next rule.'),
  rollout: z
    .number()
    .min(0)
    .max(100)
    .default(100)
    .describe(
      'Percent of accounts (stable per account) the rule enforces on; shadow for the rest.',
    ),
});

export type RuleConfig = z.output<typeof ruleSchema>;
export type RuleInput = z.input<typeof ruleSchema>;
export type WhenConfig = z.output<typeof whenSchema>;
export type RangeConfig = NonNullable<WhenConfig['score']>;
