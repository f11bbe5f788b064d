/** The admin's recent activity: the ring of decisions (newest first, wrap-around) and per-minute counts. */
import { describe, expect, it } from 'vitest';
import { RecentActivity } from '../../../src/admin/recent-activity.ts';
import type { DecisionRecord } from '../../../src/decision-log/record.ts';
import { parserRejectRecord } from '../../../src/pipeline/parser-reject.ts';

const T0 = Date.parse('2026-11-22T12:00:00Z');
const base = parserRejectRecord(
  'r0',
  T0,
  '127.0.0.1',
  { client_ip_prefix_v4: 24, client_ip_prefix_v6: 48 },
  'DG_ERR_BAD_FRAMING',
  'x',
);

function record(n: number, fields: Partial<DecisionRecord>): DecisionRecord {
  return { ...base, request_id: `r${n}`, ts: new Date(T0 + n * 1000).toISOString(), ...fields };
}

describe('RecentActivity', () => {
  it('keeps the last N decisions that name an account, newest first', () => {
    const activity = new RecentActivity(3);
    activity.add(record(0, { account: null, action: 'reject' }));
    for (let n = 1; n <= 5; n++)
      activity.add(record(n, { account: n % 2 ? 'a' : 'b', action: 'allow', score: n / 10 }));
    const entries = activity.entries();
    expect(entries.map((e) => e.requestId)).toEqual(['r5', 'r4', 'r3']);
    expect(entries[0]).toMatchObject({ account: 'a', action: 'allow', score: 0.5, at: T0 + 5000 });
    expect(activity.entries((account) => account === 'b').map((e) => e.requestId)).toEqual(['r4']);
    expect(activity.entries(undefined, 2)).toHaveLength(2);
  });

  it('shares one facts object per account while its facts do not change', () => {
    const activity = new RecentActivity(10);
    const labels = ['x'];
    activity.add(record(1, { account: 'a', action: 'allow', tier: 'free', labels }));
    activity.add(record(2, { account: 'a', action: 'allow', tier: 'free', labels }));
    const [second, first] = activity.entries();
    expect(second?.facts).toBe(first?.facts);
    activity.add(record(3, { account: 'a', action: 'allow', tier: 'standard', labels }));
    expect(activity.facts('a')?.tier).toBe('standard');
  });

  it('counts every decision per action per minute, shadowed ones too', () => {
    const activity = new RecentActivity(10, 60_000, 5);
    activity.add(record(0, { account: null, action: 'reject' }));
    activity.add(record(1, { account: 'a', action: 'block' }));
    activity.add(
      record(61, {
        account: 'a',
        action: 'allow',
        shadow: { action: 'block', rule: 'r', reason: 'x' },
      }),
    );
    const buckets = activity.actionsOverTime(T0 + 61_000);
    expect(buckets).toHaveLength(5);
    expect(buckets.at(-2)?.counts).toMatchObject({ reject: 1, block: 1, allow: 0 });
    expect(buckets.at(-1)).toMatchObject({ counts: { allow: 1 }, shadow: 1 });
    // Five minutes later the old buckets have rolled out of the window.
    const later = activity.actionsOverTime(T0 + 10 * 60_000);
    expect(later.every((b) => Object.values(b.counts).every((n) => n === 0))).toBe(true);
  });
});
