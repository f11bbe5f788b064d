/**
 * The limit store every replica shares (store: redis). One admission is one atomic script call
 * (src/redis/lua/spend.lua: GCRA over every bucket plus the stream slots, all or nothing) per hash
 * tag — one in all except on Cluster with limits of several scopes, where each tag's call is
 * atomic and a refusal by one gives back what the others took.
 *
 * Most admissions need no round trip: a call may grant this replica a lease of units
 * (limit-leases.ts), and a request its leases cover is admitted synchronously. Settlements go to
 * the lease first and to Redis (fire-and-forget) for the rest.
 *
 * When Redis cannot be used (breaker open, a failure or a timeout): failure mode `open` admits
 * from local buckets (counted) and records what they spent in the reconcile ledger, applied to
 * Redis once it answers (exactly once, see reconcile-ledger.ts); `closed` refuses (503).
 */
import { randomBytes } from 'node:crypto';
import type { Rate } from '../limits/gcra.ts';
import { available, interval } from '../limits/gcra.ts';
import {
  MemoryLimitStore,
  type BucketSpend,
  type BucketState,
  type LimitStore,
  type SlotState,
  type SlotClaim,
  type SpendOutcome,
} from '../limits/limit-store.ts';
import type { Clock } from '../util/clock.ts';
import { HeldSlots, LOCAL } from './held-slots.ts';
import { LeaseTable } from './limit-leases.ts';
import { ReconcileLedger } from './reconcile-ledger.ts';
import type { RedisConnection } from './redis-connection.ts';

const UNAVAILABLE: SpendOutcome = Object.freeze({
  allowed: false,
  refused: -1,
  waitMs: 0,
  remaining: [],
  resetMs: [],
  unavailable: true,
});
const NO_SLOTS: readonly SlotClaim[] = Object.freeze([]);
const MARKER_TTL_MS = 600_000;

/** One script call: the request's buckets and slots that share a hash tag. */
interface Group {
  readonly spends: { readonly spend: BucketSpend; readonly index: number; credit: number }[];
  readonly slots: { readonly claim: SlotClaim; readonly index: number; readonly member: string }[];
}

type Sent = { readonly group: Group; readonly reply: readonly number[] | undefined };

export interface RedisLimitStoreOptions {
  readonly maxKeys: number;
  readonly clock: Clock;
}

export class RedisLimitStore implements LimitStore {
  private readonly connection: RedisConnection;
  private readonly clock: Clock;
  private readonly closed: boolean;
  private readonly shares: { readonly requests: number; readonly tokens: number };
  private readonly slotTtl: number;
  private readonly maxKeys: number;
  private readonly replica = randomBytes(6).toString('hex');
  private readonly leases: LeaseTable;
  private readonly ledger: ReconcileLedger;
  private readonly held: HeldSlots;
  private fallback: MemoryLimitStore;
  private members = 0;
  private readonly sweeper: NodeJS.Timeout;

  constructor(connection: RedisConnection, options: RedisLimitStoreOptions) {
    const settings = connection.settings;
    this.connection = connection;
    this.clock = options.clock;
    this.closed = settings.failure_mode.limits === 'closed';
    this.shares = settings.lease;
    this.slotTtl = settings.slot_ttl;
    this.maxKeys = options.maxKeys;
    this.leases = new LeaseTable(settings.lease.ttl, options.maxKeys);
    this.ledger = new ReconcileLedger(this.replica, options.maxKeys);
    this.held = new HeldSlots(connection, settings.slot_ttl);
    this.fallback = new MemoryLimitStore(options.maxKeys);
    connection.onSync(() => this.reconcile());
    this.sweeper = setInterval(() => {
      const now = this.clock.now();
      this.leases.sweep(now, (key, rate, units) => this.settleRemote(key, rate, -units, now));
    }, 500);
    this.sweeper.unref();
  }

