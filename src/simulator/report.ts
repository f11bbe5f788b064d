/**
 * The evaluation of a simulation run: a pure function of what was sent (with its ground truth)
 * and what the proxy logged. An account is *actioned* when any of its requests met a
 * user-visible action — a decision whose action is neither `allow` nor `observe` in enforce
 * mode, or a 403/429 answered by a policy rule. The same numbers are computed for what shadowed
 * rules would have done. Definitions are in the README's "Simulator" section.
 */
import type { DecisionRecord } from '../decision-log/record.ts';
import { isLimitRefusal } from '../policy/decision.ts';
import type { GroundTruth, SendRecord } from './ground-truth.ts';

/** The fields of a decision record the report reads (tests build these by hand). */
export type ReportRecord = Pick<
  DecisionRecord,
  | 'request_id'
  | 'account'
  | 'action'
  | 'mode'
  | 'rule'
  | 'shadow'
  | 'status'
  | 'factors'
  | 'families'
>;

export interface ReportInput {
  readonly sends: readonly SendRecord[];
  readonly records: readonly ReportRecord[];
  readonly truth: GroundTruth;
}

export interface Confusion {
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly tn: number;
  /** null when nothing was predicted positive. */
  readonly precision: number | null;
  /** null when there are no positives. */
  readonly recall: number | null;
}

export interface FirstAction {
  readonly accounts: number;
  readonly missed: number;
  /** Requests an account sent before its first actioned one; null when the quantile is a miss. */
  readonly medianRequests: number | null;
  readonly p90Requests: number | null;
  /** Seconds from an account's first request to its first actioned one. */
  readonly medianSeconds: number | null;
  readonly p90Seconds: number | null;
}

export interface ActorResult {
  readonly name: string;
  readonly persona: string;
  readonly role: 'legitimate' | 'distiller';
  readonly campaign: string | null;
  readonly activeAccounts: number;
  readonly actionedAccounts: number;
  /** Actioned ÷ active accounts it owns (null when it owns none that sent, e.g. a blended cluster). */
  readonly actionedShare: number | null;
  /** Distillers: at least 95% of its active accounts actioned. */
  readonly caught: boolean | null;
  readonly requests: number;
  readonly actionedRequests: number;
  readonly firstAction: FirstAction | null;
}

export interface CampaignResult {
  readonly campaign: string;
  readonly servedRequests: number;
  readonly servedTokens: number;
  readonly refusedRequests: number;
  /** served ÷ (served + refused × mean tokens per served request); null without traffic. */
  readonly servedShare: number | null;
  /**
   * The tokens of requests served before their account's first action (the target's own words),
   * and their share of the same whole: what `servedShare` leaves out is what was served after an
   * action — degraded, or admitted within a throttle's budget.
   */
  readonly servedBeforeActionTokens: number;
  readonly servedBeforeActionShare: number | null;
  /**
   * Of those, the tokens served on an account's first request in the run, and their share of the
   * same whole: a request of an account with no earlier one to score, which THREATS.md's
   * two-family guardrail leaves to cluster links alone — how much of "before action" is a fresh
   * account's cold start rather than late detection.
   */
  readonly servedOnFirstRequestTokens: number;
  readonly servedOnFirstRequestShare: number | null;
  /** Requests its actors marked as cover (SimRequest.cover): ordinary chat that harvests nothing. */
  readonly coverRequests: number;
  /**
   * The two shares over its harvest alone (cover requests left out), for a campaign that mixes
   * cover in: what it got of what it came for. The same as the shares above without cover. The
   * target is read on the shares above, cover included (its output is the campaign's output).
   */
  readonly harvestServedShare: number | null;
  readonly harvestServedBeforeActionShare: number | null;
}

export interface PersonaResult {
  readonly persona: string;
  readonly role: 'legitimate' | 'distiller';
  readonly activeAccounts: number;
  readonly actionedAccounts: number;
  readonly actionedShare: number | null;
  /** Distiller personas only. */
  readonly firstAction: FirstAction | null;
}

