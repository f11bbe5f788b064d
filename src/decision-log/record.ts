/**
 * The decision record: one NDJSON line per request, versioned. It carries who (account, org, key
 * id — never a key), what (route, dialect and the request facts), the decision and why (action,
 * mode, rule, reason, score and factors, policy version), and how it ended (status, error code,
 * tokens, latency split). It never carries a raw key, a header value or prompt text; the few
 * client-supplied strings it holds (model name) are length-capped. The README documents it.
 */
import type { Activation, ClusterRef, Factor } from '../detection/score.ts';
import type { Action, Mode, ShadowDecision } from '../policy/decision.ts';

/**
 * 2: adds the account facts (credential, age, verification, programme, declared use, labels);
 * 3: `cluster`; 4: `degraded`; 5: `end_user`, `templates` and `activation`, what a backtest needs
 * to replay remembered end-user and content blocks and to recombine scores under other weights
 * (src/backtest/), and `decoys` (decoy tools injected, intercepted, leaked names seen);
 * 6: `end_user` is a keyed 64-bit pseudonym (16 hex characters), no longer a 32-bit hash anyone
 * could reverse from a list of candidate ids (src/signals/end-user-pseudonym.ts);
 * 7: `tokens_out_estimated`, and `tokens_out` of a stream that did not reach its end upstream is
 * the estimate from the events the upstream sent (the limits' settlement), no longer the partial
 * usage its events reported (an Anthropic message_start's `output_tokens: 1`; OpenAI's none);
 * 8: a 429 answered because a limit or tier budget the enforced throttle rule switched on refused
 * is that rule's (`rule: <the rule>`, `reason: limit:<id>.<dimension>`), no longer
 * `rule: limit:<id>`, `reason: <dimension>` — which now only a limit every request meets writes;
 * 9: `harvest_shape`, the key a tier budget held per cluster spends (limit-scopes.ts,
 * budgetCluster), so a backtest replays those budgets as the proxy spent them.
 */
export const DECISION_RECORD_VERSION = 9;

/** How a request ended, from the proxy's point of view. */
export type Outcome =
  | 'completed'
  | 'rejected'
  | 'blocked'
  | 'throttled'
  | 'challenged'
  | 'client_aborted'
  | 'upstream_error'
  | 'cut';

export interface DecisionRecord {
  readonly v: typeof DECISION_RECORD_VERSION;
  /** Request start, ISO 8601 with milliseconds. */
  readonly ts: string;
  readonly request_id: string;
  readonly account: string | null;
  readonly org: string | null;
  readonly tier: string | null;
  readonly key_id: string | null;
  /** How the caller authenticated. */
  readonly credential: 'api_key' | 'jwt' | null;
  /** Whole days since the account was created (null when unknown). */
  readonly account_age_days: number | null;
  readonly verified: boolean | null;
  readonly programme: string | null;
  readonly declared_use: string | null;
  readonly labels: readonly string[];
  readonly client_ip_prefix: string;
  readonly method: string;
  readonly route: string | null;
  readonly dialect: string | null;
  readonly model: string | null;
  readonly stream: boolean | null;
  readonly max_tokens: number | null;
  readonly messages: number | null;
  readonly tools: number | null;
  readonly thinking: boolean | null;
  readonly choices: number | null;
  /**
   * The end user the request names (OpenAI `user` / `safety_identifier`, Anthropic
   * `metadata.user_id`) as its keyed pseudonym — HMAC-SHA-256 under the deployment's key, 16 hex
   * characters — the key `remember.end_user` blocks by (v6; v5 logged an unkeyed 32-bit hash,
   * read back as its decimal string); null when none or not read. Never the id itself.
   */
  readonly end_user: string | null;
  /**
   * The request's exact-template fingerprints — skeleton, head, tail; 0 where absent — the keys
   * `remember.content` blocks by (v5); null when the body was not read. Hashes, never text: the
   * same values `cl_…` cluster ids are made of.
   */
  readonly templates: readonly [number, number, number] | null;
  /**
   * The request's harvest shape (v9): the fingerprint of its generation settings — route, model,
   * max_tokens, n, thinking budget, capability tags — on a request with a harvesting parameter
   * (0 when it has none); the cluster bucket a per-cluster tier budget spends is that shape's
   * (`cl_e…`). Null when the body was not read. A hash, never text.
   */
  readonly harvest_shape: number | null;
  readonly bytes_in: number;
  /** `reject` when the request was refused before policy ran (framing, auth, limits). */
  readonly action: Action | 'reject';
  readonly mode: Mode;
  readonly rule: string | null;
  readonly reason: string;
  /** What a shadowed rule would have done instead; null when nothing was shadowed. */
  readonly shadow: ShadowDecision | null;
  readonly policy_version: string | null;
  readonly score: number;
  readonly factors: readonly Factor[];
  readonly families: readonly string[];
  /** Per-family activation the score combined (v5); null when nothing was scored. */
  readonly activation: Activation | null;
  /** The request's strongest cluster link (v3); null when none. */
  readonly cluster: ClusterRef | null;
  /** The degradations applied to the request and its response (v4); null when not degraded. */
  readonly degraded: readonly string[] | null;
  /**
   * Decoy tools (v5): how many were injected, how many calls to them were intercepted, and the
   * account whose decoy name the request itself carried (a leak); null when none of these.
   */
  readonly decoys: DecoyRecord | null;
  readonly status: number;
  /** The DG_ERR_* code sent to the client (or in a stream's error event); null on success. */
  readonly error: string | null;
  /** The precise cause behind `error` (e.g. `unknown_key`, `econnrefused`); never secret. */
  readonly detail: string | null;
  readonly outcome: Outcome;
  readonly tokens_in: number | null;
  readonly tokens_out: number | null;
  /**
   * `tokens_out` is an estimate (v7): the stream did not reach its end upstream (the client left,
   * the upstream failed, the proxy cut it) before its final usage event, so it is what the events
   * the upstream sent carried (estimateTokens: their text, at least a token an event with data),
   * at most what the model may write, at least what its events reported. False when it is the
   * usage the upstream reported (or null: none reported).
   */
  readonly tokens_out_estimated: boolean;
  readonly bytes_out: number;
  readonly latency_ms: {
    readonly total: number;
    /** Time spent in distillguard itself: total minus the upstream's share. */
    readonly proxy: number;
    /** From dispatch to the upstream's last byte (0 when never forwarded). */
    readonly upstream: number;
    /** From dispatch to the upstream's response headers (null when none arrived). */
    readonly upstream_ttfb: number | null;
  };
}

export interface DecoyRecord {
  readonly injected: number;
  readonly intercepted: number;
  readonly seen: string | null;
}

/**
 * The `detail` of a block the in-flight re-check made after the request was forwarded
 * (pipeline/recheck-in-flight.ts): the answer withheld whole, or its stream ended early.
 */
export const WITHHELD_IN_FLIGHT = 'withheld_in_flight';
export const CUT_IN_FLIGHT = 'cut_in_flight';

/** Whether a record is such a block: what review, backtest and the demo count. */
export function stoppedInFlight(detail: string | null): boolean {
  return detail === WITHHELD_IN_FLIGHT || detail === CUT_IN_FLIGHT;
}

const MAX_CLIENT_STRING = 128;

/** Caps a client-supplied string so a hostile value cannot bloat the log. */
export function capString(value: string | undefined): string | null {
  if (value === undefined) return null;
  return value.length > MAX_CLIENT_STRING ? `${value.slice(0, MAX_CLIENT_STRING)}…` : value;
}

/** Milliseconds rounded to microseconds: enough precision, short lines. */
export function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
