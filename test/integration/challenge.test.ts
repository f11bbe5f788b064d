/**
 * Verification challenges end to end: a challenge rule answers 403 with its own error type and the
 * verification URL (PermissionDeniedError in both SDKs), the account then continues at the
 * challenge tier — where that tier's limits apply — until an operator's label marks it verified.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { startHarness, type Harness } from '../helpers/harness.ts';

const URL = 'https://verify.example.com/start';

describe('challenge through the proxy', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({
      config: {
        policy: {
          challenge: { url: URL, tier: 'free' },
          limits: [
            {
              id: 'free-tier',
              scope: 'account',
              when: { account: { tier: ['free'] } },
              requests: { limit: 2, per: '1h' },
            },
          ],
          rules: [{ id: 'verify-first', when: { model: ['mock-challenge'] }, action: 'challenge' }],
        },
      },
    });
  });
  afterAll(async () => h.close());

  it('asks for verification with its own error type and the URL, in both SDKs', async () => {
    const openai = new OpenAI({ apiKey: h.keys.alice, baseURL: `${h.url}/v1`, maxRetries: 2 });
    const error = await openai.chat.completions
      .create({ model: 'mock-challenge', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
    const body = (error as InstanceType<typeof OpenAI.PermissionDeniedError>).error as Record<
      string,
      unknown
    >;
    expect(body).toMatchObject({
      type: 'verification_required',
      code: 'DG_ERR_VERIFICATION_REQUIRED',
      verification_url: URL,
    });
    expect(String(body['message'])).toContain(URL);

    const anthropic = new Anthropic({ apiKey: h.keys.bob, baseURL: h.url, maxRetries: 2 });
    await expect(
      anthropic.messages.create({
        model: 'mock-challenge',
        max_tokens: 10,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    ).rejects.toBeInstanceOf(Anthropic.PermissionDeniedError);

    const records = await h.waitForRecords(2);
    expect(records.map((r) => [r.action, r.rule, r.outcome, r.status])).toEqual([
      ['challenge', 'verify-first', 'challenged', 403],
      ['challenge', 'verify-first', 'challenged', 403],
    ]);
  });

  it('lets a challenged account continue at the challenge tier, under its limits', async () => {
    const openai = new OpenAI({ apiKey: h.keys.alice, baseURL: `${h.url}/v1`, maxRetries: 0 });
    const ask = { model: 'mock-other', messages: [{ role: 'user' as const, content: 'hi' }] };
    await openai.chat.completions.create(ask);
    // The challenge rule itself no longer refuses: the account is already challenged.
    await openai.chat.completions.create({ ...ask, model: 'mock-challenge' });
    await expect(openai.chat.completions.create(ask)).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    const records = await h.waitForRecords(5);
    expect(records.slice(2).map((r) => [r.tier, r.status])).toEqual([
      ['free', 200],
      ['free', 200],
      ['free', 429],
    ]);
  });

  it('restores the account once a label marks it verified', async () => {
    const config = parse(await readFile(h.configFile, 'utf8')) as {
      accounts: { overrides: unknown[] };
    };
    config.accounts.overrides.push({
      account: 'acct_alice',
      labels: ['verified'],
      reason: 'KYC done',
    });
    await writeFile(h.configFile, stringify(config));
    expect((await h.app.reload()).ok).toBe(true);
    const openai = new OpenAI({ apiKey: h.keys.alice, baseURL: `${h.url}/v1`, maxRetries: 0 });
    for (const model of ['mock-other', 'mock-other', 'mock-challenge']) {
      const answer = await openai.chat.completions.create({
        model,
        messages: [{ role: 'user', content: 'hi' }],
      });
      expect(answer.choices[0]?.message.content).toBeTruthy();
    }
    const records = await h.waitForRecords(8);
    expect(records.slice(5).map((r) => r.tier)).toEqual(['standard', 'standard', 'standard']);
  });
});
