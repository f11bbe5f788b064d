import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findUsageObject } from '../../../src/upstream/find-usage.ts';

const find = (value: unknown) =>
  findUsageObject(Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)));

describe('findUsageObject', () => {
  it('finds the top-level usage object at the end of each API response', () => {
    expect(
      find({
        id: 'm',
        content: [{ type: 'text', text: 'hi' }],
        usage: { input_tokens: 3, output_tokens: 4 },
      }),
    ).toEqual({ input_tokens: 3, output_tokens: 4 });
    expect(
      find({
        choices: [],
        usage: {
          prompt_tokens: 1,
          completion_tokens: 2,
          prompt_tokens_details: { cached_tokens: 0 },
        },
        system_fingerprint: 'x',
      }),
    ).toEqual({
      prompt_tokens: 1,
      completion_tokens: 2,
      prompt_tokens_details: { cached_tokens: 0 },
    });
    expect(find('{"usage" :\n {"input_tokens": 9}}')).toEqual({ input_tokens: 9 });
  });

  it('is not fooled by "usage" inside string values', () => {
    const answer = 'Here is JSON: {"usage": {"input_tokens": 999}} and \\"usage\\": {}';
    expect(
      find({ content: [{ text: answer }], usage: { input_tokens: 5, output_tokens: 6 } }),
    ).toEqual({ input_tokens: 5, output_tokens: 6 });
    expect(find({ content: [{ text: answer }] })).toBeUndefined();
    expect(
      find({ content: [{ text: 'ends with a backslash \\' }], usage: { output_tokens: 1 } }),
    ).toEqual({ output_tokens: 1 });
  });

  it('returns undefined for absent, non-object or truncated usage', () => {
    expect(find({ input_tokens: 12 })).toBeUndefined();
    expect(find('{"usage": 5}')).toBeUndefined();
    expect(find('{"usage": {"input_tokens": 1')).toBeUndefined();
    expect(find('')).toBeUndefined();
  });

  it('agrees with a full parse for any JSON document carrying usage last (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.dictionary(fc.string(), fc.integer()), (content, usage) => {
        const document = { content, usage };
        const roundTripped = JSON.parse(JSON.stringify(document)) as { usage: unknown };
        expect(find(document)).toEqual(roundTripped.usage);
      }),
      { numRuns: 300 },
    );
  });
});
