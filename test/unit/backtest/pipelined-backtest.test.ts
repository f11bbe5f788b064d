/**
 * The pipelined backtest (a worker reads, parses and re-sorts; this thread replays) writes exactly
 * the report of the single-threaded one: on the varied logs of test/helpers/backtest-logs.ts
 * (plain, gzip and truncated gzip) — with and without a baseline config. And the batches between the threads
 * carry every field a replay reads, across a string table that starts over.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backtestLogs, type BacktestFiles } from '../../../src/backtest/backtest-logs.ts';
import { MAX_KEPT_BATCHES, readLogsPipelined } from '../../../src/backtest/pipelined-read.ts';
import { BATCH_RECORDS, BatchReader, BatchWriter } from '../../../src/backtest/record-batch.ts';
import { StartOrder } from '../../../src/backtest/start-order.ts';
import { readLogs } from '../../../src/decision-log/read-logs.ts';
import { REPLAY_FIELDS, type ReplayRecord } from '../../../src/backtest/replay-record.ts';
import type { LoggedRecord } from '../../../src/decision-log/logged-record.ts';
import { parseRecordLine } from '../../../src/decision-log/parse-record.ts';
import { serializeDecisionRecord } from '../../../src/decision-log/serialize-record.ts';
import { START, writeBacktestConfigs, writeBacktestLogs } from '../../helpers/backtest-logs.ts';
import { decisionRecord, recordArbitrary, withProxyIds } from '../../helpers/record-arbitrary.ts';

let dir: string;
let candidate: string;
let baseline: string;
let plain: string;
let gzip: string;
let truncated: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dg-pipelined-backtest-'));
  ({ candidate, baseline } = await writeBacktestConfigs(dir));
  ({ plain, gzip, truncated } = await writeBacktestLogs(dir));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function reportJson(files: Omit<BacktestFiles, 'candidate'>, threads: number) {
  const outcome = await backtestLogs({ candidate, ...files, threads }, () => START);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome));
  return JSON.stringify(outcome.report, null, 1);
}

describe('the pipelined backtest', () => {
  it('stops its reader and fails when the replay throws', async () => {
    const failing = readLogsPipelined([plain, gzip], () => {
      throw new Error('replay broke');
    });
    await expect(failing).rejects.toThrow('replay broke');
  });

  it('writes the single-threaded report: plain, gzip and truncated gzip, log as baseline', async () => {
    const files = { logs: [truncated, plain, gzip] };
    const one = await reportJson(files, 1);
    const report = JSON.parse(one) as { requests: { replayed: number; logged_scores: number } };
    // The log exercises what it should.
    expect(one).toContain('"damaged"');
    expect(one).toContain('replayed late');
    expect(report.requests.replayed).toBeGreaterThan(5_000);
    expect(report.requests.logged_scores).toBeGreaterThan(0);
    for (const action of ['block', 'challenge', 'throttle', 'degrade'])
      expect(one).toMatch(new RegExp(`"to": "${action}"`));
    expect(await reportJson(files, 2)).toBe(one);
  });

  it('writes the single-threaded report against a baseline config', async () => {
    const files = { logs: [plain, gzip], baseline };
    expect(await reportJson(files, 2)).toBe(await reportJson(files, 1));
  });

  it('writes the report of the lines read whole (lean reader off), on one thread or two', async () => {
    const files = { logs: [truncated, plain, gzip] };
    const whole = await reportJson({ ...files, lean: false }, 1);
    expect(await reportJson(files, 1)).toBe(whole);
    expect(await reportJson(files, 2)).toBe(whole);
    expect(await reportJson({ ...files, lean: false }, 2)).toBe(whole);
  });

  it('hands over the records of StartOrder, in its order, when a few hold batches long', async () => {
    // Every 500th record is logged as started at one moment hours after the rest (a skewed clock):
    // each waits to the end of the log, holding its batch while more than MAX_KEPT_BATCHES go by;
    // the window then rebuilds them early. Every 311th started half an hour before its neighbours
    // (beyond the window: late). Records share start times, three a millisecond: their ids'
    // counters run against the log's order, so each tie is handed over reversed.
    const count = BATCH_RECORDS * (MAX_KEPT_BATCHES + 6);
    const lines: string[] = [];
    for (let i = 0; i < count; i++) {
      const normal = START + Math.floor(i / 3) * 1000;
      const time =
        i % 500 === 7 ? START + 10 * 3_600_000 : i % 311 === 5 ? normal - 1_800_000 : normal;
      const reject = i % 97 === 0;
      lines.push(
        serializeDecisionRecord(
          decisionRecord({
            ts: new Date(time).toISOString(),
            request_id: `req_AbCdEf012-_z${(count - i).toString(36)}`,
            account: `acct_${i % 41}`,
            tokens_in: i,
            ...(reject ? { action: 'reject', reason: 'auth' } : {}),
          }),
        ),
      );
    }
    const file = join(dir, 'skewed.ndjson');
    await writeFile(file, `${lines.join('\n')}\n`);
    const expected: number[] = [];
    const order = new StartOrder();
    const read = await readLogs([file], (record) => {
      if (record.action === 'reject') expected.push(record.tokens_in ?? -1);
      else order.push(record, (r) => expected.push(r.tokens_in ?? -1));
    });
    order.flush((r) => expected.push(r.tokens_in ?? -1));
    const got: number[] = [];
    const late = { late: 0 };
    const piped = await readLogsPipelined([file], (r) => got.push(r.tokens_in ?? -1), true, late);
    expect(piped).toEqual(read);
    expect(got).toHaveLength(count);
    expect(got).toEqual(expected);
    // Ties by arrival, not the log's order: records 1 and 2 share a millisecond, as 3 and 4 do.
    expect(got.indexOf(2)).toBeLessThan(got.indexOf(1));
    expect(got.indexOf(4)).toBeLessThan(got.indexOf(3));
    expect(late.late).toBe(order.late);
    expect(late.late).toBeGreaterThan(0);
  });

  it('fails like the single-threaded read on a missing file', async () => {
    const files = { logs: [plain, join(dir, 'missing.ndjson')] };
    const one = await backtestLogs({ candidate, ...files, threads: 1 });
    const two = await backtestLogs({ candidate, ...files, threads: 2 });
    expect(two).toEqual(one);
    expect(one).toMatchObject({ ok: false, kind: 'input' });
  });
});

/** The fields a replay reads, as the reader parsed them. */
function replayFields(record: LoggedRecord): ReplayRecord {
  return Object.fromEntries(REPLAY_FIELDS.map((name) => [name, record[name]])) as ReplayRecord;
}

describe('record batches', () => {
  it('carry every field a replay reads, across batches and a table that starts over', () => {
    const records = fc
      .sample(withProxyIds(recordArbitrary), { numRuns: 3_000, seed: 11 })
      .map((record) => parseRecordLine(serializeDecisionRecord(record)))
      .filter((record): record is LoggedRecord => typeof record !== 'string');
    const writer = new BatchWriter(64);
    const reader = new BatchReader();
    const seen: ReplayRecord[] = [];
    let batches = 0;
    for (const record of records)
      if (writer.add(record)) {
        reader.read(writer.take(), (r) => seen.push(r));
        batches++;
      }
    reader.read(writer.take(), (r) => seen.push(r));
    expect(batches).toBeGreaterThan(0);
    expect(seen).toEqual(records.map(replayFields));
  });
});
