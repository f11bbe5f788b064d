/**
 * The composition root: builds every component from the loaded config, wires them to the proxy
 * and admin servers, and owns the lifecycle — hot reload (a new config snapshot swapped whole; a
 * bad one keeps the last good one, logged and counted) and shutdown (stop accepting, drain
 * in-flight requests and streams up to a deadline, cut what is left, flush the decision log).
 */
import { OpenStreams } from './pipeline/open-streams.ts';
import { createStores } from './redis/create-stores.ts';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdminServer } from './admin/admin-server.ts';
import { adminRoutes } from './admin/admin-routes.ts';
import { createAuditLog } from './admin/audit-log.ts';
import { RecentActivity } from './admin/recent-activity.ts';
import { formatConfigError, type ConfigError } from './config/config-error.ts';
import { loadConfig, type LoadOptions, type RuntimeConfig } from './config/load-config.ts';
import { watchFiles, type FileWatcher } from './config/watch-files.ts';
import { loadKeyFile } from './auth/key-file.ts';
import type { KeyStore } from './auth/key-store.ts';
import { KeyTable } from './auth/key-table.ts';
import type { JwtVerifier } from './auth/jwt/jwt-verifier.ts';
import { createDecisionLog, type DecisionLog } from './decision-log/decision-log.ts';
import { Detector } from './detection/engine.ts';
import { createRefreshTimer } from './detection/refresh-timer.ts';
import { nullScorer, type Scorer } from './detection/score.ts';
import { createRequestHandler } from './pipeline/handle-request.ts';
import type { PipelineDeps } from './pipeline/pipeline-deps.ts';
import { Inflight } from './pipeline/inflight.ts';
import { handleClientError } from './pipeline/parser-reject.ts';
import { createOverloadGuard } from './pipeline/overload-guard.ts';
import { BufferBudget } from './pipeline/read-body.ts';
import { applyServerLimits, createProxyServer } from './server.ts';
import type { Metrics } from './telemetry/metrics.ts';
import { setupTelemetry } from './telemetry/setup-telemetry.ts';
import type { TelemetryHooks } from './telemetry/start-telemetry.ts';
import { createUpstreamPool } from './upstream/upstream-pool.ts';
import { createUpgradeHandler } from './upstream/websocket.ts';
import { systemClock, type Clock } from './util/clock.ts';
import { createLogger, type Logger } from './util/logger.ts';
import { createRequestIds } from './util/request-id.ts';

export interface AppOptions extends LoadOptions {
  readonly configFile: string;
  readonly logger?: Logger;
  readonly clock?: Clock;
  readonly scorer?: Scorer;
  /** Reload when the config or key file changes (default true). */
  readonly watch?: boolean;
  /** In-process span exporter / metric reader (tests, load test); telemetry must be enabled. */
  readonly telemetryHooks?: TelemetryHooks;
}

export interface ReloadStatus {
  readonly ok: boolean;
  /** What the latest reload read: the config or the key file. */
  readonly source: 'config' | 'key_file';
  readonly at: number;
  /** The config version serving after it. */
  readonly version: string;
  /** API keys serving after it. */
  readonly keys: number;
  readonly errors: readonly string[];
}

export interface App {
  /** Base URL of the proxy listener, e.g. http://127.0.0.1:8080. */
  readonly url: string;
  readonly adminUrl: string | undefined;
  config(): RuntimeConfig;
  keys(): KeyStore;
  /** Reloads the config, then the key file (SIGHUP). */
  reload(): Promise<ReloadStatus>;
  lastReload(): ReloadStatus;
  readonly decisionLog: DecisionLog;
  /** Drains and stops; resolves when the decision log is flushed. */
  shutdown(): Promise<void>;
}

/** Raised when the config cannot be loaded at start; carries every error found. */
export class ConfigLoadError extends Error {
  readonly errors: readonly ConfigError[];
  constructor(errors: readonly ConfigError[]) {
    super(`invalid configuration:\n${errors.map(formatConfigError).join('\n')}`);
    this.errors = errors;
  }
}

