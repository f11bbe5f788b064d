/**
 * The second red team's legitimate traffic: the hard negatives a naive detector takes for
 * distillation (evaluation suites, a batch pipeline, one coding agent used by many developers, a
 * tutoring product and its students, a router with thousands of end users, a research group, a
 * company behind one NAT, early adopters of the new model, a support bot) and ordinary chat in
 * several languages.
 */
import type { Actor, ActorContext, SimAccountSpec } from '../actor.ts';
import type { Rng } from '../rng.ts';
import {
  anySdk,
  body,
  cloudIp,
  fakeImage,
  lognormal,
  makeAccounts,
  pacedLoop,
  productClient,
  residentialIp,
  scaled,
  SDKS,
  seat,
  sendAs,
  text,
  token,
  toolExchange,
  type BodySpec,
  type ChatTurn,
  type Client,
  type Pace,
  type Seat,
  type ToolSpec,
} from './common.ts';
import type { RouterHandle } from './distillers.ts';
import { MODELS, NEW_MODEL } from './models.ts';
import { fill, LANGUAGES } from './vocab-languages.ts';
import {
  chat,
  codeTask,
  contestProblem,
  gradingPrompt,
  issue,
  longHorizon,
  toolOutput,
  visionTask,
} from './vocab.ts';

interface Persona {
  readonly name: string;
  readonly persona: string;
  readonly accounts: SimAccountSpec[];
  /** Client and address per account. */
  readonly clients: readonly Client[];
  readonly ips: readonly string[];
  readonly pace: Pace;
  readonly step: (ctx: ActorContext, s: Seat, index: number) => Promise<void>;
}

function actor(p: Persona): Actor {
  return {
    name: p.name,
    persona: p.persona,
    role: 'legitimate',
    accounts: p.accounts,
    run: async (ctx) => {
      const seats = p.accounts.map((account, index) =>
        seat(account.id, p.clients[index] ?? SDKS.curl(ctx.rng), p.ips[index] ?? '198.51.100.7'),
      );
      await Promise.all(
        seats.map((s) => pacedLoop(ctx, s, p.pace, (index) => p.step(ctx, s, index))),
      );
    },
  };
}

const each = <T>(count: number, make: (index: number) => T): T[] =>
  Array.from({ length: count }, (_, index) => make(index));

/** People chatting, in English and eleven other languages, some in multi-turn conversations. */
function chatUsers(rng: Rng, scale: number): Actor {
  const count = scaled(250, scale);
  const spoken = each(count, () => (rng.chance(0.5) ? undefined : rng.pick(LANGUAGES)));
  return actor({
    name: 'lg2-chat',
    persona: 'chat',
    accounts: makeAccounts('acct_lg2chat', count, () => ({
      tier: rng.chance(0.5) ? 'free' : 'default',
      ageDays: lognormal(rng, 120, 1.2),
      verified: rng.chance(0.5),
    })),
    clients: each(count, () =>
      rng.chance(0.8) ? anySdk(rng) : productClient(rng, 'Chatterbox/1.9', 'openai'),
    ),
    ips: each(count, (index) => residentialIp(rng, spoken[index]?.market ?? 'us')),
    pace: { firstWithin: 50_000, gap: 8_000, gapSigma: 0.9, session: [1, 4], idle: 25_000 },
    step: async (ctx, s, index) => {
      const r = ctx.rng;
      const language = spoken[Number(s.id.slice(-4))];
      const ask = (): string => (language ? r.pick(language.chat) : chat(r));
      const messages: ChatTurn[] =
        index > 0 && r.chance(0.4)
          ? [
              { role: 'user', content: ask() },
              { role: 'assistant', content: 'Sure — here are a few ideas.' },
              {
                role: 'user',
                content: r.pick(['thanks! and a shorter version?', 'can you explain more?', ask()]),
              },
            ]
          : [{ role: 'user', content: r.chance(0.1) ? codeTask(r) : ask() }];
      const thinking = r.chance(0.08) ? r.int(2, 8) * 512 : undefined;
      await sendAs(
        ctx,
        s,
        body(s.client.dialect, {
          model: r.chance(0.7) ? MODELS.sonnet : r.chance(0.5) ? MODELS.haiku : MODELS.opus,
          messages,
          maxTokens: (thinking ?? 0) + r.pick([1024, 2048, 4096]),
          ...(thinking === undefined ? {} : { thinking }),
          ...(r.chance(0.3) ? { stream: true } : {}),
        }),
      );
    },
  });
}

