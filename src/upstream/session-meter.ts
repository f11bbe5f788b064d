/**
 * Meters a realtime WebSocket session (`routes.websocket[].usage: realtime`): the proxy relays
 * the upstream's frames to the client itself instead of a raw pipe, reads each `response.done`
 * server event's `response.usage` as the frames pass (OpenAI Realtime API), and hands its tokens
 * to the caller — who charges them to the session's buckets and may end the session there. The
 * end falls on a message boundary: the client gets the `response.done` it was owed, then an
 * `error` event in the dialect's shape and a close frame (1008, the error code as reason). Beside
 * the client's own pipe it reads the client's events that may ask for a turn (session-turns.ts),
 * which the caller judges as a request: a turn refused ends the session before its answer.
 *
 * Of the upstream's messages nothing is copied but `response.done`, the text deltas and the
 * session and response bookkeeping (UPSTREAM_EVENTS), by the type a message's first bytes name;
 * audio passes untouched (the upstream is trusted; the client is not: every client message is
 * read, and one that cannot be ends the session). The deltas' text estimates the answer
 * under way, which is what an answer is charged when its usage cannot be read (compressed, over
 * 4 MiB, malformed) or never comes (the client left first) — counted as unread and estimated,
 * never as nothing. The relay keeps the pipe's backpressure (the upstream pauses while the
 * client's socket is full). The upgrade offers no compression upstream (websocket.ts).
 */
import type { Socket } from 'node:net';
import { countField } from '../dialects/dialect.ts';
import { textTokens } from './stream-pacer.ts';
import { closeFrame, encodeFrame, FrameReader, type FramedMessage } from './websocket-frames.ts';

/** A `response.done` event's usage. */
export interface RealtimeUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
}

/** What a session's meter read, for the decision record. */
export interface SessionTally {
  inputTokens: number;
  outputTokens: number;
  /** `response.done` events read. */
  responses: number;
  /** Answers whose usage could not be read (compressed, oversize or malformed). */
  unread: number;
  /**
   * Some of `outputTokens` is an estimate from an answer's text deltas: an answer whose usage
   * could not be read, or one still under way when the session ended.
   */
  estimated: boolean;
}

/** Policy violation: the close code a session ended by the proxy's limits gets. */
export const CLOSE_POLICY = 1008;

/** How long a session the proxy ended waits for the client's side of the close. */
const CLOSE_WAIT_MS = 2_000;

/** The server events whose text an answer's output is estimated from while it is under way. */
const TEXT_DELTAS: ReadonlySet<string> = new Set([
  'response.output_text.delta',
  'response.text.delta',
  'response.output_audio_transcript.delta',
  'response.audio_transcript.delta',
  'response.function_call_arguments.delta',
]);

const TYPE_KEY = Buffer.from('"type"');

/**
 * The event type a message's first bytes name (`"type": "…"`, whitespace allowed); undefined when
 * they do not name one whole (no `"type"` yet, or its value runs past them): such a message is
 * kept, since it may be any event.
 */
export function headType(head: Buffer): string | undefined {
  const key = head.indexOf(TYPE_KEY);
  if (key < 0) return undefined;
  let at = skipSpace(head, key + TYPE_KEY.length);
  if (head[at] !== 0x3a /* : */) return undefined;
  at = skipSpace(head, at + 1);
  if (head[at] !== 0x22 /* " */) return undefined;
  const end = head.indexOf(0x22, at + 1);
  return end < 0 ? undefined : head.toString('latin1', at + 1, end);
}

function skipSpace(bytes: Buffer, at: number): number {
  let i = at;
  while (i < bytes.length) {
    const c = bytes[i];
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
    i++;
  }
  return i;
}

/** The usage of a `response.done` event; undefined for any other event. */
export function realtimeUsage(event: unknown): RealtimeUsage | 'unreadable' | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const fields = event as Record<string, unknown>;
  if (fields['type'] !== 'response.done') return undefined;
  const response = fields['response'];
  const usage =
    typeof response === 'object' && response !== null
      ? (response as Record<string, unknown>)['usage']
      : undefined;
  if (typeof usage !== 'object' || usage === null) return 'unreadable';
  const input = countField((usage as Record<string, unknown>)['input_tokens']);
  const output = countField((usage as Record<string, unknown>)['output_tokens']);
  return input !== undefined && output !== undefined
    ? { inputTokens: input, outputTokens: output }
    : 'unreadable';
}

/** realtimeUsage of a message's text (undefined when it is not JSON). */
export function readRealtimeUsage(payload: Buffer): RealtimeUsage | 'unreadable' | undefined {
  const event = parseEvent(payload);
  return event === undefined ? undefined : realtimeUsage(event);
}

function parseEvent(payload: Buffer): unknown {
  try {
    return JSON.parse(payload.toString('utf8')) as unknown;
  } catch {
    return undefined; // not JSON: not an event of this API
  }
}

