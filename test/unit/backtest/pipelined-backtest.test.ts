/**
 * The pipelined backtest (a worker reads, parses and re-sorts; this thread replays) writes exactly
 * the report of the single-threaded one: on logs of varied records — several accounts with limits,
 * remembered blocks, challenges and degradations at work, records logged out of start order (some
 * beyond the re-sorting window), rejects, records of versions 2 to 5, lines the fast scanner
 * leaves to JSON.parse (escapes, odd key order), damaged and truncated lines, plain, gzip and
 * truncated gzip files — with and without a baseline config. And the batches between the threads
 * carry every field a replay reads, across a string table that starts over.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { backtestLogs, type BacktestFiles } from '../../../src/backtest/backtest-logs.ts';
import { readLogsPipelined } from '../../../src/backtest/pipelined-read.ts';
import { BatchReader, BatchWriter } from '../../../src/backtest/record-batch.ts';
import { REPLAY_FIELDS, type ReplayRecord } from '../../../src/backtest/replay-record.ts';
import { deepMerge } from '../../../src/config/load-config.ts';
import type { LoggedRecord } from '../../../src/decision-log/logged-record.ts';
import { parseRecordLine } from '../../../src/decision-log/parse-record.ts';
import type { DecisionRecord } from '../../../src/decision-log/record.ts';
import { serializeDecisionRecord } from '../../../src/decision-log/serialize-record.ts';
import { createRng } from '../../../src/simulator/rng.ts';
import { baseConfig } from '../../helpers/harness.ts';
import { decisionRecord, recordArbitrary } from '../../helpers/record-arbitrary.ts';

let dir: string;
let candidate: string;
let baseline: string;
let plain: string;
let gzip: string;
let truncated: string;

const START = Date.parse('2026-12-01T10:00:00.000Z');
const ACTIONS = ['allow', 'observe', 'throttle', 'degrade', 'block', 'reject'] as const;

/** Traffic of a few accounts, a few of them risky, over about an hour. */
function traffic(count: number, seed: number): DecisionRecord[] {
  const rng = createRng(seed);
  const out: DecisionRecord[] = [];
  for (let i = 0; i < count; i++) {
    const n = rng.int(0, 39);
    const risky = n < 6;
    const score = risky ? Math.round(rng.next() * 1000) / 1000 : rng.chance(0.1) ? 0.31 : 0;
    // Logged when the response ended: mostly in order, some long requests far behind.
    const lag = rng.chance(0.02) ? rng.int(60_000, 1_500_000) : rng.int(0, 2_000);
    const action = rng.chance(0.05) ? 'reject' : (rng.pick(ACTIONS) as DecisionRecord['action']);
    out.push(
      decisionRecord({
        ts: new Date(START + i * 1_000 - lag).toISOString(),
        request_id: `req_${seed}_${i}`,
        account: action === 'reject' ? null : `acct_${n.toString().padStart(3, '0')}_long_id`,
        org: n % 3 === 0 ? `org_${n % 7}` : null,
        tier: rng.pick(['default', 'standard', 'free']),
        verified: n % 5 === 0,
        declared_use: n === 7 ? 'eval' : null,
        labels: n === 9 ? ['partner'] : [],
        client_ip_prefix: `10.${n}.${rng.int(0, 255)}.0/24`,
        stream: rng.chance(0.5),
        max_tokens: rng.chance(0.9) ? rng.pick([256, 1024, 4096]) : null,
        end_user: rng.chance(0.3) ? rng.int(1, 20).toString(16).padStart(16, '0') : null,
        templates: rng.chance(0.9) ? [rng.int(1, 30), rng.int(1, 30), 0] : null,
        action,
        rule: action === 'allow' || action === 'reject' ? null : `rule-${action}`,
        reason: action === 'reject' ? 'DG_ERR_UNAUTHENTICATED' : 'risk_score',
        outcome: action === 'block' ? 'blocked' : action === 'reject' ? 'rejected' : 'completed',
        status: action === 'block' ? 403 : action === 'reject' ? 401 : 200,
        score,
        factors:
          score > 0
            ? [{ signal: 'harvest.max_tokens_share', value: 0.9, contribution: score }]
            : [],
        families: score > 0 ? ['harvest', 'volume'] : [],
        activation: score > 0 ? { harvest: score, volume: Math.round(score * 500) / 1000 } : null,
        cluster:
          risky && rng.chance(0.7)
            ? {
                id: `cl_s${n % 3}a5853ee`,
                link: rng.pick(['skeleton', 'client']),
                accounts: rng.int(3, 50),
                risk: score,
                flagged: rng.chance(0.5),
                specific: rng.chance(0.5),
              }
            : null,
        tokens_in: rng.chance(0.95) ? rng.int(10, 4000) : null,
        tokens_out: action === 'block' ? null : rng.int(10, 3000),
        latency_ms: {
          total: rng.int(50, 90_000),
          proxy: 0.4,
          upstream: 10,
          upstream_ttfb: action === 'block' ? null : 12.5,
        },
      }),
    );
  }
  return out;
}

