/**
 * The shape of a prompt, read in one pass over a capped prefix: a template skeleton (lowercase,
 * numbers, quoted strings, URLs, code blocks and mid-sentence names masked, whitespace and
 * punctuation dropped), the skeleton of its first and last tokens (a template's fixed lead-in and
 * trailer survive a varying middle), a one-permutation MinHash of token 3-shingles (near
 * duplicates), and an exact hash (resent prompts). No allocation per call: results land in a
 * caller-owned TextShape, the MinHash in a reused array.
 */
import { fmix, hashRange, mix } from './hash.ts';
import { intentLogits, type IntentLogits, type IntentModels } from './intent-model.ts';
import { TRIGGER, triggerOf } from './trigger-words.ts';

/** Tokens in the head and tail skeletons; a prompt needs HEAD_TOKENS * 1.5 tokens for them. */
export const HEAD_TOKENS = 8;
export const MINHASH_BINS = 8;
const EMPTY_BIN = 0xffffffff;

/** Tokens in the frame head and tail (function words kept, content words collapsed). */
export const FRAME_TOKENS = 24;
/** Function words a frame needs to be specific enough to link accounts. */
const MIN_FRAME_FUNCTION_WORDS = 8;
/** A run of content words in a frame. */
const CONTENT = fmix(0x636f6e74) | 0;

/** Masked token hashes (stable constants; int32 like the word tokens they stand for). */
const NUMBER = fmix(0x6e756d62) | 0;
const QUOTED = fmix(0x71756f74) | 0;
const URL = fmix(0x75726c73) | 0;
const NAME = fmix(0x6e616d65) | 0;
const CODE = fmix(0x636f6465) | 0;

/** Longest quoted span masked as one token (longer: an unbalanced quote, read as text). */
const MAX_QUOTE = 200;

export interface TextShape extends IntentLogits {
  /** Tokens read (after masking). */
  tokens: number;
  skeleton: number;
  head: number;
  tail: number;
  /** Exact hash of the capped text and the full length. */
  exact: number;
  /** A fenced or inline code block was seen. */
  code: boolean;
  /** TRIGGER bits of the words seen: which phrase detectors are worth running. */
  triggers: number;
  /**
   * The template frame of the first and last FRAME_TOKENS tokens: function words and masks kept,
   * each run of content words collapsed to one symbol — the part of a template that survives
   * swapping the topic vocabulary. 0 when it has too few function words to be specific.
   */
  frameHead: number;
  frameTail: number;
  /** One-permutation MinHash bins (EMPTY_BIN when empty). */
  readonly minhash: Uint32Array;
  /**
   * Where grading, elicitation and answer trigger words start (answerAt: the answer, derivation
   * and candidate words — an output's nouns), so that their phrase patterns are tried at those
   * words only (phrases.ts).
   */
  readonly gradeAt: Anchors;
  readonly elicitAt: Anchors;
  readonly answerAt: Anchors;
  // IntentLogits: the intent models' logits (intent-model.ts) for the tokens read when the read was
  // given the models, -Infinity otherwise — computed here, while the tokens are at hand.
}

/**
 * Character offsets where one detector's trigger words start, all of them up to ANCHORS_KEPT (a
 * turn read at the default 1,024 characters has ~200 words at most). Past that the phrase
 * detectors search the whole text instead (phrases.ts): never a word skipped, so no preamble of
 * trigger words can push an instruction out of sight.
 */
export interface Anchors {
  readonly offsets: Int32Array;
  /** Words seen: more than `offsets` holds when there were more than ANCHORS_KEPT. */
  seen: number;
}

export const ANCHORS_KEPT = 1_024;

export function newAnchors(): Anchors {
  return { offsets: new Int32Array(ANCHORS_KEPT), seen: 0 };
}

function addAnchor(anchors: Anchors, offset: number): void {
  if (anchors.seen < ANCHORS_KEPT) anchors.offsets[anchors.seen] = offset;
  anchors.seen++;
}

