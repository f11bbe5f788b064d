/**
 * `distillguard keys create | revoke | list | import`: manages the key file the config names (or
 * --key-file), or the keys in Redis when the config keeps them there (store.redis.keys: redis). `create` prints a new key once and stores only its SHA-256; `revoke` marks a key
 * revoked (kept for the audit trail); `list` shows ids, accounts and lifecycle, never a key.
 * The proxy reloads the file when it changes (every replica watching it, or SIGHUP).
 */
import { dirname, resolve } from 'node:path';
import { generateApiKey, generateKeyId, hashApiKey } from '../auth/api-key.ts';
import {
  addKeyFileEntry,
  forEachKeyFileEntry,
  revokeKeyFileEntry,
  type KeyFileEntry,
  type KeyFileInput,
} from '../auth/key-file.ts';
import { formatConfigError } from '../config/config-error.ts';
import { readYamlFile } from '../config/read-yaml.ts';
import { parseDuration } from '../config/units.ts';
import type { RedisSettings } from '../redis/check-store.ts';
import {
  createRedisKey,
  importRedisKeys,
  listRedisKeys,
  redisKeyTarget,
  revokeRedisKey,
} from './keys-redis.ts';

export interface KeysOptions {
  readonly keyFile?: string | undefined;
  readonly config?: string | undefined;
  readonly account?: string | undefined;
  readonly org?: string | undefined;
  readonly tier?: string | undefined;
  /** A duration from now ("90d", "12h") or an ISO time. */
  readonly expires?: string | undefined;
  readonly verified?: boolean | undefined;
  readonly labels?: readonly string[] | undefined;
  readonly programme?: string | undefined;
  readonly declaredUse?: string | undefined;
  readonly accountCreatedAt?: string | undefined;
  readonly reason?: string | undefined;
  readonly json?: boolean | undefined;
}

type Out = (line: string) => void;

/** Where keys are kept: a key file, or Redis (`file` then names it for messages). */
interface Target {
  readonly file: string;
  readonly redis: RedisSettings | undefined;
  /** The tiers the config defines (undefined with --key-file: not checked). */
  readonly tiers: ReadonlySet<string> | undefined;
}

/**
 * The key file the config (or --key-file) names, for commands that read it as a file; keys kept
 * in Redis are not one (decoy-names then needs --account).
 */
export async function resolveKeyFile(options: KeysOptions): Promise<string | string[]> {
  const target = await resolveTarget(options);
  if (Array.isArray(target)) return target;
  if (target.redis !== undefined)
    return [`keys live in ${target.file}, not in a key file: name the account with --account`];
  return target.file;
}

/**
 * The key file named by --key-file, or by auth.key_file in the config (relative to it), or the
 * Redis the config keeps keys in (store.redis.keys: redis).
 */
async function resolveTarget(options: KeysOptions): Promise<Target | string[]> {
  if (options.keyFile)
    return { file: resolve(options.keyFile), redis: undefined, tiers: undefined };
  const configFile = options.config ?? 'config/distillguard.yaml';
  const parsed = await readYamlFile(configFile);
  if (!parsed.ok) return parsed.errors.map(formatConfigError);
  const config = parsed.value as {
    store?: unknown;
    auth?: { key_file?: unknown };
    accounts?: { tiers?: unknown };
  } | null;
  const tierNames = config?.accounts?.tiers;
  // Without an accounts.tiers section the config has the one default tier.
  const tiers = new Set(
    tierNames !== null && typeof tierNames === 'object' ? Object.keys(tierNames) : ['default'],
  );
  const redis = redisKeyTarget(config, parsed.locator);
  if (Array.isArray(redis)) return redis;
  if (redis !== undefined) return { file: `redis (${redis.key_prefix})`, redis, tiers };
  const keyFile = config?.auth?.key_file;
  if (typeof keyFile !== 'string') return [`${configFile}: auth.key_file is not set`];
  return { file: resolve(dirname(resolve(configFile)), keyFile), redis: undefined, tiers };
}

export async function createKey(
  options: KeysOptions,
  out: Out,
  err: Out,
  now = new Date(),
): Promise<number> {
  if (!options.account) return fail(['keys create: --account is required'], err, 2);
  const expiresAt = expiry(options.expires, now);
  if (expiresAt === null)
    return fail([`keys create: --expires takes a duration like 90d or an ISO time`], err, 2);
  const accountCreatedAt =
    options.accountCreatedAt === undefined ? undefined : isoTime(options.accountCreatedAt);
  if (accountCreatedAt === null)
    return fail(['keys create: --account-created-at takes an ISO time'], err, 2);
  const target = await resolveTarget(options);
  if (Array.isArray(target)) return fail(target, err);
  const file = target.file;
  const tier = options.tier ?? 'default';
  if (target.tiers && !target.tiers.has(tier)) {
    return fail(
      [`keys create: tier "${tier}" is not defined under accounts.tiers of the config`],
      err,
      2,
    );
  }
  const key = generateApiKey();
  const entry: KeyFileInput = {
    id: generateKeyId(),
    sha256: hashApiKey(key),
    account: options.account,
    ...(options.org ? { org: options.org } : {}),
    tier,
    created_at: now.toISOString(),
    ...(expiresAt ? { expires_at: expiresAt } : {}),
    ...(options.verified ? { verified: true } : {}),
    ...(options.labels?.length ? { labels: [...options.labels] } : {}),
    ...(options.programme ? { programme: options.programme } : {}),
    ...(options.declaredUse ? { declared_use: options.declaredUse } : {}),
    ...(accountCreatedAt ? { account_created_at: accountCreatedAt } : {}),
  };
  try {
    if (target.redis === undefined) await addKeyFileEntry(file, entry);
    else if (!(await createRedisKey(target.redis, entry))) throw new Error('key id exists');
  } catch (error) {
    return fail([`keys create: ${(error as Error).message} (${file})`], err);
  }
  if (expiresAt && Date.parse(expiresAt) <= now.getTime()) {
    err(`warning: --expires is in the past: ${entry.id} is created already expired`);
  }
  err(`created ${entry.id} for account ${entry.account} in ${file}; the key is shown once:`);
  out(key);
  return 0;
}

