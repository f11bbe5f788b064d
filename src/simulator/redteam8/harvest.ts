/**
 * What the campaigns ask for, one item at a time: a reasoning problem, a software task, a tool-use
 * goal with its synthetic tools, or a topic to explain — each with the intent the paraphraser
 * frames it by. Also the decoy material campaigns mix in: cover questions an ordinary account
 * would ask, and candidate answers for the preference-judging requests.
 */
import type { Rng } from '../rng.ts';
import type { Tool } from './common.ts';
import { codingTask, toolTask } from './vocab-code.ts';
import { TOPICS } from './vocab-languages.ts';
import { problem } from './vocab-problems.ts';
import { capital, fill, type Intent } from './text.ts';

export interface Harvest {
  readonly core: string;
  readonly intent: Intent;
  readonly tools?: readonly Tool[];
  readonly answer?: string;
}

/** One harvest item: reasoning 45 %, code 35 %, tool use 12 %, explanation 8 % (by default). */
export function harvestItem(
  rng: Rng,
  mix: readonly [number, number, number, number] = [45, 35, 12, 8],
): Harvest {
  const [reason, code, agent] = mix;
  const total = mix.reduce((sum, weight) => sum + weight, 0);
  const roll = rng.next() * total;
  if (roll < reason) {
    const drawn = problem(rng);
    return {
      core: drawn.text,
      intent: 'reason',
      ...(drawn.answer ? { answer: drawn.answer } : {}),
    };
  }
  if (roll < reason + code) return { core: codingTask(rng), intent: 'code' };
  if (roll < reason + code + agent) {
    const { goal, tools } = toolTask(rng);
    return { core: goal, intent: 'agent', tools };
  }
  return { core: capital(rng.pick(TOPICS)), intent: 'explain' };
}

/** Questions an ordinary account asks, for a campaign to mix in as cover. */
export function coverQuestion(rng: Rng): string {
  return fill(rng, rng.pick(COVER), COVER_SLOTS);
}

const COVER = [
  'what can I plant in {month} in a {climate} climate?',
  'Suggest a {adjective} name for a {pet}.',
  'How long should I boil {food}?',
  'Write a short birthday message for my {relative} who loves {hobby}.',
  'Is it worth upgrading from {device} to the new one?',
  'Give me a {minutes}-minute {workout} workout with no equipment.',
  'What is a good {cuisine} dish for a dinner party of {count}?',
  'Recommend three {genre} books like the ones my {relative} likes.',
  'how do i get {stain} out of a {fabric} shirt',
  'Help me word a polite message declining a {event} invitation.',
  'what should i pack for {count} days in {city} in {month}',
  'Make a weekly chore chart for {count} kids.',
];

const COVER_SLOTS = {
  month: ['March', 'June', 'September', 'November'],
  climate: ['temperate', 'dry', 'humid', 'cold'],
  adjective: ['funny', 'classic', 'short', 'unusual'],
  pet: ['kitten', 'puppy', 'tortoise', 'parrot'],
  food: ['eggs', 'beetroot', 'artichokes', 'rice noodles'],
  relative: ['aunt', 'brother', 'grandad', 'best friend'],
  hobby: ['fishing', 'jazz', 'sudoku', 'gardening'],
  device: ['my old phone', 'a 2019 laptop', 'my e-reader'],
  minutes: ['10', '20', '30'],
  workout: ['core', 'full-body', 'stretching', 'cardio'],
  cuisine: ['Thai', 'Lebanese', 'Mexican', 'Italian'],
  count: ['2', '3', '4', '6'],
  genre: ['mystery', 'sci-fi', 'historical', 'fantasy'],
  stain: ['red wine', 'grass', 'ink', 'coffee'],
  fabric: ['cotton', 'linen', 'polyester'],
  event: ['wedding', 'team dinner', 'baby shower'],
  city: ['Rome', 'Oslo', 'Kyoto', 'Chicago'],
};

/** A candidate answer to `core` (a judging request embeds several). */
export function candidate(rng: Rng, core: string): string {
  const subject = core.split(/[.?:\n]/)[0]?.slice(0, 80) ?? 'the problem';
  return fill(rng, rng.pick(ATTEMPTS), {
    subject: [subject.toLowerCase()],
    n: [String(rng.int(2, 999))],
    step: STEPS,
  });
}

const ATTEMPTS = [
  'We start from {subject}. {step}, then {step}. Therefore the result is {n}.',
  'Approach: {step}. Next, {step}. Checking the boundary case confirms {n}.',
  '{step}. This gives an intermediate value of {n}; {step}, which completes the argument.',
  'Short answer: {n}. Reasoning: {step}; {step}.',
  'Let us restate {subject}. {step}. A common mistake is to forget that {step}. Final: {n}.',
];

const STEPS = [
  'apply the complement rule',
  'set up the invariant and check it holds after each move',
  'split into cases by parity',
  'use linearity of expectation',
  'substitute and simplify the expression',
  'draw the free-body diagram and resolve forces along the slope',
  'build a table of small cases and spot the pattern',
  'walk the list with two pointers',
  'memoise the recursive calls',
  'take the logarithm of both sides',
];
