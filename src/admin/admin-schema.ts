/**
 * The `admin` config section: the admin listener (its address and bearer token), and what the
 * admin API and the review page keep: the audit log of operator changes, the bound on runtime
 * overrides, the recent decisions held in memory and where backtest reports are read from.
 */
import { z } from 'zod';
import { envName, port } from '../config/scalars.ts';

export const adminSchema = z.strictObject({
  enabled: z.boolean().default(true),
  host: z.string().default('127.0.0.1'),
  port: port.default(9090),
  token_env: envName
    .default('DISTILLGUARD_ADMIN_TOKEN')
    .describe('Environment variable holding the admin bearer token.'),
  unauthenticated_probes: z
    .boolean()
    .default(false)
    .describe('Serve /healthz and /readyz without the token (for orchestrator probes).'),
  audit_log: z
    .string()
    .min(1)
    .default('logs/admin-audit.ndjson')
    .describe(
      'NDJSON file every override and label change is appended to (relative to this file).',
    ),
  max_overrides: z
    .number()
    .int()
    .min(100)
    .max(10_000_000)
    .default(100_000)
    .describe('Accounts with runtime overrides held in memory (the oldest change dropped first).'),
  recent_decisions: z
    .number()
    .int()
    .min(100)
    .max(1_000_000)
    .default(20_000)
    .describe('Recent decisions kept in memory for account timelines and the review page.'),
  backtests_dir: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Directory of backtest JSON reports listed by the review page (relative to this file).',
    ),
});

export type AdminConfig = z.output<typeof adminSchema>;
