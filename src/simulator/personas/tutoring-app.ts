/**
 * A tutoring app in the education programme (persona `tutoring-app`): one backend key serving
 * many students (metadata.user_id), a fixed tutor system prompt, and questions that ask for
 * step-by-step explanations — legitimate traffic that looks like chain-of-thought elicitation.
 */
import type { Actor } from '../actor.ts';
import type { Rng } from '../rng.ts';
import { expand, type Vocabulary } from '../vocab/expand.ts';
import { HARVEST_VOCABULARY } from '../vocab/harvest.ts';
import { makeAccounts } from './accounts.ts';
import { anthropicBody } from './bodies.ts';
import { clientProfile, cloudIp } from './clients.ts';
import { MODELS } from './models.ts';
import { openLoop } from './pacing.ts';

const SYSTEM =
  'You are a patient tutor for secondary-school students. Explain step by step, check understanding, and never just give the final answer to homework.';

const STUDENT: Vocabulary = {
  ...HARVEST_VOCABULARY,
  ask: [
    'i dont get this one, can you explain step by step? {problem}',
    'how do i even start this: {problem}',
    'can u show me the steps for {problem}',
    'my teacher says the answer is {#2-60} but i got something else?? {problem}',
    'what is {subject}, explain it simply with an example',
    'why does {subject} matter? we have a test tomorrow',
    'I got stuck at the second step. {problem}',
    'Kannst du mir Schritt für Schritt erklären: {problem}',
    '¿me explicas paso a paso? {problem}',
  ],
};

export interface TutoringOptions {
  readonly name: string;
  readonly accounts: number;
  /** Requests per second per account. */
  readonly rate: number;
  readonly students: number;
}

export function tutoringApp(rng: Rng, options: TutoringOptions): Actor {
  const accounts = makeAccounts(options.name.replace(/-/g, ''), options.accounts, (index) => ({
    org: 'org_learnly',
    tier: 'scale',
    ageDays: 90 + index * 30,
    verified: true,
    programme: 'education',
  }));
  const backends = [cloudIp(rng), cloudIp(rng)];
  const profile = clientProfile(rng, 'anthropic-python');
  return {
    name: options.name,
    persona: 'tutoring-app',
    role: 'legitimate',
    accounts,
    async run(ctx) {
      await Promise.all(
        accounts.map((account) =>
          openLoop(
            ctx,
            () => options.rate,
            () => {
              const student = `student-${ctx.rng.int(1, options.students)}`;
              return ctx.send(account.id, {
                dialect: 'anthropic',
                body: anthropicBody(
                  {
                    model: MODELS.current,
                    system: SYSTEM,
                    maxTokens: 1500,
                    temperature: 0.5,
                    userId: student,
                  },
                  [{ role: 'user', content: expand(ctx.rng, '{ask}', STUDENT) }],
                ),
                userAgent: profile.userAgent,
                headers: profile.headers,
                clientIp: ctx.rng.pick(backends),
              });
            },
          ),
        ),
      );
    },
  };
}
