/**
 * `distillguard keys …` when the config keeps API keys in Redis (store.redis.keys: redis): the
 * store section is read and checked like the proxy reads it (password from the environment), one
 * connection is opened for the command, and writes go through key-change.lua so every running
 * replica applies them within a second.
 */
import type { KeyFileEntry, KeyFileInput } from '../auth/key-file.ts';
import { formatConfigError, type ConfigError, type SourceLocator } from '../config/config-error.ts';
import { validate } from '../config/validate.ts';
import { checkStore, type RedisSettings } from '../redis/check-store.ts';
import { createRedisConnection, type RedisConnection } from '../redis/redis-connection.ts';
import {
  createKeyRecord,
  forEachKeyRecord,
  importKeyFile,
  revokeKeyRecord,
} from '../redis/redis-key-admin.ts';
import { storeSchema } from '../redis/store-schema.ts';
import { noopMetrics } from '../telemetry/metrics.ts';
import { systemClock } from '../util/clock.ts';
import { silentLogger } from '../util/logger.ts';

/**
 * The Redis settings of a config whose keys live in Redis; undefined when they live in a file;
 * the problems found (as lines) when the store section is invalid.
 */
export function redisKeyTarget(
  config: { store?: unknown; auth?: { key_file?: unknown } } | null,
  locator: SourceLocator,
): RedisSettings | undefined | string[] {
  const store = validate(storeSchema, config?.store ?? {}, locator);
  if (!store.ok) return store.errors.map(formatConfigError);
  if (store.value.type !== 'redis' || store.value.redis?.keys !== 'redis') return undefined;
  const errors: ConfigError[] = [];
  const keyFile = config?.auth?.key_file;
  const settings = checkStore(
    store.value,
    typeof keyFile === 'string' ? keyFile : undefined,
    locator,
    process.env,
    errors,
  );
  if (settings?.type !== 'redis') return errors.map(formatConfigError);
  return settings.redis;
}

/** Runs `work` on a connection to the configured Redis (refused when it cannot be reached). */
async function withRedis<T>(
  settings: RedisSettings,
  work: (connection: RedisConnection) => Promise<T>,
): Promise<T> {
  const connection = createRedisConnection(settings, {
    logger: silentLogger,
    metrics: noopMetrics,
    clock: systemClock,
  });
  try {
    if (!(await connection.ready())) throw new Error('redis is not reachable');
    return await work(connection);
  } finally {
    await connection.close();
  }
}

export function createRedisKey(settings: RedisSettings, entry: KeyFileInput): Promise<boolean> {
  return withRedis(settings, (connection) => createKeyRecord(connection, entry));
}

export function revokeRedisKey(
  settings: RedisSettings,
  keyId: string,
  at: Date,
  reason: string | undefined,
): Promise<boolean> {
  return withRedis(settings, (connection) => revokeKeyRecord(connection, keyId, at, reason));
}

/** Visits every key; resolves to how many records could not be read. */
export function listRedisKeys(
  settings: RedisSettings,
  visit: (entry: KeyFileEntry) => void,
): Promise<number> {
  return withRedis(settings, (connection) => forEachKeyRecord(connection, visit));
}

export function importRedisKeys(settings: RedisSettings, file: string): Promise<number> {
  return withRedis(settings, (connection) => importKeyFile(connection, file));
}
