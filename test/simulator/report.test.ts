/**
 * The evaluation report on hand-built runs: account and request precision/recall, clusters
 * caught, first action, campaign tokens, false positives per persona, the shadow reading and an
 * account borrowed by a blended cluster.
 */
import { describe, expect, it } from 'vitest';
import type { GroundTruth, SendRecord } from '../../src/simulator/ground-truth.ts';
import { formatReport } from '../../src/simulator/format-report.ts';
import { buildReport, quantile, type ReportRecord } from '../../src/simulator/report.ts';

const truth: GroundTruth = {
  actors: [
    {
      name: 'chat',
      persona: 'chat',
      role: 'legitimate',
      campaign: undefined,
      accounts: ['c1', 'c2'],
      borrows: [],
    },
    {
      name: 'eval',
      persona: 'eval-harness',
      role: 'legitimate',
      campaign: undefined,
      accounts: ['e1'],
      borrows: [],
    },
    {
      name: 'reseller',
      persona: 'reseller',
      role: 'legitimate',
      campaign: undefined,
      accounts: ['r1'],
      borrows: [],
    },
    {
      name: 'hydra',
      persona: 'hydra',
      role: 'distiller',
      campaign: 'camp-a',
      accounts: ['h1', 'h2', 'h3', 'h4'],
      borrows: [],
    },
    {
      name: 'blend',
      persona: 'blended-cluster',
      role: 'distiller',
      campaign: 'camp-b',
      accounts: [],
      borrows: ['r1'],
    },
  ],
  accounts: [
    { id: 'c1', owner: 'chat', declaredUse: undefined },
    { id: 'c2', owner: 'chat', declaredUse: undefined },
    { id: 'e1', owner: 'eval', declaredUse: 'eval' },
    { id: 'r1', owner: 'reseller', declaredUse: undefined },
    { id: 'h1', owner: 'hydra', declaredUse: undefined },
    { id: 'h2', owner: 'hydra', declaredUse: undefined },
    { id: 'h3', owner: 'hydra', declaredUse: undefined },
    { id: 'h4', owner: 'hydra', declaredUse: undefined },
  ],
};

const ROLES: Record<
  string,
  { persona: string; role: 'legitimate' | 'distiller'; campaign?: string }
> = {
  chat: { persona: 'chat', role: 'legitimate' },
  eval: { persona: 'eval-harness', role: 'legitimate' },
  reseller: { persona: 'reseller', role: 'legitimate' },
  hydra: { persona: 'hydra', role: 'distiller', campaign: 'camp-a' },
  blend: { persona: 'blended-cluster', role: 'distiller', campaign: 'camp-b' },
};

type Verdict =
  | 'allow'
  | 'observe'
  | 'block'
  | 'rate'
  | 'shadow-block'
  | 'shadow-mode'
  | 'degrade-staged'
  | 'none';

/** One request: who, when, and what the proxy decided. */
function exchange(
  actor: string,
  account: string,
  at: number,
  verdict: Verdict,
  tokens = 100,
): { send: SendRecord; record: ReportRecord | undefined } {
  const id = `req_${actor}_${account}_${at}`;
  const who = ROLES[actor]!;
  const status =
    verdict === 'block' ? 403 : verdict === 'rate' ? 429 : verdict === 'none' ? 0 : 200;
  const send: SendRecord = {
    actor,
    persona: who.persona,
    role: who.role,
    campaign: who.campaign,
    account,
    at,
    status,
    outputTokens: status === 200 ? tokens : 0,
    requestId: verdict === 'none' ? undefined : id,
  };
  if (verdict === 'none') return { send, record: undefined };
  const record: ReportRecord = {
    request_id: id,
    account,
    // What the proxy writes: `action` is the enforced one; a shadowed rule (or, under
    // policy.mode: shadow, every rule) is in `shadow`, and `mode` is then `shadow`.
    action:
      verdict === 'block'
        ? 'block'
        : verdict === 'degrade-staged'
          ? 'degrade'
          : verdict === 'observe'
            ? 'observe'
            : 'allow',
    mode:
      verdict === 'shadow-mode' || verdict === 'shadow-block' || verdict === 'degrade-staged'
        ? 'shadow'
        : 'enforce',
    rule:
      verdict === 'block'
        ? 'block_cluster'
        : verdict === 'rate'
          ? 'rate_limit'
          : verdict === 'observe'
            ? 'observe_risk'
            : verdict === 'degrade-staged'
              ? 'risk-degrade'
              : null,
    shadow:
      verdict === 'shadow-block' || verdict === 'shadow-mode'
        ? { action: 'block', rule: 'block_cluster', reason: 'x' }
        : verdict === 'degrade-staged'
          ? { action: 'throttle', rule: 'limit:tier:2x', reason: 'requests' }
          : null,
    status,
    factors:
      verdict === 'block' ? [{ signal: 'templates.shared_rare', value: 1, contribution: 0.4 }] : [],
    families: verdict === 'block' ? ['templates', 'cluster'] : [],
  };
  return { send, record };
}

