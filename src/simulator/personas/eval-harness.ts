/**
 * An evaluation harness re-running a benchmark (persona `eval-harness`): the same fixed questions
 * over and over at temperature 0, machine-paced, from CI runners in the cloud, declared as eval
 * use (two of three accounts verified). One suite asks for step-by-step reasoning with a large
 * thinking budget — a legitimate lookalike of chain-of-thought harvesting.
 */
import type { Actor } from '../actor.ts';
import type { Rng } from '../rng.ts';
import { compose, expand } from '../vocab/expand.ts';
import { HARVEST_VOCABULARY } from '../vocab/harvest.ts';
import { makeAccounts } from './accounts.ts';
import { anthropicBody, openaiBody } from './bodies.ts';
import { clientProfile, cloudIp } from './clients.ts';
import { MODELS } from './models.ts';
import { openLoop } from './pacing.ts';

const MC_SYSTEM =
  'You are taking a multiple-choice exam. Answer with the letter of the correct option only.';
const COT_SYSTEM =
  "Solve the problem. Let's think step by step, then give the final answer as 'Answer: <value>'.";

export interface EvalHarnessOptions {
  readonly name: string;
  readonly accounts: number;
  /** Requests per second per account. */
  readonly rate: number;
}

/** A fixed benchmark: the same questions every run (seeded apart from the scenario). */
function benchmark(rng: Rng, size: number): { mc: string[]; math: string[] } {
  const mc: string[] = [];
  const math: string[] = [];
  for (let i = 0; i < size; i++) {
    const options = ['A', 'B', 'C', 'D']
      .map((letter) => `${letter}) ${expand(rng, '{subject}', HARVEST_VOCABULARY)}`)
      .join('\n');
    mc.push(
      `Question ${i + 1}. ${compose(rng, ['{question_form}'], HARVEST_VOCABULARY)}\n${options}\nAnswer:`,
    );
    math.push(`Problem ${i + 1}: ${expand(rng, '{problem}', HARVEST_VOCABULARY)}`);
  }
  return { mc, math };
}

export function evalHarness(rng: Rng, options: EvalHarnessOptions): Actor {
  const accounts = makeAccounts(options.name.replace(/-/g, ''), options.accounts, (index) => ({
    org: 'org_evallab',
    tier: 'scale',
    ageDays: 200 + index * 40,
    verified: index % 3 !== 2,
    declaredUse: 'eval',
  }));
  const suite = benchmark(rng.fork('benchmark'), 60);
  const runners = accounts.map((account, index) => ({
    account,
    ip: cloudIp(rng),
    profile: clientProfile(rng, index % 2 === 0 ? 'anthropic-python' : 'openai-python'),
    cot: index % 3 === 1,
    openai: index % 2 === 1,
  }));
  return {
    name: options.name,
    persona: 'eval-harness',
    role: 'legitimate',
    accounts,
    async run(ctx) {
      await Promise.all(
        runners.map(async (runner) => {
          const questions = runner.cot ? suite.math : suite.mc;
          let next = 0;
          await openLoop(
            ctx,
            () => options.rate,
            () => {
              const question = questions[next++ % questions.length] as string;
              const system = runner.cot ? COT_SYSTEM : MC_SYSTEM;
              const messages = [{ role: 'user', content: question }];
              return ctx.send(runner.account.id, {
                dialect: runner.openai ? 'openai' : 'anthropic',
                body: runner.openai
                  ? openaiBody(
                      { model: MODELS.openai, system, temperature: 0, maxTokens: 1024 },
                      messages,
                    )
                  : anthropicBody(
                      {
                        model: MODELS.current,
                        system,
                        temperature: runner.cot ? 1 : 0,
                        maxTokens: runner.cot ? 32_000 : 16,
                        ...(runner.cot ? { thinkingBudget: 16_000 } : {}),
                      },
                      messages,
                    ),
                userAgent: runner.profile.userAgent,
                headers: runner.profile.headers,
                clientIp: runner.ip,
              });
            },
          );
        }),
      );
    },
  };
}
