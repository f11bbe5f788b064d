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
 * JS? The two halves are separate so that each can be paired with node's own (hybrid-forwarders.ts:
 * what is each side worth?): `startLeanServer` takes any `Upstream`, and `LeanUpstream` serves any
 * `Forwarded` exchange. It is NOT an HTTP implementation: correct only for the benchmark's traffic (keep-alive,
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
export const BAD_GATEWAY = Buffer.from(
  '{"error":{"message":"upstream failed","type":"server_error"}}',
);
const POOL_SIZE = 256;
const EMPTY = Buffer.alloc(0);

const STATUS_TEXT: Readonly<Record<number, string>> = {
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  502: 'Bad Gateway',
};

/** What signals that an exchange's answer may be written again after a write returned false. */
export interface DrainSource {
  once(event: 'drain', listener: () => void): unknown;
  removeListener(event: 'drain', listener: () => void): unknown;
}

/** A stream whose writes can be held and sent as one writev. */
export interface Corkable {
  cork(): void;
  uncork(): void;
  readonly writableCorked: number;
}

/** The upstream half relaying an exchange, cut when its client goes away. */
export interface Abandonable {
  abandon(): void;
}

/**
 * One checked request to forward, and the server half's side of its answer: the upstream half
 * calls `head`, then `data` per body chunk (false: pause until `out` drains), then `end` — or
 * `fail` (a 502 if nothing was relayed yet, else a cut connection).
 */
export interface Forwarded {
  readonly method: string;
  readonly url: string;
  /** The client's flat raw header list; hop-by-hop headers and framing are dropped upstream. */
  readonly headers: readonly string[];
  readonly body: Buffer;
  /** Where the answer is written ('drain' resumes a paused relay). */
  readonly out: DrainSource;
  /**
   * What the upstream half corks around everything one upstream read produced, so that it leaves
   * in one writev (head + body, one SSE event with its chunk framing); undefined where the server
   * half batches its own writes (node:http corks until the next tick).
   */
  readonly batch: Corkable | undefined;
  /** Set by the upstream half while it relays this exchange. */
  upstream: Abandonable | undefined;
  head(status: number, message: string, raw: readonly string[]): void;
  data(chunk: Buffer): boolean;
  end(): void;
  fail(headSent: boolean): void;
}

/** The upstream half: lean (`LeanUpstream`) or undici (hybrid-forwarders.ts). */
export interface Upstream {
  dispatch(exchange: Forwarded): void;
  /** The exchange's client went away: stop relaying it, or drop it from the queue. */
  cancel(exchange: Forwarded): void;
  destroy(): Promise<void>;
}

/** One client request (filled in as llhttp parses it), answered on its client's raw socket. */
class Exchange implements Forwarded {
  readonly client: ClientConnection;
  method = '';
  url = '';
  headers: string[] = [];
  body: Buffer = EMPTY;
  keepAlive = true;
  upstream: Abandonable | undefined = undefined;
  private chunked = false;

  constructor(client: ClientConnection) {
    this.client = client;
  }

  get out(): Socket {
    return this.client.socket;
  }

  get batch(): Socket {
    return this.client.socket;
  }

  head(status: number, message: string, raw: readonly string[]): void {
    let length: string | undefined;
    for (let i = 0; i < raw.length; i += 2) {
      if ((raw[i] ?? '').toLowerCase() === 'content-length') length = raw[i + 1];
    }
    this.chunked = length === undefined;
    const framing = this.chunked
      ? 'transfer-encoding: chunked\r\n'
      : `content-length: ${length}\r\n`;
    const close = this.keepAlive ? '' : 'connection: close\r\n';
    this.client.socket.write(
      `HTTP/1.1 ${status} ${message}\r\n${forwardable(raw)}${framing}${close}\r\n`,
      'latin1',
    );
  }

  data(chunk: Buffer): boolean {
    const socket = this.client.socket;
    if (!this.chunked) return socket.write(chunk);
    socket.write(`${chunk.length.toString(16)}\r\n`, 'latin1');
    socket.write(chunk);
    return socket.write('\r\n', 'latin1');
  }

  end(): void {
    if (this.chunked) this.client.socket.write('0\r\n\r\n', 'latin1');
    this.client.finished(this.keepAlive);
  }

  fail(headSent: boolean): void {
    if (headSent) this.client.socket.destroy();
    else this.client.reply(502, 'content-type: application/json\r\n', BAD_GATEWAY, false);
  }
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
  private readonly server: LeanServer;
  private readonly parser = new HTTPParser();
  private readonly queue: Exchange[] = [];
  /** The exchange being answered, if any (pipelined ones wait in `queue`). */
  current: Exchange | undefined;
  private broken = false;
  /** The request being parsed, and its body's pieces. */
  private parsing: Exchange;
  private chunks: Buffer[] = [];

