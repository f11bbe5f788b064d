/**
 * The request pipeline, top to bottom:
 *
 *   admit → route → inspect headers → authenticate → account → signals → score → policy → act
 *         → forward → record
 *
 * Each stage produces the typed value the next one needs, or ends the request with a local reply
 * carrying a stable error code (see error-codes.ts). `record` runs exactly once per request, when
 * the response closes — whether it completed, was rejected, failed upstream, was cut, or the
 * client went away. Response-side work (streaming, usage) lives in ../upstream/forward.ts; the
 * decision stages WebSocket upgrades share (store gate, account, policy, block, limits) in
 * decision-stages.ts; what the pipeline runs on in pipeline-deps.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import { isVerified } from '../challenge/challenge-store.ts';
import { authenticate, type KeyMemo } from '../auth/authenticate.ts';
import { dialectOf, guessDialect } from '../dialects/dialects.ts';
import { splitTarget } from '../dialects/routes.ts';
import { normalizeIp } from '../net/ip.ts';
import { setTimeout as delay } from 'node:timers/promises';
import { GENERATING_ROUTES, type Reservation } from '../limits/admit-limits.ts';
import { unfinishedStreamOutput } from '../limits/settle-limits.ts';
import { StreamBudget } from '../limits/stream-budget.ts';
import { degradedLength, degradeRequest } from '../degrade/degrade-request.ts';
import {
  mayHoldStandIns,
  restoreThinking,
  type RestoredThinking,
} from '../degrade/restore-thinking.ts';
import { passthroughFacts, readRequestFacts, type RequestFacts } from '../signals/request-facts.ts';
import { newMarks, STAGE } from '../telemetry/request-telemetry.ts';
import { resolveClientIp } from '../upstream/client-ip.ts';
import { BodyTooLarge, forward, type ForwardExtras } from '../upstream/forward.ts';
import {
  inspectHeaders,
  upstreamRequestHeaders,
  type HeaderInspection,
} from '../upstream/header-hygiene.ts';
import type { ErrorCode } from './error-codes.ts';
import { isClosing, retryAfterSeconds, sendError, type ReplyOptions } from './local-reply.ts';
import { readBody } from './read-body.ts';
import { buildDecisionRecord } from './record-decision.ts';
import { addDecoys, noteDecoyNames } from './act-decoys.ts';
import { RequestContext } from './request-context.ts';
import { escalationCount, InFlightRecheck } from './recheck-in-flight.ts';
import {
  accountStage,
  blockAccount,
  holdAdmission,
  limitsStage,
  policyStage,
  releaseAdmission,
  storeGate,
} from './decision-stages.ts';
import type { PipelineDeps } from './pipeline-deps.ts';

/**
 * The latest request on each socket (kept after it is recorded, until the next one replaces it):
 * a parser error that arrives while its body is still being read belongs to it.
 */
const requestsBySocket = new WeakMap<Socket, RequestContext>();

export function contextOnSocket(socket: Socket): RequestContext | undefined {
  return requestsBySocket.get(socket);
}

/**
 * Forgets a finished request's socket entry once nothing more of its body can arrive, so a
 * keep-alive connection does not hold the last request's whole object graph (it would survive
 * young-generation collections and be promoted: measured, the dominant GC cost under load).
 */
function releaseSocket(ctx: RequestContext): void {
  const socket = ctx.req.socket;
  if (requestsBySocket.get(socket) !== ctx) return;
  if (ctx.req.complete || socket.destroyed) requestsBySocket.delete(socket);
  else
    ctx.req.once(
      'end',
      () => requestsBySocket.get(socket) === ctx && requestsBySocket.delete(socket),
    );
}

/** Each connection's last API key and its digest (see KeyMemo in authenticate.ts). */
const keyMemos = new WeakMap<Socket, KeyMemo>();
const NO_DIGEST = Buffer.alloc(0);

function keyMemoOf(socket: Socket): KeyMemo {
  let memo = keyMemos.get(socket);
  if (memo === undefined) {
    memo = { presented: '', digest: NO_DIGEST };
    keyMemos.set(socket, memo);
  }
  return memo;
}

export function createRequestHandler(
  deps: PipelineDeps,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    // A request pipelined behind a reply that closes the connection is never processed: after a
    // 400 for suspect framing, nothing more on that connection is interpreted (smuggling).
    if (isClosing(req.socket)) return;
    const ctx = createContext(deps, req, res);
    requestsBySocket.set(req.socket, ctx);
    res.on('close', () => record(ctx, deps));
    handleRequest(ctx, deps).catch((error: unknown) => failInternal(ctx, deps, error));
  };
}

