/**
 * Mock Anthropic Messages responses (JSON and the SSE event sequence: message_start,
 * content_block_start/delta/stop for thinking and text, message_delta with usage, message_stop),
 * shaped like the real API so the official SDK parses them. Used by the demo, tests and load tests.
 */
import { createHmac, randomBytes } from 'node:crypto';
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
        ? [
            {
              type: 'thinking',
              thinking: answer.thinking,
              signature: signThinking(answer.thinking),
            },
          ]
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
      delta: { type: 'signature_delta', signature: signThinking(answer.thinking) },
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

/** Signs thinking text the way the API does in spirit: only the issuer can tell a block is its own. */
const SIGNING_KEY = randomBytes(32);

export function signThinking(thinking: string): string {
  return createHmac('sha256', SIGNING_KEY).update(thinking).digest('base64');
}

/**
 * What the real API checks of a returned assistant turn: every thinking block carries the
 * signature issued for its text, and every redacted_thinking block is one it issued (this mock
 * issues none). Returns the first problem, shaped like the API's message, or undefined.
 */
export function checkReturnedThinking(body: Record<string, unknown>): string | undefined {
  const messages = Array.isArray(body['messages']) ? (body['messages'] as unknown[]) : [];
  for (const [m, message] of messages.entries()) {
    const content = (message as { content?: unknown } | null)?.content;
    if (!Array.isArray(content)) continue;
    for (const [b, block] of content.entries()) {
      const { type, thinking, signature } = (block ?? {}) as Record<string, unknown>;
      const at = `messages.${m}.content.${b}`;
      if (type === 'redacted_thinking')
        return `${at}: Invalid \`data\` in \`redacted_thinking\` block`;
      if (type !== 'thinking') continue;
      if (typeof thinking !== 'string' || signature !== signThinking(thinking))
        return `${at}: Invalid \`signature\` in \`thinking\` block`;
    }
  }
  return undefined;
}
