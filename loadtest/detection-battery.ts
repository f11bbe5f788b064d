/**
 * A detection change measured on the simulator, A against B: the standard battery of scenario
 * runs (60 s, scale 1), each run by both builds one after the other — A first, then B, run by run,
 * so that the two meet the same hour of a shared machine — and one table of what moved: distiller
 * and legitimate accounts actioned, campaigns' served output tokens and the worst campaign, per
 * run and in total. What DETECTION.md's batteries are measured with. One run at a time: two
 * simulations at once disturb each other's timing, and so does anything else run meanwhile.
 *
 *   node loadtest/detection-battery.ts --baseline DIR [--runs default:1,holdout:2,…] [--out DIR]
 *                                      [--config FILE] [--duration 60s]
 *
 * DIR is another checkout (e.g. `git archive <commit> | tar -x -C DIR` with this checkout's
 * node_modules linked into it) run as A; this checkout is B. Without `--baseline`, this checkout
 * alone (B only): the table then reads one build. Each run's report JSON, decision log and ground
 * truth are kept in `--out` (default a fresh temporary directory) as `A-SCENARIO-SEED.*`,
 * `B-SCENARIO-SEED.*` (`.out` its printed report, or why it failed), to read by hand. Every run is bounded: a child still running 120 s past
 * its duration is killed and counted as failed.
 */
import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseDuration } from '../src/config/units.ts';
import { percent, type Evaluation, type Report } from '../src/simulator/report.ts';

/** The standard battery: every scenario, `default` over five seeds, the noisier ones over two. */
export const STANDARD_RUNS: readonly string[] = [
  'default:1',
  'default:2',
  'default:3',
  'default:4',
  'default:5',
  'holdout:1',
  'holdout:2',
  'redteam:1',
  'redteam2:1',
  'redteam2:2',
  'redteam3:1',
  'redteam4:1',
  'redteam5:1',
  'redteam6:1',
  'redteam7:1',
  'redteam8:1',
  'redteam8:2',
  'waves:1',
];

/** What one run's report says, as the table reads it. */
export interface RunReading {
  readonly distillers: number;
  readonly distillersActioned: number;
  readonly legitimate: number;
  readonly legitimateActioned: number;
  readonly servedTokens: number;
  /** The campaign with the largest served share (every request counted), and that share. */
  readonly worst: { readonly campaign: string; readonly share: number } | undefined;
}

/** What readRun reads of a report: the enforced evaluation's accounts and campaigns. */
export interface RunReport {
  readonly enforced: Pick<Evaluation, 'accounts' | 'legitimate' | 'campaigns'>;
}

/** Reads the enforced evaluation of a `simulate --json` report. */
export function readRun(report: RunReport): RunReading {
  const e = report.enforced;
  let worst: RunReading['worst'];
  let servedTokens = 0;
  for (const c of e.campaigns) {
    servedTokens += c.servedTokens;
    const share = c.servedShare ?? 0;
    if (worst === undefined || share > worst.share) worst = { campaign: c.campaign, share };
  }
  return {
    distillers: e.accounts.tp + e.accounts.fn,
    distillersActioned: e.accounts.tp,
    legitimate: e.legitimate.activeAccounts,
    legitimateActioned: e.legitimate.actionedAccounts,
    servedTokens,
    worst,
  };
}

const worstCell = (r: RunReading): string =>
  r.worst === undefined ? '–' : `${percent(r.worst.share)} (\`${r.worst.campaign}\`)`;
const change = (a: number, b: number): string =>
  a === 0
    ? b === 0
      ? '±0.0%'
      : 'new'
    : `${b >= a ? '+' : '−'}${(Math.abs(b / a - 1) * 100).toFixed(1)}%`;

/**
 * The markdown table of a battery: per run, A → B (or B alone without a baseline), each side with
 * its own denominator (a rotating campaign uses as many accounts as were refused), then the totals
 * over the runs both sides completed. A run missing on a side reads "failed".
 */
