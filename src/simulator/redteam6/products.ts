/**
 * Shapes of real products that both their legitimate users and a campaign send: `patchbay`, a
 * bring-your-own-key coding agent CLI (system prompt, eight tools, thinking modes, client stack
 * by release), `clickpath`, a computer-use QA service (its tool set), and the `bazaar` router's
 * front (backends, SDK, end-user id format), which a campaign borrows.
 */
import type { ClientProfile } from '../personas/clients.ts';
import type { Rng } from '../rng.ts';
import { hex, schema, stack, weighted, type Tool } from './common.ts';

// ---------------------------------------------------------------------------------------------
// patchbay: an open coding agent, each developer on their own key

export const PATCHBAY_SYSTEM = [
  'You are Patchbay, an autonomous software engineering agent running in the user terminal.',
  'You work inside the repository at the current working directory. Before changing code, read the',
  'relevant files and search for usages. Prefer small, reviewable edits with edit_file over',
  'rewriting files. After each change run the narrowest test command that covers it. Never commit',
  'or push unless asked. Never print secrets from .env files. When the task is done, reply with a',
  'short summary of what changed and how it was verified. If the task is ambiguous, ask one',
  'clarifying question instead of guessing.',
  '',
  '<environment>',
  'platform: {platform}',
  'shell: {shell}',
  'patchbay_version: {version}',
  '</environment>',
].join('\n');

export const PATCHBAY_TOOLS: readonly Tool[] = [
  {
    name: 'read_file',
    description: 'Read a file, optionally a line range. Paths are relative to the repository root.',
    schema: schema({ path: 'string', start_line: 'integer', end_line: 'integer' }),
  },
  {
    name: 'edit_file',
    description:
      'Replace one exact occurrence of old_string with new_string in a file. Fails if old_string is not unique.',
    schema: schema({ path: 'string', old_string: 'string', new_string: 'string' }, [
      'path',
      'old_string',
      'new_string',
    ]),
  },
  {
    name: 'create_file',
    description: 'Create a new file with the given content. Fails if the file exists.',
    schema: schema({ path: 'string', content: 'string' }, ['path', 'content']),
  },
  {
    name: 'list_directory',
    description: 'List files and folders, respecting .gitignore.',
    schema: schema({ path: 'string', depth: 'integer' }),
  },
  {
    name: 'search_code',
    description: 'Search the repository with ripgrep. Returns matching lines with paths.',
    schema: schema({ pattern: 'string', glob: 'string', case_sensitive: 'boolean' }),
  },
  {
    name: 'run_command',
    description: 'Run a shell command in the repository (60 s timeout). Output is truncated.',
    schema: schema({ command: 'string', timeout_seconds: 'integer' }),
  },
  {
    name: 'run_tests',
    description: 'Run the project test command, optionally filtered to a path or test name.',
    schema: schema({ filter: 'string' }, []),
  },
  {
    name: 'ask_user',
    description: 'Ask the user one clarifying question and wait for the answer.',
    schema: schema({ question: 'string' }),
  },
];

/** Releases of patchbay in use, with the share of real installs on each (people lag behind). */
export const PATCHBAY_RELEASES: readonly (readonly [string, number])[] = [
  ['2.2.4', 12],
  ['2.3.0', 20],
  ['2.3.1', 38],
  ['2.4.0', 22],
  ['2.4.1', 8],
];

export interface PatchbayClient {
  readonly version: string;
  readonly platform: string;
  readonly shell: string;
  readonly stack: ClientProfile;
}

/** The stack a patchbay install sends: its own user agent over the JS SDK's headers. */
export function patchbayClient(
  rng: Rng,
  version: string,
  platform = weighted(rng, [
    ['darwin arm64', 55],
    ['linux x64', 30],
    ['win32 x64', 15],
  ] as const),
): PatchbayClient {
  const node = platform.startsWith('win')
    ? `v20.${rng.int(10, 18)}.0`
    : `v22.${rng.int(3, 12)}.${rng.int(0, 1)}`;
  const [os, arch] = platform.split(' ') as [string, string];
  const shell = platform.startsWith('win') ? 'pwsh' : rng.pick(['zsh', 'zsh', 'bash', 'fish']);
  return {
    version,
    platform,
    shell,
    stack: stack(`patchbay/${version} (${os}; ${arch}) node/${node}`, [
      ['accept', 'application/json'],
      ['anthropic-beta', 'interleaved-thinking-2025-05-14'],
      ['x-app', 'patchbay-cli'],
      ['x-stainless-lang', 'js'],
      ['x-stainless-package-version', '0.61.0'],
      ['x-stainless-os', os === 'darwin' ? 'MacOS' : os === 'win32' ? 'Windows' : 'Linux'],
      ['x-stainless-arch', arch],
      ['x-stainless-runtime', 'node'],
      ['x-stainless-runtime-version', node],
      ['x-stainless-retry-count', '0'],
    ]),
  };
}

export function patchbaySystem(client: PatchbayClient): string {
  return PATCHBAY_SYSTEM.replace('{platform}', client.platform)
    .replace('{shell}', client.shell)
    .replace('{version}', client.version);
}

/** Thinking modes of patchbay: default, "think", "think harder". */
export const PATCHBAY_MODES = {
  normal: { thinking: 4_096, maxTokens: 16_000 },
  think: { thinking: 10_000, maxTokens: 20_000 },
  harder: { thinking: 24_000, maxTokens: 32_000 },
} as const;

// ---------------------------------------------------------------------------------------------
// clickpath: computer-use regression testing for web apps

export const CLICKPATH_SYSTEM =
  'You are Clickpath, a QA agent that executes a written test flow in a web browser. After each action you receive a screenshot. Perform exactly the steps of the flow, call assert_visible for every expected result, and call report_result when the flow passes or fails. Keep reasoning to one or two sentences per step.';

export const CLICKPATH_TOOLS: readonly Tool[] = [
  {
    name: 'computer',
    description: 'Control the browser: click, type, key presses, scrolling, waiting, screenshots.',
    schema: schema(
      {
        action: ['screenshot', 'left_click', 'double_click', 'type', 'key', 'scroll', 'wait'],
        x: 'integer',
        y: 'integer',
        text: 'string',
      },
      ['action'],
    ),
  },
  {
    name: 'assert_visible',
    description: 'Assert that a text or element is visible on the current page.',
    schema: schema({ target: 'string', timeout_ms: 'integer' }),
  },
  {
    name: 'report_result',
    description: 'End the flow with pass or fail and a one-line reason.',
    schema: schema({ status: ['pass', 'fail', 'blocked'], reason: 'string' }, ['status']),
  },
];

// ---------------------------------------------------------------------------------------------
// bazaar: a model router with its own customers (end users) behind a dozen keys

export interface RouterFront {
  /** The router's keys (accounts of the legitimate router persona). */
  readonly accounts: readonly string[];
  readonly stack: ClientProfile;
  readonly backends: readonly string[];
}

/** An end-user id in the router's format (`bzu_` + 12 hex digits). */
export function bazaarUser(rng: Rng): string {
  return `bzu_${hex(rng, 12)}`;
}

/** A stable end-user id for the router's n-th customer (real users come back). */
export function bazaarUserId(n: number): string {
  let hash = 0x811c9dc5 ^ n;
  let out = '';
  for (let i = 0; i < 12; i++) {
    hash = Math.imul(hash ^ (n + i * 7919), 0x01000193) >>> 0;
    out += '0123456789abcdef'[hash & 15] as string;
  }
  return `bzu_${out}`;
}
