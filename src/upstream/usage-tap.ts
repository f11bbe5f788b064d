/**
 * Reads token usage from a response while it passes through, without holding it back: each chunk
 * is forwarded first and observed after. SSE is split into events (per the WHATWG event-stream
 * rules: LF, CRLF or CR line ends; `event:` and `data:` fields) and handed to the dialect, which
 * parses only the few events that carry usage. JSON bodies are kept (by reference) up to a cap,
 * and at the end their usage object is found from the end of the raw bytes — not by parsing the
 * whole body. Bounded memory: a runaway event or body beyond the cap is skipped, not accumulated.
 */
import { StringDecoder } from 'node:string_decoder';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import type { Dialect, Usage } from '../dialects/dialect.ts';
import { findUsageObject } from './find-usage.ts';

/** Largest JSON body or single SSE event inspected for usage. */
const MAX_INSPECTED_BYTES = 4 * 1024 * 1024;
/** Bodies without a `"usage"` key are parsed whole only up to this size. */
const FULL_PARSE_BYTES = 64 * 1024;

export interface UsageTap {
  push(chunk: Buffer): void;
  end(): void;
}

export function isEventStream(contentType: string | string[] | undefined): boolean {
  return (
    typeof contentType === 'string' && contentType.toLowerCase().startsWith('text/event-stream')
  );
}

/**
 * A tap for one response. `contentEncoding` is set when an upstream compressed a JSON body despite
 * being asked for identity; the copy is then decompressed (bounded) before parsing.
 */
export function createUsageTap(
  dialect: Dialect,
  sse: boolean,
  usage: Usage,
  contentEncoding?: string,
): UsageTap {
  return sse ? new SseUsageTap(dialect, usage) : new JsonUsageTap(dialect, usage, contentEncoding);
}

function decode(body: Buffer, encoding: string | undefined): Buffer {
  const options = { maxOutputLength: MAX_INSPECTED_BYTES };
  switch (encoding?.trim().toLowerCase()) {
    case undefined:
    case 'identity':
      return body;
    case 'gzip':
    case 'x-gzip':
      return gunzipSync(body, options);
    case 'deflate':
      return inflateSync(body, options);
    case 'br':
      return brotliDecompressSync(body, options);
    default:
      throw new Error('unsupported content-encoding');
  }
}

class JsonUsageTap implements UsageTap {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private readonly dialect: Dialect;
  private readonly usage: Usage;
  private readonly encoding: string | undefined;

  constructor(dialect: Dialect, usage: Usage, encoding: string | undefined) {
    this.dialect = dialect;
    this.usage = usage;
    this.encoding = encoding;
  }

  push(chunk: Buffer): void {
    this.size += chunk.length;
    if (this.size <= MAX_INSPECTED_BYTES) this.chunks.push(chunk);
  }

  end(): void {
    if (this.size > MAX_INSPECTED_BYTES || this.size === 0) return;
    try {
      const raw =
        this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks);
      const body = decode(raw, this.encoding);
      const usage = findUsageObject(body);
      if (usage) this.dialect.usageFromJson({ usage }, this.usage);
      // No usage key (e.g. count_tokens answers {"input_tokens": N}): small bodies parse whole.
      else if (body.length <= FULL_PARSE_BYTES)
        this.dialect.usageFromJson(JSON.parse(body.toString('utf8')), this.usage);
    } catch {
      // A body that is not JSON (or truncated, or undecodable) simply has no usage to report.
    }
  }
}

/** Incremental SSE event splitter. Exported for the property tests of the parser. */
export class SseEventParser {
  private readonly decoder = new StringDecoder('utf8');
  private buffer = '';
  /** Where the boundary search resumes in `buffer` (text before it holds no boundary). */
  private scanFrom = 0;
  /** Real APIs end lines with LF only; once a CR is seen the general (slower) search is used. */
  private sawCarriageReturn = false;
  private skipping = false;
  private readonly onEvent: (event: string | undefined, data: string) => void;

  constructor(onEvent: (event: string | undefined, data: string) => void) {
    this.onEvent = onEvent;
  }

  push(chunk: Buffer): void {
    const text = this.decoder.write(chunk);
    if (!this.sawCarriageReturn && text.includes('\r')) this.sawCarriageReturn = true;
    this.buffer += text;
    let start = 0;
    for (;;) {
      const boundary = this.findBoundary(Math.max(start, this.scanFrom));
      if (boundary === undefined) break;
      if (!this.skipping) this.dispatch(this.buffer.slice(start, boundary.index));
      this.skipping = false;
      start = boundary.index + boundary.length;
    }
    this.buffer = this.buffer.slice(start);
    // A boundary may straddle the next chunk: resume two characters back.
    this.scanFrom = Math.max(0, this.buffer.length - 3);
    if (this.buffer.length > MAX_INSPECTED_BYTES) {
      // An event this large is not one we need; drop it and resynchronise at the next boundary.
      this.buffer = '';
      this.scanFrom = 0;
      this.skipping = true;
    }
  }

  end(): void {
    this.buffer += this.decoder.end();
    if (this.buffer !== '' && !this.skipping) this.dispatch(this.buffer);
    this.buffer = '';
    this.scanFrom = 0;
  }

  /** The next blank line at or after `from`, as its index and length. */
  private findBoundary(from: number): { index: number; length: number } | undefined {
    const text = this.buffer;
    if (!this.sawCarriageReturn) {
      const index = text.indexOf('\n\n', from);
      return index === -1 ? undefined : { index, length: 2 };
    }
    for (let i = from; i < text.length; i++) {
      const first = lineEndAt(text, i);
      if (first === 0) continue;
      if (first === -1) return undefined;
      const second = lineEndAt(text, i + first);
      if (second === -1) return undefined;
      if (second > 0) return { index: i, length: first + second };
      i += first - 1;
    }
    return undefined;
  }

  private dispatch(block: string): void {
    let event: string | undefined;
    let data: string | undefined;
    for (const line of block.split(/\r\n|\r|\n/)) {
      if (line === '' || line.charCodeAt(0) === 58 /* ":" comment */) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? '' : line.slice(colon + 1);
      if (value.charCodeAt(0) === 32) value = value.slice(1);
      if (field === 'event') event = value;
      else if (field === 'data') data = data === undefined ? value : `${data}\n${value}`;
    }
    if (data !== undefined) this.onEvent(event, data);
  }
}

/**
 * The length of the line end at `i` (1 for LF or CR, 2 for CRLF), 0 when there is none, and -1
 * when the text ends in a CR or ends at `i` (undecidable until more arrives).
 */
function lineEndAt(text: string, i: number): number {
  if (i >= text.length) return -1;
  const c = text.charCodeAt(i);
  if (c === 10) return 1;
  if (c !== 13) return 0;
  if (i + 1 === text.length) return -1;
  return text.charCodeAt(i + 1) === 10 ? 2 : 1;
}

class SseUsageTap implements UsageTap {
  private readonly parser: SseEventParser;

  constructor(dialect: Dialect, usage: Usage) {
    this.parser = new SseEventParser((event, data) =>
      dialect.usageFromSseEvent(event, data, usage),
    );
  }

  push(chunk: Buffer): void {
    this.parser.push(chunk);
  }

  end(): void {
    this.parser.end();
  }
}
