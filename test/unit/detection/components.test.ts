/**
 * Issue 4, generalisation: a campaign whose accounts each word the task their own way splits into
 * many small clusters. Clusters that share accounts are joined into a campaign component in the
 * refresh (components.ts), scored on their pooled windows together — and one person who happens
 * to share a phrase with a campaign must not join it to everything else that person wrote.
 */
import { describe, expect, it } from 'vitest';
import { settingsWith } from '../../helpers/detector-traffic.ts';
import type { Account } from '../../../src/account/account.ts';
import { applyComponent, Components, MIN_BRIDGES } from '../../../src/detection/components.ts';
import { detectionSchema } from '../../../src/detection/detection-schema.ts';
import { compileDetection } from '../../../src/detection/detection-settings.ts';
import type { ClusterView } from '../../../src/detection/cluster.ts';
import { Detector } from '../../../src/detection/engine.ts';
import { createRng } from '../../../src/simulator/rng.ts';
import { messagesFacts, testAccount } from '../../helpers/request-fixtures.ts';

describe('Components', () => {
  it('joins two clusters only at MIN_BRIDGES sightings, and chains through a third', () => {
    const components = new Components();
    components.reset(6);
    for (let i = 0; i < MIN_BRIDGES - 1; i++) components.bridge(0, 1);
    expect(components.groups([0, 1, 2, 3, 4, 5])).toEqual([]);
    components.bridge(1, 0);
    for (let i = 0; i < MIN_BRIDGES; i++) components.bridge(2, 1);
    for (let i = 0; i < MIN_BRIDGES; i++) components.bridge(4, 5);
    expect(components.groups([0, 1, 2, 3, 4, 5])).toEqual([
      [0, 1, 2],
      [4, 5],
    ]);
  });

  it('ignores self links and ids outside the pass, and starts afresh on reset', () => {
    const components = new Components();
    components.reset(3);
    for (let i = 0; i < MIN_BRIDGES; i++) {
      components.bridge(1, 1);
      components.bridge(1, 7);
      components.bridge(-1, 2);
    }
    expect(components.groups([0, 1, 2])).toEqual([]);
    for (let i = 0; i < MIN_BRIDGES; i++) components.bridge(0, 2);
    expect(components.groups([0, 1, 2])).toEqual([[0, 2]]);
    components.reset(3);
    expect(components.groups([0, 1, 2])).toEqual([]);
  });
});

const T0 = Date.parse('2027-03-01T00:00:00Z');
// On (named, so these tests keep testing components whatever the default) and off.
const settings = settingsWith({ campaign_components: true });
const withoutComponents = settingsWith({ campaign_components: false });

const SUBJECTS = [
  'the tides of the northern sea',
  'compilers for small stack machines',
  'the history of the printing press',
  'protein folding in cold water fish',
  'railway timetables in the nineteenth century',
  'the economics of river ferries',
  'glacier movement over granite beds',
  'bee colonies during long winters',
  'ancient bronze casting methods',
  'lighthouse lens design and upkeep',
];
/** Ways of asking, one per account: each fingerprint is shared by a few accounts only. */
const PHRASINGS = [
  (s: string) => `write me a long and complete essay about ${s}, covering every aspect you know`,
  (s: string) => `I need an exhaustive write-up on ${s} with sections and many examples please`,
  (s: string) => `produce a thorough reference document about ${s}, do not leave anything out`,
  (s: string) => `give a full length treatment of ${s}, as long and detailed as possible`,
];

/** The cohort's own subjects and phrasings (indexes from PHRASINGS.length on). */
const COHORT = ['my sourdough starter', 'a birthday card for my aunt', 'fixing a bike chain'];
const COHORT_PHRASINGS = [
  (s: string) => `quick tip on ${s}?`,
  (s: string) => `any short advice about ${s}`,
];

function phrase(phrasing: number, subject = ''): string {
  const all = [...PHRASINGS, ...COHORT_PHRASINGS];
  return (all[phrasing % all.length] ?? all[0])?.(subject) ?? subject;
}

interface Person {
  readonly account: Account;
  readonly phrasing: number;
  readonly harvesting: boolean;
}

function send(detector: Detector, person: Person, prompt: string, i: number, now: number): void {
  const body = {
    model: 'm-big',
    max_tokens: person.harvesting ? 8000 : 700,
    messages: [{ role: 'user', content: prompt }],
  };
  const facts = messagesFacts(
    body,
    settings,
    ['Host', 'api.example', 'User-Agent', `client-${i % 5}/2.${i % 7}`],
    `203.0.${i % 250}.0/24`,
  );
  detector.score(person.account, facts, now);
  const observed = detector.observe(person.account, facts, now);
  detector.settle(
    person.account,
    { inputTokens: undefined, outputTokens: person.harvesting ? 4_000 : 300 },
    now + 20,
    observed,
  );
}

