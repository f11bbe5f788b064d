/**
 * Paces a stream to at most `tokensPerSecond` output tokens a second (a soft throttle): aligned
 * runs of events are written when the stream's token allowance — one second's worth at the start,
 * growing at the rate — covers them, and held (with the upstream read paused) until then. Tokens
 * are estimated from the text the events carry (estimateTokens): a pacing estimate, not billing —
 * usage still comes from the upstream's own count.
 */

/**
 * The string fields that carry generated text in the dialects' stream events: answer and thinking
 * deltas, tool-call arguments (OpenAI `arguments`, Anthropic `partial_json`, Responses `delta`) and
 * refusals. A field left out counts one token an event: a tool call's arguments streamed in
 * 20-character pieces were charged a fifth.
 */
const TEXT_FIELDS =
  /"(?:text|content|thinking|partial_json|delta|reasoning_content|arguments|refusal)":"((?:[^"\\]|\\.)*)"/g;

/**
 * Responses events that repeat, whole, the text the deltas before them carried (`….done`,
 * `response.completed`, `…incomplete`, `…failed`): counted as one event each. Counting their text
 * charged an answer up to four times over when its stream was cut between them and the usage.
 */
const REPEAT_EVENT = /"type":"response\.(?:[a-z_]+\.)*(?:done|completed|incomplete|failed)"/;

/**
 * Output tokens a run of whole events amounts to: each event its text fields' (textTokens, at
 * least one a field) and at least one — an event with data counts even without text. Counted event
 * by event, so the figure does not depend on how the network cut the stream into runs.
 */
export function estimateTokens(events: string): number {
  let tokens = 0;
  for (let at = nextDataLine(events, 0); at !== -1;) {
    const next = nextDataLine(events, at + 5);
    const event = next === -1 ? events.slice(at) : events.slice(at, next);
    tokens += REPEAT_EVENT.test(event) ? 1 : eventTokens(event);
    at = next;
  }
  return tokens;
}

function eventTokens(event: string): number {
  let tokens = 0;
  for (const match of event.matchAll(TEXT_FIELDS))
    tokens += Math.max(1, textTokens(match[1] ?? ''));
  return Math.max(1, tokens);
}

/**
 * Tokens of a text as a BPE tokenizer roughly counts them: ~4 ASCII characters a token, ~2 of
 * Greek, Cyrillic, Hebrew or Arabic (below U+0800), ~1 of CJK and the rest. Characters ÷ 4 alone
 * counted a Chinese answer at a third or less — a client could ask for one, read it whole and
 * hang up before the usage event to be charged a third. (JSON \u escapes count 6 ASCII each.)
 */
export function textTokens(text: string): number {
  let quarters = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    quarters += c < 0x80 ? 1 : c < 0x800 ? 2 : 4;
  }
  return Math.ceil(quarters / 4);
}

/**
 * Where the next `data:` line starts, or -1. Only at a line's start: a JSON string cannot hold a raw
 * line end, so "data:" inside an answer's text is never taken for an event. (A run starts on an
 * event boundary, so its offset 0 is a line start.)
 */
function nextDataLine(events: string, from: number): number {
  for (let i = events.indexOf('data:', from); i !== -1; i = events.indexOf('data:', i + 5)) {
    const before = i === 0 ? LF : events.charCodeAt(i - 1);
    if (before === LF || before === CR) return i;
  }
  return -1;
}

const LF = 10;
const CR = 13;

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
