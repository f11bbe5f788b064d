/**
 * Lifecycle: the real `distillguard serve` process (SIGTERM drain with streams in flight, the drain
 * deadline cutting streams, SIGHUP reload) and hot reload of the config and key files in a running
 * app (good edits apply without a restart; bad edits never replace the last good config).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Agent, request, type Dispatcher } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse, stringify } from 'yaml';
import { generateApiKey, generateKeyId, hashApiKey } from '../../src/auth/api-key.ts';
import { forEachKeyFileEntry, writeKeyFile, type KeyFileEntry } from '../../src/auth/key-file.ts';
import { deepMerge } from '../../src/config/load-config.ts';
import type { DecisionRecord } from '../../src/decision-log/record.ts';
import { startMockUpstream, type MockUpstream } from '../../src/mock-upstream/mock-upstream.ts';
import {
  baseConfig,
  startHarness,
  TEST_ENV,
  UPSTREAM_SECRET,
  writeTestKeys,
  type AccountName,
  type Harness,
} from '../helpers/harness.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NODE = join(ROOT, 'node_modules/.bin/node');
const MAIN = join(ROOT, 'src/main.ts');

// ---------------------------------------------------------------------------------------------
// A spawned `distillguard serve`
// ---------------------------------------------------------------------------------------------

interface Served {
  readonly child: ChildProcessWithoutNullStreams;
  readonly url: string;
  readonly adminUrl: string | undefined;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  /** The JSON log lines on stderr, parsed. */
  logLines(): Record<string, unknown>[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children = new Set<ChildProcessWithoutNullStreams>();

/** Starts `serve --config FILE` and resolves once it logs its listening URL. */
async function spawnServe(configFile: string): Promise<Served> {
  const child = spawn(NODE, [MAIN, 'serve', '--config', configFile], {
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...TEST_ENV },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.add(child);
  let stderr = '';
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    });
  });
  const logLines = (): Record<string, unknown>[] =>
    stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  const listening = new Promise<Record<string, unknown>>((resolve, reject) => {
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      const line = logLines().find((entry) => entry['msg'] === 'distillguard listening');
      if (line) resolve(line);
    });
    void exited.then(({ code, signal }) => {
      reject(new Error(`serve exited (${code ?? signal}) before listening:\n${stderr}\n${stdout}`));
    });
  });
  const line = await listening;
  return {
    child,
    url: line['url'] as string,
    adminUrl: line['admin'] as string | undefined,
    stderr: () => stderr,
    logLines,
    exited,
  };
}

/**
 * The process's own log after it exited: no last-resort error handler fired, and no secret (upstream
 * credential, admin token, API key) was ever written to it.
 */
function expectCleanLog(proc: Served, keys: Record<AccountName, string>): void {
  const messages = proc.logLines().map((line) => line['msg']);
  expect(messages).not.toContain('unhandled rejection');
  expect(messages).not.toContain('uncaught exception');
  for (const secret of [UPSTREAM_SECRET, TEST_ENV.TEST_ADMIN_TOKEN, ...Object.values(keys)]) {
    expect(proc.stderr()).not.toContain(secret);
  }
}

afterEach(() => {
  // A failed test must not leave a proxy behind (only the processes this file started).
  for (const child of children) child.kill('SIGKILL');
});

interface Workspace {
  readonly dir: string;
  readonly mock: MockUpstream;
  readonly configFile: string;
  readonly keyFile: string;
  readonly decisionLogFile: string;
  readonly keys: Record<AccountName, string>;
}

async function workspace(
  mockOptions: Parameters<typeof startMockUpstream>[0],
  overrides: Record<string, unknown> = {},
): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), 'dg-lifecycle-'));
  const mock = await startMockUpstream({
    record: true,
    expectedCredential: UPSTREAM_SECRET,
    ...mockOptions,
  });
  const keyFile = join(dir, 'keys.yaml');
  const keys = await writeTestKeys(keyFile);
  const configFile = join(dir, 'distillguard.yaml');
  await writeFile(configFile, stringify(deepMerge(baseConfig(dir, mock.url), overrides)));
  return { dir, mock, configFile, keyFile, decisionLogFile: join(dir, 'decisions.ndjson'), keys };
}

async function readRecords(file: string): Promise<DecisionRecord[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as DecisionRecord);
}

// ---------------------------------------------------------------------------------------------
// Clients
// ---------------------------------------------------------------------------------------------

type Dialect = 'anthropic' | 'openai';

