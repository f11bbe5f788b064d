/**
 * Per-request state threaded through the pipeline. Each stage fills in its output (route, key,
 * account, facts, score, policy outcome); the forward stage fills in the response side (status,
 * usage, timings). The record stage turns it into exactly one decision record when the response
 * closes. A class with every field initialised keeps one hidden class for all requests.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Account } from '../account/account.ts';
import type { RuntimeConfig } from '../config/load-config.ts';
import { ZERO_SCORE, type Observed, type Score } from '../detection/score.ts';
import type { Dialect, Usage } from '../dialects/dialect.ts';
import { openai } from '../dialects/openai.ts';
import type { Route } from '../dialects/routes.ts';
import type { Outcome } from '../decision-log/record.ts';
import type { DecoyState } from '../degrade/decoy-match.ts';
import { cachedIpPrefix } from '../net/ip.ts';
import type { RateLimitHeaders, Reservation } from '../limits/admit-limits.ts';
import type { PolicyOutcome } from '../policy/decision.ts';
import type { RequestFacts } from '../signals/request-facts.ts';
import type { Clock } from '../util/clock.ts';
import type { ErrorCode } from './error-codes.ts';

export class RequestContext {
  readonly id: string;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** The config snapshot this request runs under, fixed at arrival. */
  readonly config: RuntimeConfig;
  /** Wall-clock arrival (ms since epoch) and monotonic arrival (performance.now ms). */
  readonly startedAt: number;
  readonly startedMono: number;

  clientIp = '';
  /** The client's IP prefix, computed once (signals, limits and the record all need it). */
  private prefix: string | undefined = undefined;
  path = '';
  query = '';
  route: Route | undefined = undefined;
  /** The dialect errors are shaped in; openai until the route says otherwise. */
  dialect: Dialect = openai;
  account: Account | undefined = undefined;
  facts: RequestFacts | undefined = undefined;
  score: Score = ZERO_SCORE;
  /** What detection's `observe` kept of this forwarded request, handed back at its `settle`. */
  observed: Observed = undefined;
  policy: PolicyOutcome | undefined = undefined;
  /** The escalation count when it was decided (recheck-in-flight.ts): its answer looks again if it grew. */
  escalations = 0;
  bytesIn = 0;
  /**
   * Degradations applied (for the notice header and the record), and whether the response's
   * reasoning is stripped; null when the request is not degraded.
   */
  degraded: readonly string[] | null = null;
  stripReasoning = false;
  /** Decoy tools injected into this request, and the calls to them intercepted; null: none. */
  decoys: DecoyState | null = null;
  /** The account whose decoy name this request carried (see decoy-scan.ts); null: none. */
  decoySeen: string | null = null;
  /** A throttle rule's stream pacing, output tokens a second (0: none). */
  paceTokensPerSecond = 0;
  /** RateLimit-Policy and RateLimit values for the answer, when limits applied. */
  rateLimitHeaders: RateLimitHeaders | null = null;
  /** Token reservations and stream slots held against limits until the response ends. */
  reservation: Reservation | null = null;
  /**
   * When each pipeline stage ended (monotonic ms, by STAGE index), for stage metrics and spans;
   * null while telemetry is disabled, so marking costs one null check.
   */
  marks: Float64Array | null = null;
  /** Index in the in-flight list while admitted (-1 otherwise). */
  inflightSlot = -1;
  /** Bytes of this request's body held against the process-wide buffer budget. */
  reservedBytes = 0;

  // Response side.
  error: ErrorCode | undefined = undefined;
  detail: string | undefined = undefined;
  /** Set when the proxy ends the exchange itself (reject, block, upstream error, cut). */
  outcome: Outcome | undefined = undefined;
  readonly usage: Usage = { inputTokens: undefined, outputTokens: undefined, complete: false };
  bytesOut = 0;
  upstreamStart = 0;
  upstreamHeaders = 0;
  upstreamEnd = 0;
  /** For WebSocket upgrades: the status the upstream answered the upgrade with (101 on success). */
  upgradeStatus: number | undefined = undefined;
  /**
   * An SSE response is open (headers sent, not ended): a failure or the drain deadline ends it
   * with the dialect's error event. Plain data only: see ForwardHandler on why no per-request
   * closures or undici objects are stored here.
   */
  sseOpen = false;
  /**
   * An SSE response began and the upstream's stream did not reach its end (the client left, the
   * upstream failed, the proxy cut it): the usage it reported so far is not the answer's usage
   * (an Anthropic message_start says output_tokens: 1; OpenAI's usage comes last), so its output
   * is settled from what its events carried (streamedTokens, settleLimits).
   */
  streamUnfinished = false;
  /**
   * Output tokens an SSE response's events amounted to, counted as they arrive from the upstream
   * (their text ÷ 4, at least one an event with data: estimateTokens): an unfinished stream's
   * output. Events, not bytes: each event's JSON framing is ~30 times a one-word delta's text.
   */
  streamedTokens = 0;
  /**
   * `usage.outputTokens` is the estimate of an unfinished stream (unfinishedStreamOutput), set at
   * record time, not what the upstream reported: detection settles it and the record logs it with
   * `tokens_out_estimated`.
   */
  tokensOutEstimated = false;

  constructor(
    id: string,
    req: IncomingMessage,
    res: ServerResponse,
    config: RuntimeConfig,
    startedAt: number,
    startedMono: number,
  ) {
    this.id = id;
    this.req = req;
    this.res = res;
    this.config = config;
    this.startedAt = startedAt;
    this.startedMono = startedMono;
  }
  /** Notes the end of a stage (telemetry on only). */
  mark(stage: number, clock: Clock): void {
    if (this.marks !== null) this.marks[stage] = clock.mono();
  }

  /** The client IP's prefix (detection's v4/v6 widths), once `clientIp` is final. */
  ipPrefix(): string {
    if (this.prefix === undefined) {
      const detection = this.config.detection;
      this.prefix = cachedIpPrefix(
        this.clientIp,
        detection.client_ip_prefix_v4,
        detection.client_ip_prefix_v6,
      );
    }
    return this.prefix;
  }
}
