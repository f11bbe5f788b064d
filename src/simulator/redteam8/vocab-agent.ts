/**
 * The agent harness the trajectory campaign drives (one stable tool set, as a popular open-source
 * harness ships it), its issues on made-up repositories, and the scripted observations each tool
 * call returns — with alternatives for the same call, which is what a rollout tree branches on.
 */
import type { Rng } from '../rng.ts';
import type { Tool } from './common.ts';
import { coined, fill } from './text.ts';

export const HARNESS_TOOLS: readonly Tool[] = [
  {
    name: 'list_dir',
    description: 'List a directory of the workspace.',
    params: { path: 'string' },
  },
  {
    name: 'read_file',
    description: 'Read a file, optionally a line range.',
    params: { path: 'string', start_line: 'integer', end_line: 'integer' },
  },
  {
    name: 'grep',
    description: 'Search the workspace with a regular expression.',
    params: { pattern: 'string', path: 'string' },
    required: ['pattern'],
  },
  {
    name: 'bash',
    description: 'Run a shell command in the sandbox and return stdout, stderr and the exit code.',
    params: { command: 'string', timeout_ms: 'integer' },
  },
  {
    name: 'edit_file',
    description: 'Replace one exact occurrence of old_str with new_str in a file.',
    params: { path: 'string', old_str: 'string', new_str: 'string' },
    required: ['path', 'old_str', 'new_str'],
  },
  {
    name: 'web_fetch',
    description: 'Fetch a URL and return it as text.',
    params: { url: 'string' },
  },
];

export const HARNESS_SYSTEM = [
  'You are an autonomous software engineering agent working in a sandboxed repository at /workspace.',
  'Resolve the issue you are given. Explore before you edit; run the tests after every change.',
  'Before each tool call, think carefully and write down your reasoning: what you know, what you',
  'expect the call to show, and how it changes your plan. When the issue is resolved and the tests',
  'pass, write a final report explaining the root cause, the fix and why it is correct.',
].join(' ');

export interface Issue {
  readonly repo: string;
  readonly lang: 'python' | 'typescript' | 'go';
  readonly module: string;
  readonly symbol: string;
  readonly text: string;
}

const MODULES = ['parser', 'scheduler', 'cache', 'auth', 'billing', 'export', 'sync', 'router'];
const VERBS = ['parse', 'merge', 'resolve', 'flush', 'compute', 'render', 'retry', 'normalize'];
const NOUNS = ['window', 'batch', 'token', 'offset', 'header', 'range', 'quota', 'snapshot'];

const ISSUES = [
  '`{symbol}` returns the wrong result when {condition}. Expected {expected}, got {actual}.',
  'Crash in the {module} module: `{symbol}` raises {error} on {input}.',
  'The test `test_{symbol}` is flaky on CI (fails about one run in {n}).',
  '`{symbol}` is quadratic in the number of {things}; with {count} of them it takes minutes.',
  'Add support for {feature} to `{symbol}` without breaking existing callers.',
  'Regression since v{major}.{minor}: `{symbol}` ignores the `{option}` option.',
];

export function issue(rng: Rng): Issue {
  const lang = rng.pick(['python', 'typescript', 'go'] as const);
  const module = rng.pick(MODULES);
  const symbol = `${rng.pick(VERBS)}_${rng.pick(NOUNS)}`;
  const repo = `${coined(rng).toLowerCase()}-${rng.pick(['core', 'lib', 'server', 'sdk', 'tools'])}`;
  const text = fill(rng, rng.pick(ISSUES), {
    symbol: [symbol],
    module: [module],
    condition: [
      'the input is empty',
      'two ranges touch',
      'the clock goes backwards',
      'keys contain unicode',
    ],
    expected: ['an empty list', '3', 'None', 'a 404'],
    actual: ['[None]', '2', 'an exception', 'a 500'],
    error: ['KeyError', 'IndexError', 'a nil pointer dereference', 'TypeError'],
    input: ['a trailing comma', 'an empty file', 'a 2 GB upload', 'a leap-day timestamp'],
    n: ['5', '10', '20'],
    things: ['rows', 'subscribers', 'segments', 'rules'],
    count: ['50,000', '200k', '1M'],
    feature: ['async callers', 'cancellation', 'custom encoders', 'pagination'],
    major: ['2', '3', '4'],
    minor: ['1', '7', '12'],
    option: ['strict', 'timeout', 'dry_run', 'max_depth'],
  });
  return { repo, lang, module, symbol, text: `Repository ${repo}.\n\n${text}` };
}

const EXT = { python: 'py', typescript: 'ts', go: 'go' } as const;

export function sourcePath(found: Issue): string {
  return `src/${found.module}/${found.symbol.split('_')[1] ?? 'core'}.${EXT[found.lang]}`;
}

export function testPath(found: Issue): string {
  return found.lang === 'go'
    ? `src/${found.module}/${found.module}_test.go`
    : `tests/test_${found.module}.${EXT[found.lang]}`;
}

export interface Action {
  readonly name: string;
  readonly input: Record<string, unknown>;
  /** The observation; `variant` picks one of the alternatives (a rollout tree's branches). */
  readonly result: (rng: Rng, variant: number) => string;
}

