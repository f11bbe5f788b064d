import { describe, expect, it } from 'vitest';
import { DecoyRegistry, findDecoyName, toolNamesIn } from '../../../src/degrade/decoy-scan.ts';

const MINE = 'fetch_shipment_4k2q';
const OLDER = 'lookup_invoice_0z9a';

function scan(account: string, body: Record<string, unknown>, registry: DecoyRegistry) {
  const raw = Buffer.from(JSON.stringify(body));
  return findDecoyName(registry, account, raw, 'anthropic.messages', body);
}

const text = (words: string) => ({
  messages: [{ role: 'assistant', content: [{ type: 'text', text: words }] }],
});

describe('decoy names in requests', () => {
  const registry = new DecoyRegistry(10);
  registry.remember([OLDER], 'acct_a');
  registry.remember([MINE], 'acct_a');

  it('finds an account’s own served names anywhere in the body, text included', () => {
    expect(scan('acct_a', text(`I will call ${MINE} now`), registry)).toBe('acct_a');
    expect(scan('acct_a', text(`earlier: ${OLDER}`), registry)).toBe('acct_a');
    expect(scan('acct_a', text('nothing to see'), registry)).toBeNull();
    // Another account's text is not searched for every served name (see decoy-scan.ts)…
    expect(scan('acct_b', text(`I will call ${MINE} now`), registry)).toBeNull();
    // …and nothing is searched before this process served a decoy.
    expect(scan('acct_a', text(`I will call ${MINE} now`), new DecoyRegistry(10))).toBeNull();
  });

  it('finds another account’s served names in declared tools and in tool calls', () => {
    expect(scan('acct_b', { tools: [{ name: MINE }] }, registry)).toBe('acct_a');
    const history = {
      messages: [
        { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: OLDER, input: {} }] },
      ],
    };
    expect(scan('acct_b', history, registry)).toBe('acct_a');
    expect(scan('acct_b', { tools: [{ name: 'get_weather' }] }, registry)).toBeNull();
  });

  it('reads tool names in every route’s shapes', () => {
    expect(
      toolNamesIn('openai.chat_completions', {
        tools: [{ type: 'function', function: { name: 'a' } }],
        messages: [{ role: 'assistant', tool_calls: [{ id: 'c', function: { name: 'b' } }] }, 'x'],
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
    const small = new DecoyRegistry(3);
    small.remember(['n1', 'n2'], 'acct_a');
    small.remember(['n3', 'n4'], 'acct_b');
    expect(small.size).toBe(3);
    expect(small.accountOf('n1')).toBeUndefined();
    expect(small.namesOf('acct_a')).toEqual(['n2']);
    small.remember(['n2'], 'acct_a'); // served again: the newest now
    small.remember(['n5'], 'acct_c');
    expect(small.accountOf('n2')).toBe('acct_a');
    expect(small.accountOf('n3')).toBeUndefined();
    expect(small.namesOf('acct_b')).toEqual(['n4']);
    small.remember(['n6', 'n7'], 'acct_c');
    expect(small.namesOf('acct_a')).toEqual([]);
    expect(small.namesOf('acct_c')).toEqual(['n5', 'n6', 'n7']);
  });

  it('keeps at most 16 names per account for the text search', () => {
    const big = new DecoyRegistry(100);
    big.remember(
      Array.from({ length: 20 }, (_, i) => `n${i}`),
      'acct_a',
    );
    expect(big.namesOf('acct_a')).toHaveLength(16);
    expect(big.namesOf('acct_a')[0]).toBe('n4');
  });
});