export async function startApp(options: AppOptions): Promise<App> {
  const logger = options.logger ?? createLogger();
  const clock = options.clock ?? systemClock;
  const loaded = await loadConfig(options.configFile, { ...options, loadKeys: true });
  if (!loaded.ok) throw new ConfigLoadError(loaded.errors);
  let config = loaded.config;
  if (config.endUserKeySource === 'per_process')
    logger.log('warn', 'end-user pseudonyms use a key made for this process', {
      detail: `set ${config.decisionLog.end_user_key_env} to keep end_user values and remembered end users stable across restarts and replicas`,
    });
  // Telemetry settings apply at start only (a reload warns that they need a restart).
  const telemetry = await setupTelemetry(
    config.telemetry,
    logger,
    clock.now,
    options.telemetryHooks,
  );
  const metrics = telemetry.metrics;
  // Shared state: in memory, or on Redis (a Redis that refuses connections is waited for at most
  // store.redis.connect_timeout; the proxy then starts in fallback and /readyz says so).
  const stores = await createStores(config, { logger, metrics, clock });
  await stores.ready();
  let keys: KeyStore = stores.keys ?? loaded.keys ?? new KeyTable();
  /** What a (re)load left serving: the config version and key count after it, and its errors. */
  const reloadStatus = (
    source: ReloadStatus['source'],
    errors: readonly string[],
  ): ReloadStatus => ({
    ok: errors.length === 0,
    source,
    at: clock.now(),
    version: config.version,
    keys: keys.size,
    errors,
  });
  let lastReload = reloadStatus('config', []);

  // jose and the JWKS machinery load only when an issuer is configured (~15 MB of resident memory).
  const createJwt = async (settings: RuntimeConfig['jwt']): Promise<JwtVerifier | undefined> => {
    if (!settings) return undefined;
    const { createJwtVerifier } = await import('./auth/jwt/create-jwt-verifier.ts');
    return createJwtVerifier(settings, {
      clock,
      logger,
      onJwksFailure: (issuer, detail) => metrics.failure('jwks', `${issuer}:${detail}`),
    });
  };
  let jwt = await createJwt(config.jwt);
  let decisionLog = openDecisionLog(config, logger, metrics);
  // What the admin API and the review page know of recent traffic (only with the listener on).
  const activity = config.admin.enabled
    ? new RecentActivity(config.admin.recent_decisions)
    : undefined;
  // Runtime overrides: shared through Redis with store: redis (the admin API and requests use one).
  const overrides = stores.overrides;
  const upstream = createUpstreamPool(config.upstream);
  const inflight = new Inflight();
  const buffers = new BufferBudget(config.limits.max_buffered_bytes);
  const overload = createOverloadGuard(
    config.limits.max_event_loop_delay,
    500,
    (shedding, delayMs) => {
      logger.log(
        shedding ? 'warn' : 'info',
        shedding ? 'event loop overloaded; shedding new requests' : 'event loop recovered',
        {
          p99_delay_ms: Math.round(delayMs),
        },
      );
    },
  );
  // Detection state lives for the process; reloads retune it in place. Cluster scoring and index
  // compaction run in batches on a timer, off the request path.
  const detector = options.scorer
    ? undefined
    : new Detector(config.detection, config.accounts.baselines);
  if (stores.evidence !== undefined) detector?.shareEvidence(stores.evidence);
  // In slices of a couple of milliseconds, yielding between them (refresh-timer.ts).
  const refreshTimer =
    detector === undefined
      ? undefined
      : createRefreshTimer(detector, {
          now: () => clock.now(),
          interval: () => config.detection.refreshInterval,
          onSkip: (skipped) => {
            metrics.failure('detection_refresh', 'tick_skipped');
            logger.log('warn', 'detection refresh overran its interval; tick skipped', {
              skipped,
            });
          },
        });
  refreshTimer?.start();
  // Limit buckets live for the process (a reload keeps them: a changed rate applies to them).
  const deps: PipelineDeps = {
    config: () => config,
    dispatcher: () => upstream.current(),
    keys: () => keys,
    jwt: () => jwt,
    scorer: options.scorer ?? detector ?? nullScorer,
    limits: stores.limits,
    challenges: stores.challenges,
    blocks: stores.blocks,
    storeGate: stores.gate,
    streams: new OpenStreams(),
    vault: stores.vault,
    overrides,
    // Always the current log: a reload that moves the log swaps it under running requests.
    decisionLog: forwardingLog(() => decisionLog, activity),
    metrics,
    telemetry: telemetry.requests,
    logger,
    inflight,
    buffers,
    overload,
    clock,
    newRequestId: createRequestIds(),
  };

  const upgrade = createUpgradeHandler(deps);
  const server = createProxyServer(config, {
    request: createRequestHandler(deps),
    upgrade,
    clientError: (error, socket) => handleClientError(error, socket, deps),
  });
  await listen(server, config.listen.port, config.listen.host);

  let admin: Server | undefined;
  if (activity !== undefined) {
    const routes = adminRoutes({
      config: () => config,
      keys: () => keys,
      detector,
      limits: stores.limits,
      challenges: stores.challenges,
      blocks: stores.blocks,
      overrides,
      activity,
      audit: createAuditLog(() => config.admin.auditLogPath),
      metrics,
      clock,
      lastReload: () => lastReload,
      scrape: telemetry.scrape,
      health: () => ({ uptime_s: Math.round(process.uptime()) }),
      readiness: () => ({
        ready: !inflight.isDraining,
        draining: inflight.isDraining,
        config_version: config.version,
        last_reload: lastReload,
        inflight: inflight.size,
        api_keys: keys.size,
        // Reported, not a readiness gate: a JWKS outage would take every replica out at once
        // (and API-key traffic with it); JWT requests answer 503 on their own.
        jwt_issuers: jwt?.status() ?? {},
        shedding: overload.shedding,
        event_loop_delay_p99_ms: overload.lastDelayMs,
        decision_log: decisionLog.stats(),
        // Reported, not a gate: with Redis out every store serves its fallback (failure mode).
        store: stores.status(),
      }),
    });
    admin = createAdminServer({ token: () => config.admin.token, routes, logger, metrics });
    await listen(admin, config.admin.port, config.admin.host);
  }

  /** Reloads the config; the key file too when the config now names another one or other tiers. */
  async function reloadConfig(): Promise<ReloadStatus> {
    const next = await loadConfig(options.configFile, options);
    if (!next.ok) {
      const errors = next.errors.map(formatConfigError);
      logger.log('error', 'config reload failed; keeping the last good config', {
        version: config.version,
        errors,
      });
      metrics.reload('config', false);
      lastReload = reloadStatus('config', errors);
      return lastReload;
    }
    const previous = config;
    config = next.config;
    upstream.update(config.upstream);
    applyServerLimits(server, config.limits);
    detector?.reconfigure(config.detection, config.accounts.baselines);
    if (JSON.stringify(previous.jwt) !== JSON.stringify(config.jwt)) {
      // A new verifier refetches its JWKS and starts with an empty token cache: only on change.
      const old = jwt;
      jwt = await createJwt(config.jwt);
      old?.close();
    }
    if (JSON.stringify(previous.decisionLog) !== JSON.stringify(config.decisionLog)) {
      const old = decisionLog;
      decisionLog = openDecisionLog(config, logger, metrics);
      void old.close();
    }
    warnRestartNeeded(previous, config, logger);
    metrics.reload('config', true);
    lastReload = reloadStatus('config', []);
    logger.log('info', 'config reloaded', { version: config.version, previous: previous.version });
    const tiersChanged = [...previous.accounts.tiers].join() !== [...config.accounts.tiers].join();
    if (previous.keyFile !== config.keyFile || tiersChanged) return reloadKeys();
    return lastReload;
  }

  /** Reloads the key file (or re-reads the keys in Redis); a broken file keeps the previous keys. */
  async function reloadKeys(): Promise<ReloadStatus> {
    if (config.keyFile === undefined) {
      await stores.keys?.sync();
      lastReload = reloadStatus('key_file', []);
      return lastReload;
    }
    const next = await loadKeyFile(config.keyFile, { tiers: config.accounts.tiers });
    if (!next.ok) {
      const errors = next.errors.map(formatConfigError);
      logger.log('error', 'key file reload failed; keeping the previous keys', {
        keys: keys.size,
        errors,
      });
      metrics.reload('key_file', false);
      lastReload = reloadStatus('key_file', errors);
      return lastReload;
    }
    keys = next.table;
    metrics.reload('key_file', true);
    lastReload = reloadStatus('key_file', []);
    logger.log('info', 'keys reloaded', { keys: keys.size });
    return lastReload;
  }

  /** Both (SIGHUP and the admin listener): the config first, then the keys. */
  async function reload(): Promise<ReloadStatus> {
    const status = await reloadConfig();
    return status.ok && status.source === 'config' ? reloadKeys() : status;
  }

  // Config and key file are watched apart: a key change never re-reads the config, and a config
  // change re-reads a million keys only when it changes which file or tiers they are checked against.
  const watchers: FileWatcher[] = [];
  let watchedKeyFile = '';
  const rewatch = (): void => {
    const keyFile = config.keyFile ?? '';
    if (options.watch === false || watchedKeyFile === keyFile) return;
    watchers.splice(0).forEach((watcher) => watcher.close());
    watchedKeyFile = keyFile;
    watchers.push(watchFiles([options.configFile], 150, () => void reloadConfig().then(rewatch)));
    if (keyFile !== '') watchers.push(watchFiles([keyFile], 150, () => void reloadKeys()));
  };
  rewatch();

  let stopping: Promise<void> | undefined;
  async function shutdown(): Promise<void> {
    stopping ??= (async () => {
      for (const watcher of watchers) watcher.close();
      refreshTimer?.stop();
      const closed = once(server, 'close');
      server.close();
      server.closeIdleConnections();
      const drained = await inflight.drain(config.listen.drain_timeout);
      if (!drained) {
        logger.log('warn', 'drain deadline reached; cutting requests still in flight', {
          inflight: inflight.size,
        });
        inflight.cutAll();
      }
      // Give cut streams a moment to flush their error event, then close every socket.
      await new Promise((resolve) => setTimeout(resolve, drained ? 0 : 50));
      server.closeAllConnections();
      await closed;
      upgrade.close();
      admin?.closeAllConnections();
      admin?.close();
      await upstream.close();
      await stores.close();
      overload.close();
      jwt?.close();
      await decisionLog.close();
      await telemetry.shutdown();
    })();
    return stopping;
  }

  return {
    url: `http://${hostForUrl(server)}`,
    adminUrl: admin ? `http://${hostForUrl(admin)}` : undefined,
    config: () => config,
    keys: () => keys,
    reload,
    lastReload: () => lastReload,
    get decisionLog() {
      return decisionLog;
    },
    shutdown,
  };
}

