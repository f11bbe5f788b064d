/**
 * Identity end to end (issue 3), API keys and overrides: keys made with the real CLI
 * (`distillguard keys create | revoke | list`, a child process on the project's Node 24) and picked
 * up by a running proxy through its hot reload, then used by the official SDKs; every credential
 * failure (missing, malformed, unknown, revoked, expired) answered with one identical 401 body and
 * told apart only in the decision record's `detail`; two credentials → 400; a key file edited into
 * an invalid state leaves the previous keys serving; operator overrides
 * (account and org, allow and deny, expiry, facts, hot reload); and no raw key anywhere in the
 * decision log, the process log or the admin answers. JWTs are in identity-jwt.test.ts.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse, stringify } from 'yaml';
import { generateApiKey, generateKeyId, hashApiKey } from '../../src/auth/api-key.ts';
import { addKeyFileEntry } from '../../src/auth/key-file.ts';
import type { DecisionRecord } from '../../src/decision-log/record.ts';
import { createLogger } from '../../src/util/logger.ts';
import { ADMIN_TOKEN, startHarness, type Harness } from '../helpers/harness.ts';
import { caught, recordFor } from '../helpers/wait.ts';
import { cli } from '../helpers/cli-process.ts';

const DAY_MS = 86_400_000;
/** How long a key change may take to reach a watching proxy (contract bound, generous). */
const RELOAD_BOUND_MS = 5_000;

// ---------------------------------------------------------------------------------------------
// helpers

interface CreatedKey {
  readonly key: string;
  readonly keyId: string;
}

/** `keys create --config <harness config> …`: the key (stdout) and its id (stderr). */
async function createKey(h: Harness, args: readonly string[]): Promise<CreatedKey> {
  const run = await cli(['keys', 'create', ...args, '--config', h.configFile]);
  expect(run.code, run.stderr).toBe(0);
  const key = run.stdout.trim();
  expect(key).toMatch(/^dg_[0-9A-Za-z]{46}$/);
  const keyId = /created (key_[0-9A-Za-z]+) /.exec(run.stderr)?.[1];
  expect(keyId, run.stderr).toBeDefined();
  return { key, keyId: keyId! };
}

type Dialect = 'openai' | 'anthropic';

interface Probe {
  readonly status: number;
  readonly text: string;
  readonly headers: Headers;
  readonly requestId: string;
  readonly record: DecisionRecord;
}

/**
 * One raw inference request with the given credential headers, in either dialect, and its
 * decision record.
 */
