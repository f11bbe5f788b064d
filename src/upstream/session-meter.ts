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
 * Nothing is copied but the `response.done` events themselves (FrameReader's keep test on a
 * message's first bytes); the relay keeps the pipe's backpressure (the upstream pauses while the
 * client's socket is full). The upgrade offers no compression upstream (websocket.ts), so the
 * frames are readable; a compressed or oversize answer is counted as unread, never guessed.
 */
import type { Socket } from 'node:net';
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
}

/** Policy violation: the close code a session ended by the proxy's limits gets. */
export const CLOSE_POLICY = 1008;

/** How long a session the proxy ended waits for the client's side of the close. */
const CLOSE_WAIT_MS = 2_000;

const RESPONSE_DONE = Buffer.from('"response.done"');
const TYPE_KEY = Buffer.from('"type"');

/**
 * Keeps a text message that names `response.done` in its first bytes, or that names no `type`
 * there at all (its fields may come in another order): every other event (audio and text
 * deltas, the bulk of a session) passes without a copy.
 */
function mayBeResponseDone(head: Buffer): boolean {
  return head.includes(RESPONSE_DONE) || !head.includes(TYPE_KEY);
}

/** The usage of a `response.done` event; undefined for any other message. */
export function readRealtimeUsage(payload: Buffer): RealtimeUsage | 'unreadable' | undefined {
  let event: unknown;
  try {
    event = JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined; // not JSON: not an event of this API
  }
  if (typeof event !== 'object' || event === null) return undefined;
  const fields = event as Record<string, unknown>;
  if (fields['type'] !== 'response.done') return undefined;
  const response = fields['response'];
  const usage =
    typeof response === 'object' && response !== null
      ? (response as Record<string, unknown>)['usage']
      : undefined;
  if (typeof usage !== 'object' || usage === null) return 'unreadable';
  const input = (usage as Record<string, unknown>)['input_tokens'];
  const output = (usage as Record<string, unknown>)['output_tokens'];
  return isCount(input) && isCount(output)
    ? { inputTokens: input, outputTokens: output }
    : 'unreadable';
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Why the proxy ends a session: the error event sent before the close, and the close reason. */
export interface SessionEnding {
  readonly errorEvent: string;
  readonly closeReason: string;
}

export interface SessionMeterOptions {
  readonly upstream: Socket;
  readonly client: Socket;
  /** Charges a response's usage; an ending ends the session after that response. */
  readonly charge: (usage: RealtimeUsage) => SessionEnding | undefined;
  /**
   * A client event that may ask for a turn (clientEventHead's messages, parsed); an ending ends
   * the session at once (on the next frame boundary of the upstream's direction).
   */
  readonly clientEvent?: (event: unknown) => SessionEnding | undefined;
}

/** The client's events a turn is read from (session-turns.ts); audio appends are not copied. */
const CLIENT_EVENTS = ['"response.create"', '"conversation.item.create"', '"session.update"'].map(
  (name) => Buffer.from(name),
);

function mayAskForTurn(head: Buffer): boolean {
  return CLIENT_EVENTS.some((name) => head.includes(name)) || !head.includes(TYPE_KEY);
}

export class SessionMeter {
  readonly tally: SessionTally = { inputTokens: 0, outputTokens: 0, responses: 0, unread: 0 };
  /** The proxy ended the session (a bucket refused an answer's usage, or a turn was refused). */
  ended = false;
  private readonly options: SessionMeterOptions;
  private readonly reader = new FrameReader(mayBeResponseDone);
  private readonly clientReader = new FrameReader(mayAskForTurn);
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

  private relay(chunk: Buffer): void {
    if (this.ended) return;
    // Stops at the end of an answer whose charge was refused, or at the end of the frame under
    // way when an end was asked for: what follows is not relayed.
    const at = this.reader.feed(chunk, (message) => this.read(message));
    this.write(chunk.subarray(0, at));
    if (this.ending !== undefined && this.reader.atFrameBoundary) this.finish();
  }

  private readClient(chunk: Buffer): void {
    const clientEvent = this.options.clientEvent;
    if (this.ended || this.ending !== undefined || clientEvent === undefined) return;
    this.clientReader.feed(chunk, (message) => {
      if (message.payload === undefined) return true;
      let event: unknown;
      try {
        event = JSON.parse(message.payload.toString('utf8'));
      } catch {
        return true; // not an event of this API: the upstream answers it
      }
      const ending = clientEvent(event);
      if (ending === undefined) return true;
      this.endSession(ending);
      return false;
    });
  }

  /** Counts a message's usage; false when its charge was refused. */
  private read(message: FramedMessage): boolean {
    if (!message.text) return true;
    if (message.compressed || message.oversize) {
      this.tally.unread++;
      return true;
    }
    if (message.payload === undefined) return true;
    const usage = readRealtimeUsage(message.payload);
    if (usage === undefined) return true;
    if (usage === 'unreadable') {
      this.tally.unread++;
      return true;
    }
    this.tally.responses++;
    this.tally.inputTokens += usage.inputTokens;
    this.tally.outputTokens += usage.outputTokens;
    const ending = this.options.charge(usage);
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
