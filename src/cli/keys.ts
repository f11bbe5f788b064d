/**
 * `distillguard keys create --account A [--org O] [--tier T]` prints a new key once and stores only
 * its SHA-256 in the key file; `distillguard keys list` lists key ids and accounts, never keys.
 * The key file is the one the config names (or --key-file).
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { generateApiKey, generateKeyId, hashApiKey } from '../auth/api-key.ts';
import { loadKeyFile, writeKeyFile, type KeyFileEntry } from '../auth/key-file.ts';
import { formatConfigError } from '../config/config-error.ts';
import { readYamlFile } from '../config/read-yaml.ts';

export interface KeysOptions {
  readonly keyFile?: string | undefined;
  readonly config?: string | undefined;
  readonly account?: string | undefined;
  readonly org?: string | undefined;
  readonly tier?: string | undefined;
}

/** The key file named by --key-file, or by auth.key_file in the config (relative to it). */
export async function resolveKeyFile(options: KeysOptions): Promise<string | string[]> {
  if (options.keyFile) return resolve(options.keyFile);
  const configFile = options.config ?? 'config/distillguard.yaml';
  const parsed = await readYamlFile(configFile);
  if (!parsed.ok) return parsed.errors.map(formatConfigError);
  const keyFile = (parsed.value as { auth?: { key_file?: unknown } } | null)?.auth?.key_file;
  if (typeof keyFile !== 'string') return [`${configFile}: auth.key_file is not set`];
  return resolve(dirname(resolve(configFile)), keyFile);
}

async function readEntries(file: string): Promise<KeyFileEntry[] | string[]> {
  if (!existsSync(file)) return [];
  const loaded = await loadKeyFile(file);
  return loaded.ok ? loaded.entries : loaded.errors.map(formatConfigError);
}

export async function createKey(
  options: KeysOptions,
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  if (!options.account) {
    err('keys create: --account is required');
    return 2;
  }
  const file = await resolveKeyFile(options);
  if (Array.isArray(file)) return fail(file, err);
  const entries = await readEntries(file);
  if (entries.length > 0 && typeof entries[0] === 'string') return fail(entries as string[], err);
  const key = generateApiKey();
  const entry: KeyFileEntry = {
    id: generateKeyId(),
    sha256: hashApiKey(key),
    account: options.account,
    ...(options.org ? { org: options.org } : {}),
    tier: options.tier ?? 'default',
    created_at: new Date().toISOString(),
  };
  await writeKeyFile(file, [...(entries as KeyFileEntry[]), entry]);
  err(`created ${entry.id} for account ${entry.account} in ${file}; the key is shown once:`);
  out(key);
  return 0;
}

export async function listKeys(
  options: KeysOptions,
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  const file = await resolveKeyFile(options);
  if (Array.isArray(file)) return fail(file, err);
  const entries = await readEntries(file);
  if (entries.length > 0 && typeof entries[0] === 'string') return fail(entries as string[], err);
  out(['key_id', 'account', 'org', 'tier', 'created_at'].join('\t'));
  for (const entry of entries as KeyFileEntry[]) {
    out(
      [entry.id, entry.account, entry.org ?? '-', entry.tier, entry.created_at ?? '-'].join('\t'),
    );
  }
  return 0;
}

function fail(lines: readonly string[], err: (line: string) => void): number {
  for (const line of lines) err(line);
  return 1;
}
