/**
 * A JSON line written as UTF-8 bytes into one growing, reused buffer — the decision log's
 * serializer (serialize-record.ts) writes each field through it. Plain ASCII strings are copied
 * byte by byte; a string JSON escapes or UTF-8 writes as several bytes goes through
 * JSON.stringify and one UTF-8 write, so the escaping is JSON's exactly. Like JSON.stringify, the
 * field helpers leave out a field that is undefined.
 */
import { MAX_NUMBER_BYTES, writeNumber } from './format-number.ts';

export type Maybe<T> = T | null | undefined;

/** Room for a record without growing (records are ~0.7–1.5 KB; hostile ones grow the buffer). */
const INITIAL_BYTES = 16 * 1024;
const QUOTE = 0x22;
const COMMA = 0x2c;

/** The bytes of the line being written. One per process: serialising is synchronous. */
export class LineWriter {
  bytes: Buffer = Buffer.allocUnsafeSlow(INITIAL_BYTES);
  at = 0;
  /** Nothing written yet in the innermost open object (no comma before its first key). */
  private first = true;

  reset(): void {
    this.at = 0;
    this.first = true;
  }

  /** Room for `more` bytes past the current position. */
  private room(more: number): void {
    const need = this.at + more;
    if (need <= this.bytes.length) return;
    const grown = Buffer.allocUnsafeSlow(Math.max(need, this.bytes.length * 2));
    this.bytes.copy(grown, 0, 0, this.at);
    this.bytes = grown;
  }

  /** ASCII text as it is (keys, punctuation, literals). */
  raw(text: string): void {
    const length = text.length;
    this.room(length);
    const bytes = this.bytes;
    let at = this.at;
    for (let i = 0; i < length; i++) bytes[at++] = text.charCodeAt(i);
    this.at = at;
  }

  /** A JSON string: plain ASCII copied between quotes, anything else as JSON.stringify writes it. */
  str(value: string | null): void {
    if (value === null) {
      this.raw('null');
      return;
    }
    const length = value.length;
    this.room(length + 2);
    const bytes = this.bytes;
    const start = this.at;
    let at = start;
    bytes[at++] = QUOTE;
    for (let i = 0; i < length; i++) {
      const c = value.charCodeAt(i);
      // What JSON.stringify escapes (controls, quote, backslash, lone surrogates) and what UTF-8
      // writes as several bytes: both take the general path.
      if (c < 0x20 || c >= 0x80 || c === 0x22 || c === 0x5c) {
        this.at = start;
        this.encoded(JSON.stringify(value));
        return;
      }
      bytes[at++] = c;
    }
    bytes[at++] = QUOTE;
    this.at = at;
  }

  /** JSON text with non-ASCII characters (never a lone surrogate: JSON.stringify escapes those). */
  encoded(json: string): void {
    this.room(json.length * 3);
    this.at += this.bytes.write(json, this.at, 'utf8');
  }

  num(value: Maybe<number>): void {
    if (value == null || !Number.isFinite(value)) {
      this.raw('null');
      return;
    }
    this.room(MAX_NUMBER_BYTES);
    this.at = writeNumber(this.bytes, this.at, value);
  }

  bool(value: Maybe<boolean>): void {
    this.raw(value == null ? 'null' : value ? 'true' : 'false');
  }

  /** `{`: the start of an object, whose first key takes no comma. */
  open(): void {
    this.raw('{');
    this.first = true;
  }

  close(): void {
    this.raw('}');
    this.first = false;
  }

  /**
   * `"name":` (given quoted, with its colon), after a comma unless it is the object's first.
   * `ascii` false: a name that may hold any character (written as UTF-8).
   */
  key(quoted: string, ascii = true): void {
    if (this.first) this.first = false;
    else {
      this.room(1);
      this.bytes[this.at++] = COMMA;
    }
    if (ascii) this.raw(quoted);
    else this.encoded(quoted);
  }

  strField(quoted: string, value: Maybe<string>): void {
    if (value === undefined) return;
    this.key(quoted);
    this.str(value);
  }

  numField(quoted: string, value: Maybe<number>): void {
    if (value === undefined) return;
    this.key(quoted);
    this.num(value);
  }

  boolField(quoted: string, value: Maybe<boolean>): void {
    if (value === undefined) return;
    this.key(quoted);
    this.bool(value);
  }

  /** `"name":{…}` with `body` writing the fields, `"name":null`, or nothing when undefined. */
  objectField<T>(
    quoted: string,
    value: T | null | undefined,
    body: (w: LineWriter, value: T) => void,
  ): void {
    if (value === undefined) return;
    this.key(quoted);
    if (value === null) {
      this.raw('null');
      return;
    }
    this.open();
    body(this, value);
    this.close();
  }

  /** A list of strings (labels, families, degradations). */
  strings(value: readonly (string | undefined)[]): void {
    this.raw('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) this.raw(',');
      this.str(value[i] ?? null);
    }
    this.raw(']');
  }
}
