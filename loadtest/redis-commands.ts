/**
 * Redis commands per proxied request (store: redis): a count, not a timing — the cheap, decisive
 * way to see whether a change adds round trips or server work to the request path.
 *
 * The proxies of loadtest/redis-bench.ts (same children, same config, same CPU pinning) against a
 * redis-server of this run's own; after a closed-loop warm-up, CONFIG RESETSTAT, then one phase
 * (closed loop, 64 connections, or the open loop at `--rate`), then INFO commandstats: calls and
 * server µs per request for every command, and the keys the phase left behind (DBSIZE).
 *
 *   node loadtest/redis-commands.ts [--variant lease|exact] [--seconds 5] [--rate 2000] [--warm 5]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { generateApiKey } from '../src/auth/api-key.ts';
import { pinnedChild, startRedis, stopChild } from './redis-children.ts';
import { runClosedLoop } from './scenarios/closed-loop.ts';
import { runFixedRate } from './scenarios/fixed-rate.ts';

const BENCH = join(import.meta.dirname, 'redis-bench.ts');

interface Stat {
  readonly calls: number;
  readonly usec: number;
  readonly failed: number;
}

/** `cmdstat_evalsha:calls=3,usec=40,...` lines → command → figures. */
function commandStats(info: string): Map<string, Stat> {
  const stats = new Map<string, Stat>();
  for (const line of info.split('\n')) {
    const match = /^cmdstat_([^:]+):(.*)$/.exec(line.trim());
    if (match === null) continue;
    const fields = Object.fromEntries(
      (match[2] ?? '').split(',').map((pair) => pair.split('=') as [string, string]),
    );
    stats.set(match[1] ?? '', {
      calls: Number(fields['calls'] ?? 0),
      usec: Number(fields['usec'] ?? 0),
      failed: Number(fields['failed_calls'] ?? 0) + Number(fields['rejected_calls'] ?? 0),
    });
  }
  return stats;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      variant: { type: 'string', default: 'lease' },
      seconds: { type: 'string', default: '5' },
      rate: { type: 'string', default: '2000' },
      warm: { type: 'string', default: '5' },
    },
  });
  const seconds = Number(values.seconds);
  const work = await mkdtemp(join(tmpdir(), 'dg-redis-commands-'));
  const server = await startRedis(work);
  const url = server.url;
  const redis = new Redis(url);
  const key = generateApiKey();
  const upstream = await pinnedChild(BENCH, ['upstream'], '1');
  const proxy = await pinnedChild(
    BENCH,
    ['proxy', values.variant, upstream.words[0] ?? '', key, url],
    '0',
  );
  const target = proxy.words[0] ?? '';
  try {
    await runClosedLoop({
      url: target,
      clientKey: key,
      connections: 64,
      seconds: Number(values.warm),
    });
    const phases: [string, () => Promise<number>][] = [
      [
        'closed loop, 64 connections',
        async () =>
          (await runClosedLoop({ url: target, clientKey: key, connections: 64, seconds })).ok,
      ],
      [
        `open loop, ${values.rate} req/s`,
        async () =>
          (await runFixedRate({ url: target, clientKey: key, rate: Number(values.rate), seconds }))
            .ok,
      ],
    ];
    for (const [name, phase] of phases) {
      const keysBefore = await redis.dbsize();
      await redis.config('RESETSTAT');
      const requests = await phase();
      const stats = commandStats(await redis.info('commandstats'));
      const keysAfter = await redis.dbsize();
      stats.delete('config'); // this script's own RESETSTAT
      stats.delete('info');
      let calls = 0;
      let usec = 0;
      const rows = [...stats].sort((a, b) => b[1].calls - a[1].calls);
      process.stdout.write(`\n${values.variant}, ${name}: ${requests} requests\n`);
      process.stdout.write('| command | calls | per request | server µs per request | failed |\n');
      process.stdout.write('| --- | ---: | ---: | ---: | ---: |\n');
      for (const [command, stat] of rows) {
        calls += stat.calls;
        usec += stat.usec;
        process.stdout.write(
          `| ${command} | ${stat.calls} | ${(stat.calls / requests).toFixed(3)} | ${(stat.usec / requests).toFixed(2)} | ${stat.failed} |\n`,
        );
      }
      process.stdout.write(
        `| all | ${calls} | ${(calls / requests).toFixed(3)} | ${(usec / requests).toFixed(2)} | |\nkeys ${keysBefore} → ${keysAfter}\n`,
      );
    }
  } finally {
    await stopChild(proxy.proc);
    await stopChild(upstream.proc);
    redis.disconnect();
    server.proc.kill('SIGKILL');
    await rm(work, { recursive: true, force: true });
  }
}

await main();
