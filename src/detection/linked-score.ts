/**
 * A score composed ahead for a member of a flagged cluster (link-scorer.ts prepareLinkedScore), with
 * every input of compose it was made from, so that scoring returns it only while each is the same.
 */
import type { Cluster } from './cluster.ts';
import type { Family } from './detection-schema.ts';
import type { Factor, Score } from './score.ts';
import type { Tracked } from './tracked.ts';

/**
 * A score composed ahead for a request that links to `cluster` at `risk`, with what compose read
 * to make it: it holds for a later request while each of those is the same. Cluster objects are
 * replaced, never reused, when an id is freed; their families and accounts factor are replaced
 * whenever they change (familiesOf's lists are shared per set), never changed in place.
 */
export class LinkedScore {
  readonly score: Score;
  private readonly version: number;
  private readonly weights: Float64Array;
  private readonly cluster: Cluster | undefined;
  private readonly risk: number;
  private readonly families: readonly Family[] | undefined;
  private readonly accountsFactor: Factor | undefined;
  private readonly cohortFactor: Factor | undefined;
  private readonly members: number;
  private readonly flagged: boolean;
  private readonly specific: boolean;
  /** The families the request showed (compose's `shown`), read only through a `shownOnly` link. */
  private readonly shown: number;

  constructor(
    score: Score,
    tracked: Tracked,
    cluster: Cluster | undefined,
    risk: number,
    flagged: boolean,
    weights: Float64Array,
    shown: number,
  ) {
    this.score = score;
    this.version = tracked.version;
    this.weights = weights;
    this.cluster = cluster;
    this.risk = risk;
    this.families = cluster?.families;
    this.accountsFactor = cluster?.accountsFactor;
    this.cohortFactor = cluster?.cohortFactor;
    this.members = cluster?.members ?? 0;
    this.flagged = cluster !== undefined && flagged;
    this.specific = cluster?.specific === true;
    this.shown = shown;
  }

  /**
   * Whether compose would make this score for `tracked`'s request linking to `cluster`, flagged
   * or not at the request's time (`flagged`).
   */
  holds(
    tracked: Tracked,
    cluster: Cluster | undefined,
    risk: number,
    flagged: boolean,
    weights: Float64Array,
    shown: number,
  ): boolean {
    return (
      this.risk === risk &&
      this.cluster === cluster &&
      this.version === tracked.version &&
      this.weights === weights &&
      (cluster === undefined ||
        (this.families === cluster.families &&
          this.accountsFactor === cluster.accountsFactor &&
          this.cohortFactor === cluster.cohortFactor &&
          this.members === cluster.members &&
          this.flagged === flagged &&
          this.specific === cluster.specific &&
          (!cluster.link.shownOnly || this.shown === shown)))
    );
  }
}
