/**
 * The proxy targets run as compiled JavaScript, as production does (bin/distillguard runs
 * dist/): a process that loads even one .ts file carries Node's type stripper (~18 MB RSS), so a
 * TypeScript child would overstate every target's memory. This brings dist/ up to date, compiles
 * target-child.ts and the loadtest modules it imports into loadtest/out/child/, and replaces the
 * copy of src/ that tsc emits beside them with a link to dist/: the distillguard targets import
 * the very files production runs (Node resolves the link, so their assets are found in dist/).
 */
import { rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { buildIfStale, DIST, runTsc } from '../scripts/build.ts';

const OUT = join(import.meta.dirname, 'out', 'child');

/** Returns the path of the compiled target child. */
export function buildTargetChild(): string {
  buildIfStale();
  rmSync(OUT, { recursive: true, force: true });
  runTsc(join(import.meta.dirname, 'tsconfig.child.json'));
  rmSync(join(OUT, 'src'), { recursive: true, force: true });
  symlinkSync(DIST, join(OUT, 'src'), 'dir');
  return join(OUT, 'loadtest', 'children', 'target-child.js');
}
