import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decoyStats, type DecoyState } from '../../../src/degrade/decoy-match.ts';
import { interceptDecoyJson } from '../../../src/degrade/intercept-decoy-json.ts';
import { DECOY_ROUTES, jsonCalling } from '../../helpers/decoy-answers.ts';

const DECOY = 'fetch_shipment_4k2q';
const REAL = 'get_weather';
const state = (): DecoyState => ({ names: new Set([DECOY]), intercepted: 0 });
const intercept = (routeId: string, body: string, s: DecoyState): string | undefined =>
  interceptDecoyJson(routeId, Buffer.from(body), s)?.toString('utf8');

interface Seen {
  calls: string[];
  stop: unknown;
  text: boolean;
}

/** The calls, stop reason and whether the text survived, in any route's JSON shape. */
function read(routeId: string, body: string): Seen {
  const value = JSON.parse(body) as Record<string, unknown>;
  if (routeId === 'anthropic.messages') {
    const content = value['content'] as { type: string; name?: string }[];
    return {
      calls: content.filter((b) => b.type === 'tool_use').map((b) => b.name ?? ''),
      stop: value['stop_reason'],
      text: content.some((b) => b.type === 'text'),
    };
  }
  if (routeId === 'openai.chat_completions') {
    const [choice] = value['choices'] as {
      message: { content: string; tool_calls?: { function: { name: string } }[] };
      finish_reason: string;
    }[];
    return {
      calls: choice?.message.tool_calls?.map((call) => call.function.name) ?? [],
      stop: choice?.finish_reason,
      text: choice?.message.content !== '',
    };
  }
  const output = value['output'] as { type: string; name?: string }[];
  return {
    calls: output.filter((item) => item.type === 'function_call').map((item) => item.name ?? ''),
    stop: null,
    text: output.some((item) => item.type === 'message'),
  };
}

describe('JSON decoy interception', () => {
  for (const [routeId] of DECOY_ROUTES) {
    it(`${routeId}: drops decoy calls, keeps real ones, fixes the stop reason`, () => {
      const s = state();
      const decoyOnly = intercept(routeId, jsonCalling(routeId, [DECOY]), s);
      expect(decoyOnly).not.toContain(DECOY);
      expect(read(routeId, decoyOnly ?? '')).toEqual({
        calls: [],
        stop:
          routeId === 'anthropic.messages'
            ? 'end_turn'
            : routeId === 'openai.responses'
              ? null
              : 'stop',
        text: true,
      });
      const mixed = intercept(routeId, jsonCalling(routeId, [DECOY, REAL, DECOY]), s);
      expect(read(routeId, mixed ?? '')).toEqual({
        calls: [REAL],
        stop:
          routeId === 'anthropic.messages'
            ? 'tool_use'
            : routeId === 'openai.responses'
              ? null
              : 'tool_calls',
        text: true,
      });
      expect(s.intercepted).toBe(3);
    });

    it(`${routeId}: leaves an answer without decoy calls alone`, () => {
      expect(intercept(routeId, jsonCalling(routeId, [REAL]), state())).toBeUndefined();
      expect(intercept(routeId, jsonCalling(routeId, []), state())).toBeUndefined();
    });
  }

  it('removes an emptied chat tool_calls list', () => {
    const out = intercept(
      'openai.chat_completions',
      jsonCalling('openai.chat_completions', [DECOY]),
      state(),
    );
    const message = (JSON.parse(out ?? '{}') as { choices: { message: object }[] }).choices[0]
      ?.message;
    expect(message).not.toHaveProperty('tool_calls');
  });

  it('cuts the calls out of the bytes: everything else stays as the upstream wrote it', () => {
    const raw =
      '{ "id": 12345678901234567890, "content": [ {"type":"text","text":"caf\\u00e9 \\" ]"} ,\n' +
      `  {"type":"tool_use","id":"t1","name":"${DECOY}","input":{}}, {"type":"tool_use","name":"${REAL}"} ],` +
      ' "stop_reason" : "tool_use", "usage": {"output_tokens": 7.0} }';
    expect(intercept('anthropic.messages', raw, state())).toBe(
      '{ "id": 12345678901234567890, "content": [{"type":"text","text":"caf\\u00e9 \\" ]"},' +
        `{"type":"tool_use","name":"${REAL}"}], "stop_reason" : "tool_use", "usage": {"output_tokens": 7.0} }`,
    );
    const chat = `{"choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"${DECOY}","arguments":"{}"}}]},"finish_reason":"tool_calls"}],"seed":12345678901234567890}`;
    expect(intercept('openai.chat_completions', chat, state())).toBe(
      '{"choices":[{"index":0,"message":{"role":"assistant","content":null},"finish_reason":"stop"}],"seed":12345678901234567890}',
    );
  });

  it('re-serialises when the bytes cannot be followed (a repeated key), still without the call', () => {
    const raw = `{"content":[],"content":[{"type":"tool_use","name":"${DECOY}"}],"stop_reason":"tool_use"}`;
    expect(JSON.parse(intercept('anthropic.messages', raw, state()) ?? '')).toEqual({
      content: [],
      stop_reason: 'end_turn',
    });
  });

  it('gives what a parse-filter-serialise would, at any spacing (property)', () => {
    const block = fc.oneof(
      fc.record({ type: fc.constant('text'), text: fc.string() }),
      fc.record({
        type: fc.constant('tool_use'),
        id: fc.string(),
        name: fc.constantFrom(DECOY, REAL),
        input: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 2 }),
      }),
    );
    fc.assert(
      fc.property(
        fc.array(block, { maxLength: 5 }),
        fc.constantFrom('tool_use', 'end_turn'),
        fc.constantFrom(undefined, 2, '\t'),
        (content, stop, indent) => {
          const message = { id: 'm', content, stop_reason: stop, usage: { output_tokens: 3 } };
          const out = intercept(
            'anthropic.messages',
            JSON.stringify(message, null, indent),
            state(),
          );
          const kept = content.filter((b) => b.type !== 'tool_use' || b.name !== DECOY);
          if (kept.length === content.length) {
            expect(out).toBeUndefined();
            return;
          }
          const toolLeft = kept.some((b) => b.type === 'tool_use');
          expect(JSON.parse(out ?? '')).toEqual(
            JSON.parse(
              JSON.stringify({
                ...message,
                content: kept,
                stop_reason: stop === 'tool_use' && !toolLeft ? 'end_turn' : stop,
              }),
            ),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('passes what does not parse through unchanged and counts it', () => {
    const before = decoyStats.unparsed;
    expect(
      intercept('anthropic.messages', `{"content":[{"name":"${DECOY}"`, state()),
    ).toBeUndefined();
    expect(intercept('anthropic.messages', '[1]', state())).toBeUndefined();
    expect(intercept('anthropic.messages', '{"content":"x"}', state())).toBeUndefined();
    expect(decoyStats.unparsed).toBe(before + 1);
  });
});
