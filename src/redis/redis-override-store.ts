/**
 * Runtime overrides and labels shared by every replica (store: redis): one set or removed through
 * any replica's admin API is in force on all of them within milliseconds (pub/sub), at most a
 * second after a lost message (version check). The account stage reads the local mirror (a
 * MemoryOverrideStore), synchronously, as with the memory store.
 *
 * Unlike blocks, entries are removed and replaced with shorter expiries, so replicas cannot merge
 * by "keep the later expiry". Each account and kind is a last-writer-wins register instead
 * (override-records.ts): a change is a record with a revision, a removal a tombstone; Redis
 * (override.lua) and every replica keep whichever record is newer. So:
 *
 * - a change is applied to the mirror at once and written with override.lua, which publishes the
 *   account's tag; every replica re-reads that account's hash and takes what is newer;
 * - a gap in the versions (a lost message, a new version counter: Redis restarted, flushed or
 *   expired) re-reads every account in the index, and writes back each record this replica knows
 *   that Redis lacks or holds older — what an emptied Redis lost comes back, and a removed entry
 *   cannot: its tombstone outranks it wherever it is written back from;
 * - a write Redis could not take is kept and retried at the next sync (failure mode open: the
 *   change is in force on this replica meanwhile). With failure mode closed the admin API refuses
 *   changes (503) while Redis is out of reach; requests always read the mirror;
 * - a record, key or message that does not parse is ignored and counted (`corrupt_value`).
 */
import {
  MemoryOverrideStore,
  type OverrideStore,
  type RuntimeOverride,
  type RuntimeOverrideKind,
} from '../account/override-store.ts';
import type { Override } from '../account/overrides.ts';
import { coalesced } from './coalesced.ts';
import {
  dropAccounts,
  readAccount,
  readAccounts,
  readIndex,
  sendRecord,
  TAG,
  type Fields,
} from './override-commands.ts';
import {
  decodeRecord,
  encodeRecord,
  KINDS,
  supersedes,
  type OverrideRecord,
} from './override-records.ts';
import type { RedisConnection } from './redis-connection.ts';
import { tagOf } from './redis-keys.ts';

/** Accounts re-read per round trip (one pipeline) in a full reload. */
const PAGE = 500;

type Registers = Partial<Record<RuntimeOverrideKind, OverrideRecord>>;

export class RedisOverrideStore implements OverrideStore {
  private readonly connection: RedisConnection;
  private readonly local: MemoryOverrideStore;
  private readonly maxAccounts: number;
  private readonly now: () => number;
  private readonly closedMode: boolean;
  /** Every record this replica knows, tombstones included, by account (least recently changed first). */
  private readonly known = new Map<string, Registers>();
  /** Records Redis did not take yet, by kind and account. */
  private readonly pending = new Map<string, OverrideRecord>();
  private seen = 0;
  private loaded = false;
  /** A change was announced but could not be read: the next sync re-reads everything. */
  private stale = false;

  constructor(connection: RedisConnection, maxAccounts: number, now: () => number) {
    this.connection = connection;
    // One more than `known` holds: the mirror never evicts on its own, `known` decides.
    this.local = new MemoryOverrideStore(maxAccounts + 1);
    this.maxAccounts = maxAccounts;
    this.now = now;
    this.closedMode = connection.settings.failure_mode.overrides === 'closed';
    connection.onMessage((message) => this.onMessage(message));
    connection.onSync(() => this.sync());
  }

  /** Whether the mirror reflects Redis (loaded once, and Redis reachable now). */
  get current(): boolean {
    return this.loaded && !this.connection.breaker.isOpen;
  }

  /** Changes not yet in Redis (for /readyz). */
  get unsent(): number {
    return this.pending.size;
  }

  get size(): number {
    return this.local.size;
  }

  find(account: string, now: number): readonly Override[] {
    return this.local.find(account, now);
  }

  list(account: string, now: number): readonly RuntimeOverride[] {
    return this.local.list(account, now);
  }

  writable(): boolean {
    return !this.closedMode || this.current;
  }

  set(entry: RuntimeOverride): RuntimeOverride | undefined {
    const previous = this.known.get(entry.account)?.[entry.kind]?.entry;
    const rev = this.nextRev(entry.account, entry.kind);
    this.change({ account: entry.account, kind: entry.kind, rev, until: entry.expiresAt, entry });
    return previous;
  }

  delete(account: string, kind: RuntimeOverrideKind): RuntimeOverride | undefined {
    const previous = this.known.get(account)?.[kind]?.entry;
    if (previous === undefined) return undefined;
    const rev = this.nextRev(account, kind);
    this.change({ account, kind, rev, until: previous.expiresAt, entry: undefined });
    return previous;
  }

  /** Re-reads what it may have missed (version check; coalesced). Never rejects. */
  readonly sync = coalesced(() => this.catchUp());

  /** Now, or just past the last change known (a replica whose clock lags still orders after it). */
  private nextRev(account: string, kind: RuntimeOverrideKind): number {
    return Math.max(this.now(), (this.known.get(account)?.[kind]?.rev ?? 0) + 1);
  }

