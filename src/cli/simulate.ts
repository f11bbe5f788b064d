/**
 * `distillguard simulate`: runs a scenario of legitimate and distilling traffic through the real
 * proxy (in-process, in front of the mock inference API) and prints how detection did against
 * the ground truth — a measurement, so it exits 0 whether or not the targets are met (2 on a
 * usage error).
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseDuration } from '../config/units.ts';
import { formatReport } from '../simulator/format-report.ts';
import { buildReport } from '../simulator/report.ts';
import { runScenario } from '../simulator/runner.ts';
import { loadScenario, SCENARIOS } from '../simulator/scenarios.ts';

export const SIMULATE_USAGE = `usage: distillguard simulate [--scenario ${Object.keys(SCENARIOS).join('|')}] [--duration 60s]
                            [--seed N] [--scale 1] [--rate N] [--report] [--json FILE] [--config FILE]
                            [--log FILE] [--truth FILE] [--generation TOKENS_PER_S]`;

export interface SimulateOptions {
  readonly scenario: string;
  readonly duration: number;
  readonly seed: number;
  readonly scale: number;
  readonly rate: number;
  readonly full: boolean;
  readonly json: string | undefined;
  readonly config: string | undefined;
  /** Where to keep the proxy's decision log. */
  readonly log: string | undefined;
  /** Where to write the run's ground truth: each actor's persona, role, campaign and accounts. */
  readonly truth: string | undefined;
  /** Output tokens the mock model writes per simulated second (0: answers at once). */
  readonly generation: number;
}

/** Parses the arguments after `simulate`; a string is the usage error to print. */
export function parseSimulateArgs(argv: readonly string[]): SimulateOptions | string {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        scenario: { type: 'string', default: 'default' },
        duration: { type: 'string', default: '60s' },
        seed: { type: 'string', default: '1' },
        scale: { type: 'string', default: '1' },
        rate: { type: 'string', default: '500' },
        report: { type: 'boolean', default: false },
        json: { type: 'string' },
        config: { type: 'string', short: 'c' },
        log: { type: 'string' },
        truth: { type: 'string' },
        generation: { type: 'string', default: '0' },
      },
    }));
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  const duration = parseDuration(values.duration) ?? seconds(values.duration);
  if (duration === undefined || duration < 1_000 || duration > 3_600_000)
    return `--duration: expected a duration from 1s to 1h like 60s or 2m, got "${values.duration}"`;
  const seed = Number(values.seed);
  if (!Number.isSafeInteger(seed)) return `--seed: expected an integer, got "${values.seed}"`;
  const scale = Number(values.scale);
  if (!(scale > 0 && scale <= 20))
    return `--scale: expected a number in (0, 20], got "${values.scale}"`;
  const rate = Number(values.rate);
  if (!(rate >= 1 && rate <= 20_000))
    return `--rate: expected requests per second in [1, 20000], got "${values.rate}"`;
  const generation = Number(values.generation);
  if (!(generation >= 0 && generation <= 10_000_000))
    return `--generation: expected output tokens per second in [0, 10000000], got "${values.generation}"`;
  if (!(values.scenario in SCENARIOS))
    return `--scenario: unknown scenario "${values.scenario}" (known: ${Object.keys(SCENARIOS).join(', ')})`;
  return {
    scenario: values.scenario,
    duration,
    seed,
    scale,
    rate,
    full: values.report,
    json: values.json,
    config: values.config,
    log: values.log,
    truth: values.truth,
    generation,
  };
}

function seconds(text: string): number | undefined {
  const value = Number(text);
  return Number.isFinite(value) && text.trim() !== '' ? value * 1000 : undefined;
}

export async function simulate(
  argv: readonly string[],
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  const options = parseSimulateArgs(argv);
  if (typeof options === 'string') {
    err(`distillguard simulate: ${options}`);
    err(SIMULATE_USAGE);
    return 2;
  }
  const loaded = await loadScenario(options.scenario);
  if (!loaded.ok) {
    err(`distillguard simulate: ${loaded.message}`);
    return 2;
  }
  out(
    `simulating "${loaded.scenario.name}" for ${options.duration / 1000}s at scale ${options.scale} ` +
      `(seed ${options.seed}, at most ${options.rate} req/s): ${loaded.scenario.description}`,
  );
  const run = await runScenario(loaded.scenario, {
    seed: options.seed,
    duration: options.duration,
    scale: options.scale,
    rate: options.rate,
    generationTokensPerSecond: options.generation,
    ...(options.config ? { configFile: options.config } : {}),
    ...(options.log ? { keepLog: options.log } : {}),
    onProgress: (p) =>
      out(
        `  ${(p.at / 1000).toFixed(0)}s: ${p.sent} requests, ${p.refused} refused (403/429), ${p.failed} failed`,
      ),
    progressInterval: 10_000,
  });
  for (const problem of run.actorErrors) err(`actor failed: ${problem}`);
  const report = buildReport(run);
  out('');
  for (const line of formatReport(report, run, options.full)) out(line);
  if (options.log) out(`\ndecision log kept in ${options.log}`);
  if (options.json) {
    await writeFile(
      options.json,
      `${JSON.stringify({ scenario: run.scenario, seed: run.seed, scale: run.scale, duration: run.duration, elapsed: run.elapsed, ...report }, null, 2)}\n`,
    );
    out(`\nreport written to ${options.json}`);
  }
  if (options.truth) {
    // Which actor owns each account id: what joins a kept decision log (--log) to the personas
    // when reading it by hand. Simulated ids only; nothing the proxy saw of a request.
    await writeFile(options.truth, `${JSON.stringify(run.truth.actors, null, 1)}\n`);
    out(`ground truth written to ${options.truth}`);
  }
  return 0;
}
