import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { digestApiKey, generateApiKey, hashApiKey } from '../../../src/auth/api-key.ts';
import {
  addKeyFileEntry,
  forEachKeyFileEntry,
  loadKeyFile,
  revokeKeyFileEntry,
  writeKeyFile,
  type KeyFileEntry,
} from '../../../src/auth/key-file.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dg-keys-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const key = generateApiKey();
const base = {
  id: 'key_abcd1234',
  sha256: hashApiKey(key),
  account: 'acct_1',
  org: 'org_1',
  tier: 'default',
};

async function entries(file: string): Promise<KeyFileEntry[]> {
  const out: KeyFileEntry[] = [];
  const read = await forEachKeyFileEntry(file, (entry) => out.push(entry));
  expect(read.ok).toBe(true);
  return out;
}

describe.each(['keys.yaml', 'keys.jsonl'])('key file (%s)', (name) => {
  it('loads every field into the table', async () => {
    const file = join(dir, name);
    await writeKeyFile(file, [
      {
        ...base,
        created_at: '2026-01-01T00:00:00Z',
        expires_at: '2027-01-01T00:00:00Z',
        verified: true,
        labels: ['beta'],
        account_created_at: '2025-06-01T00:00:00Z',
        programme: 'research',
        declared_use: 'eval',
      },
    ]);
    const loaded = await loadKeyFile(file, { tiers: new Set(['default']) });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    expect(loaded.table.lookup(digestApiKey(key))).toEqual({
      keyId: 'key_abcd1234',
      account: 'acct_1',
      org: 'org_1',
      tier: 'default',
      createdAt: Date.parse('2026-01-01T00:00:00Z'),
      expiresAt: Date.parse('2027-01-01T00:00:00Z'),
      revokedAt: undefined,
      verified: true,
      labels: ['beta'],
      accountCreatedAt: Date.parse('2025-06-01T00:00:00Z'),
      programme: 'research',
      declaredUse: 'eval',
      handle: 0,
    });
  });

  it('adds, revokes (keeping the entry) and lists', async () => {
    const file = join(dir, name);
    await addKeyFileEntry(file, base);
    await addKeyFileEntry(file, {
      ...base,
      id: 'key_second1',
      sha256: hashApiKey(generateApiKey()),
      account: 'acct_2',
    });
    expect((await entries(file)).map((e) => e.id)).toEqual(['key_abcd1234', 'key_second1']);
    expect(
      await revokeKeyFileEntry(file, 'key_abcd1234', new Date('2026-11-22T00:00:00Z'), 'leaked'),
    ).toBe(true);
    expect(await revokeKeyFileEntry(file, 'key_abcd1234', new Date(), undefined)).toBe(false);
    expect(await revokeKeyFileEntry(file, 'key_missing', new Date(), undefined)).toBe(false);
    const after = await entries(file);
    expect(after[0]).toMatchObject({
      id: 'key_abcd1234',
      revoked_at: '2026-11-22T00:00:00.000Z',
      revoke_reason: 'leaked',
    });
    expect(after[1]?.revoked_at).toBeUndefined();
    expect(await readFile(file, 'utf8')).not.toContain(key);
  });

  it('refuses an unknown tier and duplicates, naming where', async () => {
    const file = join(dir, name);
    await writeKeyFile(file, [
      base,
      { ...base, id: 'key_other123' },
      { ...base, id: 'key_third123', sha256: hashApiKey('x'), tier: 'gold' },
    ]);
    const loaded = await loadKeyFile(file, { tiers: new Set(['default']) });
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    const text = loaded.errors.map((e) => `${e.line ?? '-'} ${e.path}: ${e.message}`).join('\n');
    expect(text).toMatch(/keys\[1\]\.sha256: duplicate key hash|sha256: duplicate key hash/);
    expect(text).toMatch(/tier: unknown tier "gold"/);
    for (const error of loaded.errors) expect(error.line).toBeGreaterThan(0);
  });
});

describe('JSON Lines key file', () => {
  it('names the line of each problem and summarises floods', async () => {
    const file = join(dir, 'keys.jsonl');
    const lines = [
      JSON.stringify(base),
      '',
      '# a comment',
      'not json',
      ...Array.from({ length: 80 }, (_, i) =>
        JSON.stringify({ ...base, id: `key_bad${i}x`, sha256: 'zz' }),
      ),
    ];
    await writeFile(file, lines.join('\n'));
    const loaded = await loadKeyFile(file);
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.errors[0]).toMatchObject({ line: 4, message: 'not a JSON object' });
    expect(loaded.errors[1]).toMatchObject({ line: 5, path: 'sha256' });
    expect(loaded.errors.length).toBe(51);
    expect(loaded.errors.at(-1)?.message).toBe('… and 31 more problems');
  });

  it('appends new keys without rewriting the file', async () => {
    const file = join(dir, 'keys.jsonl');
    await addKeyFileEntry(file, base);
    const before = await readFile(file, 'utf8');
    await addKeyFileEntry(file, { ...base, id: 'key_appended', sha256: hashApiKey('y') });
    const after = await readFile(file, 'utf8');
    expect(after.startsWith(before)).toBe(true);
    expect(after.trim().split('\n')).toHaveLength(2);
  });
});
