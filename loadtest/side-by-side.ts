/**
 * Side-by-side cost per request: two proxy targets run AT THE SAME TIME, both pinned to CPU 0,
 * each under its own closed loop of 32 connections (upstream and load on CPU 1). Each round reads
 * every target's requests served and CPU seconds used (/proc) over the same seconds; a target's
 * cost is CPU µs per request, and the result is the median over rounds of cost(A) ÷ cost(B) — B's
 * throughput relative to A's at equal CPU. Both variants meet the very same machine at the very
 * same moment, so the drift that moves this shared machine's rates ±20 % between the rounds of
 * `npm run loadtest` (where targets take turns) cancels out; what is left is the code's cost.
 *
 * Each pair runs in two legs (a crossover): A's process started first, then B's first. The two
 * sides are not alike — on a busy machine an A/A run (one tree on both sides) read 0.961, the
 * later-started side paying ~4 % more, as much as a 1 % target's whole margin — so the pair's
 * ratio is the geometric mean of the two legs' medians, in which a bias of either start
 * position cancels (leg 1 reads t·p, leg 2 t÷p).
 *
 *   node loadtest/side-by-side.ts [--pair telemetry-on|telemetry-off|minimal|all]
 *                                 [--seconds 4] [--rounds 5] [--write]
 *   node loadtest/side-by-side.ts --pair lean,lean-native,lean-bare,lean-consume [--write]
 *   node loadtest/side-by-side.ts --pair hybrid-client,hybrid-server,hybrid-client-lean,hybrid-server-lean
 *   node loadtest/side-by-side.ts --baseline DIR [--seconds 4] [--rounds 5]
 *
 * Pairs: telemetry-on (dg-telemetry-off vs dg-telemetry-on: issue 7, ≤ 10 % cost), telemetry-off
 * (distillguard without a telemetry section vs configured but disabled: ≤ 1 %), minimal (the
 * minimal undici forwarder vs distillguard's full path: the 85 % target). `--write` records the
 * "side-by-side" section of RESULTS.md. `--baseline DIR` runs one pair instead: distillguard from
 * another checkout (e.g. `git worktree add DIR <commit>` with its own `npm ci`, or `git archive`
 * with this checkout's node_modules linked) as A against this checkout's as B — a change's
 * effect on CPU per request, measured with both builds meeting the same machine at once.
 *
 * Experimental pairs (only when named, comma-separated; `--write` records them in the "lean-http"
 * section): the lean node:net + llhttp forwarder (loadtest/targets/lean-forwarder.ts) against the
 * minimal undici forwarder (lean, and lean-native with llhttp reading the sockets natively), against
 * the bare passthrough (lean-bare), and its two read paths against each other (lean-consume);
 * the split of its saving (loadtest/targets/hybrid-forwarders.ts): the minimal forwarder against
 * node:http + the lean upstream client (hybrid-client) and against the lean server + undici
 * (hybrid-server), and each of those against the lean forwarder (hybrid-client-lean,
 * hybrid-server-lean).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateApiKey } from '../src/auth/api-key.ts';
import { describeRun } from './machine.ts';
import { readCpuSeconds } from './proc-stats.ts';
import { ChildHandle, stopAll } from './processes.ts';
import { drive } from './scenarios/closed-lane.ts';
import { writeSection } from './results-file.ts';
import type { TargetStartParams } from './children/target-child.ts';
import { TARGET_LABELS, type ChildTargetName } from './targets/target-names.ts';

const HERE = import.meta.dirname;
const CONNECTIONS = 32;
const START_TIMEOUT_MS = 30_000;

interface Pair {
  readonly name: string;
  /** The checkout A runs from (default: this one). */
  readonly aRoot?: string;
  readonly a: ChildTargetName;
  readonly b: ChildTargetName;
  /** The least cost(A) ÷ cost(B) the target allows. */
  readonly min: number;
  readonly target: string;
}

