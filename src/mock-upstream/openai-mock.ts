/**
 * Mock OpenAI-compatible responses: chat completions (JSON, and chunk SSE ending in `[DONE]`, with
 * a usage chunk when `stream_options.include_usage` is set), the Responses API (JSON, and its typed
 * event sequence ending in `response.completed`), and legacy completions. A chat request with
 * `reasoning_effort` gets its reasoning as `reasoning_content` (message field, and deltas before
 * the content), as OpenAI-compatible reasoning servers (vLLM, DeepSeek) send it.
 */
import type { MockAnswer } from './mock-answer.ts';
import {
  chatToolCalls,
  chatToolDeltas,
  responsesToolEvents,
  responsesToolItem,
} from './mock-tool-calls.ts';

const created = (): number => Math.floor(Date.now() / 1000);

export function openaiJson(route: string, answer: MockAnswer): unknown {
  const text = answer.words.join('');
  if (route === '/v1/responses') return responseObject(answer, 'completed', text);
  const usage = {
    prompt_tokens: answer.inputTokens,
    completion_tokens: answer.outputTokens,
    total_tokens: answer.inputTokens + answer.outputTokens,
  };
  const calls = answer.toolCalls.length > 0;
  if (route === '/v1/completions') {
    return {
      id: answer.id,
      object: 'text_completion',
      created: created(),
      model: answer.model,
      choices: [{ index: 0, text, logprobs: null, finish_reason: 'stop' }],
      usage,
    };
  }
  return {
    id: answer.id,
    object: 'chat.completion',
    created: created(),
    model: answer.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: text,
          refusal: null,
          ...(answer.thinking ? { reasoning_content: answer.thinking } : {}),
          ...(calls ? { tool_calls: chatToolCalls(answer.toolCalls) } : {}),
        },
        logprobs: null,
        finish_reason: calls ? 'tool_calls' : 'stop',
      },
    ],
    usage,
  };
}

export function openaiEvents(route: string, answer: MockAnswer, includeUsage: boolean): string[] {
  if (route === '/v1/responses') return responseEvents(answer);
  const frames: string[] = [];
  const base = { id: answer.id, created: created(), model: answer.model };
  const chat = route !== '/v1/completions';
  const chunk = (choice: object, usage: object | null = null): void => {
    const object = chat ? 'chat.completion.chunk' : 'text_completion';
    frames.push(`data: ${JSON.stringify({ ...base, object, choices: [choice], usage })}\n\n`);
  };
  if (chat)
    chunk({
      index: 0,
      delta: { role: 'assistant', content: '' },
      logprobs: null,
      finish_reason: null,
    });
  if (chat && answer.thinking) {
    chunk({
      index: 0,
      delta: { reasoning_content: answer.thinking },
      logprobs: null,
      finish_reason: null,
    });
  }
  for (const word of answer.words) {
    chunk(
      chat
        ? { index: 0, delta: { content: word }, logprobs: null, finish_reason: null }
        : { index: 0, text: word, logprobs: null, finish_reason: null },
    );
  }
  if (chat)
    for (const delta of chatToolDeltas(answer.toolCalls))
      chunk({ index: 0, delta, logprobs: null, finish_reason: null });
  chunk(
    chat
      ? {
          index: 0,
          delta: {},
          logprobs: null,
          finish_reason: answer.toolCalls.length > 0 ? 'tool_calls' : 'stop',
        }
      : { index: 0, text: '', logprobs: null, finish_reason: 'stop' },
  );
  if (includeUsage) {
    const usage = {
      prompt_tokens: answer.inputTokens,
      completion_tokens: answer.outputTokens,
      total_tokens: answer.inputTokens + answer.outputTokens,
    };
    frames.push(
      `data: ${JSON.stringify({ ...base, object: chat ? 'chat.completion.chunk' : 'text_completion', choices: [], usage })}\n\n`,
    );
  }
  frames.push('data: [DONE]\n\n');
  return frames;
}

function responseObject(
  answer: MockAnswer,
  status: 'in_progress' | 'completed',
  text: string,
): Record<string, unknown> {
  const done = status === 'completed';
  return {
    id: answer.id,
    object: 'response',
    created_at: created(),
    status,
    model: answer.model,
    output: done
      ? [
          {
            id: `msg_${answer.id}`,
            type: 'message',
            status: 'completed',
            role: 'assistant',
            content: [{ type: 'output_text', text, annotations: [] }],
          },
          ...answer.toolCalls.map((call) => responsesToolItem(call, 'completed')),
        ]
      : [],
    usage: done
      ? {
          input_tokens: answer.inputTokens,
          output_tokens: answer.outputTokens,
          total_tokens: answer.inputTokens + answer.outputTokens,
        }
      : null,
  };
}

function responseEvents(answer: MockAnswer): string[] {
  const frames: string[] = [];
  let sequence = 0;
  const emit = (type: string, data: object): void => {
    frames.push(
      `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...data })}\n\n`,
    );
  };
  const text = answer.words.join('');
  const itemId = `msg_${answer.id}`;
  emit('response.created', { response: responseObject(answer, 'in_progress', '') });
  emit('response.output_item.added', {
    output_index: 0,
    item: { id: itemId, type: 'message', status: 'in_progress', role: 'assistant', content: [] },
  });
  emit('response.content_part.added', {
    item_id: itemId,
    output_index: 0,
    content_index: 0,
    part: { type: 'output_text', text: '', annotations: [] },
  });
  for (const word of answer.words)
    emit('response.output_text.delta', {
      item_id: itemId,
      output_index: 0,
      content_index: 0,
      delta: word,
    });
  // The real API closes the part and the item too, each repeating the text whole.
  const part = { type: 'output_text', text, annotations: [] };
  emit('response.output_text.done', { item_id: itemId, output_index: 0, content_index: 0, text });
  emit('response.content_part.done', { item_id: itemId, output_index: 0, content_index: 0, part });
  emit('response.output_item.done', {
    output_index: 0,
    item: { id: itemId, type: 'message', status: 'completed', role: 'assistant', content: [part] },
  });
  responsesToolEvents(answer.toolCalls, 1, emit);
  emit('response.completed', { response: responseObject(answer, 'completed', text) });
  return frames;
}
