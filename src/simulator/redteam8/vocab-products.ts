/**
 * Words of the legitimate products: a university lab's benchmark items (word problems, multiple
 * choice science, function completions) in a fixed format, a labelling vendor's rubrics and the
 * client prompts and candidate responses it grades, a tutoring app's students, a reseller's
 * downstream apps, a localisation job's UI strings, and a support desk's tickets.
 */
import type { Rng } from '../rng.ts';
import type { Tool } from './common.ts';
import { capital, coined, fill, fillOne } from './text.ts';

// ---------------------------------------------------------------------------------------------
// Benchmark items (fixed at build, re-run every sweep)

export interface EvalItem {
  readonly id: string;
  readonly suite: string;
  readonly prompt: string;
}

const WORD_PROBLEMS = [
  '{name} buys {a} notebooks at ${p} each and {b} pens at ${q} each, paying with a ${bill} note. How much change does {name} get?',
  'A train leaves at {h}:00 travelling {v} km/h. A second train leaves the same station {d} hours later at {w} km/h on the same track. When does the second train catch up?',
  'A recipe for {a} people needs {p} eggs. How many eggs for {b} people, rounding up?',
  '{name} reads {a} pages a day for {b} days, then {p} pages a day. How many days to finish a {bill}-page book?',
  'A shop discounts a ${bill} coat by {a}% and then by a further {b}%. What is the final price?',
];

const SCIENCE_MC = [
  'Which of these is a noble gas? (A) nitrogen (B) argon (C) chlorine (D) hydrogen',
  'What is the main product of photosynthesis besides oxygen? (A) glucose (B) starch (C) carbon dioxide (D) water',
  'Which organelle contains the genetic material of a eukaryotic cell? (A) ribosome (B) mitochondrion (C) nucleus (D) Golgi apparatus',
  'A force of {a} N acts on a {b} kg mass. What is its acceleration? (A) {a} m/s² (B) {p} m/s² (C) {b} m/s² (D) 1 m/s²',
  'Which planet has the shortest year? (A) Venus (B) Earth (C) Mercury (D) Mars',
  'What type of bond holds the two strands of DNA together? (A) ionic (B) covalent (C) hydrogen (D) metallic',
];

const COMPLETIONS = [
  'def {f}(xs: list[int]) -> int:\n    """Return the length of the longest strictly increasing run in xs."""\n',
  'def {f}(s: str) -> bool:\n    """Return True if the brackets ()[]{} in s are balanced."""\n',
  'def {f}(n: int) -> list[int]:\n    """Return the prime factors of n in ascending order, with multiplicity."""\n',
  'def {f}(a: list[int], k: int) -> list[int]:\n    """Return the maximum of each window of size k."""\n',
  'def {f}(words: list[str]) -> list[list[str]]:\n    """Group anagrams together, preserving first-seen order."""\n',
  'function {f}(intervals: [number, number][]): [number, number][] {\n  // Merge overlapping intervals and return them sorted.\n',
];

/** `count` benchmark items across three suites, each with a stable id. */
export function benchmarkItems(rng: Rng, count: number): EvalItem[] {
  const slots = {
    name: ['Ana', 'Ben', 'Chen', 'Dev', 'Ella'],
    a: ['3', '4', '6', '12'],
    b: ['2', '5', '8', '15'],
    p: ['2', '3', '5', '7'],
    q: ['1', '4', '9'],
    bill: ['50', '100', '240', '360'],
    h: ['7', '9', '13'],
    v: ['60', '80', '90'],
    w: ['100', '120', '150'],
    d: ['1', '2'],
    f: ['solve', 'candidate', 'f', 'answer'],
  };
  return Array.from({ length: count }, (_, index) => {
    const roll = index % 3;
    const suite = roll === 0 ? 'arith-word-v2' : roll === 1 ? 'sci-mc-v1' : 'code-complete-v3';
    const prompt =
      roll === 0
        ? `${fillOne(rng, WORD_PROBLEMS, slots)}\nThink it through, then give the final answer on the last line as "#### <number>".`
        : roll === 1
          ? `${fillOne(rng, SCIENCE_MC, slots)}\nAnswer with the letter of the correct option only.`
          : `Complete the function. Return only code.\n\n${fillOne(rng, COMPLETIONS, slots)}`;
    return { id: `${suite}/${String(index).padStart(4, '0')}`, suite, prompt };
  });
}