const PAIRS: readonly Pair[] = [
  {
    name: 'telemetry-on',
    a: 'dg-telemetry-off',
    b: 'dg-telemetry-on',
    min: 0.9,
    target: 'telemetry on costs ≤ 10 %',
  },
  {
    name: 'telemetry-off',
    a: 'distillguard',
    b: 'dg-telemetry-off',
    min: 0.99,
    target: 'telemetry disabled costs ≤ 1 %',
  },
  {
    name: 'minimal',
    a: 'minimal',
    b: 'distillguard',
    min: 0.85,
    target: 'full path ≥ 85 % of the minimal forwarder',
  },
];

/**
 * Experimental pairs, run only when named (not by `all`, not recorded by --write): the lean
 * node:net + llhttp forwarder against the minimal undici forwarder (cost(A) ÷ cost(B) > 1 is what
 * a leaner HTTP layer saves) and against the bare undici passthrough.
 */
const EXPERIMENTS: readonly Pair[] = [
  {
    name: 'lean',
    a: 'minimal',
    b: 'lean',
    min: 0,
    target: 'none: > 1 means the lean layer costs less',
  },
  {
    name: 'lean-bare',
    a: 'bare',
    b: 'lean',
    min: 0,
    target: 'none: > 1 means the lean layer costs less',
  },
  {
    name: 'lean-native',
    a: 'minimal',
    b: 'lean-consume',
    min: 0,
    target: 'none: > 1 means the lean layer costs less',
  },
  {
    name: 'lean-consume',
    a: 'lean',
    b: 'lean-consume',
    min: 0,
    target: 'none: > 1 means native reads cost less',
  },
  // The split of the lean saving: each half of the lean forwarder alone, node's for the other.
  {
    name: 'hybrid-client',
    a: 'minimal',
    b: 'hybrid-client',
    min: 0,
    target: 'none: > 1 means a lean upstream client alone costs less',
  },
  {
    name: 'hybrid-server',
    a: 'minimal',
    b: 'hybrid-server',
    min: 0,
    target: 'none: > 1 means a lean server alone costs less',
  },
  {
    name: 'hybrid-client-lean',
    a: 'hybrid-client',
    b: 'lean',
    min: 0,
    target: 'none: > 1 means the lean server saves on top of a lean client',
  },
  {
    name: 'hybrid-server-lean',
    a: 'hybrid-server',
    b: 'lean',
    min: 0,
    target: 'none: > 1 means the lean client saves on top of a lean server',
  },
];

function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

interface LegResult {
  /** Per round: cost(A) ÷ cost(B), and each target's CPU µs per request. */
  readonly ratios: number[];
  readonly costA: number[];
  readonly costB: number[];
  readonly errors: number;
}

interface PairResult {
  readonly pair: Pair;
  /** Leg 1: A's process started first; leg 2: B's first. */
  readonly legs: readonly [LegResult, LegResult];
}

/** The pair's ratio: the geometric mean of the legs' medians (start-order bias cancels). */
function pairRatio(result: PairResult): number {
  const [first, second] = result.legs;
  return Math.sqrt(median(first.ratios) * median(second.ratios));
}

async function measurePair(pair: Pair, seconds: number, rounds: number): Promise<PairResult> {
  const first = await measureLeg(pair, seconds, rounds, 'a-first');
  const second = await measureLeg(pair, seconds, rounds, 'b-first');
  return { pair, legs: [first, second] };
}

