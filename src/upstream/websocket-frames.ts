/**
 * Reads the messages of one direction of a WebSocket session (RFC 6455) while its bytes are
 * relayed unchanged: frame headers (7-, 16- and 64-bit lengths, masked or not), fragmented
 * messages, control frames between fragments, frames and headers split anywhere across chunks.
 * It never copies what it is not asked for: a text message is kept only when its first bytes
 * (`HEAD_BYTES`) pass the caller's `keep` test, and only up to `MAX_MESSAGE_BYTES` (beyond that
 * it is reported `oversize`, without its payload). A compressed message (RSV1, permessage-deflate)
 * is reported as such: its bytes cannot be read. The caller learns where in the chunk each
 * message ended, so that it can act on a message boundary (session-meter.ts).
 */

/** The bytes of a text message's start that decide whether it is kept. */
export const HEAD_BYTES = 64;

/** The largest text message kept whole (a realtime `response.done` carries the whole answer). */
export const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

export interface FramedMessage {
  /** Offset in the chunk just past the frame that ended the message. */
  readonly end: number;
  readonly text: boolean;
  /**
   * The payload (unmasked), when the message is text (or binary, read with `binary`), was kept
   * and fit MAX_MESSAGE_BYTES.
   */
  readonly payload: Buffer | undefined;
  readonly bytes: number;
  /** A text message its head would have kept, too large to keep (no payload). */
  readonly oversize: boolean;
  readonly compressed: boolean;
}

/** Called at the end of each data message; return false to stop reading the chunk there. */
export type OnMessage = (message: FramedMessage) => boolean;

export class FrameReader {
  private readonly keep: (head: Buffer) => boolean;
  private readonly header = Buffer.alloc(14);
  private headerLength = 0;
  /** Payload bytes left in the current frame; -1 while a header is read. */
  private remaining = -1;
  private frameOffset = 0;
  private fin = false;
  private control = false;
  private mask: Buffer | undefined = undefined;
  // The data message being read (it may span several frames).
  private text = false;
  private compressed = false;
  private size = 0;
  private readonly head = Buffer.alloc(HEAD_BYTES);
  private headLength = 0;
  /** undefined: not decided yet (its head is still short); false: skipped. */
  private kept: boolean | undefined = undefined;
  /** It passed (or had not yet met) the keep test but outgrew MAX_MESSAGE_BYTES. */
  private tooBig = false;
  private parts: Buffer[] = [];
  /** A data message has begun and its final frame has not ended yet. */
  private open = false;
  /** Set: `feed` returns at the end of the current frame (to end the stream on a boundary). */
  stopAtFrame = false;
  /**
   * A frame claimed a length of 2^53 bytes or more (RFC 6455 allows 2^63, no peer sends it): the
   * stream is not read further (its bytes still pass), rather than trusted to end some day.
   */
  failed = false;

  /** Binary messages are kept (and judged) as text ones are. */
  private readonly binary: boolean;

  constructor(keep: (head: Buffer) => boolean, options: { readonly binary?: boolean } = {}) {
    this.keep = keep;
    this.binary = options.binary === true;
  }

  /** Between frames: nothing of a frame has been read that has not ended. */
  get atFrameBoundary(): boolean {
    return this.remaining < 0 && this.headerLength === 0;
  }

  /** Inside a fragmented data message (only control frames may come between its fragments). */
  get inMessage(): boolean {
    return this.open;
  }

  /**
   * Reads `chunk`; stops early (returns the offset reached) when `onMessage` returns false, or at
   * the first frame end once `stopAtFrame` is set.
   */
  feed(chunk: Buffer, onMessage: OnMessage): number {
    let at = 0;
    while (at < chunk.length && !this.failed) {
      if (this.remaining < 0) {
        at = this.readHeader(chunk, at);
        if (this.remaining < 0) break; // the header continues in the next chunk
      } else {
        const take = Math.min(this.remaining, chunk.length - at);
        if (!this.control && (this.text || this.binary) && this.kept !== false)
          this.absorb(chunk, at, take);
        if (!this.control) this.size += take;
        this.frameOffset += take;
        this.remaining -= take;
        at += take;
      }
      if (this.remaining === 0 && (!this.frameEnded(at, onMessage) || this.stopAtFrame)) return at;
    }
    return this.failed ? chunk.length : at;
  }

  /** Copies header bytes; once the header is whole, starts its frame (remaining ≥ 0). */
  private readHeader(chunk: Buffer, at: number): number {
    const header = this.header;
    while (at < chunk.length) {
      header[this.headerLength++] = chunk[at++] ?? 0;
      if (this.headerLength < 2) continue;
      const second = header[1] ?? 0;
      const lengthCode = second & 0x7f;
      const needed =
        2 + (lengthCode === 126 ? 2 : lengthCode === 127 ? 8 : 0) + (second & 0x80 ? 4 : 0);
      if (this.headerLength < needed) continue;
      this.startFrame(needed - (second & 0x80 ? 4 : 0));
      return at;
    }
    return at;
  }

