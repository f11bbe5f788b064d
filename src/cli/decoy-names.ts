/**
 * `distillguard decoy-names`: the attribution side of decoy tools. With the naming secret (the
 * environment variable `policy.decoy_tools.secret_env` names) it shows which decoys an account was
 * served in a rotation period, or traces a name found elsewhere — in another model's output, in a
 * leaked transcript, in another account's request — back to the account and period it was served
 * to, by deriving the names of every account in the key file (plus `--account`) over the periods
 * since `--since`. Prints names, accounts and times; never the secret.
 *
 *   distillguard decoy-names --account A [--at ISO] [--config FILE]
 *   distillguard decoy-names --find NAME [--since 90d] [--account A] [--config FILE]
 */
import { forEachKeyFileEntry } from '../auth/key-file.ts';
import { formatConfigError } from '../config/config-error.ts';
import { readYamlFile } from '../config/read-yaml.ts';
import { parseDuration } from '../config/units.ts';
import {
  decoySectionSchema,
  MAX_DECOY_COUNT,
  MIN_DECOY_SECRET_LENGTH,
} from '../degrade/decoy-config.ts';
import { decoyKey, deriveDecoys, periodOf } from '../degrade/decoy-names.ts';
import { resolveKeyFile } from './keys.ts';

export interface DecoyNamesOptions {
  readonly config?: string | undefined;
  readonly account?: string | undefined;
  readonly at?: string | undefined;
  readonly find?: string | undefined;
  readonly since?: string | undefined;
}

type Out = (line: string) => void;

/** The most periods --find walks back (a year of daily rotation). */
const MAX_PERIODS = 366;

export async function decoyNames(
  options: DecoyNamesOptions,
  env: Readonly<Record<string, string | undefined>>,
  out: Out,
  err: Out,
  now = Date.now(),
): Promise<number> {
  const configFile = options.config ?? 'config/distillguard.yaml';
  const settings = await readSettings(configFile, env);
  if (typeof settings === 'string') return fail(settings, err);
  const { key, rotationMs } = settings;
  const iso = (period: number) => new Date(period * rotationMs).toISOString();
  if (options.find === undefined) {
    if (options.account === undefined)
      return fail('decoy-names: --account or --find is required', err, 2);
    const at = options.at === undefined ? now : Date.parse(options.at);
    if (Number.isNaN(at)) return fail('decoy-names: --at takes an ISO time', err, 2);
    const period = periodOf(at, rotationMs);
    out(
      `account ${options.account}, period ${iso(period)} – ${iso(period + 1)} (a rule with count N serves the first N):`,
    );
    for (const tool of deriveDecoys(key, options.account, period, MAX_DECOY_COUNT))
      out(`  ${tool.name}\t${tool.description}`);
    return 0;
  }
  const since = sinceMs(options.since ?? '90d');
  if (since === undefined)
    return fail('decoy-names: --since takes a duration like 90d or 12h', err, 2);
  const accounts = await accountsToSearch(configFile, options.account);
  if (typeof accounts === 'string') return fail(accounts, err);
  const last = periodOf(now, rotationMs);
  const first = Math.max(periodOf(now - since, rotationMs), last - MAX_PERIODS);
  let found = 0;
  for (const account of accounts)
    for (let period = first; period <= last; period++)
      for (const tool of deriveDecoys(key, account, period, MAX_DECOY_COUNT))
        if (tool.name === options.find) {
          found++;
          out(`${tool.name}: account ${account}, period ${iso(period)} – ${iso(period + 1)}`);
        }
  if (found === 0)
    out(`${options.find}: served to none of ${accounts.size} accounts since ${iso(first)}`);
  return found === 0 ? 1 : 0;
}

async function readSettings(
  configFile: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<{ key: ReturnType<typeof decoyKey>; rotationMs: number } | string> {
  const parsed = await readYamlFile(configFile);
  if (!parsed.ok) return parsed.errors.map(formatConfigError).join('\n');
  const policy = (parsed.value as { policy?: { decoy_tools?: unknown } } | null)?.policy;
  const section = decoySectionSchema.safeParse(policy?.decoy_tools ?? {});
  if (!section.success)
    return `${configFile}: policy.decoy_tools is invalid (check-config says why)`;
  const secret = env[section.data.secret_env];
  if (secret === undefined || secret.length < MIN_DECOY_SECRET_LENGTH)
    return `decoy-names: environment variable ${section.data.secret_env} must hold the naming secret`;
  return { key: decoyKey(secret), rotationMs: section.data.rotation };
}

/** The accounts to derive names for: the one given, else every account in the key file. */
async function accountsToSearch(
  config: string,
  account: string | undefined,
): Promise<ReadonlySet<string> | string> {
  if (account !== undefined) return new Set([account]);
  const file = await resolveKeyFile({ config });
  if (Array.isArray(file)) return file.join('\n');
  const accounts = new Set<string>();
  const read = await forEachKeyFileEntry(file, (entry) => accounts.add(entry.account));
  return read.ok ? accounts : read.errors.map(formatConfigError).join('\n');
}

function sinceMs(text: string): number | undefined {
  const days = /^(\d+)d$/.exec(text);
  return days ? Number(days[1]) * 86_400_000 : parseDuration(text);
}

function fail(message: string, err: Out, code = 1): number {
  err(message);
  return code;
}