export function newTextShape(): TextShape {
  return {
    tokens: 0,
    skeleton: 0,
    head: 0,
    tail: 0,
    exact: 0,
    code: false,
    triggers: 0,
    frameHead: 0,
    frameTail: 0,
    minhash: new Uint32Array(MINHASH_BINS),
    gradeAt: newAnchors(),
    elicitAt: newAnchors(),
    answerAt: newAnchors(),
    gradeLogit: -Infinity,
    elicitLogit: -Infinity,
  };
}

/**
 * Pass 1 writes each token's hash and frame symbol here (one token per character at most, so the
 * largest hashed prefix bounds the size); pass 2 folds them. Two tight loops over local variables
 * are several times faster than one loop updating shared state per token.
 */
const MAX_TOKENS = 65_536;
const tokenBuffer = new Int32Array(MAX_TOKENS);
const frameBuffer = new Int32Array(MAX_TOKENS);

/**
 * The token hashes of the last `readTextShape` (its `tokens` of them), valid until the next read:
 * what the intent models' trainer reads features from (the proxy's reads pass the models instead).
 */
export function shapeTokens(): Int32Array {
  return tokenBuffer;
}

/**
 * The hash of a finished word: its polynomial hash with one multiply-xorshift round (matches
 * trigger-words.ts) — enough to spread it; every use folds tokens through further mixing.
 */
function wordToken(h: number): number {
  const x = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  return x ^ (x >>> 12);
}

/**
 * Reads `text[0, maxChars)` into `out`, and with `models` their logits. Never throws; cost is
 * linear in min(length, maxChars).
 */
