/**
 * What scoring found of a request's links to risky clusters (link-scorer.ts linksOf: the strongest
 * link of each lending class, and at the end-user scope), the link composeLinked chose among
 * them, and the request's fingerprints as the index and the table of risky links key them.
 */
import type { Cluster } from './cluster.ts';
import { LENDS_ALL, LENDS_NONE } from './risky-links.ts';
import type { RequestSignals } from '../signals/request-signals.ts';

/** What linksOf found of a request's links to risky clusters (one scratch object). */
export interface RequestLinks {
  /** The strongest link of each lending class (risky-links.ts LENDS_*): risk, cluster id (-1). */
  readonly lendRisk: Float64Array;
  readonly lendId: Int32Array;
  /** The tie-break between equally risky links of a class: exact template first, then members. */
  readonly lendRank: Float64Array;
  /** Whether that link's cluster is flagged (1) at the request's time (RiskyLinks.flagged). */
  readonly lendFlagged: Uint8Array;
  /** The riskiest link that judges an end user's content: risk (whole), cluster id (-1). */
  userRisk: number;
  userId: number;
  /** The riskiest such link that is not a harvest shape (the same as above when that is one). */
  userTextRisk: number;
  userTextId: number;
  /** The class of link composeLinked chose (LENDS_*; -1: none). */
  chosen: number;
  /** The families the request shows itself (shownFamilies), when a shown-only link may read them. */
  shown: number;
}

/** A scratch object for linksOf to fill (one per detector). */
export function newRequestLinks(): RequestLinks {
  return {
    lendRisk: new Float64Array(LENDS_ALL + 1),
    lendId: new Int32Array(LENDS_ALL + 1),
    lendRank: new Float64Array(LENDS_ALL + 1),
    lendFlagged: new Uint8Array(LENDS_ALL + 1),
    userRisk: 0,
    userId: -1,
    userTextRisk: 0,
    userTextId: -1,
    chosen: -1,
    shown: 0,
  };
}

/** The cluster of the link composeLinked chose, if any. */
export function chosenCluster(
  found: RequestLinks,
  clusters: readonly (Cluster | undefined)[],
): Cluster | undefined {
  return found.chosen < 0 ? undefined : clusters[found.lendId[found.chosen] ?? -1];
}

/** Whether the cluster of the link composeLinked chose is flagged (false: none). */
export function chosenFlagged(found: RequestLinks): boolean {
  return found.chosen >= 0 && found.lendFlagged[found.chosen] === 1;
}

/** The link risk of the link composeLinked chose (0: none). */
export function chosenRisk(found: RequestLinks): number {
  return found.chosen < 0 ? 0 : (found.lendRisk[found.chosen] ?? 0);
}

/** Ranks an exact template's link above any cluster size (linksOf's tie-break). */
export const SPECIFIC_RANK = 2 ** 40;

/** The request links to some risky cluster. */
export function linkedAtAll(found: RequestLinks): boolean {
  for (let lends = LENDS_NONE; lends <= LENDS_ALL; lends++)
    if ((found.lendId[lends] ?? -1) >= 0) return true;
  return false;
}

/**
 * The request's fingerprints and its account's timing fingerprint (`timing`) into `keys` (0 =
 * absent); returns how many were written.
 */
export function collectKeys(signals: RequestSignals, keys: Float64Array, timing: number): number {
  let count = 0;
  keys[count++] = signals.system;
  keys[count++] = signals.tools;
  keys[count++] = signals.skeleton;
  keys[count++] = signals.head;
  keys[count++] = signals.tail;
  keys[count++] = signals.frameHead;
  keys[count++] = signals.frameTail;
  keys[count++] = signals.shape;
  keys[count++] = signals.client;
  keys[count++] = signals.ipPrefix;
  keys[count++] = timing;
  for (const band of signals.bands) if (count < keys.length) keys[count++] = band;
  return count;
}
