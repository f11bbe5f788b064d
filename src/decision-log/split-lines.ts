/**
 * Splits a stream of byte chunks into lines without decoding them: a line is handed over as a
 * range of a chunk (no copy), so a reader can test its bytes before paying for a string. Only a
 * line that spans two chunks is copied. A line longer than `maxLineBytes` (a damaged file without
 * newlines) is not accumulated: it is reported by number and skipped, so memory stays bounded.
 * Empty lines are skipped; a trailing `\r` is dropped.
 */

const NEWLINE = 10;
const RETURN = 13;

export interface LineHandler {
  /** A line's bytes are `buf[start, end)`; `line` counts from 1. */
  line(buf: Buffer, start: number, end: number, line: number): void;
  /** A line of more than maxLineBytes, skipped. */
  oversized(line: number): void;
}

export class LineSplitter {
  private readonly maxLineBytes: number;
  private readonly handler: LineHandler;
  /** Bytes of a line begun in an earlier chunk. */
  private carry: Buffer[] = [];
  private carryBytes = 0;
  /** Inside an oversized line: drop bytes up to its newline. */
  private skipping = false;
  private lineNo = 0;

  constructor(maxLineBytes: number, handler: LineHandler) {
    this.maxLineBytes = maxLineBytes;
    this.handler = handler;
  }

  /** Lines seen so far (complete ones, and the oversized). */
  get lines(): number {
    return this.lineNo;
  }

  push(chunk: Buffer): void {
    let pos = 0;
    if (this.carryBytes > 0 || this.skipping) {
      const newline = chunk.indexOf(NEWLINE);
      if (newline === -1) {
        this.hold(chunk);
        return;
      }
      this.hold(chunk.subarray(0, newline));
      this.finishCarried();
      pos = newline + 1;
    }
    const length = chunk.length;
    while (pos < length) {
      const newline = chunk.indexOf(NEWLINE, pos);
      if (newline === -1) {
        this.hold(chunk.subarray(pos));
        return;
      }
      this.emit(chunk, pos, newline);
      pos = newline + 1;
    }
  }

  /** The end of input: a last line without a newline is handed over like the others. */
  end(): void {
    if (this.carryBytes > 0 || this.skipping) this.finishCarried();
  }

  private hold(bytes: Buffer): void {
    if (this.skipping) return;
    if (this.carryBytes + bytes.length > this.maxLineBytes) {
      this.carry = [];
      this.carryBytes = 0;
      this.skipping = true;
      return;
    }
    if (bytes.length > 0) this.carry.push(bytes);
    this.carryBytes += bytes.length;
  }

  private finishCarried(): void {
    if (this.skipping) {
      this.skipping = false;
      this.handler.oversized(++this.lineNo);
      return;
    }
    const line = this.carry.length === 1 ? (this.carry[0] as Buffer) : Buffer.concat(this.carry);
    this.carry = [];
    this.carryBytes = 0;
    this.emit(line, 0, line.length);
  }

  private emit(buf: Buffer, start: number, end: number): void {
    const lineNo = ++this.lineNo;
    let stop = end;
    if (stop > start && buf[stop - 1] === RETURN) stop--;
    if (stop === start) return;
    if (stop - start > this.maxLineBytes) this.handler.oversized(lineNo);
    else this.handler.line(buf, start, stop, lineNo);
  }
}
