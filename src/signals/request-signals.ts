/**
 * Per-request signals (THREATS.md S2–S13), read from the parsed body of either dialect — including
 * thinking, tool-use and image blocks — plus the client's header order and IP prefix. Pure and
 * bounded: at most MAX_MESSAGES messages and MAX_BLOCKS blocks per message are looked at, only the
 * first and last `hashedChars` of a turn are hashed and scanned, nesting is never recursed into, and
 * any unexpected shape reads as "absent", so hostile bodies cost no more than friendly ones and
 * extraction never throws.
 */
import type { DialectName } from '../dialects/dialect.ts';
import type { DetectionSettings } from '../detection/detection-settings.ts';
import { fingerprint, fmix, hashRange, hashString, mix } from './hash.ts';
import { asksForCode, asksForGrading, elicitsReasoning, gradingLevel } from './phrases.ts';
import { decodeModel, type IntentModels } from './intent-model.ts';
import { ELICITATION_MODEL, GRADING_MODEL } from './intent-weights.ts';
import { minhashBand, newTextShape, readTextShape, HEAD_TOKENS } from './text-shape.ts';

/** Capability tags (S2), a bitmask. */
export const CAP = Object.freeze({
  coding: 1,
  tools: 2,
  agentic: 4,
  reasoning: 8,
  vision: 16,
  computer: 32,
});
export const CAPABILITY_NAMES = Object.keys(CAP) as (keyof typeof CAP)[];

/** Harvesting parameters (S13), a bitmask. */
export const HARVEST = Object.freeze({ maxTokens: 1, multiChoice: 2 });

/** Fingerprint kinds: content and infrastructure keys shared across accounts link them (S8). */
export const PRINT = Object.freeze({
  system: 1,
  tools: 2,
  skeleton: 3,
  head: 4,
  tail: 5,
  band: 6, // 6..9: four MinHash bands
  client: 10,
  ipPrefix: 11,
  frameHead: 12,
  frameTail: 13,
  shape: 14,
  /** Not a request's: an account's synchronised-timing signature (detection/timing.ts). */
  timing: 15,
});
export const PRINT_KIND_NAMES: Readonly<Record<number, string>> = Object.freeze({
  1: 'system_prompt',
  2: 'tool_set',
  3: 'skeleton',
  4: 'template_head',
  5: 'template_tail',
  6: 'near_duplicate',
  7: 'near_duplicate',
  8: 'near_duplicate',
  9: 'near_duplicate',
  10: 'client',
  11: 'ip_prefix',
  12: 'frame_head',
  13: 'frame_tail',
  14: 'harvest_shape',
  15: 'timing',
});

export const MINHASH_BANDS = 4;
const MAX_MESSAGES = 64;
const MAX_BLOCKS = 64;
const MAX_TOOLS = 128;
const MAX_SCHEMA_KEYS = 32;
const MAX_SYSTEM_CHARS = 8_192;
/** Longest text assembled from blocks (the schema's largest hashed prefix). */
const TEXT_LIMIT = 65_536;
/** Fewer tokens than this: too generic for head/tail or near-duplicate fingerprints. */
const MIN_TEMPLATE_TOKENS = HEAD_TOKENS + 4;
/** A thinking budget at least this share of max_tokens (or this large) counts as maximal. */
const MAX_THINKING_SHARE = 0.8;
const MAX_THINKING_TOKENS = 30_000;
/** max_tokens within this share of the model's cap counts as "at the maximum". */
const MAX_TOKENS_SHARE = 0.9;

