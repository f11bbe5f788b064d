/**
 * A real JWKS endpoint on 127.0.0.1 port 0 whose behaviour a test switches at will: serve the key
 * set, reset connections (down), accept and never answer (hung), answer garbage, answer a 10 MB
 * body (with or without Content-Length), or answer an error status. It counts requests and the
 * body bytes it managed to write, so tests can prove refetches are bounded and big bodies cut.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWK } from 'jose';

export type JwksMode =
  | { kind: 'ok' }
  | { kind: 'down' }
  | { kind: 'hang' }
  | { kind: 'status'; status: number }
  | { kind: 'body'; body: string }
  | { kind: 'huge'; bytes: number; contentLength: boolean };

export interface JwksServer {
  readonly url: string;
  keys: JWK[];
  mode: JwksMode;
  /** Requests received. */
  readonly requests: number;
  /** Body bytes accepted by the socket in the last `huge` answer, and whether it finished. */
  readonly hugeWritten: { bytes: number; finished: boolean };
  close(): Promise<void>;
}

export async function startJwksServer(keys: JWK[]): Promise<JwksServer> {
  let requests = 0;
  const hugeWritten = { bytes: 0, finished: false };
  const state: { keys: JWK[]; mode: JwksMode } = { keys, mode: { kind: 'ok' } };
  const server = createServer((req, res) => {
    requests++;
    const mode = state.mode;
    switch (mode.kind) {
      case 'ok':
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ keys: state.keys }));
        return;
      case 'down':
        req.socket.destroy();
        return;
      case 'hang':
        return; // never answers; closeAllConnections() ends it
      case 'status':
        res.statusCode = mode.status;
        res.end('{"error":"unavailable"}');
        return;
      case 'body':
        res.end(mode.body);
        return;
      case 'huge':
        void writeHuge(res, mode.bytes, mode.contentLength, hugeWritten);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    get keys() {
      return state.keys;
    },
    set keys(value) {
      state.keys = value;
    },
    get mode() {
      return state.mode;
    },
    set mode(value) {
      state.mode = value;
    },
    get requests() {
      return requests;
    },
    hugeWritten,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Streams `bytes` of JSON-ish filler with backpressure, stopping when the client goes away. */
async function writeHuge(
  res: ServerResponse,
  bytes: number,
  contentLength: boolean,
  written: { bytes: number; finished: boolean },
): Promise<void> {
  written.bytes = 0;
  written.finished = false;
  if (contentLength) res.setHeader('content-length', bytes);
  res.setHeader('content-type', 'application/json');
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  while (written.bytes < bytes && !res.destroyed) {
    const ok = res.write(chunk);
    written.bytes += chunk.length;
    if (!ok) {
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
  }
  if (!res.destroyed) {
    written.finished = true;
    res.end();
  }
}
