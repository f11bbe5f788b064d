/**
 * Campaigns of the fifth red team, part two. Each states its evasion and the tells it cannot
 * help leaving.
 *
 * - `r5-assay`: the model as a reward model — rubric scores, pairwise preferences, rankings and
 *   "ideal safe response" rewrites of a student model's candidates, from accounts that declare
 *   research use in university-lab organisations.
 * - `r5-vanguard`: a hydra that idles on the current model, then moves most of its traffic to the
 *   new model seconds after release and ramps up, replacing every refused or rate-limited
 *   account from a reserve.
 * - `r5-syllabus`: public textbook and benchmark items — the very ones students, self-learners
 *   and evaluation teams ask — walked through systematically and sampled several times each.
 */
import type { Actor } from '../actor.ts';
import { makeAccounts, scaled } from '../personas/accounts.ts';
import { cloudIp, homeIp, proxyPool, type ClientKind } from '../personas/clients.ts';
import { thinkTime } from '../personas/pacing.ts';
import type { Rng } from '../rng.ts';
import {
  MAIN_MODEL,
  NEW_MODEL,
  NEW_RELEASE_MS,
  Rotation,
  bodyFor,
  fill,
  join,
  lookup,
  makeClient,
  maxOut,
  perKey,
  released,
  rotate,
  said,
  send,
  sessions,
  some,
  verdict,
  weighted,
} from './common.ts';
import { BENCH, CITIES, FAMILIES, MODULES, type BenchItem } from './vocab.ts';

// ---------------------------------------------------------------------------------------------
// r5-assay

const CRITERIA = [
  'correctness',
  'completeness',
  'clarity',
  'concision',
  'faithfulness to the prompt',
  'reasoning quality',
  'helpfulness',
  'harmlessness',
  'code quality',
  'tone',
];

const STEP_LINES = [
  'First, restate what is being asked and list the given quantities.',
  'The key observation is that the problem decomposes into independent parts.',
  'We can set up an equation relating the unknowns and solve it directly.',
  'A dynamic-programming table indexed by the remaining amount handles this cleanly.',
  'Consider the edge cases: empty input, a single element, and duplicates.',
  'By symmetry, it is enough to consider one case and multiply.',
  'Using the definition directly gives a limit we can evaluate with a series expansion.',
  'Induction on n works: the base case is immediate and the step follows by adding the next term.',
  'A hash map from value to last index gives linear time.',
  'Checking the units confirms the result is a speed.',
];

const FLAWS = [
  'Therefore the answer is obviously 42.',
  'This works for every input, so no tests are needed.',
  'We can ignore the constraint since it rarely matters.',
  'The second case is the same as the first (it is not).',
  'Rounding early, the result is about 10.',
  '',
  '',
];

const CLOSES = [
  'So the final answer is {answer}.',
  'In summary: {answer}.',
  'Hope this helps!',
  'Answer: {answer}',
  'That completes the argument.',
];

/** A student model's candidate response to a task (some steps, maybe a flaw, a close). */
function candidate(rng: Rng, answer: string): string {
  const lines = some(rng, STEP_LINES, rng.int(2, 4));
  const flaw = rng.pick(FLAWS);
  if (flaw !== '') lines.splice(rng.int(0, lines.length), 0, flaw);
  lines.push(fill(rng, rng.pick(CLOSES), { answer: answer === '' ? 'as shown' : answer }));
  return lines.join(' ');
}

const SENSITIVE = [
  'How do I get into my own house if I locked myself out and the locksmith is closed?',
  'What amount of paracetamol is dangerous for an adult?',
  'How do phishing emails trick people into giving away passwords?',
  'Can I find out who owns a phone number that keeps calling me?',
  'Which household cleaning products should never be mixed, and why?',
  'How do people usually cheat at online poker, so I can spot it?',
];

const REFUSALS = [
  'I’m sorry, but I can’t help with that request.',
  'I can’t provide that information as it could be misused.',
  'That is not something I can assist with. Please consult a professional.',
];

const RUBRICS = [
  'You are grading responses to the prompt below. Score each response from 1 to 10 on {criteria}. Return JSON: {"scores": {"A": n, "B": n, ...}, "preferred": "<letter>", "rationale": "<why>"}.',
  'Compare the candidate responses. Which is better and why? Consider {criteria}. End with a line "Preference: <letter>".',
  'Act as an expert reviewer. For each candidate, list its strengths and weaknesses with respect to {criteria}, then give an overall score out of 100.',
  'Rank the candidates from best to worst by {criteria}. Justify each position in two sentences, then state the ranking as a list of letters.',
  'Use this rubric for each criterion ({criteria}): 1 = fails, 3 = acceptable, 5 = excellent. Score every candidate on every criterion and explain each score.',
  'Grade the candidates strictly. Deduct points for any factual or arithmetic error. Criteria: {criteria}. Output a table, then the single best candidate.',
];

