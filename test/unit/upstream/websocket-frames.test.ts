/**
 * The frame reader of metered WebSocket sessions, against frames built here byte by byte (RFC
 * 6455 §5.2): every split of the stream gives the same messages at the same offsets, masks are
 * undone, fragments are joined across control frames, and only what the keep test asks for is
 * kept. And the realtime usage a `response.done` carries.
 */
import { describe, expect, it } from 'vitest';
import {
  closeFrame,
  encodeFrame,
  FrameReader,
  MAX_MESSAGE_BYTES,
  type FramedMessage,
} from '../../../src/upstream/websocket-frames.ts';
import { headType, readRealtimeUsage } from '../../../src/upstream/session-meter.ts';

/** A frame as a peer may send it: any opcode, fin, rsv1, an optional mask. */
function frame(
  opcode: number,
  payload: Buffer,
  options: { fin?: boolean; mask?: Buffer; rsv1?: boolean } = {},
): Buffer {
  const first = ((options.fin ?? true) ? 0x80 : 0) | (options.rsv1 ? 0x40 : 0) | opcode;
  const maskBit = options.mask ? 0x80 : 0;
  const length = payload.length;
  let header: Buffer;
  if (length < 126) header = Buffer.from([first, maskBit | length]);
  else if (length < 65_536) {
    header = Buffer.from([first, maskBit | 126, 0, 0]);
    header.writeUInt16BE(length, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = first;
    header[1] = maskBit | 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  if (!options.mask) return Buffer.concat([header, payload]);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ options.mask![i % 4]!));
  return Buffer.concat([header, options.mask, masked]);
}

const text = (value: string): Buffer => Buffer.from(value, 'utf8');

/** Feeds `stream` in the given pieces; the messages with their offsets in the whole stream. */
function readAll(
  stream: Buffer,
  cuts: readonly number[],
  keep: (head: Buffer) => boolean = () => true,
): (FramedMessage & { at: number })[] {
  const reader = new FrameReader(keep);
  const out: (FramedMessage & { at: number })[] = [];
  let from = 0;
  for (const to of [...cuts, stream.length]) {
    const base = from;
    reader.feed(stream.subarray(from, to), (message) => {
      out.push({ ...message, at: base + message.end });
      return true;
    });
    from = to;
  }
  return out;
}

const summary = (messages: readonly (FramedMessage & { at: number })[]) =>
  messages.map((m) => ({
    at: m.at,
    text: m.text,
    payload: m.payload?.toString('utf8'),
    bytes: m.bytes,
    oversize: m.oversize,
    compressed: m.compressed,
  }));

