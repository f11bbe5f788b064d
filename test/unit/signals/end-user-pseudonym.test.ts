import { createSecretKey, hash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.ts';
import {
  endUserKey,
  endUserPseudonym,
  MIN_END_USER_KEY_LENGTH,
} from '../../../src/signals/end-user-pseudonym.ts';
import { readRequestSignals } from '../../../src/signals/request-signals.ts';

const KEY = 'k'.repeat(MIN_END_USER_KEY_LENGTH);
const MINIMAL = join(import.meta.dirname, '../../fixtures/configs/minimal.yaml');

describe('end-user pseudonym', () => {
  it('is 64 bits of HMAC-SHA-256 under the key: stable, keyed, not the plain hash', () => {
    const pseudonym = endUserPseudonym(createSecretKey(Buffer.from(KEY)));
    const alice = pseudonym('alice@example.com');
    expect(alice).toMatch(/^[0-9a-f]{16}$/);
    expect(pseudonym('alice@example.com')).toBe(alice);
    expect(pseudonym('bob@example.com')).not.toBe(alice);
    // Without the key, hashing candidate ids finds nothing.
    expect(hash('sha256', 'alice@example.com', 'hex')).not.toContain(alice);
    const other = endUserPseudonym(createSecretKey(Buffer.from('o'.repeat(32))));
    expect(other('alice@example.com')).not.toBe(alice);
    // No collisions among many ids (64 bits: none expected in 10^5).
    const seen = new Set(Array.from({ length: 100_000 }, (_, i) => pseudonym(`user-${i}`)));
    expect(seen.size).toBe(100_000);
  });

  it('takes the configured key, else one derived from the upstream credential, else one per process', () => {
    const id = 'user-1';
    const of = (key: ReturnType<typeof endUserKey>) => endUserPseudonym(key.key)(id);
    const configured = endUserKey(KEY, 'upstream-secret');
    expect(configured.source).toBe('configured');
    expect(of(configured)).toBe(endUserPseudonym(createSecretKey(Buffer.from(KEY)))(id));
    const derived = endUserKey(undefined, 'upstream-secret');
    expect(derived.source).toBe('upstream_credential');
    // Derived one way: not the credential used as the key.
    expect(of(derived)).not.toBe(
      endUserPseudonym(createSecretKey(Buffer.from('upstream-secret')))(id),
    );
    expect(of(endUserKey(undefined, 'upstream-secret'))).toBe(of(derived));
    const perProcess = endUserKey(undefined, undefined);
    expect(perProcess.source).toBe('per_process');
    expect(of(endUserKey(undefined, undefined))).toBe(of(perProcess));
    expect(of(perProcess)).not.toBe(of(derived));
  });

  it('is what the signals carry, under the key the config names', async () => {
    const base = {
      UPSTREAM_API_KEY: 'upstream-secret',
      DISTILLGUARD_ADMIN_TOKEN: 'admin-token-0123456789',
    };
    const env = { ...base, DISTILLGUARD_END_USER_KEY: KEY };
    const loaded = await loadConfig(MINIMAL, { env });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    expect(loaded.config.endUserKeySource).toBe('configured');
    const signals = (body: Record<string, unknown>, dialect: 'anthropic' | 'openai') =>
      readRequestSignals(
        {
          dialect,
          routeId: dialect === 'openai' ? 'openai.chat' : 'anthropic.messages',
          body,
          rawHeaders: [],
          ipPrefix: 'unknown',
          model: 'm',
          maxTokens: 100,
          choices: 1,
        },
        loaded.config.detection,
      );
    const expected = endUserPseudonym(createSecretKey(Buffer.from(KEY)))('alice@example.com');
    const messages = [{ role: 'user', content: 'hello' }];
    expect(
      signals({ messages, metadata: { user_id: 'alice@example.com' } }, 'anthropic')
        .endUserPseudonym,
    ).toBe(expected);
    expect(signals({ messages, user: 'alice@example.com' }, 'openai').endUserPseudonym).toBe(
      expected,
    );
    expect(signals({ messages }, 'openai').endUserPseudonym).toBeNull();
    const fallback = await loadConfig(MINIMAL, { env: base });
    expect(fallback.ok && fallback.config.endUserKeySource).toBe('upstream_credential');
  });
});
