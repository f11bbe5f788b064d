/**
 * What the mock "model" answers: a deterministic text of a requested length, with token counts in
 * the proportions real APIs report (about 4 bytes of prompt per input token, one token per word
 * piece of output).
 */
import { mockToolCalls, type MockToolCall } from './mock-tool-calls.ts';

export interface MockAnswer {
  readonly id: string;
  readonly model: string;
  readonly words: readonly string[];
  readonly thinking: string | undefined;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Tools the answer calls, after its text. */
  readonly toolCalls: readonly MockToolCall[];
}

const TEXT =
  'Distillation harvests a model through its public API. This answer comes from the distillguard mock ' +
  'upstream, which stands in for a real inference service so the proxy can be shown and tested end to end.';
const WORDS = TEXT.split(/(?<= )/);

let counter = 0;

export function mockAnswer(options: {
  model: string;
  requestBytes: number;
  words: number;
  thinking: boolean;
  maxTokens: number | undefined;
  /** Output tokens to report instead of the word count (the text stays short). */
  outputTokens?: number | undefined;
  /** Names of the tools to call. */
  toolCalls?: readonly string[] | undefined;
}): MockAnswer {
  const count = Math.max(1, Math.min(options.words, options.maxTokens ?? Number.MAX_SAFE_INTEGER));
  const words: string[] = [];
  for (let i = 0; i < count; i++) words.push(WORDS[i % WORDS.length] ?? 'word ');
  const thinking = options.thinking
    ? 'The user asks a question; I will reason step by step before answering it.'
    : undefined;
  counter = (counter + 1) % 1_000_000_000;
  const id = `mock_${Date.now().toString(36)}${counter.toString(36)}`;
  return {
    id,
    model: options.model,
    words,
    thinking,
    inputTokens: Math.max(1, Math.ceil(options.requestBytes / 4)),
    outputTokens: options.outputTokens ?? count + (thinking ? 16 : 0),
    toolCalls: mockToolCalls(id, options.toolCalls ?? []),
  };
}
