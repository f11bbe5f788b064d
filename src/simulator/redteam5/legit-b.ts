/**
 * Legitimate personas of the fifth red team, part two — hard negatives:
 *
 * - `r5l-adopters`: enthusiasts and developers who move to the new model within seconds of its
 *   release and stress-test it with hard, long, thinking-heavy prompts.
 * - `r5l-firm`: a consulting firm's staff behind one NAT address, most through the firm's
 *   internal assistant (one SDK build, one system prompt), starting the working day together.
 * - `r5l-polyglot`: people writing in eight languages — everyday questions, step-by-step
 *   homework asks and short documents to summarise — in the languages a campaign uses.
 * - `r5l-qa-judge`: a support team's quality pipeline using the model as a judge of agent
 *   replies against a rubric, with A/B comparisons — grading without declared use.
 * - `r5l-counsel`: analysts at an advisory firm pasting long agreements and reports and asking
 *   for the reasoning, the clauses relied on and a check of the figures.
 * - `r5l-everyday`: ordinary people chatting about cooking, travel, gardening and the rest.
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
  fill,
  hex,
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
  speak,
  step,
  weighted,
  type Client,
} from './common.ts';
import {
  BENCH,
  CITIES,
  COMPANIES,
  EVERYDAY,
  FIRST_NAMES,
  FOLLOW_UPS,
  INDUSTRIES,
  OFFICE_CHORES,
  TONGUES,
  docLine,
  documentQuestion,
  englishDocument,
  equation,
} from './vocab.ts';

// ---------------------------------------------------------------------------------------------
// r5l-adopters

const PROBES = [
  'Trying out the new model. Write a small ray tracer in {lang} (spheres, one light, PPM output) and explain the maths.',
  'New model test: here is a puzzle that tripped up the last one. {item} Think carefully before answering.',
  'Let us see how you handle long context: summarise the key risks in this document and check its arithmetic.\n\n{doc}',
  'Plan, step by step, how you would port a 200k-line {lang} codebase to a new framework with a team of five. Be concrete.',
  'Compare yourself with the previous model: what kinds of task should I now trust you with?',
  'Write a rigorous proof that there are infinitely many primes of the form 4k + 3, then explain it to a teenager.',
  'Design a schema and the queries for a multi-tenant analytics product, then critique your own design.',
];

const BEFORE = [
  'Why does my {lang} build take four minutes? Where should I start looking?',
  'Explain the difference between optimistic and pessimistic locking with an example.',
  'Draft release notes from these bullet points: faster sync, new export, fixed login loop.',
  'What is a good way to structure feature flags in a small team?',
  '{item}',
  'Give me a regex that matches ISO dates but not impossible months.',
];

export function adopters(rng: Rng, scale: number): Actor {
  const accounts = makeAccounts('r5ladopt', scaled(60, scale), () => ({
    tier: rng.chance(0.5) ? 'standard' : 'default',
    ageDays: 60 + rng.next() * 840,
    verified: rng.chance(0.5),
    ...(rng.chance(0.3) ? { org: `org_${hex(rng, 6)}` } : {}),
  }));
  const people = perKey(
    accounts.map((account) => account.id),
    () => ({
      client: makeClient(
        rng,
        rng.pick(['anthropic-python', 'anthropic-js', 'openai-python', 'curl'] as const),
        homeIp(rng),
      ),
      // Some read the announcement at once, some a little later.
      noticeAfter: rng.exponential(4_000),
      lang: rng.pick(['Rust', 'Go', 'TypeScript', 'Python', 'C++', 'Zig']),
    }),
  );
  return {
    name: 'r5l-adopters',
    persona: 'new-model-adopters',
    role: 'legitimate',
    accounts,
    async run(ctx) {
      await sessions(ctx, accounts, 20_000, async (account, arng) => {
        const { client, noticeAfter, lang } = lookup(people, account.id);
        const onNew = ctx.now() >= ctx.releasedAt(NEW_MODEL) + noticeAfter;
        const slots = {
          lang,
          item: arng.pick(BENCH).text,
          doc: englishDocument(arng, arng.int(3, 6)),
        };
        const model = onNew && arng.chance(0.9) ? NEW_MODEL : MAIN_MODEL;
        const text = fill(arng, arng.pick(onNew ? PROBES : BEFORE), slots);
        const body = bodyFor(
          client.dialect,
          {
            model,
            maxTokens: onNew ? arng.pick([16_000, 32_000, maxOut(model)]) : 4_096,
            ...(onNew && arng.chance(0.5) ? { thinking: arng.pick([16_000, 32_000]) } : {}),
            stream: arng.chance(0.5),
          },
          said(text),
        );
        return step(ctx, arng, account.id, client, body, onNew ? 11_000 : 20_000);
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// r5l-firm

const FIRM_SYSTEM =
  'You are HP Assist, the internal assistant of Halvorsen & Pike. Follow the firm style guide: ' +
  'British English, plain words, conclusions first, no client names in examples unless given. ' +
  'If you are unsure of a figure, say so.';

const FIRM_ANALYSIS = [
  'Walk me through your reasoning: should {company} consolidate its {n} warehouses into two regional hubs?',
  'Check this margin calculation step by step: revenue €{a}k, direct costs €{b}k, overhead allocation {pct}%.',
  'What are the second-order effects of a {pct}% price cut for a {industry} client? Reason it through.',
];

export function firm(rng: Rng, scale: number): Actor {
  const accounts = makeAccounts('r5lfirm', scaled(80, scale), () => ({
    org: 'org_halvorsen_pike',
    tier: rng.chance(0.7) ? 'default' : 'standard',
    ageDays: 30 + rng.next() * 400,
    verified: rng.chance(0.8),
  }));
  const nat = [`62.41.${rng.int(0, 255)}.17`, `62.41.${rng.int(0, 255)}.18`];
  const portal = clientProfile(rng, 'openai-js');
  const staff = perKey(
    accounts.map((account) => account.id),
    (id): { client: Client; portal: boolean; email: string } => {
      const viaPortal = rng.chance(0.75);
      const ip = rng.pick(nat);
      return {
        client: viaPortal
          ? { ip, profile: portal, dialect: 'openai' }
          : makeClient(rng, rng.pick(['openai-python', 'anthropic-python', 'curl'] as const), ip),
        portal: viaPortal,
        email: `u_${hex(rng, 4)}${id.slice(-3)}`,
      };
    },
  );
  return {
    name: 'r5l-firm',
    persona: 'company-nat',
    role: 'legitimate',
    accounts,
    async run(ctx) {
      // The working day starts for everybody within a few seconds.
      await sessions(ctx, accounts, 8_000, async (account, arng) => {
        const { client, portal, email } = lookup(staff, account.id);
        const slots = {
          company: COMPANIES,
          city: CITIES,
          name: FIRST_NAMES,
          industry: INDUSTRIES,
          n: String(arng.int(3, 14)),
          a: String(arng.int(200, 9_000)),
          b: String(arng.int(100, 6_000)),
          rate: String(arng.int(90, 260)),
          pct: String(arng.int(5, 30)),
        };
        const text = fill(arng, arng.pick(arng.chance(0.2) ? FIRM_ANALYSIS : OFFICE_CHORES), slots);
        const body = bodyFor(
          client.dialect,
          {
            model: released(ctx) && arng.chance(0.1) ? NEW_MODEL : MAIN_MODEL,
            maxTokens: 2_048,
            ...(portal ? { system: FIRM_SYSTEM, endUser: email, stream: true } : {}),
          },
          said(text),
        );
        return step(ctx, arng, account.id, client, body, 28_000);
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// r5l-polyglot

const SUMMARISE: Readonly<Record<string, string>> = {
  es: 'Resume este texto en tres frases:',
  pt: 'Resuma este texto em três frases:',
  id: 'Ringkas teks ini dalam tiga kalimat:',
  vi: 'Tóm tắt đoạn văn này trong ba câu:',
  tr: 'Bu metni üç cümleyle özetle:',
  pl: 'Streść ten tekst w trzech zdaniach:',
  de: 'Fasse diesen Text in drei Sätzen zusammen:',
  fr: 'Résume ce texte en trois phrases :',
  ja: 'この文章を三文で要約してください：',
};

export function polyglot(rng: Rng, scale: number): Actor {
  const accounts = makeAccounts('r5lpoly', scaled(70, scale), () => ({
    tier: rng.chance(0.5) ? 'free' : 'default',
    ageDays: 10 + rng.exponential(200),
    verified: rng.chance(0.2),
  }));
  const people = perKey(
    accounts.map((account) => account.id),
    () => {
      const kind = weighted<ClientKind>(rng, [
        ['browser', 5],
        ['openai-python', 2],
        ['openai-js', 1],
        ['anthropic-python', 2],
      ]);
      return {
        client: makeClient(rng, kind, homeIp(rng), kind === 'browser' ? 'openai' : undefined),
        tongue: rng.pick(TONGUES),
      };
    },
  );
  return {
    name: 'r5l-polyglot',
    persona: 'multilingual-users',
    role: 'legitimate',
    accounts,
    async run(ctx) {
      await sessions(ctx, accounts, 25_000, async (account, arng) => {
        const { client, tongue } = lookup(people, account.id);
        const kind = weighted(arng, [
          ['everyday', 60],
          ['homework', 25],
          ['summary', 15],
        ] as const);
        const text =
          kind === 'everyday'
            ? arng.pick(tongue.everyday)
            : kind === 'homework'
              ? fill(arng, arng.pick(tongue.homework), { eq: equation(arng) })
              : `${SUMMARISE[tongue.code] ?? 'Summarise:'}\n\n${Array.from(
                  { length: arng.int(3, 6) },
                  () => docLine(arng, tongue),
                ).join(' ')}`;
        const body = bodyFor(
          client.dialect,
          {
            model: arng.chance(0.3) ? LITE_MODEL : MAIN_MODEL,
            maxTokens: 2_048,
            stream: client.profile.userAgent.startsWith('Mozilla'),
          },
          said(text),
        );
        return step(ctx, arng, account.id, client, body, 24_000);
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// r5l-qa-judge

const QA_SYSTEM =
  'You are a QA reviewer for Cobaltline customer support. Score the agent reply on empathy, ' +
  'accuracy, policy compliance and resolution, 1 to 5 each, with one sentence of justification ' +
  'per criterion. Return JSON: {"empathy": n, "accuracy": n, "policy": n, "resolution": n, ' +
  '"notes": "..."}.';

const ISSUES = [
  'My router drops the connection every evening around 9pm.',
  'I was charged twice for my March invoice.',
  'How do I move my plan to my new address?',
  'The technician never showed up for the appointment yesterday.',
  'I want to cancel but the website keeps erroring.',
  'Why did my bill go up by 12 euros this month?',
];

const REPLIES = [
  'Sorry to hear that! I have refunded the duplicate charge; you will see it in 3–5 working days.',
  'Please restart your router and let us know if the issue persists.',
  'I understand how frustrating that is. I have rebooked the visit for Thursday 8–12 and added a credit of 10 euros.',
  'Cancellations must be done by phone.',
  'Your promotional discount ended last month, which is why the amount changed. I can offer a new plan at the old price.',
  'I have escalated this to our network team; ticket number CL-{n}.',
];

export function qaJudge(rng: Rng, scale: number): Actor {
  const accounts = makeAccounts('r5lqa', scaled(12, scale), () => ({
    org: 'org_cobaltline',
    tier: 'standard',
    ageDays: 150 + rng.next() * 550,
    verified: true,
  }));
  const worker = makeClient(rng, 'openai-python', cloudIp(rng), 'openai');
  return {
    name: 'r5l-qa-judge',
    persona: 'support-qa-judge',
    role: 'legitimate',
    accounts,
    async run(ctx) {
      const rotation = new Rotation(ctx.rng, accounts);
      await rotate(
        ctx,
        rotation,
        () => 4 * scale,
        (account) => {
          const r = ctx.rng;
          const issue = r.pick(ISSUES);
          const reply = () => fill(r, r.pick(REPLIES), { n: String(r.int(10_000, 99_999)) });
          const text = r.chance(0.25)
            ? `Customer: ${issue}\n\nReply A: ${reply()}\n\nReply B: ${reply()}\n\nScore both replies, then say which macro version we should keep.`
            : `Ticket ${r.int(100_000, 999_999)}\nCustomer: ${issue}\nAgent: ${reply()}`;
          const body = bodyFor(
            'openai',
            {
              model: r.chance(0.5) ? LITE_MODEL : MAIN_MODEL,
              maxTokens: 600,
              system: QA_SYSTEM,
              temperature: 0,
            },
            said(text),
          );
          return send(ctx, account, worker, body);
        },
      );
    },
  };
}

// ---------------------------------------------------------------------------------------------
// r5l-counsel

const COUNSEL_ASKS = [
  'Explain your reasoning and cite the clause or section numbers you rely on. Double-check any figures.',
  'Walk me through how you reach your view, step by step, and flag anything ambiguous.',
  'Give me the answer first, then the reasoning, then any figures I should verify myself.',
  'Be precise: quote the relevant wording and show the calculation.',
];

export function counsel(rng: Rng, scale: number): Actor {
  const accounts = makeAccounts('r5lcounsel', scaled(40, scale), () => ({
    org: 'org_greyfriars_advisory',
    tier: 'standard',
    ageDays: 90 + rng.next() * 700,
    verified: true,
  }));
  const offices = [homeIp(rng), homeIp(rng)];
  const analysts = perKey(
    accounts.map((account) => account.id),
    () => makeClient(rng, 'anthropic-python', rng.pick(offices)),
  );
  return {
    name: 'r5l-counsel',
    persona: 'document-analysts',
    role: 'legitimate',
    accounts,
    async run(ctx) {
      await sessions(ctx, accounts, 30_000, async (account, arng) => {
        const client = lookup(analysts, account.id);
        const doc = englishDocument(arng, arng.int(6, 12));
        const turns = [`${doc}\n\n${documentQuestion(arng)} ${arng.pick(COUNSEL_ASKS)}`];
        const rounds = arng.int(1, 3);
        for (let i = 0; i < rounds && !ctx.stopped(); i++) {
          const body = bodyFor(
            client.dialect,
            {
              model: released(ctx) && arng.chance(0.2) ? NEW_MODEL : MAIN_MODEL,
              maxTokens: 8_192,
              ...(arng.chance(0.4) ? { thinking: 8_000 } : {}),
            },
            said(...turns),
          );
          if (!(await step(ctx, arng, account.id, client, body, 35_000))) return false;
          turns.push(
            'Based on sections 2 and 4, the figure does not reconcile…',
            arng.pick([
              'Good. Now draft two sentences I can put in the client memo.',
              'Are you sure about the cap? Read clause 3 again.',
              'What would change if the outage had been twice as long?',
            ]),
          );
        }
        await ctx.sleep(thinkTime(arng, 40_000));
        return true;
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// r5l-everyday

export function everyday(rng: Rng, scale: number): Actor {
  const accounts = makeAccounts('r5lchat', scaled(60, scale), () => ({
    tier: rng.chance(0.6) ? 'free' : 'default',
    ageDays: 5 + rng.exponential(250),
    verified: rng.chance(0.15),
  }));
  const people = perKey(
    accounts.map((account) => account.id),
    () => {
      const kind = weighted<ClientKind>(rng, [
        ['browser', 6],
        ['openai-python', 1],
        ['openai-js', 1],
        ['anthropic-js', 1],
      ]);
      return {
        client: makeClient(rng, kind, homeIp(rng), kind === 'browser' ? 'openai' : undefined),
        voice: makeVoice(rng),
      };
    },
  );
  return {
    name: 'r5l-everyday',
    persona: 'everyday-chat',
    role: 'legitimate',
    accounts,
    async run(ctx) {
      await sessions(ctx, accounts, 30_000, async (account, arng) => {
        const { client, voice } = lookup(people, account.id);
        const turns = [speak(arng, voice, fill(arng, arng.pick(EVERYDAY), { city: CITIES }))];
        const rounds = arng.int(1, 4);
        for (let i = 0; i < rounds && !ctx.stopped(); i++) {
          const body = bodyFor(
            client.dialect,
            {
              model: arng.chance(0.4) ? LITE_MODEL : MAIN_MODEL,
              maxTokens: 1_024,
              stream: client.profile.userAgent.startsWith('Mozilla'),
            },
            said(...turns),
          );
          if (!(await step(ctx, arng, account.id, client, body, 14_000))) return false;
          turns.push('Here are a few ideas…', speak(arng, voice, arng.pick(FOLLOW_UPS), false));
        }
        await ctx.sleep(20_000 + arng.next() * 40_000);
        return true;
      });
    },
  };
}
