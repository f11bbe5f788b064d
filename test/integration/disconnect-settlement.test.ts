/**
 * A client that disconnects mid-stream has its tokens settled (RELIABILITY.md item 10): the output
 * it was streamed is charged to the account's output bucket and the rest of its reservation goes
 * back — neither the whole reservation kept (as if it had been served in full) nor nearly all of it
 * refunded (an Anthropic stream's message_start reports output_tokens: 1, which is not the answer's
 * usage). The same when the upstream fails mid-stream (a reset after 40 events): the client was
 * sent those events, the rest was never written. Read through the admin API's limit state, in
 * memory and on the shared Redis. Detection and the decision record take the same estimate, not
 * the partial usage: the record's `tokens_out` is what the events carried (about a token a
 * one-word delta, far below the bytes ÷ 4) with `tokens_out_estimated: true`, and detection's
 * settle (a recording scorer in the detector's place) is handed that figure; a stream that reaches
 * its end, or breaks off after its final usage event, keeps the usage it reported.
 */
import { request as httpRequest } from 'node:http';
import { request } from 'undici';
import type { DecisionRecord } from '../../src/decision-log/record.ts';
import { ZERO_SCORE, type Scorer } from '../../src/detection/score.ts';
import type { MockFault, RecordedRequest } from '../../src/mock-upstream/mock-upstream.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient } from '../helpers/admin-client.ts';
import { startHarness, type Harness } from '../helpers/harness.ts';
import { deletePrefix, SHARED_REDIS_URL, testPrefix } from '../helpers/redis-servers.ts';

/** A day-long bucket: it refills ~1 token a second, far below what the assertions tell apart. */
const LIMIT = 100_000;
const MAX_TOKENS = 50_000;
/** Events the client reads before it goes away (the answer has thousands). */
const READ_EVENTS = 40;

interface BucketView {
  readonly limit: string;
  readonly dimension: string;
  readonly remaining: number;
}

/** Both dialects take the same streamed body; only the path differs. */
const routes = {
  openai: '/v1/chat/completions',
  anthropic: '/v1/messages',
} as const;
const streamedBody = (model: string, maxTokens = MAX_TOKENS) => ({
  model,
  stream: true,
  max_tokens: maxTokens,
  // OpenAI reports usage in a stream's last event only when asked.
  stream_options: { include_usage: true },
  messages: [{ role: 'user', content: 'hi' }],
});

/** What detection was handed when each response ended (in the detector's place). */
interface Settled {
  readonly account: string;
  readonly outputTokens: number | undefined;
}
function recordingScorer(settled: Settled[]): Scorer {
  return {
    score: () => ZERO_SCORE,
    settle: (account, usage) =>
      settled.push({ account: account.id, outputTokens: usage.outputTokens }),
  };
}

/**
 * The record of a stream that did not reach its end: its output is the limits' estimate (what its
 * events carried: about one token a one-word delta, far below the reservation), flagged — neither
 * message_start's 1, nor OpenAI's none, nor the whole reservation, nor the bytes ÷ 4 (each event's
 * framing is ~30 times its word) — and detection was handed the same figure.
 */
function expectEstimated(record: DecisionRecord | undefined, events: number, settled: Settled[]) {
  const out = record?.tokens_out ?? 0;
  expect(out).toBeGreaterThanOrEqual(events / 2);
  // The events the upstream sent before it was stopped: those read, and a few in flight.
  expect(out).toBeLessThanOrEqual(events * 3);
  expect(out).toBeLessThan(Math.ceil((record?.bytes_out ?? 0) / 4) / 5);
  expect(settled.at(-1)).toEqual({ account: 'acct_alice', outputTokens: out });
  expect(record?.tokens_out_estimated).toBe(true);
}

/** Requests for a model named `reset-…` are reset by the upstream after READ_EVENTS events. */
function resetFault(request: RecordedRequest): MockFault | undefined {
  if (request.body.includes('"model":"reset-'))
    return { kind: 'reset_mid_stream', afterEvents: READ_EVENTS };
  // After the event with the final usage (message_delta; OpenAI's usage chunk), before the end.
  if (request.body.includes('"model":"resetlast-'))
    return { kind: 'reset_mid_stream', afterEvents: -1 };
  return undefined;
}

