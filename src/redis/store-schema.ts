/**
 * The `store` section: where state shared by every replica lives. `memory` (the default) keeps it
 * in the process; `redis` shares keys, limits, remembered blocks, challenges, cluster evidence,
 * runtime overrides and labels, and withheld thinking blocks through one Redis deployment — a single server, Sentinel or Cluster — with a command timeout, a
 * circuit breaker and a failure mode per store (see README "Scale-out (Redis)").
 */
import { z } from 'zod';
import { duration } from '../config/units.ts';

const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name');

/** `host:port`, an IPv6 host in brackets (`[::1]:6379`). */
const hostPort = z.string().refine((text) => {
  const match = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+):(\d{1,5})$/.exec(text);
  const port = Number(match?.[2]);
  return port >= 1 && port <= 65_535;
}, 'expected host:port (port 1–65535)');

const failureMode = z.enum(['open', 'closed']).default('open');

const share = z
  .number()
  .min(0)
  .max(0.5)
  .describe('Share of what a bucket has left that one replica may lease (0: exact, no lease).');

export const redisSchema = z.strictObject({
  url: z
    .url({ protocol: /^rediss?$/ })
    .optional()
    .describe('One server: redis://host:port/db (rediss:// for TLS); no password in the URL.'),
  sentinel: z
    .strictObject({
      name: z.string().min(1).max(128).describe('The master group name Sentinel monitors.'),
      nodes: z.array(hostPort).min(1).max(32).describe('Sentinel addresses (host:port).'),
      password_env: envName.optional().describe('Environment variable with the Sentinel password.'),
    })
    .optional()
    .describe('Sentinel-managed master (failover followed by the client).'),
  cluster: z
    .strictObject({
      nodes: z.array(hostPort).min(1).max(64).describe('Seed nodes (host:port).'),
    })
    .optional()
    .describe('Redis Cluster (keys are hash-tagged so each script touches one slot).'),
  db: z.number().int().min(0).max(15).default(0).describe('Database (single server, Sentinel).'),
  username: z.string().min(1).max(128).optional().describe('ACL user.'),
  password_env: envName.optional().describe('Environment variable with the Redis password.'),
  tls: z.boolean().default(false).describe('TLS to Redis (implied by rediss://).'),
  key_prefix: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,32}$/, 'expected 1–32 letters, digits, _ . -')
    .default('dg')
    .describe('Prefix of every key and channel (several deployments can share one Redis).'),
  command_timeout: duration('50ms').describe(
    'A command without a reply after this counts as failed (the request falls back; never hangs).',
  ),
  connect_timeout: duration('2s').describe('TCP connect (and TLS) to a Redis node.'),
  breaker: z
    .strictObject({
      failures: z
        .number()
        .int()
        .min(1)
        .max(1000)
        .default(3)
        .describe('Consecutive failures or timeouts that open the breaker (all stores fall back).'),
      probe_interval: duration('500ms').describe(
        'While open, a PING this often; the first answer closes it and resyncs shared state.',
      ),
    })
    .prefault({}),
  failure_mode: z
    .strictObject({
      limits: failureMode.describe(
        'open: local buckets (counted, reconciled later); closed: 503 DG_ERR_STORE_UNAVAILABLE.',
      ),
      keys: failureMode.describe(
        'open: the keys last loaded keep serving; closed: 503 DG_ERR_AUTH_UNAVAILABLE while out of sync.',
      ),
      blocks: failureMode.describe(
        'open: blocks this replica knows; closed: 503 DG_ERR_STORE_UNAVAILABLE while out of sync.',
      ),
      challenges: failureMode.describe(
        'open: challenges this replica knows; closed: 503 DG_ERR_STORE_UNAVAILABLE while out of sync.',
      ),
      overrides: failureMode.describe(
        'open: admin changes apply on this replica and are written when Redis returns; closed: the admin API answers 503 to changes while out. Requests always read the last known overrides.',
      ),
    })
    .prefault({})
    .describe('What each store does while Redis cannot be used.'),
  keys: z
    .enum(['redis', 'file'])
    .default('redis')
    .describe(
      'Where API keys live: redis (shared; `distillguard keys` writes there) or auth.key_file.',
    ),
  lease: z
    .strictObject({
      requests: share.default(0.0625),
      tokens: share.default(0.0625),
      ttl: duration('2s').describe('Unused leased units go back to Redis after this.'),
    })
    .prefault({})
    .describe('Local leases of limit units: most admissions need no round trip (see README).'),
  slot_ttl: duration('30s').describe(
    'A stream slot held in Redis expires unless its replica renews it (a crashed replica frees its slots).',
  ),
  evidence: z
    .strictObject({
      enabled: z
        .boolean()
        .default(true)
        .describe('Share cluster evidence (pooled cluster windows) between replicas.'),
      max_clusters: z
        .number()
        .int()
        .min(16)
        .max(100_000)
        .default(2048)
        .describe('Most active clusters pushed and merged per refresh.'),
    })
    .prefault({}),
  thinking_vault: z
    .strictObject({
      enabled: z
        .boolean()
        .default(true)
        .describe(
          'Keep withheld thinking blocks in Redis too (their text, for policy.thinking_vault.ttl), so a stand-in issued by one replica is restored by any.',
        ),
    })
    .prefault({}),
});

export const storeSchema = z.strictObject({
  type: z.enum(['memory', 'redis']).default('memory').describe('Where shared state lives.'),
  redis: redisSchema.optional().describe('Required with type: redis.'),
});

export type RedisConfig = z.output<typeof redisSchema>;
export type StoreConfig = z.output<typeof storeSchema>;
