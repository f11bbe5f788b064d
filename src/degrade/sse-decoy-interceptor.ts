/**
 * Decoy interception on an SSE answer, event by event as the forward stage relays it (on event
 * boundaries: see SseAligner). The route's filter (decoy-events.ts) decides what each event
 * becomes; this class keeps the cost off the events that cannot change. Before anything was
 * dropped, only events that start a tool call are parsed (a decoy's name in text is left alone),
 * and a chunk without one goes on as the very same Buffer; after a drop, events carrying the
 * route's structural marks (block indexes, tool calls, output indexes) are parsed too.
 * An event that does not parse is passed through unchanged and counted: interception only ever
 * removes what it understands.
 */
import { objectField } from '../dialects/dialect.ts';
import { decoyFilterFor, type DecoyEventFilter } from './decoy-events.ts';
import { countIntercepted, decoyStats, type DecoyState } from './decoy-match.ts';
import { mapEvents, readEvent, writeEvent } from './sse-event.ts';

export class SseDecoyInterceptor {
  private readonly filter: DecoyEventFilter | undefined;
  /** Always looked for: the filter's `watch` marks (what starts a call). */
  private readonly marks: readonly string[];
  private readonly markBytes: readonly Buffer[];
  private readonly needleBytes: readonly Buffer[];

  constructor(routeId: string, state: DecoyState) {
    this.filter = decoyFilterFor(routeId, state.names, () => countIntercepted(state));
    this.marks = this.filter?.watch ?? [];
    this.markBytes = this.marks.map((mark) => Buffer.from(mark));
    this.needleBytes = (this.filter?.needles ?? []).map((needle) => Buffer.from(needle));
  }

  /** The chunk to send on: `chunk` itself when nothing in it changed. */
  pushBuffer(chunk: Buffer): Buffer {
    if (this.filter === undefined || !this.chunkMayChange(chunk)) return chunk;
    const text = chunk.toString('utf8');
    const out = this.push(text);
    return out === text ? chunk : Buffer.from(out);
  }

  /** The text form: `text` itself when nothing in it changed. */
  push(text: string): string {
    return mapEvents(text, (raw) => this.event(raw));
  }

  private chunkMayChange(chunk: Buffer): boolean {
    for (const mark of this.markBytes) if (chunk.includes(mark)) return true;
    if (this.filter?.active !== true) return false;
    for (const needle of this.needleBytes) if (chunk.includes(needle)) return true;
    return false;
  }

  private eventMayChange(raw: string, filter: DecoyEventFilter): boolean {
    for (const mark of this.marks) if (raw.includes(mark)) return true;
    if (!filter.active) return false;
    for (const needle of filter.needles) if (raw.includes(needle)) return true;
    return false;
  }

  /** One event; its replacement ('' to drop it). */
  private event(raw: string): string {
    const filter = this.filter;
    if (filter === undefined || !this.eventMayChange(raw, filter)) return raw;
    const parsed = readEvent(raw);
    if (parsed === undefined) return raw; // a comment or a retry hint: nothing to intercept
    let data: Record<string, unknown> | undefined;
    try {
      data = objectField(JSON.parse(parsed.data));
    } catch {
      // `[DONE]` is the chat stream's end, not a malformed event.
      if (parsed.data.trim() !== '[DONE]') decoyStats.unparsed++;
      return raw;
    }
    if (data === undefined) return raw;
    const verdict = filter.event(data);
    if (verdict === 'keep') return raw;
    return verdict === 'drop' ? '' : writeEvent(parsed.event, data);
  }
}