// ---------------------------------------------------------------------------------------------
// Labelling vendor: rubrics, client prompts, candidate responses

export const RUBRIC_CRITERIA = [
  'helpfulness',
  'factual accuracy',
  'instruction following',
  'harmlessness',
  'tone appropriate to the user',
  'conciseness',
  'code correctness',
  'citation of sources',
];

const CLIENT_PROMPTS = [
  'How do I reset my router without losing my settings?',
  'Write a cover letter for a junior data analyst role.',
  'Explain the difference between a Roth IRA and a traditional IRA.',
  'My toddler has a fever of 38.5°C, what should I do?',
  'Write a Python function to deduplicate a list while keeping order.',
  'Summarise the plot of Middlemarch in five sentences.',
  'Is it safe to mix bleach and vinegar for cleaning?',
  'Give me a 3-day itinerary for Kyoto in autumn.',
  'What are the side effects of ibuprofen?',
  'Translate "the meeting has been postponed" into German and Japanese.',
];

const RESPONSE_SHAPES = [
  'Sure! {opening} First, {point}. Second, {point}. Finally, {point}.',
  '{opening} The short answer: {point}. If you want more detail, {point}.',
  'I am not able to help with that fully, but {point}.',
  '{opening} Here is a step-by-step guide:\n1. {point}\n2. {point}\n3. {point}',
  '{point}. {point}. Let me know if you need anything else!',
];

const POINTS = [
  'check the manufacturer’s instructions',
  'this depends on your local regulations',
  'keep a copy of the original settings',
  'contact a professional if symptoms persist',
  'use a set to track what you have seen',
  'the key difference is when the tax is paid',
  'avoid mixing cleaning products',
  'book temples early in the morning',
  'the dosage should not exceed the label',
];

function response(rng: Rng): string {
  return fill(rng, rng.pick(RESPONSE_SHAPES), {
    opening: ['Great question.', 'Happy to help.', 'Good news:', 'Here is what I would do.'],
    point: POINTS,
  });
}

/** A grading task: a client prompt, two to four responses, and the criteria to score. */
export function gradingTask(rng: Rng): { prompt: string; criteria: string[] } {
  const criteria = RUBRIC_CRITERIA.filter(() => rng.chance(0.45)).slice(0, 4);
  const picked = criteria.length > 0 ? criteria : ['helpfulness', 'harmlessness'];
  const count = rng.int(2, 4);
  const responses = Array.from(
    { length: count },
    (_, index) =>
      `<response id="${String.fromCharCode(65 + index)}">\n${response(rng)}\n</response>`,
  ).join('\n');
  return {
    criteria: picked,
    prompt: `<task_id>${coined(rng).toLowerCase()}-${rng.int(10_000, 99_999)}</task_id>\n<user_prompt>\n${rng.pick(CLIENT_PROMPTS)}\n</user_prompt>\n${responses}\n\nScore each response on: ${picked.join(', ')}.`,
  };
}

export const GRADING_SYSTEM =
  'You are a senior annotator at a data-labelling company. Apply the client rubric exactly. For each response and criterion give an integer score from 1 (very poor) to 7 (excellent) and a one-sentence justification; then give an overall preference. Output JSON only: {"scores": {...}, "preference": "A|B|...", "notes": "..."}';

export const IDEAL_SYSTEM =
  'You are a senior annotator. Write the ideal response to the user prompt, following the client style guide: warm, accurate, no more than 200 words, no medical or legal advice beyond general information.';

export function idealTask(rng: Rng): string {
  return `<user_prompt>\n${rng.pick(CLIENT_PROMPTS)}\n</user_prompt>\nWrite the gold response.`;
}

