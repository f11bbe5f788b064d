/**
 * EXPERIMENTAL reference target "lean forwarder": exactly the minimal forwarder's work (buffer the
 * body, JSON.parse it, one Map lookup of the bearer key, forward, relay the answer — SSE chunk by
 * chunk with backpressure) on node:net directly, with no node:http and no undici. Requests and
 * upstream responses are parsed by llhttp through node's internal `HTTPParser` binding (the one
 * node:http itself uses); upstream connections are a small keep-alive pool of plain sockets; each
 * head is hand-built and leaves with its body in one corked write.
 *
 * `consume` (target `lean-consume`) lets llhttp read the sockets in native code, as node:http's
 * server does, instead of through 'data' events and `execute`.
 *
 * Its only purpose is to measure the ceiling of a leaner HTTP layer (side-by-side.ts `--pair lean`,
 * `lean-native`): is the plumbing under distillguard cheap enough to pay for distillguard's own
 * JS? It is NOT an HTTP implementation: correct only for the benchmark's traffic (keep-alive,
 * pipelined requests answered in order, Content-Length or chunked upstream answers, SSE relayed
 * event by event with backpressure, 400/401/502 of its own). Chunked request bodies come out of
 * llhttp de-chunked and go upstream with a Content-Length (checked by hand once). Missing: Expect:
 * 100-continue, header/idle/request timeouts, size and connection limits, upgrades, HEAD/204/304
 * and 1xx answers, HTTP/1.0 clients, request-side backpressure, a retry when a stale keep-alive
 * upstream socket closes under a fresh request (it answers 502), header-value validation.
 */
import { createRequire } from 'node:module';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { listenOnLoopback, type RunningServer } from '../listen.ts';
import { HOP_BY_HOP } from './relay-handler.ts';

/** The slice of node's internal llhttp binding used here (lib/_http_common.js). */
interface Parser {
  initialize(type: number, resource: object, maxHeaderSize?: number, lenient?: number): void;
  execute(data: Buffer): number | Error;
  finish(): number | Error;
  close(): void;
  /** Reads straight from a socket's native stream handle: no 'data' event, no JS Buffer hop. */
  consume(handle: object): void;
  [slot: number]: unknown;
}
interface ParserModule {
  HTTPParser: {
    new (): Parser;
    readonly REQUEST: number;
    readonly RESPONSE: number;
    readonly kOnHeaders: number;
    readonly kOnHeadersComplete: number;
    readonly kOnBody: number;
    readonly kOnMessageComplete: number;
    readonly kOnExecute: number;
  };
  methods: readonly string[];
}
const require = createRequire(import.meta.url);
const { HTTPParser, methods } = require('node:_http_common') as ParserModule;

const UNAUTHORIZED = Buffer.from(
  '{"error":{"message":"unknown key","type":"authentication_error"}}',
);
const BAD_GATEWAY = Buffer.from('{"error":{"message":"upstream failed","type":"server_error"}}');
const POOL_SIZE = 256;

const STATUS_TEXT: Readonly<Record<number, string>> = {
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  502: 'Bad Gateway',
};

/** One parsed client request, waiting its turn on its connection (pipelining keeps order). */
interface Exchange {
  readonly client: ClientConnection;
  readonly method: string;
  readonly url: string;
  readonly headers: string[];
  readonly body: Buffer;
  readonly keepAlive: boolean;
}

/**
 * Feeds `socket`'s reads to `parser`: in native code when `consume` (as node:http's server does;
 * `afterParse` then runs once per read, after the parser's callbacks), else through 'data' events
 * and `execute` (as node:http's client does).
 */
function feed(
  socket: Socket,
  parser: Parser,
  consume: boolean,
  afterParse: (result: number | Error) => void,
): void {
  const handle = (socket as unknown as { _handle?: { isStreamBase?: boolean } })._handle;
  if (consume && handle?.isStreamBase === true) {
    parser[HTTPParser.kOnExecute] = afterParse;
    parser.consume(handle);
    return;
  }
  socket.on('data', (data: Buffer) => {
    afterParse(parser.execute(data));
  });
}

