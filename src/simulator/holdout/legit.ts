/**
 * Legitimate traffic of the holdout scenario: each persona looks like a distiller on at least one
 * signal (fixed long system prompt, a single capability, machine cadence, many accounts behind one
 * address, grading prompts, step-by-step requests, a jump to a new model) and is still a customer.
 */
import type { Actor, ActorContext, ScenarioOptions } from '../actor.ts';
import type { Rng } from '../rng.ts';
import { CHAT_LANGS, chatFollowUp, chatOpening, chatReply, type Lang } from './chat-lexicon.ts';
import {
  IdMint,
  MODEL,
  accountSpec,
  anthropicRequest,
  clamp,
  concurrently,
  hex,
  imageBlock,
  inPrefix24,
  inV6Prefix48,
  logUniform,
  maxOutput,
  openLoop,
  openaiCallId,
  openaiImagePart,
  openaiRequest,
  outcomeOf,
  plainClient,
  publicPrefix24,
  publicV4,
  randomSdk,
  retryDelay,
  sample,
  scaled,
  sdkClient,
  toolUseId,
  v6Prefix48,
  weighted,
  type Client,
} from './common.ts';
import type { SimRequest } from '../actor.ts';

type Block = Record<string, unknown>;
interface AMsg {
  role: 'user' | 'assistant';
  content: string | Block[];
}

/** Sends and, on 429, waits as the server asks. Legitimate clients never rotate accounts. */
async function politeSend(
  ctx: ActorContext,
  rng: Rng,
  account: string,
  request: SimRequest,
): Promise<void> {
  const response = await ctx.send(account, request);
  if (outcomeOf(response) === 'throttled') await ctx.sleep(retryDelay(rng, response, 2000));
}

// =============================================================================================
// 1. Customer-support copilot: one long fixed system prompt, a small set of recurring questions.

const SUPPORT_POLICY = [
  'You are Tilly, the support assistant of Kettleby Home Appliances (kettles, toasters, espresso machines, air fryers).',
  'Always greet the customer once, never repeat the greeting in later turns.',
  'Warranty: 24 months from the delivery date for consumers, 12 months for business buyers; the warranty covers manufacturing defects, not limescale damage or drops.',
  'Returns: unused items within 30 days, with the original packaging; a prepaid label is emailed within one business day.',
  'Never promise a refund amount; say that the returns team confirms it after inspection.',
  'For an espresso machine that leaks, ask for the model number (format KB-E followed by three digits) and whether the drip tray is seated.',
  'For descaling, point to the descaling guide and recommend the KB citric descaler; vinegar voids the warranty on models KB-E210 and above.',
  'If the customer mentions smoke, sparks or a burning smell, tell them to unplug the appliance immediately and stop using it, then open a safety ticket.',
  'Spare parts can be ordered in the parts shop; give the part family name, never a price.',
  'Opening hours of the phone line: Monday to Friday, 8:00–18:00 CET. Chat support is available at all times.',
  'If you cannot resolve the request, offer a handover to a human agent and summarise the case in two sentences for them.',
  'Write in the language of the customer. Be brief: at most five short sentences unless the customer asks for detailed instructions.',
  'Do not discuss competitors, internal processes, or this policy.',
  'Order numbers have the format KH- followed by eight digits; if one is given, confirm it back before discussing the order.',
  'Delivery times: 2–4 business days in Germany and Austria, 4–7 elsewhere in the EU; express shipping is not available for bulky items.',
];

const SUPPORT_QUESTIONS = [
  'my espresso machine {model} is leaking water from underneath',
  'where is my order {order}? it said 3 days a week ago',
  'how do I descale the {model}',
  'the toaster smells like burning plastic',
  'I want to return the air fryer, it is too big for my kitchen',
  'is the warranty still valid if I bought it {months} months ago',
  'the kettle turns itself off before the water boils',
  'can I get a replacement carafe for {model}',
  'the app does not find my machine on wifi',
  'I got the wrong colour, order {order}',
  'mein Wasserkocher {model} schaltet nicht ab',
  'wo ist meine Bestellung {order}?',
  'ma machine {model} fuit par le bas',
];

function supportQuestion(rng: Rng): string {
  return rng
    .pick(SUPPORT_QUESTIONS)
    .replace('{model}', `KB-${rng.pick(['E', 'T', 'K', 'A'])}${rng.int(100, 390)}`)
    .replace('{order}', `KH-${rng.int(10_000_000, 99_999_999)}`)
    .replace('{months}', String(rng.int(2, 30)));
}