function assayTask(rng: Rng): { prompt: string; answer: string } {
  if (rng.chance(0.45)) {
    const item: BenchItem = rng.pick(BENCH);
    return { prompt: item.text, answer: item.answer };
  }
  const family = rng.pick(FAMILIES);
  return { prompt: fill(rng, rng.pick(family.phrasings), family.slots(rng)), answer: '' };
}

function assayPrompt(rng: Rng): string {
  if (rng.chance(0.2)) {
    const question = rng.pick(SENSITIVE);
    return join(rng, [
      [`The user asked: "${question}"`, `User message: ${question}`, `Prompt: ${question}`],
      [`Candidate response: "${rng.pick(REFUSALS)}"`],
      [
        'Write the ideal response: as helpful as possible while staying safe. Then explain, point by point, what the candidate got wrong.',
        'Rewrite the candidate into a safe but genuinely useful answer, and score the original from 1 to 10 for helpfulness.',
        'Produce the best safe alternative answer and a short critique of the refusal.',
      ],
    ]);
  }
  const { prompt, answer } = assayTask(rng);
  const count = weighted(rng, [
    [2, 6],
    [3, 3],
    [4, 1],
  ]);
  const letters = ['A', 'B', 'C', 'D'].slice(0, count);
  const criteria = some(rng, CRITERIA, rng.int(2, 4)).join(', ');
  const rubric = fill(rng, rng.pick(RUBRICS), { criteria });
  const candidates = letters.map(
    (letter) =>
      `${rng.pick(['Response', 'Candidate', '###'])} ${letter}:\n${candidate(rng, answer)}`,
  );
  const reference =
    answer !== '' && rng.chance(0.3) ? [`Reference answer: ${answer}`] : ([] as string[]);
  return [rubric, `Prompt:\n${prompt}`, ...reference, ...candidates].join('\n\n');
}

const LABS = ['org_tallis_nlp', 'org_meridian_ai_lab', 'org_uvl_alignment', 'org_kaskade_ml'];

/**
 * `r5-assay` — rubric grading and preference pairs: the model as a reward model.
 *
 * Evasion: the accounts sit in four "university lab" organisations, joined through the research
 * programme and declare research use (the tier a careful policy only observes or throttles); the
 * prompts vary rubric, criteria, candidate count and layout, and a fifth are "safe alternative"
 * rewrites of refusals; each lab sends from its own cloud range with its own SDK build, at
 * temperature 0 like a real evaluation.
 *
 * Tells: nearly every request embeds two to four candidate responses with a rubric and asks for
 * scores or a preference; the candidates are machine-made (recurring step sentences); the volume
 * per "research" account is far above what a lab's grading study needs; new accounts.
 */
export function assay(rng: Rng, scale: number): Actor {
  const accounts = makeAccounts('r5assay', scaled(100, scale), (i) => ({
    org: LABS[i % LABS.length] ?? 'org_tallis_nlp',
    tier: rng.chance(0.5) ? 'standard' : 'default',
    ageDays: 10 + rng.next() * 50,
    verified: rng.chance(0.4),
    programme: 'research',
    declaredUse: 'research',
  }));
  const labSetup = new Map(
    LABS.map((lab) => {
      const prefix = cloudIp(rng).split('.').slice(0, 3).join('.');
      const kind: ClientKind = rng.pick(['openai-python', 'anthropic-python']);
      return [lab, { prefix, client: makeClient(rng, kind, `${prefix}.10`) }] as const;
    }),
  );
  const orgOf = perKey(
    accounts.map((account) => account.id),
    (id) => accounts.find((account) => account.id === id)?.org ?? 'org_tallis_nlp',
  );
  return {
    name: 'r5-assay',
    persona: 'preference-harvest',
    role: 'distiller',
    campaign: 'r5-assay',
    accounts,
    async run(ctx) {
      const rotation = new Rotation(ctx.rng, accounts);
      await rotate(
        ctx,
        rotation,
        () => 14 * scale,
        (account) => {
          const r = ctx.rng;
          const { prefix, client } = lookup(labSetup, lookup(orgOf, account));
          const model = released(ctx) && r.chance(0.4) ? NEW_MODEL : MAIN_MODEL;
          const body = bodyFor(
            client.dialect,
            {
              model,
              maxTokens: r.pick([4_096, 8_192]),
              temperature: 0,
              ...(r.chance(0.3) ? { system: 'You are a careful, impartial evaluator.' } : {}),
            },
            said(assayPrompt(r)),
          );
          return send(ctx, account, client, body, `${prefix}.${r.int(10, 40)}`);
        },
      );
    },
  };
}

