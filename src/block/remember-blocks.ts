/**
 * The policy stage's use of BlockMemory: what a request is checked against before the rules run
 * (its account, the end user it names, its cluster, its exact-template fingerprints), and what a
 * block rule's `remember` stores when it blocks. Both work on a request's BlockKeys, so a backtest
 * can replay them from logged records (src/backtest/), where the keys come from the record.
 */
import type { Account } from '../account/account.ts';
import type { ClusterRef, Score, Scorer } from '../detection/score.ts';
import type { Decision } from '../policy/decision.ts';
import type { RequestFacts } from '../signals/request-facts.ts';
import { clusterKey, type BlockMemory } from './block-memory.ts';

const NO_KEYS: readonly number[] = Object.freeze([]);

/** What a request can be remembered and recognised by. */
export interface BlockKeys {
  readonly account: string;
  /** The end user it names, scoped to the account; undefined when none. */
  readonly endUser: string | undefined;
  readonly cluster: ClusterRef | null;
  /** Its exact-template fingerprints (skeleton, head, tail). */
  readonly content: readonly number[];
  /**
   * The account is verified or has a declared use (guardedAccount): what was remembered of other
   * accounts — a cluster, a template — does not decide for it; the rules do.
   */
  readonly guarded: boolean;
}

/**
 * The remembered block that decides this request, if any (an empty memory costs one check).
 * A template the scorer finds common phrasing now (Scorer.isCommonPhrase) is not matched:
 * remembered as a campaign's content while the campaign seemed its only sender, it no longer
 * stands in for the rules once established customers turn out to write it too.
 */
export function rememberedBlock(
  blocks: BlockMemory,
  account: Account,
  facts: RequestFacts,
  score: Score,
  now: number,
  scorer?: Scorer,
): Decision | undefined {
  if (blocks.size() === 0) return undefined;
  return matchRemembered(blocks, withoutCommon(blockKeys(account, facts, score), scorer), now);
}

/** `keys` without the templates the scorer finds common phrasing now (no copy when none is). */
function withoutCommon(keys: BlockKeys, scorer: Scorer | undefined): BlockKeys {
  if (scorer?.isCommonPhrase === undefined) return keys;
  for (const key of keys.content)
    if (scorer.isCommonPhrase(key))
      return {
        ...keys,
        content: keys.content.filter((other) => scorer.isCommonPhrase?.(other) !== true),
      };
  return keys;
}

/**
 * A block rule's `remember`: its account, the end user it named, its cluster, its flagged
 * cluster's exact template — each for the rule's duration (0: not remembered).
 */
export function rememberBlock(
  blocks: BlockMemory,
  decision: Extract<Decision, { action: 'block' }>,
  account: Account,
  facts: RequestFacts,
  score: Score,
  now: number,
): void {
  if (decision.remember !== undefined)
    rememberKeys(blocks, decision, blockKeys(account, facts, score), now);
}

export function blockKeys(account: Account, facts: RequestFacts, score: Score): BlockKeys {
  const signals = facts.signals;
  return {
    account: account.id,
    endUser: endUserKey(account.id, signals?.endUserPseudonym ?? null),
    cluster: score.cluster,
    content: signals === undefined ? NO_KEYS : [signals.skeleton, signals.head, signals.tail],
    guarded: guardedAccount(account),
  };
}

/**
 * Accounts the shipped policy's guardrails protect (THREATS.md): a declared-use account is
 * observed (throttled when unverified and its own request scores high from two families:
 * declared-use-unverified-throttle), and a verified one is observed unless its own request passes
 * a rule placed before the verified cap (hydra-template: a flagged template at a high score with two families).
 * A remembered cluster or template stands in for that judgement on accounts that rotate — made-up
 * ones, each sending a template a few times — and is matched before any rule runs, so on these
 * accounts it would skip the guardrails: twelve people sending one short follow-up that a hydra
 * block remembered were refused, verified ones among them. For them the rules decide instead;
 * what was remembered of the account itself (or of its end user) still applies.
 */
export function guardedAccount(account: Account): boolean {
  return account.verified || account.declaredUse !== undefined;
}

export function matchRemembered(
  blocks: BlockMemory,
  keys: BlockKeys,
  now: number,
): Decision | undefined {
  if (blocks.size() === 0) return undefined;
  const found = keys.guarded
    ? blocks.match(keys.account, keys.endUser, undefined, NO_KEYS, now)
    : blocks.match(keys.account, keys.endUser, keys.cluster?.id, keys.content, now);
  return found === undefined
    ? undefined
    : { action: 'block', rule: found.rule, reason: `remembered_${found.kind}` };
}

export function rememberKeys(
  blocks: BlockMemory,
  decision: Extract<Decision, { action: 'block' }>,
  keys: BlockKeys,
  now: number,
): void {
  const remember = decision.remember;
  if (remember === undefined) return;
  if (remember.account > 0)
    blocks.remember('account', keys.account, decision.rule, now + remember.account);
  if (remember.endUser > 0 && keys.endUser !== undefined)
    blocks.remember('end_user', keys.endUser, decision.rule, now + remember.endUser);
  const cluster = keys.cluster;
  if (cluster === null) return;
  if (remember.cluster > 0)
    blocks.remember('cluster', cluster.id, decision.rule, now + remember.cluster);
  const key = clusterKey(cluster.id);
  if (remember.content > 0 && cluster.flagged && cluster.specific && key !== 0)
    blocks.remember('content', String(key), decision.rule, now + remember.content);
}

/** The end user behind the account a request names (its pseudonym, scoped to the account). */
export function endUserKey(account: string, endUser: string | null): string | undefined {
  return endUser === null ? undefined : `${account}\u0000${endUser}`;
}
