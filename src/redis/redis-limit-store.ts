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
 *
 * Exactly once across a timeout: every spend and adjust call carries an operation id, and the
 * scripts leave a marker under it (hash-tagged with the buckets, `MARKER_TTL_MS`). A spend whose
 * reply never came may have run or may still run; the ledger keeps it, and reconciliation resolves
 * it first (resolve.lua): if it ran, its cost and lease are refunded and its slots released; if
 * not, the marker is written first so it never will — either way the request counts once, through
 * the fallback that served it. The lease units it surrendered go back to Redis either way, never
 * to the local lease (they could otherwise be spent twice).
 *
 * Time: the scripts judge every bucket on the server's clock — the one clock all replicas share,
 * where each replica's wall clock may be skewed — as this replica estimates it: its monotonic
 * clock plus an offset measured against TIME (redis-connection.ts). The `now` callers pass (wall
 * clock) is carried onto the monotonic clock by a fixed difference, which follows the wall clock
 * only when it steps (NTP steps offsets over 128 ms; it slews smaller ones): a step moves no
 * bucket, no lease and no deadline, and between steps time is a plain function of `now` (tests
 * pass it forward). Local state (leases, the fallback buckets) runs on the monotonic clock.
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
import {
  LeaseRefills,
  NOT_REACHED,
  REACHED,
  refusedIndex,
  type RefillResult,
} from './lease-refills.ts';
import { LeaseTable } from './limit-leases.ts';
import { MARKER_TTL_MS, ReconcileLedger } from './reconcile-ledger.ts';
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

/** One script call: the request's buckets and slots that share a hash tag. */
interface Group {
  readonly spends: { readonly spend: BucketSpend; readonly index: number; credit: number }[];
  readonly slots: { readonly claim: SlotClaim; readonly index: number; readonly member: string }[];
}

/** A call's reply; undefined: it failed, and `lost`: it may have run (resolved by id later). */
type Sent = {
  readonly group: Group;
  readonly reply: readonly number[] | undefined;
  readonly lost?: boolean;
};

/** The two time bases of a call: see the module comment. */
interface Times {
  /** The caller's `now` on the server's clock (the scripts). */
  readonly server: number;
  /** The caller's `now` on the monotonic clock (leases and the fallback buckets). */
  readonly local: number;
}

/** A change of (wall − monotonic) beyond this is a step of the wall clock, not jitter. */
const STEP_MS = 100;

/** A lease in use is renewed once this share of its ttl is left (steady traffic never misses). */
const RENEW_AHEAD = 0.25;

/**
 * Refills a request waits for before it sends its own spend: a refill that granted fewer units
 * than there were waiters leaves the rest to the next one, so near a limit a few round trips are
 * taken one after another, not all at once — and never more than this many for one request.
 */
