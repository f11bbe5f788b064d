/**
 * The walk over a request body of either dialect that signal extraction (request-signals.ts)
 * starts from: the latest user turn, the conversation's opening turn and the system prompt as
 * text, the capability tags (S2), the tool-definition set's hash, the thinking budget, and what
 * the model reads after its latest message (tool results, a prefill). Bounded: at most
 * MAX_MESSAGES messages and MAX_BLOCKS blocks per message, TEXT_LIMIT characters of assembled
 * text, MAX_TOOLS tools; nesting is never recursed into, and any unexpected shape reads as absent.
 */
import type { DialectName } from '../dialects/dialect.ts';
import { fmix, hashRange, hashString, mix } from './hash.ts';

/** Capability tags (S2), a bitmask. */
export const CAP = Object.freeze({
  coding: 1,
  tools: 2,
  agentic: 4,
  reasoning: 8,
  vision: 16,
  computer: 32,
});

const MAX_MESSAGES = 64;
const MAX_BLOCKS = 64;
const MAX_TOOLS = 128;
const MAX_SCHEMA_KEYS = 32;
/** Longest text assembled from blocks (the schema's largest hashed prefix). */
const TEXT_LIMIT = 65_536;

/** What the walk over the body collects before hashing. */
export interface Collected {
  turn: string;
  /** The conversation's first user turn, when it is not `turn` (its standing instructions). */
  opening: string;
  system: string;
  capabilities: number;
  toolHash: number;
  toolCount: number;
  thinkingBudget: number;
  effortHigh: boolean;
  continuation: boolean;
  /**
   * What the model reads after its latest message, besides a user turn: the tool results the
   * request ends with (those answering its latest tool calls), or the prefill when the request
   * ends with an assistant message (the model continues it) — one or the other, never both.
   * TEXT_LIMIT characters at most, scanned for asks (trailingAsks).
   */
  trailing: string;
}

/**
 * The conversation's first user message with text, when it comes before the latest turn (at
 * `turnIndex`): read from the start of the conversation however long it is, at most MAX_MESSAGES
 * messages in (an image-only first turn is passed over).
 */
function openingTurn(messages: readonly unknown[], turnIndex: number): string {
  const last = Math.min(turnIndex, MAX_MESSAGES);
  for (let index = 0; index < last; index++) {
    const message = asObject(messages[index]);
    if (message?.['role'] !== 'user') continue;
    const text = textOf(message['content']);
    if (text.length > 0) return text;
  }
  return '';
}

// ---------------------------------------------------------------------------------------------
// Anthropic Messages: system (string | text blocks), messages[{role, content}], tools, thinking.

export function collectAnthropic(body: Record<string, unknown>, out: Collected): void {
  out.system = textOf(body['system']);
  collectTools(body['tools'], out);
  const thinking = asObject(body['thinking']);
  if (thinking) {
    const type = thinking['type'];
    if (type === 'enabled' || type === 'adaptive') out.capabilities |= CAP.reasoning;
    const budget = thinking['budget_tokens'];
    if (typeof budget === 'number' && Number.isFinite(budget)) out.thinkingBudget = budget;
  }
  const effort = asObject(body['output_config'])?.['effort'];
  if (effort === 'high' || effort === 'max') out.effortHigh = true;
  walkMessages(body['messages'], out);
}

// OpenAI: chat (messages), Responses (input + instructions), legacy completions (prompt).

