/**
 * The limit store alone, in one process: what one admission costs with store: memory, with the
 * Redis store and leases (the default), and with the Redis store exact (a Lua round trip per
 * admission) — the measurement behind the lease-vs-Lua choice in the README. A redis-server of the
 * bench's own (no persistence) on a free loopback port. For each store: admissions a second with
 * 64 in flight, CPU time of this process per admission, and the latency of one admission at a
 * time (p50/p99). Each admission spends a request and 2,000 output tokens from one account's
 * buckets; `--near` sets the limit (50 requests a second per account) far below what the bench
 * asks for, so buckets stay nearly empty: leases shrink to nothing and every admission is a round
 * trip, as near a real limit (most are refused).
 *
 *   node loadtest/limit-store-bench.ts [--seconds 3] [--near] [--write]
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { MemoryLimitStore, type BucketSpend, type LimitStore } from '../src/limits/limit-store.ts';
import { redisSchema } from '../src/redis/store-schema.ts';
import { createRedisConnection } from '../src/redis/redis-connection.ts';
import { RedisLimitStore } from '../src/redis/redis-limit-store.ts';
import { noopMetrics } from '../src/telemetry/metrics.ts';
import { systemClock } from '../src/util/clock.ts';
import { silentLogger } from '../src/util/logger.ts';
import { describeRun } from './machine.ts';
import { writeSection } from './results-file.ts';
import { percentiles } from './stats.ts';

const HERE = import.meta.dirname;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function spendsFor(account: number, near: boolean): BucketSpend[] {
  // Near: 50 a second per account, far below what the bench asks for: buckets stay nearly empty
  // and have almost nothing left to lease.
  const requests = near ? 50 : 1e9;
  return [
    {
      key: `bench\u0000acct_${account}\u0000r`,
      rate: { limit: requests, periodMs: 1000, burst: requests },
      cost: 1,
    },
    {
      key: `bench\u0000acct_${account}\u0000o`,
      rate: { limit: requests * 2000, periodMs: 1000, burst: requests * 2000 },
      cost: 2000,
    },
  ];
}

interface Measured {
  readonly perSecond: number;
  readonly cpuMicros: number;
  readonly p50: number;
  readonly p99: number;
  readonly allowed: number;
}

async function measure(store: LimitStore, seconds: number, near: boolean): Promise<Measured> {
  const spends = Array.from({ length: 64 }, (_, i) => spendsFor(i, near));
  let done = 0;
  let allowed = 0;
  const until = performance.now() + seconds * 1000;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    spends.map(async (spend) => {
      while (performance.now() < until) {
        const outcome = store.spendAll(spend, Date.now());
        const result = outcome instanceof Promise ? await outcome : outcome;
        done++;
        if (result.allowed) allowed++;
        // A synchronous store would never yield: give the loop a turn every so often.
        if (!(outcome instanceof Promise) && done % 64 === 0) await new Promise(setImmediate);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const samples = new Float64Array(2000);
  for (let i = 0; i < samples.length; i++) {
    const t0 = performance.now();
    const outcome = store.spendAll(spends[i % 64] as BucketSpend[], Date.now());
    if (outcome instanceof Promise) await outcome;
    samples[i] = performance.now() - t0;
  }
  const latency = percentiles(samples);
  return {
    perSecond: done / elapsed,
    cpuMicros: (used.user + used.system) / done,
    p50: latency.p50 * 1000,
    p99: latency.p99 * 1000,
    allowed: allowed / Math.max(1, done),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '3' },
      near: { type: 'boolean', default: false },
      write: { type: 'boolean', default: false },
    },
  });
  const seconds = Number(values.seconds);
  const near = values.near;
  const dir = await mkdtemp(join(tmpdir(), 'dg-limit-bench-'));
  const port = await freePort();
  const redis = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      cwd: dir,
      stdio: 'ignore',
    },
  );
  const rows: string[] = [];
  try {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stores: [string, () => Promise<{ store: LimitStore; close(): Promise<void> }>][] = [
      [
        'memory',
        () =>
          Promise.resolve({ store: new MemoryLimitStore(200_000), close: () => Promise.resolve() }),
      ],
      ['redis, leases (default)', () => redisStore(port, {})],
      ['redis, exact (no lease)', () => redisStore(port, { lease: { requests: 0, tokens: 0 } })],
    ];
    for (const [name, open] of stores) {
      const opened = await open();
      await measure(opened.store, 1, near); // warm-up
      const m = await measure(opened.store, seconds, near);
      await opened.close();
      rows.push(
        `| ${name} | ${m.perSecond.toFixed(0)} | ${m.cpuMicros.toFixed(1)} | ${m.p50.toFixed(1)} | ${m.p99.toFixed(1)} | ${(m.allowed * 100).toFixed(1)} % |`,
      );
      process.stderr.write(`${name}: ${m.perSecond.toFixed(0)}/s\n`);
    }
  } finally {
    redis.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  }
  const context = describeRun(join(HERE, '..'), false);
  const markdown = [
    `${context.date} · commit \`${context.commit}\` · ${context.cpuModel} × ${context.cores} · Node ${process.versions.node} · load average ${context.loadAverage.toFixed(2)} at start. \`node loadtest/limit-store-bench.ts${near ? ' --near' : ''}\`: admissions (1 request + 2,000 output tokens from one of 64 accounts) against each store in one process, redis-server on loopback; ${seconds} s with 64 in flight, then 2,000 one at a time.${near ? ' Near the limit: buckets refill as fast as they are spent, so leases stay empty.' : ''}`,
    '',
    '| store | admissions/s (64 in flight) | CPU µs per admission | p50 µs (one at a time) | p99 µs | allowed |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
  process.stdout.write(`${markdown}\n`);
  if (values.write)
    await writeSection(
      join(HERE, 'RESULTS.md'),
      near ? 'redis-limits-near' : 'redis-limits',
      `## Limit store: memory, Redis with leases, Redis exact${near ? ' (near the limit)' : ''}\n\n${markdown}`,
    );
}

async function redisStore(
  port: number,
  section: Record<string, unknown>,
): Promise<{ store: LimitStore; close(): Promise<void> }> {
  const settings = {
    ...redisSchema.parse({
      url: `redis://127.0.0.1:${port}`,
      key_prefix: 'bench',
      command_timeout: '1s',
      ...section,
    }),
    password: undefined,
    sentinelPassword: undefined,
  };
  const connection = createRedisConnection(settings, {
    logger: silentLogger,
    metrics: noopMetrics,
    clock: systemClock,
  });
  await connection.ready();
  const store = new RedisLimitStore(connection, { maxKeys: 200_000, clock: systemClock });
  return {
    store,
    async close() {
      await store.close();
      await connection.close();
    },
  };
}

await main();
