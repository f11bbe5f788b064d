/**
 * Remembered blocks through the proxy: a block rule with `remember.account` blocks the account's
 * later requests whatever they are (reason remembered_account), leaves other accounts alone, and
 * yields to an operator's allow override; a block also cuts the streams the account has open.
 * `remember.end_user` blocks one end user of an account by the keyed pseudonym the log records.
 */
import Anthropic from '@anthropic-ai/sdk';
import { readFile, writeFile } from 'node:fs/promises';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { DECISION_RECORD_VERSION as V } from '../../src/decision-log/record.ts';
import { endUserKey, endUserPseudonym } from '../../src/signals/end-user-pseudonym.ts';
import { streamUnderWay } from '../helpers/stream-under-way.ts';
import { startHarness, UPSTREAM_SECRET, type Harness } from '../helpers/harness.ts';

/** A policy blocking model mock-banned, remembering what `remember` says. */
function banningModel(remember: Record<string, string>): Record<string, unknown> {
  return {
    policy: {
      rules: [{ id: 'banned-model', when: { model: ['mock-banned'] }, action: 'block', remember }],
    },
  };
}

describe('remembered blocks through the proxy', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({
      // ~8 s of stream: it is cut long before its end even on a loaded machine.
      mock: { eventDelayMs: 40, words: 200 },
      config: banningModel({ account: '1h' }),
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
    const stream = await streamUnderWay(h.url, h.keys.bob, 'tell me a long story');
    expect(await status(h.keys.bob, 'mock-banned')).toBe(403);
    const error = await stream.finished;
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as Error).message).toContain('DG_ERR_BLOCKED');
    expect(stream.text().length).toBeGreaterThan(0);
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

describe('remembered end users through the proxy', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ config: banningModel({ end_user: '1h' }) });
  });
  afterAll(async () => h.close());

  async function status(model: string, user: string | undefined): Promise<number> {
    const res = await request(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.keys.alice}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model,
        messages: [{ role: 'user', content: 'hi' }],
        ...(user === undefined ? {} : { user }),
      }),
    });
    await res.body.dump();
    return res.statusCode;
  }

  it('logs the keyed pseudonym, never the id, and blocks that end user only', async () => {
    expect(await status('mock-banned', 'mallory@example.com')).toBe(403);
    expect(await status('mock-ok', 'mallory@example.com')).toBe(403);
    expect(await status('mock-ok', 'carol@example.com')).toBe(200);
    expect(await status('mock-ok', undefined)).toBe(200);
    const records = await h.waitForRecords(4);
    // The harness sets no end-user key: derived from the upstream credential.
    const pseudonym = endUserPseudonym(endUserKey(undefined, UPSTREAM_SECRET).key);
    expect(records.map((r) => [r.v, r.end_user, r.reason])).toEqual([
      [V, pseudonym('mallory@example.com'), 'policy_rule'],
      [V, pseudonym('mallory@example.com'), 'remembered_end_user'],
      [V, pseudonym('carol@example.com'), 'default'],
      [V, null, 'default'],
    ]);
    const log = await readFile(h.decisionLogFile, 'utf8');
    expect(log).not.toContain('example.com');
  });
});
