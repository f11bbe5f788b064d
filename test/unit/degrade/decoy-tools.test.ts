import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decoyKey, deriveDecoys } from '../../../src/degrade/decoy-names.ts';
import { injectDecoys, planDecoys } from '../../../src/degrade/decoy-tools.ts';
import { topLevelArrayEnd } from '../../../src/degrade/json-splice.ts';

const DECOYS = deriveDecoys(decoyKey('decoy-secret-for-unit-tests-0123456789'), 'acct_a', 1, 3);
const REAL_ANTHROPIC = { name: 'get_weather', description: 'Weather.', input_schema: {} };
const REAL_CHAT = { type: 'function', function: { name: 'get_weather', parameters: {} } };
const REAL_RESPONSES = { type: 'function', name: 'get_weather', parameters: {} };

describe('planDecoys: which requests get decoys', () => {
  const anthropic = (extra: object) => ({ model: 'm', tools: [REAL_ANTHROPIC], ...extra });

  it('adds them to agentic requests on the three tool-taking routes', () => {
    expect(planDecoys('anthropic.messages', anthropic({}), DECOYS)).toEqual(DECOYS);
    expect(planDecoys('openai.chat_completions', { tools: [REAL_CHAT] }, DECOYS)).toEqual(DECOYS);
    expect(planDecoys('openai.responses', { tools: [REAL_RESPONSES] }, DECOYS)).toEqual(DECOYS);
    for (const choice of [
      'auto',
      { type: 'auto' },
      { type: 'auto', disable_parallel_tool_use: true },
    ])
      expect(planDecoys('anthropic.messages', anthropic({ tool_choice: choice }), DECOYS)).toEqual(
        DECOYS,
      );
  });

  it('leaves alone requests without tools, other routes, and forced or disabled tool choice', () => {
    expect(planDecoys('anthropic.messages', { model: 'm' }, DECOYS)).toEqual([]);
    expect(planDecoys('anthropic.messages', { tools: [] }, DECOYS)).toEqual([]);
    expect(planDecoys('anthropic.messages', { tools: 'x' }, DECOYS)).toEqual([]);
    expect(planDecoys('anthropic.count_tokens', anthropic({}), DECOYS)).toEqual([]);
    expect(planDecoys('openai.completions', { tools: [REAL_CHAT] }, DECOYS)).toEqual([]);
    for (const choice of [
      'none',
      'required',
      'any',
      { type: 'any' },
      { type: 'none' },
      { type: 'tool', name: 'get_weather' },
      { type: 'function', function: { name: 'get_weather' } },
      { type: 'allowed_tools', mode: 'auto', tools: [] },
    ])
      expect(planDecoys('anthropic.messages', anthropic({ tool_choice: choice }), DECOYS)).toEqual(
        [],
      );
  });

  it('never reuses a declared name nor goes past 128 tools', () => {
    const clash = { tools: [REAL_CHAT, { type: 'function', function: { name: DECOYS[0]?.name } }] };
    expect(planDecoys('openai.chat_completions', clash, DECOYS)).toEqual(DECOYS.slice(1));
    const full = { tools: Array.from({ length: 127 }, () => REAL_RESPONSES) };
    expect(planDecoys('openai.responses', full, DECOYS)).toEqual(DECOYS.slice(0, 1));
    full.tools.push(REAL_RESPONSES);
    expect(planDecoys('openai.responses', full, DECOYS)).toEqual([]);
  });
});

