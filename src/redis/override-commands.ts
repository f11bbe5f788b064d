/**
 * The Redis commands of the shared override store (redis-override-store.ts): a record written with
 * override.lua (and the hashes of the accounts it dropped past the cap deleted with
 * override-drop.lua: a script touches only the keys it declares), one account's hash read, the index read, and many accounts' hashes read in one
 * pipeline. Each goes through the connection (breaker, command timeout, failures counted) and
 * answers undefined when Redis could not be used. A key of the wrong type — a hostile write —
 * reads as empty and is counted `corrupt_value` (override.lua replaces it on the next write).
 */
import { encodeRecord, type OverrideRecord } from './override-records.ts';
import { classify, type RedisConnection } from './redis-connection.ts';
import { tagOf } from './redis-keys.ts';

/** What tagOf produces: an account's part of its hash's key, as the index and messages carry it. */
export const TAG = /^~?[A-Za-z0-9_.:@/+-]{1,128}$/;

export type Fields = Record<string, string>;

/** What override.lua answers. */
export interface WriteReply {
  /** The new version; 0: Redis holds a record as new or newer; -1: stale (not applied). */
  readonly version: number;
  readonly corrupt: number;
  /** The tags of the accounts it dropped from the index (past the cap): see `dropAccounts`. */
  readonly dropped: readonly string[];
}

/** Writes a record (override.lua). */
export function sendRecord(
  connection: RedisConnection,
  record: OverrideRecord,
  maxAccounts: number,
): Promise<WriteReply> | undefined {
  const names = connection.keyspace.overrides;
  const tag = tagOf(record.account);
  return connection
    .run('overrides_write', (c) =>
      c.dgOverride(
        3,
        names.base + tag,
        names.index,
        names.version,
        connection.deadline(),
        record.kind,
        encodeRecord(record),
        tag,
        maxAccounts,
        connection.keyspace.channel,
      ),
    )
    ?.then(([version, corrupt, ...dropped]) => ({
      version,
      corrupt,
      // A member that is not a tag (a hostile write to the index) names no hash of ours.
      dropped: dropped.filter((tag) => TAG.test(tag)),
    }));
}

/**
 * Deletes the hashes of accounts override.lua dropped from the index (override-drop.lua: each
 * hash is one of its KEYS, all in the index's slot; an account written again since is kept).
 * Resolves with the hashes deleted; a failure leaves them to expire with their records.
 */
export function dropAccounts(
  connection: RedisConnection,
  tags: readonly string[],
): Promise<number> | undefined {
  const { base, index } = connection.keyspace.overrides;
  return connection.run('overrides_drop', (c) =>
    c.dgOverrideDrop(1 + tags.length, index, ...tags.map((tag) => base + tag), ...tags),
  );
}

/** One account's hash (field → record text). */
export async function readAccount(
  connection: RedisConnection,
  tag: string,
): Promise<Fields | undefined> {
  const key = connection.keyspace.overrides.base + tag;
  return connection
    .run('overrides_sync', (c) => c.hgetall(key))
    ?.catch((error: unknown) => wrongTypeAsEmpty(connection, error, {}));
}

/** The tags of every account with a record in force at `now`. */
export async function readIndex(
  connection: RedisConnection,
  now: number,
): Promise<string[] | undefined> {
  const index = connection.keyspace.overrides.index;
  const tags = await connection
    .run('overrides_sync', (c) => c.zrangebyscore(index, now, '+inf'))
    ?.catch((error: unknown) => wrongTypeAsEmpty(connection, error, []));
  return tags?.filter((tag) => TAG.test(tag));
}

/** Many accounts' hashes in one round trip (one slot: their keys share the `{o}` tag). */
export async function readAccounts(
  connection: RedisConnection,
  tags: readonly string[],
): Promise<Fields[] | undefined> {
  const base = connection.keyspace.overrides.base;
  const replies = await connection
    .run('overrides_sync', (c) => {
      const pipeline = c.pipeline();
      for (const tag of tags) pipeline.hgetall(base + tag);
      return pipeline.exec();
    })
    ?.catch(() => undefined);
  if (replies === undefined || replies === null) return undefined;
  const hashes: Fields[] = [];
  for (const [error, fields] of replies) {
    const hash = error === null ? (fields as Fields) : wrongTypeAsEmpty(connection, error, {});
    if (hash === undefined) return undefined;
    hashes.push(hash);
  }
  return hashes;
}

/** `empty` for a key of the wrong type (counted corrupt); undefined for any other failure. */
function wrongTypeAsEmpty<T>(connection: RedisConnection, error: unknown, empty: T): T | undefined {
  if (classify(error) !== 'reply_wrongtype') return undefined;
  connection.report('corrupt_value');
  return empty;
}
