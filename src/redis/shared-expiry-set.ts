/**
 * A set of things remembered until a time, shared by every replica through Redis: remembered
 * blocks and challenges. The hot path never waits on it: each replica keeps a local mirror (the
 * memory store) that answers synchronously, and this class keeps the mirror current.
 *
 * - A change made here is applied to the mirror at once and written with remember.lua, which
 *   publishes it: every other replica applies it on the message, within milliseconds.
 * - Every message carries the set's version. A replica that sees a gap (a lost message, a
 *   resubscription) or whose periodic version check disagrees re-reads the whole set (bounded) and
 *   merges it: members only ever gain time, so merging twice changes nothing.
 * - A write Redis could not take is kept and retried at the next sync; when Redis comes back empty
 *   (its version went backwards), every replica writes what it remembers back. What is kept is
 *   bounded by the set's cap (more than Redis would hold anyway): past it, under a long outage or
 *   a flood, the write kept longest is dropped and counted (`blocks_pending_dropped`,
 *   `challenges_pending_dropped`) — still in force on this replica, and written back with the rest
 *   if Redis returns empty; only a Redis that kept its data misses it.
 * - A member or score that does not parse is skipped and counted (`corrupt_value`).
 */
import { classify, type RedisConnection } from './redis-connection.ts';

export interface ExpirySetNames {
  readonly set: string;
  readonly version: string;
}

export interface Mirror {
  /** Applies a member (keeps the later expiry); returns false when it does not parse. */
  apply(member: string, until: number): boolean;
  /** Everything it remembers beyond `now`, to write back to an emptied Redis. */
  members(now: number): Iterable<[member: string, until: number]>;
}

export class SharedExpirySet {
  private readonly connection: RedisConnection;
  private readonly names: ExpirySetNames;
  private readonly tag: string;
  private readonly cap: number;
  private readonly mirror: Mirror;
  private readonly now: () => number;
  /** `blocks` or `challenges`: the store its fallback and drops are counted for. */
  private readonly store: string;
  private seen = 0;
  /**
   * The highest version this replica's own writes got back. Its message may not have arrived when
   * Redis restarts empty (a block remembered just before): `seen` is then still below it, and
   * only this tells the version check that Redis lost a write it had taken.
   */
  private wrote = 0;
  private loaded = false;
  /** Writes Redis did not take yet (member → until), oldest first; at most `cap`. */
  private readonly pending = new Map<string, number>();

  constructor(
    connection: RedisConnection,
    names: ExpirySetNames,
    tag: string,
    cap: number,
    mirror: Mirror,
    now: () => number,
  ) {
    this.connection = connection;
    this.names = names;
    this.tag = tag;
    this.cap = cap;
    this.mirror = mirror;
    this.now = now;
    this.store = tag === 'b' ? 'blocks' : 'challenges';
    connection.onMessage((message) => this.onMessage(message));
    connection.onSync(() => this.sync());
  }

  /** Whether the mirror reflects Redis (loaded once, and Redis reachable now). */
  get current(): boolean {
    return this.loaded && !this.connection.breaker.isOpen;
  }

  /** Writes not yet in Redis (kept to retry at the next sync). */
  get unsent(): number {
    return this.pending.size;
  }

  add(member: string, until: number): void {
    this.mirror.apply(member, until);
    this.write(member, until);
  }

  private write(member: string, until: number): void {
    const { set, version } = this.names;
    const sent = this.connection.run('remember', (c) =>
      c.dgRemember(
        2,
        set,
        version,
        this.connection.deadline(),
        member,
        until,
        this.cap,
        this.connection.keyspace.channel,
        this.tag,
      ),
    );
    const keep = (): void => this.keep(member, until);
    if (sent === undefined) {
      this.connection.report(`${this.store}_fallback`);
      return keep();
    }
    sent.then(([result, corrupt]) => {
      if (corrupt > 0) this.connection.report('corrupt_value', corrupt);
      if (result === -1) keep();
      else if (result > this.wrote) this.wrote = result;
    }, keep);
  }

  /** Keeps a write to retry; past the cap the one kept longest goes (counted). */
  private keep(member: string, until: number): void {
    const kept = this.pending.get(member);
    if (kept !== undefined) {
      if (kept < until) this.pending.set(member, until);
      return;
    }
    if (this.pending.size >= this.cap) {
      const oldest = this.pending.keys().next().value;
      if (oldest !== undefined) this.pending.delete(oldest);
      this.connection.report(`${this.store}_pending_dropped`);
    }
    this.pending.set(member, until);
  }

  private onMessage(message: string): void {
    if (!message.startsWith(`${this.tag} `)) return;
    const second = message.indexOf(' ', 2);
    const third = message.indexOf(' ', second + 1);
    const version = Number(message.slice(2, second));
    const until = Number(message.slice(second + 1, third));
    const member = message.slice(third + 1);
    if (
      second < 0 ||
      third < 0 ||
      !Number.isSafeInteger(version) ||
      !Number.isFinite(until) ||
      !this.mirror.apply(member, until)
    ) {
      this.connection.report('corrupt_value');
      return;
    }
    if (version === this.seen + 1) this.seen = version;
    else void this.sync();
  }

  /**
   * The version check (every second, and after an outage); a full merge when it disagrees.
   * Never rejects: a failure is already counted, and the next sync tries again.
   */
  async sync(): Promise<void> {
    await this.resync().catch(() => undefined);
  }

  private async resync(): Promise<void> {
    for (const [member, until] of this.pending) {
      this.pending.delete(member);
      if (until > this.now()) this.write(member, until);
    }
    const raw = await this.connection.run('sync', (c) => c.get(this.names.version));
    if (raw === undefined) return;
    // A version that is not a counter is corrupt: read as 0 (the next write resets it).
    const version = raw === null || !/^\d{1,15}$/.test(raw) ? 0 : Number(raw);
    if (this.loaded && version === this.seen && version >= this.wrote) return;
    // The version went backwards (a Redis restarted empty): write back what this replica knows.
    const emptied = version < Math.max(this.seen, this.wrote);
    const now = this.now();
    // A set of the wrong type (a hostile write) reads as empty; remember.lua replaces it.
    const entries = await this.connection
      .run('sync', (c) => c.zrangebyscore(this.names.set, now, '+inf', 'WITHSCORES'))
      ?.catch((error: unknown) => (classify(error) === 'reply_wrongtype' ? [] : undefined));
    if (entries === undefined) return;
    let corrupt = 0;
    for (let i = 0; i + 1 < entries.length; i += 2) {
      const until = Number(entries[i + 1]);
      if (!Number.isFinite(until) || !this.mirror.apply(entries[i] as string, until)) corrupt++;
    }
    if (corrupt > 0) this.connection.report('corrupt_value', corrupt);
    if (emptied) {
      // The write-backs' replies count from the new version on.
      this.wrote = 0;
      for (const [member, until] of this.mirror.members(now)) this.write(member, until);
    }
    this.seen = version;
    this.loaded = true;
  }
}
