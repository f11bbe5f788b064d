/**
 * One patchbay task as the CLI runs it — the same code path for the developers who use the real
 * product and for the campaign that copies it: a user turn wrapped in patchbay's context block,
 * then a tool_use/tool_result loop whose transcript grows step by step, streamed, with the
 * thinking mode the user picked. Tool results are made up from a small model of the repository
 * (its language, folders and symbols). The caller decides the task, the length and the pauses,
 * and what to do when a step is refused.
 */
import type { ActorContext, SimResponse } from '../actor.ts';
import type { Rng } from '../rng.ts';
import { hex, messagesBody, send, toolExchange } from './common.ts';
import { PATCHBAY_MODES, PATCHBAY_TOOLS, patchbaySystem, type PatchbayClient } from './products.ts';

export interface Repo {
  /** File extension of the main language: ts, py, go, rs… */
  readonly ext: string;
  readonly folders: readonly string[];
  readonly symbols: readonly string[];
  readonly branch: string;
}

const EXTS = ['ts', 'py', 'go', 'rs', 'kt', 'java', 'rb', 'ex', 'cs', 'cpp', 'swift', 'php'];
const FOLDERS = [
  'billing',
  'auth',
  'search',
  'export',
  'api',
  'core',
  'workers',
  'storage',
  'ui',
  'ingest',
  'metrics',
  'admin',
  'scheduler',
  'plugins',
];
const SYMBOLS = [
  'handleRequest',
  'parseConfig',
  'retryWithBackoff',
  'buildQuery',
  'Session',
  'RateLimiter',
  'reconcile',
  'IndexWriter',
  'loadPlugins',
  'formatMoney',
  'Tenant',
  'emitEvent',
  'Scheduler',
  'validateInput',
];

export function randomRepo(rng: Rng, ext = rng.pick(EXTS)): Repo {
  const folders = new Set<string>();
  while (folders.size < 4) folders.add(rng.pick(FOLDERS));
  const symbols = new Set<string>();
  while (symbols.size < 5) symbols.add(rng.pick(SYMBOLS));
  return {
    ext,
    folders: [...folders],
    symbols: [...symbols],
    branch: rng.pick(['main', 'main', 'develop', `feat/${rng.pick(FOLDERS)}-${rng.int(10, 999)}`]),
  };
}

