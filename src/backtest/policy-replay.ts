/**
 * Replays logged requests through one config's policy stage and act stage, as the pipeline runs
 * them (src/pipeline/handle-request.ts, decision-stages.ts): the overrides, what earlier blocks
 * remembered, the rules (with shadow and rollout exactly: a rollout is a pure hash of account and
 * rule), then the act stage's state — remembered blocks, challenges and limits — in the real
 * in-memory stores, over the log's own timeline. Limits spend at each request's start and settle
 * from its logged usage when it would have ended. The state starts empty at the first record.
 */
import type { Account } from '../account/account.ts';
import { MemoryBlockMemory } from '../block/block-memory.ts';
import {
  endUserKey,
  guardedAccount,
  matchRemembered,
  rememberKeys,
  type BlockKeys,
} from '../block/remember-blocks.ts';
import { clusterKey } from '../block/block-memory.ts';
import { isVerified, MemoryChallengeStore } from '../challenge/challenge-store.ts';
import type { RuntimeConfig } from '../config/load-config.ts';
import type { ReplayRecord } from './replay-record.ts';
import type { DegradeSettings } from '../degrade/degrade-request.ts';
import { admitLimits } from '../limits/admit-limits.ts';
import { refusedDecision, shadowAfterLimits } from '../limits/limit-refusals.ts';
import { settleLimits } from '../limits/settle-limits.ts';
import { MemoryLimitStore } from '../limits/limit-store.ts';
import { CHALLENGE_PENDING, type Decision, type ShadowDecision } from '../policy/decision.ts';
import { evaluatePolicy } from '../policy/evaluate-policy.ts';
import type { ActionName } from '../review/action-counts.ts';
import { accountOf, factsOf, Rescorer } from './replay-inputs.ts';
import { isWebsocketRouteId } from '../dialects/routes.ts';
import { SettleQueue } from './settle-queue.ts';

const NO_CONTENT: readonly number[] = Object.freeze([]);

/** What a config would have done with one logged request. */
export interface Replayed {
  readonly action: ActionName;
  readonly rule: string | null;
  readonly reason: string;
  /**
   * What it would have done beside that (the record's `shadow`): a shadowed rule that matched, a
   * staged throttle's or a shadow limit's 429 (isLimitRefusal); null when nothing was shadowed.
   */
  readonly shadow: ShadowDecision | null;
  /** Refused before the upstream: a block, a challenge's 403, a limit's 429. */
  readonly refused: boolean;
  readonly degrade: DegradeSettings | undefined;
  /** The score the rules saw (recombined under this config's weights). */
  readonly score: number;
}

export class PolicyReplay {
  private readonly config: RuntimeConfig;
  private readonly rescorer: Rescorer;
  private readonly limits: MemoryLimitStore;
  private readonly blocks: MemoryBlockMemory;
  private readonly challenges: MemoryChallengeStore;
  private readonly pending = new SettleQueue();

  constructor(config: RuntimeConfig) {
    this.config = config;
    this.rescorer = new Rescorer(config.detection.weights);
    this.limits = new MemoryLimitStore(config.policy.limits.maxKeys);
    this.blocks = new MemoryBlockMemory(config.policy.maxRememberedBlocks);
    this.challenges = new MemoryChallengeStore(config.policy.challenge.maxAccounts);
  }

  /** Requests in flight (reservations not yet settled). */
  get inFlight(): number {
    return this.pending.size;
  }