export interface RequestSignals {
  /** Content fingerprints (0 when absent): exact system prompt, tool-definition set, turn skeleton. */
  readonly system: number;
  readonly tools: number;
  readonly skeleton: number;
  /** Skeleton of the turn's first and last tokens (0 when the turn is too short). */
  readonly head: number;
  readonly tail: number;
  /** Function-word frames of the turn's start and end (0 when too generic or short). */
  readonly frameHead: number;
  readonly frameTail: number;
  /**
   * The generation parameters of a harvesting request — route, model, max_tokens, n, thinking
   * budget, capability tags — fingerprinted only when the request has a harvesting parameter or a
   * maximal thinking budget (0 otherwise). A harvesting tool sends the same parameters from every
   * account while its prompts vary, as a TLS client's fingerprint outlives its IPs.
   */
  readonly shape: number;
  /** MinHash band keys of the turn (0 when too short). */
  readonly bands: readonly number[];
  /** Exact hash of the turn (resent prompts); 0 for an empty turn. */
  readonly exact: number;
  /**
   * The request continues a tool loop (its last message is a tool result, not a new user turn):
   * it re-sends the same task, which is neither a resent prompt nor a new use of a template.
   */
  readonly continuation: boolean;
  /** The account-level template key: system prompt, tools and the turn's head and tail. */
  readonly template: number;
  /** Masked tokens in the turn's hashed prefix. */
  readonly tokens: number;
  /** Distinct tool definitions hashed into `tools`. */
  readonly toolCount: number;
  /** S4: 1 when the turn asks for reasoning or the thinking budget is maximal. */
  readonly elicitation: 0 | 1;
  /** S5: 0 none, 1 grading phrasing, 2 grading with several labelled candidates. */
  readonly grading: 0 | 1 | 2;
  readonly capabilities: number;
  readonly harvest: number;
  /** Client fingerprint: user-agent family and header-name order. */
  readonly client: number;
  /** Hash of the client IP prefix (0 when unknown). */
  readonly ipPrefix: number;
  /**
   * Hash of the downstream end-user id (OpenAI `user`, Anthropic metadata.user_id), or 0: for
   * distinct-count sketches only, never logged or stored as a key (32 bits, unkeyed).
   */
  readonly endUser: number;
  /** The end user's keyed pseudonym (end-user-pseudonym.ts), or null: logged, remembered by. */
  readonly endUserPseudonym: string | null;
  /** Release of the requested model (ms since epoch), when configured. */
  readonly modelReleasedAt: number | undefined;
}

/** Signals of a request whose body was not read (pass-through routes). */
export const NO_SIGNALS: RequestSignals = Object.freeze({
  system: 0,
  tools: 0,
  skeleton: 0,
  head: 0,
  tail: 0,
  frameHead: 0,
  frameTail: 0,
  shape: 0,
  bands: Object.freeze([]),
  exact: 0,
  continuation: false,
  template: 0,
  tokens: 0,
  toolCount: 0,
  elicitation: 0,
  grading: 0,
  capabilities: 0,
  harvest: 0,
  client: 0,
  ipPrefix: 0,
  endUser: 0,
  endUserPseudonym: null,
  modelReleasedAt: undefined,
});

