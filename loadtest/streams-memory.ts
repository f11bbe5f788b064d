/**
 * Memory per concurrent stream (RELIABILITY.md item 12: "2,000 concurrent streams: bounded memory
 * per stream"). For each level of concurrency, a fresh distillguard process (pinned to CPU 0,
 * with enough upstream connections that every stream is really open upstream as well) serves
 * that many SSE lanes at once for a few seconds — each lane starting a new 20-event stream when
 * its last one ends — while its RSS is sampled every 100 ms; upstream and load share CPU 1.
 * Reported per level: idle and peak RSS, streams completed and failed; and the marginal memory
 * of a stream, the slope of peak RSS between levels. At 2,000 lanes the one core of the upstream
 * and load generator cannot send 200,000 events a second, so streams run slower than their
 * 200 ms: they stay open longer, which is what the probe wants (all of them open at once).
 *
 *   node loadtest/streams-memory.ts [--levels 64,500,1000,2000] [--seconds 4] [--write]
 *
 * `--write` records the "streams-memory" section of RESULTS.md.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateApiKey } from '../src/auth/api-key.ts';
import type { TargetStartParams } from './children/target-child.ts';
import { describeRun } from './machine.ts';
import { readRssMb, samplePeakRss } from './proc-stats.ts';
import { ChildHandle, stopAll } from './processes.ts';
import { writeSection } from './results-file.ts';
import type { SseParams, SseResult } from './scenarios/sse-streams.ts';

const HERE = import.meta.dirname;
const START_TIMEOUT_MS = 30_000;
/** The scenario's own drain grace (sse-streams.ts) plus slack for the RPC. */
const CALL_SLACK_MS = 20_000;

interface Level {
  readonly streams: number;
  readonly idleMb: number | undefined;
  readonly peakMb: number | undefined;
  readonly completed: number;
  readonly errors: number;
}

async function measureLevel(
  streams: number,
  seconds: number,
  upstreamUrl: string,
  load: ChildHandle,
  dir: string,
): Promise<Level> {
  const key = generateApiKey();
  const target = new ChildHandle('distillguard', join(HERE, 'children', 'target-child.ts'), 0);
  try {
    const params: TargetStartParams = {
      target: 'distillguard',
      upstreamUrl,
      clientKey: key,
      workDir: join(dir, String(streams)),
      burnMicros: 0,
      // One upstream socket per stream (the default pool of 256 would queue the rest in undici).
      overrides: { upstream: { connections: Math.max(256, streams) } },
    };
    const { url } = await target.call<{ url: string }>('start', params, START_TIMEOUT_MS);
    const idleMb = readRssMb(target.pid);
    const stop = samplePeakRss(target.pid, 100);
    let result: SseResult;
    let peakMb: number | undefined;
    try {
      const sse: SseParams = { url, clientKey: key, streams, seconds };
      result = await load.call<SseResult>('sseStreams', sse, seconds * 1000 + CALL_SLACK_MS);
    } finally {
      peakMb = stop();
    }
    return { streams, idleMb, peakMb, completed: result.completed, errors: result.errors };
  } finally {
    await target.stop();
  }
}

function render(levels: readonly Level[], seconds: number, command: string): string {
  const context = describeRun(join(HERE, '..'), true);
  const mb = (value: number | undefined): string => (value === undefined ? '–' : value.toFixed(1));
  const rows = levels.map((level, i) => {
    const previous = levels[i - 1];
    const slope =
      previous?.peakMb === undefined || level.peakMb === undefined
        ? '–'
        : (((level.peakMb - previous.peakMb) * 1024) / (level.streams - previous.streams)).toFixed(
            1,
          );
    return `| ${level.streams} | ${mb(level.idleMb)} | ${mb(level.peakMb)} | ${slope} | ${level.completed} | ${level.errors} |`;
  });
  return [
    `${context.date} · commit \`${context.commit}\` · ${context.cpuModel} × ${context.cores} · Node ${process.versions.node} · load average ${context.loadAverage.toFixed(2)} at start. \`${command}\`: per level a fresh distillguard process (CPU 0; upstream connections ≥ the level) serves that many concurrent SSE lanes for ${seconds} s (20 events of 50 B, 10 ms apart at the upstream; a lane starts a new stream when its last ends), peak RSS sampled every 100 ms; upstream and load on CPU 1. KiB per added stream: the slope of peak RSS from the level above.`,
    '',
    '| concurrent streams | RSS idle MiB | RSS peak MiB | KiB per added stream | streams completed | failed |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      levels: { type: 'string', default: '64,500,1000,2000' },
      seconds: { type: 'string', default: '4' },
      write: { type: 'boolean', default: false },
    },
  });
  const levels = values.levels.split(',').map(Number);
  const seconds = Number(values.seconds);
  if (levels.some((n) => !(Number.isInteger(n) && n > 0 && n <= 4000)) || !(seconds > 0)) {
    process.stderr.write('usage: --levels N,N,… (1–4000) --seconds S\n');
    process.exitCode = 2;
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'dg-streams-'));
  const upstream = new ChildHandle('upstream', join(HERE, 'children', 'upstream-child.ts'), 1);
  const load = new ChildHandle('load', join(HERE, 'children', 'load-child.ts'), 1);
  const results: Level[] = [];
  try {
    const { url } = await upstream.call<{ url: string }>('start', null, START_TIMEOUT_MS);
    for (const streams of levels) {
      process.stderr.write(`streams-memory: ${streams} concurrent streams\n`);
      results.push(await measureLevel(streams, seconds, url, load, dir));
    }
  } finally {
    await stopAll([upstream, load]);
    await rm(dir, { recursive: true, force: true });
  }
  const command = ['node loadtest/streams-memory.ts', ...process.argv.slice(2)].join(' ');
  const markdown = render(results, seconds, command);
  process.stdout.write(`${markdown}\n`);
  if (values.write)
    await writeSection(
      join(HERE, 'RESULTS.md'),
      'streams-memory',
      `## Memory per concurrent stream (RELIABILITY item 12)\n\n${markdown}`,
    );
  if (results.some((r) => r.errors > 0)) process.exitCode = 1;
}

await main();
