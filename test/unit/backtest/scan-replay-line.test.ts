/**
 * The backtest's lean line reader (scan-replay-line.ts) against the reader it stands in front of
 * (parseRecordLine): on every line it accepts, the record's replay fields are exactly what
 * parseRecordLine reads; a line it gives back is readLogs' to read as before — so no line it takes
 * could be one the old reader calls damaged. Lines of every kind: arbitrary records (escapes,
 * control characters, non-ASCII text), plain ones, older versions, and damaged copies of them —
 * cut short, a character changed, spaces appended — read from chunks as readLogs hands them over.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REPLAY_FIELDS, type ReplayRecord } from '../../../src/backtest/replay-record.ts';
import { ReplayLineScanner } from '../../../src/backtest/scan-replay-line.ts';
import type { LoggedRecord } from '../../../src/decision-log/logged-record.ts';
import { parseRecordLine } from '../../../src/decision-log/parse-record.ts';
import { serializeDecisionRecord } from '../../../src/decision-log/serialize-record.ts';
import { createRng } from '../../../src/simulator/rng.ts';
import {
  decisionRecord,
  plainText,
  recordArbitrary,
  recordArbitraryOf,
} from '../../helpers/record-arbitrary.ts';

const replayFields = (record: LoggedRecord): ReplayRecord =>
  Object.fromEntries(REPLAY_FIELDS.map((name) => [name, record[name]])) as ReplayRecord;

/** A record line as an older writer logged it: the fields its version lacked left out. */
function older(line: string, v: number): string {
  const lacked = new Set(['tokens_out_estimated']);
  if (v < 5) for (const name of ['end_user', 'templates', 'activation', 'decoys']) lacked.add(name);
  if (v < 4) lacked.add('degraded');
  if (v < 3) lacked.add('cluster');
  const record = Object.entries(JSON.parse(line) as Record<string, unknown>).filter(
    ([name]) => !lacked.has(name),
  );
  return JSON.stringify({ ...Object.fromEntries(record), v });
}

const ODD = ['"', '\\', ' ', 'é', '}', ',', '0', '9', '.', 'e', 'n', 'x', ':', '[', '\u0001'];

/** Damaged copies of a line: cut short, one character changed, spaces after it. */
function damaged(line: string, seed: number): string[] {
  const rng = createRng(seed);
  const at = rng.int(0, line.length - 1);
  return [
    line.slice(0, at),
    `${line.slice(0, at)}${rng.pick(ODD)}${line.slice(at + 1)}`,
    `${line.slice(0, at)}${rng.pick(ODD)}${line.slice(at)}`,
    `${line}  `,
  ];
}

function lines(): string[] {
  const plain = fc
    .sample(recordArbitraryOf(plainText), { numRuns: 400, seed: 5 })
    .map((record) => serializeDecisionRecord(record));
  const odd = fc
    .sample(recordArbitrary, { numRuns: 400, seed: 6 })
    .map((record) => serializeDecisionRecord(record));
  const usual = Array.from({ length: 200 }, (_, i) =>
    serializeDecisionRecord(
      decisionRecord({
        ts: new Date(Date.parse('2026-12-01T10:00:00.000Z') + i * 7_777).toISOString(),
        // The proxy's ids: their counter is read in place as `arrival`.
        request_id: `req_AbCdEf012-_z${(i * 7919).toString(36)}`,
        account: `acct_${i % 9}_long_enough_to_be_a_view`,
        end_user: i % 3 === 0 ? (i % 5).toString(16).padStart(16, '0') : null,
        score: (i % 10) / 10,
        action: i % 4 === 0 ? 'observe' : 'allow',
        // A stream cut short logs its estimate, flagged (v7).
        ...(i % 6 === 1 ? { outcome: 'client_aborted', tokens_out_estimated: true } : {}),
      }),
    ),
  );
  const versions = usual.slice(0, 60).map((line, i) => older(line, 2 + (i % 3)));
  // v6 and v5 in the serializer's layout: no tokens_out_estimated (v5's end_user a number).
  const v6 = usual
    .slice(60, 80)
    .map((line) => line.replace('"v":9', '"v":6').replace(/,"tokens_out_estimated":[a-z]+/, ''));
  const v5 = v6.map((line) =>
    line.replace('"v":6', '"v":5').replace(/"end_user":"0*([1-9a-f]?)"/, '"end_user":7$1'),
  );
  // What only the record's checks find wrong (recordProblem): each a damaged line.
  const unreadable = usual
    .slice(80, 90)
    .flatMap((line) => [
      line.replace(/"score":[0-9.]+/, '"score":1.5'),
      line
        .replace('"action":"allow"', '"action":"allowed"')
        .replace('"action":"observe"', '"action":"x"'),
      line.replace('"mode":"enforce"', '"mode":"other"'),
      line.replace('"v":9', '"v":10'),
      line.replace('"v":9', '"v":6.5'),
      line.replace('"tokens_out_estimated":false', '"tokens_out_estimated":0'),
      line.replace('"ts":"2026-12-01', '"ts":"2026-13-01'),
      line.replace(/"ts":"2026-12-01T(..:..:..)\.(...)Z"/, '"ts":"2026-12-01 $1Z"'),
    ]);
  const whole = [...plain, ...odd, ...usual, ...versions, ...v6, ...v5, ...unreadable];
  const broken = whole.flatMap((line, i) => damaged(line, i));
  return [...whole, ...broken, '{"v":10,"ts":"2026-12-01T10:00:00.000Z"}', 'not json', '{"v":5}'];
}

// Kept strings (table and copies: the one-thread replay) and slices (the two-thread reader).
describe.each([
  ['kept strings', true],
  ['slices', false],
])('the lean line reader (%s)', (_mode, kept) => {
  it('takes only lines the record reader reads, to the same replay fields', () => {
    const all = lines();
    const scanner = new ReplayLineScanner(kept);
    let taken = 0;
    let given = 0;
    // Chunks of a few hundred lines, as readLogs hands them over: ranges of one buffer.
    for (let from = 0; from < all.length; from += 250) {
      const part = all.slice(from, from + 250);
      const buf = Buffer.from(`${part.join('\n')}\n`);
      let start = 0;
      for (const line of part) {
        const end = start + Buffer.byteLength(line);
        const lean = scanner.scan(buf, start, end);
        const old = parseRecordLine(line);
        if (lean === undefined) given++;
        else {
          taken++;
          expect(typeof old, line).toBe('object');
          expect(lean, line).toEqual(replayFields(old as LoggedRecord));
        }
        start = end + 1;
      }
    }
    // Both kinds are met: the whole ASCII lines are taken, damaged ones are given back.
    expect(taken).toBeGreaterThan(400);
    expect(given).toBeGreaterThan(3_000);
  });

  it('reads a line that spans a piece of its chunk, and lines of a chunk with other bytes', () => {
    const line = serializeDecisionRecord(decisionRecord({ account: 'acct_é' }));
    const plainLine = serializeDecisionRecord(decisionRecord({ account: 'acct_plain' }));
    const many = Array.from({ length: 200 }, () => plainLine);
    const buf = Buffer.from(`${[...many, line, plainLine].join('\n')}\n`);
    const scanner = new ReplayLineScanner(kept);
    let start = 0;
    const accounts: (string | null)[] = [];
    for (let end = buf.indexOf(10); end !== -1; end = buf.indexOf(10, start)) {
      accounts.push(scanner.scan(buf, start, end)?.account ?? 'given back');
      start = end + 1;
    }
    expect(accounts.filter((a) => a === 'acct_plain')).toHaveLength(201);
    expect(accounts[200]).toBe('given back');
  });
});
