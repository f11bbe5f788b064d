/**
 * Signal families computed from a window (window-state.ts): pure functions of the aggregates, the
 * account's facts and `now`. Each factor turns a raw value (a share, a rate ratio, a count) into
 * an activation in [0, 1] through a ramp; a family's activation is its strongest factor's; its
 * contribution is activation × the family's configured weight. The same code scores an account's
 * own window and a cluster's pooled window, so a hydra whose members each send a handful of
 * requests is judged on the hundreds they send together.
 */
import type { TierBaseline } from '../account/accounts-schema.ts';
import type { Factor } from './score.ts';
import { FAMILIES, type Family } from './detection-schema.ts';
import {
  activeShare,
  gapCv,
  sketchCount,
  SKETCH,
  topOrgShare,
  topOrgShareOfAll,
  topShare,
  W,
} from './window-state.ts';

export const FAMILY_INDEX: Readonly<Record<Family, number>> = Object.freeze(
  Object.fromEntries(FAMILIES.map((family, index) => [family, index])) as Record<Family, number>,
);

/** Capability tags that mark a narrow harvest focus (plain tool presence is too common). */
const FOCUS_TAGS = [0, 2, 3, 4, 5]; // coding, agentic, reasoning, vision, computer
/** Programmes the public reports name as abused onboarding paths. */
export const ABUSED_PROGRAMMES: ReadonlySet<string> = new Set([
  'education',
  'research',
  'startup',
  'student',
  'academic',
  'trial',
  'credits',
]);
export const YOUNG_DAYS = 30;
/** A family counts as fired when it contributes at least this much. */
export const FIRED = 0.08;
/**
 * The cluster family fires only from a substantial cluster risk: a weak link (say, sharing the
 * most common SDK's header order with many others) must not supply the second family.
 */
export const CLUSTER_FIRED = 0.25;
const CLUSTER_INDEX = FAMILIES.indexOf('cluster');

export function firedAt(index: number): number {
  return index === CLUSTER_INDEX ? CLUSTER_FIRED : FIRED;
}

/** Linear ramp: 0 at or below `from`, 1 at or above `to` (works for from > to: decreasing). */
export function ramp(value: number, from: number, to: number): number {
  if (!(value === value)) return 0;
  const t = (value - from) / (to - from);
  return t <= 0 ? 0 : t >= 1 ? 1 : t;
}

/** Collects factors and the per-family activation. */
export class FamilyScores {
  readonly activation = new Float64Array(FAMILIES.length);
  factors: Factor[] = [];
  /** The factors it hands out, shared by value (SharedFactors). */
  readonly shared = new SharedFactors();
  private weights: Float64Array = new Float64Array(FAMILIES.length);
  private keep = true;

  /**
   * Starts a new set of factors, weighted by `weights` (indexed like FAMILIES). `keepFactors`
   * false: only the activations are wanted (a cluster's pooled risk, refreshed for every cluster
   * and on `observe` for young ones), so no factor is looked up or made.
   */
  reset(weights: Float64Array, keepFactors = true): void {
    this.activation.fill(0);
    this.factors = [];
    this.weights = weights;
    this.keep = keepFactors;
  }

  add(family: Family, signal: string, value: number, activation: number): void {
    if (activation <= 0) return;
    const index = FAMILY_INDEX[family];
    if (activation > (this.activation[index] ?? 0)) this.activation[index] = activation;
    if (this.keep)
      this.factors.push(
        this.shared.of(signal, round(value), round(activation * (this.weights[index] ?? 0))),
      );
  }
}

/**
 * Factors shared by value. An account keeps the factors of its window's last computation (its
 * next request's score), so with 100,000 accounts each factor that fires for most of them would
 * cost ~5 MB as objects of their own (the object and its two boxed numbers, ~80 B). Values are
 * rounded to thousandths, and a share's or a contribution's few hundred values recur from account
 * to account: one object per (signal, value, contribution) serves them all, and an account's state
 * stays nearly the same size whichever families fire. Factors are never changed in place
 * (readonly, and logged as they are), so sharing one is invisible. Each detector holds its own
 * table (FamilyScores), bounded: when full it starts afresh (objects already handed out stay
 * valid; they are only no longer shared with later ones). A value that is not a non-negative
 * count of thousandths below 2^36 (no factor makes one, but a factor is no place to assume it),
 * and a signal beyond the first 128 seen, get objects of their own.
 */
export class SharedFactors {
  private readonly ids = new Map<string, number>();
  private table = new Map<number, Factor>();
  private readonly limit: number;

  constructor(limit = SHARED_FACTORS) {
    this.limit = limit;
  }

  /** The factor `{signal, value, contribution}`: a shared object when one is held. */
  of(signal: string, value: number, contribution: number): Factor {
    const key = this.keyOf(signal, value, contribution);
    if (key < 0) return { signal, value, contribution };
    let factor = this.table.get(key);
    if (factor === undefined) {
      if (this.table.size >= this.limit) this.table = new Map();
      factor = { signal, value, contribution };
      this.table.set(key, factor);
    }
    return factor;
  }