  replay(record: ReplayRecord): Replayed {
    const now = record.time;
    this.pending.drain(now, (item) =>
      settleLimits(this.limits, item.reservation, item.usage, item.served, item.at),
    );
    const { policy, accounts } = this.config;
    const challenge = policy.challenge;
    let account = accountOf(record, accounts, undefined);
    const challenged =
      this.challenges.isChallenged(account.id, now) && !isVerified(account, challenge);
    if (challenged && challenge.tier !== undefined) account = { ...account, tier: challenge.tier };
    const facts = factsOf(record, this.config.routes);
    const score = this.rescorer.score(record);
    const keys = keysOf(record, account);
    const remembered =
      account.override?.action === 'allow' ? undefined : matchRemembered(this.blocks, keys, now);
    // What an earlier block remembered decides alone (the pipeline logs no shadow beside it).
    const { enforced, shadow: shadowed } =
      remembered === undefined
        ? evaluatePolicy(policy, account, facts, score)
        : { enforced: remembered, shadow: null };

    if (enforced.action === 'block') {
      rememberKeys(this.blocks, enforced, keys, now);
      return result(enforced, shadowed, true, score.value);
    }
    // An upgrade gets no session while its account's challenge is pending (websocket.ts).
    if (challenged && isWebsocketRouteId(record.route))
      return result(CHALLENGE_PENDING, shadowed, true, score.value);
    if (enforced.action === 'challenge' && !challenged && !isVerified(account, challenge)) {
      this.challenges.challenge(account.id, now + challenge.durationMs);
      return result(enforced, shadowed, true, score.value);
    }
    const throttle = enforced.action === 'throttle' ? enforced : undefined;
    // A shadowed throttle rule's limits spend as shadow limits, as in the pipeline.
    const staged = shadowed?.action === 'throttle' ? shadowed : undefined;
    let shadow = shadowed;
    if (policy.limits.always.length > 0 || throttle !== undefined || staged !== undefined) {
      const verdict = admitLimits(
        policy.limits,
        this.limits,
        {
          account,
          facts,
          score,
          ipPrefix: record.client_ip_prefix,
          harvestShape: record.harvest_shape ?? 0,
        },
        now,
        throttle,
        staged,
      );
      // The replay's limits are a MemoryLimitStore: its answers are never promises.
      if (verdict instanceof Promise) throw new Error('backtest: limits answered asynchronously');
      // (A memory store is never unavailable: only a shared store's closed failure mode is.)
      if (!verdict.ok && verdict.unavailable !== true)
        return result(refusedDecision(enforced, verdict.refusal), shadowed, true, score.value);
      if (!verdict.ok) throw new Error('backtest: limits unavailable');
      if (verdict.reservation !== null)
        this.pending.push({
          // Older writers logged a non-finite latency as null.
          at: now + (Number.isFinite(record.latency_ms.total) ? record.latency_ms.total : 0),
          reservation: verdict.reservation,
          usage: {
            inputTokens: record.tokens_in ?? undefined,
            outputTokens: record.tokens_out ?? undefined,
          },
          served: servedInLog(record),
        });
      shadow = shadowAfterLimits(shadowed, staged, verdict.shadow);
    }
    return result(enforced, shadow, false, score.value);
  }
}

/** The upstream answered with headers and a status below 400 (the pipeline's `served`). */
export function servedInLog(record: ReplayRecord): boolean {
  return record.latency_ms.upstream_ttfb !== null && record.status < 400;
}

/**
 * The block keys of a logged request: its account, its end user and its template fingerprints
 * (v5). Before v5, the content is approximated by the request's cluster's forming fingerprint
 * when the link is an exact template (a request carrying a flagged template is usually linked to
 * the cluster that template formed).
 */
function keysOf(record: ReplayRecord, account: Account): BlockKeys {
  const cluster = record.cluster;
  let content = record.templates ?? NO_CONTENT;
  if (record.templates === null && cluster?.specific === true) {
    const key = clusterKey(cluster.id);
    if (key !== 0) content = [key];
  }
  return {
    account: account.id,
    endUser: endUserKey(account.id, record.end_user),
    cluster,
    content,
    guarded: guardedAccount(account),
  };
}

function result(
  decision: Decision,
  shadow: Decision | null,
  refused: boolean,
  score: number,
): Replayed {
  return {
    action: decision.action,
    rule: decision.rule,
    reason: decision.reason,
    shadow:
      shadow === null ? null : { action: shadow.action, rule: shadow.rule, reason: shadow.reason },
    refused,
    degrade: decision.action === 'degrade' ? decision.degrade : undefined,
    score,
  };
}
