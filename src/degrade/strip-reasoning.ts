/**
 * Strips reasoning from responses, JSON or SSE, per route:
 *
 * - Anthropic Messages: `thinking` and `redacted_thinking` content blocks are dropped and the
 *   remaining blocks' indexes renumbered, so the stream stays what the SDK expects (block 0, 1, …).
 *   (With strip_reasoning the request also has thinking turned off — see degrade-request.ts — so a
 *   signed block a client would have to send back is never produced: this is the safety net.)
 * - OpenAI Chat Completions: the unsigned reasoning text fields some servers add to a message or a
 *   delta (`reasoning_content`, `reasoning`, `reasoning_details`) are removed.
 * - OpenAI Responses: reasoning summary and text events are dropped, and reasoning items keep
 *   their id and `encrypted_content` (which a client sends back) with an empty `summary`.
 *
 * A body or an event that does not parse is passed through unchanged and counted: the strip can
 * only ever remove what it understands, never break a stream.
 */

const REASONING_FIELDS = ['reasoning_content', 'reasoning', 'reasoning_details'] as const;

export interface StripStats {
  /** Events or bodies that did not parse and were passed through unchanged. */
  unparsed: number;
  /** Events dropped or rewritten. */
  stripped: number;
}

/** Strips a complete JSON body; returns undefined when it does not parse (pass it unchanged). */
export function stripJsonBody(
  routeId: string,
  body: string,
  stats: StripStats,
): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    stats.unparsed++;
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  const object = value as Record<string, unknown>;
  let changed = false;
  if (routeId === 'anthropic.messages') {
    const content = object['content'];
    if (Array.isArray(content)) {
      const kept = content.filter((block) => !isThinkingBlock(block));
      changed = kept.length !== content.length;
      object['content'] = kept;
    }
  } else if (routeId === 'openai.chat_completions') {
    for (const choice of arrayOf(object['choices'])) {
      if (removeReasoning(recordOf(recordOf(choice)?.['message']))) changed = true;
    }
  } else if (routeId === 'openai.responses') {
    changed = blankReasoningItems(object['output']);
  }
  if (!changed) return undefined;
  stats.stripped++;
  return JSON.stringify(object);
}

/**
 * An SSE transformer for one response. `push` takes text that ends on an event boundary (the
 * forward stage aligns chunks) and returns the text to send, possibly empty.
 */
export class SseReasoningStripper {
  private readonly routeId: string;
  private readonly stats: StripStats;
  /** Anthropic: the upstream indexes of dropped blocks, ascending. */
  private readonly dropped: number[] = [];

  constructor(routeId: string, stats: StripStats) {
    this.routeId = routeId;
    this.stats = stats;
  }

  push(text: string): string {
    // Cheap exit: nothing that could be reasoning, and no block index to renumber.
    if (this.dropped.length === 0 && !text.includes('thinking') && !text.includes('reasoning'))
      return text;
    let out = '';
    let start = 0;
    for (;;) {
      const end = nextBoundary(text, start);
      if (end < 0) {
        out += this.event(text.slice(start));
        return out;
      }
      out += this.event(text.slice(start, end));
      start = end;
    }
  }

  /** One event with its trailing blank line; returns its replacement ('' to drop it). */
  private event(raw: string): string {
    if (raw.trim() === '') return raw;
    const parsed = parseEvent(raw);
    if (parsed === undefined) return raw; // a comment, or no data: nothing to strip
    let data: Record<string, unknown> | undefined;
    try {
      const value: unknown = JSON.parse(parsed.data);
      data = recordOf(value);
    } catch {
      // `[DONE]` and other non-JSON data are not ours to judge.
      if (parsed.data.trim() !== '[DONE]') this.stats.unparsed++;
      return raw;
    }
    if (data === undefined) return raw;
    const result =
      this.routeId === 'anthropic.messages'
        ? this.anthropic(data)
        : this.routeId === 'openai.responses'
          ? responsesEvent(data)
          : this.routeId === 'openai.chat_completions'
            ? removeChunkReasoning(data)
              ? 'rewrite'
              : 'keep'
            : 'keep';
    if (result === 'keep') return raw;
    this.stats.stripped++;
    if (result === 'drop') return '';
    return `${parsed.event === undefined ? '' : `event: ${parsed.event}\n`}data: ${JSON.stringify(data)}\n\n`;
  }