/** A request's context, at arrival: the config snapshot it runs under, its id, times and peer. */
export function createContext(
  deps: PipelineDeps,
  req: IncomingMessage,
  res: ServerResponse,
): RequestContext {
  const ctx = new RequestContext(
    deps.newRequestId(),
    req,
    res,
    deps.config(),
    deps.clock.now(),
    deps.clock.mono(),
  );
  ctx.clientIp = normalizeIp(req.socket.remoteAddress ?? '');
  ctx.marks = newMarks(deps.telemetry);
  return ctx;
}

/** The pipeline. Reads as the list of stages; each `return` ends the request locally. */
export async function handleRequest(ctx: RequestContext, deps: PipelineDeps): Promise<void> {
  const { req, config } = ctx;

  // route: canonical path and the route it names; errors take the route's dialect from here.
  const target = splitTarget(req.url ?? '');
  ctx.dialect = guessDialect(req.url ?? '');
  if (!target) return reject(ctx, 'DG_ERR_BAD_PATH', 'non_canonical_path', { close: true });
  ctx.path = target.path;
  ctx.query = target.query;
  const route = config.routes.match(target.path);
  if (route) {
    ctx.route = route;
    ctx.dialect = dialectOf(route, false);
  }
  ctx.mark(STAGE.route, deps.clock);

  // inspect: the framing and credential checks Node's parser leaves to us (before anything else
  // answers, so a smuggling attempt is always a 400 that closes the connection).
  const inspected = inspectHeaders(req.rawHeaders, req.httpVersion);
  if (!inspected.ok) {
    const code = inspected.problem.includes('credential')
      ? 'DG_ERR_CONFLICTING_CREDENTIALS'
      : 'DG_ERR_BAD_FRAMING';
    return reject(ctx, code, inspected.problem, { close: true });
  }
  const headers = inspected.value;
  if (route) ctx.dialect = dialectOf(route, headers.anthropicVersion);
  ctx.clientIp = resolveClientIp(
    req.socket.remoteAddress,
    headers.xForwardedFor,
    config.listen.trusted,
  );
  ctx.mark(STAGE.inspect, deps.clock);

  // admit: drain, concurrency limit, event-loop delay.
  const admission = deps.overload.shedding
    ? 'event_loop_delay'
    : deps.inflight.admit(ctx, config.limits.max_concurrent_requests);
  if (admission !== 'admitted') {
    const code = admission === 'draining' ? 'DG_ERR_SHUTTING_DOWN' : 'DG_ERR_OVERLOADED';
    if (code === 'DG_ERR_OVERLOADED') deps.metrics.failure('overload', admission);
    return reject(ctx, code, admission, {
      retryAfterSeconds: retryAfterSeconds(ctx),
    });
  }
  if (!route) return reject(ctx, 'DG_ERR_ROUTE_NOT_FOUND', 'unknown_route');
  if (!route.methods.has(req.method ?? '')) {
    return reject(ctx, 'DG_ERR_METHOD_NOT_ALLOWED', 'method', {
      headers: ['allow', [...route.methods].join(', ')],
    });
  }
  ctx.mark(STAGE.admit, deps.clock);

  // 1. authenticate (synchronous for API keys and cached tokens; a token's first sight awaits)
  const pending = authenticate(
    headers,
    deps.keys(),
    deps.jwt(),
    ctx.startedAt,
    keyMemoOf(req.socket),
  );
  const auth = pending instanceof Promise ? await pending : pending;
  // A token's first sight awaits its verification: a client gone meanwhile is already recorded.
  if (clientGone(ctx)) return;
  if (!auth.ok) {
    if (auth.unavailable) {
      return reject(ctx, 'DG_ERR_AUTH_UNAVAILABLE', auth.failure, {
        retryAfterSeconds: retryAfterSeconds(ctx),
      });
    }
    return reject(ctx, 'DG_ERR_UNAUTHENTICATED', auth.failure);
  }
  ctx.mark(STAGE.authenticate, deps.clock);

  const gated = storeGate(deps, ctx);
  if (gated !== undefined) return reject(ctx, gated.code, gated.detail, gated.options);

  // 2. account (a challenged, not yet verified account continues at the challenge tier)
  const { account, challenged } = accountStage(deps, config, auth.principal, ctx.startedAt);
  const challenge = config.policy.challenge;
  ctx.account = account;
  ctx.mark(STAGE.account, deps.clock);

  // 3. signals: the request facts (inference bodies are read and parsed; others stream).
  let body: Buffer | undefined;
  let parsedBody: Record<string, unknown> | undefined;
  let facts: RequestFacts;
  if (route.kind === 'inference') {
    const read = await readBody(req, config.limits.max_body_bytes, deps.buffers, (bytes) => {
      ctx.reservedBytes += bytes;
    });
    if (read.kind === 'aborted') return;
    if (read.kind === 'rejected')
      return reject(ctx, read.code, read.detail, bodyRejectOptions(ctx, read.code));
    body = read.body;
    ctx.bytesIn = body.length;
    const parsed = parseJsonObject(body);
    if (typeof parsed === 'string')
      return reject(ctx, parsed, parsed === 'DG_ERR_INVALID_JSON' ? 'json' : 'not_object');
    parsedBody = parsed;
    const detection = config.detection;
    facts = readRequestFacts(
      ctx.dialect,
      route,
      parsed,
      body.length,
      {
        rawHeaders: req.rawHeaders,
        ipPrefix: ctx.ipPrefix(),
      },
      detection,
    );
  } else {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > config.limits.max_body_bytes) {
      return reject(
        ctx,
        'DG_ERR_BODY_TOO_LARGE',
        'declared_length',
        bodyRejectOptions(ctx, 'DG_ERR_BODY_TOO_LARGE'),
      );
    }
    ctx.bytesIn = declared;
    facts = passthroughFacts(ctx.dialect, route, declared);
  }
  ctx.facts = facts;
  // A decoy name in the client's own request leaked: recorded, whatever is decided (act-decoys.ts).
  if (body !== undefined && parsedBody !== undefined) noteDecoyNames(ctx, body, parsedBody);
  ctx.mark(STAGE.signals, deps.clock);

  // 4. score (what escalates from now on makes its answer look again: recheck-in-flight.ts)
  ctx.escalations = escalationCount(deps);
  ctx.score = deps.scorer.score(account, facts, ctx.startedAt);
  ctx.mark(STAGE.score, deps.clock);

  // 5. policy (what earlier blocks remembered decides first; an operator's allow still wins)
  const outcome = policyStage(deps, config, account, facts, ctx.score, ctx.startedAt);
  ctx.policy = outcome;
  ctx.mark(STAGE.policy, deps.clock);

  // 6. act: block; spend limits (a throttle rule switches more on) or refuse with 429; delay.
  if (outcome.enforced.action === 'block') {
    blockAccount(deps, outcome.enforced, account, facts, ctx.score, ctx.startedAt);
    ctx.outcome = 'blocked';
    // The reviewer-facing reason (an override's) goes to the log's detail, never to the client.
    reject(ctx, 'DG_ERR_BLOCKED', account.override?.reason ?? outcome.enforced.reason);
    deps.scorer.observe?.(account, facts, ctx.startedAt);
    return;
  }
  if (outcome.enforced.action === 'challenge' && !challenged && !isVerified(account, challenge)) {
    deps.challenges.challenge(account.id, ctx.startedAt + challenge.durationMs);
    ctx.outcome = 'challenged';
    reject(
      ctx,
      'DG_ERR_VERIFICATION_REQUIRED',
      outcome.enforced.reason,
      challenge.url === undefined ? {} : { verificationUrl: challenge.url },
    );
    deps.scorer.observe?.(account, facts, ctx.startedAt);
    return;
  }
  const throttle = outcome.enforced.action === 'throttle' ? outcome.enforced : undefined;
  const spending = limitsStage(deps, config, ctx, outcome, account, facts);
  if (spending !== undefined) {
    // Synchronous in memory; a shared store's round trip is awaited (and only then).
    const verdict = spending instanceof Promise ? await spending : spending;
    const refused = holdAdmission(ctx, outcome, verdict);
    if (refused !== undefined) {
      reject(ctx, refused.code, refused.detail, refused.options);
      if (refused.code === 'DG_ERR_RATE_LIMITED')
        deps.scorer.observe?.(account, facts, ctx.startedAt);
      return;
    }
    if (spending instanceof Promise && ctx.res.destroyed) {
      // The client left while the store answered: what was taken goes back now (the record of
      // this request may already be written, and with it the chance to settle).
      releaseAdmission(deps, ctx);
      return;
    }
  }
  // Thinking blocks an earlier degraded answer withheld go back in, degraded now or not.
  let forwardBody = parsedBody;
  const standIns = route.id === 'anthropic.messages' && body !== undefined && mayHoldStandIns(body);
  if (standIns && forwardBody !== undefined) {
    // Synchronous from memory; a shared vault's round trip is awaited (and only then).
    const restoring = restoreStandIns(deps, account.id, forwardBody, ctx.startedAt);
    forwardBody = restoring instanceof Promise ? await restoring : restoring;
    if (ctx.res.destroyed) return;
  }
  if (outcome.enforced.action === 'degrade' && forwardBody !== undefined) {
    const degraded = degradeRequest(route.id, forwardBody, outcome.enforced.degrade);
    forwardBody = degraded.body;
    ctx.degraded = degraded.applied;
    ctx.stripReasoning = outcome.enforced.degrade.stripReasoning;
  }
  if (forwardBody !== parsedBody) body = Buffer.from(JSON.stringify(forwardBody));
  // Decoy tools (act-decoys.ts): a decoy rule adds the account's decoys to what is forwarded.
  if (body !== undefined && forwardBody !== undefined)
    body = addDecoys(ctx, config.decoys, body, forwardBody);
  if (throttle !== undefined) ctx.paceTokensPerSecond = throttle.paceTokensPerSecond;
  if (throttle !== undefined && throttle.delayMs > 0) {
    await delay(throttle.delayMs);
    if (ctx.res.destroyed) return;
  }
  ctx.mark(STAGE.act, deps.clock);

  // 7. forward (the response streams back; 8. record runs when it closes)
  forward(
    ctx,
    deps.dispatcher(),
    {
      path: config.upstream.basePath + ctx.path + ctx.query,
      method: req.method ?? 'GET',
      headers: upstreamHeaders(ctx, headers, body === undefined),
      body:
        body ??
        (ctx.bytesIn > 0 || req.headers['transfer-encoding']
          ? Readable.from(cappedStream(req, config.limits.max_body_bytes))
          : null),
    },
    deps.clock.mono,
    forwardExtras(deps, facts, ctx.reservation),
  );
  // The request is on its way: now fold it into the detection state (off the decision's path).
  ctx.observed = deps.scorer.observe?.(account, facts, ctx.startedAt);
}

