/**
 * Throughput of `review` and `backtest` over NDJSON (issue 7's target: ≥ 200 MB/s, bounded
 * memory). Writes a synthetic decision log of `--mb` megabytes with the proxy's serializer
 * (ndjson-log.ts) and a gzip copy into a temporary directory, then runs each measurement in a
 * fresh child process — review of everything, review of one account (the byte prefilter),
 * backtest against the log, backtest against a replayed baseline; plain and gzip; and, for
 * reference, reading and parsing alone and gunzip alone — and reports
 * MB/s of NDJSON (decompressed bytes) by wall time and by CPU time, and the child's peak RSS.
 * The machine is shared, so every measurement runs `--rounds` times, the rounds interleaved (each
 * round runs every row once), and the median is reported with the range. `--write` records the
 * "review" section of loadtest/RESULTS.md. Keep the log small while developing (`--mb 50`).
 *
 *   node loadtest/ndjson-bench.ts [--mb 300] [--rounds 3] [--write]
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { createGzip } from 'node:zlib';
import { backtestLogs, defaultBacktestThreads } from '../src/backtest/backtest-logs.ts';
import { openLog } from '../src/decision-log/open-log.ts';
import { readLogs } from '../src/decision-log/read-logs.ts';
import { defaultThreads, reviewLogs } from '../src/review/review-logs.ts';
import { describeRun } from './machine.ts';
import { writeSyntheticLog } from './ndjson-log.ts';
import { writeSection } from './results-file.ts';
import { median } from './stats.ts';

const HERE = import.meta.dirname;
const ROOT = join(HERE, '..');
const TARGET_MB_S = 200;

interface Measured {
  readonly bytes: number;
  readonly records: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly maxRssMb: number;
}

/** In the child: one measurement, printed as JSON. */
async function child(kind: string, log: string, config: string): Promise<void> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  let bytes: number;
  let records: number;
  if (kind === 'read') {
    const outcome = await readLogs([log], () => {});
    if (!outcome.ok) throw new Error(outcome.message);
    ({ bytes, records } = outcome.summary);
  } else if (kind === 'gunzip') {
    const opened = await openLog(log);
    if (!opened.ok) throw new Error(opened.message);
    bytes = 0;
    records = 0;
    for await (const chunk of opened.input.chunks()) bytes += chunk.length;
  } else if (kind.startsWith('review')) {
    const filter = kind === 'review-account' ? { account: process.env['BENCH_ACCOUNT'] ?? '' } : {};
    const threads = kind === 'review-1' ? 1 : defaultThreads();
    const outcome = await reviewLogs([log], { filter }, Date.now, { threads });
    if (!outcome.ok) throw new Error(outcome.message);
    ({ bytes, records } = outcome.report.input);
  } else {
    const outcome = await backtestLogs({
      candidate: config,
      logs: [log],
      ...(kind === 'backtest-1' ? { threads: 1 } : {}),
      ...(kind === 'backtest-baseline' ? { baseline: join(ROOT, 'config/simulate.yaml') } : {}),
    });
    if (!outcome.ok) throw new Error(outcome.kind === 'input' ? outcome.message : 'config');
    ({ bytes, records } = outcome.report.input);
  }
  const used = process.cpuUsage(cpu);
  const result: Measured = {
    bytes,
    records,
    wallMs: performance.now() - started,
    cpuMs: (used.user + used.system) / 1000,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(JSON.stringify(result));
}

const mbPerS = (m: Measured, ms: number): number => m.bytes / 1e6 / (ms / 1000);

const USAGE = `usage: node loadtest/ndjson-bench.ts [--mb 300] [--rounds 3] [--write] [--only KINDS]

Throughput of review and backtest over a synthetic NDJSON decision log of --mb megabytes (and a
gzip copy), each measurement in a fresh child process, --rounds times interleaved; medians.
--write records the "review" section of loadtest/RESULTS.md.
--only review,backtest,… runs only those rows (by kind: review, review-1, review-account,
backtest, backtest-1, backtest-baseline, read, gunzip; "review" and "backtest" also name their
gzip rows): for development; it cannot be combined with --write.
`;

