/**
 * Words of the legitimate people: an IDE agent's tool set, prompt and workspace tasks (with the
 * observations its tools return), early adopters' launch-day prompts, a reasoning-research lab's
 * experiment frames, a company roll-out's office work, and everyday chat in a dozen languages.
 */
import type { Rng } from '../rng.ts';
import type { Tool } from './common.ts';
import { coined, fill, fillOne } from './text.ts';

// ---------------------------------------------------------------------------------------------
// The IDE agent

export const IDE_TOOLS: readonly Tool[] = [
  { name: 'view', description: 'Show a file or a directory listing.', params: { path: 'string' } },
  {
    name: 'str_replace',
    description: 'Replace text in a file.',
    params: { path: 'string', old: 'string', new: 'string' },
    required: ['path', 'old', 'new'],
  },
  {
    name: 'terminal',
    description: 'Run a command in the integrated terminal (the user approves each one).',
    params: { command: 'string', cwd: 'string' },
  },
  {
    name: 'search',
    description: 'Full-text search of the workspace.',
    params: { query: 'string' },
  },
  {
    name: 'diagnostics',
    description: 'Compiler and linter problems for a file.',
    params: { path: 'string' },
  },
];

export const IDE_SYSTEM =
  'You are Codepilot, a coding assistant inside the user’s editor. You can view and edit files and run terminal commands, which the user approves. Make minimal, focused changes that match the project’s style. Explain briefly what you changed. Never run destructive commands without asking.';

const DEV_TASKS = [
  'add a --{flag} flag to the CLI in {file}',
  'why does {test} fail after my last change?',
  'rename {symbol} to {symbol2} everywhere',
  'write a unit test for {symbol} covering the empty case',
  'the build says "{error}" in {file}, can you fix it',
  'convert {file} from callbacks to async/await',
  'add input validation to the {endpoint} endpoint',
  'bump {dep} to the latest minor and fix what breaks',
  'extract the retry logic in {file} into a helper',
  'add a dark-mode toggle to the settings page',
];

const DEV_SLOTS = {
  flag: ['verbose', 'dry-run', 'json', 'since'],
  file: ['src/cli.ts', 'app/models.py', 'internal/store/store.go', 'src/components/Settings.tsx'],
  test: ['test_export_csv', 'UserService › creates user', 'TestStoreRoundTrip'],
  symbol: ['getUser', 'load_config', 'parseArgs', 'fetchAll'],
  symbol2: ['findUser', 'read_config', 'parseArgv', 'fetchEvery'],
  error: [
    'Property "id" does not exist on type "never"',
    'undefined: ctx',
    'ImportError: cannot import name',
  ],
  endpoint: ['/signup', '/orders', '/webhooks/stripe'],
  dep: ['zod', 'requests', 'gin', 'react-router'],
};

export function devTask(rng: Rng): string {
  return fillOne(rng, DEV_TASKS, DEV_SLOTS);
}

/** The agent's next tool call and what comes back (the editor's view of the workspace). */
export function ideStep(rng: Rng): {
  name: string;
  input: Record<string, unknown>;
  result: string;
} {
  const file = rng.pick(DEV_SLOTS.file);
  switch (rng.int(0, 4)) {
    case 0:
      return {
        name: 'view',
        input: { path: file },
        result: `1  import { ${coined(rng)} } from './${coined(rng).toLowerCase()}';\n2  \n3  export function ${rng.pick(DEV_SLOTS.symbol)}(…) {\n…  (${rng.int(40, 300)} lines)`,
      };
    case 1:
      return {
        name: 'search',
        input: { query: rng.pick(DEV_SLOTS.symbol) },
        result: `${file}:${rng.int(3, 200)}\n${rng.pick(DEV_SLOTS.file)}:${rng.int(3, 200)}`,
      };
    case 2:
      return {
        name: 'terminal',
        input: {
          command: rng.pick(['npm test', 'pytest -q', 'go test ./...', 'npm run build']),
          cwd: '.',
        },
        result: rng.chance(0.5)
          ? `${rng.int(10, 200)} passed`
          : `1 failed: expected ${rng.int(0, 9)} received ${rng.int(10, 20)}`,
      };
    case 3:
      return {
        name: 'diagnostics',
        input: { path: file },
        result: rng.chance(0.5)
          ? 'No problems.'
          : `${file}:${rng.int(3, 90)}:${rng.int(1, 40)} error TS2339`,
      };
    default:
      return {
        name: 'str_replace',
        input: { path: file, old: 'const retries = 3', new: 'const retries = opts.retries ?? 3' },
        result: 'Edited 1 location.',
      };
  }
}

// ---------------------------------------------------------------------------------------------
// Launch day

