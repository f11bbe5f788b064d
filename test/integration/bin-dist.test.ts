/**
 * bin/distillguard runs dist/main.js only while dist/.built is newer than the sources, and the
 * TypeScript sources otherwise (saying so on stderr), so a stale dist/ never runs old code. The
 * real script runs in a scratch tree laid out like the repository: its own node_modules/.bin/node
 * (a link to this Node), a src/main.ts and a dist/main.js that print which one ran.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const run = promisify(execFile);
const T0 = new Date('2026-01-01T00:00:00Z');
const AFTER = new Date('2026-01-02T00:00:00Z');
const WHICH = (name: string) => `console.log('${name}', process.argv.slice(2).join(' '));\n`;

describe('bin/distillguard', () => {
  let dir: string;
  const file = (...parts: string[]): string => join(dir, ...parts);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dg-bin-'));
    for (const sub of ['bin', 'node_modules/.bin', 'src', 'dist', 'scripts']) {
      mkdirSync(file(sub), { recursive: true });
    }
    copyFileSync(join(ROOT, 'bin/distillguard'), file('bin/distillguard'));
    symlinkSync(process.execPath, file('node_modules/.bin/node'));
    writeFileSync(file('src/main.ts'), WHICH('src'));
    writeFileSync(file('dist/main.js'), WHICH('dist'));
    for (const input of ['tsconfig.json', 'tsconfig.build.json', 'scripts/build.ts']) {
      writeFileSync(file(input), '');
      utimesSync(file(input), T0, T0);
    }
    utimesSync(file('src/main.ts'), T0, T0);
    utimesSync(file('src'), T0, T0);
    utimesSync(file('scripts'), T0, T0);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const distillguard = () =>
    run('sh', [file('bin/distillguard'), 'serve', '--config', 'x.yaml'], { timeout: 20_000 });
  const stampBuilt = (): void => {
    writeFileSync(file('dist/.built'), '');
    utimesSync(file('dist/.built'), AFTER, AFTER);
  };

  it('runs the sources, with a note, while dist/ was never built', async () => {
    const { stdout, stderr } = await distillguard();
    expect(stdout).toBe('src serve --config x.yaml\n');
    expect(stderr).toMatch(/dist\/ is missing or older than src\/; running the sources/);
  });

  it('runs dist/main.js when it is current, silently', async () => {
    stampBuilt();
    const { stdout, stderr } = await distillguard();
    expect(stdout).toBe('dist serve --config x.yaml\n');
    expect(stderr).toBe('');
  });

  it('runs the sources again once a source is newer than the build', async () => {
    stampBuilt();
    const later = new Date(AFTER.getTime() + 1000);
    utimesSync(file('src/main.ts'), later, later);
    expect((await distillguard()).stdout).toBe('src serve --config x.yaml\n');
  });

  it('runs the sources once the build config is newer than the build', async () => {
    stampBuilt();
    const later = new Date(AFTER.getTime() + 1000);
    utimesSync(file('tsconfig.build.json'), later, later);
    expect((await distillguard()).stdout).toBe('src serve --config x.yaml\n');
  });
});
