/**
 * Decoy tools end to end: the real proxy in front of a mock upstream whose model calls the tools
 * it is given, read by both official SDKs, streaming and not. The upstream sees the account's
 * decoys next to the real tool; the SDKs parse every answer to completion with the upstream's
 * usage and never see a decoy call — a real call made beside decoys arrives, renumbered. The
 * notice header and the record say so; a decoy name coming back in a request is recorded; the
 * naming secret appears nowhere.
 */
import { readFile } from 'node:fs/promises';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecisionRecord } from '../../src/decision-log/record.ts';
import { decoyStats } from '../../src/degrade/decoy-match.ts';
import { toolName } from '../../src/degrade/decoy-tools.ts';
import { decoyNames } from '../../src/cli/decoy-names.ts';
import { DECOY_SECRET, startHarness, TEST_ENV, type Harness } from '../helpers/harness.ts';

const REAL = 'get_weather';
const WORDS = 24;
const PARAMETERS = { type: 'object' as const, properties: { city: { type: 'string' } } };
/** Answers cut short right after naming a decoy (the request's second tool). */
const BROKEN = new Map([
  [
    'mock-broken-json',
    (decoy: string) => `{"choices":[{"message":{"tool_calls":[{"function":{"name":"${decoy}"`,
  ],
  [
    'mock-broken-sse',
    (decoy: string) =>
      `data: {"choices":[{"delta":{"tool_calls":[{"index":0,"function":{"name":"${decoy}"\n\ndata: [DONE]\n\n`,
  ],
]);
const secondTool = (body: Record<string, unknown>): string =>
  String(toolName((body['tools'] as unknown[] | undefined)?.[1]));

/** What the mock model calls: `mock-decoy` every tool but the real one, `mock-both` all. */
function callsFor(body: Record<string, unknown>): string[] {
  const names = (Array.isArray(body['tools']) ? body['tools'] : []).map(toolName);
  const decoys = names.filter((name): name is string => typeof name === 'string' && name !== REAL);
  if (body['model'] === 'mock-decoy') return decoys;
  // The real call between two decoys: it must come out as call 0.
  const model = String(body['model']);
  if (model.startsWith('mock-both')) return [decoys[0] ?? '', REAL, ...decoys.slice(1)];
  return [];
}

