/**
 * A synthetic decision log for loadtest/ndjson-bench.ts, written with the proxy's own serializer:
 * a day of traffic from tens of thousands of accounts (a few heavy, most light), three quarters
 * plain allowed requests that scored nothing, the rest scored — observed, blocked, throttled or
 * degraded — with factors, activations, cluster links, end users and template fingerprints in
 * the proportions the simulator's default scenario shows; a few rejects. Seeded: reproducible.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { DECISION_RECORD_VERSION, type DecisionRecord } from '../src/decision-log/record.ts';
import type { Factor } from '../src/detection/score.ts';
import { serializeDecisionRecord } from '../src/decision-log/serialize-record.ts';
import { createRng, type Rng } from '../src/simulator/rng.ts';

const DAY_MS = 86_400_000;
const TIERS = ['free', 'default', 'standard', 'scale', 'enterprise'];
const MODELS = ['claude-sim-4', 'claude-sim-4-mini', 'gpt-sim-4o', 'gpt-sim-4o-mini'];
const ROUTES = [
  ['anthropic.messages', 'anthropic'],
  ['openai.chat_completions', 'openai'],
  ['openai.responses', 'openai'],
] as const;
const FACTORS = [
  ['templates.top_share', 'templates', 0.3],
  ['elicitation.share', 'elicitation', 0.35],
  ['harvest.max_tokens_share', 'harvest', 0.3],
  ['volume.request_rate', 'volume', 0.35],
  ['provenance.account_age_days', 'provenance', 0.25],
] as const;
const LINKS = ['skeleton', 'template_tail', 'near_duplicate', 'harvest_shape', 'client'];

interface Account {
  readonly id: string;
  readonly org: string | null;
  readonly tier: string;
  readonly age: number;
  readonly verified: boolean;
  readonly declared: string | null;
  readonly risky: boolean;
}

function accounts(rng: Rng, count: number): Account[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `acct_${i.toString(36).padStart(5, '0')}_${rng.int(1000, 9999)}`,
    org: rng.chance(0.6) ? `org_${rng.int(1, count / 20)}` : null,
    tier: rng.pick(TIERS),
    age: rng.int(0, 900),
    verified: rng.chance(0.3),
    declared: rng.chance(0.03) ? rng.pick(['eval', 'batch']) : null,
    risky: rng.chance(0.08),
  }));
}

function scored(
  rng: Rng,
  risky: boolean,
): Pick<DecisionRecord, 'score' | 'factors' | 'families' | 'activation' | 'cluster'> {
  const picked = FACTORS.filter(() => rng.chance(risky ? 0.6 : 0.25));
  const factors: Factor[] = picked.map(([signal, , weight]) => {
    const activation = Math.round(rng.next() * 1000) / 1000;
    return {
      signal,
      value: Math.round(rng.next() * 100_000) / 1000,
      contribution: Math.round(activation * weight * 1000) / 1000,
    };
  });
  const clusterRisk = risky && rng.chance(0.7) ? Math.round(rng.next() * 1000) / 1000 : 0;
  const activation: Record<string, number> = {};
  for (const [i, [, family]] of picked.entries())
    activation[family] = Math.round(((factors[i]?.contribution ?? 0) / 0.3) * 1000) / 1000;
  if (clusterRisk > 0) {
    activation['cluster'] = clusterRisk;
    factors.push({
      signal: 'cluster.risk.skeleton',
      value: clusterRisk,
      contribution: Math.round(clusterRisk * 850) / 1000,
    });
  }
  const families = Object.keys(activation);
  const score = Math.min(1, Math.round(families.length * rng.next() * 400) / 1000);
  return {
    score,
    factors,
    families,
    activation: families.length === 0 ? null : activation,
    cluster:
      clusterRisk === 0
        ? null
        : {
            id: `cl_${rng.int(1, 400).toString(16)}a5853ee`,
            link: rng.pick(LINKS),
            accounts: rng.int(3, 300),
            risk: clusterRisk,
            flagged: clusterRisk > 0.6,
            specific: rng.chance(0.5),
          },
  };
}

function decision(
  score: number,
  account: Account,
): Pick<DecisionRecord, 'action' | 'rule' | 'reason' | 'status' | 'outcome' | 'error' | 'detail'> {
  const ok = { status: 200, outcome: 'completed' as const, error: null, detail: null };
  if (account.declared !== null && score >= 0.45)
    return { action: 'observe', rule: 'declared-use-cap', reason: 'risk_score_capped', ...ok };
  if (score >= 0.75)
    return {
      action: 'block',
      rule: 'risk-block',
      reason: 'risk_score',
      status: 403,
      outcome: 'blocked',
      error: 'DG_ERR_BLOCKED',
      detail: 'risk_score',
    };
  if (score >= 0.6)
    return { action: 'throttle', rule: 'throttle-suspects', reason: 'risk_score', ...ok };
  if (score >= 0.45)
    return { action: 'observe', rule: 'risk-observe', reason: 'risk_score', ...ok };
  return { action: 'allow', rule: null, reason: 'default', ...ok };
}

/**
 * How request ids are written: `compact` (`req_` + the record's number + six digits: the recorded
 * backtest reports' input, test/fixtures/backtest-reports.json) or as the proxy makes them (`req_`,
 * one of three replicas' 12-character prefixes, the number in base 36: what the backtest's
 * readers parse for each record's arrival).
 */
