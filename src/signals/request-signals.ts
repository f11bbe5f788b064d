/**
 * Per-request signals (THREATS.md S2–S13), read from the parsed body of either dialect — including
 * thinking, tool-use and image blocks — plus the client's header order and IP prefix. Pure and
 * bounded: the walk over the body (collect-body.ts) looks at a bounded number of messages and
 * blocks and never recurses into nesting, only the first and last `hashedChars` of a turn are
 * hashed and scanned, and any unexpected shape reads as "absent", so hostile bodies cost no more
 * than friendly ones and extraction never throws. What the standing instructions, tool results
 * and prefill ask for is standing-asks.ts's; the client's header shape, client-fingerprint.ts's.
 */
import type { DialectName } from '../dialects/dialect.ts';
import type { DetectionSettings } from '../detection/detection-settings.ts';
import { fingerprint, fmix, hashRange, hashString, mix } from './hash.ts';
import { asksForCode, elicitsReasoning, gradingLevel } from './phrases.ts';
import { decodeModel, type IntentModels } from './intent-model.ts';
import { ELICITATION_MODEL, GRADING_MODEL } from './intent-weights.ts';
import { minhashBand, newTextShape, readTextShape, HEAD_TOKENS } from './text-shape.ts';
import { clientFingerprint } from './client-fingerprint.ts';
import { CAP, collectAnthropic, collectOpenAi, endUserId, type Collected } from './collect-body.ts';
import { ASKS, scannedPart, standingAsks, trailingAsks } from './standing-asks.ts';

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
const MAX_SYSTEM_CHARS = 8_192;
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

/** The intent models (intent-model.ts), decoded from their generated weights once. */
export const INTENT_MODELS: IntentModels = Object.freeze({
  grading: decodeModel(GRADING_MODEL),
  elicitation: decodeModel(ELICITATION_MODEL),
});
