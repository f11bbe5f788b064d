/**
 * Decision records for tests: arbitrary ones for property tests (the serializer's round trip, the
 * log reader's fast path and fallback agreeing), and a plain one to change field by field.
 */
import fc from 'fast-check';
import type { LoggedRecord } from '../../src/decision-log/logged-record.ts';
import type { ReadSummary } from '../../src/decision-log/read-logs.ts';
import { parseRecordLine } from '../../src/decision-log/parse-record.ts';
import type { DecisionRecord } from '../../src/decision-log/record.ts';
import { serializeDecisionRecord } from '../../src/decision-log/serialize-record.ts';

const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null });
const count = fc.integer({ min: 0, max: 2 ** 40 });
const float = fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true });

/**
 * Any decision record the serializer may meet. `text` makes every free string (binary by
 * default: quotes, backslashes, control characters, lone surrogates).
 */
export function recordArbitraryOf(
  text: fc.Arbitrary<string> = fc.string({ unit: 'binary', maxLength: 40 }),
): fc.Arbitrary<DecisionRecord> {
  return fc
    .record({
      v: fc.constant(9),
      ts: fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
      request_id: text,
      account: maybe(text),
      org: maybe(text),
      tier: maybe(text),
      key_id: maybe(text),
      credential: maybe(fc.constantFrom('api_key', 'jwt')),
      account_age_days: maybe(count),
      verified: maybe(fc.boolean()),
      programme: maybe(text),
      declared_use: maybe(text),
      labels: fc.array(text, { maxLength: 3 }),
      client_ip_prefix: text,
      method: text,
      route: maybe(text),
      dialect: maybe(text),
      model: maybe(text),
      stream: maybe(fc.boolean()),
      max_tokens: maybe(count),
      messages: maybe(count),
      tools: maybe(count),
      thinking: maybe(fc.boolean()),
      choices: maybe(count),
      end_user: maybe(fc.stringMatching(/^[0-9a-f]{16}$/)),
      templates: maybe(fc.tuple(count, count, count)),
      bytes_in: count,
      action: fc.constantFrom('allow', 'observe', 'block', 'reject'),
      mode: fc.constantFrom('enforce', 'shadow'),
      rule: maybe(text),
      reason: text,
      shadow: maybe(
        fc.record({
          action: fc.constantFrom('allow', 'observe', 'block'),
          rule: text,
          reason: text,
        }),
      ),
      policy_version: maybe(text),
      score: fc.double({ min: 0, max: 1, noNaN: true }),
      factors: fc.array(fc.record({ signal: text, value: float, contribution: float }), {
        maxLength: 3,
      }),
      families: fc.array(text, { maxLength: 3 }),
      activation: maybe(
        fc.record(
          {
            volume: fc.double({ min: 0, max: 1, noNaN: true }),
            harvest: fc.double({ min: 0, max: 1, noNaN: true }),
            cluster: fc.double({ min: 0, max: 1, noNaN: true }),
          },
          { requiredKeys: [] },
        ),
      ),
      cluster: maybe(
        fc.record({
          id: text,
          link: text,
          accounts: count,
          risk: fc.double({ min: 0, max: 1, noNaN: true }),
          flagged: fc.boolean(),
          specific: fc.boolean(),
        }),
      ),
      degraded: maybe(fc.array(text, { maxLength: 4 })),
      decoys: maybe(fc.record({ injected: count, intercepted: count, seen: maybe(text) })),
      status: fc.integer({ min: 100, max: 599 }),
      error: maybe(text),
      detail: maybe(text),
      outcome: fc.constantFrom(
        'completed',
        'rejected',
        'blocked',
        'client_aborted',
        'upstream_error',
        'cut',
      ),
      tokens_in: maybe(count),
      tokens_out: maybe(count),
      tokens_out_estimated: fc.boolean(),
      bytes_out: count,
      latency_ms: fc.record({
        total: float,
        proxy: float,
        upstream: float,
        upstream_ttfb: maybe(float),
      }),
      // v9's field derived, not drawn: a new draw would shift every later record's values, and the
      // backtest's report fixture (test/fixtures/backtest-reports.json) reads logs made of them.
      // Put where the serializer writes it (after `templates`): the record keeps its key order.
    })
    .map((drawn) => {
      const record: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(drawn)) {
        record[key] = value;
        if (key === 'templates') record['harvest_shape'] = drawn.templates?.[1] ?? null;
      }
      return record as unknown as DecisionRecord;
    });
}

export const recordArbitrary = recordArbitraryOf();

/** An id as the proxy makes them: `req_`, 12 characters of its process, its counter in base 36. */
export const proxyRequestId: fc.Arbitrary<string> = fc
  .tuple(
    fc.string({ unit: fc.constantFrom('a', 'Z', '0', '-', '_'), minLength: 12, maxLength: 12 }),
    fc.nat(),
  )
  .map(([prefix, counter]) => `req_${prefix}${counter.toString(36)}`);

/** `records`, half of them with an id as the proxy makes them (whose counter is `arrival`). */
export function withProxyIds(records: fc.Arbitrary<DecisionRecord>): fc.Arbitrary<DecisionRecord> {
  return fc
    .tuple(records, fc.option(proxyRequestId, { nil: undefined }))
    .map(([record, id]) => (id === undefined ? record : { ...record, request_id: id }));
}

/** Strings without anything JSON escapes: lines the reader's fast path must take. */
export const plainText = fc.string({
  unit: fc.constantFrom('a', 'b', 'c', 'X', 'Z', '0', '9', '_', '-', '.', ':', '/', ' ', 'é', '€'),
  maxLength: 24,
});

/** A plain allowed request of `account`, as the proxy logs it; `extra` changes any field. */
export function decisionRecord(extra: Partial<DecisionRecord> = {}): DecisionRecord {
  return {
    v: 9,
    ts: '2026-12-01T10:00:00.000Z',
    request_id: 'req_1',
    account: 'acct_a',
    org: 'org_a',
    tier: 'default',
    key_id: 'key_a',
    credential: 'api_key',
    account_age_days: 100,
    verified: false,
    programme: null,
    declared_use: null,
    labels: [],
    client_ip_prefix: '10.0.0.0/24',
    method: 'POST',
    route: 'anthropic.messages',
    dialect: 'anthropic',
    model: 'claude-sim-4',
    stream: false,
    max_tokens: 1000,
    messages: 1,
    tools: 0,
    thinking: false,
    choices: 1,
    end_user: null,
    templates: [0, 0, 0],
    harvest_shape: 0,
    bytes_in: 400,
    action: 'allow',
    mode: 'enforce',
    rule: null,
    reason: 'default',
    shadow: null,
    policy_version: 'pol_test',
    score: 0,
    factors: [],
    families: [],
    activation: null,
    cluster: null,
    degraded: null,
    decoys: null,
    status: 200,
    error: null,
    detail: null,
    outcome: 'completed',
    tokens_in: 100,
    tokens_out: 500,
    tokens_out_estimated: false,
    bytes_out: 2000,
    latency_ms: { total: 100, proxy: 1, upstream: 99, upstream_ttfb: 10 },
    ...extra,
  };
}

/** The record as review and backtest read it back from a log line. */
export function loggedRecord(extra: Partial<DecisionRecord> = {}): LoggedRecord {
  const parsed = parseRecordLine(serializeDecisionRecord(decisionRecord(extra)));
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

/** A read of nothing, for aggregates fed records by hand. */
export const EMPTY_INPUT: ReadSummary = {
  inputs: [],
  bytes: 0,
  lines: 0,
  records: 0,
  skipped: 0,
  damaged: 0,
  problems: [],
  versions: {},
};