  spendAll(
    spends: readonly BucketSpend[],
    now: number,
    slots: readonly SlotClaim[] = NO_SLOTS,
  ): SpendOutcome | Promise<SpendOutcome> {
    if (slots.length === 0 && spends.length > 0) {
      const taken = this.leases.take(spends, now);
      if (taken !== undefined) return { allowed: true, refused: -1, waitMs: 0, ...taken };
    }
    if (this.connection.breaker.isOpen) return this.spendLocally(spends, now, slots);
    return this.spendShared(spends, now, slots);
  }

  adjust(key: string, rate: Rate, delta: number, now: number): void {
    if (delta === 0) return;
    const rest = this.leases.absorb(key, delta, now);
    if (rest !== 0) this.settleRemote(key, rate, rest, now);
  }

  releaseSlot(key: string): void {
    const member = this.held.release(key);
    if (member === undefined) return;
    if (member === LOCAL) return this.fallback.releaseSlot(key);
    const redisKey = this.connection.keyspace.limit(key);
    void this.connection
      .run('slot_release', (c) => c.zrem(redisKey, member))
      ?.catch(() => {
        // The member expires with slot_ttl: a lost release frees the slot a little later.
      });
  }

  size(): number {
    return this.leases.size + this.held.size + this.fallback.size();
  }

  /**
   * Where a bucket stands in Redis (admin API; not on the request path). Units this replica holds
   * in a lease are already spent there: the view is the shared one. Redis out: the local buckets.
   */
  peek(key: string, rate: Rate, now: number): BucketState | Promise<BucketState> {
    const pending = this.connection.run('peek', (c) => c.get(this.connection.keyspace.limit(key)));
    if (pending === undefined) return this.fallback.peek(key, rate, now);
    return pending.then(
      (raw) => {
        const tat = Number(raw ?? 0);
        const valid = Number.isFinite(tat) && tat >= 0 ? tat : 0;
        return {
          remaining: available(rate, valid, now),
          resetMs: Math.max(0, Math.ceil(valid - now)),
        };
      },
      () => this.fallback.peek(key, rate, now),
    );
  }

  /** Stream slots held under `key` across every replica (live members of its sorted set). */
  peekSlots(key: string): SlotState | Promise<SlotState> {
    const redisKey = this.connection.keyspace.limit(key);
    const pending = this.connection.run('peek_slots', (c) =>
      c.zcount(redisKey, this.connection.serverNow(), '+inf'),
    );
    if (pending === undefined) return this.fallback.peekSlots(key);
    return pending.then(
      (taken) => ({ taken }),
      () => this.fallback.peekSlots(key),
    );
  }

  /** For /readyz: leases held, slot sets held, what waits to be reconciled. */
  stats(): Record<string, number> {
    return {
      leases: this.leases.size,
      slot_sets: this.held.size,
      unreconciled: this.ledger.size,
      reconcile_dropped: this.ledger.dropped,
    };
  }

