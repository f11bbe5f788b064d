/**
 * A long deterministic mix of detector traffic for differential runs (the table of risky links
 * against the index lookup it replaced; one detector against another): 900 accounts — every 7th
 * established, a class in one org and three orgs spread over the rest, every 13th a platform
 * naming many end users — sending templates shared by rotating sets of accounts among distinct
 * content, through key handles that are reloaded in another order at round 40; over 90 rounds
 * with quiet spells (windows decay, flags expire), a weights reload at round 50, and refreshes
 * in one go and in slices with requests scored between slices (runMix).
 */
import type { Account } from '../../src/account/account.ts';
import type { TierBaseline } from '../../src/account/accounts-schema.ts';
import type { DetectionSettings } from '../../src/detection/detection-settings.ts';
import type { RefreshRun } from '../../src/detection/cluster-refresh.ts';
import { fingerprint, fmix } from '../../src/signals/hash.ts';
import type { RequestFacts } from '../../src/signals/request-facts.ts';
import { PRINT, type RequestSignals } from '../../src/signals/request-signals.ts';
import { settingsWith, stepByStepFacts, T0 } from './detector-traffic.ts';
import { testAccount } from './request-fixtures.ts';

export const ACCOUNTS = 900;
const TEMPLATES = 60;

/** The tests' detection settings (detector-traffic.ts), bounded so that the mix fills them. */
function mixSettings(extra: Record<string, unknown> = {}): DetectionSettings {
  return settingsWith({
    flag_ttl: '90s',
    max_accounts: 500,
    max_end_users: 200,
    max_fingerprints: 4096,
    ...extra,
  });
}

export const settings = mixSettings();
export const reloaded = mixSettings({ weights: { harvest: 0.6, pivot: 0.5, cluster: 0.8 } });

const base = stepByStepFacts(settings);

/**
 * Every 7th account is established (old, verified): it takes a share of a cluster's risk.
 * `handle`: its key record's (undefined: a token, no key record).
 */
export function account(i: number, handle?: number): Account {
  const established = i % 7 === 3;
  const made = testAccount({
    id: `acct-${i}`,
    keyId: `key_${i}`,
    // The accounts of one residue mod 60 send the same templates at the same time: one org's
    // class (cohortRemainder); a few others sit in three orgs spread over everything.
    org: i % 60 === 0 ? 'org-class' : i % 11 === 0 ? `org-${i % 3}` : undefined,
    tier: 'standard',
    ageDays: established ? 400 : 2,
    verified: established,
  });
  return handle === undefined ? made : { ...made, handle };
}

/**
 * The handle of account `i`'s key in round `round` (request `k`): the keys' record indexes until
 * round 40; then the keys are reloaded in another order (each handle names another account than
 * before); every 5th account alternates between two keys; every 17th uses a token (no handle).
 */
export function handleOf(i: number, k: number, round: number): number | undefined {
  if (i % 17 === 0) return undefined;
  const reloaded = round >= 40 ? (i * 7 + 3) % ACCOUNTS : i;
  return i % 5 === 0 && k % 2 === 1 ? ACCOUNTS + reloaded : reloaded;
}

/**
 * Request `k` of account `i`: a template shared by a rotating set of accounts (whose clusters
 * come and go as the set moves on), mixed with distinct content; every 13th account is a
 * platform naming many end users.
 */
export function facts(i: number, k: number): RequestFacts {
  const own = fmix(i * 7919 + k * 104_729 + 1);
  const template = (i + Math.floor(k / 4) * 17) % TEMPLATES;
  // A third of the accounts never send a template (ordinary traffic); the others now and then.
  const shared = i % 3 !== 1 && own % 5 !== 0;
  const signals: RequestSignals = {
    ...base.signals!,
    skeleton: fingerprint(PRINT.skeleton, shared ? fmix(template + 11) : own),
    head: fingerprint(PRINT.head, shared ? fmix(template + 13) : fmix(own + 5)),
    tail: fingerprint(PRINT.tail, shared && own % 3 === 0 ? fmix(template + 17) : fmix(own + 6)),
    shape: shared ? base.signals!.shape : fingerprint(PRINT.shape, fmix(own + 8)),
    frameHead: fingerprint(PRINT.frameHead, fmix(own + 1)),
    frameTail: 0,
    bands: [fingerprint(PRINT.band, shared ? fmix((own % 4) + template * 4 + 2) : own)],
    exact: fmix(own + 3),
    client: fingerprint(PRINT.client, fmix(i % 3 === 1 ? own + 7 : (i % 5) + 99)),
    ipPrefix: fingerprint(PRINT.ipPrefix, fmix(own + 4)),
    endUser: i % 13 === 0 ? (fmix(own + 9) % 40) + 1 : 0,
  };
  return { ...base, signals };
}

type Baselines = Readonly<Record<string, TierBaseline>>;

/** What a run drives: one detector or several, fed alike. */
export interface MixTarget {
  reconfigure(settings: DetectionSettings, baselines: Baselines): void;
  refresh(now: number): void;
  startRefresh(): RefreshRun;
  continueRefresh(run: RefreshRun, now: number, pause: () => boolean): boolean;
}

/**
 * Runs the mix: `request(i, k, round, now)` for each request (the caller scores, compares and
 * observes), every target reconfigured to `reloaded` at round 50 (`baselines` passed on), each
 * refreshed after every round — in one go on even rounds, else in slices (the same pauses for
 * every target), requests in between — and `refreshed(now)` after each refresh.
 */
export function runMix(
  targets: readonly MixTarget[],
  baselines: Baselines,
  request: (i: number, k: number, round: number, now: number) => void,
  refreshed: (now: number) => void = () => undefined,
): void {
  let now = T0;
  for (let round = 0; round < 90; round++) {
    if (round === 50) for (const target of targets) target.reconfigure(reloaded, baselines);
    // A quiet spell now and then: windows decay, flags expire, risk falls to 0.
    if (round % 9 === 8) now += 120_000;
    const active = round % 3 === 2 ? ACCOUNTS : ACCOUNTS / 2;
    for (let i = 0; i < active; i++) {
      now += 11;
      request((i * 37 + round) % ACCOUNTS, round, round, now);
      // Platforms send more, each request for one of many end users.
      if (i % 13 === 0) for (let r = 1; r < 4; r++) request(i, round + 100 * r, round, now);
    }
    now += 1000;
    if (round % 2 === 0) {
      for (const target of targets) target.refresh(now);
      refreshed(now);
      continue;
    }
    // In slices, with requests scored between them.
    const runs = targets.map((target) => target.startRefresh());
    const asked = targets.map(() => 0);
    const slice = (t: number): boolean =>
      targets[t]!.continueRefresh(runs[t]!, now, () => asked[t]!++ % 2 === 1);
    let i = round;
    while (!targets.map((_, t) => slice(t)).every(Boolean)) {
      for (let n = 0; n < 3; n++) {
        now += 3;
        request((i++ * 53) % ACCOUNTS, 1000 + round, round, now);
      }
    }
    refreshed(now);
  }
}
