/**
 * The configuration schema: the single definition of config/distillguard.yaml. TypeScript types
 * are inferred from it, the editor JSON Schema is generated from it (`distillguard schema`), and
 * every object is strict so a misspelt key is an error, never a silently ignored setting.
 */
import { z } from 'zod';
import { parseCidr } from '../net/ip.ts';
import { accountsSchema } from '../account/accounts-schema.ts';
import { adminSchema } from '../admin/admin-schema.ts';
import { detectionSchema } from '../detection/detection-schema.ts';
import { DEFAULT_RULES } from '../policy/default-rules.ts';
import { decoySectionSchema } from '../degrade/decoy-config.ts';
import { limitSchema } from '../limits/limit-schema.ts';
import { ruleSchema, type RuleInput } from '../policy/rule-schema.ts';
import { telemetrySchema } from '../telemetry/telemetry-schema.ts';
import { storeSchema } from '../redis/store-schema.ts';
import { jwtSchema } from './jwt-schema.ts';
import { envName, port } from './scalars.ts';
import { byteSize, duration } from './units.ts';

const urlPath = z
  .string()
  .regex(/^\/[\x21-\x7e]*$/, 'expected an absolute URL path like /v1/models');
const cidr = z.string().transform((text, ctx) => {
  const parsed = parseCidr(text);
  if (typeof parsed !== 'string') return parsed;
  ctx.addIssue({ code: 'custom', message: parsed });
  return z.NEVER;
});

export const DIALECTS = ['anthropic', 'openai'] as const;

const listen = z.strictObject({
  host: z.string().default('127.0.0.1').describe('Address the proxy listens on.'),
  port: port.default(8080),
  trusted_proxies: z
    .array(cidr)
    .default([])
    .describe('CIDRs of load balancers whose X-Forwarded-For is believed; empty = trust no one.'),
  drain_timeout: duration('30s').describe(
    'On SIGTERM: how long in-flight requests and streams may finish before they are cut.',
  ),
});

const limits = z.strictObject({
  max_body_bytes: byteSize('10MiB').describe('Largest request body (413 above it).'),
  max_buffered_bytes: byteSize('512MiB').describe(
    'Total request bodies buffered in memory at once across all requests (503 above it).',
  ),
  max_header_bytes: byteSize('32KiB').describe('Largest request header block (431 above it).'),
  headers_timeout: duration('10s').describe('Time to receive the header block (408 after it).'),
  request_timeout: duration('60s').describe(
    'Time to receive the whole request body (408 after it).',
  ),
  keep_alive_timeout: duration('65s').describe('Idle keep-alive connection lifetime.'),
  max_concurrent_requests: z
    .number()
    .int()
    .min(1)
    .default(4096)
    .describe('Requests and streams in flight at once (503 + Retry-After above it).'),
  retry_after: duration('1s').describe('Retry-After sent with 503 overload replies.'),
  max_event_loop_delay: duration('0ms').describe(
    'Shed new requests (503) while the p99 event-loop delay exceeds this; 0ms disables it.',
  ),
});

const credential = z.strictObject({
  mode: z
    .enum(['replace', 'pass_through', 'none'])
    .default('replace')
    .describe(
      'replace: send the upstream credential below instead of the client key; pass_through: ' +
        "forward the client's credential; none: send no credential.",
    ),
  value_env: envName
    .optional()
    .describe('Environment variable holding the upstream credential (mode: replace).'),
});

const upstream = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).describe('Base URL of the inference API.'),
  connections: z.number().int().min(1).default(256).describe('Keep-alive sockets per upstream.'),
  connect_timeout: duration('5s').describe('TCP/TLS connect (502 after it).'),
  first_byte_timeout: duration('10m').describe(
    'Until the response headers arrive (504 after it). Long: non-streaming completions arrive whole.',
  ),
  idle_stream_timeout: duration('5m').describe(
    'Longest silence inside a response body; a stream cut by it ends with an error event.',
  ),
  keep_alive_timeout: duration('4s').describe('Idle upstream socket lifetime.'),
  credential: credential.prefault({}),
});

const passthroughRoute = z.strictObject({
  path: urlPath.describe('Exact path, or a prefix ending in "/*".'),
  methods: z
    .array(z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']))
    .min(1)
    .default(['GET']),
  dialect: z
    .enum(['auto', ...DIALECTS])
    .default('auto')
    .describe('Error shape and credential style; auto = anthropic if anthropic-version is sent.'),
});

const websocketRoute = z.strictObject({
  path: urlPath,
  dialect: z.enum(DIALECTS).default('openai'),
  usage: z
    .enum(['realtime', 'none'])
    .default('realtime')
    .describe(
      "realtime: read each response.done event's usage (OpenAI Realtime API) and charge it to the token limits, ending the session when they refuse; compression is not offered upstream. none: a raw pipe, tokens not metered.",
    ),
});

const routes = z.strictObject({
  passthrough: z
    .array(passthroughRoute)
    .default([])
    .describe('Non-inference paths forwarded after authentication (bodies streamed).'),
  websocket: z
    .array(websocketRoute)
    .default([])
    .describe('Paths whose WebSocket upgrades are authenticated and passed through.'),
});

const auth = z.strictObject({
  jwt: jwtSchema.optional().describe('JWT bearer tokens: issuers, algorithms, claims, JWKS.'),
  key_file: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Key file of SHA-256 key digests (relative to this file): YAML, or JSON Lines (.jsonl) for ' +
        'large sets; reloaded on change. Required unless keys live in Redis (store.redis.keys).',
    ),
});