export type SyntheticIds = 'compact' | 'proxy';
const REPLICA_PREFIXES = ['3pQz0aK-x_9L', 'Vb7m2Tn_Qe4w', 'k0Hs-9dYcR1u'] as const;

function requestId(n: number, draw: number, ids: SyntheticIds): string {
  return ids === 'compact'
    ? `req_${n.toString(36)}${draw}`
    : `req_${REPLICA_PREFIXES[draw % 3] as string}${n.toString(36)}`;
}

function record(
  rng: Rng,
  account: Account,
  at: number,
  n: number,
  ids: SyntheticIds,
): DecisionRecord {
  const [route, dialect] = rng.pick(ROUTES);
  const score = account.risky || rng.chance(0.2) ? scored(rng, account.risky) : undefined;
  const d = score === undefined ? decision(0, account) : decision(score.score, account);
  const reject = rng.chance(0.01);
  const served = !reject && d.action !== 'block';
  const maxTokens = rng.pick([256, 1024, 4096, 32_000]);
  const total = served ? Math.round(rng.exponential(800) * 1000) / 1000 : 1.2;
  return {
    v: DECISION_RECORD_VERSION,
    ts: new Date(at).toISOString(),
    request_id: requestId(n, rng.int(100_000, 999_999), ids),
    account: reject ? null : account.id,
    org: reject ? null : account.org,
    tier: reject ? null : account.tier,
    key_id: reject ? null : `key_${account.id.slice(5, 15)}`,
    credential: reject ? null : 'api_key',
    account_age_days: reject ? null : account.age,
    verified: reject ? null : account.verified,
    programme: null,
    declared_use: reject ? null : account.declared,
    labels: [],
    client_ip_prefix: `${rng.int(1, 223)}.${rng.int(0, 255)}.${rng.int(0, 255)}.0/24`,
    method: 'POST',
    route,
    dialect,
    model: rng.pick(MODELS),
    stream: rng.chance(0.4),
    max_tokens: maxTokens,
    messages: rng.int(1, 12),
    tools: rng.chance(0.2) ? rng.int(1, 8) : 0,
    thinking: rng.chance(0.1),
    choices: 1,
    end_user: rng.chance(0.2)
      ? rng
          .int(1, 2 ** 32 - 1)
          .toString(16)
          .padStart(16, '0')
      : null,
    templates: [rng.int(1, 2 ** 32) + 2 ** 32, rng.int(1, 2 ** 32) + 2 ** 33, 0],
    harvest_shape: 0,
    bytes_in: rng.int(200, 20_000),
    ...(reject
      ? {
          action: 'reject',
          rule: null,
          reason: 'DG_ERR_UNAUTHENTICATED',
          status: 401,
          outcome: 'rejected',
          error: 'DG_ERR_UNAUTHENTICATED',
          detail: 'unknown_key',
        }
      : d),
    mode: 'enforce',
    shadow: null,
    policy_version: 'pol_6279ae9a38ce',
    score: score?.score ?? 0,
    factors: score?.factors ?? [],
    families: score?.families ?? [],
    activation: score?.activation ?? null,
    cluster: score?.cluster ?? null,
    degraded: null,
    decoys: null,
    tokens_in: served ? rng.int(50, 5000) : null,
    tokens_out: served ? rng.int(10, Math.min(maxTokens, 6000)) : null,
    tokens_out_estimated: false,
    bytes_out: served ? rng.int(300, 30_000) : 0,
    latency_ms: {
      total,
      proxy: 0.412,
      upstream: served ? total - 0.412 : 0,
      upstream_ttfb: served ? 12.5 : null,
    },
  };
}

/** Writes about `bytes` of log to `file`; returns the records written. */
export async function writeSyntheticLog(
  file: string,
  bytes: number,
  seed = 1,
  ids: SyntheticIds = 'compact',
): Promise<number> {
  const rng = createRng(seed);
  const pool = accounts(rng.fork('accounts'), 50_000);
  const traffic = rng.fork('traffic');
  const out = createWriteStream(file);
  const start = Date.parse('2026-12-01T00:00:00.000Z');
  // Spread over a day, in order: the records a day of this size holds.
  const step = DAY_MS / Math.max(1, bytes / 1200);
  let written = 0;
  let n = 0;
  let batch: string[] = [];
  while (written < bytes) {
    // A few heavy accounts send much of the traffic (index skewed towards 0).
    const account = pool[Math.floor(pool.length * traffic.next() ** 3)] as Account;
    const at = start + Math.floor(n * step);
    const line = serializeDecisionRecord(record(traffic, account, at, n, ids));
    batch.push(line);
    written += line.length + 1;
    n++;
    if (batch.length === 4096) {
      if (!out.write(`${batch.join('\n')}\n`)) await once(out, 'drain');
      batch = [];
    }
  }
  out.end(batch.length > 0 ? `${batch.join('\n')}\n` : '');
  await once(out, 'finish');
  return n;
}
