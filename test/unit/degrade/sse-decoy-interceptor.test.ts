import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decoyStats, type DecoyState } from '../../../src/degrade/decoy-match.ts';
import { SseDecoyInterceptor } from '../../../src/degrade/sse-decoy-interceptor.ts';
import { SseAligner } from '../../../src/upstream/sse-aligner.ts';
import {
  DECOY_ROUTES,
  eventData,
  eventsCalling,
  type DecoyRouteId,
} from '../../helpers/decoy-answers.ts';

const DECOY = 'fetch_shipment_4k2q';
const OTHER_DECOY = 'lookup_invoice_0z9a';
const REAL = 'get_weather';

const state = (): DecoyState => ({ names: new Set([DECOY, OTHER_DECOY]), intercepted: 0 });

/** What a client accumulates from a stream, checking each event lands where it says. */
function accumulate(routeId: DecoyRouteId, text: string): { calls: string[]; stop: unknown } {
  const calls: string[] = [];
  let stop: unknown;
  let blocks = 0;
  let outputs = 0;
  for (const data of eventData(text)) {
    if (routeId === 'anthropic.messages') {
      if (data['type'] === 'content_block_start') {
        expect(data['index']).toBe(blocks++);
        const block = data['content_block'] as { type: string; name?: string };
        if (block.type === 'tool_use') calls.push(block.name ?? '');
      } else if (typeof data['index'] === 'number') expect(data['index']).toBeLessThan(blocks);
      if (data['type'] === 'message_delta')
        stop = (data['delta'] as { stop_reason: unknown }).stop_reason;
    } else if (routeId === 'openai.chat_completions') {
      for (const choice of (data['choices'] ?? []) as Record<string, unknown>[]) {
        const delta = (choice['delta'] ?? {}) as { tool_calls?: Record<string, unknown>[] };
        for (const call of delta.tool_calls ?? []) {
          const name = (call['function'] as { name?: string } | undefined)?.name;
          if (name !== undefined) expect(call['index']).toBe(calls.push(name) - 1);
          else expect(call['index']).toBeLessThan(calls.length);
        }
        if (choice['finish_reason'] != null) stop = choice['finish_reason'];
      }
    } else {
      const type = data['type'] as string;
      if (type === 'response.output_item.added') {
        expect(data['output_index']).toBe(outputs++);
        const item = data['item'] as { type: string; name?: string };
        if (item.type === 'function_call') calls.push(item.name ?? '');
      } else if (typeof data['output_index'] === 'number')
        expect(data['output_index']).toBeLessThan(outputs);
      if (type === 'response.completed') {
        const output = (data['response'] as { output: { type: string; name?: string }[] }).output;
        stop = output.filter((item) => item.type === 'function_call').map((item) => item.name);
      }
    }
  }
  return { calls, stop };
}

function intercept(routeId: DecoyRouteId, events: readonly string[], s = state()): string {
  return new SseDecoyInterceptor(routeId, s).push(events.join(''));
}

describe('SSE decoy interception', () => {
  for (const [routeId] of DECOY_ROUTES) {
    it(`${routeId}: a decoy-only answer reaches the client as a plain one`, () => {
      const s = state();
      const out = intercept(routeId, eventsCalling(routeId, [DECOY]), s);
      expect(out).not.toContain(DECOY);
      expect(s.intercepted).toBe(1);
      const { calls, stop } = accumulate(routeId, out);
      expect(calls).toEqual([]);
      expect(stop).toEqual(
        routeId === 'anthropic.messages'
          ? 'end_turn'
          : routeId === 'openai.responses'
            ? []
            : 'stop',
      );
    });

    it(`${routeId}: real calls pass, renumbered, with their stop reason`, () => {
      for (const order of [
        [DECOY, REAL],
        [REAL, DECOY],
        [DECOY, REAL, OTHER_DECOY, 'search_docs'],
      ]) {
        const s = state();
        const out = intercept(routeId, eventsCalling(routeId, order), s);
        const real = order.filter((name) => name !== DECOY && name !== OTHER_DECOY);
        expect(s.intercepted).toBe(order.length - real.length);
        const { calls, stop } = accumulate(routeId, out);
        expect(calls).toEqual(real);
        expect(stop).toEqual(
          routeId === 'anthropic.messages'
            ? 'tool_use'
            : routeId === 'openai.responses'
              ? real
              : 'tool_calls',
        );
      }
    });

    it(`${routeId}: the same bytes at every chunking of the stream (property)`, () => {
      const events = eventsCalling(routeId, [REAL, DECOY, 'search_docs'], 3);
      const whole = Buffer.from(events.join('').replaceAll('shipment', 'shipmént'));
      const names = { names: new Set([DECOY.replace('shipment', 'shipmént')]), intercepted: 0 };
      const expected = new SseDecoyInterceptor(routeId, names).push(whole.toString());
      fc.assert(
        fc.property(
          fc.uniqueArray(fc.integer({ min: 1, max: whole.length - 1 }), { maxLength: 12 }),
          (cuts) => {
            const aligner = new SseAligner();
            const interceptor = new SseDecoyInterceptor(routeId, { ...names, intercepted: 0 });
            const out: Buffer[] = [];
            let from = 0;
            for (const cut of [...cuts.sort((a, b) => a - b), whole.length]) {
              const ready = aligner.push(whole.subarray(from, cut));
              if (ready) out.push(interceptor.pushBuffer(ready));
              from = cut;
            }
            const tail = aligner.flush();
            if (tail) out.push(interceptor.pushBuffer(tail));
            expect(Buffer.concat(out).toString()).toBe(expected);
          },
        ),
        { numRuns: 200 },
      );
    });
  }

  it('passes chunks without a decoy on as the same Buffer, and CRLF streams too', () => {
    const interceptor = new SseDecoyInterceptor('openai.chat_completions', state());
    const plain = Buffer.from('data: {"choices":[{"index":0,"delta":{"content":"hi"}}]}\n\n');
    expect(interceptor.pushBuffer(plain)).toBe(plain);
    const crlf = eventsCalling('anthropic.messages', [DECOY, REAL]).map((e) =>
      e.replaceAll('\n', '\r\n'),
    );
    const { calls, stop } = accumulate(
      'anthropic.messages',
      intercept('anthropic.messages', crlf).replaceAll('\r\n', '\n'),
    );
    expect(calls).toEqual([REAL]);
    expect(stop).toBe('tool_use');
  });

  it('passes events it cannot parse through unchanged and counts them', () => {
    const before = decoyStats.unparsed;
    const broken = `event: content_block_start\ndata: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","name":"${DECOY}"\n\n`;
    const events = [broken, 'data: [DONE]\n\n', `: comment "tool_use" ${DECOY}\n\n`];
    expect(intercept('anthropic.messages', events)).toBe(events.join(''));
    expect(decoyStats.unparsed).toBe(before + 1);
  });

  it('leaves a stream that only mentions a decoy in its text as it is', () => {
    const events = eventsCalling('openai.chat_completions', []);
    events.splice(
      2,
      0,
      `data: {"choices":[{"index":0,"delta":{"content":"I could call ${DECOY}."}}]}\n\n`,
    );
    expect(intercept('openai.chat_completions', events)).toBe(events.join(''));
  });
});
