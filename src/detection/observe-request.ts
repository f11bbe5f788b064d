/**
 * Folding a request into a window — an account's, an end user's or a cluster's pooled one — in
 * O(1): its counters, sketches and gaps (window-state.ts), a cluster's member counts, and a
 * response's output tokens when it settles. Called by the detector's `observe` and `settle`, and
 * for a platform's end user by EndUserScorer.observeEndUser (end-user-scorer.ts).
 */
import type { Account } from '../account/account.ts';
import type { RequestFacts } from '../signals/request-facts.ts';
import type { RequestSignals } from '../signals/request-signals.ts';
import type { DetectionSettings } from './detection-settings.ts';
import { ABUSED_PROGRAMMES, YOUNG_DAYS } from './provenance.ts';
import {
  addRequestGap,
  advance,
  markActive,
  seenRecently,
  SKETCH,
  sketchAdd,
  topAdd,
  W,
} from './window-state.ts';
import { establishedOrgAdd, orgAdd } from './window-orgs.ts';

/** Adds a response's output tokens to a window (an account's or a cluster's). */
export function addOutput(s: Float64Array, tokens: number, now: number, window: number): void {
  advance(s, now, window);
  s[W.OUT_TOKENS] = (s[W.OUT_TOKENS] ?? 0) + tokens;
  s[W.OUT_REQUESTS] = (s[W.OUT_REQUESTS] ?? 0) + 1;
}

/** Folds one request into a window (an account's or a cluster's). */
export function observeRequest(
  s: Float64Array,
  signals: RequestSignals,
  facts: RequestFacts,
  account: Account,
  now: number,
  window: number,
  settings: DetectionSettings,
): void {
  addRequestGap(s, now, window);
  s[W.N] = (s[W.N] ?? 0) + 1;
  markActive(s, now, window);
  // The request's size in tokens, estimated from its body (bytes ÷ 4, images and tool schemas
  // included): the output ratio's denominator. The upstream's input count is not folded in at
  // settle — the factor's ramps were set on this estimate (README, output_input_ratio).
  s[W.IN_TOKENS] = (s[W.IN_TOKENS] ?? 0) + facts.bytes / 4;
  if (signals.elicitation) s[W.ELICIT] = (s[W.ELICIT] ?? 0) + 1;
  if (signals.grading) s[W.GRADE] = (s[W.GRADE] ?? 0) + (signals.grading === 2 ? 1 : 0.5);
  if (signals.harvest & 1) s[W.MAX_TOKENS] = (s[W.MAX_TOKENS] ?? 0) + 1;
  if (signals.harvest & 2) s[W.MULTI] = (s[W.MULTI] ?? 0) + 1;
  if (signals.exact !== 0 && !signals.continuation && seenRecently(s, signals.exact))
    s[W.RESENT] = (s[W.RESENT] ?? 0) + 1;
  const released = signals.modelReleasedAt;
  if (
    released !== undefined &&
    now - released >= 0 &&
    now - released <= settings.newModelPeriod &&
    (s[W.FIRST] ?? now) < released
  )
    s[W.NEW_MODEL] = (s[W.NEW_MODEL] ?? 0) + 1;
  const caps = signals.capabilities;
  for (let tag = 0; tag < 6; tag++)
    if (caps & (1 << tag)) s[W.CAP + tag] = (s[W.CAP + tag] ?? 0) + 1;
  if (signals.toolCount > 0) {
    s[W.TOOL_REQUESTS] = (s[W.TOOL_REQUESTS] ?? 0) + 1;
    sketchAdd(s, SKETCH.toolSet, signals.tools);
  }
  if (!signals.continuation) topAdd(s, signals.template);
  if (signals.ipPrefix !== 0) sketchAdd(s, SKETCH.ipPrefix, signals.ipPrefix);
  sketchAdd(s, SKETCH.client, signals.client);
  if (signals.endUser !== 0) sketchAdd(s, SKETCH.endUser, signals.endUser);
}

/**
 * Counts a cluster request's sender in the cluster's own fields: who its members are, and their
 * org (`org`, its hash; 0: none) in the org summary or the established customers' counter.
 */
export function observeMember(
  pooled: Float64Array,
  account: Account,
  hash: number,
  org: number,
  established: boolean,
): void {
  sketchAdd(pooled, SKETCH.member, hash);
  const age = account.ageDays;
  if (age !== undefined && age <= YOUNG_DAYS) pooled[W.YOUNG] = (pooled[W.YOUNG] ?? 0) + 1;
  if (!account.verified) pooled[W.UNVERIFIED] = (pooled[W.UNVERIFIED] ?? 0) + 1;
  if (account.programme !== undefined && ABUSED_PROGRAMMES.has(account.programme))
    pooled[W.PROGRAMME] = (pooled[W.PROGRAMME] ?? 0) + 1;
  if (established) {
    // Apart from the org summary, whose share is of the accounts that are not (topOrgShare).
    pooled[W.ESTABLISHED] = (pooled[W.ESTABLISHED] ?? 0) + 1;
    sketchAdd(pooled, SKETCH.established, hash);
    establishedOrgAdd(pooled, org);
  } else if (org !== 0) orgAdd(pooled, org);
}