/**
 * The string at `path` in an event (`stringAt(event, 'response', 'id')`); undefined when a step is
 * missing or not an object, or the value is not a string.
 */
export function stringAt(event: unknown, ...path: string[]): string | undefined {
  let value = event;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return typeof value === 'string' ? value : undefined;
}

/** Why the proxy ends a session: the error event sent before the close, and the close reason. */
export interface SessionEnding {
  readonly errorEvent: string;
  readonly closeReason: string;
}

export interface SessionMeterOptions {
  readonly upstream: Socket;
  readonly client: Socket;
  /**
   * Charges an answer's usage (read, or estimated from its text when its usage could not be),
   * with its response id when the event named one; an ending ends the session after that answer.
   */
  readonly charge: (
    usage: RealtimeUsage,
    responseId: string | undefined,
  ) => SessionEnding | undefined;
  /**
   * A client event (every client message is read: JSON text or binary, up to MAX_MESSAGE_BYTES);
   * an ending ends the session at once (on the next frame boundary of the upstream's direction).
   */
  readonly clientEvent?: (event: unknown) => SessionEnding | undefined;
  /** A client message that cannot be read (over MAX_MESSAGE_BYTES, compressed): it ends the session. */
  readonly unreadable?: () => SessionEnding;
  /** The upstream's session and response bookkeeping (UPSTREAM_EVENTS), parsed. */
  readonly upstreamEvent?: (event: Record<string, unknown>) => void;
}

/** The upstream events the caller follows: the session's model, answers begun, refusals. */
const UPSTREAM_EVENTS: ReadonlySet<string> = new Set([
  'session.created',
  'session.updated',
  'response.created',
  'error',
]);

/** The answer under way: its response id (from response.created) and its estimate so far. */
export interface OpenAnswer {
  readonly responseId: string | undefined;
  readonly outputTokens: number;
}

export class SessionMeter {
  readonly tally: SessionTally = {
    inputTokens: 0,
    outputTokens: 0,
    responses: 0,
    unread: 0,
    estimated: false,
  };
  /** The proxy ended the session (a bucket refused an answer's usage, or a turn was refused). */
  ended = false;
  private readonly options: SessionMeterOptions;
  /** The type the current upstream message's head names (undefined: it names none whole). */
  private type: string | undefined = undefined;
  private readonly reader = new FrameReader((head) => {
    this.type = headType(head);
    const type = this.type;
    return (
      type === undefined ||
      type === 'response.done' ||
      TEXT_DELTAS.has(type) ||
      UPSTREAM_EVENTS.has(type)
    );
  });
  /**
   * Every client message is read: a test on its first bytes could be fooled (a nested or
   * escaped "type", a duplicate key JSON.parse reads the last of) into passing a turn unjudged.
   */
  private readonly clientReader = new FrameReader(() => true, { binary: true });
  /** The output the answer under way has written so far, estimated from its text deltas. */
  private answerTokens = 0;
  private answerId: string | undefined = undefined;
  private failedCounted = false;
  private waiting = false;
  /** Set when the session is to end: at once on a frame boundary, else at the frame's end. */
  private ending: SessionEnding | undefined = undefined;
  private endTimer: NodeJS.Timeout | undefined = undefined;

  constructor(options: SessionMeterOptions) {
    this.options = options;
  }

  /**
   * Takes the upstream-to-client direction over from the raw pipe http-proxy-3 set up, and reads
   * the client's events beside its pipe (which stays: a turn refused is stopped by ending the
   * session, so its answer never reaches the client).
   */
  start(): void {
    const { upstream, client } = this.options;
    upstream.unpipe(client);
    upstream.on('data', (chunk: Buffer) => this.relay(chunk));
    upstream.resume();
    if (this.options.clientEvent !== undefined)
      client.on('data', (chunk: Buffer) => this.readClient(chunk));
  }

  /**
   * The session is over: an answer still under way is counted at its estimate (what its deltas
   * carried) — a client that leaves before the answer's usage arrives is charged what it read —
   * and returned, for detection to settle its turn with.
   */
  close(): OpenAnswer | undefined {
    if (this.answerTokens === 0) return undefined;
    const open = { responseId: this.answerId, outputTokens: this.answerTokens };
    this.tally.outputTokens += this.answerTokens;
    this.tally.estimated = true;
    this.answerTokens = 0;
    return open;
  }

  private relay(chunk: Buffer): void {
    if (this.ended) return;
    // Stops at the end of an answer whose charge was refused, or at the end of the frame under
    // way when an end was asked for: what follows is not relayed.
    const at = this.reader.feed(chunk, (message) => this.read(message));
    if (this.reader.failed && !this.failedCounted) {
      this.failedCounted = true;
      this.tally.unread++;
    }
    this.write(chunk.subarray(0, at));
    if (this.ending !== undefined && this.reader.atFrameBoundary) this.finish();
  }

