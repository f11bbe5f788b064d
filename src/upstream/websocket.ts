/**
 * WebSocket pass-through (e.g. a realtime endpoint): an upgrade runs the same identity, policy and
 * limits stages as any request — route allow list, header inspection, authenticate, account (and
 * its challenge tier), remembered blocks, policy, a block or a challenge, the limits — and is then
 * handed to http-proxy-3 with headers we sanitised ourselves (http-proxy-3 does no sanitising: it
 * would forward the client's credential, Proxy-Authorization and spoofed X-Forwarded-For). A
 * session spends what a request does — one request, and a concurrent-stream slot held until it
 * closes. On a metered route (`usage: realtime`, the default) it is also admitted on a token
 * reservation, as a stream without max_tokens is, and the proxy relays the upstream's frames
 * itself (session-meter.ts): each answer's reported usage is charged as it comes, the session is
 * ended after the answer its buckets refuse, and the record logs the session's tokens; and each
 * turn the client asks for is judged as a request (judgeTurn) and spends a request (spendTurn). A
 * throttle's delay is not applied (a session is refused or opened). One decision record per
 * upgrade, written when the socket closes.
 */
import { ServerResponse, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { ProxyServer } from 'http-proxy-3';
import { isVerified } from '../challenge/challenge-store.ts';
import { authenticate } from '../auth/authenticate.ts';
import { dialectOf } from '../dialects/dialects.ts';
import { splitTarget } from '../dialects/routes.ts';
import type { ErrorCode } from '../pipeline/error-codes.ts';
import {
  accountStage,
  blockAccount,
  holdAdmission,
  limitsStage,
  policyStage,
  releaseAdmission,
  storeGate,
} from '../pipeline/decision-stages.ts';
import { clientGone, createContext } from '../pipeline/handle-request.ts';
import type { PipelineDeps } from '../pipeline/pipeline-deps.ts';
import { retryAfterSeconds, sendError, type ReplyOptions } from '../pipeline/local-reply.ts';
import { buildDecisionRecord } from '../pipeline/record-decision.ts';
import type { RequestContext } from '../pipeline/request-context.ts';
import { CHALLENGE_PENDING, type PolicyOutcome } from '../policy/decision.ts';
import { readRequestFacts, upgradeFacts, type RequestFacts } from '../signals/request-facts.ts';
import type { Observed, Score } from '../detection/score.ts';
import type { Usage } from '../dialects/dialect.ts';
import { admitLimits, type LimitVerdict } from '../limits/admit-limits.ts';
import { StreamBudget } from '../limits/stream-budget.ts';
import type { Account } from '../account/account.ts';

import { resolveClientIp } from './client-ip.ts';
import { inspectHeaders, upstreamRequestHeaders } from './header-hygiene.ts';
import { SessionMeter, stringAt, type OpenAnswer, type SessionEnding } from './session-meter.ts';
import { SessionTurns, TurnAnswers, type JudgedTurn, type SessionTurn } from './session-turns.ts';

const contexts = new WeakMap<IncomingMessage, RequestContext>();
/** Upgraded upstream sockets of metered sessions, until http-proxy-3 has piped them ('open'). */
const upgraded = new WeakMap<Socket, RequestContext>();
/** A metered session's meter, and how to settle the turn of an answer cut short at its close. */
const meters = new WeakMap<
  RequestContext,
  { readonly meter: SessionMeter; readonly closeOpen: (open: OpenAnswer) => void }
>();

export interface UpgradeHandler {
  (req: IncomingMessage, socket: Socket, head: Buffer): void;
  close(): void;
}

export function createUpgradeHandler(deps: PipelineDeps): UpgradeHandler {
  // http-proxy-3 loads on the first upgrade (~15 MB resident a proxy without WebSocket routes saves).
  let proxy: Promise<ProxyServer> | undefined;
  const proxyServer = (): Promise<ProxyServer> =>
    (proxy ??= import('http-proxy-3').then(({ createProxyServer }) => {
      const server = createProxyServer({ ws: true, xfwd: false, changeOrigin: true });
      watchUpgrades(server, deps);
      return server;
    }));

  const handler = (req: IncomingMessage, socket: Socket, head: Buffer): void => {
    const res = new ServerResponse(req);
    res.assignSocket(socket);
    const ctx = createContext(deps, req, res);
    contexts.set(req, ctx);
    res.on('close', () => {
      deps.inflight.release(ctx);
      deps.streams.remove(ctx);
      const metered = meters.get(ctx);
      if (metered !== undefined) {
        // The session's tokens: what its answers reported, an answer whose usage was not read
        // (or never came) at its estimate; the reservation settles to them, and detection
        // settles the turn of an answer cut short with that estimate.
        const open = metered.meter.close();
        if (open !== undefined) metered.closeOpen(open);
        const tally = metered.meter.tally;
        ctx.usage.inputTokens = tally.inputTokens;
        ctx.usage.outputTokens = tally.outputTokens;
        ctx.usage.complete = true;
        ctx.tokensOutEstimated = tally.estimated;
        if (tally.unread > 0 && ctx.detail === undefined) ctx.detail = 'usage_unread';
      }
      releaseAdmission(deps, ctx, ctx.upgradeStatus === 101);
      if (ctx.upgradeStatus !== undefined) ctx.upstreamEnd = deps.clock.mono();
      deps.decisionLog.write(buildDecisionRecord(ctx, deps.clock.mono()));
    });
    socket.on('error', () => socket.destroy());
    upgrade(ctx, deps, socket, head, proxyServer).catch(() => {
      // A bug, not a decision: refuse the upgrade rather than leave the socket hanging.
      ctx.outcome ??= 'rejected';
      reject(ctx, 'DG_ERR_INTERNAL', 'internal_error');
    });
  };
  return Object.assign(handler, { close: () => void proxy?.then((server) => server.close()) });
}

/** Records the upstream's answer to each upgrade on its request's context. */
function watchUpgrades(proxy: ProxyServer, deps: PipelineDeps): void {
  proxy.on('proxyReqWs', (proxyReq, req) => {
    const ctx = contexts.get(req);
    if (!ctx) return;
    proxyReq.on('upgrade', (proxyRes, proxySocket: Socket) => {
      ctx.upstreamHeaders = deps.clock.mono();
      ctx.upgradeStatus = proxyRes.statusCode ?? 101;
      // The client gone closes the upstream: http-proxy-3 only ends it, and an upstream paused
      // for a full client socket would then never be read to its close.
      ctx.req.socket.once('close', () => proxySocket.destroy());
      if (ctx.facts?.meteredSession === true) upgraded.set(proxySocket, ctx);
    });
    proxyReq.on('response', (proxyRes) => {
      ctx.upstreamHeaders = deps.clock.mono();
      ctx.upgradeStatus = proxyRes.statusCode ?? 502;
    });
  });
  // http-proxy-3 has piped the upgraded sockets both ways: a metered session's upstream-to-client
  // direction is taken over by its meter.
  proxy.on('open', (proxySocket: Socket) => {
    const ctx = upgraded.get(proxySocket);
    if (ctx === undefined) return;
    upgraded.delete(proxySocket);
    meterSession(deps, ctx, proxySocket);
  });
  // Errors are handled per call below; this listener only keeps EventEmitter from throwing.
  proxy.on('error', () => {});
}

/**
 * Meters a session from its answers' usage: input and output charged to the reservation's buckets
 * beyond what admission reserved (StreamBudget, as a stream without max_tokens is); the first
 * answer they refuse ends the session after it, with the dialect's error as a realtime `error`
 * event and a 1008 close. And judges each turn the client asks for (judgeTurn).
 */
function meterSession(deps: PipelineDeps, ctx: RequestContext, upstream: Socket): void {
  const input = StreamBudget.of(deps.limits, ctx.reservation, deps.clock.now, {
    input: true,
    exact: true,
  });
  const output = StreamBudget.of(deps.limits, ctx.reservation, deps.clock.now, { exact: true });
  const turns = new SessionTurns(modelOf(ctx.query));
  /** A turn's request a shared store refused after it was let through: the next turn ends it. */
  let turnRefused: string | undefined;
  const answers = new TurnAnswers();
  const settle = (turn: JudgedTurn | undefined, usage: Usage): void => {
    if (turn !== undefined && ctx.account !== undefined)
      deps.scorer.settle?.(ctx.account, usage, turn.at, turn.observed);
  };
  const endFor = (code: ErrorCode, detail: string): SessionEnding => {
    // The first reason the session ends is its record's (a later one is the same end's echo).
    if (ctx.outcome !== 'cut') {
      ctx.outcome = 'cut';
      ctx.error = code;
      ctx.detail = detail;
    }
    return sessionEnding(ctx, code);
  };
  const meter = new SessionMeter({
    upstream,
    client: ctx.req.socket,
    charge: (usage, responseId) => {
      settle(answers.done(responseId), { ...usage, complete: true });
      const inputHeld = input?.add(usage.inputTokens) ?? true;
      const outputHeld = output?.add(usage.outputTokens) ?? true;
      if (inputHeld && outputHeld) return undefined;
      return endFor(
        'DG_ERR_RATE_LIMITED',
        outputHeld ? 'input_tokens_mid_session' : 'output_tokens_mid_session',
      );
    },
    clientEvent: (event) => {
      const turn = turns.read(event);
      if (turn === undefined) return undefined;
      // A shared store answers a charge later: a refusal that came after the last answer ends the
      // session before the next one, not after it.
      if (input?.refused === true || output?.refused === true)
        return endFor(
          'DG_ERR_RATE_LIMITED',
          output?.refused === true ? 'output_tokens_mid_session' : 'input_tokens_mid_session',
        );
      if (turnRefused !== undefined) return endFor('DG_ERR_RATE_LIMITED', turnRefused);
      const judged = judgeTurn(deps, ctx, turn);
      if (judged.ending !== undefined) return judged.ending;
      const spent = spendTurn(deps, ctx, judged);
      if (spent instanceof Promise)
        void spent.then((refused) => {
          turnRefused ??= refused;
        });
      else if (spent !== undefined) return endFor('DG_ERR_RATE_LIMITED', spent);
      answers.asked({
        at: judged.at,
        observed: judged.observed,
        eventId: stringAt(event, 'event_id'),
      });
      return undefined;
    },
    unreadable: () => endFor('DG_ERR_BODY_TOO_LARGE', 'session_message_unreadable'),
    upstreamEvent: (event) => {
      const type = event['type'];
      if (type === 'session.created' || type === 'session.updated') turns.confirm(event);
      else if (type === 'response.created') answers.created(stringAt(event, 'response', 'id'));
      else if (type === 'error') answers.refused(stringAt(event, 'error', 'event_id'));
    },
  });
  meters.set(ctx, {
    meter,
    closeOpen: (open) =>
      settle(answers.done(open.responseId), {
        inputTokens: undefined,
        outputTokens: open.outputTokens,
      }),
  });
  meter.start();
}

interface JudgedTurnResult {
  readonly ending: SessionEnding | undefined;
  readonly at: number;
  readonly observed: Observed;
  /** A turn let through: what its request spends from the limits (spendTurn). */
  readonly request?: {
    readonly account: Account;
    readonly facts: RequestFacts;
    readonly score: Score;
    readonly outcome: PolicyOutcome;
  };
}

/**
 * A turn let through spends a request from the account's limits, as a request would — and a
 * throttle decision of the turn switches on its rule's limits and tier budget for it. Its tokens
 * are charged from its answer (the session's reservation) and it holds no stream slot (the session
 * holds one): spent as a request that generates nothing and streams nothing. Returns the refusal's
 * detail (`<limit>.<dimension>`), undefined when admitted; a promise with a shared store, whose
 * refusal then ends the session at its next turn (a store that cannot be reached refuses
 * admissions, never a running session).
 */
function spendTurn(
  deps: PipelineDeps,
  ctx: RequestContext,
  judged: JudgedTurnResult,
): string | undefined | Promise<string | undefined> {
  const request = judged.request;
  if (request === undefined) return undefined;
  const { account, score, outcome } = request;
  const limits = ctx.config.policy.limits;
  const throttle = outcome.enforced.action === 'throttle' ? outcome.enforced : undefined;
  if (limits.always.length === 0 && throttle === undefined) return undefined;
  const facts: RequestFacts = { ...request.facts, stream: false, meteredSession: false };
  const verdict = admitLimits(
    limits,
    deps.limits,
    { account, facts, score, ipPrefix: ctx.ipPrefix() },
    judged.at,
    throttle,
  );
  const refusal = (answer: LimitVerdict): string | undefined =>
    answer.ok || answer.unavailable === true
      ? undefined
      : `${answer.refusal.limit}.${answer.refusal.dimension}`;
  return verdict instanceof Promise ? verdict.then(refusal) : refusal(verdict);
}

/**
 * A turn of a metered session, judged as the request asking the same would be: its signals read
 * from the chat body the session's state amounts to (session-turns.ts), scored, and the policy
 * applied — a block (remembered as its rule says) or a challenge ends the session before the
 * answer, and the record then carries that turn's facts, score and decision; any other action is
 * not applied to a session (as at the upgrade: a session is open or ended), only logged: the
 * riskiest such turn's decision replaces the upgrade's allow in the record. Detection observes
 * every turn it lets through, as it does a forwarded request.
 */
function judgeTurn(deps: PipelineDeps, ctx: RequestContext, turn: SessionTurn): JudgedTurnResult {
  const { config } = ctx;
  const account = ctx.account;
  const route = ctx.route;
  const at = deps.clock.now();
  if (account === undefined || route === undefined)
    return { ending: undefined, at, observed: undefined };
  const challenge = config.policy.challenge;
  // A challenge raised since the upgrade (by a request, or another session): as at an upgrade,
  // a pending challenge gets no more answers until the account is verified.
  if (deps.challenges.isChallenged(account.id, at) && !isVerified(account, challenge)) {
    if (ctx.policy !== undefined) ctx.policy = { ...ctx.policy, enforced: CHALLENGE_PENDING };
    ctx.outcome = 'cut';
    ctx.error = 'DG_ERR_VERIFICATION_REQUIRED';
    ctx.detail = CHALLENGE_PENDING.reason;
    return {
      ending: sessionEnding(ctx, 'DG_ERR_VERIFICATION_REQUIRED', challenge.url),
      at,
      observed: undefined,
    };
  }
  const read = readRequestFacts(
    ctx.dialect,
    route,
    turn.body,
    turn.bytes,
    { rawHeaders: ctx.req.rawHeaders, ipPrefix: ctx.ipPrefix() },
    config.detection,
  );
  const facts: RequestFacts = { ...read, stream: true, meteredSession: true };
  const score = deps.scorer.score(account, facts, at);
  const outcome = policyStage(deps, config, account, facts, score, at);
  const enforced = outcome.enforced;
  const code: ErrorCode | undefined =
    enforced.action === 'block'
      ? 'DG_ERR_BLOCKED'
      : enforced.action === 'challenge' && !isVerified(account, challenge)
        ? 'DG_ERR_VERIFICATION_REQUIRED'
        : undefined;
  if (code === undefined) {
    // Not applied to the session (it is open or ended), but logged: the record carries the
    // upgrade's decision, or the riskiest turn's that was not allow — with its factors.
    const logged = ctx.policy?.enforced.action ?? 'allow';
    if (enforced.action !== 'allow' && (logged === 'allow' || score.value > ctx.score.value)) {
      ctx.facts = facts;
      ctx.score = score;
      ctx.policy = outcome;
    }
    return {
      ending: undefined,
      at,
      observed: deps.scorer.observe?.(account, facts, at),
      request: { account, facts, score, outcome },
    };
  }
  if (enforced.action === 'block') {
    // This session ends with its close frame below; the account's other streams are cut.
    deps.streams.remove(ctx);
    blockAccount(deps, enforced, account, facts, score, at);
  } else deps.challenges.challenge(account.id, at + challenge.durationMs);
  deps.scorer.observe?.(account, facts, at);
  ctx.facts = facts;
  ctx.score = score;
  ctx.policy = outcome;
  ctx.outcome = 'cut';
  ctx.error = code;
  ctx.detail = account.override?.reason ?? enforced.reason;
  return { ending: sessionEnding(ctx, code, challenge.url), at, observed: undefined };
}

/** The realtime `error` event (the dialect's error object) and close reason of an ended session. */
function sessionEnding(
  ctx: RequestContext,
  code: ErrorCode,
  verificationUrl?: string,
): SessionEnding {
  const body = JSON.parse(ctx.dialect.errorBody(code, ctx.id, verificationUrl)) as object;
  return {
    errorEvent: JSON.stringify({ type: 'error', event_id: `evt_${ctx.id}`, ...body }),
    closeReason: code,
  };
}

/** The model a realtime upgrade names (`?model=`), if any. */
function modelOf(query: string | undefined): string | undefined {
  if (query === undefined || query === '') return undefined;
  return (
    new URLSearchParams(query.startsWith('?') ? query.slice(1) : query).get('model') ?? undefined
  );
}

async function upgrade(
  ctx: RequestContext,
  deps: PipelineDeps,
  socket: Socket,
  head: Buffer,
  proxyServer: () => Promise<ProxyServer>,
): Promise<void> {
  const { req, config } = ctx;
  const admission = deps.inflight.admit(ctx, config.limits.max_concurrent_requests);
  if (admission !== 'admitted') {
    return reject(
      ctx,
      admission === 'draining' ? 'DG_ERR_SHUTTING_DOWN' : 'DG_ERR_OVERLOADED',
      admission,
      { retryAfterSeconds: retryAfterSeconds(ctx) },
    );
  }
  const target = splitTarget(req.url ?? '');
  if (!target) return reject(ctx, 'DG_ERR_BAD_PATH', 'non_canonical_path');
  ctx.path = target.path;
  ctx.query = target.query;
  const route = config.routes.matchWebsocket(target.path);
  if (!route) return reject(ctx, 'DG_ERR_ROUTE_NOT_FOUND', 'unknown_websocket_route');
  ctx.route = route;
  if (req.method !== 'GET' || req.headers.upgrade?.toLowerCase() !== 'websocket') {
    return reject(ctx, 'DG_ERR_BAD_FRAMING', 'not_a_websocket_upgrade');
  }
  const inspected = inspectHeaders(req.rawHeaders, req.httpVersion);
  if (!inspected.ok) return reject(ctx, 'DG_ERR_CONFLICTING_CREDENTIALS', inspected.problem);
  ctx.dialect = dialectOf(route, inspected.value.anthropicVersion);
  ctx.clientIp = resolveClientIp(
    req.socket.remoteAddress,
    inspected.value.xForwardedFor,
    config.listen.trusted,
  );
  const pending = authenticate(inspected.value, deps.keys(), deps.jwt(), ctx.startedAt);
  const auth = pending instanceof Promise ? await pending : pending;
  // A token's first sight awaits its verification: a client gone meanwhile is already recorded,
  // and must leave no challenge or remembered block behind.
  if (ctx.res.destroyed) return;
  if (!auth.ok) {
    return reject(
      ctx,
      auth.unavailable ? 'DG_ERR_AUTH_UNAVAILABLE' : 'DG_ERR_UNAUTHENTICATED',
      auth.failure,
    );
  }
  // Shared blocks or challenges out of sync under failure mode closed: 503, as for any request.
  const gated = storeGate(deps, ctx);
  if (gated !== undefined) return reject(ctx, gated.code, gated.detail, gated.options);
  // The account stage and the policy's block and challenge as for any request: an upgrade is no
  // way around a remembered block or a pending challenge. An account under a challenge, which a
  // request would meet at the challenge tier's limits, gets no session until it is verified: a
  // session's tokens are charged only after its answers (and on a usage: none route not at all).
  const { account, challenged } = accountStage(deps, config, auth.principal, ctx.startedAt);
  const challenge = config.policy.challenge;
  ctx.account = account;
  const facts = upgradeFacts(ctx.dialect, route);
  ctx.facts = facts;
  const score = deps.scorer.score(account, facts, ctx.startedAt);
  ctx.score = score;
  const outcome = policyStage(deps, config, account, facts, score, ctx.startedAt);
  ctx.policy = outcome;
  const enforced = outcome.enforced;
  if (enforced.action === 'block') {
    blockAccount(deps, enforced, account, facts, score, ctx.startedAt);
    ctx.outcome = 'blocked';
    return reject(ctx, 'DG_ERR_BLOCKED', account.override?.reason ?? enforced.reason);
  }
  // A pending challenge refuses the session; a challenge rule challenges as for a request.
  const challenging = challenged
    ? CHALLENGE_PENDING
    : enforced.action === 'challenge' && !isVerified(account, challenge)
      ? enforced
      : undefined;
  if (challenging !== undefined) {
    if (challenging === CHALLENGE_PENDING) ctx.policy = { ...outcome, enforced: challenging };
    else deps.challenges.challenge(account.id, ctx.startedAt + challenge.durationMs);
    ctx.outcome = 'challenged';
    return reject(
      ctx,
      'DG_ERR_VERIFICATION_REQUIRED',
      challenging.reason,
      challenge.url === undefined ? {} : { verificationUrl: challenge.url },
    );
  }
  // The limits, as for a request: a session is one request and holds a stream slot till it closes.
  const spending = limitsStage(deps, config, ctx, outcome, account, facts);
  if (spending !== undefined) {
    const verdict = spending instanceof Promise ? await spending : spending;
    const refused = holdAdmission(ctx, outcome, verdict);
    if (refused !== undefined) return reject(ctx, refused.code, refused.detail, refused.options);
    // Gone while a shared store answered: the close handler has run, so give the slot back here.
    if (clientGone(ctx)) return releaseAdmission(deps, ctx);
  }

  req.headers = websocketHeaders(ctx, inspected.value.connectionTokens, facts.meteredSession);
  ctx.upstreamStart = deps.clock.mono();
  // A session is a stream: a block of the account later ends it (OpenStreams.cut).
  deps.streams.add(ctx);
  const proxy = await proxyServer();
  proxy.ws(
    req,
    socket,
    head,
    { target: config.upstream.origin + config.upstream.basePath },
    (error) => {
      // The meter ended the session (its close frame is on its way): not an upstream failure.
      if (ctx.outcome === 'cut') return;
      ctx.outcome = 'upstream_error';
      ctx.error = 'DG_ERR_UPSTREAM_UNAVAILABLE';
      ctx.detail = ((error as { code?: string }).code ?? 'error').toLowerCase();
      socket.destroy();
    },
  );
}

/**
 * Refuses an upgrade. The response object here is ours, not the HTTP server's, so nothing else
 * would close the socket: end it once the reply is flushed (which also releases the request's
 * concurrency slot and writes its record).
 */
function reject(
  ctx: RequestContext,
  code: ErrorCode,
  detail: string,
  options: Omit<ReplyOptions, 'close'> = {},
): void {
  ctx.outcome ??= 'rejected';
  sendError(ctx, code, detail, { ...options, close: true });
  ctx.req.socket.destroySoon();
}

/**
 * The sanitised upgrade headers, plus the two hop-by-hop headers an upgrade needs. A metered
 * session offers no extensions upstream: a compressed (permessage-deflate) answer's usage could
 * not be read, and a client must cope with an offer declined.
 */
function websocketHeaders(
  ctx: RequestContext,
  connectionTokens: readonly string[],
  metered: boolean | undefined,
): Record<string, string> {
  const upstream = ctx.config.upstream;
  const flat = upstreamRequestHeaders(ctx.req.rawHeaders, {
    lowerNames: [],
    connectionTokens: connectionTokens.filter((token) => token !== 'upgrade'),
    passCredential: upstream.credentialMode === 'pass_through',
    credential: upstream.credentialHeaders?.[ctx.dialect.name],
    clientIp: ctx.clientIp,
    requestId: ctx.id,
    contentLength: undefined,
    identityEncoding: false,
  });
  const headers: Record<string, string> = Object.create(null) as Record<string, string>;
  for (let i = 0; i < flat.length; i += 2) {
    const name = (flat[i] ?? '').toLowerCase();
    if (metered === true && name === 'sec-websocket-extensions') continue;
    const value = flat[i + 1] ?? '';
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  headers['connection'] = 'Upgrade';
  headers['upgrade'] = 'websocket';
  return headers;
}