async function measureLeg(
  pair: Pair,
  seconds: number,
  rounds: number,
  order: 'a-first' | 'b-first',
): Promise<LegResult> {
  const children: ChildHandle[] = [];
  const dir = await mkdtemp(join(tmpdir(), 'dg-side-'));
  const key = generateApiKey();
  try {
    const upstream = new ChildHandle('upstream', join(HERE, 'children', 'upstream-child.ts'), 1);
    children.push(upstream);
    const { url: upstreamUrl } = await upstream.call<{ url: string }>(
      'start',
      null,
      START_TIMEOUT_MS,
    );
    const start = async (
      side: 'a' | 'b',
      target: ChildTargetName,
      root = join(HERE, '..'),
    ): Promise<{ child: ChildHandle; url: string }> => {
      const child = new ChildHandle(
        target,
        join(root, 'loadtest', 'children', 'target-child.ts'),
        0,
      );
      children.push(child);
      const params: TargetStartParams = {
        target,
        upstreamUrl,
        clientKey: key,
        // Each side its own directory: the two targets of a baseline pair share a name.
        workDir: join(dir, side),
        burnMicros: 0,
      };
      const { url } = await child.call<{ url: string }>('start', params, START_TIMEOUT_MS);
      return { child, url };
    };
    let a: { child: ChildHandle; url: string };
    let b: { child: ChildHandle; url: string };
    if (order === 'a-first') {
      a = await start('a', pair.a, pair.aRoot);
      b = await start('b', pair.b);
    } else {
      b = await start('b', pair.b);
      a = await start('a', pair.a, pair.aRoot);
    }
    let stopping = false;
    const runA = drive(a.url, key, CONNECTIONS, () => stopping);
    const runB = drive(b.url, key, CONNECTIONS, () => stopping);
    const sleep = (s: number) => new Promise((resolve) => setTimeout(resolve, s * 1000));
    await sleep(10); // warm-up, side by side (the JIT and the heaps of both grow under load)
    const result = { ratios: [] as number[], costA: [] as number[], costB: [] as number[] };
    for (let round = 0; round < rounds; round++) {
      const before = [
        runA.lane.done,
        runB.lane.done,
        readCpuSeconds(a.child.pid),
        readCpuSeconds(b.child.pid),
      ];
      await sleep(seconds);
      const served = [runA.lane.done - (before[0] ?? 0), runB.lane.done - (before[1] ?? 0)];
      const cpu = [
        (readCpuSeconds(a.child.pid) ?? NaN) - (before[2] ?? NaN),
        (readCpuSeconds(b.child.pid) ?? NaN) - (before[3] ?? NaN),
      ];
      const costA = ((cpu[0] ?? NaN) / (served[0] ?? NaN)) * 1e6;
      const costB = ((cpu[1] ?? NaN) / (served[1] ?? NaN)) * 1e6;
      result.costA.push(costA);
      result.costB.push(costB);
      result.ratios.push(costA / costB);
      process.stderr.write(
        `${pair.name} (${order}) round ${round + 1}/${rounds}: ${pair.a} ${costA.toFixed(1)} µs, ${pair.b} ${costB.toFixed(1)} µs a request → ${(costA / costB).toFixed(3)}\n`,
      );
    }
    stopping = true;
    await Promise.all([runA.ended, runB.ended]);
    return { ...result, errors: runA.lane.errors + runB.lane.errors };
  } finally {
    await stopAll(children);
    await rm(dir, { recursive: true, force: true });
  }
}

