/**
 * What `distillguard keys create | revoke | list | import` do when the keys live in Redis: each
 * write goes through key-change.lua (record, version, change log, message in one step), so every
 * running replica applies it within a second. Records hold the key-file entry form (SHA-256
 * digest, never a key).
 */
import type { KeyFileEntry, KeyFileInput } from '../auth/key-file.ts';
import { forEachKeyFileEntry, keyEntry } from '../auth/key-file.ts';
import type { RedisConnection } from './redis-connection.ts';

/** Change-log entries kept (a replica further behind reloads every key). */
const LOG_LENGTH = 10_000;

type Mode = 'create' | 'update' | 'put';

async function write(
  connection: RedisConnection,
  entry: KeyFileInput,
  mode: Mode,
): Promise<number> {
  const names = connection.keyspace.keys;
  const record = JSON.stringify(entry);
  const sent = connection.run('keys_write', (c) =>
    c.dgKeyChange(
      3,
      names.hash,
      names.version,
      names.log,
      entry.id,
      record,
      mode,
      connection.keyspace.channel,
      LOG_LENGTH,
    ),
  );
  if (sent === undefined) throw new Error('redis is not reachable');
  return sent;
}

/** Adds a new key; false when its id exists already. */
export async function createKeyRecord(
  connection: RedisConnection,
  entry: KeyFileInput,
): Promise<boolean> {
  return (await write(connection, entry, 'create')) > 0;
}

/** Marks a key revoked; false when no active key has that id. */
export async function revokeKeyRecord(
  connection: RedisConnection,
  keyId: string,
  at: Date,
  reason: string | undefined,
): Promise<boolean> {
  const raw = await connection.run('keys_read', (c) =>
    c.hget(connection.keyspace.keys.hash, keyId),
  );
  if (raw === undefined) throw new Error('redis is not reachable');
  const entry = parseRecord(raw);
  if (entry === undefined || entry.revoked_at !== undefined) return false;
  const revoked: KeyFileInput = {
    ...entry,
    revoked_at: at.toISOString(),
    ...(reason ? { revoke_reason: reason } : {}),
  };
  return (await write(connection, revoked, 'update')) > 0;
}

/** Visits every key record (HSCAN); returns how many could not be read. */
export async function forEachKeyRecord(
  connection: RedisConnection,
  visit: (entry: KeyFileEntry) => void,
): Promise<number> {
  let cursor = '0';
  let bad = 0;
  do {
    const page = await connection.run('keys_read', (c) =>
      c.hscan(connection.keyspace.keys.hash, cursor, 'COUNT', 1000),
    );
    if (page === undefined) throw new Error('redis is not reachable');
    cursor = page[0];
    for (let i = 1; i < page[1].length; i += 2) {
      const entry = parseRecord(page[1][i] ?? null);
      if (entry === undefined) bad++;
      else visit(entry);
    }
  } while (cursor !== '0');
  return bad;
}

/** Writes every entry of a key file to Redis (existing ids are replaced); returns the count. */
export async function importKeyFile(connection: RedisConnection, file: string): Promise<number> {
  const entries: KeyFileEntry[] = [];
  const read = await forEachKeyFileEntry(file, (entry) => entries.push(entry));
  if (!read.ok) throw new Error(read.errors.map((error) => error.message).join('; '));
  for (let i = 0; i < entries.length; i += 256)
    await Promise.all(entries.slice(i, i + 256).map((entry) => write(connection, entry, 'put')));
  return entries.length;
}

function parseRecord(raw: string | null): KeyFileEntry | undefined {
  if (raw === null) return undefined;
  try {
    const parsed = keyEntry.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
