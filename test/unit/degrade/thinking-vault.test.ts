import { describe, expect, it } from 'vitest';
import {
  MAX_RESTORED,
  mayHoldStandIns,
  restoreThinking,
  type RestoredThinking,
} from '../../../src/degrade/restore-thinking.ts';
import {
  MemoryThinkingVault,
  STAND_IN_PREFIX,
  vaultStandIns,
  type ThinkingVault,
} from '../../../src/degrade/thinking-vault.ts';

const block = (text: string) =>
  JSON.stringify({ type: 'thinking', thinking: text, signature: 'sig' });

describe('thinking vault', () => {
  it('issues unguessable, distinct tokens with the stand-in prefix', () => {
    const vault = new MemoryThinkingVault(1000);
    const tokens = new Set(Array.from({ length: 1000 }, () => vault.newToken()));
    expect(tokens.size).toBe(1000);
    for (const token of tokens) expect(token).toMatch(/^dgth1_[A-Za-z0-9_-]{22}$/);
  });

  it('gives a block back only to the account it was kept for, until it expires', () => {
    const vault = new MemoryThinkingVault(1000);
    vault.put('t1', 'acct_a', block('a'), 100);
    expect(vault.get('t1', 'acct_b', 50)).toBeUndefined();
    expect(vault.get('t1', 'acct_a', 50)).toBe(block('a'));
    expect(vault.get('t1', 'acct_a', 100)).toBeUndefined();
    expect(vault.size()).toBe(0);
  });

  it('stays within its size, dropping the least recently used first', () => {
    const size = block('x').length;
    const vault = new MemoryThinkingVault(size * 3);
    for (const token of ['t1', 't2', 't3']) vault.put(token, 'a', block('x'), 1e12);
    expect(vault.get('t1', 'a', 0)).toBeDefined(); // t1 is now the most recently used
    vault.put('t4', 'a', block('x'), 1e12);
    expect(vault.size()).toBe(3);
    expect(vault.get('t2', 'a', 0)).toBeUndefined();
    expect(vault.get('t1', 'a', 0)).toBeDefined();
    // A block larger than the whole vault is never held (its stand-in will simply miss).
    vault.put('huge', 'a', block('y'.repeat(size * 4)), 1e12);
    expect(vault.get('huge', 'a', 0)).toBeUndefined();
    expect(vault.size()).toBe(3);
  });
});

/** restoreThinking over a memory vault: always synchronous (no promise on the memory path). */
function restoreNow(
  body: Record<string, unknown>,
  account: string,
  vault: ThinkingVault,
  now: number,
): RestoredThinking {
  const result = restoreThinking(body, account, vault, now);
  if (result instanceof Promise) throw new Error('a memory vault answered with a promise');
  return result;
}

