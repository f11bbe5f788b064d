/**
 * The simulator end to end: the demo scenario, small and short, through the real proxy in front
 * of the mock upstream. Every request it sent is in the decision log under the right account,
 * and the report is computed from them.
 */
import { describe, expect, it } from 'vitest';
import type { Scenario, SimRequest } from '../../src/simulator/actor.ts';
import { buildReport } from '../../src/simulator/report.ts';
import { runScenario } from '../../src/simulator/runner.ts';
import { loadScenario } from '../../src/simulator/scenarios.ts';
import { parseSimulateArgs } from '../../src/cli/simulate.ts';

describe('runScenario', () => {
  it('sends the demo scenario through the proxy and finds every request in the decision log', async () => {
    const loaded = await loadScenario('demo');
    if (!loaded.ok) throw new Error(loaded.message);
    const run = await runScenario(loaded.scenario, { duration: 5_000, scale: 0.5, seed: 11 });
    expect(run.actorErrors).toEqual([]);
    expect(run.sends.length).toBeGreaterThan(10);
    const byId = new Map(run.records.map((record) => [record.request_id, record]));
    for (const send of run.sends) {
      expect(send.status).not.toBe(0);
      const record = byId.get(send.requestId ?? '');
      expect(record?.account, send.requestId).toBe(send.account);
      expect(record?.status).toBe(send.status);
    }
    const served = run.sends.filter((send) => send.status === 200);
    expect(served.every((send) => send.outputTokens > 0)).toBe(true);
    const report = buildReport(run);
    expect(report.requests).toBe(run.sends.length);
    expect(report.unmatched).toBe(0);
    expect(report.enforced.actors.map((actor) => actor.name)).toContain('hydra-40');
    expect(report.targets).toHaveLength(6);
  });

  it('sends each body as it was when the actor sent it, even while the request waits', async () => {
    // One connection: the second request waits for the first, while its actor, not waiting,
    // goes on building the conversation in the body it sent (as a multi-turn actor does).
    const turn = (text: string) => ({ role: 'user', content: text });
    const request = (messages: unknown[]): SimRequest => ({
      dialect: 'openai',
      body: { model: 'sim-model', max_tokens: 16, messages },
      userAgent: 'test/1.0',
      clientIp: '198.51.100.7',
    });
    const scenario: Scenario = {
      name: 'mutating',
      description: 'one actor that mutates a body it has sent',
      models: [{ name: 'sim-model', maxOutputTokens: 1_000, releasedAt: -86_400_000 }],
      build: () => [
        {
          name: 'writer',
          persona: 'chat',
          role: 'legitimate',
          accounts: [{ id: 'acct_writer', tier: 'default', ageDays: 100, verified: true }],
          async run(ctx) {
            const first = ctx.send('acct_writer', request([turn('one')]));
            const messages = [turn('two')];
            const second = ctx.send('acct_writer', request(messages));
            messages.push(turn('later'), turn('later still'));
            await Promise.all([first, second]);
          },
        },
      ],
    };
    const run = await runScenario(scenario, { duration: 3_000, seed: 1, concurrency: 1 });
    expect(run.actorErrors).toEqual([]);
    expect(run.sends.map((send) => send.status)).toEqual([200, 200]);
    expect(run.records.map((record) => record.messages)).toEqual([1, 1]);
  });
});

describe('distillguard simulate arguments', () => {
  it('parses options and rejects bad ones with a message', () => {
    expect(
      parseSimulateArgs(['--scenario', 'demo', '--duration', '15s', '--scale', '0.5']),
    ).toMatchObject({
      scenario: 'demo',
      duration: 15_000,
      scale: 0.5,
      seed: 1,
      rate: 500,
      full: false,
    });
    expect(parseSimulateArgs(['--duration', '90'])).toMatchObject({ duration: 90_000 });
    expect(parseSimulateArgs(['--truth', 'truth.json'])).toMatchObject({ truth: 'truth.json' });
    expect(parseSimulateArgs([])).toMatchObject({ truth: undefined, log: undefined });
    expect(parseSimulateArgs(['--duration', 'soon'])).toMatch(/--duration/);
    expect(parseSimulateArgs(['--scale', '0'])).toMatch(/--scale/);
    expect(parseSimulateArgs(['--scenario', 'nope'])).toMatch(/unknown scenario/);
    expect(parseSimulateArgs(['--frobnicate'])).toMatch(/Unknown option/);
    expect(parseSimulateArgs([])).toMatchObject({ generation: 0 });
    expect(parseSimulateArgs(['--generation', '6000'])).toMatchObject({ generation: 6000 });
    expect(parseSimulateArgs(['--generation', '-1'])).toMatch(/--generation/);
    expect(parseSimulateArgs(['--generation', 'fast'])).toMatch(/--generation/);
  });
});
