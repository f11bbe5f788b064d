/**
 * Behaviour families computed from a window (window-state.ts): pure functions of the aggregates
 * and `now` — volume and cadence, templates, focus, elicitation, grading, agentic, harvest,
 * pivot — and how far a verified key is a platform's app (platformApp). Each factor turns a raw
 * value (a share, a rate ratio, a count) into an activation in [0, 1] through a ramp; a family's
 * activation is its strongest factor's; its contribution is activation × the family's configured
 * weight (family-scores.ts collects them). The same code scores an account's own window and a
 * cluster's pooled window, so a hydra whose members each send a handful of requests is judged on
 * the hundreds they send together. Who sends — provenance and a cluster's coordination — is
 * provenance.ts; combining the families into a score, combine-score.ts.
 */
import type { TierBaseline } from '../account/accounts-schema.ts';
import type { Family } from './family-names.ts';
import type { FamilyScores } from './family-scores.ts';
import { activeShare, gapCv, sketchCount, SKETCH, topShare, W } from './window-state.ts';

/** Capability tags that mark a narrow harvest focus (plain tool presence is too common). */
const FOCUS_TAGS = [0, 2, 3, 4, 5]; // coding, agentic, reasoning, vision, computer

/** Linear ramp: 0 at or below `from`, 1 at or above `to` (works for from > to: decreasing). */
export function ramp(value: number, from: number, to: number): number {
  if (!(value === value)) return 0;
  const t = (value - from) / (to - from);
  return t <= 0 ? 0 : t >= 1 ? 1 : t;
}

export interface WindowContext {
  readonly now: number;
  readonly window: number;
  readonly minRequests: number;
  readonly weights: Float64Array;
}

/**
 * Share-based factors: a counter's share of the window's requests, ramped. The activation needs
 * enough requests behind it (`evidence`).
 */
const SHARES: readonly (readonly [
  counter: number,
  family: Family,
  signal: string,
  from: number,
  to: number,
])[] = [
  [W.ELICIT, 'elicitation', 'elicitation.share', 0.3, 0.8],
  [W.GRADE, 'grading', 'grading.share', 0.2, 0.6],
  [W.MAX_TOKENS, 'harvest', 'harvest.max_tokens_share', 0.3, 0.8],
  [W.MULTI, 'harvest', 'harvest.multi_choice_share', 0.2, 0.6],
  [W.RESENT, 'harvest', 'harvest.resent_share', 0.2, 0.6],
  [W.NEW_MODEL, 'pivot', 'pivot.new_model_share', 0.3, 0.8],
];

/** How many times one sender's `min_requests` a cluster's pooled gaps need (behaviourFactors). */
export const POOLED_GAP_EVIDENCE = 3;

/**
 * Behaviour families of a window (account or cluster): volume and cadence (only with a
 * baseline: an account's tier), templates, focus, elicitation, grading, agentic, harvest, pivot.
 *
 * `pooled`: the window is a cluster's, pooling the requests of independent accounts.
 *  - Its gaps are the merged arrivals of several senders, which look machine-paced by chance in
 *    a short sample (eight gaps of a Poisson stream reach a CV near 0.5 often enough): their
 *    regularity needs POOLED_GAP_EVIDENCE times the requests one sender's does.
 *  - 'text': the cluster was formed by its requests' own text (an exact skeleton, head or tail, a
 *    near duplicate, a function-word frame). Its top template's share and its resent-prompt share are then high by
 *    construction — every member sent that text, so every request after the first repeats one —
 *    and say nothing the link does not: left out, so that one piece of evidence (the shared text,
 *    already the cluster family) is not also counted as two behaviour families. Otherwise a
 *    dozen people sending the same short follow-up pass the cluster's two-family rule on the text
 *    alone.
 */
