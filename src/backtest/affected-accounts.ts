/**
 * Which accounts and clusters a policy change newly affects or releases. Affected means at least
 * one request met a user-visible action (throttle, degrade, challenge, block). Only keys with a
 * visible action under either policy, or a changed decision, are tracked (a bounded table), so
 * the traffic both policies simply allow costs nothing here. Verified, allow-listed and
 * declared-use accounts that the candidate acts on more are the likely false positives.
 */
import type { ReplayRecord } from './replay-record.ts';
import { isUserVisible } from '../review/action-counts.ts';
import { BoundedTable, firstInOrder, type Interner } from '../util/bounded-table.ts';
import type { Replayed } from './policy-replay.ts';

export interface AffectedKey {
  readonly key: string;
  readonly tier: string | null;
  /** Requests with a user-visible action before / after. */
  readonly visible_before: number;
  readonly visible_after: number;
  /** Requests whose action changed. */
  readonly changed: number;
  /** Output tokens of its requests the candidate would refuse (served before). */
  readonly tokens_withheld: number;
  readonly verified: boolean;
  readonly declared_use: string | null;
  /** An operator allow override applied to it (in the log or in either config). */
  readonly allow_listed: boolean;
  readonly partial: boolean;
}

interface Entry {
  partial: boolean;
  readonly key: string;
  tier: string | null;
  visibleBefore: number;
  visibleAfter: number;
  changed: number;
  tokensWithheld: number;
  verified: boolean;
  declaredUse: string | null;
  allowListed: boolean;
}

export interface AffectedReport {
  readonly newly_affected: number;
  readonly released: number;
  readonly newly_affected_top: readonly AffectedKey[];
  readonly released_top: readonly AffectedKey[];
  readonly tracked: number;
  readonly dropped: number;
}

const isOverrideAllow = (decision: { action: string; rule: string | null }): boolean =>
  decision.action === 'allow' && decision.rule?.startsWith('override:') === true;

export class AffectedKeys {
  private readonly table: BoundedTable<Entry>;
  private readonly names: Interner;

  constructor(capacity: number, names: Interner) {
    this.names = names;
    this.table = new BoundedTable<Entry>(capacity, newEntry, (e) => e.changed + e.visibleAfter);
  }

  add(
    key: string | null,
    record: ReplayRecord,
    before: Replayed,
    after: Replayed,
    withheld: number,
  ): void {
    if (key === null) return;
    const visibleBefore = isUserVisible(before.action);
    const visibleAfter = isUserVisible(after.action);
    const changed = before.action !== after.action;
    const allowListed =
      isOverrideAllow(record) || isOverrideAllow(before) || isOverrideAllow(after);
    // Traffic both policies simply allow counts nothing here (most records: no lookup at all).
    if (!visibleBefore && !visibleAfter && !changed) {
      const known = allowListed ? this.table.peek(key) : undefined;
      if (known !== undefined) known.allowListed = true;
      return;
    }
    const entry = this.table.get(key);
    entry.tier = this.names.get(record.tier);
    entry.verified ||= record.verified === true;
    entry.declaredUse = this.names.get(record.declared_use);
    entry.allowListed ||= allowListed;
    if (visibleBefore) entry.visibleBefore++;
    if (visibleAfter) entry.visibleAfter++;
    if (changed) entry.changed++;
    entry.tokensWithheld += withheld;
  }

  report(top: number): AffectedReport {
    const newly: Entry[] = [];
    const released: Entry[] = [];
    for (const entry of this.table.values()) {
      if (entry.visibleBefore === 0 && entry.visibleAfter > 0) newly.push(entry);
      if (entry.visibleBefore > 0 && entry.visibleAfter === 0) released.push(entry);
    }
    const byImpact = (a: Entry, b: Entry): number =>
      b.changed - a.changed || b.tokensWithheld - a.tokensWithheld || (a.key < b.key ? -1 : 1);
    return {
      newly_affected: newly.length,
      released: released.length,
      newly_affected_top: firstInOrder(newly, top, byImpact).map(summaryOf),
      released_top: firstInOrder(released, top, byImpact).map(summaryOf),
      tracked: this.table.size,
      dropped: this.table.dropped,
    };
  }

  /** Accounts the candidate acts on more that are verified, allow-listed or declared-use. */
  likelyFalsePositives(top: number): {
    readonly count: number;
    readonly top: readonly AffectedKey[];
  } {
    const found = [...this.table.values()].filter(
      (e) =>
        e.visibleAfter > e.visibleBefore && (e.verified || e.allowListed || e.declaredUse !== null),
    );
    const byIncrease = (a: Entry, b: Entry): number =>
      b.visibleAfter - b.visibleBefore - (a.visibleAfter - a.visibleBefore) ||
      (a.key < b.key ? -1 : 1);
    return { count: found.length, top: firstInOrder(found, top, byIncrease).map(summaryOf) };
  }
}

function newEntry(key: string): Entry {
  return {
    partial: false,
    key,
    tier: null,
    visibleBefore: 0,
    visibleAfter: 0,
    changed: 0,
    tokensWithheld: 0,
    verified: false,
    declaredUse: null,
    allowListed: false,
  };
}

function summaryOf(e: Entry): AffectedKey {
  return {
    key: e.key,
    tier: e.tier,
    visible_before: e.visibleBefore,
    visible_after: e.visibleAfter,
    changed: e.changed,
    tokens_withheld: e.tokensWithheld,
    verified: e.verified,
    declared_use: e.declaredUse,
    allow_listed: e.allowListed,
    partial: e.partial,
  };
}