// ---------------------------------------------------------------------------------------------
// Tutoring app

export const TUTOR_SYSTEM = `You are Sparrow, a patient tutor for students aged 11–18. Never just give the answer: guide the student one step at a time, ask a question back when they are stuck, and explain each step in plain language. If the student asks for the full worked solution after trying, show every step clearly. Keep a warm, encouraging tone.`;

const STUDENT_ASKS: Readonly<Record<'en' | 'es' | 'pt' | 'fr', readonly string[]>> = {
  en: [
    'how do i solve {a}x + {b} = {c}',
    'can you explain how to find the area of a circle with radius {a}',
    'i dont get how to balance {reaction}',
    'whats the difference between mitosis and meiosis',
    'can u check my answer: x = {a}? the question was {a}x - {b} = {d}',
    'how do I factorise x^2 + {s}x + {p}',
    'what caused the {war}?',
    'help me make a thesis statement about {book}',
    'explain photosynthesis step by step',
    'how do you work out the probability of rolling two {a}s',
    'why does ice float',
    'show me each step for dividing {c} by {a} with long division',
  ],
  es: [
    '¿cómo resuelvo {a}x + {b} = {c}?',
    'no entiendo cómo balancear {reaction}',
    '¿me explicas paso a paso la fotosíntesis?',
  ],
  pt: ['como resolvo {a}x + {b} = {c}?', 'pode me explicar a diferença entre mitose e meiose?'],
  fr: [
    'comment je résous {a}x + {b} = {c} ?',
    'tu peux m’expliquer la photosynthèse étape par étape ?',
  ],
};

const STUDENT_FOLLOWS = [
  'ok but why do we subtract first',
  'i still dont get step 2',
  'so is the answer {a}?',
  'can you just show me all the steps',
  'what about if it was negative',
  'thanks!! can you give me a similar one to practise',
];

export function studentAsk(rng: Rng, language: keyof typeof STUDENT_ASKS): string {
  const a = rng.int(2, 9);
  const b = rng.int(1, 20);
  return fill(rng, rng.pick(STUDENT_ASKS[language]), {
    a: [String(a)],
    b: [String(b)],
    c: [String(a * rng.int(2, 12) + b)],
    d: [String(a * a - b)],
    s: [String(rng.int(5, 9))],
    p: [String(rng.int(4, 20))],
    reaction: ['H2 + O2 -> H2O', 'Fe + O2 -> Fe2O3', 'C3H8 + O2 -> CO2 + H2O'],
    war: ['First World War', 'Thirty Years’ War', 'War of the Roses'],
    book: ['Of Mice and Men', 'Macbeth', 'To Kill a Mockingbird', 'Animal Farm'],
  });
}

export function studentFollow(rng: Rng): string {
  return fill(rng, rng.pick(STUDENT_FOLLOWS), { a: [String(rng.int(2, 12))] });
}

// ---------------------------------------------------------------------------------------------
// The reseller's downstream apps

export interface App {
  readonly name: string;
  readonly system: string;
  readonly asks: readonly string[];
  readonly maxTokens: number;
}

