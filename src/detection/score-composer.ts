/**
 * Composing a request's score for the detector (engine.ts): the account's own family activations (or, on its first
 * request, its age alone), the cluster family at the risk of the link chosen, and what that link
 * lends of its cluster's pooled families — into the logged score with its factors, families,
 * activations and cluster. Pure given its inputs; one scratch of activations per composer.
 */
import type { Account } from '../account/account.ts';
import { round3 } from '../util/round3.ts';
import { orgHashOf } from './account-standing.ts';
import type { Cluster } from './cluster.ts';
import { cohortRemainder } from './cluster-cohort.ts';
import { activationOf, scoreOf, familiesOf, type Combined } from './combine-score.ts';
import { FAMILIES } from './detection-schema.ts';
import type { DetectionSettings, LiveSettings } from './detection-settings.ts';
import { AGE_FACTOR, ageActivation } from './provenance.ts';
import { FAMILY_INDEX } from './family-names.ts';
import { ZERO_SCORE, type Factor, type Score } from './score.ts';
import { NO_FACTORS, type Tracked } from './tracked.ts';

const CLUSTER = FAMILY_INDEX.cluster;
const PROVENANCE = FAMILY_INDEX.provenance;

export class ScoreComposer {
  /** Scratch: the family activations of the score being composed. */
  private readonly activation = new Float64Array(FAMILIES.length);
  private readonly combined: Combined = { value: 0, fired: 0, mask: 0 };
  private readonly live: LiveSettings;

  /** The detection settings in force (a reload replaces them for every part at once). */
  get settings(): DetectionSettings {
    return this.live.current;
  }

  constructor(live: LiveSettings) {
    this.live = live;
  }

  /**
   * The request's score: the account's own families plus the cluster family. `account`: the
   * sender, whose age alone is its own provenance while it has no window yet (its first request).
   * `shown`: the families the request shows itself (shownFamilies), read through a `shownOnly`
   * link. `flagged`: whether `linked` is flagged at `now` (RequestLinks.lendFlagged).
   */
  compose(
    tracked: Tracked | undefined,
    clusterRisk: number,
    linked: Cluster | undefined,
    account?: Account,
    shown = 0,
    flagged = false,
  ): Score {
    let factors = tracked ? tracked.factors : NO_FACTORS;
    if (factors.length === 0 && !(clusterRisk > 0)) return ZERO_SCORE;
    const weights = this.settings.weights;
    const young = this.activate(tracked, clusterRisk, linked, account, shown);
    if (young > 0) {
      factors = [
        {
          signal: AGE_FACTOR,
          value: account?.ageDays ?? 0,
          contribution: round3(young * (weights[PROVENANCE] ?? 0)),
        },
      ];
    }
    if (clusterRisk > 0) {
      const risk: Factor = {
        signal: linked ? linked.signal : 'cluster.risk.inherited',
        value: round3(clusterRisk),
        contribution: round3(clusterRisk * (weights[CLUSTER] ?? 0)),
      };
      if (linked === undefined) factors = [...factors, risk];
      else {
        // The account's org is read (hashed, before its first observe) only for a cohort's link.
        const cohort = linked.cohortFactor;
        const own =
          cohort !== undefined &&
          cohortRemainder(
            linked,
            tracked !== undefined ? tracked.org : account === undefined ? 0 : orgHashOf(account),
          ) < 1;
        factors = own
          ? [...factors, risk, linked.accountsFactor, cohort]
          : [...factors, risk, linked.accountsFactor];
      }
    }
    if (factors.length === 0) return ZERO_SCORE;
    const combined = scoreOf(this.activation, weights, this.combined);
    return {
      value: combined.value,
      factors,
      families: familiesOf(combined.mask),
      activation: activationOf(this.activation),
      cluster:
        linked === undefined
          ? null
          : {
              id: linked.name,
              link: linked.link.name,
              accounts: linked.members,
              risk: round3(clusterRisk),
              flagged,
              specific: linked.specific,
            },
    };
  }

  /**
   * What compose's score would be worth, without building it (composeLinked weighs its
   * candidates with it): the same activations, combined the same way. Only for a request that
   * links to a cluster (`clusterRisk` > 0), whose score compose never returns as ZERO_SCORE.
   */
  valueThrough(
    tracked: Tracked | undefined,
    clusterRisk: number,
    linked: Cluster,
    account: Account,
    shown: number,
  ): number {
    this.activate(tracked, clusterRisk, linked, account, shown);
    return scoreOf(this.activation, this.settings.weights, this.combined).value;
  }

  /**
   * Fills `this.activation` as the score is combined from: the account's families (its state, or
   * on its first request its age alone), the cluster family at `clusterRisk`, and the pooled
   * families its link lends — rounded to 3 decimals as logged, so that a replay recombines them
   * exactly. Returns the first request's age activation (0 once the account has a window).
   */
  private activate(
    tracked: Tracked | undefined,
    clusterRisk: number,
    linked: Cluster | undefined,
    account: Account | undefined,
    shown: number,
  ): number {
    const activation = this.activation;
    let young = 0;
    if (tracked) for (let f = 0; f < activation.length; f++) activation[f] = tracked.activation(f);
    else {
      activation.fill(0);
      // A first request: the account's facts are all that is known of it (what accountProvenance
      // would find in its window once it has one).
      const age = account?.ageDays;
      young = account === undefined || age === undefined ? 0 : ageActivation(age, account);
      if (young > 0) activation[PROVENANCE] = young;
    }
    if (clusterRisk > 0) {
      if (clusterRisk > (activation[CLUSTER] ?? 0)) activation[CLUSTER] = clusterRisk;
      // The cluster's pooled families corroborate (it already needed two of them), except
      // through an infrastructure link. Its provenance (its accounts look made-up) only through
      // a campaign's exact template, where the request is that campaign's content: through a
      // looser link (near duplicates, frames, a system prompt, a harvest shape) the account's
      // own age, verification and programme are known and speak for it — copied, a young
      // crowd's provenance made a second family for every member of a cohort (a class pasting
      // the same homework) out of the one link. Through an app's system prompt or tool set,
      // only the families the request shows itself (`shown`): the app's pooled window is all its
      // users', so copied by a campaign it lent the campaign's families to every user of the app
      // (and through a timing link: acting together says nothing of what each account asks).
      if (linked !== undefined && !linked.link.infra) {
        const specific = linked.specific;
        const shownOnly = linked.link.shownOnly;
        for (const family of linked.families) {
          const index = FAMILY_INDEX[family];
          if (index === PROVENANCE && !specific) continue;
          if (shownOnly && (shown & (1 << index)) === 0) continue;
          if (clusterRisk > (activation[index] ?? 0)) activation[index] = clusterRisk;
        }
      }
    }
    for (let f = 0; f < activation.length; f++) activation[f] = round3(activation[f] ?? 0);
    return young;
  }
}
