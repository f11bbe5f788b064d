import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { startHarness, UPSTREAM_SECRET, type Harness } from '../helpers/harness.ts';

describe('proxy smoke', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('forwards an Anthropic message with the upstream credential and logs one record', async () => {
    const res = await request(`${h.url}/v1/messages`, {
      method: 'POST',
      headers: {
        'x-api-key': h.keys.alice,
        'anthropic-version': '2023-06-01',
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        model: 'mock-large',
        max_tokens: 64,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });
    expect(res.statusCode).toBe(200);
    const body = (await res.body.json()) as { usage: { output_tokens: number } };
    expect(body.usage.output_tokens).toBeGreaterThan(0);
    const seen = h.mock.requests.at(-1)!;
    const headers = seen.rawHeaders.map((v) => v.toLowerCase());
    expect(seen.rawHeaders).toContain(UPSTREAM_SECRET);
    expect(headers).not.toContain(h.keys.alice.toLowerCase());
    const [record] = await h.waitForRecords(1);
    expect(record).toMatchObject({
      account: 'acct_alice',
      route: 'anthropic.messages',
      status: 200,
      action: 'allow',
      outcome: 'completed',
    });
    expect(record!.request_id).toBe(res.headers['x-request-id']);
  });
});