function inferenceRequest(
  dialect: Dialect,
  key: string,
  stream: boolean,
): { path: string; headers: Record<string, string>; body: string } {
  const messages = [{ role: 'user', content: 'Tell me a story.' }];
  if (dialect === 'anthropic') {
    return {
      path: '/v1/messages',
      headers: {
        'x-api-key': key,
        'anthropic-version': '2023-06-01',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ model: 'mock-large', max_tokens: 512, stream, messages }),
    };
  }
  return {
    path: '/v1/chat/completions',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'mock-large', stream, messages }),
  };
}

interface OpenStream {
  readonly status: number;
  readonly requestId: string;
  /** Resolves on the first body chunk. */
  readonly firstChunk: Promise<void>;
  /** The whole body; rejects if the body ends abnormally. */
  readonly done: Promise<string>;
}

async function openStream(
  baseUrl: string,
  dispatcher: Dispatcher,
  dialect: Dialect,
  key: string,
): Promise<OpenStream> {
  const spec = inferenceRequest(dialect, key, true);
  const res = await request(`${baseUrl}${spec.path}`, {
    method: 'POST',
    headers: spec.headers,
    body: spec.body,
    dispatcher,
  });
  let text = '';
  let markFirst: () => void = () => {};
  const firstChunk = new Promise<void>((resolve) => (markFirst = resolve));
  const body = res.body;
  body.setEncoding('utf8');
  const done = new Promise<string>((resolve, reject) => {
    body.on('data', (chunk: string) => {
      text += chunk;
      markFirst();
    });
    body.on('end', () => resolve(text));
    body.on('error', (error) =>
      reject(new Error(`stream failed after ${JSON.stringify(text)}`, { cause: error })),
    );
  });
  done.catch(() => {}); // awaited by the test; this only keeps an early failure from being "unhandled"
  return {
    status: res.statusCode,
    requestId: String(res.headers['x-request-id']),
    firstChunk,
    done,
  };
}

/** Status of one non-streaming inference call with `key` (body drained). */
async function statusFor(
  baseUrl: string,
  key: string,
  dialect: Dialect = 'anthropic',
): Promise<number> {
  const spec = inferenceRequest(dialect, key, false);
  const res = await request(`${baseUrl}${spec.path}`, {
    method: 'POST',
    headers: spec.headers,
    body: spec.body,
  });
  await res.body.text();
  return res.statusCode;
}

/** Resolves once a TCP connect to `url` is refused (the listener is closed). */
async function waitUntilRefused(url: string, timeoutMs = 10_000): Promise<void> {
  const { hostname, port } = new URL(url);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect(Number(port), hostname);
      socket.once('connect', () => {
        socket.destroy(); // no bytes sent: no request, no decision record
        resolve(false);
      });
      socket.once('error', (error: NodeJS.ErrnoException) =>
        resolve(error.code === 'ECONNREFUSED'),
      );
    });
    if (refused) return;
    if (Date.now() > deadline) throw new Error(`${url} still accepts connections`);
    await delay(20);
  }
}

/** The SSE events of a body, parsed: [{ event, data }]. */
function sseEvents(text: string): { event: string | undefined; data: string }[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      let event: string | undefined;
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trim());
      }
      return { event, data: data.join('\n') };
    });
}

// ---------------------------------------------------------------------------------------------
// SIGTERM
// ---------------------------------------------------------------------------------------------

