/**
 * Varied decision logs and configs for the backtest's tests that compare whole reports: traffic of
 * a few accounts with limits, remembered blocks, challenges and degradations at work, records
 * logged out of start order (some beyond the re-sorting window), rejects, records of versions 2 to
 * 7 (v7: streams cut short with their output estimated), lines the lean reader leaves to JSON.parse
 * (escapes, odd key order), damaged and truncated lines; written plain, gzip and truncated gzip.
 * Seeded: the same files on every run.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { loadBacktestConfig } from '../../src/backtest/backtest-logs.ts';
import type { RuntimeConfig } from '../../src/config/load-config.ts';
import { deepMerge } from '../../src/config/load-config.ts';
import type { DecisionRecord } from '../../src/decision-log/record.ts';
import { serializeDecisionRecord } from '../../src/decision-log/serialize-record.ts';
import { createRng } from '../../src/simulator/rng.ts';
import { baseConfig } from './harness.ts';
import { decisionRecord, recordArbitrary } from './record-arbitrary.ts';

export const START = Date.parse('2026-12-01T10:00:00.000Z');

/**
 * The test harness's config with these policy `rules`, written to `dir/name` and loaded as a
 * backtest loads it.
 */
export async function policyConfig(
  dir: string,
  name: string,
  rules: unknown[],
): Promise<RuntimeConfig> {
  const file = join(dir, name);
  await writeFile(
    file,
    stringify(deepMerge(baseConfig(dir, 'http://127.0.0.1:9'), { policy: { rules } })),
  );
  const loaded = await loadBacktestConfig(file);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return loaded.config;
}
const ACTIONS = ['allow', 'observe', 'throttle', 'degrade', 'block', 'reject'] as const;

/** Traffic of a few accounts, a few of them risky, over about an hour. */
function traffic(count: number, seed: number): DecisionRecord[] {
  const rng = createRng(seed);
  const out: DecisionRecord[] = [];
  for (let i = 0; i < count; i++) {
    const n = rng.int(0, 39);
    const risky = n < 6;
    const score = risky ? Math.round(rng.next() * 1000) / 1000 : rng.chance(0.1) ? 0.31 : 0;
    // Logged when the response ended: mostly in order, some long requests far behind.
    const lag = rng.chance(0.02) ? rng.int(60_000, 1_500_000) : rng.int(0, 2_000);
    const action = rng.chance(0.05) ? 'reject' : (rng.pick(ACTIONS) as DecisionRecord['action']);
    out.push(
      decisionRecord({
        ts: new Date(START + i * 1_000 - lag).toISOString(),
        request_id: `req_${seed}_${i}`,
        account: action === 'reject' ? null : `acct_${n.toString().padStart(3, '0')}_long_id`,
        org: n % 3 === 0 ? `org_${n % 7}` : null,
        tier: rng.pick(['default', 'standard', 'free']),
        verified: n % 5 === 0,
        declared_use: n === 7 ? 'eval' : null,
        labels: n === 9 ? ['partner'] : [],
        client_ip_prefix: `10.${n}.${rng.int(0, 255)}.0/24`,
        stream: rng.chance(0.5),
        max_tokens: rng.chance(0.9) ? rng.pick([256, 1024, 4096]) : null,
        end_user: rng.chance(0.3) ? rng.int(1, 20).toString(16).padStart(16, '0') : null,
        templates: rng.chance(0.9) ? [rng.int(1, 30), rng.int(1, 30), 0] : null,
        action,
        rule: action === 'allow' || action === 'reject' ? null : `rule-${action}`,
        reason: action === 'reject' ? 'DG_ERR_UNAUTHENTICATED' : 'risk_score',
        outcome: action === 'block' ? 'blocked' : action === 'reject' ? 'rejected' : 'completed',
        status: action === 'block' ? 403 : action === 'reject' ? 401 : 200,
        score,
        factors:
          score > 0
            ? [{ signal: 'harvest.max_tokens_share', value: 0.9, contribution: score }]
            : [],
        families: score > 0 ? ['harvest', 'volume'] : [],
        activation: score > 0 ? { harvest: score, volume: Math.round(score * 500) / 1000 } : null,
        cluster:
          risky && rng.chance(0.7)
            ? {
                id: `cl_s${n % 3}a5853ee`,
                link: rng.pick(['skeleton', 'client']),
                accounts: rng.int(3, 50),
                risk: score,
                flagged: rng.chance(0.5),
                specific: rng.chance(0.5),
              }
            : null,
        tokens_in: rng.chance(0.95) ? rng.int(10, 4000) : null,
        tokens_out: action === 'block' ? null : rng.int(10, 3000),
        // Streams that did not reach their end log an estimate (v7); no draw from rng: the
        // rest of the log stays as it was.
        tokens_out_estimated: action !== 'block' && i % 11 === 3,
        latency_ms: {
          total: rng.int(50, 90_000),
          proxy: 0.4,
          upstream: 10,
          upstream_ttfb: action === 'block' ? null : 12.5,
        },
      }),
    );
  }
  return out;
}