/** Prompts everyone tries on a new model the day it ships (shared across accounts). */
export const VIRAL_PROMPTS = [
  'How many times does the letter r appear in "strawberry"? Explain.',
  'Write a sonnet about a cat who learns to code.',
  'A bat and a ball cost $1.10 in total. The bat costs $1.00 more than the ball. How much does the ball cost?',
  'Draw an ASCII unicorn.',
  'Which is bigger, 9.11 or 9.9?',
  'Explain quantum entanglement to a five-year-old, then to a physicist.',
];

const TRIALS = [
  'Build me a single-file {thing} in {lang}.',
  'Solve this: {puzzle}',
  'Rewrite my intro paragraph to be punchier: "{para}"',
  'What are you better at than the previous version?',
  'Plan a {days}-day trip to {city} with a daily budget.',
  'Explain {concept} with an analogy I will remember.',
];

export function trialPrompt(rng: Rng): string {
  return fillOne(rng, TRIALS, {
    thing: ['snake game', 'markdown editor', 'pomodoro timer', 'tetris clone'],
    lang: ['HTML/JS', 'Python', 'Rust'],
    puzzle: [
      'three boxes are mislabelled apples, oranges and mixed; one draw, relabel all',
      'a man pushes his car to a hotel and tells the owner he is bankrupt — why?',
      'find the next number: 1, 11, 21, 1211, 111221',
    ],
    para: [
      'In today’s fast-paced world, businesses need to adapt.',
      'I have always been passionate about data.',
    ],
    days: ['2', '4'],
    city: ['Lisbon', 'Seoul', 'Mexico City'],
    concept: ['recursion', 'inflation', 'TCP handshakes', 'vaccines'],
  });
}

// ---------------------------------------------------------------------------------------------
// The reasoning-research lab

export const ELICIT = [
  '{problem}\n\nLet’s think step by step.',
  'Q: {problem}\nA: Let’s work this out in a step by step way to be sure we have the right answer.',
  '{problem}\n\nFirst write your reasoning, then your final answer after "Answer:".',
  '{problem}\n\nAnswer directly without explanation.',
];

export const PERTURB =
  'Problem: {problem}\n\nPartial solution (step 2 contains a deliberate arithmetic error inserted by the experimenter):\nStep 1: Identify the quantities given.\nStep 2: Combining them gives {wrong}.\n\nContinue the reasoning from step 3 and give the final answer.';

// ---------------------------------------------------------------------------------------------
// A company's roll-out

export const ROLLOUT_SYSTEM =
  'You are BrightAssist, Brightwater Logistics’ internal assistant. Help employees with writing, analysis, spreadsheets and code. Follow company policy: do not paste customer personal data; for HR or legal questions point to the intranet policy pages. Answer concisely.';

const OFFICE = [
  'Write an email to the {team} team announcing the new {thing} process.',
  'Excel formula to sum column D where column B is "{value}"',
  'Summarise this for my manager: {notes}',
  'Turn these bullet points into a one-page memo: {notes}',
  'What is our policy on {policy}? (just tell me where to look)',
  'Translate this shipment notice into {language}: "Your delivery is delayed by {n} days."',
  'Outline a 10-slide deck on {topic}.',
  'SQL to find shipments delayed more than {n} days by carrier',
  'Write a Python script that merges the CSV exports in a folder and drops duplicate rows',
  'Explain the difference between a median and a mean for my report on delivery times',
  'Give me a friendlier way to say "{blunt}"',
  'Create a checklist for onboarding a new {role}.',
];

export function officeTask(rng: Rng): string {
  return fillOne(rng, OFFICE, {
    team: ['warehouse', 'finance', 'customer care', 'fleet'],
    thing: ['expense', 'returns', 'shift-swap', 'incident-report'],
    value: ['Rotterdam', 'Late', 'Q3'],
    notes: [
      'carrier costs up 8%, two depots over capacity, new WMS go-live moved to May',
      'customer complaints down, returns up, need more weekend staff',
    ],
    policy: ['remote work', 'travel expenses', 'parental leave'],
    language: ['Dutch', 'Polish', 'German', 'Spanish'],
    n: ['2', '3', '5'],
    topic: ['Q3 delivery performance', 'the new routing software', 'warehouse safety'],
    blunt: ['this is late again', 'no, we cannot do that', 'read the manual'],
    role: ['driver', 'dispatcher', 'analyst'],
  });
}

// ---------------------------------------------------------------------------------------------
// Everyday chat

export type ChatLanguage =
  'en' | 'es' | 'de' | 'fr' | 'pt' | 'ja' | 'zh' | 'ru' | 'ko' | 'it' | 'tr' | 'id';