export function batteryTable(
  runs: readonly string[],
  a: ReadonlyMap<string, RunReading>,
  b: ReadonlyMap<string, RunReading>,
): string[] {
  const paired = a.size > 0;
  const lines = [
    '| run | distiller accounts actioned | legitimate actioned | campaigns’ served tokens | worst campaign |',
    '| --- | --- | --- | --- | --- |',
  ];
  const total = { da: 0, db: 0, la: 0, lb: 0, sa: 0, sb: 0, runs: 0 };
  for (const run of runs) {
    const x = a.get(run);
    const y = b.get(run);
    const [scenario, seed] = run.split(':');
    const label = `\`${scenario}\` ${seed ?? '1'}`;
    if (y === undefined || (paired && x === undefined)) {
      lines.push(`| ${label} | failed${y === undefined ? ' (B)' : ' (A)'} | | | |`);
      continue;
    }
    if (!paired || x === undefined) {
      lines.push(
        `| ${label} | ${y.distillersActioned} / ${y.distillers} | ${y.legitimateActioned} / ${y.legitimate} | ${y.servedTokens} | ${worstCell(y)} |`,
      );
    } else {
      lines.push(
        `| ${label} | ${x.distillersActioned} / ${x.distillers} → ${y.distillersActioned} / ${y.distillers} | ${x.legitimateActioned} / ${x.legitimate} → ${y.legitimateActioned} / ${y.legitimate} | ${change(x.servedTokens, y.servedTokens)} | ${worstCell(x)} → ${worstCell(y)} |`,
      );
      total.da += x.distillersActioned;
      total.la += x.legitimateActioned;
      total.sa += x.servedTokens;
    }
    total.db += y.distillersActioned;
    total.lb += y.legitimateActioned;
    total.sb += y.servedTokens;
    total.runs++;
  }
  lines.push(
    paired
      ? `| **all ${total.runs}** | **${total.da} → ${total.db}** | **${total.la} → ${total.lb}** | **${change(total.sa, total.sb)}** (${total.sa} → ${total.sb}) | |`
      : `| **all ${total.runs}** | **${total.db}** | **${total.lb}** | ${total.sb} | |`,
  );
  return lines;
}

/** One simulation in `tree`; its reading, or undefined when it failed or overran. */
async function simulate(
  tree: string,
  run: string,
  prefix: string,
  options: { duration: string; durationMs: number; config: string | undefined },
): Promise<RunReading | undefined> {
  const [scenario, seed = '1'] = run.split(':');
  const json = `${prefix}.json`;
  const args = [
    ...['src/main.ts', 'simulate', '--scenario', scenario ?? '', '--seed', seed],
    ...['--duration', options.duration, '--json', json, '--log', `${prefix}.log`],
    ...['--truth', `${prefix}.truth.json`],
    ...(options.config === undefined ? [] : ['--config', options.config]),
  ];
  // Its printed report and any error beside the JSON, to read when a run failed.
  const output = openSync(`${prefix}.out`, 'w');
  const child = spawn(process.execPath, args, { cwd: tree, stdio: ['ignore', output, output] });
  const limit = options.durationMs + 120_000;
  const timer = setTimeout(() => child.kill('SIGKILL'), limit);
  const code = await new Promise<number | null>((done) => child.on('exit', done));
  clearTimeout(timer);
  closeSync(output);
  if (code !== 0) return undefined;
  return readRun(JSON.parse(await readFile(json, 'utf8')) as Report);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      baseline: { type: 'string' },
      runs: { type: 'string' },
      out: { type: 'string' },
      config: { type: 'string' },
      duration: { type: 'string', default: '60s' },
    },
  });
  const durationMs = parseDuration(values.duration);
  if (durationMs === undefined) {
    process.stderr.write(`--duration: not a duration like 60s or 2m: ${values.duration}\n`);
    process.exit(2);
  }
  const runs = values.runs === undefined ? STANDARD_RUNS : values.runs.split(',');
  const out = resolve(values.out ?? (await mkdtemp(join(tmpdir(), 'dg-battery-'))));
  await mkdir(out, { recursive: true });
  const here = resolve(import.meta.dirname, '..');
  const baseline = values.baseline === undefined ? undefined : resolve(values.baseline);
  const config = values.config === undefined ? undefined : resolve(values.config);
  const sides = baseline === undefined ? 1 : 2;
  const minutes = Math.ceil((runs.length * sides * (durationMs + 5_000)) / 60_000);
  process.stderr.write(`${runs.length * sides} runs, about ${minutes} min; kept in ${out}\n`);
  const a = new Map<string, RunReading>();
  const b = new Map<string, RunReading>();
  const options = { duration: values.duration, durationMs, config };
  for (const run of runs) {
    const name = run.replace(':', '-');
    if (baseline !== undefined) {
      const reading = await simulate(baseline, run, join(out, `A-${name}`), options);
      if (reading !== undefined) a.set(run, reading);
    }
    const reading = await simulate(here, run, join(out, `B-${name}`), options);
    if (reading !== undefined) b.set(run, reading);
    process.stderr.write(
      `${run}: ${a.has(run) || baseline === undefined ? '' : 'A failed '}${b.has(run) ? 'done' : 'B failed'}\n`,
    );
  }
  process.stdout.write(`${batteryTable(runs, a, b).join('\n')}\n`);
}

if (import.meta.main) await main();
