/**
 * What a replay from the decision log cannot know, stated in every backtest report — the
 * standing limits of replaying a log, and those that apply to this run's input and configs.
 */
import type { RuntimeConfig } from '../config/load-config.ts';
import { holdsTierBudgets } from '../limits/compile-limits.ts';
import type { BacktestOptions } from './create-backtest.ts';
import { START_ORDER_CAPACITY } from './start-order.ts';

const ALWAYS = [
  'Clients are assumed to send what they sent: a client refused earlier might have retried, slowed down or rotated accounts, which no log can show.',
  'Replay state starts empty at the first record: limit buckets rested, no blocks or challenges remembered from before the log.',
  `Requests are replayed in the order they started (a log is written as responses end; requests of one millisecond in the order their proxy received them, read from the request id), re-sorted within ${START_ORDER_CAPACITY.toLocaleString('en-US')} records or 10 minutes (a WebSocket session, logged when it closes, that lasted longer is replayed late: its request and stream slot are spent out of order); limits are spent at each request’s start and settled from its logged usage when it would have ended (start + logged latency); a request the log refused but the replay admits keeps its whole reservation (its usage was never logged).`,
  'Scores are recombined from the logged per-family activations under the candidate’s detection.weights; the cluster risks inside them, and every other detection setting (window, min_requests, tier baselines, models), are as logged: changing those needs the traffic, not the log (measure them with `distillguard simulate`).',
  'A challenged account’s logged tier may already be the challenge tier.',
  'The replay’s limits are always there: a request a shared limit store’s outage refused (503, `limits_unavailable`; fidelity names such a throttle `throttle (503)`), or whose client left while the store answered, is replayed as if the store had answered — its limits spent, a 429 (enforced or shadow) possible where the log has none.',
  'Each limit is replayed as one exact bucket: where several replicas, or a shared store’s leases, admitted a burst, which of its requests got the 429s may differ from the log (fidelity: `throttle (429)` against `throttle`).',
  'A WebSocket session’s record carries a judged turn’s decision, whose limits the proxy spent turn by turn; the replay applies them at the upgrade (fidelity compares a session’s action only).',
  'A template remembered as a campaign’s content keeps matching for the rule’s whole `remember.content` in the replay; live, it stops once the detector finds it common phrasing (established customers send it too), which the log does not record.',
];

export function approximations(
  options: BacktestOptions,
  loggedScores: number,
  late: number,
  stoppedInFlight: number,
): string[] {
  const out = [...ALWAYS];
  if (stoppedInFlight > 0)
    out.push(
      `${stoppedInFlight} records are blocks the in-flight re-check made when the answer arrived (detail \`withheld_in_flight\` or \`cut_in_flight\`): their score, factors and decision are of that moment, yet replayed at their request's start like every record; the decision the request was forwarded on is not in the log.`,
    );
  if (late > 0)
    out.push(
      `${late} records started earlier than a request already replayed (beyond the re-sorting window): they were replayed late.`,
    );
  if (options.baseline === undefined)
    out.push(
      'The baseline is the decisions as logged, so the replay’s own approximations count as changes: pass --baseline with the config in force when the log was written to compare like with like (and to see the replay’s fidelity).',
    );
  if (loggedScores > 0)
    out.push(
      `${loggedScores} records predate version 5: their scores and families are used as logged, whatever the candidate’s weights; their content blocks are matched by the linked cluster, their end-user blocks not at all (the template fingerprints and end users are not in them).`,
    );
  const limits = options.candidate.config.policy.limits;
  if (holdsTierBudgets(limits))
    out.push(
      'The candidate’s `tier_budget` throttle rules hold accounts to its own tiers’ baselines, at each account’s logged tier.',
    );
  if (limits.clusterBudgets.size > 0)
    out.push(
      'Its budgets held per cluster (`tier_budget_scope: [cluster]`) are spent by each record’s logged cluster: the cluster the request was scored through under the logged detection, which the candidate’s weights do not change — or, where the record holds the request’s harvest shape (v9 on), that shape’s bucket, as the proxy spends it (an older record spends its linked cluster’s).',
    );
  const baseline = options.baseline?.config;
  if (baseline !== undefined) {
    const changed = detectionChanges(baseline, options.candidate.config);
    if (changed.length > 0)
      out.push(
        `The candidate changes detection settings a log cannot replay (${changed.join(', ')}): only its weights are applied to scoring (its tiers still apply as tier_budget throttles' budgets).`,
      );
  }
  return out;
}

/** Detection settings other than weights that differ between two configs. */
function detectionChanges(a: RuntimeConfig, b: RuntimeConfig): string[] {
  const out: string[] = [];
  const da = a.detection;
  const db = b.detection;
  if (da.enabled !== db.enabled) out.push('detection.enabled');
  if (da.window !== db.window) out.push('detection.window');
  if (da.minRequests !== db.minRequests) out.push('detection.min_requests');
  if (da.flagTtl !== db.flagTtl) out.push('detection.flag_ttl');
  if (da.campaignComponents !== db.campaignComponents) out.push('detection.campaign_components');
  if (da.timingTick !== db.timingTick) out.push('detection.timing_tick');
  if (JSON.stringify([...da.models]) !== JSON.stringify([...db.models]))
    out.push('detection.models');
  if (JSON.stringify(a.accounts.baselines) !== JSON.stringify(b.accounts.baselines))
    out.push('accounts.tiers');
  return out;
}
