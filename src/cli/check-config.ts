/**
 * `distillguard check-config FILE`: validates a config (and the key file it names) exactly as the
 * proxy would at start, printing every problem with file:line:column and path. Exit 1 on errors.
 */
import { formatConfigError } from '../config/config-error.ts';
import { loadConfig } from '../config/load-config.ts';

export async function checkConfig(file: string, out: (line: string) => void): Promise<number> {
  const result = await loadConfig(file, { env: process.env, loadKeys: true });
  if (!result.ok) {
    out(`${file}: ${result.errors.length} problem${result.errors.length === 1 ? '' : 's'}`);
    for (const error of result.errors) out(`  ${formatConfigError(error)}`);
    return 1;
  }
  const config = result.config;
  const keys = config.keyFile === undefined ? 'keys in redis' : `${result.keys?.size ?? 0} keys`;
  out(`${file}: ok (config ${config.version}, policy ${config.policy.version}, ${keys})`);
  return 0;
}
