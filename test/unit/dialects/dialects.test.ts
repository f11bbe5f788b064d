import { describe, expect, it } from 'vitest';
import { anthropic } from '../../../src/dialects/anthropic.ts';
import type { Usage } from '../../../src/dialects/dialect.ts';
import { dialectOf } from '../../../src/dialects/dialects.ts';
import { openai } from '../../../src/dialects/openai.ts';
import { compileRoutes, INFERENCE_ROUTES } from '../../../src/dialects/routes.ts';
import { ERRORS, type ErrorCode } from '../../../src/pipeline/error-codes.ts';

describe('error shapes', () => {
  it.each(Object.keys(ERRORS) as ErrorCode[])("%s has both dialects' shapes", (code) => {
    const a = JSON.parse(anthropic.errorBody(code, 'req_1')) as {
      type: string;
      error: { type: string; message: string; code: string };
      request_id: string;
    };
    expect(a.type).toBe('error');
    expect(a.error.message).toBe(ERRORS[code].message);
    expect(a.error.code).toBe(code);
    expect(a.request_id).toBe('req_1');
    const o = JSON.parse(openai.errorBody(code, 'req_1')) as {
      error: { message: string; type: string; code: string; param: null };
    };
    expect(o.error).toEqual({
      message: ERRORS[code].message,
      type: expect.any(String) as string,
      param: null,
      code,
    });
  });

  it("maps kinds to the APIs' own error types", () => {
    const type = (code: ErrorCode) =>
      (JSON.parse(anthropic.errorBody(code, 'r')) as { error: { type: string } }).error.type;
    expect(type('DG_ERR_UNAUTHENTICATED')).toBe('authentication_error');
    expect(type('DG_ERR_BLOCKED')).toBe('permission_error');
    expect(type('DG_ERR_BODY_TOO_LARGE')).toBe('request_too_large');
    expect(type('DG_ERR_UPSTREAM_TIMEOUT')).toBe('timeout_error');
    expect(type('DG_ERR_OVERLOADED')).toBe('overloaded_error');
  });

  it('ends failed streams with a parseable error event', () => {
    const frame = anthropic.sseErrorFrame('DG_ERR_UPSTREAM_STREAM', 'req_2', 'anthropic.messages');
    expect(frame).toMatch(/^event: error\ndata: .+\n\n$/);
    expect(JSON.parse(frame.split('data: ')[1]!)).toMatchObject({
      type: 'error',
      error: { type: 'api_error' },
    });
    const chat = JSON.parse(
      openai.sseErrorFrame('DG_ERR_STREAM_CUT', 'r', 'openai.chat_completions').split('data: ')[1]!,
    ) as object;
    expect(chat).toMatchObject({ error: { code: 'DG_ERR_STREAM_CUT' } });
    const responses = JSON.parse(
      openai.sseErrorFrame('DG_ERR_STREAM_CUT', 'r', 'openai.responses').split('data: ')[1]!,
    ) as object;
    expect(responses).toMatchObject({ type: 'error', code: 'DG_ERR_STREAM_CUT' });
  });
});

describe('request facts', () => {
  it('reads Anthropic requests', () => {
    expect(
      anthropic.readRequest('anthropic.messages', {
        model: 'claude-x',
        stream: true,
        max_tokens: 4096,
        messages: [{}, {}, {}],
        tools: [{}, {}],
        thinking: { type: 'enabled', budget_tokens: 2048 },
      }),
    ).toEqual({
      model: 'claude-x',
      stream: true,
      maxTokens: 4096,
      messageCount: 3,
      toolCount: 2,
      thinking: true,
      choices: 1,
    });
    expect(
      anthropic.readRequest('anthropic.messages', {
        thinking: { type: 'disabled' },
        stream: 'yes',
        max_tokens: -1,
        messages: 'nope',
      }),
    ).toEqual({
      model: undefined,
      stream: false,
      maxTokens: undefined,
      messageCount: 0,
      toolCount: 0,
      thinking: false,
      choices: 1,
    });
  });

  it('reads OpenAI chat, Responses and completions requests', () => {
    expect(
      openai.readRequest('openai.chat_completions', {
        model: 'gpt-x',
        n: 4,
        max_completion_tokens: 100,
        max_tokens: 5,
        messages: [{}],
        tools: [{}],
        functions: [{}],
        reasoning_effort: 'high',
      }),
    ).toEqual({
      model: 'gpt-x',
      stream: false,
      maxTokens: 100,
      messageCount: 1,
      toolCount: 2,
      thinking: true,
      choices: 4,
    });
    expect(
      openai.readRequest('openai.responses', {
        model: 'o',
        input: 'hello',
        max_output_tokens: 9,
        reasoning: { effort: 'none' },
        stream: true,
      }),
    ).toEqual({
      model: 'o',
      stream: true,
      maxTokens: 9,
      messageCount: 1,
      toolCount: 0,
      thinking: false,
      choices: 1,
    });
    expect(
      openai.readRequest('openai.responses', { input: [{}, {}], reasoning: { effort: 'medium' } }),
    ).toMatchObject({ messageCount: 2, thinking: true });
    expect(
      openai.readRequest('openai.completions', { prompt: ['a', 'b'], max_tokens: 3 }),
    ).toMatchObject({ messageCount: 2, maxTokens: 3, thinking: false });
  });
});

