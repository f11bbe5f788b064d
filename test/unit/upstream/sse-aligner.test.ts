import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Usage } from '../../../src/dialects/dialect.ts';
import { openai } from '../../../src/dialects/openai.ts';
import { lastBoundaryEnd, SseAligner } from '../../../src/upstream/sse-aligner.ts';
import { createUsageTap } from '../../../src/upstream/usage-tap.ts';

function chunked(buffer: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((cut) => Math.floor(cut * buffer.length)))].sort(
    (a, b) => a - b,
  );
  const out: Buffer[] = [];
  let start = 0;
  for (const point of points) {
    out.push(buffer.subarray(start, point));
    start = point;
  }
  out.push(buffer.subarray(start));
  return out;
}

const endsOnBoundary = (text: string) => /(\r\n|\r|\n)(\r\n|\r|\n)$/.test(text);

describe('SseAligner', () => {
  it('forwards whole events at once and holds a partial one until it completes', () => {
    const aligner = new SseAligner();
    expect(aligner.push(Buffer.from('data: a\n\ndata: b'))?.toString()).toBe('data: a\n\n');
    expect(aligner.holding).toBe(true);
    expect(aligner.push(Buffer.from('c\n'))).toBeUndefined();
    expect(aligner.push(Buffer.from('\ndata: d\n\n'))?.toString()).toBe('data: bc\n\ndata: d\n\n');
    expect(aligner.holding).toBe(false);
  });

  it('outputs exactly the input, every write ending on an event boundary (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z :{}"]{0,20}$/), { minLength: 1, maxLength: 6 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 10 }),
        (events, eol, cuts) => {
          const input = Buffer.from(events.map((event) => `data: ${event}${eol}${eol}`).join(''));
          const aligner = new SseAligner();
          const writes: string[] = [];
          for (const chunk of chunked(input, cuts)) {
            const ready = aligner.push(chunk);
            if (ready) writes.push(ready.toString());
          }
          const tail = aligner.flush();
          for (const write of writes)
            expect(endsOnBoundary(write) || (eol === '\r' && write.endsWith('\r'))).toBe(true);
          expect(writes.join('') + (tail?.toString() ?? '')).toBe(input.toString());
        },
      ),
      { numRuns: 500 },
    );
  });

  it('finds the last boundary of every line-end style, and leaves a trailing CR undecided', () => {
    expect(lastBoundaryEnd(Buffer.from('a\n\nb'))).toBe(3);
    expect(lastBoundaryEnd(Buffer.from('a\r\n\r\nb'))).toBe(5);
    expect(lastBoundaryEnd(Buffer.from('a\r\rb'))).toBe(3);
    expect(lastBoundaryEnd(Buffer.from('a\n\r\nb'))).toBe(4);
    expect(lastBoundaryEnd(Buffer.from('data: x\r\n'))).toBe(0);
    expect(lastBoundaryEnd(Buffer.from('a\r\r'))).toBe(0);
    expect(lastBoundaryEnd(Buffer.from('no boundary'))).toBe(0);
  });

  it('does not hold more than its cap', () => {
    const aligner = new SseAligner();
    const big = Buffer.alloc(2 * 1024 * 1024, 'x');
    expect(aligner.push(big)?.length).toBe(big.length);
    expect(aligner.holding).toBe(false);
  });
});

describe('usage from compressed JSON', () => {
  it('decodes a gzip body an upstream sent despite being asked for identity', () => {
    const usage: Usage = { inputTokens: undefined, outputTokens: undefined };
    const tap = createUsageTap(openai, false, usage, 'gzip');
    tap.push(gzipSync(JSON.stringify({ usage: { prompt_tokens: 7, completion_tokens: 9 } })));
    tap.end();
    expect(usage).toEqual({ inputTokens: 7, outputTokens: 9 });
  });
});
