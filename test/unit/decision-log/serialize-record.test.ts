import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DecisionRecord } from '../../../src/decision-log/record.ts';
import { serializeDecisionRecord } from '../../../src/decision-log/serialize-record.ts';

const text = fc.string({ unit: 'binary', maxLength: 40 });
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null });
const count = fc.integer({ min: 0, max: 2 ** 40 });
const float = fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true });

const recordArbitrary: fc.Arbitrary<DecisionRecord> = fc.record({
  v: fc.constant(5),
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
  end_user: maybe(fc.integer({ min: 1, max: 2 ** 32 - 1 })),
  templates: maybe(fc.tuple(count, count, count)),
  bytes_in: count,
  action: fc.constantFrom('allow', 'observe', 'block', 'reject'),
  mode: fc.constantFrom('enforce', 'shadow'),
  rule: maybe(text),
  reason: text,
  shadow: maybe(
    fc.record({ action: fc.constantFrom('allow', 'observe', 'block'), rule: text, reason: text }),
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
  bytes_out: count,
  latency_ms: fc.record({
    total: float,
    proxy: float,
    upstream: float,
    upstream_ttfb: maybe(float),
  }),
});

describe('serializeDecisionRecord', () => {
  it('is a single line of JSON that parses back to the same record (property)', () => {
    fc.assert(
      fc.property(recordArbitrary, (record) => {
        const line = serializeDecisionRecord(record);
        expect(line).not.toMatch(/[\n\r]/);
        expect(JSON.parse(line)).toEqual(JSON.parse(JSON.stringify(record)));
      }),
      { numRuns: 500 },
    );
  });

  it('writes non-finite numbers as null, as JSON.stringify would', () => {
    const [record] = fc.sample(recordArbitrary, { numRuns: 1, seed: 7 });
    const hostile = {
      ...record!,
      bytes_in: Number.NaN,
      latency_ms: { ...record!.latency_ms, total: Number.POSITIVE_INFINITY },
    };
    const parsed = JSON.parse(serializeDecisionRecord(hostile)) as DecisionRecord;
    expect(parsed.bytes_in).toBeNull();
    expect(parsed.latency_ms.total).toBeNull();
  });
});