const policy = z.strictObject({
  mode: z
    .enum(['enforce', 'shadow'])
    .default('enforce')
    .describe(
      'shadow: every rule is shadowed — decide and log what would have happened, let every request through.',
    ),
  limits: z
    .array(limitSchema)
    .max(200)
    .default([])
    .describe(
      'Named limits (requests, tokens, concurrent streams per key/account/org/cluster/IP prefix).',
    ),
  reserve_output_tokens: z
    .number()
    .int()
    .min(1)
    .max(10_000_000)
    .default(4096)
    .describe(
      'Output tokens reserved against output_tokens limits for a request without max_tokens.',
    ),
  degrade_notice: z
    .strictObject({
      header: z
        .string()
        .regex(/^[a-z0-9-]{1,64}$/, 'expected a lowercase header name')
        .default('x-distillguard-degraded'),
      text: z
        .string()
        .regex(/^[\x20-\x7e]{0,500}$/, 'expected printable ASCII (it goes into a header)')
        .default(
          'Some capabilities are reduced for this account; to appeal, contact your provider.',
        ),
    })
    .prefault({})
    .describe(
      'The response header naming every degradation applied, and a text with an appeal contact.',
    ),
  decoy_tools: decoySectionSchema.prefault({}),
  challenge: z
    .strictObject({
      url: z
        .url({ protocol: /^https?$/ })
        .max(500)
        .optional()
        .describe('Where a challenged client verifies (in the 403 message and verification_url).'),
      tier: z
        .string()
        .min(1)
        .optional()
        .describe('The tier a challenged account continues at until verified (default: its own).'),
      verified_label: z
        .string()
        .min(1)
        .default('verified')
        .describe('The label that marks a challenged account verified (as does `verified`).'),
      duration: duration('24h').describe('How long a challenge lasts without verification.'),
      max_accounts: z.number().int().min(1000).max(100_000_000).default(1_000_000),
    })
    .prefault({})
    .describe('Verification challenges (action: challenge).'),
  thinking_vault: z
    .strictObject({
      max_bytes: byteSize('64MiB').describe(
        'Thinking blocks held at most (their JSON); the least recently used go first.',
      ),
      ttl: duration('1h').describe(
        'How long a withheld block is kept, from the start of the request whose answer withheld it.',
      ),
    })
    .prefault({})
    .describe(
      'Anthropic thinking blocks withheld by strip_reasoning, kept to be put back when the client returns their stand-ins.',
    ),
  recheck_in_flight: z
    .boolean()
    .optional()
    .describe(
      'Default true: a forwarded request is judged again when its answer arrives if a cluster reached the flag or a block was remembered since its decision; a block then withholds the answer (403) or ends its stream. Unset, it is on (and the policy version is what it was).',
    ),
  max_remembered_blocks: z
    .number()
    .int()
    .min(1000)
    .max(100_000_000)
    .default(1_000_000)
    .describe(
      'Accounts, clusters and templates block rules remember, held in memory (oldest dropped first).',
    ),
  max_limit_keys: z
    .number()
    .int()
    .min(1000)
    .max(100_000_000)
    .default(200_000)
    .describe(
      'Limit buckets tracked in memory; beyond, rested ones and then the oldest are dropped.',
    ),
  rules: z
    .array(ruleSchema)
    .max(1000)
    .prefault(DEFAULT_RULES as RuleInput[])
    .describe(
      'Ordered rules; the first whose conditions hold decides (none: allow). Absent: the shipped policy; [] allows everything.',
    ),
});

const decisionLog = z.strictObject({
  path: z
    .string()
    .min(1)
    .default('logs/decisions.ndjson')
    .describe('NDJSON file, or "-" for stdout.'),
  flush_interval: duration('200ms').describe('Longest time a record waits in memory.'),
  max_buffer_bytes: byteSize('16MiB').describe(
    'Records waiting for the disk beyond this are dropped and counted, never blocking traffic.',
  ),
  rotate_bytes: byteSize('256MiB').describe('Rotate the file when it reaches this size.'),
  max_files: z.number().int().min(1).max(1000).default(10).describe('Rotated files kept.'),
  end_user_key_env: envName
    .default('DISTILLGUARD_END_USER_KEY')
    .describe(
      'Environment variable holding the key (at least 32 characters) end-user ids are hashed with (HMAC-SHA-256, 64 bits) for the `end_user` field and remember.end_user. Unset: derived from the upstream credential (mode replace), else random per process (not stable across restarts or replicas).',
    ),
});

export const configSchema = z.strictObject({
  listen: listen.prefault({}),
  limits: limits.prefault({}),
  upstream,
  routes: routes.prefault({}),
  auth,
  store: storeSchema.prefault({}),
  detection: detectionSchema.prefault({}),
  accounts: accountsSchema.prefault({}),
  policy: policy.prefault({}),
  decision_log: decisionLog.prefault({}),
  telemetry: telemetrySchema.prefault({}),
  admin: adminSchema.prefault({}),
});

/** The validated config file, with durations in ms and sizes in bytes. */
export type FileConfig = z.output<typeof configSchema>;
/** What an operator may write (before defaults and unit parsing). */
export type FileConfigInput = z.input<typeof configSchema>;
export type PassthroughRouteConfig = FileConfig['routes']['passthrough'][number];
export type WebsocketRouteConfig = FileConfig['routes']['websocket'][number];
