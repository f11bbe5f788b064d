/**
 * The `detection` config section: how request signals are aggregated per account and per cluster,
 * over which windows, with which weights. Production defaults describe hours of traffic; the
 * simulator compresses time by shortening the windows (config/simulate.yaml).
 */
import { z } from 'zod';
import { duration } from '../config/units.ts';
import { FAMILIES, type Family } from './family-names.ts';

export { FAMILIES, type Family } from './family-names.ts';

/** Default weight of each family: the most a fully-firing family contributes on its own. */
export const DEFAULT_WEIGHTS: Readonly<Record<Family, number>> = Object.freeze({
  volume: 0.35,
  templates: 0.3,
  focus: 0.25, // 0.2 until 2026-12-07 (loadtest/DETECTION.md: the same traffic replayed at both)
  elicitation: 0.35,
  grading: 0.35,
  agentic: 0.4,
  harvest: 0.3,
  provenance: 0.25,
  pivot: 0.15,
  cluster: 0.85,
});

const model = z.strictObject({
  name: z.string().min(1).max(128).describe('Model name as clients send it.'),
  released_at: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('Release time: traffic shifting to it soon after feeds the pivot signal.'),
  max_output_tokens: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('Largest max_tokens the model accepts: asking for it is a harvesting parameter.'),
});

const weights = z
  .strictObject(
    Object.fromEntries(FAMILIES.map((family) => [family, z.number().min(0).max(1).optional()])) as {
      [K in Family]: z.ZodOptional<z.ZodNumber>;
    },
  )
  .default({})
  .describe('Weight of each signal family in [0, 1] (omitted families keep their default).');

export const detectionSchema = z.strictObject({
  enabled: z.boolean().default(true).describe('false: every request scores 0 (policy still runs).'),
  client_ip_prefix_v4: z.number().int().min(8).max(32).default(24),
  client_ip_prefix_v6: z.number().int().min(16).max(128).default(48),
  window: duration('1h').describe(
    'Account and cluster aggregates: counters decay with this time constant; distinct counts span the current and the previous window.',
  ),
  min_requests: z
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(8)
    .describe('Requests in the window before share-based account signals count at full weight.'),
  max_accounts: z
    .number()
    .int()
    .min(100)
    .max(10_000_000)
    .default(200_000)
    .describe('Accounts tracked at once (least recently seen forgotten first; ~1 KiB each).'),
  max_end_users: z
    .number()
    .int()
    .min(0)
    .max(10_000_000)
    .default(20_000)
    .describe(
      'End users of platform accounts (keys naming several end users) tracked at once, each ' +
        'scored at its own scope (least recently seen forgotten first; ~1 KiB each; 0: off).',
    ),
  max_fingerprints: z
    .number()
    .int()
    .min(1_024)
    .max(16_777_216)
    .default(262_144)
    .describe(
      'Slots of the cross-account fingerprint index (at most half are used; 45 bytes each, ' +
        'twice: compaction swaps between two sets).',
    ),
  refresh_interval: duration('1s').describe(
    'How often cluster linking and scoring runs off the hot path.',
  ),
  campaign_components: z
    .boolean()
    .default(true)
    .describe(
      'Join clusters that share accounts into campaign components, scored in the refresh ' +
        '(false: each cluster is judged on its own window only).',
    ),
  timing_tick: duration('250ms')
    .refine((ms) => ms === 0 || (ms >= 10 && ms <= 60_000), {
      message: 'expected 0s (off) or a duration from 10ms to 60s',
    })
    .describe(
      'Granularity of synchronised-timing links: accounts active in the same three ticks of ' +
        'this length (sparse bursts, within one window) link as a cluster of kind `timing`; 0s: off.',
    ),
  flag_ttl: duration('168h').describe(
    'How long the content fingerprints of a high-risk cluster stay flagged after it goes quiet.',
  ),
  new_model_period: duration('24h').describe(
    'A model counts as new this long after its release (pivot signal).',
  ),
  hashed_chars: z
    .number()
    .int()
    .min(256)
    .max(65_536)
    .default(1_024)
    .describe(
      'Characters of a user turn hashed and scanned: all of a shorter turn; of a longer one, its ' +
        'first three quarters and last quarter of this budget (instructions sit at the ends, the ' +
        "payload in the middle). The system prompt, a conversation's first user turn, the " +
        'tool results a request ends with and its prefill are scanned for the same phrasings ' +
        'with the same budget. Bounds the cost of any prompt.',
    ),
  weights,
  models: z.array(model).max(256).default([]).describe('Known models (release time, output cap).'),
});

export type DetectionConfig = z.output<typeof detectionSchema>;