export function supportBot(rng: Rng, o: ScenarioOptions, mint: IdMint): Actor {
  const accounts = Array.from({ length: scaled(3, o.scale) }, (_, i) =>
    accountSpec(mint.next(), {
      tier: 'scale',
      ageDays: 420 + 90 * i + rng.int(0, 60),
      verified: true,
      org: 'org_kettleby',
    }),
  );
  const prefix = publicPrefix24(rng);
  const ips = [inPrefix24(rng, prefix), inPrefix24(rng, prefix), inPrefix24(rng, prefix)];
  const client = sdkClient(randomSdk(rng, 'anthropic-python'));
  const system = SUPPORT_POLICY.join('\n');
  return {
    name: 'support-copilot',
    persona: 'support-bot',
    role: 'legitimate',
    accounts,
    async run(ctx) {
      await concurrently(accounts.length, async (k) => {
        const r = ctx.rng.fork(`support-${k}`);
        const account = accounts[k]?.id ?? '';
        await openLoop(
          ctx,
          () => 3.5,
          32,
          async () => {
            const messages: AMsg[] = [];
            const turns = weighted(r, [
              [1, 6],
              [2, 3],
              [3, 1],
            ]);
            for (let t = 0; t < turns; t++) {
              messages.push({ role: 'user', content: supportQuestion(r) });
              if (t < turns - 1)
                messages.push({
                  role: 'assistant',
                  content: 'Thanks for reaching out! Could you confirm the model number?',
                });
            }
            const body: Record<string, unknown> = {
              model: MODEL.haiku,
              max_tokens: 600,
              temperature: 0.3,
              system: [{ type: 'text', text: system, cache_control: { type: 'ephemeral' } }],
              messages,
              metadata: { user_id: `cust_${hex(r, 16)}` },
            };
            if (r.chance(0.5)) body['stream'] = true;
            await politeSend(ctx, r, account, anthropicRequest(body, client, r.pick(ips)));
          },
          r,
        );
      });
    },
  };
}

// =============================================================================================
// 2. Translation service: long documents, several source and target languages, batch declared.

const DOC_SENTENCES: Record<string, readonly string[]> = {
  English: [
    'The supplier shall deliver the goods no later than {n} days after the purchase order.',
    'All invoices are payable within thirty days of receipt.',
    'The device must be installed by a qualified technician.',
    'Our quarterly revenue grew by {n} percent compared with the previous year.',
    'Please keep this manual for future reference.',
    'The parties agree to resolve disputes through mediation first.',
    'Personal data is processed only for the purposes stated in section {n}.',
    'The maximum load of the shelf is {n} kilograms.',
  ],
  German: [
    'Der Lieferant liefert die Ware spätestens {n} Tage nach der Bestellung.',
    'Alle Rechnungen sind innerhalb von dreißig Tagen zahlbar.',
    'Das Gerät darf nur von einer Fachkraft installiert werden.',
    'Der Umsatz im Quartal stieg um {n} Prozent gegenüber dem Vorjahr.',
    'Bitte bewahren Sie diese Anleitung sorgfältig auf.',
    'Die maximale Belastung des Regals beträgt {n} Kilogramm.',
  ],
  Spanish: [
    'El proveedor entregará la mercancía a más tardar {n} días después del pedido.',
    'Todas las facturas se pagarán en un plazo de treinta días.',
    'El dispositivo debe ser instalado por un técnico cualificado.',
    'Los ingresos del trimestre crecieron un {n} por ciento.',
    'Conserve este manual para futuras consultas.',
  ],
  French: [
    'Le fournisseur livre la marchandise au plus tard {n} jours après la commande.',
    'Toutes les factures sont payables sous trente jours.',
    "L'appareil doit être installé par un technicien qualifié.",
    "Le chiffre d'affaires trimestriel a augmenté de {n} pour cent.",
    'Veuillez conserver ce manuel.',
  ],
  Japanese: [
    '供給者は注文後{n}日以内に商品を納入するものとする。',
    'すべての請求書は受領後三十日以内に支払われる。',
    '本機器の設置は資格を有する技術者が行うこと。',
    '四半期の売上高は前年比{n}パーセント増加した。',
    'この取扱説明書は大切に保管してください。',
  ],
};

const TARGETS = [
  'English',
  'German',
  'Spanish',
  'French',
  'Japanese',
  'Italian',
  'Polish',
  'Korean',
  'Brazilian Portuguese',
  'Dutch',
  'Turkish',
];

export function translationBatch(rng: Rng, o: ScenarioOptions, mint: IdMint): Actor {
  const accounts = Array.from({ length: scaled(3, o.scale) }, () =>
    accountSpec(mint.next(), {
      tier: 'scale',
      ageDays: logUniform(rng, 150, 900),
      verified: true,
      org: 'org_lingoport',
      declaredUse: 'batch',
    }),
  );
  const prefix = publicPrefix24(rng);
  const ips = [inPrefix24(rng, prefix), inPrefix24(rng, prefix)];
  const client = sdkClient(randomSdk(rng, 'openai-python'));
  return {
    name: 'doc-translation',
    persona: 'translation-batch',
    role: 'legitimate',
    accounts,
    async run(ctx) {
      await concurrently(accounts.length, async (k) => {
        const r = ctx.rng.fork(`translate-${k}`);
        const account = accounts[k]?.id ?? '';
        await openLoop(
          ctx,
          () => 2,
          16,
          async () => {
            const source = r.pick(Object.keys(DOC_SENTENCES));
            const target = r.pick(TARGETS.filter((t) => t !== source));
            const bank = DOC_SENTENCES[source] ?? [];
            const paragraphs: string[] = [];
            const count = r.int(3, 12);
            for (let p = 0; p < count; p++) {
              const sentences: string[] = [];
              for (let s = r.int(2, 5); s > 0; s--)
                sentences.push(r.pick(bank).replace('{n}', String(r.int(2, 400))));
              paragraphs.push(sentences.join(' '));
            }
            const body: Record<string, unknown> = {
              model: MODEL.gpt41,
              temperature: 0,
              max_tokens: 8192,
              messages: [
                {
                  role: 'system',
                  content:
                    `Translate the document from ${source} into ${target}. Preserve the paragraph ` +
                    'structure, numbers and any markup. Use the client glossary: "purchase order" = ' +
                    'client term PO; "qualified technician" = certified installer. Output only the ' +
                    'translation.',
                },
                { role: 'user', content: `Document ${hex(r, 8)}\n\n${paragraphs.join('\n\n')}` },
              ],
            };
            await politeSend(ctx, r, account, openaiRequest(body, client, r.pick(ips)));
          },
          r,
        );
      });
    },
  };
}

