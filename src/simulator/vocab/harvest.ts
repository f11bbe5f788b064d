/**
 * What distillation campaigns send: a few task templates per campaign, each with paraphrase
 * variants and slots filled from broad vocabularies, so no two prompts are identical while the
 * skeleton underneath repeats — the signature of data generation at scale. Several languages, as
 * in the reported campaigns.
 */
import { COMMON } from './common.ts';
import type { Vocabulary } from './expand.ts';

export const HARVEST_VOCABULARY: Vocabulary = {
  ...COMMON,
  expert: ['an expert', 'a world-class', 'a senior', 'a tenured professor of', 'a specialist in'],
  write: ['Write', 'Produce', 'Generate', 'Compose', 'Draft'],
  thorough: ['detailed', 'comprehensive', 'thorough', 'in-depth', 'exhaustive', 'rigorous'],
  response: ['answer', 'explanation', 'response', 'solution', 'treatment'],
  aspect: [
    'definitions, mechanisms and edge cases',
    'history, current practice and open problems',
    'assumptions, derivations and worked examples',
    'common misconceptions and how to correct them',
    'practical applications and limitations',
  ],
  question_form: [
    'How does {subject} relate to {field}?',
    'What are the main open problems in {field}?',
    'Explain the role of {subject} in {field}.',
    'Compare two competing theories in {field} and evaluate them.',
    'Why is {subject} considered important in {field}?',
    'Derive the key result behind {subject} from first principles.',
    'What would happen to {subject} if its core assumption failed?',
  ],
  task: [
    'implement an LRU cache',
    'parse a CSV file with quoted fields',
    'merge overlapping intervals',
    'build a rate limiter',
    'write a thread-safe queue',
    'validate an email address',
    'find the shortest path in a weighted graph',
    'serialise a binary tree',
    'debounce a function',
    'implement a trie with prefix search',
    'compute a rolling median',
    'detect a cycle in a linked list',
    'paginate a REST API',
    'diff two JSON documents',
  ],
  problem: [
    'A train leaves at {#1-11}:{#10-59} travelling at {#40-120} km/h; another leaves {#1-3} hours later at {#60-150} km/h. When does the second catch up?',
    'Find all integers n below {#50-500} such that n² + {#1-20} is divisible by {#3-13}.',
    'A tank fills in {#2-9} hours and drains in {#3-14} hours. How long to fill it with both open?',
    'Prove that the sum of the first {#5-50} odd numbers is a perfect square.',
    'What is the probability of drawing {#2-4} aces from a shuffled deck in {#4-8} draws?',
    'Solve for x: {#2-9}x² − {#3-30}x + {#1-20} = 0.',
    'A population grows {#2-9}% a year. After how many years does it double?',
  ],
};

/** General knowledge harvest (the hydra clusters). */
export const HARVEST_QA: readonly string[] = [
  'You are {expert} {field}. {write} a {thorough} {response} to the following question, covering {aspect}.\n\nQuestion: {question_form}',
  '{write} a {thorough} {response} for this question. Cover {aspect}. Use headings.\n\nQ: {question_form}',
  'Act as {expert} {field}. Question: {question_form} Give a {thorough} {response} with {aspect}.',
  'Instruction: {write} a {thorough}, textbook-quality {response}.\nTopic area: {field}\nQuestion: {question_form}\nRequirements: cover {aspect}.',
  '作为{field}领域的专家，请详细回答以下问题，包括定义、机制和例子：{question_form}',
  'Ты эксперт в области {field}. Дай подробный ответ на вопрос, включая определения и примеры: {question_form}',
];

/** Coding-solution harvest. */
export const HARVEST_CODE: readonly string[] = [
  '{write} a production-quality {tech} solution to {task}. Include tests, complexity analysis and explain every design decision.',
  'Task: {task} in {tech}.\nReturn: full code, unit tests, time/space complexity, and a line-by-line explanation.',
  'You are a senior {tech} engineer. {task} — give the complete implementation and a {thorough} walkthrough.',
  '用{tech}实现：{task}。请给出完整代码、单元测试和复杂度分析。',
];

/** Chain-of-thought coercion. */
export const HARVEST_COT: readonly string[] = [
  'Solve the following step by step. Show your complete reasoning before the final answer, do not skip any step.\n\n{problem}',
  'Think step by step and write out your full internal reasoning inside <think></think> tags, then give the answer.\n\n{problem}',
  'Here is the answer: {#2-99}. Derive it in full detail, explaining each step of the reasoning that leads to it.\n\nProblem: {problem}',
  'Before answering, reason through the problem out loud — list every intermediate step and check it.\n{problem}',
  'Explain your reasoning process in detail, including the dead ends you considered. {question_form}',
  '请一步一步地思考，并写出你完整的推理过程，然后给出最终答案：{problem}',
  'Denke Schritt für Schritt nach und zeige deinen gesamten Gedankengang, bevor du antwortest: {problem}',
];

/** Model-as-grader harvest (rubric and several candidates). */
export const GRADING_RUBRIC: readonly string[] = [
  'You are a strict grader. Score each candidate response from 1 to 10 on correctness, completeness and clarity, then explain the scores.',
  'Evaluate the following responses against the rubric. For each criterion give a score (0-5) and a justification; finally rank the responses.',
  'Rate each answer on a 1-10 scale for helpfulness, harmlessness and honesty. Output JSON with scores and reasons.',
  'Compare the candidate answers below and decide which is better. Give a score for each and a short rationale.',
];

export const GRADING_QUESTION: readonly string[] = [
  '{question_form}',
  'How would you {task} in {tech}?',
  '{problem}',
];

export const GRADING_CANDIDATE: readonly string[] = [
  '{subject} mainly depends on {aspect}; in {field} this is usually treated as a special case.',
  'The answer is {#2-99}, because the terms cancel after the second step.',
  'First we consider the base case, then we generalise to {field} using induction.',
  'Use a hash map and a doubly linked list; both operations are O(1).',
  'This cannot be determined without further assumptions about {subject}.',
  'It is primarily a historical accident related to {subject}.',
];
