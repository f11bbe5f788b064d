/**
 * Identity microbenchmarks (issue 3's targets), measured — never assumed:
 *
 * - loading 1M hashed keys from a JSON Lines key file: ≤ 5 s and ≤ 300 MB (the RSS the keys add
 *   to a process that has already loaded the code, and the process's peak RSS, both reported);
 * - the authenticate stage for a known API key with 1M keys loaded: ≤ 2 µs median;
 * - JWTs (first sight and cached) come from loadtest/jwt-bench.ts when it is present.
 *
 * Usage: node loadtest/auth-bench.ts [--keys N] [--write]
 * `--write` records the results in loadtest/RESULTS.md (its "identity" section). The load is
 * measured in a fresh child process so module memory and key memory can be told apart.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { digestApiKey, generateApiKey, hashApiKey } from '../src/auth/api-key.ts';
import { authenticate } from '../src/auth/authenticate.ts';
import { loadKeyFile } from '../src/auth/key-file.ts';
import type { HeaderInspection } from '../src/upstream/header-hygiene.ts';
import { describeRun } from './machine.ts';
import { writeSection } from './results-file.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const KNOWN_KEYS = 1_000;

interface LoadResult {
  keys: number;
  loadSeconds: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  peakRssMb: number;
  authMedianUs: number;
  authP99Us: number;
  digestOnlyMedianUs: number;
}

/** This process's resident memory now, or its peak so far. */
function rssMb(which: 'now' | 'peak'): number {
  return which === 'now'
    ? process.memoryUsage().rss / 1_048_576
    : process.resourceUsage().maxRSS / 1024;
}

/** Writes N entries, the first KNOWN_KEYS with real keys (returned) so lookups can hit them. */
async function writeKeyFile(file: string, count: number): Promise<string[]> {
  const known: string[] = [];
  const out = createWriteStream(file);
  const tiers = ['free', 'standard', 'enterprise'];
  for (let i = 0; i < count; i++) {
    let sha256: string;
    if (i < KNOWN_KEYS) {
      const key = generateApiKey();
      known.push(key);
      sha256 = hashApiKey(key);
    } else {
      // Not a real key: a unique digest is all the table needs (and much faster to make).
      sha256 = hashApiKey(`synthetic-${i}`);
    }
    const line = `{"id":"key_${i.toString(36).padStart(8, '0')}","sha256":"${sha256}","account":"acct_${i}","org":"org_${i % 50_000}","tier":"${tiers[i % 3]}","created_at":"2026-11-01T00:00:00.000Z"}\n`;
    if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  return known;
}

/** Child: load the file, then time authenticate() on known keys. */
async function child(file: string, keysJson: string): Promise<void> {
  const known = JSON.parse(keysJson) as string[];
  (globalThis as { gc?: () => void }).gc?.();
  const rssBeforeMb = rssMb('now');
  const started = performance.now();
  const loaded = await loadKeyFile(file, { tiers: new Set(['free', 'standard', 'enterprise']) });
  const loadSeconds = (performance.now() - started) / 1000;
  if (!loaded.ok) throw new Error(`load failed: ${loaded.errors[0]?.message ?? ''}`);
  (globalThis as { gc?: () => void }).gc?.();
  const rssAfterMb = rssMb('now');
  const table = loaded.table;
  const inspections: HeaderInspection[] = known.map((credential) => ({
    credential,
    unsupportedScheme: false,
    anthropicVersion: false,
    connectionTokens: [],
    xForwardedFor: undefined,
    lowerNames: [],
  }));
  const now = Date.now();
  // Warm up the JIT, then time batches; the median batch mean is the per-request figure.
  const batch = 1_000;
  const samples: number[] = [];
  const digestSamples: number[] = [];
  for (let round = 0; round < 400; round++) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) {
      const result = authenticate(
        inspections[(round * batch + i) % inspections.length] as HeaderInspection,
        table,
        undefined,
        now,
      );
      if (!('ok' in result) || !result.ok) throw new Error('a known key failed to authenticate');
    }
    const t1 = performance.now();
    for (let i = 0; i < batch; i++)
      digestApiKey(known[(round * batch + i) % known.length] as string);
    const t2 = performance.now();
    if (round >= 100) {
      samples.push(((t1 - t0) * 1000) / batch);
      digestSamples.push(((t2 - t1) * 1000) / batch);
    }
  }
  samples.sort((a, b) => a - b);
  digestSamples.sort((a, b) => a - b);
  const result: LoadResult = {
    keys: table.size,
    loadSeconds,
    rssBeforeMb,
    rssAfterMb,
    peakRssMb: rssMb('peak'),
    authMedianUs: samples[Math.floor(samples.length / 2)] ?? Number.NaN,
    authP99Us: samples[Math.floor(samples.length * 0.99)] ?? Number.NaN,
    digestOnlyMedianUs: digestSamples[Math.floor(digestSamples.length / 2)] ?? Number.NaN,
  };
  process.stdout.write(JSON.stringify(result));
}

