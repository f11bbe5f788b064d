import { describe, expect, it } from 'vitest';
import {
  isPureReasoningChunk,
  SseReasoningStripper,
  stripJsonBody,
  type StripStats,
} from '../../../src/degrade/strip-reasoning.ts';
import { mockAnswer } from '../../../src/mock-upstream/mock-answer.ts';
import { anthropicEvents, anthropicMessage } from '../../../src/mock-upstream/anthropic-mock.ts';
import type { StandIns } from '../../../src/degrade/thinking-vault.ts';

const stats = (): StripStats => ({ unparsed: 0, stripped: 0 });

/** Deterministic stand-ins (tokens numbered per response) that keep the originals in a map. */
function standIns(): StandIns & { readonly kept: Map<string, string> } {
  const kept = new Map<string, string>();
  let issued = 0;
  return {
    kept,
    token: () => `dgth1_t${issued++}`,
    keep: (token, block) => kept.set(token, block),
  };
}

function answerWithThinking() {
  return mockAnswer({
    model: 'mock-large',
    requestBytes: 200,
    words: 6,
    thinking: true,
    maxTokens: undefined,
    outputTokens: undefined,
  });
}

/** Feeds SSE text through the stripper in uneven runs of whole events, as the aligner would. */
function stripEvents(
  routeId: string,
  events: readonly string[],
  s = stats(),
  kept = standIns(),
): string {
  const stripper = new SseReasoningStripper(routeId, s, kept);
  let out = '';
  for (let i = 0; i < events.length; i += 3) out += stripper.push(events.slice(i, i + 3).join(''));
  return out;
}

function dataOf(text: string): Record<string, unknown>[] {
  return text
    .split('\n\n')
    .map((event) => event.split('\n').find((line) => line.startsWith('data: ')))
    .filter((line): line is string => line !== undefined)
    .map((line) => JSON.parse(line.slice(6)) as Record<string, unknown>);
}

describe('strip reasoning: Anthropic', () => {
  it("replaces a JSON message's thinking block with a stand-in and keeps the original", () => {
    const message = anthropicMessage(answerWithThinking()) as { content: unknown[] };
    const kept = standIns();
    const out = stripJsonBody('anthropic.messages', JSON.stringify(message), stats(), kept);
    const stripped = JSON.parse(out ?? '{}') as { content: Record<string, unknown>[] };
    expect(stripped.content[0]).toEqual({ type: 'redacted_thinking', data: 'dgth1_t0' });
    expect(stripped.content[1]).toEqual(message.content[1]);
    expect(JSON.parse(kept.kept.get('dgth1_t0') ?? '')).toEqual(message.content[0]);
    expect(out).not.toContain('"thinking"');
  });

  it("streams a stand-in at the thinking block's index and keeps text and signature whole", () => {
    const events = anthropicEvents(answerWithThinking());
    const sent = dataOf(events.join(''));
    const kept = standIns();
    const out = stripEvents('anthropic.messages', events, stats(), kept);
    expect(out).not.toContain('thinking_delta');
    expect(out).not.toContain('signature_delta');
    const received = dataOf(out);
    expect(received[1]).toEqual({
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'redacted_thinking', data: 'dgth1_t0' },
    });
    expect(received[2]).toEqual({ type: 'content_block_stop', index: 0 });
    // Nothing after the block moved: the text block keeps its index.
    expect(received.slice(3)).toEqual(sent.slice(5));
    const delta = (i: number) => (sent[i] as { delta: Record<string, string> }).delta;
    expect(JSON.parse(kept.kept.get('dgth1_t0') ?? '')).toEqual({
      type: 'thinking',
      thinking: delta(2)['thinking'],
      signature: delta(3)['signature'],
    });
  });

  it('passes redacted_thinking blocks from the upstream as they are (nothing readable)', () => {
    const redacted = {
      type: 'message',
      content: [
        { type: 'redacted_thinking', data: 'EuoBCoYBGAIiQ' },
        { type: 'text', text: 'x' },
      ],
    };
    expect(
      stripJsonBody('anthropic.messages', JSON.stringify(redacted), stats(), standIns()),
    ).toBeUndefined();
  });

  it('passes events it cannot parse through unchanged and counts them', () => {
    const s = stats();
    const broken = 'event: content_block_delta\ndata: {"type":"content_block_delta", "thinking\n\n';
    expect(stripEvents('anthropic.messages', [broken], s)).toBe(broken);
    expect(s.unparsed).toBe(1);
    expect(
      stripJsonBody('anthropic.messages', '{"content": [thinking', s, standIns()),
    ).toBeUndefined();
    expect(s.unparsed).toBe(2);
  });
});