const MAX_WAITS = 3;

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
  private readonly refills = new LeaseRefills();
  private readonly renewWithin: number;
  private readonly ledger: ReconcileLedger;
  private readonly held: HeldSlots;
  private fallback: MemoryLimitStore;
  private members = 0;
  /** Waiters refused by their refill's refusal, with no call of their own. */
  private sharedRefusals = 0;
  /** Wall clock minus monotonic clock, as of the last step (see `times`). */
  private drift: number;
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
    this.renewWithin = settings.lease.ttl * RENEW_AHEAD;
    this.ledger = new ReconcileLedger(this.replica, options.maxKeys);
    this.held = new HeldSlots(connection, settings.slot_ttl);
    this.fallback = new MemoryLimitStore(options.maxKeys);
    this.drift = this.clock.now() - this.clock.mono();
    connection.onSync(() => this.reconcile());
    this.sweeper = setInterval(() => {
      const times = this.times(this.clock.now());
      this.leases.sweep(times.local, (key, rate, units) =>
        this.settleRemote(key, rate, -units, times),
      );
    }, 500);
    this.sweeper.unref();
  }

  spendAll(
    spends: readonly BucketSpend[],
    now: number,
    slots: readonly SlotClaim[] = NO_SLOTS,
  ): SpendOutcome | Promise<SpendOutcome> {
    const times = this.times(now);
    if (slots.length === 0 && spends.length > 0) {
      const taken = this.leases.take(spends, times.local);
      if (taken !== undefined) {
        this.renewAhead(spends, times);
        return { allowed: true, refused: -1, waitMs: 0, ...taken };
      }
      const refill =
        this.refills.size > 0
          ? this.refills.find(this.leases.lacking(spends, times.local))
          : undefined;
      if (refill !== undefined) return this.afterRefill(refill, spends, now);
    }
    if (this.connection.breaker.isOpen) return this.spendLocally(spends, times.local, slots);
    return this.spendShared(spends, times, slots);
  }

  adjust(key: string, rate: Rate, delta: number, now: number): void {
    if (delta === 0) return;
    const times = this.times(now);
    const rest = this.leases.absorb(key, delta, times.local);
    if (rest !== 0) this.settleRemote(key, rate, rest, times);
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
    const times = this.times(now);
    if (pending === undefined) return this.fallback.peek(key, rate, times.local);
    return pending.then(
      (raw) => {
        const tat = Number(raw ?? 0);
        const valid = Number.isFinite(tat) && tat >= 0 ? tat : 0;
        const server = times.server;
        return {
          remaining: available(rate, valid, server),
          resetMs: Math.max(0, Math.ceil(valid - server)),
        };
      },
      () => this.fallback.peek(key, rate, times.local),
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

  /** For /readyz: leases held and being refilled, slot sets held, what waits to be reconciled. */
  stats(): Record<string, number> {
    return {
      leases: this.leases.size,
      refills: this.refills.size,
      shared_refusals: this.sharedRefusals,
      slot_sets: this.held.size,
      unreconciled: this.ledger.size,
      reconcile_dropped: this.ledger.dropped,
      reconcile_expired: this.ledger.expired,
    };
  }

  /** Gives unused leases and held slots back (best effort) and stops the timers. */
  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.held.close();
    const times = this.times(this.clock.now());
    this.leases.drain((key, rate, units) => this.settleRemote(key, rate, -units, times));
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

  /** The time bases of a call made at `now` (see the module comment). */
  private times(now: number): Times {
    const drift = this.clock.now() - this.clock.mono();
    if (Math.abs(drift - this.drift) > STEP_MS) this.drift = drift;
    const local = now - this.drift;
    return { server: local + this.connection.clockOffset(), local };
  }

  /**
   * A request whose lease is being refilled by another's call (lease-refills.ts): it waits for
   * that call — bounded by its command timeout — and takes its units from the new lease. A refill
   * that could not reach Redis leaves it to the failure mode; one Redis refused refuses it too when
   * it asks at least as much of the refused bucket; one that granted too little, to the next
   * refill or, past `MAX_WAITS`, to a spend of its own.
   */
  private async afterRefill(
    first: Promise<RefillResult>,
    spends: readonly BucketSpend[],
    now: number,
  ): Promise<SpendOutcome> {
    const start = this.clock.mono();
    let refill: Promise<RefillResult> | undefined = first;
    for (let waits = 1; refill !== undefined; waits++) {
      const result = await refill;
      // The caller's `now`, moved on by the wait (tests pass times of their own).
      const times = this.times(now + (this.clock.mono() - start));
      if (!result.reached) return this.spendLocally(spends, times.local, NO_SLOTS);
      const taken = this.leases.take(spends, times.local);
      if (taken !== undefined) return { allowed: true, refused: -1, waitMs: 0, ...taken };
      const refused = refusedIndex(result.refused, spends);
      if (refused >= 0) {
        this.sharedRefusals++;
        const waitMs = result.refused?.waitMs ?? 0;
        return { allowed: false, refused, waitMs, remaining: [0], resetMs: [waitMs] };
      }
      refill =
        waits < MAX_WAITS ? this.refills.find(this.leases.lacking(spends, times.local)) : undefined;
    }
    const times = this.times(now + (this.clock.mono() - start));
    if (this.connection.breaker.isOpen) return this.spendLocally(spends, times.local, NO_SLOTS);
    return this.spendShared(spends, times, NO_SLOTS);
  }

  /**
   * Renews the leases of a request's buckets that are in use and about to expire, in the
   * background (one call, a refill others may wait for): a cost-0 spend for a fresh share. The
   * units left of the old lease go back to Redis with the reply, as they would have at expiry —
   * a lease in use holds one share, not the sum of every renewal's.
   */
  private renewAhead(spends: readonly BucketSpend[], times: Times): void {
    const due = this.leases.expiring(spends, times.local, times.local + this.renewWithin);
    if (due.length === 0 || this.connection.breaker.isOpen) return;
    const fresh = due.filter((spend) => !this.refills.has(spend.key));
    if (fresh.length > 0) void this.renew(fresh, times);
  }

  private async renew(due: readonly BucketSpend[], times: Times): Promise<void> {
    const settle = this.refills.start(due.map((spend) => spend.key));
    let result = NOT_REACHED;
    try {
      const free = due.map((spend) => ({ key: spend.key, rate: spend.rate, cost: 0 }));
      const groups = this.groups(free, NO_SLOTS, times.local, false);
      const sent = await Promise.all(groups.map((group) => this.send(group, times)));
      if (sent.every(({ reply }) => reply !== undefined)) result = REACHED;
      for (const { group, reply } of sent) {
        if (reply?.[0] !== 1) continue;
        group.spends.forEach(({ spend }, b) => {
          const left = reply[4 + b * 3] ?? 0;
          const reset = reply[5 + b * 3] ?? 0;
          const granted = reply[6 + b * 3] ?? 0;
          const old = this.leases.surrender(spend.key, times.local);
          const over = this.leases.grant(spend.key, spend.rate, granted, times.local, left, reset);
          if (old + over > 0) this.settleRemote(spend.key, spend.rate, -(old + over), times);
        });
      }
    } finally {
      settle(result);
    }
  }

  private async spendShared(
    spends: readonly BucketSpend[],
    times: Times,
    slots: readonly SlotClaim[],
  ): Promise<SpendOutcome> {
    // This call refills the leases of its buckets: requests that miss them meanwhile wait for it.
    const settle = this.refills.start(spends.map((spend) => spend.key));
    let result = NOT_REACHED;
    try {
      const call = { failed: false };
      const outcome = await this.spendSharedOnce(spends, times, slots, () => (call.failed = true));
      if (!call.failed) result = refillResult(outcome, spends);
      return outcome;
    } finally {
      settle(result);
    }
  }

  private async spendSharedOnce(
    spends: readonly BucketSpend[],
    times: Times,
    slots: readonly SlotClaim[],
    failedCall: () => void,
  ): Promise<SpendOutcome> {
    const local = times.local;
    const groups = this.groups(spends, slots, local);
    const sent = await Promise.all(groups.map((group) => this.send(group, times)));
    const failed = sent.some((result) => result.reply === undefined);
    if (failed) failedCall();
    const refused = sent.find((result) => result.reply !== undefined && result.reply[0] !== 1);
    if (failed || refused !== undefined) {
      for (const result of sent) {
        // A lost call's credits go back to Redis when it is resolved, never to the lease.
        if (result.reply === undefined) {
          if (result.lost !== true) this.restoreCredits(result.group, times);
        } else if (result.reply[0] === 1) this.undo(result.group, result.reply, times);
      }
      if (failed) return this.spendLocally(spends, local, slots);
      // A lease topped up by a concurrent call may cover what Redis just refused.
      const taken = slots.length === 0 ? this.leases.take(spends, local) : undefined;
      if (taken !== undefined) return { allowed: true, refused: -1, waitMs: 0, ...taken };
      return refusal(refused as Sent, spends.length);
    }
    const remaining = new Array<number>(spends.length).fill(0);
    const resetMs = new Array<number>(spends.length).fill(0);
    for (const { group, reply } of sent)
      this.keep(group, reply as readonly number[], times, remaining, resetMs);
    return { allowed: true, refused: -1, waitMs: 0, remaining, resetMs };
  }

  /** Splits the request by hash tag (Cluster), surrendering its buckets' leases to the call. */
  private groups(
    spends: readonly BucketSpend[],
    slots: readonly SlotClaim[],
    now: number,
    surrender = true,
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
      const credit = surrender ? this.leases.surrender(spend.key, now) : 0;
      groupOf(spend.key).spends.push({ spend, index, credit });
    });
    slots.forEach((claim, index) => {
      const member = `${this.replica}.${(this.members++).toString(36)}`;
      groupOf(claim.key).slots.push({ claim, index: spends.length + index, member });
    });
    return [...byTag.values()];
  }

  private async send(group: Group, times: Times): Promise<Sent> {
    const keyspace = this.connection.keyspace;
    const keys: string[] = [];
    const args: (string | number)[] = [
      this.connection.deadline(),
      times.server,
      group.spends.length,
      group.slots.length,
      this.slotTtl,
      MARKER_TTL_MS,
    ];
    // What resolve.lua needs to undo this call, should its reply never come.
    const undo: (string | number)[] = [];
    for (const { spend, credit } of group.spends) {
      keys.push(keyspace.limit(spend.key));
      const share = spend.key.endsWith('r') ? this.shares.requests : this.shares.tokens;
      args.push(interval(spend.rate), spend.rate.burst, spend.cost, share, credit);
      undo.push(interval(spend.rate), Math.min(spend.cost, spend.rate.burst), credit);
    }
    for (const { claim, member } of group.slots) {
      keys.push(keyspace.limit(claim.key));
      args.push(claim.max, claim.hold ? 1 : 0, member);
      undo.push(member);
    }
    const first = group.spends[0]?.spend.key ?? (group.slots[0] as Group['slots'][0]).claim.key;
    const marker = keyspace.reconcile(first, `o${this.ledger.nextId()}`);
    const sentAt = this.clock.mono();
    const pending = this.connection.run('spend', (c) =>
      c.dgSpend(keys.length + 1, ...keys, marker, ...args),
    );
    if (pending === undefined) return { group, reply: undefined };
    const reply = await pending.catch(() => undefined);
    if (reply === undefined) {
      const buckets = group.spends.length;
      this.ledger.addUnresolved({ marker, keys, buckets, args: undo, sentAt });
      return { group, reply: undefined, lost: true };
    }
    if ((reply[3] ?? 0) > 0) this.connection.report('corrupt_value', reply[3]);
    if (reply[0] === -1) {
      this.connection.report('limits_stale');
      return { group, reply: undefined };
    }
    return { group, reply };
  }

  /** An allowed call whose request was refused elsewhere: its costs and slots go back. */
  private undo(group: Group, reply: readonly number[], times: Times): void {
    group.spends.forEach(({ spend }, b) => {
      const granted = reply[6 + b * 3] ?? 0;
      const over = granted > 0 ? this.leases.grant(spend.key, spend.rate, granted, times.local) : 0;
      const charged = Math.min(spend.cost, spend.rate.burst);
      this.settleRemote(spend.key, spend.rate, -(charged + over), times);
    });
    for (const { claim, member } of group.slots) {
      if (!claim.hold) continue;
      this.held.hold(claim.key, member);
      this.releaseSlot(claim.key);
    }
  }

  /** A call that was never applied (unsent, or too late): the surrendered units are ours again. */
  private restoreCredits(group: Group, times: Times): void {
    for (const { spend, credit } of group.spends) {
      if (credit <= 0) continue;
      const over = this.leases.grant(spend.key, spend.rate, credit, times.local);
      if (over > 0) this.settleRemote(spend.key, spend.rate, -over, times);
    }
  }

  /** An admitted call: leases granted, slots held, what each bucket has left. */
  private keep(
    group: Group,
    reply: readonly number[],
    times: Times,
    remaining: number[],
    resetMs: number[],
  ): void {
    group.spends.forEach(({ spend, index }, b) => {
      const left = reply[4 + b * 3] ?? 0;
      const reset = reply[5 + b * 3] ?? 0;
      const granted = reply[6 + b * 3] ?? 0;
      const over = this.leases.grant(spend.key, spend.rate, granted, times.local, left, reset);
      if (over > 0) this.settleRemote(spend.key, spend.rate, -over, times);
      remaining[index] = left + granted;
      resetMs[index] = reset;
    });
    for (const { claim, member } of group.slots) if (claim.hold) this.held.hold(claim.key, member);
  }

  /**
   * A settlement Redis must see: sent now under an operation id, or kept in the ledger when it
   * cannot be — under that id when it was sent and its reply never came (it may have run).
   */
  private settleRemote(key: string, rate: Rate, delta: number, times: Times): void {
    if (this.connection.breaker.isOpen) {
      this.fallback.adjust(key, rate, delta, times.local);
      this.ledger.add(key, rate, delta);
      return;
    }
    const keyspace = this.connection.keyspace;
    const id = this.ledger.nextId();
    const marker = keyspace.reconcile(key, id);
    const deadline = this.connection.deadline();
    const sentAt = this.clock.mono();
    const sent = this.connection.run('adjust', (c) =>
      c.dgAdjust(
        2,
        keyspace.limit(key),
        marker,
        deadline,
        times.server,
        interval(rate),
        delta,
        0,
        MARKER_TTL_MS,
      ),
    );
    if (sent === undefined) return this.ledger.add(key, rate, delta);
    sent.then(
      (applied) => {
        if (applied === -1) this.ledger.add(key, rate, delta);
      },
      () => this.ledger.addSent(key, rate, delta, id, sentAt),
    );
  }

  /** Applies the ledger to Redis (after an outage, and every second while it holds anything). */
  private async reconcile(): Promise<void> {
    if (this.ledger.size === 0) return;
    const mono = this.clock.mono();
    const now = this.times(this.clock.now()).server;
    // First the spends whose replies never came: each undone, or voided before it runs.
    await Promise.all(
      this.ledger.toResolve(mono).map(async (spend) => {
        const { keys, buckets, args, marker } = spend;
        const done = await this.connection
          .run('resolve', (c) =>
            c.dgResolve(
              keys.length + 1,
              ...keys,
              marker,
              buckets,
              keys.length - buckets,
              MARKER_TTL_MS,
              now,
              ...args,
            ),
          )
          ?.catch(() => undefined);
        if (done !== undefined) this.ledger.resolved(spend);
      }),
    );
    const entries = this.ledger.seal(mono);
    const keyspace = this.connection.keyspace;
    await Promise.all(
      entries.map(async (entry) => {
        const bucket = keyspace.limit(entry.key);
        const marker = keyspace.reconcile(entry.key, entry.id ?? '');
        const deadline = this.connection.deadline();
        const sent = this.connection.run('reconcile', (c) =>
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
        );
        // Sent and unanswered: it may have run, its marker is trusted only so long.
        const applied = await sent?.catch(() => {
          entry.sentAt ??= mono;
          return undefined;
        });
        if (applied === 0 || applied === 1) this.ledger.settled(entry);
      }),
    );
    // Once Redis holds every local spend, the local buckets start over at the next outage.
    if (this.ledger.size === 0 && !this.connection.breaker.isOpen)
      this.fallback = new MemoryLimitStore(this.maxKeys);
  }
}

/** The outcome of a refused call, with its index in the whole request. */
/** What a reached refill tells its waiters: the bucket Redis refused, if it was a bucket's. */
function refillResult(outcome: SpendOutcome, spends: readonly BucketSpend[]): RefillResult {
  const spend = outcome.allowed ? undefined : spends[outcome.refused];
  if (spend === undefined) return REACHED;
  return { reached: true, refused: { key: spend.key, cost: spend.cost, waitMs: outcome.waitMs } };
}

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
