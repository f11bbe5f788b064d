/**
 * Legitimate personas of the fifth red team, part one — hard negatives, each looking like a
 * campaign on one signal or another:
 *
 * - `r5l-cohort`: an evening data-literacy bootcamp cohort — education accounts made in the last
 *   three days, one organisation, most behind the college lab's NAT or the hosted notebook's
 *   egress with the same pinned SDK, the instructor's prompt template, a live lab session that
 *   starts everyone at once, and public textbook items asked step by step.
 * - `r5l-selfstudy`: people preparing for exams, asking the same public items word for word,
 *   with follow-ups, over months-old accounts.
 * - `r5l-router`: a model router with a handful of keys carrying thousands of end users, every
 *   kind of request (grading and step-by-step asks included), from one Go backend.
 * - `r5l-evals`: an evaluation team sweeping the public bank at temperature 0 with maximal
 *   output, declared eval use, and sweeping the new model the moment it ships.
 * - `r5l-forge`: developers using the Forge coding agent — eight stable tools, thinking, long
 *   tool loops — each on one project, with human review pauses between tasks.
 * - `r5l-claims`: an insurer's claims-extraction batch: one system prompt, one schema, a
 *   machine-regular rate, declared batch use.
 */
import type { Actor } from '../actor.ts';
import { makeAccounts, scaled } from '../personas/accounts.ts';
import { clientProfile, cloudIp, homeIp, type ClientKind } from '../personas/clients.ts';
import { thinkTime } from '../personas/pacing.ts';
import type { Rng } from '../rng.ts';
import {
  LITE_MODEL,
  MAIN_MODEL,
  NEW_MODEL,
  Rotation,
  bodyFor,
  cope,
  customClient,
  fill,
  lookup,
  makeClient,
  makeVoice,
  maxOut,
  perKey,
  released,
  rotate,
  said,
  send,
  sessions,
  shuffle,
  speak,
  step,
  toolExchange,
  verdict,
  weighted,
  type Client,
  type ToolCall,
} from './common.ts';
import {
  BENCH,
  CITIES,
  COMPANIES,
  CREATIVE,
  EVERYDAY,
  FAMILIES,
  FILE_EXT,
  FIRST_NAMES,
  FOLLOW_UPS,
  FORGE_SYSTEM,
  FORGE_TOOLS,
  INDUSTRIES,
  MODULES,
  OFFICE_CHORES,
  REPO_KINDS,
  TASK_KINDS,
  TONGUES,
  equation,
  forgeIdentity,
  wrongAnswer,
  type BenchItem,
} from './vocab.ts';

// ---------------------------------------------------------------------------------------------
// r5l-cohort

const WORKSHEET = ['prob-02', 'prob-03', 'prob-01', 'stat-01', 'alg-03', 'econ-01', 'prob-05']
  .map((id) => BENCH.find((item) => item.id === id))
  .filter((item): item is BenchItem => item !== undefined);

const COHORT_TEMPLATE =
  'Worksheet 5, question {q}: {item} Explain step by step; do not just give me the answer.';

const COHORT_OWN = [
  'hi, for my bootcamp worksheet: {item} how do I even start?',
  '{item} I got {wrong}, where did I go wrong?',
  'Can you check my answer? {item} My answer: {wrong}.',
  'Explain this like I am new to statistics: {item}',
  'I do not understand the solution our instructor gave for this one: {item} Why does it work?',
];

const COHORT_FOLLOW = [
  'why do we divide there?',
  'Can you show it with a table instead?',
  'ok that makes sense. is there a shortcut for the exam?',
  'What does that number mean in plain words?',
];

/** The cohort's three places: the college lab, the hosted notebook, their own laptops. */
type Seat = 'lab' | 'notebook' | 'home';

