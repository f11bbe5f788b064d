/**
 * `distillguard demo` (npm run demo): the product end to end with nothing set up — no upstream,
 * no Redis. Starts the built-in mock inference API, creates API keys for a few accounts, runs the
 * proxy with config/demo.yaml in front of the mock, sends a scripted mix of traffic (both dialects,
 * JSON and SSE, bad credentials, a deny-listed account, malformed and oversized bodies, a client
 * that hangs up mid-stream, an overloaded upstream), then prints what the proxy decided, read back
 * from its decision log. Ends with a short simulation (the `demo` scenario of `distillguard
 * simulate`): a hydra cluster among legitimate heavy users, and how detection treated each.
 * Exits by itself.
 */
import { table } from '../util/text-table.ts';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { startApp } from '../app.ts';
import { generateApiKey, generateKeyId, hashApiKey } from '../auth/api-key.ts';
import { writeKeyFile, type KeyFileInput } from '../auth/key-file.ts';
import { stoppedInFlight, type DecisionRecord } from '../decision-log/record.ts';
import { startMockUpstream } from '../mock-upstream/mock-upstream.ts';
import { buildReport, percent, type ActorResult } from '../simulator/report.ts';
import { COMPRESSED_GENERATION, runScenario } from '../simulator/runner.ts';
import { scenario as demoScenario } from '../simulator/scenarios/demo/index.ts';
import { silentLogger } from '../util/logger.ts';

const DEMO_CONFIG = resolve(dirname(fileURLToPath(import.meta.url)), '../../config/demo.yaml');
const UPSTREAM_SECRET = `demo-upstream-${randomBytes(8).toString('hex')}`;

interface Scenario {
  readonly name: string;
  readonly key: string | undefined;
  readonly path: string;
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** Hang up after the first chunk of the response. */
  readonly abortEarly?: boolean;
}

interface Outcome {
  readonly scenario: Scenario;
  readonly status: number;
  readonly requestId: string;
  readonly note: string;
}

const ANTHROPIC = { 'anthropic-version': '2023-06-01', 'content-type': 'application/json' };
const OPENAI = { 'content-type': 'application/json' };

function scenarios(keys: Record<string, string>): Scenario[] {
  const ask = 'Explain what a reverse proxy does, briefly.';
  const messages = JSON.stringify([{ role: 'user', content: ask }]);
  return [
    {
      name: 'Anthropic message, JSON',
      key: keys['alice'],
      path: '/v1/messages',
      headers: ANTHROPIC,
      body: `{"model":"mock-large","max_tokens":256,"messages":${messages}}`,
    },
    {
      name: 'Anthropic message, SSE + thinking',
      key: keys['alice'],
      path: '/v1/messages',
      headers: ANTHROPIC,
      body: `{"model":"mock-large","max_tokens":2048,"stream":true,"thinking":{"type":"enabled","budget_tokens":1024},"messages":${messages}}`,
    },
    {
      name: 'OpenAI chat, JSON',
      key: keys['bob'],
      path: '/v1/chat/completions',
      headers: OPENAI,
      body: `{"model":"mock-large","messages":${messages}}`,
    },
    {
      name: 'OpenAI chat, SSE with usage',
      key: keys['bob'],
      path: '/v1/chat/completions',
      headers: OPENAI,
      body: `{"model":"mock-large","stream":true,"stream_options":{"include_usage":true},"messages":${messages}}`,
    },
    {
      name: 'OpenAI Responses, SSE',
      key: keys['bob'],
      path: '/v1/responses',
      headers: OPENAI,
      body: `{"model":"mock-large","stream":true,"input":"${ask}"}`,
    },
    { name: 'List models (pass-through)', key: keys['bob'], path: '/v1/models', method: 'GET' },
    {
      name: 'Unknown API key',
      key: generateApiKey(),
      path: '/v1/messages',
      headers: ANTHROPIC,
      body: `{"model":"mock-large","max_tokens":64,"messages":${messages}}`,
    },
    {
      name: 'No API key',
      key: undefined,
      path: '/v1/chat/completions',
      headers: OPENAI,
      body: `{"model":"mock-large","messages":${messages}}`,
    },
    {
      name: 'Deny-listed account',
      key: keys['mallory'],
      path: '/v1/messages',
      headers: ANTHROPIC,
      body: `{"model":"mock-large","max_tokens":4096,"messages":${messages}}`,
    },
    {
      name: 'Malformed JSON',
      key: keys['alice'],
      path: '/v1/messages',
      headers: ANTHROPIC,
      body: '{"model": "mock-large", "messages": [',
    },
    {
      name: 'Body over the 64 KiB cap',
      key: keys['alice'],
      path: '/v1/chat/completions',
      headers: OPENAI,
      body: `{"model":"mock-large","messages":[{"role":"user","content":"${'x'.repeat(70_000)}"}]}`,
    },
    {
      name: 'Path not allow-listed',
      key: keys['alice'],
      path: '/v1/organization/usage',
      method: 'GET',
    },
    {
      name: 'Client hangs up mid-stream',
      key: keys['alice'],
      path: '/v1/messages',
      headers: ANTHROPIC,
      body: `{"model":"mock-large","max_tokens":512,"stream":true,"messages":${messages}}`,
      abortEarly: true,
    },
    {
      name: 'Upstream overloaded (529)',
      key: keys['bob'],
      path: '/v1/chat/completions',
      headers: OPENAI,
      body: `{"model":"mock-overloaded","messages":${messages}}`,
    },
  ];
}

