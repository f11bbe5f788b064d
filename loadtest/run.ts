/**
 * `npm run loadtest [-- --quick] [--check] [--burn-us N]` — distillguard's load-test harness.
 *
 * Runs the four targets (direct, bare undici passthrough, minimal undici forwarder, distillguard)
 * through three scenarios (closed loop, fixed rate, SSE streams) in interleaved rounds, prints the
 * table and the budget verdicts, and records the run (full: loadtest/RESULTS.md; both: out/).
 * `--check` exits 1 when a budget line fails. Every child process is stopped on success, error,
 * Ctrl-C or watchdog expiry.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { generateApiKey } from '../src/auth/api-key.ts';
import { loadBudget } from './budget.ts';
import { describeRun } from './machine.ts';
import { pinningAvailable, stopAll, type ChildHandle } from './processes.ts';
import { PROFILES } from './profiles.ts';
import { renderRun, type RunReport } from './report.ts';
import { checkResultsFile, writeFullResults, writeOutDir } from './results-file.ts';
import { runRounds } from './run-rounds.ts';
import { startFleet } from './start-processes.ts';
import { TARGETS, type ProxyTargetName } from './targets/target-names.ts';

const HERE = import.meta.dirname;
const REPO = join(HERE, '..');

const USAGE = `usage: npm run loadtest -- [--quick] [--check] [--burn-us N] [--targets LIST] [--trace-ratio R]
  --quick          one short round (CI); results go to loadtest/out/ only
  --check          exit 1 when a line of loadtest/budget.json fails
  --burn-us N      add N µs of CPU to every distillguard request (proves --check catches regressions)
  --targets LIST   only these proxy targets (comma-separated; direct always runs), e.g.
                   distillguard,dg-telemetry-off,dg-telemetry-on; lines they cannot measure are
                   skipped, and RESULTS.md is not written
  --trace-ratio R  telemetry.traces.sample_ratio of dg-telemetry-on (default: the config default)`;

const children: ChildHandle[] = [];
let workDir: string | undefined;
let cleaning: Promise<void> | undefined;

function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await stopAll(children);
    if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
  })();
  return cleaning;
}

let aborting = false;

function abort(reason: string, code: number): void {
  aborting = true;
  process.stderr.write(`\nloadtest: ${reason}; stopping child processes\n`);
  void cleanup().finally(() => process.exit(code));
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      check: { type: 'boolean', default: false },
      'burn-us': { type: 'string', default: '0' },
      targets: { type: 'string' },
      'trace-ratio': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const burnMicros = Number(values['burn-us']);
  if (!Number.isFinite(burnMicros) || burnMicros < 0) throw new Error(`bad --burn-us\n${USAGE}`);
  const targets = chooseTargets(values.targets);
  const traceRatio =
    values['trace-ratio'] === undefined ? undefined : Number(values['trace-ratio']);
  if (traceRatio !== undefined && !(traceRatio >= 0 && traceRatio <= 1))
    throw new Error(`bad --trace-ratio\n${USAGE}`);
  const partial = targets.length < TARGETS.length - 1;
  const profile = PROFILES[values.quick ? 'quick' : 'full'];
  // Fail on a broken budget file, or a results file the run would lose text of, before spending
  // minutes measuring.
  const budget = await loadBudget(join(HERE, 'budget.json'));
  if (profile.mode === 'full' && !partial) await checkResultsFile(join(HERE, 'RESULTS.md'));

  const pinned = pinningAvailable();
  if (!pinned)
    process.stderr.write('loadtest: taskset or a second CPU unavailable; running unpinned\n');
  const context = describeRun(REPO, pinned);
  const t0 = performance.now();
  const progress = (message: string): void => {
    const seconds = ((performance.now() - t0) / 1000).toFixed(1).padStart(6);
    process.stderr.write(`[${seconds} s] ${message}\n`);
  };
  setTimeout(
    () => abort(`watchdog: run exceeded ${profile.watchdogSeconds} s`, 1),
    profile.watchdogSeconds * 1000,
  ).unref();

  workDir = await mkdtemp(join(tmpdir(), 'dg-loadtest-'));
  const clientKey = generateApiKey();
  progress(`starting upstream, load generator and proxies (${pinned ? 'pinned' : 'unpinned'})`);
  const fleet = await startFleet({
    pinned,
    clientKey,
    workDir,
    burnMicros,
    traceRatio,
    targets,
    children,
  });

  const { rounds, freshMemory, summary, verdicts } = await runRounds(
    { load: fleet.load, clientKey, profile, pinned, progress },
    fleet.targets,
    budget,
    partial,
  );
  progress('measurements done; stopping processes');
  await cleanup();

  const report: RunReport = { context, profile, summary, verdicts, rounds, freshMemory };
  process.stdout.write(`\n${renderRun(report)}\n\n`);
  const written = await writeOutDir(join(HERE, 'out'), report);
  const full = profile.mode === 'full' && !partial;
  if (full) await writeFullResults(join(HERE, 'RESULTS.md'), report);
  const files = [relative(REPO, written), ...(full ? ['loadtest/RESULTS.md'] : [])];
  process.stdout.write(`written: ${files.join(', ')}\n`);

  const failed = verdicts.filter((v) => !v.ok);
  for (const v of failed) {
    process.stdout.write(
      `budget FAILED: ${v.metric} = ${v.value} (limit ${v.bound} ${v.limit})${v.note ? ` — ${v.note}` : ''}\n`,
    );
  }
  if (failed.length === 0) process.stdout.write(`budget (${profile.mode}): all lines hold\n`);
  return values.check && failed.length > 0 ? 1 : 0;
}

/** The proxy targets to run: all, or the --targets list (checked against the known names). */
function chooseTargets(list: string | undefined): ProxyTargetName[] {
  const proxies = TARGETS.filter((t): t is ProxyTargetName => t !== 'direct');
  if (list === undefined) return proxies;
  const wanted = list.split(',').map((name) => name.trim());
  const unknown = wanted.filter((name) => !proxies.includes(name as ProxyTargetName));
  if (unknown.length > 0) throw new Error(`unknown target(s) ${unknown.join(', ')}\n${USAGE}`);
  return proxies.filter((target) => wanted.includes(target));
}

process.on('SIGINT', () => abort('interrupted', 130));
process.on('SIGTERM', () => abort('terminated', 143));

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // After an interrupt the scenario in flight fails as its children stop: not worth a stack.
    if (aborting) return;
    process.stderr.write(
      `loadtest failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    void cleanup().finally(() => process.exit(1));
  },
);
