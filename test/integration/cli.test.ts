/**
 * The command line as an operator runs it (a real process on the project's Node 24): `serve` and
 * `check-config` on invalid configs (exit 1, every error with file:line), `check-config` on a good
 * one, and `keys create` / `keys list` (the key printed once, only its hash at rest, picked up by
 * a running proxy).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse, stringify } from 'yaml';
import { hashApiKey } from '../../src/auth/api-key.ts';
import {
  baseConfig,
  startHarness,
  TEST_ENV,
  writeTestKeys,
  type Harness,
} from '../helpers/harness.ts';
import { cli, ROOT } from '../helpers/cli-process.ts';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The error line for `path` at `line` of `file`, as `file:line:column path: message`. */
function errorLine(output: string, file: string, line: number, path: string): string | undefined {
  const pattern = new RegExp(
    `^\\s*${escapeRegExp(file)}:${line}:\\d+ ${escapeRegExp(path)}: (.+)$`,
    'm',
  );
  return pattern.exec(output)?.[1];
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dg-cli-'));
  await writeTestKeys(join(dir, 'keys.yaml'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Five problems of different kinds, each on a known line. The first three are schema errors, the
// last two are found when the config is compiled (CIDRs, environment).
const MULTI_ERROR_CONFIG = `listen:
  host: 127.0.0.1
  port: 0
  trusted_proxies: ["10.0.0.0/8", "10.0.0.0/33"]
  drain_timeout: 5 seconds
  colour: blue
limits:
  max_concurrent_requests: many
upstream:
  url: http://127.0.0.1:9
  credential:
    mode: replace
    value_env: DG_TEST_UNSET_UPSTREAM_KEY
auth:
  key_file: keys.yaml
decision_log:
  path: decisions.ndjson
admin:
  enabled: false
accounts:
  tiers:
    standard: { requests_per_minute: 60, input_tokens_per_minute: 1000, output_tokens_per_minute: 100 }
    free: { requests_per_minute: 6, input_tokens_per_minute: 100, output_tokens_per_minute: 10 }
  default_tier: standard
`;
const EXPECTED_ERRORS: { line: number; path: string; message: RegExp }[] = [
  { line: 4, path: 'listen.trusted_proxies[1]', message: /10\.0\.0\.0\/33/ },
  { line: 5, path: 'listen.drain_timeout', message: /duration/ },
  { line: 6, path: 'listen.colour', message: /unknown key/ },
  { line: 8, path: 'limits.max_concurrent_requests', message: /number/ },
  { line: 13, path: 'upstream.credential.value_env', message: /DG_TEST_UNSET_UPSTREAM_KEY/ },
];

/** A config with only compile-stage problems (each found after the schema passed). */
const COMPILE_ERROR_CONFIG = `listen:
  port: 0
  trusted_proxies: ["10.0.0.0/8", "300.1.2.3/8"]
upstream:
  url: http://127.0.0.1:9
  credential:
    value_env: DG_TEST_UNSET_UPSTREAM_KEY
auth:
  key_file: keys.yaml
admin:
  enabled: false
`;

/** A config with only schema problems. */
const SCHEMA_ERROR_CONFIG = `listen:
  port: 0
  drain_timeout: soon
  colour: blue
upstream:
  url: http://127.0.0.1:9
  credentials: {}
auth:
  key_file: keys.yaml
admin:
  enabled: false
`;

async function configFile(name: string, text: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
}

describe('invalid config', () => {
  it('serve exits 1 and lists every error with file:line, without listening', async () => {
    const file = await configFile('multi.yaml', MULTI_ERROR_CONFIG);
    const run = await cli(['serve', '--config', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${file} is invalid`);
    expect(run.stderr).not.toContain('distillguard listening');
    for (const expected of EXPECTED_ERRORS) {
      const message = errorLine(run.stderr, file, expected.line, expected.path);
      expect(message, `${expected.path} (line ${expected.line}) in:\n${run.stderr}`).toMatch(
        expected.message,
      );
    }
  });

  it('check-config exits 1 and lists every error with file:line', async () => {
    const file = await configFile('multi-check.yaml', MULTI_ERROR_CONFIG);
    const run = await cli(['check-config', file]);
    expect(run.code).toBe(1);
    const output = run.stdout + run.stderr;
    expect(output).toContain(`${file}: ${EXPECTED_ERRORS.length} problems`);
    for (const expected of EXPECTED_ERRORS) {
      const message = errorLine(output, file, expected.line, expected.path);
      expect(message, `${expected.path} (line ${expected.line}) in:\n${output}`).toMatch(
        expected.message,
      );
    }
  });

  it('check-config lists schema errors together', async () => {
    const file = await configFile('schema.yaml', SCHEMA_ERROR_CONFIG);
    const run = await cli(['check-config', file]);
    expect(run.code).toBe(1);
    const output = run.stdout + run.stderr;
    expect(errorLine(output, file, 3, 'listen.drain_timeout')).toMatch(/duration/);
    expect(errorLine(output, file, 4, 'listen.colour')).toMatch(/unknown key/);
    expect(errorLine(output, file, 7, 'upstream.credentials')).toMatch(/unknown key/);
  });

  it('check-config lists compile-stage errors together', async () => {
    const file = await configFile('compile.yaml', COMPILE_ERROR_CONFIG);
    const run = await cli(['check-config', file]);
    expect(run.code).toBe(1);
    const output = run.stdout + run.stderr;
    expect(errorLine(output, file, 3, 'listen.trusted_proxies[1]')).toMatch(/300\.1\.2\.3/);
    expect(errorLine(output, file, 7, 'upstream.credential.value_env')).toMatch(
      /DG_TEST_UNSET_UPSTREAM_KEY is not set/,
    );
  });

  it('a value of the wrong type is reported as a wrong type, not as missing', async () => {
    const file = await configFile(
      'wrong-type.yaml',
      SCHEMA_ERROR_CONFIG.replace(
        'drain_timeout: soon\n  colour: blue\n',
        'port: "8080"\n',
      ).replace('port: 0\n', ''),
    );
    const run = await cli(['check-config', file]);
    expect(run.code).toBe(1);
    const message = errorLine(run.stdout, file, 2, 'listen.port');
    expect(message, run.stdout).toBeDefined();
    expect(message).not.toMatch(/required/);
    expect(message).toMatch(/number/);
  });

  it('serve exits 1 when the config file does not exist', async () => {
    const run = await cli(['serve', '--config', join(dir, 'absent.yaml')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('absent.yaml');
  });
});

describe('check-config', () => {
  it('exits 0 on a good config', async () => {
    const file = await configFile('good.yaml', stringify(baseConfig(dir, 'http://127.0.0.1:9')));
    const run = await cli(['check-config', file], TEST_ENV);
    expect(run.stdout).toContain(`${file}: ok`);
    expect(run.stdout).toContain('4 keys');
    expect(run.code).toBe(0);
  });

  it('exits 0 on the annotated default config', async () => {
    const run = await cli(['check-config', join(ROOT, 'config/distillguard.yaml')], {
      UPSTREAM_API_KEY: 'sk-upstream-test-0123456789',
      DISTILLGUARD_ADMIN_TOKEN: 'admin-token-0123456789abcdef',
    });
    // The default names keys.yaml next to it, which a fresh clone does not have: that must then be
    // the only problem.
    if (run.code !== 0) {
      expect(run.stdout).toContain(': 1 problem\n');
      expect(run.stdout).toMatch(/keys\.yaml: cannot read file: ENOENT/);
    } else {
      expect(run.stdout).toContain(': ok');
    }
  });
});

describe('keys', () => {
  it('create prints the key once on stdout and stores only its SHA-256', async () => {
    const keyFile = join(dir, 'created-keys.yaml');
    const run = await cli([
      'keys',
      'create',
      '--account',
      'A',
      '--org',
      'O',
      '--tier',
      'T',
      '--key-file',
      keyFile,
    ]);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(1);
    const key = lines[0]!;
    expect(key).toMatch(/^dg_[0-9A-Za-z]{46}$/);
    expect(run.stderr).not.toContain(key);

    const text = await readFile(keyFile, 'utf8');
    expect(text).not.toContain(key);
    expect(text).not.toContain(key.slice(3)); // not even without its prefix
    const parsed = parse(text) as { version: number; keys: Record<string, unknown>[] };
    expect(parsed.version).toBe(1);
    expect(parsed.keys).toHaveLength(1);
    expect(parsed.keys[0]).toMatchObject({
      sha256: hashApiKey(key),
      account: 'A',
      org: 'O',
      tier: 'T',
    });
    expect(parsed.keys[0]!['id']).toMatch(/^key_/);

    // A second key is appended; the first stays.
    const again = await cli(['keys', 'create', '--account', 'B', '--key-file', keyFile]);
    expect(again.code).toBe(0);
    const second = again.stdout.trim();
    expect(second).not.toBe(key);
    const both = await readFile(keyFile, 'utf8');
    expect(both).not.toContain(second);
    expect((parse(both) as { keys: unknown[] }).keys).toHaveLength(2);

    // keys list shows ids and accounts, never a key.
    const list = await cli(['keys', 'list', '--key-file', keyFile]);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(String(parsed.keys[0]!['id']));
    expect(list.stdout).toMatch(/\tA\tO\tT\t/);
    for (const secret of [key, second]) {
      expect(list.stdout + list.stderr).not.toContain(secret);
      expect(list.stdout + list.stderr).not.toContain(secret.slice(3));
    }
    expect(list.stdout).not.toMatch(/dg_[0-9A-Za-z]{20}/);
  });

  it('create without --account fails and writes nothing', async () => {
    const keyFile = join(dir, 'no-account-keys.yaml');
    const run = await cli(['keys', 'create', '--org', 'O', '--key-file', keyFile]);
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('--account');
    await expect(readFile(keyFile, 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('create refuses a broken key file instead of overwriting it', async () => {
    const keyFile = join(dir, 'broken-keys.yaml');
    await writeFile(keyFile, 'version: 1\nkeys: [\n');
    const run = await cli(['keys', 'create', '--account', 'A', '--key-file', keyFile]);
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(await readFile(keyFile, 'utf8')).toBe('version: 1\nkeys: [\n');
  });

  describe('against a running proxy', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness({ watch: true });
    });
    afterAll(async () => {
      await h.close();
    });

    it('a key created with --config works after the hot reload; keys list never shows it', async () => {
      const call = async (key: string): Promise<number> => {
        const res = await request(`${h.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            model: 'mock-large',
            messages: [{ role: 'user', content: 'hi' }],
          }),
        });
        await res.body.text();
        return res.statusCode;
      };

      const run = await cli([
        'keys',
        'create',
        '--account',
        'acct_cli',
        '--org',
        'org_cli',
        '--tier',
        'standard',
        '--config',
        h.configFile,
      ]);
      expect(run.code).toBe(0);
      const key = run.stdout.trim();
      expect(key).toMatch(/^dg_/);

      await vi.waitFor(async () => expect(await call(key)).toBe(200), {
        timeout: 10_000,
        interval: 50,
      });
      const records = await h.records();
      expect(records.at(-1)).toMatchObject({
        account: 'acct_cli',
        org: 'org_cli',
        tier: 'standard',
        status: 200,
      });
      // The existing keys still work.
      expect(await call(h.keys.alice)).toBe(200);

      const keyText = await readFile(h.keyFile, 'utf8');
      expect(keyText).not.toContain(key);
      const list = await cli(['keys', 'list', '--config', h.configFile]);
      expect(list.code).toBe(0);
      expect(list.stdout).toContain('acct_cli');
      expect(list.stdout).toContain('acct_alice');
      for (const secret of [key, ...Object.values(h.keys)]) {
        expect(list.stdout + list.stderr).not.toContain(secret);
      }
    });
  });
});
