/**
 * What the request pipeline runs on (handle-request.ts, and WebSocket upgrades through the
 * stages they share: decision-stages.ts): the config and keys of the moment, the scorer, the
 * stores, the decision log, telemetry and the process's guards. Built once by app.ts.
 */
import type { Dispatcher } from 'undici';
import type { OverrideStore } from '../account/override-store.ts';
import type { JwtVerifier } from '../auth/jwt/jwt-verifier.ts';
import type { KeyStore } from '../auth/key-store.ts';
import type { BlockMemory } from '../block/block-memory.ts';
import type { ChallengeStore } from '../challenge/challenge-store.ts';
import type { RuntimeConfig } from '../config/load-config.ts';
import type { DecisionLog } from '../decision-log/decision-log.ts';
import type { ThinkingVault } from '../degrade/thinking-vault.ts';
import type { Scorer } from '../detection/score.ts';
import type { LimitStore } from '../limits/limit-store.ts';
import type { StoreGate } from '../redis/create-stores.ts';
import type { Metrics } from '../telemetry/metrics.ts';
import type { RequestTelemetry } from '../telemetry/request-telemetry.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';
import type { Inflight } from './inflight.ts';
import type { OpenStreams } from './open-streams.ts';
import type { OverloadGuard } from './overload-guard.ts';
import type { BufferBudget } from './read-body.ts';

export interface PipelineDeps {
  /** The current config snapshot (swapped whole on reload). */
  readonly config: () => RuntimeConfig;
  /** The current upstream connection pool. */
  readonly dispatcher: () => Dispatcher;
  /** The current API keys (reloaded apart from the config). */
  readonly keys: () => KeyStore;
  /** JWT verification, when issuers are configured. */
  readonly jwt: () => JwtVerifier | undefined;
  readonly scorer: Scorer;
  /** Limit buckets and stream slots (in process, or shared through Redis). */
  readonly limits: LimitStore;
  /** Accounts under a verification challenge. */
  readonly challenges: ChallengeStore;
  /** What block rules remember: accounts, clusters, flagged templates. */
  readonly blocks: BlockMemory;
  /** Shared stores in failure mode closed, refusing while Redis is out (none: memory store). */
  readonly storeGate?: StoreGate | undefined;
  /** Each account's open streams (cut when the account is blocked). */
  readonly streams: OpenStreams;
  /** strip_reasoning's withheld Anthropic thinking blocks, put back when clients return them. */
  readonly vault: ThinkingVault;
  /** Overrides set through the admin API (merged with the config's in the account stage). */
  readonly overrides: OverrideStore;
  readonly decisionLog: DecisionLog;
  readonly metrics: Metrics;
  /** Stage timings and spans (a no-op unless telemetry is enabled). */
  readonly telemetry: RequestTelemetry;
  readonly logger: Logger;
  readonly inflight: Inflight;
  readonly buffers: BufferBudget;
  readonly overload: OverloadGuard;
  readonly clock: Clock;
  readonly newRequestId: () => string;
}
