/**
 * The byte line splitter: whatever the chunk boundaries (inside a line, inside a multi-byte
 * character, on the newline itself), the lines and their numbers are those of splitting the whole
 * text (property); CR LF, empty lines, a last line without a newline and lines past the cap.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../../src/decision-log/split-lines.ts';

interface Seen {
  lines: [number, string][];
  oversized: number[];
}

function split(chunks: readonly Buffer[], maxLineBytes = 1 << 20): Seen {
  const seen: Seen = { lines: [], oversized: [] };
  const splitter = new LineSplitter(maxLineBytes, {
    line: (buf, start, end, line) => seen.lines.push([line, buf.toString('utf8', start, end)]),
    oversized: (line) => seen.oversized.push(line),
  });
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return seen;
}

/** The expected reading: split on \n, drop a trailing \r, skip empty lines, keep numbers. */
function reference(text: string): [number, string][] {
  const parts = text.split('\n');
  if (parts.at(-1) === '') parts.pop();
  return parts
    .map((part, index): [number, string] => [index + 1, part.replace(/\r$/, '')])
    .filter(([, part]) => part !== '');
}

/** `bytes` cut at the given offsets (sorted, deduplicated). */
function cut(bytes: Buffer, offsets: readonly number[]): Buffer[] {
  const points = [...new Set(offsets.map((o) => o % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.subarray(from, point));
    from = point;
  }
  return chunks;
}

const line = fc.string({
  unit: fc.constantFrom('a', 'b', '{', '"', 'é', '€', '\r', ' '),
  maxLength: 30,
});

describe('LineSplitter', () => {
  it('finds the same lines whatever the chunk boundaries (property)', () => {
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 20 }),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 12 }),
        (lines, finalNewline, offsets) => {
          const text = lines.join('\n') + (finalNewline ? '\n' : '');
          const bytes = Buffer.from(text, 'utf8');
          expect(split(cut(bytes, offsets)).lines).toEqual(reference(text));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('skips a line longer than the cap, by number, without holding it, and goes on', () => {
    const long = 'x'.repeat(100);
    const text = `first\n${long}\nthird\n${long}`;
    const chunks = cut(Buffer.from(text), [3, 20, 50, 90, 104, 130]);
    const seen = split(chunks, 64);
    expect(seen.lines).toEqual([
      [1, 'first'],
      [3, 'third'],
    ]);
    expect(seen.oversized).toEqual([2, 4]);
  });

  it('reads nothing from nothing', () => {
    expect(split([])).toEqual({ lines: [], oversized: [] });
    expect(split([Buffer.from('\n\n\r\n')]).lines).toEqual([]);
  });
});
