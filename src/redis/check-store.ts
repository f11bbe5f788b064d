/**
 * The `store` checks the schema cannot express (run by the config loader with the other
 * cross-section checks): a Redis store names exactly one deployment, its passwords are in the
 * environment, and API keys have exactly one source — the key file or Redis.
 */
import type { ConfigError, SourceLocator } from '../config/config-error.ts';
import type { RedisConfig, StoreConfig } from './store-schema.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** The Redis settings a replica runs with: the section plus its secrets from the environment. */
export interface RedisSettings extends RedisConfig {
  /** Secrets: never logged, only handed to the client. */
  readonly password: string | undefined;
  readonly sentinelPassword: string | undefined;
}

export type StoreSettings =
  { readonly type: 'memory' } | { readonly type: 'redis'; readonly redis: RedisSettings };

/** Whether API keys come from Redis (and not from auth.key_file). */
export function keysInRedis(store: StoreSettings | StoreConfig): boolean {
  return store.type === 'redis' && store.redis?.keys === 'redis';
}

export function checkStore(
  store: StoreConfig,
  keyFile: string | undefined,
  locator: SourceLocator,
  env: Env,
  errors: ConfigError[],
): StoreSettings | undefined {
  const redis = store.redis;
  if (store.type === 'memory' || redis === undefined) {
    if (store.type === 'redis')
      errors.push(locator.error(['store'], 'type redis needs a redis section'));
    if (keyFile === undefined)
      errors.push(locator.error(['auth'], 'key_file is required (or store.redis.keys: redis)'));
    return store.type === 'memory' ? { type: 'memory' } : undefined;
  }
  const before = errors.length;
  const path = ['store', 'redis'];
  const deployments = [redis.url, redis.sentinel, redis.cluster].filter((d) => d !== undefined);
  if (deployments.length !== 1)
    errors.push(locator.error(path, 'name exactly one of url, sentinel or cluster'));
  if (redis.url !== undefined) {
    const url = new URL(redis.url);
    if (url.password !== '' || url.username !== '')
      errors.push(
        locator.error([...path, 'url'], 'no credentials in the URL: use username and password_env'),
      );
    if (url.pathname.length > 1 && !/^\/\d{1,2}$/.test(url.pathname))
      errors.push(locator.error([...path, 'url'], 'the path is a database number, e.g. /0'));
  }
  if (redis.cluster !== undefined && redis.db !== 0)
    errors.push(locator.error([...path, 'db'], 'Redis Cluster has only database 0'));
  if (redis.keys === 'redis' && keyFile !== undefined)
    errors.push(
      locator.error(
        ['auth', 'key_file'],
        'not read with store.redis.keys: redis (import it once: distillguard keys import FILE)',
      ),
    );
  if (redis.keys === 'file' && keyFile === undefined)
    errors.push(locator.error(['auth'], 'key_file is required with store.redis.keys: file'));
  const password = secret(redis.password_env, [...path, 'password_env'], locator, env, errors);
  const sentinelPassword = secret(
    redis.sentinel?.password_env,
    [...path, 'sentinel', 'password_env'],
    locator,
    env,
    errors,
  );
  if (errors.length > before) return undefined;
  return { type: 'redis', redis: { ...redis, password, sentinelPassword } };
}

function secret(
  name: string | undefined,
  path: (string | number)[],
  locator: SourceLocator,
  env: Env,
  errors: ConfigError[],
): string | undefined {
  if (name === undefined) return undefined;
  const value = env[name];
  if (!value) errors.push(locator.error(path, `environment variable ${name} is not set`));
  return value || undefined;
}