/**
 * Two evaluation teams running fixed suites at temperature 0, machine-paced, from CI runners:
 * chain-of-thought maths ("think step by step"), LLM-as-judge with several candidates, code
 * and multilingual items. Declared eval, verified.
 */
function evalHarness(rng: Rng, scale: number): Actor {
  const count = scaled(10, scale);
  const orgOf = (index: number): string => (index % 5 < 3 ? 'org_veritas_evals' : 'org_openbench');
  const runners = {
    org_veritas_evals: [cloudIp(rng), cloudIp(rng)],
    org_openbench: [cloudIp(rng)],
  };
  const judged = each(60, () => gradingPrompt(rng, true));
  const code = each(60, () => codeTask(rng));
  const multilingual = each(60, () => {
    const language = rng.pick(LANGUAGES);
    return fill(rng, rng.pick(language.problems));
  });
  const suites = ['cot', 'judge', 'code', 'multilingual'] as const;
  return actor({
    name: 'lg2-eval',
    persona: 'eval-harness',
    accounts: makeAccounts('acct_lg2eval', count, (index) => ({
      org: orgOf(index),
      tier: index % 2 === 0 ? 'scale' : 'standard',
      ageDays: 200 + rng.next() * 600,
      verified: true,
      declaredUse: 'eval',
    })),
    clients: each(count, (index) =>
      index % 5 < 3 ? SDKS.openaiPython(rng) : SDKS.anthropicPython(rng),
    ),
    ips: each(count, (index) =>
      rng.pick(
        orgOf(index) === 'org_openbench' ? runners.org_openbench : runners.org_veritas_evals,
      ),
    ),
    pace: { firstWithin: 8_000, gap: 900, gapSigma: 0.1, session: [15, 30], idle: 6_000 },
    step: async (ctx, s, index) => {
      const at = Number(s.id.slice(-4));
      const suite = suites[at % suites.length] ?? 'cot';
      const item = index % 60;
      const prompt =
        suite === 'cot'
          ? `Q${item}: ${contestProblem(item)}\nLet's think step by step.`
          : suite === 'judge'
            ? (judged[item] ?? '')
            : suite === 'code'
              ? (code[item] ?? '')
              : (multilingual[item] ?? '');
      await sendAs(
        ctx,
        s,
        body(s.client.dialect, {
          model: at % 3 === 0 ? MODELS.opus : MODELS.sonnet,
          system: 'You are being evaluated. Answer the question.',
          messages: [{ role: 'user', content: prompt }],
          maxTokens: suite === 'judge' ? 1024 : 4096,
          temperature: 0,
        }),
      );
    },
  });
}

const DOC_KINDS = [
  'invoice',
  'purchase order',
  'lease',
  'NDA',
  'bank statement',
  'payslip',
  'delivery note',
];

/** A document-extraction pipeline: one system prompt, steady pace, declared batch. */
function batchPipeline(rng: Rng, scale: number): Actor {
  const count = scaled(6, scale);
  const backends = [cloudIp(rng), cloudIp(rng)];
  return actor({
    name: 'lg2-batch',
    persona: 'batch-pipeline',
    accounts: makeAccounts('acct_lg2batch', count, () => ({
      org: 'org_docuflow',
      tier: 'scale',
      ageDays: 300 + rng.next() * 200,
      verified: true,
      declaredUse: 'batch',
    })),
    clients: each(count, () => productClient(rng, 'docuflow-worker/7.2', 'anthropic')),
    ips: each(count, (index) => backends[index % 2] ?? '3.1.1.1'),
    pace: { firstWithin: 4_000, gap: 1_000, gapSigma: 0.08, session: [40, 80], idle: 2_000 },
    step: async (ctx, s) => {
      const r = ctx.rng;
      const kind = r.pick(DOC_KINDS);
      await sendAs(
        ctx,
        s,
        body('anthropic', {
          model: MODELS.haiku,
          system:
            'Extract the fields party_names, dates, amounts, currency and reference from the document. Answer with JSON only.',
          messages: [
            {
              role: 'user',
              content: `${kind.toUpperCase()} No. ${r.int(10_000, 99_999)}\nDate: 2026-${r.int(1, 12)}-${r.int(1, 28)}\nFrom: ${token(r, 6)} Ltd\nTo: ${token(r, 5)} GmbH\nAmount: ${r.int(100, 90_000)}.${r.int(10, 99)} EUR\nTerms: net ${r.pick([15, 30, 60])} days.`,
            },
          ],
          maxTokens: 1500,
          temperature: 0,
        }),
      );
    },
  });
}

