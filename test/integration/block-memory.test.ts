/**
 * Remembered blocks through the proxy: a block rule with `remember.account` blocks the account's
 * later requests whatever they are (reason remembered_account), leaves other accounts alone, and
 * yields to an operator's allow override; a block also cuts the streams the account has open.
 */
import Anthropic from '@anthropic-ai/sdk';
import { readFile, writeFile } from 'node:fs/promises';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { startHarness, type Harness } from '../helpers/harness.ts';

describe('remembered blocks through the proxy', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({
      mock: { eventDelayMs: 40, words: 40 },
      config: {
        policy: {
          rules: [
            {
              id: 'banned-model',
              when: { model: ['mock-banned'] },
              action: 'block',
              remember: { account: '1h' },
            },
          ],
        },
      },
    });
  });
  afterAll(async () => h.close());

  async function status(key: string, model: string): Promise<number> {
    const res = await request(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
    });
    await res.body.dump();
    return res.statusCode;
  }

  it("blocks the account's later requests, not other accounts'", async () => {
    expect(await status(h.keys.alice, 'mock-ok')).toBe(200);
    expect(await status(h.keys.alice, 'mock-banned')).toBe(403);
    expect(await status(h.keys.alice, 'mock-ok')).toBe(403);
    expect(await status(h.keys.bob, 'mock-ok')).toBe(200);
    const records = await h.waitForRecords(4);
    expect(records.map((r) => [r.account, r.rule, r.reason, r.status])).toEqual([
      ['acct_alice', null, 'default', 200],
      ['acct_alice', 'banned-model', 'policy_rule', 403],
      ['acct_alice', 'banned-model', 'remembered_account', 403],
      ['acct_bob', null, 'default', 200],
    ]);
  });

  it('cuts the streams an account has open when one of its requests is blocked', async () => {
    const anthropic = new Anthropic({ apiKey: h.keys.bob, baseURL: h.url, maxRetries: 0 });
    const stream = anthropic.messages.stream({
      model: 'mock-ok',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'tell me a long story' }],
    });
    let text = '';
    stream.on('text', (delta) => {
      text += delta;
    });
    const finished = stream.finalMessage().then(
      () => 'completed',
      (error: unknown) => error,
    );
    await new Promise((resolve) => setTimeout(resolve, 300)); // the stream is under way
    expect(await status(h.keys.bob, 'mock-banned')).toBe(403);
    const error = await finished;
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as Error).message).toContain('DG_ERR_BLOCKED');
    expect(text.length).toBeGreaterThan(0);
    const records = await h.records();
    const cut = records.find((r) => r.account === 'acct_bob' && r.outcome === 'cut');
    expect(cut).toMatchObject({ error: 'DG_ERR_BLOCKED', detail: 'account_blocked', status: 200 });
  });

  it("yields to an operator's allow override", async () => {
    const config = parse(await readFile(h.configFile, 'utf8')) as {
      accounts: { overrides: unknown[] };
    };
    config.accounts.overrides.push({
      account: 'acct_alice',
      action: 'allow',
      reason: 'appeal upheld',
    });
    await writeFile(h.configFile, stringify(config));
    expect((await h.app.reload()).ok).toBe(true);
    expect(await status(h.keys.alice, 'mock-ok')).toBe(200);
  });
});