describe('injectDecoys', () => {
  const decoys = DECOYS.slice(0, 2);

  it('writes each route’s tool shape', () => {
    const shapes = (routeId: string, real: object) => {
      const body = { model: 'm', tools: [real] };
      const out = injectDecoys(routeId, Buffer.from(JSON.stringify(body)), body, decoys);
      return (JSON.parse(out.toString()) as { tools: unknown[] }).tools;
    };
    const [decoy] = decoys;
    expect(shapes('anthropic.messages', REAL_ANTHROPIC)[1]).toEqual({
      name: decoy?.name,
      description: decoy?.description,
      input_schema: decoy?.parameters,
    });
    expect(shapes('openai.chat_completions', REAL_CHAT)[1]).toEqual({
      type: 'function',
      function: {
        name: decoy?.name,
        description: decoy?.description,
        parameters: decoy?.parameters,
      },
    });
    expect(shapes('openai.responses', REAL_RESPONSES)[1]).toEqual({
      type: 'function',
      name: decoy?.name,
      description: decoy?.description,
      parameters: decoy?.parameters,
    });
  });

  it('keeps every other byte of the body as the client sent it', () => {
    // What a re-serialisation would change: spacing, escapes, integers beyond 2^53.
    const raw =
      '{ "seed": 12345678901234567890, "messages": [{"role":"user","content":"caf\\u00e9 ] \\" tools"}],\n' +
      '  "tools" : [ {"name":"get_weather","input_schema":{}} ] , "x": 1.50 }';
    const body = JSON.parse(raw) as Record<string, unknown>;
    const out = injectDecoys('anthropic.messages', Buffer.from(raw), body, decoys).toString();
    const cut = raw.indexOf('} ] ,') + 2;
    expect(out.startsWith(raw.slice(0, cut))).toBe(true);
    expect(out.endsWith(raw.slice(cut))).toBe(true);
    const tools = (JSON.parse(out) as { tools: { name: string }[] }).tools.map((t) => t.name);
    expect(tools).toEqual(['get_weather', ...decoys.map((d) => d.name)]);
  });

  it('re-serialises a body whose tools it cannot find in the bytes (a repeated key)', () => {
    const raw = '{"tools":[],"tools":[{"name":"get_weather"}]}';
    const body = JSON.parse(raw) as Record<string, unknown>;
    const out = JSON.parse(
      injectDecoys('anthropic.messages', Buffer.from(raw), body, decoys).toString(),
    ) as {
      tools: unknown[];
    };
    expect(out.tools).toHaveLength(3);
  });
});

describe('topLevelArrayEnd', () => {
  it('finds the top-level array, whatever surrounds it (property)', () => {
    const json = fc.jsonValue({ maxDepth: 3 });
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string().filter((k) => k !== 'tools'),
          json,
          { maxKeys: 4 },
        ),
        fc.array(json, { minLength: 1, maxLength: 3 }),
        fc.nat(4),
        fc.constantFrom(undefined, 1, '\t'),
        (others, tools, position, indent) => {
          const entries = Object.entries(others);
          entries.splice(Math.min(position, entries.length), 0, ['tools', tools]);
          // __proto__ is an ordinary key to JSON.parse; build the text from the entries.
          const text = JSON.stringify(Object.fromEntries(entries), null, indent);
          const bytes = Buffer.from(text);
          const end = topLevelArrayEnd(bytes, 'tools');
          expect(end).toBeDefined();
          const spliced = `${bytes.subarray(0, end).toString()},"added"${bytes.subarray(end).toString()}`;
          // (Compared as JSON sees it: -0 is written as 0.)
          const expected = [...(JSON.parse(JSON.stringify(tools)) as unknown[]), 'added'];
          expect((JSON.parse(spliced) as { tools: unknown[] }).tools).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives up on what it cannot be sure of', () => {
    for (const text of [
      '{"tools":{}}',
      '{"a":[1,{"tools":[1]}]}',
      '{"tools":[1],"tools":[2]}',
      '[1]',
      '{"tools":[1]',
      '{"tools":[1]} x',
    ])
      expect(topLevelArrayEnd(Buffer.from(text), 'tools'), text).toBeUndefined();
    expect(topLevelArrayEnd(Buffer.from('{"a":"]\\\\","tools":[1]}'), 'tools')).toBe(21);
    expect(topLevelArrayEnd(Buffer.from('{"too\\u006cs":[1]}'), 'tools')).toBe(16);
  });
});
