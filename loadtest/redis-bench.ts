/**
 * store: redis against store: memory, in the same run (issue 6's targets), and a Redis stopped
 * for 10 s under load.
 *
 * Every request spends from a limit (requests and output tokens per account, never refusing), so
 * the limit store is on the path of every request. Three proxies, one at a time on CPU 0
 * (taskset), the upstream and a redis-server of the bench's own on CPU 1, load from this process:
 *  - memory: store: memory (the baseline);
 *  - lease:  store: redis with the default leases (most admissions need no round trip);
 *  - exact:  store: redis with leases off (every admission is a Lua round trip: the worst case,
 *            and what every request costs near a limit).
 * Per target and round: a closed-loop warm-up, then 64 connections closed loop (req/s) and the
 * open loop at `--rate` req/s (p50/p99 from the scheduled send time). Targets interleave over
 * rounds; ratios and added p99 are medians of per-round values.
 *
 * The stop run (exact, the worst case): the open loop for stop + 5 s; after 2 s redis-server gets
 * SIGSTOP, `--stop-seconds` later SIGCONT. Reported: p99 of the run against the fault-free p99 of
 * the same proxy just before (target: ≤ + command timeout + 10 ms), failed requests (target 0 in
 * failure mode open), decision records against requests sent (none lost), and the time from
 * SIGCONT until /readyz says connected and fallbacks stop (target ≤ 2 s).
 *
 *   node loadtest/redis-bench.ts [--seconds 5] [--rounds 3] [--rate 2000] [--warm 5]
 *                                [--stop-seconds 10] [--skip-stop] [--write]
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateApiKey } from '../src/auth/api-key.ts';
import { describeRun } from './machine.ts';
import {
  failureSummary,
  pinnedChild,
  startRedis,
  stopChild as stop,
  storeStatus as store,
  type Child,
} from './redis-children.ts';
import { writeSection } from './results-file.ts';
import { runClosedLoop } from './scenarios/closed-loop.ts';
import { runFixedRate, type FixedRateResult } from './scenarios/fixed-rate.ts';
import { median } from './stats.ts';
import { startDistillguard } from './targets/distillguard.ts';
import { startUpstream } from './upstream.ts';

const HERE = import.meta.dirname;
const VARIANTS = ['memory', 'lease', 'exact'] as const;
type Variant = (typeof VARIANTS)[number];
const COMMAND_TIMEOUT_MS = 50;
const ADMIN_ENV = 'BENCH_ADMIN_TOKEN';

/** Child: a proxy of one variant; prints "<url> <admin url> <work dir>". */
async function runProxy(
  variant: Variant,
  upstream: string,
  key: string,
  redis: string,
): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'dg-redis-bench-'));
  const store =
    variant === 'memory'
      ? {}
      : {
          type: 'redis',
          redis: {
            url: redis,
            key_prefix: `bench-${randomBytes(4).toString('hex')}`,
            keys: 'file',
            command_timeout: `${COMMAND_TIMEOUT_MS}ms`,
            ...(variant === 'exact' ? { lease: { requests: 0, tokens: 0 } } : {}),
          },
        };
  const overrides = {
    store,
    policy: {
      limits: [
        {
          id: 'bench',
          scope: 'account',
          requests: { limit: 1_000_000_000, per: '1m' },
          output_tokens: { limit: 1_000_000_000_000, per: '1m' },
        },
      ],
    },
    admin: { enabled: true, port: 0, token_env: ADMIN_ENV, unauthenticated_probes: true },
  };
  const running = await startDistillguard(upstream, key, dir, {
    overrides,
    env: { [ADMIN_ENV]: randomBytes(16).toString('hex') },
  });
  process.stdout.write(`${running.url} ${running.adminUrl ?? ''} ${dir}\n`);
  process.on('SIGTERM', () => void running.close().then(() => process.exit(0)));
}

async function runUpstreamChild(): Promise<void> {
  const running = await startUpstream();
  process.stdout.write(`${running.url}\n`);
}

async function decisionRecords(dir: string): Promise<number> {
  let count = 0;
  for (const name of await readdir(dir)) {
    if (!name.startsWith('decisions.ndjson')) continue;
    const text = await readFile(join(dir, name), 'utf8');
    count += text.split('\n').filter((line) => line !== '').length;
  }
  return count;
}

interface StopRun {
  readonly baselineP99: number;
  readonly run: FixedRateResult;
  readonly sent: number;
  readonly records: number;
  readonly connectedMs: number;
  readonly fallbacksStoppedMs: number;
}

