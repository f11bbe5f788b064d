/**
 * The `detection` section compiled once per config load into what the hot path reads: model facts
 * in a Map, weights resolved against their defaults, durations in ms; and the window context the
 * families read at a given time (windowContext).
 */
import {
  DEFAULT_WEIGHTS,
  FAMILIES,
  type DetectionConfig,
  type Family,
} from './detection-schema.ts';
import {
  endUserKey,
  endUserPseudonym,
  type EndUserPseudonym,
} from '../signals/end-user-pseudonym.ts';
import type { WindowContext } from './families.ts';

/**
 * The detection settings in force, one object shared by the detector and each of its parts
 * (engine.ts): a reload replaces `current` once, for all of them at the same moment.
 */
export interface LiveSettings {
  current: DetectionSettings;
}

/** The window scoring reads at `now` under `settings` (families.ts behaviourFactors). */
export function windowContext(settings: DetectionSettings, now: number): WindowContext {
  return {
    now,
    window: settings.window,
    minRequests: settings.minRequests,
    weights: settings.weights,
  };
}

export interface ModelFacts {
  /** Release time, ms since epoch (undefined: unknown). */
  readonly releasedAt: number | undefined;
  readonly maxOutputTokens: number | undefined;
}

export interface DetectionSettings {
  readonly enabled: boolean;
  readonly client_ip_prefix_v4: number;
  readonly client_ip_prefix_v6: number;
  readonly window: number;
  readonly minRequests: number;
  readonly maxAccounts: number;
  /** (Platform account, end user) windows kept at once; 0: no end-user scope. */
  readonly maxEndUsers: number;
  readonly maxFingerprints: number;
  readonly refreshInterval: number;
  readonly flagTtl: number;
  readonly campaignComponents: boolean;
  /** Synchronised-timing tick (timing.ts) in ms; 0: no timing links. */
  readonly timingTick: number;
  readonly newModelPeriod: number;
  readonly hashedChars: number;
  /** Weight per family, indexed like FAMILIES. */
  readonly weights: Float64Array;
  readonly models: ReadonlyMap<string, ModelFacts>;
  /** The end-user pseudonym (keyed: the key comes from the environment, see end-user-pseudonym.ts). */
  readonly endUserPseudonym: EndUserPseudonym;
}

/** `pseudonym`: by default under the per-process key (tests, tools that log nothing). */
export function compileDetection(
  section: DetectionConfig,
  pseudonym: EndUserPseudonym = endUserPseudonym(endUserKey(undefined, undefined).key),
): DetectionSettings {
  const weights = new Float64Array(FAMILIES.length);
  FAMILIES.forEach((family: Family, index) => {
    weights[index] = section.weights[family] ?? DEFAULT_WEIGHTS[family];
  });
  return Object.freeze({
    enabled: section.enabled,
    client_ip_prefix_v4: section.client_ip_prefix_v4,
    client_ip_prefix_v6: section.client_ip_prefix_v6,
    window: section.window,
    minRequests: section.min_requests,
    maxAccounts: section.max_accounts,
    maxEndUsers: section.max_end_users,
    maxFingerprints: section.max_fingerprints,
    refreshInterval: section.refresh_interval,
    flagTtl: section.flag_ttl,
    campaignComponents: section.campaign_components,
    timingTick: section.timing_tick,
    newModelPeriod: section.new_model_period,
    hashedChars: section.hashed_chars,
    weights,
    endUserPseudonym: pseudonym,
    models: new Map(
      section.models.map((model) => [
        model.name,
        {
          releasedAt: model.released_at === undefined ? undefined : Date.parse(model.released_at),
          maxOutputTokens: model.max_output_tokens,
        },
      ]),
    ),
  });
}