export interface Evaluation {
  readonly accounts: Confusion;
  readonly requests: Confusion;
  readonly actors: readonly ActorResult[];
  readonly personas: readonly PersonaResult[];
  readonly firstAction: FirstAction;
  readonly campaigns: readonly CampaignResult[];
  readonly legitimate: {
    readonly activeAccounts: number;
    readonly actionedAccounts: number;
    readonly actionedShare: number | null;
    readonly declaredUseActioned: number;
    /** The legitimate accounts actioned (simulated ids), to look their decisions up in the log. */
    readonly actionedIds: readonly string[];
  };
  /**
   * Of the actioned accounts, those that met more than a throttle's budget they stayed within: a
   * request refused (403, 429, a challenge) or degraded. A served throttle's only trace is its
   * RateLimit headers, so this is the stricter reading of "user-visible" for legitimate accounts
   * and the stricter reading of recall for distillers; the targets use the wider one (actioned).
   */
  readonly felt: { readonly distillerAccounts: number; readonly legitimateAccounts: number };
  readonly factors: readonly { readonly name: string; readonly count: number }[];
  readonly families: readonly { readonly name: string; readonly count: number }[];
}

export interface TargetResult {
  readonly target: string;
  readonly value: string;
  readonly pass: boolean;
}

export interface Report {
  readonly requests: number;
  /** Sends without a decision record (transport failures, or a log that lost lines). */
  readonly unmatched: number;
  /** Requests per HTTP status the simulator saw (0: transport failure). */
  readonly statuses: Readonly<Record<string, number>>;
  readonly enforced: Evaluation;
  /** What enforce plus every shadowed rule would have done. */
  readonly shadow: Evaluation;
  readonly targets: readonly TargetResult[];
  readonly shadowTargets: readonly TargetResult[];
}

/** What a request met under one reading of the log. */
interface Effect {
  readonly actioned: boolean;
  /** Not served because of the action (refused, as opposed to degraded). */
  readonly refused: boolean;
  /** Actioned, and more than a throttle's budget the request stayed within (Evaluation.felt). */
  readonly felt: boolean;
}

const NONE: Effect = { actioned: false, refused: false, felt: false };
/** Actions the client does not notice: `observe` only scores and logs. */
const INVISIBLE = new Set(['allow', 'observe', 'reject']);
const REFUSING = new Set(['block', 'challenge']);

export const CAUGHT_SHARE = 0.95;
export const HYDRA_MIN_ACCOUNTS = 20;

/**
 * A record's `action` is always what was enforced: `mode: shadow` only says a shadowed rule (or a
 * shadow limit) would have done something too — under `policy.mode: shadow` the action is
 * `allow`, and beside a staged rule an enforced block is still a block.
 */
function enforcedEffect(record: ReportRecord | undefined, status: number): Effect {
  if (!record) return NONE;
  const policyRefusal = (status === 403 || status === 429) && record.rule !== null;
  const actioned = !INVISIBLE.has(record.action) || policyRefusal;
  const refused = actioned && status !== 200;
  // A challenge served (a verified or already-challenged account gets its answer) is not felt.
  return { actioned, refused, felt: refused || record.action === 'degrade' };
}

/**
 * What enforce plus the shadowed rule would have done. A record's `shadow` is the first shadowed
 * match placed before the enforced rule (evaluate-policy.ts), so where it would have refused or
 * degraded, it would have decided in place of an enforced action the client barely noticed (a
 * throttle served within its budget).
 */
function shadowEffect(record: ReportRecord | undefined, status: number): Effect {
  const enforced = enforcedEffect(record, status);
  if (!record || enforced.refused) return enforced;
  const would = record.shadow;
  if (would === null || INVISIBLE.has(would.action)) return enforced;
  // A shadowed throttle refuses only where a limit would have (else it would have been served).
  const refused = REFUSING.has(would.action) || isLimitRefusal(would);
  return { actioned: true, refused, felt: refused || would.action === 'degrade' || enforced.felt };
}

export function buildReport(input: ReportInput): Report {
  const byId = new Map(input.records.map((record) => [record.request_id, record]));
  const recordOf = (send: SendRecord): ReportRecord | undefined =>
    send.requestId === undefined ? undefined : byId.get(send.requestId);
  const enforced = evaluate(input, recordOf, enforcedEffect);
  const shadow = evaluate(input, recordOf, shadowEffect);
  return {
    requests: input.sends.length,
    unmatched: input.sends.filter((send) => recordOf(send) === undefined).length,
    statuses: Object.fromEntries(
      [...groupBy(input.sends, (send) => String(send.status))].map(([status, sends]) => [
        status,
        sends.length,
      ]),
    ),
    enforced,
    shadow,
    targets: checkTargets(enforced),
    shadowTargets: checkTargets(shadow),
  };
}