export interface DemoOptions {
  /** Length of the closing simulation in ms (0 skips it; default 15 s). */
  readonly simulationMs?: number;
}

export async function runDemo(
  out: (line: string) => void,
  options: DemoOptions = {},
): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'distillguard-demo-'));
  const mock = await startMockUpstream({
    eventDelayMs: 15,
    words: 12,
    record: true,
    expectedCredential: UPSTREAM_SECRET,
    fault: (req) =>
      req.body.includes('mock-overloaded')
        ? {
            kind: 'status',
            status: 529,
            headers: { 'retry-after': '2' },
            body: JSON.stringify({ error: { message: 'Overloaded', type: 'server_error' } }),
          }
        : undefined,
  });
  const keys = await createDemoKeys(join(dir, 'keys.yaml'));
  const decisionLogPath = join(dir, 'decisions.ndjson');
  const app = await startApp({
    configFile: DEMO_CONFIG,
    env: {
      DEMO_UPSTREAM_KEY: UPSTREAM_SECRET,
      DISTILLGUARD_ADMIN_TOKEN: randomBytes(24).toString('hex'),
    },
    overrides: {
      listen: { port: 0 },
      admin: { port: 0 },
      upstream: { url: mock.url },
      auth: { key_file: join(dir, 'keys.yaml') },
      decision_log: { path: decisionLogPath },
    },
    watch: false,
    logger: silentLogger,
  });
  out(`distillguard demo: mock inference API at ${mock.url}, proxy at ${app.url}`);
  out(
    `accounts: acct_alice and acct_bob (org acme), acct_mallory (deny-listed in config/demo.yaml)\n`,
  );
  const outcomes: Outcome[] = [];
  try {
    for (const scenario of scenarios(keys)) outcomes.push(await send(app.url, scenario));
  } finally {
    await app.shutdown();
    await mock.close();
  }
  const records = (await readFile(decisionLogPath, 'utf8'))
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as DecisionRecord);
  printTable(outcomes, records, out);
  out(`\n${records.length} decision records for ${outcomes.length} requests. One of them in full:`);
  const sample = records.find((record) => record.stream === true && record.outcome === 'completed');
  out(JSON.stringify(sample, null, 2));
  // Checked, not claimed: scan everything the upstream received for the clients' keys.
  const leaked = mock.requests.filter((seen) =>
    Object.values(keys).some((key) => seen.rawHeaders.includes(key) || seen.body.includes(key)),
  ).length;
  out(
    `\nThe upstream received ${mock.requests.length} requests, every one with the upstream credential and ` +
      `${leaked === 0 ? 'none' : leaked} carrying a client key; it saw ${mock.aborted()} exchange aborted ` +
      `(the client that hung up).`,
  );
  await rm(dir, { recursive: true, force: true });
  const simulationMs = options.simulationMs ?? 15_000;
  if (simulationMs > 0) await simulateDemo(simulationMs, out);
  return records.length === outcomes.length && leaked === 0 ? 0 : 1;
}

