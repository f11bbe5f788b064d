/**
 * `npm run build`: compiles src/ to dist/ (plain JavaScript, same layout) so production runs
 * without Node's type stripping, whose SWC wasm costs ~18 MB resident in every process.
 *
 * dist/ is rebuilt from scratch (no file of a deleted module survives), src's non-TypeScript
 * files that are read by path at run time (Lua scripts, the review page) are copied beside the
 * modules, and dist/.built is written last: its mtime is what "dist is current" is judged
 * against — here (`--if-stale`), in bin/distillguard, and by the load test. Type errors are
 * `npm run typecheck`'s job; the build only emits (`noCheck`), so it takes seconds.
 *
 * `--if-stale` skips the build when dist/.built is newer than every input.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export const REPO = join(import.meta.dirname, '..');
export const DIST = join(REPO, 'dist');
const SRC = join(REPO, 'src');
const STAMP = join(DIST, '.built');
/** What dist/ is made from (directories count too: a deleted file changes its directory). */
const INPUTS = ['src', 'tsconfig.json', 'tsconfig.build.json', 'scripts/build.ts'];

/** The newest mtime (ms) under `path`, directories included. */
export function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** True when `stamp` is missing or older than anything in `inputs` (files or directories). */
export function isStale(stamp: string, inputs: readonly string[]): boolean {
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  return inputs.some((input) => newestMtime(input) > built);
}

/** Runs the project's own tsc on `project`; throws with its output when it fails. */
export function runTsc(project: string): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const run = spawnSync(process.execPath, [tsc, '-p', project], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`tsc -p ${project} failed:\n${run.stdout}${run.stderr}`);
}

export function build(): void {
  // The stamp carries the build's start time: a source saved while tsc runs reads as newer.
  const started = new Date();
  rmSync(DIST, { recursive: true, force: true });
  runTsc(join(REPO, 'tsconfig.build.json'));
  cpSync(SRC, DIST, {
    recursive: true,
    filter: (from) => statSync(from).isDirectory() || !from.endsWith('.ts'),
  });
  writeFileSync(STAMP, `${started.toISOString()}\n`);
  utimesSync(STAMP, started, started);
}

/** Builds dist/ unless it is current; returns whether it built. */
export function buildIfStale(): boolean {
  if (
    !isStale(
      STAMP,
      INPUTS.map((input) => join(REPO, input)),
    )
  )
    return false;
  build();
  return true;
}

if (import.meta.main) {
  if (process.argv.includes('--if-stale')) buildIfStale();
  else build();
}