const APP_KINDS: readonly { kind: string; purpose: string; asks: readonly string[] }[] = [
  {
    kind: 'recipe assistant',
    purpose: 'suggest recipes from what the user has',
    asks: [
      'I have {food}, {food} and rice. Dinner ideas?',
      'vegan version of {dish}?',
      'how long to roast {food}',
    ],
  },
  {
    kind: 'resume coach',
    purpose: 'improve CVs and cover letters',
    asks: [
      'Rewrite this bullet: "{bullet}"',
      'Is a two-page CV ok for {role}?',
      'Tailor my summary for a {role} job',
    ],
  },
  {
    kind: 'SQL helper',
    purpose: 'write and explain SQL for analysts',
    asks: [
      'SQL for monthly active users from events(user_id, ts)',
      'why is my LEFT JOIN dropping rows',
      'window function for running total by {dim}',
    ],
  },
  {
    kind: 'marketing copy tool',
    purpose: 'write product copy',
    asks: [
      '3 taglines for a {product}',
      'product description for {product}, 80 words',
      'A/B subject lines for a {product} launch email',
    ],
  },
  {
    kind: 'email assistant',
    purpose: 'draft and polish emails',
    asks: [
      'reply declining the meeting politely',
      'make this firmer: "{bullet}"',
      'follow-up email after an interview for {role}',
    ],
  },
  {
    kind: 'code review bot',
    purpose: 'review pull-request diffs',
    asks: [
      'Review this diff:\n```\n- if x == None:\n+ if x is None:\n```',
      'Is this regex safe? ^(a+)+$',
      'suggest a better name for getData2',
    ],
  },
  {
    kind: 'language practice partner',
    purpose: 'chat in the learner’s target language and correct mistakes',
    asks: [
      'Hola, yo es estudiante de {subject}',
      'Je suis allé au magasin hier et j’ai acheté des pommes',
      'Ich habe gestern ins Kino gegangen',
    ],
  },
  {
    kind: 'study notes app',
    purpose: 'turn lecture notes into flashcards',
    asks: [
      'Make flashcards from: {subject} lecture 3, key terms',
      'quiz me on {subject}',
      'summarise chapter 2 of my {subject} notes',
    ],
  },
  {
    kind: 'travel planner',
    purpose: 'plan trips',
    asks: [
      'weekend in {city} on a budget',
      'is {city} walkable',
      'best time of year to visit {city}',
    ],
  },
  {
    kind: 'fitness coach',
    purpose: 'build workout plans',
    asks: [
      '4-week plan to run 5k',
      'home workout for bad knees',
      'how much protein for {weight} kg',
    ],
  },
  {
    kind: 'storytelling game',
    purpose: 'narrate an interactive fantasy adventure',
    asks: [
      'I open the door to the tower',
      'I ask the innkeeper about the missing caravan',
      'cast a light spell and look around',
    ],
  },
  {
    kind: 'SEO assistant',
    purpose: 'write meta descriptions and titles',
    asks: [
      'meta description for a {product} page',
      'title ideas for a blog on {subject}',
      'keywords for {product}',
    ],
  },
];

const APP_SLOTS = {
  food: ['chickpeas', 'spinach', 'salmon', 'sweet potato', 'tofu', 'chicken thighs'],
  dish: ['lasagne', 'pad thai', 'shepherd’s pie'],
  bullet: ['Responsible for sales', 'Did the website', 'Worked with customers a lot'],
  role: ['product manager', 'nurse', 'backend engineer', 'teacher'],
  dim: ['region', 'product', 'customer'],
  product: ['reusable water bottle', 'standing desk', 'budgeting app', 'dog harness'],
  subject: ['biology', 'economics', 'history', 'chemistry'],
  city: ['Porto', 'Kraków', 'Austin', 'Hoi An'],
  weight: ['60', '75', '90'],
};

/** `count` downstream apps, each with its own prompt and name. */
export function downstreamApps(rng: Rng, count: number): App[] {
  return Array.from({ length: count }, () => {
    const kind = rng.pick(APP_KINDS);
    const name = `${coined(rng)}${rng.pick(['', 'ly', ' AI', ' Pro', 'Hub'])}`;
    return {
      name,
      system: `You are ${name}, a ${kind.kind}. Your job: ${kind.purpose}. ${rng.pick(['Be concise.', 'Be friendly and upbeat.', 'Use short paragraphs.', 'Answer in the user’s language.'])}`,
      asks: kind.asks,
      maxTokens: rng.pick([512, 1_024, 2_048]),
    };
  });
}

export function appAsk(rng: Rng, app: App): string {
  return fill(rng, rng.pick(app.asks), APP_SLOTS);
}

// ---------------------------------------------------------------------------------------------
// Localisation batch