/** The closing act: the `demo` scenario through the proxy, summarised in a few lines. */
async function simulateDemo(duration: number, out: (line: string) => void): Promise<void> {
  out(
    `\nSimulation: ${demoScenario.description} ${duration / 1000}s through the proxy ` +
      '(config/simulate.yaml; `npm run simulate -- --report` runs the full scenario)…',
  );
  // Answers take time to write here (a real model's ~50 tokens a second under the simulator's
  // compression), so the in-flight re-check has something to stop: see README, Block.
  const run = await runScenario(demoScenario, {
    duration,
    scale: 1,
    seed: 1,
    generationTokensPerSecond: COMPRESSED_GENERATION,
  });
  const report = buildReport(run);
  const actors = report.enforced.actors;
  const accounts = (actor: ActorResult): string =>
    `${actor.actionedAccounts}/${actor.activeAccounts} accounts actioned (${percent(actor.actionedShare)})`;
  out(
    `${run.sends.length} requests from ${new Set(run.sends.map((send) => send.account)).size} accounts.`,
  );
  for (const actor of actors.filter((a) => a.role === 'distiller')) {
    const first = actor.firstAction;
    const campaign = report.enforced.campaigns.find((c) => c.campaign === actor.campaign);
    const speed =
      first && first.medianRequests !== null
        ? `first action after a median of ${first.medianRequests} requests / ${first.medianSeconds?.toFixed(1) ?? '-'} s per account`
        : 'no first action for most of its accounts';
    out(
      `  ${actor.name} (hydra cluster): ${accounts(actor)}; ${speed}; ` +
        `${percent(campaign?.servedShare ?? null)} of its output tokens served.`,
    );
  }
  const heavy = actors.filter((a) => a.role === 'legitimate' && a.persona !== 'chat');
  out(
    `  legitimate heavy users: ${heavy.map((a) => `${a.name} ${a.actionedAccounts}/${a.activeAccounts}`).join(', ')} accounts actioned.`,
  );
  for (const actor of actors.filter((a) => a.persona === 'chat'))
    out(`  ${actor.name}: ${accounts(actor)}.`);
  const stopped = run.records.filter((r) => stoppedInFlight(r.detail)).length;
  out(
    `  ${stopped} answers stopped in flight: decided before their cluster was flagged or their ` +
      'template remembered as blocked, and blocked when looked at again as the answer arrived.',
  );
}

async function createDemoKeys(file: string): Promise<Record<string, string>> {
  const accounts = [
    { name: 'alice', account: 'acct_alice', org: 'org_acme', tier: 'standard' },
    { name: 'bob', account: 'acct_bob', org: 'org_acme', tier: 'standard' },
    { name: 'mallory', account: 'acct_mallory', org: 'org_shadow', tier: 'free' },
  ];
  const keys: Record<string, string> = {};
  const entries: KeyFileInput[] = accounts.map(({ name, account, org, tier }) => {
    const key = generateApiKey();
    keys[name] = key;
    return {
      id: generateKeyId(),
      sha256: hashApiKey(key),
      account,
      org,
      tier,
      created_at: new Date().toISOString(),
    };
  });
  await writeKeyFile(file, entries);
  return keys;
}

async function send(base: string, scenario: Scenario): Promise<Outcome> {
  const headers: Record<string, string> = { ...scenario.headers };
  if (scenario.key) headers['authorization'] = `Bearer ${scenario.key}`;
  const controller = new AbortController();
  const response = await request(`${base}${scenario.path}`, {
    method: (scenario.method ?? 'POST') as 'POST',
    headers,
    body: scenario.body ?? null,
    signal: controller.signal,
  });
  const requestId = String(response.headers['x-request-id'] ?? '');
  let note: string;
  if (scenario.abortEarly) {
    for await (const _chunk of response.body) break;
    controller.abort();
    note = 'hung up after the first event';
    // Let the proxy see the close and abort the upstream before the next scenario.
    await new Promise((resolve) => setTimeout(resolve, 50));
  } else {
    const text = await response.body.text().catch(() => '');
    note = describe(response.statusCode, String(response.headers['content-type'] ?? ''), text);
  }
  return { scenario, status: response.statusCode, requestId, note };
}

function describe(status: number, contentType: string, text: string): string {
  if (contentType.startsWith('text/event-stream')) {
    const events = text.split('\n\n').filter((frame) => frame.trim() !== '').length;
    return `${events} SSE events`;
  }
  try {
    const body = JSON.parse(text) as { error?: { type?: string; code?: string } };
    if (status >= 400) return body.error?.code ?? body.error?.type ?? '';
  } catch {
    return '';
  }
  return 'JSON answer';
}

function printTable(
  outcomes: readonly Outcome[],
  records: readonly DecisionRecord[],
  out: (line: string) => void,
): void {
  const byId = new Map(records.map((record) => [record.request_id, record]));
  const rows = outcomes.map((outcome, index) => {
    const record = byId.get(outcome.requestId);
    const tokens =
      record && (record.tokens_in !== null || record.tokens_out !== null)
        ? `${record.tokens_in ?? '-'}/${record.tokens_out ?? '-'}`
        : '';
    return [
      String(index + 1),
      outcome.scenario.name,
      `${outcome.status} ${outcome.note}`,
      record ? `${record.action}${record.rule ? ` (${record.rule})` : ''}` : 'NO RECORD',
      record?.account ?? '-',
      record?.outcome ?? '',
      record?.detail ?? '',
      tokens,
      record ? `${record.latency_ms.proxy}/${record.latency_ms.upstream}` : '',
    ];
  });
  const header = [
    '#',
    'scenario',
    'client saw',
    'decision',
    'account',
    'outcome',
    'detail',
    'tokens in/out',
    'ms proxy/upstream',
  ];
  for (const line of table(header, rows)) out(line);
}
