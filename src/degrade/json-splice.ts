/**
 * Finds where a top-level array ends in raw JSON bytes, so items can be appended to it without
 * re-serialising the rest of the body: a re-serialised body would lose what JSON.parse cannot keep
 * (integers beyond 2^53, number spellings, escapes), and costs a full stringify of a large prompt.
 * Strings are skipped with indexOf (the bulk of a prompt is string content); only the structure
 * between them is walked byte by byte. Anything unexpected gives up (the caller re-serialises).
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COLON = 0x3a;
const COMMA = 0x2c;

/**
 * The offset of the `]` that closes the value of `key` in the JSON object `json`; undefined when
 * the key is absent, written more than once or with escapes, not an array, or the text is not a
 * well-formed object.
 */
export function topLevelArrayEnd(json: Buffer, key: string): number | undefined {
  const wanted = Buffer.from(key, 'utf8');
  let i = skipSpace(json, 0);
  if (json[i] !== OPEN_BRACE) return undefined;
  i = skipSpace(json, i + 1);
  if (json[i] === CLOSE_BRACE) return undefined;
  let found: number | undefined;
  for (;;) {
    if (json[i] !== QUOTE) return undefined;
    const keyEnd = stringEnd(json, i);
    if (keyEnd === -1) return undefined;
    const isWanted = json.subarray(i + 1, keyEnd - 1).equals(wanted);
    i = skipSpace(json, keyEnd);
    if (json[i] !== COLON) return undefined;
    i = skipSpace(json, i + 1);
    const valueEnd = endOfValue(json, i);
    if (valueEnd === -1) return undefined;
    if (isWanted) {
      if (found !== undefined || json[i] !== OPEN_BRACKET) return undefined;
      found = valueEnd - 1;
    }
    i = skipSpace(json, valueEnd);
    if (json[i] === COMMA) {
      i = skipSpace(json, i + 1);
      continue;
    }
    if (json[i] !== CLOSE_BRACE) return undefined;
    return skipSpace(json, i + 1) === json.length ? found : undefined;
  }
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
      if (c === undefined) return -1;
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