export function readTextShape(
  text: string,
  maxChars: number,
  out: TextShape,
  models?: IntentModels,
): TextShape {
  const end = Math.min(text.length, maxChars, MAX_TOKENS);
  const tokens = tokenBuffer;
  const frames = frameBuffer;
  let count = 0;
  let triggers = 0;
  let code = false;
  let raw = 0x3c6ef372;
  let sentenceStart = true;
  let word = 0;
  let wordLength = 0;
  let wordDigit = false;
  let wordUpper = false;
  out.gradeAt.seen = 0;
  out.elicitAt.seen = 0;
  out.answerAt.seen = 0;

  // Pass 1: characters → tokens. A word ends at anything that is not a letter, digit or _.
  for (let i = 0; i <= end; i++) {
    const c = i < end ? text.charCodeAt(i) : 32;
    if (c >= 97 && c <= 122) {
      // a-z; a word starting with a URL scheme or www. is masked whole.
      if (wordLength === 0 && (c === 104 || c === 119) && startsUrl(text, i, c)) {
        const stop = skipToSpace(text, i, end);
        raw = Math.imul(raw ^ hashRange(text, i, stop), 0x01000193);
        i = stop - 1;
        tokens[count] = URL;
        frames[count++] = URL;
        sentenceStart = false;
        continue;
      }
      word = (Math.imul(word, 31) + c) | 0;
      // The rest of a lowercase run in a tight loop: most of a prompt's characters.
      let j = i + 1;
      for (; j < end; j++) {
        const d = text.charCodeAt(j);
        if (d < 97 || d > 122) break;
        word = (Math.imul(word, 31) + d) | 0;
      }
      wordLength += j - i;
      i = j - 1;
      continue;
    }
    if (c >= 65 && c <= 90) {
      if (wordLength === 0) wordUpper = true;
      word = (Math.imul(word, 31) + (c | 0x20)) | 0;
      wordLength++;
      continue;
    }
    if (c >= 48 && c <= 57) {
      wordDigit = true;
      word = (Math.imul(word, 31) + c) | 0;
      wordLength++;
      continue;
    }
    if (c === 95) {
      word = (Math.imul(word, 31) + c) | 0;
      wordLength++;
      continue;
    }
    if (c > 127 && !isCjk(c) && extendsWord(c)) {
      // Other scripts' letters (accented Latin, Cyrillic, Greek, Arabic…) extend the word,
      // lowercased where the script has a simple case mapping.
      const lower = lowerCase(c);
      if (lower !== c && wordLength === 0) wordUpper = true;
      word = (Math.imul(word, 31) + lower) | 0;
      wordLength++;
      continue;
    }
    if ((c === 46 || c === 44) && wordDigit && wordLength > 0 && isDigit(text.charCodeAt(i + 1))) {
      // 3.5 and 1,000 are one number, and the point is no sentence end.
      word = (Math.imul(word, 31) + c) | 0;
      wordLength++;
      continue;
    }
    // Anything else ends the current word. The exact hash (resends) folds words, punctuation and
    // quoted spans — everything but the spacing.
    if (wordLength > 0) {
      raw = Math.imul(raw ^ word, 0x01000193);
      if (wordDigit) {
        tokens[count] = NUMBER;
        frames[count++] = NUMBER;
      } else {
        const token = wordToken(word);
        const bits = triggerOf(token);
        triggers |= bits;
        if (bits !== 0) anchorWord(out, bits, i - wordLength);
        if (wordUpper && !sentenceStart && wordLength > 1) {
          // A capitalised word mid-sentence is a name: masked (still a trigger: "Python").
          tokens[count] = NAME;
          frames[count++] = NAME;
        } else {
          tokens[count] = token;
          frames[count++] = bits & TRIGGER.function ? token : CONTENT;
        }
      }
      sentenceStart = false;
      word = 0;
      wordLength = 0;
      wordDigit = false;
      wordUpper = false;
    }
    if (c <= 32 || c === 0xa0 || c === 0x3000) {
      if (c === 10) sentenceStart = true;
      continue;
    }
    raw = Math.imul(raw ^ c, 0x01000193);
    if (c === 34 || c === 0x201c || c === 0xab || c === 96) {
      // "quoted", “quoted”, «quoted», `code` and ```fenced code```
      let close: number;
      if (c === 96 && text.charCodeAt(i + 1) === 96 && text.charCodeAt(i + 2) === 96) {
        const fence = text.indexOf('```', i + 3);
        close = fence < 0 || fence >= end ? end - 1 : fence + 2;
        code = true;
        tokens[count] = CODE;
        frames[count++] = CODE;
      } else {
        const closer = c === 0x201c ? 0x201d : c === 0xab ? 0xbb : c;
        close = findClose(text, i + 1, Math.min(end, i + 1 + MAX_QUOTE), closer);
        if (close > 0) {
          if (c === 96) code = true;
          tokens[count] = QUOTED;
          frames[count++] = QUOTED;
          sentenceStart = false;
        }
      }
      if (close > i) {
        raw = Math.imul(raw ^ hashRange(text, i + 1, Math.min(close + 1, end)), 0x01000193);
        triggers |= quotedTriggers(text, i + 1, Math.min(close, end), out);
        i = close;
      }
    } else if (c > 127 && isCjk(c)) {
      // Han, kana, Hangul: each character is a token.
      triggers |= TRIGGER.cjk;
      tokens[count] = fmix(Math.imul(c, 0x9e3779b1)) | 0;
      frames[count++] = CONTENT;
      sentenceStart = false;
    } else if (c === 46 || c === 63 || c === 33 || c === 58) {
      sentenceStart = true;
    }
  }

  // Pass 2: tokens → skeleton, head, tail, frames, MinHash.
  const bins = out.minhash;
  bins.fill(EMPTY_BIN);
  let skeleton = 0x2545f491;
  let head = 0x2545f491;
  let frameHead = 0x1b873593;
  let frameHeadWords = 0;
  let previousFrame = 0;
  let prev1 = 0;
  let prev2 = 0;
  for (let k = 0; k < count; k++) {
    const token = tokens[k] ?? 0;
    skeleton = Math.imul(skeleton ^ token, 0x01000193);
    if (k < HEAD_TOKENS) head = Math.imul(head ^ token, 0x01000193);
    if (k < FRAME_TOKENS) {
      const frame = frames[k] ?? 0;
      if (frame !== CONTENT) frameHeadWords++;
      // Runs of content words collapse: only a change of symbol extends the frame.
      if (frame !== CONTENT || previousFrame !== CONTENT)
        frameHead = Math.imul(frameHead ^ frame, 0x01000193);
      previousFrame = frame;
    }
    if (k >= 2) {
      let x = Math.imul(prev2 ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(prev1 ^ 0x7f4a7c15, 0xc2b2ae35);
      x ^= token;
      x ^= x >>> 16;
      x = Math.imul(x, 0x45d9f3b);
      x ^= x >>> 16;
      const bin = x & (MINHASH_BINS - 1);
      const value = x >>> 3;
      if (value < (bins[bin] ?? EMPTY_BIN)) bins[bin] = value;
    }
    prev2 = prev1;
    prev1 = token;
  }

  let tail = 0x2545f491;
  for (let k = Math.max(0, count - HEAD_TOKENS); k < count; k++)
    tail = Math.imul(tail ^ (tokens[k] ?? 0), 0x01000193);
  let frameTail = 0;
  if (count >= 2 * FRAME_TOKENS) {
    let folded = 0x1b873593;
    let words = 0;
    let previous = 0;
    for (let k = count - FRAME_TOKENS; k < count; k++) {
      const frame = frames[k] ?? 0;
      if (frame !== CONTENT) words++;
      if (frame !== CONTENT || previous !== CONTENT) folded = Math.imul(folded ^ frame, 0x01000193);
      previous = frame;
    }
    if (words >= MIN_FRAME_FUNCTION_WORDS) frameTail = fmix(folded) || 1;
  }

  if (models !== undefined) intentLogits(models, tokens, count, out);
  else {
    out.gradeLogit = -Infinity;
    out.elicitLogit = -Infinity;
  }
  out.tokens = count;
  out.skeleton = fmix(skeleton);
  out.head = fmix(head);
  out.tail = fmix(tail);
  out.frameHead = frameHeadWords >= MIN_FRAME_FUNCTION_WORDS ? fmix(frameHead) || 1 : 0;
  out.frameTail = frameTail;
  out.exact = fmix(raw) || 1;
  out.code = code;
  out.triggers = triggers;
  return out;
}

/** A band key from two MinHash bins, or 0 when either is empty (too short a prompt). */
export function minhashBand(shape: TextShape, band: number): number {
  const a = shape.minhash[band * 2] ?? EMPTY_BIN;
  const b = shape.minhash[band * 2 + 1] ?? EMPTY_BIN;
  if (a === EMPTY_BIN || b === EMPTY_BIN) return 0;
  return mix(mix(a, b), band) || 1;
}

/** http://, https:// or www. at `i` (whose character `c` is h or w); the common miss is cheap. */
function startsUrl(text: string, i: number, c: number): boolean {
  if (c === 104) {
    if (text.charCodeAt(i + 1) !== 116 || text.charCodeAt(i + 2) !== 116) return false;
    return text.startsWith('http://', i) || text.startsWith('https://', i);
  }
  return text.charCodeAt(i + 1) === 119 && text.startsWith('www.', i);
}

/**
 * The trigger words inside a quoted span or a code block, [from, to): the span stays one masked
 * token for the templates, but an instruction is no less one for being quoted — `Follow this:
 * "think step by step and show your reasoning"` must not read as nothing. Words are hashed as pass
 * 1 hashes them (lowercased; a word with a digit is a number, no trigger); their TRIGGER bits are
 * returned and their anchors recorded.
 */
function quotedTriggers(text: string, from: number, to: number, out: TextShape): number {
  let triggers = 0;
  let word = 0;
  let start = -1;
  let digit = false;
  for (let i = from; i <= to; i++) {
    const c = i < to ? text.charCodeAt(i) : 32;
    let letter = -1;
    if (c >= 97 && c <= 122) letter = c;
    else if (c >= 65 && c <= 90) letter = c | 0x20;
    else if ((c >= 48 && c <= 57) || c === 95) {
      if (c !== 95) digit = true;
      letter = c;
    } else if (c > 127 && isCjk(c)) triggers |= TRIGGER.cjk;
    else if (c > 127 && extendsWord(c)) letter = lowerCase(c);
    if (letter >= 0) {
      if (start < 0) start = i;
      word = (Math.imul(word, 31) + letter) | 0;
      continue;
    }
    if (start >= 0 && !digit) {
      const bits = triggerOf(wordToken(word));
      triggers |= bits;
      anchorWord(out, bits, start);
    }
    word = 0;
    start = -1;
    digit = false;
  }
  return triggers;
}

/** Records a word's start as an anchor of each phrase detector its TRIGGER bits name. */
function anchorWord(out: TextShape, bits: number, start: number): void {
  if ((bits & TRIGGER.grade) !== 0) addAnchor(out.gradeAt, start);
  if ((bits & TRIGGER.elicit) !== 0) addAnchor(out.elicitAt, start);
  if ((bits & (TRIGGER.answer | TRIGGER.derive | TRIGGER.candidate)) !== 0)
    addAnchor(out.answerAt, start);
}

function skipToSpace(text: string, i: number, end: number): number {
  let j = i;
  while (j < end && text.charCodeAt(j) > 32) j++;
  return j;
}

function findClose(text: string, from: number, to: number, closer: number): number {
  for (let j = from; j < to; j++) {
    const c = text.charCodeAt(j);
    if (c === closer) return j;
    if (c === 10) return -1;
  }
  return -1;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Lowercase of an uppercase letter in Latin-1, Latin Extended-A, Greek or Cyrillic; else c. */
function lowerCase(c: number): number {
  if (c >= 0xc0 && c <= 0xde && c !== 0xd7) return c + 0x20;
  if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e)) return c % 2 === 1 ? c + 1 : c;
  if (c >= 0x100 && c <= 0x177) return c % 2 === 0 && c !== 0x138 ? c + 1 : c;
  if (c >= 0x391 && c <= 0x3a9) return c + 0x20;
  if (c >= 0x410 && c <= 0x42f) return c + 0x20;
  if (c >= 0x400 && c <= 0x40f) return c + 0x50;
  // Vietnamese: Ơ Ư, and the precomposed letters of Latin Extended Additional (upper even).
  if (c === 0x1a0 || c === 0x1af) return c + 1;
  if (c >= 0x1e00 && c <= 0x1eff && (c < 0x1e96 || c > 0x1e9f)) return c % 2 === 0 ? c + 1 : c;
  return c;
}