export function behaviourFactors(
  s: Float64Array,
  ctx: WindowContext,
  baseline: TierBaseline | undefined,
  out: FamilyScores,
  pooled?: 'text' | 'other',
  app = 0,
): void {
  const n = s[W.N] ?? 0;
  if (n <= 0) return;
  // Share-based signals count fully only with enough requests behind them. A cluster's window
  // pools at least three accounts, so half as many of its requests are as telling.
  const evidence = ramp(n, 1, baseline ? ctx.minRequests : Math.max(2, ctx.minRequests / 2));
  const perMinute = 60_000 / ctx.window;

  if (baseline) {
    const requestRatio = (n * perMinute) / baseline.requests_per_minute;
    out.add('volume', 'volume.request_rate', requestRatio, ramp(requestRatio, 1.5, 4));
    const outputRatio = ((s[W.OUT_TOKENS] ?? 0) * perMinute) / baseline.output_tokens_per_minute;
    out.add('volume', 'volume.output_token_rate', outputRatio, ramp(outputRatio, 1.5, 4));
    if (ctx.now - (s[W.FIRST] ?? ctx.now) >= ctx.window) {
      const share = activeShare(s, ctx.now, ctx.window);
      out.add('volume', 'volume.active_share', share, 0.8 * ramp(share, 0.8, 1));
    }
  }
  if (n >= (pooled === undefined ? 1 : POOLED_GAP_EVIDENCE) * ctx.minRequests) {
    // Machine pacing alone is what batch jobs and CI do: it is at most part of the family.
    const cv = gapCv(s);
    out.add('volume', 'volume.gap_regularity', cv, 0.6 * ramp(cv, 0.75, 0.25));
  }

  const linkedByText = pooled === 'text';
  // `app` (platformApp): how far the key's top template and resent prompts are its app's.
  const own = 1 - APP_DISCOUNT * app;
  if (!linkedByText) {
    const top = topShare(s);
    out.add('templates', 'templates.top_share', top, ramp(top, 0.4, 0.85) * evidence * own);
  }

  let topCap = 0;
  for (const tag of FOCUS_TAGS) topCap = Math.max(topCap, s[W.CAP + tag] ?? 0);
  const focus = topCap / n;
  out.add('focus', 'focus.top_capability_share', focus, ramp(focus, 0.75, 1) * evidence);

  for (const [counter, family, signal, from, to] of SHARES) {
    if (linkedByText && counter === W.RESENT) continue;
    const share = (s[counter] ?? 0) / n;
    const scale = counter === W.RESENT ? evidence * own : evidence;
    out.add(family, signal, share, ramp(share, from, to) * scale);
  }

  const toolRequests = s[W.TOOL_REQUESTS] ?? 0;
  if (toolRequests >= ctx.minRequests / 2) {
    const toolSets = sketchCount(s, SKETCH.toolSet);
    // A platform serving many end users has many tool sets because it has many users (S9):
    // what counts is tool sets per end user, and per request.
    const endUsers = Math.max(1, sketchCount(s, SKETCH.endUser));
    const churn = ramp(toolSets / toolRequests, 0.15, 0.5) * ramp(toolSets / endUsers, 1.5, 4);
    out.add('agentic', 'agentic.distinct_tool_sets', toolSets, ramp(toolSets, 3, 10) * churn);
  }

  const inTokens = s[W.IN_TOKENS] ?? 0;
  const outRequests = s[W.OUT_REQUESTS] ?? 0;
  if (outRequests >= ctx.minRequests && inTokens > 0) {
    const outTokens = s[W.OUT_TOKENS] ?? 0;
    const ratio = outTokens / inTokens;
    // A harvest's yield is long answers; a short answer to an even shorter question is Q&A.
    const long = ramp(outTokens / outRequests, 1000, 2500);
    out.add('harvest', 'harvest.output_input_ratio', ratio, 0.5 * ramp(ratio, 4, 20) * long);
  }
}

/**
 * A verified platform's key (S9: a tutoring app, a reseller, a support desk): its requests name
 * many different end users, and its top template and resent prompts are its app's —
 * every user goes through the app's one template, and two students sending the same homework are
 * no client resending a prompt. Returns how far that holds, in [0, 1]; the key's own
 * `templates.top_share` and `harvest.resent_share` count for 1 − APP_DISCOUNT × that. What each
 * end user does is scored at the end-user scope (end-user-scope.ts) unless it is turned off, and
 * everything else the key does at its own. Independent of that scope, as the rest of the key's
 * own score is: turning the scope off changes only the end-user factors.
 *
 * Verified only: an end-user id is the client's claim, free to attach to every request — on a key
 * the provider has not verified it must buy nothing; on a verified key (a bought aged one, say) it
 * buys at most half of two factors (APP_DISCOUNT), never the families of what the key asks for.
 *
 * End users per request: the end-user sketch counts up to ~266 (linearCount), its estimate
 * reliable to ~100, while a busy key's request count has no ceiling — so the share is read over at
 * most APP_REQUESTS requests (a key with 100 distinct users in its window is a platform however
 * many requests they send).
 */
export function platformApp(s: Float64Array, verified: boolean): number {
  if (!verified) return 0;
  const n = Math.min(s[W.N] ?? 0, APP_REQUESTS);
  if (n <= 0) return 0;
  const endUsers = sketchCount(s, SKETCH.endUser);
  return (
    ramp(endUsers, APP_END_USERS_FROM, APP_END_USERS_FULL) *
    ramp(endUsers / n, APP_SPREAD_FROM, APP_SPREAD_FULL)
  );
}

/**
 * End users (in a key's window) from which, and at which fully, its templates are an app's: from
 * the third, where the end-user scope starts scoring them (end-user-scope.ts PLATFORM_END_USERS),
 * so that an app's key is read as one from its first minutes, not only once twenty users came.
 */
const APP_END_USERS_FROM = 3;
const APP_END_USERS_FULL = 10;
/**
 * End users per request from which, and at which fully, the key is many people's: a student asks
 * a few follow-ups (`redteam8`'s tutoring app: ~1.3 requests an end user a minute), while ids
 * rotated by one client over the key's last 100 requests buy nothing below 5, all of the
 * (half) discount from 20.
 */
const APP_SPREAD_FROM = 0.05;
const APP_SPREAD_FULL = 0.2;
/** The most requests platformApp reads the end-user share over (the sketch's reliable range). */
const APP_REQUESTS = 100;
/** The most of the two factors a platform's end users take off (platformApp). */
export const APP_DISCOUNT = 0.5;
