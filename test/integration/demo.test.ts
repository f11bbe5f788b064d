/**
 * `npm run demo` must show the product end to end on a fresh machine: run the real CLI and check
 * it exits 0 by itself, shows every scenario with its decision, and wrote a record per request.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const run = promisify(execFile);

describe('distillguard demo', () => {
  it('runs the scripted traffic through the proxy and prints what it decided', async () => {
    const { stdout } = await run(
      join(ROOT, 'node_modules/.bin/node'),
      [join(ROOT, 'src/main.ts'), 'demo'],
      {
        cwd: ROOT,
        timeout: 60_000,
        env: {
          ...process.env,
          UPSTREAM_API_KEY: '',
          DISTILLGUARD_ADMIN_TOKEN: '',
          // The closing simulation, shortened: the test checks it runs, not what it detects.
          DISTILLGUARD_DEMO_SIMULATION: '3s',
        },
      },
    );
    const rows = stdout.split('\n');
    const row = (scenario: string) => rows.find((line) => line.includes(scenario)) ?? '';
    expect(row('Anthropic message, JSON')).toMatch(
      /200 JSON answer\s+allow\s+acct_alice\s+completed\s+\d+\/\d+/,
    );
    expect(row('Anthropic message, SSE + thinking')).toMatch(/200 \d+ SSE events\s+allow/);
    expect(row('OpenAI chat, SSE with usage')).toMatch(/\d+\/\d+/);
    expect(row('Unknown API key')).toMatch(
      /401 DG_ERR_UNAUTHENTICATED\s+reject\s+-\s+rejected\s+unknown_key/,
    );
    expect(row('Deny-listed account')).toMatch(
      /403 DG_ERR_BLOCKED\s+block \(override:account\)\s+acct_mallory/,
    );
    expect(row('Body over the 64 KiB cap')).toMatch(/413 DG_ERR_BODY_TOO_LARGE/);
    expect(row('Client hangs up mid-stream')).toMatch(/client_aborted/);
    expect(row('Upstream overloaded (529)')).toMatch(/529/);
    expect(stdout).toMatch(/(\d+) decision records for \1 requests/);
    expect(stdout).toMatch(/none carrying a client key/);
    expect(stdout).not.toMatch(/NO RECORD/);
    expect(stdout).toMatch(/hydra-40 \(hydra cluster\): \d+\/\d+ accounts actioned/);
    expect(stdout).toMatch(/legitimate heavy users: eval-harness \d+\/\d+/);
    // How many depends on timing; that the re-check stops them is proved in recheck-in-flight.test.ts.
    expect(stdout).toMatch(/\d+ answers stopped in flight/);
  });
});
