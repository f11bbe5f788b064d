/**
 * One fixture per config error (test/fixtures/config-errors). Each fixture states the errors it
 * must produce in `# expect: LINE:COL PATH: MESSAGE` comments (`-` when no line applies); the
 * loader must report exactly those — every one, in one pass, and nothing else.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatConfigError } from '../../../src/config/config-error.ts';
import { loadConfig } from '../../../src/config/load-config.ts';

const DIR = join(import.meta.dirname, '../../fixtures/config-errors');
const ENV = {
  UPSTREAM_API_KEY: 'upstream-secret',
  DISTILLGUARD_ADMIN_TOKEN: 'admin-token-0123456789',
};
const NOT_CONFIGS = new Set(['keys.yaml', 'bad-keys.yaml', 'keys-unknown-tier.yaml']);

interface Expectation {
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly path: string;
  readonly message: string;
}

function expectations(text: string): Expectation[] {
  const out: Expectation[] = [];
  for (const match of text.matchAll(/^# expect: (?:(\d+):(\d+)|-) ([^:]*): (.+)$/gm)) {
    out.push({
      line: match[1] === undefined ? undefined : Number(match[1]),
      column: match[2] === undefined ? undefined : Number(match[2]),
      path: match[3] ?? '',
      message: match[4] ?? '',
    });
  }
  return out;
}

const fixtures = readdirSync(DIR).filter(
  (name) => name.endsWith('.yaml') && !NOT_CONFIGS.has(name),
);

describe('config error fixtures', () => {
  it('has fixtures, each stating its expected errors', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(20);
    for (const name of fixtures)
      expect(expectations(readFileSync(join(DIR, name), 'utf8')), name).not.toHaveLength(0);
  });

  it.each(fixtures)('%s reports exactly its expected errors', async (name) => {
    const file = join(DIR, name);
    const expected = expectations(readFileSync(file, 'utf8'));
    const result = await loadConfig(file, { env: ENV, loadKeys: true });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const described = result.errors.map(formatConfigError);
    expect(result.errors, described.join('\n')).toHaveLength(expected.length);
    for (const want of expected) {
      const found = result.errors.find(
        (error) =>
          error.path === want.path &&
          error.message.includes(want.message) &&
          (want.line === undefined || (error.line === want.line && error.column === want.column)),
      );
      expect(
        found,
        `${name}: expected ${want.line ?? '-'}:${want.column ?? '-'} ${want.path}: ${want.message}\ngot:\n${described.join('\n')}`,
      ).toBeDefined();
    }
  });
});
