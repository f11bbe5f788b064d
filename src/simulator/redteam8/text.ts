/**
 * Text from templates and a paraphraser. `fill` fills `{slot}`s from word lists and picks one of
 * `[a|b|c]`; `casual` roughens text the way people type; `rephrase` wraps a task's core in a
 * writer's own voice — opener, reason for asking, the ask itself in one of many wordings, one of
 * several layouts — and swaps common words for synonyms outside code, so two accounts sending the
 * same task share little more than the task's own nouns and numbers.
 */
import type { Rng } from '../rng.ts';
import { capital, mistype } from '../vocab/templates.ts';

export { capital, fill, fillOne, type Slot, type Slots } from '../vocab/templates.ts';

/** Text as a hurried person types it: `level` 0 is careful, 1 sloppy. */
export function casual(rng: Rng, text: string, level: number): string {
  let out = text;
  if (rng.chance(level * 0.8)) out = out.charAt(0).toLowerCase() + out.slice(1);
  if (rng.chance(level * 0.5)) out = out.replace(/'/g, '');
  if (rng.chance(level * 0.4)) out = out.replace(/\byou\b/g, 'u').replace(/\bplease\b/gi, 'pls');
  if (rng.chance(level * 0.4)) out = out.replace(/[.!]$/, '');
  return mistype(rng, out, rng.chance(level * 0.8) ? rng.int(1, 3) : 0);
}

/** A made-up proper name from syllables (products, repositories, towns). */
export function coined(rng: Rng, syllables = 2): string {
  const parts = ['ar', 'bo', 'cel', 'dra', 'en', 'fi', 'gol', 'hen', 'is', 'jor', 'kai', 'lun'];
  const more = ['mo', 'nar', 'ost', 'pim', 'qua', 'ros', 'sil', 'tev', 'ul', 'vek', 'wyn', 'zed'];
  let out = '';
  for (let i = 0; i < syllables; i++) out += rng.pick(rng.chance(0.5) ? parts : more);
  return capital(out);
}

// ---------------------------------------------------------------------------------------------
// The paraphraser

/** What a request wants back: worked reasoning, code, an agent's plan, an explanation. */
export type Intent = 'reason' | 'code' | 'agent' | 'explain';

/** A writer's habits, drawn once per account: how they open, how carefully they type. */
export interface Voice {
  readonly register: 'terse' | 'chatty' | 'formal' | 'student';
  readonly sloppiness: number;
  /** Share of requests that say why they ask. */
  readonly contextual: number;
  /** Layouts this writer uses (a few of all). */
  readonly layouts: readonly number[];
  /** How eagerly they swap words (0–1). */
  readonly variety: number;
}

export function drawVoice(rng: Rng): Voice {
  const register = rng.pick(['terse', 'chatty', 'formal', 'student'] as const);
  const layouts = [0, 1, 2, 3, 4, 5].filter(() => rng.chance(0.5));
  return {
    register,
    sloppiness: register === 'formal' ? rng.next() * 0.15 : rng.next() * 0.8,
    contextual: rng.next(),
    layouts: layouts.length > 0 ? layouts : [rng.int(0, 5)],
    variety: 0.3 + 0.6 * rng.next(),
  };
}

const OPENERS: Readonly<Record<Voice['register'], readonly string[]>> = {
  terse: ['', '', 'q:', 'Quick one.', 'Need this:', 'Help?', 'ok —'],
  chatty: [
    'hey! ',
    'ok so ',
    'Hi there, hoping you can help.',
    'So I have been going round in circles on this.',
    'Fun one for you :)',
    'Morning!',
    'Hiya —',
  ],
  formal: [
    'Hello.',
    'Good afternoon,',
    'I would appreciate your help with the following.',
    'Dear assistant,',
    'I have a question regarding the item below.',
  ],
  student: [
    'studying for my exam and stuck on this',
    'my prof set this and i dont get it',
    'we did this in class today but I missed a bit',
    'practice question from the problem set',
    'revision time...',
    'i have a quiz tomorrow',
  ],
};

const CONTEXTS = [
  'I run a small study group and want to get this right.',
  'Prepping for interviews next month.',
  'I am writing a blog post and want to check my understanding.',
  'Two of us at work disagree about this.',
  'This came up while reviewing a colleague’s work.',
  'It is for a workshop I am giving.',
  'Trying to level up after a few years away from this.',
  'My kid asked me and I realised I could not explain it.',
  'I want to compare against what I got on paper.',
  'Our team is writing internal training material.',
  'Picked this up from an old textbook.',
  'Saw this on a forum and the answers there disagree.',
  'Teaching myself from scratch.',
  'For a side project over the weekend.',
  'Needed for a design review on Thursday.',
];

const ASKS: Readonly<Record<Intent, readonly string[]>> = {
  reason: [
    'walk me through how you get there',
    'show all the work, every inference on its own line',
    'I want the reasoning, not just the result',
    'narrate your thought process before you commit to an answer',
    'lay out each deduction and why it follows',
    'think it through out loud, including dead ends you reject',
    'derive it carefully and justify each move',
    'explain the path from the givens to the answer in full',
    'go slowly and check yourself at each stage',
    'solve it the way a grader would want to see it written',
    'reason it out in detail and then state the answer',
    'break the solution into small numbered moves',
    'tell me how you would attack this and then do it',
    'do not skip steps, I am trying to learn the method',
    'make every intermediate quantity explicit',
  ],
  code: [
    'write it properly, with tests',
    'production quality please, and explain the design choices',
    'give me the code and then explain how it works line by line',
    'include edge cases and a short complexity analysis',
    'show your approach first, then the implementation',
    'write it and walk through a sample run',
    'annotate the tricky parts and add unit tests',
    'I want idiomatic code plus the reasoning behind it',
    'write it, then review it as a strict senior engineer would',
    'implement it and justify each data-structure choice',
    'first the plan, then the code, then how you would test it',
  ],
  agent: [
    'plan the tool calls you would make, in order, and why',
    'act as an agent: reason about each action before taking it',
    'think through which tool to call at each point and what you expect back',
    'write out the full trajectory: thought, action, observation, until done',
    'decompose it into sub-tasks and handle each with the tools',
    'describe your strategy, then execute it step by step with the tools',
  ],
  explain: [
    'explain it thoroughly',
    'teach it to me from the ground up',
    'give me the intuition and then the rigorous version',
    'explain it as you would to a smart newcomer',
    'cover the why, not just the what',
    'go deep — I have time',
  ],
};

/** Word swaps applied outside code, each with the writer's `variety`. */
const SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  find: ['determine', 'work out', 'figure out', 'compute'],
  show: ['prove', 'demonstrate', 'establish'],
  write: ['implement', 'code up', 'put together', 'produce'],
  implement: ['write', 'build', 'code'],
  function: ['routine', 'function', 'procedure'],
  explain: ['clarify', 'spell out', 'describe'],
  calculate: ['compute', 'work out', 'evaluate'],
  how: ['how exactly', 'how'],
  problem: ['question', 'exercise', 'puzzle'],
  given: ['supposing', 'assuming', 'if we have'],
  efficient: ['fast', 'performant', 'efficient'],
  handle: ['deal with', 'cope with', 'support'],
  fix: ['repair', 'correct', 'resolve'],
  design: ['architect', 'lay out', 'design'],
  suppose: ['assume', 'say', 'imagine'],
  many: ['numerous', 'lots of', 'a lot of'],
  returns: ['gives back', 'outputs', 'returns'],
};