export function cohort(rng: Rng, scale: number): Actor {
  const accounts = makeAccounts('r5lcohort', scaled(60, scale), () => ({
    org: 'org_northfield_cc',
    tier: 'free',
    ageDays: 0.3 + rng.next() * 2.7,
    verified: rng.chance(0.1),
    programme: 'education',
  }));
  const campus = `141.226.${rng.int(0, 255)}`;
  const labNat = [`${campus}.5`, `${campus}.6`];
  const notebookEgress = Array.from({ length: 3 }, () => cloudIp(rng));
  const pinned = clientProfile(rng, 'openai-python');
  const seats = perKey(
    accounts.map((account) => account.id),
    (): { seat: Seat; client: Client } => {
      const seat = weighted<Seat>(rng, [
        ['lab', 45],
        ['notebook', 35],
        ['home', 20],
      ]);
      if (seat === 'home')
        return {
          seat,
          client: makeClient(rng, rng.pick(['openai-python', 'anthropic-python']), homeIp(rng)),
        };
      return {
        seat,
        client: {
          ip: seat === 'lab' ? rng.pick(labNat) : rng.pick(notebookEgress),
          profile: pinned,
          dialect: 'openai',
        },
      };
    },
  );
  return {
    name: 'r5l-cohort',
    persona: 'bootcamp-cohort',
    role: 'legitimate',
    accounts,
    async run(ctx) {
      await Promise.all(
        accounts.map(async (account) => {
          const arng = ctx.rng.fork(account.id);
          const { seat, client } = lookup(seats, account.id);
          const voice = makeVoice(arng);
          const followsTemplate = arng.chance(0.6);
          // The lab session starts for everyone in the room at once; the others drift in.
          await ctx.sleep(seat === 'lab' ? 3_000 + arng.next() * 4_000 : arng.next() * 25_000);
          let q = 0;
          while (!ctx.stopped()) {
            const item = WORKSHEET[q % WORKSHEET.length] as BenchItem;
            const slots = {
              q: String((q % WORKSHEET.length) + 1),
              item: item.text,
              wrong: wrongAnswer(arng, item),
            };
            const text =
              followsTemplate && arng.chance(0.8)
                ? fill(arng, COHORT_TEMPLATE, slots)
                : speak(arng, voice, fill(arng, arng.pick(COHORT_OWN), slots));
            const turns = arng.chance(0.25)
              ? [text, 'Let us start by writing down what we know…', arng.pick(COHORT_FOLLOW)]
              : [text];
            const body = bodyFor(
              client.dialect,
              { model: MAIN_MODEL, maxTokens: 2_048, temperature: 0.7 },
              said(...turns),
            );
            if (!(await step(ctx, arng, account.id, client, body, 16_000))) return;
            if (arng.chance(0.6)) q++;
          }
        }),
      );
    },
  };
}

// ---------------------------------------------------------------------------------------------
// r5l-selfstudy

const EXAMS: readonly (readonly [string, readonly string[]])[] = [
  ['the physics GRE', ['physics', 'calculus']],
  ['AP Calculus BC', ['calculus', 'algebra']],
  ['a maths olympiad qualifier', ['combinatorics', 'number theory', 'probability']],
  ['coding interviews', ['computer science']],
  ['my first-year chemistry final', ['chemistry', 'algebra']],
  ['an actuarial exam', ['probability', 'statistics']],
  ['the econ midterm', ['economics', 'statistics']],
];

const SELF_FRAMES = [
  'I am preparing for {exam}. {item}',
  'Practice problem from my prep book: {item} I tried it and got {wrong}. Is that right?',
  '{item}',
  'Studying for {exam} and stuck on this: {item} Can you give me a hint first, not the full answer?',
  '{item} Could you explain the intuition, not only the algebra?',
  'This came up in a past paper for {exam}: {item} How long should this take me in the exam?',
];

const SELF_OTHER = [
  'Can you make me a 6-week study plan for {exam}, 1 hour on weekdays?',
  'What topics come up most in {exam}?',
  'How do I stop making careless mistakes under time pressure?',
];

