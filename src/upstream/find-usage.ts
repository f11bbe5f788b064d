/**
 * Finds the top-level `"usage"` object of a JSON response without parsing the whole body. Every
 * API we speak puts usage at (or near) the end of its JSON (Anthropic messages, OpenAI chat,
 * completions and Responses), so the search runs backwards over the tail of the raw bytes: a
 * 16 KB answer costs a byte search from its end and a parse of ~100 bytes.
 *
 * A `"usage"` key cannot be confused with text inside a string value: quotes inside JSON strings
 * are escaped, so a candidate preceded by an odd number of backslashes is skipped. (Latin1 is
 * safe here: every byte of a multi-byte UTF-8 character is >= 0x80, never a quote, brace or
 * backslash, and the usage object itself is ASCII.)
 */

/** How much of the end of a body is searched first; the whole body only if that fails. */
const TAIL_BYTES = 16 * 1024;

const USAGE_KEY = Buffer.from('"usage"', 'latin1');
const KEY_LENGTH = USAGE_KEY.length;

/** The parsed usage object, or undefined when none is found (the caller may parse in full). */
export function findUsageObject(body: Buffer): Record<string, unknown> | undefined {
  const tailStart = Math.max(0, body.length - TAIL_BYTES);
  const found = findIn(body, tailStart);
  if (found !== undefined || tailStart === 0) return found === null ? undefined : found;
  const whole = findIn(body, 0);
  return whole === null ? undefined : whole;
}

/**
 * The usage object in `body[start…]`, searched on the bytes themselves (nothing before `start`
 * is looked at); undefined when absent, null when present but unusable. Only the object found is
 * decoded (latin1) for JSON.parse.
 */
function findIn(body: Buffer, start: number): Record<string, unknown> | undefined | null {
  let from = body.length;
  while (from > start) {
    const at = body.lastIndexOf(USAGE_KEY, from - 1);
    if (at < start) return undefined;
    from = at;
    if (escaped(body, start, at)) continue;
    const colon = skipSpace(body, at + KEY_LENGTH);
    if (body[colon] !== 58 /* ":" */) continue;
    const open = skipSpace(body, colon + 1);
    if (body[open] !== 123 /* "{" */) continue;
    const close = matchingBrace(body, open);
    if (close === -1) return null;
    try {
      const value: unknown = JSON.parse(body.toString('latin1', open, close + 1));
      return typeof value === 'object' && value !== null
        ? (value as Record<string, unknown>)
        : null;
    } catch {
      return null;
    }
  }
  return undefined;
}

function escaped(body: Buffer, start: number, quote: number): boolean {
  let backslashes = 0;
  for (let i = quote - 1; i >= start && body[i] === 92; i--) backslashes++;
  return backslashes % 2 === 1;
}

function skipSpace(body: Buffer, index: number): number {
  let i = index;
  for (; i < body.length; i++) {
    const c = body[i];
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
  }
  return i;
}

/** Index of the brace closing the object opened at `open`, honouring strings; -1 if unbalanced. */
function matchingBrace(body: Buffer, open: number): number {
  // The length read once and each string skipped in a loop of its own: half the time of one
  // loop with an in-string flag (measured on a 250-byte usage object).
  const end = body.length;
  let depth = 0;
  for (let i = open; i < end; i++) {
    const c = body[i];
    if (c === 34) {
      for (i++; i < end; i++) {
        const s = body[i];
        if (s === 92) i++;
        else if (s === 34) break;
      }
    } else if (c === 123) depth++;
    else if (c === 125 && --depth === 0) return i;
  }
  return -1;
}
