/**
 * Override records as Redis keeps them: an entry or a tombstone round-trips; anything else —
 * no stamps, bad JSON, an unknown field, an override that sets nothing or carries labels, labels
 * without one, an expiry that disagrees with the stamp — is refused (counted corrupt by the store);
 * and the merge order: a later rev wins, a tie goes to what Redis holds.
 */
import { describe, expect, it } from 'vitest';
import type { RuntimeOverride } from '../../../src/account/override-store.ts';
import {
  decodeRecord,
  encodeRecord,
  supersedes,
  type OverrideRecord,
} from '../../../src/redis/override-records.ts';

const until = Date.parse('2027-01-01T00:00:00Z');
const entry: RuntimeOverride = {
  account: 'acct 1 {x}',
  kind: 'override',
  action: 'deny',
  verified: true,
  declaredUse: undefined,
  labels: [],
  reason: 'ticket 1',
  actor: 'alice@ops',
  setAt: until - 1000,
  expiresAt: until,
};
const record: OverrideRecord = { account: entry.account, kind: 'override', rev: 5, until, entry };
const tombstone: OverrideRecord = { ...record, rev: 6, entry: undefined };

describe('override records', () => {
  it('round-trip an entry and a tombstone', () => {
    expect(decodeRecord('override', encodeRecord(record))).toEqual(record);
    expect(decodeRecord('override', encodeRecord(tombstone))).toEqual(tombstone);
    const labels = {
      ...entry,
      kind: 'labels' as const,
      action: undefined,
      verified: undefined,
      labels: ['kyc'],
    };
    const labelled = { ...record, kind: 'labels' as const, entry: labels };
    expect(decodeRecord('labels', encodeRecord(labelled))).toEqual(labelled);
  });

  it('refuse what is not a record', () => {
    const json = (fields: Record<string, unknown>): string =>
      `5 ${until} ${JSON.stringify({ account: 'a', labels: [], reason: 'r', actor: 'x', set_at: 1, expires_at: until, ...fields })}`;
    const bad = [
      'not a record',
      `5 ${until} {not json`,
      `x ${until} {"account":"a","removed":true}`,
      json({ action: 'deny', extra: 1 }),
      json({}), // an override that sets nothing
      json({ action: 'deny', labels: ['kyc'] }),
      json({ action: 'block' }),
      json({ action: 'deny', expires_at: until + 1 }),
      `5 ${until} ${JSON.stringify({ account: '', removed: true })}`,
    ];
    for (const text of bad) expect(decodeRecord('override', text)).toBeUndefined();
    expect(decodeRecord('labels', json({}))).toBeUndefined();
    expect(decodeRecord('other', encodeRecord(record))).toBeUndefined();
  });

  it('orders by rev; a tie goes to what Redis holds', () => {
    expect(supersedes(tombstone, record, false)).toBe(true);
    expect(supersedes(record, tombstone, true)).toBe(false);
    expect(supersedes({ ...record, rev: 6 }, tombstone, true)).toBe(true);
    expect(supersedes({ ...record, rev: 6 }, tombstone, false)).toBe(false);
    expect(supersedes(record, undefined, false)).toBe(true);
  });
});