/** A record as an older writer logged it: the fields its version lacked left out. */
function older(record: DecisionRecord, v: 2 | 3 | 4): string {
  const lacked = new Set(['end_user', 'templates', 'activation', 'decoys']);
  const out = Object.fromEntries(Object.entries(record).filter(([name]) => !lacked.has(name)));
  out['v'] = v;
  if (v < 4) delete out['degraded'];
  if (v < 3) delete out['cluster'];
  return JSON.stringify(out);
}

function logText(seed: number): string {
  const lines = traffic(2_500, seed).map((record, i) => {
    if (i % 97 === 0) return older(record, 2);
    if (i % 89 === 0) return older(record, 3);
    if (i % 83 === 0) return older(record, 4);
    // Another key order: read by JSON.parse, not the scanner.
    if (i % 79 === 0) return JSON.stringify(Object.fromEntries(Object.entries(record).reverse()));
    return serializeDecisionRecord(record);
  });
  // Anything the serializer may meet (escapes, control characters, lone surrogates).
  const odd = fc
    .sample(recordArbitrary, { numRuns: 200, seed })
    .map((record) => serializeDecisionRecord(record));
  for (const [k, line] of odd.entries()) lines.splice(k * 12 + 5, 0, line);
  lines.splice(40, 0, lines[41]?.slice(0, 300) ?? ''); // truncated
  lines.splice(90, 0, 'not json at all', '', '{"v":9,"ts":"2026-12-01T10:00:00.000Z"}');
  lines.splice(700, 0, '{"v":5}');
  return `${lines.join('\n')}\n${lines[100]?.slice(0, 200) ?? ''}`; // no final newline
}

async function configFile(name: string, policy: unknown, detection: unknown = {}): Promise<string> {
  const file = join(dir, name);
  await writeFile(
    file,
    stringify(deepMerge(baseConfig(dir, 'http://127.0.0.1:9'), { policy, detection })),
  );
  return file;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dg-pipelined-backtest-'));
  baseline = await configFile('baseline.yaml', {
    rules: [
      { id: 'risk-block', when: { score: { gte: 0.8 } }, action: 'block' },
      { id: 'risk-observe', when: { score: { gte: 0.3 } }, action: 'observe' },
    ],
  });
  candidate = await configFile(
    'candidate.yaml',
    {
      challenge: { url: 'https://example.invalid/verify', tier: 'free', duration: '10m' },
      limits: [
        {
          id: 'suspects',
          scope: 'account',
          applies: 'throttled',
          requests: { limit: 3, per: '1m' },
          output_tokens: { limit: 9000, per: '1m' },
        },
      ],
      rules: [
        { id: 'partners', when: { account: { labels: { any: ['partner'] } } }, action: 'allow' },
        {
          id: 'risk-block',
          when: { score: { gte: 0.7 }, families: { min: 2 } },
          action: 'block',
          remember: { end_user: '24h', content: '1h', cluster: '1h' },
        },
        { id: 'flagged', when: { cluster: { flagged: true } }, action: 'challenge' },
        {
          id: 'degrade-eval',
          when: { score: { gte: 0.4 }, account: { declared_use: true } },
          action: 'degrade',
          degrade: { max_tokens: 200 },
        },
        {
          id: 'throttle',
          when: { score: { gte: 0.45 } },
          action: 'throttle',
          limits: ['suspects'],
        },
        { id: 'risk-observe', when: { score: { gte: 0.3 } }, action: 'observe' },
      ],
    },
    { weights: { harvest: 0.5, volume: 0.6 } },
  );
  plain = join(dir, 'decisions.ndjson');
  await writeFile(plain, logText(1));
  gzip = join(dir, 'decisions.ndjson.1');
  await writeFile(gzip, gzipSync(Buffer.from(logText(2))));
  truncated = join(dir, 'decisions.ndjson.2');
  const whole = gzipSync(Buffer.from(logText(3)));
  await writeFile(truncated, whole.subarray(0, Math.floor(whole.length * 0.6)));
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
      .sample(recordArbitrary, { numRuns: 3_000, seed: 11 })
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