  private startFrame(maskAt: number): void {
    const header = this.header;
    const first = header[0] ?? 0;
    const second = header[1] ?? 0;
    const lengthCode = second & 0x7f;
    if (lengthCode === 127 && header.readUInt32BE(2) >= 2 ** 21) {
      this.failed = true;
      return;
    }
    const length =
      lengthCode === 126
        ? header.readUInt16BE(2)
        : lengthCode === 127
          ? header.readUInt32BE(2) * 2 ** 32 + header.readUInt32BE(6)
          : lengthCode;
    const opcode = first & 0x0f;
    this.fin = (first & 0x80) !== 0;
    this.control = opcode >= 0x8;
    this.mask = second & 0x80 ? Buffer.from(header.subarray(maskAt, maskAt + 4)) : undefined;
    if (!this.control && opcode !== 0x0) {
      // A new data message (a continuation frame, opcode 0, carries on the current one).
      this.text = opcode === 0x1;
      this.compressed = (first & 0x40) !== 0;
      this.size = 0;
      this.headLength = 0;
      this.kept = this.compressed ? false : undefined;
      this.tooBig = false;
      this.parts = [];
      this.open = true;
    }
    this.remaining = length;
    this.frameOffset = 0;
    this.headerLength = 0;
  }

  /** Keeps a text message's bytes: its head until the keep test is decided, then all or none. */
  private absorb(chunk: Buffer, at: number, take: number): void {
    let piece = chunk.subarray(at, at + take);
    if (this.mask !== undefined) piece = unmask(piece, this.mask, this.frameOffset);
    if (this.headLength < HEAD_BYTES) {
      const copied = piece.copy(this.head, this.headLength, 0, HEAD_BYTES - this.headLength);
      this.headLength += copied;
      if (this.headLength === HEAD_BYTES) this.kept = this.keep(this.head);
    }
    if (this.kept === false) return;
    if (this.size + take > MAX_MESSAGE_BYTES) {
      this.tooBig = true;
      this.kept = false;
      this.parts = [];
      return;
    }
    // Copied: the chunk belongs to the relay, which writes it on.
    this.parts.push(this.mask === undefined ? Buffer.from(piece) : piece);
  }

  /** The current frame is complete; returns false when the caller stopped at its message. */
  private frameEnded(at: number, onMessage: OnMessage): boolean {
    this.remaining = -1;
    if (this.control || !this.fin) return true;
    this.open = false;
    const text = this.text;
    let payload: Buffer | undefined;
    if ((text || this.binary) && !this.compressed && !this.tooBig) {
      const kept = this.kept ?? this.keep(this.head.subarray(0, this.headLength));
      if (kept) payload = Buffer.concat(this.parts, this.size);
    }
    const message: FramedMessage = {
      end: at,
      text,
      payload,
      bytes: this.size,
      oversize: this.tooBig,
      compressed: this.compressed,
    };
    this.parts = [];
    return onMessage(message);
  }
}

function unmask(piece: Buffer, mask: Buffer, offset: number): Buffer {
  const out = Buffer.allocUnsafe(piece.length);
  const m0 = mask[offset & 3] ?? 0;
  const m1 = mask[(offset + 1) & 3] ?? 0;
  const m2 = mask[(offset + 2) & 3] ?? 0;
  const m3 = mask[(offset + 3) & 3] ?? 0;
  const whole = piece.length & ~3;
  let i = 0;
  // Four bytes a step (a client's audio appends are megabytes an hour of session).
  for (; i < whole; i += 4) {
    out[i] = (piece[i] ?? 0) ^ m0;
    out[i + 1] = (piece[i + 1] ?? 0) ^ m1;
    out[i + 2] = (piece[i + 2] ?? 0) ^ m2;
    out[i + 3] = (piece[i + 3] ?? 0) ^ m3;
  }
  for (; i < piece.length; i++) out[i] = (piece[i] ?? 0) ^ (mask[(offset + i) & 3] ?? 0);
  return out;
}

/** A frame, unmasked (as a server sends): for the proxy's own error and close frames. */
export function encodeFrame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const header =
    length < 126
      ? Buffer.from([0x80 | opcode, length])
      : length < 65_536
        ? Buffer.from([0x80 | opcode, 126, length >> 8, length & 0xff])
        : Buffer.concat([Buffer.from([0x80 | opcode, 127]), bigLength(length)]);
  return Buffer.concat([header, payload]);
}

function bigLength(length: number): Buffer {
  const out = Buffer.alloc(8);
  out.writeUInt32BE(Math.floor(length / 2 ** 32), 0);
  out.writeUInt32BE(length >>> 0, 4);
  return out;
}

/** A close frame: a status code and a short reason (at most 123 bytes, as RFC 6455 allows). */
export function closeFrame(code: number, reason: string): Buffer {
  const text = Buffer.from(reason, 'utf8').subarray(0, 123);
  const payload = Buffer.alloc(2 + text.length);
  payload.writeUInt16BE(code, 0);
  text.copy(payload, 2);
  return encodeFrame(0x8, payload);
}
