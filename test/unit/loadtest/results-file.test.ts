/**
 * A full load-test run regenerates loadtest/RESULTS.md whole, carrying over only its history rows
 * and `<!-- section:… -->` blocks: text anywhere else must stop the run before it measures, not
 * vanish when it writes (a hand-written paragraph between sections once did).
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  checkResultsFile,
  strayResultsText,
  writeSection,
} from '../../../loadtest/results-file.ts';

const RESULTS = fileURLToPath(new URL('../../../loadtest/RESULTS.md', import.meta.url));

describe('results file: what a full run would drop', () => {
  it('finds nothing in the committed loadtest/RESULTS.md (sections named with digits too)', async () => {
    expect(strayResultsText(await readFile(RESULTS, 'utf8'))).toBe('');
    await expect(checkResultsFile(RESULTS)).resolves.toBeUndefined();
  });

  it('names a paragraph written between sections, and refuses the file', async () => {
    const text = await readFile(RESULTS, 'utf8');
    const at = text.indexOf('<!-- section:');
    expect(at).toBeGreaterThan(0);
    const edited = `${text.slice(0, at)}**A note by hand:** measured twice.\n\n${text.slice(at)}`;
    expect(strayResultsText(edited)).toBe('**A note by hand:** measured twice.');
    const dir = await mkdtemp(join(tmpdir(), 'dg-results-'));
    const file = join(dir, 'RESULTS.md');
    await writeFile(file, edited);
    await expect(checkResultsFile(file)).rejects.toThrow(/A note by hand/);
  });

  it('accepts a missing file and one written only through sections', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dg-results-'));
    const file = join(dir, 'RESULTS.md');
    await expect(checkResultsFile(file)).resolves.toBeUndefined();
    await writeSection(file, 'bench', '## A bench\n\n| a | b |\n| - | - |\n| 1 | 2 |');
    await writeSection(file, 'other', 'Another one.');
    expect(strayResultsText(await readFile(file, 'utf8'))).toBe('');
    // A name a full run would not recognise as a section is refused when written.
    await expect(writeSection(file, 'Bench 2', 'x')).rejects.toThrow(/section name/);
  });
});