/** Streams a request to its end (the proxy's error event, after an upstream reset). */
async function readWhole(
  h: Harness,
  dialect: keyof typeof routes,
  model: string,
  maxTokens = MAX_TOKENS,
  as: 'alice' | 'bob' = 'alice',
): Promise<string[]> {
  const response = await request(`${h.url}${routes[dialect]}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${h.keys[as]}`,
      'x-api-key': h.keys[as],
      'anthropic-version': '2023-06-01',
    },
    body: JSON.stringify(streamedBody(model, maxTokens)),
  });
  expect(response.statusCode).toBe(200);
  const text = await response.body.text();
  return text.split('\n').filter((line) => line.startsWith('data:'));
}

/** Streams a request, reads `events` SSE data lines, then destroys the socket; returns them. */
function readThenDisconnect(
  h: Harness,
  dialect: keyof typeof routes,
  model: string,
): Promise<string[]> {
  const body = JSON.stringify(streamedBody(model));
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${h.url}${routes[dialect]}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        authorization: `Bearer ${h.keys.alice}`,
        'x-api-key': h.keys.alice,
        'anthropic-version': '2023-06-01',
      },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`status ${res.statusCode}`));
        res.resume();
        return;
      }
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        const data = text.split('\n').filter((line) => line.startsWith('data:'));
        if (data.length >= READ_EVENTS) {
          req.destroy();
          resolve(data);
        }
      });
      res.on('end', () => reject(new Error('the stream ended before the client left')));
    });
    req.end(body);
  });
}

function describeStore(store: 'memory' | 'redis'): void {
  describe(`store: ${store}`, () => {
    let h: Harness;
    let prefix = '';
    const settled: Settled[] = [];

    beforeAll(async () => {
      prefix = testPrefix();
      h = await startHarness({
        scorer: recordingScorer(settled),
        // Thousands of one-word deltas: the client always leaves mid-stream.
        mock: { words: 5_000, eventDelayMs: 2, fault: resetFault },
        config: {
          ...(store === 'redis'
            ? {
                store: {
                  type: 'redis',
                  redis: {
                    url: SHARED_REDIS_URL,
                    key_prefix: prefix,
                    command_timeout: '2s',
                    keys: 'file',
                  },
                },
              }
            : {}),
          policy: {
            limits: [
              {
                id: 'out',
                scope: 'account',
                output_tokens: { limit: LIMIT, per: '24h' },
              },
            ],
            rules: [],
          },
        },
      });
    });
    afterAll(async () => {
      await h.close();
      if (store === 'redis') await deletePrefix(SHARED_REDIS_URL, prefix);
    });

    async function outputRemaining(): Promise<number> {
      const admin = adminClient(h);
      const answer = await admin<{ limits: BucketView[] }>('/admin/accounts/acct_alice');
      const bucket = answer.json.limits.find(
        (view) => view.limit === 'out' && view.dimension === 'output_tokens',
      );
      if (bucket === undefined) throw new Error('no output bucket in the account report');
      return bucket.remaining;
    }

    for (const dialect of ['openai', 'anthropic'] as const) {
      it(`${dialect}: charges what was streamed and returns the rest of the reservation`, async () => {
        const before = await outputRemaining();
        const records = (await h.records()).length;
        const aborted = h.mock.aborted();
        const data = await readThenDisconnect(h, dialect, `mock-${dialect}`);
        const [record] = (await h.waitForRecords(records + 1)).slice(records);
        expect(record?.outcome).toBe('client_aborted');
        // The upstream request was aborted with it (it writes no more than was relayed).
        await expect.poll(() => h.mock.aborted(), { timeout: 5_000 }).toBe(aborted + 1);
        // Settled once the record is written (a Redis adjust may still be on its way).
        let charged = 0;
        await expect
          .poll(
            async () => {
              charged = before - (await outputRemaining());
              return charged < MAX_TOKENS / 2;
            },
            { timeout: 5_000, interval: 50 },
          )
          .toBe(true);
        // The reservation's unused part went back ...
        expect(charged).toBeLessThan(MAX_TOKENS / 2);
        // ... and what the client was sent (one word a delta) was charged: not 0, not 1.
        expect(charged).toBeGreaterThanOrEqual(data.length / 2);
        // Logged and handed to detection as the same estimate (a bucket refills ~1 a second).
        expectEstimated(record, data.length, settled);
        expect(Math.abs(charged - (record?.tokens_out ?? 0))).toBeLessThan(60);
      });

      it(`${dialect}: an upstream reset mid-stream charges what was streamed, not 1 token nor the reservation`, async () => {
        const before = await outputRemaining();
        const records = (await h.records()).length;
        const data = await readWhole(h, dialect, `reset-${dialect}`);
        const [record] = (await h.waitForRecords(records + 1)).slice(records);
        expect(record?.outcome).toBe('upstream_error');
        let charged = 0;
        await expect
          .poll(
            async () => {
              charged = before - (await outputRemaining());
              return charged > 0 && charged < MAX_TOKENS / 2;
            },
            { timeout: 5_000, interval: 50 },
          )
          .toBe(true);
        expect(charged).toBeLessThan(MAX_TOKENS / 2);
        expect(charged).toBeGreaterThanOrEqual(data.length / 2);
        expectEstimated(record, data.length, settled);
        expect(Math.abs(charged - (record?.tokens_out ?? 0))).toBeLessThan(60);
      });

      it(`${dialect}: a stream that reaches its end keeps the usage it reported, not an estimate`, async () => {
        const records = (await h.records()).length;
        // Another account: its limit lease (Redis) leaves alice's bucket as the tests above see it.
        await readWhole(h, dialect, `mock-${dialect}`, 30, 'bob');
        const [record] = (await h.waitForRecords(records + 1)).slice(records);
        expect(record?.outcome).toBe('completed');
        // 30 one-word deltas, reported as 30 output tokens (bytes ÷ 4 would be far more).
        expect(record?.tokens_out).toBe(30);
        expect(record?.tokens_out_estimated).toBe(false);
        expect(Math.ceil((record?.bytes_out ?? 0) / 4)).toBeGreaterThan(30);
        expect(settled.at(-1)).toEqual({ account: 'acct_bob', outputTokens: 30 });
      });

      it(`${dialect}: a stream that breaks off after its final usage event keeps that usage`, async () => {
        const records = (await h.records()).length;
        await readWhole(h, dialect, `resetlast-${dialect}`, 30, 'bob');
        const [record] = (await h.waitForRecords(records + 1)).slice(records);
        expect(record?.outcome).toBe('upstream_error');
        expect(record?.tokens_out).toBe(30);
        expect(record?.tokens_out_estimated).toBe(false);
        expect(settled.at(-1)).toEqual({ account: 'acct_bob', outputTokens: 30 });
      });
    }
  });
}