describe('decoy tools through the proxy', () => {
  let h: Harness;
  let records = 0;

  beforeAll(async () => {
    h = await startHarness({
      mock: {
        toolCalls: callsFor,
        fault: (req) => {
          const body = JSON.parse(req.body.toString('utf8') || '{}') as Record<string, unknown>;
          const broken = BROKEN.get(String(body['model']));
          if (broken === undefined) return undefined;
          const type =
            body['model'] === 'mock-broken-sse' ? 'text/event-stream' : 'application/json';
          const headers = { 'content-type': type };
          return { kind: 'status', status: 200, headers, body: broken(secondTool(body)) };
        },
      },
      config: {
        accounts: {
          overrides: ['acct_alice', 'acct_bob'].map((account) => ({
            account,
            labels: ['distiller'],
            reason: 'test: confirmed distiller',
          })),
        },
        policy: {
          degrade_notice: { text: 'appeal: trust@example.com' },
          rules: [
            {
              id: 'decoys-and-strip',
              when: { account: { labels: { any: ['distiller'] } }, model: ['mock-both-strip'] },
              action: 'degrade',
              degrade: { decoy_tools: true, strip_reasoning: true },
            },
            {
              id: 'decoys',
              when: { account: { labels: { any: ['distiller'] } } },
              action: 'degrade',
              degrade: { decoy_tools: { count: 2 } },
            },
          ],
        },
      },
    });
  });
  afterAll(async () => h.close());

  const upstreamBody = (): Record<string, unknown> =>
    JSON.parse(h.mock.requests.at(-1)?.body.toString('utf8') ?? '{}') as Record<string, unknown>;
  const upstreamTools = (): unknown[] => (upstreamBody()['tools'] as unknown[]).map(toolName);

  /** An Anthropic request sent as these very bytes. */
  const postMessage = (key: string, body: string) =>
    request(`${h.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'anthropic-version': '2023-06-01' },
      body,
    });

  /** The decoys the upstream saw beside the tool `name` on an agentic request of `who`. */
  async function decoysOf(who: 'bob' | 'mallory', name = REAL): Promise<string[]> {
    await new Anthropic({ apiKey: h.keys[who], baseURL: h.url, maxRetries: 0 }).messages.create({
      model: 'mock-plain',
      max_tokens: 50,
      tools: [{ name, input_schema: PARAMETERS }],
      messages: [{ role: 'user', content: 'hi' }],
    });
    return upstreamTools().slice(1) as string[];
  }

  async function lastRecord(): Promise<DecisionRecord> {
    records++;
    const all = await h.waitForRecords(records);
    expect(all).toHaveLength(records);
    return all.at(-1) as DecisionRecord;
  }

  /** The upstream was offered the real tool and two decoys, and called both decoys. */
  async function expectIntercepted(): Promise<void> {
    const tools = upstreamTools();
    expect(tools).toHaveLength(3);
    expect(tools[0]).toBe(REAL);
    const record = await lastRecord();
    expect(record.degraded).toEqual(['decoy_tools']);
    expect(record.decoys).toEqual({ injected: 2, intercepted: 2, seen: null });
    expect(record.tokens_out).toBe(WORDS);
  }

  for (const stream of [false, true]) {
    const mode = stream ? 'streaming' : 'not streaming';

    it(`Anthropic SDK, ${mode}: decoy calls never arrive, a real one does`, async () => {
      const anthropic = new Anthropic({ apiKey: h.keys.bob, baseURL: h.url, maxRetries: 0 });
      for (const model of ['mock-decoy', 'mock-both']) {
        const params = {
          model,
          max_tokens: 200,
          tools: [{ name: REAL, description: 'Weather.', input_schema: PARAMETERS }],
          messages: [{ role: 'user' as const, content: 'weather in Paris?' }],
        };
        const message = stream
          ? await anthropic.messages.stream(params).finalMessage()
          : await anthropic.messages.create(params);
        const calls = message.content.filter((block) => block.type === 'tool_use');
        expect(message.usage.output_tokens).toBe(WORDS);
        expect(message.content[0]?.type).toBe('text');
        if (model === 'mock-decoy') {
          expect(calls).toEqual([]);
          expect(message.stop_reason).toBe('end_turn');
        } else {
          expect(calls.map((call) => call.name)).toEqual([REAL]);
          expect(calls[0]?.input).toEqual({ id: '2', detail: 'full' });
          expect(message.stop_reason).toBe('tool_use');
        }
        await expectIntercepted();
      }
    });

    it(`OpenAI SDK chat, ${mode}: decoy calls never arrive, a real one does`, async () => {
      const openai = new OpenAI({ apiKey: h.keys.alice, baseURL: `${h.url}/v1`, maxRetries: 0 });
      for (const model of ['mock-decoy', 'mock-both']) {
        const params = {
          model,
          tools: [{ type: 'function' as const, function: { name: REAL, parameters: PARAMETERS } }],
          messages: [{ role: 'user' as const, content: 'weather in Paris?' }],
        };
        const completion = stream
          ? await openai.chat.completions
              .stream({ ...params, stream_options: { include_usage: true } })
              .finalChatCompletion()
          : await openai.chat.completions.create(params);
        const choice = completion.choices[0];
        expect(completion.usage?.completion_tokens).toBe(WORDS);
        expect(choice?.message.content).toBeTruthy();
        const calls = choice?.message.tool_calls ?? [];
        if (model === 'mock-decoy') {
          expect(calls).toEqual([]);
          expect(choice?.finish_reason).toBe('stop');
        } else {
          expect(calls.map((call) => (call.type === 'function' ? call.function.name : ''))).toEqual(
            [REAL],
          );
          const [call] = calls;
          expect(call?.type === 'function' ? JSON.parse(call.function.arguments) : {}).toEqual({
            id: '2',
            detail: 'full',
          });
          expect(choice?.finish_reason).toBe('tool_calls');
        }
        await expectIntercepted();
      }
    });

    it(`OpenAI SDK responses, ${mode}: decoy calls never arrive, a real one does`, async () => {
      const openai = new OpenAI({ apiKey: h.keys.alice, baseURL: `${h.url}/v1`, maxRetries: 0 });
      for (const model of ['mock-decoy', 'mock-both']) {
        const params = {
          model,
          input: 'weather in Paris?',
          tools: [{ type: 'function' as const, name: REAL, parameters: PARAMETERS, strict: false }],
        };
        const response = stream
          ? await openai.responses.stream(params).finalResponse()
          : await openai.responses.create(params);
        expect(response.usage?.output_tokens).toBe(WORDS);
        expect(response.output_text.length).toBeGreaterThan(0);
        const calls = response.output.flatMap((item) =>
          item.type === 'function_call' ? [item.name] : [],
        );
        expect(calls).toEqual(model === 'mock-decoy' ? [] : [REAL]);
        await expectIntercepted();
      }
    });
  }

  it('strips reasoning and intercepts decoys in the same stream', async () => {
    const openai = new OpenAI({ apiKey: h.keys.alice, baseURL: `${h.url}/v1`, maxRetries: 0 });
    const stream = openai.chat.completions.stream({
      model: 'mock-both-strip',
      reasoning_effort: 'high',
      stream_options: { include_usage: true },
      tools: [{ type: 'function', function: { name: REAL, parameters: PARAMETERS } }],
      messages: [{ role: 'user', content: 'weather in Paris?' }],
    });
    const completion = await stream.finalChatCompletion();
    const message = completion.choices[0]?.message;
    expect(message).not.toHaveProperty('reasoning_content');
    expect(
      message?.tool_calls?.map((call) => (call.type === 'function' ? call.function.name : '')),
    ).toEqual([REAL]);
    expect(completion.usage?.completion_tokens).toBe(WORDS + 16);
    const record = await lastRecord();
    expect(record.degraded).toEqual(['strip_reasoning', 'decoy_tools']);
    expect(record.decoys).toEqual({ injected: 2, intercepted: 2, seen: null });
  });

  it('passes a malformed upstream answer through unchanged', async () => {
    const unparsed = decoyStats.unparsed;
    for (const [model, broken] of BROKEN) {
      const res = await request(`${h.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${h.keys.alice}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          model,
          tools: [{ type: 'function', function: { name: REAL, parameters: PARAMETERS } }],
          messages: [{ role: 'user', content: 'hi' }],
        }),
      });
      expect(res.statusCode).toBe(200);
      expect(await res.body.text()).toBe(broken(secondTool(upstreamBody())));
      expect((await lastRecord()).decoys).toMatchObject({ injected: 2, intercepted: 0 });
    }
    expect(decoyStats.unparsed).toBe(unparsed + 2); // looked at, did not parse, left alone
  });

  it('names decoy_tools in the notice header', async () => {
    const openai = new OpenAI({ apiKey: h.keys.alice, baseURL: `${h.url}/v1`, maxRetries: 0 });
    const { response } = await openai.chat.completions
      .create({
        model: 'mock-decoy',
        tools: [{ type: 'function', function: { name: REAL, parameters: PARAMETERS } }],
        messages: [{ role: 'user', content: 'hi' }],
      })
      .withResponse();
    expect(response.headers.get('x-distillguard-degraded')).toBe(
      'decoy_tools; appeal: trust@example.com',
    );
    await lastRecord();
  });

  it('forwards a request without tools, or with a forced choice, byte for byte', async () => {
    for (const body of [
      '{"model":"mock-plain", "max_tokens": 50,"messages":[{"role":"user","content":"hi"}]}',
      `{"model":"mock-plain","max_tokens":50,"tool_choice":{"type":"tool","name":"${REAL}"},` +
        `"tools":[{"name":"${REAL}","input_schema":{}}],"messages":[{"role":"user","content":"hi"}]}`,
    ]) {
      const res = await postMessage(h.keys.bob, body);
      await res.body.dump();
      expect(res.statusCode).toBe(200);
      expect(h.mock.requests.at(-1)?.body.toString('utf8')).toBe(body);
      // The rule matched (and says so), but had nothing to add.
      expect(res.headers['x-distillguard-degraded']).toBe('; appeal: trust@example.com');
      const record = await lastRecord();
      expect(record).toMatchObject({ rule: 'decoys', degraded: [], decoys: null });
    }
  });

  it('records a decoy name that comes back: the account’s own, or another’s', async () => {
    const bobs = await decoysOf('bob');
    await lastRecord();
    const echo = (key: string) =>
      postMessage(
        key,
        JSON.stringify({
          model: 'mock-plain',
          max_tokens: 50,
          messages: [
            { role: 'user', content: 'hi' },
            { role: 'assistant', content: `I could use ${bobs[0] ?? ''} for that.` },
            { role: 'user', content: 'go on' },
          ],
        }),
      ).then((res) => res.body.dump());
    await echo(h.keys.bob);
    expect((await lastRecord()).decoys).toEqual({ injected: 0, intercepted: 0, seen: 'acct_bob' });
    // Mallory (no decoy rule applies to her) declares one of Bob's decoys as her own tool.
    await decoysOf('mallory', bobs[1]);
    const record = await lastRecord();
    expect(record).toMatchObject({ account: 'acct_mallory', action: 'allow', degraded: null });
    expect(record.decoys).toEqual({ injected: 0, intercepted: 0, seen: 'acct_bob' });
    await echo(h.keys.mallory);
    expect((await lastRecord()).decoys).toBeNull(); // her own text search knows only her names
  });

  it('traces a served name back to its account with the CLI', async () => {
    const served = await decoysOf('bob');
    await lastRecord();
    const lines: string[] = [];
    const errors: string[] = [];
    const run = (options: Parameters<typeof decoyNames>[0]) =>
      decoyNames(
        { config: h.configFile, ...options },
        TEST_ENV,
        (l) => lines.push(l),
        (l) => errors.push(l),
      );
    expect(await run({ account: 'acct_bob' })).toBe(0);
    const listed = lines.slice(1).map((line) => line.trim().split('\t')[0]);
    expect(listed.slice(0, 2)).toEqual(served);
    lines.length = 0;
    expect(await run({ find: served[1] ?? '' })).toBe(0);
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^${served[1] ?? ''}: account acct_bob, period `)),
    ]);
    lines.length = 0;
    expect(await run({ find: 'fetch_invoice_zzzz' })).toBe(1);
    expect(lines[0]).toMatch(/served to none of 4 accounts/);
    expect(
      await decoyNames(
        { config: h.configFile, account: 'a' },
        {},
        () => undefined,
        (l) => errors.push(l),
      ),
    ).toBe(1);
    expect(errors).toEqual([
      'decoy-names: environment variable DISTILLGUARD_DECOY_SECRET must hold the naming secret',
    ]);
  });

  it('never writes the naming secret anywhere', async () => {
    await h.app.decisionLog.flush();
    expect(await readFile(h.decisionLogFile, 'utf8')).not.toContain(DECOY_SECRET);
    expect(JSON.stringify(h.app.config())).not.toContain(DECOY_SECRET);
  });
});