/** The vault's originals in place of the stand-ins a request returns; misses counted. */
function restoreStandIns(
  deps: PipelineDeps,
  account: string,
  body: Record<string, unknown>,
  now: number,
): Record<string, unknown> | Promise<Record<string, unknown>> {
  const restoring = restoreThinking(body, account, deps.vault, now);
  return restoring instanceof Promise
    ? restoring.then((restored) => countMisses(deps, restored))
    : countMisses(deps, restoring);
}

function countMisses(deps: PipelineDeps, restored: RestoredThinking): Record<string, unknown> {
  const { missing, beyondCap } = restored;
  if (missing > 0) deps.metrics.failure('thinking_restore', 'missing', missing);
  if (beyondCap > 0) deps.metrics.failure('thinking_restore', 'beyond_cap', beyondCap);
  if (missing + beyondCap > 0)
    deps.logger.throttled('thinking_restore', 10_000, 'warn', 'thinking stand-ins not restored', {
      missing,
      beyond_cap: beyondCap,
    });
  return restored.body;
}

/** The forward stage's per-app extras, built once: most requests pass them as they are. */
const extrasByDeps = new WeakMap<PipelineDeps, ForwardExtras>();

function forwardExtras(
  deps: PipelineDeps,
  facts: RequestFacts,
  reservation: Reservation | null,
): ForwardExtras {
  let base = extrasByDeps.get(deps);
  if (base === undefined) {
    base = Object.freeze({
      streams: deps.streams,
      buffers: deps.buffers,
      vault: deps.vault,
      recheck: new InFlightRecheck(deps),
    });
    extrasByDeps.set(deps, base);
  }
  // A stream without max_tokens was admitted on the default reservation: its overage is charged
  // as it runs, and it is cut if its buckets refuse.
  const budget =
    reservation !== null && facts.stream && facts.maxTokens === undefined
      ? StreamBudget.of(deps.limits, reservation, deps.clock.now)
      : undefined;
  return budget === undefined ? base : { ...base, budget };
}