describe('FrameReader', () => {
  const mask = Buffer.from([0x12, 0x34, 0x56, 0x78]);
  const long = 'x'.repeat(300); // a 16-bit length
  const huge = 'y'.repeat(70_000); // a 64-bit length
  const stream = Buffer.concat([
    frame(0x1, text('{"type":"a"}')),
    frame(0x9, text('ping')), // control frames between messages are not messages
    frame(0x1, text(long), { mask }),
    // A fragmented message with a ping between its fragments.
    frame(0x1, text('{"type":"frag'), { fin: false }),
    frame(0xa, text('pong')),
    frame(0x0, text('mented"}'), { fin: false, mask }),
    frame(0x0, text(''), { fin: true }),
    frame(0x2, Buffer.from([1, 2, 3])),
    frame(0x1, text(huge)),
    frame(0x1, text('{"type":"deflated"}'), { rsv1: true }),
  ]);
  const whole = summary(readAll(stream, []));

  it('reads every message, unmasked and joined, at the offset its last frame ends', () => {
    expect(
      whole.map(({ payload, text: isText, compressed }) => [payload, isText, compressed]),
    ).toEqual([
      ['{"type":"a"}', true, false],
      [long, true, false],
      ['{"type":"fragmented"}', true, false],
      [undefined, false, false],
      [huge, true, false],
      [undefined, true, true],
    ]);
    expect(whole.at(-1)!.at).toBe(stream.length);
    expect(whole[3]!.bytes).toBe(3);
  });

  it('gives the same messages whatever the chunks (every split point, and byte by byte)', () => {
    // Every single split point of the head of the stream (the short frames), then byte by byte.
    const head = 200;
    for (let cut = 1; cut < head; cut++) expect(summary(readAll(stream, [cut]))).toEqual(whole);
    const bytes = Array.from({ length: stream.length - 1 }, (_, i) => i + 1);
    expect(summary(readAll(stream, bytes))).toEqual(whole);
  });

  it('keeps only what the keep test asks for: the rest is reported without a payload', () => {
    const kept = readAll(stream, [7, 500], (head) => head.includes(text('"fragmented"')));
    expect(kept.map((m) => m.payload?.toString('utf8'))).toEqual([
      undefined,
      undefined,
      '{"type":"fragmented"}',
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('stops at the message whose callback says so and reports the offset', () => {
    const reader = new FrameReader(() => true);
    const seen: string[] = [];
    const at = reader.feed(stream, (message) => {
      seen.push(message.payload?.toString('utf8') ?? '');
      return seen.length < 2;
    });
    expect(seen).toEqual(['{"type":"a"}', long]);
    expect(at).toBe(whole[1]!.at);
  });

  it('reports a kept message over MAX_MESSAGE_BYTES as oversize, with no payload', () => {
    const big = frame(0x1, Buffer.alloc(MAX_MESSAGE_BYTES + 1, 0x61));
    const [message] = readAll(big, [1000, 3_000_000]);
    expect(message).toMatchObject({
      payload: undefined,
      oversize: true,
      bytes: MAX_MESSAGE_BYTES + 1,
    });
    // The same size skipped by the keep test is not oversize: it was never wanted.
    const [skipped] = readAll(big, [], () => false);
    expect(skipped!.oversize).toBe(false);
  });

  it('writes frames and close frames a client can read back', () => {
    const [echo] = readAll(encodeFrame(0x1, text(huge)), [3]);
    expect(echo!.payload?.toString('utf8')).toBe(huge);
    const close = closeFrame(1008, 'DG_ERR_RATE_LIMITED');
    expect(close[0]).toBe(0x88);
    expect(close.readUInt16BE(2)).toBe(1008);
    expect(close.subarray(4).toString('utf8')).toBe('DG_ERR_RATE_LIMITED');
    expect(closeFrame(1000, 'é'.repeat(100)).length).toBeLessThanOrEqual(2 + 125);
  });
});

describe('readRealtimeUsage', () => {
  const done = (usage: unknown) =>
    text(JSON.stringify({ type: 'response.done', event_id: 'e', response: { id: 'r', usage } }));

  it('reads input and output tokens of a response.done', () => {
    expect(
      readRealtimeUsage(done({ total_tokens: 30, input_tokens: 10, output_tokens: 20 })),
    ).toEqual({ inputTokens: 10, outputTokens: 20 });
    // Field order does not matter.
    expect(
      readRealtimeUsage(
        text('{"response":{"usage":{"output_tokens":2,"input_tokens":1}},"type":"response.done"}'),
      ),
    ).toEqual({ inputTokens: 1, outputTokens: 2 });
  });

  it('ignores other events and text that is not JSON', () => {
    expect(readRealtimeUsage(text('{"type":"response.created","response":{}}'))).toBeUndefined();
    expect(readRealtimeUsage(text('not json'))).toBeUndefined();
    expect(readRealtimeUsage(text('[1,2]'))).toBeUndefined();
  });

  it('calls a response.done without a usable usage unreadable', () => {
    for (const usage of [
      undefined,
      null,
      { input_tokens: 1 },
      { input_tokens: -1, output_tokens: 2 },
      { input_tokens: 1.5, output_tokens: 2 },
      { input_tokens: '1', output_tokens: 2 },
    ])
      expect(readRealtimeUsage(done(usage))).toBe('unreadable');
  });
});

describe('headType', () => {
  const head = (json: string) => text(json).subarray(0, 64);

  it('reads the type a message names in its first bytes, whitespace and all', () => {
    expect(headType(head('{"type":"response.done","event_id":"e1"}'))).toBe('response.done');
    expect(headType(head('{"event_id": "e1", "type" : "response.output_text.delta"}'))).toBe(
      'response.output_text.delta',
    );
  });

  it('names none when the value runs past the head or no type is there: such a message is kept', () => {
    // event_id first with Python-style separators: the head ends inside the type's value.
    const long =
      '{"event_id": "event_0123456789abcdef01234", "type": "response.done", "response": {}}';
    expect(long.indexOf('"response.done"')).toBeGreaterThan(50);
    expect(headType(head(long))).toBeUndefined();
    expect(headType(head('{"event_id":"e1","response":{"usage":{}}}'))).toBeUndefined();
    expect(headType(head('{"type": 7}'))).toBeUndefined();
  });
});
