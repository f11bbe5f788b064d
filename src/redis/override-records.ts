/**
 * Runtime overrides as the Redis store keeps them: one record per account and kind (override,
 * labels) — the entry set, or a tombstone where one was removed — ordered by a revision. Replicas
 * and Redis merge records by that order alone (last writer wins), so a change can be applied twice,
 * late or out of order and everything still converges, and a removal outranks the entry it removed
 * wherever that entry is written back from. A tombstone is kept as long as the entry it removed
 * would have lasted: after that, the entry could not come back in force anyway.
 *
 * In Redis a record is the text `<rev> <until> <json>` (override.lua reads the two numbers); the
 * JSON is checked field by field when read: anything else is corrupt (ignored and counted).
 */
import { z } from 'zod';
import { label, nameOf } from '../account/accounts-schema.ts';
import type { RuntimeOverride, RuntimeOverrideKind } from '../account/override-store.ts';

export interface OverrideRecord {
  readonly account: string;
  readonly kind: RuntimeOverrideKind;
  /**
   * The change's place in the order of changes to this account and kind: the time it was made
   * (ms), or one past the last change the writing replica knew of, if that is later (clock skew
   * between replicas cannot order a removal before the entry it removed).
   */
  readonly rev: number;
  /** Kept until then (ms since epoch): the entry's expiry, or the removed entry's. */
  readonly until: number;
  /** The entry in force, or undefined: removed. */
  readonly entry: RuntimeOverride | undefined;
}

export const KINDS: readonly RuntimeOverrideKind[] = ['override', 'labels'];

const account = z.string().min(1).max(256);
const stamp = z.number().int().min(0).max(8.64e15);

const entrySchema = z.strictObject({
  account,
  action: z.enum(['allow', 'deny']).optional(),
  verified: z.boolean().optional(),
  declared_use: nameOf.optional(),
  labels: z.array(label).max(32),
  reason: z.string().min(1).max(256),
  actor: z.string().min(1).max(128),
  set_at: stamp,
  expires_at: stamp,
});

const tombstoneSchema = z.strictObject({ account, removed: z.literal(true) });

/** The record as Redis keeps it. */
export function encodeRecord(record: OverrideRecord): string {
  const entry = record.entry;
  const json =
    entry === undefined
      ? { account: record.account, removed: true }
      : {
          account: entry.account,
          action: entry.action,
          verified: entry.verified,
          declared_use: entry.declaredUse,
          labels: entry.labels,
          reason: entry.reason,
          actor: entry.actor,
          set_at: entry.setAt,
          expires_at: entry.expiresAt,
        };
  return `${record.rev} ${record.until} ${JSON.stringify(json)}`;
}

/** A record read from Redis (`kind` is its hash field), or undefined when it is not one. */
export function decodeRecord(kind: string, text: string): OverrideRecord | undefined {
  if (kind !== 'override' && kind !== 'labels') return undefined;
  const match = /^(\d{1,16}) (\d{1,16}) /.exec(text);
  if (match === null) return undefined;
  const rev = Number(match[1]);
  const until = Number(match[2]);
  let json: unknown;
  try {
    json = JSON.parse(text.slice(match[0].length));
  } catch {
    return undefined;
  }
  const removed = tombstoneSchema.safeParse(json);
  if (removed.success) return { account: removed.data.account, kind, rev, until, entry: undefined };
  const parsed = entrySchema.safeParse(json);
  if (!parsed.success || parsed.data.expires_at !== until) return undefined;
  const body = parsed.data;
  // An override sets at least one fact; labels carry at least one label (as the admin API checks).
  const sets =
    body.action !== undefined || body.verified !== undefined || body.declared_use !== undefined;
  if (kind === 'override' ? !sets || body.labels.length > 0 : body.labels.length === 0)
    return undefined;
  const entry: RuntimeOverride = {
    account: body.account,
    kind,
    action: body.action,
    verified: body.verified,
    declaredUse: body.declared_use,
    labels: body.labels,
    reason: body.reason,
    actor: body.actor,
    setAt: body.set_at,
    expiresAt: body.expires_at,
  };
  return { account: body.account, kind, rev, until, entry };
}

/** Whether `incoming` replaces `known`: a later rev; on a tie, what Redis holds wins. */
export function supersedes(
  incoming: OverrideRecord,
  known: OverrideRecord | undefined,
  fromRedis: boolean,
): boolean {
  if (known === undefined) return true;
  return fromRedis ? incoming.rev >= known.rev : incoming.rev > known.rev;
}