describe('a Responses stream cut before its usage', () => {
  let h: Harness;
  const settled: Settled[] = [];
  beforeAll(async () => {
    // A 60-word answer under a far larger reservation: the estimate, not the cap, decides.
    h = await startHarness({
      scorer: recordingScorer(settled),
      mock: { words: 60, eventDelayMs: 1, fault: resetFault },
      config: {
        policy: {
          limits: [{ id: 'out', scope: 'account', output_tokens: { limit: LIMIT, per: '24h' } }],
          rules: [],
        },
      },
    });
  });
  afterAll(() => h.close());

  it('counts the answer once, not the done events that repeat it', async () => {
    // Cut before response.completed (the usage), after output_text/content_part/output_item.done,
    // which each repeat the answer's text whole.
    const response = await request(`${h.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${h.keys.alice}` },
      body: JSON.stringify({
        model: 'resetlast-responses',
        stream: true,
        max_output_tokens: 5_000,
        input: 'hi',
      }),
    });
    expect(response.statusCode).toBe(200);
    const text = await response.body.text();
    expect(text).toContain('response.output_item.done');
    expect(text).not.toContain('response.completed');
    const [record] = await h.waitForRecords(1);
    expect(record?.outcome).toBe('upstream_error');
    expect(record?.tokens_out_estimated).toBe(true);
    // 60 one-word deltas (one or two tokens each) and one token for each other event.
    expect(record?.tokens_out).toBeGreaterThanOrEqual(60);
    expect(record?.tokens_out).toBeLessThan(60 * 2 + 10);
    expect(settled.at(-1)).toEqual({ account: 'acct_alice', outputTokens: record?.tokens_out });
  });
});

describeStore('memory');
describeStore('redis');
