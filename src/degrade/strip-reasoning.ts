/**
 * Strips reasoning from responses, JSON or SSE, per route:
 *
 * - Anthropic Messages: each `thinking` block is replaced, at the same index, by a stand-in — a
 *   `redacted_thinking` block whose `data` is a token — and the original (text and signature) is
 *   kept in the thinking vault, to be put back when the client returns the stand-in
 *   (restore-thinking.ts). Thinking stays on: the answer is as good as before, the client's tool
 *   loop stays valid, and the reasoning text never leaves the proxy. `redacted_thinking` blocks
 *   from the upstream carry nothing readable and pass as they are.
 * - OpenAI Chat Completions: the unsigned reasoning text fields some servers add to a message or a
 *   delta (`reasoning_content`, `reasoning`, `reasoning_details`) are removed.
 * - OpenAI Responses: reasoning summary and text events are dropped, and reasoning items keep
 *   their id and `encrypted_content` (which a client sends back) with an empty `summary`.
 *
 * A body or an event that does not parse is passed through unchanged and counted: the strip can
 * only ever remove what it understands, never break a stream.
 */

import { isAscii } from 'node:buffer';
import type { StandIns } from './thinking-vault.ts';

const CR = 13;

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
  standIns: StandIns,
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
      object['content'] = content.map((block: unknown) => {
        if (!isThinkingBlock(block)) return block;
        changed = true;
        return standInFor(JSON.stringify(block), standIns);
      });
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
  private readonly standIns: StandIns;
  /** Anthropic: the thinking blocks being withheld, by index, gathered until their stop event. */
  private readonly withheld = new Map<number, Withheld>();

  constructor(routeId: string, stats: StripStats, standIns: StandIns) {
    this.routeId = routeId;
    this.stats = stats;
    this.standIns = standIns;
  }

  /**
   * The Buffer form used by the forward stage: events that cannot change are passed on as slices
   * of the chunk (never decoded or re-encoded); only the others are decoded, rewritten or dropped.
   */
  pushBuffer(chunk: Buffer): Buffer {
    // Cheap exit: nothing this route could strip, and no thinking block being withheld.
    const needle = this.routeId === 'anthropic.messages' ? 'thinking' : 'reasoning';
    if (this.withheld.size === 0 && chunk.indexOf(needle) === -1) return chunk;
    if (chunk.includes(CR)) {
      const text = chunk.toString('utf8');
      const out = this.push(text);
      return out === text ? chunk : Buffer.from(out);
    }
    // Events are found on a one-byte-per-character reading of the chunk, whose offsets are the
    // chunk's byte offsets (UTF-8 never puts an ASCII byte inside a multi-byte character, so the
    // ASCII needles and boundaries cannot match falsely); only an event that may change is decoded
    // — as UTF-8, unless the chunk is all ASCII. Unchanged runs go out as slices of the chunk.
    const text = chunk.toString('latin1');
    const ascii = isAscii(chunk);
    const hits = new NextHits();
    const parts: Buffer[] = [];
    let kept = 0;
    let start = 0;
    while (start < text.length) {
      const boundary = text.indexOf('\n\n', start);
      const end = boundary === -1 ? text.length : boundary + 2;
      if (this.mayChangeAt(text, start, end, hits)) {
        const raw = ascii ? text.slice(start, end) : chunk.toString('utf8', start, end);
        const replaced = this.event(raw);
        if (replaced !== raw) {
          if (start > kept) parts.push(chunk.subarray(kept, start));
          if (replaced !== '') parts.push(Buffer.from(replaced));
          kept = end;
        }
      }
      start = end;
    }
    if (kept === 0) return chunk;
    if (kept < chunk.length) parts.push(chunk.subarray(kept));
    return Buffer.concat(parts);
  }

  /**
   * mayChange for the event `text[start, end)`, without slicing it out. Each needle's next
   * occurrence is looked up once and kept (`hits`) until the events pass it: searching from every
   * event start would rescan the rest of the chunk for each event.
   */
  private mayChangeAt(text: string, start: number, end: number, hits: NextHits): boolean {
    if (this.routeId === 'anthropic.messages')
      return (
        hits.within(text, 0, start, end) ||
        (this.withheld.size > 0 && hits.within(text, 2, start, end))
      );
    return hits.within(text, 1, start, end);
  }

  push(text: string): string {
    // Cheap exit: nothing that could be reasoning, and no thinking block being withheld.
    if (this.withheld.size === 0 && !text.includes('thinking') && !text.includes('reasoning'))
      return text;
    let out = '';
    let start = 0;
    const crlf = text.includes('\r');
    for (;;) {
      const end = crlf ? nextBoundary(text, start) : nextLfBoundary(text, start);
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
    // Only events that can carry reasoning — or, while an Anthropic thinking block is withheld, any
    // event with a block index (its signature delta names no thinking) — are parsed; the rest pass.
    if (!this.mayChange(raw)) return raw;
    if (this.routeId === 'openai.chat_completions' && isPureReasoningChunk(raw)) {
      this.stats.stripped++;
      return '';
    }
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
            ? chatChunk(data)
            : 'keep';
    if (result === 'keep') return raw;
    this.stats.stripped++;
    if (result === 'drop') return '';
    return `${parsed.event === undefined ? '' : `event: ${parsed.event}\n`}data: ${JSON.stringify(data)}\n\n`;
  }

  private mayChange(raw: string): boolean {
    if (this.routeId === 'anthropic.messages')
      return raw.includes('thinking') || (this.withheld.size > 0 && raw.includes('"index"'));
    return raw.includes('reasoning');
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
    if (type === 'content_block_start') {
      const block = recordOf(data['content_block']);
      if (!isThinkingBlock(block)) return 'keep';
      // The stand-in takes the block's place (same index: nothing after it moves).
      const token = this.standIns.token();
      this.withheld.set(index, {
        token,
        thinking: [stringOf(block?.['thinking'])],
        signature: stringOf(block?.['signature']),
      });
      data['content_block'] = { type: 'redacted_thinking', data: token };
      return 'rewrite';
    }
    const withheld = this.withheld.get(index);
    if (withheld === undefined) return 'keep';
    if (type === 'content_block_delta') {
      const delta = recordOf(data['delta']);
      if (delta?.['type'] === 'thinking_delta') withheld.thinking.push(stringOf(delta['thinking']));
      else if (delta?.['type'] === 'signature_delta')
        withheld.signature += stringOf(delta['signature']);
      return 'drop';
    }
    // The block is complete: the original goes into the vault, the stand-in's stop goes out.
    this.withheld.delete(index);
    const original = {
      type: 'thinking',
      thinking: withheld.thinking.join(''),
      signature: withheld.signature,
    };
    this.standIns.keep(withheld.token, JSON.stringify(original));
    return 'keep';
  }
}