function render(
  results: readonly PairResult[],
  seconds: number,
  rounds: number,
  command: string,
): string {
  const context = describeRun(join(HERE, '..'), true);
  const rows = results.map((r) => {
    const ratio = pairRatio(r);
    const [first, second] = r.legs;
    const rounds = (leg: LegResult): string => leg.ratios.map((x) => x.toFixed(3)).join(' / ');
    // A pair without a bound (baseline, experiments) only measures.
    const bounded = r.pair.min > 0;
    const verdict = !bounded ? '—' : ratio >= r.pair.min ? 'PASS' : '**FAIL**';
    const target = bounded ? `≥ ${r.pair.min} (${r.pair.target})` : r.pair.target;
    const labelA = `${TARGET_LABELS[r.pair.a]}${r.pair.aRoot === undefined ? '' : ` at ${r.pair.aRoot}`}`;
    return `| ${labelA} | ${TARGET_LABELS[r.pair.b]} | ${median([...first.costA, ...second.costA]).toFixed(1)} | ${median([...first.costB, ...second.costB]).toFixed(1)} | **${ratio.toFixed(3)}** (A first ${median(first.ratios).toFixed(3)}: ${rounds(first)}; B first ${median(second.ratios).toFixed(3)}: ${rounds(second)}) | ${target} | ${verdict} | ${first.errors + second.errors} |`;
  });
  return [
    `${context.date} · commit \`${context.commit}\` · ${context.cpuModel} × ${context.cores} · Node ${process.versions.node} · load average ${context.loadAverage.toFixed(2)} at start. \`${command}\`: both targets of a pair run at the same time on CPU 0 (taskset), ${CONNECTIONS} closed-loop connections each with the 2 KB chat body, upstream and load on CPU 1; two legs (A's process started first, then B's), each a 10 s warm-up side by side, then ${rounds} rounds of ${seconds} s; CPU µs per request from /proc; ratio = cost(A) ÷ cost(B): the geometric mean of the legs' medians of rounds (a bias of either start position cancels).`,
    '',
    '| A | B | A: CPU µs a request | B: CPU µs a request | cost(A) ÷ cost(B) (rounds) | target | verdict | errors |',
    '| --- | --- | ---: | ---: | --- | --- | --- | ---: |',
    ...rows,
  ].join('\n');
}

/** distillguard of another checkout (A) against this one's (B): cost(A) ÷ cost(B) > 1 is a gain. */
function baselinePair(root: string): Pair {
  return {
    name: 'baseline',
    aRoot: resolve(root),
    a: 'distillguard',
    b: 'distillguard',
    min: 0,
    target: 'none: > 1 means this checkout costs less',
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      pair: { type: 'string', default: 'all' },
      seconds: { type: 'string', default: '4' },
      rounds: { type: 'string', default: '5' },
      write: { type: 'boolean', default: false },
      baseline: { type: 'string' },
    },
  });
  const seconds = Number(values.seconds);
  const rounds = Number(values.rounds);
  const pairs =
    values.baseline !== undefined
      ? [baselinePair(values.baseline)]
      : values.pair === 'all'
        ? PAIRS
        : [...PAIRS, ...EXPERIMENTS].filter((p) => values.pair.split(',').includes(p.name));
  if (pairs.length === 0 || !(seconds > 0) || !(rounds > 0)) {
    const names = [...PAIRS, ...EXPERIMENTS].map((p) => p.name).join(', ');
    process.stderr.write(`unknown --pair (${names}, all)\n`);
    process.exitCode = 2;
    return;
  }
  // The load runs in this process: on CPU 1 with the upstream, away from the proxies.
  spawnSync('taskset', ['-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
  const results: PairResult[] = [];
  for (const pair of pairs) results.push(await measurePair(pair, seconds, rounds));
  const command = ['node loadtest/side-by-side.ts', ...process.argv.slice(2)].join(' ');
  const markdown = render(results, seconds, rounds, command);
  process.stdout.write(`${markdown}\n`);
  // The recorded section holds the fixed pairs; a baseline comparison is quoted by hand.
  const experiment = pairs.every((p) => EXPERIMENTS.includes(p));
  if (values.write && values.baseline === undefined && experiment)
    await writeSection(
      join(HERE, 'RESULTS.md'),
      'lean-http',
      `## Lean HTTP layer (experiment): node:net + llhttp against node:http + undici\n\n${markdown}`,
    );
  else if (
    values.write &&
    values.baseline === undefined &&
    !pairs.some((p) => EXPERIMENTS.includes(p))
  )
    await writeSection(
      join(HERE, 'RESULTS.md'),
      'side-by-side',
      `## Cost per request, side by side\n\n${markdown}`,
    );
  if (results.some((r) => r.legs.some((leg) => leg.errors > 0))) process.exitCode = 1;
}

await main();