/** The client went away (its record is written): a call, so no later check is narrowed away. */
export function clientGone(ctx: RequestContext): boolean {
  return ctx.res.destroyed;
}

function reject(
  ctx: RequestContext,
  code: ErrorCode,
  detail: string,
  options?: ReplyOptions,
): void {
  ctx.outcome ??= 'rejected';
  sendError(ctx, code, detail, options);
}

/** A body refused before it was read is discarded by Node unless it is absurdly large. */
function bodyRejectOptions(
  ctx: RequestContext,
  code: ErrorCode,
): { close: boolean; retryAfterSeconds?: number } {
  if (code === 'DG_ERR_OVERLOADED')
    return { close: false, retryAfterSeconds: retryAfterSeconds(ctx) };
  const declared = Number(ctx.req.headers['content-length'] ?? 0);
  return { close: declared > 4 * ctx.config.limits.max_body_bytes };
}

function parseJsonObject(body: Buffer): Record<string, unknown> | ErrorCode {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    // The parser's message quotes the input: never log or return it (it is prompt text).
    return 'DG_ERR_INVALID_JSON';
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return 'DG_ERR_INVALID_BODY';
  return value as Record<string, unknown>;
}

function upstreamHeaders(
  ctx: RequestContext,
  headers: HeaderInspection,
  streamedBody: boolean,
): string[] {
  const upstream = ctx.config.upstream;
  return upstreamRequestHeaders(ctx.req.rawHeaders, {
    lowerNames: headers.lowerNames,
    connectionTokens: headers.connectionTokens,
    passCredential: upstream.credentialMode === 'pass_through',
    credential: upstream.credentialHeaders?.[ctx.dialect.name],
    clientIp: ctx.clientIp,
    requestId: ctx.id,
    contentLength: streamedBody ? ctx.req.headers['content-length'] : undefined,
    identityEncoding: ctx.route?.kind === 'inference',
  });
}

