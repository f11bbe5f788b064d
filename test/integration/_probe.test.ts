import { it } from 'vitest';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { startHarness } from '../helpers/harness.ts';

it('probe', async () => {
  const h = await startHarness();
  try {
    const o = new OpenAI({ apiKey: 'x', baseURL: h.url + '/v1', maxRetries: 0, defaultHeaders: { Authorization: null } });
    try { await o.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }); } catch (e) { console.log('openai missing', (e as Error).constructor.name, (e as any).status, JSON.stringify((e as any).error), (e as any).requestID); }
    const a = new Anthropic({ apiKey: 'x', baseURL: h.url, maxRetries: 0, defaultHeaders: { 'x-api-key': null } });
    try { await a.messages.create({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }); } catch (e) { console.log('anth missing', (e as Error).constructor.name, (e as any).status, JSON.stringify((e as any).error), (e as any).requestID); }
    const a2 = new Anthropic({ apiKey: h.keys.alice, baseURL: h.url, maxRetries: 0 });
    const m = await a2.messages.create({ model: 'm', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] });
    console.log(JSON.stringify(m), m._request_id);
    const s = a2.messages.stream({ model: 'm', max_tokens: 100, thinking: { type: 'enabled', budget_tokens: 1024 }, messages: [{ role: 'user', content: 'hi' }] });
    const fm = await s.finalMessage();
    console.log(JSON.stringify(fm), s.request_id);
    const o2 = new OpenAI({ apiKey: h.keys.alice, baseURL: h.url + '/v1', maxRetries: 0 });
    const r = await o2.responses.create({ model: 'm', input: 'hi' });
    console.log(r.output_text, r._request_id, JSON.stringify(r.usage));
    const c = await o2.completions.create({ model: 'm', prompt: 'hi' });
    console.log(JSON.stringify(c));
    const ct = await a2.messages.countTokens({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    console.log(JSON.stringify(ct));
    console.log(JSON.stringify(await h.waitForRecords(7), null, 0));
  } finally { await h.close(); }
});