describe('restoreThinking', () => {
  const vault = new MemoryThinkingVault(1 << 20);
  const standIns = vaultStandIns(vault, 'acct_a', 1e12);
  const original = { type: 'thinking', thinking: 'private chain', signature: 'EqQBCgIYAh' };
  const token = standIns.token();
  standIns.keep(token, JSON.stringify(original));
  const body = () => ({
    model: 'm',
    messages: [
      { role: 'user', content: 'q' },
      {
        role: 'assistant',
        content: [
          { type: 'redacted_thinking', data: token },
          { type: 'tool_use', id: 'tu1', name: 'f', input: {} },
        ],
      },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'tu1', content: 'r' }] },
    ],
  });

  it('puts the original block back in place of its stand-in', () => {
    const input = body();
    expect(mayHoldStandIns(Buffer.from(JSON.stringify(input)))).toBe(true);
    const result = restoreNow(input, 'acct_a', vault, 0);
    expect(result).toMatchObject({ restored: 1, missing: 0 });
    const assistant = (result.body['messages'] as { content: unknown[] }[])[1];
    expect(assistant?.content).toEqual([original, input.messages[1]?.content[1]]);
    expect(input.messages[1]?.content[0]).toEqual({ type: 'redacted_thinking', data: token });
  });

  it('removes a stand-in it cannot restore (another account, or unknown) and counts it', () => {
    const result = restoreNow(body(), 'acct_b', vault, 0);
    expect(result).toMatchObject({ restored: 0, missing: 1 });
    const assistant = (result.body['messages'] as { content: { type: string }[] }[])[1];
    expect(assistant?.content.map((b) => b.type)).toEqual(['tool_use']);
  });

  it('leaves bodies without stand-ins alone, including real redacted_thinking blocks', () => {
    const real = {
      messages: [{ role: 'assistant', content: [{ type: 'redacted_thinking', data: 'EmwKAhgB' }] }],
    };
    expect(restoreNow(real, 'acct_a', vault, 0).body).toBe(real);
    expect(mayHoldStandIns(Buffer.from(JSON.stringify(real)))).toBe(false);
    for (const odd of [{}, { messages: 'x' }, { messages: [null, 3, { role: 'assistant' }] }])
      expect(restoreNow(odd, 'acct_a', vault, 0).body).toBe(odd);
    expect(STAND_IN_PREFIX).toBe('dgth1_');
  });

  it(`restores the last ${MAX_RESTORED} stand-ins of a request, removes earlier ones, counted apart`, () => {
    const many = new MemoryThinkingVault(1 << 20);
    const issued = vaultStandIns(many, 'acct_a', 1e12);
    const turns = MAX_RESTORED + 36;
    const messages = Array.from({ length: turns }, (_, i) => {
      const data = issued.token();
      issued.keep(data, JSON.stringify({ ...original, thinking: `turn ${i}` }));
      return {
        role: 'assistant',
        content: [
          { type: 'redacted_thinking', data },
          { type: 'text', text: `answer ${i}` },
        ],
      };
    });
    // An unknown stand-in among the last ones is a miss, as always.
    messages[turns - 1]?.content.unshift({ type: 'redacted_thinking', data: 'dgth1_unknown' });
    const result = restoreNow({ messages }, 'acct_a', many, 0);
    expect(result).toMatchObject({ restored: MAX_RESTORED - 1, missing: 1, beyondCap: 37 });
    const out = result.body['messages'] as { content: { type: string; thinking?: string }[] }[];
    expect(out[0]?.content).toEqual([{ type: 'text', text: 'answer 0' }]);
    // 101 stand-ins: the first 37 (turns 0–36) go unread; turn 37 is the first restored.
    expect(out[36]?.content).toEqual([{ type: 'text', text: 'answer 36' }]);
    expect(out[37]?.content[0]?.thinking).toBe('turn 37');
    expect(out[turns - 1]?.content.map((b) => b.thinking ?? b.type)).toEqual([
      `turn ${turns - 1}`,
      'text',
    ]);
    expect(out.flatMap((m) => m.content).some((b) => b.type === 'redacted_thinking')).toBe(false);
  });

  it('awaits a vault that answers with promises, keeping every block in its place', async () => {
    // A shared vault: some blocks held locally (at once), others fetched (a promise), one missing.
    const kept = new Map([
      ['dgth1_local', JSON.stringify({ ...original, thinking: 'local' })],
      ['dgth1_remote', JSON.stringify({ ...original, thinking: 'remote' })],
    ]);
    const shared: ThinkingVault = {
      newToken: () => 'dgth1_x',
      put: () => undefined,
      size: () => kept.size,
      get: (token) =>
        token === 'dgth1_local' ? kept.get(token) : Promise.resolve(kept.get(token)),
      getMany: (tokens) => Promise.resolve(tokens.map((token) => kept.get(token))),
    };
    const standIn = (data: string) => ({ type: 'redacted_thinking', data });
    const input = {
      messages: [
        { role: 'assistant', content: [standIn('dgth1_remote'), { type: 'text', text: 'a' }] },
        { role: 'user', content: 'q' },
        { role: 'assistant', content: [standIn('dgth1_gone'), standIn('dgth1_local')] },
      ],
    };
    const pending = restoreThinking(input, 'acct_a', shared, 0);
    expect(pending).toBeInstanceOf(Promise);
    const result = await pending;
    expect(result).toMatchObject({ restored: 2, missing: 1 });
    const messages = result.body['messages'] as { content: unknown }[];
    expect(messages[0]?.content).toEqual([
      { ...original, thinking: 'remote' },
      { type: 'text', text: 'a' },
    ]);
    expect(messages[1]).toBe(input.messages[1]);
    expect(messages[2]?.content).toEqual([{ ...original, thinking: 'local' }]);
  });
});
