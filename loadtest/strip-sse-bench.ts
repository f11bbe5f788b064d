/**
 * Strip-reasoning throughput on SSE (issue 5's target: ≤ 15 % fewer streams a second than plain
 * SSE pass-through, same run). An upstream sends each answer as 40 events back to back — half of
 * them `reasoning_content` deltas, as reasoning servers stream them, then the content, a usage
 * chunk and `[DONE]` — so the proxy, not the upstream's pacing, is the bottleneck. 64 lanes
 * (closed loop) each read whole streams for a fixed time, against three targets: the upstream
 * directly, distillguard with no rules (plain pass-through of the stream), and distillguard with a
 * degrade rule stripping reasoning from every request. Proxies run one at a time on CPU 0
 * (taskset), upstream and load on CPU 1; targets interleave over rounds and the ratio is the
 * median of per-round ratios. Two readings of each: streams a second (wall clock), and streams per
 * second of the proxy's own CPU (user + system, from /proc) — on a shared machine other processes
 * take turns on CPU 0 and move the first by ±30 % between rounds, while the second measures what
 * the proxy does per stream and is what the target is judged on (both are printed).
 * `--write` records the "strip-sse" section of RESULTS.md.
 *
 *   node loadtest/strip-sse-bench.ts [--seconds 5] [--rounds 3] [--write]
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { generateApiKey } from '../src/auth/api-key.ts';
import { CHAT_PATH, clientHeaderList, STREAM_REQUEST_BODY } from './fixtures.ts';
import { listenOnLoopback } from './listen.ts';
import { readCpuSeconds } from './proc-stats.ts';
import { pinnedChild } from './redis-children.ts';
import { describeRun } from './machine.ts';
import { writeSection } from './results-file.ts';
import { startDistillguard } from './targets/distillguard.ts';

const HERE = import.meta.dirname;
const LANES = 64;
const TARGET_LOSS = 0.15;

function streamBody(): Buffer {
  const events: string[] = [];
  const chunk = (delta: object): string =>
    `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`;
  for (let i = 0; i < 19; i++)
    events.push(chunk({ reasoning_content: `step ${i} of the reasoning ` }));
  for (let i = 0; i < 19; i++) events.push(chunk({ content: `word${i} ` }));
  events.push(
    `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', choices: [], usage: { prompt_tokens: 431, completion_tokens: 120, total_tokens: 551 } })}\n\n`,
  );
  events.push('data: [DONE]\n\n');
  return Buffer.from(events.join(''));
}

/** Child: the upstream (all events written at once: the proxy forwards them as they come). */
async function runUpstream(): Promise<void> {
  const body = streamBody();
  const server = createServer({ keepAliveTimeout: 120_000 }, (req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.end(body);
    });
  });
  const running = await listenOnLoopback(server, () => Promise.resolve());
  process.stdout.write(`${running.url}\n`);
}

/** Child: distillguard, with or without the strip rule. */
async function runProxy(upstream: string, key: string, strip: boolean): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'dg-strip-'));
  const rules = strip
    ? [{ id: 'strip', when: {}, action: 'degrade', degrade: { strip_reasoning: true } }]
    : [];
  const running = await startDistillguard(upstream, key, dir, { rules });
  process.stdout.write(`${running.url}\n`);
  process.on('SIGTERM', () => {
    void running
      .close()
      .then(() => rm(dir, { recursive: true, force: true }).then(() => process.exit(0)));
  });
}

async function child(args: string[], cpu: string): Promise<{ proc: ChildProcess; url: string }> {
  const { proc, words } = await pinnedChild(import.meta.filename, args, cpu);
  return { proc, url: words[0] ?? '' };
}

