/**
 * The operational log (stderr, JSON lines): start-up, reloads, failures of dependencies. Distinct
 * from the decision log. Callers pass only codes, counts and paths — never keys, header values or
 * request content — and repeated warnings are rate-limited so a failing disk cannot flood it.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
  /** Like `log`, but at most once per `intervalMs` per `key` (suppressed repeats are counted). */
  throttled(
    key: string,
    intervalMs: number,
    level: LogLevel,
    message: string,
    fields?: Record<string, unknown>,
  ): void;
}

export function createLogger(
  write: (line: string) => void = (line) => process.stderr.write(line),
  now: () => number = Date.now,
): Logger {
  const lastLogged = new Map<string, { at: number; suppressed: number }>();
  function log(level: LogLevel, message: string, fields?: Record<string, unknown>): void {
    write(
      `${JSON.stringify({ ts: new Date(now()).toISOString(), level, msg: message, ...fields })}\n`,
    );
  }
  return {
    log,
    throttled(key, intervalMs, level, message, fields) {
      const entry = lastLogged.get(key);
      const at = now();
      if (entry && at - entry.at < intervalMs) {
        entry.suppressed++;
        return;
      }
      lastLogged.set(key, { at, suppressed: 0 });
      log(level, message, entry?.suppressed ? { ...fields, suppressed: entry.suppressed } : fields);
    },
  };
}

/** A logger that discards everything (tests that assert on behaviour, not on log lines). */
export const silentLogger: Logger = { log: () => {}, throttled: () => {} };
