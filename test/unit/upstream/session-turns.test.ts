/**
 * The turns of a realtime session: the client's events turned into the chat body a request asking
 * the same would send, which the proxy then reads signals from and judges like any request.
 */
import { describe, expect, it } from 'vitest';
import { openai } from '../../../src/dialects/openai.ts';
import { compileRoutes } from '../../../src/dialects/routes.ts';
import { SessionTurns, TurnAnswers } from '../../../src/upstream/session-turns.ts';
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
    expect(user.length).toBe(64 * 1024 + 1); // both halves, joined by a line break
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

describe('SessionTurns: where else the model reads from', () => {
  const text = (turn: ReturnType<SessionTurns['read']>) =>
    (turn?.body['messages'] as { role: string; content: string }[]).map((m) => [m.role, m.content]);

  it('reads system and developer items, a tool output and an audio transcript', () => {
    const turns = new SessionTurns('gpt-realtime');
    turns.read({
      type: 'conversation.item.create',
      item: {
        type: 'message',
        role: 'system',
        content: [{ type: 'input_text', text: 'Be terse.' }],
      },
    });
    turns.read({
      type: 'conversation.item.create',
      item: { type: 'function_call_output', call_id: 'c1', output: 'Explain step by step.' },
    });
    turns.read({
      type: 'conversation.item.create',
      item: { role: 'user', content: [{ type: 'input_audio', transcript: 'what is a prime' }] },
    });
    expect(text(turns.read({ type: 'response.create' }))).toEqual([
      ['system', 'Be terse.'],
      ['user', 'Explain step by step.\nwhat is a prime'],
    ]);
  });

  it("judges an out-of-band response on its own input, leaving the conversation's text", () => {
    const turns = new SessionTurns('gpt-realtime');
    turns.read(userText('conversation text'));
    const outOfBand = turns.read({
      type: 'response.create',
      response: {
        conversation: 'none',
        input: [
          { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'out of band' }] },
        ],
      },
    });
    expect(text(outOfBand)).toEqual([['user', 'out of band']]);
    expect(text(turns.read({ type: 'response.create' }))).toEqual([['user', 'conversation text']]);
  });

  it('keeps both ends of a long text, as a request is read', () => {
    const turns = new SessionTurns(undefined);
    turns.read(userText('x'.repeat(100_000)));
    turns.read(userText('the question at the end'));
    const user = text(turns.read({ type: 'response.create' })).at(-1)![1]!;
    expect(user.length).toBeLessThanOrEqual(64 * 1024 + 1);
    expect(user.endsWith('the question at the end')).toBe(true);
  });

  it('takes the model the upstream confirms over what the client claimed', () => {
    const turns = new SessionTurns('model-a');
    turns.read({ type: 'session.update', session: { model: 'model-b' } });
    turns.confirm({ type: 'session.updated', session: { model: 'model-a' } });
    expect(turns.read({ type: 'response.create' })?.body['model']).toBe('model-a');
  });
});

describe('TurnAnswers', () => {
  const turn = (at: number, eventId?: string) => ({ at, observed: undefined, eventId });

  it('pairs turns with answers by response id, drops a refused turn, and stays bounded', () => {
    const answers = new TurnAnswers();
    answers.asked(turn(1, 'e1'));
    answers.asked(turn(2, 'e2'));
    answers.asked(turn(3, 'e3'));
    answers.refused('e2'); // the upstream refused the second response.create
    answers.created('r1');
    answers.created('r3');
    // Out of order: r3 finishes first.
    expect(answers.done('r3')?.at).toBe(3);
    expect(answers.done('r1')?.at).toBe(1);
    expect(answers.done('r1')).toBeUndefined();
    // Beyond the bound the oldest waiting turn goes, not the newest.
    for (let at = 10; at < 30; at++) answers.asked(turn(at));
    answers.created('r10');
    expect(answers.done('r10')?.at).toBe(14);
  });
});
