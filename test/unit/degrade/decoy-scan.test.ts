import { describe, expect, it } from 'vitest';
import { createDecoyNamer } from '../../../src/degrade/decoy-names.ts';
import { DecoyRegistry, findDecoyName, toolNamesIn } from '../../../src/degrade/decoy-scan.ts';

const WEEK = 7 * 24 * 3_600_000;
const AT = 1_800_000_000_000;
const namer = createDecoyNamer('decoy-secret-for-unit-tests-0123456789', WEEK, 2);

function scan(account: string, body: Record<string, unknown>, registry = new DecoyRegistry(10)) {
  const raw = Buffer.from(JSON.stringify(body));
  return findDecoyName(namer, registry, account, AT, raw, 'anthropic.messages', body);
}

describe('decoy names in requests', () => {
  const [mine] = namer.tools('acct_a', AT).map((tool) => tool.name);
  const [before] = namer.recentNames('acct_a', AT).slice(2);

  it('finds the account’s own names anywhere in the body, this period or the last', () => {
    const text = (words: string) => ({
      messages: [{ role: 'assistant', content: [{ type: 'text', text: words }] }],
    });
    expect(scan('acct_a', text(`I will call ${mine ?? ''} now`))).toBe('acct_a');
    expect(scan('acct_a', text(`earlier: ${before ?? ''}`))).toBe('acct_a');
    expect(scan('acct_a', text('nothing to see'))).toBeNull();
    expect(scan('acct_b', text(`I will call ${mine ?? ''} now`))).toBeNull();
  });

  it('finds another account’s served names in declared tools and in tool calls', () => {
    const registry = new DecoyRegistry(10);
    registry.remember([mine ?? ''], 'acct_a');
    expect(scan('acct_b', { tools: [{ name: mine }] }, registry)).toBe('acct_a');
    const history = {
      messages: [
        { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: mine, input: {} }] },
      ],
    };
    expect(scan('acct_b', history, registry)).toBe('acct_a');
    expect(scan('acct_b', { tools: [{ name: 'get_weather' }] }, registry)).toBeNull();
  });

  it('reads tool names in every route’s shapes', () => {
    expect(
      toolNamesIn('openai.chat_completions', {
        tools: [{ type: 'function', function: { name: 'a' } }],
        messages: [
          { role: 'assistant', tool_calls: [{ id: 'c', function: { name: 'b' } }] },
          'junk',
        ],
      }),
    ).toEqual(['a', 'b']);
    expect(
      toolNamesIn('openai.responses', {
        tools: [{ type: 'function', name: 'a' }],
        input: [{ type: 'function_call', name: 'b' }, { type: 'message' }],
      }),
    ).toEqual(['a', 'b']);
  });

  it('remembers a bounded number of names, the oldest forgotten first', () => {
    const registry = new DecoyRegistry(3);
    registry.remember(['n1', 'n2'], 'acct_a');
    registry.remember(['n3', 'n4'], 'acct_b');
    expect(registry.size).toBe(3);
    expect(registry.accountOf('n1')).toBeUndefined();
    expect(registry.accountOf('n4')).toBe('acct_b');
    registry.remember(['n2'], 'acct_c');
    registry.remember(['n5'], 'acct_c');
    expect(registry.accountOf('n2')).toBe('acct_c');
    expect(registry.accountOf('n3')).toBeUndefined();
  });
});