export async function revokeKey(
  keyId: string | undefined,
  options: KeysOptions,
  out: Out,
  err: Out,
  now = new Date(),
): Promise<number> {
  if (!keyId) return fail(['keys revoke: name the key id (see keys list)'], err, 2);
  const target = await resolveTarget(options);
  if (Array.isArray(target)) return fail(target, err);
  const file = target.file;
  try {
    const revoked =
      target.redis === undefined
        ? await revokeKeyFileEntry(file, keyId, now, options.reason)
        : await revokeRedisKey(target.redis, keyId, now, options.reason);
    if (!revoked) {
      return fail([`keys revoke: no active key ${keyId} in ${file}`], err);
    }
  } catch (error) {
    return fail([`keys revoke: ${(error as Error).message} (${file})`], err);
  }
  out(`revoked ${keyId} in ${file}`);
  return 0;
}

export async function listKeys(
  options: KeysOptions,
  out: Out,
  err: Out,
  now = Date.now(),
): Promise<number> {
  const target = await resolveTarget(options);
  if (Array.isArray(target)) return fail(target, err);
  if (!options.json)
    out(
      ['key_id', 'account', 'org', 'tier', 'status', 'created_at', 'expires_at', 'labels'].join(
        '\t',
      ),
    );
  const visit = (entry: KeyFileEntry): void => {
    if (options.account && entry.account !== options.account) return;
    out(options.json ? JSON.stringify(publicView(entry, now)) : row(entry, now));
  };
  if (target.redis !== undefined) {
    try {
      const bad = await listRedisKeys(target.redis, visit);
      if (bad > 0) err(`warning: ${bad} key records in Redis could not be read`);
      return 0;
    } catch (error) {
      return fail([`keys list: ${(error as Error).message} (${target.file})`], err);
    }
  }
  const read = await forEachKeyFileEntry(target.file, visit);
  return read.ok ? 0 : fail(read.errors.map(formatConfigError), err);
}

/** `keys import FILE`: copies a key file into the Redis the config keeps keys in. */
export async function importKeys(
  file: string | undefined,
  options: KeysOptions,
  out: Out,
  err: Out,
): Promise<number> {
  if (!file) return fail(['keys import: name the key file to import'], err, 2);
  const target = await resolveTarget({ ...options, keyFile: undefined });
  if (Array.isArray(target)) return fail(target, err);
  if (target.redis === undefined)
    return fail(['keys import: the config does not keep keys in Redis (store.redis.keys)'], err, 2);
  try {
    const count = await importRedisKeys(target.redis, resolve(file));
    out(`imported ${count} keys into ${target.file}`);
    return 0;
  } catch (error) {
    return fail([`keys import: ${(error as Error).message}`], err);
  }
}

/** What may be shown of an entry: everything but the digest. */
function publicView(entry: KeyFileEntry, now: number): Record<string, unknown> {
  const { sha256: _digest, ...rest } = entry;
  return { ...rest, status: status(entry, now) };
}

function row(entry: KeyFileEntry, now: number): string {
  return [
    entry.id,
    entry.account,
    entry.org ?? '-',
    entry.tier,
    status(entry, now),
    entry.created_at ?? '-',
    entry.expires_at ?? '-',
    entry.labels.join(',') || '-',
  ].join('\t');
}

function status(entry: KeyFileEntry, now: number): string {
  if (entry.revoked_at !== undefined) return 'revoked';
  if (entry.expires_at !== undefined && Date.parse(entry.expires_at) <= now) return 'expired';
  return 'active';
}

/** An ISO time from "90d"/"12h"/"30m" after now or an ISO string; undefined when absent, null when invalid. */
function expiry(text: string | undefined, now: Date): string | undefined | null {
  if (text === undefined) return undefined;
  const days = /^(\d+)d$/.exec(text);
  const ms = days ? Number(days[1]) * 86_400_000 : parseDuration(text);
  if (ms !== undefined) return new Date(now.getTime() + ms).toISOString();
  return isoTime(text);
}

function isoTime(text: string): string | null {
  const ms = Date.parse(text);
  return Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}T/.test(text) ? null : new Date(ms).toISOString();
}

function fail(lines: readonly string[], err: Out, code = 1): number {
  for (const line of lines) err(line);
  return code;
}
