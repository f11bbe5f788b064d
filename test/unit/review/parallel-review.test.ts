/**
 * A review read in parts — logs cut at line starts, on worker threads — is the review a single
 * thread reads: the same report, damaged lines numbered in their file, gzip logs read whole.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecisionRecord } from '../../../src/decision-log/record.ts';
import { serializeDecisionRecord } from '../../../src/decision-log/serialize-record.ts';
import type { ReviewOptions } from '../../../src/review/create-review.ts';
import { reviewLogs } from '../../../src/review/review-logs.ts';
import { decisionRecord } from '../../helpers/record-arbitrary.ts';

let dir: string;
let plain: string;
let zipped: string;
const T0 = Date.parse('2026-12-01T00:00:00.000Z');

/** Record i of a varied log: 40 accounts, some blocked with factors and clusters. */
function record(i: number): DecisionRecord {
  const risky = i % 7 === 0;
  return decisionRecord({
    ts: new Date(T0 + i * 1500).toISOString(),
    request_id: `req_${i}`,
    account: `acct_${i % 40}`,
    tier: i % 3 === 0 ? 'free' : 'default',
    action: risky ? 'block' : i % 11 === 0 ? 'observe' : 'allow',
    rule: risky ? 'risk-block' : i % 11 === 0 ? 'risk-observe' : null,
    score: risky ? 0.8 + (i % 10) / 100 : 0,
    factors: risky
      ? [
          { signal: 'cluster.risk.skeleton', value: 0.9, contribution: 0.765 },
          { signal: 'templates.top_share', value: (i % 9) / 10, contribution: 0.1 },
        ]
      : [],
    families: risky ? ['templates', 'cluster'] : [],
    cluster: risky
      ? {
          id: `cl_${i % 5}`,
          link: 'skeleton',
          accounts: 9,
          risk: 0.9,
          flagged: true,
          specific: true,
        }
      : null,
    tokens_out: risky ? null : i % 500,
    // A staged throttle now and then, half of them would-be 429s (summed across parts too).
    ...(i % 13 === 0
      ? {
          mode: 'shadow' as const,
          shadow: {
            action: 'throttle' as const,
            rule: 'verified-throttle',
            reason: i % 2 === 0 ? 'limit:tier:2x.requests' : 'risk_score_capped',
          },
        }
      : {}),
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dg-parallel-review-'));
  const lines = Array.from({ length: 6000 }, (_, i) => serializeDecisionRecord(record(i)));
  lines[4500] = '{"v":5,"ts":"2026-'; // a damaged line in the second half
  plain = join(dir, 'decisions.ndjson');
  await writeFile(plain, `${lines.join('\n')}\n`);
  zipped = join(dir, 'decisions.ndjson.1');
  await writeFile(zipped, gzipSync(Buffer.from(`${lines.slice(0, 2000).join('\n')}\n`)));
}, 30_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function both(files: string[], options: ReviewOptions) {
  const now = () => 0;
  const one = await reviewLogs(files, options, now, { threads: 1 });
  const three = await reviewLogs(files, options, now, { threads: 3, minPartBytes: 100_000 });
  if (!one.ok || !three.ok) throw new Error('review failed');
  return { one: one.report, three: three.report };
}

describe('parallel review', () => {
  it('reports exactly what one thread reports, damaged line numbers included', async () => {
    const { one, three } = await both([zipped, plain], { filter: {}, top: 50 });
    expect(three).toEqual(one);
    expect(one.totals.requests).toBe(7999);
    expect(one.input.problems).toEqual([
      { file: plain, line: 4501, problem: 'not JSON (truncated or damaged)' },
    ]);
    expect(one.input.inputs.map((i) => [i.file, i.compressed, i.lines])).toEqual([
      [zipped, true, 2000],
      [plain, false, 6000],
    ]);
  }, 30_000);

  it('keeps an account timeline and filters the same way', async () => {
    const options: ReviewOptions = {
      filter: { account: 'acct_7', since: T0 + 600_000 },
      timelineLimit: 25,
    };
    const { one, three } = await both([plain], options);
    expect(three).toEqual(one);
    expect(one.timeline?.events).toHaveLength(25);
    expect(one.timeline?.omitted).toBeGreaterThan(0);
  }, 30_000);
});