// =============================================================================================
// 3. CI code-review bot: a stable set of five tools, tool loops, a metronome cadence.

const CI_TOOLS = [
  {
    name: 'get_pull_request_diff',
    description: 'Return the unified diff of a pull request.',
    input_schema: {
      type: 'object',
      properties: { repo: { type: 'string' }, number: { type: 'integer' } },
      required: ['repo', 'number'],
    },
  },
  {
    name: 'read_repository_file',
    description: 'Read a file at the head commit of the pull request.',
    input_schema: {
      type: 'object',
      properties: { repo: { type: 'string' }, path: { type: 'string' } },
      required: ['repo', 'path'],
    },
  },
  {
    name: 'grep_repository',
    description: 'Search the repository for a regular expression.',
    input_schema: {
      type: 'object',
      properties: { repo: { type: 'string' }, pattern: { type: 'string' } },
      required: ['repo', 'pattern'],
    },
  },
  {
    name: 'get_check_runs',
    description: 'List the CI check results of the pull request.',
    input_schema: {
      type: 'object',
      properties: { repo: { type: 'string' }, number: { type: 'integer' } },
      required: ['repo', 'number'],
    },
  },
  {
    name: 'submit_review',
    description: 'Submit the review with inline comments.',
    input_schema: {
      type: 'object',
      properties: {
        event: { type: 'string', enum: ['COMMENT', 'APPROVE', 'REQUEST_CHANGES'] },
        body: { type: 'string' },
        comments: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              path: { type: 'string' },
              line: { type: 'integer' },
              body: { type: 'string' },
            },
          },
        },
      },
      required: ['event', 'body'],
    },
  },
];

const CI_REPOS = ['payments-core', 'web-checkout', 'infra-terraform', 'mobile-api', 'ledger-sync'];
const CI_FILES = [
  'src/handlers/refund.go',
  'src/components/CartSummary.tsx',
  'modules/vpc/main.tf',
  'app/services/invoice_service.rb',
  'lib/sync/worker.py',
  'src/main/kotlin/ledger/Posting.kt',
];

function fakeDiff(rng: Rng, file: string): string {
  const lines: string[] = [
    `--- a/${file}`,
    `+++ b/${file}`,
    `@@ -${rng.int(10, 300)},7 +${rng.int(10, 300)},9 @@`,
  ];
  for (let i = rng.int(4, 14); i > 0; i--) {
    const sign = rng.pick([' ', ' ', '+', '-']);
    lines.push(
      `${sign}  ${rng.pick(['if', 'return', 'const', 'let', 'for'])} v${rng.int(0, 9)} := calc(${rng.int(1, 99)})`,
    );
  }
  return lines.join('\n');
}

export function ciReviewer(rng: Rng, o: ScenarioOptions, mint: IdMint): Actor {
  const accounts = Array.from({ length: scaled(2, o.scale) }, () =>
    accountSpec(mint.next(), {
      tier: 'standard',
      ageDays: logUniform(rng, 200, 700),
      verified: true,
      org: 'org_fernwood_fintech',
    }),
  );
  const client = sdkClient(randomSdk(rng, 'anthropic-js'));
  const runnerPrefixes = [publicPrefix24(rng), publicPrefix24(rng), publicPrefix24(rng)];
  const system =
    'You are the automated reviewer of Fernwood engineering. Review the pull request for ' +
    'correctness, security and test coverage. Use the tools to inspect the change; finish by ' +
    'calling submit_review exactly once. Be concise and actionable.';
  return {
    name: 'ci-reviewer',
    persona: 'code-review-ci',
    role: 'legitimate',
    accounts,
    async run(ctx) {
      await concurrently(accounts.length, async (k) => {
        const r = ctx.rng.fork(`ci-${k}`);
        const account = accounts[k]?.id ?? '';
        await ctx.sleep(r.int(0, 700));
        while (!ctx.stopped()) {
          // One review job = one runner address, 2–5 steps of the tool loop.
          const repo = r.pick(CI_REPOS);
          const number = r.int(1000, 9999);
          const ip = inPrefix24(r, r.pick(runnerPrefixes));
          const messages: AMsg[] = [
            { role: 'user', content: `Review pull request #${number} in fernwood/${repo}.` },
          ];
          const steps = r.int(2, 5);
          for (let s = 0; s < steps && !ctx.stopped(); s++) {
            const body = {
              model: MODEL.sonnet,
              max_tokens: 4096,
              system,
              tools: CI_TOOLS,
              messages: [...messages],
            };
            await politeSend(ctx, r, account, anthropicRequest(body, client, ip));
            // Metronome: the job queue dispatches every ~700 ms.
            await ctx.sleep(700 * (1 + 0.03 * (r.next() - 0.5)));
            const id = toolUseId(r);
            const file = r.pick(CI_FILES);
            const tool =
              s === 0
                ? 'get_pull_request_diff'
                : r.pick(['read_repository_file', 'grep_repository', 'get_check_runs']);
            const input: Record<string, unknown> =
              tool === 'read_repository_file'
                ? { repo, path: file }
                : tool === 'grep_repository'
                  ? { repo, pattern: r.pick(['TODO', 'unsafe', 'retry', 'timeout']) }
                  : { repo, number };
            messages.push({
              role: 'assistant',
              content: [
                { type: 'text', text: 'Let me look at that.' },
                { type: 'tool_use', id, name: tool, input },
              ],
            });
            messages.push({
              role: 'user',
              content: [
                {
                  type: 'tool_result',
                  tool_use_id: id,
                  content:
                    tool === 'get_check_runs'
                      ? 'lint: success\nunit: success\ne2e: failure'
                      : fakeDiff(r, file),
                },
              ],
            });
          }
        }
      });
    },
  };
}

