import { describe, expect, it } from 'vitest';
import {
  degradedLength,
  degradeRequest,
  type DegradeSettings,
} from '../../../src/degrade/degrade-request.ts';

const none: DegradeSettings = {
  stripReasoning: false,
  thinkingBudget: undefined,
  maxTokens: undefined,
  singleChoice: false,
  model: undefined,
};

describe('degradeRequest', () => {
  it('leaves the body untouched when nothing applies', () => {
    const body = { model: 'm', max_tokens: 100, messages: [] };
    const result = degradeRequest('anthropic.messages', body, { ...none, maxTokens: 500 });
    expect(result.body).toBe(body);
    expect(result.applied).toEqual([]);
  });

  it('only swaps the model of a token count (it generates nothing)', () => {
    const body = { model: 'frontier', messages: [] };
    const settings = { ...none, maxTokens: 100, thinkingBudget: 0, model: 'small' };
    const result = degradeRequest('anthropic.count_tokens', body, settings);
    expect(result.body).toEqual({ model: 'small', messages: [] });
    expect(result.applied).toEqual(['model']);
  });

  it('caps output on each route’s own field, setting it when absent', () => {
    const capped = degradeRequest(
      'openai.chat_completions',
      { model: 'm', max_tokens: 5000, max_completion_tokens: 9000 },
      { ...none, maxTokens: 1000 },
    );
    expect(capped.body).toMatchObject({ max_tokens: 1000, max_completion_tokens: 1000 });
    expect(
      degradeRequest('openai.chat_completions', { model: 'm' }, { ...none, maxTokens: 1000 }).body,
    ).toMatchObject({ max_completion_tokens: 1000 });
    expect(
      degradeRequest('openai.responses', { model: 'm' }, { ...none, maxTokens: 1000 }).body,
    ).toMatchObject({ max_output_tokens: 1000 });
  });

  it('forces one choice and falls back to another model, without touching the original', () => {
    const body = { model: 'frontier', n: 4, messages: [] };
    const result = degradeRequest('openai.chat_completions', body, {
      ...none,
      singleChoice: true,
      model: 'small',
    });
    expect(result.body).toMatchObject({ model: 'small', n: 1 });
    expect(result.applied).toEqual(['model', 'single_choice']);
    expect(body).toEqual({ model: 'frontier', n: 4, messages: [] });
  });

  it('turns Anthropic thinking off or clamps its budget below max_tokens', () => {
    const thinking = { type: 'enabled', budget_tokens: 30_000 };
    const off = degradeRequest(
      'anthropic.messages',
      { model: 'm', max_tokens: 40_000, thinking },
      { ...none, thinkingBudget: 0 },
    );
    expect(off.body).not.toHaveProperty('thinking');
    const clamped = degradeRequest(
      'anthropic.messages',
      { model: 'm', max_tokens: 40_000, thinking },
      { ...none, thinkingBudget: 4096 },
    );
    expect(clamped.body['thinking']).toEqual({ type: 'enabled', budget_tokens: 4096 });
    // A cap that leaves no room for the minimum budget turns thinking off.
    const squeezed = degradeRequest(
      'anthropic.messages',
      { model: 'm', max_tokens: 40_000, thinking },
      { ...none, thinkingBudget: 4096, maxTokens: 1000 },
    );
    expect(squeezed.body).not.toHaveProperty('thinking');
    expect(squeezed.body['max_tokens']).toBe(1000);
  });

  it('with strip_reasoning leaves Anthropic thinking as asked (the answer keeps its quality)', () => {
    const body = {
      model: 'm',
      max_tokens: 8000,
      thinking: { type: 'enabled', budget_tokens: 4000 },
    };
    const result = degradeRequest('anthropic.messages', body, { ...none, stripReasoning: true });
    expect(result.body).toBe(body);
    expect(result.applied).toEqual(['strip_reasoning']);
    const off = degradeRequest('anthropic.messages', body, {
      ...none,
      stripReasoning: true,
      thinkingBudget: 0,
    });
    expect(off.body).not.toHaveProperty('thinking');
    expect(off.applied).toEqual(['thinking', 'strip_reasoning']);
  });

  it('keeps an Anthropic thinking budget under a capped max_tokens', () => {
    const body = {
      model: 'm',
      max_tokens: 16000,
      thinking: { type: 'enabled', budget_tokens: 8000 },
    };
    const capped = degradeRequest('anthropic.messages', body, { ...none, maxTokens: 4000 });
    expect(capped.body).toMatchObject({ max_tokens: 4000, thinking: { budget_tokens: 3999 } });
    expect(capped.applied).toEqual(['max_tokens', 'thinking']);
    const tiny = degradeRequest('anthropic.messages', body, { ...none, maxTokens: 64 });
    expect(tiny.body).not.toHaveProperty('thinking');
    const roomy = degradeRequest('anthropic.messages', body, { ...none, maxTokens: 12000 });
    expect(roomy.applied).toEqual(['max_tokens']);
  });

  it('with strip_reasoning alone leaves an OpenAI request as it came (no re-serialisation)', () => {
    const body = { model: 'm', messages: [], reasoning_effort: 'high' };
    const result = degradeRequest('openai.chat_completions', body, {
      ...none,
      stripReasoning: true,
    });
    expect(result.body).toBe(body);
    expect(result.applied).toEqual(['strip_reasoning']);
  });

  it('lowers an OpenAI reasoning effort, never raises it', () => {
    const high = degradeRequest(
      'openai.chat_completions',
      { model: 'm', reasoning_effort: 'high' },
      { ...none, thinkingBudget: 0 },
    );
    expect(high.body['reasoning_effort']).toBe('low');
    const minimal = { model: 'm', reasoning_effort: 'minimal' };
    expect(
      degradeRequest('openai.chat_completions', minimal, { ...none, thinkingBudget: 0 }).body,
    ).toBe(minimal);
    expect(
      degradeRequest(
        'openai.responses',
        { model: 'm', reasoning: { effort: 'high', summary: 'auto' } },
        { ...none, thinkingBudget: 0 },
      ).body['reasoning'],
    ).toEqual({ effort: 'low', summary: 'auto' });
  });
});

describe('degradedLength: detection does not settle an answer whose length the policy chose', () => {
  const body = { model: 'm', max_tokens: 8000, n: 3, messages: [{ role: 'user', content: 'hi' }] };

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
