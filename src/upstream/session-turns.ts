/**
 * The turns of a realtime WebSocket session, read from the client's events (OpenAI Realtime API)
 * as they pass: `session.update` sets the model, instructions and tools; `conversation.item.create`
 * adds the user's text; each `response.create` asks for an answer — a turn, which the proxy
 * judges as it judges a request (websocket.ts): the session's state is turned into the chat body
 * such a request would have sent, and the usual signals are read from it. Without this a campaign
 * could open one session and harvest through it unseen.
 *
 * Bounded: the instructions, the user text awaiting a turn and the tool list are capped (what
 * detection reads of a long prompt is capped anyway); audio is not read.
 */

/** The most of the instructions and of a turn's user text kept (characters each). */
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

export class SessionTurns {
  private model: string | undefined;
  private instructions: string | undefined = undefined;
  private tools: unknown[] | undefined = undefined;
  private maxOutput: number | undefined = undefined;
  private text = '';

  /** `model`: the one named at the upgrade (`?model=`), until a session.update names another. */
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
        if (isObject(item) && (item['role'] === 'user' || item['role'] === undefined))
          this.addText(item['content']);
        return undefined;
      }
      case 'response.create':
        return this.turn(isObject(event['response']) ? event['response'] : {});
      default:
        return undefined;
    }
  }

  private update(session: Fields): void {
    if (typeof session['model'] === 'string') this.model = session['model'];
    if (typeof session['instructions'] === 'string')
      this.instructions = session['instructions'].slice(0, MAX_TEXT);
    if (Array.isArray(session['tools'])) this.tools = session['tools'].slice(0, MAX_TOOLS);
    const max = outputCap(session['max_response_output_tokens'] ?? session['max_output_tokens']);
    if (max !== null) this.maxOutput = max;
  }

  /** The text parts of a user item (`input_text`, `text`), joined; audio is not read. */
  private addText(content: unknown): void {
    if (!Array.isArray(content)) return;
    for (const part of content) {
      if (!isObject(part) || this.text.length >= MAX_TEXT) continue;
      const text = part['text'];
      if (typeof text !== 'string') continue;
      this.text = (this.text === '' ? text : `${this.text}\n${text}`).slice(0, MAX_TEXT);
    }
  }

  private turn(response: Fields): SessionTurn {
    const instructions =
      typeof response['instructions'] === 'string'
        ? response['instructions'].slice(0, MAX_TEXT)
        : this.instructions;
    const tools = Array.isArray(response['tools'])
      ? response['tools'].slice(0, MAX_TOOLS)
      : this.tools;
    const max = outputCap(response['max_output_tokens'] ?? response['max_response_output_tokens']);
    const maxTokens = max ?? this.maxOutput;
    const messages: Fields[] = [];
    if (instructions !== undefined) messages.push({ role: 'system', content: instructions });
    messages.push({ role: 'user', content: this.text });
    const body: Fields = { model: this.model, messages };
    if (tools !== undefined && tools.length > 0) body['tools'] = tools;
    if (maxTokens !== undefined) body['max_tokens'] = maxTokens;
    const bytes = (instructions?.length ?? 0) + this.text.length + (tools?.length ?? 0) * 64;
    // The text is this turn's: the next turn judges what the client adds after it.
    this.text = '';
    return { body, bytes };
  }
}

/** A positive whole number of tokens; `inf` (no cap) and anything else: null. */
function outputCap(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : null;
}
