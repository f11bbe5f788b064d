/**
 * Policy evaluation microbenchmark (issue 5's target: 50 rules ≤ 2 µs median). Builds a policy of
 * 50 rules of every condition kind through the real config schema and compiler, then times
 * `evaluatePolicy` over a mix of requests: most match no rule until the last (the whole list is
 * walked), some match early, some carry a cluster. Batches of BATCH calls, the median of the batch
 * means per call; the p99 of batch means shows the spread. `--write` records the "policy" section
 * of loadtest/RESULTS.md.
 *
 *   node loadtest/policy-bench.ts [--seconds 4] [--write]
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Account } from '../src/account/account.ts';
import { configSchema } from '../src/config/schema.ts';
import type { Score } from '../src/detection/score.ts';
import { compilePolicy } from '../src/policy/compile-policy.ts';
import { evaluatePolicy } from '../src/policy/evaluate-policy.ts';
import type { RuleInput } from '../src/policy/rule-schema.ts';
import type { RequestFacts } from '../src/signals/request-facts.ts';
import { describeRun } from './machine.ts';
import { writeSection } from './results-file.ts';

const HERE = import.meta.dirname;
const BATCH = 1000;
const TARGET_MEDIAN_US = 2;

/** 50 rules: ten shapes, five variants each, ordered from specific to broad, as operators write. */
function rules(): RuleInput[] {
  const out: RuleInput[] = [];
  for (let v = 0; v < 5; v++) {
    const high = 0.95 - v * 0.01;
    out.push(
      {
        id: `model-${v}`,
        when: { model: [`legacy-model-${v}`], score: { gte: 0.3 } },
        action: 'block',
      },
      {
        id: `route-${v}`,
        when: { route: ['openai.completions'], dialect: ['openai'], stream: v % 2 === 0 },
        action: 'observe',
      },
      {
        id: `factor-${v}`,
        when: { factors: { 'grading.share': { gte: 0.9 - v * 0.01 } }, families: { min: 3 } },
        action: 'block',
      },
      {
        id: `young-${v}`,
        when: {
          account: { age_days: { lt: 2 + v }, verified: false, tier: ['free'] },
          score: { gte: high },
        },
        action: 'block',
      },
      {
        id: `labels-${v}`,
        when: { account: { labels: { any: [`campaign-${v}`] } }, score: { gte: 0.2 } },
        action: 'block',
      },
      {
        id: `cluster-${v}`,
        when: { cluster: { flagged: true, accounts: { gte: 500 + v }, link: ['ip_prefix'] } },
        action: 'block',
      },
      {
        id: `families-${v}`,
        when: { families: { all: ['grading', 'harvest'], any: ['pivot'] }, score: { gte: high } },
        action: 'block',
      },
      {
        id: `regex-${v}`,
        when: {
          model_match: `^frontier-${v}-(preview|beta)$`,
          account: { programme: ['research'] },
        },
        action: 'observe',
      },
      {
        id: `declared-${v}`,
        when: { account: { declared_use: [`use-${v}`] }, score: { gte: high } },
        action: 'observe',
      },
      {
        id: `shadow-${v}`,
        when: { score: { gte: 0.99 - v * 0.001 }, families: { min: 4 } },
        action: 'block',
        mode: 'shadow',
      },
    );
  }
  return out;
}

function account(i: number): Account {
  return {
    id: `acct_${i.toString(36).padStart(8, '0')}`,
    org: i % 3 === 0 ? `org_${i % 97}` : undefined,
    tier: i % 4 === 0 ? 'free' : 'standard',
    credential: 'api_key',
    keyId: `key_${i}`,
    createdAt: undefined,
    ageDays: i % 400,
    verified: i % 5 === 0,
    programme: i % 7 === 0 ? 'startup' : undefined,
    labels: i % 11 === 0 ? ['reseller'] : [],
    declaredUse: i % 13 === 0 ? 'eval' : undefined,
    override: undefined,
  };
}

