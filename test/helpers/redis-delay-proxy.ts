/**
 * A TCP proxy on loopback in front of a Redis server that can hold its replies back: commands
 * reach Redis at once and run, their replies reach the client `delayMs` later (order kept) — the
 * "ran in time, reply late" fault a client timeout cannot tell from "never ran".
 */
import { createConnection, createServer, type Socket } from 'node:net';

export interface DelayProxy {
  readonly url: string;
  /** Replies that arrive from Redis from now on are held this long (0: passed on at once). */
  delayReplies(ms: number): void;
  close(): Promise<void>;
}

export async function startDelayProxy(
  target = { host: '127.0.0.1', port: 6379 },
): Promise<DelayProxy> {
  let delayMs = 0;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((client) => {
    const upstream = createConnection(target);
    sockets.add(client).add(upstream);
    let releaseAt = 0;
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => {
      if (delayMs === 0 && releaseAt <= performance.now()) return void client.write(chunk);
      // Never before an earlier chunk: the reply stream stays in order.
      releaseAt = Math.max(releaseAt, performance.now() + delayMs);
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!client.destroyed) client.write(chunk);
      }, releaseAt - performance.now());
      timers.add(timer);
    });
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    url: `redis://127.0.0.1:${address.port}`,
    delayReplies: (ms) => void (delayMs = ms),
    async close() {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
