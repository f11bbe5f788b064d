/**
 * What is not a sum in a review — an account's latest facts and riskiest cluster, a cluster's link,
 * a timeline's most recent events and their order — follows each record's time, then its place in
 * the input (file as given, then line), never the order records were read in: 1, 2 and 4 threads
 * (logs cut in parts) write byte-identical reports for logs given newest first, out of time order
 * and with ties in time, and the values are those of the newest record.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecisionRecord } from '../../../src/decision-log/record.ts';
import { serializeDecisionRecord } from '../../../src/decision-log/serialize-record.ts';
import type { ReviewOptions } from '../../../src/review/create-review.ts';
import { reviewLogs } from '../../../src/review/review-logs.ts';
import { decisionRecord } from '../../helpers/record-arbitrary.ts';

const T0 = Date.parse('2026-12-01T00:00:00.000Z');
const TIERS = ['free', 'default', 'pro'];
const LINKS = ['skeleton', 'template_head', 'near_duplicate'];
const TRACKED = 'acct_7';

/**
 * Record i: three records in a row share a time and an account (ties in time), but not a tier or a
 * cluster link; an account's clusters tie on risk.
 */
function record(i: number): DecisionRecord {
  const step = Math.floor(i / 3);
  const blocked = i % 2 === 0;
  return decisionRecord({
    ts: new Date(T0 + step * 1000).toISOString(),
    request_id: `req_${i}`,
    account: `acct_${step % 30}`,
    org: `org_${i % 4}`,
    tier: TIERS[i % 3] as string,
    verified: i % 5 === 0,
    action: blocked ? 'block' : 'allow',
    rule: blocked ? 'risk-block' : null,
    score: blocked ? 0.8 : 0,
    cluster:
      i % 4 === 3
        ? null
        : {
            id: `cl_${i % 7}`,
            link: LINKS[i % 3] as string,
            accounts: 9,
            risk: i % 5 === 0 ? 0.9 : 0.6,
            flagged: false,
            specific: i % 2 === 0,
          },
  });
}

interface Logged {
  readonly record: DecisionRecord;
  readonly line: number;
}

/** The logs by name: .2 and .1 in time order, the current one shuffled (newest times). */
const logs = new Map<string, Logged[]>();
let dir: string;
const path = (name: string): string => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dg-review-order-'));
  const range = (from: number, to: number): number[] =>
    Array.from({ length: to - from }, (_, k) => from + k);
  // A fixed shuffle: i * 7919 mod 2000 visits every index once.
  const shuffled = range(0, 2000).map((k) => 4000 + ((k * 7919) % 2000));
  const files: [string, number[]][] = [
    ['decisions.ndjson.2', range(0, 2000)],
    ['decisions.ndjson.1', range(2000, 4000)],
    ['decisions.ndjson', shuffled],
  ];
  for (const [name, order] of files) {
    const records = order.map((i, k) => ({ record: record(i), line: k + 1 }));
    logs.set(name, records);
    const text = records.map((r) => serializeDecisionRecord(r.record)).join('\n');
    await writeFile(path(name), `${text}\n`);
  }
}, 30_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The review's JSON on 1, 2 and 4 threads, parts cut small. */
async function reports(names: readonly string[], options: ReviewOptions): Promise<string[]> {
  const files = names.map(path);
  const out: string[] = [];
  for (const threads of [1, 2, 4]) {
    const result = await reviewLogs(files, options, () => 0, { threads, minPartBytes: 50_000 });
    if (!result.ok) throw new Error(result.message);
    out.push(JSON.stringify(result.report));
  }
  return out;
}

/** Every record of the logs in the review's order: time, then file as given, then line. */
function inOrder(names: readonly string[]): DecisionRecord[] {
  const placed = names.flatMap((name, file) =>
    (logs.get(name) ?? []).map((r) => ({ ...r, file, time: Date.parse(r.record.ts) })),
  );
  placed.sort((a, b) => a.time - b.time || a.file - b.file || a.line - b.line);
  return placed.map((p) => p.record);
}

const ORDERS = [
  ['decisions.ndjson', 'decisions.ndjson.1', 'decisions.ndjson.2'],
  ['decisions.ndjson.1', 'decisions.ndjson.2', 'decisions.ndjson'],
  ['decisions.ndjson.2', 'decisions.ndjson.1', 'decisions.ndjson'],
];

describe('review order', () => {
  it.each(ORDERS)(
    'writes the same report on 1, 2 and 4 threads, the newest record’s facts (%s, %s, %s)',
    async (...names) => {
      const [one, two, four] = await reports(names, { filter: {}, top: 50 });
      expect(two).toBe(one);
      expect(four).toBe(one);
      const report = JSON.parse(one as string) as {
        accounts: { account: string; tier: string; org: string; verified: boolean }[];
        clusters: { id: string; link: string; specific: boolean }[];
      };
      const ordered = inOrder(names);
      const latest = new Map<string, DecisionRecord>();
      for (const r of ordered) latest.set(r.account as string, r);
      expect(report.accounts).toHaveLength(30);
      for (const account of report.accounts) {
        const r = latest.get(account.account);
        expect([account.tier, account.org, account.verified]).toEqual([
          r?.tier,
          r?.org,
          r?.verified,
        ]);
      }
      const linked = new Map<string, DecisionRecord>();
      for (const r of ordered) if (r.cluster !== null) linked.set(r.cluster.id, r);
      expect(report.clusters).toHaveLength(7);
      for (const cluster of report.clusters) {
        const ref = linked.get(cluster.id)?.cluster;
        expect([cluster.link, cluster.specific]).toEqual([ref?.link, ref?.specific]);
      }
    },
    30_000,
  );

  it.each(ORDERS)(
    'keeps the same most recent timeline events, in time order (%s, %s, %s)',
    async (...names) => {
      const options: ReviewOptions = { filter: { account: TRACKED }, timelineLimit: 15 };
      const [one, two, four] = await reports(names, options);
      expect(two).toBe(one);
      expect(four).toBe(one);
      const report = JSON.parse(one as string) as {
        accounts: { cluster: { id: string } | null }[];
        timeline: { events: { request_id: string }[]; omitted: number };
      };
      const events = inOrder(names).filter((r) => r.account === TRACKED && r.action !== 'allow');
      expect(report.timeline.events.map((e) => e.request_id)).toEqual(
        events.slice(-15).map((r) => r.request_id),
      );
      expect(report.timeline.omitted).toBe(events.length - 15);
      // Its riskiest cluster: the earliest seen at the highest risk.
      const clustered = inOrder(names).filter((r) => r.account === TRACKED && r.cluster !== null);
      const top = Math.max(...clustered.map((r) => r.cluster?.risk ?? 0));
      const first = clustered.find((r) => r.cluster?.risk === top);
      expect(report.accounts[0]?.cluster?.id).toBe(first?.cluster?.id);
    },
    30_000,
  );
});
