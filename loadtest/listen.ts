/** Starts a server on 127.0.0.1 port 0 (never a pre-picked port) and gives back its URL and close. */
import { once } from 'node:events';
import { Server as HttpServer } from 'node:http';
import type { AddressInfo, Server } from 'node:net';

export interface RunningServer {
  readonly url: string;
  close(): Promise<void>;
}

/** `closeConnections` ends the open connections, which `server.close()` waits for. */
export async function listenOnLoopback(
  server: Server,
  onClose: () => Promise<void>,
  closeConnections = (): void => {
    if (server instanceof HttpServer) server.closeAllConnections();
  },
): Promise<RunningServer> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      const closed = once(server, 'close');
      server.close();
      closeConnections();
      await closed;
      await onClose();
    },
  };
}