interface Judged {
  readonly send: SendRecord;
  readonly effect: Effect;
  readonly record: ReportRecord | undefined;
}

function evaluate(
  input: ReportInput,
  recordOf: (send: SendRecord) => ReportRecord | undefined,
  effectOf: (record: ReportRecord | undefined, status: number) => Effect,
): Evaluation {
  const judged: Judged[] = [...input.sends]
    .sort((a, b) => a.at - b.at)
    .map((send) => {
      const record = recordOf(send);
      return { send, record, effect: effectOf(record, send.status) };
    });
  const owner = new Map(input.truth.accounts.map((account) => [account.id, account]));
  const roleOf = new Map(input.truth.actors.map((actor) => [actor.name, actor.role]));
  const byAccount = groupBy(judged, (item) => item.send.account);
  const accountRole = (id: string) => roleOf.get(owner.get(id)?.owner ?? '') ?? 'legitimate';
  // An account is actioned when a request its owner's side sent was: refusing a blended cluster's
  // harvest inside a reseller's key while the reseller's own traffic flows is the goal, not a
  // false positive against the reseller.
  const accountsWhere = (met: (effect: Effect) => boolean): Set<string> =>
    new Set(
      [...byAccount]
        .filter(([id, items]) =>
          items.some((item) => met(item.effect) && item.send.role === accountRole(id)),
        )
        .map(([id]) => id),
    );
  const actioned = accountsWhere((effect) => effect.actioned);
  const felt = [...accountsWhere((effect) => effect.felt)];
  const accountTruth = [...byAccount.keys()].map((id) => ({
    positive: accountRole(id) === 'distiller',
    predicted: actioned.has(id),
  }));
  const requestTruth = judged.map((item) => ({
    positive: item.send.role === 'distiller',
    predicted: item.effect.actioned,
  }));
  const firstActions = new Map(
    [...byAccount].map(([id, items]) => [id, firstAction(items)] as const),
  );
  const actors = input.truth.actors.map((actor) => {
    const active = actor.accounts.filter((id) => byAccount.has(id));
    const hit = active.filter((id) => actioned.has(id)).length;
    const sent = judged.filter((item) => item.send.actor === actor.name);
    const distiller = actor.role === 'distiller';
    return {
      name: actor.name,
      persona: actor.persona,
      role: actor.role,
      campaign: actor.campaign ?? null,
      activeAccounts: active.length,
      actionedAccounts: hit,
      actionedShare: active.length === 0 ? null : hit / active.length,
      caught: distiller && active.length > 0 ? hit / active.length >= CAUGHT_SHARE : null,
      requests: sent.length,
      actionedRequests: sent.filter((item) => item.effect.actioned).length,
      firstAction: distiller ? summarise(active.map((id) => firstActions.get(id) ?? MISS)) : null,
    };
  });
  const legitimate = [...byAccount.keys()].filter((id) => accountRole(id) === 'legitimate');
  const legitActioned = legitimate.filter((id) => actioned.has(id));
  const actionedRecords = judged.filter((item) => item.effect.actioned).map((item) => item.record);
  return {
    accounts: confusion(accountTruth),
    requests: confusion(requestTruth),
    actors,
    personas: personas(actors, input.truth, byAccount, actioned, firstActions),
    firstAction: summarise(
      [...byAccount.keys()]
        .filter((id) => accountRole(id) === 'distiller')
        .map((id) => firstActions.get(id) ?? MISS),
    ),
    campaigns: campaigns(judged, (item) => item.send.role === accountRole(item.send.account)),
    legitimate: {
      activeAccounts: legitimate.length,
      actionedAccounts: legitActioned.length,
      actionedShare: legitimate.length === 0 ? null : legitActioned.length / legitimate.length,
      declaredUseActioned: legitActioned.filter((id) => owner.get(id)?.declaredUse !== undefined)
        .length,
      actionedIds: legitActioned,
    },
    felt: {
      distillerAccounts: felt.filter((id) => accountRole(id) === 'distiller').length,
      legitimateAccounts: felt.filter((id) => accountRole(id) === 'legitimate').length,
    },
    factors: top(actionedRecords.flatMap((record) => record?.factors.map((f) => f.signal) ?? [])),
    families: top(actionedRecords.flatMap((record) => record?.families ?? [])),
  };
}