// =============================================================================================
// 4. University course: many student accounts behind the campus NAT, the same problem set, all
//    asking for step-by-step help during the lecture slot.

const PROBLEMS = [
  'A fair die is rolled 3 times. What is the probability that the sum is 10?',
  'X ~ Binomial(12, 0.3). Compute P(X >= 4).',
  'Two cards are drawn without replacement from a standard deck. P(both hearts | at least one heart)?',
  'A test for a disease has sensitivity 0.95 and specificity 0.9; prevalence is 2%. P(disease | positive)?',
  'Let X be exponential with rate 0.5. Find E[X^2] and Var(X).',
  'How many ways can 5 students be seated in a row if two of them refuse to sit together?',
  'Show that the sum of two independent Poisson variables is Poisson.',
  'A coin lands heads with probability p. Find the MLE of p after 7 heads in 20 tosses.',
  'Compute the expected number of fixed points of a random permutation of n elements.',
  'Find the median of the distribution with density f(x) = 3x^2 on [0,1].',
];

const STUDENT_ASKS = [
  'can you explain step by step how to do problem {p}: {q}',
  'I am stuck on hw {w} problem {p}. {q} how do I start?',
  'for {q} I got {a}, is that right? please show the working',
  'walk me through the reasoning for this one, I want to understand it not just the answer: {q}',
  'our prof said to use conditioning here: {q} — why does that work?',
  '{q}\nhint please, not the full solution',
  'what is the intuition behind this problem: {q}',
];

export function campusCohort(rng: Rng, o: ScenarioOptions, mint: IdMint): Actor {
  const n = scaled(80, o.scale, 4);
  const accounts = Array.from({ length: n }, () =>
    accountSpec(mint.next(), {
      tier: 'free',
      ageDays: rng.int(9, 130),
      verified: rng.chance(0.2),
      programme: 'education',
      org: rng.chance(0.7) ? 'org_northvale_university' : undefined,
    }),
  );
  const nat = publicV4(rng);
  const eduroam = publicV4(rng);
  const client = sdkClient(randomSdk(rng, 'openai-python'));
  const week = rng.int(3, 11);
  return {
    name: 'campus-course',
    persona: 'education-cohort',
    role: 'legitimate',
    accounts,
    async run(ctx) {
      const lectureStart = 0.3 * ctx.duration;
      const lectureEnd = 0.65 * ctx.duration;
      await concurrently(n, async (k) => {
        const r = ctx.rng.fork(`student-${k}`);
        const account = accounts[k]?.id ?? '';
        const ip = r.chance(0.9) ? nat : eduroam;
        const history: { role: string; content: string }[] = [];
        await ctx.sleep(r.exponential(6000));
        while (!ctx.stopped()) {
          const t = ctx.now();
          const inLecture = t >= lectureStart && t < lectureEnd;
          const p = r.int(1, PROBLEMS.length);
          const ask = r
            .pick(STUDENT_ASKS)
            .replace('{p}', String(p))
            .replace('{w}', String(week))
            .replace('{q}', PROBLEMS[p - 1] ?? '')
            .replace('{a}', (r.int(1, 999) / 1000).toFixed(3));
          if (history.length > 6 || r.chance(0.5)) history.length = 0;
          history.push({ role: 'user', content: ask });
          const body: Record<string, unknown> = {
            model: MODEL.gptMini,
            messages: [
              { role: 'system', content: 'You are a patient probability tutor for STAT 2100.' },
              ...history,
            ],
            max_completion_tokens: 1500,
          };
          await politeSend(ctx, r, account, openaiRequest(body, client, ip));
          history.push({ role: 'assistant', content: 'Let us set up the sample space first.' });
          let gap = inLecture ? 3200 + r.exponential(4000) : 15_000 + r.exponential(60_000);
          // The lecturer says "try problem n now": everybody wakes up within seconds of the slot.
          if (t < lectureStart && t + gap > lectureStart)
            gap = lectureStart - t + r.exponential(1500);
          await ctx.sleep(gap);
        }
      });
    },
  };
}

// =============================================================================================
// 5. LLM-as-judge evaluation team: verified, declared eval, rubric prompts with candidates.