/** A record as an older writer logged it: the fields its version lacked left out. */
function older(record: DecisionRecord, v: 2 | 3 | 4): string {
  const lacked = new Set([
    'end_user',
    'templates',
    'harvest_shape',
    'activation',
    'decoys',
    'tokens_out_estimated',
  ]);
  const out = Object.fromEntries(Object.entries(record).filter(([name]) => !lacked.has(name)));
  out['v'] = v;
  if (v < 4) delete out['degraded'];
  if (v < 3) delete out['cluster'];
  return JSON.stringify(out);
}

export function logText(seed: number): string {
  const lines = traffic(2_500, seed).map((record, i) => {
    if (i % 97 === 0) return older(record, 2);
    if (i % 89 === 0) return older(record, 3);
    if (i % 83 === 0) return older(record, 4);
    // v6, in the serializer's layout: no tokens_out_estimated (the lean reader's path).
    if (i % 7 === 0)
      return serializeDecisionRecord({
        ...record,
        tokens_out_estimated: undefined as never,
      }).replace('{"v":9,', '{"v":6,');
    // Another key order: read by JSON.parse, not the scanner.
    if (i % 79 === 0) return JSON.stringify(Object.fromEntries(Object.entries(record).reverse()));
    return serializeDecisionRecord(record);
  });
  // Anything the serializer may meet (escapes, control characters, lone surrogates).
  const odd = fc
    .sample(recordArbitrary, { numRuns: 200, seed })
    .map((record) => serializeDecisionRecord(record));
  for (const [k, line] of odd.entries()) lines.splice(k * 12 + 5, 0, line);
  lines.splice(40, 0, lines[41]?.slice(0, 300) ?? ''); // truncated
  lines.splice(90, 0, 'not json at all', '', '{"v":9,"ts":"2026-12-01T10:00:00.000Z"}');
  lines.splice(700, 0, '{"v":5}');
  return `${lines.join('\n')}\n${lines[100]?.slice(0, 200) ?? ''}`; // no final newline
}

async function configFile(
  dir: string,
  name: string,
  policy: unknown,
  detection: unknown = {},
): Promise<string> {
  const file = join(dir, name);
  await writeFile(
    file,
    stringify(deepMerge(baseConfig(dir, 'http://127.0.0.1:9'), { policy, detection })),
  );
  return file;
}

/** A baseline config and a candidate that limits, remembers blocks, challenges and degrades. */
export async function writeBacktestConfigs(
  dir: string,
): Promise<{ candidate: string; baseline: string }> {
  const baseline = await configFile(dir, 'baseline.yaml', {
    rules: [
      { id: 'risk-block', when: { score: { gte: 0.8 } }, action: 'block' },
      { id: 'risk-observe', when: { score: { gte: 0.3 } }, action: 'observe' },
    ],
  });
  const candidate = await configFile(
    dir,
    'candidate.yaml',
    {
      challenge: { url: 'https://example.invalid/verify', tier: 'free', duration: '10m' },
      limits: [
        {
          id: 'suspects',
          scope: 'account',
          applies: 'throttled',
          requests: { limit: 3, per: '1m' },
          output_tokens: { limit: 9000, per: '1m' },
        },
        // Buckets per key id and per org: the replay reads both from each record (the lean
        // reader keeps them in the account's table slot), so whole reports must cover them.
        { id: 'per-key', scope: 'key', requests: { limit: 5, per: '1m' } },
        { id: 'per-org', scope: 'org', output_tokens: { limit: 20000, per: '1m' } },
      ],
      rules: [
        { id: 'partners', when: { account: { labels: { any: ['partner'] } } }, action: 'allow' },
        {
          id: 'risk-block',
          when: { score: { gte: 0.7 }, families: { min: 2 } },
          action: 'block',
          remember: { end_user: '24h', content: '1h', cluster: '1h' },
        },
        { id: 'flagged', when: { cluster: { flagged: true } }, action: 'challenge' },
        {
          id: 'degrade-eval',
          when: { score: { gte: 0.4 }, account: { declared_use: true } },
          action: 'degrade',
          degrade: { max_tokens: 200 },
        },
        {
          id: 'throttle',
          when: { score: { gte: 0.45 } },
          action: 'throttle',
          limits: ['suspects'],
        },
        { id: 'risk-observe', when: { score: { gte: 0.3 } }, action: 'observe' },
      ],
    },
    { weights: { harvest: 0.5, volume: 0.6 } },
  );
  return { candidate, baseline };
}

/** Three logs of logText: plain, gzip, and gzip cut off at 60 %. */
export async function writeBacktestLogs(
  dir: string,
): Promise<{ plain: string; gzip: string; truncated: string }> {
  const plain = join(dir, 'decisions.ndjson');
  await writeFile(plain, logText(1));
  const gzip = join(dir, 'decisions.ndjson.1');
  await writeFile(gzip, gzipSync(Buffer.from(logText(2))));
  const truncated = join(dir, 'decisions.ndjson.2');
  const whole = gzipSync(Buffer.from(logText(3)));
  await writeFile(truncated, whole.subarray(0, Math.floor(whole.length * 0.6)));
  return { plain, gzip, truncated };
}
