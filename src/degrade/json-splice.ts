/**
 * Edits raw JSON bytes in place of re-serialising them: find where an object's members and an
 * array's items are, then cut or replace just those spans. A re-serialised body loses what
 * JSON.parse cannot keep (integers beyond 2^53, number spellings, escapes) and costs a stringify of
 * every string in it — most of a prompt or an answer. Strings are skipped with indexOf; only the
 * structure between them is walked byte by byte. Callers have parsed the same bytes already (so
 * they are well-formed JSON); anything unexpected still gives up (undefined), and the caller
 * re-serialises.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COLON = 0x3a;
const COMMA = 0x2c;

/** A span of the bytes: [start, end). */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** An object member: its key, its whole span, its value. */
export interface Member extends Span {
  readonly key: string;
  readonly value: Span;
}

/** The members of the object whose `{` is at `at` (after any whitespace); undefined if not one. */
export function membersOf(json: Buffer, at: number): Member[] | undefined {
  let i = skipSpace(json, at);
  if (json[i] !== OPEN_BRACE) return undefined;
  const members: Member[] = [];
  i = skipSpace(json, i + 1);
  if (json[i] === CLOSE_BRACE) return members;
  for (;;) {
    if (json[i] !== QUOTE) return undefined;
    const start = i;
    const keyEnd = stringEnd(json, i);
    if (keyEnd === -1) return undefined;
    const key = json.subarray(i + 1, keyEnd - 1);
    i = skipSpace(json, keyEnd);
    if (json[i] !== COLON) return undefined;
    const valueStart = skipSpace(json, i + 1);
    const valueEnd = endOfValue(json, valueStart);
    if (valueEnd === -1) return undefined;
    members.push({
      // A key with escapes is decoded as JSON.parse saw it (an escaped "tools" is still tools).
      key: key.includes(BACKSLASH)
        ? (JSON.parse(json.toString('utf8', start, keyEnd)) as string)
        : key.toString('utf8'),
      start,
      end: valueEnd,
      value: { start: valueStart, end: valueEnd },
    });
    i = skipSpace(json, valueEnd);
    if (json[i] === COMMA) i = skipSpace(json, i + 1);
    else return json[i] === CLOSE_BRACE ? members : undefined;
  }
}

/** The items of the array whose `[` is at `at`; undefined if not one. */
export function itemsOf(json: Buffer, at: number): Span[] | undefined {
  let i = skipSpace(json, at);
  if (json[i] !== OPEN_BRACKET) return undefined;
  const items: Span[] = [];
  i = skipSpace(json, i + 1);
  if (json[i] === CLOSE_BRACKET) return items;
  for (;;) {
    const end = endOfValue(json, i);
    if (end === -1) return undefined;
    items.push({ start: i, end });
    i = skipSpace(json, end);
    if (json[i] === COMMA) i = skipSpace(json, i + 1);
    else return json[i] === CLOSE_BRACKET ? items : undefined;
  }
}

/** The member named `key`; undefined when absent, or repeated (which one counts is in doubt). */
export function memberNamed(members: readonly Member[], key: string): Member | undefined {
  let found: Member | undefined;
  for (const member of members) {
    if (member.key !== key) continue;
    if (found !== undefined) return undefined;
    found = member;
  }
  return found;
}

/** The value span of `key` in the top-level object of `json` (a whole document). */
export function topLevelValue(json: Buffer, key: string): Span | undefined {
  const members = membersOf(json, 0);
  if (members === undefined) return undefined;
  const last = members.at(-1);
  const close = last === undefined ? -1 : skipSpace(json, last.end);
  // Nothing may follow the object but whitespace.
  if (last !== undefined && skipSpace(json, close + 1) !== json.length) return undefined;
  return memberNamed(members, key)?.value;
}

/** The offset of the `]` closing the top-level array value of `key`; undefined if none. */
export function topLevelArrayEnd(json: Buffer, key: string): number | undefined {
  const value = topLevelValue(json, key);
  return value !== undefined && json[value.start] === OPEN_BRACKET ? value.end - 1 : undefined;
}

/** A replacement of one span by the given pieces. */
export interface Edit extends Span {
  readonly with: readonly Buffer[];
}

const COMMA_BYTES = Buffer.from(',');

/** `open` + the kept spans joined by commas + `close`, over the span `whole`. */
export function keepOnly(
  json: Buffer,
  whole: Span,
  parts: readonly Span[],
  keep: (index: number) => boolean,
  open: string,
  close: string,
): Edit {
  const pieces: Buffer[] = [Buffer.from(open)];
  parts.forEach((part, index) => {
    if (!keep(index)) return;
    if (pieces.length > 1) pieces.push(COMMA_BYTES);
    pieces.push(json.subarray(part.start, part.end));
  });
  pieces.push(Buffer.from(close));
  return { start: whole.start, end: whole.end, with: pieces };
}

/** `json` with the (non-overlapping) edits applied. */
export function applyEdits(json: Buffer, edits: readonly Edit[]): Buffer {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  const pieces: Buffer[] = [];
  let from = 0;
  for (const edit of sorted) {
    pieces.push(json.subarray(from, edit.start), ...edit.with);
    from = edit.end;
  }
  pieces.push(json.subarray(from));
  return Buffer.concat(pieces);
}

function skipSpace(json: Buffer, from: number): number {
  let i = from;
  for (;;) {
    const c = json[i];
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
    i++;
  }
}

/** Just past the string opening at `start` (a quote), or -1 when it never closes. */
function stringEnd(json: Buffer, start: number): number {
  let from = start + 1;
  for (;;) {
    const quote = json.indexOf(QUOTE, from);
    if (quote === -1) return -1;
    let backslashes = 0;
    while (json[quote - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

/** Just past the value starting at `start`, or -1 when it is cut short. */
function endOfValue(json: Buffer, start: number): number {
  const first = json[start];
  if (first === QUOTE) return stringEnd(json, start);
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
    // A number, true, false or null: up to the next delimiter.
    let i = start;
    for (;;) {
      const c = json[i];
      if (c === undefined) return i === start ? -1 : i;
      if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || c <= 0x20) return i;
      i++;
    }
  }
  let depth = 0;
  for (let i = start; i < json.length; i++) {
    const c = json[i];
    if (c === QUOTE) {
      const end = stringEnd(json, i);
      if (end === -1) return -1;
      i = end - 1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}
