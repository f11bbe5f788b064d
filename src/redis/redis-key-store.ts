/**
 * API keys shared through Redis (store.redis.keys: redis). The hot path is unchanged: a
 * synchronous lookup by digest in an in-memory KeyTable. This store loads the table from Redis at
 * start and keeps it current:
 *
 * - `distillguard keys create | revoke | import` write a record with key-change.lua, which bumps
 *   the version, appends {version, key id} to a capped change log and publishes "k <version>";
 * - every replica, on the message (or on its one-second version check, which catches a lost one),
 *   reads the log entries after the version it has and applies them: a new key is added, a
 *   revocation marks the key revoked — a key revoked through one replica is refused by all within
 *   a second (milliseconds, normally);
 * - a gap the log no longer covers, or any other change, reloads the whole table (HSCAN) and
 *   swaps it in whole, as a key-file reload does.
 *
 * Health: before the first load nothing is known — an unknown key is "unavailable" (503), not
 * "invalid" (401). With failure mode closed, every key lookup is unavailable while Redis is out.
 */
import { parseKeyEntry } from '../auth/key-file.ts';
import type { KeyHealth, KeyStore } from '../auth/key-store.ts';
import { KeyTable, type KeyEntry, type KeyRecord } from '../auth/key-table.ts';
import type { Logger } from '../util/logger.ts';
import { coalesced } from './coalesced.ts';
import type { RedisConnection } from './redis-connection.ts';

/** Change-log entries read per round trip while catching up. */
const LOG_PAGE = 512;
const SCAN_PAGE = 1000;

export class RedisKeyStore implements KeyStore {
  private readonly connection: RedisConnection;
  private readonly logger: Logger;
  private readonly closedMode: boolean;
  private table = new KeyTable();
  private seen = 0;
  private loaded = false;
  /** Brings the table up to date (coalesced: a sync asked for while one runs runs once after). */
  readonly sync = coalesced(() => this.catchUp());

  constructor(connection: RedisConnection, logger: Logger) {
    this.connection = connection;
    this.logger = logger;
    this.closedMode = connection.settings.failure_mode.keys === 'closed';
    connection.onMessage((message) => {
      if (message.startsWith('k ')) void this.sync();
    });
    connection.onSync(() => this.sync());
  }

  get size(): number {
    return this.table.size;
  }

  get health(): KeyHealth {
    if (!this.loaded) return 'unloaded';
    return this.closedMode && this.connection.breaker.isOpen ? 'closed' : 'ok';
  }

  lookup(digest: Uint8Array): KeyRecord | undefined {
    return this.table.lookup(digest);
  }

  byId(keyId: string): KeyRecord | undefined {
    return this.table.byId(keyId);
  }

  entries(): IterableIterator<KeyRecord> {
    return this.table.entries();
  }

  private async catchUp(): Promise<void> {
    const names = this.connection.keyspace.keys;
    const raw = await this.connection.run('keys_sync', (c) => c.get(names.version));
    if (raw === undefined) return;
    const version = raw !== null && /^\d{1,15}$/.test(raw) ? Number(raw) : 0;
    if (this.loaded && version === this.seen) return;
    if (this.loaded && version > this.seen && (await this.applyLog(version))) return;
    await this.reload(version);
  }

  /** Applies the change log after `seen`; false when it cannot (a gap, or a change to reload). */
  private async applyLog(version: number): Promise<boolean> {
    const names = this.connection.keyspace.keys;
    const ids: string[] = [];
    let end = '+';
    for (;;) {
      const page = await this.connection.run('keys_sync', (c) =>
        c.xrevrange(names.log, end, '-', 'COUNT', LOG_PAGE),
      );
      if (page === undefined) return true; // Redis went away: the next sync retries
      let reached = false;
      for (const [id, fields] of page) {
        const v = Number(fields[1]);
        if (fields[0] !== 'v' || fields[2] !== 'id' || !Number.isSafeInteger(v)) return false;
        if (v <= this.seen) {
          reached = true;
          break;
        }
        ids.push(fields[3] as string);
        end = `(${id}`;
      }
      if (reached) break;
      // The log ends before `seen`: only complete if it still holds every change since then.
      if (page.length < LOG_PAGE) {
        if (ids.length !== version - this.seen) return false;
        break;
      }
    }
    ids.reverse(); // oldest first
    const records = await this.connection.run('keys_sync', (c) => c.hmget(names.hash, ...ids));
    if (records === undefined) return true;
    for (const [i, record] of records.entries()) {
      const entry = parse(record);
      if (entry === undefined) {
        this.connection.report('corrupt_value');
        continue;
      }
      if (!this.apply(entry, ids[i] as string)) return false;
    }
    this.seen = version;
    return true;
  }

  /** A new key is added; a newly revoked one is marked; anything else needs a reload. */
  private apply(entry: KeyEntry, id: string): boolean {
    if (entry.keyId !== id) return false;
    const known = this.table.byId(id);
    if (known === undefined) return this.table.add(entry) === undefined;
    if (known.revokedAt === undefined && entry.revokedAt !== undefined)
      return this.table.revoke(id, entry.revokedAt);
    return known.revokedAt === entry.revokedAt;
  }

  /** Reads every key (HSCAN) into a new table and swaps it in whole. */
  private async reload(version: number): Promise<void> {
    const names = this.connection.keyspace.keys;
    const count = await this.connection.run('keys_load', (c) => c.hlen(names.hash));
    if (count === undefined) return;
    const table = new KeyTable(count);
    let cursor = '0';
    let corrupt = 0;
    do {
      const page = await this.connection.run('keys_load', (c) =>
        c.hscan(names.hash, cursor, 'COUNT', SCAN_PAGE),
      );
      if (page === undefined) return;
      cursor = page[0];
      const fields = page[1];
      for (let i = 0; i + 1 < fields.length; i += 2) {
        const entry = parse(fields[i + 1] as string);
        if (entry === undefined || entry.keyId !== fields[i] || table.add(entry) !== undefined)
          corrupt++;
      }
    } while (cursor !== '0');
    if (corrupt > 0) this.connection.report('corrupt_value', corrupt);
    if (table.size === 0 && this.table.size > 0) {
      // Redis came back empty (restarted without persistence, or flushed): refusing every key
      // would turn a Redis incident into an outage. Keep serving what was loaded; say so loudly.
      this.connection.report('keys_lost');
      this.logger.throttled(
        'redis:keys_lost',
        60_000,
        'error',
        'no API keys in redis; keeping the keys last loaded (re-import them: distillguard keys import)',
        {
          keys: this.table.size,
        },
      );
      this.seen = version;
      return;
    }
    const first = !this.loaded;
    this.table = table;
    this.seen = version;
    this.loaded = true;
    this.logger.log('info', first ? 'keys loaded from redis' : 'keys reloaded from redis', {
      keys: table.size,
      version,
    });
  }
}

function parse(record: string | null): KeyEntry | undefined {
  if (record === null) return undefined;
  try {
    return parseKeyEntry(JSON.parse(record));
  } catch {
    return undefined;
  }
}