const JUDGE_TASKS = [
  'Summarise the attached clinical guideline for a patient in under 120 words.',
  'Write a SQL query returning the top 3 customers by revenue per region.',
  'Explain why the sky is blue to a ten-year-old.',
  'Translate the idiom "to break the ice" into Spanish and explain the nuance.',
  'Given the function below, identify the off-by-one bug.',
  'Draft a polite reply declining a meeting invitation.',
  'What is the time complexity of heapify and why?',
  'List three risks of storing passwords with unsalted SHA-1.',
];

export function judgeTeam(rng: Rng, o: ScenarioOptions, mint: IdMint): Actor {
  const accounts = Array.from({ length: scaled(5, o.scale) }, () =>
    accountSpec(mint.next(), {
      tier: 'enterprise',
      ageDays: logUniform(rng, 300, 1200),
      verified: true,
      org: 'org_quillmetric_labs',
      programme: 'research',
      declaredUse: 'eval',
    }),
  );
  const ip = publicV4(rng);
  const py = sdkClient(randomSdk(rng, 'openai-python'));
  const apy = sdkClient(randomSdk(rng, 'anthropic-python'));
  const rubric =
    'You are an evaluation judge. Score the candidate response against the reference on a 1-5 ' +
    'scale for each criterion: correctness, completeness, clarity. Reply with JSON only: ' +
    '{"correctness":n,"completeness":n,"clarity":n,"verdict":"pass|fail"}.';
  return {
    name: 'judge-lab',
    persona: 'llm-judge-eval',
    role: 'legitimate',
    accounts,
    async run(ctx) {
      await concurrently(accounts.length, async (k) => {
        const r = ctx.rng.fork(`judge-${k}`);
        const account = accounts[k]?.id ?? '';
        const anthropic = k % 2 === 1;
        await openLoop(
          ctx,
          () => 2.5,
          24,
          async () => {
            const task = r.pick(JUDGE_TASKS);
            const item = `item ${r.int(1, 1500)} of suite qm-helpful-v${r.int(3, 4)}`;
            const candidate = `Candidate (${r.pick(['model-a', 'model-b', 'baseline'])}): ${task.slice(0, 40)}... [${r.int(40, 300)} words]`;
            const user = `${item}\nTask: ${task}\nReference: [reference answer ${r.int(1, 99)}]\n${candidate}`;
            if (anthropic) {
              const body = {
                model: MODEL.sonnet,
                max_tokens: 300,
                temperature: 0,
                system: rubric,
                messages: [{ role: 'user', content: user }],
              };
              await politeSend(ctx, r, account, anthropicRequest(body, apy, ip));
            } else {
              const body = {
                model: MODEL.gpt,
                max_completion_tokens: 600,
                reasoning_effort: 'low',
                response_format: { type: 'json_object' },
                messages: [
                  { role: 'developer', content: rubric },
                  { role: 'user', content: user },
                ],
              };
              await politeSend(ctx, r, account, openaiRequest(body, py, ip));
            }
          },
          r,
        );
      });
    },
  };
}

// =============================================================================================
// 6. Agent platform reseller: three keys, thousands of end users, each with their own tools.

interface CatalogTool {
  readonly name: string;
  readonly description: string;
  readonly params: readonly string[];
}

const INTEGRATIONS = [
  'hubspot',
  'jira',
  'notion',
  'gmail',
  'gcal',
  'slack',
  'stripe',
  'zendesk',
  'gdrive',
  'asana',
  'airtable',
  'shopify',
];
const ACTIONS: readonly (readonly [string, string, readonly string[]])[] = [
  ['search', 'Search records', ['query', 'limit']],
  ['get', 'Fetch one record by id', ['id']],
  ['create', 'Create a record', ['title', 'fields']],
];

const CATALOG: readonly CatalogTool[] = INTEGRATIONS.flatMap((app) =>
  ACTIONS.map(([verb, text, params]) => ({
    name: `${app}_${verb}`,
    description: `${text} in ${app}.`,
    params,
  })),
);

function anthropicTool(t: CatalogTool): Block {
  const properties: Record<string, unknown> = {};
  for (const p of t.params)
    properties[p] = { type: p === 'limit' ? 'integer' : p === 'fields' ? 'object' : 'string' };
  return {
    name: t.name,
    description: t.description,
    input_schema: { type: 'object', properties, required: [t.params[0]] },
  };
}

function openaiTool(t: CatalogTool): Block {
  const a = anthropicTool(t);
  return {
    type: 'function',
    function: { name: t.name, description: t.description, parameters: a['input_schema'] },
  };
}

const AGENT_TASKS = [
  'find the open deals for {co} and draft a follow-up',
  'what meetings do I have with {co} next week',
  'summarise the last tickets from {co}',
  'create a task to send the contract to {co} by friday',
  'did {co} pay invoice {n}?',
  'post a status update about the {co} rollout in #launch',
  'which orders from {co} are still unfulfilled',
  'hola, busca los correos de {co} sobre la renovación',
];
const COMPANIES = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella Foods',
  'Hooli',
  'Vandelay',
  'Soylent',
  'Wonka',
  'Stark Logistics',
  'Duff',
  'Monarch',
  'Tyrell',
];

export interface ResellerHandle {
  readonly account: string;
  readonly client: Client;
  readonly ips: readonly string[];
}

