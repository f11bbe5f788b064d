import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BufferBudget, readBody } from '../../../src/pipeline/read-body.ts';

const servers: ReturnType<typeof createServer>[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((r) => server.close(r))));
});

/** A real request whose client sends its headers (declaring a body) and then goes away. */
async function requestFromDepartedClient(): Promise<IncomingMessage> {
  const server = createServer();
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const arrived = once(server, 'request') as Promise<[IncomingMessage]>;
  const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
  socket.write('POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Length: 4096\r\n\r\n{"a":');
  const [req] = await arrived;
  const closed = new Promise((resolve) => req.once('close', resolve));
  req.on('error', () => {}); // 'aborted': expected, the client went away
  socket.destroy();
  await closed;
  return req;
}

describe('readBody', () => {
  it('reserves nothing for a client that left before its body was read', async () => {
    const req = await requestFromDepartedClient();
    const budget = new BufferBudget(8192);
    let reserved = 0;
    const result = await readBody(req, 1 << 20, budget, (bytes) => (reserved += bytes));
    expect(result).toEqual({ kind: 'aborted' });
    expect(reserved).toBe(0);
    // The whole budget is still there for the next request.
    expect(budget.tryReserve(8192)).toBe(true);
  });
});