export function collectOpenAi(
  routeId: string,
  body: Record<string, unknown>,
  out: Collected,
): void {
  collectTools(body['tools'] ?? body['functions'], out);
  const effort = body['reasoning_effort'] ?? asObject(body['reasoning'])?.['effort'];
  if (typeof effort === 'string' && effort !== 'none' && effort !== 'minimal') {
    out.capabilities |= CAP.reasoning;
    if (effort === 'high' || effort === 'xhigh') out.effortHigh = true;
  }
  if (routeId === 'openai.completions') {
    const prompt = body['prompt'];
    out.turn = typeof prompt === 'string' ? prompt : Array.isArray(prompt) ? textOf(prompt[0]) : '';
    return;
  }
  if (routeId === 'openai.responses') {
    out.system = typeof body['instructions'] === 'string' ? body['instructions'] : '';
    const input = body['input'];
    if (typeof input === 'string') out.turn = input;
    else walkMessages(input, out);
    return;
  }
  walkMessages(body['messages'], out);
}

/**
 * Walks the last MAX_MESSAGES messages (or Responses input items): the turn is the latest user
 * message that has text (in a tool loop that is the task, not the tool results); system and
 * developer messages form the system prompt; tool calls and results, thinking blocks and images
 * set capability tags; the text after the model's latest message — its tool calls' results, or a
 * prefill — is kept for trailingAsks.
 */
function walkMessages(value: unknown, out: Collected): void {
  if (!Array.isArray(value)) return;
  let sawToolUse = false;
  let sawToolResult = false;
  let turnIndex = -1;
  // Still among the messages after the model's latest one (its tool calls' results).
  let afterModel = true;
  const first = Math.max(0, value.length - MAX_MESSAGES);
  for (let index = value.length - 1; index >= first; index--) {
    const message = asObject(value[index]);
    if (!message) continue;
    const role = message['role'];
    const type = message['type'];
    const last = index === value.length - 1;
    // A prefill: the request ends with the model's own message, so no tool result follows it.
    if (last && role === 'assistant') keepTrailing(out, message['content']);
    if (role === 'assistant' || type === 'function_call' || type === 'computer_call')
      afterModel = false;
    if (type === 'function_call' || type === 'computer_call') sawToolUse = true;
    if (type === 'function_call_output' || type === 'computer_call_output') {
      sawToolResult = true;
      if (last) out.continuation = true;
      if (afterModel) keepTrailing(out, message['output']);
    }
    if (role === 'tool' || role === 'function') {
      sawToolResult = true;
      if (last) out.continuation = true;
      if (afterModel) keepTrailing(out, message['content']);
    }
    if (role === 'assistant' && Array.isArray(message['tool_calls'])) sawToolUse = true;
    const content = message['content'];
    if (Array.isArray(content)) {
      const blocks = Math.min(content.length, MAX_BLOCKS);
      for (let b = 0; b < blocks; b++) {
        const block = asObject(content[b]);
        const blockType = block?.['type'];
        if (typeof blockType !== 'string') continue;
        if (blockType === 'tool_use' || blockType === 'server_tool_use') sawToolUse = true;
        else if (blockType === 'tool_result') {
          sawToolResult = true;
          if (last) out.continuation = true;
          if (afterModel) keepTrailing(out, block?.['content']);
        } else if (blockType === 'thinking' || blockType === 'redacted_thinking')
          out.capabilities |= CAP.reasoning;
        else if (
          blockType === 'image' ||
          blockType === 'image_url' ||
          blockType === 'input_image' ||
          blockType === 'document'
        )
          out.capabilities |= CAP.vision;
      }
    }
    if (role === 'system' || role === 'developer') {
      if (out.system.length === 0) out.system = textOf(content);
    } else if (role === 'user' && out.turn.length === 0) {
      out.turn = textOf(content);
      if (out.turn.length > 0) turnIndex = index;
    }
  }
  if (out.system.length === 0 && first > 0) out.system = leadingSystem(value, first);
  out.opening = openingTurn(value, turnIndex);
  if (sawToolUse || sawToolResult) out.capabilities |= CAP.agentic;
}

/**
 * Adds a tool result's or a prefill's text (a string, or text blocks or parts) to `out.trailing`,
 * TEXT_LIMIT characters in all at most. The walk runs from the last message back: results are kept
 * latest first, which trailingAsks' scan of both ends does not mind.
 */