  /** Gives unused leases and held slots back (best effort) and stops the timers. */
  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.held.close();
    const now = this.clock.now();
    this.leases.drain((key, rate, units) => this.settleRemote(key, rate, -units, now));
    const releases = [...this.held.all()]
      .filter(([, member]) => member !== LOCAL)
      .map(([key, member]) =>
        this.connection.run('slot_release', (c) =>
          c.zrem(this.connection.keyspace.limit(key), member),
        ),
      );
    await Promise.allSettled([...releases, this.reconcile()]);
  }

  /** Fallback (breaker open or a failed call): local buckets, or 503 in failure mode closed. */
  private spendLocally(
    spends: readonly BucketSpend[],
    now: number,
    slots: readonly SlotClaim[],
  ): SpendOutcome {
    this.connection.report('limits_fallback');
    if (this.closed) return UNAVAILABLE;
    const outcome = this.fallback.spendAll(spends, now, slots);
    if (!outcome.allowed) return outcome;
    for (const spend of spends)
      this.ledger.add(spend.key, spend.rate, Math.min(spend.cost, spend.rate.burst));
    for (const claim of slots) if (claim.hold) this.held.hold(claim.key, LOCAL);
    return outcome;
  }

  private async spendShared(
    spends: readonly BucketSpend[],
    now: number,
    slots: readonly SlotClaim[],
  ): Promise<SpendOutcome> {
    const groups = this.groups(spends, slots, now);
    const sent = await Promise.all(groups.map((group) => this.send(group, now)));
    const failed = sent.some((result) => result.reply === undefined);
    const refused = sent.find((result) => result.reply !== undefined && result.reply[0] !== 1);
    if (failed || refused !== undefined) {
      for (const result of sent) {
        if (result.reply === undefined) this.restoreCredits(result.group, now);
        else if (result.reply[0] === 1) this.undo(result.group, result.reply, now);
      }
      if (failed) return this.spendLocally(spends, now, slots);
      // A lease topped up by a concurrent call may cover what Redis just refused.
      const taken = slots.length === 0 ? this.leases.take(spends, now) : undefined;
      if (taken !== undefined) return { allowed: true, refused: -1, waitMs: 0, ...taken };
      return refusal(refused as Sent, spends.length);
    }
    const remaining = new Array<number>(spends.length).fill(0);
    const resetMs = new Array<number>(spends.length).fill(0);
    for (const { group, reply } of sent)
      this.keep(group, reply as readonly number[], now, remaining, resetMs);
    return { allowed: true, refused: -1, waitMs: 0, remaining, resetMs };
  }

  /** Splits the request by hash tag (Cluster), surrendering its buckets' leases to the call. */
  private groups(
    spends: readonly BucketSpend[],
    slots: readonly SlotClaim[],
    now: number,
  ): Group[] {
    const keyspace = this.connection.keyspace;
    const byTag = new Map<string, Group>();
    const groupOf = (key: string): Group => {
      const tag = this.connection.mode === 'cluster' ? keyspace.limitTag(key) : '';
      let group = byTag.get(tag);
      if (group === undefined) byTag.set(tag, (group = { spends: [], slots: [] }));
      return group;
    };
    spends.forEach((spend, index) => {
      const credit = this.leases.surrender(spend.key, now);
      groupOf(spend.key).spends.push({ spend, index, credit });
    });
    slots.forEach((claim, index) => {
      const member = `${this.replica}.${(this.members++).toString(36)}`;
      groupOf(claim.key).slots.push({ claim, index: spends.length + index, member });
    });
    return [...byTag.values()];
  }

  private async send(group: Group, now: number): Promise<Sent> {
    const keyspace = this.connection.keyspace;
    const keys: string[] = [];
    const args: (string | number)[] = [
      this.connection.deadline(),
      now,
      group.spends.length,
      group.slots.length,
      this.slotTtl,
    ];
    for (const { spend, credit } of group.spends) {
      keys.push(keyspace.limit(spend.key));
      const share = spend.key.endsWith('r') ? this.shares.requests : this.shares.tokens;
      args.push(interval(spend.rate), spend.rate.burst, spend.cost, share, credit);
    }
    for (const { claim, member } of group.slots) {
      keys.push(keyspace.limit(claim.key));
      args.push(claim.max, claim.hold ? 1 : 0, member);
    }
    const reply = await this.connection
      .run('spend', (c) => c.dgSpend(keys.length, ...keys, ...args))
      ?.catch(() => undefined);
    if (reply === undefined) return { group, reply: undefined };
    if ((reply[3] ?? 0) > 0) this.connection.report('corrupt_value', reply[3]);
    if (reply[0] === -1) {
      this.connection.report('limits_stale');
      return { group, reply: undefined };
    }
    return { group, reply };
  }

  /** An allowed call whose request was refused elsewhere: its costs and slots go back. */
  private undo(group: Group, reply: readonly number[], now: number): void {
    group.spends.forEach(({ spend }, b) => {
      const granted = reply[6 + b * 3] ?? 0;
      if (granted > 0) this.leases.grant(spend.key, spend.rate, granted, now);
      this.settleRemote(spend.key, spend.rate, -Math.min(spend.cost, spend.rate.burst), now);
    });
    for (const { claim, member } of group.slots) {
      if (!claim.hold) continue;
      this.held.hold(claim.key, member);
      this.releaseSlot(claim.key);
    }
  }

  /** A call that failed changed nothing (its deadline): the surrendered units are ours again. */
  private restoreCredits(group: Group, now: number): void {
    for (const { spend, credit } of group.spends)
      if (credit > 0) this.leases.grant(spend.key, spend.rate, credit, now);
  }

  /** An admitted call: leases granted, slots held, what each bucket has left. */
  private keep(
    group: Group,
    reply: readonly number[],
    now: number,
    remaining: number[],
    resetMs: number[],
  ): void {
    group.spends.forEach(({ spend, index }, b) => {
      const left = reply[4 + b * 3] ?? 0;
      const reset = reply[5 + b * 3] ?? 0;
      const granted = reply[6 + b * 3] ?? 0;
      this.leases.grant(spend.key, spend.rate, granted, now, left, reset);
      remaining[index] = left + granted;
      resetMs[index] = reset;
    });
    for (const { claim, member } of group.slots) if (claim.hold) this.held.hold(claim.key, member);
  }

  /** A settlement Redis must see: sent now, or kept in the ledger when it cannot be. */
  private settleRemote(key: string, rate: Rate, delta: number, now: number): void {
    if (this.connection.breaker.isOpen) {
      this.fallback.adjust(key, rate, delta, now);
      this.ledger.add(key, rate, delta);
      return;
    }
    const bucket = this.connection.keyspace.limit(key);
    const deadline = this.connection.deadline();
    const sent = this.connection.run('adjust', (c) =>
      c.dgAdjust(1, bucket, deadline, now, interval(rate), delta, 0, 0),
    );
    if (sent === undefined) return this.ledger.add(key, rate, delta);
    sent.then(
      (applied) => {
        if (applied === -1) this.ledger.add(key, rate, delta);
      },
      () => this.ledger.add(key, rate, delta),
    );
  }

  /** Applies the ledger to Redis (after an outage, and every second while it holds anything). */
  private async reconcile(): Promise<void> {
    if (this.ledger.size === 0) return;
    const entries = this.ledger.seal();
    const now = this.clock.now();
    const keyspace = this.connection.keyspace;
    await Promise.all(
      entries.map(async (entry) => {
        const bucket = keyspace.limit(entry.key);
        const marker = keyspace.reconcile(entry.key, entry.id ?? '');
        const deadline = this.connection.deadline();
        const applied = await this.connection
          .run('reconcile', (c) =>
            c.dgAdjust(
              2,
              bucket,
              marker,
              deadline,
              now,
              interval(entry.rate),
              entry.delta,
              1,
              MARKER_TTL_MS,
            ),
          )
          ?.catch(() => undefined);
        if (applied === 0 || applied === 1) this.ledger.settled(entry);
      }),
    );
    // Once Redis holds every local spend, the local buckets start over at the next outage.
    if (this.ledger.size === 0 && !this.connection.breaker.isOpen)
      this.fallback = new MemoryLimitStore(this.maxKeys);
  }
}

/** The outcome of a refused call, with its index in the whole request. */
function refusal(sent: Sent, spendCount: number): SpendOutcome {
  const reply = sent.reply as readonly number[];
  const local = reply[1] ?? 0;
  const group = sent.group;
  const index =
    local < group.spends.length
      ? (group.spends[local]?.index ?? 0)
      : (group.slots[local - group.spends.length]?.index ?? spendCount);
  const waitMs = reply[2] ?? 0;
  return { allowed: false, refused: index, waitMs, remaining: [0], resetMs: [waitMs] };
}