interface AccountFirst {
  readonly requests: number;
  readonly seconds: number;
}

const MISS: AccountFirst = { requests: Infinity, seconds: Infinity };

/** Requests and seconds before an account's first actioned request (items in time order). */
function firstAction(items: readonly Judged[]): AccountFirst {
  const index = items.findIndex((item) => item.effect.actioned);
  const first = items[0];
  const hit = items[index];
  if (index < 0 || !first || !hit) return MISS;
  return { requests: index, seconds: (hit.send.at - first.send.at) / 1000 };
}

function summarise(values: readonly AccountFirst[]): FirstAction {
  const requests = values.map((value) => value.requests).sort((a, b) => a - b);
  const seconds = values.map((value) => value.seconds).sort((a, b) => a - b);
  return {
    accounts: values.length,
    missed: requests.filter((value) => value === Infinity).length,
    medianRequests: quantile(requests, 0.5),
    p90Requests: quantile(requests, 0.9),
    medianSeconds: quantile(seconds, 0.5),
    p90Seconds: quantile(seconds, 0.9),
  };
}

/** Nearest-rank quantile of sorted values; null when empty or when it falls on a miss. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const value = sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Infinity;
  return Number.isFinite(value) ? value : null;
}

function confusion(items: readonly { positive: boolean; predicted: boolean }[]): Confusion {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (const { positive, predicted } of items) {
    if (positive && predicted) tp++;
    else if (predicted) fp++;
    else if (positive) fn++;
    else tn++;
  }
  return {
    tp,
    fp,
    fn,
    tn,
    precision: tp + fp === 0 ? null : tp / (tp + fp),
    recall: tp + fn === 0 ? null : tp / (tp + fn),
  };
}

function personas(
  actors: readonly ActorResult[],
  truth: GroundTruth,
  byAccount: ReadonlyMap<string, readonly Judged[]>,
  actioned: ReadonlySet<string>,
  firstActions: ReadonlyMap<string, AccountFirst>,
): PersonaResult[] {
  const names = [...new Set(actors.map((actor) => actor.persona))];
  return names.map((persona) => {
    const owners = truth.actors.filter((actor) => actor.persona === persona);
    const active = owners.flatMap((actor) => actor.accounts).filter((id) => byAccount.has(id));
    const hit = active.filter((id) => actioned.has(id)).length;
    const role = owners[0]?.role ?? 'legitimate';
    return {
      persona,
      role,
      activeAccounts: active.length,
      actionedAccounts: hit,
      actionedShare: active.length === 0 ? null : hit / active.length,
      firstAction:
        role === 'distiller' ? summarise(active.map((id) => firstActions.get(id) ?? MISS)) : null,
    };
  });
}

function campaigns(
  judged: readonly Judged[],
  ownSide: (item: Judged) => boolean,
): CampaignResult[] {
  const distillers = judged.filter((item) => item.send.role === 'distiller');
  const groups = groupBy(distillers, (item) => item.send.campaign ?? item.send.actor);
  return [...groups].map(([campaign, items]) => {
    const all = servedShares(items, ownSide, () => true);
    const harvest = servedShares(items, ownSide, (item) => item.send.cover !== true);
    return {
      campaign,
      servedRequests: all.servedRequests,
      servedTokens: all.servedTokens,
      refusedRequests: all.refusedRequests,
      servedShare: all.servedShare,
      servedBeforeActionTokens: all.beforeTokens,
      servedBeforeActionShare: all.beforeShare,
      servedOnFirstRequestTokens: all.firstTokens,
      servedOnFirstRequestShare: all.firstShare,
      coverRequests: items.length - harvest.requests,
      harvestServedShare: harvest.servedShare,
      harvestServedBeforeActionShare: harvest.beforeShare,
    };
  });
}

/**
 * A campaign's served tokens and shares over the requests `counted` keeps. Accounts' first
 * actions are read from every request of the campaign, counted or not: a block met on a cover
 * request is the account's first action for its harvest too.
 */