function keepTrailing(out: Collected, content: unknown): void {
  if (out.trailing.length >= TEXT_LIMIT) return;
  const text = textOf(content);
  if (text.length === 0) return;
  const joined = out.trailing.length === 0 ? text : `${out.trailing}\n${text}`;
  out.trailing = joined.length > TEXT_LIMIT ? joined.slice(0, TEXT_LIMIT) : joined;
}

/**
 * A system or developer message among the conversation's first messages, before `first` (where
 * the walk of the last MAX_MESSAGES began), at most MAX_MESSAGES in: a chat longer than that keeps
 * its system prompt at the start, and without this a long conversation would shed its
 * `system_prompt` fingerprint and the standing instructions' scan.
 */
function leadingSystem(messages: readonly unknown[], first: number): string {
  const last = Math.min(first, MAX_MESSAGES);
  for (let index = 0; index < last; index++) {
    const message = asObject(messages[index]);
    const role = message?.['role'];
    if (role !== 'system' && role !== 'developer') continue;
    const text = textOf(message?.['content']);
    if (text.length > 0) return text;
  }
  return '';
}

/**
 * The tool-definition set as one order-independent hash: each tool's name, description and the
 * names of its top-level parameters (never the schema's depth: hostile schemas cost nothing).
 */
function collectTools(value: unknown, out: Collected): void {
  if (!Array.isArray(value) || value.length === 0) return;
  out.capabilities |= CAP.tools;
  let sum = 0;
  let xor = 0;
  const count = Math.min(value.length, MAX_TOOLS);
  for (let index = 0; index < count; index++) {
    const tool = asObject(value[index]);
    if (!tool) continue;
    const fn = asObject(tool['function']) ?? tool;
    const type = typeof tool['type'] === 'string' ? tool['type'] : '';
    const name = typeof fn['name'] === 'string' ? fn['name'] : '';
    if (/^computer|^bash_|^text_editor/.test(type) || name === 'computer')
      out.capabilities |= CAP.computer;
    let h = mix(hashString(type), hashString(name.slice(0, 256)));
    const description = fn['description'];
    if (typeof description === 'string')
      h = mix(h, hashRange(description, 0, Math.min(description.length, 512)));
    const schema = asObject(fn['input_schema'] ?? fn['parameters']);
    const properties = asObject(schema?.['properties']);
    if (properties) {
      let keys = 0;
      for (const key in properties) {
        if (keys++ >= MAX_SCHEMA_KEYS) break;
        h = mix(h, hashRange(key, 0, Math.min(key.length, 128)));
      }
    }
    sum = (sum + fmix(h)) >>> 0;
    xor = (xor ^ h) >>> 0;
    out.toolCount++;
  }
  out.toolHash = mix(sum, xor);
}

/** Text of a string or of text blocks/parts (first MAX_BLOCKS), joined by newlines. */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value)) return '';
  let text = '';
  const blocks = Math.min(value.length, MAX_BLOCKS);
  for (let index = 0; index < blocks; index++) {
    const block = asObject(value[index]);
    const found = block?.['text'];
    if (typeof found !== 'string') continue;
    let part = found;
    // Never build (and later flatten) a huge string: only the two ends of a turn are read.
    if (part.length > TEXT_LIMIT)
      part = `${part.slice(0, TEXT_LIMIT / 2)}\n${part.slice(part.length - TEXT_LIMIT / 2)}`;
    text = text.length === 0 ? part : `${text}\n${part}`;
    if (text.length >= TEXT_LIMIT) break;
  }
  return text;
}

/** The downstream end-user id the body names, if any. */
export function endUserId(dialect: DialectName, body: Record<string, unknown>): string | undefined {
  const id =
    dialect === 'anthropic'
      ? asObject(body['metadata'])?.['user_id']
      : (body['user'] ?? body['safety_identifier']);
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