function facts(i: number): RequestFacts {
  return {
    dialect: i % 2 === 0 ? 'anthropic' : 'openai',
    route: i % 2 === 0 ? 'anthropic.messages' : 'openai.chat_completions',
    model: i % 2 === 0 ? 'claude-frontier-5' : 'gpt-frontier-5',
    stream: i % 3 === 0,
    maxTokens: 1024,
    messageCount: 3,
    toolCount: 0,
    thinking: false,
    choices: 1,
    bytes: 2048,
    signals: undefined,
  };
}

function score(i: number): Score {
  const value = (i % 100) / 100;
  return {
    value,
    factors: [
      { signal: 'templates.top_share', value: 0.5, contribution: 0.1 },
      { signal: 'elicitation.share', value: value, contribution: 0.2 },
      { signal: 'grading.share', value: 0.1, contribution: 0.05 },
    ],
    families: value > 0.5 ? ['templates', 'elicitation'] : ['templates'],
    cluster:
      i % 10 === 0
        ? {
            id: 'cl_1',
            link: 'skeleton',
            accounts: 40,
            risk: 0.7,
            flagged: i % 20 === 0,
            specific: true,
          }
        : null,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '4' },
      write: { type: 'boolean', default: false },
    },
  });
  const seconds = Number(values.seconds);
  const policy = compilePolicy(configSchema.shape.policy.parse({ rules: rules() }));
  const MIX = 4096;
  const inputs = Array.from({ length: MIX }, (_, i) => ({
    a: account(i),
    f: facts(i),
    s: score(i),
  }));

  // How far evaluation walks: the share of requests some rule decides, by action.
  const decided = new Map<string, number>();
  for (const { a, f, s } of inputs) {
    const outcome = evaluatePolicy(policy, a, f, s);
    const key = `${outcome.enforced.action}${outcome.shadow ? ' (+shadow)' : ''}`;
    decided.set(key, (decided.get(key) ?? 0) + 1);
  }

  let sink = 0;
  let j = 0;
  const run = (ms: number): number[] => {
    const means: number[] = [];
    const until = performance.now() + ms;
    while (performance.now() < until) {
      const t0 = process.hrtime.bigint();
      for (let n = 0; n < BATCH; n++) {
        const input = inputs[j] as (typeof inputs)[number];
        if (evaluatePolicy(policy, input.a, input.f, input.s).enforced.action === 'block') sink++;
        if (++j === MIX) j = 0;
      }
      means.push(Number(process.hrtime.bigint() - t0) / 1000 / BATCH);
    }
    return means;
  };
  run(1000); // warm-up
  const means = run(seconds * 1000);
  const med = median(means);
  const p99 = percentile(means, 0.99);
  const context = describeRun(join(HERE, '..'), false);
  const mix = [...decided].map(([k, n]) => `${k} ${((100 * n) / MIX).toFixed(0)} %`).join(', ');
  const markdown = [
    `${context.date} · commit \`${context.commit}\` · ${context.cpuModel} × ${context.cores} · Node ${process.versions.node} · load average ${context.loadAverage.toFixed(2)} at start. \`node loadtest/policy-bench.ts --write\`: ${policy.rules.length} rules of every condition kind (model, route, dialect, stream, factors, families, account tier/age/verified/labels/programme/declared use, cluster, regex, one shadow rule per shape) through the real schema and compiler; ${MIX} distinct requests, outcomes: ${mix}. Batches of ${BATCH} calls, ${means.length} batches.`,
    '',
    '| measurement | result | target | verdict |',
    '| --- | ---: | ---: | --- |',
    `| evaluatePolicy, ${policy.rules.length} rules: median of batch means per call (p99) | ${med.toFixed(3)} µs (${p99.toFixed(3)} µs) | ≤ ${TARGET_MEDIAN_US} µs median | ${med <= TARGET_MEDIAN_US ? 'PASS' : '**FAIL**'} |`,
  ].join('\n');
  process.stdout.write(`${markdown}\n`);
  if (sink < 0) process.stdout.write('unreachable\n');
  if (values.write)
    await writeSection(join(HERE, 'RESULTS.md'), 'policy', `## Policy evaluation\n\n${markdown}`);
}

await main();