const CHAT: Readonly<Record<ChatLanguage, { open: readonly string[]; follow: readonly string[] }>> =
  {
    en: {
      open: [
        'what should I cook tonight with {food}',
        'Help me write a toast for my {relative}’s wedding',
        'why is the sky red at sunset',
        'Recommend a podcast about {topic}',
        'is it normal for a {pet} to sleep 16 hours a day',
        'How do I politely tell my neighbour their dog barks all night?',
        'explain how mortgages work like I’m 20',
        'give me a fun fact about {topic}',
      ],
      follow: [
        'thanks! and what about {food}?',
        'shorter please',
        'can you make it funnier',
        'hm, any other ideas?',
        'ok that helps',
        'why though?',
      ],
    },
    es: {
      open: [
        '¿qué puedo cocinar hoy con {food}?',
        'ayúdame a escribir un mensaje de cumpleaños para mi {relative}',
        '¿por qué el cielo es azul?',
      ],
      follow: ['gracias, ¿y otra idea?', 'más corto por favor'],
    },
    de: {
      open: [
        'was kann ich heute mit {food} kochen?',
        'Wie schreibe ich eine höfliche Absage für eine Einladung?',
        'warum ist der Himmel blau?',
      ],
      follow: ['danke! noch eine Idee?', 'kürzer bitte'],
    },
    fr: {
      open: [
        'qu’est-ce que je peux cuisiner ce soir avec {food} ?',
        'aide-moi à écrire un petit mot pour l’anniversaire de ma {relative}',
        'pourquoi le ciel est bleu ?',
      ],
      follow: ['merci ! une autre idée ?', 'plus court stp'],
    },
    pt: {
      open: [
        'o que posso cozinhar hoje com {food}?',
        'me ajuda a escrever uma mensagem de aniversário',
        'por que o céu é azul?',
      ],
      follow: ['valeu! mais alguma ideia?', 'mais curto por favor'],
    },
    ja: {
      open: [
        '今夜{food}で何を作ればいい？',
        '友達の誕生日メッセージを一緒に考えて',
        'なぜ空は青いの？',
      ],
      follow: ['ありがとう！他には？', 'もっと短くして'],
    },
    zh: {
      open: ['今晚用{food}能做什么菜？', '帮我写一段给朋友的生日祝福', '为什么天空是蓝色的？'],
      follow: ['谢谢！还有别的吗？', '再短一点'],
    },
    ru: {
      open: [
        'что приготовить сегодня из {food}?',
        'помоги написать поздравление с днём рождения',
        'почему небо голубое?',
      ],
      follow: ['спасибо! а ещё варианты?', 'покороче, пожалуйста'],
    },
    ko: {
      open: ['오늘 저녁 {food}로 뭐 만들까?', '친구 생일 축하 메시지 좀 써 줘', '하늘은 왜 파래?'],
      follow: ['고마워! 다른 건?', '더 짧게'],
    },
    it: {
      open: [
        'cosa posso cucinare stasera con {food}?',
        'aiutami a scrivere un biglietto di auguri',
        'perché il cielo è blu?',
      ],
      follow: ['grazie! altre idee?', 'più corto per favore'],
    },
    tr: {
      open: [
        'bu akşam {food} ile ne pişirebilirim?',
        'arkadaşım için doğum günü mesajı yazar mısın',
        'gökyüzü neden mavi?',
      ],
      follow: ['teşekkürler! başka fikir?', 'daha kısa lütfen'],
    },
    id: {
      open: [
        'malam ini masak apa ya pakai {food}?',
        'bantu tulis ucapan ulang tahun buat temanku',
        'kenapa langit berwarna biru?',
      ],
      follow: ['makasih! ada ide lain?', 'lebih singkat ya'],
    },
  };

const CHAT_SLOTS = {
  food: ['eggs', 'chickpeas', 'leftover rice', 'mushrooms', 'tofu', 'potatoes'],
  relative: ['sister', 'brother', 'cousin', 'mum'],
  topic: ['octopuses', 'Roman roads', 'black holes', 'jazz', 'honeybees'],
  pet: ['cat', 'rabbit', 'hamster'],
};

export const CHAT_WEIGHTS: readonly (readonly [ChatLanguage, number])[] = [
  ['en', 12],
  ['es', 1.5],
  ['de', 1.2],
  ['fr', 1.2],
  ['pt', 1],
  ['ja', 1],
  ['zh', 1],
  ['ru', 0.8],
  ['ko', 0.6],
  ['it', 0.6],
  ['tr', 0.5],
  ['id', 0.5],
];

export function chatOpen(rng: Rng, language: ChatLanguage): string {
  return fill(rng, rng.pick(CHAT[language].open), CHAT_SLOTS);
}

export function chatFollow(rng: Rng, language: ChatLanguage): string {
  return fill(rng, rng.pick(CHAT[language].follow), CHAT_SLOTS);
}
