/**
 * The turns of a realtime WebSocket session, read from its events (OpenAI Realtime API) as they
 * pass: `session.update` sets the model, instructions and tools (the upstream's `session.created`
 * and `session.updated` confirm them, and win: a client cannot have its turns judged under a model
 * the upstream did not switch to for longer than a round trip); `conversation.item.create` adds
 * what the model will read — the user's text (and an audio item's transcript), a system or
 * developer item, a tool's output; each `response.create` asks for an answer — a turn, which the
 * proxy judges as it judges a request (websocket.ts). An out-of-band `response.create` carrying its
 * own `input` is judged on that input. The session's state is turned into the chat body such a
 * request would have sent, and the usual signals are read from it. Without this a campaign could
 * open one session and harvest through it unseen.
 *
 * Bounded: the instructions and the text awaiting a turn keep their first and last halves of
 * MAX_TEXT (as a request's long prompt is read at both ends), the tool list MAX_TOOLS entries.
 */

import type { Observed } from '../detection/score.ts';
import { countField } from '../dialects/dialect.ts';

/** The most of the instructions and of a turn's text kept (characters each): head and tail. */
const MAX_TEXT = 64 * 1024;
const MAX_TOOLS = 128;

/** A turn: the chat-completions body a request asking the same would have sent. */
export interface SessionTurn {
  readonly body: Record<string, unknown>;
  /** Its size, as a request's body bytes (an estimate: the parts' lengths). */
  readonly bytes: number;
}

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null;

/** `text` with `more` appended, held to its first and last halves of MAX_TEXT. */
function appended(text: string, more: string): string {
  const joined = text === '' ? more : `${text}\n${more}`;
  if (joined.length <= MAX_TEXT) return joined;
  return `${joined.slice(0, MAX_TEXT / 2)}\n${joined.slice(joined.length - MAX_TEXT / 2)}`;
}

/** The text an item gives the model: its text parts, an audio part's transcript, a tool output. */
function itemText(item: Fields): string {
  if (item['type'] === 'function_call_output')
    return typeof item['output'] === 'string' ? item['output'] : '';
  const content = item['content'];
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content) {
    if (!isObject(part)) continue;
    const value =
      typeof part['text'] === 'string'
        ? part['text']
        : typeof part['transcript'] === 'string'
          ? part['transcript']
          : undefined;
    if (value !== undefined) text = appended(text, value);
  }
  return text;
}

export class SessionTurns {
  private model: string | undefined;
  private instructions: string | undefined = undefined;
  private tools: unknown[] | undefined = undefined;
  private maxOutput: number | undefined = undefined;
  /** System and developer items' text, added to the instructions. */
  private system = '';
  private text = '';

  /** `model`: the one named at the upgrade (`?model=`), until an update names another. */
  constructor(model: string | undefined) {
    this.model = model;
  }

  /** Reads one client event; returns the turn a `response.create` asks for. */
  read(event: unknown): SessionTurn | undefined {
    if (!isObject(event)) return undefined;
    switch (event['type']) {
      case 'session.update': {
        const session = event['session'];
        if (isObject(session)) this.update(session);
        return undefined;
      }
      case 'conversation.item.create': {
        const item = event['item'];
        if (isObject(item)) this.addItem(item);
        return undefined;
      }
      case 'response.create':
        return this.turn(isObject(event['response']) ? event['response'] : {});
      default:
        return undefined;
    }
  }

  /** The upstream's `session.created` / `session.updated`: what it actually runs. */
  confirm(event: Fields): void {
    const session = event['session'];
    if (isObject(session)) this.update(session);
  }

  private update(session: Fields): void {
    if (typeof session['model'] === 'string') this.model = session['model'];
    if (typeof session['instructions'] === 'string')
      this.instructions = appended('', session['instructions']);
    if (Array.isArray(session['tools'])) this.tools = session['tools'].slice(0, MAX_TOOLS);
    const max = outputCap(session['max_response_output_tokens'] ?? session['max_output_tokens']);
    if (max !== null) this.maxOutput = max;
  }

