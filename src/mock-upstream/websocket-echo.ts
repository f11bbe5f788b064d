/**
 * A minimal RFC 6455 endpoint for the mock's /v1/realtime: completes the handshake and echoes each
 * text or binary frame back (unmasked, as a server must), answers ping with pong and close with
 * close. Enough for a real WebSocket client to talk through the proxy. A `response.create` client
 * event is answered as the OpenAI Realtime API does, with `response.created`, text deltas and a
 * `response.done` carrying the whole answer and its usage: `max_output_tokens` output tokens
 * (default 100), and as input the session's client text so far (~4 bytes a token) plus 20.
 * `response.metadata.mock_done_after_ms` holds the response.done back (tests of a client that
 * leaves mid-answer).
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { encodeFrame } from '../upstream/websocket-frames.ts';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/**
 * Completes a WebSocket handshake on an upgrade request (the 101 with its accept key); false, the
 * socket answered 400 and ended, when the request names no key. Also the load tests' and tests'
 * scripted upstreams' handshake.
 */
export function acceptHandshake(req: IncomingMessage, socket: Socket): boolean {
  const key = req.headers['sec-websocket-key'];
  if (typeof key !== 'string') {
    socket.end('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n');
    return false;
  }
  const accept = createHash('sha1')
    .update(key + GUID)
    .digest('base64');
  socket.write(
    `HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: Upgrade\r\nsec-websocket-accept: ${accept}\r\n\r\n`,
  );
  return true;
}

export function acceptWebSocket(req: IncomingMessage, socket: Socket): void {
  if (!acceptHandshake(req, socket)) return;
  let buffer = Buffer.alloc(0);
  let clientBytes = 0;
  let responses = 0;
  let asked: Record<string, unknown> | undefined;
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const frame = readFrame(buffer);
      if (!frame) break;
      buffer = buffer.subarray(frame.length);
      if (frame.opcode === 0x8) return void socket.end(encodeFrame(0x8, frame.payload));
      if (frame.opcode === 0x9) socket.write(encodeFrame(0xa, frame.payload));
      else if (frame.opcode === 0x1 && (asked = responseCreateOf(frame.payload))) {
        clientBytes += frame.payload.length;
        const id = `resp_mock_${++responses}`;
        const events = realtimeAnswer(asked, id, 20 + Math.ceil(clientBytes / 4));
        const send = (event: object): void =>
          void socket.write(encodeFrame(0x1, Buffer.from(JSON.stringify(event))));
        const after = (asked['metadata'] as Record<string, unknown> | undefined)?.[
          'mock_done_after_ms'
        ];
        const doneAfter = typeof after === 'number' && after >= 0 ? after : undefined;
        if (doneAfter === undefined) events.forEach(send);
        else {
          // The answer's text now, its response.done later (a client may leave in between).
          const done = events.pop();
          events.forEach(send);
          setTimeout(() => {
            if (socket.writable && done !== undefined) send(done);
          }, doneAfter).unref();
        }
      } else if (frame.opcode === 0x1 || frame.opcode === 0x2) {
        if (frame.opcode === 0x1) clientBytes += frame.payload.length;
        socket.write(encodeFrame(frame.opcode, frame.payload));
      }
    }
  });
  socket.on('error', () => socket.destroy());
}

/** One whole frame at the buffer's start, unmasked; undefined while it is incomplete. */
export function readFrame(
  buffer: Buffer,
): { opcode: number; payload: Buffer; length: number } | undefined {
  if (buffer.length < 2) return undefined;
  const opcode = (buffer[0] ?? 0) & 0x0f;
  const masked = ((buffer[1] ?? 0) & 0x80) !== 0;
  let length = (buffer[1] ?? 0) & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buffer.length < 4) return undefined;
    length = buffer.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buffer.length < 10) return undefined;
    length = Number(buffer.readBigUInt64BE(2));
    offset = 10;
  }
  const maskOffset = offset;
  if (masked) offset += 4;
  if (buffer.length < offset + length) return undefined;
  const payload = Buffer.from(buffer.subarray(offset, offset + length));
  if (masked)
    for (let i = 0; i < payload.length; i++)
      payload[i] = (payload[i] ?? 0) ^ (buffer[maskOffset + (i % 4)] ?? 0);
  return { opcode, payload, length: offset + length };
}

/** A `response.create` event's `response` (`{}` when it has none); undefined for any other. */
function responseCreateOf(payload: Buffer): Record<string, unknown> | undefined {
  let event: { type?: unknown; response?: unknown };
  try {
    event = JSON.parse(payload.toString('utf8')) as typeof event;
  } catch {
    return undefined;
  }
  if (event.type !== 'response.create') return undefined;
  const response = event.response;
  return typeof response === 'object' && response !== null
    ? (response as Record<string, unknown>)
    : {};
}

/** The server events answering a `response.create`; the answer is ~4 characters a token. */
function realtimeAnswer(
  response: Record<string, unknown>,
  id: string,
  inputTokens: number,
): object[] {
  const asked = response['max_output_tokens'];
  const outputTokens = typeof asked === 'number' && asked > 0 ? Math.floor(asked) : 100;
  const text = 'word '.repeat(Math.ceil(outputTokens * 0.8)).slice(0, outputTokens * 4);
  const usage = {
    total_tokens: inputTokens + outputTokens,
    input_tokens: inputTokens,
    output_tokens: outputTokens,
    input_token_details: { cached_tokens: 0, text_tokens: inputTokens, audio_tokens: 0 },
    output_token_details: { text_tokens: outputTokens, audio_tokens: 0 },
  };
  const item = { id: `item_${id}`, type: 'message', role: 'assistant' };
  return [
    { type: 'response.created', event_id: `evt_${id}_0`, response: { id, status: 'in_progress' } },
    ...[0, 1, 2].map((part) => ({
      type: 'response.output_text.delta',
      event_id: `evt_${id}_${part + 1}`,
      response_id: id,
      item_id: item.id,
      delta: text.slice((part * text.length) / 3, ((part + 1) * text.length) / 3),
    })),
    {
      type: 'response.done',
      event_id: `evt_${id}_done`,
      response: {
        id,
        object: 'realtime.response',
        status: 'completed',
        output: [{ ...item, status: 'completed', content: [{ type: 'text', text }] }],
        usage,
      },
    },
  ];
}
