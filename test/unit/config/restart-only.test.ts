import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { restartOnlyChanges } from '../../../src/app.ts';
import { loadConfig, type RuntimeConfig } from '../../../src/config/load-config.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures/configs');
const ENV = {
  UPSTREAM_API_KEY: 'upstream-secret',
  DISTILLGUARD_ADMIN_TOKEN: 'admin-token-0123456789',
};

async function minimal(overrides: Record<string, unknown>): Promise<RuntimeConfig> {
  const result = await loadConfig(join(FIXTURES, 'minimal.yaml'), { env: ENV, overrides });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.config;
}

describe('settings a reload cannot apply', () => {
  it('names a changed bound of the end-user scope, which sizes a table made once', async () => {
    const before = await minimal({ detection: { max_end_users: 20_000 } });
    const after = await minimal({ detection: { max_end_users: 50_000 } });
    expect(restartOnlyChanges(before, after)).toEqual(['detection.max_end_users']);
  });

  it('does not name turning the end-user scope off or on: 0 applies at once', async () => {
    const on = await minimal({ detection: { max_end_users: 20_000 } });
    const off = await minimal({ detection: { max_end_users: 0 } });
    expect(restartOnlyChanges(on, off)).toEqual([]);
    expect(restartOnlyChanges(off, on)).toEqual([]);
  });

  it('names the detector tables and the listeners, and nothing for an unchanged config', async () => {
    const base = await minimal({});
    expect(restartOnlyChanges(base, await minimal({}))).toEqual([]);
    const changed = await minimal({
      listen: { port: 18_081 },
      detection: { max_accounts: 1_000, max_fingerprints: 4_096 },
    });
    expect(restartOnlyChanges(base, changed)).toEqual([
      'listen',
      'detection.max_accounts',
      'detection.max_fingerprints',
    ]);
  });
});
