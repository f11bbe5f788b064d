/**
 * A cursor over one line of JSON in a known layout, for the record scanner (scan-record.ts) and
 * the backtest's lean reader (backtest/scan-replay-line.ts): each method expects one thing at the
 * cursor — a key, a string, a number, a list of strings — reads it in place and moves on, or throws
 * MISMATCH (the line is then read by JSON.parse instead). The line is `s[p, end)`: the lean reader
 * scans lines inside a longer text (a 64 KB piece of a chunk), so no read may pass `end`.
 */
import type { RecentValues } from './recent-values.ts';

export const QUOTE = 34;
export const COMMA = 44;
export const COLON = 58;
export const OPEN = 123;
export const CLOSE = 125;
export const OPEN_LIST = 91;
export const CLOSE_LIST = 93;

/** Most lists are empty: one shared empty list instead of an allocation per record. */
export const NONE: readonly never[] = Object.freeze([]);

/** Thrown inside the scanner to fall back; caught by scanRecord, never leaves it. */
export const MISMATCH = new Error('not in the serializer layout');

type Str = string | null;
type Num = number | null;

export class JsonCursor {
  protected s: string;
  protected p = 0;
  /** Where the line ends in `s`. */
  protected end: number;

  constructor(s: string) {
    this.s = s;
    this.end = s.length;
  }

  /** Nothing but spaces after the cursor. */
  protected atEnd(): boolean {
    return this.p === this.end || this.s.slice(this.p, this.end).trim() === '';
  }

  /**
   * Whether `key` (`,"name":`) is next, judged by its length, its quotes and colon, and the first
   * letter of the name — not every character (comparing them all cost a quarter of the scan).
   * The fields of a line the serializer wrote come in one order, and no two keys that can meet at
   * one place (an optional field and the next one) share a length and a first letter: this tells
   * a present field from an absent one; a line in another layout fails elsewhere.
   */
  protected has(key: string): boolean {
    const s = this.s;
    const p = this.p;
    const n = key.length;
    if (
      p + n > this.end ||
      s.charCodeAt(p + n - 1) !== COLON ||
      s.charCodeAt(p + n - 2) !== QUOTE ||
      s.charCodeAt(p + 1) !== QUOTE ||
      s.charCodeAt(p + 2) !== key.charCodeAt(2)
    )
      return false;
    this.p = p + n;
    return true;
  }

  protected key(key: string): void {
    if (!this.has(key)) throw MISMATCH;
  }

  protected str(key: string, values?: RecentValues): string {
    this.key(key);
    return this.string(values);
  }

  protected strN(key: string, values?: RecentValues): Str {
    this.key(key);
    return this.null() ? null : this.string(values);
  }

  protected numN(key: string): Num {
    this.key(key);
    return this.null() ? null : this.number();
  }

  protected boolN(key: string): boolean | null {
    this.key(key);
    return this.null() ? null : this.boolean();
  }

  /** A number field a version may lack (`has`): null when absent or null. */
  protected optionalNum(key: string): number | null {
    return this.has(key) && !this.null() ? this.number() : null;
  }

  /** A boolean field a version may lack (`has`): null when absent or null. */
  protected optionalBool(key: string): boolean | null {
    return this.has(key) && !this.null() ? this.boolean() : null;
  }

  protected expect(code: number): void {
    if (this.p >= this.end || this.s.charCodeAt(this.p) !== code) throw MISMATCH;
    this.p++;
  }

  /** The character at the cursor, moving past it. */
  protected next(): number {
    if (this.p >= this.end) throw MISMATCH;
    return this.s.charCodeAt(this.p++);
  }

  protected null(): boolean {
    const s = this.s;
    const p = this.p;
    if (s.charCodeAt(p) !== 110) return false; // n
    if (
      p + 4 > this.end ||
      s.charCodeAt(p + 1) !== 117 ||
      s.charCodeAt(p + 2) !== 108 ||
      s.charCodeAt(p + 3) !== 108
    )
      throw MISMATCH;
    this.p = p + 4;
    return true;
  }