export function selfstudy(rng: Rng, scale: number): Actor {
  const accounts = makeAccounts('r5lself', scaled(70, scale), () => ({
    tier: rng.chance(0.6) ? 'default' : 'free',
    ageDays: 30 + rng.exponential(250),
    verified: rng.chance(0.3),
  }));
  const people = perKey(
    accounts.map((account) => account.id),
    () => {
      const kind = weighted<ClientKind>(rng, [
        ['browser', 5],
        ['openai-python', 2],
        ['anthropic-python', 2],
        ['anthropic-js', 1],
      ]);
      return {
        client: makeClient(rng, kind, homeIp(rng), kind === 'browser' ? 'openai' : undefined),
        exam: rng.pick(EXAMS),
        voice: makeVoice(rng),
      };
    },
  );
  return {
    name: 'r5l-selfstudy',
    persona: 'exam-prep',
    role: 'legitimate',
    accounts,
    async run(ctx) {
      await sessions(ctx, accounts, 30_000, async (account, arng) => {
        const { client, exam, voice } = lookup(people, account.id);
        const [examName, subjects] = exam;
        const pool = BENCH.filter((item) => subjects.includes(item.subject));
        const item = arng.pick(pool.length > 0 ? pool : BENCH);
        const first = arng.chance(0.85)
          ? fill(arng, arng.pick(SELF_FRAMES), {
              exam: examName,
              item: item.text,
              wrong: wrongAnswer(arng, item),
            })
          : fill(arng, arng.pick(SELF_OTHER), { exam: examName });
        const turns = [speak(arng, voice, first)];
        const rounds = arng.int(1, 4);
        for (let i = 0; i < rounds && !ctx.stopped(); i++) {
          const body = bodyFor(
            client.dialect,
            {
              model: released(ctx) && arng.chance(0.15) ? NEW_MODEL : MAIN_MODEL,
              maxTokens: 4_096,
              stream: client.profile.userAgent.startsWith('Mozilla'),
              ...(client.dialect === 'anthropic' && arng.chance(0.2) ? { thinking: 4_000 } : {}),
            },
            said(...turns),
          );
          if (!(await step(ctx, arng, account.id, client, body, 22_000))) return false;
          turns.push(
            'Here is one way to think about it…',
            speak(
              arng,
              voice,
              arng.pick([
                ...FOLLOW_UPS,
                'why is that step allowed?',
                'Can you give me a similar problem to try?',
                'I still do not see where the formula comes from.',
              ]),
              false,
            ),
          );
        }
        await ctx.sleep(15_000 + arng.next() * 40_000);
        return true;
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// r5l-router

function routerPrompt(rng: Rng): string {
  const kind = weighted(rng, [
    ['everyday', 25],
    ['creative', 15],
    ['code', 15],
    ['homework', 10],
    ['office', 10],
    ['foreign', 10],
    ['judge', 5],
    ['steps', 5],
    ['short', 5],
  ] as const);
  const slots = {
    city: CITIES,
    company: COMPANIES,
    name: FIRST_NAMES,
    industry: INDUSTRIES,
    n: String(rng.int(2, 90)),
    rate: String(rng.int(80, 240)),
    pct: String(rng.int(5, 40)),
  };
  switch (kind) {
    case 'everyday':
      return fill(rng, rng.pick(EVERYDAY), slots);
    case 'creative':
      return fill(rng, rng.pick(CREATIVE), slots);
    case 'code': {
      const family = rng.pick(FAMILIES);
      return fill(rng, rng.pick(family.phrasings), family.slots(rng));
    }
    case 'homework':
      return `${rng.pick(['', 'help: ', 'homework question - ', 'pls explain '])}${rng.pick(BENCH).text}`;
    case 'office':
      return fill(rng, rng.pick(OFFICE_CHORES), slots);
    case 'foreign': {
      const tongue = rng.pick(TONGUES);
      return rng.chance(0.7)
        ? rng.pick(tongue.everyday)
        : fill(rng, rng.pick(tongue.homework), { eq: equation(rng) });
    }
    case 'judge':
      return `Which of these two product descriptions is better for a ${rng.pick(INDUSTRIES)} audience, and why? Score both out of 10.\nA: ${rng.pick(EVERYDAY)}\nB: ${rng.pick(EVERYDAY)}`;
    case 'steps':
      return `${rng.pick(BENCH).text} Think step by step.`;
    case 'short':
      return rng.pick([
        'hi',
        'thanks!',
        'ok',
        'continue',
        'shorter please',
        'translate to English',
      ]);
  }
}

/**
 * A Zipf-like draw over `size` end users: a few heavy users come back all the time, most rarely.
 */
function endUser(rng: Rng, size: number): string {
  const index = Math.floor(size * rng.next() ** 2.5);
  return `sy_${(index * 2_654_435_761) % 1_000_003}`;
}

export function router(rng: Rng, scale: number): Actor {
  const accounts = makeAccounts('r5lrouter', scaled(6, scale), () => ({
    org: 'org_switchyard',
    tier: rng.chance(0.5) ? 'scale' : 'enterprise',
    ageDays: 300 + rng.next() * 400,
    verified: true,
  }));
  const regions = Array.from({ length: 3 }, () => cloudIp(rng).split('.').slice(0, 3).join('.'));
  const backend = makeClient(rng, 'go', `${regions[0] ?? '3.3.3'}.20`, 'openai');
  const anthropicBackend = { ...backend, dialect: 'anthropic' as const };
  const users = Math.max(500, Math.round(4_000 * scale));
  return {
    name: 'r5l-router',
    persona: 'model-router',
    role: 'legitimate',
    accounts,
    async run(ctx) {
      const rotation = new Rotation(ctx.rng, accounts);
      await rotate(
        ctx,
        rotation,
        () => 15 * scale,
        (account) => {
          const r = ctx.rng;
          const client = r.chance(0.35) ? anthropicBackend : backend;
          const model = weighted(r, [
            [LITE_MODEL, 30],
            [MAIN_MODEL, released(ctx) ? 45 : 70],
            [NEW_MODEL, released(ctx) ? 25 : 0],
          ]);
          const turns = [routerPrompt(r)];
          if (r.chance(0.3)) turns.push('Sure — here is what I would suggest…', r.pick(FOLLOW_UPS));
          const body = bodyFor(
            client.dialect,
            {
              model,
              maxTokens: r.pick([1_024, 2_048, 4_096, maxOut(model)]),
              endUser: endUser(r, users),
              stream: r.chance(0.6),
              ...(r.chance(0.5) ? { temperature: r.pick([0.2, 0.7, 1]) } : {}),
            },
            said(...turns),
          );
          const region = r.pick(regions);
          return send(ctx, account, client, body, `${region}.${r.int(20, 23)}`);
        },
      );
    },
  };
}

// ---------------------------------------------------------------------------------------------
// r5l-evals

const HARNESS = [
  'Answer the following question. End your response with a line of the form "Final answer: <answer>".\n\n{item}',
  'Question: {item}\nAnswer:',
];

export function evals(rng: Rng, scale: number): Actor {
  const accounts = makeAccounts('r5levals', scaled(6, scale), () => ({
    org: 'org_ostrander_evals',
    tier: rng.chance(0.5) ? 'standard' : 'scale',
    ageDays: 200 + rng.next() * 400,
    verified: true,
    declaredUse: 'eval',
  }));
  const runners = cloudIp(rng).split('.').slice(0, 3).join('.');
  const harness = makeClient(rng, 'httpx', `${runners}.40`, 'openai');
  const anthropicHarness = makeClient(rng, 'anthropic-python', `${runners}.41`);
  const coding = FAMILIES.filter((family) =>
    ['rate-limiter', 'stream-kth', 'top-customers-sql', 'callback-refactor'].includes(family.name),
  );
  const suite = [
    ...BENCH.map((item) => item.text),
    ...coding.map((family) => fill(rng, family.phrasings[0] ?? '', family.slots(rng))),
  ];
  return {
    name: 'r5l-evals',
    persona: 'benchmark-harness',
    role: 'legitimate',
    accounts,
    async run(ctx) {
      const rotation = new Rotation(ctx.rng, accounts);
      const pending = new Set<Promise<unknown>>();
      let sweptNew = false;
      await ctx.sleep(ctx.rng.next() * 6_000);
      while (!ctx.stopped()) {
        // A sweep: the suite three times over (three seeds), on one model, ~7 requests a second.
        const onNew = released(ctx) && (!sweptNew || ctx.rng.chance(0.8));
        if (onNew) sweptNew = true;
        const model = onNew ? NEW_MODEL : MAIN_MODEL;
        const jobs = shuffle(ctx.rng, [...suite, ...suite, ...suite]);
        const template = ctx.rng.pick(HARNESS);
        const client = ctx.rng.chance(0.5) ? harness : anthropicHarness;
        for (const item of jobs) {
          if (ctx.stopped()) break;
          await ctx.sleep(ctx.rng.exponential(1_000 / (7 * scale)));
          // The release is watched: a sweep on the old model is cut short when the new one ships.
          if (!onNew && released(ctx) && !sweptNew) break;
          const account = rotation.take(ctx.now());
          if (account === undefined) continue;
          const body = bodyFor(
            client.dialect,
            {
              model,
              maxTokens: maxOut(model),
              temperature: 0,
            },
            said(fill(ctx.rng, template, { item })),
          );
          const sent = send(ctx, account, client, body).then((response) =>
            rotation.settle(account, verdict(ctx.rng, response), ctx.now()),
          );
          pending.add(sent);
          void sent.finally(() => pending.delete(sent));
        }
        await ctx.sleep(6_000 + ctx.rng.next() * 8_000);
      }
      await Promise.all(pending);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// r5l-forge

const FORGE_VERSIONS: readonly (readonly [string, number])[] = [
  ['2.1.4', 2],
  ['2.2.0', 2],
  ['2.2.3', 3],
  ['2.3.0', 3],
  ['2.3.1', 4],
];

interface Project {
  readonly kind: string;
  readonly stack: string;
  readonly ext: string;
  readonly modules: readonly string[];
  readonly files: readonly string[];
}

function makeProject(rng: Rng): Project {
  const stack = rng.pick(['python', 'go', 'typescript', 'rust', 'kotlin', 'java']);
  const ext = FILE_EXT[stack] ?? 'txt';
  const modules = shuffle(rng, MODULES).slice(0, rng.int(3, 6));
  const files = modules.flatMap((module) =>
    shuffle(rng, ['index', 'models', 'routes', 'service', 'utils', 'client'])
      .slice(0, rng.int(2, 4))
      .map((name) => `src/${module}/${name}.${ext}`),
  );
  return { kind: rng.pick(REPO_KINDS), stack, ext, modules, files };
}

const KEYWORD: Readonly<Record<string, string>> = {
  python: 'def ',
  go: 'func ',
  typescript: 'export function ',
  rust: 'pub fn ',
  kotlin: 'fun ',
  java: 'public static Result ',
};

function projectCall(rng: Rng, project: Project, module: string, thinking: boolean): ToolCall {
  const own = project.files.filter((path) => path.includes(`/${module}/`));
  const file = rng.pick(own.length > 0 ? own : project.files);
  const thought = thinking
    ? rng.pick([
        `Let me look at how ${module} is wired before I change anything.`,
        `The failure is probably in ${file}; I will read it.`,
        'The test output mentions a timeout, so the retry path is suspect.',
        'I have enough context; now a minimal edit, then rerun the tests.',
      ])
    : undefined;
  const call = weighted<ToolCall>(rng, [
    [
      {
        name: 'read_file',
        input: { path: file },
        result: `${rng.int(40, 400)} lines\n…\n${KEYWORD[project.stack] ?? 'function '}${rng.pick(['parse', 'load', 'handle', 'build'])}_${module}(…)\n…`,
      },
      4,
    ],
    [
      {
        name: 'search_code',
        input: { pattern: rng.pick([module, 'TODO', 'retry', 'timeout', 'deprecated']) },
        result: project.files
          .slice(0, rng.int(1, 4))
          .map((path) => `${path}:${rng.int(1, 300)}`)
          .join('\n'),
      },
      2,
    ],
    [
      {
        name: 'run_command',
        input: {
          command: rng.pick([
            'make test',
            'npm test -- --watch=false',
            'pytest -x',
            'go vet ./...',
          ]),
        },
        result: rng.chance(0.5)
          ? `ok  ${rng.int(12, 240)} tests passed`
          : `1 failing\n  ${module}: expected ${rng.int(1, 5)} got ${rng.int(6, 9)}`,
      },
      3,
    ],
    [
      {
        name: 'edit_file',
        input: {
          path: file,
          old_text: rng.pick(['timeout=5', 'limit = 10', 'TODO']),
          new_text: '…',
        },
        result: 'Applied 1 edit.',
      },
      2,
    ],
    [{ name: 'list_dir', input: { path: `src/${module}` }, result: project.files.join('\n') }, 1],
    [
      {
        name: 'web_fetch',
        input: { url: `https://docs.example.dev/${project.stack}/${module}` },
        result: '# Reference\n…',
      },
      1,
    ],
  ]);
  return {
    ...call,
    ...(thought !== undefined ? { thought } : {}),
    ...(rng.chance(0.3)
      ? { note: rng.pick(['Let me check.', 'Running the tests.', 'Reading that file.']) }
      : {}),
  };
}

export function forge(rng: Rng, scale: number): Actor {
  const accounts = makeAccounts('r5lforge', scaled(90, scale), () => ({
    tier: rng.chance(0.6) ? 'default' : 'standard',
    ageDays: 40 + rng.exponential(300),
    verified: rng.chance(0.45),
  }));
  // Three small startups whose developers share an office line.
  const offices = Array.from({ length: 3 }, () => homeIp(rng));
  const devs = perKey(
    accounts.map((account) => account.id),
    () => {
      const identity = forgeIdentity(rng, weighted(rng, FORGE_VERSIONS));
      const ip = rng.chance(0.2) ? rng.pick(offices) : homeIp(rng);
      return {
        client: customClient(identity.userAgent, identity.headers, ip, 'anthropic'),
        project: makeProject(rng),
        thinks: rng.chance(0.7),
        tries: rng.chance(0.3),
      };
    },
  );
  return {
    name: 'r5l-forge',
    persona: 'coding-agent-users',
    role: 'legitimate',
    accounts,
    async run(ctx) {
      await sessions(ctx, accounts, 30_000, async (account, arng) => {
        const { client, project, thinks, tries } = lookup(devs, account.id);
        const module = arng.pick(project.modules);
        const task = `${fill(arng, arng.pick(TASK_KINDS), { module, n: String(arng.int(2, 9)) })}${arng.chance(0.3) ? ' Keep the diff small.' : ''}`;
        const messages: Record<string, unknown>[] = [{ role: 'user', content: task }];
        const steps = arng.int(2, 12);
        for (let i = 0; i < steps && !ctx.stopped(); i++) {
          const model = tries && released(ctx) ? NEW_MODEL : MAIN_MODEL;
          const body = bodyFor(
            'anthropic',
            {
              model,
              maxTokens: arng.pick([8_192, 16_000]),
              system: FORGE_SYSTEM,
              ...(thinks ? { thinking: arng.pick([4_000, 6_000, 10_000]) } : {}),
              tools: FORGE_TOOLS,
              stream: true,
            },
            messages,
          );
          if (!(await cope(ctx, arng, await send(ctx, account.id, client, body)))) return false;
          const call = projectCall(arng, project, module, thinks);
          messages.push(...toolExchange(arng, 'anthropic', call));
          // Now and then the developer interrupts with a correction.
          if (arng.chance(0.08)) {
            messages.push(
              { role: 'assistant', content: 'I will now update the migration files as well.' },
              {
                role: 'user',
                content: arng.pick([
                  'No, do not touch the migrations.',
                  'wait, use the existing helper in utils instead',
                  'Stop — run only the unit tests, the e2e suite takes forever.',
                ]),
              },
            );
            await ctx.sleep(thinkTime(arng, 8_000));
          }
          await ctx.sleep(800 + arng.next() * 2_500);
        }
        // Reviewing the diff, testing by hand, a meeting, lunch.
        await ctx.sleep(thinkTime(arng, 55_000));
        return true;
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// r5l-claims

const CLAIMS_SYSTEM =
  'Extract the fields of the insurance claim letter into JSON with exactly these keys: ' +
  'claimant_name, policy_number, incident_date (YYYY-MM-DD), incident_type (one of: water, fire, ' +
  'theft, collision, other), amount_claimed (number, EUR), third_party_involved (boolean), ' +
  'summary (max 30 words). Use null for anything not stated. Output JSON only.';

function claimLetter(rng: Rng): string {
  const name = `${rng.pick(FIRST_NAMES)} ${rng.pick(['Okafor', 'Lindqvist', 'Moreau', 'Nakamura', 'Kowalski', 'Haddad', 'Brennan', 'Silva'])}`;
  const incident = rng.pick([
    'a burst pipe flooded the kitchen and the flat below',
    'my bicycle was stolen from the locked shed behind the building',
    'another driver reversed into my parked car at the supermarket',
    'a pan fire damaged the cooker hood and the ceiling',
    'hail broke two skylights and the rain damaged the carpet',
  ]);
  return `Dear Sir or Madam,\n\nI am writing about policy ${rng.pick(['HL', 'MV', 'HC'])}-${rng.int(100_000, 999_999)}. On ${rng.int(1, 28)} ${rng.pick(['March', 'April', 'May', 'June'])} 2026 ${incident}. ${rng.chance(0.5) ? `The repair estimate is €${rng.int(180, 9_000)}.` : 'I attach the receipts.'} ${rng.chance(0.3) ? `The other party's insurer is ${rng.pick(COMPANIES)}.` : ''}\n\nKind regards,\n${name}\n${rng.pick(CITIES)}`;
}

export function claims(rng: Rng, scale: number): Actor {
  const accounts = makeAccounts('r5lclaims', scaled(4, scale), () => ({
    org: 'org_harbourline_insurance',
    tier: 'scale',
    ageDays: 400 + rng.next() * 500,
    verified: true,
    declaredUse: 'batch',
  }));
  const worker = makeClient(rng, 'openai-python', cloudIp(rng), 'openai');
  return {
    name: 'r5l-claims',
    persona: 'extraction-batch',
    role: 'legitimate',
    accounts,
    async run(ctx) {
      const perAccountRate = (5 * scale) / accounts.length;
      await Promise.all(
        accounts.map(async (account, index) => {
          const arng = ctx.rng.fork(account.id);
          await ctx.sleep(index * 150);
          const gap = 1_000 / perAccountRate;
          while (!ctx.stopped()) {
            const started = ctx.now();
            const body = bodyFor(
              'openai',
              {
                model: arng.chance(0.9) ? LITE_MODEL : MAIN_MODEL,
                maxTokens: 1_024,
                system: CLAIMS_SYSTEM,
                temperature: 0,
              },
              said(claimLetter(arng)),
            );
            if (!(await cope(ctx, arng, await send(ctx, account.id, worker, body)))) return;
            const spent = ctx.now() - started;
            await ctx.sleep(Math.max(0, gap * (0.95 + arng.next() * 0.1) - spent));
          }
        }),
      );
    },
  };
}
