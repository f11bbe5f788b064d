/**
 * What a block rule remembers, and whom it reaches: a remembered template stands in for the
 * rule's judgement on accounts that rotate, but not on those the policy's guardrails protect —
 * a declared-use account (only ever observed) and a verified one (observed unless its own request
 * passes a rule before the verified cap). Issue 4: twelve people sharing a short follow-up that a
 * hydra block remembered were refused, two of them verified.
 */
import { describe, expect, it } from 'vitest';
import type { Account } from '../../../src/account/account.ts';
import { MemoryBlockMemory } from '../../../src/block/block-memory.ts';
import { rememberBlock, rememberedBlock } from '../../../src/block/remember-blocks.ts';
import { detectionSchema } from '../../../src/detection/detection-schema.ts';
import { compileDetection } from '../../../src/detection/detection-settings.ts';
import type { Score } from '../../../src/detection/score.ts';
import type { Decision } from '../../../src/policy/decision.ts';
import type { RequestFacts } from '../../../src/signals/request-facts.ts';
import { messagesFacts, testAccount } from '../../helpers/request-fixtures.ts';

const T0 = Date.parse('2027-03-01T00:00:00Z');
const HOUR = 3_600_000;
const settings = compileDetection(detectionSchema.parse({}));

function facts(prompt: string): RequestFacts {
  const body = { model: 'm', max_tokens: 1024, messages: [{ role: 'user', content: prompt }] };
  return messagesFacts(body, settings, ['Host', 'api.example'], '198.51.100.0/24');
}

const TEMPLATE = facts(
  'Rewrite the following paragraph so that it is shorter and simpler, keeping only the main points of it.',
);
const skeleton = TEMPLATE.signals?.skeleton ?? 0;

/** A score linked to the flagged cluster its exact skeleton formed. */
const FLAGGED: Score = {
  value: 0.9,
  factors: [],
  families: ['templates', 'cluster'],
  cluster: {
    id: `cl_${skeleton.toString(16)}`,
    link: 'skeleton',
    accounts: 12,
    risk: 0.9,
    flagged: true,
    specific: true,
  },
};
const LOW: Score = { value: 0.2, factors: [], families: ['cluster'], cluster: FLAGGED.cluster };

const HYDRA_TEMPLATE: Extract<Decision, { action: 'block' }> = {
  action: 'block',
  rule: 'hydra-template',
  reason: 'risk_score',
  remember: { account: 0, endUser: 24 * HOUR, cluster: 0, content: 168 * HOUR },
};

const account = (id: string, fields: Partial<Account> = {}): Account =>
  testAccount({ id, keyId: `key_${id}`, ageDays: 2, ...fields });

function remembered(): MemoryBlockMemory {
  const blocks = new MemoryBlockMemory(1000);
  rememberBlock(blocks, HYDRA_TEMPLATE, account('hydra-1'), TEMPLATE, FLAGGED, T0);
  return blocks;
}

describe('remembered blocks and the guardrails', () => {
  it('refuses another unverified account sending the remembered template', () => {
    expect(skeleton).not.toBe(0);
    expect(rememberedBlock(remembered(), account('rotated'), TEMPLATE, LOW, T0 + 1000)).toEqual({
      action: 'block',
      rule: 'hydra-template',
      reason: 'remembered_content',
    });
  });

  it('leaves a verified account to the rules (the verified cap applies to it)', () => {
    const verified = account('verified', { verified: true });
    expect(rememberedBlock(remembered(), verified, TEMPLATE, LOW, T0 + 1000)).toBeUndefined();
  });

  it('never refuses a declared-use account for a remembered template', () => {
    const evals = account('evals', { declaredUse: 'eval' });
    expect(rememberedBlock(remembered(), evals, TEMPLATE, FLAGGED, T0 + 1000)).toBeUndefined();
  });

  it("still applies what was remembered of the guarded account's own end user", () => {
    const reseller = account('reseller', { verified: true, ageDays: 400 });
    const blocks = new MemoryBlockMemory(1000);
    const named = facts('hello');
    const withUser: RequestFacts =
      named.signals === undefined
        ? named
        : { ...named, signals: { ...named.signals, endUserPseudonym: 'u1' } };
    rememberBlock(blocks, HYDRA_TEMPLATE, reseller, withUser, FLAGGED, T0);
    expect(rememberedBlock(blocks, reseller, withUser, LOW, T0 + 1000)).toEqual({
      action: 'block',
      rule: 'hydra-template',
      reason: 'remembered_end_user',
    });
  });
});