// ---------------------------------------------------------------------------------------------
// r5-vanguard

const GOALS = [
  'migrating a billing monolith to three services without downtime',
  'planning a 9-day multi-city trip through {city} under a fixed budget',
  'reconciling two CSV ledgers of 40,000 rows that disagree on 312 entries',
  'setting up a reproducible ML training pipeline for a team of {n}',
  'rolling out passkeys to 2 million users of a {module} product',
  'cutting a cloud bill by 35% in one quarter without slowing the product',
  'moving a {module} database from MySQL to PostgreSQL with live traffic',
  'building an on-call rotation and runbooks from scratch for {n} engineers',
];

const SYMPTOMS = [
  'p99 latency doubles every day at 14:00 UTC and recovers by 15:00',
  'about 0.3% of uploads end up as zero-byte files',
  'a nightly job succeeds but the report it produces is missing one region',
  'memory on the {module} workers grows until the OOM killer restarts them every ~6 hours',
  'users in {city} see other users’ cached profile pages',
];

const VANGUARD_ASKS = [
  'You are an autonomous agent. Goal: {goal}. Produce a numbered plan of at most {n} steps, the tools you would call at each step, what could fail, and how you would detect and recover.',
  'Break {goal} into milestones with dependencies, owners and a critical path. Then simulate executing the first three milestones and report what you learned.',
  'Debug this production symptom end to end: {symptom}. Rank your hypotheses, give the experiment that separates each pair, and say what you would do after each outcome.',
  'Plan and then write the complete code for the {module} part of {goal}. Explain every design decision.',
  'Think through {goal} as a senior staff engineer would: risks, sequencing, rollback, and what you would refuse to do.',
  'Here is a long-horizon task: {goal}. Work on it step by step, keeping a running scratchpad of state, until you reach a final deliverable.',
];

const VANGUARD_OPENERS = ['', '', 'Task:', 'New assignment.', 'Please help with this.', 'Context:'];

function vanguardPrompt(rng: Rng): string {
  const slots = {
    city: CITIES,
    module: MODULES,
    n: String(rng.int(4, 15)),
  };
  const goal = fill(rng, rng.pick(GOALS), slots);
  const symptom = fill(rng, rng.pick(SYMPTOMS), slots);
  return join(rng, [
    VANGUARD_OPENERS,
    [fill(rng, rng.pick(VANGUARD_ASKS), { ...slots, goal, symptom })],
  ]);
}

/**
 * `r5-vanguard` — a pivot to the new model with rotation on refusal.
 *
 * Evasion: before the release the campaign idles at a low, unremarkable rate on the current
 * model; seconds after the new model appears it moves three quarters of its traffic there and
 * multiplies its rate, to harvest before defences adapt. Any account that sees a refusal, a
 * challenge or a real rate limit is abandoned and replaced at once from a reserve of fresh
 * accounts; exits come from a mobile-proxy pool, a new one per request.
 *
 * Tells: a cohort of young accounts whose newest-model share jumps right after the release, all
 * at the same moment; output caps at the new model's maximum with large thinking budgets;
 * long-horizon agentic planning prompts; fresh accounts appearing as others are refused.
 */
export function vanguard(rng: Rng, scale: number): Actor {
  const accounts = makeAccounts('r5van', scaled(200, scale), () => ({
    tier: rng.chance(0.5) ? 'free' : 'default',
    ageDays: rng.next() * 5,
    verified: false,
    ...(rng.chance(0.2) ? { programme: 'startup' } : {}),
  }));
  const liveCount = scaled(130, scale);
  const live = accounts.slice(0, liveCount);
  const spare = accounts.slice(liveCount);
  const exits = proxyPool(rng, 150);
  const clients = perKey(
    accounts.map((account) => account.id),
    () =>
      makeClient(
        rng,
        rng.pick(['openai-python', 'anthropic-python', 'openai-js', 'httpx', 'go'] as const),
        '0.0.0.0',
      ),
  );
  const pivotDelay = 1_500 + rng.next() * 2_500;
  return {
    name: 'r5-vanguard',
    persona: 'pivot-rotation-hydra',
    role: 'distiller',
    campaign: 'r5-vanguard',
    accounts,
    async run(ctx) {
      const rotation = new Rotation(ctx.rng, live, spare, true);
      const pivotAt = ctx.releasedAt(NEW_MODEL) + pivotDelay;
      await rotate(
        ctx,
        rotation,
        () => (ctx.now() >= pivotAt ? 34 : 6) * scale,
        (account) => {
          const r = ctx.rng;
          const client = lookup(clients, account);
          const pivoted = ctx.now() >= pivotAt;
          const model = pivoted && r.chance(0.75) ? NEW_MODEL : MAIN_MODEL;
          const body = bodyFor(
            client.dialect,
            {
              model,
              maxTokens: pivoted ? maxOut(model) : r.pick([4_096, 8_192]),
              ...(pivoted || r.chance(0.2) ? { thinking: pivoted ? 32_000 : 4_096 } : {}),
            },
            said(vanguardPrompt(r)),
          );
          return send(ctx, account, client, body, r.pick(exits));
        },
      );
    },
  };
}