async function probe(
  h: Harness,
  credentials: Record<string, string>,
  dialect: Dialect = 'openai',
): Promise<Probe> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...credentials };
  let path = '/v1/chat/completions';
  let body: unknown = { model: 'gpt-mock', messages: [{ role: 'user', content: 'hi' }] };
  if (dialect === 'anthropic') {
    path = '/v1/messages';
    headers['anthropic-version'] = '2023-06-01';
    body = { model: 'claude-mock', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] };
  }
  const res = await fetch(`${h.url}${path}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  });
  const text = await res.text();
  const requestId = res.headers.get('x-request-id') ?? '';
  return {
    status: res.status,
    text,
    headers: res.headers,
    requestId,
    record: await recordFor(h, requestId),
  };
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

/**
 * The client-visible part of a reply: status and body with the request id masked (its length
 * varies, so Content-Length is only checked against the body).
 */
function clientView(p: Probe): string {
  expect(Number(p.headers.get('content-length'))).toBe(Buffer.byteLength(p.text));
  expect(p.headers.get('content-type')).toBe('application/json');
  return `${p.status} ${p.text.replaceAll(p.requestId, 'ID')}`;
}

/** Polls until a request with `key` gets `status` (and `detail`, when given). */
async function waitForKeyState(
  h: Harness,
  key: string,
  status: number,
  detail?: string,
): Promise<Probe> {
  return vi.waitFor(
    async () => {
      const p = await probe(h, bearer(key));
      expect(p.status).toBe(status);
      if (detail !== undefined) expect(p.record.detail).toBe(detail);
      return p;
    },
    { timeout: RELOAD_BOUND_MS, interval: 50 },
  );
}

function openai(h: Harness, key: string): OpenAI {
  return new OpenAI({ apiKey: key, baseURL: `${h.url}/v1`, maxRetries: 0 });
}

/**
 * The Anthropic SDK (1.x) sends `apiKey` as `Authorization: Bearer`; the x-api-key header is sent
 * as an explicit header with no SDK credential (which the SDK accepts). Both ways are tested.
 */
function anthropic(h: Harness, key: string, via: 'bearer' | 'x-api-key' = 'bearer'): Anthropic {
  return via === 'bearer'
    ? new Anthropic({ apiKey: key, authToken: null, baseURL: h.url, maxRetries: 0 })
    : new Anthropic({
        apiKey: null,
        authToken: null,
        baseURL: h.url,
        maxRetries: 0,
        defaultHeaders: { 'x-api-key': key },
      });
}

interface KeyInfo {
  readonly account: string;
  readonly org?: string;
  readonly tier?: string;
  readonly labels?: string[];
  readonly verified?: boolean;
}

/** Adds a key to the harness key file directly and waits until the watching proxy serves it. */
async function addKey(h: Harness, info: KeyInfo): Promise<string> {
  const key = generateApiKey();
  await addKeyFileEntry(h.keyFile, {
    id: generateKeyId(),
    sha256: hashApiKey(key),
    created_at: new Date().toISOString(),
    ...info,
  });
  await vi.waitFor(
    async () => expect((await probe(h, bearer(key))).record.detail).not.toBe('unknown_key'),
    { timeout: RELOAD_BOUND_MS, interval: 50 },
  );
  return key;
}

/** Writes a config file the way an editor would: a new file renamed over the old one. */
async function rewriteConfig(
  h: Harness,
  edit: (config: Record<string, unknown>) => void,
): Promise<void> {
  const config = parse(await readFile(h.configFile, 'utf8')) as Record<string, unknown>;
  edit(config);
  const temporary = `${h.configFile}.tmp`;
  await writeFile(temporary, stringify(config));
  await rename(temporary, h.configFile);
}

/** Every raw key a test used: none may appear in any log or admin answer. */
const usedKeys = new Set<string>();
const logLines: string[] = [];
const logger = createLogger((line) => logLines.push(line));

// ---------------------------------------------------------------------------------------------
// API keys made with the CLI, against a watching proxy

describe('API keys made with `distillguard keys`, through the proxy', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ watch: true, logger });
    for (const key of Object.values(h.keys)) usedKeys.add(key);
  });
  afterAll(async () => {
    await h.close();
  });

  it('a created key works with both SDKs after the hot reload; records carry the account facts', async () => {
    const accountCreatedAt = new Date(Date.now() - 12 * DAY_MS - 3_600_000).toISOString();
    const { key, keyId } = await createKey(h, [
      '--account',
      'acct_carol',
      '--org',
      'org_uni',
      '--tier',
      'standard',
      '--expires',
      '90d',
      '--label',
      'edu',
      '--label',
      'cohort_7',
      '--verified',
      '--programme',
      'education',
      '--declared-use',
      'eval',
      '--account-created-at',
      accountCreatedAt,
    ]);
    usedKeys.add(key);
    await waitForKeyState(h, key, 200);

    const expected = {
      account: 'acct_carol',
      org: 'org_uni',
      tier: 'standard',
      key_id: keyId,
      credential: 'api_key',
      account_age_days: 12,
      verified: true,
      programme: 'education',
      declared_use: 'eval',
      labels: ['edu', 'cohort_7'],
      action: 'allow',
      status: 200,
      error: null,
      detail: null,
      outcome: 'completed',
    };

    const { data: completion, request_id } = await openai(h, key)
      .chat.completions.create({
        model: 'gpt-mock',
        messages: [{ role: 'user', content: 'Hello.' }],
      })
      .withResponse();
    expect(completion.choices[0]!.message.content).toBeTruthy();
    expect(await recordFor(h, request_id)).toMatchObject({
      ...expected,
      route: 'openai.chat_completions',
    });

    for (const via of ['bearer', 'x-api-key'] as const) {
      const { data: message, response } = await anthropic(h, key, via)
        .messages.create({
          model: 'claude-mock',
          max_tokens: 64,
          messages: [{ role: 'user', content: 'Hello.' }],
        })
        .withResponse();
      expect(message.type).toBe('message');
      expect(await recordFor(h, response.headers.get('x-request-id'))).toMatchObject({
        ...expected,
        route: 'anthropic.messages',
      });
    }

    // The upstream gets the proxy's own credential, never the client's key.
    for (const seen of h.mock.requests) {
      expect(seen.rawHeaders.join('\n')).not.toContain(key);
    }
  });

  it('a key without account facts is recorded with nulls and the default tier', async () => {
    const { key, keyId } = await createKey(h, ['--account', 'acct_plain']);
    usedKeys.add(key);
    const p = await waitForKeyState(h, key, 200);
    expect(p.record).toMatchObject({
      account: 'acct_plain',
      org: null,
      tier: 'default',
      key_id: keyId,
      credential: 'api_key',
      account_age_days: null,
      verified: false,
      programme: null,
      declared_use: null,
      labels: [],
    });
  });

  it('keys revoke: the key gets 401 (revoked_key) within seconds; keys list shows it revoked, never a key', async () => {
    const { key, keyId } = await createKey(h, [
      '--account',
      'acct_dave',
      '--org',
      'org_acme',
      '--tier',
      'free',
    ]);
    usedKeys.add(key);
    await waitForKeyState(h, key, 200);

    const run = await cli([
      'keys',
      'revoke',
      keyId,
      '--reason',
      'leaked in a public repo',
      '--config',
      h.configFile,
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`revoked ${keyId}`);
    const revoked = await waitForKeyState(h, key, 401, 'revoked_key');
    expect(revoked.record).toMatchObject({
      account: null,
      key_id: null,
      credential: null,
      action: 'reject',
      error: 'DG_ERR_UNAUTHENTICATED',
      outcome: 'rejected',
    });
    // Revoking again finds no active key.
    const again = await cli(['keys', 'revoke', keyId, '--config', h.configFile]);
    expect(again.code).toBe(1);
    // The SDK sees a plain AuthenticationError.
    const error = await caught(
      openai(h, key).chat.completions.create({
        model: 'gpt-mock',
        messages: [{ role: 'user', content: 'hi' }],
      }),
    );
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    // Other keys are untouched.
    expect((await probe(h, bearer(h.keys.alice))).status).toBe(200);

    const list = await cli(['keys', 'list', '--config', h.configFile]);
    expect(list.code, list.stderr).toBe(0);
    const row = list.stdout.split('\n').find((line) => line.startsWith(`${keyId}\t`));
    expect(row?.split('\t')).toEqual([
      keyId,
      'acct_dave',
      'org_acme',
      'free',
      'revoked',
      expect.stringMatching(/^\d{4}-/),
      '-',
      '-',
    ]);
    const json = await cli([
      'keys',
      'list',
      '--json',
      '--account',
      'acct_dave',
      '--config',
      h.configFile,
    ]);
    expect(json.code, json.stderr).toBe(0);
    const entries = json.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      id: keyId,
      account: 'acct_dave',
      status: 'revoked',
      revoke_reason: 'leaked in a public repo',
      revoked_at: expect.stringMatching(/^\d{4}-/) as unknown,
    });
    expect(entries[0]).not.toHaveProperty('sha256');

    for (const output of [list, json]) {
      const text = output.stdout + output.stderr;
      for (const secret of usedKeys) {
        expect(text).not.toContain(secret);
        expect(text).not.toContain(secret.slice(3));
      }
      expect(text).not.toMatch(/dg_[0-9A-Za-z]{20}/);
      expect(text).not.toContain(hashApiKey(key));
    }
  }, 90_000); // five CLI processes, each a fresh Node start: headroom on a loaded 2-core machine

  it('an expired key gets 401 (expired_key); keys list shows it expired', async () => {
    // The CLI accepts an expiry in the past (the key is created already expired).
    const { key, keyId } = await createKey(h, [
      '--account',
      'acct_erik',
      '--expires',
      '2020-01-01T00:00:00Z',
    ]);
    usedKeys.add(key);
    const p = await waitForKeyState(h, key, 401, 'expired_key');
    expect(p.record).toMatchObject({ account: null, error: 'DG_ERR_UNAUTHENTICATED' });
    const list = await cli([
      'keys',
      'list',
      '--json',
      '--account',
      'acct_erik',
      '--config',
      h.configFile,
    ]);
    expect(JSON.parse(list.stdout.trim())).toMatchObject({ id: keyId, status: 'expired' });
  });

  it('a key stops working when its expiry passes while the proxy runs', async () => {
    const { key } = await createKey(h, ['--account', 'acct_brief', '--expires', '6s']);
    usedKeys.add(key);
    await waitForKeyState(h, key, 200);
    await vi.waitFor(
      async () => {
        const p = await probe(h, bearer(key));
        expect(p.status).toBe(401);
        expect(p.record.detail).toBe('expired_key');
      },
      { timeout: 20_000, interval: 200 },
    );
  });

  it('every credential failure gets the identical 401 body in each dialect; only the detail differs', async () => {
    const { key: revokedKey, keyId } = await createKey(h, ['--account', 'acct_gone']);
    const { key: expiredKey } = await createKey(h, [
      '--account',
      'acct_old',
      '--expires',
      '2021-06-01T00:00:00Z',
    ]);
    usedKeys.add(revokedKey).add(expiredKey);
    await waitForKeyState(h, revokedKey, 200);
    expect((await cli(['keys', 'revoke', keyId, '--config', h.configFile])).code).toBe(0);
    await waitForKeyState(h, revokedKey, 401, 'revoked_key');

    const valid = h.keys.alice;
    // The last checksum character changed: a typo, refused before any lookup.
    const typo = valid.slice(0, -1) + (valid.endsWith('A') ? 'B' : 'A');
    const unknown = generateApiKey();
    usedKeys.add(unknown);
    const cases: { name: string; headers: Record<string, string>; detail: string }[] = [
      { name: 'missing', headers: {}, detail: 'missing_credential' },
      {
        name: 'basic auth',
        headers: { authorization: 'Basic dXNlcjpwYXNz' },
        detail: 'unsupported_scheme',
      },
      { name: 'empty bearer', headers: { authorization: 'Bearer ' }, detail: 'unsupported_scheme' },
      {
        name: 'foreign key',
        headers: bearer('sk-proj-not-a-distillguard-key'),
        detail: 'malformed_key',
      },
      { name: 'typo', headers: bearer(typo), detail: 'malformed_key' },
      { name: 'truncated', headers: bearer(valid.slice(0, 20)), detail: 'malformed_key' },
      { name: 'unknown', headers: bearer(unknown), detail: 'unknown_key' },
      { name: 'unknown (x-api-key)', headers: { 'x-api-key': unknown }, detail: 'unknown_key' },
      { name: 'revoked', headers: bearer(revokedKey), detail: 'revoked_key' },
      { name: 'expired', headers: { 'x-api-key': expiredKey }, detail: 'expired_key' },
    ];
    for (const dialect of ['openai', 'anthropic'] as const) {
      const views = new Set<string>();
      for (const { name, headers, detail } of cases) {
        const p = await probe(h, headers, dialect);
        expect(p.status, name).toBe(401);
        expect(p.record, name).toMatchObject({
          account: null,
          key_id: null,
          credential: null,
          action: 'reject',
          status: 401,
          error: 'DG_ERR_UNAUTHENTICATED',
          detail,
          outcome: 'rejected',
          dialect,
        });
        expect(p.headers.get('retry-after'), name).toBeNull();
        views.add(clientView(p));
      }
      expect([...views], dialect).toEqual([...views].slice(0, 1));
      const body = JSON.parse([...views][0]!.split(' ').slice(1).join(' ')) as unknown;
      expect(body).toEqual(
        dialect === 'openai'
          ? {
              error: {
                message: 'Invalid or missing API key.',
                type: 'authentication_error',
                param: null,
                code: 'DG_ERR_UNAUTHENTICATED',
              },
            }
          : {
              type: 'error',
              error: {
                type: 'authentication_error',
                message: 'Invalid or missing API key.',
                code: 'DG_ERR_UNAUTHENTICATED',
              },
              request_id: 'ID',
            },
      );
    }
  });

  it('two different credentials in one request → 400 (both SDKs), never forwarded', async () => {
    const upstreamBefore = h.mock.requests.length;
    const raw = await probe(h, { ...bearer(h.keys.alice), 'x-api-key': h.keys.bob });
    expect(raw.status).toBe(400);
    expect(raw.headers.get('x-should-retry')).toBe('false');
    expect(raw.record).toMatchObject({
      account: null,
      status: 400,
      error: 'DG_ERR_CONFLICTING_CREDENTIALS',
      detail: 'conflicting_credentials',
      outcome: 'rejected',
    });
    // A valid key next to a garbage one is still two credentials.
    const mixed = await probe(h, { 'x-api-key': h.keys.alice, 'api-key': 'sk-other' }, 'anthropic');
    expect(mixed.status).toBe(400);
    expect(mixed.record.detail).toBe('conflicting_credentials');

    // Anthropic SDK with an API key (sent as Authorization: Bearer) and an x-api-key header.
    const both = new Anthropic({
      apiKey: h.keys.alice,
      authToken: null,
      baseURL: h.url,
      maxRetries: 0,
      defaultHeaders: { 'x-api-key': h.keys.bob },
    });
    const aError = await caught(
      both.messages.create({
        model: 'claude-mock',
        max_tokens: 16,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    );
    expect(aError).toBeInstanceOf(Anthropic.BadRequestError);
    const ae = aError as InstanceType<typeof Anthropic.BadRequestError>;
    expect(ae.error).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', code: 'DG_ERR_CONFLICTING_CREDENTIALS' },
    });
    expect((await recordFor(h, ae.requestID)).detail).toBe('conflicting_credentials');

    // OpenAI SDK with an extra x-api-key header.
    const oError = await caught(
      new OpenAI({
        apiKey: h.keys.alice,
        baseURL: `${h.url}/v1`,
        maxRetries: 0,
        defaultHeaders: { 'x-api-key': h.keys.bob },
      }).chat.completions.create({
        model: 'gpt-mock',
        messages: [{ role: 'user', content: 'hi' }],
      }),
    );
    expect(oError).toBeInstanceOf(OpenAI.BadRequestError);
    expect((oError as InstanceType<typeof OpenAI.BadRequestError>).code).toBe(
      'DG_ERR_CONFLICTING_CREDENTIALS',
    );
    expect(h.mock.requests.length).toBe(upstreamBefore);
  });

  it('keys create --tier with a tier the config does not define is refused (exit 2), nothing written', async () => {
    const before = await readFile(h.keyFile, 'utf8');
    const run = await cli([
      'keys',
      'create',
      '--account',
      'acct_x',
      '--tier',
      'platinum',
      '--config',
      h.configFile,
    ]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('platinum');
    expect(await readFile(h.keyFile, 'utf8')).toBe(before);
    // Malformed options are refused too, without writing.
    for (const args of [
      ['--expires', 'next tuesday'],
      ['--account-created-at', 'yesterday'],
    ]) {
      const bad = await cli([
        'keys',
        'create',
        '--account',
        'acct_x',
        ...args,
        '--config',
        h.configFile,
      ]);
      expect(bad.code, args.join(' ')).toBe(2);
      expect(bad.stdout).toBe('');
    }
    expect(await readFile(h.keyFile, 'utf8')).toBe(before);
  });

  it('a key file edited into an invalid state: the previous key set keeps serving', async () => {
    const good = await readFile(h.keyFile, 'utf8');
    const replaceKeyFile = async (text: string) => {
      const temporary = `${h.keyFile}.tmp`;
      await writeFile(temporary, text);
      await rename(temporary, h.keyFile);
    };
    const failedReloadAfter = async (since: number) =>
      vi.waitFor(
        () => {
          const status = h.app.lastReload();
          expect(status).toMatchObject({ ok: false, source: 'key_file' });
          expect(status.at).toBeGreaterThan(since);
          return status;
        },
        { timeout: RELOAD_BOUND_MS, interval: 20 },
      );
    const servingBefore = h.app.keys().size;

    // A YAML syntax error.
    let since = h.app.lastReload().at;
    await replaceKeyFile(`${good}
  - [unclosed
`);
    await failedReloadAfter(since);
    expect(h.app.keys().size).toBe(servingBefore);
    expect((await probe(h, bearer(h.keys.alice))).status).toBe(200);
    expect((await probe(h, { 'x-api-key': h.keys.bob }, 'anthropic')).status).toBe(200);

    // Valid YAML with a new key next to a broken entry: the whole file is refused, the new key too.
    const fresh = generateApiKey();
    usedKeys.add(fresh);
    const entries = parse(good) as { version: number; keys: Record<string, unknown>[] };
    const withNew = {
      ...entries,
      keys: [
        ...entries.keys,
        { id: generateKeyId(), sha256: hashApiKey(fresh), account: 'acct_new', tier: 'standard' },
      ],
    };
    since = h.app.lastReload().at;
    await replaceKeyFile(
      stringify({
        ...withNew,
        keys: [...withNew.keys, { id: 'key_broken', sha256: 'not-a-hash', account: 'x' }],
      }),
    );
    const failed = await failedReloadAfter(since);
    expect(failed.errors.join('\n')).toMatch(/sha256/);
    const refused = await probe(h, bearer(fresh));
    expect(refused.status).toBe(401);
    expect(refused.record.detail).toBe('unknown_key');
    expect((await probe(h, bearer(h.keys.alice))).status).toBe(200);
    const ready = JSON.parse(
      await (
        await fetch(`${h.app.adminUrl}/readyz`, {
          headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        })
      ).text(),
    ) as { ready: boolean; api_keys: number; last_reload: { ok: boolean; errors: string[] } };
    expect(ready).toMatchObject({
      ready: true,
      api_keys: servingBefore,
      last_reload: { ok: false },
    });
    expect(ready.last_reload.errors.length).toBeGreaterThan(0);

    // Fixed: the new set (with the new key) serves.
    await replaceKeyFile(stringify(withNew));
    const accepted = await waitForKeyState(h, fresh, 200);
    expect(accepted.record).toMatchObject({ account: 'acct_new', tier: 'standard' });
    expect(h.app.lastReload()).toMatchObject({ ok: true, source: 'key_file' });
    expect((await probe(h, bearer(h.keys.alice))).status).toBe(200);
  });

  it('no decision record, process log line or admin answer contains a raw key', async () => {
    expect(usedKeys.size).toBeGreaterThan(8);
    await h.app.decisionLog.flush();
    const decisions = await readFile(h.decisionLogFile, 'utf8');
    expect(decisions.split('\n').length).toBeGreaterThan(20);
    const admin: string[] = [];
    for (const path of ['/readyz', '/healthz']) {
      const res = await fetch(`${h.app.adminUrl}${path}`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      expect(res.status).toBe(200);
      admin.push(await res.text());
    }
    expect(JSON.parse(admin[0]!)).toMatchObject({
      ready: true,
      api_keys: expect.any(Number) as unknown,
    });
    // The capture works: the reloads were logged.
    expect(logLines.some((line) => line.includes('keys reloaded'))).toBe(true);
    const keyFileText = await readFile(h.keyFile, 'utf8');
    const haystacks = { decisions, log: logLines.join(''), admin: admin.join('\n'), keyFileText };
    for (const [where, text] of Object.entries(haystacks)) {
      for (const secret of usedKeys) {
        expect(text.includes(secret), `${where} contains a raw key`).toBe(false);
        expect(text.includes(secret.slice(3)), `${where} contains a key body`).toBe(false);
      }
      expect(text, where).not.toMatch(/dg_[0-9A-Za-z]{20}/);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Overrides

const OVERRIDES = [
  { account: 'acct_mallory', action: 'deny', reason: 'test: deny-listed account' },
  { org: 'org_blocked', action: 'deny', reason: 'test: deny-listed org' },
  // An account-level allow beats its org's deny.
  { account: 'acct_trusted', action: 'allow', reason: 'vetted research partner' },
  // Expired: no effect, neither the deny nor the allow.
  {
    account: 'acct_paroled',
    action: 'deny',
    reason: 'old ban',
    expires: '2020-01-01T00:00:00Z',
    labels: ['stale_label'],
  },
  {
    account: 'acct_lapsed',
    action: 'allow',
    reason: 'lapsed exception',
    expires: '2021-01-01T00:00:00Z',
  },
  // Facts only (no action): an org-wide programme, and an account-level review.
  {
    org: 'org_edu',
    reason: 'university onboarding',
    labels: ['edu_programme'],
    verified: true,
    programme: 'education',
    declared_use: 'eval',
  },
  {
    account: 'acct_student',
    reason: 'manual review',
    labels: ['under_review'],
    declared_use: 'batch',
    tier: 'free',
  },
  // Not yet expired: applies.
  {
    account: 'acct_temp',
    action: 'deny',
    reason: 'temporary suspension',
    expires: new Date(Date.now() + 30 * DAY_MS).toISOString(),
  },
];

describe('account overrides, through the proxy', () => {
  let h: Harness;
  const keys: Record<string, string> = {};
  beforeAll(async () => {
    h = await startHarness({ watch: true, config: { accounts: { overrides: OVERRIDES } } });
    const more: [string, KeyInfo][] = [
      ['trusted', { account: 'acct_trusted', org: 'org_blocked', tier: 'standard' }],
      ['paroled', { account: 'acct_paroled', org: 'org_acme' }],
      ['lapsed', { account: 'acct_lapsed', org: 'org_blocked' }],
      ['student', { account: 'acct_student', org: 'org_edu', tier: 'standard', labels: ['own'] }],
      ['teacher', { account: 'acct_teacher', org: 'org_edu' }],
      ['temp', { account: 'acct_temp', org: 'org_acme' }],
    ];
    for (const [name, info] of more) keys[name] = await addKey(h, info);
  });
  afterAll(async () => {
    await h.close();
  });

  async function expectBlocked(key: string, reason: string, rule: string): Promise<void> {
    for (const dialect of ['openai', 'anthropic'] as const) {
      const p = await probe(h, bearer(key), dialect);
      expect(p.status).toBe(403);
      expect(p.headers.get('x-should-retry')).toBe('false');
      expect(p.record).toMatchObject({
        action: 'block',
        rule,
        reason: 'override_deny',
        status: 403,
        error: 'DG_ERR_BLOCKED',
        detail: reason,
        outcome: 'blocked',
      });
      // The reviewer-facing reason stays in the log.
      expect(p.text).not.toContain(reason);
    }
  }

  it('an account-level deny → 403 with x-should-retry: false; the detail is the override reason', async () => {
    await expectBlocked(h.keys.mallory, 'test: deny-listed account', 'override:account');
    const error = await caught(
      anthropic(h, h.keys.mallory).messages.create({
        model: 'claude-mock',
        max_tokens: 16,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    );
    expect(error).toBeInstanceOf(Anthropic.PermissionDeniedError);
    const record = await recordFor(h, (error as InstanceType<typeof Anthropic.APIError>).requestID);
    expect(record).toMatchObject({
      account: 'acct_mallory',
      org: 'org_shadow',
      credential: 'api_key',
      detail: 'test: deny-listed account',
    });
  });

  it('an org-level deny blocks every account of the org', async () => {
    await expectBlocked(h.keys.erin, 'test: deny-listed org', 'override:org');
    const error = await caught(
      openai(h, h.keys.erin).chat.completions.create({
        model: 'gpt-mock',
        messages: [{ role: 'user', content: 'hi' }],
      }),
    );
    expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(
      (error as InstanceType<typeof OpenAI.PermissionDeniedError>).headers.get('x-should-retry'),
    ).toBe('false');
  });

  it('an account-level allow beats an org-level deny', async () => {
    const { data, request_id } = await openai(h, keys['trusted']!)
      .chat.completions.create({ model: 'gpt-mock', messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    expect(data.choices).toHaveLength(1);
    expect(await recordFor(h, request_id)).toMatchObject({
      account: 'acct_trusted',
      org: 'org_blocked',
      action: 'allow',
      rule: 'override:account',
      reason: 'override_allow',
      status: 200,
      outcome: 'completed',
    });
  });

  it('an override whose expiry has passed has no effect', async () => {
    const paroled = await probe(h, bearer(keys['paroled']!));
    expect(paroled.status).toBe(200);
    expect(paroled.record).toMatchObject({
      account: 'acct_paroled',
      action: 'allow',
      rule: null,
      reason: 'default',
      labels: [],
    });
    // The lapsed allow no longer shields the account from its org's deny.
    await expectBlocked(keys['lapsed']!, 'test: deny-listed org', 'override:org');
    // A deny that has not expired yet applies.
    await expectBlocked(keys['temp']!, 'temporary suspension', 'override:account');
  });

  it('labels, verified, programme, declared_use and tier from overrides appear in the record', async () => {
    const teacher = await probe(h, bearer(keys['teacher']!), 'anthropic');
    expect(teacher.status).toBe(200);
    expect(teacher.record).toMatchObject({
      account: 'acct_teacher',
      org: 'org_edu',
      tier: 'default',
      verified: true,
      programme: 'education',
      declared_use: 'eval',
      labels: ['edu_programme'],
      action: 'allow',
      rule: null,
    });
    // Account-level facts win field by field; labels of the key and of both overrides add up.
    const student = await probe(h, bearer(keys['student']!));
    expect(student.status).toBe(200);
    expect(student.record).toMatchObject({
      account: 'acct_student',
      org: 'org_edu',
      tier: 'free',
      verified: true,
      programme: 'education',
      declared_use: 'batch',
    });
    expect([...student.record.labels].sort()).toEqual(['edu_programme', 'own', 'under_review']);
  });

  it('editing the overrides in the config file applies on hot reload', async () => {
    expect((await probe(h, bearer(h.keys.alice))).status).toBe(200);
    await rewriteConfig(h, (config) => {
      const accounts = config['accounts'] as { overrides: Record<string, unknown>[] };
      accounts.overrides.push({
        account: 'acct_alice',
        action: 'deny',
        reason: 'added while running',
        labels: ['suspended'],
      });
      // And lift the org ban.
      accounts.overrides = accounts.overrides.filter((o) => o['org'] !== 'org_blocked');
    });
    const blocked = await vi.waitFor(
      async () => {
        const p = await probe(h, bearer(h.keys.alice));
        expect(p.status).toBe(403);
        return p;
      },
      { timeout: RELOAD_BOUND_MS, interval: 50 },
    );
    expect(blocked.record).toMatchObject({
      account: 'acct_alice',
      detail: 'added while running',
      labels: ['suspended'],
      rule: 'override:account',
    });
    expect((await probe(h, bearer(h.keys.erin))).status).toBe(200);
    // Bob, same org as alice, is unaffected.
    expect((await probe(h, bearer(h.keys.bob))).status).toBe(200);

    // Removing it again lifts the block.
    await rewriteConfig(h, (config) => {
      const accounts = config['accounts'] as { overrides: Record<string, unknown>[] };
      accounts.overrides = accounts.overrides.filter((o) => o['account'] !== 'acct_alice');
    });
    await vi.waitFor(async () => expect((await probe(h, bearer(h.keys.alice))).status).toBe(200), {
      timeout: RELOAD_BOUND_MS,
      interval: 50,
    });
  });
});