/** Which extension a stack description implies (the copied agent's tasks name their stack). */
export function extFor(stackName: string): string {
  const table: readonly (readonly [RegExp, string])[] = [
    [/^Rust/, 'rs'],
    [/^Go/, 'go'],
    [/^TypeScript/, 'ts'],
    [/^Python/, 'py'],
    [/^Kotlin/, 'kt'],
    [/^Java/, 'java'],
    [/^C\+\+/, 'cpp'],
    [/^Elixir/, 'ex'],
    [/^Ruby/, 'rb'],
    [/^Swift/, 'swift'],
    [/^Haskell/, 'hs'],
    [/^Scala/, 'scala'],
    [/^C#/, 'cs'],
    [/^Zig/, 'zig'],
    [/^OCaml/, 'ml'],
    [/^PHP/, 'php'],
    [/^Dart/, 'dart'],
    [/^Julia/, 'jl'],
    [/^Clojure/, 'clj'],
  ];
  return table.find(([pattern]) => pattern.test(stackName))?.[1] ?? 'txt';
}

function path(rng: Rng, repo: Repo): string {
  return `src/${rng.pick(repo.folders)}/${rng.pick(['index', 'handler', 'service', 'client', 'model', 'util'])}.${repo.ext}`;
}

function code(rng: Rng, repo: Repo): string {
  const symbol = rng.pick(repo.symbols);
  const other = rng.pick(repo.symbols);
  const lines = [
    `// ${rng.int(40, 600)} lines`,
    `import ${other} from '../${rng.pick(repo.folders)}'`,
    `function ${symbol}(input, options) ->`,
    `  const state = ${other}.load(input.id)`,
    `  if (!state) return error('not found: ' + input.id)`,
    `  for item in state.items: total += item.amount * ${rng.int(2, 99)}`,
    `  return ok(total)`,
  ];
  return lines.slice(0, rng.int(4, lines.length)).join('\n');
}

/** The input patchbay's model would send for a tool, and a made-up result for it. */
function exchangeFor(
  rng: Rng,
  repo: Repo,
  tool: string,
): { input: Record<string, unknown>; result: string } {
  switch (tool) {
    case 'list_directory':
      return {
        input: { path: `src/${rng.pick(repo.folders)}`, depth: 2 },
        result: repo.folders
          .map((folder) => `src/${folder}/\n  index.${repo.ext}\n  ${folder}.test.${repo.ext}`)
          .join('\n'),
      };
    case 'search_code':
      return {
        input: { pattern: rng.pick(repo.symbols), glob: `*.${repo.ext}` },
        result: Array.from(
          { length: rng.int(1, 6) },
          () => `${path(rng, repo)}:${rng.int(3, 400)}:  ${rng.pick(repo.symbols)}(ctx, req)`,
        ).join('\n'),
      };
    case 'read_file':
      return { input: { path: path(rng, repo) }, result: code(rng, repo) };
    case 'edit_file':
      return {
        input: {
          path: path(rng, repo),
          old_string: `return ok(total)`,
          new_string: `return ok(round(total, ${rng.int(0, 4)}))`,
        },
        result: 'Edited 1 occurrence.',
      };
    case 'create_file':
      return {
        input: {
          path: path(rng, repo).replace(`.${repo.ext}`, `_test.${repo.ext}`),
          content: code(rng, repo),
        },
        result: 'Created.',
      };
    case 'run_tests':
      return {
        input: { filter: rng.pick(repo.folders) },
        result: `${rng.int(8, 400)} passed, ${rng.int(0, 4)} failed, ${rng.int(0, 3)} skipped in ${rng.int(1, 90)}s`,
      };
    case 'run_command':
      return {
        input: {
          command: rng.pick(['git status --short', 'git diff --stat', 'make lint', 'ls -la']),
        },
        result: ` M src/${rng.pick(repo.folders)}/index.${repo.ext}\n?? tmp/`,
      };
    default:
      return {
        input: { question: 'Should I keep the old behaviour behind a flag?' },
        result: 'yes',
      };
  }
}

/** A plausible order of tools: look around, read, edit, test — repeated as the task goes on. */
const PLAN = ['list_directory', 'search_code', 'read_file', 'read_file', 'edit_file', 'run_tests'];

export type SessionEnd = 'done' | 'stopped' | { readonly refused: SimResponse };

export interface SessionOptions {
  readonly account: string;
  readonly client: PatchbayClient;
  readonly ip: string;
  readonly model: string;
  readonly mode: keyof typeof PATCHBAY_MODES;
  readonly task: string;
  readonly repo: Repo;
  readonly steps: number;
  /** Pause between steps, ms (the model's latency plus tool time). */
  readonly stepGap: () => number;
  /** Follow-up user messages mid-task (a human watching), as text; empty for none. */
  readonly followUps?: readonly string[];
}

export async function patchbaySession(
  ctx: ActorContext,
  rng: Rng,
  options: SessionOptions,
): Promise<SessionEnd> {
  const mode = PATCHBAY_MODES[options.mode];
  const context = `<context>\ncwd: ~/code/${options.repo.folders[0] ?? 'app'}\nbranch: ${options.repo.branch}\n</context>\n\n`;
  const messages: Record<string, unknown>[] = [
    { role: 'user', content: `${context}${options.task}` },
  ];
  const followUps = [...(options.followUps ?? [])];
  for (let step = 0; step < options.steps; step++) {
    if (ctx.stopped()) return 'stopped';
    const response = await send(
      ctx,
      options.account,
      'anthropic',
      messagesBody({
        model: options.model,
        maxTokens: mode.maxTokens,
        thinking: mode.thinking,
        system: patchbaySystem(options.client),
        tools: PATCHBAY_TOOLS,
        messages: [...messages],
        stream: true,
      }),
      options.client.stack,
      options.ip,
    );
    if (response.status !== 200) return { refused: response };
    const tool = PLAN[step % PLAN.length] as string;
    const { input, result } = exchangeFor(rng, options.repo, tool);
    messages.push(
      ...toolExchange(
        'anthropic',
        `toolu_01${hex(rng, 22)}`,
        tool,
        input,
        result,
        rng.chance(0.5)
          ? rng.pick(['Let me check.', 'Looking at the code.', 'Next, the tests.'])
          : undefined,
      ),
    );
    // A human sometimes steers mid-task: the tool result turn gets a text block after it.
    const steer = rng.chance(0.25) ? followUps.shift() : undefined;
    if (steer !== undefined) {
      const last = messages[messages.length - 1] as { content: Record<string, unknown>[] };
      last.content = [...last.content, { type: 'text', text: steer }];
    }
    await ctx.sleep(options.stepGap());
  }
  return 'done';
}
