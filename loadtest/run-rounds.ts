/**
 * The measurement schedule: the memory probe on every fresh proxy, then interleaved rounds (the
 * target order rotates each round, so none always runs first or last), then — when a budget line
 * fails and the profile allows — extra rounds of every target, judged again on the medians over
 * all rounds.
 */
import type { Budget, BudgetVerdict } from './budget.ts';
import { evaluateBudget } from './budget.ts';
import { measureFreshMemory, type FreshMemory } from './measure-fresh-memory.ts';
import {
  measureTarget,
  type MeasureContext,
  type RunningTarget,
  type TargetRound,
} from './measure-target.ts';
import { summarize, type Summary } from './summarize.ts';

export interface Measurements {
  readonly rounds: readonly TargetRound[];
  readonly freshMemory: readonly FreshMemory[];
  readonly summary: Summary;
  readonly verdicts: readonly BudgetVerdict[];
}

export async function runRounds(
  ctx: MeasureContext,
  targets: readonly RunningTarget[],
  budget: Budget,
  /** Some targets were left out: lines they cannot measure are skipped, not failed. */
  partial = false,
): Promise<Measurements> {
  const { profile } = ctx;
  const freshMemory: FreshMemory[] = [];
  for (const target of targets) freshMemory.push(await measureFreshMemory(ctx, target));

  const rounds: TargetRound[] = [];
  const runRound = async (
    round: number,
    of: number,
    among: readonly RunningTarget[],
  ): Promise<void> => {
    const shift = (round - 1) % among.length;
    const order = [...among.slice(shift), ...among.slice(0, shift)];
    for (const target of order) {
      const progress = (message: string): void => ctx.progress(`round ${round}/${of} · ${message}`);
      rounds.push(await measureTarget({ ...ctx, progress }, target, round));
    }
  };

  for (let round = 1; round <= profile.rounds; round++)
    await runRound(round, profile.rounds, targets);
  let summary = summarize(rounds, freshMemory);
  let verdicts = evaluateBudget(budget, profile.mode, summary, partial);

  const failed = verdicts.filter((v) => !v.ok).map((v) => v.metric);
  if (failed.length > 0 && profile.maxRounds > profile.rounds) {
    ctx.progress(
      `budget line(s) ${failed.join(', ')} failed; measuring ` +
        `${profile.maxRounds - profile.rounds} more round(s) to rule out noise`,
    );
    // Every target feeds some budget line (each proxy is compared with another): all are re-measured.
    for (let round = profile.rounds + 1; round <= profile.maxRounds; round++)
      await runRound(round, profile.maxRounds, targets);
    summary = summarize(rounds, freshMemory);
    verdicts = evaluateBudget(budget, profile.mode, summary, partial);
  }
  return { rounds, freshMemory, summary, verdicts };
}