  /** Factors held (at most the limit). */
  get size(): number {
    return this.table.size;
  }

  /** One number for (signal, value, contribution), or -1 when they do not fit one exactly. */
  private keyOf(signal: string, value: number, contribution: number): number {
    let id = this.ids.get(signal);
    if (id === undefined) {
      if (this.ids.size >= SIGNAL_IDS) return -1; // the vocabulary is closed (factor-names.ts): ~90
      id = this.ids.size;
      this.ids.set(signal, id);
    }
    const thousandths = Math.round(value * 1000);
    const share = Math.round(contribution * 1000);
    if (
      !(thousandths >= 0 && thousandths < 2 ** 36 && thousandths / 1000 === value) ||
      !(share >= 0 && share <= 1000 && share / 1000 === contribution)
    )
      return -1;
    // 36 + 10 + 7 bits: below 2^53, so exact, and one key per triple.
    return (thousandths * 1024 + share) * SIGNAL_IDS + id;
  }
}

const SHARED_FACTORS = 16_384;
const SIGNAL_IDS = 128;

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

export interface AccountFacts {
  readonly ageDays: number | undefined;
  readonly verified: boolean;
  readonly programme: string | undefined;
}

/** The factor of an account's age (with its verification and onboarding programme). */
export const AGE_FACTOR = 'provenance.account_age_days';

/** How young and unvouched-for an account of `ageDays` is: its age factor's activation. */
export function ageActivation(ageDays: number, facts: AccountFacts): number {
  const young = ramp(ageDays, YOUNG_DAYS, 1);
  const abused = facts.programme !== undefined && ABUSED_PROGRAMMES.has(facts.programme);
  return young * (facts.verified ? 0.3 : 1) * (abused ? 1 : 0.75);
}

/** Provenance of one account: age, verification, onboarding programme, IP and client rotation. */
export function accountProvenance(
  s: Float64Array,
  facts: AccountFacts,
  ctx: WindowContext,
  out: FamilyScores,
): void {
  if (facts.ageDays !== undefined)
    out.add('provenance', AGE_FACTOR, facts.ageDays, ageActivation(facts.ageDays, facts));
  const n = s[W.N] ?? 0;
  const evidence = ramp(n, 1, ctx.minRequests);
  const prefixes = sketchCount(s, SKETCH.ipPrefix);
  out.add('provenance', 'provenance.ip_prefixes', prefixes, ramp(prefixes, 2, 6) * evidence);
  const clients = sketchCount(s, SKETCH.client);
  out.add('provenance', 'provenance.clients', clients, ramp(clients, 2, 4) * evidence);
}

/**
 * Provenance and coordination of a cluster's pooled window: how many accounts, how young and
 * unverified, how many arrive through abused programmes, IP prefixes and clients per member.
 * Returns the coordination strength in [0, 1] (size × the share of accounts that look made-up);
 * one organisation's accounts coordinating is what organisations do, so a single-org cluster is
 * damped. `coldStartMembers` (0: none) are the members a cold start counts (coldStartSize).
 */
export function clusterCoordination(
  s: Float64Array,
  ctx: WindowContext,
  out: FamilyScores,
  coldStartMembers = 0,
): number {
  const n = s[W.N] ?? 0;
  if (n <= 0) return 0;
  const members = sketchCount(s, SKETCH.member);
  const young = (s[W.YOUNG] ?? 0) / n;
  const unverified = (s[W.UNVERIFIED] ?? 0) / n;
  const size = Math.max(
    ramp(members, 2.5, 8),
    coldStartMembers > 0 ? coldStartSize(s, ctx, coldStartMembers, young * unverified) : 0,
  );
  const programme = (s[W.PROGRAMME] ?? 0) / n;
  const prefixesPerMember = sketchCount(s, SKETCH.ipPrefix) / Math.max(1, members);
  const rotation = ramp(prefixesPerMember, 1.2, 3);
  out.add('provenance', 'provenance.young_share', young, young * unverified);
  out.add('provenance', 'provenance.programme_share', programme, programme * young);
  out.add('provenance', 'provenance.ip_prefixes_per_member', prefixesPerMember, rotation);
  const singleOrg = oneOrg(s, ORG_COHORT_DAMPED);
  const madeUp = Math.max(young * unverified, rotation, programme * young);
  // A key that established customers use too is generic (an SDK's default system prompt, a
  // common phrasing), however much a hydra also sends it: its risk must not reach them.
  const established = sketchCount(s, SKETCH.established) / Math.max(1, members);
  const generic = ramp(established, GENERIC_FROM, GENERIC_FULL);
  return size * (0.35 + 0.65 * madeUp) * (singleOrg ? 0.35 : 1) * (1 - 0.7 * generic);
}

/**
 * The share of a cluster's members that are established customers from which its key is generic
 * (clusterCoordination's damping starts; cluster-book.ts: it joins no campaign component), and at which
 * it is fully so (the damping is full; cluster-cohort.ts: common phrasing, no campaign's exact template).
 */
