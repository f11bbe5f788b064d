/**
 * Degrade microbenchmarks (issue 5's targets): the time strip_reasoning adds to a 20 KB JSON
 * response (target ≤ 100 µs), and its cost per SSE event next to what a plain pass-through does
 * with the same bytes (the forward stage's utf-8 decode is part of the strip's cost). Batches of
 * calls; the median of batch means per call. `--write` records the "degrade" section of
 * loadtest/RESULTS.md. On Anthropic, stripping replaces each thinking block with a stand-in and
 * keeps the original in the thinking vault: both are part of the measured cost. The 64-stream
 * end-to-end comparison is loadtest/strip-sse-bench.ts.
 *
 *   node loadtest/degrade-bench.ts [--seconds 3] [--write]
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  SseReasoningStripper,
  stripJsonBody,
  type StripStats,
} from '../src/degrade/strip-reasoning.ts';
import { anthropicEvents, anthropicMessage } from '../src/mock-upstream/anthropic-mock.ts';
import { mockAnswer } from '../src/mock-upstream/mock-answer.ts';
import { MemoryThinkingVault, vaultStandIns } from '../src/degrade/thinking-vault.ts';
import { describeRun } from './machine.ts';
import { writeSection } from './results-file.ts';

const HERE = import.meta.dirname;
const JSON_TARGET_US = 100;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Median over batches of `batch` calls of `fn`, in µs per call. */
function time(seconds: number, batch: number, fn: (i: number) => number): number {
  let sink = 0;
  const means: number[] = [];
  const run = (ms: number, keep: boolean): void => {
    const until = performance.now() + ms;
    let i = 0;
    while (performance.now() < until) {
      const t0 = process.hrtime.bigint();
      for (let n = 0; n < batch; n++) sink += fn(i++);
      if (keep) means.push(Number(process.hrtime.bigint() - t0) / 1000 / batch);
    }
  };
  run(500, false);
  run(seconds * 1000, true);
  if (sink === -1) process.stdout.write('');
  return median(means);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '3' },
      write: { type: 'boolean', default: false },
    },
  });
  const seconds = Number(values.seconds);
  const stats: StripStats = { unparsed: 0, stripped: 0 };
  // The vault the proxy uses, bounded as it ships (stand-ins issued and kept as in production).
  const standIns = vaultStandIns(new MemoryThinkingVault(64 * 1024 * 1024), 'acct_bench', 8.64e15);

  // A 20 KB Anthropic message: a long thinking block and a long answer.
  const answer = mockAnswer({
    model: 'claude-frontier',
    requestBytes: 4000,
    words: 1500,
    thinking: true,
    maxTokens: undefined,
  });
  const message = anthropicMessage({ ...answer, thinking: 'Let me reason. '.repeat(800) }) as {
    content: unknown[];
  };
  const body = JSON.stringify(message);
  const jsonUs = time(
    seconds,
    200,
    () => stripJsonBody('anthropic.messages', body, stats, standIns)?.length ?? 0,
  );

  // An SSE answer with thinking: events in runs of 4, as the aligner hands them on.
  const events = anthropicEvents({ ...answer, words: answer.words.slice(0, 200) });
  const runs: string[] = [];
  for (let i = 0; i < events.length; i += 4) runs.push(events.slice(i, i + 4).join(''));
  const buffers = runs.map((run) => Buffer.from(run));
  const perRun = events.length / runs.length;
  const plainUs =
    time(seconds, 1000, (i) => (buffers[i % buffers.length] as Buffer).length) / perRun;
  let stripper = new SseReasoningStripper('anthropic.messages', stats, standIns);
  const stripUs =
    time(seconds, 1000, (i) => {
      const k = i % buffers.length;
      if (k === 0) stripper = new SseReasoningStripper('anthropic.messages', stats, standIns);
      const raw = buffers[k] as Buffer;
      const text = raw.toString('utf8');
      const out = stripper.push(text);
      return out === text ? raw.length : Buffer.byteLength(out);
    }) / perRun;

  const context = describeRun(join(HERE, '..'), false);
  const markdown = [
    `${context.date} · commit \`${context.commit}\` · ${context.cpuModel} × ${context.cores} · Node ${process.versions.node} · load average ${context.loadAverage.toFixed(2)} at start. \`node loadtest/degrade-bench.ts --write\`: median of batch means per call.`,
    '',
    '| measurement | result | target | verdict |',
    '| --- | ---: | ---: | --- |',
    `| strip_reasoning on a ${(body.length / 1024).toFixed(1)} KB Anthropic JSON message (parse, swap the thinking block for a stand-in kept in the vault, serialise) | ${jsonUs.toFixed(1)} µs | ≤ ${JSON_TARGET_US} µs | ${jsonUs <= JSON_TARGET_US ? 'PASS' : '**FAIL**'} |`,
    `| strip_reasoning per SSE event (Anthropic stream with thinking, ${events.length} events, runs of 4; decode, parse, stand-in or drop) | ${stripUs.toFixed(2)} µs | – | – |`,
    `| reference: plain pass-through per event (the same buffers, untouched) | ${plainUs.toFixed(3)} µs | – | – |`,
    '',
    'The target "strip-reasoning on 64 SSE streams costs ≤ 15 % throughput against plain SSE passthrough" is measured end to end by `loadtest/strip-sse-bench.ts` (section "Strip-reasoning on SSE").',
  ].join('\n');
  process.stdout.write(`${markdown}\n`);
  if (values.write)
    await writeSection(
      join(HERE, 'RESULTS.md'),
      'degrade',
      `## Degrade microbenchmarks\n\n${markdown}`,
    );
}

await main();
