/**
 * Every persona of the project's scenarios sends requests its dialect accepts (checked against
 * the API rules: Anthropic messages with max_tokens, alternating roles, matching tool ids,
 * thinking budgets below max_tokens; OpenAI chat messages, tools, n, stream options), with a
 * user agent and a valid client address — run on a virtual clock, nothing sent.
 */
import { isIP } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/simulator/actor.ts';
import { createRng } from '../../src/simulator/rng.ts';
import { loadScenario } from '../../src/simulator/scenarios.ts';
import { runVirtually, type Captured } from './virtual-clock.ts';

type Json = Record<string, unknown>;

function anthropicProblems(body: Json, maxOutput: number): string[] {
  const problems: string[] = [];
  const maxTokens = body['max_tokens'];
  if (typeof body['model'] !== 'string') problems.push('model');
  if (!Number.isInteger(maxTokens) || (maxTokens as number) < 1) problems.push('max_tokens');
  else if ((maxTokens as number) > maxOutput) problems.push('max_tokens above the model maximum');
  if (body['system'] !== undefined && typeof body['system'] !== 'string') problems.push('system');
  const temperature = body['temperature'];
  if (temperature !== undefined && !((temperature as number) >= 0 && (temperature as number) <= 1))
    problems.push('temperature');
  const thinking = body['thinking'] as Json | undefined;
  if (thinking) {
    const budget = thinking['budget_tokens'] as number;
    if (thinking['type'] !== 'enabled' || !(budget >= 1024) || !(budget < (maxTokens as number)))
      problems.push('thinking budget');
  }
  for (const tool of (body['tools'] as Json[] | undefined) ?? []) {
    if (!/^[a-zA-Z0-9_-]{1,64}$/.test(String(tool['name']))) problems.push('tool name');
    if ((tool['input_schema'] as Json | undefined)?.['type'] !== 'object')
      problems.push('input_schema');
  }
  const messages = body['messages'] as Json[] | undefined;
  if (!Array.isArray(messages) || messages.length === 0) return [...problems, 'messages'];
  const toolIds = new Set<string>();
  messages.forEach((message, index) => {
    if (message['role'] !== (index % 2 === 0 ? 'user' : 'assistant'))
      problems.push('roles alternate');
    const content = message['content'];
    if (typeof content === 'string') {
      if (content.trim() === '') problems.push('empty content');
      return;
    }
    if (!Array.isArray(content) || content.length === 0) return void problems.push('content');
    for (const block of content as Json[]) {
      if (block['type'] === 'text' && typeof block['text'] !== 'string')
        problems.push('text block');
      else if (block['type'] === 'tool_use') {
        if (message['role'] !== 'assistant' || typeof block['name'] !== 'string')
          problems.push('tool_use');
        toolIds.add(String(block['id']));
      } else if (block['type'] === 'tool_result') {
        if (!toolIds.has(String(block['tool_use_id'])))
          problems.push('tool_result without tool_use');
      } else if (block['type'] !== 'text') problems.push(`block ${String(block['type'])}`);
    }
  });
  if (messages.at(-1)?.['role'] !== 'user') problems.push('last message from the user');
  return problems;
}

function openaiProblems(body: Json): string[] {
  const problems: string[] = [];
  if (typeof body['model'] !== 'string') problems.push('model');
  const messages = body['messages'] as Json[] | undefined;
  if (!Array.isArray(messages) || messages.length === 0) problems.push('messages');
  for (const message of messages ?? []) {
    if (!['system', 'user', 'assistant', 'tool'].includes(String(message['role'])))
      problems.push('role');
    if (typeof message['content'] !== 'string' || message['content'] === '')
      problems.push('content');
  }
  for (const key of ['max_tokens', 'n'] as const)
    if (body[key] !== undefined && !(Number.isInteger(body[key]) && (body[key] as number) >= 1))
      problems.push(key);
  const temperature = body['temperature'];
  if (temperature !== undefined && !((temperature as number) >= 0 && (temperature as number) <= 2))
    problems.push('temperature');
  for (const tool of (body['tools'] as Json[] | undefined) ?? [])
    if (tool['type'] !== 'function' || typeof (tool['function'] as Json)['name'] !== 'string')
      problems.push('tool');
  if (
    body['stream'] === true &&
    (body['stream_options'] as Json | undefined)?.['include_usage'] !== true
  )
    problems.push('stream without usage');
  return problems;
}

function check(scenario: Scenario, item: Captured): string[] {
  const { request } = item;
  const problems: string[] = [];
  if (request.userAgent.trim() === '') problems.push('user agent');
  if (isIP(request.clientIp) === 0) problems.push(`client ip ${request.clientIp}`);
  for (const [name] of request.headers ?? [])
    if (!/^[a-z0-9-]+$/.test(name)) problems.push(`header ${name}`);
  const model = scenario.models.find((m) => m.name === request.body['model']);
  if (!model) problems.push(`unknown model ${String(request.body['model'])}`);
  problems.push(
    ...(request.dialect === 'anthropic'
      ? anthropicProblems(request.body, model?.maxOutputTokens ?? Infinity)
      : openaiProblems(request.body)),
  );
  return problems.map((problem) => `${item.actor.name}: ${problem}`);
}