export const GENERIC_FROM = 0.05;
export const GENERIC_FULL = 0.2;

/**
 * The pooled window is one organisation's (a class, a team): at least `share` of its requests
 * from accounts that are not established customers come from one org's accounts (topOrgShare),
 * and at least ORG_FLOOR × `share` of all its requests. A share, not "no other org": a public
 * exercise that a class shares is also sent by a stranger now and then, and one such request
 * from another org must not turn a class into strangers coordinating. The floor: established
 * customers' traffic beside a class (a tutoring app's) does not make it strangers, but a young
 * org's accounts sending a small part of a cluster whose bulk comes through aged keys are no
 * class's cohort either. An org's own established accounts are not counted here: they count
 * toward its cohort where only its own accounts' risk is at stake (window-state cohortOrgKey),
 * while what reaches the whole cluster (this damping, joining no campaign component) is read
 * among the accounts that are not established — so a campaign's aged keys in one org, however
 * much they send, damp nothing for its young accounts.
 */
export function oneOrg(s: Float64Array, share: number): boolean {
  return topOrgShare(s) >= share && topOrgShareOfAll(s) >= ORG_FLOOR * share;
}

/** How far established customers' requests may dilute an org's share of all a cluster's (oneOrg). */
export const ORG_FLOOR = 0.5;

/** The share of a cluster's requests from one org (oneOrg) at which its coordination is damped. */
export const ORG_COHORT_DAMPED = 0.8;

/**
 * A campaign's cold start: its workers come up together, on fresh accounts. A cluster whose
 * pooled requests come from young, unverified accounts (`fresh`, the young × unverified share)
 * and which formed within a tenth of the window counts as full-size from COLD_START_MEMBERS
 * `members` — counted from the first account that used its fingerprint, before the cluster
 * formed — where the ordinary ramp wants 8 members of its pooled window (which counts from the
 * third). It brings forward what that ramp decides a few members later; what it newly exposes is
 * a small, fresh, fast-forming group. The caller applies it only when the pooled behaviour shows
 * a harvesting family (harvest, elicitation, grading or agentic — not a crowd merely sharing a
 * template) and no established customer used the fingerprint before the cluster formed. Fades
 * out between a tenth and a fifth of the window after forming, by when the ordinary ramp counts.
 */
export function coldStartSize(
  s: Float64Array,
  ctx: WindowContext,
  members: number,
  fresh: number,
): number {
  const span = ctx.now - (s[W.FIRST] ?? ctx.now);
  const burst = ramp(span, ctx.window / 5, ctx.window / 10);
  return ramp(members, 2.5, COLD_START_MEMBERS) * ramp(fresh, 0.7, 0.9) * burst;
}

/** Members from which a fresh, fast-forming harvesting cluster counts as full-size. */
export const COLD_START_MEMBERS = 5;

/** Families that show harvesting itself (not templates, focus or volume, which customers share). */
const HARVESTING_FAMILIES: readonly Family[] = ['harvest', 'elicitation', 'grading', 'agentic'];

/** True when one of the harvesting families fired in `activation` under `weights`. */
export function showsHarvesting(activation: Float64Array, weights: Float64Array): boolean {
  for (const family of HARVESTING_FAMILIES) {
    const index = FAMILY_INDEX[family];
    if ((activation[index] ?? 0) * (weights[index] ?? 0) >= FIRED) return true;
  }
  return false;
}

/** What `combine` found: the noisy-OR value, how many families fired and which (a bitmask). */
export interface Combined {
  value: number;
  fired: number;
  mask: number;
}

/**
 * Noisy-OR of the family contributions, and the families that fired (`corroboratingOnly` — pivot
 * — contributes but never counts). Writes into `out` (reused by callers: no allocation).
 */
export function combine(
  activation: Float64Array,
  weights: Float64Array,
  corroboratingOnly: number,
  out: Combined,
): Combined {
  let keep = 1;
  let fired = 0;
  let mask = 0;
  for (let index = 0; index < activation.length; index++) {
    const contribution = (activation[index] ?? 0) * (weights[index] ?? 0);
    keep *= 1 - contribution;
    if (contribution >= firedAt(index) && index !== corroboratingOnly) {
      fired++;
      mask |= 1 << index;
    }
  }
  out.value = 1 - keep;
  out.fired = fired;
  out.mask = mask;
  return out;
}

/** Family lists by bitmask, shared: a score's families never allocate after the first. */
const familyLists = new Map<number, readonly Family[]>();

export function familiesOf(mask: number): readonly Family[] {
  let list = familyLists.get(mask);
  if (!list) {
    list = Object.freeze(FAMILIES.filter((_, index) => (mask & (1 << index)) !== 0));
    familyLists.set(mask, list);
  }
  return list;
}

function round(value: number): number {
  return Number.isFinite(value) ? Math.round(value * 1000) / 1000 : 0;
}