  private anthropic(data: Record<string, unknown>): 'keep' | 'drop' | 'rewrite' {
    const type = data['type'];
    if (
      type !== 'content_block_start' &&
      type !== 'content_block_delta' &&
      type !== 'content_block_stop'
    )
      return 'keep';
    const index = data['index'];
    if (typeof index !== 'number') return 'keep';
    if (type === 'content_block_start' && isThinkingBlock(data['content_block'])) {
      this.dropped.push(index);
      return 'drop';
    }
    if (this.dropped.includes(index)) return 'drop';
    const before = this.dropped.filter((dropped) => dropped < index).length;
    if (before === 0) return 'keep';
    data['index'] = index - before;
    return 'rewrite';
  }
}

function responsesEvent(data: Record<string, unknown>): 'keep' | 'drop' | 'rewrite' {
  const type = data['type'];
  if (typeof type !== 'string') return 'keep';
  if (type.startsWith('response.reasoning_summary') || type.startsWith('response.reasoning_text'))
    return 'drop';
  if (type === 'response.output_item.added' || type === 'response.output_item.done') {
    return blankReasoningItems([data['item']]) ? 'rewrite' : 'keep';
  }
  if (type === 'response.completed' || type === 'response.incomplete') {
    return blankReasoningItems(recordOf(data['response'])?.['output']) ? 'rewrite' : 'keep';
  }
  return 'keep';
}

function isThinkingBlock(block: unknown): boolean {
  const type = recordOf(block)?.['type'];
  return type === 'thinking' || type === 'redacted_thinking';
}

function removeReasoning(message: Record<string, unknown> | undefined): boolean {
  if (message === undefined) return false;
  let changed = false;
  for (const field of REASONING_FIELDS) {
    if (field in message) {
      Reflect.deleteProperty(message, field);
      changed = true;
    }
  }
  return changed;
}

function removeChunkReasoning(data: Record<string, unknown>): boolean {
  let changed = false;
  for (const choice of arrayOf(data['choices'])) {
    if (removeReasoning(recordOf(recordOf(choice)?.['delta']))) changed = true;
  }
  return changed;
}

/** Responses API reasoning items keep id and encrypted_content; their readable text goes. */
function blankReasoningItems(items: unknown): boolean {
  let changed = false;
  for (const item of arrayOf(items)) {
    const record = recordOf(item);
    if (record?.['type'] !== 'reasoning') continue;
    if (Array.isArray(record['summary']) && record['summary'].length > 0) {
      record['summary'] = [];
      changed = true;
    }
    if ('content' in record) {
      delete record['content'];
      changed = true;
    }
  }
  return changed;
}

function recordOf(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function arrayOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The end (exclusive) of the event starting at `from`: just past its blank line; -1 if none. */
function nextBoundary(text: string, from: number): number {
  const match = /\r\n\r\n|\n\n|\r\r/g;
  match.lastIndex = from;
  const found = match.exec(text);
  return found === null ? -1 : found.index + found[0].length;
}

/** The `event:` name and the joined `data:` lines of one event; undefined without data. */
function parseEvent(raw: string): { event: string | undefined; data: string } | undefined {
  let event: string | undefined;
  let data: string | undefined;
  for (const line of raw.split(/\r\n|\n|\r/)) {
    if (line.startsWith('data:')) {
      const value = line.slice(line[5] === ' ' ? 6 : 5);
      data = data === undefined ? value : `${data}\n${value}`;
    } else if (line.startsWith('event:')) {
      event = line.slice(line[6] === ' ' ? 7 : 6);
    }
  }
  return data === undefined ? undefined : { event, data };
}