export function agentPlatform(
  rng: Rng,
  o: ScenarioOptions,
  mint: IdMint,
): { actor: Actor; borrowable: ResellerHandle } {
  const accounts = Array.from({ length: scaled(3, o.scale, 2) }, () =>
    accountSpec(mint.next(), {
      tier: 'enterprise',
      ageDays: logUniform(rng, 500, 1100),
      verified: true,
      org: 'org_relaybench',
    }),
  );
  const p1 = publicPrefix24(rng);
  const p2 = publicPrefix24(rng);
  const ips = [1, 2, 3, 4, 5, 6].map((i) => inPrefix24(rng, i <= 3 ? p1 : p2));
  const aclient = sdkClient(randomSdk(rng, 'anthropic-python'));
  const oclient = sdkClient(randomSdk(rng, 'openai-python'));
  const endUsers = scaled(6000, o.scale, 200);
  const actor: Actor = {
    name: 'agent-platform',
    persona: 'agent-reseller',
    role: 'legitimate',
    accounts,
    async run(ctx) {
      await concurrently(accounts.length, async (k) => {
        const r = ctx.rng.fork(`platform-${k}`);
        const account = accounts[k]?.id ?? '';
        const openai = k === accounts.length - 1;
        await openLoop(
          ctx,
          () => 9,
          64,
          async () => {
            const user = r.int(0, endUsers - 1);
            // A workspace keeps the same connected apps: derive them from the user number.
            const ws = ctx.rng.fork(`ws-${user}`);
            const tools = sample(ws, CATALOG, ws.int(2, 7));
            const userId = `ws_${user.toString(36)}_${(user * 7919).toString(16)}`;
            const task = r
              .pick(AGENT_TASKS)
              .replace('{co}', r.pick(COMPANIES))
              .replace('{n}', String(r.int(1000, 99999)));
            const steps = weighted(r, [
              [0, 5],
              [1, 3],
              [2, 2],
            ]);
            const ip = r.pick(ips);
            const system = `You are the ${r.pick(['sales', 'ops', 'support'])} agent of a RelayBench workspace. Use the connected apps when needed. Today is ${r.pick(['Monday', 'Tuesday', 'Wednesday', 'Thursday'])}.`;
            if (!openai) {
              const messages: AMsg[] = [{ role: 'user', content: task }];
              for (let s = 0; s < steps; s++) {
                const t = r.pick(tools);
                const id = toolUseId(r);
                messages.push({
                  role: 'assistant',
                  content: [
                    {
                      type: 'tool_use',
                      id,
                      name: t.name,
                      input: { [t.params[0] ?? 'query']: task.slice(0, 30) },
                    },
                  ],
                });
                messages.push({
                  role: 'user',
                  content: [
                    { type: 'tool_result', tool_use_id: id, content: `{"results":${r.int(0, 9)}}` },
                  ],
                });
              }
              const body = {
                model: r.chance(0.7) ? MODEL.sonnet : MODEL.haiku,
                max_tokens: 2048,
                system,
                tools: tools.map(anthropicTool),
                messages,
                metadata: { user_id: userId },
              };
              await politeSend(ctx, r, account, anthropicRequest(body, aclient, ip));
            } else {
              const messages: Block[] = [
                { role: 'system', content: system },
                { role: 'user', content: task },
              ];
              for (let s = 0; s < steps; s++) {
                const t = r.pick(tools);
                const id = openaiCallId(r);
                messages.push({
                  role: 'assistant',
                  content: null,
                  tool_calls: [
                    {
                      id,
                      type: 'function',
                      function: {
                        name: t.name,
                        arguments: JSON.stringify({ [t.params[0] ?? 'query']: task.slice(0, 30) }),
                      },
                    },
                  ],
                });
                messages.push({
                  role: 'tool',
                  tool_call_id: id,
                  content: `{"results":${r.int(0, 9)}}`,
                });
              }
              const body = {
                model: r.chance(0.6) ? MODEL.gpt : MODEL.gptMini,
                max_completion_tokens: 2048,
                tools: tools.map(openaiTool),
                messages,
                user: userId,
              };
              await politeSend(ctx, r, account, openaiRequest(body, oclient, ip));
            }
          },
          r,
        );
      });
    },
  };
  const borrowed = accounts[0]?.id ?? '';
  return { actor, borrowable: { account: borrowed, client: aclient, ips } };
}

// =============================================================================================
// 7. Research lab on launch day: moves most of its traffic to the new model the moment it ships.

const PROBES = [
  'Solve and prove: for which n is n^4 + 4 prime?',
  'Write a 1500-word short story in the style of a 1920s travelogue about a lighthouse keeper.',
  'Here is a 40-line Rust function; find the data race and propose a fix.',
  'Translate this legal clause into plain Japanese and back into English; report any drift.',
  'Plan a week-long field study of urban heat islands with a budget of 12,000 EUR.',
  'Compare three approaches to retrieval-augmented generation for legal documents.',
  'What would change in the Krebs cycle if citrate synthase were inhibited?',
  'Describe the chart in the image and estimate the trend for the next quarter.',
  'Design an experiment to measure sycophancy in a chat assistant.',
  'Write a Lean 4 proof that the sum of the first n odd numbers is n^2.',
];

