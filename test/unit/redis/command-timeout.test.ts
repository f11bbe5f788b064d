import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/redis/redis-connection.ts';
import { CommandTimeoutError, withCommandTimeout } from '../../../src/redis/command-timeout.ts';

/** Blocks the event loop (a saturated proxy, a GC pause) for `ms`. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spin
  }
}

/**
 * A loopback echo server on a thread of its own (like Redis, it answers while this thread's loop
 * is busy), and a client connected to it.
 */
async function echoPair(): Promise<{ client: Socket; close: () => Promise<void> }> {
  const worker = new Worker(
    `const net = require('node:net');
     const { parentPort } = require('node:worker_threads');
     const server = net.createServer((s) => { s.on('error', () => {}); s.on('data', (d) => s.write(d)); });
     server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));`,
    { eval: true },
  );
  const [port] = (await once(worker, 'message')) as [number];
  const client = connect(port, '127.0.0.1');
  await once(client, 'connect');
  return {
    client,
    close: async () => {
      client.destroy();
      await worker.terminate();
    },
  };
}

/**
 * Sends PONG to the echo thread and blocks this loop for 150 ms: the answer is in the socket
 * before the 20 ms timer of `bound` is run. Resolves with what `bound` made of it.
 */
async function replyDuringStall(
  bound: (reply: Promise<string>) => Promise<string>,
): Promise<string> {
  const { client, close } = await echoPair();
  try {
    const reply = new Promise<string>((resolve) =>
      client.once('data', (data) => resolve(data.toString())),
    );
    const outcome = bound(reply).catch((error: unknown) => String(error));
    client.write('PONG');
    busy(150);
    return await outcome;
  } finally {
    await close();
  }
}

describe('withCommandTimeout', () => {
  it('a reply received while the loop was busy past the timeout is not a timeout', async () => {
    const outcome = await replyDuringStall((reply) => withCommandTimeout(reply, 20));
    expect(outcome).toBe('PONG');
  });

  it('the same stall with a plain timer loses the reply (why the verdict waits for the poll)', async () => {
    const outcome = await replyDuringStall((reply) =>
      Promise.race([
        reply,
        new Promise<string>((resolve) => setTimeout(() => resolve('timeout'), 20)),
      ]),
    );
    expect(outcome).toBe('timeout');
  });

  it('no reply in time: a timeout that classify() names so', async () => {
    const never = new Promise<never>(() => undefined);
    const error: unknown = await withCommandTimeout(never, 5).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandTimeoutError);
    expect(classify(error)).toBe('timeout');
  });

  it('passes a reply and a failure through', async () => {
    await expect(withCommandTimeout(Promise.resolve(7), 5)).resolves.toBe(7);
    await expect(withCommandTimeout(Promise.reject(new Error('ERR x')), 5)).rejects.toThrow(
      'ERR x',
    );
  });
});