/** The current decision log; every record is also folded into the admin's recent activity. */
function forwardingLog(
  current: () => DecisionLog,
  activity: RecentActivity | undefined,
): DecisionLog {
  return {
    write: activity
      ? (record) => {
          current().write(record);
          activity.add(record);
        }
      : (record) => current().write(record),
    flush: () => current().flush(),
    close: () => current().close(),
    stats: () => current().stats(),
  };
}

function openDecisionLog(config: RuntimeConfig, logger: Logger, metrics: Metrics): DecisionLog {
  return createDecisionLog(config.decisionLog, {
    onWriteError(error) {
      metrics.failure('decision_log_write', error.code ?? 'error');
      logger.throttled(
        'decision_log_write',
        10_000,
        'error',
        'decision log write failed; records kept for retry',
        {
          code: error.code,
          path: config.decisionLog.path,
        },
      );
    },
    onDrop(count) {
      metrics.failure('decision_log_drop', 'buffer_full', count);
      logger.throttled(
        'decision_log_drop',
        10_000,
        'error',
        'decision log buffer full; records dropped',
        {
          path: config.decisionLog.path,
        },
      );
    },
  });
}

function warnRestartNeeded(previous: RuntimeConfig, next: RuntimeConfig, logger: Logger): void {
  const changed = restartOnlyChanges(previous, next);
  if (changed.length > 0)
    logger.log('warn', 'some changed settings apply only after a restart', { settings: changed });
}