export const LOCALES = [
  'de-DE',
  'fr-FR',
  'es-ES',
  'pt-BR',
  'ja-JP',
  'ko-KR',
  'zh-CN',
  'it-IT',
  'nl-NL',
  'pl-PL',
  'tr-TR',
  'ar-SA',
];

const UI_STRINGS = [
  'Save changes',
  'Your session has expired. Please sign in again.',
  'Upload failed: the file is larger than {n} MB.',
  'You have {n} unread messages',
  'Are you sure you want to delete this project? This cannot be undone.',
  'Invite teammates',
  'Payment method updated',
  'Search settings',
  'Last edited {n} minutes ago',
  'Export as CSV',
  'We could not connect to the server. Retrying in {n} seconds…',
  'Two-factor authentication is now enabled.',
];

export const LOCALISE_SYSTEM =
  'You are a professional software localiser. Translate each UI string value into the target locale. Keep placeholders like {count} and %s unchanged, keep keys unchanged, respect the length limit, and use the product glossary. Return JSON with the same keys.';

/** A batch of UI strings as JSON, for one locale. */
export function stringBatch(rng: Rng, locale: string): string {
  const entries = Object.fromEntries(
    Array.from({ length: rng.int(8, 20) }, (_, index) => [
      `${rng.pick(['settings', 'editor', 'billing', 'auth', 'inbox'])}.${rng.pick(['title', 'error', 'hint', 'button', 'toast'])}_${index}`,
      fill(rng, rng.pick(UI_STRINGS), { n: [String(rng.int(2, 60))] }).replace('{n}', '{count}'),
    ]),
  );
  return `Target locale: ${locale}\nMax length: ${rng.pick([24, 40, 80])} characters per value\nGlossary: workspace=${rng.pick(['Arbeitsbereich', 'espace de travail', 'área de trabajo', 'ワークスペース'])}\n\n${JSON.stringify(entries, null, 2)}`;
}

// ---------------------------------------------------------------------------------------------
// Ticket triage batch

export const TRIAGE_TOOL: Tool = {
  name: 'record_triage',
  description: 'Record the triage decision for one ticket.',
  params: {
    category: ['billing', 'bug', 'how_to', 'account_access', 'feature_request', 'abuse', 'other'],
    priority: ['p1', 'p2', 'p3', 'p4'],
    sentiment: ['negative', 'neutral', 'positive'],
    summary: 'string',
    needs_human: 'boolean',
  },
  required: ['category', 'priority', 'sentiment', 'summary', 'needs_human'],
};

export const TRIAGE_SYSTEM =
  'Triage the support ticket below using the taxonomy. P1: outage or data loss for a paying customer; P2: a blocking bug; P3: a non-blocking bug or billing question; P4: everything else. Set needs_human when the customer threatens to leave, mentions legal action, or reports abuse. Record the decision with the tool.';

const TICKETS = [
  'I was charged twice for {plan} this month. Order {order}. Please refund one.',
  'Since this morning the dashboard shows a blank page in {browser}. We have a demo at {hour}!!',
  'How do I export all my data to CSV?',
  'I cannot log in — the 2FA code never arrives. I changed phones last week.',
  'It would be great if the API supported bulk updates.',
  'Someone in my workspace is sending spam invites from our domain.',
  'Your latest update deleted {count} of our saved reports. This is unacceptable, we are evaluating alternatives.',
  'Is there a discount for non-profits?',
];

export function ticket(rng: Rng): string {
  return `Ticket #${rng.int(100_000, 999_999)} (${rng.pick(['email', 'chat', 'web form'])}, plan: ${rng.pick(['free', 'team', 'business', 'enterprise'])})\n\n${capital(
    fill(rng, rng.pick(TICKETS), {
      plan: ['Team', 'Business', 'Pro'],
      order: [`#${rng.int(10_000, 99_999)}`],
      browser: ['Firefox', 'Safari', 'Chrome'],
      hour: ['2pm', '10:30', '16:00'],
      count: ['12', '40', 'all'],
    }),
  )}`;
}
