/**
 * Mock answers that call tools, in every route's JSON and SSE shape, for the decoy interception
 * tests: `answers(calls)` gives the bodies and event lists the mock upstream would send.
 */
import { anthropicEvents, anthropicMessage } from '../../src/mock-upstream/anthropic-mock.ts';
import { mockAnswer } from '../../src/mock-upstream/mock-answer.ts';
import { openaiEvents, openaiJson } from '../../src/mock-upstream/openai-mock.ts';

export const DECOY_ROUTES = [
  ['anthropic.messages', '/v1/messages'],
  ['openai.chat_completions', '/v1/chat/completions'],
  ['openai.responses', '/v1/responses'],
] as const;

export type DecoyRouteId = (typeof DECOY_ROUTES)[number][0];

export function answerCalling(calls: readonly string[], words = 4) {
  return mockAnswer({
    model: 'mock-large',
    requestBytes: 400,
    words,
    thinking: false,
    maxTokens: undefined,
    toolCalls: calls,
  });
}

/** The JSON body the mock sends on `routeId` for an answer calling `calls`. */
export function jsonCalling(routeId: DecoyRouteId, calls: readonly string[]): string {
  const answer = answerCalling(calls);
  if (routeId === 'anthropic.messages') return JSON.stringify(anthropicMessage(answer));
  const path = routeId === 'openai.responses' ? '/v1/responses' : '/v1/chat/completions';
  return JSON.stringify(openaiJson(path, answer));
}

/** The SSE events the mock sends on `routeId` for an answer calling `calls`. */
export function eventsCalling(
  routeId: DecoyRouteId,
  calls: readonly string[],
  words = 4,
): string[] {
  const answer = answerCalling(calls, words);
  if (routeId === 'anthropic.messages') return anthropicEvents(answer);
  const path = routeId === 'openai.responses' ? '/v1/responses' : '/v1/chat/completions';
  return openaiEvents(path, answer, true);
}

/** The JSON data of each event of an SSE text ([DONE] and comments left out). */
export function eventData(text: string): Record<string, unknown>[] {
  return text
    .split(/\n\n/)
    .flatMap((event) => event.split('\n').filter((line) => line.startsWith('data: ')))
    .map((line) => line.slice(6))
    .filter((data) => data !== '[DONE]')
    .map((data) => JSON.parse(data) as Record<string, unknown>);
}