/** The settings a reload changed that take effect only after a restart (the reload warns). */
export function restartOnlyChanges(previous: RuntimeConfig, next: RuntimeConfig): string[] {
  const changed: string[] = [];
  if (previous.listen.host !== next.listen.host || previous.listen.port !== next.listen.port)
    changed.push('listen');
  if (previous.admin.host !== next.admin.host || previous.admin.port !== next.admin.port)
    changed.push('admin');
  if (previous.limits.max_header_bytes !== next.limits.max_header_bytes)
    changed.push('limits.max_header_bytes');
  if (previous.limits.max_buffered_bytes !== next.limits.max_buffered_bytes)
    changed.push('limits.max_buffered_bytes');
  if (JSON.stringify(previous.telemetry) !== JSON.stringify(next.telemetry))
    changed.push('telemetry');
  if (previous.admin.enabled !== next.admin.enabled) changed.push('admin.enabled');
  if (previous.admin.recent_decisions !== next.admin.recent_decisions)
    changed.push('admin.recent_decisions');
  if (previous.admin.max_overrides !== next.admin.max_overrides)
    changed.push('admin.max_overrides');
  if (previous.limits.max_event_loop_delay !== next.limits.max_event_loop_delay) {
    changed.push('limits.max_event_loop_delay');
  }
  // The detector's tables are sized once; windows, weights and models apply at once.
  if (previous.detection.maxAccounts !== next.detection.maxAccounts)
    changed.push('detection.max_accounts');
  if (previous.detection.maxFingerprints !== next.detection.maxFingerprints)
    changed.push('detection.max_fingerprints');
  // 0 turns the end-user scope off at once; another bound sizes a table made once.
  const endUsersBefore = previous.detection.maxEndUsers;
  const endUsersAfter = next.detection.maxEndUsers;
  if (endUsersBefore !== endUsersAfter && endUsersBefore > 0 && endUsersAfter > 0)
    changed.push('detection.max_end_users');
  if (previous.policy.limits.maxKeys !== next.policy.limits.maxKeys)
    changed.push('policy.max_limit_keys');
  if (previous.policy.thinkingVault.maxBytes !== next.policy.thinkingVault.maxBytes)
    changed.push('policy.thinking_vault.max_bytes');
  if (JSON.stringify(previous.store) !== JSON.stringify(next.store)) changed.push('store');
  return changed;
}

async function listen(server: Server, port: number, host: string): Promise<void> {
  server.listen(port, host);
  await once(server, 'listening');
}

function hostForUrl(server: Server): string {
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `${host}:${address.port}`;
}
