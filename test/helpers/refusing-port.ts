import { connect } from 'node:net';

/**
 * A loopback port that refuses connections. A port freed after listening on port 0 is not: the
 * other suites running beside this one bind port 0 too and may be handed it (a mock upstream
 * then answered in its place). The kernel never hands out a port below 1024 that way, so one of those
 * that refuses now keeps refusing.
 */
export async function refusingPort(): Promise<number> {
  for (const port of [9, 19, 47, 1023]) {
    const socket = connect(port, '127.0.0.1');
    const refused = await new Promise<boolean>((resolve) => {
      socket.once('connect', () => resolve(false));
      socket.once('error', (error: NodeJS.ErrnoException) =>
        resolve(error.code === 'ECONNREFUSED'),
      );
    });
    socket.destroy();
    if (refused) return port;
  }
  throw new Error('no refusing port below 1024 on loopback');
}