/**
 * Each person sends `rounds` requests about subjects drawn at random (seeded), in their own
 * phrasing; `extra` sends one request more each, after the crowd. A refresh every few requests.
 */
function run(people: readonly Person[], rounds: number, detector = new Detector(settings, {})) {
  const random = createRng(11);
  let now = T0;
  let sent = 0;
  for (let round = 0; round < rounds; round++)
    for (const [i, person] of people.entries()) {
      now += Math.round(random.exponential(150));
      const subjects = person.phrasing >= PHRASINGS.length ? COHORT : SUBJECTS;
      send(detector, person, phrase(person.phrasing, random.pick(subjects)), i, now);
      if (++sent % 4 === 0) detector.refresh(now);
    }
  detector.refresh(now);
  detector.refresh(now + 1);
  return { detector, now };
}

function fresh(id: string): Account {
  return testAccount({ id, keyId: `key_${id}`, tier: 'standard', ageDays: 3 });
}
function crowdOf(count: number, prefix: string, harvesting: boolean, who = fresh): Person[] {
  return Array.from({ length: count }, (_, i) => ({
    account: who(`${prefix}-${i}`),
    phrasing: i % PHRASINGS.length,
    harvesting,
  }));
}

const joined = (clusters: readonly ClusterView[]) =>
  clusters.filter((cluster) => cluster.componentRisk !== null);

