/**
 * The experimental reference forwarders of loadtest/side-by-side.ts relay what the minimal one
 * relays: a benchmark pair compares like with like only if every target does the same work. Real
 * load-test upstream, real sockets; each target gets a JSON answer, an SSE stream (event by event,
 * chunked on the lean server), a 401 for an unknown key, keep-alive reuse, and a client that
 * leaves mid-stream without breaking the next request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from 'undici';
import {
  ANSWER_BODY,
  CHAT_PATH,
  clientHeaderList,
  REQUEST_BODY,
  SSE_EVENTS,
  STREAM_REQUEST_BODY,
} from '../../loadtest/fixtures.ts';
import type { RunningServer } from '../../loadtest/listen.ts';
import { startHybridClient, startHybridServer } from '../../loadtest/targets/hybrid-forwarders.ts';
import { startLeanForwarder } from '../../loadtest/targets/lean-forwarder.ts';
import { startMinimalForwarder } from '../../loadtest/targets/minimal-forwarder.ts';
import { startUpstream } from '../../loadtest/upstream.ts';

const KEY = 'dg_test_reference_targets_key';

const TARGETS: Record<string, (upstreamUrl: string) => Promise<RunningServer>> = {
  minimal: (url) => startMinimalForwarder(url, KEY),
  lean: (url) => startLeanForwarder(url, KEY),
  'lean-consume': (url) => startLeanForwarder(url, KEY, { consume: true }),
  'hybrid-client': (url) => startHybridClient(url, KEY),
  'hybrid-server': (url) => startHybridServer(url, KEY),
};

describe.each(Object.keys(TARGETS))('reference target %s', (name) => {
  let upstream: RunningServer;
  let target: RunningServer;
  let client: Client;

  beforeAll(async () => {
    upstream = await startUpstream();
    target = await TARGETS[name]!(upstream.url);
    // One connection: every request below rides the same keep-alive socket.
    client = new Client(target.url, { pipelining: 1 });
  });
  afterAll(async () => {
    await client.close();
    await target.close();
    await upstream.close();
  });

  const post = (body: Buffer, key = KEY) =>
    client.request({ path: CHAT_PATH, method: 'POST', headers: clientHeaderList(key), body });

  it('relays a JSON answer whole, with its headers, on one reused connection', async () => {
    let connects = 0;
    client.on('connect', () => connects++);
    for (let i = 0; i < 3; i++) {
      const res = await post(REQUEST_BODY);
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-request-id']).toBe('req_upstream_loadtest');
      expect(res.headers['content-length']).toBe(String(ANSWER_BODY.length));
      expect(Buffer.from(await res.body.arrayBuffer()).equals(ANSWER_BODY)).toBe(true);
    }
    expect(connects).toBeLessThanOrEqual(1);
  });

  it('relays an SSE stream event by event', async () => {
    const res = await post(STREAM_REQUEST_BODY);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    const pieces: Buffer[] = [];
    for await (const chunk of res.body) pieces.push(chunk as Buffer);
    expect(Buffer.concat(pieces).equals(Buffer.concat(SSE_EVENTS))).toBe(true);
    // Events are 10 ms apart upstream: a buffering relay would deliver them in one piece.
    expect(pieces.length).toBeGreaterThan(SSE_EVENTS.length / 2);
  });

  it('answers 401 to an unknown key without forwarding', async () => {
    const res = await post(REQUEST_BODY, 'dg_test_unknown');
    expect(res.statusCode).toBe(401);
    expect(await res.body.json()).toMatchObject({ error: { type: 'authentication_error' } });
  });

  it('keeps serving after a client leaves mid-stream', async () => {
    const leaving = new Client(target.url);
    const res = await leaving.request({
      path: CHAT_PATH,
      method: 'POST',
      headers: clientHeaderList(KEY),
      body: STREAM_REQUEST_BODY,
    });
    for await (const _chunk of res.body) break; // first event, then gone
    await leaving.destroy();
    const next = await post(REQUEST_BODY);
    expect(next.statusCode).toBe(200);
    expect(Buffer.from(await next.body.arrayBuffer()).equals(ANSWER_BODY)).toBe(true);
  });
});
