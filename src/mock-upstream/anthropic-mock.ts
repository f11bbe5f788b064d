/**
 * Mock Anthropic Messages responses (JSON and the SSE event sequence: message_start,
 * content_block_start/delta/stop for thinking and text, message_delta with usage, message_stop),
 * shaped like the real API so the official SDK parses them. Used by the demo, tests and load tests.
 */
import { randomBytes } from 'node:crypto';
import type { MockAnswer } from './mock-answer.ts';
import { anthropicToolBlocks, anthropicToolEvents } from './mock-tool-calls.ts';

export function anthropicMessage(answer: MockAnswer): unknown {
  return {
    id: answer.id,
    type: 'message',
    role: 'assistant',
    model: answer.model,
    content: [
      ...(answer.thinking
        ? [{ type: 'thinking', thinking: answer.thinking, signature: signature() }]
        : []),
      { type: 'text', text: answer.words.join('') },
      ...anthropicToolBlocks(answer.toolCalls),
    ],
    stop_reason: answer.toolCalls.length > 0 ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: answer.inputTokens, output_tokens: answer.outputTokens },
  };
}

/** The SSE events of a streamed message, each a complete `event:`/`data:` frame. */
export function anthropicEvents(answer: MockAnswer): string[] {
  const frames: string[] = [];
  const emit = (event: string, data: unknown): void => {
    frames.push(
      `event: ${event}\ndata: ${JSON.stringify({ type: event, ...(data as object) })}\n\n`,
    );
  };
  emit('message_start', {
    message: {
      id: answer.id,
      type: 'message',
      role: 'assistant',
      model: answer.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: answer.inputTokens, output_tokens: 1 },
    },
  });
  let index = 0;
  if (answer.thinking) {
    emit('content_block_start', {
      index,
      content_block: { type: 'thinking', thinking: '', signature: '' },
    });
    emit('content_block_delta', {
      index,
      delta: { type: 'thinking_delta', thinking: answer.thinking },
    });
    emit('content_block_delta', {
      index,
      delta: { type: 'signature_delta', signature: signature() },
    });
    emit('content_block_stop', { index });
    index++;
  }
  emit('content_block_start', { index, content_block: { type: 'text', text: '' } });
  frames.push('event: ping\ndata: {"type": "ping"}\n\n');
  for (const word of answer.words)
    emit('content_block_delta', { index, delta: { type: 'text_delta', text: word } });
  emit('content_block_stop', { index });
  anthropicToolEvents(answer.toolCalls, index + 1, emit);
  emit('message_delta', {
    delta: {
      stop_reason: answer.toolCalls.length > 0 ? 'tool_use' : 'end_turn',
      stop_sequence: null,
    },
    usage: { output_tokens: answer.outputTokens },
  });
  emit('message_stop', {});
  return frames;
}

function signature(): string {
  return randomBytes(48).toString('base64');
}