  private addItem(item: Fields): void {
    const role = item['role'];
    if (role === 'assistant') return; // the model's own words
    const text = itemText(item);
    if (text === '') return;
    if (role === 'system' || role === 'developer') this.system = appended(this.system, text);
    else this.text = appended(this.text, text);
  }

  private turn(response: Fields): SessionTurn {
    const instructions =
      typeof response['instructions'] === 'string'
        ? appended('', response['instructions'])
        : this.instructions;
    const tools = Array.isArray(response['tools'])
      ? response['tools'].slice(0, MAX_TOOLS)
      : this.tools;
    const max = outputCap(response['max_output_tokens'] ?? response['max_response_output_tokens']);
    const maxTokens = max ?? this.maxOutput;
    // An out-of-band response reads its own input, not the conversation's.
    const input = response['input'];
    let text = this.text;
    if (Array.isArray(input)) {
      text = '';
      for (const item of input) if (isObject(item)) text = appended(text, itemText(item));
    }
    const system = [instructions, this.system].filter((part) => part !== undefined && part !== '');
    const messages: Fields[] = [];
    if (system.length > 0) messages.push({ role: 'system', content: system.join('\n') });
    messages.push({ role: 'user', content: text });
    const body: Fields = { model: this.model, messages };
    if (tools !== undefined && tools.length > 0) body['tools'] = tools;
    if (maxTokens !== undefined) body['max_tokens'] = maxTokens;
    const bytes =
      (instructions?.length ?? 0) + this.system.length + text.length + (tools?.length ?? 0) * 64;
    // The conversation's text is this turn's: the next turn judges what the client adds after it.
    if (!Array.isArray(input)) this.text = '';
    return { body, bytes };
  }
}

export interface JudgedTurn {
  readonly at: number;
  readonly observed: Observed;
  /** The client's `event_id` of its `response.create`, which an upstream `error` names. */
  readonly eventId?: string | undefined;
}

/** Turns awaiting their answer (bounded: beyond it, the oldest is dropped unsettled). */
const MAX_TURNS_AWAITING = 16;

/**
 * Pairs the turns detection observed with the answers that settle them: a turn asked waits for its
 * `response.created` (in order), then is keyed by that response's id until its `response.done`
 * names it. An upstream `error` naming a turn's `event_id` (a refused `response.create`) drops it,
 * so later answers are not settled against it.
 */
export class TurnAnswers {
  private readonly waiting: JudgedTurn[] = [];
  private readonly answering = new Map<string, JudgedTurn>();

  asked(turn: JudgedTurn): void {
    if (this.waiting.length >= MAX_TURNS_AWAITING) this.waiting.shift();
    this.waiting.push(turn);
  }

  created(responseId: string | undefined): void {
    const turn = this.waiting.shift();
    if (turn === undefined || responseId === undefined) return;
    if (this.answering.size >= MAX_TURNS_AWAITING) {
      const oldest = this.answering.keys().next().value;
      if (oldest !== undefined) this.answering.delete(oldest);
    }
    this.answering.set(responseId, turn);
  }

  refused(eventId: string | undefined): void {
    if (eventId === undefined) return;
    const at = this.waiting.findIndex((turn) => turn.eventId === eventId);
    if (at >= 0) this.waiting.splice(at, 1);
  }

  /** The turn an answer settles: by its response id, else the oldest still waiting. */
  done(responseId: string | undefined): JudgedTurn | undefined {
    if (responseId !== undefined) {
      const turn = this.answering.get(responseId);
      if (turn !== undefined) {
        this.answering.delete(responseId);
        return turn;
      }
    }
    return this.waiting.shift();
  }
}

/** A positive whole number of tokens; `inf` (no cap) and anything else: null. */
function outputCap(value: unknown): number | null {
  const count = countField(value);
  return count !== undefined && count > 0 ? count : null;
}
