import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anthropic } from '../../../src/dialects/anthropic.ts';
import type { Usage } from '../../../src/dialects/dialect.ts';
import { openai } from '../../../src/dialects/openai.ts';
import { createUsageTap, isEventStream, SseEventParser } from '../../../src/upstream/usage-tap.ts';
import { anthropicEvents } from '../../../src/mock-upstream/anthropic-mock.ts';
import { mockAnswer } from '../../../src/mock-upstream/mock-answer.ts';
import { openaiEvents } from '../../../src/mock-upstream/openai-mock.ts';

type Event = [string | undefined, string];

function parseAll(chunks: Buffer[]): Event[] {
  const events: Event[] = [];
  const parser = new SseEventParser((event, data) => events.push([event, data]));
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  return events;
}

/** Splits a buffer at the given fractional positions (so multi-byte characters get split too). */
function split(buffer: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((cut) => Math.floor(cut * buffer.length)))].sort(
    (a, b) => a - b,
  );
  const chunks: Buffer[] = [];
  let start = 0;
  for (const point of points) {
    chunks.push(buffer.subarray(start, point));
    start = point;
  }
  chunks.push(buffer.subarray(start));
  return chunks;
}

const eventArbitrary = fc.record({
  event: fc.option(fc.stringMatching(/^[a-z_.]{1,20}$/), { nil: undefined }),
  lines: fc.array(
    fc.string({ unit: 'grapheme', maxLength: 30 }).filter((line) => !/[\r\n]/.test(line)),
    { minLength: 1, maxLength: 3 },
  ),
});

describe('SseEventParser', () => {
  it('parses events, comments and multi-line data per the event-stream rules', () => {
    const text =
      ': comment\nevent: a\ndata: one\ndata: two\n\ndata:no-space\n\nevent: empty\n\nid: 7\nretry: 5\ndata: x\n\n';
    expect(parseAll([Buffer.from(text)])).toEqual([
      ['a', 'one\ntwo'],
      [undefined, 'no-space'],
      [undefined, 'x'],
    ]);
  });

  it('yields the same events however the stream is chunked and whatever the line ends (property)', () => {
    fc.assert(
      fc.property(
        fc.array(eventArbitrary, { minLength: 1, maxLength: 8 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 }),
        (events, eol, cuts) => {
          const text = events
            .map(
              ({ event, lines }) =>
                (event === undefined ? '' : `event: ${event}${eol}`) +
                lines.map((line) => `data: ${line}${eol}`).join('') +
                eol,
            )
            .join('');
          const expected = events.map(({ event, lines }): Event => [event, lines.join('\n')]);
          expect(parseAll(split(Buffer.from(text), cuts))).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('drops an unfinished event once it outgrows the inspection cap, then resynchronises', () => {
    const part = `data: ${'x'.repeat(3 * 1024 * 1024)}`;
    const events = parseAll([
      Buffer.from('data: before\n\n'),
      Buffer.from(part),
      Buffer.from('x'.repeat(2 * 1024 * 1024)), // still no boundary: over the cap, dropped
      Buffer.from('tail of the huge event\n\n'),
      Buffer.from('data: after\n\n'),
    ]);
    expect(events).toEqual([
      [undefined, 'before'],
      [undefined, 'after'],
    ]);
  });
});

describe('usage tap', () => {
  const answer = mockAnswer({
    model: 'm',
    requestBytes: 400,
    words: 7,
    thinking: true,
    maxTokens: undefined,
  });

  it('reads Anthropic usage from a stream', () => {
    const usage: Usage = { inputTokens: undefined, outputTokens: undefined };
    const tap = createUsageTap(anthropic, true, usage);
    for (const frame of anthropicEvents(answer)) tap.push(Buffer.from(frame));
    tap.end();
    // The mock's message_delta carries the final count: a stream cut after it keeps it.
    expect(usage).toEqual({
      inputTokens: answer.inputTokens,
      outputTokens: answer.outputTokens,
      complete: true,
    });
  });

  it('reads OpenAI usage from chat, completions and Responses streams', () => {
    for (const route of ['/v1/chat/completions', '/v1/completions', '/v1/responses']) {
      const usage: Usage = { inputTokens: undefined, outputTokens: undefined };
      const tap = createUsageTap(openai, true, usage);
      for (const frame of openaiEvents(route, answer, true)) tap.push(Buffer.from(frame));
      tap.end();
      expect(usage, route).toEqual({
        inputTokens: answer.inputTokens,
        outputTokens: answer.outputTokens,
        complete: true,
      });
    }
  });

  it('reports no usage when a chat stream did not ask for it', () => {
    const usage: Usage = { inputTokens: undefined, outputTokens: undefined };
    const tap = createUsageTap(openai, true, usage);
    for (const frame of openaiEvents('/v1/chat/completions', answer, false))
      tap.push(Buffer.from(frame));
    tap.end();
    expect(usage).toEqual({ inputTokens: undefined, outputTokens: undefined });
  });

  it('reads JSON usage across chunks and ignores bodies that are not JSON', () => {
    const usage: Usage = { inputTokens: undefined, outputTokens: undefined };
    const tap = createUsageTap(anthropic, false, usage);
    const body = Buffer.from(
      JSON.stringify({
        usage: {
          input_tokens: 10,
          cache_read_input_tokens: 5,
          cache_creation_input_tokens: 1,
          output_tokens: 3,
        },
      }),
    );
    tap.push(body.subarray(0, 7));
    tap.push(body.subarray(7));
    tap.end();
    expect(usage).toEqual({ inputTokens: 16, outputTokens: 3 });
    const none: Usage = { inputTokens: undefined, outputTokens: undefined };
    const broken = createUsageTap(openai, false, none);
    broken.push(Buffer.from('{"usage": {"prompt_tok'));
    broken.end();
    expect(none).toEqual({ inputTokens: undefined, outputTokens: undefined });
  });

  it('ignores hostile usage values', () => {
    const usage: Usage = { inputTokens: undefined, outputTokens: undefined };
    openai.usageFromJson({ usage: { prompt_tokens: -5, completion_tokens: 1e300 } }, usage);
    anthropic.usageFromJson({ usage: { input_tokens: 'many', output_tokens: 2.5 } }, usage);
    expect(usage).toEqual({ inputTokens: undefined, outputTokens: undefined });
  });

  it('recognises event streams by content type', () => {
    expect(isEventStream('text/event-stream; charset=utf-8')).toBe(true);
    expect(isEventStream('Text/Event-Stream')).toBe(true);
    expect(isEventStream('application/json')).toBe(false);
    expect(isEventStream(undefined)).toBe(false);
  });
});
