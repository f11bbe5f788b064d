import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createDecisionLog,
  type DecisionLogOptions,
} from '../../../src/decision-log/decision-log.ts';
import { DECISION_RECORD_VERSION, type DecisionRecord } from '../../../src/decision-log/record.ts';

function record(id: string, extra: Partial<DecisionRecord> = {}): DecisionRecord {
  return {
    v: DECISION_RECORD_VERSION,
    ts: new Date(0).toISOString(),
    request_id: id,
    account: 'acct',
    org: null,
    tier: null,
    key_id: null,
    credential: null,
    account_age_days: null,
    verified: null,
    programme: null,
    declared_use: null,
    labels: [],
    client_ip_prefix: '127.0.0.0/24',
    method: 'POST',
    route: 'openai.chat_completions',
    dialect: 'openai',
    model: 'm',
    stream: false,
    max_tokens: null,
    messages: 1,
    tools: 0,
    thinking: false,
    choices: 1,
    end_user: null,
    templates: null,
    harvest_shape: null,
    bytes_in: 10,
    action: 'allow',
    mode: 'enforce',
    rule: null,
    reason: 'default',
    shadow: null,
    policy_version: 'pol_x',
    score: 0,
    factors: [],
    cluster: null,
    degraded: null,
    decoys: null,
    families: [],
    activation: null,
    status: 200,
    error: null,
    detail: null,
    outcome: 'completed',
    tokens_in: 1,
    tokens_out: 2,
    tokens_out_estimated: false,
    bytes_out: 3,
    latency_ms: { total: 1, proxy: 0.5, upstream: 0.5, upstream_ttfb: 0.2 },
    ...extra,
  };
}

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dg-log-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

const options = (path: string, extra: Partial<DecisionLogOptions> = {}): DecisionLogOptions => ({
  path,
  flush_interval: 10_000,
  max_buffer_bytes: 1024 * 1024,
  rotate_bytes: 1024 * 1024,
  max_files: 3,
  ...extra,
});
const noEvents = { onWriteError: () => {}, onDrop: () => {} };
const readLines = async (path: string) =>
  (await readFile(path, 'utf8')).split('\n').filter((line) => line !== '');

describe('decision log', () => {
  it('writes one parseable NDJSON line per record and flushes on close', async () => {
    const path = join(await tempDir(), 'nested', 'decisions.ndjson');
    const log = createDecisionLog(options(path), noEvents);
    for (let i = 0; i < 100; i++) log.write(record(`r${i}`));
    await log.close();
    const lines = await readLines(path);
    expect(lines.map((line) => (JSON.parse(line) as DecisionRecord).request_id)).toEqual(
      Array.from({ length: 100 }, (_, i) => `r${i}`),
    );
    expect(log.stats()).toMatchObject({ written: 100, dropped: 0, pendingBytes: 0 });
  });

  it('keeps hostile strings inside their JSON field (no line injection)', async () => {
    const path = join(await tempDir(), 'd.ndjson');
    const log = createDecisionLog(options(path), noEvents);
    log.write(record('x', { model: 'm\n{"v":1,"request_id":"forged"}\r\u2028' }));
    await log.close();
    const lines = await readLines(path);
    expect(lines).toHaveLength(1);
    expect((JSON.parse(lines[0]!) as DecisionRecord).model).toContain('forged');
  });

  it('rotates by size, keeping at most max_files', async () => {
    const dir = await tempDir();
    const path = join(dir, 'd.ndjson');
    const log = createDecisionLog(options(path, { rotate_bytes: 2_000, max_files: 2 }), noEvents);
    for (let i = 0; i < 40; i++) {
      log.write(record(`r${i}`));
      await log.flush();
    }
    await log.close();
    const files = (await readdir(dir)).sort();
    expect(files).toEqual(['d.ndjson', 'd.ndjson.1', 'd.ndjson.2']);
    expect(log.stats().rotations).toBeGreaterThanOrEqual(2);
    for (const file of files)
      expect((await readFile(join(dir, file))).length).toBeLessThanOrEqual(2_000);
    const newest = await readLines(path);
    expect((JSON.parse(newest.at(-1)!) as DecisionRecord).request_id).toBe('r39');
  });

  it('keeps records across a failed write and writes them once the path works again', async () => {
    const dir = await tempDir();
    const path = join(dir, 'd.ndjson');
    await mkdir(path); // a directory where the file should be: every open fails
    const errors: string[] = [];
    const log = createDecisionLog(options(path), {
      onWriteError: (error) => errors.push(error.code ?? '?'),
      onDrop: () => {},
    });
    log.write(record('a'));
    log.write(record('b'));
    await log.flush();
    expect(errors.length).toBeGreaterThan(0);
    expect(log.stats()).toMatchObject({ written: 0, writeErrors: 1 });
    await rm(path, { recursive: true });
    log.write(record('c'));
    await log.close();
    expect(
      (await readLines(path)).map((line) => (JSON.parse(line) as DecisionRecord).request_id),
    ).toEqual(['a', 'b', 'c']);
  });

  it('on a full disk never throws, buffers up to the cap, then drops and counts', async () => {
    let dropped = 0;
    const log = createDecisionLog(options('/dev/full', { max_buffer_bytes: 20_000 }), {
      onWriteError: () => {},
      onDrop: (n) => (dropped += n),
    });
    for (let i = 0; i < 200; i++) log.write(record(`r${i}`));
    await log.flush();
    const stats = log.stats();
    expect(stats.written).toBe(0);
    expect(stats.writeErrors).toBeGreaterThan(0);
    expect(stats.dropped).toBeGreaterThan(0);
    expect(dropped).toBe(stats.dropped);
    expect(stats.pendingBytes).toBeLessThanOrEqual(20_000);
    await log.close();
  });
});