  private readClient(chunk: Buffer): void {
    const clientEvent = this.options.clientEvent;
    if (this.ended || this.ending !== undefined || clientEvent === undefined) return;
    this.clientReader.feed(chunk, (message) => {
      if (message.payload === undefined) {
        // Too large to read, or compressed (never offered): it would pass unjudged.
        const unreadable = this.options.unreadable;
        if (unreadable === undefined) return true;
        this.endSession(unreadable());
        return false;
      }
      const event = parseEvent(message.payload);
      if (event === undefined) return true; // not JSON: the upstream refuses it
      const ending = clientEvent(event);
      if (ending === undefined) return true;
      this.endSession(ending);
      return false;
    });
  }

  /** Reads an upstream message; false when its answer's charge was refused. */
  private read(message: FramedMessage): boolean {
    if (!message.text) return true;
    if (message.payload === undefined) {
      // Compressed (never offered) or too large to keep: an answer's end is then unreadable.
      if (message.compressed || (message.oversize && this.type === 'response.done'))
        return this.answerEnded(undefined, undefined);
      return true;
    }
    const event = parseEvent(message.payload);
    if (typeof event !== 'object' || event === null) return true;
    const fields = event as Record<string, unknown>;
    const type = fields['type'];
    if (typeof type !== 'string') return true;
    if (TEXT_DELTAS.has(type)) {
      const delta = fields['delta'];
      this.answerTokens += Math.max(1, typeof delta === 'string' ? textTokens(delta) : 0);
      return true;
    }
    if (UPSTREAM_EVENTS.has(type)) {
      if (type === 'response.created') this.answerId = stringAt(fields, 'response', 'id');
      this.options.upstreamEvent?.(fields);
      return true;
    }
    const usage = realtimeUsage(event);
    if (usage === undefined) return true;
    return this.answerEnded(
      usage === 'unreadable' ? undefined : usage,
      stringAt(fields, 'response', 'id'),
    );
  }

  /**
   * An answer ended: its usage charged, or (unreadable) the estimate its deltas amount to — never
   * nothing for an answer the client read.
   */
  private answerEnded(usage: RealtimeUsage | undefined, responseId: string | undefined): boolean {
    const tally = this.tally;
    let charged = usage;
    if (charged === undefined) {
      tally.unread++;
      tally.estimated ||= this.answerTokens > 0;
      charged = { inputTokens: 0, outputTokens: this.answerTokens };
    } else tally.responses++;
    const id = responseId ?? this.answerId;
    this.answerTokens = 0;
    this.answerId = undefined;
    tally.inputTokens += charged.inputTokens;
    tally.outputTokens += charged.outputTokens;
    const ending = this.options.charge(charged, id);
    if (ending === undefined) return true;
    this.ending ??= ending;
    return false;
  }

  private write(bytes: Buffer): void {
    const { upstream, client } = this.options;
    if (bytes.length === 0 || client.destroyed) return;
    if (client.write(bytes) || this.waiting) return;
    this.waiting = true;
    upstream.pause();
    client.once('drain', () => {
      this.waiting = false;
      upstream.resume();
    });
  }

  /**
   * Ends the session as soon as the upstream's direction is between frames: nothing more of the
   * client's reaches the upstream from now on. A frame that never ends (an upstream stalled mid
   * frame) does not hold it open: after CLOSE_WAIT_MS both sockets are closed without a close frame.
   */
  private endSession(ending: SessionEnding): void {
    if (this.ended || this.ending !== undefined) return;
    this.ending = ending;
    this.options.client.unpipe(this.options.upstream);
    if (this.reader.atFrameBoundary) return this.finish();
    this.reader.stopAtFrame = true;
    this.endTimer = setTimeout(() => {
      if (this.ended) return;
      this.ended = true;
      this.options.upstream.destroy();
      this.options.client.destroy();
    }, CLOSE_WAIT_MS);
    this.endTimer.unref();
  }

  /**
   * Ends the session on the boundary just written: the error event (not inside a fragmented
   * message, where only control frames may come), a close frame, no upstream. The client's own
   * close frame is read and dropped (its pipe to the upstream is gone); the socket closes when the
   * client closes its side, or after CLOSE_WAIT_MS.
   */
  private finish(): void {
    const { upstream, client } = this.options;
    const ending = this.ending;
    if (this.ended || ending === undefined) return;
    this.ended = true;
    clearTimeout(this.endTimer);
    client.unpipe(upstream);
    upstream.destroy();
    if (client.destroyed) return;
    if (!this.reader.inMessage)
      client.write(encodeFrame(0x1, Buffer.from(ending.errorEvent, 'utf8')));
    client.end(closeFrame(CLOSE_POLICY, ending.closeReason));
    client.on('data', () => {});
    client.once('end', () => client.destroy());
    client.resume();
    const timer = setTimeout(() => client.destroy(), CLOSE_WAIT_MS);
    timer.unref();
    client.once('close', () => clearTimeout(timer));
  }
}
