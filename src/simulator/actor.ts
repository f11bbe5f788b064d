/**
 * The simulator's contract: a scenario builds actors; each actor owns a set of accounts (created
 * as real API keys before the run) and drives traffic through the real proxy over HTTP, reacting
 * to what it gets back (a rotating hydra replaces refused accounts, a polite one slows down on
 * 429). Ground truth — which persona, which campaign, distiller or not — lives here and never
 * reaches the proxy: the report joins it to the decision log by request id afterwards.
 */
import type { Rng } from './rng.ts';

export type Role = 'legitimate' | 'distiller';

/** An account the simulator registers as an API key before the run. */
export interface SimAccountSpec {
  /** Account id, unique within the scenario (e.g. `acct_hydra1_0042`). */
  readonly id: string;
  readonly org?: string;
  /** A tier configured in the simulator's proxy config (config/simulate.yaml). */
  readonly tier: string;
  /** Age of the account when the scenario starts, in days (fractional allowed). */
  readonly ageDays: number;
  readonly verified: boolean;
  /** Onboarding programme: education, research, startup… */
  readonly programme?: string;
  /** Declared use: eval, batch… */
  readonly declaredUse?: string;
  readonly labels?: readonly string[];
}

/** One request an actor sends. The runner adds the credential and the content type. */
export interface SimRequest {
  readonly dialect: 'anthropic' | 'openai';
  /** Anthropic: a /v1/messages body; OpenAI: a /v1/chat/completions body. */
  readonly body: Record<string, unknown>;
  readonly userAgent: string;
  /** Extra headers, sent in this order after the user agent (they shape the client fingerprint). */
  readonly headers?: readonly (readonly [string, string])[];
  /** The client address, sent as X-Forwarded-For (the simulator's proxy trusts loopback). */
  readonly clientIp: string;
  /**
   * Ground truth, never sent: a distiller's request that harvests nothing (ordinary chat it
   * mixes in to dilute its shares). The report reads a campaign's harvest apart from its cover.
   * Where a helper builds the request from a body alone, `asCover(body)` marks it instead
   * (cover.ts; the runner reads both through isCoverRequest).
   */
  readonly cover?: boolean;
}

export interface SimResponse {
  /** HTTP status; 0 when the request failed at the transport level. */
  readonly status: number;
  /** Output tokens the response reported (0 when refused or unknown). */
  readonly outputTokens: number;
  /** The proxy's x-request-id. */
  readonly requestId: string | undefined;
  /** Retry-After in ms, when the response carried one. */
  readonly retryAfterMs: number | undefined;
}

export interface ActorContext {
  /** Seeded: the same seed gives the same choices (timing still varies with the machine). */
  readonly rng: Rng;
  /** Milliseconds since the scenario started. */
  now(): number;
  /** Scenario length in ms; actors stop sending when `stopped()` turns true. */
  readonly duration: number;
  stopped(): boolean;
  /** Resolves after `ms`, or at once when the scenario ends. */
  sleep(ms: number): Promise<void>;
  /** Sends one request as `account` (one of the actor's own accounts) and waits for its end. */
  send(account: string, request: SimRequest): Promise<SimResponse>;
  /** Milliseconds since the scenario start at which `model` is released (see Scenario.models). */
  releasedAt(model: string): number;
}

export interface Actor {
  /** Instance name, unique in the scenario: `hydra-200`, `chat-users`… */
  readonly name: string;
  /** Persona kind: `chat`, `eval-harness`, `hydra`, `cot-harvester`… */
  readonly persona: string;
  readonly role: Role;
  /** Distillers: the campaign this actor belongs to (actors of one campaign share it). */
  readonly campaign?: string;
  /** Every account the actor may use, including reserves it switches to later. */
  readonly accounts: readonly SimAccountSpec[];
  /**
   * Accounts of other actors this actor sends through (a distiller blended into a reseller's
   * key). Requests are attributed to the actor that sent them, not to the account's owner.
   */
  readonly borrows?: readonly string[];
  run(ctx: ActorContext): Promise<void>;
}

export interface SimModel {
  readonly name: string;
  /** Largest max_tokens the model accepts. */
  readonly maxOutputTokens: number;
  /** Release, in ms relative to the scenario start (negative: released before it). */
  readonly releasedAt: number;
}

export interface ScenarioOptions {
  /** Scenario length in ms. */
  readonly duration: number;
  /** Multiplies account counts and rates (1 = the scenario's nominal size). */
  readonly scale: number;
}

export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly models: readonly SimModel[];
  build(rng: Rng, options: ScenarioOptions): Actor[];
}