/** A thinking block being withheld from a stream: its stand-in's token and what arrived so far. */
interface Withheld {
  readonly token: string;
  readonly thinking: string[];
  signature: string;
}

/** The stand-in for a complete thinking block (JSON), whose original is kept. */
function standInFor(original: string, standIns: StandIns): Record<string, unknown> {
  const token = standIns.token();
  standIns.keep(token, original);
  return { type: 'redacted_thinking', data: token };
}

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The next occurrence of each needle in a chunk's text, looked up again only once passed. */
class NextHits {
  private static readonly NEEDLES = ['thinking', 'reasoning', '"index"'] as const;
  private readonly positions = [-2, -2, -2];

  /** Whether needle `n` occurs in `text[start, end)`. */
  within(text: string, n: 0 | 1 | 2, start: number, end: number): boolean {
    let at = this.positions[n] ?? -1;
    if (at !== -1 && at < start) {
      at = text.indexOf(NextHits.NEEDLES[n], start);
      this.positions[n] = at;
    }
    return at !== -1 && at < end;
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

/** A thinking block with readable text (redacted_thinking blocks carry none: they pass). */
function isThinkingBlock(block: unknown): boolean {
  return recordOf(block)?.['type'] === 'thinking';
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

/** A delta holding one reasoning string and nothing else (the string's escapes skipped). */
const REASONING_ONLY_DELTA = /"delta":\{"(?:reasoning_content|reasoning)":"(?:[^"\\]|\\.)*"\}/;
/** Anything else a chunk could carry that must reach the client. */
const CARRIES_MORE =
  /"(?:content|tool_calls|function_call|refusal|role|audio|reasoning_details)"|"usage":\{|"finish_reason":"/;

/**
 * The common case without a JSON parse: a single-line `data:` chunk whose only choice's delta is a
 * reasoning string, with no finish reason and no usage — it carries nothing once stripped, so it is
 * dropped. Anything less certain returns false and takes the parsing path.
 */
export function isPureReasoningChunk(raw: string): boolean {
  if (!raw.startsWith('data: {') || raw.indexOf('\n') !== raw.length - 2) return false;
  const delta = REASONING_ONLY_DELTA.exec(raw);
  if (delta === null) return false;
  // One choice only, and nothing outside the reasoning string that would have to be kept (the two
  // sides are tested apart: slices share the event's characters, a concatenation would copy them).
  const before = raw.slice(0, delta.index);
  const after = raw.slice(delta.index + delta[0].length);
  if (CARRIES_MORE.test(before) || CARRIES_MORE.test(after)) return false;
  return countOf(before, '"index":') + countOf(after, '"index":') === 1;
}

/** Occurrences of `needle` in `text`, counting up to 2 (enough to tell one from several). */
function countOf(text: string, needle: string): number {
  const first = text.indexOf(needle);
  if (first === -1) return 0;
  return text.indexOf(needle, first + needle.length) === -1 ? 1 : 2;
}

/**
 * A chat chunk without its reasoning fields; a chunk that carried nothing else (one choice, an
 * empty delta left, no finish reason, no usage) is dropped rather than rewritten.
 */
function chatChunk(data: Record<string, unknown>): 'keep' | 'drop' | 'rewrite' {
  let changed = false;
  let empty = true;
  const choices = arrayOf(data['choices']);
  for (const choice of choices) {
    const record = recordOf(choice);
    const delta = recordOf(record?.['delta']);
    if (removeReasoning(delta)) changed = true;
    if (delta !== undefined && Object.keys(delta).length > 0) empty = false;
    if (record?.['finish_reason'] != null) empty = false;
  }
  if (!changed) return 'keep';
  const bare = empty && choices.length === 1 && data['usage'] == null;
  return bare ? 'drop' : 'rewrite';
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

/** nextBoundary for text without carriage returns (the common case): one indexOf. */
function nextLfBoundary(text: string, from: number): number {
  const index = text.indexOf('\n\n', from);
  return index === -1 ? -1 : index + 2;
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
  // Fast path: one `data: …` line and its blank line (what the APIs send for data-only events).
  if (raw.startsWith('data: ') && raw.endsWith('\n\n') && raw.indexOf('\n') === raw.length - 2)
    return { event: undefined, data: raw.slice(6, raw.length - 2) };
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
