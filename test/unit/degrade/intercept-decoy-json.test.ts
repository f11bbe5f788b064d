import { describe, expect, it } from 'vitest';
import { decoyStats, type DecoyState } from '../../../src/degrade/decoy-match.ts';
import { interceptDecoyJson } from '../../../src/degrade/intercept-decoy-json.ts';
import { DECOY_ROUTES, jsonCalling } from '../../helpers/decoy-answers.ts';

const DECOY = 'fetch_shipment_4k2q';
const REAL = 'get_weather';
const state = (): DecoyState => ({ names: new Set([DECOY]), intercepted: 0 });

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
      const decoyOnly = interceptDecoyJson(routeId, jsonCalling(routeId, [DECOY]), s);
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
      const mixed = interceptDecoyJson(routeId, jsonCalling(routeId, [DECOY, REAL, DECOY]), s);
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
      expect(interceptDecoyJson(routeId, jsonCalling(routeId, [REAL]), state())).toBeUndefined();
      expect(interceptDecoyJson(routeId, jsonCalling(routeId, []), state())).toBeUndefined();
    });
  }

  it('removes an emptied chat tool_calls list', () => {
    const out = interceptDecoyJson(
      'openai.chat_completions',
      jsonCalling('openai.chat_completions', [DECOY]),
      state(),
    );
    const message = (JSON.parse(out ?? '{}') as { choices: { message: object }[] }).choices[0]
      ?.message;
    expect(message).not.toHaveProperty('tool_calls');
  });

  it('passes what does not parse through unchanged and counts it', () => {
    const before = decoyStats.unparsed;
    expect(
      interceptDecoyJson('anthropic.messages', `{"content":[{"name":"${DECOY}"`, state()),
    ).toBeUndefined();
    expect(interceptDecoyJson('anthropic.messages', '[1]', state())).toBeUndefined();
    expect(interceptDecoyJson('anthropic.messages', '{"content":"x"}', state())).toBeUndefined();
    expect(decoyStats.unparsed).toBe(before + 1);
  });
});
