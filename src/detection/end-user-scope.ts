/**
 * The end-user scope (THREATS.md S9, blending in a reseller stream). A platform or reseller key
 * carries many end users (OpenAI `user` / `safety_identifier`, Anthropic `metadata.user_id`);
 * a campaign hiding behind it is a few of those end users, or one per request, inside the
 * platform's diffuse traffic. The account's own window dilutes them, and the account's standing
 * (old, verified) must not be spent on them either way: the shipped policy never blocks a
 * verified reseller. So for a platform's requests the detector also keeps a bounded window per
 * (account, end user) and scores the request at that scope, where:
 *  - the end user is an unknown sender: a flagged cluster's risk reaches it whole, not the share
 *    an established account takes (the platform does not vouch for its users);
 *  - the linked cluster's pooled families corroborate only where this request itself shows them
 *    (a harvesting parameter, an elicitation, a grading prompt) — sharing text with a hydra is
 *    not enough on its own, matching its behaviour too is;
 *  - the end user's own window (behaviour families, no volume baseline: an end user has no tier)
 *    and the flagged share of its traffic add the rest.
 *  - once several end users of one key have sent a flagged cluster's content (a campaign inside the
 *    key, or one rotating its end-user ids), every further end user of that key sending it is
 *    judged as a member of the cluster, with all its pooled families — as a member account is.
 * The result is logged as `end_user.*` factors beside the account's; a policy rule acting on
 * `end_user.score` blocks that end user on that key (remember.end_user), never the account.
 */
import { LRUCache } from 'lru-cache';
import type { Family } from './detection-schema.ts';
import { FAMILIES } from './detection-schema.ts';
import { fmix } from '../signals/hash.ts';
import { addToSketch, countSketch, linearCount, rollSketch } from './sketch.ts';

/** Distinct end users an account names before its requests are scored per end user too. */
export const PLATFORM_END_USERS = 3;

/** Prefix of every factor scored at the end-user scope. */
export const END_USER_PREFIX = 'end_user.';

/** The request's score at its end user's scope (two families needed, like every score). */
export const END_USER_SCORE = 'end_user.score';

/**
 * The key of an (account, end user) window: 20 bits of the account's hash above the end user's
 * 32-bit hash, exact in a double (no string built per request). Two accounts share a key only
 * when their hashes agree in those bits and they name end users that hash alike.
 */
export function endUserWindowKey(accountHash: number, endUser: number): number {
  return (accountHash & 0xfffff) * 2 ** 32 + (endUser >>> 0);
}

const names = new Map<string, string>();

/** A factor's name at the end-user scope (`end_user.<name>`), built once per name. */
export function endUserFactorName(signal: string): string {
  let name = names.get(signal);
  if (name === undefined) {
    name = END_USER_PREFIX + signal;
    names.set(signal, name);
  }
  return name;
}

/** `end_user.request.<family>`: the request shows the linked cluster's family itself. */
export const REQUEST_FAMILY_FACTORS: readonly string[] = Object.freeze(
  FAMILIES.map((family) => `${END_USER_PREFIX}request.${family}`),
);

/** The families a request can show on its own (`requestShows`). */
export const REQUEST_FAMILIES: readonly Family[] = Object.freeze([
  'harvest',
  'elicitation',
  'grading',
]);

/** The per-request evidence `requestShows` reads. */
export interface RequestBehaviour {
  readonly harvest: number;
  readonly elicitation: 0 | 1;
  readonly grading: 0 | 1 | 2;
}

/**
 * Whether the request itself shows a family its linked cluster's pooled window fired: max_tokens
 * at the model's maximum or n > 1 (harvest), a request for reasoning (elicitation), a grading
 * prompt (grading). Never through a harvest-shape link, which is made of those very parameters
 * (it would count one piece of evidence twice).
 */
export function requestShows(
  family: Family,
  request: RequestBehaviour,
  shapeLink: boolean,
): boolean {
  switch (family) {
    case 'harvest':
      return !shapeLink && (request.harvest & 3) !== 0;
    case 'elicitation':
      return request.elicitation === 1;
    case 'grading':
      return request.grading !== 0;
    default:
      return false;
  }
}

const REQUEST_FAMILY_BITS: readonly number[] = REQUEST_FAMILIES.map(
  (family) => 1 << FAMILIES.indexOf(family),
);

