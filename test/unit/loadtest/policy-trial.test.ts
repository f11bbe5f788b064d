/**
 * The policy trial (loadtest/policy-trial.ts): a run's log replayed through two policies, the
 * accounts each visibly acts on counted by the role the ground truth gives their owner.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policyTrial, type TruthActor } from '../../../loadtest/policy-trial.ts';
import type { RuntimeConfig } from '../../../src/config/load-config.ts';
import { serializeDecisionRecord } from '../../../src/decision-log/serialize-record.ts';
import { policyConfig } from '../../helpers/backtest-logs.ts';
import { decisionRecord } from '../../helpers/record-arbitrary.ts';

let dir: string;

const configWith = (name: string, rules: unknown[]): Promise<RuntimeConfig> =>
  policyConfig(dir, name, rules);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dg-policy-trial-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('policyTrial', () => {
  it('counts the accounts each policy visibly acts on, by the role of their owner', async () => {
    const shipped = await configWith('shipped.yaml', [
      { id: 'block-high', when: { score: { gte: 0.8 } }, action: 'block' },
      { id: 'observe-mid', when: { score: { gte: 0.5 } }, action: 'observe' },
    ]);
    const stricter = await configWith('stricter.yaml', [
      { id: 'block-mid', when: { score: { gte: 0.5 } }, action: 'block' },
    ]);
    // A student observed at 0.55, a hydra account blocked at 0.9 and one observed at 0.6, a
    // reject (no account), and an account the truth does not know.
    const records = [
      decisionRecord({ account: 'acct_student', score: 0.55, action: 'observe', tokens_out: 100 }),
      decisionRecord({ account: 'acct_hydra_1', score: 0.9, action: 'block', status: 403 }),
      decisionRecord({ account: 'acct_hydra_2', score: 0.6, action: 'observe', tokens_out: 300 }),
      decisionRecord({ account: null, action: 'reject', reason: 'DG_ERR_UNAUTHENTICATED' }),
      decisionRecord({ account: 'acct_stranger', score: 0.95, action: 'block', status: 403 }),
    ];
    const log = join(dir, 'run.log');
    await writeFile(log, `${records.map((r) => serializeDecisionRecord(r)).join('\n')}\n`);
    const truth: TruthActor[] = [
      { name: 'class', role: 'legitimate', accounts: ['acct_student'] },
      { name: 'hydra', role: 'distiller', accounts: ['acct_hydra_1', 'acct_hydra_2'] },
    ];
    const trial = await policyTrial(shipped, stricter, log, truth);
    expect(trial.legitimate).toEqual({ baseline: 0, candidate: 1 });
    expect(trial.distiller).toEqual({ baseline: 1, candidate: 2 });
    expect(Object.fromEntries(trial.moved)).toEqual({
      class: { released: 0, added: 1 },
      hydra: { released: 0, added: 1 },
    });
    // The requests the stricter policy refuses that the shipped one served, with their tokens.
    expect(trial.tokens.legitimate).toMatchObject({ withheld: 100, withheld_requests: 1 });
    expect(trial.tokens.distiller).toMatchObject({
      withheld: 300,
      withheld_requests: 1,
      released_requests: 0,
    });
    // The other way round, what the stricter policy acted on is released.
    const back = await policyTrial(stricter, shipped, log, truth);
    expect(back.legitimate).toEqual({ baseline: 1, candidate: 0 });
    expect(Object.fromEntries(back.moved)).toEqual({
      class: { released: 1, added: 0 },
      hydra: { released: 1, added: 0 },
    });
    expect(back.tokens.distiller).toMatchObject({ withheld_requests: 0, released_requests: 1 });
  });
});
