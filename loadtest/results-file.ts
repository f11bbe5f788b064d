/**
 * Where a run's results go. Full runs replace the "Latest full run" section of
 * loadtest/RESULTS.md and add a line to its short history (the file is regenerated whole; only
 * the history rows and the `<!-- section:… -->` blocks are carried over — text anywhere else
 * would be lost, so a full run refuses to start while the file holds any: strayResultsText).
 * Every run, quick or full, also leaves its markdown and raw JSON in loadtest/out/ (gitignored) —
 * quick runs write nowhere else.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { historyRow, renderRun, type RunReport } from './report.ts';

const HISTORY_START = '<!-- history:start -->';
const HISTORY_END = '<!-- history:end -->';
const HISTORY_KEEP = 10;

const PREAMBLE = `# Load-test results

Written by \`npm run loadtest\` (full mode) from measurements; do not edit by hand. What is
measured and how: loadtest/README.md. Targets: direct to the upstream; a bare undici passthrough;
a minimal undici forwarder (buffer, JSON.parse, one Map lookup, forward — the yardstick of the
85 % target); distillguard's full path (key-file auth, pipeline, decision log to a file). The
budget is loadtest/budget.json. Quick runs (\`--quick\`, CI) write to loadtest/out/ only.`;

async function previousHistory(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const start = text.indexOf(HISTORY_START);
  const end = text.indexOf(HISTORY_END);
  if (start === -1 || end === -1 || end < start) return [];
  return text
    .slice(start + HISTORY_START.length, end)
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| date') && !line.includes('---'));
}

/**
 * Sections other benchmarks own (e.g. the identity microbenchmarks), delimited by
 * `<!-- section:NAME:start -->` / `<!-- section:NAME:end -->`: a full run carries them over.
 */
const SECTION = /<!-- section:([a-z0-9-]+):start -->[\s\S]*?<!-- section:\1:end -->/g;

async function ownedSections(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return [...text.matchAll(SECTION)].map((match) => match[0]);
}

/** Replaces (or appends) one owned section of the results file. */
export async function writeSection(file: string, name: string, markdown: string): Promise<void> {
  // Only names SECTION matches are carried over by a full run (a digit once was not).
  if (!/^[a-z0-9-]+$/.test(name))
    throw new Error(`section name ${JSON.stringify(name)}: a-z, 0-9, -`);
  const text = await readFile(file, 'utf8').catch(() => `${PREAMBLE}\n`);
  const block = `<!-- section:${name}:start -->\n${markdown.trim()}\n<!-- section:${name}:end -->`;
  const existing = new RegExp(
    `<!-- section:${name}:start -->[\\s\\S]*?<!-- section:${name}:end -->`,
  );
  const next = existing.test(text)
    ? text.replace(existing, () => block)
    : `${text.trimEnd()}\n\n${block}\n`;
  await writeFile(file, next);
}

/**
 * The text of the results file a full run would not carry over: whatever is not its preamble,
 * its regenerated run and history, or an owned section (trimmed; '' when there is none). A
 * paragraph added by hand between sections was once dropped this way without a word.
 */
export function strayResultsText(text: string): string {
  let rest = text.replace(SECTION, '');
  if (rest.startsWith(PREAMBLE)) rest = rest.slice(PREAMBLE.length);
  const latest = rest.indexOf('## Latest full run');
  const historyEnd = rest.indexOf(HISTORY_END);
  if (latest !== -1 && historyEnd > latest)
    rest = rest.slice(0, latest) + rest.slice(historyEnd + HISTORY_END.length);
  return rest.trim();
}

/** Throws, naming it, when the results file holds text a full run would drop (strayResultsText). */
export async function checkResultsFile(file: string): Promise<void> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const stray = strayResultsText(text);
  if (stray === '') return;
  const shown = stray.split('\n').slice(0, 3).join('\n');
  throw new Error(
    `${file} holds text outside any <!-- section:NAME:start/end --> block, which a full run ` +
      `regenerates the file without. Move it into a section (or delete it) first. It begins:\n${shown}`,
  );
}

export async function writeFullResults(file: string, report: RunReport): Promise<void> {
  await checkResultsFile(file);
  const history = [historyRow(report), ...(await previousHistory(file))].slice(0, HISTORY_KEEP);
  const sections = await ownedSections(file);
  const text = [
    PREAMBLE,
    '',
    '## Latest full run',
    '',
    renderRun(report),
    '',
    `## History (last ${HISTORY_KEEP} full runs, newest first)`,
    '',
    HISTORY_START,
    '| date (UTC) | commit | distillguard req/s | ÷ minimal | ÷ direct | added p99 @2k ms | TTFB added p50 ms | RSS MiB fresh / after load | budget |',
    '|---|---|---:|---:|---:|---:|---:|---:|---|',
    ...history,
    HISTORY_END,
    '',
    ...sections.flatMap((section) => [section, '']),
  ].join('\n');
  await writeFile(file, text);
}

/** Writes `<mode>-latest.md` and `<mode>-latest.json` into `dir`; returns the markdown path. */
export async function writeOutDir(dir: string, report: RunReport): Promise<string> {
  await mkdir(dir, { recursive: true });
  const base = join(dir, `${report.profile.mode}-latest`);
  await writeFile(`${base}.md`, `## ${report.profile.mode} run\n\n${renderRun(report)}\n`);
  await writeFile(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  return `${base}.md`;
}