function measure(kind: string, log: string, config: string, account: string): Measured {
  const out = execFileSync(
    process.execPath,
    [join(HERE, 'ndjson-bench.ts'), '--child', kind, '--log', log, '--config', config],
    {
      encoding: 'utf8',
      env: { ...process.env, BENCH_ACCOUNT: account },
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(out) as Measured;
}

/** A candidate that throttles through a limit: the replay exercises the limit store too. */
async function candidateConfig(dir: string): Promise<string> {
  const base = await readFile(join(ROOT, 'config/simulate.yaml'), 'utf8');
  const file = join(dir, 'candidate.yaml');
  await writeFile(
    file,
    base.replace(
      /\npolicy:\n {2}mode: enforce\n/,
      `\npolicy:\n  mode: enforce\n  limits:\n    - { id: suspects, scope: account, applies: throttled, requests: { limit: 5, per: 1m } }\n  rules:\n    - { id: declared-use-cap, when: { score: { gte: 0.45 }, account: { declared_use: true } }, action: observe }\n    - { id: risk-block, when: { score: { gte: 0.7 }, families: { min: 2 } }, action: block, remember: { end_user: 24h, content: 168h } }\n    - { id: throttle-suspects, when: { score: { gte: 0.5 } }, action: throttle, limits: [suspects] }\n    - { id: risk-observe, when: { score: { gte: 0.3 } }, action: observe }\n`,
    ),
  );
  return file;
}

/** The account of the log's first record that has one (what review --account looks for). */
async function firstAccount(file: string): Promise<string> {
  const handle = await open(file);
  try {
    const head = Buffer.alloc(8192);
    await handle.read(head, 0, head.length, 0);
    const line = head
      .toString('utf8')
      .split('\n')
      .find((l) => l.includes('"account":"'));
    return (JSON.parse(line ?? '{}') as { account?: string }).account ?? '';
  } finally {
    await handle.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      mb: { type: 'string', default: '300' },
      rounds: { type: 'string', default: '3' },
      write: { type: 'boolean', default: false },
      only: { type: 'string' },
      help: { type: 'boolean', default: false },
      child: { type: 'string' },
      log: { type: 'string' },
      config: { type: 'string' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  if (values.child !== undefined) return child(values.child, values.log ?? '', values.config ?? '');
  const rounds = Math.max(1, Number(values.rounds));
  const only = values.only === undefined ? undefined : new Set(values.only.split(','));
  if (only !== undefined && values.write) {
    process.stderr.write('--only cannot be combined with --write: the table is recorded whole\n');
    process.exitCode = 2;
    return;
  }
  const context = describeRun(ROOT, false);
  const dir = await mkdtemp(join(tmpdir(), 'dg-ndjson-bench-'));
  try {
    const plain = join(dir, 'decisions.ndjson');
    const gzip = join(dir, 'decisions.ndjson.gz');
    const t0 = performance.now();
    // Ids as the proxy writes them: the backtest reads each one's counter (its arrival).
    const count = await writeSyntheticLog(plain, Number(values.mb) * 1e6, 1, 'proxy');
    await pipeline(createReadStream(plain), createGzip({ level: 1 }), createWriteStream(gzip));
    const sizes = [(await stat(plain)).size, (await stat(gzip)).size];
    process.stdout.write(
      `log: ${count} records, ${(sizes[0]! / 1e6).toFixed(0)} MB (gzip ${(sizes[1]! / 1e6).toFixed(0)} MB) in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
    );
    const account = await firstAccount(plain);
    const config = await candidateConfig(dir);
    const threads = defaultThreads();
    const all: [string, string, string][] = [
      [`review, everything (${threads} threads: the file in ${threads} parts)`, 'review', plain],
      ['review, everything, one thread (--threads 1)', 'review-1', plain],
      ['review, everything (gzip: one part)', 'review', gzip],
      ['review --account (byte prefilter)', 'review-account', plain],
      [
        `backtest against the log (${defaultBacktestThreads()} threads, the default here: reading beside the replay)`,
        'backtest',
        plain,
      ],
      ['backtest against the log, one thread (--threads 1)', 'backtest-1', plain],
      ['backtest against the log (gzip)', 'backtest', gzip],
      ['backtest --baseline (two replays)', 'backtest-baseline', plain],
      ['reference: read and parse only, one thread (no summaries)', 'read', plain],
      ['reference: gunzip only', 'gunzip', gzip],
    ];
    const runs = all.filter(([, kind]) => only === undefined || only.has(kind));
    // Rounds interleaved: a burst of other load on the shared machine hits every row alike.
    const measured = runs.map((): Measured[] => []);
    for (let round = 1; round <= rounds; round++)
      for (const [i, [label, kind, log]] of runs.entries()) {
        const m = measure(kind, log, config, account);
        measured[i]?.push(m);
        process.stdout.write(`round ${round}: ${label}: ${mbPerS(m, m.wallMs).toFixed(0)} MB/s\n`);
      }
    const rows: string[] = [];
    for (const [i, [label, kind]] of runs.entries()) {
      const all = measured[i] ?? [];
      const walls = all.map((m) => mbPerS(m, m.wallMs));
      const wall = median(walls);
      const cpu = median(all.map((m) => mbPerS(m, m.cpuMs)));
      const rss = median(all.map((m) => m.maxRssMb));
      // Rounded down: a median of 199.6 must not read "200 … FAIL".
      const range = `${Math.floor(Math.min(...walls))}–${Math.floor(Math.max(...walls))}`;
      const verdict =
        kind === 'read' || kind === 'gunzip' ? '–' : wall >= TARGET_MB_S ? 'PASS' : '**FAIL**';
      const row = `| ${label} | ${Math.floor(wall)} (${range}) | ${cpu.toFixed(0)} | ${rss.toFixed(0)} | ${verdict} |`;
      process.stdout.write(`${row}\n`);
      rows.push(row);
    }
    const markdown = [
      `${context.date} · commit \`${context.commit}\` · ${context.cpuModel} × ${context.cores} · Node ${process.versions.node} · load average ${context.loadAverage.toFixed(2)} at start. \`node loadtest/ndjson-bench.ts --mb ${values.mb} --rounds ${rounds} --write\`: a synthetic log of ${count.toLocaleString('en-US')} records (${(sizes[0]! / 1e6).toFixed(0)} MB; gzip level 1 copy ${(sizes[1]! / 1e6).toFixed(0)} MB), written with the proxy's serializer (loadtest/ndjson-log.ts); each row in a fresh child process, file in the page cache; ${rounds} rounds, interleaved (each round runs every row once): medians, with the range of the wall figure. MB/s of NDJSON (decompressed bytes), by wall time and by the process's CPU time (user + system of every thread: the review's workers, the backtest's reader, the gzip thread pool); peak RSS of the child. A review reads a large plain log in parts on up to 4 threads (a review is a sum); a backtest is one replay in time order: the reading and parsing run on a second thread where the machine has two cores (the default; the re-sorting stays with the replay), or with the replay (--threads 1). Target: ≥ ${TARGET_MB_S} MB/s wall.`,
      '',
      '| measurement | MB/s (wall: median, range) | MB/s (CPU) | peak RSS MiB | ≥ 200 MB/s |',
      '| --- | ---: | ---: | ---: | --- |',
      ...rows,
    ].join('\n');
    if (values.write)
      await writeSection(
        join(HERE, 'RESULTS.md'),
        'review',
        `## Review and backtest over NDJSON\n\n${markdown}`,
      );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
