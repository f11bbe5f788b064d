/**
 * The policy stage's use of BlockMemory: what a request is checked against before the rules run
 * (its account, the end user it names, its cluster, its exact-template fingerprints), and what a
 * block rule's `remember` stores when it blocks.
 */
import type { Account } from '../account/account.ts';
import type { Score } from '../detection/score.ts';
import type { Decision } from '../policy/decision.ts';
import type { RequestFacts } from '../signals/request-facts.ts';
import { clusterKey, type BlockMemory } from './block-memory.ts';

const NO_KEYS: readonly number[] = Object.freeze([]);

/** The remembered block that decides this request, if any (an empty memory costs one check). */
export function rememberedBlock(
  blocks: BlockMemory,
  account: Account,
  facts: RequestFacts,
  score: Score,
  now: number,
): Decision | undefined {
  if (blocks.size() === 0) return undefined;
  const signals = facts.signals;
  const content = signals === undefined ? NO_KEYS : [signals.skeleton, signals.head, signals.tail];
  const found = blocks.match(
    account.id,
    endUserKey(account, facts),
    score.cluster?.id,
    content,
    now,
  );
  return found === undefined
    ? undefined
    : { action: 'block', rule: found.rule, reason: `remembered_${found.kind}` };
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
  const remember = decision.remember;
  if (remember === undefined) return;
  if (remember.account > 0)
    blocks.remember('account', account.id, decision.rule, now + remember.account);
  const endUser = endUserKey(account, facts);
  if (remember.endUser > 0 && endUser !== undefined)
    blocks.remember('end_user', endUser, decision.rule, now + remember.endUser);
  const cluster = score.cluster;
  if (cluster === null) return;
  if (remember.cluster > 0)
    blocks.remember('cluster', cluster.id, decision.rule, now + remember.cluster);
  const key = clusterKey(cluster.id);
  if (remember.content > 0 && cluster.flagged && cluster.specific && key !== 0)
    blocks.remember('content', String(key), decision.rule, now + remember.content);
}

/** The end user behind the account a request names (its hash, scoped to the account). */
function endUserKey(account: Account, facts: RequestFacts): string | undefined {
  const endUser = facts.signals?.endUser ?? 0;
  return endUser === 0 ? undefined : `${account.id}\u0000${endUser}`;
}
