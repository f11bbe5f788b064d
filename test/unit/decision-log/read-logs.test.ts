/**
 * Streaming decision logs from disk: plain and gzip told apart by their bytes (not their names),
 * several files in order with mixed versions, damaged lines counted and listed by file and line,
 * a truncated gzip read up to where it breaks, missing and empty files, and the prefilter.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoggedRecord } from '../../../src/decision-log/logged-record.ts';
import { readLogs } from '../../../src/decision-log/read-logs.ts';
import type { DecisionRecord } from '../../../src/decision-log/record.ts';
import { serializeDecisionRecord } from '../../../src/decision-log/serialize-record.ts';
import { plainText, recordArbitraryOf } from '../../helpers/record-arbitrary.ts';

let dir: string;
const records = fc.sample(recordArbitraryOf(plainText), { numRuns: 300, seed: 5 });
const lines = records.map((record, i) =>
  serializeDecisionRecord({ ...record, request_id: `r${i}` }),
);
const text = `${lines.join('\n')}\n`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dg-read-logs-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: string | Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

async function readAll(files: string[], prefilter?: (b: Buffer, s: number, e: number) => boolean) {
  const seen: LoggedRecord[] = [];
  const outcome = await readLogs(files, (r) => seen.push(r), prefilter ? { prefilter } : {});
  return { outcome, seen };
}

describe('readLogs', () => {
  it('reads plain and gzip logs alike, whatever their names', async () => {
    const plain = await file('decisions.ndjson.gz', text); // a misleading name
    const gzip = await file('rotated.3', gzipSync(Buffer.from(text)));
    const { outcome, seen } = await readAll([plain, gzip]);
    if (!outcome.ok) throw new Error(outcome.message);
    expect(seen.map((r) => r.request_id)).toEqual(
      [...lines, ...lines].map((_, i) => `r${i % 300}`),
    );
    const s = outcome.summary;
    expect(s.inputs.map((i) => i.compressed)).toEqual([false, true]);
    expect([s.records, s.damaged, s.bytes]).toEqual([600, 0, 2 * Buffer.byteLength(text)]);
    expect(s.versions).toEqual({ 9: 600 });
  });

  it('counts damaged lines and lists them by file and line, and reads mixed versions', async () => {
    const v4 = JSON.stringify({
      ...(JSON.parse(lines[1] as string) as DecisionRecord),
      v: 4,
      activation: undefined,
      tokens_out_estimated: undefined,
    });
    // v5 logged end_user as a 32-bit number: read as its decimal string beside v6 pseudonyms.
    const v5 = JSON.stringify({
      ...(JSON.parse(lines[3] as string) as DecisionRecord),
      v: 5,
      end_user: 77,
      tokens_out_estimated: undefined,
    });
    // v6 lacked tokens_out_estimated: read as null beside v7 flags.
    const v6 = JSON.stringify({
      ...(JSON.parse(lines[4] as string) as DecisionRecord),
      v: 6,
      tokens_out_estimated: undefined,
    });
    const content = [lines[0], v4, lines[2]?.slice(0, 100), 'not json at all', '', v5, v6].join(
      '\n',
    );
    const path = await file('damaged.ndjson', content);
    const { outcome, seen } = await readAll([path]);
    if (!outcome.ok) throw new Error(outcome.message);
    expect(seen.map((r) => [r.request_id, r.v, r.activation])).toEqual([
      ['r0', 9, records[0]?.activation],
      ['r1', 4, null],
      ['r3', 5, records[3]?.activation],
      ['r4', 6, records[4]?.activation],
    ]);
    expect(seen.map((r) => r.end_user)).toEqual([
      records[0]?.end_user,
      records[1]?.end_user,
      '77',
      records[4]?.end_user,
    ]);
    expect(seen.map((r) => r.tokens_out_estimated)).toEqual([
      records[0]?.tokens_out_estimated,
      null,
      null,
      null,
    ]);
    expect(outcome.summary.damaged).toBe(2);
    expect(outcome.summary.problems).toEqual([
      { file: path, line: 3, problem: 'not JSON (truncated or damaged)' },
      { file: path, line: 4, problem: 'not JSON' },
    ]);
    expect(outcome.summary.versions).toEqual({ 4: 1, 5: 1, 6: 1, 9: 1 });
  });

  it('reads a truncated gzip up to the damage and says so', async () => {
    const whole = gzipSync(Buffer.from(text));
    const path = await file('cut.gz', whole.subarray(0, Math.floor(whole.length * 0.6)));
    const { outcome, seen } = await readAll([path]);
    if (!outcome.ok) throw new Error(outcome.message);
    expect(seen.length).toBeGreaterThan(50);
    expect(seen.length).toBeLessThan(300);
    const input = outcome.summary.inputs[0];
    expect(input?.gzip).toBe('gzip stream ends early (truncated file)');
    const gzipProblem = outcome.summary.problems.find((p) => p.line === 0);
    expect(gzipProblem?.problem).toMatch(
      /^gzip stream ends early \(truncated file\) after \d+ bytes/,
    );
  });

  it('fails before reading anything when a file is missing, and reads an empty one as empty', async () => {
    const good = await file('good.ndjson', text);
    const missing = await readAll([good, join(dir, 'nope.ndjson')]);
    expect(missing.outcome).toEqual({
      ok: false,
      message: `${join(dir, 'nope.ndjson')}: no such file`,
    });
    expect(missing.seen).toEqual([]);
    const directory = await readAll([dir]);
    expect(directory.outcome).toEqual({ ok: false, message: `${dir}: not a regular file` });
    const empty = await readAll([await file('empty.ndjson', '')]);
    expect(
      empty.outcome.ok && [empty.outcome.summary.lines, empty.outcome.summary.records],
    ).toEqual([0, 0]);
  });

  it('skips what the prefilter refuses without decoding it', async () => {
    const path = await file('filtered.ndjson', text);
    const wanted = Buffer.from('"request_id":"r7"');
    const { outcome, seen } = await readAll([path], (buf, start, end) => {
      const at = buf.indexOf(wanted, start);
      return at !== -1 && at < end;
    });
    if (!outcome.ok) throw new Error(outcome.message);
    expect(seen.map((r) => r.request_id)).toEqual(['r7']);
    expect([outcome.summary.records, outcome.summary.skipped]).toEqual([1, 299]);
  });
});