/** `name: value` lines for every header of a flat raw list but hop-by-hop ones and framing. */
function forwardable(raw: readonly string[]): string {
  let out = '';
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] ?? '';
    const lower = name.toLowerCase();
    // Framing is this layer's own: Content-Length is recomputed, chunked re-encoded.
    if (HOP_BY_HOP.has(lower) || lower === 'content-length') continue;
    out += `${name}: ${raw[i + 1] ?? ''}\r\n`;
  }
  return out;
}

function bearer(raw: readonly string[]): string {
  for (let i = 0; i < raw.length; i += 2) {
    if ((raw[i] ?? '').toLowerCase() !== 'authorization') continue;
    const value = raw[i + 1] ?? '';
    return value.startsWith('Bearer ') ? value.slice('Bearer '.length) : '';
  }
  return '';
}

class ClientConnection {
  readonly socket: Socket;
  private readonly forwarder: LeanForwarder;
  private readonly parser = new HTTPParser();
  private readonly queue: Exchange[] = [];
  private busy = false;
  private broken = false;
  /** The upstream connection relaying this client's current exchange, if any. */
  upstream: UpstreamConnection | undefined;
  // The request being parsed.
  private headers: string[] = [];
  private method = '';
  private url = '';
  private keepAlive = true;
  private chunks: Buffer[] = [];

  constructor(socket: Socket, forwarder: LeanForwarder) {
    this.socket = socket;
    this.forwarder = forwarder;
    const parser = this.parser;
    parser.initialize(HTTPParser.REQUEST, {});
    // More than 32 header pairs arrive in pieces before headers-complete.
    parser[HTTPParser.kOnHeaders] = (headers: string[], url: string) => {
      this.headers = this.headers.concat(headers);
      this.url += url;
    };
    parser[HTTPParser.kOnHeadersComplete] = (
      _major: number,
      _minor: number,
      headers: string[] | undefined,
      method: number,
      url: string | undefined,
      _status: number,
      _message: string,
      _upgrade: boolean,
      keepAlive: boolean,
    ) => {
      if (headers !== undefined) this.headers = this.headers.concat(headers);
      if (url !== undefined) this.url += url;
      this.method = methods[method] ?? 'GET';
      this.keepAlive = keepAlive;
      return 0;
    };
    parser[HTTPParser.kOnBody] = (chunk: Buffer) => {
      this.chunks.push(chunk);
    };
    parser[HTTPParser.kOnMessageComplete] = () => {
      const chunks = this.chunks;
      const body =
        chunks.length === 1
          ? chunks[0]!
          : chunks.length === 0
            ? Buffer.alloc(0)
            : Buffer.concat(chunks);
      this.queue.push({
        client: this,
        method: this.method,
        url: this.url,
        headers: this.headers,
        body,
        keepAlive: this.keepAlive,
      });
      this.headers = [];
      this.url = '';
      this.chunks = [];
    };
    feed(socket, parser, forwarder.consume, (result) => {
      if (this.broken) return;
      if (result instanceof Error) {
        this.broken = true;
        this.queue.length = 0;
        if (!this.busy) this.reply(400, '', Buffer.alloc(0), false);
        return;
      }
      this.next();
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      parser.close();
      this.forwarder.clientGone(this);
    });
  }

  /** Answers a complete response of this layer's own (errors), then moves on. */
  reply(status: number, headers: string, body: Buffer, keepAlive: boolean): void {
    const head = `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? ''}\r\n${headers}content-length: ${body.length}\r\n${keepAlive ? '' : 'connection: close\r\n'}\r\n`;
    this.socket.cork();
    this.socket.write(head, 'latin1');
    if (body.length > 0) this.socket.write(body);
    this.socket.uncork();
    this.finished(keepAlive);
  }

  /** The current exchange is answered: close, or serve the next pipelined request. */
  finished(keepAlive: boolean): void {
    this.busy = false;
    this.upstream = undefined;
    if (!keepAlive || this.broken) {
      this.socket.end();
      return;
    }
    this.next();
  }

  private next(): void {
    if (this.busy) return;
    const exchange = this.queue.shift();
    if (exchange === undefined) return;
    this.busy = true;
    this.forwarder.handle(exchange);
  }
}