function run(exchanges: ReturnType<typeof exchange>[]) {
  return buildReport({
    sends: exchanges.map((item) => item.send),
    records: exchanges.flatMap((item) => (item.record ? [item.record] : [])),
    truth,
  });
}

const base = [
  exchange('hydra', 'h1', 0, 'allow'),
  exchange('hydra', 'h1', 1000, 'allow'),
  exchange('hydra', 'h1', 2000, 'block'),
  exchange('hydra', 'h1', 3000, 'block'),
  exchange('hydra', 'h2', 500, 'allow'),
  exchange('hydra', 'h2', 1500, 'shadow-block'),
  exchange('hydra', 'h3', 700, 'allow'),
  exchange('chat', 'c1', 50, 'allow'),
  exchange('chat', 'c1', 60, 'none'),
  exchange('chat', 'c1', 900, 'allow'),
  exchange('chat', 'c2', 100, 'rate'),
  // Observing is not a user-visible action.
  exchange('eval', 'e1', 200, 'observe'),
  exchange('reseller', 'r1', 300, 'allow', 50),
  exchange('reseller', 'r1', 2600, 'allow', 50),
  exchange('blend', 'r1', 400, 'allow', 300),
  exchange('blend', 'r1', 2500, 'block'),
];

describe('buildReport', () => {
  const report = run(base);
  const e = report.enforced;

  it('counts accounts that sent traffic, borrowed accounts under their owner', () => {
    // Active: h1 h2 h3 (distillers), c1 c2 e1 r1 (legitimate); h4 never sent. Actioned: h1, c2.
    // r1 is not: only the blended cluster's request through it was refused, never the reseller's.
    expect(e.accounts).toMatchObject({ tp: 1, fp: 1, fn: 2, tn: 3 });
    expect(e.accounts.precision).toBeCloseTo(1 / 2);
    expect(e.accounts.recall).toBeCloseTo(1 / 3);
  });

  it('attributes requests to the actor that sent them', () => {
    // 16 sends, 9 by distillers (blend's through r1 included); actioned: h1 ×2, blend ×1, c2 ×1.
    expect(report.requests).toBe(16);
    expect(report.unmatched).toBe(1);
    expect(report.statuses).toEqual({ '0': 1, '200': 11, '403': 3, '429': 1 });
    expect(e.requests).toMatchObject({ tp: 3, fp: 1, fn: 6, tn: 6 });
    expect(e.requests.precision).toBeCloseTo(0.75);
    const blend = e.actors.find((actor) => actor.name === 'blend')!;
    expect(blend).toMatchObject({
      activeAccounts: 0,
      actionedShare: null,
      caught: null,
      requests: 2,
      actionedRequests: 1,
    });
  });

  it('measures clusters caught and first action, counting never-actioned accounts as misses', () => {
    const hydra = e.actors.find((actor) => actor.name === 'hydra')!;
    expect(hydra).toMatchObject({ activeAccounts: 3, actionedAccounts: 1, caught: false });
    expect(hydra.actionedShare).toBeCloseTo(1 / 3);
    // h1: 2 requests and 2 s before its first block; h2, h3: never.
    expect(hydra.firstAction).toEqual({
      accounts: 3,
      missed: 2,
      medianRequests: null,
      p90Requests: null,
      medianSeconds: null,
      p90Seconds: null,
    });
    expect(e.firstAction.missed).toBe(2);
  });

  it('computes the share of each campaign’s output tokens served, after an action too', () => {
    const a = e.campaigns.find((campaign) => campaign.campaign === 'camp-a')!;
    expect(a).toMatchObject({ servedRequests: 5, servedTokens: 500, refusedRequests: 2 });
    expect(a.servedShare).toBeCloseTo(500 / 700);
    const b = e.campaigns.find((campaign) => campaign.campaign === 'camp-b')!;
    expect(b).toMatchObject({ servedRequests: 1, servedTokens: 300, refusedRequests: 1 });
    expect(b.servedShare).toBeCloseTo(0.5);
    // Nothing camp-a's accounts were served came after an action of theirs (h1's came before).
    expect(a.servedBeforeActionTokens).toBe(500);
  });

  it('tells the tokens served before an account’s first action from those served after it', () => {
    const degraded = (at: number) => {
      const item = exchange('hydra', 'h1', at, 'allow');
      return { ...item, record: { ...item.record!, action: 'degrade' as const, rule: 'd' } };
    };
    const r = run([
      exchange('hydra', 'h1', 0, 'allow'),
      degraded(10),
      exchange('hydra', 'h1', 20, 'allow'),
      exchange('hydra', 'h2', 30, 'allow'),
      exchange('hydra', 'h2', 40, 'block'),
    ]);
    const a = r.enforced.campaigns.find((campaign) => campaign.campaign === 'camp-a')!;
    expect(a).toMatchObject({ servedRequests: 4, servedTokens: 400, refusedRequests: 1 });
    // h1's first request and h2's: the degraded one is the action, the one after it is after.
    expect(a.servedBeforeActionTokens).toBe(200);
    expect(a.servedShare).toBeCloseTo(400 / 500);
    expect(a.servedBeforeActionShare).toBeCloseTo(200 / 500);
    // Both were their accounts' first requests.
    expect(a.servedOnFirstRequestTokens).toBe(200);
    expect(a.servedOnFirstRequestShare).toBeCloseTo(200 / 500);
  });

  it('tells the tokens served on an account’s first request from its later ones before action', () => {
    const r = run([
      exchange('hydra', 'h1', 0, 'allow', 100),
      exchange('hydra', 'h1', 10, 'allow', 200),
      exchange('hydra', 'h2', 20, 'allow', 400),
      exchange('hydra', 'h1', 30, 'block'),
      exchange('hydra', 'h2', 40, 'allow', 800),
    ]);
    const a = r.enforced.campaigns.find((campaign) => campaign.campaign === 'camp-a')!;
    // Before any action: 100 + 200 (h1) and 400 + 800 (h2, never actioned); first requests 100 + 400.
    expect(a.servedBeforeActionTokens).toBe(1500);
    expect(a.servedOnFirstRequestTokens).toBe(500);
    expect(a.servedOnFirstRequestShare).toBeCloseTo(500 / (1500 + 375));
  });

  it('reads a campaign’s harvest apart from its cover, a block met on cover ending both', () => {
    const cover = (item: ReturnType<typeof exchange>) => ({
      ...item,
      send: { ...item.send, cover: true },
    });
    const r = run([
      cover(exchange('hydra', 'h1', 0, 'allow', 300)),
      exchange('hydra', 'h1', 10, 'allow', 100),
      cover(exchange('hydra', 'h1', 20, 'allow', 300)),
      exchange('hydra', 'h1', 30, 'allow', 100),
      cover(exchange('hydra', 'h2', 40, 'block')),
      exchange('hydra', 'h2', 50, 'allow', 100),
      exchange('hydra', 'h2', 60, 'block'),
    ]);
    const a = r.enforced.campaigns.find((campaign) => campaign.campaign === 'camp-a')!;
    expect(a).toMatchObject({ servedTokens: 900, refusedRequests: 2, coverRequests: 3 });
    // Every request: 900 served of 900 + 2 × 180; h1's 800 before any action of its account.
    expect(a.servedShare).toBeCloseTo(900 / 1260);
    expect(a.servedBeforeActionShare).toBeCloseTo(800 / 1260);
    // The harvest alone: 300 served (three of 100) of 300 + 1 refused × 100.
    expect(a.harvestServedShare).toBeCloseTo(300 / 400);
    // h2's block came on a cover request: its harvest request after it was served after an action.
    expect(a.harvestServedBeforeActionShare).toBeCloseTo(200 / 400);
    // Printed with three more columns when a campaign has cover.
    const summary = { scenario: 't', seed: 1, scale: 1, duration: 1000, elapsed: 1000 };
    const row = formatReport(r, summary, true).find((line) => line.startsWith('camp-a'));
    expect(row?.split(/ {2,}/)).toEqual([
      'camp-a',
      '5',
      '900',
      '2',
      '71.4%',
      '63.5%',
      '23.8%', // h1's first request, cover, 300 of 1,260
      '3',
      '75.0%',
      '50.0%',
    ]);
    // Without cover the harvest shares are the shares.
    const plain = e.campaigns.find((campaign) => campaign.campaign === 'camp-a')!;
    expect(plain.coverRequests).toBe(0);
    expect(plain.harvestServedShare).toBe(plain.servedShare);
    expect(plain.harvestServedBeforeActionShare).toBe(plain.servedBeforeActionShare);
  });

  it('judges a blended campaign’s requests one by one: a block inside the reseller’s key acts on no account', () => {
    const r = run([
      exchange('blend', 'r1', 0, 'block'),
      exchange('blend', 'r1', 10, 'allow', 300),
      exchange('reseller', 'r1', 20, 'allow'),
    ]);
    const b = r.enforced.campaigns.find((campaign) => campaign.campaign === 'camp-b')!;
    expect(b).toMatchObject({ servedTokens: 300, servedBeforeActionTokens: 300 });
    // Not the reseller's action either.
    expect(r.enforced.legitimate.actionedAccounts).toBe(0);
  });

  it('reports false positives per legitimate persona and declared-use accounts', () => {
    const persona = (name: string) => e.personas.find((p) => p.persona === name)!;
    expect(persona('chat')).toMatchObject({
      activeAccounts: 2,
      actionedAccounts: 1,
      actionedShare: 0.5,
    });
    // The reseller's own requests were all served: refusing the blend inside it is no FP.
    expect(persona('reseller')).toMatchObject({ activeAccounts: 1, actionedAccounts: 0 });
    expect(persona('eval-harness')).toMatchObject({ activeAccounts: 1, actionedAccounts: 0 });
    expect(e.legitimate).toEqual({
      activeAccounts: 4,
      actionedAccounts: 1,
      actionedShare: 0.25,
      declaredUseActioned: 0,
      actionedIds: ['c2'],
    });
    // h1's blocks and c2's 429 were refusals; the blend's block inside r1 is not the reseller's.
    expect(e.felt).toEqual({ distillerAccounts: 1, legitimateAccounts: 1 });
  });

  it('tells accounts refused or degraded from those only admitted within a throttle budget', () => {
    const acted = (
      item: ReturnType<typeof exchange>,
      action: 'throttle' | 'degrade',
      status = 200,
    ) => ({
      send: { ...item.send, status, outputTokens: status === 200 ? item.send.outputTokens : 0 },
      record: { ...item.record!, action, rule: 'verified-throttle', status },
    });
    const built = run([
      acted(exchange('chat', 'c1', 0, 'allow'), 'throttle'), // served within its budget
      acted(exchange('chat', 'c2', 0, 'allow'), 'throttle', 429), // refused by it
      acted(exchange('hydra', 'h1', 0, 'allow'), 'degrade'),
      acted(exchange('hydra', 'h2', 0, 'allow'), 'throttle'),
      acted(exchange('hydra', 'h2', 10, 'allow'), 'throttle'),
      exchange('hydra', 'h3', 20, 'allow'),
    ]);
    const r = built.enforced;
    expect(r.legitimate.actionedAccounts).toBe(2);
    expect(r.accounts.tp).toBe(2);
    expect(r.felt).toEqual({ distillerAccounts: 1, legitimateAccounts: 1 });
    const summary = { scenario: 't', seed: 1, scale: 1, duration: 1000, elapsed: 1000 };
    const text = formatReport(built, summary, true);
    expect(text).toContain(
      "of the accounts actioned, refused or degraded at least once (more than a throttle's budget " +
        'they stayed within): distiller 1 of 2, legitimate 1 of 2',
    );
    // camp-a: 400 tokens served, h3's 100 of them before any action on its account, on its first
    // request.
    const row = text.find((line) => line.startsWith('camp-a'));
    expect(row?.split(/ {2,}/)).toEqual(['camp-a', '4', '400', '0', '100.0%', '25.0%', '25.0%']);
  });

  it('reads a shadowed refusal placed before an enforced throttle served within its budget as refused', () => {
    const item = exchange('hydra', 'h1', 0, 'allow');
    const throttled = {
      ...item,
      record: {
        ...item.record!,
        action: 'throttle' as const,
        rule: 'verified-throttle',
        mode: 'shadow' as const,
        shadow: { action: 'block' as const, rule: 'staged-block', reason: 'risk_score' },
      },
    };
    const r = run([throttled]);
    expect(r.enforced.felt.distillerAccounts).toBe(0);
    expect(r.shadow.felt.distillerAccounts).toBe(1);
    const a = r.shadow.campaigns.find((campaign) => campaign.campaign === 'camp-a')!;
    expect(a).toMatchObject({ servedRequests: 0, refusedRequests: 1, servedBeforeActionTokens: 0 });
  });

  it('lists the factors and families of actioned decisions', () => {
    expect(e.factors).toEqual([{ name: 'templates.shared_rare', count: 3 }]);
    expect(e.families).toEqual([
      { name: 'cluster', count: 3 },
      { name: 'templates', count: 3 },
    ]);
  });

  it('checks the targets', () => {
    expect(report.targets.map((t) => [t.value, t.pass])).toEqual([
      ['33.3%', false],
      ['0/0', true],
      ['never', false],
      ['worst 71.4%', false],
      ['25.0% (1/4)', false],
      ['0', true],
    ]);
  });

  it('reads shadowed rules as what would have happened', () => {
    const s = report.shadow;
    // h2 would have been blocked at its second request (r1 stays a true negative: see above).
    expect(s.accounts).toMatchObject({ tp: 2, fp: 1, fn: 1, tn: 3 });
    const hydra = s.actors.find((actor) => actor.name === 'hydra')!;
    expect(hydra.firstAction).toMatchObject({ missed: 1, medianRequests: 2, medianSeconds: 2 });
    // The shadow-blocked request was served, but would have been refused.
    const a = s.campaigns.find((campaign) => campaign.campaign === 'camp-a')!;
    expect(a).toMatchObject({ servedRequests: 4, servedTokens: 400, refusedRequests: 3 });
    expect(a.servedShare).toBeCloseTo(400 / 700);
  });

  it('treats a policy in shadow mode as not enforced, a staged rule beside an action as enforced', () => {
    const distiller = exchange('hydra', 'h1', 0, 'allow');
    const shadowMode = run([exchange('eval', 'e1', 0, 'shadow-mode'), distiller]);
    expect(shadowMode.enforced.legitimate.declaredUseActioned).toBe(0);
    expect(shadowMode.shadow.legitimate.declaredUseActioned).toBe(1);
    expect(shadowMode.shadowTargets.at(-1)).toMatchObject({ value: '1', pass: false });
    // `mode: shadow` beside an enforced action (a staged rule matched too): the action counts.
    const staged = run([exchange('chat', 'c1', 0, 'degrade-staged'), distiller]);
    expect(staged.enforced.legitimate.actionedAccounts).toBe(1);
    expect(staged.shadow.legitimate.actionedAccounts).toBe(1);
  });

  it('reads a shadowed throttle as refused only where its limit or budget would have refused', () => {
    const staged = (at: number, reason: string) => {
      const item = exchange('hydra', 'h1', at, 'allow');
      const shadow = { action: 'throttle' as const, rule: 'verified-throttle', reason };
      return { ...item, record: { ...item.record!, mode: 'shadow' as const, shadow } };
    };
    const r = run([staged(0, 'risk_score_capped'), staged(1000, 'limit:tier:2x.requests')]);
    const a = r.shadow.campaigns.find((campaign) => campaign.campaign === 'camp-a')!;
    expect(a).toMatchObject({ servedRequests: 1, servedTokens: 100, refusedRequests: 1 });
    expect(r.shadow.accounts.tp).toBe(1);
    expect(r.shadow.felt.distillerAccounts).toBe(1);
    // Within its budget only: the account is actioned, but felt nothing.
    const within = run([staged(0, 'risk_score_capped')]).shadow;
    expect([within.accounts.tp, within.felt.distillerAccounts]).toEqual([1, 0]);
  });

  it('passes the targets when every distiller account is refused at once', () => {
    const hydra = Array.from({ length: 20 }, (_, i) => [
      exchange('hydra', `h${i}`, i, 'allow'),
      exchange('hydra', `h${i}`, 100 + i, 'block'),
    ]).flat();
    const many: GroundTruth = {
      ...truth,
      actors: truth.actors.map((actor) =>
        actor.name === 'hydra'
          ? { ...actor, accounts: Array.from({ length: 20 }, (_, i) => `h${i}`) }
          : actor,
      ),
      accounts: [
        ...truth.accounts.filter((account) => !account.id.startsWith('h')),
        ...Array.from({ length: 20 }, (_, i) => ({
          id: `h${i}`,
          owner: 'hydra',
          declaredUse: undefined,
        })),
      ],
    };
    const sends = [...hydra, exchange('chat', 'c1', 5, 'allow')];
    const result = buildReport({
      sends: sends.map((item) => item.send),
      records: sends.flatMap((item) => (item.record ? [item.record] : [])),
      truth: many,
    });
    // Each account served one of two requests: 2,000 tokens served of 4,000 in all.
    expect(result.enforced.campaigns[0]!.servedShare).toBeCloseTo(0.5);
    expect(result.targets.map((t) => t.pass)).toEqual([true, true, true, false, true, true]);
    expect(result.enforced.firstAction).toMatchObject({ medianRequests: 1, missed: 0 });
  });
});

describe('quantile', () => {
  it('is the nearest rank, null on a miss', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(quantile([1, Infinity], 0.9)).toBeNull();
    expect(quantile([], 0.5)).toBeNull();
  });
});
