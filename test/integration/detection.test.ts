/**
 * Detection end to end through the real proxy, with the official SDKs: a small hydra (young
 * accounts, one template with varying fill-ins, harvesting parameters, round-robin) is blocked by
 * cluster once its template is linked across accounts, a rotated fresh account meets the flagged
 * template on its first request, a legitimate account is left alone, and hostile bodies are still
 * scored and logged.
 */
import { DEFAULT_RULES } from '../../src/policy/default-rules.ts';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { writeKeyFile, type KeyFileInput } from '../../src/auth/key-file.ts';
import { startHarness, type Harness } from '../helpers/harness.ts';
import { harvestPrompt, hydraKeys } from '../helpers/hydra.ts';

const MODEL = 'mock-large';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('detection through the proxy', () => {
  let h: Harness;
  const hydra: string[] = [];

  beforeAll(async () => {
    h = await startHarness({
      config: {
        detection: {
          window: '60s',
          refresh_interval: '25ms',
          models: [{ name: MODEL, max_output_tokens: 4096 }],
        },
        policy: { rules: [...DEFAULT_RULES] },
        // The 10 MB prompts below reach extraction rather than the 413 of the harness's 1 MiB.
        limits: { max_body_bytes: '16MiB' },
      },
    });
    // 31 young, unverified accounts: 30 for the hydra and one held back as its replacement.
    const existing = parse(await readFile(h.keyFile, 'utf8')) as { keys: KeyFileInput[] };
    const { keys, entries: added } = hydraKeys(31);
    hydra.push(...keys);
    await writeKeyFile(h.keyFile, [...existing.keys, ...added]);
    const status = await h.app.reload();
    expect(status.ok).toBe(true);
  });

  afterAll(async () => {
    await h.close();
  });

  const client = (key: string) =>
    new OpenAI({ apiKey: key, baseURL: `${h.url}/v1`, maxRetries: 0 });

  async function harvest(key: string, index: number): Promise<'ok' | 'blocked'> {
    try {
      await client(key).chat.completions.create({
        model: MODEL,
        max_completion_tokens: 4096,
        messages: [{ role: 'user', content: harvestPrompt(index) }],
      });
      return 'ok';
    } catch (error) {
      expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
      expect((error as InstanceType<typeof OpenAI.PermissionDeniedError>).code).toBe(
        'DG_ERR_BLOCKED',
      );
      return 'blocked';
    }
  }

  it('blocks a round-robin hydra by cluster, and its replacement on its first request', async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 30; i++) outcomes.push(await harvest(hydra[i] ?? '', round * 30 + i));
      await pause(100); // let the cluster batch run (refresh_interval 25ms)
    }
    const lastRound = outcomes.slice(90);
    expect(lastRound.filter((outcome) => outcome === 'blocked').length).toBeGreaterThanOrEqual(27);
    // A fresh account re-sending the campaign's template is blocked at once.
    expect(await harvest(hydra[30] ?? '', 999)).toBe('blocked');

    const records = await h.records();
    const blocked = records.filter((record) => record.action === 'block');
    expect(blocked.length).toBeGreaterThan(0);
    for (const record of blocked) {
      expect(['risk-block', 'hydra-template']).toContain(record.rule);
      expect(record.score).toBeGreaterThanOrEqual(0.75);
      expect(record.families).toContain('cluster');
      expect(record.families.length).toBeGreaterThanOrEqual(2);
      expect(record.factors.some((factor) => factor.signal.startsWith('cluster.risk.'))).toBe(true);
      // A flagged template for hydra-template; risk-block may also act on a cluster scored
      // provisionally as its accounts joined, before the batch flags it. A remembered template
      // (reason remembered_content) is matched before any rule: its record names the request's
      // strongest link, which can be such a provisional cluster of another of its fingerprints.
      if (record.rule === 'hydra-template' && record.reason === 'risk_score')
        expect(record.cluster).toMatchObject({ flagged: true });
      expect(record.cluster?.id).toMatch(/^cl_[0-9a-f]+$/);
    }
    const replacement = records.find((record) => record.account === 'acct_h30');
    expect(replacement).toMatchObject({ action: 'block', status: 403 });
    // Nothing of the prompt reaches the log.
    expect(JSON.stringify(records)).not.toContain('meticulous tutor');
  });

  it('leaves a customer behind the same address as the hydra alone', async () => {
    const anthropic = new Anthropic({ apiKey: h.keys.alice, baseURL: h.url, maxRetries: 0 });
    const questions = [
      'What is a good name for a grey cat?',
      'Summarise the plot of Hamlet in two sentences.',
      'How do I keep basil alive indoors during winter?',
      'Translate "good morning" into Portuguese.',
      'Which is heavier, a litre of water or a litre of olive oil?',
      'Give me three ideas for a birthday dinner for a vegetarian friend.',
    ];
    for (const question of questions) {
      const message = await anthropic.messages.create({
        model: MODEL,
        max_tokens: 300,
        messages: [{ role: 'user', content: question }],
      });
      expect(message.type).toBe('message');
    }
    const records = (await h.records()).filter((record) => record.account === 'acct_alice');
    expect(records).toHaveLength(questions.length);
    for (const record of records) {
      expect(record.action).toBe('allow');
      expect(record.score).toBeLessThan(0.45);
    }
  });

  it('scores and logs hostile bodies without failing', async () => {
    let nested: unknown = 'deep';
    for (let depth = 0; depth < 2_000; depth++) nested = [{ type: 'text', text: nested }];
    const schema: Record<string, unknown> = {};
    for (let i = 0; i < 5_000; i++) schema[`p${i}`] = { type: 'object', properties: { x: {} } };
    const huge = 'lorem ipsum dolor sit amet '.repeat(400_000);
    // One set of hostile bodies per dialect: only the image block and the tool wrapper differ. A
    // 10 MB prompt in each (only a capped prefix is hashed).
    const hostile = (
      image: Record<string, unknown>,
      tool: (name: unknown, schema: unknown) => Record<string, unknown>,
    ): Record<string, unknown>[] => [
      { model: MODEL, max_tokens: 10, messages: [] },
      { model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: '' }] },
      { model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: nested }] },
      {
        model: MODEL,
        max_tokens: 10,
        messages: [
          {
            role: 'user',
            content: [
              image,
              { type: 'hologram', payload: { x: 1 } },
              { type: 'text', text: '\ud800 lone surrogate \udfff and more' },
            ],
          },
        ],
      },
      {
        model: MODEL,
        max_tokens: 10,
        tools: [
          tool('evil', { type: 'object', properties: schema }),
          tool(42, 'not a schema'),
          null,
        ],
        messages: [{ role: 'user', content: 'hi' }],
      },
      { model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: huge }] },
    ];
    const base64 = 'A'.repeat(200_000);
    const bodies = hostile(
      { type: 'image', source: { type: 'base64', data: base64 } },
      (name, schema) => ({ name, input_schema: schema }),
    );
    const chatBodies = hostile(
      { type: 'image_url', image_url: { url: `data:image/png;base64,${base64}` } },
      (name, schema) => ({ type: 'function', function: { name, parameters: schema } }),
    );
    const before = (await h.records()).length;
    const send = async (path: string, body: unknown): Promise<void> => {
      const res = await fetch(`${h.url}${path}`, {
        method: 'POST',
        headers: {
          'x-api-key': h.keys.bob,
          authorization: `Bearer ${h.keys.bob}`,
          'anthropic-version': '2023-06-01',
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
      });
      await res.arrayBuffer();
      expect(res.status).not.toBe(500);
    };
    for (const body of bodies) await send('/v1/messages', body);
    for (const body of chatBodies) await send('/v1/chat/completions', body);
    // Invalid UTF-8 on the wire is decoded with replacement characters, then scored.
    const invalid = Buffer.concat([
      Buffer.from(`{"model":"${MODEL}","max_tokens":10,"messages":[{"role":"user","content":"`),
      Buffer.from([0xc3, 0x28, 0xff, 0xfe]),
      Buffer.from('"}]}'),
    ]);
    const res = await fetch(`${h.url}/v1/messages`, {
      method: 'POST',
      headers: {
        'x-api-key': h.keys.bob,
        'anthropic-version': '2023-06-01',
        'content-type': 'application/json',
      },
      body: invalid,
    });
    await res.arrayBuffer();
    expect(res.status).not.toBe(500);
    const sent = bodies.length + chatBodies.length + 1;
    const records = await h.waitForRecords(before + sent);
    const mine = records.slice(before);
    expect(mine).toHaveLength(sent);
    expect(mine.filter((record) => record.route === 'openai.chat_completions')).toHaveLength(
      chatBodies.length,
    );
    for (const record of mine) {
      expect(record.account).toBe('acct_bob');
      expect(record.error).toBeNull();
      // Read and scored, not passed over: the body's messages were counted and its signals
      // extracted (a harvest shape is null only when the body was not read).
      expect(typeof record.messages).toBe('number');
      expect(record.harvest_shape).not.toBeNull();
      expect(record.score).toBeGreaterThanOrEqual(0);
      expect(record.score).toBeLessThanOrEqual(1);
    }
    // The 10 MB prompts were read whole (bytes_in) and still scored.
    expect(mine.filter((record) => record.bytes_in > 10_000_000)).toHaveLength(2);
  });
});