/** One keep-alive upstream connection with its response parser; relays one exchange at a time. */
class UpstreamConnection {
  private readonly socket: Socket;
  private readonly forwarder: LeanForwarder;
  private readonly parser = new HTTPParser();
  private exchange: Exchange | undefined;
  private headSent = false;
  private chunked = false;
  private reusable = false;
  private waitingForDrain = false;
  /** The client socket corked during the current upstream read. */
  private corked: Socket | undefined;

  constructor(host: string, port: number, forwarder: LeanForwarder) {
    this.forwarder = forwarder;
    this.socket = connect({ host, port, noDelay: true });
    const parser = this.parser;
    parser.initialize(HTTPParser.RESPONSE, {});
    let extraHeaders: string[] = [];
    parser[HTTPParser.kOnHeaders] = (headers: string[]) => {
      extraHeaders = extraHeaders.concat(headers);
    };
    parser[HTTPParser.kOnHeadersComplete] = (
      _major: number,
      _minor: number,
      headers: string[] | undefined,
      _method: number,
      _url: string,
      status: number,
      message: string,
      _upgrade: boolean,
      keepAlive: boolean,
    ) => {
      const raw = headers === undefined ? extraHeaders : extraHeaders.concat(headers);
      extraHeaders = [];
      this.reusable = keepAlive;
      this.onHead(status, message, raw);
      return 0;
    };
    parser[HTTPParser.kOnBody] = (chunk: Buffer) => this.onBody(chunk);
    parser[HTTPParser.kOnMessageComplete] = () => this.onEnd();
    feed(this.socket, parser, forwarder.consume, (result) => {
      // Everything one upstream read produced leaves in one writev (head + body, or one SSE
      // event with its chunk framing).
      this.flush();
      if (result instanceof Error) this.fail();
    });
    this.socket.on('error', () => this.socket.destroy());
    this.socket.on('close', () => {
      parser.close();
      this.forwarder.upstreamGone(this);
      if (this.exchange !== undefined) this.fail();
    });
  }

  send(exchange: Exchange): void {
    this.exchange = exchange;
    this.headSent = false;
    const head = `${exchange.method} ${exchange.url} HTTP/1.1\r\nhost: ${this.forwarder.hostHeader}\r\n${forwardable(exchange.headers)}content-length: ${exchange.body.length}\r\n\r\n`;
    this.socket.cork();
    this.socket.write(head, 'latin1');
    this.socket.write(exchange.body);
    this.socket.uncork();
  }

  /** The client went away mid-exchange: this connection is mid-response, so it cannot be reused. */
  abandon(): void {
    this.exchange = undefined;
    this.socket.destroy();
  }

  private cork(client: Socket): void {
    if (this.corked === client) return;
    this.flush();
    client.cork();
    this.corked = client;
  }

  private flush(): void {
    const client = this.corked;
    this.corked = undefined;
    if (client !== undefined && client.writableCorked > 0) client.uncork();
  }

  get busy(): boolean {
    return this.exchange !== undefined;
  }

  private onHead(status: number, message: string, raw: string[]): void {
    const exchange = this.exchange;
    if (exchange === undefined) return;
    let length: string | undefined;
    for (let i = 0; i < raw.length; i += 2) {
      if ((raw[i] ?? '').toLowerCase() === 'content-length') length = raw[i + 1];
    }
    this.chunked = length === undefined;
    const framing = this.chunked
      ? 'transfer-encoding: chunked\r\n'
      : `content-length: ${length}\r\n`;
    const close = exchange.keepAlive ? '' : 'connection: close\r\n';
    this.cork(exchange.client.socket);
    exchange.client.socket.write(
      `HTTP/1.1 ${status} ${message}\r\n${forwardable(raw)}${framing}${close}\r\n`,
      'latin1',
    );
    this.headSent = true;
  }

  private readonly resume = (): void => {
    this.waitingForDrain = false;
    this.socket.resume();
  };

  private onBody(chunk: Buffer): void {
    const client = this.exchange?.client.socket;
    if (client === undefined) return;
    this.cork(client);
    let ok: boolean;
    if (this.chunked) {
      client.write(`${chunk.length.toString(16)}\r\n`, 'latin1');
      client.write(chunk);
      ok = client.write('\r\n', 'latin1');
    } else {
      ok = client.write(chunk);
    }
    if (!ok && !this.waitingForDrain) {
      this.waitingForDrain = true;
      this.socket.pause();
      client.once('drain', this.resume);
    }
  }

