/**
 * A detection change measured on the simulator, A against B: the standard battery of scenario
 * runs (60 s, scale 1), each run by both builds one after the other — A first on one run, B first
 * on the next (sideOrder), so that the two meet the same hour of a shared machine and neither is
 * always second — and one table of what moved: distiller
 * and legitimate accounts actioned, campaigns' served output tokens and the worst campaign, per
 * run and in total — and who moved: the actors whose accounts actioned changed (movesTable), to tell
 * a change's effect from the battery's spread. What DETECTION.md's batteries are measured with. One run at a time: two
 * simulations at once disturb each other's timing, and so does anything else run meanwhile.
 *
 *   node loadtest/detection-battery.ts --baseline DIR [--runs default:1,holdout:2,…] [--out DIR]
 *                                      [--config FILE] [--duration 60s]
 *   node loadtest/detection-battery.ts --read DIR [--runs …]   (the tables of a battery kept in DIR)
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
  /** Each actor's accounts actioned, by actor name (unique within a scenario). */
  readonly actors: ReadonlyMap<string, ActorReading>;
}

export interface ActorReading {
  readonly role: 'legitimate' | 'distiller';
  readonly active: number;
  readonly actioned: number;
}

/** What readRun reads of a report: the enforced evaluation's accounts and campaigns. */
export interface RunReport {
  readonly enforced: Pick<Evaluation, 'accounts' | 'legitimate' | 'campaigns' | 'actors'>;
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
    actors: new Map(
      e.actors.map((actor) => [
        actor.name,
        { role: actor.role, active: actor.activeAccounts, actioned: actor.actionedAccounts },
      ]),
    ),
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

/** The smallest change in an actor's accounts actioned that movesTable lists by name. */
const MOVE_LEAST = 3;

/**
 * Who moved, A → B: per run both sides completed, the actors whose accounts actioned changed by
 * at least `least`, largest change first, and what the rest moved in all. A battery's totals move
 * by tens of accounts between two runs of the same code (DETECTION.md, "Reading these numbers");
 * a change shows as a few actors moving together — the campaign or persona it was meant for —
 * where spread is many actors moving a little, both ways.
 */
export function movesTable(
  runs: readonly string[],
  a: ReadonlyMap<string, RunReading>,
  b: ReadonlyMap<string, RunReading>,
  least = MOVE_LEAST,
): string[] {
  const lines = [
    `| run | actor | accounts actioned, A → B (active) | change |`,
    '| --- | --- | --- | --- |',
  ];
  for (const run of runs) {
    const x = a.get(run);
    const y = b.get(run);
    if (x === undefined || y === undefined) continue;
    const [scenario, seed] = run.split(':');
    const label = `\`${scenario}\` ${seed ?? '1'}`;
    const moves: { name: string; role: string; from: number; to: number; active: string }[] = [];
    for (const name of new Set([...x.actors.keys(), ...y.actors.keys()])) {
      const before = x.actors.get(name);
      const after = y.actors.get(name);
      const from = before?.actioned ?? 0;
      const to = after?.actioned ?? 0;
      if (from === to) continue;
      // The name came from one of the two maps, so one of them has it.
      const role = (after ?? before)!.role;
      const active = `${before?.active ?? 0} → ${after?.active ?? 0}`;
      moves.push({ name, role, from, to, active });
    }
    moves.sort(
      (m, n) => Math.abs(n.to - n.from) - Math.abs(m.to - m.from) || (m.name < n.name ? -1 : 1),
    );
    const shown = moves.filter((m) => Math.abs(m.to - m.from) >= least);
    for (const m of shown)
      lines.push(
        `| ${label} | \`${m.name}\` (${m.role}) | ${m.from} → ${m.to} (${m.active}) | ${m.to > m.from ? '+' : '−'}${Math.abs(m.to - m.from)} |`,
      );
    const rest = moves.slice(shown.length);
    if (rest.length > 0) {
      let up = 0;
      let down = 0;
      for (const m of rest)
        if (m.to > m.from) up += m.to - m.from;
        else down += m.from - m.to;
      lines.push(
        `| ${label} | ${rest.length} other actor${rest.length === 1 ? '' : 's'} | +${up} / −${down} | |`,
      );
    }
  }
  return lines;
}

/**
 * Which build runs first for the `index`th run: A on even runs, B on odd ones. With A always first,
 * two batteries of one tree on both sides read B lower on `redteam8` in all four of its pairs
 * (−122, −119, −6, −132 accounts; DETECTION.md, "The battery's own spread"): whatever the second
 * run of a pair meets, alternating puts it on both builds alike.
 */
export function sideOrder(index: number, paired: boolean): readonly ('A' | 'B')[] {
  if (!paired) return ['B'];
  return index % 2 === 0 ? ['A', 'B'] : ['B', 'A'];
}

/** Where a side's run keeps its report, log and truth: `DIR/A-redteam8-2` and its extensions. */
function runPrefix(dir: string, side: 'A' | 'B', run: string): string {
  return join(dir, `${side}-${run.replace(':', '-')}`);
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

/** The tables of a battery already run (`--read DIR`: its kept `A-*.json` and `B-*.json`). */
async function reread(dir: string, runs: readonly string[]): Promise<void> {
  const a = new Map<string, RunReading>();
  const b = new Map<string, RunReading>();
  for (const run of runs)
    for (const [side, readings] of [
      ['A', a],
      ['B', b],
    ] as const) {
      const file = `${runPrefix(dir, side, run)}.json`;
      const text = await readFile(file, 'utf8').catch(() => undefined);
      if (text !== undefined) readings.set(run, readRun(JSON.parse(text) as Report));
    }
  printTables(runs, a, b, a.size > 0);
}

function printTables(
  runs: readonly string[],
  a: ReadonlyMap<string, RunReading>,
  b: ReadonlyMap<string, RunReading>,
  paired: boolean,
): void {
  process.stdout.write(`${batteryTable(runs, a, b).join('\n')}\n`);
  if (paired)
    process.stdout.write(
      `\nWho moved (actors whose accounts actioned changed by ${MOVE_LEAST} or more):\n\n${movesTable(runs, a, b).join('\n')}\n`,
    );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      baseline: { type: 'string' },
      runs: { type: 'string' },
      out: { type: 'string' },
      config: { type: 'string' },
      duration: { type: 'string', default: '60s' },
      read: { type: 'string' },
    },
  });
  if (values.read !== undefined) {
    await reread(resolve(values.read), values.runs?.split(',') ?? STANDARD_RUNS);
    return;
  }
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
  const builds = { A: { tree: baseline, readings: a }, B: { tree: here, readings: b } };
  for (const [index, run] of runs.entries()) {
    for (const side of sideOrder(index, baseline !== undefined)) {
      const { tree, readings } = builds[side];
      if (tree === undefined) continue; // A without a baseline: sideOrder never names it
      const reading = await simulate(tree, run, runPrefix(out, side, run), options);
      if (reading !== undefined) readings.set(run, reading);
    }
    process.stderr.write(
      `${run}: ${a.has(run) || baseline === undefined ? '' : 'A failed '}${b.has(run) ? 'done' : 'B failed'}\n`,
    );
  }
  printTables(runs, a, b, baseline !== undefined);
}

if (import.meta.main) await main();