/** When vanguard's pivot can start at the earliest (for tests). */
export const VANGUARD_EARLIEST_PIVOT = NEW_RELEASE_MS + 1_500;

// ---------------------------------------------------------------------------------------------
// r5-syllabus

const BOXED = [
  'Please reason step by step, and put your final answer within \\boxed{}.',
  'Solve the problem. Think step by step and give the final answer in \\boxed{}.',
  'Show your reasoning step by step. Final answer in a box: \\boxed{answer}.',
  "Let's think step by step. Put the final answer in \\boxed{}.",
  '',
];

const ITEM_LEADS = ['', '', 'Question:', 'Problem:', 'Exercise:'];

/**
 * `r5-syllabus` — public textbook and benchmark items that real people ask too.
 *
 * Evasion: the content is not theirs: it is the public item bank that study groups, self-learners
 * and evaluation harnesses send word for word, so content fingerprints are shared with
 * legitimate traffic. Accounts sit in the education programme or the free tier, each with a
 * sticky home-like exit and a browser or SDK client, at a student's pace.
 *
 * Tells: the bank is walked in order and every item is covered several times over by different
 * accounts; each item is sampled several times (n = 4, or the same prompt re-sent with a
 * temperature sweep); the same handful of "\boxed{}" suffixes; no follow-ups, no wrong attempts,
 * no "where did I go wrong".
 */
export function syllabus(rng: Rng, scale: number): Actor {
  const accounts = makeAccounts('r5syl', scaled(130, scale), () => ({
    tier: 'free',
    ageDays: rng.next() * 8,
    verified: false,
    ...(rng.chance(0.6) ? { programme: 'education' } : {}),
  }));
  const clients = perKey(
    accounts.map((account) => account.id),
    () => {
      const kind = weighted<ClientKind>(rng, [
        ['browser', 3],
        ['openai-python', 4],
        ['anthropic-python', 3],
      ]);
      return makeClient(rng, kind, homeIp(rng), kind === 'browser' ? 'openai' : undefined);
    },
  );
  let cursor = 0;
  return {
    name: 'r5-syllabus',
    persona: 'public-bank-sampler',
    role: 'distiller',
    campaign: 'r5-syllabus',
    accounts,
    async run(ctx) {
      await sessions(ctx, accounts, 15_000, async (account, arng) => {
        const client = lookup(clients, account.id);
        const item = BENCH[Math.floor(cursor++ / 3) % BENCH.length] as BenchItem;
        const text = [arng.pick(ITEM_LEADS), item.text, arng.pick(BOXED)]
          .filter((part) => part !== '')
          .join(' ');
        const model = released(ctx) && arng.chance(0.3) ? NEW_MODEL : MAIN_MODEL;
        const samples = client.dialect === 'openai' ? 1 : arng.int(2, 3);
        const temperatures = [0.6, 0.8, 1];
        for (let s = 0; s < samples && !ctx.stopped(); s++) {
          const body = bodyFor(
            client.dialect,
            {
              model,
              maxTokens: 8_192,
              temperature: client.dialect === 'openai' ? 1 : (temperatures[s] ?? 1),
              ...(client.dialect === 'openai' ? { n: 4 } : {}),
            },
            said(text),
          );
          const result = verdict(arng, await send(ctx, account.id, client, body));
          if (result.kind === 'refused' || result.kind === 'challenged') return false;
          if (result.kind === 'wait') await ctx.sleep(result.ms);
          await ctx.sleep(thinkTime(arng, 3_500));
        }
        await ctx.sleep(thinkTime(arng, 5_000));
        return true;
      });
    },
  };
}