function servedShares(
  items: readonly Judged[],
  ownSide: (item: Judged) => boolean,
  counted: (item: Judged) => boolean,
): {
  requests: number;
  servedRequests: number;
  servedTokens: number;
  refusedRequests: number;
  servedShare: number | null;
  beforeTokens: number;
  beforeShare: number | null;
  firstTokens: number;
  firstShare: number | null;
} {
  // A shadow reading refuses what was in fact served: it counts as refused, not served.
  const kept = items.filter(counted);
  const served = kept.filter((item) => item.send.status === 200 && !item.effect.refused);
  const servedTokens = served.reduce((sum, item) => sum + item.send.outputTokens, 0);
  const refused = kept.filter((item) => item.effect.refused).length;
  const mean = served.length === 0 ? 0 : servedTokens / served.length;
  const whole = servedTokens + refused * mean;
  // Items are in time order: a request served while its account had met no action yet (an
  // action served, a degrade, is the action itself, not before it). A request sent through an
  // account of another side (a blended cluster inside a reseller's key) is judged on its own:
  // acting on one of them acts on no account, as evaluate() counts them.
  const actioned = new Set<string>();
  // An account's first request in the run is its first item here, counted or not (a cover
  // request first makes its harvest no first request).
  const seen = new Set<string>();
  let before = 0;
  let first = 0;
  for (const item of items) {
    const own = ownSide(item);
    const fresh = !seen.has(item.send.account);
    seen.add(item.send.account);
    if (item.effect.actioned) {
      if (own) actioned.add(item.send.account);
    } else if (
      counted(item) &&
      item.send.status === 200 &&
      !(own && actioned.has(item.send.account))
    ) {
      before += item.send.outputTokens;
      if (fresh) first += item.send.outputTokens;
    }
  }
  const share = (tokens: number): number | null =>
    whole > 0 ? tokens / whole : refused > 0 ? 0 : null;
  return {
    requests: kept.length,
    servedRequests: served.length,
    servedTokens,
    refusedRequests: refused,
    servedShare: share(servedTokens),
    beforeTokens: before,
    beforeShare: share(before),
    firstTokens: first,
    firstShare: share(first),
  };
}

function checkTargets(evaluation: Evaluation): TargetResult[] {
  const recall = evaluation.accounts.recall;
  const hydras = evaluation.actors.filter(
    (actor) => actor.role === 'distiller' && actor.activeAccounts >= HYDRA_MIN_ACCOUNTS,
  );
  const caught = hydras.filter((actor) => actor.caught === true).length;
  const median = evaluation.firstAction.medianRequests;
  const shares = evaluation.campaigns.map((campaign) => campaign.servedShare ?? 0);
  const worst = shares.length === 0 ? 0 : Math.max(...shares);
  const legit = evaluation.legitimate;
  return [
    {
      target: '≥ 95% of distiller accounts actioned',
      value: percent(recall),
      pass: recall === null || recall >= 0.95,
    },
    {
      target: `every hydra (≥ ${HYDRA_MIN_ACCOUNTS} accounts) caught`,
      value: `${caught}/${hydras.length}`,
      pass: caught === hydras.length,
    },
    {
      target: 'median first action ≤ 50 requests',
      value: median === null ? 'never' : String(median),
      pass: median !== null && median <= 50,
    },
    {
      target: '≤ 5% of each campaign’s tokens served',
      value: `worst ${percent(worst)}`,
      pass: worst <= 0.05,
    },
    {
      target: '≤ 0.5% of legitimate accounts actioned',
      value: `${percent(legit.actionedShare)} (${legit.actionedAccounts}/${legit.activeAccounts})`,
      pass: (legit.actionedShare ?? 0) <= 0.005,
    },
    {
      target: '0 declared-use accounts actioned',
      value: String(legit.declaredUseActioned),
      pass: legit.declaredUseActioned === 0,
    },
  ];
}

export function percent(value: number | null): string {
  return value === null ? '-' : `${(value * 100).toFixed(1)}%`;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const name = key(item);
    const group = groups.get(name);
    if (group) group.push(item);
    else groups.set(name, [item]);
  }
  return groups;
}

function top(names: readonly string[], limit = 10): { name: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  return [...counts]
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
    .slice(0, limit);
}