/** Streams a second over `seconds`, 64 lanes in a closed loop; also checks what arrived. */
async function load(
  url: string,
  key: string,
  seconds: number,
): Promise<{ rate: number; leaked: number; errors: number }> {
  const pool = new Pool(url, { connections: LANES, pipelining: 1 });
  const headers = clientHeaderList(key);
  let done = 0;
  let leaked = 0;
  let errors = 0;
  const until = performance.now() + seconds * 1000;
  const lane = async (): Promise<void> => {
    while (performance.now() < until) {
      try {
        const res = await pool.request({
          path: CHAT_PATH,
          method: 'POST',
          headers,
          body: STREAM_REQUEST_BODY,
        });
        const text = await res.body.text();
        if (res.statusCode !== 200 || !text.includes('[DONE]')) errors++;
        else done++;
        if (text.includes('reasoning_content')) leaked++;
      } catch {
        errors++;
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: LANES }, lane));
  const elapsed = (performance.now() - started) / 1000;
  await pool.close();
  return { rate: done / elapsed, leaked, errors };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      seconds: { type: 'string', default: '5' },
      rounds: { type: 'string', default: '3' },
      write: { type: 'boolean', default: false },
    },
  });
  if (positionals[0] === 'upstream') return runUpstream();
  if (positionals[0] === 'proxy')
    return runProxy(positionals[1] ?? '', positionals[2] ?? '', positionals[3] === 'strip');

  const seconds = Number(values.seconds);
  const rounds = Number(values.rounds);
  const key = generateApiKey();
  const upstream = await child(['upstream'], '1');
  const results: Record<'direct' | 'plain' | 'strip', number[]> = {
    direct: [],
    plain: [],
    strip: [],
  };
  /** Streams per second of proxy CPU. */
  const perCpu: Record<'plain' | 'strip', number[]> = { plain: [], strip: [] };
  let leakedPlain = 0;
  let leakedStrip = 0;
  let errors = 0;
  try {
    for (let round = 0; round < rounds; round++) {
      const direct = await load(upstream.url, key, seconds);
      results.direct.push(direct.rate);
      for (const variant of round % 2 === 0
        ? (['plain', 'strip'] as const)
        : (['strip', 'plain'] as const)) {
        const proxy = await child(['proxy', upstream.url, key, variant], '0');
        try {
          await load(proxy.url, key, 5); // warm-up: the JIT needs a few seconds of load
          const pid = proxy.proc.pid ?? 0;
          const cpuBefore = readCpuSeconds(pid) ?? 0;
          const measured = await load(proxy.url, key, seconds);
          const cpu = (readCpuSeconds(pid) ?? 0) - cpuBefore;
          results[variant].push(measured.rate);
          perCpu[variant].push(cpu > 0 ? (measured.rate * seconds) / cpu : 0);
          errors += measured.errors;
          if (variant === 'plain') leakedPlain += measured.leaked;
          else leakedStrip += measured.leaked;
          process.stderr.write(
            `round ${round + 1}/${rounds} ${variant}: ${measured.rate.toFixed(0)} streams/s, ${(perCpu[variant].at(-1) ?? 0).toFixed(0)} per CPU-second\n`,
          );
        } finally {
          proxy.proc.kill('SIGTERM');
        }
      }
    }
  } finally {
    upstream.proc.kill('SIGTERM');
  }
  const wallRatio = median(results.strip.map((strip, i) => strip / (results.plain[i] ?? 1)));
  const ratio = median(perCpu.strip.map((strip, i) => strip / (perCpu.plain[i] ?? 1)));
  const rounded = (values: number[]): string => values.map((v) => v.toFixed(0)).join(' / ');
  const context = describeRun(join(HERE, '..'), true);
  const markdown = [
    `${context.date} · commit \`${context.commit}\` · ${context.cpuModel} × ${context.cores} · Node ${process.versions.node} · load average ${context.loadAverage.toFixed(2)} at start. \`node loadtest/strip-sse-bench.ts --write\`: ${LANES} lanes reading whole streams (40 events written at once by the upstream: 19 reasoning deltas, 19 content deltas, usage, [DONE]) in a closed loop, ${seconds} s per target after a 5 s warm-up, ${rounds} interleaved rounds; proxy on CPU 0, upstream and load on CPU 1.`,
    '',
    '| target | streams/s (median) | rounds | streams per proxy CPU-second (median) | rounds |',
    '| --- | ---: | --- | ---: | --- |',
    `| upstream directly | ${median(results.direct).toFixed(0)} | ${rounded(results.direct)} | – | – |`,
    `| distillguard, plain SSE pass-through | ${median(results.plain).toFixed(0)} | ${rounded(results.plain)} | ${median(perCpu.plain).toFixed(0)} | ${rounded(perCpu.plain)} |`,
    `| distillguard, strip_reasoning on every stream | ${median(results.strip).toFixed(0)} | ${rounded(results.strip)} | ${median(perCpu.strip).toFixed(0)} | ${rounded(perCpu.strip)} |`,
    '',
    `Strip ÷ plain, median of per-round ratios of streams per proxy CPU-second: **${ratio.toFixed(3)}** (target ≥ ${(1 - TARGET_LOSS).toFixed(2)}: ${ratio >= 1 - TARGET_LOSS ? 'PASS' : '**FAIL**'}); of streams a second (wall clock, moved by other load on the machine): ${wallRatio.toFixed(3)}. Streams that still carried reasoning: plain ${leakedPlain} (all of them, as expected), strip ${leakedStrip}. Errors: ${errors}.`,
  ].join('\n');
  process.stdout.write(`${markdown}\n`);
  if (values.write)
    await writeSection(
      join(HERE, 'RESULTS.md'),
      'strip-sse',
      `## Strip-reasoning on SSE\n\n${markdown}`,
    );
  if (leakedStrip > 0 || errors > 0) process.exitCode = 1;
}

await main();