/**
 * The families the request shows itself (requestShows, through a link other than a harvest
 * shape), as a bit mask over FAMILIES' order: what a `shownOnly` link may lend (score-composer.ts compose).
 */
export function shownFamilies(request: RequestBehaviour): number {
  let mask = 0;
  for (let i = 0; i < REQUEST_FAMILIES.length; i++) {
    const family = REQUEST_FAMILIES[i];
    if (family !== undefined && requestShows(family, request, false))
      mask |= REQUEST_FAMILY_BITS[i] ?? 0;
  }
  return mask;
}

/** End users of one key linked to one cluster before they count as a cluster inside the key. */
export const KEY_CLUSTER_END_USERS = 3;

/**
 * The pseudo-cluster under which KeyClusterEndUsers counts a key's end users linked to any risky
 * harvest shape, whichever: a campaign inside a key sends from several generation settings (its
 * question and its coding payloads, with and without n > 1), each its own shape cluster, so its
 * end users spread over them and no one shape counts three while every new end user's first
 * request is served. A key's end users at a shape are counted under that shape as well, as
 * before. Derived from the key's whole hash: the sketch's key keeps 20 bits of the account's
 * (endUserWindowKey), and two keys sharing those would otherwise share this one count. (That it
 * equals a real cluster's name hash is one chance in 2^32, and would only add to that count.)
 */
export function anyHarvestShape(accountHash: number): number {
  return fmix(accountHash ^ ANY_SHAPE_SALT);
}

const ANY_SHAPE_SALT = 0x53484150; // "SHAP"

/**
 * `end_user.cluster.key_end_users`: end users of this key linked to the request's cluster (for a
 * harvest shape, the larger of that and those linked to any risky harvest shape).
 */
export const KEY_END_USERS_FACTOR = 'end_user.cluster.key_end_users';

/**
 * Distinct end users of one account whose requests carried one risky cluster's risk (at least
 * FLAG_RISK / 2: end-user-scorer.ts, observeEndUser), over the current and previous window (two-epoch
 * 64-bit linear-counting sketches, sketch.ts), in a bounded LRU keyed by (account,
 * cluster): 40 bytes of sketch per pair.
 */
export class KeyClusterEndUsers {
  private readonly sketches: LRUCache<number, Float64Array>;

  constructor(max: number) {
    this.sketches = new LRUCache<number, Float64Array>({ max });
  }

  /**
   * Counts `endUser` among the account's end users linked to `cluster`, and, for a harvest shape
   * (`shape`), among those linked to any (anyHarvestShape).
   */
  add(
    account: number,
    cluster: number,
    endUser: number,
    now: number,
    window: number,
    shape = false,
  ): void {
    this.addTo(endUserWindowKey(account, cluster), endUser, now, window);
    if (shape)
      this.addTo(endUserWindowKey(account, anyHarvestShape(account)), endUser, now, window);
  }

  /**
   * The estimate as of `now` (0 once both epochs have passed); for a harvest shape, the larger of
   * its own and any shape's. Read only.
   */
  count(account: number, cluster: number, now: number, window: number, shape = false): number {
    const own = this.countOf(endUserWindowKey(account, cluster), now, window);
    return shape
      ? Math.max(
          own,
          this.countOf(endUserWindowKey(account, anyHarvestShape(account)), now, window),
        )
      : own;
  }

  private addTo(key: number, endUser: number, now: number, window: number): void {
    let words = this.sketches.get(key);
    if (words === undefined) {
      words = new Float64Array(5);
      words[4] = -1;
      this.sketches.set(key, words);
    }
    const epoch = Math.floor(now / window);
    const current = words[4] ?? -1;
    if (epoch !== current) {
      rollSketch(words, 0, epoch === current + 1);
      words[4] = epoch;
    }
    addToSketch(words, 0, endUser);
  }

  private countOf(key: number, now: number, window: number): number {
    const words = this.sketches.peek(key);
    if (words === undefined) return 0;
    const age = Math.floor(now / window) - (words[4] ?? 0);
    if (age > 1) return 0;
    // A window later, the current bitmap is the previous epoch's and the older one has expired.
    return age === 1 ? linearCount(words[0] ?? 0, words[1] ?? 0) : countSketch(words, 0);
  }
}