  private onEnd(): void {
    const exchange = this.exchange;
    if (exchange === undefined) return;
    const client = exchange.client.socket;
    if (this.chunked) client.write('0\r\n\r\n', 'latin1');
    if (this.waitingForDrain) {
      client.removeListener('drain', this.resume);
      this.resume();
    }
    this.exchange = undefined;
    // Back in the pool first, so the client's next request can reuse this very connection.
    if (this.reusable) this.forwarder.release(this);
    else this.socket.destroy();
    exchange.client.finished(exchange.keepAlive);
  }

  /** The upstream failed mid-exchange: a 502 if nothing was relayed yet, else cut the client. */
  private fail(): void {
    const exchange = this.exchange;
    this.exchange = undefined;
    this.socket.destroy();
    if (exchange === undefined) return;
    if (this.headSent) exchange.client.socket.destroy();
    else exchange.client.reply(502, 'content-type: application/json\r\n', BAD_GATEWAY, false);
  }
}

class LeanForwarder {
  readonly hostHeader: string;
  readonly consume: boolean;
  private readonly host: string;
  private readonly port: number;
  private readonly accounts: Map<string, string>;
  private readonly idle: UpstreamConnection[] = [];
  private readonly waiting: Exchange[] = [];
  private readonly all = new Set<UpstreamConnection>();

  constructor(upstreamUrl: string, accounts: Map<string, string>, consume: boolean) {
    this.consume = consume;
    const url = new URL(upstreamUrl);
    this.host = url.hostname;
    this.port = Number(url.port);
    this.hostHeader = url.host;
    this.accounts = accounts;
  }

  handle(exchange: Exchange): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(exchange.body.toString('utf8'));
    } catch {
      exchange.client.reply(400, '', Buffer.alloc(0), exchange.keepAlive);
      return;
    }
    const account = this.accounts.get(bearer(exchange.headers));
    if (account === undefined || typeof parsed !== 'object' || parsed === null) {
      exchange.client.reply(
        401,
        'content-type: application/json\r\n',
        UNAUTHORIZED,
        exchange.keepAlive,
      );
      return;
    }
    this.dispatch(exchange);
  }

  private dispatch(exchange: Exchange): void {
    let upstream = this.idle.pop();
    if (upstream === undefined) {
      if (this.all.size >= POOL_SIZE) {
        this.waiting.push(exchange);
        return;
      }
      upstream = new UpstreamConnection(this.host, this.port, this);
      this.all.add(upstream);
    }
    exchange.client.upstream = upstream;
    upstream.send(exchange);
  }

  release(upstream: UpstreamConnection): void {
    const next = this.waiting.shift();
    if (next !== undefined) {
      next.client.upstream = upstream;
      upstream.send(next);
    } else {
      this.idle.push(upstream);
    }
  }

  clientGone(client: ClientConnection): void {
    if (client.upstream?.busy === true) client.upstream.abandon();
    client.upstream = undefined;
    const waiting = this.waiting.findIndex((e) => e.client === client);
    if (waiting >= 0) this.waiting.splice(waiting, 1);
  }

  upstreamGone(upstream: UpstreamConnection): void {
    this.all.delete(upstream);
    const at = this.idle.indexOf(upstream);
    if (at >= 0) this.idle.splice(at, 1);
  }

  destroy(): void {
    for (const upstream of this.all) upstream.abandon();
  }
}

export function startLeanForwarder(
  upstreamUrl: string,
  clientKey: string,
  options: { readonly consume: boolean } = { consume: false },
): Promise<RunningServer> {
  const accounts = new Map([[clientKey, 'acct_loadtest']]);
  const forwarder = new LeanForwarder(upstreamUrl, accounts, options.consume);
  const clients = new Set<Socket>();
  const server: Server = createServer({ noDelay: true }, (socket) => {
    clients.add(socket);
    socket.on('close', () => clients.delete(socket));
    new ClientConnection(socket, forwarder);
  });
  return listenOnLoopback(
    server,
    () => {
      forwarder.destroy();
      return Promise.resolve();
    },
    () => {
      for (const socket of clients) socket.destroy();
    },
  );
}