const IDE_TOOLS: readonly ToolSpec[] = [
  { name: 'Read', description: 'Reads a file from the local filesystem.', params: ['file_path'] },
  {
    name: 'Write',
    description: 'Writes a file to the local filesystem.',
    params: ['file_path', 'content'],
  },
  {
    name: 'Edit',
    description: 'Performs exact string replacements in files.',
    params: ['file_path', 'old_string', 'new_string'],
  },
  {
    name: 'Bash',
    description: 'Executes a given bash command in a persistent shell session.',
    params: ['command'],
  },
  {
    name: 'Grep',
    description: 'A powerful search tool built on ripgrep.',
    params: ['pattern', 'path'],
  },
  { name: 'Glob', description: 'Fast file pattern matching tool.', params: ['pattern'] },
  {
    name: 'TodoWrite',
    description: 'Create and manage a structured task list.',
    params: ['todos'],
  },
  {
    name: 'WebFetch',
    description: 'Fetches content from a specified URL.',
    params: ['url', 'prompt'],
  },
];

/** Developers using one coding agent: the product's eight tools, tool loops, interleaved thinking. */
function ideAgent(rng: Rng, scale: number): Actor {
  const count = scaled(60, scale);
  return actor({
    name: 'lg2-ide-agent',
    persona: 'coding-agent',
    accounts: makeAccounts('acct_lg2ide', count, () => ({
      tier: rng.chance(0.6) ? 'default' : 'standard',
      ageDays: 20 + rng.next() * 680,
      verified: rng.chance(0.6),
    })),
    clients: each(count, () => SDKS.codingCli(rng)),
    ips: each(count, () =>
      residentialIp(rng, rng.chance(0.6) ? 'us' : rng.pick(['eu', 'asia'] as const)),
    ),
    pace: { firstWithin: 40_000, gap: 5_000, gapSigma: 0.6, session: [1, 2], idle: 18_000 },
    step: async (ctx, s) => {
      const r = ctx.rng;
      const turns: ChatTurn[] = [{ role: 'user', content: r.chance(0.7) ? issue(r) : codeTask(r) }];
      for (let step = r.int(2, 8); step > 0 && !ctx.stopped() && !s.retired; step--) {
        const thinking = r.chance(0.5) ? r.int(2, 12) * 512 : undefined;
        await sendAs(
          ctx,
          s,
          body('anthropic', {
            model: r.chance(0.8) ? MODELS.sonnet : MODELS.opus,
            system:
              'You are an interactive CLI tool that helps users with software engineering tasks.',
            messages: turns,
            maxTokens: 32_000,
            ...(thinking === undefined ? {} : { thinking }),
            tools: IDE_TOOLS,
            stream: true,
          }),
        );
        const tool = r.pick(IDE_TOOLS);
        turns.push(
          ...toolExchange(
            r,
            tool.name,
            { [tool.params[0] ?? 'arg']: `src/${token(r, 5)}.ts` },
            toolOutput(r),
            thinking === undefined ? undefined : 'I should check the tests first.',
          ),
        );
        await ctx.sleep(lognormal(r, 1_800, 0.6));
      }
    },
  });
}

const TUTOR_LANGS = ['es', 'pt', 'fr'];

/** A maths tutoring product: a few backend keys, thousands of students, step-by-step always. */
function tutorApp(rng: Rng, scale: number): Actor {
  const count = scaled(3, scale);
  const backends = [cloudIp(rng), cloudIp(rng)];
  return actor({
    name: 'lg2-tutor-app',
    persona: 'tutoring-app',
    accounts: makeAccounts('acct_lg2tutor', count, () => ({
      org: 'org_mathpal',
      tier: 'standard',
      ageDays: 250 + rng.next() * 200,
      verified: true,
      programme: 'education',
    })),
    clients: each(count, () => productClient(rng, 'MathPal/5.4', 'anthropic')),
    ips: each(count, (index) => backends[index % 2] ?? '3.2.2.2'),
    pace: { firstWithin: 2_000, gap: 500, gapSigma: 0.7, session: [20, 40], idle: 1_500 },
    step: async (ctx, s) => {
      const r = ctx.rng;
      const language = r.chance(0.35)
        ? LANGUAGES.find((l) => l.code === r.pick(TUTOR_LANGS))
        : undefined;
      const question = language
        ? `${fill(r, r.pick(language.problems))}\n${r.pick(language.tutor)}`
        : `${contestProblem(r.int(0, 300))}\nExplain step by step so a high-school student can follow, and show the working.`;
      const thinking = r.chance(0.3) ? r.int(2, 6) * 1024 : undefined;
      await sendAs(
        ctx,
        s,
        body('anthropic', {
          model: MODELS.sonnet,
          system:
            'You are MathPal, a patient tutor. Explain every step and check the student understands.',
          messages: [{ role: 'user', content: question }],
          maxTokens: (thinking ?? 0) + 3000,
          ...(thinking === undefined ? {} : { thinking }),
          endUser: `mp_stu_${r.int(1, 4000)}`,
        }),
      );
    },
  });
}