describe('routes', () => {
  const table = compileRoutes(
    [
      { path: '/v1/models', methods: ['GET'], dialect: 'auto' },
      { path: '/v1/*', methods: ['GET'], dialect: 'openai' },
      { path: '/v1/files/*', methods: ['GET', 'POST'], dialect: 'openai' },
      { path: '/v1/messages', methods: ['GET'], dialect: 'openai' },
    ],
    [
      { path: '/v1/realtime', dialect: 'openai', usage: 'realtime' },
      { path: '/v1/raw', dialect: 'openai', usage: 'none' },
    ],
  );

  it('matches built-in inference routes, exact and longest-prefix pass-through routes', () => {
    expect(table.match('/v1/messages')?.id).toBe('anthropic.messages');
    expect(table.match('/v1/messages')?.kind).toBe('inference'); // a pass-through entry cannot shadow it
    expect(table.match('/v1/models')?.id).toBe('passthrough:/v1/models');
    expect(table.match('/v1/files/abc/content')?.id).toBe('passthrough:/v1/files/*');
    expect(table.match('/v1/batches')?.id).toBe('passthrough:/v1/*');
    expect(table.match('/v2/anything')).toBeUndefined();
    expect(table.matchWebsocket('/v1/realtime')?.kind).toBe('websocket');
    expect(table.matchWebsocket('/v1/messages')).toBeUndefined();
    // Sessions are metered unless the route says usage: none.
    expect(table.matchWebsocket('/v1/realtime')?.meteredSessions).toBe(true);
    expect(table.matchWebsocket('/v1/raw')?.meteredSessions).toBe(false);
    expect(INFERENCE_ROUTES.size).toBe(5);
  });

  it('resolves the auto dialect from anthropic-version', () => {
    const route = table.match('/v1/models')!;
    expect(dialectOf(route, true).name).toBe('anthropic');
    expect(dialectOf(route, false).name).toBe('openai');
    expect(dialectOf(table.match('/v1/chat/completions')!, true).name).toBe('openai');
  });
});

describe('stream usage: when it is the answer’s final count', () => {
  const fresh = (): Usage => ({ inputTokens: undefined, outputTokens: undefined, complete: false });

  it('Anthropic: message_start is not final (output_tokens: 1), message_delta is', () => {
    const usage = fresh();
    anthropic.usageFromSseEvent(
      'message_start',
      '{"type":"message_start","message":{"usage":{"input_tokens":12,"output_tokens":1}}}',
      usage,
    );
    expect(usage).toEqual({ inputTokens: 12, outputTokens: 1, complete: false });
    anthropic.usageFromSseEvent(
      'message_delta',
      '{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":87}}',
      usage,
    );
    expect(usage).toEqual({ inputTokens: 12, outputTokens: 87, complete: true });
  });

  it('OpenAI chat: chunks saying "usage": null are not final, the usage chunk is', () => {
    const usage = fresh();
    openai.usageFromSseEvent(
      undefined,
      '{"choices":[{"delta":{"content":"hi"}}],"usage":null}',
      usage,
    );
    expect(usage.complete).toBe(false);
    openai.usageFromSseEvent(
      undefined,
      '{"choices":[],"usage":{"prompt_tokens":9,"completion_tokens":40}}',
      usage,
    );
    expect(usage).toEqual({ inputTokens: 9, outputTokens: 40, complete: true });
  });

  it('OpenAI Responses: a terminal event with usage is final, a delta is not', () => {
    const usage = fresh();
    openai.usageFromSseEvent('response.output_text.delta', '{"delta":"hi"}', usage);
    expect(usage.complete).toBe(false);
    openai.usageFromSseEvent(
      'response.completed',
      '{"response":{"usage":{"input_tokens":5,"output_tokens":30}}}',
      usage,
    );
    expect(usage).toEqual({ inputTokens: 5, outputTokens: 30, complete: true });
  });
});