/** A pass-through body, streamed, that fails the exchange once it exceeds the cap. */
async function* cappedStream(req: IncomingMessage, maxBytes: number): AsyncGenerator<Buffer> {
  let received = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    received += chunk.length;
    if (received > maxBytes) throw new BodyTooLarge();
    yield chunk;
  }
}

/** 8. record: exactly once per request, when the response closes. */
function record(ctx: RequestContext, deps: PipelineDeps): void {
  const recordStart = ctx.marks === null ? 0 : deps.clock.mono();
  releaseSocket(ctx);
  deps.streams.remove(ctx);
  deps.inflight.release(ctx);
  deps.buffers.release(ctx.reservedBytes);
  // A stream that did not reach its end upstream (client gone, upstream failed, cut): its usage
  // so far is not the answer's usage. Detection and the record take the limits' estimate.
  const estimated = unfinishedOutput(ctx);
  // Token reservations settle from the usage the response reported; stream slots are freed.
  if (ctx.reservation !== null)
    releaseAdmission(deps, ctx, ctx.upstreamHeaders > 0 && ctx.res.statusCode < 400);
  if (estimated >= 0) {
    ctx.usage.outputTokens = estimated;
    ctx.tokensOutEstimated = true;
  }
  // Output tokens are known now: they feed the account's (and its clusters') token rates for the
  // next requests — unless the policy chose the answer's length (degradedLength).
  if (ctx.account && ctx.facts?.signals && deps.scorer.settle && !degradedLength(ctx.degraded))
    deps.scorer.settle(ctx.account, ctx.usage, ctx.startedAt, ctx.observed);
  const decision = buildDecisionRecord(ctx, deps.clock.mono());
  deps.decisionLog.write(decision);
  deps.metrics.request(decision);
  if (ctx.marks !== null) deps.telemetry.finish(ctx, decision, recordStart, deps.clock.mono());
}

/**
 * The output tokens a stream that did not reach its end upstream is taken to have written (the
 * limits' estimate from the events the upstream sent); -1 for any other response.
 */
function unfinishedOutput(ctx: RequestContext): number {
  const facts = ctx.facts;
  // A stream that broke off after its final usage event keeps that usage.
  const settled = ctx.usage.complete === true;
  if (
    !ctx.streamUnfinished ||
    settled ||
    facts === undefined ||
    !GENERATING_ROUTES.has(facts.route)
  )
    return -1;
  const { reservation, usage, streamedTokens } = ctx;
  return unfinishedStreamOutput(facts, reservation, usage.outputTokens, streamedTokens);
}

/** A bug, not a decision: log its type and stack (never its message, which may quote input). */
function failInternal(ctx: RequestContext, deps: PipelineDeps, error: unknown): void {
  const stack =
    error instanceof Error ? (error.stack ?? '').split('\n').slice(1, 6).join('\n') : '';
  deps.logger.log('error', 'internal error in request pipeline', {
    request_id: ctx.id,
    error: error instanceof Error ? error.name : typeof error,
    stack,
  });
  deps.metrics.failure('internal', 'pipeline');
  ctx.outcome ??= 'rejected';
  sendError(ctx, 'DG_ERR_INTERNAL', 'internal_error');
}