describe('serve: SIGTERM with streams in flight', () => {
  it('refuses new connections, lets in-flight streams finish, exits 0, logs one record each', async () => {
    // ~45 events 60 ms apart: each stream lasts a few seconds, well inside the drain timeout.
    const ws = await workspace(
      { eventDelayMs: 60, words: 40 },
      { listen: { drain_timeout: '30s' } },
    );
    const agent = new Agent({ connections: 8 });
    try {
      const proc = await spawnServe(ws.configFile);
      const streams = await Promise.all([
        openStream(proc.url, agent, 'anthropic', ws.keys.alice),
        openStream(proc.url, agent, 'openai', ws.keys.bob),
        openStream(proc.url, agent, 'anthropic', ws.keys.bob),
      ]);
      for (const stream of streams) expect(stream.status).toBe(200);
      await Promise.all(streams.map((stream) => stream.firstChunk));

      proc.child.kill('SIGTERM');

      // New connections are refused while the streams drain.
      await waitUntilRefused(proc.url);
      const late = new Agent();
      const refused = await request(`${proc.url}/v1/models`, {
        headers: { authorization: `Bearer ${ws.keys.alice}` },
        dispatcher: late,
      }).then(
        () => 'answered',
        (error: unknown) => (error as NodeJS.ErrnoException).code,
      );
      await late.close();
      expect(refused).toBe('ECONNREFUSED');

      // The in-flight streams complete normally.
      const [first, second, third] = await Promise.all(streams.map((stream) => stream.done));
      for (const text of [first!, third!]) {
        const events = sseEvents(text);
        expect(events.map((e) => e.event)).not.toContain('error');
        expect(events.at(-1)?.event).toBe('message_stop');
      }
      expect(second).not.toContain('event: error');
      expect(sseEvents(second!).at(-1)?.data).toBe('[DONE]');

      const exit = await proc.exited;
      expect(exit).toEqual({ code: 0, signal: null });
      expectCleanLog(proc, ws.keys);
      expect(proc.logLines().map((line) => line['msg'])).toContain('stopped; decision log flushed');

      // Exactly one record per request, each a completed 200.
      const records = await readRecords(ws.decisionLogFile);
      expect(records).toHaveLength(3);
      expect(records.map((r) => r.request_id).sort()).toEqual(
        streams.map((s) => s.requestId).sort(),
      );
      for (const record of records) {
        expect(record).toMatchObject({
          status: 200,
          outcome: 'completed',
          error: null,
          stream: true,
        });
      }
    } finally {
      await agent.close();
      await ws.mock.close();
      await rm(ws.dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('cuts streams longer than drain_timeout with the dialect error event, logs them, exits 0', async () => {
    // 400 events 100 ms apart: far longer than the 1 s drain deadline.
    const ws = await workspace(
      { eventDelayMs: 100, words: 400 },
      { listen: { drain_timeout: '1s' } },
    );
    const agent = new Agent({ connections: 8 });
    try {
      const proc = await spawnServe(ws.configFile);
      const anthropic = await openStream(proc.url, agent, 'anthropic', ws.keys.alice);
      const openai = await openStream(proc.url, agent, 'openai', ws.keys.bob);
      await Promise.all([anthropic.firstChunk, openai.firstChunk]);

      proc.child.kill('SIGTERM');

      const anthropicText = await anthropic.done;
      const anthropicEvents = sseEvents(anthropicText);
      const anthropicLast = anthropicEvents.at(-1)!;
      expect(anthropicLast.event).toBe('error');
      expect(JSON.parse(anthropicLast.data)).toMatchObject({
        type: 'error',
        error: { type: 'overloaded_error', code: 'DG_ERR_STREAM_CUT' },
        request_id: anthropic.requestId,
      });
      expect(anthropicEvents.map((e) => e.event)).not.toContain('message_stop');

      const openaiText = await openai.done;
      const openaiLast = sseEvents(openaiText).at(-1)!;
      expect(openaiLast.event).toBe('error');
      expect(JSON.parse(openaiLast.data)).toMatchObject({
        error: { code: 'DG_ERR_STREAM_CUT' },
      });
      expect(openaiText).not.toContain('[DONE]');

      expect(await proc.exited).toEqual({ code: 0, signal: null });
      expectCleanLog(proc, ws.keys);
      expect(proc.logLines().map((line) => line['msg'])).toContain(
        'drain deadline reached; cutting requests still in flight',
      );

      const records = await readRecords(ws.decisionLogFile);
      expect(records).toHaveLength(2);
      for (const stream of [anthropic, openai]) {
        const record = records.find((r) => r.request_id === stream.requestId);
        expect(record).toMatchObject({
          status: 200,
          outcome: 'cut',
          error: 'DG_ERR_STREAM_CUT',
          detail: 'drain_deadline',
          stream: true,
        });
      }
    } finally {
      await agent.close();
      await ws.mock.close();
      await rm(ws.dir, { recursive: true, force: true });
    }
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------
// SIGHUP
// ---------------------------------------------------------------------------------------------

describe('serve: SIGHUP', () => {
  it('reloads the config on SIGHUP', async () => {
    const ws = await workspace({});
    try {
      // The config path is a symlink into another directory: editing the target fires no watch
      // event in the config's directory, so only SIGHUP can apply the edit.
      const realDir = join(ws.dir, 'real');
      await mkdir(realDir);
      const target = join(realDir, 'config.yaml');
      const text = await readFile(ws.configFile, 'utf8');
      await writeFile(target, text);
      await rm(ws.configFile);
      await symlink(target, ws.configFile);

      const proc = await spawnServe(ws.configFile);
      expect(await statusFor(proc.url, ws.keys.alice)).toBe(200);

      const edited = parse(text) as HarnessConfig;
      edited.accounts.overrides.push({
        account: 'acct_alice',
        action: 'deny',
        reason: 'test: SIGHUP',
      });
      await writeFile(target, stringify(edited));
      const reloads = (): number =>
        proc.logLines().filter((line) => line['msg'] === 'config reloaded').length;
      expect(reloads()).toBe(0);

      proc.child.kill('SIGHUP');

      await vi.waitFor(() => expect(reloads()).toBe(1), { timeout: 10_000, interval: 25 });
      expect(await statusFor(proc.url, ws.keys.alice)).toBe(403);
      expect(await statusFor(proc.url, ws.keys.bob)).toBe(200);

      proc.child.kill('SIGTERM');
      expect(await proc.exited).toEqual({ code: 0, signal: null });
      expectCleanLog(proc, ws.keys);
    } finally {
      await ws.mock.close();
      await rm(ws.dir, { recursive: true, force: true });
    }
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------
// Hot reload in a running app
// ---------------------------------------------------------------------------------------------

async function keyEntries(file: string): Promise<KeyFileEntry[]> {
  const entries: KeyFileEntry[] = [];
  const read = await forEachKeyFileEntry(file, (entry) => entries.push(entry));
  if (!read.ok) throw new Error('harness key file is invalid');
  return entries;
}

interface HarnessConfig {
  accounts: { overrides: { account?: string; org?: string; action?: string; reason: string }[] };
  [section: string]: unknown;
}

async function readConfig(h: Harness): Promise<HarnessConfig> {
  return parse(await readFile(h.configFile, 'utf8')) as HarnessConfig;
}

/** Writes the file and waits for the reload it triggers (a new lastReload status). */
async function writeAndAwaitReload(h: Harness, write: () => Promise<void>): Promise<void> {
  const before = h.app.lastReload();
  await write();
  await vi.waitFor(() => expect(h.app.lastReload()).not.toBe(before), {
    timeout: 10_000,
    interval: 20,
  });
}

describe('hot reload: good edits', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ watch: true });
  });
  afterAll(async () => {
    await h.close();
  });

  it('applies a config edit without a restart', async () => {
    expect(await statusFor(h.url, h.keys.bob)).toBe(200);
    const version = h.app.config().version;
    const config = await readConfig(h);
    config.accounts.overrides.push({ account: 'acct_bob', action: 'deny', reason: 'test: reload' });
    await writeFile(h.configFile, stringify(config));

    await vi.waitFor(async () => expect(await statusFor(h.url, h.keys.bob)).toBe(403), {
      timeout: 10_000,
      interval: 50,
    });
    expect(h.app.lastReload()).toMatchObject({ ok: true, errors: [] });
    expect(h.app.config().version).not.toBe(version);
    expect(await statusFor(h.url, h.keys.alice)).toBe(200);

    // And back again.
    config.accounts.overrides = config.accounts.overrides.filter((o) => o.account !== 'acct_bob');
    await writeFile(h.configFile, stringify(config));
    await vi.waitFor(async () => expect(await statusFor(h.url, h.keys.bob)).toBe(200), {
      timeout: 10_000,
      interval: 50,
    });
  });

  it('picks up a key added to the key file', async () => {
    const key = generateApiKey();
    expect(await statusFor(h.url, key)).toBe(401);
    const entries = await keyEntries(h.keyFile);
    await writeKeyFile(h.keyFile, [
      ...entries,
      { id: generateKeyId(), sha256: hashApiKey(key), account: 'acct_new', tier: 'standard' },
    ]);

    await vi.waitFor(async () => expect(await statusFor(h.url, key)).toBe(200), {
      timeout: 10_000,
      interval: 50,
    });
    const records = await h.records();
    expect(records.at(-1)).toMatchObject({ account: 'acct_new', status: 200 });
  });

  it('revokes a key removed from the key file (401 afterwards)', async () => {
    expect(await statusFor(h.url, h.keys.alice)).toBe(200);
    await writeKeyFile(
      h.keyFile,
      (await keyEntries(h.keyFile)).filter((entry) => entry.account !== 'acct_alice'),
    );

    await vi.waitFor(async () => expect(await statusFor(h.url, h.keys.alice)).toBe(401), {
      timeout: 10_000,
      interval: 50,
    });
    expect(await statusFor(h.url, h.keys.alice, 'openai')).toBe(401);
    expect(await statusFor(h.url, h.keys.bob)).toBe(200);
  });
});

describe('hot reload: a bad edit keeps the last good config', () => {
  let h: Harness;
  let good: string;
  let goodVersion: string;
  beforeAll(async () => {
    h = await startHarness({ watch: true });
    good = await readFile(h.configFile, 'utf8');
    goodVersion = h.app.config().version;
  });
  afterAll(async () => {
    await h.close();
  });

  /** The last good policy still applies: alice and bob allowed, mallory denied. */
  async function expectOldPolicyServing(): Promise<void> {
    expect(h.app.config().version).toBe(goodVersion);
    expect(await statusFor(h.url, h.keys.alice)).toBe(200);
    expect(await statusFor(h.url, h.keys.bob, 'openai')).toBe(200);
    expect(await statusFor(h.url, h.keys.mallory)).toBe(403);
    expect(await statusFor(h.url, h.keys.erin)).toBe(403);
  }

  function billionLaughs(): string {
    const lines = ['l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i <= 9; i++) {
      lines.push(`l${i}: &l${i} [${Array.from({ length: 10 }, () => `*l${i - 1}`).join(', ')}]`);
    }
    return lines.join('\n');
  }

  // Each edit would, if applied, change the policy (or worse). None may replace the good config.
  const cases: { name: string; text: () => string; error: RegExp }[] = [
    {
      name: 'YAML syntax error',
      text: () => good.replace('policy:\n', 'policy:\n  mode: [enforce\n  :\n'),
      error: /distillguard\.yaml:\d+:\d+/,
    },
    {
      name: 'schema error (unknown key, wrong type)',
      text: () =>
        good
          .replace('policy:\n', 'policy:\n  deny_acounts: []\n')
          .replace('mode: enforce', 'mode: 7'),
      error: /policy\.deny_acounts: unknown key/,
    },
    {
      name: '__proto__ keys',
      text: () =>
        `__proto__:\n  polluted: true\n${good.replace(
          'policy:\n',
          'policy:\n  __proto__:\n    mode: shadow\n',
        )}`,
      error: /__proto__: unknown key/,
    },
    {
      name: 'YAML alias bomb',
      // The anchors come first (an alias must follow its anchor); the policy expands the last one.
      text: () =>
        `${billionLaughs()}\n${good.replace(/policy:\n(?: {2}.*\n)*/, 'policy:\n  mode: *l9\n')}`,
      error: /Excessive alias count/,
    },
  ];

  it.each(cases)('$name', async ({ text, error }) => {
    await writeAndAwaitReload(h, () => writeFile(h.configFile, text()));
    const status = h.app.lastReload();
    expect(status.ok).toBe(false);
    expect(status.version).toBe(goodVersion);
    expect(status.errors.join('\n')).toMatch(error);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    await expectOldPolicyServing();
  });

  it('a partial write is refused, and the completed write is applied', async () => {
    // The writer stops midway (longer than the reload debounce), then finishes the file.
    const cut = good.indexOf('auth:\n') + 'auth:\n  key_'.length;
    await writeAndAwaitReload(h, () => writeFile(h.configFile, good.slice(0, cut)));
    expect(h.app.lastReload()).toMatchObject({ ok: false, version: goodVersion });
    expect(h.app.lastReload().errors.length).toBeGreaterThan(0);
    await expectOldPolicyServing();

    await writeAndAwaitReload(h, () => writeFile(h.configFile, good));
    await vi.waitFor(() => expect(h.app.lastReload().ok).toBe(true), {
      timeout: 10_000,
      interval: 20,
    });
    await expectOldPolicyServing();
  });

  it('a bad key file keeps the last good keys', async () => {
    const goodKeys = await readFile(h.keyFile, 'utf8');
    try {
      await writeAndAwaitReload(h, () =>
        writeFile(h.keyFile, goodKeys.replace(/sha256: ([0-9a-f]{64})/, 'sha256: not-a-hash')),
      );
      expect(h.app.lastReload()).toMatchObject({ ok: false, version: goodVersion });
      expect(h.app.lastReload().errors.join('\n')).toMatch(/keys\.yaml:\d+:\d+ keys\[0\]\.sha256/);
      await expectOldPolicyServing();
    } finally {
      await writeAndAwaitReload(h, () => writeFile(h.keyFile, goodKeys));
    }
  });
});