function jwtBench(): string | undefined {
  const script = join(HERE, 'jwt-bench.ts');
  const run = spawnSync(process.execPath, [script, '--markdown'], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  return run.status === 0 ? run.stdout.trim() : undefined;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      keys: { type: 'string', default: '1000000' },
      write: { type: 'boolean', default: false },
    },
  });
  if (positionals[0] === 'child') return child(positionals[1] ?? '', positionals[2] ?? '[]');
  const count = Number(values.keys);
  const dir = await mkdtemp(join(tmpdir(), 'dg-auth-bench-'));
  try {
    const file = join(dir, 'keys.jsonl');
    process.stderr.write(`writing ${count} keys to ${file} …\n`);
    const known = await writeKeyFile(file, count);
    process.stderr.write('loading them in a fresh process …\n');
    const run = spawnSync(
      process.execPath,
      ['--expose-gc', fileURLToPath(import.meta.url), 'child', file, JSON.stringify(known)],
      {
        encoding: 'utf8',
        timeout: 300_000,
        maxBuffer: 1 << 20,
      },
    );
    if (run.status !== 0) throw new Error(`child failed: ${run.stderr}`);
    const r = JSON.parse(run.stdout) as LoadResult;
    const keyMb = r.rssAfterMb - r.rssBeforeMb;
    const rows = [
      ['keys loaded', r.keys.toLocaleString('en'), '', ''],
      [
        'load time',
        `${r.loadSeconds.toFixed(2)} s`,
        '≤ 5 s',
        r.loadSeconds <= 5 ? 'met' : 'not met',
      ],
      [
        'RSS the keys add (after load − before, after GC)',
        `${keyMb.toFixed(0)} MB`,
        '≤ 300 MB',
        keyMb <= 300 ? 'met' : 'not met',
      ],
      [
        'process RSS after load / peak',
        `${r.rssAfterMb.toFixed(0)} / ${r.peakRssMb.toFixed(0)} MB`,
        '',
        '',
      ],
      [
        'authenticate, known API key, median (p99 of batch means)',
        `${r.authMedianUs.toFixed(2)} µs (${r.authP99Us.toFixed(2)})`,
        '≤ 2 µs',
        r.authMedianUs <= 2 ? 'met' : 'not met',
      ],
      ['  of which SHA-256 of the key', `${r.digestOnlyMedianUs.toFixed(2)} µs`, '', ''],
    ];
    const context = describeRun(join(HERE, '..'), false);
    const table = [
      '| measure | value | target | |',
      '|---|---:|---:|---|',
      ...rows.map((row) => `| ${row.join(' | ')} |`),
    ].join('\n');
    const jwt = jwtBench();
    const markdown = [
      '## Identity microbenchmarks',
      '',
      `${new Date().toISOString()} · commit \`${context.commit}\` · ${context.cpuModel} × ${context.cores} · Node ${process.versions.node}. \`node loadtest/auth-bench.ts --write\`; one process, ${count.toLocaleString('en')} keys in a JSON Lines key file.`,
      '',
      table,
      ...(jwt ? ['', jwt] : ['', '(JWT figures: loadtest/jwt-bench.ts was not available.)']),
    ].join('\n');
    process.stdout.write(`${markdown}\n`);
    if (values.write) await writeSection(join(HERE, 'RESULTS.md'), 'identity', markdown);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