describe.each(['default', 'demo', 'redteam'])('scenario %s', (name) => {
  it('every persona sends valid requests in its dialect', async () => {
    const loaded = await loadScenario(name);
    if (!loaded.ok) throw new Error(loaded.message);
    const scenario = loaded.scenario;
    const duration = 25_000;
    const actors = scenario.build(createRng(3), { duration, scale: name === 'demo' ? 0.5 : 1 });
    const captured = await runVirtually(scenario, actors, duration);
    const problems = new Set(captured.flatMap((item) => check(scenario, item)));
    expect([...problems]).toEqual([]);
    for (const actor of actors) {
      const sent = captured.filter((item) => item.actor === actor);
      expect(sent.length, actor.name).toBeGreaterThan(0);
      const own = new Set([...actor.accounts.map((a) => a.id), ...(actor.borrows ?? [])]);
      expect(
        sent.every((item) => own.has(item.account)),
        actor.name,
      ).toBe(true);
    }
    // Prompts vary: a campaign's template repeats, its text does not.
    const templated = name === 'redteam' ? 'rt-paraphrase-hydra' : 'hydra';
    const hydra = captured.filter((item) => item.actor.persona === templated);
    const texts = new Set(hydra.map((item) => JSON.stringify(item.request.body['messages'])));
    expect(texts.size).toBeGreaterThan(hydra.length * 0.8);
  });
});

describe('default scenario', () => {
  it('has the personas of the issue and about 160 requests a second at scale 1', async () => {
    const loaded = await loadScenario('default');
    if (!loaded.ok) throw new Error(loaded.message);
    const actors = loaded.scenario.build(createRng(1), { duration: 60_000, scale: 1 });
    expect(new Set(actors.map((actor) => actor.persona))).toEqual(
      new Set([
        'chat',
        'company-nat',
        'eval-harness',
        'batch-summariser',
        'coding-agent',
        'tutoring-app',
        'reseller',
        'early-adopters',
        'single-harvester',
        'hydra',
        'cot-harvester',
        'agentic-harvester',
        'grading-harvester',
        'pivot-campaign',
        'blended-cluster',
        'rotating-hydra',
      ]),
    );
    const hydraSizes = actors.filter((a) => a.persona === 'hydra').map((a) => a.accounts.length);
    expect(hydraSizes).toEqual([20, 200, 1200]);
    const captured = await runVirtually(loaded.scenario, actors, 20_000);
    expect(captured.length / 20).toBeGreaterThan(100);
    expect(captured.length / 20).toBeLessThan(250);
  });

  it('replaces refused accounts of the rotating cluster from its reserve', async () => {
    const loaded = await loadScenario('default');
    if (!loaded.ok) throw new Error(loaded.message);
    const actors = loaded.scenario.build(createRng(1), { duration: 10_000, scale: 0.2 });
    const rotating = actors.filter((actor) => actor.persona === 'rotating-hydra');
    const captured = await runVirtually(loaded.scenario, rotating, 10_000, () => ({
      status: 403,
      outputTokens: 0,
      requestId: 'req_x',
      retryAfterMs: undefined,
    }));
    const accounts = captured.map((item) => item.account);
    // Refused every time: each account is used once, then replaced.
    expect(new Set(accounts).size).toBe(accounts.length);
    // Six working slots (scale 0.2), each refused at once and refilled from the reserve.
    expect(accounts.length).toBeGreaterThan(6);
  });

  it('slows the rotating cluster down once it meets 429s', async () => {
    const loaded = await loadScenario('default');
    if (!loaded.ok) throw new Error(loaded.message);
    const scenario = loaded.scenario;
    const rotating = () =>
      scenario
        .build(createRng(1), { duration: 30_000, scale: 0.2 })
        .filter((actor) => actor.persona === 'rotating-hydra');
    const answer = (status: number) => ({
      status,
      outputTokens: status === 200 ? 10 : 0,
      requestId: 'req_x',
      retryAfterMs: status === 429 ? 1_000 : undefined,
    });
    const late = (captured: readonly { at: number }[]) =>
      captured.filter((item) => item.at >= 15_000).length;
    const calm = await runVirtually(scenario, rotating(), 30_000, () => answer(200));
    // Throttled for its first 10 s, served after: it keeps the slower pace it took on.
    const throttled = await runVirtually(scenario, rotating(), 30_000, (item) =>
      answer(item.at < 10_000 ? 429 : 200),
    );
    expect(throttled.filter((item) => item.at < 10_000).length).toBeGreaterThan(5);
    // Not for want of accounts: its reserve still had some when the run ended.
    const reserve = rotating().reduce((sum, actor) => sum + actor.accounts.length, 0);
    expect(new Set(throttled.map((item) => item.account)).size).toBeLessThan(reserve);
    expect(late(calm)).toBeGreaterThan(10);
    expect(late(throttled)).toBeLessThan(late(calm) / 3);
  });
});
