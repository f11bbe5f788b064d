/**
 * Paces a stream to at most `tokensPerSecond` output tokens a second (a soft throttle): aligned
 * runs of events are written when the stream's token allowance — one second's worth at the start,
 * growing at the rate — covers them, and held (with the upstream read paused) until then. Tokens
 * are estimated from the text the events carry (≈ 4 characters a token, at least one per event
 * with data): a pacing estimate, not billing — usage still comes from the upstream's own count.
 */

const TEXT_FIELDS =
  /"(?:text|content|thinking|partial_json|delta|reasoning_content)":"((?:[^"\\]|\\.)*)"/g;

/** Output tokens the events' text amounts to (≈ 4 characters a token). */
export function estimateTextTokens(events: string): number {
  let chars = 0;
  for (const match of events.matchAll(TEXT_FIELDS)) chars += match[1]?.length ?? 0;
  return Math.ceil(chars / 4);
}

/** Output tokens the events amount to: their text's, at least one an event with data. */
export function estimateTokens(events: string): number {
  return Math.max(countDataEvents(events), estimateTextTokens(events));
}

/** Events with data (`data:` lines) in a run of whole events. */
export function countDataEvents(events: string): number {
  let dataEvents = 0;
  for (let i = events.indexOf('data:'); i !== -1; i = events.indexOf('data:', i + 5)) dataEvents++;
  return dataEvents;
}

/** Where the pacer writes, and how it holds and releases the upstream. */
export interface PacerSink {
  write(chunk: Buffer): void;
  pause(): void;
  resume(): void;
  end(): void;
}

export class StreamPacer {
  private readonly rate: number;
  private readonly now: () => number;
  private readonly sink: PacerSink;
  private readonly startedAt: number;
  private sent = 0;
  private readonly queue: Buffer[] = [];
  private timer: NodeJS.Timeout | undefined = undefined;
  private ended = false;

  constructor(tokensPerSecond: number, now: () => number, sink: PacerSink) {
    this.rate = tokensPerSecond;
    this.now = now;
    this.sink = sink;
    this.startedAt = now();
  }

  /** Runs are held, waiting for their time. */
  get holding(): boolean {
    return this.queue.length > 0;
  }

  push(chunk: Buffer): void {
    this.queue.push(chunk);
    if (this.timer === undefined) this.drain();
  }

  /** The upstream ended: end the response once everything held has been written. */
  finish(): void {
    this.ended = true;
    if (this.timer === undefined && this.queue.length === 0) this.sink.end();
  }

  /** The response closed: drop what is held. */
  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
  }

  private drain(): void {
    this.timer = undefined;
    while (this.queue.length > 0) {
      const chunk = this.queue[0] as Buffer;
      const tokens = estimateTokens(chunk.toString('utf8'));
      const elapsed = (this.now() - this.startedAt) / 1000;
      const allowance = this.rate * (1 + elapsed);
      // A single run larger than one second's allowance is still sent, when its time comes.
      const due = (this.sent + tokens - this.rate) / this.rate;
      if (this.sent > 0 && this.sent + tokens > allowance) {
        this.sink.pause();
        this.timer = setTimeout(() => this.drain(), Math.max(1, (due - elapsed) * 1000));
        return;
      }
      this.queue.shift();
      this.sent += tokens;
      this.sink.write(chunk);
    }
    this.sink.resume();
    if (this.ended) this.sink.end();
  }
}