/** What the walk over the body collects before hashing. */
interface Collected {
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

const shape = newTextShape();

export interface SignalInputs {
  readonly dialect: DialectName;
  readonly routeId: string;
  readonly body: Record<string, unknown>;
  readonly rawHeaders: readonly string[];
  /** The client's IP prefix as logged (e.g. "203.0.113.0/24"). */
  readonly ipPrefix: string;
  readonly model: string | undefined;
  readonly maxTokens: number | undefined;
  readonly choices: number;
}

export function readRequestSignals(
  inputs: SignalInputs,
  settings: DetectionSettings,
): RequestSignals {
  const { body } = inputs;
  const collected: Collected = {
    turn: '',
    opening: '',
    system: '',
    capabilities: 0,
    toolHash: 0,
    toolCount: 0,
    thinkingBudget: 0,
    effortHigh: false,
    continuation: false,
    trailing: '',
  };
  if (inputs.dialect === 'anthropic') collectAnthropic(body, collected);
  else collectOpenAi(inputs.routeId, body, collected);

  const turn = collected.turn;
  const scanned = scannedPart(turn, settings.hashedChars);
  readTextShape(scanned, scanned.length, shape, INTENT_MODELS);
  const modelElicits = shape.elicitLogit >= INTENT_MODELS.elicitation.threshold;
  const modelGrades = shape.gradeLogit >= INTENT_MODELS.grading.threshold;
  const templated = shape.tokens >= MIN_TEMPLATE_TOKENS;
  const reasoning = (collected.capabilities & CAP.reasoning) !== 0;
  const bands: number[] = [];
  if (templated) {
    for (let band = 0; band < MINHASH_BANDS; band++) {
      const key = minhashBand(shape, band);
      if (key !== 0) bands.push(textPrint(PRINT.band + band, key, reasoning));
    }
  }
  const asks =
    (collected.system.length === 0 ? 0 : standingAsks(collected.system, settings)) |
    (collected.opening.length === 0 ? 0 : standingAsks(collected.opening, settings)) |
    (collected.trailing.length === 0 ? 0 : trailingAsks(collected.trailing, settings));
  let capabilities = collected.capabilities;
  if (shape.code || asksForCode(scanned, shape.triggers)) capabilities |= CAP.coding;

  const model = inputs.model === undefined ? undefined : settings.models.get(inputs.model);
  const maxTokens = inputs.maxTokens;
  const thinkingMaximal =
    collected.thinkingBudget >= MAX_THINKING_TOKENS ||
    (maxTokens !== undefined &&
      maxTokens > 0 &&
      collected.thinkingBudget >= MAX_THINKING_SHARE * maxTokens);
  let harvest = 0;
  if (
    maxTokens !== undefined &&
    model?.maxOutputTokens !== undefined &&
    maxTokens >= MAX_TOKENS_SHARE * model.maxOutputTokens
  )
    harvest |= HARVEST.maxTokens;
  if (inputs.choices > 1) harvest |= HARVEST.multiChoice;

  const systemHash =
    collected.system.length === 0
      ? 0
      : hashRange(collected.system, 0, Math.min(collected.system.length, MAX_SYSTEM_CHARS));
  const head = templated ? shape.head : 0;
  const tail = templated ? shape.tail : 0;
  const exact = turn.length === 0 ? 0 : mix(shape.exact, turn.length) || 1;
  const endUser = endUserId(inputs.dialect, body);
  return {
    system: systemHash === 0 ? 0 : fingerprint(PRINT.system, systemHash),
    tools: collected.toolCount === 0 ? 0 : fingerprint(PRINT.tools, collected.toolHash),
    skeleton: templated ? textPrint(PRINT.skeleton, shape.skeleton, reasoning) : 0,
    head: templated ? textPrint(PRINT.head, head, reasoning) : 0,
    tail: templated ? textPrint(PRINT.tail, tail, reasoning) : 0,
    frameHead: shape.frameHead === 0 ? 0 : textPrint(PRINT.frameHead, shape.frameHead, reasoning),
    frameTail: shape.frameTail === 0 ? 0 : textPrint(PRINT.frameTail, shape.frameTail, reasoning),
    shape:
      harvest === 0 && !thinkingMaximal
        ? 0
        : fingerprint(
            PRINT.shape,
            mix(
              mix(hashString(inputs.routeId), hashString(inputs.model ?? '')),
              mix(mix(maxTokens ?? 0, inputs.choices), mix(collected.thinkingBudget, capabilities)),
            ),
          ),
    bands,
    exact,
    continuation: collected.continuation,
    template: fmix(mix(mix(systemHash, collected.toolHash), mix(head, tail))) || 1,
    tokens: shape.tokens,
    toolCount: collected.toolCount,
    elicitation:
      (asks & ASKS.elicit) !== 0 ||
      modelElicits ||
      elicitsReasoning(scanned, shape.triggers, shape) ||
      thinkingMaximal ||
      collected.effortHigh
        ? 1
        : 0,
    // Graded by the model: as when the system prompt asks for grading, the turn is level 1, or 2
    // with several labelled candidates.
    grading: gradingLevel(scanned, shape.triggers, modelGrades || (asks & ASKS.grade) !== 0, shape),
    capabilities,
    harvest,
    client: fingerprint(PRINT.client, clientFingerprint(inputs.rawHeaders)),
    ipPrefix:
      inputs.ipPrefix === 'unknown' ? 0 : fingerprint(PRINT.ipPrefix, hashString(inputs.ipPrefix)),
    endUser: endUser === undefined ? 0 : hashRange(endUser, 0, Math.min(endUser.length, 256)) || 1,
    endUserPseudonym: endUser === undefined ? null : settings.endUserPseudonym(endUser),
    modelReleasedAt: model?.releasedAt,
  };
}

/** Mixed into the text hashes of a request that turns reasoning on (any constant would do). */
const REASONING_KEY = 0x5bd1e995;

/**
 * A text fingerprint of kind `kind`, its hash keyed by whether the request turns reasoning on (Anthropic
 * `thinking`, OpenAI `reasoning_effort` / `reasoning.effort`, or thinking blocks in the
 * conversation): one text template asked with reasoning on and with it off forms two clusters, not
 * one. A reasoning harvest turns it on to get the traces; a class or a tutoring app asking about
 * the same problem generator (a textbook's, a public set's) mostly does not — and in one cluster
 * with the harvest its members inherit the harvest's risk (redteam3's students: 138 of 140 blocked
 * or degraded through the problem template they share with a thinking harvest, 48 once keyed). A
 * campaign that turns reasoning on for some requests and off for others forms two clusters, each
 * as linked as before; that costs the pooled evidence of one (loadtest/DETECTION.md). Reasoning
 * off leaves the hash as it was, so most traffic keeps its fingerprints (cluster ids, remembered
 * content) across the upgrade that introduced the key. The API dialect was tried as part of the
 * key and dropped: `default`'s rotating hydra then served 7.1 % of its tokens (target 5 %).
 * What the request asks is what is read: a model that reasons by default, asked without a
 * reasoning parameter, reads as reasoning off.
 */
function textPrint(kind: number, hash: number, reasoning: boolean): number {
  return fingerprint(kind, reasoning ? mix(hash, REASONING_KEY) : hash);
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

/** The intent models (intent-model.ts), decoded from their generated weights once. */
export const INTENT_MODELS: IntentModels = Object.freeze({
  grading: decodeModel(GRADING_MODEL),
  elicitation: decodeModel(ELICITATION_MODEL),
});

// ---------------------------------------------------------------------------------------------
// What the standing instructions ask for: the system prompt, and the first user turn of a
// conversation ("from now on, show your full reasoning"). They are the account's as much as the
// latest turn is: "think step by step" or "you are an impartial judge" moved there from the turn
// would otherwise be a free bypass of S4 and S5. Read like a turn (its first and last
// `hashedChars`), and remembered by their text: an app sends the same system prompt with every
// request, a conversation its opening turn, so the scan is paid once.

const ASKS = Object.freeze({ elicit: 1, grade: 2 });
/**
 * Bounded in texts and in characters kept (hashedChars may be 64 K), least recently used out
 * first. The texts are the keys — a hash could be made to collide with a harmless prompt's — and
 * are held nowhere else: never logged, never exported.
 */
const STANDING_KEPT = 256;
const STANDING_CHARS_KEPT = 1 << 20;
const standingAsked = new Map<string, number>();
let standingCharsKept = 0;
const phraseShape = newTextShape();

function standingAsks(text: string, settings: DetectionSettings): number {
  const scanned = scannedPart(text, settings.hashedChars);
  const known = standingAsked.get(scanned);
  if (known !== undefined) {
    // Most recently used last: the Map's order is the eviction order.
    standingAsked.delete(scanned);
    standingAsked.set(scanned, known);
    return known;
  }
  const asks = patternAsks(scanned);
  standingAsked.set(scanned, asks);
  standingCharsKept += scanned.length;
  // The least recently used go first, one at a time, until both bounds hold.
  for (const oldest of standingAsked.keys()) {
    if (standingAsked.size <= STANDING_KEPT && standingCharsKept <= STANDING_CHARS_KEPT) break;
    standingAsked.delete(oldest);
    standingCharsKept -= oldest.length;
  }
  return asks;
}

/**
 * What a text the client did not type as its turn asks for, by the patterns only, not the intent
 * models: a system prompt is one text sent with every request of an app, so a false positive there
 * marks all of them, and the models were measured on user turns, not on system prompts or pages.
 * (Read by the elicitation model, a coding agent's "run the tests after each change, and explain
 * what you did" elicited, and so did an installation guide's "walks through each step".)
 */
function patternAsks(scanned: string): number {
  readTextShape(scanned, scanned.length, phraseShape);
  const triggers = phraseShape.triggers;
  return (
    (elicitsReasoning(scanned, triggers, phraseShape) ? ASKS.elicit : 0) |
    (asksForGrading(scanned, triggers, phraseShape) ? ASKS.grade : 0)
  );
}

/**
 * What the tool results the request ends with, or its prefill, ask for. An agent's tool results
 * are read by the model as much as its turn is: a harvest can keep its turns innocuous ("research
 * X for my team") and put the ask in the pages its tools return ("solutions here show every
 * intermediate step"), a bypass of S4 and S5 as free as moving it to the system prompt would be;
 * and a prefill ("Let's think step by step. First,", "<thinking>") makes the model write its
 * reasoning without any turn asking. Only the latest results (each earlier one was scanned with
 * the request it ended), read like a turn (their first and last `hashedChars`) by the patterns;
 * not remembered, as a result is seldom sent twice as the last one.
 */
function trailingAsks(text: string, settings: DetectionSettings): number {
  return patternAsks(scannedPart(text, settings.hashedChars));
}

// ---------------------------------------------------------------------------------------------
// Anthropic Messages: system (string | text blocks), messages[{role, content}], tools, thinking.

function collectAnthropic(body: Record<string, unknown>, out: Collected): void {
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

function collectOpenAi(routeId: string, body: Record<string, unknown>, out: Collected): void {
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

/**
 * What of a turn is read: all of it up to `budget` characters; beyond, its first three quarters
 * and last quarter of the budget — a template's instructions sit at its ends, the varying payload
 * (a document, a problem, code) in the middle.
 */
export function scannedPart(turn: string, budget: number): string {
  if (turn.length <= budget) return turn;
  const head = Math.floor((budget * 3) / 4);
  return `${turn.slice(0, head)}\n${turn.slice(turn.length - (budget - head - 1))}`;
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

/** User agent with digit runs masked (a family, not a version) and the order of header names. */
export function clientFingerprint(rawHeaders: readonly string[]): number {
  let order = 0x3c6ef372;
  let agent = 0;
  for (let index = 0; index + 1 < rawHeaders.length && index < 128; index += 2) {
    const name = lowerHash(rawHeaders[index] ?? '');
    // Added by proxies and load balancers, or varying per request: not the client's shape.
    if (VARIABLE_HEADERS.has(name)) continue;
    order = mix(order, name);
    if (name === USER_AGENT) agent = userAgentFamily(rawHeaders[index + 1] ?? '');
  }
  return mix(order, agent);
}

/** FNV-1a of a header name, ASCII-lowercased on the fly (no string allocated), 64 chars at most. */
function lowerHash(name: string): number {
  let h = 0x811c9dc5;
  const end = Math.min(name.length, 64);
  for (let i = 0; i < end; i++) {
    const c = name.charCodeAt(i);
    h = Math.imul(h ^ (c >= 65 && c <= 90 ? c | 0x20 : c), 0x01000193);
  }
  return fmix(h);
}

const USER_AGENT = lowerHash('user-agent');
const VARIABLE_HEADERS: ReadonlySet<number> = new Set(
  [
    'content-length',
    'x-forwarded-for',
    'x-forwarded-proto',
    'x-forwarded-host',
    'x-real-ip',
    'forwarded',
    'via',
    'traceparent',
    'tracestate',
    'x-request-id',
    'idempotency-key',
    'x-stainless-retry-count',
    'x-stainless-timeout',
  ].map(lowerHash),
);

function userAgentFamily(agent: string): number {
  let h = 0x811c9dc5;
  let inDigits = false;
  const end = Math.min(agent.length, 256);
  for (let i = 0; i < end; i++) {
    const c = agent.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (!inDigits) h = Math.imul(h ^ 35, 0x01000193);
      inDigits = true;
    } else {
      inDigits = false;
      h = Math.imul(h ^ (c >= 65 && c <= 90 ? c | 0x20 : c), 0x01000193);
    }
  }
  return fmix(h);
}

/** The downstream end-user id the body names, if any. */
function endUserId(dialect: DialectName, body: Record<string, unknown>): string | undefined {
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
