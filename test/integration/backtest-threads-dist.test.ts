/**
 * A two-thread backtest runs from compiled JavaScript, as bin/distillguard runs it from dist/:
 * the reading worker is found by this module's own extension (read-worker.js beside
 * pipelined-read.js), where a path naming read-worker.ts failed with "Cannot find module" —
 * the sources' tests never saw it. The sources are compiled (no type check) into a scratch
 * directory under node_modules (so the packages resolve as from dist/) and backtest a small log on
 * two threads; the report equals the one-thread report of the same build.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBacktestConfigs, writeBacktestLogs } from '../helpers/backtest-logs.ts';

const ROOT = join(import.meta.dirname, '../..');
const run = promisify(execFile);
let dir: string;
let out: string | undefined;
let candidate: string;
let logs: string[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dg-backtest-dist-'));
  ({ candidate } = await writeBacktestConfigs(dir));
  const written = await writeBacktestLogs(dir);
  logs = [written.plain, written.gzip];
  const compiled = await mkdtemp(join(ROOT, 'node_modules/.dg-dist-test-'));
  out = compiled;
  await run(
    process.execPath,
    [
      join(ROOT, 'node_modules/typescript/bin/tsc'),
      '-p',
      'tsconfig.build.json',
      '--outDir',
      compiled,
    ],
    { cwd: ROOT, timeout: 120_000 },
  );
}, 150_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  if (out !== undefined) await rm(out, { recursive: true, force: true });
});

/** The report of a backtest by the compiled code, on `threads` threads (generated_at fixed). */
async function compiledReport(threads: number): Promise<string> {
  const script = `
    const { backtestLogs } = await import(${JSON.stringify(join(out ?? '', 'backtest/backtest-logs.js'))});
    const outcome = await backtestLogs(
      { candidate: ${JSON.stringify(candidate)}, logs: ${JSON.stringify(logs)}, threads: ${threads} },
      () => 0,
    );
    process.stdout.write(JSON.stringify(outcome));`;
  const file = join(dir, `backtest-${threads}.mjs`);
  await writeFile(file, script);
  const { stdout } = await run(process.execPath, [file], { timeout: 60_000 });
  return stdout;
}

describe('a compiled backtest', () => {
  it('reads on a second thread, to the one-thread report', async () => {
    const two = await compiledReport(2);
    expect(JSON.parse(two)).toMatchObject({ ok: true });
    expect(two).toBe(await compiledReport(1));
  }, 120_000);
});
