/**
 * A degraded answer's length is the policy's choice: detection does not settle it into the
 * account's or its clusters' output (it would dilute the evidence that put the account there).
 */
import { describe, expect, it } from 'vitest';
import { degradedLength, degradeRequest } from '../../../src/degrade/degrade-request.ts';

const body = { model: 'm', max_tokens: 8000, n: 3, messages: [{ role: 'user', content: 'hi' }] };
const none = {
  stripReasoning: false,
  thinkingBudget: undefined,
  maxTokens: undefined,
  singleChoice: false,
  model: undefined,
};

describe('degradedLength', () => {
  it('is false for an answer the client shaped: not degraded, reasoning withheld, decoys', () => {
    expect(degradedLength(null)).toBe(false);
    expect(degradedLength([])).toBe(false);
    expect(degradedLength(['strip_reasoning', 'decoy_tools'])).toBe(false);
    const stripped = degradeRequest('openai.chat', body, { ...none, stripReasoning: true });
    expect(degradedLength(stripped.applied)).toBe(false);
  });

  it('is true when the degradation applied changes how much the upstream writes', () => {
    for (const settings of [{ maxTokens: 1024 }, { singleChoice: true }, { model: 'small' }]) {
      const degraded = degradeRequest('openai.chat', body, { ...none, ...settings });
      expect(degraded.applied.length).toBeGreaterThan(0);
      expect(degradedLength(degraded.applied)).toBe(true);
    }
    expect(degradedLength(['strip_reasoning', 'thinking'])).toBe(true);
  });
});
