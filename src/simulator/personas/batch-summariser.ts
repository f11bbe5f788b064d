/**
 * A batch summarisation job (persona `batch-summariser`): one fixed system prompt, a stream of
 * different documents, a steady machine pace from a cloud worker, declared as batch use.
 */
import type { Actor } from '../actor.ts';
import type { Rng } from '../rng.ts';
import { COMMON } from '../vocab/common.ts';
import { expand, type Vocabulary } from '../vocab/expand.ts';
import { makeAccounts } from './accounts.ts';
import { openaiBody } from './bodies.ts';
import { clientProfile, cloudIp } from './clients.ts';
import { MODELS } from './models.ts';

const SYSTEM =
  'You summarise internal documents for a knowledge base. Return a title, three bullet points and a one-sentence abstract. Do not add facts.';

const DOC: Vocabulary = {
  ...COMMON,
  sentence: [
    '{name} presented the {work_thing} to the {sales|platform|finance|legal|support} team on {Monday|Tuesday|Thursday}.',
    'Revenue in {city} grew {#2-40}% compared with last quarter, mainly because of {subject}.',
    'The {work_thing} was delayed by {#2-9} weeks after the vendor changed its {pricing|API|contract terms}.',
    'Customers asked repeatedly about {tech} support and about {subject}.',
    '{name} and {name} agreed to revisit the budget of {#10-900}k before the next review.',
    'Open risks: staffing in {city}, the migration to {tech}, and the audit scheduled for {March|July|November}.',
    'The team closed {#12-240} tickets, {#1-30} of them marked urgent.',
    'Action item: {name} drafts a follow-up on {subject} by the end of the month.',
  ],
};

export interface BatchOptions {
  readonly name: string;
  readonly accounts: number;
  /** Requests per second per account. */
  readonly rate: number;
}

export function batchSummariser(rng: Rng, options: BatchOptions): Actor {
  const accounts = makeAccounts(options.name.replace(/-/g, ''), options.accounts, (index) => ({
    org: 'org_docuflow',
    tier: 'scale',
    ageDays: 150 + index * 20,
    verified: true,
    declaredUse: 'batch',
  }));
  const workers = accounts.map((account) => ({
    account,
    ip: cloudIp(rng),
    profile: clientProfile(rng, 'openai-python'),
  }));
  return {
    name: options.name,
    persona: 'batch-summariser',
    role: 'legitimate',
    accounts,
    async run(ctx) {
      const gap = 1000 / options.rate;
      await Promise.all(
        workers.map(async (worker, index) => {
          await ctx.sleep(index * 137);
          let document = 0;
          while (!ctx.stopped()) {
            const started = ctx.now();
            const paragraphs = Array.from({ length: ctx.rng.int(4, 14) }, () =>
              expand(ctx.rng, '{sentence}', DOC),
            ).join(' ');
            document++;
            void ctx.send(worker.account.id, {
              dialect: 'openai',
              body: openaiBody(
                { model: MODELS.openaiMini, system: SYSTEM, temperature: 0.2, maxTokens: 400 },
                [{ role: 'user', content: `Document #${document}\n\n${paragraphs}` }],
              ),
              userAgent: worker.profile.userAgent,
              headers: worker.profile.headers,
              clientIp: worker.ip,
            });
            // Steady pace with a little scheduler jitter.
            await ctx.sleep(gap * (0.95 + ctx.rng.next() * 0.1) - (ctx.now() - started));
          }
        }),
      );
    },
  };
}