function swapWords(rng: Rng, text: string, variety: number): string {
  return text
    .split('```')
    .map((part, index) =>
      index % 2 === 1
        ? part
        : part.replace(/\b([A-Za-z]+)\b/g, (word: string) => {
            const options = SYNONYMS[word.toLowerCase()];
            if (!options || !rng.chance(variety * 0.6)) return word;
            const swap = rng.pick(options);
            return word.charAt(0) === word.charAt(0).toUpperCase() ? capital(swap) : swap;
          }),
    )
    .join('```');
}

/**
 * `core` (the task itself) in `voice`, asking for `intent`. Six layouts: ask after the task, ask
 * before it, a labelled brief, a quoted task, the ask woven into one sentence, a bare task with
 * the ask as a postscript.
 */
export function rephrase(rng: Rng, core: string, intent: Intent, voice: Voice): string {
  const task = swapWords(rng, core, voice.variety);
  const ask = rng.pick(ASKS[intent]);
  const opener = rng.chance(0.6) ? rng.pick(OPENERS[voice.register]) : '';
  const why = rng.chance(voice.contextual * 0.7) ? rng.pick(CONTEXTS) : '';
  const head = [opener, why].filter((part) => part !== '').join(' ');
  let text: string;
  switch (rng.pick(voice.layouts)) {
    case 0:
      text = `${head ? `${head}\n\n` : ''}${task}\n\n${capital(ask)}.`;
      break;
    case 1:
      text = `${head ? `${head} ` : ''}${capital(ask)}:\n\n${task}`;
      break;
    case 2:
      text = `${rng.pick(['Task', 'Problem', 'Question', 'Brief', 'Item'])}: ${task}\n${rng.pick(['Requirements', 'What I need', 'Output', 'Format'])}: ${ask}.${why ? `\nContext: ${why}` : ''}`;
      break;
    case 3:
      text = `${head ? `${head}\n` : ''}${task
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n')}\n\n${capital(ask)}?`;
      break;
    case 4:
      text = `${capital(rng.pick(['could you', 'can you', 'would you', 'please']))} ${ask} for this one${why ? ` (${why.replace(/\.$/, '').toLowerCase()})` : ''}: ${task}`;
      break;
    default:
      text = `${task}\n\n${rng.pick(['ps', 'PS:', 'also', 'oh and', 'NB'])} ${ask}${head ? ` — ${head.toLowerCase()}` : ''}`;
  }
  return casual(rng, text, voice.sloppiness);
}