/** Students on the education programme: new free accounts, homework, "show the steps". */
function students(rng: Rng, scale: number): Actor {
  const count = scaled(40, scale);
  const spoken = each(count, () => (rng.chance(0.6) ? undefined : rng.pick(LANGUAGES)));
  return actor({
    name: 'lg2-students',
    persona: 'students',
    accounts: makeAccounts('acct_lg2stu', count, () => ({
      tier: 'free',
      ageDays: 0.5 + rng.next() * 20,
      verified: false,
      programme: 'education',
    })),
    clients: each(count, () => productClient(rng, 'StudyBuddy/2.0 (iOS)', 'openai')),
    ips: each(count, (index) => residentialIp(rng, spoken[index]?.market ?? 'us')),
    pace: { firstWithin: 45_000, gap: 10_000, gapSigma: 0.8, session: [1, 4], idle: 20_000 },
    step: async (ctx, s) => {
      const r = ctx.rng;
      const language = spoken[Number(s.id.slice(-4))];
      const question = language
        ? `${fill(r, r.pick(language.problems))} ${r.pick(language.tutor)}`
        : `${contestProblem(r.int(0, 500))} Please show all the steps, I have a test tomorrow.`;
      await sendAs(
        ctx,
        s,
        body('openai', {
          model: MODELS.sonnet,
          messages: [{ role: 'user', content: question }],
          maxTokens: 4096,
        }),
      );
    },
  });
}

/** A router reselling the API to thousands of end users through a few enterprise keys. */
function router(rng: Rng, scale: number): { actor: Actor; handle: RouterHandle } {
  const count = scaled(4, scale);
  const backends = [cloudIp(rng), cloudIp(rng), cloudIp(rng), cloudIp(rng)];
  const client = productClient(rng, 'Switchboard/4.1', 'anthropic');
  const endUser = (r: Rng): string => `sb_${token(r, 8)}`;
  // Its customers: a few heavy users, a long tail of occasional ones.
  const customers = each(6_000, () => endUser(rng));
  const customer = (r: Rng): string =>
    customers[Math.floor(r.next() ** 2 * customers.length)] ?? endUser(r);
  const request = (r: Rng, spec: BodySpec) => ({
    dialect: client.dialect,
    body: body(client.dialect, spec),
    userAgent: client.userAgent,
    headers: client.headers,
    clientIp: r.pick(backends),
  });
  const accounts = makeAccounts('acct_lg2router', count, () => ({
    org: 'org_switchboard',
    tier: 'enterprise',
    ageDays: 400 + rng.next() * 300,
    verified: true,
  }));
  const content = (r: Rng): string | Record<string, unknown>[] => {
    const roll = r.next();
    if (roll < 0.35) return chat(r);
    if (roll < 0.55) return r.pick(r.pick(LANGUAGES).chat);
    if (roll < 0.7) return codeTask(r);
    if (roll < 0.8) return issue(r);
    if (roll < 0.88) return longHorizon(r);
    if (roll < 0.94) return [fakeImage(r), text(visionTask(r))];
    return `${contestProblem(r.int(0, 999))} Show your reasoning.`;
  };
  const actor: Actor = {
    name: 'lg2-router',
    persona: 'reseller',
    role: 'legitimate',
    accounts,
    run: async (ctx) => {
      const seats = accounts.map((account) => seat(account.id, client, backends[0] ?? ''));
      await Promise.all(
        seats.map((s) =>
          pacedLoop(
            ctx,
            s,
            { firstWithin: 1_000, gap: 480, gapSigma: 0.9, session: [30, 60], idle: 1_000 },
            async () => {
              const r = ctx.rng;
              s.ip = r.pick(backends);
              const thinking = r.chance(0.15) ? r.int(2, 16) * 512 : undefined;
              await sendAs(
                ctx,
                s,
                body('anthropic', {
                  model: r.chance(0.5) ? MODELS.sonnet : r.pick([MODELS.opus, MODELS.haiku]),
                  messages: [{ role: 'user', content: content(r) }],
                  maxTokens: (thinking ?? 0) + r.pick([512, 1024, 2048, 4096, 8192]),
                  ...(thinking === undefined ? {} : { thinking }),
                  endUser: customer(r),
                  ...(r.chance(0.5) ? { stream: true } : {}),
                }),
              );
            },
          ),
        ),
      );
    },
  };
  return { actor, handle: { accounts: accounts.map((account) => account.id), endUser, request } };
}

