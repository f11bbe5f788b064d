/** Number and input formatting shared by the review and backtest reports (text output). */

/** 1234567 → "1,234,567". */
export function count(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** Bytes as B, KB, MB or GB (decimal). */
export function byteSize(value: number): string {
  if (value < 1e3) return `${value} B`;
  if (value < 1e6) return `${(value / 1e3).toFixed(1)} KB`;
  if (value < 1e9) return `${(value / 1e6).toFixed(1)} MB`;
  return `${(value / 1e9).toFixed(2)} GB`;
}

/** A duration in ms as its largest whole unit ("5s", "15m", "6h", "1d"). */
export function span(ms: number): string {
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const)
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}

export function plural(value: number, word: string): string {
  return `${count(value)} ${word}${value === 1 ? '' : 's'}`;
}

/** A share as a percentage with one decimal ("12.5 %"), or "–" when there is no whole. */
export function percent(part: number, whole: number): string {
  return whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)} %`;
}

export interface InputLike {
  readonly inputs: readonly { readonly compressed: boolean }[];
  readonly bytes: number;
  readonly lines: number;
  readonly records: number;
  readonly skipped: number;
  readonly damaged: number;
  readonly versions: Readonly<Record<string, number>>;
  readonly problems: readonly {
    readonly file: string;
    readonly line: number;
    readonly problem: string;
  }[];
}

/** "2 files (1 gzip), 1.2 GB, 1,000,000 lines: 1,000,000 records (v4 ×10, v5 ×999,990)". */
export function describeInput(input: InputLike): string {
  const gzip = input.inputs.filter((item) => item.compressed).length;
  const versions = Object.entries(input.versions)
    .map(([v, n]) => `v${v} ×${count(n)}`)
    .join(', ');
  return (
    `${plural(input.inputs.length, 'file')}${gzip > 0 ? ` (${gzip} gzip)` : ''}, ` +
    `${byteSize(input.bytes)}, ${plural(input.lines, 'line')}: ${plural(input.records, 'record')}` +
    (versions === '' ? '' : ` (${versions})`) +
    (input.skipped > 0 ? `, ${count(input.skipped)} lines skipped unread by the filter` : '')
  );
}

/** The damaged-input paragraph: how many, and the first ones by file and line. */
export function describeDamage(input: InputLike): string[] {
  if (input.damaged === 0) return [];
  const lines = [
    `damaged input: ${plural(input.damaged, 'line')} skipped (never used), the first ${input.problems.length}:`,
  ];
  for (const problem of input.problems)
    lines.push(
      `  ${problem.file}${problem.line > 0 ? `:${problem.line}` : ''}: ${problem.problem}`,
    );
  return lines;
}
