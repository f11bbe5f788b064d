import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configJsonSchema } from '../../../src/cli/schema.ts';
import { loadConfig } from '../../../src/config/load-config.ts';
import { DEFAULT_RULES } from '../../../src/policy/default-rules.ts';
import { ruleSchema } from '../../../src/policy/rule-schema.ts';

const ROOT = join(import.meta.dirname, '../../..');
const FIXTURES = join(ROOT, 'test/fixtures/configs');
const ENV = {
  UPSTREAM_API_KEY: 'upstream-secret',
  DISTILLGUARD_ADMIN_TOKEN: 'admin-token-0123456789',
  DEMO_UPSTREAM_KEY: 'demo-secret',
};
const KEY_FILE = join(FIXTURES, 'keys.yaml');

describe('loadConfig', () => {
  it('accepts the shipped annotated default (given its key file and secrets)', async () => {
    const result = await loadConfig(join(ROOT, 'config/distillguard.yaml'), {
      env: ENV,
      overrides: { auth: { key_file: KEY_FILE } },
      loadKeys: true,
    });
    expect(result.ok, JSON.stringify(result)).toBe(true);
  });

  it('writes out the shipped policy in the annotated default, rule for rule', () => {
    // The file says its rules are the shipped policy written out: an operator who copies it
    // must get what running without `policy.rules` gives.
    const text = readFileSync(join(ROOT, 'config/distillguard.yaml'), 'utf8');
    const written = (parse(text) as { policy: { rules: unknown[] } }).policy.rules;
    const shipped = DEFAULT_RULES.map((rule) => {
      const { description: _description, ...parsed } = ruleSchema.parse(rule);
      return parsed;
    });
    expect(written.map((rule) => ruleSchema.parse(rule))).toEqual(shipped);
  });

  it('accepts the demo config', async () => {
    const result = await loadConfig(join(ROOT, 'config/demo.yaml'), {
      env: ENV,
      overrides: { auth: { key_file: KEY_FILE } },
    });
    expect(result.ok).toBe(true);
  });

  it('fills defaults and parses units in a minimal config', async () => {
    const result = await loadConfig(join(FIXTURES, 'minimal.yaml'), { env: ENV, loadKeys: true });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const config = result.config;
    expect(result.keys?.size).toBe(1);
    expect(config.limits.headers_timeout).toBe(10_000);
    expect(config.limits.max_body_bytes).toBe(10 * 1024 * 1024);
    expect(config.upstream.firstByteTimeoutMs).toBe(600_000);
    expect(config.upstream.credentialHeaders?.anthropic).toEqual(['x-api-key', 'upstream-secret']);
    expect(config.upstream.credentialHeaders?.openai).toEqual([
      'authorization',
      'Bearer upstream-secret',
    ]);
    expect(config.policy.mode).toBe('enforce');
    expect(config.admin.token).toBe('admin-token-0123456789');
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('accepts the JWT issuer the annotated default shows (commented out there)', async () => {
    const result = await loadConfig(join(FIXTURES, 'minimal.yaml'), {
      env: ENV,
      overrides: {
        auth: {
          jwt: {
            issuers: [
              {
                name: 'corp',
                issuer: 'https://auth.example.com/',
                audience: ['distillguard'],
                algorithms: ['ES256', 'EdDSA'],
                jwks_url: 'https://auth.example.com/.well-known/jwks.json',
                claims: { account: 'sub', org: 'org_id', tier: 'tier', verified: 'email_verified' },
              },
            ],
          },
        },
      },
    });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.config.jwt?.issuers[0]?.name).toBe('corp');
    expect(result.config.jwt?.issuers[0]?.jwks.cooldown).toBe(30_000);
  });

  it('applies overrides before validation and keeps the upstream path prefix', async () => {
    const result = await loadConfig(join(FIXTURES, 'minimal.yaml'), {
      env: ENV,
      overrides: {
        upstream: { url: 'http://10.1.2.3:8000/api/' },
        listen: { trusted_proxies: ['10.0.0.0/8'] },
      },
    });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.config.upstream.origin).toBe('http://10.1.2.3:8000');
    expect(result.config.upstream.basePath).toBe('/api');
    expect(result.config.listen.trusted.has('10.200.0.1')).toBe(true);
    expect(result.config.listen.trusted.has('11.0.0.1')).toBe(false);
  });

  it('versions configs by content', async () => {
    const load = async (overrides: Record<string, unknown>) => {
      const result = await loadConfig(join(FIXTURES, 'minimal.yaml'), { env: ENV, overrides });
      if (!result.ok) throw new Error('invalid');
      return result.config;
    };
    const a = await load({});
    const b = await load({});
    const c = await load({ policy: { mode: 'shadow' } });
    expect(a.version).toBe(b.version);
    expect(a.policy.version).toBe(b.policy.version);
    expect(c.version).not.toBe(a.version);
    expect(c.policy.version).not.toBe(a.policy.version);
  });

  it('never puts the upstream secret or admin token in an error message', async () => {
    const result = await loadConfig(join(FIXTURES, 'minimal.yaml'), {
      env: { UPSTREAM_API_KEY: 'bad\nsecret-canary', DISTILLGUARD_ADMIN_TOKEN: 'short-canary' },
    });
    expect(result.ok).toBe(false);
    const text = JSON.stringify(result);
    expect(text).not.toContain('secret-canary');
    expect(text).not.toContain('short-canary');
  });
});

describe('config JSON Schema', () => {
  it('is generated from the schema, strict, and config/distillguard.schema.json is up to date', () => {
    const generated = configJsonSchema();
    const schema = JSON.parse(generated) as {
      additionalProperties: boolean;
      required: string[];
      properties: Record<string, unknown>;
    };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(expect.arrayContaining(['upstream', 'auth']));
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining([
        'listen',
        'limits',
        'upstream',
        'routes',
        'auth',
        'store',
        'detection',
        'policy',
        'decision_log',
        'telemetry',
        'admin',
      ]),
    );
    // Regenerate with `npm run schema` when this fails.
    expect(readFileSync(join(ROOT, 'config/distillguard.schema.json'), 'utf8')).toBe(generated);
  });

  it("says what the loader's refinements say where JSON Schema can: a rule's scopes each once", () => {
    // Every `tier_budget_scope` the schema describes (wherever the rule shape is written out).
    const found: unknown[] = [];
    const walk = (node: unknown): void => {
      if (node === null || typeof node !== 'object') return;
      for (const [key, value] of Object.entries(node)) {
        // (The default rules' values are arrays: only the property's description counts.)
        if (key === 'tier_budget_scope' && !Array.isArray(value)) found.push(value);
        walk(value);
      }
    };
    walk(JSON.parse(configJsonSchema()));
    expect(found.length).toBeGreaterThan(0);
    for (const scope of found) expect(scope).toMatchObject({ type: 'array', uniqueItems: true });
  });
});