/** A university lab: derivations with full working, large thinking budgets, grading studies. */
function researchLab(rng: Rng, scale: number): Actor {
  const count = scaled(14, scale);
  const nat = [
    `128.${rng.int(0, 255)}.${rng.int(0, 255)}.10`,
    `128.${rng.int(0, 255)}.${rng.int(0, 255)}.11`,
  ];
  return actor({
    name: 'lg2-research',
    persona: 'research-group',
    accounts: makeAccounts('acct_lg2res', count, () => ({
      org: 'org_uni_ml_lab',
      tier: 'standard',
      ageDays: 60 + rng.next() * 840,
      verified: true,
      programme: 'research',
      declaredUse: 'research',
    })),
    clients: each(count, () =>
      rng.chance(0.6) ? SDKS.anthropicPython(rng) : SDKS.openaiPython(rng),
    ),
    ips: each(count, () => rng.pick(nat)),
    pace: { firstWithin: 20_000, gap: 2_500, gapSigma: 0.5, session: [5, 12], idle: 8_000 },
    step: async (ctx, s) => {
      const r = ctx.rng;
      const roll = r.next();
      const prompt =
        roll < 0.5
          ? `${longHorizon(r)} Derive every intermediate result explicitly; we are studying reasoning faithfulness.`
          : roll < 0.8
            ? gradingPrompt(r, true)
            : `${contestProblem(r.int(0, 200))} Give the full derivation.`;
      const thinking =
        s.client.dialect === 'anthropic' && r.chance(0.5)
          ? r.pick([16_000, 24_000, 31_000])
          : undefined;
      await sendAs(
        ctx,
        s,
        body(s.client.dialect, {
          model: MODELS.opus,
          messages: [{ role: 'user', content: prompt }],
          maxTokens: thinking === undefined ? 8_000 : 32_000,
          ...(thinking === undefined ? { temperature: r.pick([0, 0.7, 1]) } : { thinking }),
        }),
      );
    },
  });
}

/** One company's staff behind one NAT address, every kind of use. */
function companyNat(rng: Rng, scale: number): Actor {
  const count = scaled(40, scale);
  const nat = residentialIp(rng, 'eu').replace(/\.\d+$/, '.1');
  return actor({
    name: 'lg2-company',
    persona: 'company-nat',
    accounts: makeAccounts('acct_lg2corp', count, () => ({
      org: 'org_northwind',
      tier: 'default',
      ageDays: 30 + rng.next() * 570,
      verified: rng.chance(0.8),
    })),
    clients: each(count, () => anySdk(rng)),
    ips: each(count, () => nat),
    pace: { firstWithin: 30_000, gap: 6_000, gapSigma: 0.8, session: [1, 5], idle: 18_000 },
    step: async (ctx, s) => {
      const r = ctx.rng;
      const roll = r.next();
      const prompt =
        roll < 0.4 ? chat(r) : roll < 0.7 ? codeTask(r) : roll < 0.85 ? issue(r) : longHorizon(r);
      await sendAs(
        ctx,
        s,
        body(s.client.dialect, {
          model: r.chance(0.6) ? MODELS.sonnet : MODELS.opus,
          messages: [{ role: 'user', content: prompt }],
          maxTokens: r.pick([1024, 2048, 4096, 8192]),
        }),
      );
    },
  });
}

