/**
 * A coding agent (persona `coding-agent`): developers of one company run an agent with a stable
 * set of six tools; each task is a multi-turn tool_use/tool_result loop whose context grows turn
 * by turn, with short machine pauses inside a task and human pauses between tasks.
 */
import type { Actor, ActorContext } from '../actor.ts';
import type { Rng } from '../rng.ts';
import { COMMON } from '../vocab/common.ts';
import { expand } from '../vocab/expand.ts';
import { HARVEST_VOCABULARY } from '../vocab/harvest.ts';
import { makeAccounts } from './accounts.ts';
import { anthropicBody, objectSchema, type ToolSpec } from './bodies.ts';
import { clientProfile, homeIp } from './clients.ts';
import { MODELS } from './models.ts';
import { perAccount, thinkTime } from './pacing.ts';

const SYSTEM =
  'You are a coding assistant working in the user repository. Use the tools to inspect and change files; run the tests before you finish.';

export const AGENT_TOOLS: readonly ToolSpec[] = [
  {
    name: 'read_file',
    description: 'Read a file of the repository.',
    parameters: objectSchema(['path']),
  },
  {
    name: 'write_file',
    description: 'Replace a file with new content.',
    parameters: objectSchema(['path', 'content'], ['path', 'content']),
  },
  { name: 'list_dir', description: 'List a directory.', parameters: objectSchema(['path']) },
  {
    name: 'grep',
    description: 'Search the repository with a regular expression.',
    parameters: objectSchema(['pattern', 'path']),
  },
  {
    name: 'run_tests',
    description: 'Run the test suite, optionally filtered.',
    parameters: objectSchema(['filter'], []),
  },
  {
    name: 'run_shell',
    description: 'Run a shell command in the sandbox.',
    parameters: objectSchema(['command']),
  },
];

const TASKS = [
  'The {tech} tests in src/{billing|auth|search|export} fail since yesterday, find out why and fix it.',
  'Add pagination to the /api/{orders|users|invoices} endpoint, keep the response shape.',
  'Refactor the {retry|cache|logging} helper so it can be unit tested.',
  'Why is the {nightly|release|lint} job slow? Propose and make a fix.',
  'Rename {customerId|userRef|acctNo} to accountId everywhere in the {tech} code.',
  'Write tests for {parseDate|formatMoney|slugify} covering the edge cases.',
];

export interface CodingAgentOptions {
  readonly name: string;
  readonly accounts: number;
}

export function codingAgent(rng: Rng, options: CodingAgentOptions): Actor {
  const accounts = makeAccounts(options.name.replace(/-/g, ''), options.accounts, () => ({
    org: 'org_buildright',
    tier: 'standard',
    ageDays: 60 + rng.exponential(200),
    verified: rng.chance(0.6),
  }));
  const officeIp = homeIp(rng);
  const version = clientProfile(rng, 'anthropic-js');
  return {
    name: options.name,
    persona: 'coding-agent',
    role: 'legitimate',
    accounts,
    async run(ctx) {
      await perAccount(
        ctx,
        accounts,
        async (account, dev) => {
          const ip = dev.chance(0.5) ? officeIp : homeIp(dev);
          while (!ctx.stopped()) {
            await task(ctx, dev, account.id, ip, version);
            await ctx.sleep(thinkTime(dev, 12_000));
          }
        },
        4_000,
      );
    },
  };
}

async function task(
  ctx: ActorContext,
  rng: Rng,
  account: string,
  ip: string,
  profile: ReturnType<typeof clientProfile>,
): Promise<void> {
  const messages: Record<string, unknown>[] = [
    { role: 'user', content: expand(rng, rng.pick(TASKS), { ...COMMON, ...HARVEST_VOCABULARY }) },
  ];
  const steps = rng.int(3, 9);
  for (let step = 0; step < steps && !ctx.stopped(); step++) {
    const response = await ctx.send(account, {
      dialect: 'anthropic',
      body: anthropicBody(
        { model: MODELS.current, system: SYSTEM, maxTokens: 8192, tools: AGENT_TOOLS },
        messages,
      ),
      userAgent: profile.userAgent,
      headers: profile.headers,
      clientIp: ip,
    });
    if (response.status !== 200) return;
    const tool = rng.pick(AGENT_TOOLS);
    const id = `toolu_${step}${rng.int(100000, 999999)}`;
    messages.push(
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Let me look at that.' },
          { type: 'tool_use', id, name: tool.name, input: toolInput(rng, tool.name) },
        ],
      },
      {
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: id, content: toolOutput(rng, tool.name) }],
      },
    );
    await ctx.sleep(rng.int(600, 2_500));
  }
}

function toolInput(rng: Rng, tool: string): Record<string, string> {
  const path = `src/${rng.pick(['billing', 'auth', 'search', 'export'])}/${rng.pick(['index', 'handler', 'utils', 'client'])}.ts`;
  switch (tool) {
    case 'grep':
      return { pattern: rng.pick(['TODO', 'accountId', 'retry\\(', 'throw new']), path: 'src' };
    case 'run_tests':
      return { filter: rng.pick(['billing', 'auth', '']) };
    case 'run_shell':
      return { command: rng.pick(['git status', 'npm ls', 'git log -5 --oneline']) };
    case 'write_file':
      return { path, content: 'export function fixed() {\n  return true;\n}\n' };
    default:
      return { path };
  }
}

function toolOutput(rng: Rng, tool: string): string {
  if (tool === 'run_tests')
    return `${rng.int(10, 300)} passed, ${rng.int(0, 3)} failed (${rng.int(2, 40)}s)`;
  if (tool === 'grep')
    return `src/auth/handler.ts:${rng.int(1, 300)}: const accountId = req.user.id;`;
  return `// ${rng.int(20, 400)} lines\nimport { client } from './client.ts';\nexport async function handler(req) {\n  return client.get(req.params.id);\n}`;
}