  private change(record: OverrideRecord): void {
    this.adopt(record);
    this.write(record);
  }

  /** Takes a record into what this replica knows and into the mirror the account stage reads. */
  private adopt(record: OverrideRecord): void {
    const { account, kind } = record;
    const registers = this.known.get(account) ?? {};
    registers[kind] = record;
    // Re-inserted last: the first account is the one changed longest ago (dropped past the bound).
    this.known.delete(account);
    this.known.set(account, registers);
    if (record.entry === undefined) this.local.delete(account, kind);
    else this.local.set(record.entry);
    if (this.known.size > this.maxAccounts) {
      const oldest = this.known.keys().next().value;
      if (oldest !== undefined) this.forget(oldest);
    }
  }

  private forget(account: string): void {
    this.known.delete(account);
    for (const kind of KINDS) this.local.delete(account, kind);
  }

  /** Writes a record to Redis; kept to retry at the next sync when Redis could not take it. */
  private write(record: OverrideRecord): void {
    if (record.until <= this.now()) return;
    const sent = sendRecord(this.connection, record, this.maxAccounts);
    const keep = (): void => {
      const key = `${record.kind}\n${record.account}`;
      if (supersedes(record, this.pending.get(key), false)) this.pending.set(key, record);
    };
    if (sent === undefined) {
      this.connection.report('overrides_fallback');
      return keep();
    }
    sent.then(({ version, corrupt, dropped }) => {
      if (corrupt > 0) this.connection.report('corrupt_value', corrupt);
      // A failure is counted by the connection; the hashes then expire with their records.
      if (dropped.length > 0) dropAccounts(this.connection, dropped)?.catch(() => undefined);
      if (version === -1) keep();
      // Redis holds a record as new or newer (another replica's change): take it.
      else if (version === 0) void this.reloadAccount(tagOf(record.account));
    }, keep);
  }

  private onMessage(message: string): void {
    if (!message.startsWith('o ')) return;
    const space = message.indexOf(' ', 2);
    const version = Number(message.slice(2, space));
    const tag = message.slice(space + 1);
    if (space < 0 || !Number.isSafeInteger(version) || !TAG.test(tag)) {
      this.connection.report('corrupt_value');
      return;
    }
    if (this.loaded && version === this.seen + 1) {
      this.seen = version;
      void this.reloadAccount(tag);
    } else void this.sync();
  }

  /** Re-reads one account's records (a change announced on the channel). */
  private async reloadAccount(tag: string): Promise<void> {
    const fields = await readAccount(this.connection, tag);
    if (fields === undefined) this.stale = true;
    else this.merge(tag, fields, this.now());
  }

  private async catchUp(): Promise<void> {
    for (const [key, record] of this.pending) {
      this.pending.delete(key);
      this.write(record);
    }
    const raw = await this.connection.run('overrides_sync', (c) =>
      c.get(this.connection.keyspace.overrides.version),
    );
    if (raw === undefined) return;
    // A version that is not a counter is corrupt: read as 0 (the next write replaces it).
    const version = raw !== null && /^\d{1,16}$/.test(raw) ? Number(raw) : 0;
    if (this.loaded && !this.stale && version === this.seen) return;
    this.stale = false;
    if (!(await this.reloadAll(this.now()))) {
      this.stale = true;
      return;
    }
    this.seen = version;
    this.loaded = true;
  }

  /**
   * Re-reads every account in the index and merges it; then writes back every record this replica
   * knows that Redis did not hold (what a restarted or flushed Redis lost). False: Redis went away.
   */
  private async reloadAll(now: number): Promise<boolean> {
    const tags = await readIndex(this.connection, now);
    if (tags === undefined) return false;
    // Which records Redis holds, by kind and account: the others are written back below.
    const held = new Set<string>();
    for (let i = 0; i < tags.length; i += PAGE) {
      const page = tags.slice(i, i + PAGE);
      const hashes = await readAccounts(this.connection, page);
      if (hashes === undefined) return false;
      for (const [j, fields] of hashes.entries()) this.merge(page[j] as string, fields, now, held);
    }
    for (const [account, registers] of this.known) {
      let live = false;
      for (const kind of KINDS) {
        const record = registers[kind];
        if (record === undefined || record.until <= now) continue;
        live = true;
        if (!held.has(`${kind}\n${account}`)) this.write(record);
      }
      if (!live) this.forget(account);
    }
    return true;
  }

  /** Merges one account's hash as Redis holds it: the newer record wins, either way. */
  private merge(tag: string, fields: Fields, now: number, held?: Set<string>): void {
    let corrupt = 0;
    for (const [field, text] of Object.entries(fields)) {
      const record = decodeRecord(field, text);
      if (record === undefined || tagOf(record.account) !== tag) {
        corrupt++;
        continue;
      }
      held?.add(`${record.kind}\n${record.account}`);
      const known = this.known.get(record.account)?.[record.kind];
      if (!supersedes(record, known, true)) this.write(known as OverrideRecord);
      else if (record.until > now && (known === undefined || encodeRecord(known) !== text))
        this.adopt(record);
    }
    if (corrupt > 0) this.connection.report('corrupt_value', corrupt);
  }
}
