/**
 * The turns of a realtime session: the client's events turned into the chat body a request asking
 * the same would send, which the proxy then reads signals from and judges like any request.
 */
import { describe, expect, it } from 'vitest';
import { openai } from '../../../src/dialects/openai.ts';
import { compileRoutes } from '../../../src/dialects/routes.ts';
import { SessionTurns } from '../../../src/upstream/session-turns.ts';
import { readRequestFacts } from '../../../src/signals/request-facts.ts';
import { detectionSchema } from '../../../src/detection/detection-schema.ts';
import { compileDetection } from '../../../src/detection/detection-settings.ts';

const userText = (text: string) => ({
  type: 'conversation.item.create',
  item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] },
});

describe('SessionTurns', () => {
  it('turns session.update, the user items and response.create into a chat body', () => {
    const turns = new SessionTurns('gpt-realtime');
    expect(
      turns.read({
        type: 'session.update',
        session: {
          instructions: 'You are a tutor.',
          tools: [{ type: 'function', name: 'lookup' }],
          max_response_output_tokens: 2048,
        },
      }),
    ).toBeUndefined();
    expect(turns.read(userText('What is 2 + 2?'))).toBeUndefined();
    expect(turns.read(userText('Show your work.'))).toBeUndefined();
    // Audio, an assistant item and events of other types add nothing.
    turns.read({ type: 'input_audio_buffer.append', audio: 'AAAA' });
    turns.read({
      type: 'conversation.item.create',
      item: { role: 'assistant', content: [{ type: 'text', text: 'ignored' }] },
    });
    const turn = turns.read({ type: 'response.create', response: {} });
    expect(turn?.body).toEqual({
      model: 'gpt-realtime',
      messages: [
        { role: 'system', content: 'You are a tutor.' },
        { role: 'user', content: 'What is 2 + 2?\nShow your work.' },
      ],
      tools: [{ type: 'function', name: 'lookup' }],
      max_tokens: 2048,
    });
    // The next turn reads only what came after: the response's own settings win for it.
    turns.read({ type: 'session.update', session: { model: 'gpt-realtime-mini' } });
    turns.read(userText('And 3 + 3?'));
    expect(
      turns.read({
        type: 'response.create',
        response: { instructions: 'Answer briefly.', max_output_tokens: 'inf' },
      })?.body,
    ).toEqual({
      model: 'gpt-realtime-mini',
      messages: [
        { role: 'system', content: 'Answer briefly.' },
        { role: 'user', content: 'And 3 + 3?' },
      ],
      tools: [{ type: 'function', name: 'lookup' }],
      max_tokens: 2048,
    });
  });

  it('ignores what is not an event and caps what it keeps', () => {
    const turns = new SessionTurns(undefined);
    for (const event of [null, 'text', 42, [], { type: 'conversation.item.create', item: 7 }])
      expect(turns.read(event)).toBeUndefined();
    turns.read(userText('x'.repeat(200_000)));
    turns.read(userText('more'));
    const turn = turns.read({ type: 'response.create' });
    const user = (turn?.body['messages'] as { content: string }[]).at(-1)!.content;
    expect(user.length).toBe(64 * 1024);
    expect(turn?.body['model']).toBeUndefined();
  });

  it("gives detection the turn's signals, as a request asking the same would", () => {
    const turns = new SessionTurns('gpt-realtime');
    turns.read(
      userText(
        'Solve this step by step and show your full reasoning before the final answer: a train leaves at 9.',
      ),
    );
    const turn = turns.read({ type: 'response.create', response: { max_output_tokens: 4096 } })!;
    const route = compileRoutes(
      [],
      [{ path: '/v1/realtime', dialect: 'openai', usage: 'realtime' }],
    ).matchWebsocket('/v1/realtime')!;
    const facts = readRequestFacts(
      openai,
      route,
      turn.body,
      turn.bytes,
      { rawHeaders: [], ipPrefix: '127.0.0.0/24' },
      compileDetection(detectionSchema.parse({})),
    );
    expect(facts).toMatchObject({
      route: 'websocket:/v1/realtime',
      model: 'gpt-realtime',
      maxTokens: 4096,
    });
    expect(facts.signals?.elicitation).toBe(1);
    expect(facts.signals?.skeleton).not.toBe(0);
  });
});
