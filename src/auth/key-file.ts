/**
 * The key file: YAML holding only SHA-256 hashes of API keys, each mapped to key id, account, org
 * and tier. Loaded (and hot-reloaded) into a KeyRegistry; written atomically by `keys create` so a
 * reloading proxy never reads half a file.
 */
import { randomBytes } from 'node:crypto';
import { rename, writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';
import { z } from 'zod';
import type { ConfigError } from '../config/config-error.ts';
import { readYamlFile } from '../config/read-yaml.ts';
import { validate } from '../config/validate.ts';

const keyEntry = z.strictObject({
  id: z.string().regex(/^key_[0-9A-Za-z]{4,64}$/, 'expected a key id like key_Ab12…'),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex characters'),
  account: z.string().min(1).max(256),
  org: z.string().min(1).max(256).optional(),
  tier: z.string().min(1).max(64).default('default'),
  created_at: z.iso.datetime({ offset: true }).optional(),
});

const keyFileSchema = z.strictObject({
  version: z.literal(1),
  keys: z.array(keyEntry).default([]),
});

export type KeyFileEntry = z.output<typeof keyEntry>;

/** What a verified key resolves to. Never holds the key itself. */
export interface KeyRecord {
  readonly keyId: string;
  readonly account: string;
  readonly org: string | undefined;
  readonly tier: string;
  readonly createdAt: string | undefined;
}

/** Key hash → record. Built once per load and swapped whole on reload. */
export type KeyRegistry = ReadonlyMap<string, KeyRecord>;

export type KeyFileResult =
  | { ok: true; registry: KeyRegistry; entries: KeyFileEntry[] }
  | { ok: false; errors: ConfigError[] };

export async function loadKeyFile(file: string): Promise<KeyFileResult> {
  const parsed = await readYamlFile(file);
  if (!parsed.ok) return parsed;
  const checked = validate(keyFileSchema, parsed.value, parsed.locator);
  if (!checked.ok) return checked;
  const registry = new Map<string, KeyRecord>();
  const ids = new Set<string>();
  const errors: ConfigError[] = [];
  checked.value.keys.forEach((entry, index) => {
    if (registry.has(entry.sha256)) {
      errors.push(parsed.locator.error(['keys', index, 'sha256'], 'duplicate key hash'));
    }
    if (ids.has(entry.id))
      errors.push(parsed.locator.error(['keys', index, 'id'], 'duplicate key id'));
    ids.add(entry.id);
    registry.set(entry.sha256, {
      keyId: entry.id,
      account: entry.account,
      org: entry.org,
      tier: entry.tier,
      createdAt: entry.created_at,
    });
  });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, registry, entries: checked.value.keys };
}

/** Replaces the key file atomically (write a sibling temp file, then rename over it). */
export async function writeKeyFile(file: string, entries: readonly KeyFileEntry[]): Promise<void> {
  const header =
    '# distillguard key file: SHA-256 hashes of API keys only; raw keys are never stored.\n' +
    '# Managed with `distillguard keys create`; the proxy reloads it when it changes.\n';
  const body = stringify({ version: 1, keys: entries }, { lineWidth: 0 });
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temp, header + body, { mode: 0o600 });
  await rename(temp, file);
}