  constructor(socket: Socket, server: LeanServer) {
    this.socket = socket;
    this.server = server;
    this.parsing = new Exchange(this);
    const parser = this.parser;
    parser.initialize(HTTPParser.REQUEST, {});
    // More than 32 header pairs arrive in pieces before headers-complete.
    parser[HTTPParser.kOnHeaders] = (headers: string[], url: string) => {
      this.parsing.headers = this.parsing.headers.concat(headers);
      this.parsing.url += url;
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
      const parsing = this.parsing;
      if (headers !== undefined) parsing.headers = parsing.headers.concat(headers);
      if (url !== undefined) parsing.url += url;
      parsing.method = methods[method] ?? 'GET';
      parsing.keepAlive = keepAlive;
      return 0;
    };
    parser[HTTPParser.kOnBody] = (chunk: Buffer) => {
      this.chunks.push(chunk);
    };
    parser[HTTPParser.kOnMessageComplete] = () => {
      const chunks = this.chunks;
      if (chunks.length === 1) this.parsing.body = chunks[0]!;
      else if (chunks.length > 1) this.parsing.body = Buffer.concat(chunks);
      this.queue.push(this.parsing);
      this.parsing = new Exchange(this);
      this.chunks = [];
    };
    feed(socket, parser, server.consume, (result) => {
      if (this.broken) return;
      if (result instanceof Error) {
        this.broken = true;
        this.queue.length = 0;
        if (this.current === undefined) this.reply(400, '', Buffer.alloc(0), false);
        return;
      }
      this.next();
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      parser.close();
      this.server.clientGone(this);
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
    this.current = undefined;
    if (!keepAlive || this.broken) {
      this.socket.end();
      return;
    }
    this.next();
  }

  private next(): void {
    if (this.current !== undefined) return;
    const exchange = this.queue.shift();
    if (exchange === undefined) return;
    this.current = exchange;
    this.server.handle(exchange);
  }
}

/** One keep-alive upstream connection with its response parser; relays one exchange at a time. */
class UpstreamConnection implements Abandonable {
  private readonly socket: Socket;
  private readonly pool: LeanUpstream;
  private readonly parser = new HTTPParser();
  private exchange: Forwarded | undefined;
  private headSent = false;
  private reusable = false;
  private waitingForDrain = false;
  /** What is corked during the current upstream read. */
  private corked: Corkable | undefined;
  /** Where the paused relay waits for 'drain'. */
  private drainOn: DrainSource | undefined;

  constructor(host: string, port: number, pool: LeanUpstream) {
    this.pool = pool;
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
    feed(this.socket, parser, pool.consume, (result) => {
      // Everything one upstream read produced leaves in one writev (head + body, or one SSE
      // event with its chunk framing).
      this.flush();
      if (result instanceof Error) this.fail();
    });
    this.socket.on('error', () => this.socket.destroy());
    this.socket.on('close', () => {
      parser.close();
      this.pool.upstreamGone(this);
      if (this.exchange !== undefined) this.fail();
    });
  }

  send(exchange: Forwarded): void {
    this.exchange = exchange;
    exchange.upstream = this;
    this.headSent = false;
    const head = `${exchange.method} ${exchange.url} HTTP/1.1\r\nhost: ${this.pool.hostHeader}\r\n${forwardable(exchange.headers)}content-length: ${exchange.body.length}\r\n\r\n`;
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

  private cork(out: Corkable | undefined): void {
    if (out === undefined || this.corked === out) return;
    this.flush();
    out.cork();
    this.corked = out;
  }

  private flush(): void {
    const out = this.corked;
    this.corked = undefined;
    if (out !== undefined && out.writableCorked > 0) out.uncork();
  }

  private onHead(status: number, message: string, raw: string[]): void {
    const exchange = this.exchange;
    if (exchange === undefined) return;
    this.cork(exchange.batch);
    exchange.head(status, message, raw);
    this.headSent = true;
  }

  private readonly resume = (): void => {
    this.waitingForDrain = false;
    this.drainOn = undefined;
    this.socket.resume();
  };

  private onBody(chunk: Buffer): void {
    const exchange = this.exchange;
    if (exchange === undefined) return;
    this.cork(exchange.batch);
    if (!exchange.data(chunk) && !this.waitingForDrain) {
      this.waitingForDrain = true;
      this.drainOn = exchange.out;
      this.socket.pause();
      exchange.out.once('drain', this.resume);
    }
  }

  private onEnd(): void {
    const exchange = this.exchange;
    if (exchange === undefined) return;
    if (this.waitingForDrain) {
      this.drainOn?.removeListener('drain', this.resume);
      this.resume();
    }
    this.exchange = undefined;
    exchange.upstream = undefined;
    // Back in the pool first, so the client's next request can reuse this very connection.
    if (this.reusable) this.pool.release(this);
    else this.socket.destroy();
    exchange.end();
  }

  /** The upstream failed mid-exchange: a 502 if nothing was relayed yet, else cut the client. */
  private fail(): void {
    const exchange = this.exchange;
    this.exchange = undefined;
    this.socket.destroy();
    if (exchange === undefined) return;
    exchange.upstream = undefined;
    exchange.fail(this.headSent);
  }
}

/**
 * The lean upstream client: a keep-alive pool of plain sockets (at most POOL_SIZE, then a FIFO
 * queue), each request written in one corked write, each response parsed by llhttp and handed to
 * its exchange.
 */
export class LeanUpstream implements Upstream {
  readonly hostHeader: string;
  readonly consume: boolean;
  private readonly host: string;
  private readonly port: number;
  private readonly idle: UpstreamConnection[] = [];
  private readonly waiting: Forwarded[] = [];
  private readonly all = new Set<UpstreamConnection>();

  constructor(upstreamUrl: string, consume: boolean) {
    this.consume = consume;
    const url = new URL(upstreamUrl);
    this.host = url.hostname;
    this.port = Number(url.port);
    this.hostHeader = url.host;
  }

  dispatch(exchange: Forwarded): void {
    let upstream = this.idle.pop();
    if (upstream === undefined) {
      if (this.all.size >= POOL_SIZE) {
        this.waiting.push(exchange);
        return;
      }
      upstream = new UpstreamConnection(this.host, this.port, this);
      this.all.add(upstream);
    }
    upstream.send(exchange);
  }

  release(upstream: UpstreamConnection): void {
    const next = this.waiting.shift();
    if (next !== undefined) upstream.send(next);
    else this.idle.push(upstream);
  }

  cancel(exchange: Forwarded): void {
    if (exchange.upstream !== undefined) {
      exchange.upstream.abandon();
      exchange.upstream = undefined;
      return;
    }
    const waiting = this.waiting.indexOf(exchange);
    if (waiting >= 0) this.waiting.splice(waiting, 1);
  }

  upstreamGone(upstream: UpstreamConnection): void {
    this.all.delete(upstream);
    const at = this.idle.indexOf(upstream);
    if (at >= 0) this.idle.splice(at, 1);
  }

  destroy(): Promise<void> {
    for (const upstream of this.all) upstream.abandon();
    return Promise.resolve();
  }
}

/** The lean server half's request work: the minimal forwarder's (JSON.parse, one Map lookup). */
class LeanServer {
  readonly consume: boolean;
  private readonly accounts: Map<string, string>;
  private readonly upstream: Upstream;

  constructor(accounts: Map<string, string>, upstream: Upstream, consume: boolean) {
    this.accounts = accounts;
    this.upstream = upstream;
    this.consume = consume;
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
    this.upstream.dispatch(exchange);
  }

  clientGone(client: ClientConnection): void {
    if (client.current !== undefined) this.upstream.cancel(client.current);
    client.current = undefined;
  }
}

/** The lean server half (node:net + llhttp) in front of any upstream half. */
export function startLeanServer(
  clientKey: string,
  upstream: Upstream,
  consume: boolean,
): Promise<RunningServer> {
  const accounts = new Map([[clientKey, 'acct_loadtest']]);
  const lean = new LeanServer(accounts, upstream, consume);
  const clients = new Set<Socket>();
  const server: Server = createServer({ noDelay: true }, (socket) => {
    clients.add(socket);
    socket.on('close', () => clients.delete(socket));
    new ClientConnection(socket, lean);
  });
  return listenOnLoopback(
    server,
    () => upstream.destroy(),
    () => {
      for (const socket of clients) socket.destroy();
    },
  );
}

export function startLeanForwarder(
  upstreamUrl: string,
  clientKey: string,
  options: { readonly consume: boolean } = { consume: false },
): Promise<RunningServer> {
  return startLeanServer(
    clientKey,
    new LeanUpstream(upstreamUrl, options.consume),
    options.consume,
  );
}