describe('strip reasoning: OpenAI', () => {
  it('removes reasoning text fields from chat messages and deltas, keeps [DONE]', () => {
    const json = JSON.stringify({
      choices: [
        { index: 0, message: { role: 'assistant', content: 'hi', reasoning_content: 'r' } },
      ],
    });
    expect(stripJsonBody('openai.chat_completions', json, stats(), standIns())).not.toContain(
      'reasoning',
    );
    const events = [
      `data: ${JSON.stringify({ choices: [{ index: 0, delta: { reasoning_content: 'let me think' } }] })}\n\n`,
      `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'hi' } }] })}\n\n`,
      'data: [DONE]\n\n',
    ];
    const s = stats();
    const out = stripEvents('openai.chat_completions', events, s);
    expect(out).not.toContain('let me think');
    expect(out).toContain('"content":"hi"');
    expect(out.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(s.unparsed).toBe(0);
  });

  it('keeps Responses reasoning items (id, encrypted_content) without their readable text', () => {
    const item = {
      type: 'reasoning',
      id: 'rs_1',
      summary: [{ type: 'summary_text', text: 'secret chain' }],
      encrypted_content: 'opaque',
    };
    const events = [
      `event: response.output_item.added\ndata: ${JSON.stringify({ type: 'response.output_item.added', item })}\n\n`,
      `event: response.reasoning_summary_text.delta\ndata: ${JSON.stringify({ type: 'response.reasoning_summary_text.delta', delta: 'secret chain' })}\n\n`,
      `event: response.completed\ndata: ${JSON.stringify({ type: 'response.completed', response: { output: [item] } })}\n\n`,
    ];
    const out = stripEvents('openai.responses', events);
    expect(out).not.toContain('secret chain');
    expect(out).toContain('"encrypted_content":"opaque"');
    expect(out).toContain('event: response.completed\n');
    expect(dataOf(out)).toHaveLength(2);
  });
});

describe('strip reasoning: the Buffer path the forward stage uses', () => {
  it('gives the same bytes as the text path, and passes untouched chunks as they are', () => {
    const chat = [
      `data: ${JSON.stringify({ choices: [{ index: 0, delta: { reasoning_content: 'think' } }] })}\n\n`,
      `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'hé' }, finish_reason: null }] })}\n\n`,
      `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'x', reasoning: 'y' } }] })}\n\n`,
      'data: [DONE]\n\n',
    ];
    // ASCII chunks take a decode-once path, others the byte path: both, at every grouping.
    const ascii = chat.map((event) => event.replace('hé', 'he'));
    for (const [routeId, events] of [
      ['anthropic.messages', anthropicEvents(answerWithThinking())],
      ['openai.chat_completions', chat],
      ['openai.chat_completions', ascii],
    ] as const) {
      const text = stripEvents(routeId, events);
      for (let group = 1; group <= events.length; group++) {
        const stripper = new SseReasoningStripper(routeId, stats(), standIns());
        let bytes = '';
        for (let i = 0; i < events.length; i += group) {
          const chunk = Buffer.from(events.slice(i, i + group).join(''));
          bytes += stripper.pushBuffer(chunk).toString('utf8');
        }
        expect(bytes, `${routeId}, ${group} events a chunk`).toBe(text);
      }
    }
    const plain = Buffer.from('data: {"choices":[{"delta":{"content":"hi"}}]}\n\n');
    const stripper = new SseReasoningStripper('openai.chat_completions', stats(), standIns());
    expect(stripper.pushBuffer(plain)).toBe(plain);
  });
});

describe('isPureReasoningChunk (the parse-free path)', () => {
  const chunk = (data: object): string => `data: ${JSON.stringify(data)}\n\n`;
  const choice = (delta: object, finish: string | null = null) => ({
    index: 0,
    delta,
    logprobs: null,
    finish_reason: finish,
  });

  it('recognises a chunk that carries only reasoning', () => {
    expect(
      isPureReasoningChunk(chunk({ id: 'c', choices: [choice({ reasoning_content: 'x' })] })),
    ).toBe(true);
    const tricky = 'a "content": "b" \\ and } and "usage":{ inside';
    expect(
      isPureReasoningChunk(chunk({ choices: [choice({ reasoning: tricky })], usage: null })),
    ).toBe(true);
  });

  it('declines anything that must reach the client, or that it cannot be sure of', () => {
    for (const data of [
      { choices: [choice({ reasoning_content: 'x', content: 'y' })] },
      { choices: [choice({ reasoning_content: 'x' }, 'stop')] },
      { choices: [choice({ reasoning_content: 'x' }), { ...choice({ content: 'y' }), index: 1 }] },
      { choices: [choice({ reasoning_content: 'x' })], usage: { completion_tokens: 3 } },
      { choices: [choice({ role: 'assistant', reasoning_content: 'x' })] },
      { choices: [choice({ content: 'no reasoning' })] },
    ])
      expect(isPureReasoningChunk(chunk(data)), JSON.stringify(data)).toBe(false);
    expect(
      isPureReasoningChunk('data: {"choices":[{"index":0,\ndata: "delta":{"reasoning":"x"}}]}\n\n'),
    ).toBe(false);
    expect(isPureReasoningChunk('event: x\ndata: {}\n\n')).toBe(false);
  });
});