/**
 * Whether a character above 127 (not CJK) is part of a word: not a typographic quote or
 * apostrophe, a no-break or ideographic space, nor punctuation that ends a word.
 */
function extendsWord(c: number): boolean {
  return (
    c !== 0x201c &&
    c !== 0x201d &&
    c !== 0xab &&
    c !== 0xbb &&
    c !== 0x2019 &&
    c !== 0x2018 &&
    c !== 0xa0 &&
    c !== 0x3000 &&
    !isScriptPunctuation(c)
  );
}

/**
 * Characters above 127 that end a word, where the tokenizer otherwise extends a word over any
 * character above 127: the Arabic comma, semicolon, question mark and full stop, the Devanagari
 * dandas, ¡ and ¿, the General Punctuation block (dashes, ellipsis, bullets, odd spaces; not the
 * zero-width joiners inside Persian and Indic words), variation selectors and astral characters
 * (emoji). Read as letters, "التفكير،", "answers—rate" or "•Rate" were words of their own, and no
 * trigger word matched them.
 */
function isScriptPunctuation(c: number): boolean {
  return (
    c === 0x060c ||
    c === 0x061b ||
    c === 0x061f ||
    c === 0x06d4 ||
    c === 0x0964 ||
    c === 0x0965 ||
    c === 0xa1 ||
    c === 0xbf ||
    (c >= 0x2000 && c <= 0x206f && c !== 0x200c && c !== 0x200d) ||
    (c >= 0xfe00 && c <= 0xfe0f) ||
    (c >= 0xd800 && c <= 0xdfff)
  );
}

/** Han, kana, Hangul: scripts written without spaces between words. */
function isCjk(c: number): boolean {
  return (
    (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7af)
  );
}
