/**
 * scripts/build.ts's freshness rule: dist/ is current only while its stamp is newer than every
 * input, directories included (a deleted source changes its directory's mtime). Real files in a
 * temporary directory, mtimes set explicitly.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isStale, newestMtime } from '../../../scripts/build.ts';

const T0 = new Date('2026-01-01T00:00:00Z');
const later = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);

describe('build freshness', () => {
  let dir: string;
  let src: string;
  let stamp: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dg-build-'));
    src = join(dir, 'src');
    mkdirSync(join(src, 'redis'), { recursive: true });
    writeFileSync(join(src, 'main.ts'), '');
    writeFileSync(join(src, 'redis', 'spend.lua'), '');
    for (const path of [join(src, 'redis', 'spend.lua'), join(src, 'redis'), join(src, 'main.ts')])
      utimesSync(path, T0, T0);
    utimesSync(src, T0, T0);
    stamp = join(dir, '.built');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is stale without a stamp', () => {
    expect(isStale(stamp, [src])).toBe(true);
  });

  it('is current when the stamp is newer than every file and directory', () => {
    writeFileSync(stamp, '');
    utimesSync(stamp, later(10), later(10));
    expect(newestMtime(src)).toBe(T0.getTime());
    expect(isStale(stamp, [src])).toBe(false);
  });

  it('is stale when a nested file, even a non-TypeScript asset, is newer', () => {
    writeFileSync(stamp, '');
    utimesSync(stamp, later(10), later(10));
    utimesSync(join(src, 'redis', 'spend.lua'), later(11), later(11));
    expect(isStale(stamp, [src])).toBe(true);
  });

  it('is stale when a file was deleted after the build (its directory changed)', () => {
    writeFileSync(stamp, '');
    utimesSync(stamp, later(10), later(10));
    rmSync(join(src, 'main.ts'));
    utimesSync(src, later(12), later(12));
    expect(isStale(stamp, [src])).toBe(true);
  });
});