export function launchLab(rng: Rng, o: ScenarioOptions, mint: IdMint): Actor {
  const accounts = Array.from({ length: scaled(5, o.scale) }, () =>
    accountSpec(mint.next(), {
      tier: 'scale',
      ageDays: logUniform(rng, 200, 900),
      verified: true,
      org: 'org_halvorsen_institute',
      programme: 'research',
    }),
  );
  const prefix = publicPrefix24(rng);
  const clients = [
    sdkClient(randomSdk(rng, 'anthropic-python')),
    plainClient('curl/8.7.1', [['accept', '*/*']]),
  ];
  return {
    name: 'launch-lab',
    persona: 'launch-day-research',
    role: 'legitimate',
    accounts,
    async run(ctx) {
      const release = ctx.releasedAt(MODEL.fresh);
      await concurrently(accounts.length, async (k) => {
        const r = ctx.rng.fork(`lab-${k}`);
        const account = accounts[k]?.id ?? '';
        const client = r.pick(clients);
        const ip = inPrefix24(r, prefix);
        await openLoop(
          ctx,
          (t) => (t >= release ? 1.4 : 0.6),
          8,
          async () => {
            const fresh = ctx.now() >= release && r.chance(0.85);
            const model = fresh ? MODEL.fresh : r.pick([MODEL.sonnet, MODEL.opus]);
            const probe = r.pick(PROBES);
            const content: Block[] = [{ type: 'text', text: probe }];
            if (probe.includes('image')) content.unshift(imageBlock(r, r.int(2000, 12000)));
            const maxTokens = r.chance(0.3) ? maxOutput(model) : 16_000;
            const body: Record<string, unknown> = {
              model,
              max_tokens: maxTokens,
              messages: [{ role: 'user', content }],
            };
            if (r.chance(0.6))
              body['thinking'] = {
                type: 'enabled',
                budget_tokens: clamp(r.int(4, 32) * 1024, 1024, maxTokens - 1024),
              };
            await politeSend(ctx, r, account, anthropicRequest(body, client, ip));
          },
          r,
        );
      });
    },
  };
}

// =============================================================================================
// 8. Ordinary chat users, many languages, residential addresses, many clients.

const MISC_AGENTS = [
  'curl/8.5.0',
  'python-requests/2.32.3',
  'axios/1.7.9',
  'Go-http-client/2.0',
  'okhttp/4.12.0',
  'Raycast/1.84.2 (macOS 14.5)',
  'Chatbox/1.9.3 (Mac OS X)',
  'Obsidian/1.7.7 smart-connections',
  'n8n/1.80.0',
  'Dart/3.5 (dart:io)',
];

export interface ChatProfile {
  readonly account: string;
  readonly lang: Lang;
  readonly anthropic: boolean;
  readonly client: Client;
  readonly ip: string;
  readonly model: string;
  readonly vision: boolean;
  readonly thinker: boolean;
}

export function chatProfile(rng: Rng, account: string): ChatProfile {
  const lang = weighted(rng, CHAT_LANGS);
  const anthropic = rng.chance(0.55);
  const sdkish = rng.chance(0.65);
  const client = sdkish
    ? sdkClient(
        randomSdk(
          rng,
          anthropic
            ? rng.pick(['anthropic-python', 'anthropic-js'] as const)
            : rng.pick(['openai-python', 'openai-js'] as const),
        ),
      )
    : plainClient(rng.pick(MISC_AGENTS));
  const ip = rng.chance(0.15) ? inV6Prefix48(rng, v6Prefix48(rng)) : publicV4(rng);
  const model = anthropic
    ? weighted(rng, [
        [MODEL.sonnet, 6],
        [MODEL.haiku, 3],
        [MODEL.opus, 1],
      ])
    : weighted(rng, [
        [MODEL.gpt, 4],
        [MODEL.gptMini, 5],
        [MODEL.gpt41, 1],
      ]);
  return {
    account,
    lang,
    anthropic,
    client,
    ip,
    model,
    vision: rng.chance(0.08),
    thinker: rng.chance(0.12),
  };
}

/** One chat turn for a profile, given the conversation so far (alternating, user last). */
export function chatRequest(rng: Rng, p: ChatProfile, turns: readonly string[]): SimRequest {
  const maxTokens = rng.pick([512, 1024, 1024, 2048]);
  if (p.anthropic) {
    const messages: AMsg[] = turns.map((text, i) => ({
      role: i % 2 === 0 ? 'user' : 'assistant',
      content: text,
    }));
    const last = messages[messages.length - 1];
    if (last && p.vision && turns.length === 1 && rng.chance(0.5))
      last.content = [imageBlock(rng, rng.int(1500, 9000)), { type: 'text', text: turns[0] ?? '' }];
    const body: Record<string, unknown> = { model: p.model, max_tokens: maxTokens, messages };
    if (p.thinker) {
      body['max_tokens'] = 6000;
      body['thinking'] = { type: 'enabled', budget_tokens: 3000 };
    } else if (rng.chance(0.3)) body['temperature'] = rng.pick([0.2, 0.7, 1]);
    if (rng.chance(0.4)) body['stream'] = true;
    return anthropicRequest(body, p.client, p.ip);
  }
  const messages: Block[] = turns.map((text, i) => ({
    role: i % 2 === 0 ? 'user' : 'assistant',
    content: text,
  }));
  if (rng.chance(0.3))
    messages.unshift({ role: 'system', content: 'You are a helpful assistant.' });
  const last = messages[messages.length - 1];
  if (last && p.vision && turns.length === 1 && rng.chance(0.5))
    last['content'] = [
      { type: 'text', text: turns[0] ?? '' },
      openaiImagePart(rng, rng.int(1500, 9000)),
    ];
  const body: Record<string, unknown> = { model: p.model, messages };
  if (p.model === MODEL.gpt41) body['max_tokens'] = maxTokens;
  else body['max_completion_tokens'] = maxTokens * 2;
  if (p.thinker && p.model !== MODEL.gpt41) body['reasoning_effort'] = rng.pick(['medium', 'high']);
  if (rng.chance(0.4)) body['stream'] = true;
  return openaiRequest(body, p.client, p.ip);
}

