/**
 * `distillguard serve --config FILE`: starts the proxy, reloads on SIGHUP (and on file change),
 * drains and exits 0 on SIGTERM/SIGINT. An invalid config at start exits 1 listing every error.
 */
import { ConfigLoadError, startApp } from '../app.ts';
import { formatConfigError } from '../config/config-error.ts';
import { createLogger } from '../util/logger.ts';

export async function serve(configFile: string): Promise<number> {
  const logger = createLogger();
  let app;
  try {
    app = await startApp({ configFile, env: process.env });
  } catch (error) {
    if (error instanceof ConfigLoadError) {
      process.stderr.write(`distillguard: ${configFile} is invalid:\n`);
      for (const problem of error.errors) process.stderr.write(`  ${formatConfigError(problem)}\n`);
      return 1;
    }
    const code = (error as NodeJS.ErrnoException).code;
    logger.log('error', 'failed to start', {
      error: code ?? (error as Error).name,
      message: code ? (error as Error).message : undefined,
    });
    return 1;
  }
  const config = app.config();
  logger.log('info', 'distillguard listening', {
    url: app.url,
    admin: app.adminUrl,
    upstream: config.upstream.origin,
    config_version: config.version,
    policy_version: config.policy.version,
    decision_log: config.decisionLog.path,
    store: config.store.type,
  });
  process.on('SIGHUP', () => void app.reload());
  return new Promise((resolve) => {
    const stop = (signal: string): void => {
      logger.log('info', 'shutting down', {
        signal,
        drain_timeout_ms: config.listen.drain_timeout,
      });
      void app.shutdown().then(() => {
        logger.log('info', 'stopped; decision log flushed', { ...app.decisionLog.stats() });
        resolve(0);
      });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}
