/**
 * Forwards an SSE body aligned to event boundaries: each chunk is passed on up to its last complete
 * event, and a partial event is held back until the rest of it arrives. A client cannot act on half
 * an event anyway, so this costs no latency, and it makes a failed stream end cleanly: if the
 * upstream dies mid-event, the partial event is dropped and the dialect's error event follows a
 * complete one (instead of being glued onto half an event, which the SDKs fail to parse).
 *
 * Boundaries are two consecutive line ends (LF, CR or CRLF), per the WHATWG event-stream format.
 * The held tail is bounded: an "event" larger than the cap is forwarded as it comes.
 */

const LF = 10;
const CR = 13;
const DOUBLE_LF = Buffer.from('\n\n');
const MAX_HELD_BYTES = 1024 * 1024;

export class SseAligner {
  private tail: Buffer | undefined = undefined;
  private sawCarriageReturn = false;

  /** The part of `chunk` (with any held tail) that ends on an event boundary; the rest is held. */
  push(chunk: Buffer): Buffer | undefined {
    if (chunk.length === 0) return undefined;
    const data = this.tail ? Buffer.concat([this.tail, chunk]) : chunk;
    this.tail = undefined;
    if (!this.sawCarriageReturn && chunk.includes(CR)) this.sawCarriageReturn = true;
    const end = this.sawCarriageReturn ? lastBoundaryEnd(data) : lastDoubleLfEnd(data);
    if (end === data.length) return data;
    if (end === 0) {
      if (data.length > MAX_HELD_BYTES) return data;
      this.tail = data;
      return undefined;
    }
    const rest = data.subarray(end);
    if (rest.length > MAX_HELD_BYTES) return data;
    this.tail = Buffer.from(rest); // copy: do not pin the whole chunk for a small tail
    return data.subarray(0, end);
  }

  /** Whatever is held (the upstream ended cleanly: deliver it as sent). */
  flush(): Buffer | undefined {
    const tail = this.tail;
    this.tail = undefined;
    return tail;
  }

  /** True when a partial event is being held back. */
  get holding(): boolean {
    return this.tail !== undefined;
  }
}

function lastDoubleLfEnd(data: Buffer): number {
  const index = data.lastIndexOf(DOUBLE_LF);
  return index === -1 ? 0 : index + 2;
}

/**
 * The offset just past the last boundary (two line ends in a row), or 0 when there is none.
 * A CR at the very end is undecided (an LF may follow in the next chunk), so it never ends a
 * boundary here.
 */
export function lastBoundaryEnd(data: Buffer): number {
  for (let i = data.length - 1; i > 0; i--) {
    const c = data[i];
    if (c !== LF && c !== CR) continue;
    if (c === CR && i === data.length - 1) continue;
    // data[i] ends a line; is the line end before it directly adjacent?
    let j = i - 1;
    if (c === LF && data[j] === CR) j--; // CRLF is one line end
    if (j < 0) return 0;
    const previous = data[j];
    if (previous === LF || previous === CR) return i + 1;
  }
  return 0;
}