describe('Detector: campaign components', () => {
  it('joins a campaign’s small clusters and gives each at least the component’s risk', () => {
    const { detector, now } = run(crowdOf(24, 'camp', true), 6);
    const clusters = detector.topClusters(now, 200);
    const inComponent = joined(clusters);
    expect(inComponent.length).toBeGreaterThanOrEqual(4);
    // Accounts join the clusters of their phrasing (its head, tail, frames) to those of the
    // subjects they asked about: at most one component a phrasing, each over several clusters.
    const risks = new Set(inComponent.map((cluster) => cluster.componentRisk ?? 0));
    expect(risks.size).toBeLessThanOrEqual(PHRASINGS.length);
    expect(inComponent.length).toBeGreaterThan(risks.size);
    const componentRisk = Math.max(...risks);
    expect(componentRisk).toBeGreaterThan(0);
    // Its exact templates take the component's risk where it is higher than their own; its near
    // duplicates and frames (text unrelated people write too) bridge it but keep their own.
    const exact = inComponent.filter((cluster) => cluster.specific);
    for (const cluster of exact)
      expect(cluster.risk).toBeGreaterThanOrEqual(
        Math.max(cluster.ownRisk, cluster.componentRisk ?? 0) - 0.001,
      );
    expect(exact.some((cluster) => componentRisk > cluster.ownRisk)).toBe(true);
    const loose = inComponent.filter((cluster) => !cluster.specific);
    expect(loose.length).toBeGreaterThan(0);
    // (A flag holds the risk it was raised at: compare those that are not flagged.)
    const unflagged = loose.filter((c) => !c.flagged);
    expect(unflagged.length).toBeGreaterThan(0);
    for (const cluster of unflagged) expect(cluster.risk).toBe(cluster.ownRisk);
  });

  it('leaves its clusters’ own windows as they were (scored on a merged copy)', () => {
    // Advancing the clusters' own windows to each refresh moved the time their next request's
    // gap is measured from, so a component's member read other gaps than it would alone
    // (holdout's basalt: its template flagged later, more of its output served).
    const people = crowdOf(24, 'camp', true);
    const on = run(people, 6);
    const alone = run(people, 6, new Detector(withoutComponents, {}));
    // A quiet half-window later, a refresh: nothing was sent, so no cluster's window moves.
    const later = on.now + 30_000;
    on.detector.refresh(later);
    alone.detector.refresh(later);
    const clusters = on.detector.topClusters(later, 500);
    expect(joined(clusters).length).toBeGreaterThan(0);
    const requests = new Map(
      alone.detector.topClusters(later, 500).map((cluster) => [cluster.id, cluster.requests]),
    );
    expect(clusters.length).toBe(requests.size);
    for (const cluster of clusters) {
      expect(cluster.requests, cluster.id).toBeGreaterThan(0);
      expect(cluster.requests, cluster.id).toBe(requests.get(cluster.id));
    }
  });

  it('lends a raised cluster’s own families with the component’s: it only raises', () => {
    // compose lends a cluster's risk on each family it names; the component's families alone
    // (a merged window scaled to its busiest cluster can show fewer) took the cluster's own
    // from the campaign's requests.
    const cluster = {
      specific: true,
      link: { weight: 1 },
      ownRisk: 0.5,
      ownFamilies: ['elicitation', 'harvest'] as const,
      componentRisk: 0.7,
      componentFamilies: ['harvest', 'provenance'] as const,
      risk: 0,
      families: [] as readonly string[],
    };
    applyComponent(cluster as Parameters<typeof applyComponent>[0]);
    expect(cluster.risk).toBe(0.7);
    expect([...cluster.families].sort()).toEqual(['elicitation', 'harvest', 'provenance']);
    // Below its own risk, or through a looser link, the cluster's own risk and families.
    const below = { ...cluster, componentRisk: 0.4 };
    applyComponent(below as Parameters<typeof applyComponent>[0]);
    expect(below.risk).toBe(0.5);
    expect(below.families).toEqual(['elicitation', 'harvest']);
    const loose = { ...cluster, specific: false };
    applyComponent(loose as Parameters<typeof applyComponent>[0]);
    expect(loose.risk).toBe(0.5);
    expect(loose.families).toEqual(['elicitation', 'harvest']);
  });

  it('is on by default, and joins nothing when campaign_components is off', () => {
    expect(compileDetection(detectionSchema.parse({})).campaignComponents).toBe(true);
    expect(withoutComponents.campaignComponents).toBe(false);
    const { detector, now } = run(
      crowdOf(24, 'camp', true),
      6,
      new Detector(withoutComponents, {}),
    );
    expect(detector.topClusters(now, 200).length).toBeGreaterThan(0);
    expect(joined(detector.topClusters(now, 200))).toEqual([]);
  });

  it('drops every component at the next refresh after a reload turns them off', () => {
    const { detector, now } = run(crowdOf(24, 'camp', true), 6);
    expect(joined(detector.topClusters(now, 200)).length).toBeGreaterThan(0);
    detector.reconfigure(withoutComponents, {});
    detector.refresh(now + 1);
    const after = detector.topClusters(now + 1, 200);
    expect(joined(after)).toEqual([]);
    // Each falls back to its own risk (a flag keeps the risk it was raised at).
    for (const cluster of after.filter((c) => !c.flagged))
      expect(cluster.risk).toBe(cluster.ownRisk);
  });

  it('joins nothing for established customers: they never bridge, their clusters are generic', () => {
    const established = (id: string): Account =>
      testAccount({ id, keyId: `key_${id}`, tier: 'standard', ageDays: 400, verified: true });
    const { detector, now } = run(crowdOf(24, 'team', true, established), 6);
    expect(joined(detector.topClusters(now, 200))).toEqual([]);
  });

  it('joins nothing for one organisation’s cohort, however young and alike', () => {
    const student = (id: string): Account =>
      testAccount({ id, keyId: `key_${id}`, tier: 'standard', ageDays: 3, org: 'org_campus' });
    const { detector, now } = run(crowdOf(24, 'class', true, student), 6);
    expect(detector.topClusters(now, 200).length).toBeGreaterThan(0);
    expect(joined(detector.topClusters(now, 200))).toEqual([]);
  });

  it('joins a campaign whose accounts each name an org of their own (no org is a cohort of it)', () => {
    const shell = (id: string): Account =>
      testAccount({ id, keyId: `key_${id}`, tier: 'standard', ageDays: 3, org: `org_${id}` });
    const { detector, now } = run(crowdOf(24, 'camp', true, shell), 6);
    expect(joined(detector.topClusters(now, 200)).length).toBeGreaterThanOrEqual(4);
  });

  it('does not let one account that shares a phrase with a campaign join its other cohort to it', () => {
    // A cohort of ordinary users with their own subjects and phrasings: no text in common.
    const cohort = crowdOf(16, 'cohort', false, (id) =>
      testAccount({ id, keyId: `key_${id}`, tier: 'standard', ageDays: 200 }),
    ).map((person) => ({ ...person, phrasing: PHRASINGS.length + (person.phrasing % 2) }));
    const people = [...crowdOf(16, 'camp', true), ...cohort];
    const campaignClusters = (bridged: boolean): string[] => {
      const { detector, now } = run(people, 5);
      let at = now;
      if (bridged) {
        // One fresh account writes once like the campaign and once like the cohort.
        const bridge: Person = { account: fresh('bridge'), phrasing: 0, harvesting: false };
        for (const prompt of [phrase(0, SUBJECTS[0]), phrase(PHRASINGS.length, COHORT[0])])
          for (let i = 0; i < 2; i++) send(detector, bridge, prompt, 7, (at += 50));
        detector.refresh(at);
        detector.refresh(at + 1);
      }
      const clusters = joined(detector.topClusters(at, 400));
      const top = Math.max(0, ...clusters.map((cluster) => cluster.componentRisk ?? 0));
      expect(top).toBeGreaterThan(0);
      return clusters
        .filter((cluster) => cluster.componentRisk === top)
        .map((cluster) => cluster.id)
        .sort();
    };
    const alone = campaignClusters(false);
    const bridged = campaignClusters(true);
    expect(alone.length).toBeGreaterThanOrEqual(4);
    for (const id of bridged) expect(alone).toContain(id);
  });
});