/** Enthusiasts who move to the new model as soon as it is out. */
function earlyAdopters(rng: Rng, scale: number): Actor {
  const count = scaled(30, scale);
  return actor({
    name: 'lg2-early-adopters',
    persona: 'early-adopters',
    accounts: makeAccounts('acct_lg2early', count, () => ({
      tier: rng.chance(0.5) ? 'default' : 'standard',
      ageDays: 100 + rng.next() * 900,
      verified: true,
    })),
    clients: each(count, () => anySdk(rng)),
    ips: each(count, () => residentialIp(rng)),
    pace: { firstWithin: 20_000, gap: 5_000, gapSigma: 0.7, session: [2, 4], idle: 12_000 },
    step: async (ctx, s) => {
      const r = ctx.rng;
      const released = ctx.now() >= ctx.releasedAt(NEW_MODEL.name) + 1_000;
      const model = released && r.chance(0.8) ? NEW_MODEL.name : MODELS.sonnet;
      const thinking = r.chance(0.3) ? r.int(2, 16) * 512 : undefined;
      await sendAs(
        ctx,
        s,
        body(s.client.dialect, {
          model,
          messages: [
            {
              role: 'user',
              content: r.chance(0.5) ? codeTask(r) : r.chance(0.5) ? longHorizon(r) : chat(r),
            },
          ],
          maxTokens: (thinking ?? 0) + r.pick([2048, 4096, 8192]),
          ...(thinking === undefined ? {} : { thinking }),
        }),
      );
    },
  });
}

const SUPPORT_TOOLS: readonly ToolSpec[] = [
  { name: 'lookup_order', description: 'Look up an order by number.', params: ['order_id'] },
  {
    name: 'issue_refund',
    description: 'Refund an order (needs a reason).',
    params: ['order_id', 'reason'],
  },
  { name: 'kb_search', description: 'Search the help centre.', params: ['query'] },
  { name: 'escalate', description: 'Hand the conversation to a human agent.', params: ['summary'] },
];

const SUPPORT_ASKS = [
  'Where is my order {n}?',
  'I was charged twice for order {n}.',
  '¿Puedo devolver el pedido {n}?',
  'Ma commande {n} est arrivée cassée.',
  'How do I change my delivery address?',
  'Meine Bestellung {n} ist nicht angekommen.',
  'Can I get a refund? Order {n}.',
];

/** A shop's support bot: fixed system prompt, four stable tools, many customers. */
function supportBot(rng: Rng, scale: number): Actor {
  const count = scaled(4, scale);
  const backends = [cloudIp(rng)];
  return actor({
    name: 'lg2-support-bot',
    persona: 'support-bot',
    accounts: makeAccounts('acct_lg2help', count, () => ({
      org: 'org_shopnest',
      tier: 'scale',
      ageDays: 500 + rng.next() * 100,
      verified: true,
    })),
    clients: each(count, () => productClient(rng, 'ShopNest-Support/3.0', 'anthropic')),
    ips: each(count, () => backends[0] ?? '3.3.3.3'),
    pace: { firstWithin: 3_000, gap: 700, gapSigma: 0.6, session: [20, 40], idle: 2_000 },
    step: async (ctx, s) => {
      const r = ctx.rng;
      const ask = r.pick(SUPPORT_ASKS).replace('{n}', String(r.int(100_000, 999_999)));
      const turns: ChatTurn[] = [{ role: 'user', content: ask }];
      if (r.chance(0.5)) {
        const order = { order_id: String(r.int(100_000, 999_999)) };
        const status = r.pick(['shipped', 'delayed', 'delivered']);
        turns.push(...toolExchange(r, 'lookup_order', order, `{"status":"${status}"}`));
      }
      await sendAs(
        ctx,
        s,
        body('anthropic', {
          model: MODELS.haiku,
          system:
            'You are the ShopNest support assistant. Be brief and kind. Use the tools to check orders; never promise refunds without issue_refund.',
          messages: turns,
          maxTokens: 800,
          tools: SUPPORT_TOOLS,
          endUser: `hd_cust_${r.int(1, 20_000)}`,
        }),
      );
    },
  });
}

export function legitimateActors(
  rng: Rng,
  scale: number,
): { actors: Actor[]; router: RouterHandle } {
  const reseller = router(rng.fork('router'), scale);
  return {
    actors: [
      chatUsers(rng.fork('chat'), scale),
      evalHarness(rng.fork('eval'), scale),
      batchPipeline(rng.fork('batch'), scale),
      ideAgent(rng.fork('ide'), scale),
      tutorApp(rng.fork('tutor'), scale),
      students(rng.fork('students'), scale),
      reseller.actor,
      researchLab(rng.fork('research'), scale),
      companyNat(rng.fork('company'), scale),
      earlyAdopters(rng.fork('early'), scale),
      supportBot(rng.fork('support'), scale),
    ],
    router: reseller.handle,
  };
}