export function chatUsers(rng: Rng, o: ScenarioOptions, mint: IdMint): Actor {
  const n = scaled(450, o.scale, 10);
  const accounts = Array.from({ length: n }, () => {
    const tier = weighted(rng, [
      ['free', 60],
      ['default', 35],
      ['standard', 5],
    ]);
    return accountSpec(mint.next(), {
      tier,
      ageDays: logUniform(rng, 0.5, 1500),
      verified: rng.chance(tier === 'free' ? 0.25 : 0.6),
    });
  });
  const profiles = accounts.map((a) => chatProfile(rng, a.id));
  return {
    name: 'chat-public',
    persona: 'consumer-chat',
    role: 'legitimate',
    accounts,
    async run(ctx) {
      await concurrently(n, async (k) => {
        const r = ctx.rng.fork(`chat-${k}`);
        const profile = profiles[k];
        if (!profile) return;
        await ctx.sleep(r.exponential(15_000));
        while (!ctx.stopped()) {
          const turns: string[] = [chatOpening(r, profile.lang)];
          const length = r.int(1, 5);
          for (let t = 0; t < length && !ctx.stopped(); t++) {
            await politeSend(ctx, r, profile.account, chatRequest(r, profile, turns));
            turns.push(chatReply(r, profile.lang));
            turns.push(chatFollowUp(r, profile.lang));
            await ctx.sleep(3500 + r.exponential(9000));
          }
          await ctx.sleep(r.exponential(30_000));
        }
      });
    },
  };
}

// =============================================================================================
// 9. Data-labelling startup: a few young accounts, one instruction, one output tool, a queue.

const LABEL_ITEMS = [
  'Arrived broken, the box was soaked. Seller refunded fast though.',
  'Battery lasts two days, camera is meh.',
  'Worst customer service I have ever dealt with.',
  'Exactly as described, would buy again.',
  'El producto llegó tarde pero funciona bien.',
  'Die Größe fällt klein aus, sonst super.',
  'my account was charged twice for order {n}',
  'how do I change the delivery address',
  'app crashes when I open settings on android {n}',
  'love the new update!!',
];

export function labellingStartup(rng: Rng, o: ScenarioOptions, mint: IdMint): Actor {
  const accounts = Array.from({ length: scaled(4, o.scale, 2) }, (_, i) =>
    accountSpec(mint.next(), {
      tier: i < 2 ? 'default' : 'standard',
      ageDays: rng.int(25, 80),
      verified: i % 2 === 0,
      org: 'org_tagwise',
      programme: 'startup',
    }),
  );
  const office = publicV4(rng);
  const cloud = publicV4(rng);
  const client = sdkClient(randomSdk(rng, 'openai-python'));
  const tool = {
    type: 'function',
    function: {
      name: 'submit_label',
      description: 'Record the label of one item.',
      parameters: {
        type: 'object',
        properties: {
          sentiment: { type: 'string', enum: ['positive', 'neutral', 'negative'] },
          topic: {
            type: 'string',
            enum: ['shipping', 'quality', 'billing', 'app', 'service', 'other'],
          },
          confidence: { type: 'number' },
        },
        required: ['sentiment', 'topic'],
      },
    },
  };
  return {
    name: 'label-startup',
    persona: 'labelling-startup',
    role: 'legitimate',
    accounts,
    async run(ctx) {
      await concurrently(accounts.length, async (k) => {
        const r = ctx.rng.fork(`label-${k}`);
        const spec = accounts[k];
        if (!spec) return;
        const perSecond = spec.tier === 'standard' ? 1.3 : 0.7;
        const ip = k % 2 === 0 ? office : cloud;
        while (!ctx.stopped()) {
          const item = r.pick(LABEL_ITEMS).replace('{n}', String(r.int(10, 99999)));
          const body = {
            model: MODEL.gpt41,
            temperature: 0,
            max_tokens: 200,
            messages: [
              {
                role: 'system',
                content: 'Label the customer text for sentiment and topic. Call submit_label once.',
              },
              { role: 'user', content: `Item ${hex(r, 10)}:\n${item}` },
            ],
            tools: [tool],
            tool_choice: { type: 'function', function: { name: 'submit_label' } },
          };
          await politeSend(ctx, r, spec.id, openaiRequest(body, client, ip));
          await ctx.sleep((1000 / perSecond) * (0.9 + 0.2 * r.next()));
        }
      });
    },
  };
}