/** The stop run on the exact variant (see the header). */
function child(args: string[], cpu: string): Promise<Child> {
  return pinnedChild(import.meta.filename, args, cpu);
}

async function stopRun(
  upstream: string,
  key: string,
  redis: { proc: ChildProcess; url: string },
  rate: number,
  stopSeconds: number,
): Promise<StopRun> {
  const proxy = await child(['proxy', 'exact', upstream, key, redis.url], '0');
  const [url = '', adminUrl = '', dir = ''] = proxy.words;
  try {
    const warm = await runFixedRate({ url, clientKey: key, rate, seconds: 3 });
    const baseline = await runFixedRate({ url, clientKey: key, rate, seconds: 3 });
    const pid = redis.proc.pid ?? 0;
    let connectedMs = Infinity;
    let fallbacksStoppedMs = Infinity;
    const fault = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      process.kill(pid, 'SIGSTOP');
      await new Promise((resolve) => setTimeout(resolve, stopSeconds * 1000));
      process.kill(pid, 'SIGCONT');
      const resumed = performance.now();
      let last = -1;
      while (performance.now() - resumed < 5000) {
        const status = await store(adminUrl);
        const at = performance.now() - resumed;
        if (status.state === 'connected' && connectedMs === Infinity) connectedMs = at;
        if (status.fallbacks === last && fallbacksStoppedMs === Infinity) fallbacksStoppedMs = at;
        last = status.fallbacks;
        if (fallbacksStoppedMs !== Infinity) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const run = await runFixedRate({ url, clientKey: key, rate, seconds: stopSeconds + 5 });
    await fault;
    await stop(proxy.proc);
    const sent = warm.scheduled + baseline.scheduled + run.scheduled;
    const records = await decisionRecords(dir);
    return {
      baselineP99: baseline.latency.p99,
      run,
      sent,
      records,
      connectedMs,
      fallbacksStoppedMs,
    };
  } finally {
    await stop(proxy.proc);
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      seconds: { type: 'string', default: '5' },
      rounds: { type: 'string', default: '3' },
      rate: { type: 'string', default: '2000' },
      warm: { type: 'string', default: '5' },
      'stop-seconds': { type: 'string', default: '10' },
      'skip-stop': { type: 'boolean', default: false },
      write: { type: 'boolean', default: false },
    },
  });
  if (positionals[0] === 'upstream') return runUpstreamChild();
  if (positionals[0] === 'proxy')
    return runProxy(
      positionals[1] as Variant,
      positionals[2] ?? '',
      positionals[3] ?? '',
      positionals[4] ?? '',
    );

  const seconds = Number(values.seconds);
  const rounds = Number(values.rounds);
  const rate = Number(values.rate);
  const warm = Number(values.warm);
  const key = generateApiKey();
  const work = await mkdtemp(join(tmpdir(), 'dg-redis-bench-run-'));
  const redis = await startRedis(work);
  const upstream = await child(['upstream'], '1');
  const upstreamUrl = upstream.words[0] ?? '';
  const rps: Record<Variant, number[]> = { memory: [], lease: [], exact: [] };
  const p50: Record<Variant, number[]> = { memory: [], lease: [], exact: [] };
  const p99: Record<Variant, number[]> = { memory: [], lease: [], exact: [] };
  let errors = 0;
  let stopped: StopRun | undefined;
  try {
    for (let round = 0; round < rounds; round++) {
      const order = VARIANTS.map((_, i) => VARIANTS[(i + round) % VARIANTS.length] as Variant);
      for (const variant of order) {
        const proxy = await child(['proxy', variant, upstreamUrl, key, redis.url], '0');
        const [url = '', adminUrl = '', dir = ''] = proxy.words;
        try {
          await runClosedLoop({ url, clientKey: key, connections: 64, seconds: warm });
          const closed = await runClosedLoop({ url, clientKey: key, connections: 64, seconds });
          const fixed = await runFixedRate({ url, clientKey: key, rate, seconds });
          rps[variant].push(closed.rps);
          p50[variant].push(fixed.latency.p50);
          p99[variant].push(fixed.latency.p99);
          errors += closed.errors + fixed.errors;
          // Why a round is slow: the command timeouts and fallbacks behind it (warm-up included).
          const failures = variant === 'memory' ? '' : `; ${await failureSummary(adminUrl)}`;
          process.stderr.write(
            `round ${round + 1}/${rounds} ${variant}: ${closed.rps.toFixed(0)} req/s, p99 ${fixed.latency.p99.toFixed(2)} ms at ${rate} req/s${failures}\n`,
          );
        } finally {
          await stop(proxy.proc);
          await rm(dir, { recursive: true, force: true });
        }
      }
    }
    if (!values['skip-stop'])
      stopped = await stopRun(upstreamUrl, key, redis, rate, Number(values['stop-seconds']));
  } finally {
    await stop(upstream.proc);
    redis.proc.kill('SIGCONT');
    redis.proc.kill('SIGKILL');
    await rm(work, { recursive: true, force: true });
  }

  const perRound = (
    variant: Variant,
    f: (v: number, m: number) => number,
    of: Record<Variant, number[]>,
  ): number => median(of[variant].map((value, i) => f(value, of.memory[i] ?? 0)));
  const context = describeRun(join(HERE, '..'), true);
  const row = (variant: Variant, label: string): string =>
    `| ${label} | ${median(rps[variant]).toFixed(0)} | ${perRound(variant, (v, m) => v / m, rps).toFixed(3)} | ${median(p50[variant]).toFixed(2)} | ${median(p99[variant]).toFixed(2)} | ${perRound(variant, (v, m) => v - m, p99).toFixed(2)} |`;
  const leaseRatio = perRound('lease', (v, m) => v / m, rps);
  const leaseP99 = perRound('lease', (v, m) => v - m, p99);
  const lines = [
    `${context.date} · commit \`${context.commit}\` · ${context.cpuModel} × ${context.cores} · Node ${process.versions.node} · load average ${context.loadAverage.toFixed(2)} at start. \`node loadtest/redis-bench.ts --write\`: every request spends from a per-account limit (requests and output tokens); proxy on CPU 0, upstream and redis-server on CPU 1; ${warm} s closed-loop warm-up, ${seconds} s closed loop (64 connections) and ${seconds} s at ${rate} req/s per target, ${rounds} interleaved rounds.`,
    '',
    '| target | req/s, 64 conns (median) | ÷ memory | p50 ms at rate | p99 ms at rate | p99 added vs memory |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    row('memory', 'store: memory'),
    row('lease', 'store: redis, leases (default)'),
    row('exact', 'store: redis, exact (a round trip per request)'),
    '',
    `Targets: ÷ memory ≥ 0.85 — leases ${leaseRatio.toFixed(3)} ${leaseRatio >= 0.85 ? 'PASS' : '**FAIL**'}; p99 added ≤ 1 ms at ${rate} req/s — leases ${leaseP99.toFixed(2)} ms ${leaseP99 <= 1 ? 'PASS' : '**FAIL**'}. Failed requests: ${errors}.`,
  ];
  if (stopped !== undefined) {
    const bound = stopped.baselineP99 + COMMAND_TIMEOUT_MS + 10;
    const lost = stopped.sent - stopped.records;
    lines.push(
      '',
      `Redis SIGSTOP for ${values['stop-seconds']} s under ${rate} req/s (exact: every request a round trip; command timeout ${COMMAND_TIMEOUT_MS} ms, failure mode open): p99 ${stopped.run.latency.p99.toFixed(2)} ms over the run (fault-free p99 just before: ${stopped.baselineP99.toFixed(2)} ms; bound ${bound.toFixed(2)} ms: ${stopped.run.latency.p99 <= bound ? 'PASS' : '**FAIL**'}), max ${stopped.run.latency.max.toFixed(1)} ms; failed requests ${stopped.run.errors} (${stopped.run.errors === 0 ? 'PASS' : '**FAIL**'}); decision records ${stopped.records} of ${stopped.sent} requests (${lost === 0 ? 'none lost: PASS' : `**${lost} lost**`}); after SIGCONT, /readyz connected in ${stopped.connectedMs.toFixed(0)} ms and fallbacks stopped within ${stopped.fallbacksStoppedMs.toFixed(0)} ms (≤ 2000: ${stopped.fallbacksStoppedMs <= 2000 ? 'PASS' : '**FAIL**'}).`,
    );
  }
  const markdown = lines.join('\n');
  process.stdout.write(`${markdown}\n`);
  if (values.write)
    await writeSection(
      join(HERE, 'RESULTS.md'),
      'redis',
      `## Shared state on Redis\n\n${markdown}`,
    );
}

await main();