const TEST_COMMAND = {
  python: (path: string) => `python -m pytest -x -q ${path}`,
  typescript: (path: string) => `npx vitest run ${path}`,
  go: (path: string) => `go test ./${path.split('/').slice(0, -1).join('/')}/...`,
} as const;

/** The agent's scripted action at `step` (1-based; step 0 is the issue alone). */
export function action(found: Issue, step: number): Action {
  const source = sourcePath(found);
  const test = testPath(found);
  const fail = (rng: Rng, variant: number): string =>
    [
      `FAILED ${test}::test_${found.symbol} - AssertionError: assert ${rng.int(0, 9)} == ${rng.int(10, 20)}`,
      `FAILED ${test}::test_${found.symbol}_empty - ${['KeyError', 'IndexError', 'TypeError'][variant % 3] ?? 'Error'}: '${found.symbol}'`,
      `panic: runtime error: index out of range [${rng.int(1, 9)}] with length ${rng.int(0, 1)}`,
    ][variant % 3] ?? 'FAILED';
  const script: readonly Action[] = [
    {
      name: 'list_dir',
      input: { path: '.' },
      result: () =>
        `README.md\nsrc/\ntests/\n${found.lang === 'python' ? 'pyproject.toml' : found.lang === 'go' ? 'go.mod' : 'package.json'}\n.github/`,
    },
    {
      name: 'grep',
      input: { pattern: found.symbol, path: 'src' },
      result: (rng, variant) =>
        [
          source,
          `src/${found.module}/__init__.${EXT[found.lang]}`,
          `src/api/${found.module}_routes.${EXT[found.lang]}`,
        ]
          .slice(0, 1 + (variant % 3))
          .map((path) => `${path}:${rng.int(5, 300)}: ${found.symbol}(`)
          .join('\n'),
    },
    {
      name: 'read_file',
      input: { path: source, start_line: 1, end_line: 80 },
      result: (rng, variant) =>
        `def ${found.symbol}(items, ${['limit=None', 'strict=False', 'key=None'][variant % 3] ?? ''}):\n    out = []\n    for i in range(len(items) - ${variant % 2}):\n        if items[i] ${['<', '<=', '!='][variant % 3] ?? '<'} items[i + 1]:\n            out.append(items[i])\n    return out  # line ${rng.int(20, 90)}`,
    },
    {
      name: 'bash',
      input: { command: TEST_COMMAND[found.lang](test), timeout_ms: 120_000 },
      result: (rng, variant) =>
        `${fail(rng, variant)}\n1 failed, ${rng.int(8, 60)} passed in ${rng.int(1, 9)}.${rng.int(10, 99)}s`,
    },
    {
      name: 'read_file',
      input: { path: test },
      result: (rng) =>
        `def test_${found.symbol}():\n    assert ${found.symbol}([${rng.int(1, 5)}, ${rng.int(6, 9)}]) == [${rng.int(1, 5)}]\n\ndef test_${found.symbol}_empty():\n    assert ${found.symbol}([]) == []`,
    },
    {
      name: 'edit_file',
      input: {
        path: source,
        old_str: 'range(len(items) - 1)',
        new_str: 'range(max(0, len(items) - 1))',
      },
      result: (_, variant) =>
        variant % 2 === 0
          ? 'Replaced 1 occurrence.'
          : 'Error: old_str not found; the file has changed.',
    },
    {
      name: 'bash',
      input: { command: TEST_COMMAND[found.lang](test), timeout_ms: 120_000 },
      result: (rng, variant) =>
        variant % 2 === 0
          ? `${rng.int(9, 61)} passed in ${rng.int(1, 9)}.${rng.int(10, 99)}s`
          : `${fail(rng, variant + 1)}\n1 failed`,
    },
    {
      name: 'web_fetch',
      input: { url: `https://docs.${found.repo}.dev/${found.module}` },
      result: () =>
        `# ${found.module}\nThe ${found.symbol} helper accepts an iterable and returns a list. Edge cases: empty input returns an empty list.`,
    },
    {
      name: 'bash',
      input: {
        command:
          found.lang === 'go'
            ? 'go test ./...'
            : found.lang === 'python'
              ? 'python -m pytest -q'
              : 'npx vitest run',
        timeout_ms: 300_000,
      },
      result: (rng) =>
        `${rng.int(120, 900)} passed, ${rng.int(0, 3)} skipped in ${rng.int(10, 90)}s`,
    },
  ];
  return script[(step - 1) % script.length] ?? (script[0] as Action);
}

/** What the agent says before a tool call (its visible reasoning). */
export function preface(rng: Rng, step: number): string {
  return fill(rng, rng.pick(PREFACES), { step: [String(step)] });
}

const PREFACES = [
  'Let me look at the structure first.',
  'I need to see where this is defined before changing anything.',
  'The failure suggests an off-by-one; reading the implementation to confirm.',
  'Running the focused test to reproduce.',
  'The test output narrows it down. Checking the test expectations next.',
  'I will make the smallest change that fixes the boundary case.',
  'Re-running the tests to verify the fix.',
  'Checking the documented behaviour for this edge case.',
];