  protected boolean(): boolean {
    const s = this.s;
    const p = this.p;
    const c = s.charCodeAt(p);
    if (
      p + 4 <= this.end &&
      c === 116 &&
      s.charCodeAt(p + 1) === 114 &&
      s.charCodeAt(p + 3) === 101
    ) {
      this.p = p + 4; // true
      return true;
    }
    if (
      p + 5 <= this.end &&
      c === 102 &&
      s.charCodeAt(p + 1) === 97 &&
      s.charCodeAt(p + 4) === 101
    ) {
      this.p = p + 5; // false
      return false;
    }
    throw MISMATCH;
  }

  protected string(values?: RecentValues): string {
    this.expect(QUOTE);
    const start = this.p;
    const close = this.s.indexOf('"', start);
    if (close === -1 || close >= this.end) throw MISMATCH;
    this.p = close + 1;
    return values === undefined ? this.s.slice(start, close) : values.get(this.s, start, close);
  }

  /** A JSON number. (A line ends at a newline or the end of the text: none runs on past it.) */
  protected number(): number {
    const value = scanNumber(this.s, this.p);
    this.p = scanned.end;
    return value;
  }

  /** v6: the pseudonym (a string); v5: a 32-bit number, read as its decimal string. */
  protected endUser(): string {
    return this.s.charCodeAt(this.p) === QUOTE ? this.string() : String(this.number());
  }

  protected templates(): [number, number, number] {
    this.expect(OPEN_LIST);
    const skeleton = this.number();
    this.expect(COMMA);
    const head = this.number();
    this.expect(COMMA);
    const tail = this.number();
    this.expect(CLOSE_LIST);
    return [skeleton, head, tail];
  }

  protected strings(values: RecentValues): readonly string[] {
    this.expect(OPEN_LIST);
    if (this.p < this.end && this.s.charCodeAt(this.p) === CLOSE_LIST) {
      this.p++;
      return NONE;
    }
    const out: string[] = [];
    for (;;) {
      out.push(this.string(values));
      const c = this.next();
      if (c === CLOSE_LIST) return out;
      if (c !== COMMA) throw MISMATCH;
    }
  }
}

/** Where the last scanNumber stopped. */
export const scanned = { end: 0 };

/**
 * The JSON number at `start` of `s` (scanned.end: just past it), or MISMATCH. Up to 15
 * significant digits without an exponent, digits ÷ 10^k is exactly what JSON.parse gives (both
 * operands are exact doubles and the division rounds once); anything else is handed to Number.
 */
export function scanNumber(s: string, start: number): number {
  let i = start;
  if (s.charCodeAt(i) === 45) i++;
  let mantissa = 0;
  let digits = 0;
  let scale = 1;
  let c = s.charCodeAt(i);
  while (c >= 48 && c <= 57) {
    mantissa = mantissa * 10 + (c - 48);
    digits++;
    c = s.charCodeAt(++i);
  }
  if (digits === 0) throw MISMATCH;
  if (c === 46) {
    c = s.charCodeAt(++i);
    const before = digits;
    while (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      scale *= 10;
      digits++;
      c = s.charCodeAt(++i);
    }
    if (digits === before) throw MISMATCH;
  }
  if (c === 101 || c === 69 || digits > 15) return slowNumber(s, start, i);
  scanned.end = i;
  const value = mantissa / scale;
  return s.charCodeAt(start) === 45 ? -value : value;
}

function slowNumber(s: string, start: number, from: number): number {
  let i = from;
  for (
    let c = s.charCodeAt(i);
    (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 101 || c === 69 || c === 46;
    c = s.charCodeAt(++i)
  );
  const value = Number(s.slice(start, i));
  if (!Number.isFinite(value)) throw MISMATCH;
  scanned.end = i;
  return value;
}
